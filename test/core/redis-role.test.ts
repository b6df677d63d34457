/**
 * `redis.role` (#20): a Redis that holds a queue never evicts and says at a failover what it loses; a cache evicts
 * and is rebuilt. The role is the spec's, else `queue` when a worker drains a Redis list (`queue.redis`).
 */
import { type ProductionStackProps, check, formatProblem, resolve } from 'production-stack';
import { failoverSections } from '../../lib/core/runbook-failover';
import { examples } from '../../examples';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** QBITEL with its worker draining a Redis list instead of its NATS consumer, and `redis` as given. */
function qbitelOnRedis(redis: Record<string, unknown>, queue = true): ProductionStackProps {
  const spec: any = JSON.parse(JSON.stringify(examples.qbitel));
  const worker = spec.services.find((s: any) => s.name === 'worker');
  if (queue) worker.queue = { redis: { list: 'qbitel:jobs' }, targetPerReplica: 20, minReplicas: 2, maxReplicas: 6 };
  else delete worker.queue;
  spec.redis = redis;
  return spec;
}

const problems = (spec: unknown) => check(spec).map(formatProblem);

describe('the role and the eviction policy it implies', () => {
  test.each([
    ['a worker drains a Redis list: a queue, never evicting', qbitelOnRedis({}), 'queue', 'noeviction'],
    ['nothing drains it: a cache, evicting the least recently used keys', qbitelOnRedis({}, false), 'cache', 'allkeys-lru'],
    ['a queue said so, for a client outside the spec (Sidekiq, Celery)', qbitelOnRedis({ role: 'queue' }, false), 'queue', 'noeviction'],
    ['a cache that keeps keys with a TTL longer', qbitelOnRedis({ maxmemoryPolicy: 'volatile-lru' }, false), 'cache', 'volatile-lru'],
  ])('%s', (_, spec, role, policy) => {
    expect(problems(spec)).toEqual([]);
    expect([resolve(spec).redis!.role, resolve(spec).redis!.maxmemoryPolicy]).toEqual([role, policy]);
  });

  test.each([
    [
      'a queue that evicts',
      qbitelOnRedis({ role: 'queue', maxmemoryPolicy: 'allkeys-lru' }, false),
      'redis.maxmemoryPolicy: "allkeys-lru" evicts keys when Redis is full, and Redis is a queue: its jobs would be dropped silently',
    ],
    [
      'a drained list in a Redis that evicts',
      qbitelOnRedis({ maxmemoryPolicy: 'allkeys-lru' }),
      'redis.maxmemoryPolicy: "allkeys-lru" evicts keys when Redis is full, and Redis is a queue (a worker drains it: queue.redis)',
    ],
    [
      'a drained list in a Redis called a cache',
      qbitelOnRedis({ role: 'cache' }),
      'redis.role: "cache" may evict and is lost at a failover, but worker drains a queue in it (queue.redis): make it \'queue\'',
    ],
    ['a role that is neither', qbitelOnRedis({ role: 'broker' }, false), `redis.role: "broker" must be 'cache' or 'queue'`],
  ])('refused: %s', (_, spec, message) => {
    expect(problems(spec).join('\n')).toContain(message);
  });
});

describe('the failover runbook says what a flip loses of Redis', () => {
  const runbook = (spec: ProductionStackProps, activeRegion?: string) =>
    failoverSections(
      resolve({
        ...spec,
        dr: { ...spec.dr, standbyRegion: 'us-west-2', dns: undefined, ...(activeRegion ? { activeRegion } : {}) },
      } as ProductionStackProps),
    ).join('\n');

  test('a queue: an unplanned failover loses its backlog; a planned one drains when the queue is empty', () => {
    expect(runbook(qbitelOnRedis({}))).toContain(
      "Redis is a queue, and the us-west-2 Redis starts empty: the jobs queued in us-east-1 and not yet run are lost (the recovery point of the jobs is the queue's backlog at the outage)",
    );
    expect(runbook(qbitelOnRedis({}), 'us-west-2')).toContain(
      'Redis is a queue, and the us-east-1 Redis starts empty: the jobs still queued in us-west-2 when it drains are lost. Drain when `worker` has emptied it (check its length first), or re-enqueue them from their source after the flip.',
    );
  });

  test('a cache: it starts empty and is rebuilt', () => {
    expect(runbook(qbitelOnRedis({}, false))).toContain('Redis is a cache: the us-west-2 Redis starts empty, and the services rebuild it');
    expect(runbook(qbitelOnRedis({}, false))).not.toContain('Redis is a queue');
  });
});
