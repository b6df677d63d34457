/**
 * The test helper test/support/schema.ts: valid objects pass, and every broken
 * object is reported with its kind and name and the path of the problem.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateObjects, validateYaml } from '../support/schema';

/* eslint-disable @typescript-eslint/no-explicit-any */

const meta = (name: string) => ({ name, namespace: 'shop', labels: { 'app.kubernetes.io/name': name } });

function deployment(port: unknown = 8080): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('web'),
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'registry.example.com/web:1.0.0', ports: [{ name: 'http', containerPort: port }] }] },
      },
    },
  };
}

function externalSecret(spec: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: meta('db'),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' },
      target: { name: 'db', creationPolicy: 'Owner' },
      data: [{ secretKey: 'password', remoteRef: { key: 'prod/db', property: 'password' } }],
      ...spec,
    },
  };
}

function serviceMonitor(spec: Record<string, unknown> = {}, status?: unknown): any {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: meta('api'),
    spec: { selector: { matchLabels: { app: 'api' } }, endpoints: [{ port: 'metrics', interval: '30s', targetPort: 9090 }], ...spec },
    ...(status === undefined ? {} : { status }),
  };
}

const valid: [string, any][] = [
  ['a Deployment', deployment()],
  [
    'a Service',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('web'),
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
    },
  ],
  ['an ExternalSecret', externalSecret()],
  ['an ExternalSecret whose nullable status.refreshTime is null', { ...externalSecret(), status: { refreshTime: null } }],
  [
    'an ExternalSecret whose every entry names its own store',
    externalSecret({
      secretStoreRef: undefined,
      data: [{ secretKey: 'a', remoteRef: { key: 'k' }, sourceRef: { storeRef: { name: 'aws', kind: 'ClusterSecretStore' } } }],
    }),
  ],
  ['a ServiceMonitor', serviceMonitor()],
  ['a ServiceMonitor with a named (int-or-string) targetPort', serviceMonitor({ endpoints: [{ port: 'metrics', targetPort: 'metrics' }] })],
  [
    'a ServiceMonitor with distinct scrapeProtocols (list-type set)',
    serviceMonitor({ scrapeProtocols: ['PrometheusProto', 'PrometheusText0.0.4'] }),
  ],
  [
    'a NATS Stream',
    {
      apiVersion: 'jetstream.nats.io/v1beta2',
      kind: 'Stream',
      metadata: meta('orders'),
      spec: { name: 'ORDERS', subjects: ['orders.>'], storage: 'file', replicas: 3 },
    },
  ],
  [
    'an Istio PeerAuthentication (security.istio.io/v1)',
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta('default'), spec: { mtls: { mode: 'STRICT' } } },
  ],
  [
    'a Role named with a colon',
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'system:reader', namespace: 'shop' }, rules: [] },
  ],
];

test.each(valid)('%s passes', (_, obj) => {
  expect(validateObjects([obj])).toEqual([]);
});

/** [case, object, the messages expected (each a substring of one reported problem)] */
const broken: [string, any, string[]][] = [
  [
    'a Deployment has a string containerPort',
    deployment('8080'),
    ['Deployment/web: /spec/template/spec/containers/0/ports/0/containerPort: must be integer (got "8080")'],
  ],
  [
    'a Service targetPort is neither integer nor string',
    { apiVersion: 'v1', kind: 'Service', metadata: meta('web'), spec: { ports: [{ port: 80, targetPort: true }] } },
    ['Service/web: /spec/ports/0/targetPort: must be string or integer (got true)'],
  ],
  [
    'a CPU limit is not a quantity',
    (() => {
      const d = deployment();
      d.spec.template.spec.containers[0].resources = { limits: { cpu: 'lots' } };
      return d;
    })(),
    ['Deployment/web: /spec/template/spec/containers/0/resources/limits/cpu: must be number or a quantity string (got "lots")'],
  ],
  [
    'an ExternalSecret misses secretStoreRef',
    externalSecret({ secretStoreRef: undefined }),
    ['ExternalSecret/db: /spec: missing required field "secretStoreRef"'],
  ],
  [
    'a ServiceMonitor has endpoints of the wrong type',
    serviceMonitor({ endpoints: 'metrics' }),
    ['ServiceMonitor/api: /spec/endpoints: must be array (got "metrics")'],
  ],
  [
    'a ServiceMonitor has a numeric interval',
    serviceMonitor({ endpoints: [{ port: 'metrics', interval: 30 }] }),
    ['ServiceMonitor/api: /spec/endpoints/0/interval: must be string (got 30)'],
  ],
  [
    'a ServiceMonitor targetPort is neither integer nor string',
    serviceMonitor({ endpoints: [{ port: 'metrics', targetPort: true }] }),
    ['ServiceMonitor/api: /spec/endpoints/0/targetPort: must be integer or string (got true)'],
  ],
  [
    'a ServiceMonitor repeats a scrape protocol (list-type set)',
    serviceMonitor({ scrapeProtocols: ['PrometheusProto', 'PrometheusProto'] }),
    ['ServiceMonitor/api: /spec/scrapeProtocols: items 0 and 1 are duplicates'],
  ],
  [
    'a ServiceMonitor status repeats a condition type (list-type map)',
    serviceMonitor(
      {},
      {
        bindings: [
          {
            group: 'monitoring.coreos.com',
            resource: 'prometheuses',
            name: 'k8s',
            namespace: 'monitoring',
            conditions: [
              { type: 'Accepted', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' },
              { type: 'Accepted', status: 'False', lastTransitionTime: '2025-01-01T00:00:00Z' },
            ],
          },
        ],
      },
    ),
    ['ServiceMonitor/api: /status/bindings/0/conditions: items 0 and 1 are duplicates by type'],
  ],
  [
    'an ExternalSecret misses secretStoreRef and an entry names no store of its own',
    externalSecret({
      secretStoreRef: undefined,
      data: [
        { secretKey: 'a', remoteRef: { key: 'k' }, sourceRef: { storeRef: { name: 'aws', kind: 'ClusterSecretStore' } } },
        { secretKey: 'b', remoteRef: { key: 'k' } },
      ],
    }),
    ['ExternalSecret/db: /spec: missing required field "secretStoreRef"'],
  ],
  [
    'an ExternalSecret has an unknown field',
    externalSecret({ secretStoreRefs: [] }),
    ['ExternalSecret/db: /spec/secretStoreRefs: unknown field'],
  ],
  [
    'an ExternalSecret has a bad enum value',
    externalSecret({ target: { name: 'db', creationPolicy: 'Always' } }),
    ['ExternalSecret/db: /spec/target/creationPolicy: must be one of "Owner", "Orphan", "Merge"'],
  ],
  [
    'an ExternalSecret status.refreshTime is not a date-time',
    { ...externalSecret(), status: { refreshTime: 'yesterday' } },
    ['ExternalSecret/db: /status/refreshTime: must match format "date-time" (got "yesterday")'],
  ],
  [
    'a custom resource has invalid metadata',
    { ...externalSecret(), metadata: { name: 'db', labels: { team: 7 } } },
    ['ExternalSecret/db: /metadata/labels/team: must be string'],
  ],
  [
    'an ExternalSecret uses an unserved version',
    { ...externalSecret(), apiVersion: 'external-secrets.io/v1beta1' },
    ['ExternalSecret/db: external-secrets.io/v1beta1 of ExternalSecret is not served (served: v1)'],
  ],
  [
    'a custom resource uses an unknown version',
    { ...externalSecret(), apiVersion: 'external-secrets.io/v9' },
    ['ExternalSecret/db: external-secrets.io/v9 is not a version of ExternalSecret'],
  ],
  [
    'the kind is unknown',
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} },
    ['Widget/w: unknown apiVersion/kind example.com/v1 Widget: no schema in kubernetes-models, @kubernetes-models/istio or crds/'],
  ],
  [
    'a built-in kind has an unknown version',
    { apiVersion: 'apps/v2', kind: 'Deployment', metadata: { name: 'w' } },
    ['Deployment/w: unknown apiVersion/kind apps/v2 Deployment'],
  ],
  [
    'a schema part is used as a kind',
    { apiVersion: 'apps/v1', kind: 'DeploymentSpec', metadata: { name: 'w' } },
    ['DeploymentSpec/w: unknown apiVersion/kind'],
  ],
  ['the object is not an object', null, ['object #0: not an object (got null)']],
  ['apiVersion and kind are missing', { metadata: { name: 'w' } }, ['object #0/w: missing apiVersion or kind']],
  [
    'the name is missing',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
    ['ConfigMap/#0: /metadata/name: missing required field "name"'],
  ],
  [
    'a Service name is not a DNS-1035 label',
    { apiVersion: 'v1', kind: 'Service', metadata: { name: '1-web' }, spec: {} },
    ['Service/1-web: /metadata/name: must be a DNS-1035 label'],
  ],
  ['a name has capitals', { ...deployment(), metadata: { name: 'Web' } }, ['Deployment/Web: /metadata/name: must be a DNS-1123 subdomain']],
  [
    'a label value is longer than 63 characters',
    { ...deployment(), metadata: { name: 'web', labels: { app: 'a'.repeat(64) } } },
    ['Deployment/web: /metadata/labels/app: invalid label value'],
  ],
  [
    'a label key is invalid',
    { ...deployment(), metadata: { name: 'web', labels: { 'bad key': 'x' } } },
    ['Deployment/web: /metadata/labels: invalid label key "bad key"'],
  ],
  [
    'the namespace is invalid',
    { ...deployment(), metadata: { name: 'web', namespace: 'Shop' } },
    ['Deployment/web: /metadata/namespace: must be a DNS-1123 label (got "Shop")'],
  ],
];

test.each(broken)('fails when %s', (_, obj, expected) => {
  const problems = validateObjects([obj]);
  for (const message of expected) expect(problems).toContainEqual(expect.stringContaining(message));
  expect(problems).toHaveLength(expected.length);
});

test('reports every broken object of a list by kind and name, and none of the valid ones', () => {
  const problems = validateObjects([
    deployment(),
    deployment('http'),
    externalSecret({ secretStoreRef: undefined }),
    serviceMonitor({ endpoints: 'x' }),
  ]);
  expect(problems.map((p) => p.split(':')[0])).toEqual(['Deployment/web', 'ExternalSecret/db', 'ServiceMonitor/api']);
});

test('validateYaml reads multi-document YAML, skipping empty documents', () => {
  const text = [
    '---',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\ndata:\n  a: "1"',
    '---',
    '# empty',
    '---',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  a: 1',
    '',
  ].join('\n');
  expect(validateYaml(text)).toEqual(['ConfigMap/bad: /data/a: must be string (got 1)']);
});

test('fails when the YAML does not parse', () => {
  expect(validateYaml('apiVersion: v1\nkind: [ConfigMap\n')).toContainEqual(expect.stringMatching(/^document #0: /));
});

const goldenDir = path.join(__dirname, '..', 'golden');
const golden = fs.existsSync(goldenDir) ? fs.readdirSync(goldenDir).filter((f) => f.endsWith('.yaml')) : [];

test.each(golden)('the committed golden manifests %s pass the schemas', (file) => {
  expect(validateYaml(fs.readFileSync(path.join(goldenDir, file), 'utf8'))).toEqual([]);
});
