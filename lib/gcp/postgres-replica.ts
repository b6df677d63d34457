/** A cross-region read replica of a Cloud SQL for PostgreSQL instance, promoted to a standalone database by one input. */
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';
import { postgresConnection } from '../core/datastore-connection';
import { cloudSqlVersion } from './cloudsql';
import { type InstanceDnsName, instanceDnsName } from './cloudsql-dns';
import { resolvePostgres } from '../core/resolve';
import { databaseInstanceOptions } from '../core/standby';
import { type InstanceSettingsArgs, type Postgres, instanceSettings } from './postgres';
import { type ConnectionSecret, caBundle, connectionSecret } from './secrets';

/** Arguments of {@link PostgresReplica}: the primary's settings (the replica matches them), where it runs, its secret. */
export interface PostgresReplicaArgs extends Omit<InstanceSettingsArgs, 'allowSingleZoneInProduction' | 'username'> {
  /** The primary, in another region: the replica follows its instance and shares its database, user and password, and its login roles. */
  readonly source: Postgres;
  /**
   * Promote the replica to a standalone, writable instance (the failover). The promotion is
   * one-way: setting this back to `false` does not turn the instance into a replica again
   * (Cloud SQL cannot demote a standalone instance; Pulumi would try to replace it, which
   * `protect` refuses); re-seed instead.
   * @default false
   */
  readonly promoted?: boolean;
  /**
   * How many times the replica has been re-seeded (after a failover and a failback): a new value
   * re-creates the instance as a new replica, under a new generated name (Pulumi's
   * `replacementTrigger`), and the one it replaces is forgotten, not deleted.
   * @default 0
   */
  readonly generation?: number;
  /** Region of the replica. */
  readonly region: string;
  /**
   * The secret-manager key of the connection details, the primary's: the replica stores them in a
   * regional secret of the same ID in its own region (see `ConnectionSecretArgs.location`).
   */
  readonly secretKey: string;
  /**
   * Project of every resource.
   * @default - the provider's project
   */
  readonly project?: pulumi.Input<string>;
}

/**
 * A cross-region read replica of a Cloud SQL for PostgreSQL instance, in the standby region:
 *
 * - `masterInstanceName` is the primary, `instanceType` `READ_REPLICA_INSTANCE`; the version, the
 *   database, the user and the password come from the primary (replication copies them);
 * - the primary's settings ({@link instanceSettings}): tier, edition, REGIONAL availability unless
 *   `highAvailability: false`, SSD growing up to `maxStorageGiB`, the same private network
 *   (a GCP VPC is global: the private services range serves every region), TLS only, the
 *   primary's flags (a replica needs at least its `max_connections`), Query Insights;
 * - no automated backups and no maintenance window while a replica (Cloud SQL refuses both: a replica
 *   is maintained with its primary), turned on with point-in-time recovery by the promotion, so the
 *   promoted database is backed up from its first day;
 * - deletion protection in the API and the provider, and `protect`;
 * - the connection details (the replica's address, the primary's credentials, the replica's CA) in
 *   a regional Secret Manager secret in the standby region under the primary's secret ID, where
 *   the standby cluster's External Secrets reads them (read-only until promoted).
 *
 * `promoted: true` sets `instanceType` to `CLOUD_SQL_INSTANCE` and leaves `masterInstanceName`
 * out, which the Google provider turns into a promotion of the same instance. Nothing that would
 * replace it (name, region, version, network) depends on `promoted`.
 *
 * Children are named `${name}-<role>`.
 */
export class PostgresReplica extends pulumi.ComponentResource {
  /** The replica (or, once promoted, the standalone instance). */
  public readonly instance: gcp.sql.DatabaseInstance;
  /** The regional secret of the connection details, in the replica's region. */
  public readonly secret: ConnectionSecret['secret'];
  /** Its version holding the JSON. */
  public readonly secretVersion: ConnectionSecret['version'];
  /** The instance's DNS name, which its server certificate holds and a private zone resolves to its private IP. */
  public readonly host: pulumi.Output<string>;
  /** The private zone and record of that name. */
  public readonly dnsName: InstanceDnsName;
  /** True once promoted. */
  public readonly promoted: boolean;

  constructor(name: string, args: PostgresReplicaArgs, opts?: pulumi.ComponentResourceOptions) {
    super('production-stack:gcp:PostgresReplica', name, {}, opts);
    const protect = args.deletionProtection ?? true;
    this.promoted = args.promoted ?? false;
    const source = args.source;
    this.instance = new gcp.sql.DatabaseInstance(
      `${name}-instance`,
      {
        databaseVersion: cloudSqlVersion(resolvePostgres(args, 'gcp', name).engineVersion),
        region: args.region,
        project: args.project,
        deletionProtection: protect,
        instanceType: this.promoted ? 'CLOUD_SQL_INSTANCE' : 'READ_REPLICA_INSTANCE',
        ...(this.promoted ? {} : { masterInstanceName: source.instance.name }),
        settings: instanceSettings(args, this.promoted),
      },
      {
        parent: this,
        ...databaseInstanceOptions(args.generation ?? 0, protect),
        dependsOn: [args.network.connection],
        // Cloud SQL grows the disk itself (up to diskAutoresizeLimit); sending the initial size again would shrink it.
        ignoreChanges: ['settings.diskSize'],
      },
    );
    const port = source.port;
    const database = source.databaseName;
    const user = source.username;
    this.dnsName = instanceDnsName(
      name,
      { instance: this.instance, networkId: args.network.networkId, project: args.project, labels: args.labels },
      this,
    );
    const stored = connectionSecret(
      name,
      {
        key: args.secretKey,
        value: pulumi
          .all([this.dnsName.host, source.password.result, this.instance.serverCaCerts, source.roles.values])
          .apply(([host, password, certs, roles]) =>
            postgresConnection({ host, port, database, user, password, ca: caBundle(certs, `Cloud SQL instance ${name}`), roles }),
          ),
        labels: args.labels,
        project: args.project,
        location: args.region,
        versionAfter: [this.dnsName.record],
      },
      { parent: this },
    );
    this.secret = stored.secret;
    this.secretVersion = stored.version;
    this.host = this.dnsName.host;
    this.registerOutputs({ host: this.host, secretId: this.secret.secretId });
  }
}
