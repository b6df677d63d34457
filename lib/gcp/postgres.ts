/** Cloud SQL for PostgreSQL: regional, private IP only, TLS enforced, backed up, its connection details in Secret Manager. */
import { POSTGRES_PORT } from '../core/ports';
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { type RolePasswords, rolePasswords } from '../datastores/role-passwords';
import { resolvePostgres } from '../core/resolve';
import { databaseInstanceOptions } from '../core/standby';
import type { PostgresInstanceSpec } from '../datastores/postgres-instance';
import {
  CLOUD_SQL_DAYS,
  type MaintenanceWindow,
  cloudSqlEdition,
  cloudSqlVersion,
  databaseFlags,
  defaultMaintenanceWindow,
  parseWindow,
  transactionLogRetentionDays,
} from './cloudsql';
import { postgresConnection } from '../core/datastore-connection';
import { CLOUD_SQL_CA_MODE, CLOUD_SQL_CERTIFICATE_ROTATION, type InstanceDnsName, instanceDnsName } from './cloudsql-dns';
import type { PrivateServiceAccess } from './private-services';
import { type ConnectionSecret, caBundle, connectionSecret } from './secrets';

/** Length of the generated password: 32 letters and digits, about 190 bits. */
export const POSTGRES_PASSWORD_LENGTH = 32;

/** Query Insights of every instance: plans sampled, application tags and client addresses recorded. */
export const QUERY_INSIGHTS = {
  /** Query Insights on. */
  queryInsightsEnabled: true,
  /** Execution plans sampled per minute. */
  queryPlansPerMinute: 5,
  /** Characters of each query kept. */
  queryStringLength: 1024,
  /** Tags set by applications (sqlcommenter) recorded. */
  recordApplicationTags: true,
  /** Client IP addresses recorded. */
  recordClientAddress: true,
} as const;

/**
 * Arguments of {@link Postgres}: the stack's `PostgresSpec` (same
 * names, same defaults, `instanceClass` is the Cloud SQL tier) plus where the
 * instance runs and where its connection details go.
 */
export interface PostgresArgs extends PostgresInstanceSpec {
  /** The VPC and its private service access, typically `Network.privateServiceAccess`. */
  readonly network: PrivateServiceAccess;
  /** Region of the instance. */
  readonly region: pulumi.Input<string>;
  /**
   * The secret-manager key of the connection details, `datastoreRemoteKey(stack, environment, 'postgres')`;
   * the Secret Manager secret ID is this key with `/` replaced by `-` (see {@link secretId}).
   */
  readonly secretKey: string;
  /**
   * Region of a regional secret for the connection details (see `ConnectionSecretArgs.location`).
   * @default - a global secret
   */
  readonly secretLocation?: string;
  /**
   * Name of the application database.
   * @default - the component name with `-` replaced by `_`
   */
  readonly databaseName?: string;
  /**
   * Weekly maintenance window (spec field wanted: `postgres.maintenanceWindow`).
   * @default - Sunday, at the hour the backup window ends (04:00 UTC for the default window)
   */
  readonly maintenanceWindow?: MaintenanceWindow;
  /**
   * Refuse to delete the instance and the database: `protect` on both Pulumi
   * resources, and deletion protection in Pulumi's provider and in the Cloud SQL API.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * The login roles to generate a password for (`${name}-role-<role>-password`): each is written, with its SCRAM
   * verifier and URL, into the connection document's `roles` (the master user's goes to its `admin`), so that each
   * use connects as a role of its own. ProductionStack gives the roles of `postgresRoles`
   * (lib/core/postgres-roles.ts), which its bootstrap Job creates. A replica's document carries the same.
   * @default - none
   */
  readonly roles?: readonly string[];
  /**
   * Re-seeding after a failover: the instance is (re)created as a cross-region read replica of
   * another region's instance (the promoted standby), with the same settings, until `seed.promoted`.
   * @default - a database of its own, created empty
   */
  readonly seed?: PostgresSeed;
  /**
   * Labels of the instance and the secret (GCP label rules apply).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Project of every resource.
   * @default - the provider's project
   */
  readonly project?: pulumi.Input<string>;
}

/**
 * A {@link Postgres} seeded from another region's database: its version, database, user and
 * password come from the source (which took them from this database's first instance, through
 * replication, so the generated password and the connection document stay right). Cloud SQL
 * refuses to create databases and users on a replica, and the promoted seed keeps the ones it
 * inherited: a seeded Postgres declares neither.
 *
 * The re-seed replaces the diverged instance (its `generation` is the `replacementTrigger`) with a new
 * one under a new generated name, since Cloud SQL does not reuse an instance name for a week; the old
 * one is only forgotten (`retainOnDelete`) and stays in the project, deletion-protected, for salvage.
 * Its protection in the state, and that of its database, must be lifted first (`pulumi state unprotect`).
 */
export interface PostgresSeed {
  /** Name of the source Cloud SQL instance, in another region of the same project (its `name` output). */
  readonly source: pulumi.Input<string>;
  /**
   * Promote it to a standalone, writable instance (the failback), which turns on its backups and
   * point-in-time recovery. One-way, like any promotion.
   * @default false
   */
  readonly promoted?: boolean;
  /**
   * How many times the database has been re-seeded (at least 1): a new value re-creates the instance,
   * under a new generated name (Pulumi's `replacementTrigger`).
   */
  readonly generation: number;
}

/** What {@link instanceSettings} reads: the primary's arguments, which a replica shares. */
export type InstanceSettingsArgs = Omit<PostgresArgs, 'region' | 'secretKey' | 'secretLocation' | 'databaseName' | 'project' | 'seed'>;

/**
 * The Cloud SQL settings of the stack's instances, the primary and its cross-region replica
 * alike (same tier, edition, availability, disk, network, flags, insights), with automated backups,
 * point-in-time recovery and the maintenance window when `standalone`: a read replica has none of them
 * until it is promoted (Cloud SQL refuses backups and a maintenance window on a replica, which is
 * maintained with its primary).
 */
export function instanceSettings(args: InstanceSettingsArgs, standalone: boolean): gcp.types.input.sql.DatabaseInstanceSettings {
  const protect = args.deletionProtection ?? true;
  const pg = resolvePostgres(args, 'gcp', '');
  const tier = pg.instanceClass;
  const edition = cloudSqlEdition(tier);
  const backupWindow = pg.backupWindow;
  const retentionDays = pg.backupRetentionDays;
  const maintenance = args.maintenanceWindow ?? defaultMaintenanceWindow(backupWindow);
  return {
    tier,
    edition,
    availabilityType: pg.highAvailability ? 'REGIONAL' : 'ZONAL',
    diskType: 'PD_SSD',
    diskSize: pg.storageGiB,
    diskAutoresize: true,
    diskAutoresizeLimit: pg.maxStorageGiB,
    deletionProtectionEnabled: protect,
    retainBackupsOnDelete: true,
    ipConfiguration: {
      ipv4Enabled: false,
      privateNetwork: args.network.networkId,
      allocatedIpRange: args.network.rangeName,
      sslMode: 'ENCRYPTED_ONLY',
      serverCaMode: CLOUD_SQL_CA_MODE,
      // the shared CA's server certificates last a year: Cloud SQL renews them only with this on
      serverCertificateRotationMode: CLOUD_SQL_CERTIFICATE_ROTATION,
      enablePrivatePathForGoogleCloudServices: false,
    },
    backupConfiguration: {
      enabled: standalone,
      startTime: parseWindow(backupWindow).start,
      pointInTimeRecoveryEnabled: standalone,
      transactionLogRetentionDays: transactionLogRetentionDays(retentionDays, edition),
      backupRetentionSettings: { retainedBackups: retentionDays, retentionUnit: 'COUNT' },
    },
    databaseFlags: databaseFlags(pg.maxConnections, pg.parameters),
    insightsConfig: { ...QUERY_INSIGHTS },
    ...(standalone
      ? { maintenanceWindow: { day: CLOUD_SQL_DAYS[maintenance.day], hour: maintenance.hourUtc, updateTrack: 'stable' } }
      : {}),
    userLabels: { ...args.labels },
  };
}

/**
 * A Cloud SQL for PostgreSQL instance for production:
 *
 * - POSTGRES_15 by default, the tier asked (`db-custom-4-16384`: 4 vCPU, 16 GB),
 *   the Enterprise edition for `db-custom-*` tiers, REGIONAL availability (a
 *   synchronous standby in another zone) unless `highAvailability: false`,
 * - a private IP only, in the private service access range, created after
 *   the Service Networking connection; TLS required (`ENCRYPTED_ONLY`),
 * - daily backups starting at the backup window, the retention asked (in
 *   backups, one a day), point-in-time recovery with transaction logs kept as
 *   long (at most 7 days on Enterprise), backups kept when the instance is deleted,
 * - `max_connections` and the spec's parameters as database flags, Query
 *   Insights, a weekly maintenance window, an SSD that grows by itself up
 *   to `maxStorageGiB` (`storageGiB` is the initial size: later changes of
 *   the disk size are ignored, since Cloud SQL grows it itself),
 * - deletion protection in the API and the provider, and `protect` on the
 *   instance and the database,
 * - a server certificate of Google's shared CA, which names the instance's DNS name, and a private
 *   Cloud DNS zone that resolves that name to the private IP in the VPC ({@link instanceDnsName}),
 * - the database, a user with a generated password, and the connection
 *   details (`postgresConnection`: a `url` that verifies the server at that name, `host`, `port`,
 *   `database`, `user`, `password`, and `ca`, the server CA bundle) as one JSON Secret Manager secret.
 *
 * With `seed` (a re-seed after a failover), the instance is a cross-region read replica of another
 * region's instance instead (`READ_REPLICA_INSTANCE`, no backups), promoted in place by
 * `seed.promoted` like a `PostgresReplica`; it has no `database` and `user` resources (see
 * {@link PostgresSeed}), and its connection secret holds the password generated here, which the
 * first instance set and replication carried over.
 *
 * Children are named `${name}-<role>`.
 */
export class Postgres extends pulumi.ComponentResource {
  /** The Cloud SQL instance. */
  public readonly instance: gcp.sql.DatabaseInstance;
  /**
   * The application database; none with `seed`: a replica inherits its source's (Cloud SQL refuses
   * to create one on a replica), and the promoted seed keeps them.
   */
  public readonly database?: gcp.sql.Database;
  /** The application user; none with `seed`, like {@link database}. */
  public readonly user?: gcp.sql.User;
  /** The login roles' generated passwords, which a replica's document carries too. */
  public readonly roles: RolePasswords;
  /** The generated password of the user (with `seed`: the one the first instance set, inherited). */
  public readonly password: random.RandomPassword;
  /** The Secret Manager secret of the connection details (regional with `secretLocation`). */
  public readonly secret: ConnectionSecret['secret'];
  /** Its version holding the JSON. */
  public readonly secretVersion: ConnectionSecret['version'];

  /** `project:region:instance`, what the Cloud SQL Auth Proxy and connectors take. */
  public readonly connectionName: pulumi.Output<string>;
  /** The instance's DNS name, which its server certificate holds and a private zone resolves to its private IP. */
  public readonly host: pulumi.Output<string>;
  /** The private zone and record of that name. */
  public readonly dnsName: InstanceDnsName;
  /** Port of the server. */
  public readonly port: number = POSTGRES_PORT;
  /** Name of the application database. */
  public readonly databaseName: string;
  /** Name of the application user. */
  public readonly username: string;
  /** ID of the Secret Manager secret (the `remoteRef.key` External Secrets reads). */
  public readonly secretId: pulumi.Output<string>;

  constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super('production-stack:gcp:Postgres', name, {}, opts);
    const parent = { parent: this };
    const project = args.project;
    const protect = args.deletionProtection ?? true;
    const pg = resolvePostgres(args, 'gcp', name);
    this.databaseName = pg.databaseName;
    this.username = pg.username;
    const seed = args.seed;
    const replicating = seed !== undefined && !seed.promoted;

    this.instance = new gcp.sql.DatabaseInstance(
      `${name}-instance`,
      {
        databaseVersion: cloudSqlVersion(pg.engineVersion),
        region: args.region,
        project,
        deletionProtection: protect,
        // A seed is a replica until promoted: the Google provider promotes it in place when
        // `masterInstanceName` goes and `instanceType` becomes CLOUD_SQL_INSTANCE (see PostgresReplica).
        ...(seed === undefined
          ? {}
          : replicating
            ? { instanceType: 'READ_REPLICA_INSTANCE', masterInstanceName: seed.source }
            : { instanceType: 'CLOUD_SQL_INSTANCE' }),
        // No backups and no maintenance window on a replica (Cloud SQL refuses both); the promotion turns them on.
        settings: instanceSettings(args, !replicating),
      },
      {
        parent: this,
        ...databaseInstanceOptions(seed?.generation ?? 0, protect),
        // The private IP comes from the peered range, which must exist first.
        dependsOn: [args.network.connection],
        // Cloud SQL grows the disk itself (up to diskAutoresizeLimit); sending the initial size again would shrink it.
        ignoreChanges: ['settings.diskSize'],
      },
    );

    if (seed === undefined) {
      this.database = new gcp.sql.Database(
        `${name}-database`,
        // Postgres refuses to drop a database other users still own objects in: deleting only forgets it.
        { instance: this.instance.name, name: this.databaseName, project, deletionPolicy: 'ABANDON' },
        { parent: this, protect },
      );
    }
    // Kept with a seed: the password the first instance set, which the replicas inherited.
    this.password = new random.RandomPassword(`${name}-password`, { length: POSTGRES_PASSWORD_LENGTH, special: false }, parent);
    if (seed === undefined) {
      this.user = new gcp.sql.User(
        `${name}-user`,
        // Postgres refuses to drop a role that owns objects: deleting only forgets it.
        { instance: this.instance.name, name: this.username, password: this.password.result, project, deletionPolicy: 'ABANDON' },
        parent,
      );
    }

    this.roles = rolePasswords(name, args.roles ?? [], this);
    const port = this.port;
    const database = this.databaseName;
    const user = this.username;
    this.dnsName = instanceDnsName(
      name,
      { instance: this.instance, networkId: args.network.networkId, project, labels: args.labels },
      this,
    );
    const stored = connectionSecret(
      name,
      {
        key: args.secretKey,
        value: pulumi
          .all([this.dnsName.host, this.password.result, this.instance.serverCaCerts, this.roles.values])
          .apply(([host, password, certs, roles]) =>
            postgresConnection({ host, port, database, user, password, ca: caBundle(certs, `Cloud SQL instance ${name}`), roles }),
          ),
        labels: args.labels,
        project,
        location: args.secretLocation,
        // The user must exist before anyone reads its password (a seed's came with the instance).
        versionAfter: [this.dnsName.record, ...(this.user && this.database ? [this.user, this.database] : [])],
      },
      { parent: this },
    );
    this.secret = stored.secret;
    this.secretVersion = stored.version;

    this.connectionName = this.instance.connectionName;
    this.host = this.dnsName.host;
    this.secretId = this.secret.secretId;
    this.registerOutputs({ connectionName: this.connectionName, host: this.host, secretId: this.secretId });
  }
}
