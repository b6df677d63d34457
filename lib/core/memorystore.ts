/**
 * Memorystore for Redis nodes: how `redis.nodes` maps onto an instance, and the rules its read replicas obey.
 * Pure, no Pulumi: validation and the GCP component both use it.
 *
 * A `STANDARD_HA` instance is a primary and one replica in another zone (2 nodes); turning on read replicas
 * (`readReplicasMode: READ_REPLICAS_ENABLED`) lets it have 1 to 5 replicas (`replicaCount`) behind a read endpoint.
 * Read replicas need the Standard tier, nodes of 5 GB or more, Redis 5.0 or newer and a reserved range of /28 or
 * more (the private services range is a /16); once on they can never be turned off. They can be turned on for an
 * existing instance, in place, given a `secondaryIpRange` for the new nodes (`auto`: Memorystore picks one in the
 * private services range). Sources: https://cloud.google.com/memorystore/docs/redis/about-read-replicas,
 * https://cloud.google.com/memorystore/docs/redis/manage-read-replicas, and the provider's schema
 * (GoogleCloudPlatform/magic-modules mmv1/products/redis/Instance.yaml: `replicaCount`, `readReplicasMode` and
 * `secondaryIpRange` update in place, `tier` replaces; its TestAccRedisInstance_updateReadReplicasMode).
 */

/** The most replicas a Memorystore instance has (read replicas on). */
export const MEMORYSTORE_MAX_REPLICAS = 5;
/** The fewest nodes that turn read replicas on: a primary and two replicas (2 is `STANDARD_HA`'s own pair). */
export const READ_REPLICAS_MIN_NODES = 3;
/** The smallest instance (GB per node) read replicas are offered for. */
export const READ_REPLICAS_MIN_GIB = 5;

/** What a node count makes of a Memorystore instance. */
export interface MemorystoreNodes {
  /** `STANDARD_HA` (a primary and replicas across zones, automatic failover) or `BASIC` (one node). */
  readonly tier: 'STANDARD_HA' | 'BASIC';
  /** Replicas besides the primary: 0 (`BASIC`), 1 (`STANDARD_HA`), 2 to 5 (read replicas). */
  readonly replicaCount: number;
  /** Read replicas on (3 nodes or more): `READ_REPLICAS_ENABLED` and `replicaCount`, a read endpoint. */
  readonly readReplicas: boolean;
}

/**
 * The instance a node count makes (`redisNodes` gives the count when the spec has none; see
 * {@link memorystoreNodeProblems} for the counts Memorystore refuses).
 */
export function memorystoreNodes(nodes: number, highAvailability: boolean | undefined): MemorystoreNodes {
  const ha = highAvailability ?? true;
  return { tier: ha ? 'STANDARD_HA' : 'BASIC', replicaCount: nodes - 1, readReplicas: ha && nodes >= READ_REPLICAS_MIN_NODES };
}

/** One refused setting: the `redis.` field, its value, and the rule (`{value}` stands for the value). */
export interface MemorystoreProblem {
  readonly field: 'nodes' | 'memorySizeGiB';
  readonly value: unknown;
  readonly rule: string;
}

/**
 * The node counts Memorystore refuses, given the spec's `redis` (values of the wrong type are left to the
 * type checks): fewer than 2 with `highAvailability`, more than one without it (`BASIC` has no replica), more than 6, and read
 * replicas (3 nodes or more) on an instance smaller than {@link READ_REPLICAS_MIN_GIB} GB. Redis 5.0 or newer,
 * which read replicas need too, holds for every version Memorystore still creates (`REDIS_SUPPORT.gcp`).
 */
export function memorystoreNodeProblems(redis: {
  readonly nodes?: unknown;
  readonly highAvailability?: unknown;
  readonly memorySizeGiB?: unknown;
}): MemorystoreProblem[] {
  const nodes = redis.nodes;
  if (typeof nodes !== 'number' || !Number.isInteger(nodes)) return [];
  const problems: MemorystoreProblem[] = [];
  if (redis.highAvailability !== false && nodes < 2) {
    problems.push({
      field: 'nodes',
      value: nodes,
      rule: "{value}: automatic failover needs at least 2 nodes, STANDARD_HA's primary and replica (or set highAvailability: false)",
    });
  }
  if (redis.highAvailability === false && nodes > 1) {
    problems.push({
      field: 'nodes',
      value: nodes,
      rule: '{value} needs highAvailability: without it Memorystore is BASIC, one node and no replica; leave nodes unset (1) or turn highAvailability on',
    });
  }
  if (nodes > MEMORYSTORE_MAX_REPLICAS + 1) {
    problems.push({
      field: 'nodes',
      value: nodes,
      rule: `{value} is more than Memorystore has: a primary and at most ${MEMORYSTORE_MAX_REPLICAS} read replicas (${MEMORYSTORE_MAX_REPLICAS + 1} nodes)`,
    });
  }
  const size = redis.memorySizeGiB;
  if (redis.highAvailability !== false && nodes >= READ_REPLICAS_MIN_NODES && typeof size === 'number' && size < READ_REPLICAS_MIN_GIB) {
    problems.push({
      field: 'memorySizeGiB',
      value: size,
      rule: `{value} is below the ${READ_REPLICAS_MIN_GIB} GB Memorystore's read replicas need (redis.nodes ${nodes} is a primary and ${nodes - 1} read replicas): make it at least ${READ_REPLICAS_MIN_GIB}, or use 2 nodes`,
    });
  }
  return problems;
}
