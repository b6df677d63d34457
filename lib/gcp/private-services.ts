/** Private service access: the range Google's managed services (Cloud SQL, Memorystore) take in a VPC. */
import type * as pulumi from '@pulumi/pulumi';
import { type Ipv4Block, PRIVATE_BLOCKS, blockSize, contains, formatCidr, lastAddress, overlaps, parseCidr } from '../aws/cidr';
import type { SecondaryRanges } from './ranges';

/** The Service Networking service that peers managed services' VPCs with ours. */
export const SERVICE_NETWORKING = 'servicenetworking.googleapis.com';

/** Default prefix of the private services range: /16, what Google recommends so every managed service fits. */
export const DEFAULT_PRIVATE_SERVICES_PREFIX = 16;

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

/**
 * The range reserved for private service access in a VPC whose subnet has
 * `primary` and the secondary `ranges`: `given` when set (checked against
 * them), else the first aligned block of `prefix` in RFC 1918 space after
 * the primary range that overlaps none of them (`10.0.0.0/16` with the
 * default ranges gets `10.2.0.0/16`). Deterministic. Pure, no Pulumi.
 */
export function privateServicesRange(
  primary: string,
  ranges: SecondaryRanges,
  given?: string,
  prefix: number = DEFAULT_PRIVATE_SERVICES_PREFIX,
): string {
  const taken: [string, Ipv4Block][] = [
    ['primary', parseCidr(primary)],
    ['pods', parseCidr(ranges.pods)],
    ['services', parseCidr(ranges.services)],
  ];
  if (given !== undefined) {
    const block = parseCidr(given);
    if (!PRIVATE_BLOCKS.some((b) => contains(b, block))) throw new Error(`the private services range ${given} must be in RFC 1918 space`);
    if (block.prefix > 24) throw new Error(`the private services range ${given} must be a /24 or larger (Cloud SQL needs a /24)`);
    const clash = taken.find(([, t]) => overlaps(t, block));
    if (clash) throw new Error(`the private services range ${given} overlaps the ${clash[0]} range ${formatCidr(clash[1])}`);
    return formatCidr(block);
  }
  if (!Number.isInteger(prefix) || prefix < 8 || prefix > 24) throw new Error(`prefix (${prefix}) must be an integer from 8 to 24`);
  const main = taken[0][1];
  const size = blockSize(prefix);
  const pools = [...PRIVATE_BLOCKS.filter((b) => contains(b, main)), ...PRIVATE_BLOCKS.filter((b) => !contains(b, main))];
  for (const pool of pools) {
    if (prefix < pool.prefix) continue;
    const end = lastAddress(pool) + 1;
    const alignUp = (address: number): number => pool.base + Math.ceil((address - pool.base) / size) * size;
    const from = lastAddress(main) + 1;
    const start = from > pool.base && from < end ? alignUp(from) : pool.base;
    for (const [lo, hi] of [
      [start, end],
      [pool.base, start],
    ]) {
      let base = lo;
      while (base < hi && base + size <= end) {
        const candidate = { base, prefix };
        const clash = taken.find(([, t]) => overlaps(t, candidate));
        if (!clash) return formatCidr(candidate);
        base = alignUp(lastAddress(clash[1]) + 1);
      }
    }
  }
  throw new Error(`no free /${prefix} for the private services range in RFC 1918 space next to ${primary}; give the range explicitly`);
}
