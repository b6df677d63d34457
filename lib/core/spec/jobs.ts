import type { PostgresClient, RedisClient, ResourcesSpec, SecretKeyRef, EgressSpec } from './service';

/**
 * A database migration that runs to completion before a new version of the
 * service serves traffic. It runs as a Job named after the image and command
 * (a new Job per version, since Jobs are immutable); each pod of the service
 * waits for it in an init container, and Argo CD applies it one sync wave
 * before the workload. No Helm hooks.
 */
export interface MigrationSpec {
  /** Command that migrates, e.g. `['migrate', '-path', '/app/migrations', 'up']`. */
  readonly command: readonly string[];
  /**
   * Arguments.
   * @default - none
   */
  readonly args?: readonly string[];
  /**
   * Image.
   * @default - the service's image
   */
  readonly image?: string;
  /**
   * Seconds the migration may run before it fails (and the rollout with it).
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Retries before the Job fails.
   * @default 3
   */
  readonly backoffLimit?: number;
}

/** A scheduled job (CronJob) of the stack. */
export interface CronJobSpec {
  /** Name: a DNS-1123 label of at most 52 characters. */
  readonly name: string;
  /** Image with a tag or digest. */
  readonly image: string;
  /** Cron schedule, e.g. `0 2 * * *`. */
  readonly schedule: string;
  /**
   * Time zone of the schedule (IANA name).
   * @default 'Etc/UTC'
   */
  readonly timeZone?: string;
  /** Command. */
  readonly command: readonly string[];
  /**
   * Arguments.
   * @default - none
   */
  readonly args?: readonly string[];
  /**
   * Plain environment variables (secret-like names are refused, as for services).
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Environment variables read from the stack's secrets.
   * @default - none
   */
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
  /**
   * Use of the stack's PostgreSQL.
   * @default - none
   */
  readonly postgres?: PostgresClient;
  /**
   * Use of the stack's Redis.
   * @default - none
   */
  readonly redis?: RedisClient;
  /**
   * Destinations it may reach besides DNS and its datastores.
   * @default - none
   */
  readonly egress?: readonly EgressSpec[];
  /**
   * Requests and limits.
   * @default { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } }
   */
  readonly resources?: ResourcesSpec;
  /**
   * What to do when a run is due while the last one still runs.
   * @default 'Forbid'
   */
  readonly concurrencyPolicy?: 'Forbid' | 'Replace' | 'Allow';
  /**
   * Seconds after its scheduled time a missed run may still start.
   * @default 300
   */
  readonly startingDeadlineSeconds?: number;
  /**
   * Seconds a run may take before it is stopped.
   * @default 3600
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * Retries of a failed run.
   * @default 2
   */
  readonly backoffLimit?: number;
  /**
   * Finished runs kept, successful and failed each.
   * @default 3
   */
  readonly historyLimit?: number;
  /**
   * UID the job runs as; must not be 0.
   * @default 10001
   */
  readonly runAsUser?: number;
}
