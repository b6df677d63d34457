/**
 * The readiness report's edge checks (lib/k8s/edge-checks.ts), as the validation plugin runs them on any
 * chart: each class of broken edge, made from the base stack's manifests, is reported with the object and
 * what is wrong; the base stack and every example pass.
 */
import { Testing } from 'cdk8s';
import { ProductionStack } from 'production-stack';
import { routeProblems, tlsProblems } from 'production-stack/k8s/edge-checks';
import { examples } from '../../examples';
import { baseSpec } from '../support/spec';
import { type Manifest, synth } from '../support/synth';

const base = (): Manifest[] => JSON.parse(JSON.stringify(synth(baseSpec())));
const get = (objects: Manifest[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;

test('the base stack and every example pass both checks', () => {
  expect([tlsProblems(base()), routeProblems(base())]).toEqual([[], []]);
  for (const spec of Object.values(examples)) {
    const objects = Testing.synth(new ProductionStack(Testing.app(), spec.name, spec));
    expect([spec.name, tlsProblems(objects), routeProblems(objects)]).toEqual([spec.name, [], []]);
  }
});

test('a listener without a certificate, without an issuer, without a hostname, or a wildcard over HTTP-01', () => {
  const objects = base();
  const gw = get(objects, 'Gateway', 'shop');
  const https = gw.spec.listeners[1];
  gw.spec.listeners.push({ ...https, name: 'https-b', hostname: '*.example.com' }, { ...https, name: 'https-c', hostname: undefined });
  delete https.tls;
  expect(tlsProblems(objects)).toEqual([
    'Gateway/shop: listener https-shop-example-com terminates no TLS with a certificate Secret',
    "Gateway/shop: listener https-b is a wildcard: its certificate needs DNS-01, and the gateway's issuer solves HTTP-01",
    'Gateway/shop: listener https-c has no hostname: cert-manager issues certificates for listener hostnames',
  ]);
  delete gw.metadata.annotations;
  expect(tlsProblems(objects)).toContain(
    'Gateway/shop: listener https-b has no certificate issuer (annotation cert-manager.io/cluster-issuer)',
  );
});

test('a route whose host no HTTPS listener serves; the redirect on the HTTP listener is not one', () => {
  const objects = base();
  get(objects, 'HTTPRoute', 'api').spec.hostnames.push('other.example.com');
  expect(tlsProblems(objects)).toEqual(['HTTPRoute/api: host other.example.com is served by no HTTPS listener of Gateway/shop']);
  // a plain-HTTP route that serves (not a redirect) is reported
  const plain = base();
  get(plain, 'HTTPRoute', 'shop-https-redirect').spec.rules = [{ backendRefs: [{ name: 'api', port: 8080 }] }];
  expect(tlsProblems(plain)).toEqual(['HTTPRoute/shop-https-redirect: serves plain HTTP on listener http of Gateway/shop']);
  // a health check's one exact GET path is not; a second path, another method, a prefix or a filter is
  const backendRefs = [{ name: 'api', port: 8080 }];
  const health = { path: { type: 'Exact', value: '/readyz' }, method: 'GET' };
  const plainWith = (rules: unknown[]) => {
    const o = base();
    get(o, 'HTTPRoute', 'shop-https-redirect').spec.rules = rules;
    return tlsProblems(o);
  };
  expect(plainWith([{ matches: [health], backendRefs }])).toEqual([]);
  for (const rules of [
    [{ matches: [health, { ...health, path: { type: 'Exact', value: '/' } }], backendRefs }],
    [
      { matches: [health], backendRefs },
      { matches: [{ ...health, path: { type: 'Exact', value: '/x' } }], backendRefs },
    ],
    [{ matches: [{ ...health, method: 'POST' }], backendRefs }],
    [{ matches: [{ path: { type: 'Exact', value: '/readyz' } }], backendRefs }],
    [{ matches: [{ ...health, path: { type: 'PathPrefix', value: '/readyz' } }], backendRefs }],
    [
      {
        matches: [health],
        backendRefs,
        filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/' } } }],
      },
    ],
  ])
    expect(plainWith(rules)).toEqual(['HTTPRoute/shop-https-redirect: serves plain HTTP on listener http of Gateway/shop']);
});

test('two routes on one host and match, and backends that are no Service port', () => {
  const objects = base();
  const twin = JSON.parse(JSON.stringify(get(objects, 'HTTPRoute', 'api')));
  twin.metadata.name = 'api-twin';
  twin.spec.rules[0].backendRefs = [
    { name: 'api', port: 7777 },
    { name: 'missing', port: 80 },
  ];
  objects.push(twin);
  expect(routeProblems(objects)).toEqual([
    `HTTPRoute/api-twin: host shop.example.com and match ["PathPrefix","/","",[],[]] are also HTTPRoute/api's: Envoy would serve one of them`,
    'HTTPRoute/api-twin: Service api exposes no port 7777',
    'HTTPRoute/api-twin: backend Service missing is not in the manifests',
  ]);
});
