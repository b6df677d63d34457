/** The VPC of a stack on GCP: a custom-mode network, one regional subnet with GKE ranges, Cloud NAT, private service access. */
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';
import { resolveCluster } from '../core/resolve';
import { type SecondaryRanges, privateServicesRange, secondaryRanges } from '../core/gcp-ranges';
import { type PrivateServiceAccess, SERVICE_NETWORKING } from './private-services';

/** Arguments of {@link Network}. */
export interface NetworkArgs {
  /** Region of the subnet, router and NAT. */
  readonly region: pulumi.Input<string>;
  /**
   * Primary range of the subnet: the nodes' addresses.
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;
  /**
   * Secondary range of the pods.
   * @default - a free /14 next to `cidr` (see {@link secondaryRanges})
   */
  readonly podsCidr?: string;
  /**
   * Secondary range of the Services' ClusterIPs.
   * @default - a free /20 next to `cidr` (see {@link secondaryRanges})
   */
  readonly servicesCidr?: string;
  /**
   * Fraction of the subnet's flows sampled into VPC flow logs, 0 to 1.
   * @default 0.5
   */
  readonly flowLogSampling?: number;
  /**
   * Reserve a range for Google's managed services and peer it with the VPC
   * (private service access), which Cloud SQL private IP and Memorystore
   * `PRIVATE_SERVICE_ACCESS` need. Requires the Service Networking API.
   * @default false
   */
  readonly privateServiceAccess?: boolean;
  /**
   * The range reserved for private service access (only with `privateServiceAccess`).
   * @default - a free /16 next to the subnet's ranges (see {@link privateServicesRange})
   */
  readonly privateServicesCidr?: string;
  /**
   * Project of every resource.
   * @default - the provider's project
   */
  readonly project?: pulumi.Input<string>;
}

/** Name of the subnet's secondary range for pods. */
export const PODS_RANGE_NAME = 'pods';
/** Name of the subnet's secondary range for Services. */
export const SERVICES_RANGE_NAME = 'services';
/** Default sampling of the VPC flow logs. */
export const DEFAULT_FLOW_LOG_SAMPLING = 0.5;

/** Arguments of {@link regionalSubnet}. */
export interface RegionalSubnetArgs {
  /** ID of the VPC network. */
  readonly networkId: pulumi.Input<string>;
  /** Region of the subnet, router and NAT. */
  readonly region: pulumi.Input<string>;
  /** Primary range of the subnet. */
  readonly cidr: string;
  /** Its secondary ranges (pods and services). */
  readonly ranges: SecondaryRanges;
  /** Fraction of the flows sampled into VPC flow logs. */
  readonly flowSampling: number;
  /** Project of the resources. */
  readonly project?: pulumi.Input<string>;
}

/** A regional subnet with its Cloud Router and NAT. */
export interface RegionalSubnet {
  /** The subnet of the nodes, with the pods and services ranges. */
  readonly subnetwork: gcp.compute.Subnetwork;
  /** The Cloud Router carrying the NAT. */
  readonly router: gcp.compute.Router;
  /** Cloud NAT of every range of the subnet. */
  readonly nat: gcp.compute.RouterNat;
}

/**
 * A region's part of a VPC for GKE: the subnet (Private Google Access, flow logs, secondary
 * ranges `pods` and `services`), a Cloud Router and Cloud NAT (errors logged), named
 * `${name}-subnet`, `${name}-router` and `${name}-nat`, as children of `parent`. A GCP VPC is
 * global: a standby region adds one of these to the primary's network.
 */
export function regionalSubnet(name: string, args: RegionalSubnetArgs, parent: pulumi.Resource): RegionalSubnet {
  const { region, project } = args;
  const opts = { parent };
  const subnetwork = new gcp.compute.Subnetwork(
    `${name}-subnet`,
    {
      description: `Nodes, pods and Services of ${name}`,
      network: args.networkId,
      region,
      ipCidrRange: args.cidr,
      privateIpGoogleAccess: true,
      secondaryIpRanges: [
        { rangeName: PODS_RANGE_NAME, ipCidrRange: args.ranges.pods },
        { rangeName: SERVICES_RANGE_NAME, ipCidrRange: args.ranges.services },
      ],
      logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: args.flowSampling, metadata: 'INCLUDE_ALL_METADATA' },
      project,
    },
    opts,
  );
  const router = new gcp.compute.Router(`${name}-router`, { network: args.networkId, region, project }, opts);
  const nat = new gcp.compute.RouterNat(
    `${name}-nat`,
    {
      router: router.name,
      region,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
      project,
    },
    opts,
  );
  return { subnetwork, router, nat };
}

/**
 * A custom-mode VPC for a VPC-native GKE cluster:
 *
 * - no auto-created subnets; one regional subnet with Private Google Access,
 *   flow logs, and secondary ranges `pods` and `services`,
 * - a Cloud Router and Cloud NAT so private nodes reach the internet (NAT errors logged),
 * - with `privateServiceAccess`, a global address range (purpose `VPC_PEERING`)
 *   and the Service Networking connection that peers it with the VPC, for
 *   Cloud SQL and Memorystore on private IPs (see {@link PrivateServiceAccess}).
 *
 * Children are named `${name}-<role>`.
 */
export class Network extends pulumi.ComponentResource {
  /** The VPC network. */
  public readonly network: gcp.compute.Network;
  /** The regional subnet of the nodes, with the pods and services ranges. */
  public readonly subnetwork: gcp.compute.Subnetwork;
  /** The Cloud Router carrying the NAT. */
  public readonly router: gcp.compute.Router;
  /** Cloud NAT of every range of the subnet. */
  public readonly nat: gcp.compute.RouterNat;
  /** The range reserved for Google's managed services; present with `privateServiceAccess`. */
  public readonly privateServicesAddress?: gcp.compute.GlobalAddress;
  /** The peering of that range with the VPC; present with `privateServiceAccess`. */
  public readonly privateServicesConnection?: gcp.servicenetworking.Connection;
  /** What Cloud SQL and Memorystore need to use private IPs; present with `privateServiceAccess`. */
  public readonly privateServiceAccess?: PrivateServiceAccess;

  /** Primary range of the subnet. */
  public readonly cidr: string;
  /** The secondary ranges. */
  public readonly ranges: SecondaryRanges;
  /** Name of the pods range. */
  public readonly podsRangeName: string = PODS_RANGE_NAME;
  /** Name of the services range. */
  public readonly servicesRangeName: string = SERVICES_RANGE_NAME;
  /** ID of the network. */
  public readonly networkId: pulumi.Output<string>;
  /** Self link of the network. */
  public readonly networkSelfLink: pulumi.Output<string>;
  /** ID of the subnet. */
  public readonly subnetworkId: pulumi.Output<string>;
  /** Self link of the subnet. */
  public readonly subnetworkSelfLink: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('production-stack:gcp:Network', name, {}, opts);
    this.cidr = resolveCluster({ networkCidr: args.cidr }, 'gcp').networkCidr;
    this.ranges = secondaryRanges(this.cidr, { pods: args.podsCidr, services: args.servicesCidr });
    const flowSampling = args.flowLogSampling ?? DEFAULT_FLOW_LOG_SAMPLING;
    if (!(flowSampling > 0 && flowSampling <= 1)) throw new Error(`flowLogSampling (${flowSampling}) must be greater than 0 and at most 1`);
    const { region, project } = args;
    const parent = { parent: this };

    this.network = new gcp.compute.Network(
      `${name}-vpc`,
      { description: `Network of ${name}`, autoCreateSubnetworks: false, routingMode: 'REGIONAL', project },
      parent,
    );
    const subnet = regionalSubnet(
      name,
      { networkId: this.network.id, region, cidr: this.cidr, ranges: this.ranges, flowSampling, project },
      this,
    );
    this.subnetwork = subnet.subnetwork;
    this.router = subnet.router;
    this.nat = subnet.nat;

    if (args.privateServiceAccess) {
      const cidr = privateServicesRange(this.cidr, this.ranges, args.privateServicesCidr);
      const [address, prefix] = cidr.split('/');
      this.privateServicesAddress = new gcp.compute.GlobalAddress(
        `${name}-private-services-range`,
        {
          description: `Google managed services (Cloud SQL, Memorystore) of ${name}`,
          network: this.network.id,
          purpose: 'VPC_PEERING',
          addressType: 'INTERNAL',
          address,
          prefixLength: Number(prefix),
          project,
        },
        parent,
      );
      this.privateServicesConnection = new gcp.servicenetworking.Connection(
        `${name}-private-services`,
        {
          network: this.network.id,
          service: SERVICE_NETWORKING,
          reservedPeeringRanges: [this.privateServicesAddress.name],
          // The producers keep the peering for days after their last instance is
          // deleted, so removing it usually fails; destroying the stack forgets it.
          deletionPolicy: 'ABANDON',
        },
        parent,
      );
      this.privateServiceAccess = {
        networkId: this.network.id,
        rangeName: this.privateServicesAddress.name,
        cidr,
        connection: this.privateServicesConnection,
      };
    }

    this.networkId = this.network.id;
    this.networkSelfLink = this.network.selfLink;
    this.subnetworkId = this.subnetwork.id;
    this.subnetworkSelfLink = this.subnetwork.selfLink;
    this.registerOutputs({ networkId: this.networkId, subnetworkId: this.subnetworkId });
  }
}
