/** The VPC of a stack: private and public subnets per zone, NAT, routing and flow logs. */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { DEFAULTS } from '../core/defaults';
import { checkRetentionDays } from './logs';
import { flowLogsTrustPolicy, flowLogsWritePolicy } from './policies';
import { type SubnetLayout, subnetLayout } from './subnets';
import { type Tags, named } from './tags';
import { pickZones } from './zones';

/** Arguments of {@link Network}. */
export interface NetworkArgs {
  /**
   * CIDR of the VPC; the subnets are carved out of it by {@link subnetLayout}.
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;
  /**
   * How many availability zones the subnets span: one private and one public subnet in each.
   * @default 3
   */
  readonly availabilityZones?: number;
  /**
   * One NAT gateway shared by every zone instead of one per zone. Cheaper, but
   * losing that zone cuts egress for all of them.
   * @default false
   */
  readonly singleNatGateway?: boolean;
  /**
   * Days the VPC flow logs are kept in CloudWatch Logs (a value CloudWatch accepts).
   * @default 90
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Region of every resource (the per-resource region of the AWS provider v7).
   * @default - the provider's region
   */
  readonly region?: pulumi.Input<string>;
  /**
   * Tags of every resource, besides the `Name` tag each one gets.
   * @default - only `Name`
   */
  readonly tags?: Tags;
}

/** Default retention of the flow logs, in days. */
export const DEFAULT_FLOW_LOG_RETENTION_DAYS = 90;

/**
 * A VPC over N availability zones, laid out for EKS:
 *
 * - a private subnet per zone (nodes and pods; tagged `kubernetes.io/role/internal-elb`)
 *   routed to the internet through a NAT gateway,
 * - a public subnet per zone (NAT gateways and internet-facing load balancers; tagged
 *   `kubernetes.io/role/elb`) routed through the internet gateway,
 * - one NAT gateway per zone, or one shared when `singleNatGateway`,
 * - the VPC's default security group stripped of every rule,
 * - flow logs of all traffic to a CloudWatch log group.
 *
 * Every child is named `${name}-<role>`; zone-indexed ones end with the zone's
 * number, from 1. Each private subnet keeps its own route table whatever the
 * NAT mode, so switching modes only re-points routes.
 */
export class Network extends pulumi.ComponentResource {
  /** The VPC. */
  public readonly vpc: aws.ec2.Vpc;
  /** The VPC's default security group, adopted with no rules so nothing can use it by accident. */
  public readonly defaultSecurityGroup: aws.ec2.DefaultSecurityGroup;
  /** The internet gateway of the public subnets. */
  public readonly internetGateway: aws.ec2.InternetGateway;
  /** Public subnets, one per zone. */
  public readonly publicSubnets: readonly aws.ec2.Subnet[];
  /** Private subnets, one per zone. */
  public readonly privateSubnets: readonly aws.ec2.Subnet[];
  /** The route table of the public subnets. */
  public readonly publicRouteTable: aws.ec2.RouteTable;
  /** The public subnets' default route to the internet gateway. */
  public readonly publicInternetRoute: aws.ec2.Route;
  /** Associations of the public subnets with the public route table. */
  public readonly publicRouteTableAssociations: readonly aws.ec2.RouteTableAssociation[];
  /** Elastic IPs of the NAT gateways. */
  public readonly natElasticIps: readonly aws.ec2.Eip[];
  /** NAT gateways: one per zone, or one when `singleNatGateway`. */
  public readonly natGateways: readonly aws.ec2.NatGateway[];
  /** Route tables of the private subnets, one per zone. */
  public readonly privateRouteTables: readonly aws.ec2.RouteTable[];
  /** The private subnets' default routes to their NAT gateway. */
  public readonly privateNatRoutes: readonly aws.ec2.Route[];
  /** Associations of the private subnets with their route tables. */
  public readonly privateRouteTableAssociations: readonly aws.ec2.RouteTableAssociation[];
  /** Log group of the VPC flow logs. */
  public readonly flowLogGroup: aws.cloudwatch.LogGroup;
  /** Role the flow logs service writes to the log group with. */
  public readonly flowLogRole: aws.iam.Role;
  /** The flow log role's permissions: writing to its log group only. */
  public readonly flowLogRolePolicy: aws.iam.RolePolicy;
  /** Flow log of all the VPC's traffic. */
  public readonly flowLog: aws.ec2.FlowLog;

  /** The subnet CIDRs, computed from the VPC CIDR and zone count. */
  public readonly layout: SubnetLayout;
  /** ID of the VPC. */
  public readonly vpcId: pulumi.Output<string>;
  /** IDs of the private subnets, in zone order. */
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  /** IDs of the public subnets, in zone order. */
  public readonly publicSubnetIds: pulumi.Output<string[]>;
  /** Names of the zones the subnets are in, in order. */
  public readonly availabilityZoneNames: pulumi.Output<string[]>;

  constructor(name: string, args: NetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('production-stack:aws:Network', name, {}, opts);
    const cidr = args.cidr ?? DEFAULTS.networkCidr;
    const zones = args.availabilityZones ?? DEFAULTS.availabilityZones;
    const retentionInDays = checkRetentionDays('flowLogRetentionDays', args.flowLogRetentionDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS);
    this.layout = subnetLayout(cidr, zones);
    const tags = args.tags ?? {};
    const region = args.region;
    const parent = { parent: this };

    const available = aws.getAvailabilityZonesOutput(
      { state: 'available', filters: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }], region },
      parent,
    );
    this.availabilityZoneNames = available.names.apply((names) => pickZones(names, zones));
    const zone = (i: number): pulumi.Output<string> => this.availabilityZoneNames.apply((names) => names[i]);

    this.vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: cidr, enableDnsSupport: true, enableDnsHostnames: true, region, tags: named(tags, `${name}-vpc`) },
      parent,
    );
    this.defaultSecurityGroup = new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: this.vpc.id, ingress: [], egress: [], region, tags: named(tags, `${name}-default-sg`) },
      parent,
    );
    this.internetGateway = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: this.vpc.id, region, tags: named(tags, `${name}-igw`) },
      parent,
    );

    // Public tier: subnets, one route table with the internet route.
    this.publicSubnets = this.layout.public.map((cidrBlock, i) => {
      const subnetName = `${name}-public-${i + 1}`;
      return new aws.ec2.Subnet(
        subnetName,
        {
          vpcId: this.vpc.id,
          cidrBlock,
          availabilityZone: zone(i),
          mapPublicIpOnLaunch: false,
          region,
          tags: named(tags, subnetName, { 'kubernetes.io/role/elb': '1' }),
        },
        parent,
      );
    });
    this.publicRouteTable = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: this.vpc.id, region, tags: named(tags, `${name}-public-rt`) },
      parent,
    );
    this.publicInternetRoute = new aws.ec2.Route(
      `${name}-public-internet-route`,
      { routeTableId: this.publicRouteTable.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: this.internetGateway.id, region },
      parent,
    );
    this.publicRouteTableAssociations = this.publicSubnets.map(
      (subnet, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-public-${i + 1}-rta`,
          { subnetId: subnet.id, routeTableId: this.publicRouteTable.id, region },
          parent,
        ),
    );

    // NAT: one per zone (each zone keeps egress when another fails), or one shared.
    const natCount = args.singleNatGateway ? 1 : zones;
    this.natElasticIps = Array.from(
      { length: natCount },
      (_, i) =>
        new aws.ec2.Eip(`${name}-nat-eip-${i + 1}`, { domain: 'vpc', region, tags: named(tags, `${name}-nat-eip-${i + 1}`) }, parent),
    );
    this.natGateways = this.natElasticIps.map(
      (eip, i) =>
        new aws.ec2.NatGateway(
          `${name}-nat-${i + 1}`,
          {
            allocationId: eip.id,
            subnetId: this.publicSubnets[i].id,
            connectivityType: 'public',
            region,
            tags: named(tags, `${name}-nat-${i + 1}`),
          },
          // The gateway needs the VPC's internet gateway to reach the internet.
          { parent: this, dependsOn: [this.internetGateway] },
        ),
    );

    // Private tier: subnets, a route table each, routed to their zone's NAT gateway (or the shared one).
    this.privateSubnets = this.layout.private.map((cidrBlock, i) => {
      const subnetName = `${name}-private-${i + 1}`;
      return new aws.ec2.Subnet(
        subnetName,
        {
          vpcId: this.vpc.id,
          cidrBlock,
          availabilityZone: zone(i),
          mapPublicIpOnLaunch: false,
          region,
          tags: named(tags, subnetName, { 'kubernetes.io/role/internal-elb': '1' }),
        },
        parent,
      );
    });
    this.privateRouteTables = this.privateSubnets.map(
      (_, i) =>
        new aws.ec2.RouteTable(
          `${name}-private-${i + 1}-rt`,
          { vpcId: this.vpc.id, region, tags: named(tags, `${name}-private-${i + 1}-rt`) },
          parent,
        ),
    );
    this.privateNatRoutes = this.privateRouteTables.map(
      (table, i) =>
        new aws.ec2.Route(
          `${name}-private-${i + 1}-nat-route`,
          { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: this.natGateways[i % natCount].id, region },
          parent,
        ),
    );
    this.privateRouteTableAssociations = this.privateSubnets.map(
      (subnet, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-private-${i + 1}-rta`,
          { subnetId: subnet.id, routeTableId: this.privateRouteTables[i].id, region },
          parent,
        ),
    );

    // Flow logs of all traffic, to a log group with a bounded retention.
    const partition = aws.getPartitionOutput({}, parent).partition;
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
    const regionName = region ? pulumi.output(region) : aws.getRegionOutput({}, parent).region;
    this.flowLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-log-group`,
      { retentionInDays, region, tags: named(tags, `${name}-flow-log-group`) },
      parent,
    );
    this.flowLogRole = new aws.iam.Role(
      `${name}-flow-log-role`,
      {
        description: `Writes the VPC flow logs of ${name} to CloudWatch Logs`,
        assumeRolePolicy: pulumi.all([partition, regionName, accountId]).apply(([p, r, a]) => JSON.stringify(flowLogsTrustPolicy(p, r, a))),
        tags: named(tags, `${name}-flow-log-role`),
      },
      parent,
    );
    this.flowLogRolePolicy = new aws.iam.RolePolicy(
      `${name}-flow-log-policy`,
      { role: this.flowLogRole.id, policy: this.flowLogGroup.arn.apply((arn) => JSON.stringify(flowLogsWritePolicy(arn))) },
      parent,
    );
    this.flowLog = new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: this.vpc.id,
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: this.flowLogGroup.arn,
        iamRoleArn: this.flowLogRole.arn,
        maxAggregationInterval: 60,
        region,
        tags: named(tags, `${name}-flow-log`),
      },
      // The role must be allowed to write before the first delivery.
      { parent: this, dependsOn: [this.flowLogRolePolicy] },
    );

    this.vpcId = this.vpc.id;
    this.privateSubnetIds = pulumi.all(this.privateSubnets.map((s) => s.id));
    this.publicSubnetIds = pulumi.all(this.publicSubnets.map((s) => s.id));
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      publicSubnetIds: this.publicSubnetIds,
      availabilityZoneNames: this.availabilityZoneNames,
    });
  }
}
