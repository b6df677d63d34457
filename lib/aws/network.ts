/** The VPC of a stack: private and public subnets per zone, NAT, routing, VPC endpoints and flow logs. */
import * as aws from '../sdk/aws';
import * as pulumi from '@pulumi/pulumi';
import { resolveCluster } from '../core/resolve';
import { KARPENTER_DISCOVERY_TAG } from '../core/karpenter';
import { checkRetentionDays } from './logs';
import { flowLogsTrustPolicy, flowLogsWritePolicy } from './policies';
import { type SubnetLayout, subnetLayout } from '../core/subnets';
import { type Tags, named } from './tags';
import { pickZones } from '../core/zones';
import { refuseRenamedArgs } from './renamed';

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
   * Interface endpoints for the AWS APIs the cluster calls at every node and pod
   * start ({@link INTERFACE_ENDPOINT_SERVICES}), in the private subnets with
   * private DNS. Each is billed per zone-hour (about $7.30 a month per zone in
   * us-east-1, so about $110 a month for the five over three zones) plus $0.01
   * per GB. Set to `false` to send those calls through NAT instead. The S3 gateway
   * endpoint is free and always created.
   * @default true
   */
  readonly interfaceEndpoints?: boolean;
  /**
   * Name of the EKS cluster whose nodes run in the private subnets: they are tagged
   * `karpenter.sh/discovery: <clusterName>`, the tag Karpenter's EC2NodeClass selects its subnets by.
   * @default - no discovery tag
   */
  readonly clusterName?: string;
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

/** Default retention of the flow logs, in days. */
export const DEFAULT_FLOW_LOG_RETENTION_DAYS = 90;

/**
 * Zones EKS cannot place a control plane's network interfaces in (UnsupportedAvailabilityZoneException), by
 * zone ID, which is the same in every account (a zone's name maps to an ID per account): the EKS user guide's
 * list, "Subnet requirements and considerations".
 */
export const EKS_UNSUPPORTED_ZONE_IDS = ['use1-az3', 'usw1-az2', 'cac1-az3'] as const;

/**
 * The AWS services a production EKS cluster calls all the time, reached
 * through interface endpoints in the private subnets rather than through NAT:
 *
 * - `ecr.api`, `ecr.dkr`: registry authorization and image manifests for every
 *   image pull from ECR (the layers come from S3, through the gateway endpoint);
 * - `sts`: the IRSA web identity token exchange of every pod with an IAM role
 *   (External Secrets, the backups, the add-ons), through the regional STS
 *   endpoint that the EKS pod identity webhook and current SDKs use;
 * - `secretsmanager`: External Secrets reading every secret of the stack, and
 *   the datastores' connection documents;
 * - `logs`: container logs shipped to CloudWatch Logs by an agent in the cluster
 *   (Fluent Bit, the CloudWatch agent). EKS control-plane logs and the VPC flow
 *   logs are delivered by AWS and do not cross the VPC.
 *
 * With them, pods start, pull images and get credentials and secrets without
 * NAT, so a zone whose NAT gateway is down (or the one shared gateway of
 * `singleNatGateway`) does not stop them.
 *
 * Left out on purpose: `ec2` (the VPC CNI's and EBS CSI driver's API calls are a
 * few kilobytes each and tolerate retries: an endpoint would cost more than the
 * NAT bytes it saves) and `elasticloadbalancing` (only the AWS Load Balancer
 * Controller calls it, and rarely). Clusters with no NAT at all need both, and
 * `eks` too.
 */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'sts', 'secretsmanager', 'logs'] as const;

/** Port the interface endpoints serve on (HTTPS): the only one their security group admits. */
export const INTERFACE_ENDPOINT_PORT = 443;

/**
 * Name of an AWS service's VPC endpoint service in a region: `com.amazonaws.<region>.<service>`.
 * (The China regions name some services `cn.com.amazonaws.…`; they are not supported.)
 */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

/**
 * A VPC over N availability zones, laid out for EKS:
 *
 * - a private subnet per zone (nodes and pods; tagged `kubernetes.io/role/internal-elb`, and
 *   `karpenter.sh/discovery` with `clusterName`) routed to the internet through a NAT gateway,
 * - a public subnet per zone (NAT gateways and internet-facing load balancers; tagged
 *   `kubernetes.io/role/elb`) routed through the internet gateway,
 * - one NAT gateway per zone, or one shared when `singleNatGateway`,
 * - an S3 gateway endpoint on every private route table (free: ECR image layers
 *   and the database backups reach S3 without NAT's per-GB charge),
 * - interface endpoints with private DNS for {@link INTERFACE_ENDPOINT_SERVICES}
 *   in the private subnets, behind one security group admitting HTTPS from the
 *   VPC's CIDR only (unless `interfaceEndpoints: false`),
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
  /** The S3 gateway endpoint, on every private route table. */
  public readonly s3Endpoint: aws.ec2.VpcEndpoint;
  /** Security group of the interface endpoints (HTTPS from the VPC), unless `interfaceEndpoints` is false. */
  public readonly endpointSecurityGroup?: aws.ec2.SecurityGroup;
  /** The endpoint security group's one rule: TCP 443 from the VPC's CIDR. */
  public readonly endpointIngress?: aws.vpc.SecurityGroupIngressRule;
  /** Interface endpoints by service (`ecr.api`, `sts`, ...); empty when `interfaceEndpoints` is false. */
  public readonly interfaceEndpoints: Readonly<Record<string, aws.ec2.VpcEndpoint>>;
  /** Log group of the VPC flow logs. */
  public readonly flowLogGroup: aws.cloudwatch.LogGroup;
  /** Role the flow logs service writes to the log group with. */
  public readonly flowLogRole: aws.iam.Role;
  /** The flow log role's permissions: writing to its log group only. */
  public readonly flowLogRolePolicy: aws.iam.RolePolicy;
  /** Flow log of all the VPC's traffic. */
  public readonly flowLog: aws.ec2.FlowLog;

  /** CIDR of the VPC. */
  public readonly cidr: string;
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
    refuseRenamedArgs(`aws.Network "${name}"`, args, ['tags']);
    const {
      networkCidr: cidr,
      availabilityZones: zones,
      aws: { interfaceEndpoints },
    } = resolveCluster(
      { networkCidr: args.cidr, availabilityZones: args.availabilityZones, aws: { interfaceEndpoints: args.interfaceEndpoints } },
      'aws',
    );
    this.cidr = cidr;
    const retentionInDays = checkRetentionDays('flowLogRetentionDays', args.flowLogRetentionDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS);
    this.layout = subnetLayout(cidr, zones);
    const tags = args.labels ?? {};
    const region = args.region;
    const parent = { parent: this };

    // The region's own zones (not Local Zones: those need an opt-in), whatever their state: an impaired zone
    // left out during a failover's `up` would move every subnet to the next zone, and replace it.
    const available = aws.getAvailabilityZonesOutput(
      { filters: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }], excludeZoneIds: [...EKS_UNSUPPORTED_ZONE_IDS], region },
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
    const discovery: Record<string, string> = args.clusterName === undefined ? {} : { [KARPENTER_DISCOVERY_TAG]: args.clusterName };
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
          tags: named(tags, subnetName, { 'kubernetes.io/role/internal-elb': '1', ...discovery }),
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

    // VPC endpoints: S3 through a free gateway on the private route tables; the APIs
    // every node and pod calls through interface endpoints in the private subnets.
    const regionName = region ? pulumi.output(region) : aws.getRegionOutput({}, parent).region;
    this.s3Endpoint = new aws.ec2.VpcEndpoint(
      `${name}-endpoint-s3`,
      {
        vpcId: this.vpc.id,
        serviceName: regionName.apply((r) => endpointServiceName(r, 's3')),
        vpcEndpointType: 'Gateway',
        routeTableIds: this.privateRouteTables.map((table) => table.id),
        region,
        tags: named(tags, `${name}-endpoint-s3`),
      },
      parent,
    );
    const endpoints: Record<string, aws.ec2.VpcEndpoint> = {};
    if (interfaceEndpoints) {
      this.endpointSecurityGroup = new aws.ec2.SecurityGroup(
        `${name}-endpoints-sg`,
        {
          description: `VPC interface endpoints of ${name}: HTTPS from the VPC only`,
          vpcId: this.vpc.id,
          region,
          tags: named(tags, `${name}-endpoints-sg`),
        },
        parent,
      );
      this.endpointIngress = new aws.vpc.SecurityGroupIngressRule(
        `${name}-endpoints-ingress-vpc`,
        {
          securityGroupId: this.endpointSecurityGroup.id,
          description: 'HTTPS to the AWS API endpoints from the VPC',
          ipProtocol: 'tcp',
          fromPort: INTERFACE_ENDPOINT_PORT,
          toPort: INTERFACE_ENDPOINT_PORT,
          cidrIpv4: cidr,
          region,
          tags: named(tags, `${name}-endpoints-ingress-vpc`),
        },
        parent,
      );
      for (const service of INTERFACE_ENDPOINT_SERVICES) {
        const endpointName = `${name}-endpoint-${service.replace(/\./g, '-')}`;
        endpoints[service] = new aws.ec2.VpcEndpoint(
          endpointName,
          {
            vpcId: this.vpc.id,
            serviceName: regionName.apply((r) => endpointServiceName(r, service)),
            vpcEndpointType: 'Interface',
            privateDnsEnabled: true,
            subnetIds: this.privateSubnets.map((subnet) => subnet.id),
            securityGroupIds: [this.endpointSecurityGroup.id],
            region,
            tags: named(tags, endpointName),
          },
          parent,
        );
      }
    }
    this.interfaceEndpoints = endpoints;

    // Flow logs of all traffic, to a log group with a bounded retention.
    const partition = aws.getPartitionOutput({}, parent).partition;
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
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
