/** The standby region of a stack on GCP: a subnet and cluster, the database replica, a Redis, failover DNS and notifications. */
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';
import { standbyMode } from '../core/resolve';
import { resolveNodePool } from '../core/validation/node-pool';
import { type SubnetRanges, secondSubnetRanges } from '../core/gcp-ranges';
import {
  FAILOVER_RECORD_TTL,
  type StandbyRoles,
  passiveIsFailoverTarget,
  regionDatabases,
  standbyActive,
  standbyNodes,
} from '../core/standby';
import { Cluster, type ClusterArgs } from './cluster';
import { resourceName } from './naming';
import { DEFAULT_FLOW_LOG_SAMPLING, type Network, regionalSubnet } from './network';
import { PostgresReplica, type PostgresReplicaArgs } from './postgres-replica';
import { Redis, type RedisArgs } from './redis';

/** Type token of {@link Standby}. */
export const GCP_STANDBY_TYPE = 'production-stack:gcp:Standby';

/** Regions the failover health check probes from besides the two of the stack (Cloud DNS wants exactly three). */
export const EXTRA_PROBE_REGIONS = ['us-central1', 'europe-west1', 'asia-east1'] as const;

/** The Cloud DNS failover record and its health check. */
export interface CloudDnsFailoverArgs {
  /** Name of the Cloud DNS managed zone that holds `name`. */
  readonly managedZone: string;
  /** The name clients use, e.g. `app.example.com` (without the trailing dot). */
  readonly name: string;
  /**
   * IPv4 address of each region's gateway load balancer, by region.
   * @default - for each region without one, a regional static external address reserved here (see
   *   `Standby.addresses`), which the region's gateway must be given
   */
  readonly targets?: Readonly<Record<string, string>>;
  /**
   * Path requested over HTTPS by the health check, with `name` as the host.
   * @default '/'
   */
  readonly healthCheckPath?: string;
  /**
   * Other names that fail over with `name`: an A record each (`-record-<host>`), to the same addresses with the
   * same routing policy and health check.
   * @default - none
   */
  readonly hosts?: readonly string[];
}

/** Arguments of {@link Standby}: its roles, and what it runs. */
export interface StandbyArgs extends StandbyRoles {
  /** The primary's VPC: a GCP VPC is global, so the standby adds a subnet, router and NAT in its region to it. */
  readonly network: Network;
  /**
   * The cluster, as the primary's; `nodes` is the **primary's** node pool, which the standby scales from.
   * @default - the {@link Cluster} defaults
   */
  readonly cluster?: Omit<ClusterArgs, 'network' | 'region' | 'labels' | 'project' | 'peerSubnets'>;
  /** A cross-region read replica of this primary database, with its settings. @default - no database */
  readonly postgres?: Omit<PostgresReplicaArgs, 'region' | 'promoted' | 'generation' | 'labels' | 'project'>;
  /**
   * A Memorystore instance of its own, with the primary's settings (Memorystore for Redis has no
   * cross-region replica: the cache starts cold after a failover).
   * @default - no Redis
   */
  readonly redis?: Omit<RedisArgs, 'network' | 'region' | 'secretLocation' | 'labels' | 'project'>;
  /** The Cloud DNS failover record. @default - no DNS record */
  readonly dns?: CloudDnsFailoverArgs;
  /**
   * Name of the Pub/Sub topic of the standby database's admin events (the promotion among them).
   * @default - `${name}-events`
   */
  readonly eventsTopicName?: string;
  /**
   * Labels of every resource (GCP label rules apply).
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
 * The ranges of the standby region's subnet in the primary's VPC ({@link secondSubnetRanges}): disjoint from the
 * primary's subnet, its pods and services ranges and the private services range.
 */
export function standbySubnetRanges(primary: Pick<Network, 'cidr' | 'ranges' | 'privateServiceAccess'>): SubnetRanges {
  return secondSubnetRanges(primary.cidr, [
    primary.ranges.pods,
    primary.ranges.services,
    ...(primary.privateServiceAccess ? [primary.privateServiceAccess.cidr] : []),
  ]);
}

/** The three regions a failover health check probes from: the stack's two, then the first others not among them. */
export function probeRegions(primaryRegion: string, standbyRegion: string): string[] {
  const others = EXTRA_PROBE_REGIONS.filter((r) => r !== primaryRegion && r !== standbyRegion);
  return [primaryRegion, standbyRegion, others[0]];
}

/**
 * The routing of the failover record, to the address of each region in `targets`. With `serveFromPassive` ({@link passiveIsFailoverTarget}: a warm
 * standby whose database replicates the active one), a primary/backup policy: the active region's
 * address while healthy, the passive one's when not (it serves reads from its replica until a flip
 * promotes it). Otherwise the active region's address only: a pilot light has no workloads running,
 * and after a failover the old primary's database has diverged until re-seeded, so sending clients
 * there would write into it (split brain).
 */
export function failoverRouting(
  targets: Readonly<Record<string, pulumi.Input<string>>>,
  activeRegion: string,
  passiveRegion: string,
  serveFromPassive: boolean,
  healthCheck: pulumi.Input<string>,
): Pick<gcp.dns.RecordSetArgs, 'rrdatas' | 'routingPolicy'> {
  const target = (region: string): pulumi.Input<string> => {
    const ip = targets[region];
    if (ip === undefined) throw new Error(`dns.targets has no address for region ${region}`);
    return ip;
  };
  if (!serveFromPassive) return { rrdatas: [target(activeRegion)] };
  return {
    routingPolicy: {
      healthCheck,
      primaryBackup: {
        primary: { externalEndpoints: [target(activeRegion)] },
        backupGeos: [{ location: passiveRegion, healthCheckedTargets: { externalEndpoints: [target(passiveRegion)] } }],
        trickleRatio: 0,
      },
    },
  };
}

/**
 * The standby region of a stack (GCP), a pilot light or warm standby that one input,
 * `activeRegion`, turns into the serving region:
 *
 * - a subnet, Cloud Router and NAT in the standby region, added to the primary's (global) VPC
 *   with ranges that overlap none of the primary's ({@link standbySubnetRanges}), and a
 *   {@link Cluster} there with the primary's settings, admitting the primary's subnet to its private API
 *   endpoint (the primary's cluster must admit the standby's: `peerSubnets`); its node pool autoscales from
 *   `standbyNodes` (the pilot light's 2 nodes, a third of the primary's for a warm standby, the
 *   primary's once active) to the primary's maximum;
 * - with `postgres`, a {@link PostgresReplica}: a cross-region Cloud SQL read replica on the same
 *   private services range, promoted when the standby becomes active, and a replica again once
 *   re-seeded (`reseeds`, see {@link regionDatabases}; the diverged instance must leave the Pulumi
 *   state first);
 * - with `redis`, a Memorystore instance of its own, identical to the primary's at all times
 *   (changing the tier would replace it): the cache starts cold after a failover;
 * - the datastores' connection details in regional Secret Manager secrets of the standby region,
 *   under the primary's secret IDs;
 * - with `dns`, for each region without a target in `dns.targets`, a regional static external IPv4
 *   address (`-address-<region>`, protected: the record and the clients' resolvers point at it), which
 *   that region's gateway load balancer must take (ProductionStack gives it to the EnvoyProxy); an A
 *   record `dns.name` in the Cloud DNS zone with the active region's address, and an HTTPS health
 *   check (`healthCheckPath` with `dns.name` as the host, port 443, every 30 s from three regions); for a
 *   warm standby while the primary serves, a failover policy that answers with the standby's
 *   address while the primary fails the check (see {@link failoverRouting});
 * - notifications: the Pub/Sub topic `eventsTopicName` receives the standby database's admin
 *   activity (its promotion among them) through a log sink. It has no subscriptions: add yours.
 *
 * Every logical name is independent of `activeRegion` and `mode`: a flip changes inputs only, and
 * nothing in the primary region is replaced or deleted.
 *
 * Children are named `${name}-<role>`.
 */
export class Standby extends pulumi.ComponentResource {
  /** The standby region's subnet, router and NAT, in the primary's VPC. */
  public readonly subnetwork: gcp.compute.Subnetwork;
  /** The Cloud Router of the NAT. */
  public readonly router: gcp.compute.Router;
  /** Cloud NAT of the standby region. */
  public readonly nat: gcp.compute.RouterNat;
  /** The standby GKE cluster. */
  public readonly cluster: Cluster;
  /** The database replica (or, after a failover, the promoted database). */
  public readonly postgres?: PostgresReplica;
  /** The standby Memorystore instance. */
  public readonly redis?: Redis;
  /**
   * The static addresses reserved for the regions' gateways, by region (with `dns`, for the regions
   * `dns.targets` gives no address).
   */
  public readonly addresses: Readonly<Record<string, gcp.compute.Address>>;
  /** The address of each region's gateway, by region (with `dns`): the given target, or the reserved address. */
  public readonly targets: Readonly<Record<string, pulumi.Output<string>>>;
  /** The health check of the failover record (with `dns`). */
  public readonly healthCheck?: gcp.compute.HealthCheck;
  /** The failover record (with `dns`). */
  public readonly record?: gcp.dns.RecordSet;
  /** The failover records of `dns.hosts`, by host. */
  public readonly hostRecords: Readonly<Record<string, gcp.dns.RecordSet>>;
  /** Topic of the standby database's admin events. */
  public readonly eventsTopic: gcp.pubsub.Topic;
  /** The log sink publishing them (with `postgres`). */
  public readonly databaseEvents?: gcp.logging.ProjectSink;
  /** True when the standby region serves. */
  public readonly active: boolean;

  constructor(name: string, args: StandbyArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_STANDBY_TYPE, name, {}, opts);
    const { region, project } = args;
    const labels = args.labels ?? {};
    this.active = standbyActive(args);
    const activeRegion = this.active ? region : args.primaryRegion;
    const mode = standbyMode(args);
    const parent = { parent: this };

    const primary = args.network;
    const ranges = standbySubnetRanges(primary);
    const subnet = regionalSubnet(
      `${name}-network`,
      { networkId: primary.networkId, region, cidr: ranges.cidr, ranges, flowSampling: DEFAULT_FLOW_LOG_SAMPLING, project },
      this,
    );
    this.subnetwork = subnet.subnetwork;
    this.router = subnet.router;
    this.nat = subnet.nat;
    const primaryNodes = resolveNodePool(args.cluster?.nodes, 'gcp', { owner: `gcp.Standby "${name}"`, path: 'cluster.nodes' });
    this.cluster = new Cluster(
      `${name}-cluster`,
      {
        ...args.cluster,
        network: {
          networkId: primary.networkId,
          subnetworkId: this.subnetwork.id,
          cidr: ranges.cidr,
          podsRangeName: primary.podsRangeName,
          servicesRangeName: primary.servicesRangeName,
        },
        nodes: standbyNodes(primaryNodes, mode, this.active),
        // a deployer in the primary region's subnet reaches this cluster too
        peerSubnets: [{ region: args.primaryRegion, cidr: primary.cidr }],
        region,
        labels,
        project,
      },
      // its lookups wait for what the standby waits for (the project's services)
      { parent: this, dependsOn: opts?.dependsOn },
    );
    if (args.postgres) {
      // A replica while it is the last seeded and the standby does not serve; re-created at each of its re-seeds.
      const database = regionDatabases(args).standby;
      this.postgres = new PostgresReplica(
        `${name}-postgres`,
        { ...args.postgres, promoted: !database.replicating, generation: database.generation, region, labels, project },
        parent,
      );
    }
    const access = primary.privateServiceAccess;
    if (args.redis && access) {
      this.redis = new Redis(`${name}-redis`, { ...args.redis, network: access, region, secretLocation: region, labels, project }, parent);
    }

    this.eventsTopic = new gcp.pubsub.Topic(`${name}-events`, { name: args.eventsTopicName ?? `${name}-events`, labels, project }, parent);
    if (this.postgres && args.postgres) {
      // Both regions' databases: the standby's promotion at a failover, the primary's at a failback.
      const ids = [this.postgres.instance, args.postgres.source.instance].map((i) => pulumi.interpolate`${i.project}:${i.name}`);
      this.databaseEvents = new gcp.logging.ProjectSink(
        `${name}-db-events`,
        {
          name: `${name}-db-events`,
          description: `Admin activity of the databases of ${name}, standby and primary (promotion, failover, changes)`,
          destination: pulumi.interpolate`pubsub.googleapis.com/${this.eventsTopic.id}`,
          filter: pulumi
            .all(ids)
            .apply(
              (both) =>
                `resource.type="cloudsql_database" AND (${both.map((id) => `resource.labels.database_id="${id}"`).join(' OR ')}) AND logName:"cloudaudit.googleapis.com%2Factivity"`,
            ),
          uniqueWriterIdentity: true,
          project,
        },
        parent,
      );
      new gcp.pubsub.TopicIAMMember(
        `${name}-events-publisher`,
        { topic: this.eventsTopic.id, role: 'roles/pubsub.publisher', member: this.databaseEvents.writerIdentity, project },
        parent,
      );
    }

    const addresses: Record<string, gcp.compute.Address> = {};
    const hostRecords: Record<string, gcp.dns.RecordSet> = {};
    const targets: Record<string, pulumi.Output<string>> = {};
    if (args.dns) {
      const dns = args.dns;
      for (const r of [args.primaryRegion, region]) {
        const given = dns.targets?.[r];
        if (given !== undefined) {
          targets[r] = pulumi.output(given);
          continue;
        }
        // Premium tier: the passthrough load balancer GKE creates for a LoadBalancer Service is regional and premium by default.
        // Named and described after the region only: a change of either would replace the address (and change it).
        addresses[r] = new gcp.compute.Address(
          `${name}-address-${r}`,
          {
            name: resourceName(`${name}-gateway-${r}`),
            description: `Address of the gateway load balancer in ${r}: a failover record's target`,
            region: r,
            addressType: 'EXTERNAL',
            networkTier: 'PREMIUM',
            ipVersion: 'IPV4',
            labels,
            project,
          },
          { parent: this, protect: true },
        );
        targets[r] = addresses[r].address;
      }
      const passiveRegion = this.active ? args.primaryRegion : region;
      this.healthCheck = new gcp.compute.HealthCheck(
        `${name}-health`,
        {
          description: `HTTPS health of ${dns.name} in each region, for its failover record`,
          checkIntervalSec: 30,
          timeoutSec: 10,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
          httpsHealthCheck: { port: 443, requestPath: dns.healthCheckPath ?? '/', host: dns.name },
          sourceRegions: probeRegions(args.primaryRegion, region),
          logConfig: { enable: true },
          project,
        },
        parent,
      );
      const record = (recordName: string, host: string) =>
        new gcp.dns.RecordSet(
          recordName,
          {
            managedZone: dns.managedZone,
            name: `${host}.`,
            type: 'A',
            ttl: FAILOVER_RECORD_TTL,
            ...failoverRouting(
              targets,
              activeRegion,
              passiveRegion,
              passiveIsFailoverTarget(args, args.postgres !== undefined),
              this.healthCheck!.id,
            ),
            project,
          },
          // A flip moves the record only once both databases took their roles: a failed promotion holds it back.
          { parent: this, dependsOn: [this.postgres?.instance, args.postgres?.source.instance].filter((d) => d !== undefined) },
        );
      this.record = record(`${name}-record`, dns.name);
      for (const host of dns.hosts ?? []) hostRecords[host] = record(`${name}-record-${host}`, host);
    }
    this.hostRecords = hostRecords;
    this.addresses = addresses;
    this.targets = targets;
    this.registerOutputs({ clusterName: this.cluster.clusterName, eventsTopic: this.eventsTopic.name });
  }
}
