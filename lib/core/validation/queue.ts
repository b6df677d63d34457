/**
 * Rules for a worker's `queue` (KEDA): a worker drains it, it owns the replica count, and what it names
 * exists in the stack and is the service's to read.
 */
import { REDIS_LIST_KEY } from '../keda';
import { MAX_REPLICAS, arr, int, isObject, obj, str } from './checks';
import type { Problems } from './problems';

type Obj = Record<string, unknown>;

/** Checks the `queue` of every service against the rest of the stack. */
export function checkQueues(p: Problems, props: Obj): void {
  const services = arr(p, 'services', props.services);
  services.forEach((s, i) => {
    if (!isObject(s) || s.queue === undefined) return;
    const path = `services[${i}].queue`;
    const q = obj(p, path, s.queue);
    if (!isObject(s.queue)) return;
    if (s.role !== 'worker')
      p.add(`services[${i}].role`, s.role ?? 'server', `{value}: a queue is drained by a worker; set role: "worker" (${path})`);
    if (s.autoscaling !== undefined)
      p.add(
        `services[${i}].autoscaling`,
        'autoscaling',
        `autoscaling and queue are mutually exclusive: KEDA owns the replica count of a worker with a queue (set ${path}.minReplicas and maxReplicas)`,
      );
    if (s.replicas !== undefined)
      p.add(
        `services[${i}].replicas`,
        s.replicas,
        `replicas and queue are mutually exclusive: KEDA owns the replica count of a worker with a queue (set ${path}.minReplicas)`,
      );
    replicaRange(p, path, q);
    int(p, `${path}.targetPerReplica`, q.targetPerReplica, 1, 1_000_000);
    if ((q.nats === undefined) === (q.redis === undefined)) {
      p.add(
        path,
        Object.keys(q)
          .filter((k) => k === 'nats' || k === 'redis')
          .join(', ') || 'none',
        'a queue names exactly one of "nats" or "redis"',
      );
      return;
    }
    if (q.nats !== undefined) natsQueue(p, `${path}.nats`, obj(p, `${path}.nats`, q.nats), s, i, props);
    else redisQueue(p, `${path}.redis`, obj(p, `${path}.redis`, q.redis), s, i, props);
  });
}

function replicaRange(p: Problems, path: string, q: Obj): void {
  if (q.minReplicas === undefined) p.add(`${path}.minReplicas`, undefined, 'minReplicas is required');
  if (q.maxReplicas === undefined) p.add(`${path}.maxReplicas`, undefined, 'maxReplicas is required');
  const min = q.minReplicas;
  const max = q.maxReplicas;
  const okMin = int(p, `${path}.minReplicas`, min, 1, MAX_REPLICAS);
  const okMax = int(p, `${path}.maxReplicas`, max, 1, MAX_REPLICAS);
  if (okMin && okMax && min > max)
    p.add(path, { minReplicas: min, maxReplicas: max }, `minReplicas (${min}) must be <= maxReplicas (${max})`);
}

function natsQueue(p: Problems, path: string, n: Obj, s: Obj, i: number, props: Obj): void {
  if (!str(p, `${path}.consumer`, n.consumer)) return;
  if (!isObject(props.nats)) {
    p.add(`${path}.consumer`, n.consumer, 'consumer {value}: the stack defines no nats');
    return;
  }
  const defined = arr(p, 'nats.consumers', props.nats.consumers)
    .filter(isObject)
    .map((c) => c.name)
    .filter((x): x is string => typeof x === 'string');
  if (!defined.includes(n.consumer)) {
    p.add(`${path}.consumer`, n.consumer, `consumer {value} is not defined in nats.consumers (${defined.join(', ') || 'none'})`);
    return;
  }
  const own = isObject(s.nats) && Array.isArray(s.nats.consumers) ? s.nats.consumers : [];
  if (!own.includes(n.consumer))
    p.add(
      `${path}.consumer`,
      n.consumer,
      `consumer {value} is not one of services[${i}].nats.consumers: the service would be scaled on a consumer it may not read (add it there)`,
    );
}

function redisQueue(p: Problems, path: string, r: Obj, s: Obj, i: number, props: Obj): void {
  if (str(p, `${path}.list`, r.list) && !REDIS_LIST_KEY.test(r.list))
    p.add(`${path}.list`, r.list, '{value} must be a Redis key of 1 to 256 letters, digits or "-_.:{}/"');
  if (props.redis === undefined) p.add(path, 'redis', "a Redis queue needs the stack's redis, and the stack defines no redis");
  else if (s.redis === undefined)
    p.add(path, 'redis', `a Redis queue is drained with the stack's Redis: services[${i}] uses no redis (set services[${i}].redis)`);
  if (props.cloud === 'gcp')
    p.add(
      path,
      'gcp',
      "a Redis queue on GCP is not supported yet: KEDA gets Memorystore's server CA, but its Go client also checks the instance's IP address against the certificate's names, which no test here can show Memorystore's certificate holds; drain a NATS consumer instead",
    );
}
