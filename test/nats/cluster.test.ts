import { check, resolve } from 'production-stack';
import { subjectsOverlap } from 'production-stack/core/validation/nats-producers';
import { subjectCovers } from 'production-stack/core/validation/stack';
import { users as confUsers } from 'production-stack/nats/config';
import { baseSpec, broken, workerNamed } from '../support/spec';
import { parseNatsConf } from '../support/nats-conf';
import { find, synth } from '../support/synth';

const objects = synth(baseSpec());
const config = parseNatsConf(find(objects, 'ConfigMap', 'nats-config').data['nats.conf']);
const sts = find(objects, 'StatefulSet', 'nats');
const nats = sts.spec.template.spec.containers[0];

describe('server configuration (parsed)', () => {
  test('routes to every node of the cluster through the headless Service', () => {
    expect(config.cluster.routes).toEqual([0, 1, 2].map((i) => `nats://nats-${i}.nats-headless.shop.svc.cluster.local:6222`));
    expect(config.cluster).toMatchObject({ name: 'shop', port: 6222, pool_size: 3 });
    expect(config.server_name).toEqual({ $var: 'SERVER_NAME' });
  });

  test('bounds JetStream by the pod memory and the volume', () => {
    // 2Gi of memory: half for the memory store; 50Gi volume: 90% for the file store
    expect(config.jetstream).toEqual({ store_dir: '/data', max_memory_store: 1073741824, max_file_store: Math.floor(50 * 2 ** 30 * 0.9) });
  });

  test('has one user per service that uses NATS, allowed exactly its subjects, and the controller', () => {
    const users = config.authorization.users;
    expect(users.map((u: { user: string }) => u.user)).toEqual(['api', 'worker', 'jetstream-controller']);
    expect(users[0].permissions).toEqual({ publish: { allow: ['orders.>', '$JS.API.INFO'] }, subscribe: { allow: ['_INBOX_api.>'] } });
    expect(users[1].permissions.subscribe.allow).toEqual(['orders.>', '_INBOX_worker.>']);
    expect(users[2].permissions).toEqual({ publish: { allow: ['$JS.API.>'] }, subscribe: { allow: ['_INBOX.>'] } });
  });

  test('no user may answer what it receives (no allow_responses): request/reply between services is not supported', () => {
    // worker subscribes to orders.>; an outside publisher beside them
    const spec = baseSpec();
    const out = synth({
      ...spec,
      nats: { ...spec.nats, publishers: [{ name: 'feed', subjects: ['orders.partner.>'], namespace: 'partners' }] },
    });
    const users = parseNatsConf(find(out, 'ConfigMap', 'nats-config').data['nats.conf']).authorization.users as {
      user: string;
      permissions: Record<string, unknown>;
    }[];
    expect(users.map((u) => [u.user, Object.keys(u.permissions).sort()])).toEqual([
      ['api', ['publish', 'subscribe']],
      ['worker', ['publish', 'subscribe']],
      ['feed', ['publish', 'subscribe']],
      ['jetstream-controller', ['publish', 'subscribe']],
    ]);
  });

  test("each user hears replies on its own inbox only: no user's subscriptions reach another's inbox", () => {
    // names that share a start (`a`, `ab`, `a-b`) and an outside publisher beside the services
    const spec = baseSpec();
    const names = ['a', 'ab', 'a-b'];
    const out = synth({
      ...spec,
      nats: { ...spec.nats, publishers: [{ name: 'abc', subjects: ['orders.partner.>'], namespace: 'partners' }] },
      services: [...spec.services, ...names.map((n) => ({ ...workerNamed(n), nats: { subscribe: ['orders.*'] } }))],
    });
    const users = parseNatsConf(find(out, 'ConfigMap', 'nats-config').data['nats.conf']).authorization.users as {
      user: string;
      permissions: { subscribe: { allow: string[] } };
    }[];
    const inbox = (u: { user: string }) => (u.user === 'jetstream-controller' ? '_INBOX.>' : `_INBOX_${u.user}.>`);
    expect(users.map((u) => u.user)).toEqual(['api', 'worker', 'a', 'ab', 'a-b', 'abc', 'jetstream-controller']);
    for (const u of users) {
      expect(u.permissions.subscribe.allow).toContain(inbox(u));
      expect(u.permissions.subscribe.allow.filter((x) => x.startsWith('_INBOX'))).toEqual([inbox(u)]);
      for (const other of users.filter((x) => x !== u)) {
        for (const granted of u.permissions.subscribe.allow) {
          // neither covers the other, and no subject matches both
          expect([granted, inbox(other), subjectCovers(granted, inbox(other)), subjectCovers(inbox(other), granted)]).toEqual([
            granted,
            inbox(other),
            false,
            false,
          ]);
          expect(subjectsOverlap(granted, inbox(other))).toBe(false);
        }
      }
    }
    // the reply subjects of a request of `a` (`<prefix>.<nuid>.<n>`) are under its inbox alone
    const reply = '_INBOX_a.0R4QbLlnfYa9Ri5XQ1x0Mu.7';
    expect(users.filter((u) => u.permissions.subscribe.allow.some((x) => subjectCovers(x, reply))).map((u) => u.user)).toEqual(['a']);
  });

  test("refuses to render a user that may subscribe to another user's inbox (a spec that skipped validation)", () => {
    const spec = baseSpec();
    // an outside publisher named like a service: validation refuses it; the configuration would give both one inbox
    const twin = resolve({
      ...spec,
      nats: { ...spec.nats, publishers: [{ name: 'worker', subjects: ['orders.x'], namespace: 'partners' }] },
    });
    expect(() => confUsers(twin)).toThrow(/^NATS user worker may subscribe to "_INBOX_worker.>", where user worker receives its replies$/);
    expect(() => confUsers(resolve(spec))).not.toThrow();
  });

  test('reads every password from the environment, and the pods take it from the secret', () => {
    const users = config.authorization.users as { user: string; password: { $var: string } }[];
    for (const u of users) {
      expect(u.password).toHaveProperty('$var');
      expect(nats.env).toContainEqual({ name: u.password.$var, valueFrom: { secretKeyRef: { name: 'shop-nats', key: u.user } } });
    }
  });

  test('grants a consumer reader the JetStream API of that consumer only', () => {
    const spec = baseSpec();
    const services = spec.services.map((s) => (s.name === 'worker' ? { ...s, nats: { consumers: ['fulfil'] } } : s));
    const out = synth({ ...spec, services });
    const conf = parseNatsConf(find(out, 'ConfigMap', 'nats-config').data['nats.conf']);
    const worker = conf.authorization.users.find((u: { user: string }) => u.user === 'worker');
    expect(worker.permissions.publish.allow).toEqual([
      '$JS.API.CONSUMER.INFO.orders.fulfil',
      '$JS.API.CONSUMER.MSG.NEXT.orders.fulfil',
      '$JS.ACK.orders.fulfil.>',
      '$JS.API.STREAM.INFO.orders',
      '$JS.API.INFO',
    ]);
  });
});

describe('statefulset', () => {
  test('runs 3 servers with stable names, on retained volumes of the asked size', () => {
    expect(sts.spec).toMatchObject({ replicas: 3, serviceName: 'nats-headless', podManagementPolicy: 'Parallel' });
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('50Gi');
    expect(nats.resources).toEqual({ requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } });
  });

  test('never puts two servers on one node', () => {
    expect(sts.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe(
      'kubernetes.io/hostname',
    );
  });

  test('enters lame duck mode before stopping, within its grace period', () => {
    expect(nats.lifecycle.preStop.exec.command).toEqual(['nats-server', '--signal=ldm=/var/run/nats/nats.pid']);
    expect(config.pid_file).toBe('/var/run/nats/nats.pid');
    expect(config.lame_duck_duration).toBe('30s');
    expect(sts.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
  });

  test('rolls the servers when the configuration changes', () => {
    const spec = baseSpec();
    const after = synth({ ...spec, nats: { ...spec.nats, memory: '4Gi' } });
    const key = 'production-stack.dev/config-checksum';
    expect(find(after, 'StatefulSet', 'nats').spec.template.metadata.annotations[key]).not.toBe(
      sts.spec.template.metadata.annotations[key],
    );
  });

  test('checks health with the JetStream-aware /healthz', () => {
    expect(nats.livenessProbe.httpGet).toEqual({ path: '/healthz?js-enabled-only=true', port: 8222 });
    expect(nats.readinessProbe.httpGet).toEqual({ path: '/healthz?js-server-only=true', port: 8222 });
  });

  test('keeps quorum through drains: one server at a time', () => {
    expect(find(objects, 'PodDisruptionBudget', 'nats').spec.maxUnavailable).toBe(1);
  });
});

describe('network', () => {
  const np = find(objects, 'NetworkPolicy', 'nats').spec;

  test("the Services say each port's protocol: tcp for clients and routes (NATS speaks first, which Istio cannot sniff), http for monitoring", () => {
    const client = { name: 'client', port: 4222, targetPort: 'client', appProtocol: 'tcp' };
    expect(find(objects, 'Service', 'nats').spec.ports).toEqual([client]);
    expect(find(objects, 'Service', 'nats-headless').spec.ports).toEqual([
      client,
      { name: 'cluster', port: 6222, targetPort: 'cluster', appProtocol: 'tcp' },
      { name: 'monitor', port: 8222, targetPort: 'monitor', appProtocol: 'http' },
    ]);
  });

  test('admits clients that use NATS, the other servers, the controller and Prometheus, nothing else', () => {
    const froms = np.ingress.map((r: { from: unknown[]; ports: { port: number }[] }) => [r.from, r.ports.map((p) => p.port)]);
    expect(froms).toEqual([
      [[{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nats', 'app.kubernetes.io/instance': 'shop' } } }], [4222, 6222]],
      [
        [
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'shop' } } },
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'worker', 'app.kubernetes.io/instance': 'shop' } } },
        ],
        [4222],
      ],
      [[{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'nats-system' } } }], [4222]],
      [[{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], [7777, 8222]],
    ]);
  });

  test('services that use NATS get its URL, user, password and their inbox prefix', () => {
    const api = find(objects, 'Deployment', 'api').spec.template.spec.containers[0];
    expect(api.env).toEqual(
      expect.arrayContaining([
        { name: 'NATS_URL', value: 'nats://nats.shop.svc.cluster.local:4222' },
        { name: 'NATS_USER', value: 'api' },
        { name: 'NATS_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-nats', key: 'api' } } },
        { name: 'NATS_INBOX_PREFIX', value: '_INBOX_api' },
      ]),
    );
    // the inbox its user may subscribe to; so the migration Job's, which logs in as the service
    expect(config.authorization.users[0].permissions.subscribe.allow).toContain('_INBOX_api.>');
    const migrate = objects.find((o) => o.kind === 'Job' && o.spec.template.spec.containers[0].name === 'migrate')!;
    expect(migrate.spec.template.spec.containers[0].env).toContainEqual({ name: 'NATS_INBOX_PREFIX', value: '_INBOX_api' });
    const worker = find(objects, 'StatefulSet', 'worker').spec.template.spec.containers[0];
    expect(worker.env).toContainEqual({ name: 'NATS_INBOX_PREFIX', value: '_INBOX_worker' });
    // a service without NATS gets none of it
    const web = find(objects, 'Deployment', 'web').spec.template.spec.containers[0];
    expect((web.env ?? []).filter((e: { name: string }) => e.name.startsWith('NATS_'))).toEqual([]);
  });

  test('the inbox prefix variable is named by nats.inboxPrefixEnv, and checked like the others', () => {
    const spec = baseSpec();
    const services = spec.services.map((s) => (s.name === 'api' ? { ...s, nats: { ...s.nats, inboxPrefixEnv: 'EVENTS_INBOX' } } : s));
    const api = find(synth({ ...spec, services }), 'Deployment', 'api').spec.template.spec.containers[0];
    expect(api.env).toContainEqual({ name: 'EVENTS_INBOX', value: '_INBOX_api' });
    expect(api.env.map((e: { name: string }) => e.name)).not.toContain('NATS_INBOX_PREFIX');
    const bad = broken((s) => (s.services[0].nats.inboxPrefixEnv = 'NATS-INBOX'));
    expect(check(bad)).toContainEqual(
      expect.objectContaining({ path: 'services[0].nats.inboxPrefixEnv', rule: '"NATS-INBOX" is not a valid environment variable name' }),
    );
    const twice = broken((s) => (s.services[0].env = { ...s.services[0].env, NATS_INBOX_PREFIX: '_INBOX' }));
    expect(check(twice)).toContainEqual(
      expect.objectContaining({
        path: 'services[0].nats.inboxPrefixEnv',
        rule: expect.stringMatching(/^"NATS_INBOX_PREFIX" is also set by services\[0\]\.env\.NATS_INBOX_PREFIX/),
      }),
    );
  });

  test('the passwords come from the secret manager, and the controller user name is templated in', () => {
    const es = find(objects, 'ExternalSecret', 'shop-nats').spec;
    expect(es.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['api', 'worker', 'jetstream-controller']);
    expect(es.data[0].remoteRef).toEqual({ key: 'shop/production/nats', property: 'api' });
    expect(es.target.template).toEqual({
      engineVersion: 'v2',
      mergePolicy: 'Merge',
      data: { 'jetstream-controller-user': 'jetstream-controller' },
    });
  });
});

describe('streams and consumers', () => {
  test('a stream keeps 7 days or 10Gi on 3 replicas, and its data when removed from the spec; it denies purges and message deletes', () => {
    expect(find(objects, 'Stream', 'orders').spec).toEqual({
      account: 'shop-nats',
      name: 'orders',
      subjects: ['orders.>'],
      retention: 'limits',
      storage: 'file',
      replicas: 3,
      maxAge: '168h',
      maxBytes: 10 * 2 ** 30,
      discard: 'old',
      duplicateWindow: '2m',
      preventDelete: true,
      denyDelete: true,
      denyPurge: true,
    });
  });

  test('a consumer acknowledges within 30s, up to 3 deliveries and 1000 in flight', () => {
    expect(find(objects, 'Consumer', 'fulfil').spec).toMatchObject({
      streamName: 'orders',
      durableName: 'fulfil',
      ackPolicy: 'explicit',
      ackWait: '30s',
      maxDeliver: 3,
      maxAckPending: 1000,
    });
  });

  test('the controller connects as its own user through the Account', () => {
    expect(find(objects, 'Account', 'shop-nats').spec).toEqual({
      name: 'shop-nats',
      servers: ['nats://nats.shop.svc.cluster.local:4222'],
      user: { secret: { name: 'shop-nats' }, user: 'jetstream-controller-user', password: 'jetstream-controller' },
    });
  });
});

test.each<[string, string, boolean]>([
  ['orders.>', 'orders.created', true],
  ['orders.>', 'orders.>', true],
  ['orders.>', 'orders', false],
  ['orders.*', 'orders.created', true],
  ['orders.*', 'orders.created.eu', false],
  ['orders.*', 'orders.>', false],
  ['orders.created', 'orders.*', false],
  ['>', 'anything.at.all', true],
])('subject filter %s covers %s: %s', (filter, subject, expected) => {
  expect(subjectCovers(filter, subject)).toBe(expected);
});
