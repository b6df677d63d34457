/**
 * Memorystore for Redis nodes (lib/core/memorystore.ts), by Google's documentation (about-read-replicas,
 * manage-read-replicas): STANDARD_HA is a primary and one replica; read replicas give 1 to 5 replicas and need
 * the Standard tier and nodes of 5 GB or more; BASIC is one node.
 */
import {
  MEMORYSTORE_MAX_REPLICAS,
  READ_REPLICAS_MIN_GIB,
  READ_REPLICAS_MIN_NODES,
  memorystoreNodeProblems,
  memorystoreNodes,
} from 'production-stack/core/memorystore';

test('the limits: 5 replicas at most, read replicas from 3 nodes and 5 GB', () => {
  expect([MEMORYSTORE_MAX_REPLICAS, READ_REPLICAS_MIN_NODES, READ_REPLICAS_MIN_GIB]).toEqual([5, 3, 5]);
});

describe('what a node count makes', () => {
  test('2 nodes: STANDARD_HA, one replica, no read replicas; 3 nodes turn them on', () => {
    expect(memorystoreNodes(2, true)).toEqual({ tier: 'STANDARD_HA', replicaCount: 1, readReplicas: false });
    expect(memorystoreNodes(3, true)).toEqual({ tier: 'STANDARD_HA', replicaCount: 2, readReplicas: true });
    expect(memorystoreNodes(6, undefined)).toEqual({ tier: 'STANDARD_HA', replicaCount: 5, readReplicas: true });
  });

  test('without high availability: BASIC, never read replicas', () => {
    expect(memorystoreNodes(1, false)).toEqual({ tier: 'BASIC', replicaCount: 0, readReplicas: false });
    expect(memorystoreNodes(3, false)).toEqual({ tier: 'BASIC', replicaCount: 2, readReplicas: false });
  });
});

describe('the counts Memorystore refuses', () => {
  const fields = (redis: Parameters<typeof memorystoreNodeProblems>[0]) => memorystoreNodeProblems(redis).map((p) => [p.field, p.value]);

  test('with high availability (the default), 1 node is refused and 2 accepted', () => {
    expect(memorystoreNodeProblems({ nodes: 1 })).toEqual([
      {
        field: 'nodes',
        value: 1,
        rule: "{value}: automatic failover needs at least 2 nodes, STANDARD_HA's primary and replica (or set highAvailability: false)",
      },
    ]);
    expect(fields({ nodes: 1, highAvailability: true })).toEqual([['nodes', 1]]);
    expect(fields({ nodes: 2 })).toEqual([]);
  });

  test('without it, 1 node is accepted and 2 refused', () => {
    expect(fields({ nodes: 1, highAvailability: false })).toEqual([]);
    expect(memorystoreNodeProblems({ nodes: 2, highAvailability: false })).toEqual([
      {
        field: 'nodes',
        value: 2,
        rule: '{value} needs highAvailability: without it Memorystore is BASIC, one node and no replica; leave nodes unset (1) or turn highAvailability on',
      },
    ]);
  });

  test('6 nodes (a primary and 5 replicas) are accepted, 7 refused', () => {
    expect(fields({ nodes: 6, memorySizeGiB: 5 })).toEqual([]);
    expect(memorystoreNodeProblems({ nodes: 7, memorySizeGiB: 5 })).toEqual([
      {
        field: 'nodes',
        value: 7,
        rule: '{value} is more than Memorystore has: a primary and at most 5 read replicas (6 nodes)',
      },
    ]);
  });

  test('read replicas need 5 GB: 4.9 refused at 3 nodes, 5 accepted; 2 nodes need no size', () => {
    expect(memorystoreNodeProblems({ nodes: 3, memorySizeGiB: 4.9 })).toEqual([
      {
        field: 'memorySizeGiB',
        value: 4.9,
        rule: "{value} is below the 5 GB Memorystore's read replicas need (redis.nodes 3 is a primary and 2 read replicas): make it at least 5, or use 2 nodes",
      },
    ]);
    expect(fields({ nodes: 3, memorySizeGiB: 5 })).toEqual([]);
    expect(fields({ nodes: 2, memorySizeGiB: 1 })).toEqual([]);
    expect(fields({ nodes: 3, memorySizeGiB: 1, highAvailability: false })).toEqual([['nodes', 3]]);
    expect(fields({ nodes: 3 })).toEqual([]);
  });

  test('values of another type are left to the type checks', () => {
    expect(memorystoreNodeProblems({ nodes: '1' })).toEqual([]);
    expect(memorystoreNodeProblems({ nodes: 1.5 })).toEqual([]);
    expect(memorystoreNodeProblems({})).toEqual([]);
    expect(fields({ nodes: 3, memorySizeGiB: '1' })).toEqual([]);
  });
});
