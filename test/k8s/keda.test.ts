/**
 * Workers scaled on their queue with KEDA: the spec's refusals, the ScaledObject and TriggerAuthentication
 * (their shape, and validity against KEDA 2.20.2's CRDs vendored in test/fixtures/keda-2.20.2), no HPA of the
 * library's beside them, and the NetworkPolicies that let KEDA's operator read a NATS consumer's lag.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { check, formatProblem } from '../../lib/core';
import type { ProductionStackProps, ServiceSpec } from '../../lib/core';
import { KEDA_NAMESPACE, KEDA_OPERATOR_LABELS } from '../../lib/core/keda';
import { examples } from '../../examples';
import { type Pod, canConnect } from '../support/netpol';
import { validateAgainstSchema } from '../support/schema';
import { type Manifest, find, synth } from '../support/synth';
import { baseSpec } from '../support/spec';

/* eslint-disable @typescript-eslint/no-explicit-any */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'keda-2.20.2');
function crdSchema(file: string): object {
  const crd = YAML.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
  return crd.spec.versions.find((v: any) => v.name === 'v1alpha1').schema.openAPIV3Schema;
}
const SCALED_OBJECT = crdSchema('keda.sh_scaledobjects.yaml');
const TRIGGER_AUTH = crdSchema('keda.sh_triggerauthentications.yaml');

/** QBITEL (AWS, NATS and Redis) with the worker's queue replaced. */
function withQueue(queue: unknown, edit: (w: any, spec: any) => void = () => undefined): ProductionStackProps {
  const spec: any = JSON.parse(JSON.stringify(examples.qbitel));
  const worker = spec.services.find((s: ServiceSpec) => s.name === 'worker');
  worker.queue = queue;
  edit(worker, spec);
  return spec;
}
const redisQueue = { redis: { list: 'qbitel:jobs' }, targetPerReplica: 20, minReplicas: 2, maxReplicas: 6 };
const WORKER = `services[${examples.qbitel.services.findIndex((s) => s.name === 'worker')}]`;

test('the QBITEL example has a worker', () => {
  expect(WORKER).not.toBe('services[-1]');
});

describe('validation', () => {
  const problems = (spec: unknown) => check(spec).map(formatProblem);
  test.each([
    [
      'fails when the consumer is not in nats.consumers',
      withQueue({ nats: { consumer: 'nope' }, minReplicas: 1, maxReplicas: 2 }),
      `${WORKER}.queue.nats.consumer`,
      'is not defined in nats.consumers (qbitel-worker)',
    ],
    [
      'fails when the service may not consume it',
      withQueue({ nats: { consumer: 'qbitel-worker' }, minReplicas: 1, maxReplicas: 2 }, (w) => (w.nats = { subscribe: [] })),
      `${WORKER}.queue.nats.consumer`,
      `is not one of ${WORKER}.nats.consumers`,
    ],
    [
      'fails when the stack has no nats',
      withQueue({ nats: { consumer: 'qbitel-worker' }, minReplicas: 1, maxReplicas: 2 }, (w, s) => {
        delete s.nats;
        delete w.nats;
      }),
      `${WORKER}.queue.nats.consumer`,
      'the stack defines no nats',
    ],
    [
      'fails when the service is a server',
      withQueue(redisQueue, (w) => (w.role = 'server')),
      `${WORKER}.role`,
      'a queue is drained by a worker',
    ],
    [
      'fails with autoscaling too',
      withQueue(redisQueue, (w) => (w.autoscaling = { minReplicas: 1, maxReplicas: 3 })),
      `${WORKER}.autoscaling`,
      'autoscaling and queue are mutually exclusive',
    ],
    [
      'fails with replicas too',
      withQueue(redisQueue, (w) => (w.replicas = 2)),
      `${WORKER}.replicas`,
      'replicas and queue are mutually exclusive',
    ],
    [
      'fails with both nats and redis',
      withQueue({ ...redisQueue, nats: { consumer: 'qbitel-worker' } }),
      `${WORKER}.queue`,
      'exactly one of "nats" or "redis"',
    ],
    ['fails with neither', withQueue({ minReplicas: 1, maxReplicas: 2 }), `${WORKER}.queue`, 'exactly one of "nats" or "redis"'],
    [
      'fails when minReplicas > maxReplicas',
      withQueue({ ...redisQueue, minReplicas: 5, maxReplicas: 2 }),
      `${WORKER}.queue`,
      'minReplicas (5) must be <= maxReplicas (2)',
    ],
    [
      'fails when minReplicas is 0',
      withQueue({ ...redisQueue, minReplicas: 0 }),
      `${WORKER}.queue.minReplicas`,
      'must be an integer between 1 and 1000',
    ],
    [
      'fails without maxReplicas',
      withQueue({ redis: { list: 'a' }, minReplicas: 1 }),
      `${WORKER}.queue.maxReplicas`,
      'maxReplicas is required',
    ],
    [
      'fails when targetPerReplica is 0',
      withQueue({ ...redisQueue, targetPerReplica: 0 }),
      `${WORKER}.queue.targetPerReplica`,
      'must be an integer between 1 and 1000000',
    ],
    [
      'fails on a list key with a space',
      withQueue({ ...redisQueue, redis: { list: 'a b' } }),
      `${WORKER}.queue.redis.list`,
      'must be a Redis key',
    ],
    ['fails when the service uses no redis', withQueue(redisQueue, (w) => delete w.redis), `${WORKER}.queue.redis`, 'uses no redis'],
    [
      'fails when the stack has no redis',
      withQueue(redisQueue, (_w, s) => {
        delete s.redis;
        for (const x of s.services) delete x.redis;
      }),
      `${WORKER}.queue.redis`,
      'the stack defines no redis',
    ],
    ['fails on an unknown field', withQueue({ ...redisQueue, lagThreshold: 3 }), `${WORKER}.queue`, 'unknown field "lagThreshold"'],
    ['fails when the queue is not an object', withQueue('orders'), `${WORKER}.queue`, 'must be an object'],
  ])('%s', (_name, spec, at, message) => {
    const found = problems(spec);
    expect([found.filter((p) => p.startsWith(`${at}`) && p.includes(message)).length, found]).toEqual([1, found]);
  });

  test('fails on a Redis queue on GCP (Memorystore CA not in the Secret)', () => {
    const spec: any = withQueue(redisQueue, (_w, s) => {
      s.cloud = 'gcp';
      s.region = 'us-central1';
    });
    expect(problems(spec).filter((p) => p.startsWith(`${WORKER}.queue.redis: `) && p.includes('GCP'))).toHaveLength(1);
  });

  test.each([
    ['NATS', withQueue({ nats: { consumer: 'qbitel-worker' }, minReplicas: 3, maxReplicas: 10 })],
    ['Redis', withQueue(redisQueue)],
  ])('a %s queue on the example is valid', (_name, spec) => {
    expect(check(spec)).toEqual([]);
  });
});

describe('ScaledObject', () => {
  const nats = synth(examples.qbitel);
  const redis = synth(withQueue(redisQueue));

  test('the NATS consumer trigger, valid against KEDA 2.20.2', () => {
    const so = find(nats, 'ScaledObject', 'worker');
    expect(so.apiVersion).toBe('keda.sh/v1alpha1');
    expect(so.metadata.namespace).toBe('qbitel');
    expect(so.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' },
      minReplicaCount: 3,
      maxReplicaCount: 10,
    });
    expect(so.spec.triggers[0].type).toBe('nats-jetstream');
    expect(so.spec.triggers[0].authenticationRef).toBeUndefined();
    expect(validateAgainstSchema(SCALED_OBJECT, so)).toEqual([]);
  });

  test('the Redis list trigger reads the password from the datastore Secret, over TLS', () => {
    const so = find(redis, 'ScaledObject', 'worker');
    expect(so.spec).toMatchObject({ minReplicaCount: 2, maxReplicaCount: 6 });
    expect(so.spec.triggers).toEqual([
      {
        type: 'redis',
        metadata: { listName: 'qbitel:jobs', listLength: '20', enableTLS: 'true' },
        authenticationRef: { name: 'worker-queue' },
      },
    ]);
    const auth = find(redis, 'TriggerAuthentication', 'worker-queue');
    expect(auth.spec).toEqual({
      secretTargetRef: [
        { parameter: 'host', name: 'qbitel-redis', key: 'host' },
        { parameter: 'port', name: 'qbitel-redis', key: 'port' },
        { parameter: 'password', name: 'qbitel-redis', key: 'password' },
        { parameter: 'ca', name: 'qbitel-redis', key: 'ca' },
      ],
    });
    // the Secret the ExternalSecret writes, with those keys
    const es = find(redis, 'ExternalSecret', 'qbitel-redis');
    expect(es.spec.data.map((d: any) => d.secretKey)).toEqual(expect.arrayContaining(['host', 'port', 'password', 'ca']));
    expect(JSON.stringify([so, auth])).not.toMatch(/"password":\s*"[^"]/);
    expect(validateAgainstSchema(SCALED_OBJECT, so)).toEqual([]);
    expect(validateAgainstSchema(TRIGGER_AUTH, auth)).toEqual([]);
  });

  test.each([
    ['no trigger', (so: any) => (so.spec.triggers = [])],
    ['a trigger without type', (so: any) => delete so.spec.triggers[0].type],
    ['no scale target', (so: any) => delete so.spec.scaleTargetRef],
  ])('the schema fails on %s', (_name, mutate) => {
    const bad = structuredClone(find(nats, 'ScaledObject', 'worker'));
    mutate(bad);
    expect(validateAgainstSchema(SCALED_OBJECT, bad)).not.toEqual([]);
  });

  test('a worker with a queue has no HPA of the library (KEDA owns its HPA), and no fixed replica count', () => {
    for (const objects of [nats, redis]) {
      expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name)).not.toContain('worker');
      expect(find(objects, 'Deployment', 'worker').spec.replicas).toBeUndefined();
    }
    // the servers keep theirs
    expect(find(nats, 'HorizontalPodAutoscaler', 'api-server')).toBeDefined();
  });
});

describe('NetworkPolicy: KEDA reaches the NATS monitoring port, and nothing more', () => {
  const objects = synth(examples.qbitel);
  const natsPod: Pod = {
    namespace: 'qbitel',
    namespaceLabels: { 'kubernetes.io/metadata.name': 'qbitel' },
    labels: find(objects, 'StatefulSet', 'nats').spec.template.metadata.labels,
  };
  const keda = (labels: Record<string, string>): Pod => ({
    namespace: KEDA_NAMESPACE,
    namespaceLabels: { 'kubernetes.io/metadata.name': KEDA_NAMESPACE },
    labels,
  });
  const operator = keda({ ...KEDA_OPERATOR_LABELS, 'app.kubernetes.io/name': 'keda-operator' });

  test('the operator reaches 8222 only', () => {
    expect(canConnect(objects, operator, natsPod, 8222)).toBe(true);
    for (const port of [4222, 6222, 7777]) expect([port, canConnect(objects, operator, natsPod, port)]).toEqual([port, false]);
  });

  test('other pods of KEDA and of other namespaces do not', () => {
    expect(canConnect(objects, keda({ app: 'keda-operator-metrics-apiserver' }), natsPod, 8222)).toBe(false);
    const other = { namespace: 'default', namespaceLabels: { 'kubernetes.io/metadata.name': 'default' }, labels: KEDA_OPERATOR_LABELS };
    expect(canConnect(objects, other, natsPod, 8222)).toBe(false);
  });

  test('without a NATS queue, the operator is not admitted', () => {
    const plain: Manifest[] = synth(withQueue(redisQueue));
    expect(canConnect(plain, operator, natsPod, 8222)).toBe(false);
  });

  test('in the mesh, the monitoring port is PERMISSIVE for KEDA and the metrics port for Prometheus (both outside the mesh), the rest STRICT', () => {
    const pa = find(objects, 'PeerAuthentication', 'nats');
    expect(pa.spec).toEqual({
      selector: { matchLabels: find(objects, 'StatefulSet', 'nats').spec.selector.matchLabels },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { '7777': { mode: 'PERMISSIVE' }, '8222': { mode: 'PERMISSIVE' } },
    });
  });

  test('in the mesh without a NATS queue, only the metrics port is PERMISSIVE: Prometheus scrapes NATS (found by review)', () => {
    const meshOnly = synth({ ...baseSpec(), serviceMesh: 'istio' });
    expect(
      meshOnly.some((o) => /Monitor$/.test(o.kind) && JSON.stringify(o.spec).includes('"metrics"') && o.metadata.name.startsWith('nats')),
    ).toBe(true);
    expect(find(meshOnly, 'PeerAuthentication', 'nats').spec.portLevelMtls).toEqual({ '7777': { mode: 'PERMISSIVE' } });
  });
});
