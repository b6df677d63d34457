/**
 * Names of everything a stack creates. These are a public contract: a
 * deployed resource whose name changes is replaced (and a database or a
 * volume lost), so a test pins them. Change none of these without an alias.
 */
import type { Cloud } from './spec/stack';
import { cloudProfile } from './cloud';

/** Kubernetes object names of a service (all in the stack's namespace). */
export const k8sNames = {
  /** Deployment or StatefulSet, Service, ServiceAccount, HPA, PDB, NetworkPolicy; the route of its `route`. */
  workload: (service: string): string => service,
  /** The service's ConfigMap of plain environment variables. */
  config: (service: string): string => `${service}-config`,
  /** The service's ConfigMap of mounted files. */
  files: (service: string): string => `${service}-files`,
  /**
   * The TLS Secret cert-manager writes for a host of the gateway (and its Certificate): the host, `*`
   * spelled `wildcard`, then `-tls`, e.g. `api.example.com-tls`.
   */
  tls: (host: string): string => `${host.replace('*', 'wildcard')}-tls`,
  /** The gateway's HTTPS listener of a host: `https-` and the host with dots as dashes (a listener name has no dots). */
  httpsListener: (host: string): string => `https-${host.replace('*', 'wildcard').replace(/\./g, '-')}`,
  /** The gateway's plain HTTP listener: redirects to HTTPS, and serves ACME HTTP-01 challenges. */
  httpListener: 'http',
  /** The stack's Gateway, its EnvoyProxy and its ClientTrafficPolicy: the stack's name. */
  gateway: (stack: string): string => stack,
  /** The HTTPRoutes that redirect plain HTTP to HTTPS, one per 16 hosts: `<stack>-https-redirect`, then `-2` to `-4`. */
  httpsRedirect: (stack: string, index = 0): string => `${stack}-https-redirect${index === 0 ? '' : `-${index + 1}`}`,
  /** The HTTPRoute of the region's failover health check (AWS): `<region>.<name>` on plain HTTP, its path only. */
  failoverHealth: (stack: string): string => `${stack}-failover-health`,
  /** The HTTPRouteFilter that answers 404 for the paths the edge never serves (metrics). */
  notFound: (stack: string): string => `${stack}-not-found`,
  /** The namespace's default-deny NetworkPolicy. */
  defaultDeny: 'default-deny',
  /** The NetworkPolicy that lets the gateway's Envoy replicas reach cert-manager's HTTP-01 solver pods. */
  acmeSolver: 'acme-http01-solver',
  /** The logical backup CronJob of the stack's PostgreSQL. */
  backup: (stack: string): string => `${stack}-pg-backup`,
  /** The restore-drill CronJob of those backups. */
  restoreDrill: (stack: string): string => `${stack}-pg-restore-drill`,
  /** The ServiceAccount both run as (the one bound to the bucket's cloud identity). */
  backupServiceAccount: (stack: string): string => `${stack}-backup`,
  /** The ServiceAccount of the restore drill: reads the backups, writes none. */
  restoreDrillServiceAccount: (stack: string): string => `${stack}-restore-drill`,
  /** The ConfigMap of the restore drill's checks. */
  restoreDrillChecks: (stack: string): string => `${stack}-pg-restore-drill-checks`,
  /** ExternalSecrets for the datastores' connection details (PostgreSQL: see `postgresRoleSecret`). */
  datastoreSecret: (stack: string, store: 'redis' | 'nats'): string => `${stack}-${store}`,
  /**
   * The ExternalSecret (and Secret) of one PostgreSQL login role's connection, read by the pods that connect
   * as it: `<stack>-postgres-` and the role with dashes (`shop-postgres-svc-api`, `shop-postgres-app-migrate`).
   */
  postgresRoleSecret: (stack: string, role: string): string => `${stack}-postgres-${role.replace(/_/g, '-')}`,
  /** The ExternalSecret of the master user's connection and the roles' verifiers: the bootstrap Job's alone. */
  postgresAdminSecret: (stack: string): string => `${stack}-postgres-admin`,
  /** The bootstrap Job's ServiceAccount, and its Job's name before the hash of its script. */
  postgresBootstrap: (stack: string): string => `${stack}-postgres-bootstrap`,
  /** The exporter of a managed datastore: its Deployment, ServiceAccount, NetworkPolicy and PodMonitor. */
  datastoreExporter: (stack: string, store: 'postgres' | 'redis'): string => `${stack}-${store}-exporter`,
} as const;

/** The secret-manager key under which the Pulumi side writes a datastore's connection details (NATS: one password per user). */
export function datastoreRemoteKey(stack: string, environment: string, store: 'postgres' | 'redis' | 'nats'): string {
  return `${stack}/${environment}/${store}`;
}

/**
 * The JSON properties of a datastore's secret-manager entry: the Pulumi side
 * writes them, External Secrets syncs them and services read them.
 */
export const DATASTORE_KEYS = {
  postgres: ['url', 'host', 'port', 'database', 'user', 'password', 'ca'],
  redis: ['url', 'host', 'port', 'password', 'ca'],
} as const;

/** What GCP allows in a Secret Manager secret ID: 1 to 255 letters, digits, `-` and `_`. */
export const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The Secret Manager secret ID of a secret-manager key such as
 * `datastoreRemoteKey(stack, env, 'postgres')` (`shop/production/postgres`):
 * each `/` becomes `-` (`shop-production-postgres`), as secret IDs allow no `/`.
 * No two datastore keys collide: the stack name is a DNS label and the
 * environment and store are single words, so the ID splits back from the right.
 * External Secrets' GCP provider must use this ID as the `remoteRef.key`.
 */
export function secretId(key: string): string {
  const id = key.replace(/\//g, '-');
  if (!SECRET_ID.test(id))
    throw new Error(`secret-manager key "${key}" gives "${id}", not a valid Secret Manager secret ID (${SECRET_ID.source})`);
  return id;
}

/**
 * The name under which a secret-manager key is stored in the stack's cloud,
 * and which External Secrets' `remoteRef.key` uses: the key itself in AWS
 * Secrets Manager, its {@link secretId} in GCP Secret Manager.
 */
export function secretManagerName(cloud: 'aws' | 'gcp', key: string): string {
  return cloud === 'gcp' ? secretId(key) : key;
}

/** Pulumi logical name of a stack's child: `${stack}-${role}`. */
export function cloudName(stack: string, role: string): string {
  return `${stack}-${role}`;
}

/**
 * The component name of a region's database: `<stack>-postgres` in the primary region, `<stack>-standby-postgres`
 * in the standby.
 */
export function databaseName(stack: { readonly name: string; readonly region: string }, region: string): string {
  return cloudName(stack.name, region === stack.region ? 'postgres' : 'standby-postgres');
}

/** The Pulumi logical name of a region's database instance (RDS `-db`, Cloud SQL `-instance`): a pinned name. */
export function databaseInstanceName(
  stack: { readonly name: string; readonly region: string; readonly cloud: Cloud },
  region: string,
): string {
  return `${databaseName(stack, region)}-${cloudProfile(stack.cloud).databaseInstanceSuffix}`;
}

/** The bucket of a stack's logical backups when `dr.backupBucket` does not name one: `<stack>-<environment>-db-backups`. */
export function defaultBackupBucket(stack: string, environment: string): string {
  return `${stack}-${environment}-db-backups`;
}

/**
 * The S3 bucket in the standby region to which the logical backups' bucket `bucket` replicates
 * (AWS; a GCS bucket is dual-region instead): `<bucket>-replica`.
 */
export function backupReplicaBucket(bucket: string): string {
  return `${bucket}-replica`;
}

/**
 * The bucket the logical backups of a stack on `cloud` use in `region`: `dr.backupBucket` in the primary
 * region, and on AWS its replica ({@link backupReplicaBucket}) in the standby region, the bucket
 * reachable there when the primary region is not. A GCS bucket with a standby region is dual-region:
 * the same bucket in both.
 */
export function regionBackupBucket(
  stack: { readonly cloud: Cloud; readonly region: string; readonly dr: { readonly backupBucket: string } },
  region: string,
): string {
  const replica = region !== stack.region && cloudProfile(stack.cloud).storage.standbyBucket === 'replica';
  return replica ? backupReplicaBucket(stack.dr.backupBucket) : stack.dr.backupBucket;
}
