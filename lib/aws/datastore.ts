/**
 * What the managed datastores (RDS Postgres, ElastiCache Redis) share: where
 * they run, who may connect, the maintenance window arithmetic and the
 * connection documents written to Secrets Manager. The pure parts need no Pulumi.
 */
import type * as pulumi from '@pulumi/pulumi';

/** Where a datastore runs: what {@link Network} provides. */
export interface DatastoreNetwork {
  /** ID of the VPC the datastore's security group belongs to. */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets, one per zone: the datastore's subnet group. */
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** Who may connect to a datastore: what {@link Cluster} provides. */
export interface DatastoreClients {
  /**
   * The security group of the clients: the EKS cluster security group, which
   * the managed nodes, and so the pods (VPC CNI without security groups for
   * pods), carry. The datastore admits this group only, on its one port.
   */
  readonly clusterSecurityGroupId: pulumi.Input<string>;
}

/** The connection document of a PostgreSQL database, as written to Secrets Manager (keys: `DATASTORE_KEYS.postgres`). */
export interface PostgresConnection {
  /** `postgres://user:password@host:port/database?sslmode=require`, user and password percent-encoded. */
  readonly url: string;
  /** DNS name of the instance. */
  readonly host: string;
  /** The port, as a string (External Secrets copies strings). */
  readonly port: string;
  /** The application database. */
  readonly database: string;
  /** The master user. */
  readonly user: string;
  /** The master password. */
  readonly password: string;
}

/** The connection document of a Redis replication group, as written to Secrets Manager (keys: `DATASTORE_KEYS.redis`). */
export interface RedisConnection {
  /** `rediss://:password@host:port` (TLS), the password percent-encoded. */
  readonly url: string;
  /** DNS name of the primary endpoint. */
  readonly host: string;
  /** The port, as a string. */
  readonly port: string;
  /** The AUTH token. */
  readonly password: string;
}

/** The document a PostgreSQL connection secret holds; the URL requires TLS (`sslmode=require`). */
export function postgresConnection(c: {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}): PostgresConnection {
  const url = `postgres://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@${c.host}:${c.port}/${encodeURIComponent(c.database)}?sslmode=require`;
  return { url, host: c.host, port: String(c.port), database: c.database, user: c.user, password: c.password };
}

/** The document a Redis connection secret holds; the URL uses TLS (`rediss://`) and the AUTH token. */
export function redisConnection(c: { host: string; port: number; password: string }): RedisConnection {
  return {
    url: `rediss://:${encodeURIComponent(c.password)}@${c.host}:${c.port}`,
    host: c.host,
    port: String(c.port),
    password: c.password,
  };
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const WEEK_MINUTES = 7 * 24 * 60;

function hhmm(minutes: number): string {
  const m = ((minutes % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
  const day = DAYS[Math.floor(m / (24 * 60))];
  const inDay = m % (24 * 60);
  return `${day}:${String(Math.floor(inDay / 60)).padStart(2, '0')}:${String(inDay % 60).padStart(2, '0')}`;
}

/**
 * A weekly maintenance window (`sun:05:00-sun:06:00`) of one hour on Sunday,
 * starting an hour after the daily backup window (`HH:MM-HH:MM`, UTC) ends,
 * so the two never overlap (RDS and ElastiCache refuse overlapping windows).
 */
export function maintenanceWindowAfter(backupWindow: string): string {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(backupWindow);
  if (!match) throw new Error(`backup window ${JSON.stringify(backupWindow)} must be HH:MM-HH:MM (UTC)`);
  const end = Number(match[3]) * 60 + Number(match[4]);
  const start = end + 60;
  return `${hhmm(start)}-${hhmm(start + 60)}`;
}

/** The major version of an engine version (`15.4` → `15`, `7.1` → `7`). */
export function majorVersion(engineVersion: string): string {
  return engineVersion.split('.')[0] ?? engineVersion;
}
