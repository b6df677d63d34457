/**
 * The library's own object names and namespaces are refused for the spec's entries, and the table of
 * them (core/reserved) is what the constructs really create: a stack with every feature is synthesized,
 * and every object not named after a spec entry must be in the table, and every table entry must exist.
 */
import { check } from 'production-stack';
import { ENTRY_OBJECTS, NATS_RESERVED, RESERVED_NAMESPACES, reservedNames, reservedPrefix } from '../../lib/core/reserved';
import { baseSpec, workerNamed } from '../support/spec';
import { synth } from '../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */
function fullSpec(): any {
  const spec: any = baseSpec();
  const critical = [{ type: 'slack', webhookUrl: { secret: 'shop-secrets', key: 'api-token' }, channel: '#ops' }];
  return {
    ...spec,
    // web's metrics on its routed port: the edge's 404 filter
    services: spec.services.map((s: any) =>
      s.name === 'web' ? { ...s, metrics: { port: 'http' }, route: { host: 'www.example.com' } } : s,
    ),
    serviceMesh: 'istio',
    nats: { ...spec.nats, tls: { clusterIssuer: 'nats-ca' } },
    monitoring: { ...spec.monitoring, alerting: { critical } },
  };
}

test('every object the library names for itself is in the reserved table, with its kind, and every entry is created', () => {
  const spec = fullSpec();
  const objects = synth(spec).filter((o) => o.metadata.namespace === 'shop');
  const own = new Set<string>([
    ...spec.services.flatMap((s: any) => ENTRY_OBJECTS.service(s.name, s.migration !== undefined).map(([n]) => n)),
    ...spec.cronJobs.map((j: any) => j.name),
    ...spec.secrets.map((s: any) => s.name),
    ...spec.nats.streams.map((s: any) => s.name),
    ...spec.nats.consumers.map((c: any) => c.name),
  ]);
  // Jobs are named after a hash of what they run: the migrations' and the PostgreSQL bootstrap's
  const library = objects.filter((o) => !own.has(o.metadata.name) && !/-(migrate|postgres-bootstrap)-[0-9a-f]{8}$/.test(o.metadata.name));
  const reserved = reservedNames('shop');
  const owner = (name: string) => reserved.get(name) ?? reservedPrefix('shop', name);
  expect(library.filter((o) => !owner(o.metadata.name)?.kinds.includes(o.kind)).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  // The controller's user is a NATS user, not an object.
  const created = new Set(library.map((o) => o.metadata.name));
  // The redirects beyond the first exist with more than 16 hosts.
  expect(
    [...reserved.keys()].filter((n) => !created.has(n) && n !== NATS_RESERVED.controllerUser && !/-https-redirect-[234]$/.test(n)),
  ).toEqual([]);
});

test("a spec entry's objects are the ones the constructs create for it", () => {
  const spec = fullSpec();
  const objects = synth(spec);
  for (const s of spec.services) {
    const mine = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === s.name && o.kind !== 'Job');
    const declared = ENTRY_OBJECTS.service(s.name, s.migration !== undefined);
    for (const o of mine) expect(declared.some(([n, kinds]) => n === o.metadata.name && kinds.includes(o.kind))).toBe(true);
  }
});

/** Each reserved name a spec entry can take, with an entry whose objects would replace the library's. */
const collisions: [string, string, object][] = [
  ['default-deny', 'services', workerNamed('default-deny')],
  ['acme-http01-solver', 'services', workerNamed('acme-http01-solver')],
  ['nats', 'services', workerNamed('nats')],
  ['nats-config', 'services', workerNamed('nats')],
  ['nats-headless', 'services', workerNamed('nats-headless')],
  ['jetstream-controller', 'services', workerNamed('jetstream-controller')],
  ['shop-backup', 'services', workerNamed('shop-backup')],
  ['shop-pg-backup', 'cronJobs', { name: 'shop-pg-backup', image: 'registry.example.com/a:1.0.0', schedule: '0 1 * * *', command: ['x'] }],
  ['shop-pg-restore-drill', 'services', workerNamed('shop-pg-restore-drill')],
  ['shop-restore-drill', 'services', workerNamed('shop-restore-drill')],
  ['shop-postgres-admin', 'secrets', { name: 'shop-postgres-admin', remoteKey: 'shop/production/other', keys: ['a'] }],
  ['shop-postgres-bootstrap', 'services', workerNamed('shop-postgres-bootstrap')],
  ['shop-postgres-exporter', 'services', workerNamed('shop-postgres-exporter')],
  ['shop-redis-exporter', 'services', workerNamed('shop-redis-exporter')],
  ['shop-redis', 'secrets', { name: 'shop-redis', remoteKey: 'shop/production/other', keys: ['a'] }],
  ['shop-nats', 'secrets', { name: 'shop-nats', remoteKey: 'shop/production/other', keys: ['a'] }],
  ['nats-tls', 'secrets', { name: 'nats-tls', remoteKey: 'shop/production/other', keys: ['a'] }],
  ['default', 'services', workerNamed('default')],
  ...['shop-https-redirect', 'shop-https-redirect-2', 'shop-https-redirect-3', 'shop-https-redirect-4'].map(
    (name): [string, string, object] => [
      name,
      'services',
      { name, image: 'registry.example.com/a:1.0.0', ports: [{ name: 'http', port: 8080 }], route: { host: 'r.example.com' } },
    ],
  ),
];

test('the collisions cover every reserved name that a service, cron job or secret can take', () => {
  const entries = [ENTRY_OBJECTS.service, ENTRY_OBJECTS.cronJob, ENTRY_OBJECTS.secret];
  const takeable = [...reservedNames('shop')].filter(([name, r]) =>
    entries.some((objects) =>
      [name, name.replace(/-(config|files|tls|dashboard|migrate)$/, '')].some((entry) =>
        objects(entry).some(([n, kinds]) => n === name && kinds.some((k) => r.kinds.includes(k))),
      ),
    ),
  );
  expect(takeable.map(([n]) => n).sort()).toEqual([...new Set(collisions.map(([n]) => n))].sort());
});

test.each(collisions)('fails when a spec entry would replace %s (%s)', (name, key, entry) => {
  const spec = fullSpec();
  expect(check({ ...spec, [key]: [...spec[key], entry] })).toContainEqual({
    path: `${key}[${spec[key].length}].name`,
    value: (entry as { name: string }).name,
    // A service "nats" reaches "nats" itself before its "nats-config".
    rule: expect.stringMatching(
      new RegExp(`^".*" would replace .* \\("(${name}|nats)"\\), which the library creates: choose another name$`),
    ),
  });
});

test.each(['shop-postgres', 'shop-postgres-svc-api', 'shop-postgres-job-anything'])(
  "a secret may not take %s: the prefix of the PostgreSQL login roles' Secrets",
  (name) => {
    const spec = fullSpec();
    expect(check({ ...spec, secrets: [...spec.secrets, { name, remoteKey: 'shop/production/other', keys: ['a'] }] })).toContainEqual({
      path: `secrets[${spec.secrets.length}].name`,
      value: name,
      rule: expect.stringContaining("would replace the PostgreSQL login roles' connection Secrets"),
    });
  },
);

test.each<[string, string, object, string]>([
  [
    "a cron job takes a service's name",
    'cronJobs',
    { name: 'web', image: 'registry.example.com/a:1.0.0', schedule: '0 1 * * *', command: ['x'] },
    'ServiceAccount "web" of services[2]',
  ],
  [
    "a cron job takes a migration's name",
    'cronJobs',
    { name: 'api-migrate', image: 'registry.example.com/a:1.0.0', schedule: '0 1 * * *', command: ['x'] },
    'NetworkPolicy "api-migrate" of services[0]',
  ],
])('fails when %s', (_, key, entry, clash) => {
  const spec = fullSpec();
  expect(check({ ...spec, [key]: [...spec[key], entry] })).toContainEqual({
    path: `${key}[${spec[key].length}].name`,
    value: (entry as { name: string }).name,
    rule: `"${(entry as { name: string }).name}" would create the same object as another entry (${clash}): choose another name`,
  });
});

test("a service may share the stack's name: it creates no PrometheusRule or AlertmanagerConfig", () => {
  const spec = fullSpec();
  expect(check({ ...spec, services: [...spec.services, workerNamed('shop')] })).toEqual([]);
});

test("fails when the stack is named nats: its PrometheusRule would replace the NATS cluster's", () => {
  expect(check({ ...fullSpec(), name: 'nats', namespace: 'shop' })).toContainEqual({
    path: 'name',
    value: 'nats',
    rule: '"nats" would give the stack\'s objects the name of the NATS cluster\'s objects, which the library creates: choose another name',
  });
});

test.each([...RESERVED_NAMESPACES.keys()])('fails when the namespace is %s', (namespace) => {
  expect(check({ ...fullSpec(), namespace })).toContainEqual({
    path: 'namespace',
    value: namespace,
    rule: `namespace "${namespace}" belongs to ${RESERVED_NAMESPACES.get(namespace)}: a stack gets a namespace of its own`,
  });
});

test.each([
  ['monitoring', undefined],
  ['nats-system', undefined],
  ['obs', 'obs'],
])('fails when the namespace is %s, also the monitoring or NATS controller namespace', (namespace, monitoringNamespace) => {
  const spec = fullSpec();
  const monitoring = monitoringNamespace ? { ...spec.monitoring, namespace: monitoringNamespace } : spec.monitoring;
  expect(check({ ...spec, monitoring, namespace }).map((p) => p.rule)).toContainEqual(
    expect.stringMatching(new RegExp(`^namespace "${namespace}" is also (monitoring\\.namespace|nats\\.controllerNamespace)`)),
  );
});

test('the base spec with every feature passes', () => {
  expect(check(fullSpec())).toEqual([]);
});
