/**
 * The exporters of the stack's managed datastores: the databases are RDS or Cloud SQL, ElastiCache or
 * Memorystore, which Prometheus cannot scrape, so every stack with PostgreSQL runs a postgres_exporter and every
 * stack with Redis a redis_exporter in its namespace (lib/k8s/datastore-exporter.ts), each connecting as the
 * services do (through the NetworkPolicy's datastore egress, with the connection secret's CA), scraped by a
 * PodMonitor, so that their series carry the stack's `namespace` as every rule of lib/monitoring expects.
 *
 * Why these and not the clouds' metrics (CloudWatch through YACE, Cloud Monitoring through stackdriver_exporter):
 * the same exporters, metric names and alerts serve both clouds; they measure what the services see, from where
 * they stand (a database the cluster cannot reach is down to the stack, whatever the cloud reports); they need
 * no cloud identity or API quota; and the clouds' metrics arrive minutes late (CloudWatch's one-minute periods
 * plus YACE's delay), longer than the alerts' `for`.
 *
 * {@link EXPORTER_METRICS} is the dated record of the metrics the datastore alerts read, with the exporter
 * version that first emits each: test/monitoring/datastore-exporters.test.ts holds Debian's exporters (older
 * than the images) to the ones they are old enough to emit, and the alerts to this table.
 */

/** A datastore with an exporter. */
export type ExportedStore = 'postgres' | 'redis';

/** One exporter: what runs, as whom, where it listens. */
export interface ExporterImage {
  /** The pinned image. */
  readonly image: string;
  /** Its version, as `EXPORTER_METRICS`' `since` compares. */
  readonly version: string;
  /** The image's own non-root user (its Dockerfile's `USER`). */
  readonly uid: number;
  /** The port of `/metrics`. */
  readonly port: number;
  /** Where its releases are: where to look for the next pin. */
  readonly source: string;
}

/** The exporters the stack runs, pinned. */
export const EXPORTERS: Readonly<Record<ExportedStore, ExporterImage>> = {
  postgres: {
    image: 'quay.io/prometheuscommunity/postgres-exporter:v0.20.1',
    version: '0.20.1',
    uid: 65534,
    port: 9187,
    source: 'https://github.com/prometheus-community/postgres_exporter/releases',
  },
  redis: {
    image: 'quay.io/oliver006/redis_exporter:v1.88.0',
    version: '1.88.0',
    uid: 59000,
    port: 9121,
    source: 'https://github.com/oliver006/redis_exporter/releases',
  },
};

/** The name of an exporter's metrics port, in its pod and its PodMonitor. */
export const EXPORTER_PORT_NAME = 'metrics';

/**
 * PostgreSQL connections postgres_exporter holds at most: one of its own for `pg_up`, and one its collectors open for
 * each scrape, of which kube-prometheus-stack's two Prometheus replicas make two at once.
 */
export const EXPORTER_POSTGRES_CONNECTIONS = 3;

/** What an exporter's pod requests and may use: one connection, a few hundred series. */
export const EXPORTER_RESOURCES = { requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '128Mi' } } as const;

/**
 * The exporters' settings (container arguments and environment variables, lib/k8s/datastore-exporter.ts) that an
 * exporter version introduced: the pinned images must be at least that version.
 */
export const EXPORTER_SETTINGS_SINCE: Readonly<Record<string, { readonly store: ExportedStore; readonly since: string }>> = {
  '--no-collector.stat_user_tables': { store: 'postgres', since: '0.13.0' },
  '--no-collector.statio_user_tables': { store: 'postgres', since: '0.13.0' },
  REDIS_EXPORTER_DISABLE_EXPORTING_KEY_VALUES: { store: 'redis', since: '1.52.0' },
  REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT: { store: 'redis', since: '1.83.0' },
};

/** A metric an alert reads, the exporter that emits it, and the exporter's first version to. */
export interface ExporterMetric {
  readonly store: ExportedStore;
  /** The first exporter version that emits it under this name. */
  readonly since: string;
  /** What it is, and what emits it (the exporter's source). */
  readonly about: string;
}

/** Every metric the datastore alerts read (lib/monitoring/datastore-alerts.ts), by name. */
export const EXPORTER_METRICS: Readonly<Record<string, ExporterMetric>> = {
  pg_up: {
    store: 'postgres',
    since: '0.1.0',
    about: 'whether the last scrape could connect to the server (exporter/postgres_exporter.go)',
  },
  pg_stat_database_numbackends: {
    store: 'postgres',
    since: '0.1.0',
    about:
      "sessions connected to each database, every role's, read by any role (collector/pg_stat_database.go; a builtin metric map in older versions). Not pg_stat_activity_count: without pg_read_all_stats, other roles' sessions have no state and drop out of its count",
  },
  pg_replication_lag_seconds: {
    store: 'postgres',
    since: '0.13.0',
    about: 'on a replica, seconds since the last replayed transaction when replay is behind; 0 on a primary (collector/pg_replication.go)',
  },
  redis_up: { store: 'redis', since: '0.1.0', about: 'whether the last scrape could connect to the server (exporter/exporter.go)' },
  redis_memory_used_bytes: { store: 'redis', since: '0.1.0', about: "INFO memory's used_memory" },
  redis_memory_max_bytes: { store: 'redis', since: '1.0.0', about: "INFO memory's maxmemory (0: no limit)" },
  redis_evicted_keys_total: { store: 'redis', since: '0.1.0', about: "INFO stats' evicted_keys" },
};

/** The stores of a stack that get an exporter: those it has. */
export function exportedStores(stack: { readonly postgres?: unknown; readonly redis?: unknown }): ExportedStore[] {
  return (['postgres', 'redis'] as const).filter((s) => stack[s] !== undefined);
}
