/**
 * The test helper test/support/schema.ts: valid objects pass, and every broken
 * object is reported with its kind and name and the path of the problem.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { compileRule, isIP, type Rule } from '../support/cel';
import { validateAgainstSchema, validateObjects, validateYaml } from '../support/schema';

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

const gatewayRef = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop' };
const routeRef = { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' };
const toWeb = { name: 'web', port: 80 };
const redirect = { type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } };

function httpRoute(rules: any[], parentRefs: any[] = [{ name: 'shop', namespace: 'edge', sectionName: 'https' }]): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: meta('web'),
    spec: { parentRefs, hostnames: ['shop.example.com'], rules },
  };
}

function envoyPolicy(kind: 'BackendTrafficPolicy' | 'ClientTrafficPolicy', spec: Record<string, unknown>): any {
  return { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind, metadata: meta('web'), spec };
}

function tlsRoute(hostnames: string[]): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'TLSRoute',
    metadata: meta('db'),
    spec: { parentRefs: [{ name: 'shop', sectionName: 'tls' }], hostnames, rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] },
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
  ['an HTTPRoute that redirects (a RequestRedirect filter and no backendRefs)', httpRoute([{ filters: [redirect] }])],
  [
    'an HTTPRoute with a weighted canary and a path match',
    httpRoute([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/shop' } }],
        backendRefs: [
          { ...toWeb, weight: 9 },
          { name: 'web-canary', port: 80, weight: 1 },
        ],
      },
    ]),
  ],
  [
    'an HTTPRoute attached to two listeners of one Gateway (distinct sectionNames)',
    httpRoute(
      [{ backendRefs: [toWeb] }],
      [
        { name: 'shop', namespace: 'edge', sectionName: 'http' },
        { name: 'shop', namespace: 'edge', sectionName: 'https' },
      ],
    ),
  ],
  [
    'an HTTPRoute attached to two Gateways of one name in different namespaces (CEL reads parentRefs[].namespace as __namespace__)',
    httpRoute(
      [{ backendRefs: [toWeb] }],
      [
        { name: 'shop', namespace: 'edge', sectionName: 'https' },
        { name: 'shop', namespace: 'edge-2' },
      ],
    ),
  ],
  [
    'a BackendTrafficPolicy with targetRefs and a keepalive timeout below its interval (durations)',
    envoyPolicy('BackendTrafficPolicy', { targetRefs: [routeRef], http2: { connectionKeepalive: { interval: '1m', timeout: '30s' } } }),
  ],
  [
    'a BackendTrafficPolicy whose health check sends a body with a lowercase POST (upperAscii)',
    envoyPolicy('BackendTrafficPolicy', {
      targetRefs: [routeRef],
      healthCheck: { active: { type: 'HTTP', http: { path: '/healthz', method: 'post', requestBody: { type: 'Text', text: 'ping' } } } },
    }),
  ],
  [
    'a ClientTrafficPolicy with TLS from 1.2 to 1.3',
    envoyPolicy('ClientTrafficPolicy', { targetRefs: [gatewayRef], tls: { minVersion: '1.2', maxVersion: '1.3' } }),
  ],
  ['a TLSRoute for a hostname', tlsRoute(['db.example.com'])],
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
    'an HTTPRoute filter of type RequestRedirect has no requestRedirect (CEL)',
    httpRoute([{ filters: [{ type: 'RequestRedirect' }] }]),
    ['HTTPRoute/web: /spec/rules/0/filters/0: filter.requestRedirect must be specified for RequestRedirect filter.type'],
  ],
  [
    'an HTTPRoute rule both redirects and has backendRefs (CEL)',
    httpRoute([{ filters: [redirect], backendRefs: [toWeb] }]),
    ['HTTPRoute/web: /spec/rules/0: RequestRedirect filter must not be used together with backendRefs'],
  ],
  [
    'an HTTPRoute attaches twice to one Gateway, once without sectionName (CEL, with the defaulted parentRefs group and kind)',
    httpRoute(
      [{ backendRefs: [toWeb] }],
      [
        { name: 'shop', namespace: 'edge', sectionName: 'https' },
        { name: 'shop', namespace: 'edge' },
      ],
    ),
    ['HTTPRoute/web: /spec/parentRefs: sectionName must be specified when parentRefs includes 2 or more references to the same parent'],
  ],
  [
    'an HTTPRoute path match is relative (CEL, on the defaulted type PathPrefix)',
    httpRoute([{ matches: [{ path: { value: 'shop' } }], backendRefs: [toWeb] }]),
    [
      "HTTPRoute/web: /spec/rules/0/matches/0/path: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
    ],
  ],
  [
    'a BackendTrafficPolicy has both targetRef and targetRefs (CEL)',
    envoyPolicy('BackendTrafficPolicy', { targetRef: routeRef, targetRefs: [routeRef] }),
    ['BackendTrafficPolicy/web: /spec: either targetRef or targetRefs must be used'],
  ],
  [
    'a BackendTrafficPolicy has neither targetRef nor targetRefs (CEL: has() is false for absent fields)',
    envoyPolicy('BackendTrafficPolicy', { timeout: { http: { requestTimeout: '30s' } } }),
    ['BackendTrafficPolicy/web: /spec: either targetRef or targetRefs must be used'],
  ],
  [
    'a BackendTrafficPolicy keepalive timeout is longer than its interval (CEL durations)',
    envoyPolicy('BackendTrafficPolicy', { targetRefs: [routeRef], http2: { connectionKeepalive: { interval: '30s', timeout: '1m' } } }),
    ['BackendTrafficPolicy/web: /spec/http2/connectionKeepalive: timeout must be less than interval'],
  ],
  [
    'a BackendTrafficPolicy health check sends a body with GET (CEL upperAscii)',
    envoyPolicy('BackendTrafficPolicy', {
      targetRefs: [routeRef],
      healthCheck: { active: { type: 'HTTP', http: { path: '/healthz', method: 'GET', requestBody: { type: 'Text', text: 'ping' } } } },
    }),
    ['BackendTrafficPolicy/web: /spec/healthCheck/active/http: The requestBody field can only be set when method is POST or PUT.'],
  ],
  [
    'a ClientTrafficPolicy targets an HTTPRoute (CEL)',
    envoyPolicy('ClientTrafficPolicy', { targetRefs: [routeRef] }),
    ['ClientTrafficPolicy/web: /spec: this policy can only have a targetRefs[*].kind of Gateway or ListenerSet'],
  ],
  [
    'a ClientTrafficPolicy sets ciphers with TLS 1.3 at least (CEL)',
    envoyPolicy('ClientTrafficPolicy', { targetRefs: [gatewayRef], tls: { minVersion: '1.3', ciphers: ['ECDHE-RSA-AES128-GCM-SHA256'] } }),
    ['ClientTrafficPolicy/web: /spec/tls: setting ciphers has no effect if the minimum possible TLS version is 1.3'],
  ],
  [
    'a ClientTrafficPolicy minimum TLS version is above its maximum (CEL map literals)',
    envoyPolicy('ClientTrafficPolicy', { targetRefs: [gatewayRef], tls: { minVersion: '1.3', maxVersion: '1.2' } }),
    ['ClientTrafficPolicy/web: /spec/tls: minVersion must be smaller or equal to maxVersion'],
  ],
  [
    'a TLSRoute hostname is an IP address (CEL isIP)',
    tlsRoute(['10.0.0.1']),
    ['TLSRoute/db: /spec/hostnames: Hostnames cannot contain an IP'],
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

// ---------------------------------------------------------------------------
// CEL rules (x-kubernetes-validations) on a schema of our own

/** A CRD version's openAPIV3Schema with the rule kinds the vendored CRDs use, and some they do not. */
const widgetSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        mode: { type: 'string', default: 'Auto' },
        replicas: {
          type: 'integer',
          'x-kubernetes-validations': [
            { rule: 'type(self) == int' },
            { rule: 'self <= 5', messageExpression: "'replicas must be at most 5, got ' + string(self)" },
          ],
        },
        ratio: { type: 'number', 'x-kubernetes-validations': [{ rule: 'type(self) == double' }, { rule: 'self <= 1.0' }] },
        maxSurge: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-validations': [{ rule: "type(self) == int || self.endsWith('%')" }] },
        namespace: { type: 'string' },
        name: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'name is immutable' }] },
        labels: {
          type: 'object',
          additionalProperties: { type: 'string' },
          'x-kubernetes-validations': [{ rule: "self.all(k, !k.startsWith('kubernetes.io/'))", message: 'reserved label' }],
        },
        url: { type: 'string', 'x-kubernetes-validations': [{ rule: "!self.startsWith('https://') || isURL(self)" }] },
        broken: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.size( > 1' }] },
      },
      'x-kubernetes-validations': [
        { rule: "self.mode == 'Auto' || has(self.replicas)", message: 'replicas are required unless mode is Auto' },
        { rule: '!has(self.replicas) || self.replicas > 0', message: 'must be positive', fieldPath: '.replicas' },
        { rule: "!has(self.__namespace__) || self.__namespace__ != 'default'", message: 'not the default namespace' },
      ],
    },
  },
};

const widget = (spec: Record<string, unknown>) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });

test('CEL: a valid object passes; integer is int, number double, int-or-string either, defaults apply, transition rules are skipped on create', () => {
  expect(
    validateAgainstSchema(widgetSchema, widget({ replicas: 3, ratio: 1, maxSurge: 1, namespace: 'shop', name: 'w', labels: { app: 'w' } })),
  ).toEqual([]);
  expect(validateAgainstSchema(widgetSchema, widget({ maxSurge: '25%' }))).toEqual([]);
});

test.each([
  ['messageExpression', { replicas: 7 }, ['Widget/w: /spec/replicas: replicas must be at most 5, got 7']],
  ['no message: "failed rule: <rule>"', { ratio: 1.5 }, ['Widget/w: /spec/ratio: failed rule: self <= 1.0']],
  ['fieldPath', { replicas: 0 }, ['Widget/w: /spec/replicas: must be positive']],
  ['a rule on a defaulted field', { mode: 'Manual' }, ['Widget/w: /spec: replicas are required unless mode is Auto']],
  ['an escaped property name', { namespace: 'default' }, ['Widget/w: /spec: not the default namespace']],
  ['a rule over map keys', { labels: { 'kubernetes.io/os': 'linux' } }, ['Widget/w: /spec/labels: reserved label']],
  ['int-or-string', { maxSurge: '25' }, ["Widget/w: /spec/maxSurge: failed rule: type(self) == int || self.endsWith('%')"]],
])('CEL: a failed rule is reported (%s)', (_, spec, expected) => {
  expect(validateAgainstSchema(widgetSchema, widget(spec))).toEqual(expected);
});

test('CEL: a rule calling a function that is not implemented fails loudly, even where the call is not reached', () => {
  const expected = [
    `Widget/w: /spec/url: cannot evaluate rule "!self.startsWith('https://') || isURL(self)": function isURL() with 1 argument(s) is not implemented`,
  ];
  expect(validateAgainstSchema(widgetSchema, widget({ url: 'https://example.com' }))).toEqual(expected);
  expect(validateAgainstSchema(widgetSchema, widget({ url: 'http://example.com' }))).toEqual(expected);
});

test('CEL: a rule that does not compile fails loudly', () => {
  expect(validateAgainstSchema(widgetSchema, widget({ broken: 'x' }))).toEqual([
    expect.stringMatching(/^Widget\/w: \/spec\/broken: cannot evaluate rule "self\.size\( > 1": does not compile: /),
  ]);
});

test('CEL: no rule runs on a value of the wrong type, which the schema already reports', () => {
  expect(validateAgainstSchema(widgetSchema, widget({ replicas: 'three' }))).toEqual([
    'Widget/w: /spec/replicas: must be integer (got "three")',
  ]);
});

test('CEL isIP follows Go netip.ParseAddr, without zones or IPv4-mapped IPv6 addresses', () => {
  for (const ip of ['10.0.0.1', '0.0.0.0', '::1', '::', '2001:db8::1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '64:ff9b::1.2.3.4'])
    expect([ip, isIP(ip)]).toEqual([ip, true]);
  for (const ip of [
    '10.0.0',
    '10.0.0.256',
    '010.0.0.1',
    '1::2::3',
    ':::',
    '1:2:3:4:5:6:7:8::',
    '1:2:3:4:5:6:7:8:9',
    '::ffff:1.2.3.4',
    'fe80::1%eth0',
    'db.example.com',
    '',
  ])
    expect([ip, isIP(ip)]).toEqual([ip, false]);
});

test('every CEL rule of the vendored CRDs compiles, with functions this environment implements', () => {
  const crdsDir = path.join(__dirname, '..', '..', 'crds');
  const problems: string[] = [];
  let count = 0;
  const walk = (s: any, where: string) => {
    if (!s || typeof s !== 'object') return;
    for (const rule of (s['x-kubernetes-validations'] ?? []) as Rule[]) {
      count++;
      const c = compileRule(rule);
      if (c.error) problems.push(`${where}: ${rule.rule}: ${c.error}`);
    }
    for (const [k, sub] of Object.entries<any>(s.properties ?? {})) walk(sub, `${where}/${k}`);
    if (s.items) walk(s.items, `${where}/items`);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${where}/additionalProperties`);
  };
  for (const file of fs.readdirSync(crdsDir).filter((f) => /\.ya?ml$/.test(f))) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(crdsDir, file), 'utf8'))) {
      const crd = doc.toJSON();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions ?? []) walk(v.schema?.openAPIV3Schema, `${file} ${crd.spec.names.kind} ${v.name}`);
    }
  }
  expect(problems).toEqual([]);
  expect(count).toBeGreaterThan(500);
});
