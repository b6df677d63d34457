/**
 * IPv4 CIDR arithmetic: plain functions, no Pulumi. Addresses are unsigned
 * 32-bit integers held in JavaScript numbers (never bitwise operators, which
 * would turn them into signed 32-bit values).
 */

/** An IPv4 block: its first address and prefix length. */
export interface Ipv4Block {
  /** First address of the block, as an unsigned 32-bit integer. */
  readonly base: number;
  /** Prefix length, 0 to 32. */
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Number of addresses in a block of this prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Renders an unsigned 32-bit address as dotted quads. */
export function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** Renders a block as `a.b.c.d/n`. */
export function formatCidr(block: Ipv4Block): string {
  return `${formatAddress(block.base)}/${block.prefix}`;
}

/**
 * Parses `a.b.c.d/n`. Throws when it is not an IPv4 CIDR, or when the address
 * is not the first of its block (`10.0.1.0/16`), naming the block meant.
 */
export function parseCidr(cidr: string): Ipv4Block {
  const m = CIDR.exec(cidr);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const prefix = m ? Number(m[5]) : NaN;
  if (!m || octets.some((o) => o > 255) || prefix > 32) throw new Error(`"${cidr}" is not an IPv4 CIDR such as "10.0.0.0/16"`);
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const base = address - (address % blockSize(prefix));
  if (base !== address) {
    throw new Error(`"${cidr}" is not the first address of its block: use "${formatCidr({ base, prefix })}"`);
  }
  return { base, prefix };
}

/** Last address of a block. */
export function lastAddress(block: Ipv4Block): number {
  return block.base + blockSize(block.prefix) - 1;
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.base >= outer.base && lastAddress(inner) <= lastAddress(outer);
}

/**
 * The `index`-th block of prefix `prefix` inside `block` (Terraform's
 * `cidrsubnet`). Throws when the prefix is shorter than the block's or the
 * index does not fit.
 */
export function subdivide(block: Ipv4Block, prefix: number, index: number): Ipv4Block {
  if (prefix < block.prefix || prefix > 32) throw new Error(`cannot carve a /${prefix} out of ${formatCidr(block)}`);
  const count = 2 ** (prefix - block.prefix);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(`${formatCidr(block)} holds ${count} blocks of /${prefix}; index ${index} is out of range`);
  }
  return { base: block.base + index * blockSize(prefix), prefix };
}

/**
 * The first aligned block of `prefix` in `pool`, scanning from `from` to the
 * end of the pool and then from its start, that overlaps none of `taken`. A
 * clash skips straight past the block it hits, so the scan is short however
 * large the pool.
 */
export function firstFree(pool: Ipv4Block, prefix: number, from: number, taken: readonly Ipv4Block[]): Ipv4Block | undefined {
  if (prefix < pool.prefix) return undefined;
  const size = blockSize(prefix);
  const end = lastAddress(pool) + 1;
  const alignUp = (address: number): number => pool.base + Math.ceil((address - pool.base) / size) * size;
  const start = from > pool.base && from < end ? alignUp(from) : pool.base;
  for (const [lo, hi] of [
    [start, end],
    [pool.base, start],
  ]) {
    let base = lo;
    while (base < hi && base + size <= end) {
      const candidate = { base, prefix };
      const clash = taken.find((t) => overlaps(t, candidate));
      if (!clash) return candidate;
      base = alignUp(lastAddress(clash) + 1);
    }
  }
  return undefined;
}

/** The RFC 1918 private blocks, in the order they are searched. */
export const PRIVATE_BLOCKS: readonly Ipv4Block[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(parseCidr);

/**
 * The first aligned block as large as `like` after it in RFC 1918 space (from its end to the end of its own
 * private block, then from that block's start, then the other private blocks) that overlaps neither `like` nor
 * any of `taken`; undefined when none is free. Deterministic: `10.0.0.0/16` gets `10.1.0.0/16`, `10.255.0.0/16`
 * gets `10.0.0.0/16`.
 */
export function nextFreeBlock(like: Ipv4Block, taken: readonly Ipv4Block[] = []): Ipv4Block | undefined {
  const pools = [...PRIVATE_BLOCKS.filter((b) => contains(b, like)), ...PRIVATE_BLOCKS.filter((b) => !contains(b, like))];
  for (const pool of pools) {
    const found = firstFree(pool, like.prefix, lastAddress(like) + 1, [like, ...taken]);
    if (found) return found;
  }
  return undefined;
}

/**
 * Where no internet address is: the RFC 1918 blocks, carrier-grade NAT (RFC 6598, which GKE may use for pods)
 * and link-local (the clouds' metadata servers). A NetworkPolicy peer "the internet" is `0.0.0.0/0` except these.
 */
export const NON_PUBLIC_BLOCKS: readonly Ipv4Block[] = [...PRIVATE_BLOCKS, ...['100.64.0.0/10', '169.254.0.0/16'].map(parseCidr)];

/**
 * The `except` list of an egress `ipBlock` for `cidr`: the non-public blocks, and the cluster's own network,
 * that lie strictly inside it, so that a public range (`0.0.0.0/0` included) reaches the internet and never the
 * VPC, its load balancers and endpoints, or a metadata server. A private range given as it is (`10.20.0.0/16`)
 * keeps every address it names.
 */
export function publicExcept(cidr: string, networkCidr: string): string[] {
  const outer = parseCidr(cidr);
  const inside = [...NON_PUBLIC_BLOCKS, parseCidr(networkCidr)].filter(
    (b) => contains(outer, b) && !(b.base === outer.base && b.prefix === outer.prefix),
  );
  // the network inside a non-public block is excepted with it
  return inside.filter((b, i) => !inside.some((o, j) => j !== i && contains(o, b) && o.prefix < b.prefix)).map(formatCidr);
}
