/** The VPC of a stack on GCP: a custom-mode network, one regional subnet with GKE ranges, Cloud NAT. */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { DEFAULTS } from '../core/defaults';
import { type SecondaryRanges, secondaryRanges } from './ranges';

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

/**
 * A custom-mode VPC for a VPC-native GKE cluster:
 *
 * - no auto-created subnets; one regional subnet with Private Google Access,
 *   flow logs, and secondary ranges `pods` and `services`,
 * - a Cloud Router and Cloud NAT so private nodes reach the internet (NAT errors logged).
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
    this.cidr = args.cidr ?? DEFAULTS.networkCidr;
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
    this.subnetwork = new gcp.compute.Subnetwork(
      `${name}-subnet`,
      {
        description: `Nodes, pods and Services of ${name}`,
        network: this.network.id,
        region,
        ipCidrRange: this.cidr,
        privateIpGoogleAccess: true,
        secondaryIpRanges: [
          { rangeName: PODS_RANGE_NAME, ipCidrRange: this.ranges.pods },
          { rangeName: SERVICES_RANGE_NAME, ipCidrRange: this.ranges.services },
        ],
        logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling, metadata: 'INCLUDE_ALL_METADATA' },
        project,
      },
      parent,
    );
    this.router = new gcp.compute.Router(`${name}-router`, { network: this.network.id, region, project }, parent);
    this.nat = new gcp.compute.RouterNat(
      `${name}-nat`,
      {
        router: this.router.name,
        region,
        natIpAllocateOption: 'AUTO_ONLY',
        sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
        logConfig: { enable: true, filter: 'ERRORS_ONLY' },
        project,
      },
      parent,
    );

    this.networkId = this.network.id;
    this.networkSelfLink = this.network.selfLink;
    this.subnetworkId = this.subnetwork.id;
    this.subnetworkSelfLink = this.subnetwork.selfLink;
    this.registerOutputs({ networkId: this.networkId, subnetworkId: this.subnetworkId });
  }
}
