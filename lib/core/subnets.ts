/** The subnet plan of a VPC: which CIDR each private and public subnet gets. Pure, no Pulumi. */
import { type Ipv4Block, formatCidr, parseCidr, subdivide } from './cidr';

/** Shortest VPC prefix AWS accepts (`/16`, 65,536 addresses). */
export const MIN_VPC_PREFIX = 16;
/** Longest subnet prefix AWS accepts (`/28`, 16 addresses). */
export const MAX_SUBNET_PREFIX = 28;
/** Most availability zones a network spans (the spec's limit). */
export const MAX_ZONES = 6;

/** The CIDRs of a VPC's subnets, index `i` in zone `i`. */
export interface SubnetLayout {
  /** One private subnet per zone: nodes, pods (VPC CNI) and internal load balancers. */
  readonly private: readonly string[];
  /** One public subnet per zone: NAT gateways and internet-facing load balancers only. */
  readonly public: readonly string[];
}

/**
 * Splits a VPC CIDR into one private and one public subnet per zone.
 *
 * The lower half of the VPC holds the private subnets, as large as the zone
 * count allows, because every pod takes a VPC address. The upper half starts
 * with the public subnets, eight times smaller (they hold only NAT gateways
 * and load balancers); the rest of the upper half is left free for later
 * tiers such as database subnets. Existing subnets never move when the zone
 * count stays within the same power of two.
 *
 * `10.0.0.0/16` over 3 zones: private `10.0.0.0/19`, `10.0.32.0/19`,
 * `10.0.64.0/19`; public `10.0.128.0/22`, `10.0.132.0/22`, `10.0.136.0/22`.
 *
 * Throws when the VPC is outside `/16`..`/28`, misaligned, or too small for
 * the zones.
 */
export function subnetLayout(vpcCidr: string, zones: number): SubnetLayout {
  const vpc = parseCidr(vpcCidr);
  if (vpc.prefix < MIN_VPC_PREFIX || vpc.prefix > MAX_SUBNET_PREFIX) {
    throw new Error(`VPC CIDR "${vpcCidr}" must have a prefix between /${MIN_VPC_PREFIX} and /${MAX_SUBNET_PREFIX} (AWS limits)`);
  }
  if (!Number.isInteger(zones) || zones < 1 || zones > MAX_ZONES) {
    throw new Error(`availability zones (${zones}) must be an integer from 1 to ${MAX_ZONES}`);
  }
  const zoneBits = Math.ceil(Math.log2(zones));
  const privatePrefix = vpc.prefix + 1 + zoneBits;
  if (privatePrefix > MAX_SUBNET_PREFIX) {
    throw new Error(
      `VPC CIDR "${vpcCidr}" is too small for ${zones} availability zones: each private subnet would be a /${privatePrefix}, ` +
        `and AWS subnets must be /${MAX_SUBNET_PREFIX} or larger; use a larger networkCidr or fewer zones`,
    );
  }
  const publicPrefix = Math.min(privatePrefix + 3, MAX_SUBNET_PREFIX);
  const lowerHalf: Ipv4Block = subdivide(vpc, vpc.prefix + 1, 0);
  const upperHalf: Ipv4Block = subdivide(vpc, vpc.prefix + 1, 1);
  const zoneIndexes = Array.from({ length: zones }, (_, i) => i);
  return {
    private: zoneIndexes.map((i) => formatCidr(subdivide(lowerHalf, privatePrefix, i))),
    public: zoneIndexes.map((i) => formatCidr(subdivide(upperHalf, publicPrefix, i))),
  };
}
