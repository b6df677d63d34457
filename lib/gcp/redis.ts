/** Memorystore for Redis: highly available, AUTH and TLS on, private service access, its connection details in Secret Manager. */
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';
import { resolveGcpRedis, resolveRedis } from '../core/resolve';
import type { GcpRedisSpec, RedisSpec } from '../core/spec/datastores';
import type { MaintenanceWindow } from './cloudsql';
import { redisConnection } from '../core/datastore-connection';
import { refuseCloudSections } from '../core/validation/component-args';
import { MAXMEMORY_POLICIES, type RdbSnapshotPeriod, memorystoreNodeProblems, memorystoreNodes, memorystoreVersion } from './memorystore';
import type { PrivateServiceAccess } from './private-services';
import { type ConnectionSecret, caBundle, connectionSecret } from './secrets';

/** Default maintenance window of Memorystore: Sunday 05:00 UTC, an hour after Cloud SQL's. */
export const REDIS_MAINTENANCE_WINDOW: MaintenanceWindow = { day: 'SUNDAY', hourUtc: 5 };

/** Default RDB snapshot period: hourly, within the guides' one-hour recovery point. */
export const DEFAULT_RDB_SNAPSHOT_PERIOD: RdbSnapshotPeriod = 'ONE_HOUR';

/**
 * Arguments of {@link Redis}: the stack's {@link RedisSpec} and its `gcp` settings side by side (same names and
 * defaults) plus where the instance runs and where its connection details go.
 */
export interface RedisArgs extends Omit<RedisSpec, 'aws' | 'gcp' | 'allowSingleZoneInProduction'>, GcpRedisSpec {
  /** The VPC and its private service access, typically `Network.privateServiceAccess`. */
  readonly network: PrivateServiceAccess;
  /** Region of the instance. */
  readonly region: pulumi.Input<string>;
  /**
   * The secret-manager key of the connection details, `datastoreRemoteKey(stack, environment, 'redis')`;
   * the Secret Manager secret ID is this key with `/` replaced by `-` (see {@link secretId}).
   */
  readonly secretKey: string;
  /**
   * Region of a regional secret for the connection details (see `ConnectionSecretArgs.location`).
   * @default - a global secret
   */
  readonly secretLocation?: string;
  /**
   * Weekly maintenance window (spec field wanted: `redis.maintenanceWindow`).
   * @default - Sunday 05:00 UTC
   */
  readonly maintenanceWindow?: MaintenanceWindow;
  /**
   * How often an RDB snapshot is written (spec field wanted: `redis.snapshotPeriod`).
   * @default 'ONE_HOUR'
   */
  readonly rdbSnapshotPeriod?: RdbSnapshotPeriod;
  /**
   * Refuse to delete the instance: `protect` on the Pulumi resource and deletion protection in the provider.
   * @default true
   */
  readonly deletionProtection?: boolean;
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
 * A Memorystore for Redis instance for production:
 *
 * - `STANDARD_HA` (a replica in another zone, automatic failover) unless
 *   `highAvailability: false` (`BASIC`, one node); with `nodes` 3 to 6, read
 *   replicas (`READ_REPLICAS_ENABLED`, `replicaCount` nodes - 1, a read
 *   endpoint: {@link readEndpoint}); the size asked (`memorySizeGiB`, 5 GB by
 *   default), Redis 7 (see {@link memorystoreVersion}),
 * - AUTH on and TLS in transit (`SERVER_AUTHENTICATION`: port 6378, clients
 *   verify the server with the instance's CA), the spec's `maxmemory-policy`,
 * - private service access on the VPC's allocated range, created after the
 *   Service Networking connection,
 * - RDB snapshots, a weekly maintenance window, `protect` and deletion protection,
 * - the connection details (`url` as `rediss://`, `host`, `port`, `password`
 *   (the AUTH string), and `ca`, the server CA bundle for TLS) as one JSON
 *   Secret Manager secret.
 *
 * Changing the tier or the transit encryption replaces the instance (and
 * empties it); the size, version, configuration and maintenance are changed in
 * place. Read replicas are created with a new instance of 3 nodes or more; an
 * existing instance needs them turned on first, with a range for the new nodes
 * (`gcloud redis instances update <id> --region <region>
 * --read-replicas-mode=READ_REPLICAS_ENABLED --secondary-ip-range=auto
 * --replica-count=<nodes - 1>`), then the `up` that raises `nodes`. Memorystore
 * never turns them off: fewer than 3 nodes afterwards sends neither setting
 * and leaves the replicas as they are.
 *
 * Children are named `${name}-<role>`.
 */
export class Redis extends pulumi.ComponentResource {
  /** The Memorystore instance. */
  public readonly instance: gcp.redis.Instance;
  /** The Secret Manager secret of the connection details (regional with `secretLocation`). */
  public readonly secret: ConnectionSecret['secret'];
  /** Its version holding the JSON. */
  public readonly secretVersion: ConnectionSecret['version'];

  /** Private IP of the instance. */
  public readonly host: pulumi.Output<string>;
  /** Port of the instance (6378 with TLS). */
  public readonly port: pulumi.Output<number>;
  /**
   * Private IP of the read endpoint, which spreads reads over the replicas (they lag the primary a little), with
   * read replicas on (3 nodes or more); empty otherwise. Not in the connection details, as on AWS.
   */
  public readonly readEndpoint: pulumi.Output<string>;
  /** Port of the read endpoint (with read replicas on). */
  public readonly readEndpointPort: pulumi.Output<number>;
  /** PEM bundle of the server CA, for clients' TLS verification. */
  public readonly serverCa: pulumi.Output<string>;
  /** ID of the Secret Manager secret (the `remoteRef.key` External Secrets reads). */
  public readonly secretId: pulumi.Output<string>;

  constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
    super('production-stack:gcp:Redis', name, {}, opts);
    refuseCloudSections(`gcp.Redis "${name}"`, args);
    const project = args.project;
    const protect = args.deletionProtection ?? true;
    const redis = { ...resolveRedis(args, 'gcp', []), ...resolveGcpRedis(args) };
    const policy = redis.maxmemoryPolicy;
    if (!MAXMEMORY_POLICIES.includes(policy))
      throw new Error(`maxmemoryPolicy "${policy}" must be one of ${MAXMEMORY_POLICIES.join(', ')}`);
    const maintenance = args.maintenanceWindow ?? REDIS_MAINTENANCE_WINDOW;
    const refused = memorystoreNodeProblems(args);
    if (refused.length > 0) throw new Error(refused.map((m) => `${m.field} ${m.rule.replace('{value}', String(m.value))}`).join('; '));
    const nodes = memorystoreNodes(redis.nodes, redis.highAvailability);

    this.instance = new gcp.redis.Instance(
      `${name}-instance`,
      {
        displayName: `Redis of ${name}`,
        region: args.region,
        project,
        tier: nodes.tier,
        // Read replicas with 3 nodes or more. Otherwise neither is sent, which leaves both as they are: Memorystore
        // refuses a replica count without read replicas ("Setting replica count requires read-replicas-mode to be
        // READ_REPLICAS_ENABLED") and never turns them off. No secondaryIpRange: the API ignores it at creation
        // (a value it does not store would be a change at every up); see the class comment for an existing instance.
        ...(nodes.readReplicas ? { readReplicasMode: 'READ_REPLICAS_ENABLED', replicaCount: nodes.replicaCount } : {}),
        memorySizeGb: redis.memorySizeGiB,
        redisVersion: memorystoreVersion(redis.engineVersion),
        authEnabled: true,
        transitEncryptionMode: 'SERVER_AUTHENTICATION',
        connectMode: 'PRIVATE_SERVICE_ACCESS',
        authorizedNetwork: args.network.networkId,
        reservedIpRange: args.network.rangeName,
        redisConfigs: { 'maxmemory-policy': policy },
        persistenceConfig: { persistenceMode: 'RDB', rdbSnapshotPeriod: args.rdbSnapshotPeriod ?? DEFAULT_RDB_SNAPSHOT_PERIOD },
        maintenancePolicy: {
          weeklyMaintenanceWindows: [{ day: maintenance.day, startTime: { hours: maintenance.hourUtc, minutes: 0, seconds: 0, nanos: 0 } }],
        },
        deletionProtection: protect,
        labels: { ...args.labels },
      },
      {
        parent: this,
        protect,
        // The instance takes its IP from the peered range, which must exist first.
        dependsOn: [args.network.connection],
      },
    );

    this.host = this.instance.host;
    this.port = this.instance.port;
    this.readEndpoint = this.instance.readEndpoint;
    this.readEndpointPort = this.instance.readEndpointPort;
    this.serverCa = this.instance.serverCaCerts.apply((certs) => caBundle(certs, `Memorystore instance ${name}`));
    const stored = connectionSecret(
      name,
      {
        key: args.secretKey,
        value: pulumi
          .all([this.instance.host, this.instance.port, this.instance.authString, this.serverCa])
          .apply(([host, port, password, ca]) => redisConnection({ host, port, password, ca })),
        labels: args.labels,
        project,
        location: args.secretLocation,
      },
      { parent: this },
    );
    this.secret = stored.secret;
    this.secretVersion = stored.version;
    this.secretId = this.secret.secretId;
    this.registerOutputs({
      host: this.host,
      port: this.port,
      readEndpoint: this.readEndpoint,
      readEndpointPort: this.readEndpointPort,
      secretId: this.secretId,
    });
  }
}
