/**
 * IPv4 CIDR arithmetic (lib/core/cidr.ts): addresses as unsigned 32-bit numbers, blocks aligned to their prefix,
 * Terraform's cidrsubnet, and the search for a free block in RFC 1918 space.
 */
import {
  NON_PUBLIC_BLOCKS,
  PRIVATE_BLOCKS,
  blockSize,
  contains,
  firstFree,
  formatAddress,
  formatCidr,
  lastAddress,
  nextFreeBlock,
  overlaps,
  parseCidr,
  publicExcept,
  subdivide,
} from 'production-stack/core/cidr';

const c = parseCidr;
const f = (b: ReturnType<typeof parseCidr> | undefined) => (b ? formatCidr(b) : undefined);

test('a block of prefix n holds 2^(32-n) addresses', () => {
  expect([blockSize(32), blockSize(24), blockSize(16), blockSize(0)]).toEqual([1, 256, 65536, 4294967296]);
});

test('addresses print as dotted quads, the highest bit included (no signed 32-bit arithmetic)', () => {
  expect(formatAddress(0)).toBe('0.0.0.0');
  expect(formatAddress(167772161)).toBe('10.0.0.1');
  expect(formatAddress(4294967295)).toBe('255.255.255.255');
  expect(formatAddress(3232235777)).toBe('192.168.1.1');
});

describe('parsing', () => {
  test('a.b.c.d/n is its first address and prefix', () => {
    expect(c('10.0.0.0/16')).toEqual({ base: 167772160, prefix: 16 });
    expect(c('0.0.0.0/0')).toEqual({ base: 0, prefix: 0 });
    expect(c('255.255.255.255/32')).toEqual({ base: 4294967295, prefix: 32 });
    expect(c('192.168.1.128/25')).toEqual({ base: 3232235904, prefix: 25 });
  });

  test.each([
    '256.0.0.0/8',
    '10.256.0.0/16',
    '10.0.256.0/24',
    '10.0.0.256/32',
    '10.0.0.0/33',
    '10.0.0.0',
    '10.0.0/8',
    ' 10.0.0.0/8',
    '10.0.0.0/8 ',
    '1000.0.0.0/8',
    '10.0.0.0/100',
  ])('%j is refused as no IPv4 CIDR', (v) => {
    expect(() => c(v)).toThrow(new Error(`"${v}" is not an IPv4 CIDR such as "10.0.0.0/16"`));
  });

  test('an address that is not its block’s first is refused, naming the block meant', () => {
    expect(() => c('10.0.1.0/16')).toThrow(new Error('"10.0.1.0/16" is not the first address of its block: use "10.0.0.0/16"'));
    expect(() => c('192.168.1.129/25')).toThrow(/use "192\.168\.1\.128\/25"$/);
    expect(() => c('10.0.0.1/31')).toThrow(/use "10\.0\.0\.0\/31"$/);
  });
});

test('a block’s last address', () => {
  expect(formatAddress(lastAddress(c('10.0.0.0/24')))).toBe('10.0.0.255');
  expect(formatAddress(lastAddress(c('10.0.0.7/32')))).toBe('10.0.0.7');
  expect(lastAddress(c('0.0.0.0/0'))).toBe(4294967295);
});

describe('overlap and containment', () => {
  test('blocks overlap when they share an address, whichever is given first', () => {
    expect(overlaps(c('10.0.0.0/24'), c('10.0.0.255/32'))).toBe(true);
    expect(overlaps(c('10.0.0.255/32'), c('10.0.0.0/24'))).toBe(true);
    expect(overlaps(c('10.0.0.0/16'), c('10.0.0.0/16'))).toBe(true);
    expect(overlaps(c('10.0.0.0/24'), c('10.0.1.0/24'))).toBe(false);
    expect(overlaps(c('10.0.1.0/24'), c('10.0.0.0/24'))).toBe(false);
    expect(overlaps(c('10.0.1.0/32'), c('10.0.0.0/24'))).toBe(false);
  });

  test('a block contains itself and what lies inside it, to its last address, and nothing that passes it', () => {
    expect(contains(c('10.0.0.0/16'), c('10.0.0.0/16'))).toBe(true);
    expect(contains(c('10.0.0.0/16'), c('10.0.255.0/24'))).toBe(true);
    expect(contains(c('10.0.0.0/16'), c('10.0.0.0/15'))).toBe(false);
    expect(contains(c('10.0.0.0/16'), c('10.1.0.0/24'))).toBe(false);
    expect(contains(c('10.1.0.0/16'), c('10.0.255.0/24'))).toBe(false);
    expect(contains(c('10.0.0.0/24'), c('10.0.0.0/16'))).toBe(false);
  });
});

describe('subdivide, Terraform’s cidrsubnet', () => {
  test('the index-th block of the prefix: cidrsubnet("10.0.0.0/16", 8, 2) is 10.0.2.0/24', () => {
    expect(f(subdivide(c('10.0.0.0/16'), 24, 2))).toBe('10.0.2.0/24');
    expect(f(subdivide(c('10.0.0.0/16'), 24, 255))).toBe('10.0.255.0/24');
    expect(f(subdivide(c('10.0.0.0/16'), 16, 0))).toBe('10.0.0.0/16');
    expect(f(subdivide(c('10.0.0.0/30'), 32, 3))).toBe('10.0.0.3/32');
  });

  test('a shorter prefix than the block’s, or one past /32, is refused', () => {
    expect(() => subdivide(c('10.0.0.0/16'), 15, 0)).toThrow(new Error('cannot carve a /15 out of 10.0.0.0/16'));
    expect(() => subdivide(c('10.0.0.0/16'), 33, 0)).toThrow(new Error('cannot carve a /33 out of 10.0.0.0/16'));
  });

  test.each([256, -1, 1.5])('index %p is out of range of the 256 /24s of a /16', (index) => {
    expect(() => subdivide(c('10.0.0.0/16'), 24, index)).toThrow(
      new Error(`10.0.0.0/16 holds 256 blocks of /24; index ${index} is out of range`),
    );
  });
});

describe('the first free block of a pool', () => {
  const pool = c('10.0.0.0/16');
  const at = (cidr: string) => c(cidr).base;

  test('from the pool’s start, past what is taken, skipping a whole larger block at once', () => {
    expect(f(firstFree(pool, 24, pool.base, []))).toBe('10.0.0.0/24');
    expect(f(firstFree(pool, 24, pool.base, [c('10.0.0.0/24')]))).toBe('10.0.1.0/24');
    expect(f(firstFree(pool, 24, pool.base, [c('10.0.0.0/20'), c('10.0.16.0/24')]))).toBe('10.0.17.0/24');
    expect(f(firstFree(pool, 24, pool.base, [c('10.0.0.128/25')]))).toBe('10.0.1.0/24');
  });

  test('from an address inside the pool, aligned up to the prefix', () => {
    expect(f(firstFree(pool, 24, at('10.0.5.7/32'), []))).toBe('10.0.6.0/24');
    expect(f(firstFree(pool, 24, at('10.0.5.0/32'), []))).toBe('10.0.5.0/24');
    expect(f(firstFree(pool, 24, at('10.0.0.1/32'), []))).toBe('10.0.1.0/24');
  });

  test('from outside the pool, or from its end, the scan starts at the pool’s start', () => {
    expect(f(firstFree(pool, 24, at('9.255.255.255/32'), []))).toBe('10.0.0.0/24');
    expect(f(firstFree(pool, 24, at('10.1.0.0/32'), []))).toBe('10.0.0.0/24');
    expect(f(firstFree(pool, 24, at('11.0.0.0/32'), []))).toBe('10.0.0.0/24');
  });

  test('past the end it wraps to the start, and it stops before the block it started from', () => {
    expect(f(firstFree(pool, 24, at('10.0.255.0/32'), [c('10.0.255.0/24')]))).toBe('10.0.0.0/24');
    expect(f(firstFree(pool, 24, at('10.0.255.0/32'), []))).toBe('10.0.255.0/24');
    const allBut = (free: string) => Array.from({ length: 256 }, (_, i) => c(`10.0.${i}.0/24`)).filter((b) => formatCidr(b) !== free);
    expect(f(firstFree(pool, 24, at('10.0.200.0/32'), allBut('10.0.199.0/24')))).toBe('10.0.199.0/24');
    expect(firstFree(pool, 24, at('10.0.200.0/32'), allBut('none'))).toBeUndefined();
  });

  test('a clash skips to the first aligned address past its last, not before it: a taken /32 leaves the next address free', () => {
    // resuming anywhere before the clash's end would offer an address outside the pool or loop on the clash
    expect(f(firstFree(c('10.0.0.0/30'), 32, at('10.0.0.0/32'), [c('10.0.0.0/32')]))).toBe('10.0.0.1/32');
    expect(f(firstFree(c('10.0.0.0/30'), 32, at('10.0.0.0/32'), [c('10.0.0.0/32'), c('10.0.0.1/32')]))).toBe('10.0.0.2/32');
  });

  test('a prefix shorter than the pool’s finds nothing; one equal to it, the pool itself when free', () => {
    expect(firstFree(pool, 15, pool.base, [])).toBeUndefined();
    expect(f(firstFree(pool, 16, pool.base, []))).toBe('10.0.0.0/16');
    expect(firstFree(pool, 16, pool.base, [c('10.0.3.0/24')])).toBeUndefined();
  });
});

describe('the next free block after a network, in RFC 1918 space', () => {
  test('the next block of the same size, wrapping within its own private block (the module’s examples)', () => {
    expect(f(nextFreeBlock(c('10.0.0.0/16')))).toBe('10.1.0.0/16');
    expect(f(nextFreeBlock(c('10.255.0.0/16')))).toBe('10.0.0.0/16');
    expect(f(nextFreeBlock(c('10.0.0.0/16'), [c('10.1.0.0/16'), c('10.2.0.0/15')]))).toBe('10.4.0.0/16');
  });

  test('its own private block first, then the others in RFC 1918’s order', () => {
    // 192.168.0.0/16 holds one /16, the network itself: the next is in 10.0.0.0/8
    expect(f(nextFreeBlock(c('192.168.0.0/16')))).toBe('10.0.0.0/16');
    expect(f(nextFreeBlock(c('172.16.0.0/12')))).toBe('10.0.0.0/12');
    // all of 10.0.0.0/8 taken: 172.16.0.0/12, then 192.168.0.0/16
    expect(f(nextFreeBlock(c('10.0.0.0/16'), [c('10.0.0.0/8')]))).toBe('172.16.0.0/16');
    expect(f(nextFreeBlock(c('10.0.0.0/16'), [c('10.0.0.0/8'), c('172.16.0.0/12')]))).toBe('192.168.0.0/16');
  });

  test('a network in 172.16.0.0/12 or 192.168.0.0/16 with room left there stays there, not in 10.0.0.0/8', () => {
    expect(f(nextFreeBlock(c('172.16.0.0/16')))).toBe('172.17.0.0/16');
    expect(f(nextFreeBlock(c('192.168.0.0/24')))).toBe('192.168.1.0/24');
  });

  test('the search starts right after the network’s last address: a /32 gets the next address', () => {
    expect(f(nextFreeBlock(c('10.0.0.5/32')))).toBe('10.0.0.6/32');
    expect(f(nextFreeBlock(c('10.0.0.4/31')))).toBe('10.0.0.6/31');
  });

  test('none when no private block has room', () => {
    expect(nextFreeBlock(c('10.0.0.0/8'))).toBeUndefined();
    expect(nextFreeBlock(c('10.0.0.0/16'), [c('10.0.0.0/8'), c('172.16.0.0/12'), c('192.168.0.0/16')])).toBeUndefined();
  });
});

test('the private blocks are RFC 1918’s; the non-public ones add carrier-grade NAT (RFC 6598) and link-local (RFC 3927)', () => {
  expect(PRIVATE_BLOCKS.map(formatCidr)).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
  expect(NON_PUBLIC_BLOCKS.map(formatCidr)).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16']);
});

describe('the except list of a public range: the non-public blocks and the cluster’s network strictly inside it', () => {
  test('the whole internet leaves out every non-public block; the cluster’s network inside one of them goes with it', () => {
    expect(publicExcept('0.0.0.0/0', '10.0.0.0/16')).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '100.64.0.0/10',
      '169.254.0.0/16',
    ]);
  });

  test('a cluster network that is a non-public block itself is still left out', () => {
    // named once as an RFC 1918 block and once as the network (Kubernetes takes a repeated except entry as it is)
    expect([...new Set(publicExcept('0.0.0.0/0', '10.0.0.0/8'))]).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '100.64.0.0/10',
      '169.254.0.0/16',
    ]);
  });

  test('a cluster network outside the non-public blocks is left out on its own', () => {
    expect(publicExcept('0.0.0.0/0', '198.18.0.0/16')).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '100.64.0.0/10',
      '169.254.0.0/16',
      '198.18.0.0/16',
    ]);
  });

  test('only the blocks inside the range: half of the internet leaves out the blocks of its half', () => {
    // 0.0.0.0–127.255.255.255 holds 10/8 and 100.64/10; 128.0.0.0–255.255.255.255 the three others
    expect(publicExcept('0.0.0.0/1', '10.0.0.0/16')).toEqual(['10.0.0.0/8', '100.64.0.0/10']);
    expect(publicExcept('128.0.0.0/1', '10.0.0.0/16')).toEqual(['172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']);
  });

  test('a public range holding no non-public block, or a private range inside one, leaves out nothing', () => {
    expect(publicExcept('203.0.113.0/24', '10.0.0.0/16')).toEqual([]);
    expect(publicExcept('10.20.0.0/16', '10.0.0.0/16')).toEqual([]);
  });

  test('a private range given as it is keeps its addresses (a block is never excepted from itself), but not the cluster’s network', () => {
    expect(publicExcept('10.0.0.0/8', '10.0.0.0/16')).toEqual(['10.0.0.0/16']);
    expect(publicExcept('10.0.0.0/16', '10.0.0.0/16')).toEqual([]);
    expect(publicExcept('172.16.0.0/12', '10.0.0.0/16')).toEqual([]);
  });
});
