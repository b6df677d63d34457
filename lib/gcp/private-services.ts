/** Private service access: the range Google's managed services (Cloud SQL, Memorystore) take in a VPC. */
import type * as pulumi from '@pulumi/pulumi';

/** The Service Networking service that peers managed services' VPCs with ours. */
export const SERVICE_NETWORKING = 'servicenetworking.googleapis.com';

/**
 * What Cloud SQL and Memorystore need to take private IPs in a VPC, as a
 * {@link Network} created with `privateServiceAccess` exposes it.
 */
export interface PrivateServiceAccess {
  /** ID or self link of the VPC network. */
  readonly networkId: pulumi.Input<string>;
  /** Name of the global address range allocated to the managed services. */
  readonly rangeName: pulumi.Input<string>;
  /** That range, as a CIDR: where the instances' IPs are (NetworkPolicy and firewall egress). */
  readonly cidr: string;
  /** The Service Networking connection: instances are created after it. */
  readonly connection: pulumi.Resource;
}
