/**
 * The edge as its consumers would run it, over every example's manifests:
 *
 * - cert-manager: its gateway-shim makes a Certificate of each HTTPS listener, and its ACME HTTP-01 solver
 *   attaches an HTTPRoute (an `Exact` match on `/.well-known/acme-challenge/<token>`, to the solver's
 *   Service on 8089; pkg/issuer/acme/http/httproute.go) to the parent the ClusterIssuer names. The
 *   challenge must reach the solver through the Gateway (test/support/gateway-model.ts) and under the
 *   stack's NetworkPolicies (test/support/netpol.ts), or no certificate is ever issued.
 * - Envoy Gateway: no request reaches a metrics path on any listener, whatever its spelling after
 *   Envoy's normalization; plain HTTP only redirects.
 * - the guides' edge settings, on the objects Envoy Gateway reads.
 */
import { resolve } from 'production-stack';
import { clusterIssuers, dns01Hosts } from 'production-stack/addons/manifests';
import { ENVOY_GATEWAY, envoyProxyLabels } from 'production-stack/core/edge';
import { ACME_SOLVER } from 'production-stack/k8s';
import { examples } from '../../examples';
import { type Request, route } from '../support/gateway-model';
import { type Pod, canConnect } from '../support/netpol';
import { type Manifest, find, synth } from '../support/synth';

const outputs = Object.entries(examples).map(([name, spec]) => ({ name, spec, stack: resolve(spec), objects: synth(spec) }));
const withGateway = outputs.filter((o) => o.stack.edge.gateway.own && o.stack.edge.hosts.length > 0);
const gatewayOf = (objects: Manifest[]) => objects.find((o) => o.kind === 'Gateway')!;
const pod = (namespace: string, labels: Record<string, string>): Pod => ({
  namespace,
  namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
  labels,
});

test('every example has its own gateway with hosts, and no example emits an Ingress', () => {
  expect(withGateway.map((o) => o.name)).toEqual(outputs.map((o) => o.name));
  for (const { objects } of outputs) {
    expect(objects.filter((o) => ['Ingress', 'ManagedCertificate', 'BackendConfig'].includes(o.kind))).toEqual([]);
  }
});

/** What cert-manager creates for a pending HTTP-01 challenge of `host`, from the ClusterIssuer's solver. */
function challenge(stack: ReturnType<typeof resolve>, host: string) {
  const issuer = clusterIssuers(stack).find((i) => i.metadata.name === stack.edge.clusterIssuer)!;
  const solvers = (issuer.spec as Manifest).acme.solvers as Manifest[];
  const solver = solvers.find((s) => s.http01 && (s.selector?.dnsNames ?? [host]).includes(host));
  const ns = stack.edge.gateway.namespace; // the Certificate's namespace: the Gateway's (gateway-shim)
  const service = 'cm-acme-http-solver-abcde';
  const httpRoute: Manifest = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'cm-acme-http-solver-xyz', namespace: ns },
    spec: {
      // cert-manager (v1.20+) replaces the issuer's parentRef to the Certificate's Gateway with one without
      // sectionName (applyGatewayAPIAnnotationParentRefOverride): the route attaches to every listener of it
      parentRefs: (solver?.http01.gatewayHTTPRoute.parentRefs ?? []).map(({ sectionName: _, ...ref }: Manifest) => ref),
      hostnames: [host],
      rules: [
        {
          matches: [{ path: { type: 'Exact', value: '/.well-known/acme-challenge/tok3n' } }],
          backendRefs: [{ name: service, port: ACME_SOLVER.port }],
        },
      ],
    },
  };
  const solverPod = pod(ns, {
    [ACME_SOLVER.label]: 'true',
    'acme.cert-manager.io/http-domain': '1',
    'acme.cert-manager.io/http-token': '2',
  });
  return { solver, httpRoute, service, solverPod };
}

describe.each(withGateway.map((o) => [o.name, o] as const))('%s', (_name, { stack, objects }) => {
  const gw = gatewayOf(objects);
  const envoy = pod(ENVOY_GATEWAY.namespace, { ...envoyProxyLabels(stack.edge.gateway), 'app.kubernetes.io/name': 'envoy' });
  const http01Hosts = stack.edge.hosts.filter((h) => !dns01Hosts(stack).includes(h));

  const dns01 = dns01Hosts(stack);
  if (dns01.length > 0)
    test('DNS-01 for the failover name: its own solver, in the zone of dr.dns', () => {
      const issuer = clusterIssuers(stack).find((i) => i.metadata.name === stack.edge.clusterIssuer)!;
      const solvers = (issuer.spec as Manifest).acme.solvers as Manifest[];
      expect(solvers.find((s) => s.dns01)).toMatchObject({ selector: { dnsNames: dns01 } });
      for (const s of solvers.filter((x) => x.http01)) expect(s.selector.dnsNames.filter((h: string) => dns01.includes(h))).toEqual([]);
    });
  if (http01Hosts.length > 0)
    test.each(http01Hosts)('HTTP-01 for %s: the challenge reaches the solver through the gateway and its NetworkPolicies', (host) => {
      const { solver, httpRoute, service, solverPod } = challenge(stack, host);
      expect(solver).toBeDefined();
      // cert-manager's gateway-shim issues the listener's certificate from the Gateway's issuer
      expect(gw.metadata.annotations['cert-manager.io/cluster-issuer']).toBe(stack.edge.clusterIssuer);
      const listener = gw.spec.listeners.find((l: Manifest) => l.hostname === host);
      expect(listener).toMatchObject({ protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ name: `${host}-tls` }] } });
      // Let's Encrypt asks over plain HTTP on port 80: the solver's route wins over the redirect to HTTPS
      const all = [...objects, httpRoute];
      expect(route(all, gw, 80, { host, path: '/.well-known/acme-challenge/tok3n' })).toMatchObject({
        kind: 'backends',
        backends: [{ name: service, port: ACME_SOLVER.port }],
      });
      expect(route(all, gw, 80, { host, path: '/' })).toMatchObject({ kind: 'redirect', scheme: 'https', statusCode: 301 });
      // the Envoy pods reach the solver pods on 8089, nothing else does, and only that port is open
      expect(canConnect(objects, envoy, solverPod, ACME_SOLVER.port)).toBe(true);
      expect(canConnect(objects, envoy, solverPod, 8080)).toBe(false);
      expect(canConnect(objects, pod(stack.namespace, { app: 'other' }), solverPod, ACME_SOLVER.port)).toBe(false);
      expect(canConnect(objects, pod('default', {}), solverPod, ACME_SOLVER.port)).toBe(false);
      // without the policy, the namespace's default deny blocks the challenge
      expect(
        canConnect(
          objects.filter((o) => o.metadata.name !== 'acme-http01-solver'),
          envoy,
          solverPod,
          ACME_SOLVER.port,
        ),
      ).toBe(false);
    });

  test('the Envoy pods reach every routed port, and only routed ports', () => {
    for (const r of stack.edge.routes) {
      for (const b of r.backends) {
        const target = pod(stack.namespace, { 'app.kubernetes.io/instance': stack.name, 'app.kubernetes.io/name': b.service });
        expect([b.service, b.number, canConnect(objects, envoy, target, b.number)]).toEqual([b.service, b.number, true]);
        const service = stack.services.find((s) => s.name === b.service)!;
        for (const p of service.ports.filter(
          (x) => !stack.edge.routes.some((rr) => rr.backends.some((bb) => bb.service === b.service && bb.number === x.port)),
        )) {
          expect([b.service, p.port, canConnect(objects, envoy, target, p.port)]).toEqual([b.service, p.port, false]);
        }
      }
    }
  });

  test('no request reaches a metrics path from any listener, however it is spelled', () => {
    const metrics = stack.services.filter((s) => s.metrics).map((s) => ({ service: s.name, path: s.metrics!.path }));
    expect(metrics.length).toBeGreaterThan(0);
    for (const host of stack.edge.hosts) {
      for (const { path } of metrics) {
        const spellings = [
          path,
          `${path}/`,
          `${path}/x`,
          `/${path}`,
          `/.${path}`,
          `/x/..${path}`,
          path.replace('m', '%6d'),
          path.replace('m', '%6D').replace('t', '%74'),
          // Express and ASP.NET match paths in any case; Tomcat, Jetty and Spring drop `;` parameters
          path.toUpperCase(),
          `${path};jsessionid=1`,
          `${path.replace('e', 'E')};x/y`,
        ];
        for (const p of spellings) {
          for (const port of [80, 443]) {
            const out = route(objects, gw, port, { host, path: p } as Request);
            // plain HTTP only redirects; HTTPS answers 404 or routes to a backend whose metrics are elsewhere
            if (port === 80) expect([p, out.kind]).toEqual([p, 'redirect']);
            else if (out.kind === 'backends') {
              for (const b of out.backends) {
                const owner = stack.services.find((s) => s.name === b.name)!;
                const routedPort = owner.ports.find((x) => x.port === b.port)!;
                expect([host, p, b.name, owner.metrics?.port === routedPort.name]).toEqual([host, p, b.name, false]);
              }
            } else
              expect([host, p, out]).toEqual([
                host,
                p,
                expect.objectContaining({ kind: 'filter', filter: `HTTPRouteFilter/${stack.name}-not-found` }),
              ]);
          }
        }
      }
    }
  });

  test('every route host has an HTTPS listener, and every HTTPS request to it is routed', () => {
    for (const r of stack.edge.routes) {
      expect(gw.spec.listeners.filter((l: Manifest) => l.hostname === r.host && l.protocol === 'HTTPS')).toHaveLength(1);
      if (r.kind === 'http') expect(route(objects, gw, 443, { host: r.host, path: r.path }).kind).toBe('backends');
    }
  });
});

test('the 404 filter answers 404', () => {
  for (const { stack, objects } of withGateway) {
    if (!stack.edge.routes.some((r) => r.blockedPaths.length > 0)) continue;
    expect(find(objects, 'HTTPRouteFilter', `${stack.name}-not-found`).spec.directResponse.statusCode).toBe(404);
  }
});

const of = (name: string) => outputs.find((o) => o.name === name)!.objects;

test('QL-RF: 100 requests/second per client IP, and the API timeout of 30 s', () => {
  const policy = find(of('ql-rf'), 'BackendTrafficPolicy', 'ql-rf-api');
  expect(policy.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'ql-rf-api' }]);
  // "Default: 100 requests/second per IP", "Returns HTTP 429" (Envoy's local limit answers 429)
  expect(policy.spec.rateLimit).toEqual({
    type: 'Local',
    local: {
      rules: [{ clientSelectors: [{ sourceCIDR: { type: 'Distinct', value: '0.0.0.0/0' } }], limit: { requests: 100, unit: 'Second' } }],
    },
  });
  expect(policy.spec.timeout).toEqual({ http: { requestTimeout: '30s' } }); // "API: Read 30s, Write 30s"
  expect(find(of('ql-rf'), 'HTTPRoute', 'ql-rf-api').spec.hostnames).toEqual(['api.quantumlayer.dev']);
});

test('QBITEL: TLS 1.3, HSTS on every HTTPS response, CORS restricted to its origin', () => {
  const objects = of('qbitel');
  expect(find(objects, 'ClientTrafficPolicy', 'qbitel').spec.tls).toEqual({ minVersion: '1.3' }); // "TLS 1.3 enabled"
  for (const r of objects.filter((o) => o.kind === 'HTTPRoute' && o.metadata.name !== 'qbitel-https-redirect')) {
    for (const rule of r.spec.rules) {
      // "HSTS headers configured"
      expect(rule.filters).toContainEqual({
        type: 'ResponseHeaderModifier',
        responseHeaderModifier: { set: [{ name: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }] },
      });
    }
  }
  const route = objects.find(
    (o) => o.kind === 'HTTPRoute' && o.spec.hostnames?.includes('qbitel.example.com') && !o.metadata.name.includes('https-redirect'),
  )!;
  const cors = route.spec.rules.flatMap((r: Manifest) => r.filters ?? []).find((f: Manifest) => f.type === 'CORS');
  expect(cors.cors).toMatchObject({ allowOrigins: ['https://qbitel.example.com'], allowCredentials: false }); // "CORS properly restricted"
});

test('CQAR: gRPC to port 9090 (on GKE an HTTPRoute of every path, elsewhere a GRPCRoute), and 30 s of connection draining', () => {
  const objects = of('cqar');
  // GKE's managed Gateway API CRDs have no GRPCRoute (found by review): on GKE the route is an HTTPRoute to the h2c port
  expect(objects.filter((o) => o.kind === 'GRPCRoute')).toEqual([]);
  const grpc = find(objects, 'HTTPRoute', 'cqar');
  expect(grpc.spec.rules).toHaveLength(1);
  expect(grpc.spec.rules[0].matches).toBeUndefined(); // every path: every method of every gRPC service
  const cqar = examples.cqar;
  const onAws = synth({
    ...cqar,
    cloud: 'aws',
    region: 'us-east-1',
    postgres: { ...cqar.postgres, instanceClass: undefined },
    redis: { ...cqar.redis, gcp: undefined },
  });
  expect(find(onAws, 'GRPCRoute', 'cqar').spec.rules).toEqual(grpc.spec.rules);
  expect(grpc.spec.hostnames).toEqual(['cqar.example.com']);
  expect(grpc.spec.rules[0].backendRefs).toEqual([{ name: 'cqar', port: 9090, weight: 1 }]);
  // "Connection draining: 30s"; new connections still accepted for 30 s while the load balancer notices
  expect(find(objects, 'EnvoyProxy', 'cqar').spec.shutdown).toEqual({ drainTimeout: '30s', minDrainDuration: '30s' });
  // Envoy speaks HTTP/2 to the backend (the Service port's appProtocol)
  expect(find(objects, 'Service', 'cqar').spec.ports.find((p: Manifest) => p.port === 9090).appProtocol).toBe('kubernetes.io/h2c');
  // "Health check: gRPC grpc.health.v1.Health/Check"; no time limit on calls (Envoy's default would cut them at 15 s)
  expect(find(objects, 'BackendTrafficPolicy', 'cqar').spec).toEqual({
    targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'cqar' }],
    timeout: { http: { requestTimeout: '0s' } },
    healthCheck: { active: { type: 'GRPC', interval: '5s', timeout: '1s', unhealthyThreshold: 3, healthyThreshold: 1 } },
  });
});

test('Ralph and the Q&A agent: their TLS hosts from letsencrypt-prod', () => {
  for (const [name, host] of [
    ['ralph-orchestrator', 'ralph.example.com'],
    ['qna-agent', 'qna-api.example.com'],
  ]) {
    const gw = gatewayOf(of(name));
    expect(gw.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(gw.spec.listeners.map((l: Manifest) => l.hostname).filter(Boolean)).toEqual([host]);
  }
  const ralph = find(of('ralph-orchestrator'), 'BackendTrafficPolicy', 'ralph-orchestrator');
  expect(ralph.spec.rateLimit.local.rules[0].limit).toEqual({ requests: 100, unit: 'Second' }); // "rate-limit: 100"
});
