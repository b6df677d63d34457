/** The defaults of the services and cron jobs. */
import { portProtocol } from '../ports';
import type { CronJobSpec } from '../spec/jobs';
import type { RequestMetricsSpec } from '../spec/monitoring';
import type { AutoscalingSpec, NatsClient, PostgresClient, ProbeSpec, RedisClient, ResourcesSpec, ServiceSpec } from '../spec/service';
import { CLIENT_ENV_DEFAULTS, DEFAULTS } from './defaults';
import type { ResolvedCronJob, ResolvedPort, ResolvedService } from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A service's probes: as given, else derived from its first HTTP (or gRPC) port, the startup probe from the liveness one. */
function defaultProbes(spec: ServiceSpec, ports: readonly ResolvedPort[]): ResolvedService['probes'] {
  const given = spec.probes ?? {};
  const http = ports.find((p) => p.protocol === 'http' && p.name !== 'metrics');
  const grpc = ports.find((p) => p.protocol === 'grpc');
  const derive = (path: string): ProbeSpec | undefined =>
    http ? { type: 'http', path, port: http.name } : grpc ? { type: 'grpc', port: grpc.name } : undefined;
  const liveness = given.liveness ?? derive(DEFAULTS.service.livenessPath);
  const readiness = given.readiness ?? derive(DEFAULTS.service.readinessPath);
  const startup =
    given.startup ??
    (liveness
      ? {
          ...liveness,
          initialDelaySeconds: 0,
          periodSeconds: DEFAULTS.service.startup.periodSeconds,
          failureThreshold: DEFAULTS.service.startup.failureThreshold,
          successThreshold: 1,
        }
      : undefined);
  return { liveness, readiness, startup };
}

/** The autoscaling of a service with its defaults (none without `autoscaling`). */
function resolveAutoscaling(a: AutoscalingSpec | undefined): ResolvedService['autoscaling'] {
  if (!a) return undefined;
  return {
    ...a,
    cpuUtilization: a.cpuUtilization ?? DEFAULTS.service.cpuUtilization,
    scaleUp: a.scaleUp ?? DEFAULTS.service.scaleUp,
    scaleDown: a.scaleDown ?? DEFAULTS.service.scaleDown,
  };
}

/** A service with every default applied. */
export function resolveService(spec: ServiceSpec): ResolvedService {
  const d = DEFAULTS.service;
  const ports = (spec.ports ?? []).map((p) => ({ ...p, protocol: portProtocol(p) }));
  const autoscaling = resolveAutoscaling(spec.autoscaling);
  const metricsPort = spec.metrics?.port ?? ports.find((p) => p.name === 'metrics')?.name;
  const resolved: Mutable<ResolvedService> = {
    name: spec.name,
    image: spec.image,
    role: spec.role ?? 'server',
    command: spec.command,
    args: spec.args,
    ports,
    replicas: autoscaling?.minReplicas ?? spec.queue?.minReplicas ?? serviceReplicas(spec.replicas),
    autoscaling,
    queue: spec.queue && {
      ...spec.queue,
      targetPerReplica: spec.queue.targetPerReplica ?? d.queueTargetPerReplica,
      scaleUp: d.scaleUp,
      scaleDown: d.scaleDown,
    },
    resources: serviceResources(spec.resources),
    probes: defaultProbes(spec, ports),
    env: spec.env ?? {},
    secretEnv: spec.secretEnv ?? {},
    secretMounts: spec.secretMounts ?? [],
    configFiles: spec.configFiles,
    writablePaths: spec.writablePaths ?? d.writablePaths,
    storage: spec.storage,
    allowFrom: spec.allowFrom ?? [],
    egress: spec.egress ?? [],
    postgres: spec.postgres,
    redis: spec.redis,
    nats: spec.nats,
    rbac: spec.rbac,
    maxSurge: spec.maxSurge ?? d.maxSurge,
    maxUnavailable: spec.maxUnavailable ?? d.maxUnavailable,
    antiAffinity: spec.antiAffinity,
    terminationGracePeriodSeconds: terminationGracePeriodSeconds(spec.terminationGracePeriodSeconds),
    preStopSleepSeconds: spec.preStopSleepSeconds ?? d.preStopSleepSeconds,
    runAsUser: spec.runAsUser ?? d.runAsUser,
    minAvailable: spec.minAvailable,
    serveFromReplica: spec.serveFromReplica ?? false,
    cloudIdentity: spec.cloudIdentity,
    cloudAccess: spec.cloudAccess,
    requestMetrics: resolveRequestMetrics(spec.requestMetrics),
    slo: spec.slo && { ...spec.slo, windowDays: sloWindowDays(spec.slo.windowDays) },
    alerts: spec.alerts ?? [],
    migration: spec.migration && {
      command: spec.migration.command,
      args: spec.migration.args,
      image: spec.migration.image ?? spec.image,
      timeoutSeconds: spec.migration.timeoutSeconds ?? DEFAULTS.migration.timeoutSeconds,
      backoffLimit: spec.migration.backoffLimit ?? DEFAULTS.migration.backoffLimit,
    },
    metrics: metricsPort
      ? {
          port: metricsPort,
          path: spec.metrics?.path ?? DEFAULTS.monitoring.metricsPath,
          interval: spec.metrics?.interval ?? DEFAULTS.monitoring.interval,
        }
      : undefined,
  };
  return resolved;
}

/** A cron job with every default applied. */
export function resolveCronJob(job: CronJobSpec): ResolvedCronJob {
  const d = DEFAULTS.cronJob;
  return {
    name: job.name,
    image: job.image,
    schedule: job.schedule,
    timeZone: job.timeZone ?? d.timeZone,
    command: job.command,
    args: job.args,
    env: job.env ?? {},
    secretEnv: job.secretEnv ?? {},
    postgres: job.postgres,
    redis: job.redis,
    egress: job.egress ?? [],
    resources: cronJobResources(job.resources),
    concurrencyPolicy: job.concurrencyPolicy ?? d.concurrencyPolicy,
    startingDeadlineSeconds: job.startingDeadlineSeconds ?? d.startingDeadlineSeconds,
    activeDeadlineSeconds: job.activeDeadlineSeconds ?? d.activeDeadlineSeconds,
    backoffLimit: job.backoffLimit ?? d.backoffLimit,
    historyLimit: job.historyLimit ?? d.historyLimit,
    runAsUser: job.runAsUser ?? DEFAULTS.service.runAsUser,
  };
}

/** The variable names of a workload's clients, as its spec names them or by default. */
export interface ClientEnvNames {
  /** The variable of each part of the PostgreSQL connection (`url`, `host`...); without `postgres`, none. */
  readonly postgres: NonNullable<PostgresClient['env']>;
  /** The variable of each part of the Redis connection; without `redis`, none. */
  readonly redis: NonNullable<RedisClient['env']>;
  /** NATS's four variables; without `nats`, none. */
  readonly nats?: { readonly urlEnv: string; readonly userEnv: string; readonly passwordEnv: string; readonly inboxPrefixEnv: string };
  /** The CA file's variable, set with NATS over TLS. */
  readonly natsCaFile: string;
}

/** The names of the variables a workload's PostgreSQL, Redis and NATS clients read: as its spec says, else the defaults. */
export function clientEnvNames(w: {
  readonly postgres?: Pick<PostgresClient, 'env'>;
  readonly redis?: Pick<RedisClient, 'env'>;
  readonly nats?: Partial<Pick<NatsClient, 'urlEnv' | 'userEnv' | 'passwordEnv' | 'inboxPrefixEnv'>>;
}): ClientEnvNames {
  const d = CLIENT_ENV_DEFAULTS;
  const n = w.nats;
  return {
    postgres: w.postgres ? (w.postgres.env ?? d.postgres) : {},
    redis: w.redis ? (w.redis.env ?? d.redis) : {},
    nats: n && {
      urlEnv: n.urlEnv ?? d.nats.urlEnv,
      userEnv: n.userEnv ?? d.nats.userEnv,
      passwordEnv: n.passwordEnv ?? d.nats.passwordEnv,
      inboxPrefixEnv: n.inboxPrefixEnv ?? d.nats.inboxPrefixEnv,
    },
    natsCaFile: d.natsCaFile,
  };
}

/** A service's requests and limits: as given, else 500m CPU and 512Mi requested, 2 CPUs and 2Gi the limit (no CPU limit when `limits` omits it). */
export function serviceResources(r: ResourcesSpec | undefined): ResolvedService['resources'] {
  const d = DEFAULTS.service;
  return {
    requests: { cpu: r?.requests?.cpu ?? d.requests.cpu, memory: r?.requests?.memory ?? d.requests.memory },
    limits: { cpu: r?.limits ? r.limits.cpu : d.limits.cpu, memory: r?.limits?.memory ?? d.limits.memory },
  };
}

/** A cron job's requests and limits: as given, else 100m CPU and 256Mi requested, a 1Gi memory limit and no CPU limit. */
export function cronJobResources(r: ResourcesSpec | undefined): ResolvedCronJob['resources'] {
  const d = DEFAULTS.cronJob;
  return {
    requests: { cpu: r?.requests?.cpu ?? d.requests.cpu, memory: r?.requests?.memory ?? d.requests.memory },
    limits: { cpu: r?.limits?.cpu, memory: r?.limits?.memory ?? d.limits.memory },
  };
}

/** The replicas of a service that is neither autoscaled nor scaled on a queue: as given, else 3. */
export function serviceReplicas(replicas: number | undefined): number {
  return replicas ?? DEFAULTS.service.replicas;
}

/** Seconds a service's pods get to stop: as given, else 30. */
export function terminationGracePeriodSeconds(seconds: number | undefined): number {
  return seconds ?? DEFAULTS.service.terminationGracePeriodSeconds;
}

/** Connections a workload's PostgreSQL client pool opens, per replica: as given, else 10. */
export function clientConnections(maxConnections: number | undefined): number {
  return maxConnections ?? DEFAULTS.service.clientConnections;
}

/** The window of an SLO, in days: as given, else 30. */
export function sloWindowDays(days: number | undefined): number {
  return days ?? DEFAULTS.monitoring.sloWindowDays;
}

/** The request metrics a service exposes: each field as given, else the Prometheus client libraries' default. */
export function resolveRequestMetrics(rm: RequestMetricsSpec | undefined): Required<RequestMetricsSpec> {
  const d = DEFAULTS.monitoring.requestMetrics;
  return {
    requests: rm?.requests ?? d.requests,
    duration: rm?.duration ?? d.duration,
    statusLabel: rm?.statusLabel ?? d.statusLabel,
    buckets: rm?.buckets ?? d.buckets,
  };
}
