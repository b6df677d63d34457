/** A cross-region read replica of an RDS PostgreSQL instance, promoted to a standalone database by one input. */
import * as aws from '../sdk/aws';
import * as pulumi from '@pulumi/pulumi';
import { databaseInstanceOptions } from '../core/standby';
import type { PostgresInstanceSpec } from '../datastores/postgres-instance';
import { type PostgresConnection, postgresConnection } from '../core/datastore-connection';
import { type DatastoreClients, type DatastoreNetwork, rdsCaBundle } from './datastore';
import { type Postgres, rdsConnectionSecret, rdsFoundation, rdsInstanceArgs } from './postgres';
import type { Tags } from './tags';
import { refuseRenamedArgs } from './renamed';

/** Arguments of {@link PostgresReplica}: the primary's settings (the replica matches them), its network and clients. */
export interface PostgresReplicaArgs extends Omit<PostgresInstanceSpec, 'allowSingleZoneInProduction' | 'databaseName' | 'username'> {
  /** The primary, in another region: the replica follows its instance and shares its database, user and password, and its login roles. */
  readonly source: Postgres;
  /**
   * Promote the replica to a standalone, writable database (the failover). The promotion is
   * one-way: setting this back to `false` does not turn the database into a replica again
   * (Pulumi would try to replace it, which `protect` refuses); re-seed instead.
   * @default false
   */
  readonly promoted?: boolean;
  /**
   * How many times the replica has been re-seeded (after a failover and a failback): a new value
   * re-creates the instance as a new replica (Pulumi's `replacementTrigger`; the identifier must be
   * free: rename the diverged one first), and the one it replaces is forgotten, not deleted.
   * @default 0
   */
  readonly generation?: number;
  /** The network of the replica's region, typically the standby {@link Network}. */
  readonly network: DatastoreNetwork;
  /** The clients in the replica's region, typically the standby {@link Cluster}. */
  readonly clients: DatastoreClients;
  /**
   * Name of the Secrets Manager secret (in the replica's region) of the connection document, which
   * carries the replica's address and the primary's credentials.
   * @default - `${name}/connection`
   */
  readonly secretKey?: string;
  /**
   * Refuse to delete the instance until this is turned off (besides Pulumi's `protect`).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Apply a change of the replica (class, storage, Multi-AZ) during the `pulumi up` that makes it, not in the
   * next maintenance window; see `PostgresArgs.applyImmediately`.
   * @default true
   */
  readonly applyImmediately?: boolean;
  /** Region of the replica and of everything it needs (key, subnet group, parameter group, secret). */
  readonly region: pulumi.Input<string>;
  /**
   * Labels of every resource (AWS tags), besides the `Name` tag each one gets.
   * @default - only `Name`
   */
  readonly labels?: Tags;
}

/**
 * A cross-region read replica of an RDS PostgreSQL instance, in the standby region:
 *
 * - `replicateSourceDb` is the primary's ARN (a cross-region replica needs the ARN), and the
 *   engine, version, database, user and password come from the primary;
 * - the same instance class, Multi-AZ unless `highAvailability: false`, gp3 storage growing up
 *   to `maxStorageGiB`, encrypted with the replica's own KMS key (a KMS key never leaves its
 *   region: RDS re-encrypts the replication stream with it), Performance Insights with that key;
 * - its own subnet group, security group (the standby cluster's security group on 5432 only) and
 *   parameter group (the primary's parameters: a replica needs at least the primary's `max_connections`);
 * - automated backups kept `backupRetentionDays`, so the promoted database has point-in-time
 *   recovery from its first minute;
 * - deletion protection and Pulumi's `protect` on the instance and the key;
 * - a connection secret in the standby region under `secretKey`, so External Secrets there finds
 *   the same document as in the primary region (read-only until promoted).
 *
 * `promoted: true` leaves `replicateSourceDb` out, which the AWS provider turns into
 * PromoteReadReplica: the same instance, now writable. Nothing that would replace it
 * (identifier, key, subnet group) depends on `promoted`.
 *
 * A replica is deleted without a final snapshot (RDS refuses one), the promoted database with one;
 * `protect` and deletion protection keep either from being deleted by accident.
 *
 * Children are named `${name}-<role>`.
 */
export class PostgresReplica extends pulumi.ComponentResource {
  /** KMS key of the replica's storage, Performance Insights and connection secret, in its region. */
  public readonly key: aws.kms.Key;
  /** The subnet group: the standby network's private subnets. */
  public readonly subnetGroup: aws.rds.SubnetGroup;
  /** Security group of the replica. */
  public readonly securityGroup: aws.ec2.SecurityGroup;
  /** The one rule of the security group: the clients' security group on the database port. */
  public readonly clientIngress: aws.vpc.SecurityGroupIngressRule;
  /** The parameter group, with the primary's parameters. */
  public readonly parameterGroup: aws.rds.ParameterGroup;
  /** The RDS instance: a read replica, or the promoted database. */
  public readonly instance: aws.rds.Instance;
  /** The Secrets Manager secret of the connection document, in the replica's region. */
  public readonly connectionSecret: aws.secretsmanager.Secret;
  /** The connection document's current version. */
  public readonly connectionSecretVersion: aws.secretsmanager.SecretVersion;
  /** DNS name of the instance. */
  public readonly address: pulumi.Output<string>;
  /** The connection document, as a secret. */
  public readonly connection: pulumi.Output<PostgresConnection>;

  constructor(name: string, args: PostgresReplicaArgs, opts?: pulumi.ComponentResourceOptions) {
    super('production-stack:aws:PostgresReplica', name, {}, opts);
    refuseRenamedArgs(`aws.PostgresReplica "${name}"`, args, ['tags', 'secretName']);
    const tags = args.labels ?? {};
    const region = args.region;

    const context = { name, region, tags, parent: this };
    ({
      key: this.key,
      subnetGroup: this.subnetGroup,
      securityGroup: this.securityGroup,
      clientIngress: this.clientIngress,
      parameterGroup: this.parameterGroup,
    } = rdsFoundation(context, ' (cross-region replica)', args));
    this.instance = new aws.rds.Instance(
      `${name}-db`,
      {
        ...rdsInstanceArgs(context, this, args, !args.promoted),
        // Removing the source promotes the replica (PromoteReadReplica); engine, version, user and password are the primary's.
        replicateSourceDb: args.promoted ? undefined : args.source.instance.arn,
        performanceInsightsRetentionPeriod: 7,
      },
      { parent: this, ...databaseInstanceOptions(args.generation ?? 0) },
    );
    this.address = this.instance.address;
    const source = args.source;
    this.connection = pulumi.secret(
      pulumi
        .all([this.instance.address, this.instance.port, source.password.result, this.instance.arn, source.roles.values])
        .apply(([host, port, password, arn, roles]) =>
          postgresConnection({ host, port, database: source.databaseName, user: source.username, password, ca: rdsCaBundle(arn), roles }),
        ),
    );
    ({ secret: this.connectionSecret, version: this.connectionSecretVersion } = rdsConnectionSecret(
      context,
      this.key,
      this.connection,
      args.secretKey,
      30,
    ));
    this.registerOutputs({ address: this.address, connectionSecretArn: this.connectionSecret.arn });
  }
}
