/**
 * Recovery objectives for one failure scenario. The library checks the
 * scenarios it can reason about: `database` (the managed database is lost or
 * corrupted: point-in-time recovery bounds the loss, or the logical backups
 * when there is no managed database) and `region` (the primary region is
 * lost: only a standby region's replica or the logical backups replicated
 * there survive). Other scenarios are recorded for the runbook.
 */
export interface RecoveryObjective {
  /** What fails, e.g. `database`, `cluster`, `region`: one line of plain text, at most 60 characters, without `` ` ``, `|`, `<` or `>`. */
  readonly scenario: string;
  /** Longest acceptable time to recover, in minutes. */
  readonly rtoMinutes: number;
  /** Most data that may be lost, in minutes. */
  readonly rpoMinutes: number;
}

/** Backups, recovery objectives and the standby region. */
export interface DisasterRecoverySpec {
  /**
   * Recovery objectives the stack must meet, checked against its backups and replication.
   * @default - none stated
   */
  readonly objectives?: readonly RecoveryObjective[];
  /**
   * Cron schedule (UTC) of the logical database backup.
   * @default '0 2 * * *'
   */
  readonly backupSchedule?: string;
  /**
   * Days logical backups are kept.
   * @default 30
   */
  readonly backupRetentionDays?: number;
  /**
   * Region of the standby deployment, a region name of `cloud`.
   * @default - no standby region
   */
  readonly standbyRegion?: string;
  /**
   * How much of the stack runs in `standbyRegion` while it is not the active region:
   * `pilot-light` keeps its network (on GCP a subnet of the stack's global VPC), a cluster with 2 nodes
   * (enough for the add-ons), the stack's objects with every workload at 0 replicas, and a cross-region
   * read replica of the database (RDS or Cloud SQL); the failover DNS record (`dns`) answers with the
   * active region only. `warm-standby` runs a third of the primary's nodes and of each service's
   * replicas (at least one), and the failover record sends clients to it when the primary fails its
   * health check (it serves reads from the replica until the flip promotes it).
   * Either way the failover (`activeRegion`) scales the standby to the primary's size, and the backup
   * CronJobs run only in the active region.
   * @default 'pilot-light' when `standbyRegion` is set
   */
  readonly mode?: StandbyMode;
  /**
   * The region that serves: `region` normally; set it to `standbyRegion` to fail over. The next
   * `pulumi up` then promotes the standby's read replica to a standalone database, points the
   * failover DNS record (`dns`) at the standby region, scales its nodes and workloads to the primary's
   * size and scales the primary's workloads down.
   * Nothing in `region` is deleted or replaced. Setting it back is the failback, which needs the
   * old primary's database re-seeded first (`reseeds`).
   * @default - `region`
   */
  readonly activeRegion?: string;
  /**
   * Stop the active region's writers, the first step of a planned failover (and of a failback): its services'
   * Deployments and StatefulSets scale to zero (KEDA's ScaledObjects paused at zero) and its CronJobs are
   * suspended, while its datastores, NATS, gateway and exporters keep running, so the standby's replica
   * catches up with the last write (the runbook checks its lag reaches zero). Then flip `activeRegion` with
   * `drain` still set: the promotion takes place while nothing writes anywhere; the new active region stays
   * drained until `drain` is removed, the third and last step. An unplanned failover (the active region is
   * unreachable) flips `activeRegion` without it, and loses up to the replication lag at the outage.
   * A warm standby's services that serve from its replica (`serveFromReplica`) keep serving while drained.
   * @default false
   */
  readonly drain?: boolean;
  /**
   * How many times a database of the pair has been re-seeded after a failover: a promotion is
   * one-way, so the region a failover leaves holds a standalone database with the data as of the
   * failover. Each re-seed (re)creates the passive region's database as a cross-region read replica
   * of the active one, under the same name: the first re-seeds the primary region's database, the
   * second the standby's, and so on. The region whose database is re-seeded must not be the active
   * one, and its old instance must be moved out of the way first (renamed, and removed from the
   * Pulumi state: the failover runbook gives the commands). A failback is then `activeRegion`, set
   * back, which promotes the re-seeded database.
   * @default 0
   */
  readonly reseeds?: number;
  /**
   * A failover DNS record for the stack's public name, towards the active region's gateway, with a
   * health check of each region that requests the readiness path of the service serving `/` of the name
   * through that region's load balancer and gateway: Route 53 failover records with HTTP checks of each
   * region's own host (`<region>.<name>`) on AWS, a Cloud DNS record with a primary/backup routing policy and
   * an HTTPS check on GCP. The passive region is a failover
   * target only as a warm standby whose database replicates the active one (see `mode` and `reseeds`).
   * @default - no DNS records: clients are pointed at the active region by other means
   */
  readonly dns?: FailoverDnsSpec;
  /**
   * Logical backups of the PostgreSQL database: a CronJob on
   * `backupSchedule` that dumps it (pg_dump custom format, compressed),
   * checks the archive and uploads it to `backupBucket` under a dated key,
   * on top of the managed service's own backups and point-in-time recovery.
   * Turning them off is an explicit opt-out.
   * @default true when the stack has PostgreSQL
   */
  readonly logicalBackups?: boolean;
  /**
   * Bucket (S3 or GCS) the logical backups go to, encrypted with the
   * bucket's KMS key. The Pulumi side creates it with versioning, public
   * access blocked, expiry after `backupRetentionDays` and replication to the
   * standby region.
   * @default `<stack>-<environment>-db-backups`
   */
  readonly backupBucket?: string;
  /**
   * Cloud identity the backup and restore-drill jobs run as: an IAM role ARN
   * (IRSA) on AWS or a Google service account email (Workload Identity) on
   * GCP, allowed to write and read the bucket. No keys are mounted.
   * The Pulumi side creates one scoped to the bucket unless this is set; set it when the jobs' identity is
   * managed elsewhere (the bucket is still created).
   * @default - the identity the Pulumi ProductionStack creates; none on the cdk8s-only path
   */
  readonly backupIdentity?: string;
  /**
   * The restore drill: a CronJob that restores the latest logical backup into
   * a scratch PostgreSQL inside its own pod, runs `checks`, and fails (and
   * alerts) when one does not hold. Its duration is compared with the
   * `database` scenario's RTO.
   * @default - weekly, Sunday 05:00 UTC, checking that the restore holds at least one table
   */
  readonly restoreDrill?: RestoreDrillSpec;
  /**
   * The standby region's network on AWS, read on AWS only (on GCP the standby region's subnet takes the first
   * free ranges of the stack's VPC).
   * @default - see {@link AwsDisasterRecoverySpec}
   */
  readonly aws?: AwsDisasterRecoverySpec;
}

/** The standby region's settings that only AWS has. */
export interface AwsDisasterRecoverySpec {
  /**
   * CIDR of the standby region's VPC, which must not overlap `cluster.networkCidr`: the two VPCs are peered, so a
   * deployer inside either reaches both clusters' API endpoints. Changing it replaces the standby's VPC and
   * everything in it.
   * @default - the next free block as large as `cluster.networkCidr` (`10.1.0.0/16` for `10.0.0.0/16`)
   */
  readonly standbyNetworkCidr?: string;
}

/** A verification query of the restore drill. */
export interface RestoreDrillCheck {
  /** Name: a DNS-1123 label, shown when the check fails. */
  readonly name: string;
  /**
   * SQL returning one boolean that must be true on the restored database,
   * e.g. `SELECT count(*) > 1000 FROM orders` or
   * `SELECT max(version) >= 42 FROM schema_migrations`.
   */
  readonly sql: string;
}

/** The restore drill of the logical backups. */
export interface RestoreDrillSpec {
  /**
   * Cron schedule (UTC).
   * @default '0 5 * * 0'
   */
  readonly schedule?: string;
  /**
   * Verification queries.
   * @default - one check: the restored database holds at least one table
   */
  readonly checks?: readonly RestoreDrillCheck[];
}

/** What runs in the standby region while it is passive. */
export type StandbyMode = 'pilot-light' | 'warm-standby';

/** The failover DNS record of a stack with a standby region (Route 53 on AWS, Cloud DNS on GCP). */
export interface FailoverDnsSpec {
  /**
   * The zone that holds `name`: the Route 53 hosted zone ID on AWS (e.g. `Z0123456789ABCDEFGHIJ`),
   * the Cloud DNS managed zone name on GCP (e.g. `example-com`).
   */
  readonly zoneId: string;
  /**
   * The name clients use, e.g. `ralph.example.com`: a host of the stack's own Gateway (a route's `host`),
   * which both regions serve (its certificate is issued through DNS-01, so the passive region holds one too:
   * in `zoneId` on AWS; on GCP in the challenge zone `acme.<name>`, which the stack delegates from `zoneId`,
   * with a CNAME `_acme-challenge.<name>` leading there). A CNAME with failover routing on AWS, an A record with a primary/backup routing policy
   * on GCP.
   */
  readonly name: string;
  /**
   * Where each region serves `name`, by region: on AWS a host name (the region's load balancer, or a
   * name pointing at it), on GCP an IPv4 address (the region's load balancer address, which the stack then
   * gives its gateway's load balancer). A region without one gets its gateway's address.
   * @default - the address of each region's gateway: on AWS the host name of its Network Load Balancer,
   *   read from the gateway's Service once deployed; on GCP a regional static external IPv4 address the
   *   stack reserves in each region (protected: a `pulumi destroy` stops at it) and gives the gateway's load balancer
   */
  readonly targets?: Readonly<Record<string, string>>;
  /**
   * Path each region's health check requests, of the service that `name` routes `/` to (a route there is
   * required), so a region whose service does not answer fails its check. On GCP, over HTTPS (port 443) on the
   * region's address with `name` as the host: Envoy sends it to that service. On AWS, over plain HTTP (port 80)
   * with the region's own host `<region>.<name>` (a CNAME to the region's target, which the stack creates), which
   * the region's gateway routes to that service for this path only (`GET`, exact; every other path of the
   * host has no route): Route 53 cannot check over HTTPS with the served name, as it would present the
   * region's host in the TLS handshake, which the gateway has no certificate for. An HTTP path as a probe's
   * (see `HttpProbe.path`), never the service's metrics path.
   * @default - the readiness probe path of the service that `name` routes `/` to (its HTTP readiness
   *   probe), else `/`
   */
  readonly healthCheckPath?: string;
  /**
   * Other hosts of the stack's Gateway that fail over with `name` (an API, a webhook host): each gets the same
   * failover records as `name`, to the same targets, following the same health checks (of `name`'s service),
   * and its certificate through DNS-01 in both regions, as `name` does. Each must be a routed host of the stack's
   * own Gateway, other than `name`, in the same zone.
   * @default - none: only `name` fails over; the other hosts resolve as you point them
   */
  readonly hosts?: readonly string[];
}
