/** The secondary ranges of a GKE subnet (pods and services). Pure, no Pulumi. */
import { type Ipv4Block, PRIVATE_BLOCKS, contains, firstFree, formatCidr, lastAddress, nextFreeBlock, overlaps, parseCidr } from './cidr';

/** Default prefix of the pods range: /14, room for 1,024 nodes of 110 pods (a /24 each), GKE's default. */
export const DEFAULT_PODS_PREFIX = 14;
/** Default prefix of the services range: /20, 4,096 ClusterIPs, GKE's default. */
export const DEFAULT_SERVICES_PREFIX = 20;

/** The two secondary ranges of the subnet. */
export interface SecondaryRanges {
  /** Range of the pods' IPs (VPC-native cluster). */
  readonly pods: string;
  /** Range of the Services' ClusterIPs. */
  readonly services: string;
}

/** Ranges to use as given, and sizes of the ones {@link secondaryRanges} picks. */
export interface SecondaryRangeOptions {
  /**
   * The pods range, used as given.
   * @default - the first free block of `podsPrefix`
   */
  readonly pods?: string;
  /**
   * The services range, used as given.
   * @default - the first free block of `servicesPrefix`
   */
  readonly services?: string;
  /**
   * Prefix length of the pods range when it is picked.
   * @default 14
   */
  readonly podsPrefix?: number;
  /**
   * Prefix length of the services range when it is picked.
   * @default 20
   */
  readonly servicesPrefix?: number;
  /**
   * Ranges already used elsewhere in the VPC (another region's subnet and its ranges, the private
   * services range), which the picked ranges avoid and the given ones must not overlap.
   * @default - none
   */
  readonly taken?: readonly string[];
}

/**
 * Picks the pods and services ranges of a subnet whose primary range is
 * `primary`: aligned blocks in RFC 1918 space that overlap neither the primary
 * range nor each other. The search starts right after the primary range in its
 * own private block (so `10.0.0.0/16` gets pods `10.4.0.0/14` and services
 * `10.1.0.0/20`), then tries the other private blocks. Deterministic: the same
 * inputs always give the same ranges. Ranges given explicitly are used as they
 * are, after checking that nothing overlaps.
 */
export function secondaryRanges(primary: string, options: SecondaryRangeOptions = {}): SecondaryRanges {
  const main = parseCidr(primary);
  const podsPrefix = options.podsPrefix ?? DEFAULT_PODS_PREFIX;
  const servicesPrefix = options.servicesPrefix ?? DEFAULT_SERVICES_PREFIX;
  for (const [what, prefix] of [
    ['podsPrefix', podsPrefix],
    ['servicesPrefix', servicesPrefix],
  ] as const) {
    if (!Number.isInteger(prefix) || prefix < 8 || prefix > 29) throw new Error(`${what} (${prefix}) must be an integer from 8 to 29`);
  }
  const from = lastAddress(main) + 1;
  const pools = [...PRIVATE_BLOCKS.filter((b) => contains(b, main)), ...PRIVATE_BLOCKS.filter((b) => !contains(b, main))];
  const allocate = (what: string, prefix: number, taken: readonly Ipv4Block[]): Ipv4Block => {
    for (const pool of pools) {
      const found = firstFree(pool, prefix, from, taken);
      if (found) return found;
    }
    throw new Error(`no free /${prefix} for the ${what} range in RFC 1918 space next to ${primary}; give the range explicitly`);
  };
  const given = (what: string, cidr: string, taken: readonly [string, Ipv4Block][]): Ipv4Block => {
    const block = parseCidr(cidr);
    const clash = taken.find(([, t]) => overlaps(t, block));
    if (clash) throw new Error(`the ${what} range ${cidr} overlaps the ${clash[0]} range ${formatCidr(clash[1])}`);
    return block;
  };
  const taken = (options.taken ?? []).map((t): [string, Ipv4Block] => [`taken ${t}`, parseCidr(t)]);
  const explicitServices = options.services === undefined ? undefined : given('services', options.services, [['primary', main], ...taken]);
  const fixed: [string, Ipv4Block][] = [
    ['primary', main],
    ...taken,
    ...(explicitServices ? [['services', explicitServices] as [string, Ipv4Block]] : []),
  ];
  const pods =
    options.pods === undefined
      ? allocate(
          'pods',
          podsPrefix,
          fixed.map(([, b]) => b),
        )
      : given('pods', options.pods, fixed);
  const services = explicitServices ?? allocate('services', servicesPrefix, [...fixed.map(([, b]) => b), pods]);
  return { pods: formatCidr(pods), services: formatCidr(services) };
}

/** Default prefix of the private services range: /16, what Google recommends so every managed service fits. */
export const DEFAULT_PRIVATE_SERVICES_PREFIX = 16;

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
  const pools = [...PRIVATE_BLOCKS.filter((b) => contains(b, main)), ...PRIVATE_BLOCKS.filter((b) => !contains(b, main))];
  for (const pool of pools) {
    const found = firstFree(
      pool,
      prefix,
      lastAddress(main) + 1,
      taken.map(([, t]) => t),
    );
    if (found) return formatCidr(found);
  }
  throw new Error(`no free /${prefix} for the private services range in RFC 1918 space next to ${primary}; give the range explicitly`);
}

/** A subnet's primary range with its two secondary ranges. */
export interface SubnetRanges extends SecondaryRanges {
  /** Primary range: the nodes' addresses. */
  readonly cidr: string;
}

/**
 * Ranges of a second regional subnet in the same VPC (a standby region's), overlapping none of
 * `taken` (the first region's subnet, pods, services and private services ranges): a primary
 * range as large as `like`, the first free aligned one after it in RFC 1918 space
 * (`10.0.0.0/16` with the default ranges and `10.2.0.0/16` taken gets `10.3.0.0/16`), then its
 * pods and services ranges as {@link secondaryRanges} picks them. Deterministic. Pure, no Pulumi.
 */
export function secondSubnetRanges(like: string, taken: readonly string[]): SubnetRanges {
  const first = parseCidr(like);
  const found = nextFreeBlock(first, taken.map(parseCidr));
  if (!found) throw new Error(`no free /${first.prefix} for a second subnet in RFC 1918 space next to ${like}`);
  const cidr = formatCidr(found);
  return { cidr, ...secondaryRanges(cidr, { taken: [like, ...taken] }) };
}
