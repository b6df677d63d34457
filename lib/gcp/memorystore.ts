/** Memorystore for Redis settings derived from the spec. Pure, no Pulumi. */

/** Redis versions Memorystore for Redis offers, by `major.minor` (6 is offered as `REDIS_6_X`). */
export const MEMORYSTORE_VERSIONS: readonly string[] = ['REDIS_6_X', 'REDIS_7_0', 'REDIS_7_2'];

/**
 * Memorystore's `redisVersion` of a Redis version: `'6'`, `'6.2'` give
 * `REDIS_6_X`; `'7.0'` gives `REDIS_7_0`; `'7'`, `'7.1'`, `'7.2'` give
 * `REDIS_7_2`. Memorystore offers no 7.1 (ElastiCache's version), so the
 * nearest newer release of the same major is taken: upgrades are in place,
 * downgrades impossible. Throws for versions Memorystore does not offer.
 */
export function memorystoreVersion(engineVersion: string): string {
  const match = /^(\d+)(?:\.(\d+|x))?(?:\.\d+)?$/i.exec(engineVersion.trim());
  const major = match?.[1];
  const minor = match?.[2];
  if (major === '6') return 'REDIS_6_X';
  if (major === '7') return minor === '0' ? 'REDIS_7_0' : 'REDIS_7_2';
  throw new Error(`engineVersion "${engineVersion}" is not offered by Memorystore for Redis (${MEMORYSTORE_VERSIONS.join(', ')})`);
}

/** The eviction policies Redis knows (`maxmemory-policy`). */
export const MAXMEMORY_POLICIES: readonly string[] = [
  'noeviction',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
];

/** How often Memorystore writes an RDB snapshot. */
export type RdbSnapshotPeriod = 'ONE_HOUR' | 'SIX_HOURS' | 'TWELVE_HOURS' | 'TWENTY_FOUR_HOURS';

export { MEMORYSTORE_TLS_PORT } from '../core/endpoints';
export {
  MEMORYSTORE_MAX_REPLICAS,
  READ_REPLICAS_MIN_GIB,
  READ_REPLICAS_MIN_NODES,
  type MemorystoreNodes,
  type MemorystoreProblem,
  memorystoreNodeProblems,
  memorystoreNodes,
} from '../core/memorystore';
