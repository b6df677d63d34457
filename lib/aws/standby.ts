/** The standby region of a stack on AWS: network, cluster and database replica, failover DNS and notifications. */
import * as aws from '../sdk/aws';
import * as pulumi from '@pulumi/pulumi';
import type { NodePoolSpec } from '../core/spec/stack';
import { Cluster, type ClusterArgs } from './cluster';
import { Network, type NetworkArgs } from './network';
import { standbyMode } from '../core/resolve';
import { resolveNodePool } from '../core/validation/node-pool';
import { type ClusterPeering, type PeeredCluster, peerClusterNetworks } from './peering';
import { PostgresReplica, type PostgresReplicaArgs } from './postgres-replica';
import { Redis, type RedisArgs } from './redis';
import { type Tags, named } from './tags';
import {
  FAILOVER_RECORD_TTL,
  type StandbyRoles,
  regionHealthHost,
  passiveIsFailoverTarget,
  regionDatabases,
  standbyActive,
  standbyNetworkCidr,
  standbyNodes,
} from '../core/standby';
import { refuseRenamedArgs } from './renamed';

/** The RDS event categories the DR topics receive: promotions ('read replica'), failovers, failures. */
export const DATABASE_EVENT_CATEGORIES = [
  'availability',
  'configuration change',
  'failover',
  'failure',
  'read replica',
  'recovery',
] as const;

/** Type token of {@link Standby}. */
export const STANDBY_TYPE = 'production-stack:aws:Standby';

/** Route 53 publishes health-check metrics in this region only: their alarms and its topic live there. */
export const ROUTE53_METRICS_REGION = 'us-east-1';

/** The failover record and its health checks, resolved. */
export interface FailoverDnsArgs {
  /** Route 53 hosted zone ID. */
  readonly zoneId: string;
  /** The name clients use. */
  readonly name: string;
  /**
   * Target host name of each of the two regions: the region's gateway load balancer (ProductionStack reads
   * it from the gateway's Service once deployed), or a name pointing at it.
   */
  readonly targets: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Path the health checks request on each region's own host (`<region>.<name>`), which the region's gateway
   * routes to the service that `name` routes `/` to (ProductionStack: `dr.dns.healthCheckPath`).
   */
  readonly healthCheckPath: string;
  /**
   * Other names that fail over with `name`, to the same targets and following the same health checks.
   * @default - none
   */
  readonly hosts?: readonly string[];
}

/**
 * Port the health checks request on each region's own host: the gateway's plain HTTP listener, where the
 * region's host is routed to the checked service for the health check's path only (lib/k8s/failover-health.ts).
 */
export const HEALTH_CHECK_PORT = 80;

/** Arguments of {@link Standby}: its roles, and what it runs. */
export interface StandbyArgs extends StandbyRoles {
  /**
   * The network, as the primary's but for its CIDR, which must not overlap the primary's (RDS replicates over
   * AWS's own network; the peering with `primary` is for deployers).
   * @default - the {@link Network} defaults; with `primary`, the next free range as large as the primary's
   *   ({@link standbyNetworkCidr}) as its CIDR
   */
  readonly network?: Omit<NetworkArgs, 'region' | 'labels' | 'clusterName'>;
  /**
   * The primary's VPC and EKS cluster, peered with the standby's (see {@link peerClusterNetworks}: requested from
   * the primary region, accepted in the standby's, routes between their private subnets, each cluster security
   * group admitting the other VPC on 443), so a deployer inside either VPC reaches both private API endpoints.
   * @default - no peering: the standby's endpoint is reached from its own VPC only
   */
  readonly primary?: Pick<PeeredCluster, 'network' | 'cluster'>;
  /**
   * The cluster, as the primary's; `nodes` is the **primary's** node pool, which the standby scales from.
   * @default - the {@link Cluster} defaults
   */
  readonly cluster?: Omit<ClusterArgs, 'network' | 'region' | 'labels' | 'manageDesiredSize'>;
  /** A cross-region read replica of this primary database, with its settings. @default - no database */
  readonly postgres?: Omit<PostgresReplicaArgs, 'network' | 'clients' | 'region' | 'labels' | 'promoted' | 'generation'>;
  /**
   * A Redis of its own (empty: a cache starts cold after a failover), with the primary's settings.
   * @default - no Redis
   */
  readonly redis?: Omit<RedisArgs, 'network' | 'clients' | 'region' | 'labels'>;
  /** The Route 53 failover record. @default - no DNS records */
  readonly dns?: FailoverDnsArgs;
  /**
   * Name of the SNS topic (in the standby region) of the standby database's events: promotion,
   * replication, failover, failures.
   * @default - `${name}-events`
   */
  readonly eventsTopicName?: string;
  /**
   * Name of the SNS topic (in us-east-1) of the health-check alarms, with `dns`.
   * @default - `${name}-health`
   */
  readonly healthTopicName?: string;
  /**
   * Labels of every resource (AWS tags), besides the `Name` tag each one gets.
   * @default - only `Name`
   */
  readonly labels?: Tags;
}

/** One of the failover records. */
export interface FailoverRecord {
  /** The region it points at. */
  readonly region: string;
  /** Its target host name. */
  readonly target: pulumi.Input<string>;
  /** PRIMARY for the active region, SECONDARY for the other; also its key and set identifier (lowercase), which never change. */
  readonly role: 'PRIMARY' | 'SECONDARY';
}

/** The target of a region in `dns.targets`; fails when it has none. */
export function failoverTarget(dns: FailoverDnsArgs, region: string): pulumi.Input<string> {
  const target = dns.targets[region];
  if (target === undefined) throw new Error(`dns.targets has no target for region ${region}`);
  return target;
}

/**
 * The failover records of `roles`, primary region first: PRIMARY to the active region's target, and
 * SECONDARY to the passive region's when `passiveServes` ({@link passiveIsFailoverTarget}; otherwise the
 * PRIMARY record is alone, and Route 53 answers with it whatever its health). Both regions need a
 * target either way: each has a health check.
 */
export function failoverRecords(dns: FailoverDnsArgs, roles: StandbyRoles, passiveServes: boolean): FailoverRecord[] {
  const activeRegion = roles.activeRegion ?? roles.primaryRegion;
  const [primaryRegion, standbyRegion] = [roles.primaryRegion, roles.region];
  return [primaryRegion, standbyRegion].flatMap((region): FailoverRecord[] => {
    const target = failoverTarget(dns, region);
    if (region === activeRegion) return [{ region, target, role: 'PRIMARY' }];
    return passiveServes ? [{ region, target, role: 'SECONDARY' }] : [];
  });
}

/**
 * The standby region of a stack (AWS), a pilot light or warm standby that one input,
 * `activeRegion`, turns into the serving region:
 *
 * - a {@link Network} and a {@link Cluster} in the standby region, with the primary's settings but a range of
 *   its own; the node group sized by {@link standbyNodes} and applied at every `pulumi up`
 *   (`manageDesiredSize`), so the failover scales it to the primary's size;
 * - with `primary`, the two VPCs peered ({@link peerClusterNetworks}), so a deployer in either reaches both
 *   clusters' private API endpoints;
 * - with `postgres`, a {@link PostgresReplica}: a cross-region read replica of the primary with its
 *   own KMS key, promoted when the standby becomes active, and a replica again once re-seeded
 *   (`reseeds`, see {@link regionDatabases}; the diverged instance must be moved away first);
 * - with `redis`, a {@link Redis} of its own: ElastiCache Global Datastore is not used, so the cache
 *   starts cold after a failover. While the primary serves it runs one node (no failover), then the
 *   primary's count. It exists from the start because creating one takes longer than a failover should;
 * - with `dns`, each region's own host `<region>.<name>` (a CNAME to its target, `-region-record-<region>`) and
 *   an HTTP health check of it (`GET <healthCheckPath>` on port 80 with that host, every 30 s, unhealthy after
 *   3 failures), which the region's gateway routes to the checked service: the check fails when the service
 *   does not answer 2xx, not only when the load balancer is gone. (HTTPS cannot be checked with the served name:
 *   Route 53 would present the region's host, which the gateway has no certificate for.) And the CNAME
 *   `dns.name` with failover routing: the PRIMARY
 *   record to the active region's target and, for a warm standby while the primary serves, the
 *   SECONDARY record to the passive region's (see {@link passiveIsFailoverTarget}: neither a passive pilot
 *   light nor the old primary after a flip, until re-seeded, gets traffic). The records are keyed by role (`-record-primary`,
 *   `-record-secondary`), so a flip moves the PRIMARY record's target and deletes a warm standby's
 *   SECONDARY record, and a failback adds it again; no record ever changes its failover type;
 * - notifications: the SNS topic `eventsTopicName` in the standby region, subscribed to the standby
 *   database's events (its promotion at a failover among them), with `postgres` a topic of the same
 *   name in the primary region subscribed to the primary database's (`-primary-events`,
 *   `-primary-db-events`: a failback's promotion, failures), and with `dns`, a topic `healthTopicName` in
 *   us-east-1 (where Route 53 health metrics are) with an alarm per health check. The topics have
 *   no subscriptions: add yours (`aws sns subscribe`). They are not KMS-encrypted: RDS and CloudWatch
 *   cannot publish to a topic under the AWS-managed SNS key, and the messages hold no secrets.
 *
 * Every logical name is independent of `activeRegion` and `mode`, except the SECONDARY record's
 * existence: a flip changes inputs and deletes a warm standby's SECONDARY record (a failback adds it
 * again), and nothing in the primary region, nor any protected resource, is replaced or deleted.
 *
 * Children are named `${name}-<role>`.
 */
export class Standby extends pulumi.ComponentResource {
  /** The standby VPC. */
  public readonly network: Network;
  /** The standby EKS cluster. */
  public readonly cluster: Cluster;
  /** The peering with the primary's VPC (with `primary`). */
  public readonly peering?: ClusterPeering;
  /** The database replica (or, after a failover, the promoted database). */
  public readonly postgres?: PostgresReplica;
  /** The standby Redis. */
  public readonly redis?: Redis;
  /** The health checks of the regions' targets, by region (both regions, whichever records exist). */
  public readonly healthChecks: Readonly<Record<string, aws.route53.HealthCheck>>;
  /**
   * The failover records, by role (`primary`, and `secondary` for a warm standby while the primary
   * serves), then `<role>-<host>` for each of `dns.hosts`: a failover moves the PRIMARY record's target, not
   * the roles.
   */
  public readonly records: Readonly<Record<string, aws.route53.Record>>;
  /** Each region's own host `<region>.<name>`, a CNAME to its target, which its health check requests, by region. */
  public readonly regionRecords: Readonly<Record<string, aws.route53.Record>>;
  /** The alarms on the health checks, by region. */
  public readonly healthAlarms: Readonly<Record<string, aws.cloudwatch.MetricAlarm>>;
  /** Topic of the standby database's events, in the standby region. */
  public readonly eventsTopic: aws.sns.Topic;
  /** The standby database's event subscription. */
  public readonly databaseEvents?: aws.rds.EventSubscription;
  /** Topic of the primary database's events, in the primary region (with `postgres`). */
  public readonly primaryEventsTopic?: aws.sns.Topic;
  /** The primary database's event subscription (its promotion at a failback, its failures). */
  public readonly primaryDatabaseEvents?: aws.rds.EventSubscription;
  /** Topic of the health-check alarms, in us-east-1. */
  public readonly healthTopic?: aws.sns.Topic;
  /** True when the standby region serves. */
  public readonly active: boolean;

  constructor(name: string, args: StandbyArgs, opts?: pulumi.ComponentResourceOptions) {
    super(STANDBY_TYPE, name, {}, opts);
    refuseRenamedArgs(`aws.Standby "${name}"`, args, ['tags']);
    const tags = args.labels ?? {};
    const region = args.region;
    this.active = standbyActive(args);
    const mode = standbyMode(args);
    const parent = { parent: this };

    // The private subnets carry the cluster's name (fixed, not auto-named) for Karpenter.
    const clusterName = args.cluster?.clusterName ?? `${name}-cluster`;
    const cidr = args.network?.cidr ?? (args.primary && standbyNetworkCidr(args.primary.network.cidr));
    this.network = new Network(`${name}-network`, { ...args.network, cidr, clusterName, region, labels: tags }, parent);
    const primaryNodes = resolveNodePool(args.cluster?.nodes, 'aws', { owner: `aws.Standby "${name}"`, path: 'cluster.nodes' });
    const nodes: NodePoolSpec = standbyNodes(primaryNodes, mode, this.active);
    this.cluster = new Cluster(
      `${name}-cluster`,
      { ...args.cluster, network: this.network, nodes, manageDesiredSize: true, region, labels: tags },
      parent,
    );
    if (args.primary) {
      this.peering = peerClusterNetworks(
        `${name}-peering`,
        { ...args.primary, region: args.primaryRegion, role: 'primary' },
        { network: this.network, cluster: this.cluster, region, role: 'standby' },
        tags,
        this,
      );
    }
    if (args.postgres) {
      // A replica while it is the last seeded and the standby does not serve; re-created at each of its re-seeds.
      const database = regionDatabases(args).standby;
      this.postgres = new PostgresReplica(
        `${name}-postgres`,
        {
          ...args.postgres,
          promoted: !database.replicating,
          generation: database.generation,
          network: this.network,
          clients: this.cluster,
          region,
          labels: tags,
        },
        parent,
      );
    }
    if (args.redis) {
      const full = this.active || mode === 'warm-standby';
      this.redis = new Redis(
        `${name}-redis`,
        {
          ...args.redis,
          ...(full ? {} : { nodes: 1, highAvailability: false }),
          network: this.network,
          clients: this.cluster,
          region,
          labels: tags,
        },
        parent,
      );
    }

    // Each region's database events go to a topic of that region (RDS event subscriptions are regional):
    // the standby's (its promotion at a failover), and the primary's (a failback's promotion, its failures).
    const topicName = args.eventsTopicName ?? `${name}-events`;
    const events = (topicRole: string, subscriptionRole: string, where: pulumi.Input<string>, instance?: aws.rds.Instance) => {
      const topic = new aws.sns.Topic(
        `${name}-${topicRole}`,
        { name: topicName, region: where, tags: named(tags, `${name}-${topicRole}`) },
        parent,
      );
      const subscriptionName = `${name}-${subscriptionRole}`;
      const subscription =
        instance &&
        new aws.rds.EventSubscription(
          subscriptionName,
          {
            name: subscriptionName,
            snsTopic: topic.arn,
            sourceType: 'db-instance',
            sourceIds: [instance.identifier],
            eventCategories: [...DATABASE_EVENT_CATEGORIES],
            region: where,
            tags: named(tags, subscriptionName),
          },
          parent,
        );
      return { topic, subscription };
    };
    const standbyEvents = events('events', 'db-events', region, this.postgres?.instance);
    this.eventsTopic = standbyEvents.topic;
    this.databaseEvents = standbyEvents.subscription;
    if (args.postgres) {
      const primaryEvents = events('primary-events', 'primary-db-events', args.primaryRegion, args.postgres.source.instance);
      this.primaryEventsTopic = primaryEvents.topic;
      this.primaryDatabaseEvents = primaryEvents.subscription;
    }

    const databases = [this.postgres?.instance, args.postgres?.source.instance].filter((i) => i !== undefined);
    const healthChecks: Record<string, aws.route53.HealthCheck> = {};
    const records: Record<string, aws.route53.Record> = {};
    const healthAlarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
    const regionRecords: Record<string, aws.route53.Record> = {};
    const passiveServes = passiveIsFailoverTarget(args, args.postgres !== undefined);
    if (args.dns) {
      const dns = args.dns;
      const healthTopic = new aws.sns.Topic(
        `${name}-health`,
        { name: args.healthTopicName ?? `${name}-health`, region: ROUTE53_METRICS_REGION, tags: named(tags, `${name}-health`) },
        parent,
      );
      this.healthTopic = healthTopic;
      for (const r of [args.primaryRegion, region]) {
        const target = failoverTarget(dns, r);
        const host = regionHealthHost(r, dns.name);
        const record = new aws.route53.Record(
          `${name}-region-record-${r}`,
          { zoneId: dns.zoneId, name: host, type: 'CNAME', ttl: FAILOVER_RECORD_TTL, records: [target] },
          parent,
        );
        regionRecords[r] = record;
        const check = new aws.route53.HealthCheck(
          `${name}-health-${r}`,
          {
            type: 'HTTP',
            // Route 53 resolves the region's host to reach it, and sends it as the Host header
            fqdn: host,
            port: HEALTH_CHECK_PORT,
            resourcePath: dns.healthCheckPath,
            requestInterval: 30,
            failureThreshold: 3,
            tags: named(tags, `${name}-health-${r}`),
          },
          { parent: this, dependsOn: [record] },
        );
        healthChecks[r] = check;
        healthAlarms[r] = new aws.cloudwatch.MetricAlarm(
          `${name}-health-${r}-alarm`,
          {
            name: `${name}-health-${r}`,
            alarmDescription: pulumi.interpolate`${dns.name} in ${r} (http://${host}${dns.healthCheckPath}, ${target}) fails its Route 53 health check`,
            namespace: 'AWS/Route53',
            metricName: 'HealthCheckStatus',
            dimensions: { HealthCheckId: check.id },
            statistic: 'Minimum',
            period: 60,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: 'LessThanThreshold',
            treatMissingData: 'breaching',
            alarmActions: [healthTopic.arn],
            okActions: [healthTopic.arn],
            // a region that takes no traffic (a passive pilot light, the old primary until re-seeded) serves nothing,
            // so fails its check by design: its alarm notifies once it may serve
            actionsEnabled: r === (args.activeRegion ?? args.primaryRegion) || passiveServes,
            region: ROUTE53_METRICS_REGION,
            tags: named(tags, `${name}-health-${r}-alarm`),
          },
          parent,
        );
      }
      for (const record of failoverRecords(dns, args, passiveServes)) {
        // Keyed by role, not region: a flip then changes each record's target (an UPSERT), never its
        // failover type, which Route 53 refuses while the other record still holds that type. `name`'s are
        // `-record-<role>`, another host's `-record-<role>-<host>`.
        const role = record.role.toLowerCase();
        for (const host of [dns.name, ...(dns.hosts ?? [])]) {
          const key = host === dns.name ? role : `${role}-${host}`;
          records[key] = new aws.route53.Record(
            `${name}-record-${key}`,
            {
              zoneId: dns.zoneId,
              name: host,
              type: 'CNAME',
              ttl: FAILOVER_RECORD_TTL,
              records: [record.target],
              setIdentifier: role,
              failoverRoutingPolicies: [{ type: record.role }],
              healthCheckId: healthChecks[record.region].id,
            },
            // A flip moves the records only once both databases took their roles: a failed promotion holds it back.
            { parent: this, dependsOn: databases },
          );
        }
      }
    }
    this.healthChecks = healthChecks;
    this.records = records;
    this.healthAlarms = healthAlarms;
    this.regionRecords = regionRecords;
    this.registerOutputs({ clusterName: this.cluster.clusterName, eventsTopicArn: this.eventsTopic.arn });
  }
}
