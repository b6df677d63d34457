/** RDS for PostgreSQL: a Multi-AZ, encrypted, private instance whose credentials live in Secrets Manager. */
import { POSTGRES_PORT } from '../core/ports';
import * as aws from '../sdk/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { type RolePasswords, rolePasswords } from '../datastores/role-passwords';
import { resolvePostgres } from '../core/resolve';
import {
  LIBRARY_PARAMETERS,
  POSTGRES_PARAMETERS,
  cloudParameterValue,
  isStaticParameter,
  parameterError,
} from '../core/postgres-parameters';
import { databaseInstanceOptions } from '../core/standby';
import type { PostgresInstanceSpec } from '../datastores/postgres-instance';
import {
  type DatastoreClients,
  type DatastoreNetwork,
  RDS_CA_IDENTIFIER,
  majorVersion,
  maintenanceWindowAfter,
  rdsCaBundle,
} from './datastore';
import { type PostgresConnection, postgresConnection } from '../core/datastore-connection';
import { type DatastoreContext, clientSecurityGroup, datastoreKey } from './datastore-resources';
import { type Tags, named } from './tags';
import { refuseRenamedArgs } from './renamed';

/** Arguments of {@link Postgres}: the spec's database settings, plus where it runs and who connects. */
export interface PostgresArgs extends Omit<PostgresInstanceSpec, 'allowSingleZoneInProduction'> {
  /** The network, typically a {@link Network}: the VPC and its private subnets. */
  readonly network: DatastoreNetwork;
  /** The clients, typically a {@link Cluster}: only its security group may connect, on the database port. */
  readonly clients: DatastoreClients;
  /**
   * Name of the Secrets Manager secret the connection document is written to
   * (JSON: url, host, port, database, user, password). ProductionStack uses
   * `datastoreRemoteKey(stack, environment, 'postgres')`, which External Secrets reads.
   * @default - `${name}/connection`
   */
  readonly secretKey?: string;
  /**
   * The login roles to generate a password for (`${name}-role-<role>-password`): each is written, with its SCRAM
   * verifier and URL, into the connection document's `roles` (the master user's goes to its `admin`), so that each
   * use connects as a role of its own. ProductionStack gives the roles of `postgresRoles`
   * (lib/core/postgres-roles.ts), which its bootstrap Job creates. A replica's document carries the same.
   * @default - none
   */
  readonly roles?: readonly string[];
  /**
   * Days a deleted connection secret can still be restored (7 to 30).
   * @default 30
   */
  readonly secretRecoveryWindowDays?: number;
  /**
   * Refuse to delete the instance until this is turned off (besides Pulumi's `protect`).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Apply a change of the instance (its class, storage, Multi-AZ, windows, parameter group) during the
   * `pulumi up` that makes it, rather than in the next weekly maintenance window. A class change on a
   * Multi-AZ instance is then a failover to the resized standby, at the time of the `up`: connections are
   * refused for about a minute (clients must reconnect); on a single-zone instance, a restart of several
   * minutes. With `false` the `up` reports success while RDS keeps the old settings until the window (up
   * to a week), and each refresh plans the change again. Static parameters wait for a reboot either way
   * (`pending-reboot`).
   * @default true
   */
  readonly applyImmediately?: boolean;
  /**
   * Days Performance Insights keeps its data: 7 (free), or a multiple of 31 up to 731.
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;
  /**
   * Re-seeding after a failover: the instance is (re)created as a cross-region read replica of
   * `seed.sourceArn` (the promoted standby), with the same identifier, key, network and settings.
   * @default - a database of its own, created empty
   */
  readonly seed?: PostgresSeed;
  /**
   * Region of every resource (the per-resource region of the AWS provider v7).
   * @default - the provider's region
   */
  readonly region?: pulumi.Input<string>;
  /**
   * Labels of every resource (AWS tags), besides the `Name` tag each one gets.
   * @default - only `Name`
   */
  readonly labels?: Tags;
}

/**
 * A {@link Postgres} seeded from another region's database: its engine, version, database, user
 * and password come from the source (which took them from this database's first instance, so the
 * generated password and the connection document stay right). RDS takes no final snapshot of a
 * replica; once promoted, it takes one like any primary.
 */
export interface PostgresSeed {
  /** ARN of the source instance, in another region (a cross-region replica needs the ARN). */
  readonly sourceArn: pulumi.Input<string>;
  /**
   * Promote it to a standalone, writable database (the failback). One-way, like any promotion.
   * @default false
   */
  readonly promoted?: boolean;
  /**
   * How many times the database has been re-seeded (at least 1): a new value re-creates the instance
   * (Pulumi's `replacementTrigger`; the identifier must be free: rename the diverged one first).
   */
  readonly generation: number;
}

/** The port PostgreSQL listens on. */
export { POSTGRES_PORT };

/** The CloudWatch log exports of the instance. */
export const POSTGRES_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;

/** RDS's own parameter that refuses plaintext connections; the library always sets it to 1. */
export const RDS_FORCE_SSL = 'rds.force_ssl';

/**
 * The parameters RDS applies at once (`immediate`), from the table of the parameters the library accepts
 * (`POSTGRES_PARAMETERS`): every one PostgreSQL reloads without a restart on every major (context other than
 * `postmaster`) and RDS's Apply_Type calls dynamic, and `rds.force_ssl`. Every other one is applied at the
 * next reboot (`pending-reboot`, which RDS accepts for dynamic parameters too, whereas `immediate` on a
 * static one fails the whole parameter group update).
 */
export const DYNAMIC_POSTGRES_PARAMETERS: readonly string[] = [
  RDS_FORCE_SSL,
  ...Object.keys(POSTGRES_PARAMETERS).filter((name) => !isStaticParameter(name, 'aws')),
].sort();

/**
 * The value RDS takes for a PostgreSQL parameter: a bare number in the parameter's own unit (RDS refuses
 * `4GB` and `15min`: `shared_buffers: '4GB'` → `524288` 8 kB units, `checkpoint_timeout: '15min'` → `900`
 * s, `statement_timeout: '30s'` → `30000` ms), booleans as `1`/`0`, enum values in PostgreSQL's spelling
 * (see `convertParameter` in lib/core/postgres-parameters.ts). Throws, naming the parameter, for one the
 * library does not accept or RDS does not let you set, and for a value PostgreSQL would refuse or round.
 */
export function rdsParameterValue(name: string, value: string | number): string {
  return cloudParameterValue(name, value, 'aws');
}

/** A parameter of the parameter group, with how RDS applies it. */
export interface RdsParameter {
  readonly name: string;
  readonly value: string;
  readonly applyMethod: 'immediate' | 'pending-reboot';
}

/**
 * The parameter group's parameters, sorted by name: `rds.force_ssl=1` (no
 * plaintext connections), `max_connections`, and the given tuning in RDS's units (see
 * {@link rdsParameterValue}), each applied at once unless static (see {@link DYNAMIC_POSTGRES_PARAMETERS}).
 */
export function postgresParameters(maxConnections: number, parameters: Readonly<Record<string, string | number>> = {}): RdsParameter[] {
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(parameters)) {
    if (LIBRARY_PARAMETERS[k]) throw parameterError(k, v, LIBRARY_PARAMETERS[k]);
    all[k] = rdsParameterValue(k, v);
  }
  all['max_connections'] = rdsParameterValue('max_connections', maxConnections);
  all[RDS_FORCE_SSL] = '1';
  return Object.keys(all)
    .sort()
    .map((name) => ({
      name,
      value: all[name] as string,
      applyMethod: DYNAMIC_POSTGRES_PARAMETERS.includes(name) ? 'immediate' : 'pending-reboot',
    }));
}

/** The parameter group family of a PostgreSQL version (`15.4` → `postgres15`). */
export function postgresFamily(engineVersion: string): string {
  return `postgres${majorVersion(engineVersion)}`;
}

/**
 * A PostgreSQL database on RDS:
 *
 * - the engine version asked (a major version alone lets RDS apply minor upgrades without drift),
 * - gp3 storage that grows on its own up to `maxStorageGiB`, encrypted with a dedicated KMS key (yearly rotation),
 * - Multi-AZ (a synchronous standby in another zone) unless `highAvailability: false`,
 * - in the private subnets, not publicly accessible, reachable only from the clients' security group on 5432,
 * - a parameter group forcing TLS (`rds.force_ssl`), with `max_connections` and the given tuning in RDS's
 *   units (`'4GB'`, `'15min'` converted; static parameters applied at the next reboot),
 * - changes (class, storage, Multi-AZ) applied during the `up` that makes them, unless `applyImmediately: false`,
 * - automated backups kept `backupRetentionDays` (point-in-time recovery within them), a final
 *   snapshot on deletion, tags copied to snapshots,
 * - Performance Insights (encrypted with the same key), the postgresql and upgrade logs in CloudWatch,
 * - deletion protection, and Pulumi's `protect` on the instance and the key,
 * - the server certificate of `rds-ca-rsa2048-g1`, and a generated master password, kept only as a secret:
 *   the connection document (`postgresConnection`: a url that verifies the server, host, port, database,
 *   user, password, and `ca`, the region's RDS root CAs) goes to a Secrets Manager secret
 *   encrypted with the same key. Readers need `secretsmanager:GetSecretValue` on the secret and
 *   `kms:Decrypt` on the key.
 *
 * With `seed` (a re-seed after a failover), the instance is a cross-region read replica of another
 * region's database instead, under the same identifier, until `seed.promoted`.
 *
 * Children are named `${name}-<role>`.
 */
export class Postgres extends pulumi.ComponentResource {
  /** KMS key of the storage, Performance Insights and the connection secret. */
  public readonly key: aws.kms.Key;
  /** The subnet group: the network's private subnets. */
  public readonly subnetGroup: aws.rds.SubnetGroup;
  /** Security group of the instance. */
  public readonly securityGroup: aws.ec2.SecurityGroup;
  /** The one rule of the security group: the clients' security group on the database port. */
  public readonly clientIngress: aws.vpc.SecurityGroupIngressRule;
  /** The parameter group. */
  public readonly parameterGroup: aws.rds.ParameterGroup;
  /** The master password (its `result` is a secret). */
  public readonly password: random.RandomPassword;
  /** The RDS instance. */
  public readonly instance: aws.rds.Instance;
  /** The Secrets Manager secret of the connection document. */
  public readonly connectionSecret: aws.secretsmanager.Secret;
  /** The connection document's current version. */
  public readonly connectionSecretVersion: aws.secretsmanager.SecretVersion;

  /** The application database's name. */
  public readonly databaseName: string;
  /** The master user. */
  public readonly username: string;
  /** DNS name of the instance. */
  public readonly address: pulumi.Output<string>;
  /** Port of the instance. */
  public readonly port: pulumi.Output<number>;
  /** ARN of the connection secret. */
  public readonly connectionSecretArn: pulumi.Output<string>;
  /** The connection document, as a secret. */
  public readonly connection: pulumi.Output<PostgresConnection>;
  /** The login roles' generated passwords, which a replica's document carries too. */
  public readonly roles: RolePasswords;

  constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super('production-stack:aws:Postgres', name, {}, opts);
    refuseRenamedArgs(`aws.Postgres "${name}"`, args, ['tags', 'secretName']);
    const pg = resolvePostgres(args, 'aws', name);
    const tags = args.labels ?? {};
    const region = args.region;
    const parent = { parent: this };
    const engineVersion = pg.engineVersion;
    const database = pg.databaseName;
    const user = pg.username;
    const seed = args.seed;
    const replicating = seed !== undefined && !seed.promoted;
    this.databaseName = database;
    this.username = user;

    const context = { name, region, tags, parent: this };
    ({
      key: this.key,
      subnetGroup: this.subnetGroup,
      securityGroup: this.securityGroup,
      clientIngress: this.clientIngress,
      parameterGroup: this.parameterGroup,
    } = rdsFoundation(context, '', args));
    this.password = new random.RandomPassword(
      `${name}-password`,
      // RDS refuses '/', '@', '"' and spaces; these specials are also safe in a URL.
      { length: 32, special: true, overrideSpecial: '-_.~', minLower: 1, minUpper: 1, minNumeric: 1 },
      parent,
    );
    this.instance = new aws.rds.Instance(
      `${name}-db`,
      {
        ...rdsInstanceArgs(context, this, args, replicating),
        ...(seed === undefined
          ? {
              engine: 'postgres',
              engineVersion,
              allocatedStorage: pg.storageGiB,
              dbName: database,
              username: user,
              password: this.password.result,
            }
          : // Removing the source promotes the replica (PromoteReadReplica).
            { replicateSourceDb: seed.promoted ? undefined : seed.sourceArn }),
        allowMajorVersionUpgrade: false,
        performanceInsightsRetentionPeriod: args.performanceInsightsRetentionDays ?? 7,
      },
      { parent: this, ...databaseInstanceOptions(seed?.generation ?? 0) },
    );
    this.address = this.instance.address;
    this.port = this.instance.port;
    this.roles = rolePasswords(name, args.roles ?? [], this);
    this.connection = pulumi.secret(
      pulumi
        .all([this.instance.address, this.instance.port, this.password.result, this.instance.arn, this.roles.values])
        .apply(([host, port, password, arn, roles]) =>
          postgresConnection({ host, port, database, user, password, ca: rdsCaBundle(arn), roles }),
        ),
    );
    ({ secret: this.connectionSecret, version: this.connectionSecretVersion } = rdsConnectionSecret(
      context,
      this.key,
      this.connection,
      args.secretKey,
      args.secretRecoveryWindowDays ?? 30,
    ));
    this.connectionSecretArn = this.connectionSecret.arn;
    this.registerOutputs({ address: this.address, port: this.port, connectionSecretArn: this.connectionSecretArn });
  }
}

/** What an RDS PostgreSQL instance stands on, primary or cross-region replica. */
export interface RdsFoundation {
  /** KMS key of its storage, Performance Insights and connection secret. */
  readonly key: aws.kms.Key;
  readonly subnetGroup: aws.rds.SubnetGroup;
  readonly securityGroup: aws.ec2.SecurityGroup;
  /** The one rule of the security group: the clients' security group on the database port. */
  readonly clientIngress: aws.vpc.SecurityGroupIngressRule;
  readonly parameterGroup: aws.rds.ParameterGroup;
}

/** The settings of a primary that its foundation and instance read (a replica takes the primary's). */
type RdsSettings = Omit<PostgresInstanceSpec, 'allowSingleZoneInProduction' | 'databaseName' | 'username'> &
  Pick<PostgresArgs, 'network' | 'clients' | 'deletionProtection' | 'applyImmediately'>;

/**
 * The KMS key (`<name>-key`), subnet group, security group admitting only the clients on 5432, and parameter
 * group of the RDS PostgreSQL instance `c.name` (its identifier); `keyNote` ends the key's description.
 */
export function rdsFoundation(c: DatastoreContext, keyNote: string, args: RdsSettings): RdsFoundation {
  const pg = resolvePostgres(args, 'aws', c.name);
  const identifier = c.name;
  const key = datastoreKey(c, `Storage, Performance Insights and connection secret of RDS instance ${identifier}${keyNote}`);
  const subnetGroup = rdsSubnetGroup(c, identifier, args.network);
  const { securityGroup, clientIngress } = clientSecurityGroup(c, {
    network: args.network,
    clients: args.clients,
    port: POSTGRES_PORT,
    description: `RDS instance ${identifier}: PostgreSQL from the cluster only`,
    ruleDescription: 'PostgreSQL from the EKS cluster security group (nodes and pods)',
  });
  const parameterGroup = postgresParameterGroup(c, identifier, pg.engineVersion, pg.maxConnections, args.parameters);
  return { key, subnetGroup, securityGroup, clientIngress, parameterGroup };
}

/**
 * The instance settings a primary and its cross-region replica share, named after the component `c.name`
 * (its identifier): class, gp3 storage growing to `maxStorageGiB`, encryption and Performance Insights with the
 * foundation's key, Multi-AZ, private, its subnet, security and parameter groups, backups and their window, the
 * maintenance window after it, a final snapshot unless `replicating` (RDS takes none of a replica), deletion
 * protection, changes applied at once unless `applyImmediately: false`, minor upgrades, the log exports.
 */
export function rdsInstanceArgs(c: DatastoreContext, f: RdsFoundation, args: RdsSettings, replicating: boolean): aws.rds.InstanceArgs {
  const pg = resolvePostgres(args, 'aws', c.name);
  const backupWindow = pg.backupWindow;
  return {
    identifier: c.name,
    instanceClass: pg.instanceClass,
    maxAllocatedStorage: pg.maxStorageGiB,
    storageType: 'gp3',
    storageEncrypted: true,
    kmsKeyId: f.key.arn,
    multiAz: pg.highAvailability,
    publiclyAccessible: false,
    dbSubnetGroupName: f.subnetGroup.name,
    vpcSecurityGroupIds: [f.securityGroup.id],
    parameterGroupName: f.parameterGroup.name,
    port: POSTGRES_PORT,
    caCertIdentifier: RDS_CA_IDENTIFIER,
    backupRetentionPeriod: pg.backupRetentionDays,
    backupWindow,
    maintenanceWindow: maintenanceWindowAfter(backupWindow),
    deleteAutomatedBackups: false,
    copyTagsToSnapshot: true,
    ...(replicating ? { skipFinalSnapshot: true } : { skipFinalSnapshot: false, finalSnapshotIdentifier: `${c.name}-final` }),
    deletionProtection: args.deletionProtection ?? true,
    // a resize asked for is made now, not silently deferred to the maintenance window (see PostgresArgs.applyImmediately)
    applyImmediately: args.applyImmediately ?? true,
    autoMinorVersionUpgrade: true,
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: f.key.arn,
    enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
    region: c.region,
    tags: named(c.tags, `${c.name}-db`),
  };
}

/**
 * The Secrets Manager secret `<name>-connection` (named `secretKey`, default `<name>/connection`) of an RDS
 * instance's connection document, encrypted with `key`, and its version `<name>-connection-value`, a secret.
 */
export function rdsConnectionSecret(
  c: DatastoreContext,
  key: aws.kms.Key,
  connection: pulumi.Output<PostgresConnection>,
  secretKey: string | undefined,
  recoveryWindowInDays: number,
): { secret: aws.secretsmanager.Secret; version: aws.secretsmanager.SecretVersion } {
  const parent = { parent: c.parent };
  const secret = new aws.secretsmanager.Secret(
    `${c.name}-connection`,
    {
      name: secretKey ?? `${c.name}/connection`,
      description: `Connection to RDS instance ${c.name} (url, host, port, database, user, password)`,
      kmsKeyId: key.arn,
      recoveryWindowInDays,
      region: c.region,
      tags: named(c.tags, `${c.name}-connection`),
    },
    parent,
  );
  const version = new aws.secretsmanager.SecretVersion(
    `${c.name}-connection-value`,
    { secretId: secret.id, secretString: pulumi.secret(connection.apply((doc) => JSON.stringify(doc))), region: c.region },
    parent,
  );
  return { secret, version };
}

/** The subnet group of an RDS instance (`<name>-subnet-group`): the private subnets, one per zone. */
export function rdsSubnetGroup(c: DatastoreContext, identifier: string, network: DatastoreNetwork): aws.rds.SubnetGroup {
  return new aws.rds.SubnetGroup(
    `${c.name}-subnet-group`,
    {
      description: `Private subnets of RDS instance ${identifier}`,
      subnetIds: network.privateSubnetIds,
      region: c.region,
      tags: named(c.tags, `${c.name}-subnet-group`),
    },
    { parent: c.parent },
  );
}

/**
 * The parameter group of a PostgreSQL instance (`<name>-params`): the family of its major version,
 * {@link postgresParameters}. A new major version needs a new family, so Pulumi creates the new group
 * before dropping the old one.
 */
export function postgresParameterGroup(
  c: DatastoreContext,
  identifier: string,
  engineVersion: string,
  maxConnections: number,
  parameters: PostgresArgs['parameters'],
): aws.rds.ParameterGroup {
  return new aws.rds.ParameterGroup(
    `${c.name}-params`,
    {
      description: `PostgreSQL ${majorVersion(engineVersion)} settings of RDS instance ${identifier}`,
      family: postgresFamily(engineVersion),
      parameters: postgresParameters(maxConnections, parameters),
      region: c.region,
      tags: named(c.tags, `${c.name}-params`),
    },
    { parent: c.parent },
  );
}
