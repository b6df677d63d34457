/** ElastiCache for Redis: an encrypted replication group with failover across zones and an AUTH token in Secrets Manager. */
import { REDIS_PORT } from '../core/ports';
import { createHash } from 'crypto';
import * as aws from '../sdk/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { resolveAwsRedis, resolveRedis } from '../core/resolve';
import type { AwsRedisSpec, RedisSpec } from '../core/spec/datastores';
import { type RedisConnection, redisConnection } from '../core/datastore-connection';
import { type DatastoreClients, type DatastoreNetwork, elastiCacheCaBundle, majorVersion, maintenanceWindowAfter } from './datastore';
import { clientSecurityGroup, datastoreKey } from './datastore-resources';
import { type Tags, named } from './tags';
import { refuseRenamedArgs } from './renamed';
import { refuseCloudSections } from '../core/validation/component-args';

/** Arguments of {@link Redis}: the spec's Redis settings and its `aws` ones side by side, plus where it runs and who connects. */
export interface RedisArgs extends Omit<RedisSpec, 'aws' | 'gcp' | 'allowSingleZoneInProduction'>, AwsRedisSpec {
  /** The network, typically a {@link Network}: the VPC and its private subnets. */
  readonly network: DatastoreNetwork;
  /** The clients, typically a {@link Cluster}: only its security group may connect, on the Redis port. */
  readonly clients: DatastoreClients;
  /**
   * Name of the Secrets Manager secret the connection document is written to
   * (JSON: url, host, port, password). ProductionStack uses
   * `datastoreRemoteKey(stack, environment, 'redis')`, which External Secrets reads.
   * @default - `${name}/connection`
   */
  readonly secretKey?: string;
  /**
   * Days a deleted connection secret can still be restored (7 to 30).
   * @default 30
   */
  readonly secretRecoveryWindowDays?: number;
  /**
   * Daily snapshot window, UTC, `HH:MM-HH:MM`. The weekly maintenance window starts an hour after it ends.
   * @default '03:00-04:00'
   */
  readonly snapshotWindow?: string;
  /**
   * Apply a change of the replication group (node type, engine version, parameter group, windows) during the
   * `pulumi up` that makes it, rather than in the next weekly maintenance window. A node type change is
   * ElastiCache's online scaling: new nodes are filled while the old ones serve, then a failover switches
   * over (writes fail for a few seconds, clients reconnect). With `false` the `up` reports success while the
   * old node type serves until the window, and each refresh plans the change again. A node count change is
   * applied at once either way.
   * @default true
   */
  readonly applyImmediately?: boolean;
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

/** The port Redis listens on. */
export { REDIS_PORT };

/** Daily snapshot window when none is given, UTC. */
export const DEFAULT_SNAPSHOT_WINDOW = '03:00-04:00';

/** Longest replication group ID ElastiCache accepts. */
export const MAX_REPLICATION_GROUP_ID_LENGTH = 40;

/**
 * The replication group ID of a component: its name, lowercased; a name
 * longer than ElastiCache's 40 characters is cut and ends with a hash of the
 * whole name, so the ID stays unique and never changes for a given name.
 */
export function replicationGroupId(name: string): string {
  const id = name.toLowerCase();
  if (id.length <= MAX_REPLICATION_GROUP_ID_LENGTH) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 6);
  return `${id.slice(0, MAX_REPLICATION_GROUP_ID_LENGTH - 7).replace(/-+$/, '')}-${hash}`;
}

/**
 * The ElastiCache parameter group family of a Redis version: `redis7` for 7.x, `redis6.x` for 6.0 and 6.2
 * (ElastiCache's families are `redis2.6` … `redis5.0`, `redis6.x`, `redis7`).
 */
export function redisFamily(engineVersion: string): string {
  const major = majorVersion(engineVersion);
  return major === '6' ? 'redis6.x' : `redis${major}`;
}

/**
 * A Redis replication group on ElastiCache:
 *
 * - the engine version asked (7.1 by default), `nodes` nodes of `nodeType` (one primary, the rest replicas),
 * - automatic failover and Multi-AZ unless `highAvailability: false` (or a single node),
 * - encryption at rest with a dedicated KMS key (yearly rotation) and in transit (TLS required),
 * - an AUTH token generated (letters and digits only: ElastiCache refuses most specials) and kept as a
 *   secret: the connection document (`rediss://` url, host, port, password) goes to a Secrets Manager
 *   secret encrypted with the same key,
 * - a parameter group with the spec's `maxmemory-policy`,
 * - daily snapshots kept `snapshotRetentionDays`, and a final snapshot on deletion,
 * - changes (node type, version) applied during the `up` that makes them, unless `applyImmediately: false`,
 * - in the private subnets, reachable only from the clients' security group on 6379,
 * - Pulumi's `protect` on the replication group and the key.
 *
 * Children are named `${name}-<role>`.
 */
export class Redis extends pulumi.ComponentResource {
  /** KMS key of the data at rest, the snapshots and the connection secret. */
  public readonly key: aws.kms.Key;
  /** The subnet group: the network's private subnets. */
  public readonly subnetGroup: aws.elasticache.SubnetGroup;
  /** Security group of the nodes. */
  public readonly securityGroup: aws.ec2.SecurityGroup;
  /** The one rule of the security group: the clients' security group on the Redis port. */
  public readonly clientIngress: aws.vpc.SecurityGroupIngressRule;
  /** The parameter group. */
  public readonly parameterGroup: aws.elasticache.ParameterGroup;
  /** The AUTH token (its `result` is a secret). */
  public readonly authToken: random.RandomPassword;
  /** The replication group. */
  public readonly replicationGroup: aws.elasticache.ReplicationGroup;
  /** The Secrets Manager secret of the connection document. */
  public readonly connectionSecret: aws.secretsmanager.Secret;
  /** The connection document's current version. */
  public readonly connectionSecretVersion: aws.secretsmanager.SecretVersion;

  /** DNS name of the primary endpoint. */
  public readonly primaryEndpoint: pulumi.Output<string>;
  /** DNS name of the reader endpoint (spreads reads over the replicas). */
  public readonly readerEndpoint: pulumi.Output<string>;
  /** ARN of the connection secret. */
  public readonly connectionSecretArn: pulumi.Output<string>;
  /** The connection document, as a secret. */
  public readonly connection: pulumi.Output<RedisConnection>;

  constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
    super('production-stack:aws:Redis', name, {}, opts);
    refuseRenamedArgs(`aws.Redis "${name}"`, args, ['tags', 'secretName']);
    refuseCloudSections(`aws.Redis "${name}"`, args);
    const redis = { ...resolveRedis(args, 'aws', []), ...resolveAwsRedis(args) };
    const tags = args.labels ?? {};
    const region = args.region;
    const parent = { parent: this };
    const id = replicationGroupId(name);
    const engineVersion = redis.engineVersion;
    const nodes = redis.nodes;
    const failover = redis.highAvailability && nodes >= 2;
    const snapshotWindow = args.snapshotWindow ?? DEFAULT_SNAPSHOT_WINDOW;

    const context = { name, region, tags, parent: this };
    this.key = datastoreKey(context, `Data at rest, snapshots and connection secret of ElastiCache replication group ${id}`);
    this.subnetGroup = new aws.elasticache.SubnetGroup(
      `${name}-subnet-group`,
      {
        description: `Private subnets of ElastiCache replication group ${id}`,
        subnetIds: args.network.privateSubnetIds,
        region,
        tags: named(tags, `${name}-subnet-group`),
      },
      parent,
    );
    ({ securityGroup: this.securityGroup, clientIngress: this.clientIngress } = clientSecurityGroup(context, {
      network: args.network,
      clients: args.clients,
      port: REDIS_PORT,
      description: `ElastiCache replication group ${id}: Redis from the cluster only`,
      ruleDescription: 'Redis from the EKS cluster security group (nodes and pods)',
    }));
    this.parameterGroup = new aws.elasticache.ParameterGroup(
      `${name}-params`,
      {
        description: `Redis ${majorVersion(engineVersion)} settings of ElastiCache replication group ${id}`,
        family: redisFamily(engineVersion),
        parameters: [{ name: 'maxmemory-policy', value: redis.maxmemoryPolicy }],
        region,
        tags: named(tags, `${name}-params`),
      },
      parent,
    );
    this.authToken = new random.RandomPassword(`${name}-auth-token`, { length: 64, special: false }, parent);
    this.replicationGroup = new aws.elasticache.ReplicationGroup(
      `${name}-replication-group`,
      {
        replicationGroupId: id,
        description: `Redis of ${name}`,
        engine: 'redis',
        engineVersion,
        nodeType: redis.nodeType,
        numCacheClusters: nodes,
        automaticFailoverEnabled: failover,
        multiAzEnabled: failover,
        port: REDIS_PORT,
        parameterGroupName: this.parameterGroup.name,
        subnetGroupName: this.subnetGroup.name,
        securityGroupIds: [this.securityGroup.id],
        atRestEncryptionEnabled: true,
        kmsKeyId: this.key.arn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: 'required',
        authToken: this.authToken.result,
        snapshotRetentionLimit: redis.snapshotRetentionDays,
        snapshotWindow,
        maintenanceWindow: maintenanceWindowAfter(snapshotWindow),
        finalSnapshotIdentifier: `${id}-final`,
        autoMinorVersionUpgrade: true,
        // a resize asked for is made now, not silently deferred to the maintenance window (see RedisArgs.applyImmediately)
        applyImmediately: args.applyImmediately ?? true,
        region,
        tags: named(tags, `${name}-replication-group`),
      },
      { parent: this, protect: true },
    );
    this.primaryEndpoint = this.replicationGroup.primaryEndpointAddress;
    this.readerEndpoint = this.replicationGroup.readerEndpointAddress;
    this.connection = pulumi.secret(
      pulumi
        .all([this.replicationGroup.primaryEndpointAddress, this.authToken.result])
        .apply(([host, password]) => redisConnection({ host, port: REDIS_PORT, password, ca: elastiCacheCaBundle() })),
    );
    this.connectionSecret = new aws.secretsmanager.Secret(
      `${name}-connection`,
      {
        name: args.secretKey ?? `${name}/connection`,
        description: `Connection to ElastiCache replication group ${id} (url, host, port, password)`,
        kmsKeyId: this.key.arn,
        recoveryWindowInDays: args.secretRecoveryWindowDays ?? 30,
        region,
        tags: named(tags, `${name}-connection`),
      },
      parent,
    );
    this.connectionSecretVersion = new aws.secretsmanager.SecretVersion(
      `${name}-connection-value`,
      { secretId: this.connectionSecret.id, secretString: pulumi.secret(this.connection.apply((c) => JSON.stringify(c))), region },
      parent,
    );
    this.connectionSecretArn = this.connectionSecret.arn;
    this.registerOutputs({
      primaryEndpoint: this.primaryEndpoint,
      readerEndpoint: this.readerEndpoint,
      connectionSecretArn: this.connectionSecretArn,
    });
  }
}
