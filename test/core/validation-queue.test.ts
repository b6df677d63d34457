/**
 * The rules of a worker's `queue` (lib/core/validation/queue.ts, checkQueues): KEDA scales a worker on a NATS
 * consumer's or a Redis list's backlog. Each rule is stated by a failing input, the exact problem (path, value
 * and rule) and the corrected input, which has no problem at that path. Bounds: replicas 1 to 1000 (the
 * library's MAX_REPLICAS), 1 to 1,000,000 messages a replica; a Redis key of 1 to 256 characters the library
 * passes to KEDA unquoted.
 */
import { checkQueues } from 'production-stack/core/validation/queue';
import { Problems } from 'production-stack/core/validation/problems';

type Obj = Record<string, unknown>;

const natsQueue = { nats: { consumer: 'fulfil' }, minReplicas: 1, maxReplicas: 5 };
const redisQueue = { redis: { list: 'jobs' }, minReplicas: 1, maxReplicas: 5 };
/** A worker that drains the NATS consumer `fulfil` and may use Redis. */
const worker: Obj = { name: 'w', role: 'worker', nats: { consumers: ['fulfil'] }, redis: {}, queue: natsQueue };
const stack = (service: Obj, patch: Obj = {}): Obj => ({
  cloud: 'aws',
  redis: {},
  nats: { consumers: [{ name: 'fulfil', stream: 'orders' }] },
  services: [service],
  ...patch,
});
const withQueue = (queue: unknown, patch: Obj = {}): Obj => stack({ ...worker, queue, ...patch });

function problems(props: Obj) {
  const p = new Problems();
  checkQueues(p, props);
  return p.all;
}
const at = (props: Obj, path: string) => problems(props).filter((x) => x.path === path);

test('a worker draining its NATS consumer, or a Redis list of the stack, breaks no rule', () => {
  expect(problems(withQueue(natsQueue))).toEqual([]);
  expect(problems(withQueue(redisQueue))).toEqual([]);
});

test('a service without a queue, or a stack without services, is not checked here', () => {
  expect(problems(stack({ name: 'api', role: 'server', autoscaling: {} }))).toEqual([]);
  expect(problems({ cloud: 'aws' })).toEqual([]);
  expect(problems({ services: [null, 'x'] })).toEqual([]);
});

test('services that are no list are refused at services', () => {
  expect(problems({ services: 'w' })).toEqual([{ path: 'services', value: 'w', rule: '"w" must be a list' }]);
});

test('a queue is an object; nothing else of it is checked when it is not', () => {
  expect(problems(withQueue('fulfil'))).toEqual([{ path: 'services[0].queue', value: 'fulfil', rule: '"fulfil" must be an object' }]);
});

test('the path is the index of the service in the list', () => {
  const props = { ...stack(worker), services: [{ name: 'api' }, { ...worker, role: 'server' }] };
  expect(problems(props).map((x) => x.path)).toEqual(['services[1].role']);
});

describe('a queue is drained by a worker that KEDA scales', () => {
  test('a server (said so, or by default) is refused at its role; a worker passes', () => {
    expect(at(withQueue(natsQueue, { role: 'server' }), 'services[0].role')).toEqual([
      {
        path: 'services[0].role',
        value: 'server',
        rule: '"server": a queue is drained by a worker; set role: "worker" (services[0].queue)',
      },
    ]);
    expect(at(withQueue(natsQueue, { role: undefined }), 'services[0].role')).toEqual([
      {
        path: 'services[0].role',
        value: 'server',
        rule: '"server": a queue is drained by a worker; set role: "worker" (services[0].queue)',
      },
    ]);
  });

  test('autoscaling is refused beside a queue', () => {
    expect(at(withQueue(natsQueue, { autoscaling: { minReplicas: 1, maxReplicas: 3 } }), 'services[0].autoscaling')).toEqual([
      {
        path: 'services[0].autoscaling',
        value: 'autoscaling',
        rule: 'autoscaling and queue are mutually exclusive: KEDA owns the replica count of a worker with a queue (set services[0].queue.minReplicas and maxReplicas)',
      },
    ]);
  });

  test('replicas are refused beside a queue', () => {
    expect(at(withQueue(natsQueue, { replicas: 2 }), 'services[0].replicas')).toEqual([
      {
        path: 'services[0].replicas',
        value: 2,
        rule: 'replicas and queue are mutually exclusive: KEDA owns the replica count of a worker with a queue (set services[0].queue.minReplicas)',
      },
    ]);
  });
});

describe('the replica range', () => {
  test('minReplicas and maxReplicas are required', () => {
    const props = withQueue({ nats: { consumer: 'fulfil' } });
    expect(problems(props)).toEqual([
      { path: 'services[0].queue.minReplicas', value: undefined, rule: 'minReplicas is required' },
      { path: 'services[0].queue.maxReplicas', value: undefined, rule: 'maxReplicas is required' },
    ]);
  });

  test.each([
    ['minReplicas', 0, 1],
    ['maxReplicas', 1001, 1000],
    ['minReplicas', 1.5, 2],
  ])('%s %j is refused (1 to 1000); %j passes', (field, bad, good) => {
    const path = `services[0].queue.${field}`;
    const queue = (v: number) => ({ ...natsQueue, maxReplicas: 1000, [field]: v });
    expect(at(withQueue(queue(bad)), path)).toEqual([{ path, value: bad, rule: `${bad} must be an integer between 1 and 1000` }]);
    expect(at(withQueue(queue(good)), path)).toEqual([]);
  });

  test('minReplicas above maxReplicas is refused; equal passes', () => {
    expect(at(withQueue({ ...natsQueue, minReplicas: 5, maxReplicas: 4 }), 'services[0].queue')).toEqual([
      { path: 'services[0].queue', value: { minReplicas: 5, maxReplicas: 4 }, rule: 'minReplicas (5) must be <= maxReplicas (4)' },
    ]);
    expect(problems(withQueue({ ...natsQueue, minReplicas: 4, maxReplicas: 4 }))).toEqual([]);
  });

  test('an invalid bound is not also compared', () => {
    expect(at(withQueue({ ...natsQueue, minReplicas: 5, maxReplicas: 0 }), 'services[0].queue')).toEqual([]);
    expect(at(withQueue({ ...natsQueue, minReplicas: 2000, maxReplicas: 4 }), 'services[0].queue')).toEqual([]);
  });

  test('targetPerReplica is 1 to 1,000,000', () => {
    const path = 'services[0].queue.targetPerReplica';
    expect(at(withQueue({ ...natsQueue, targetPerReplica: 0 }), path)).toEqual([
      { path, value: 0, rule: '0 must be an integer between 1 and 1000000' },
    ]);
    expect(at(withQueue({ ...natsQueue, targetPerReplica: 1_000_001 }), path)).toEqual([
      { path, value: 1_000_001, rule: '1000001 must be an integer between 1 and 1000000' },
    ]);
    expect(problems(withQueue({ ...natsQueue, targetPerReplica: 1 }))).toEqual([]);
    expect(problems(withQueue({ ...natsQueue, targetPerReplica: 1_000_000 }))).toEqual([]);
  });
});

describe('a queue names exactly one source', () => {
  test('neither is refused, naming none', () => {
    expect(at(withQueue({ minReplicas: 1, maxReplicas: 5 }), 'services[0].queue')).toEqual([
      { path: 'services[0].queue', value: 'none', rule: 'a queue names exactly one of "nats" or "redis"' },
    ]);
  });

  test('both are refused, naming both, and neither is checked further', () => {
    const queue = { ...natsQueue, nats: { consumer: 'unknown' }, redis: { list: 'bad key' } };
    expect(problems(withQueue(queue))).toEqual([
      { path: 'services[0].queue', value: 'nats, redis', rule: 'a queue names exactly one of "nats" or "redis"' },
    ]);
  });
});

describe('a NATS queue drains a consumer of the stack that the service reads', () => {
  const path = 'services[0].queue.nats.consumer';

  test('the consumer is required', () => {
    expect(problems(withQueue({ ...natsQueue, nats: {} }))).toEqual([
      { path, value: undefined, rule: 'undefined must be a non-empty string' },
    ]);
  });

  test('nats that is no object is refused as such', () => {
    expect(at(withQueue({ ...natsQueue, nats: 'fulfil' }), 'services[0].queue.nats')).toEqual([
      { path: 'services[0].queue.nats', value: 'fulfil', rule: '"fulfil" must be an object' },
    ]);
  });

  test('a stack without nats has no consumer', () => {
    expect(problems(stack(worker, { nats: undefined }))).toEqual([
      { path, value: 'fulfil', rule: 'consumer "fulfil": the stack defines no nats' },
    ]);
  });

  test('a consumer not in nats.consumers is refused, naming those defined', () => {
    const props = stack(
      { ...worker, queue: { ...natsQueue, nats: { consumer: 'ship' } } },
      {
        nats: { consumers: [{ name: 'fulfil' }, { name: 'audit' }, 'x', { name: 3 }] },
      },
    );
    expect(problems(props)).toEqual([{ path, value: 'ship', rule: 'consumer "ship" is not defined in nats.consumers (fulfil, audit)' }]);
    expect(problems(stack(worker, { nats: {} }))).toEqual([
      { path, value: 'fulfil', rule: 'consumer "fulfil" is not defined in nats.consumers (none)' },
    ]);
  });

  test('nats.consumers that are no list are refused there, and define no consumer', () => {
    expect(problems(stack(worker, { nats: { consumers: 'fulfil' } }))).toEqual([
      { path: 'nats.consumers', value: 'fulfil', rule: '"fulfil" must be a list' },
      { path, value: 'fulfil', rule: 'consumer "fulfil" is not defined in nats.consumers (none)' },
    ]);
  });

  test("a consumer of the stack that is not one of the service's is refused", () => {
    const rule =
      'consumer "fulfil" is not one of services[0].nats.consumers: the service would be scaled on a consumer it may not read (add it there)';
    expect(problems(stack({ ...worker, nats: { consumers: ['audit'] } }))).toEqual([{ path, value: 'fulfil', rule }]);
    expect(problems(stack({ ...worker, nats: undefined }))).toEqual([{ path, value: 'fulfil', rule }]);
    expect(problems(stack({ ...worker, nats: { consumers: 'fulfil' } }))).toEqual([{ path, value: 'fulfil', rule }]);
  });
});

describe("a Redis queue drains a list of the stack's Redis", () => {
  const path = 'services[0].queue.redis.list';

  test('redis is an object', () => {
    expect(at(withQueue({ ...redisQueue, redis: 'jobs' }), 'services[0].queue.redis')).toEqual([
      { path: 'services[0].queue.redis', value: 'jobs', rule: '"jobs" must be an object' },
    ]);
  });

  test('the list is required', () => {
    expect(problems(withQueue({ ...redisQueue, redis: {} }))).toEqual([
      { path, value: undefined, rule: 'undefined must be a non-empty string' },
    ]);
  });

  test.each(['jobs queue', 'jobs"', "j'obs", 'x'.repeat(257)])(
    'the key %j is refused (no space or quote, 256 characters at most)',
    (list) => {
      expect(problems(withQueue({ ...redisQueue, redis: { list } }))).toEqual([
        {
          path,
          value: list,
          rule: `${JSON.stringify(list).replace(/^(.{77}).*$/, '$1...')} must be a Redis key of 1 to 256 letters, digits or "-_.:{}/"`,
        },
      ]);
    },
  );

  test('a key of 256 letters, digits and "-_.:{}/" passes', () => {
    expect(problems(withQueue({ ...redisQueue, redis: { list: 'Q_1-{a}.b:c/d'.padEnd(256, 'z') } }))).toEqual([]);
  });

  test('a stack without redis is refused', () => {
    expect(problems(stack({ ...worker, queue: redisQueue }, { redis: undefined }))).toEqual([
      { path: 'services[0].queue.redis', value: 'redis', rule: "a Redis queue needs the stack's redis, and the stack defines no redis" },
    ]);
  });

  test('a service that uses no redis is refused', () => {
    expect(problems(stack({ ...worker, redis: undefined, queue: redisQueue }))).toEqual([
      {
        path: 'services[0].queue.redis',
        value: 'redis',
        rule: "a Redis queue is drained with the stack's Redis: services[0] uses no redis (set services[0].redis)",
      },
    ]);
  });

  test("on GCP a Redis queue is refused (Memorystore server CA vs KEDA's IP check); a NATS queue passes", () => {
    expect(problems(stack({ ...worker, queue: redisQueue }, { cloud: 'gcp' }))).toEqual([
      {
        path: 'services[0].queue.redis',
        value: 'gcp',
        rule: "a Redis queue on GCP is not supported yet: KEDA gets Memorystore's server CA, but its Go client also checks the instance's IP address against the certificate's names, which no test here can show Memorystore's certificate holds; drain a NATS consumer instead",
      },
    ]);
    expect(problems(stack(worker, { cloud: 'gcp' }))).toEqual([]);
  });
});
