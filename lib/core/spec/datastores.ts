/** Managed PostgreSQL: RDS on AWS, Cloud SQL on GCP. */
export interface PostgresSpec {
  /**
   * Major (or major.minor) engine version.
   * @default '15'
   */
  readonly engineVersion?: string;
  /**
   * RDS instance class on AWS (`db.r6g.xlarge`), Cloud SQL tier on GCP (`db-custom-4-16384`).
   * @default - `db.r6g.xlarge` on AWS, `db-custom-4-16384` on GCP (4 vCPU, 16 GB)
   */
  readonly instanceClass?: string;
  /**
   * Allocated storage in GiB (gp3 on AWS, SSD on GCP).
   * @default 100
   */
  readonly storageGiB?: number;
  /**
   * Ceiling for storage autoscaling, in GiB.
   * @default 1000
   */
  readonly maxStorageGiB?: number;
  /**
   * A synchronous standby in another zone (RDS Multi-AZ, Cloud SQL REGIONAL).
   * Turning it off in production also needs `allowSingleZoneInProduction`.
   * @default true
   */
  readonly highAvailability?: boolean;
  /**
   * The explicit opt-out that lets a `production` stack run the database in a
   * single zone (`highAvailability: false`): losing that zone then loses the
   * database until it is restored. Has no effect (and is refused) while
   * `highAvailability` is on.
   * @default false
   */
  readonly allowSingleZoneInProduction?: boolean;
  /**
   * Days automated backups (and point-in-time recovery) are kept, 1 to 35.
   * @default 30
   */
  readonly backupRetentionDays?: number;
  /**
   * Daily backup window, UTC, `HH:MM-HH:MM`.
   * @default '03:00-04:00'
   */
  readonly backupWindow?: string;
  /**
   * Name of the application database.
   * @default - the stack name with `-` replaced by `_`
   */
  readonly databaseName?: string;
  /**
   * Name of the master user.
   * @default 'app'
   */
  readonly username?: string;
  /**
   * `max_connections`, the budget every service's pool must fit in: validation
   * refuses a spec whose workloads can open more than 90% of it (services at
   * their maximum replicas x their pool, plus one pool per migration Job and
   * per CronJob using PostgreSQL); the other 10% is kept for superuser and
   * monitoring connections and an operator's session.
   * @default 200
   */
  readonly maxConnections?: number;
  /**
   * Further server parameters (`shared_buffers`, `work_mem`, ...), as the
   * engine spells them, from the table of the parameters the library accepts
   * (`POSTGRES_PARAMETERS`); values as postgresql.conf takes them (`'4GB'`,
   * `'15min'`, `1.1`, `'on'`), sent to RDS and Cloud SQL as bare numbers in
   * each parameter's unit. Static ones (`shared_buffers`) apply at the next
   * restart. `max_connections` is set through `maxConnections`.
   * @default - none
   */
  readonly parameters?: Readonly<Record<string, string | number>>;
  /**
   * Extensions the bootstrap Job creates in the application database, as the master user (`CREATE EXTENSION IF NOT
   * EXISTS`): the migrations run as `app_migrate`, which may create only the trusted ones (`uuid-ossp`, `pgcrypto`),
   * not `pg_stat_statements`. One the cloud does not offer fails the Job.
   * @default - none
   */
  readonly extensions?: readonly string[];
  /**
   * Schemas the bootstrap Job creates, owned by `app_migrate` (so the migrations fill them and the services get
   * their default privileges in them).
   * @default - none (`public`, and whatever the migrations create)
   */
  readonly schemas?: readonly string[];
  /**
   * The application database's `search_path` (`ALTER DATABASE … SET search_path`), for every role.
   * @default - left as it is (PostgreSQL's `"$user", public`)
   */
  readonly searchPath?: readonly string[];
}

/** Managed Redis: ElastiCache on AWS, Memorystore on GCP. */
export interface RedisSpec {
  /**
   * Redis version: on AWS one ElastiCache (Redis OSS) creates (`6.0`, `6.2`, `7.0`, `7.1`; 6.x leaves standard
   * support on 2027-01-31), on GCP one of Memorystore's (`6`, `7.0`, `7.2`; `7` and `7.1` are 7.2). Refused
   * once its standard support has ended (`REDIS_SUPPORT`).
   * @default '7.1'
   */
  readonly engineVersion?: string;
  /**
   * Nodes of the Redis, 1 to 6: one primary, the rest replicas.
   * - AWS: the replication group's cache clusters.
   * - GCP: `STANDARD_HA` is a primary and a replica in another zone (2 nodes); 3 to 6 nodes turn on Memorystore's
   *   read replicas (`READ_REPLICAS_ENABLED`, `replicaCount` = nodes - 1, a read endpoint for reads that may lag),
   *   which need `highAvailability`, `gcp.memorySizeGiB` of 5 or more and Redis 5.0 or newer (every version offered).
   *   Read replicas are turned on in place (the instance is kept, its new nodes placed in the private services
   *   range), but never off: going back to 2 nodes keeps them on with one replica. Without `highAvailability`
   *   (`BASIC`) Memorystore is one node.
   * @default 3 on AWS; on GCP 2, or 1 with `highAvailability: false`
   */
  readonly nodes?: number;
  /**
   * What the stack keeps in Redis, and so what it may lose:
   * - `cache`: data the services can rebuild. Keys are evicted under memory pressure (`allkeys-lru`), and the
   *   standby region's Redis starts empty at a failover;
   * - `queue`: jobs or state that must not be dropped (Bull, Sidekiq, Celery, RQ, a worker's `queue.redis`).
   *   `noeviction`: a full Redis refuses writes (the producer sees the error) instead of silently dropping jobs;
   *   any other `maxmemoryPolicy` is refused. Persistence is the cloud's (ElastiCache daily snapshots and Multi-AZ
   *   replicas, Memorystore RDB snapshots), and the failover runbook states the loss: the jobs queued in the old
   *   region and not yet run, which a planned failover lets the workers drain first.
   * @default 'queue' when a service drains a Redis queue (`queue.redis`), else 'cache'
   */
  readonly role?: 'cache' | 'queue';
  /**
   * Eviction policy.
   * @default 'allkeys-lru' for a cache, 'noeviction' for a queue
   */
  readonly maxmemoryPolicy?: string;
  /**
   * Automatic failover across zones (ElastiCache Multi-AZ). Turning it off in
   * production also needs `allowSingleZoneInProduction`.
   * @default true
   */
  readonly highAvailability?: boolean;
  /**
   * The explicit opt-out that lets a `production` stack run Redis without
   * failover across zones (`highAvailability: false`). Has no effect (and is
   * refused) while `highAvailability` is on.
   * @default false
   */
  readonly allowSingleZoneInProduction?: boolean;
  /**
   * ElastiCache's settings, read on AWS only.
   * @default - see {@link AwsRedisSpec}
   */
  readonly aws?: AwsRedisSpec;
  /**
   * Memorystore's settings, read on GCP only.
   * @default - see {@link GcpRedisSpec}
   */
  readonly gcp?: GcpRedisSpec;
}

/** The Redis's settings that only ElastiCache has. */
export interface AwsRedisSpec {
  /**
   * ElastiCache node type: its family and size set the memory (Memorystore is sized by `gcp.memorySizeGiB`).
   * @default 'cache.r6g.large'
   */
  readonly nodeType?: string;
  /**
   * Days the daily snapshots are kept (Memorystore uses RDB persistence).
   * @default 7
   */
  readonly snapshotRetentionDays?: number;
}

/** The Redis's settings that only Memorystore has. */
export interface GcpRedisSpec {
  /**
   * Memorystore capacity in GiB; the primary and every replica hold all of it (ElastiCache is sized by
   * `aws.nodeType`).
   * @default 5
   */
  readonly memorySizeGiB?: number;
}
