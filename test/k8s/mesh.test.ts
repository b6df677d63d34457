import { baseSpec } from '../support/spec';
import { find, synth } from '../support/synth';

const objects = synth({ ...baseSpec(), serviceMesh: 'istio' });

test('turns on sidecar injection in the namespace', () => {
  expect(find(objects, 'Namespace', 'shop').metadata.labels['istio-injection']).toBe('enabled');
});

test('requires mTLS between every pod of the namespace', () => {
  const pa = objects.find((o) => o.kind === 'PeerAuthentication' && o.metadata.name === 'default')!;
  expect(pa.spec).toEqual({ mtls: { mode: 'STRICT' } });
});

test('keeps the metrics port PERMISSIVE so a Prometheus outside the mesh can scrape', () => {
  const pa = objects.find((o) => o.kind === 'PeerAuthentication' && o.metadata.name === 'api')!;
  expect(pa.spec).toEqual({
    selector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'shop' } },
    mtls: { mode: 'STRICT' },
    portLevelMtls: { '9091': { mode: 'PERMISSIVE' } },
  });
});

test('gives every Service an ISTIO_MUTUAL DestinationRule', () => {
  const rules = objects.filter((o) => o.kind === 'DestinationRule');
  expect(rules.map((r) => r.spec.host).sort()).toEqual(['api.shop.svc.cluster.local', 'web.shop.svc.cluster.local']);
  for (const r of rules) expect(r.spec.trafficPolicy.tls.mode).toBe('ISTIO_MUTUAL');
});

test("lets sidecars reach istiod and puts the gateway's Envoy pods in the mesh, reaching Services", () => {
  const istiod = {
    to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } } }],
    ports: [{ protocol: 'TCP', port: 15012 }],
  };
  for (const name of ['api', 'worker', 'web']) expect(find(objects, 'NetworkPolicy', name).spec.egress).toContainEqual(istiod);
  // jobs run without a sidecar (see below): they have no reason to reach istiod
  for (const name of ['report', 'api-migrate']) expect(find(objects, 'NetworkPolicy', name).spec.egress).not.toContainEqual(istiod);
  const proxy = find(objects, 'EnvoyProxy', 'shop').spec;
  // routingType Service: Envoy sends to the Service's cluster IP, which its sidecar turns into an mTLS connection
  expect(proxy.routingType).toBe('Service');
  expect(proxy.provider.kubernetes.envoyDeployment.pod.labels).toEqual({ 'sidecar.istio.io/inject': 'true' });
  // the sidecar takes Envoy's outbound traffic to the Services, not clients' connections nor Envoy's xDS channel
  expect(proxy.provider.kubernetes.envoyDeployment.pod.annotations).toEqual({
    'traffic.sidecar.istio.io/includeInboundPorts': '',
    'traffic.sidecar.istio.io/excludeOutboundPorts': '18000',
  });
});

test('keeps jobs out of the mesh, where a sidecar would never let them complete', () => {
  expect(objects.find((o) => o.kind === 'Job')!.spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
  expect(find(objects, 'CronJob', 'report').spec.jobTemplate.spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
});

test('adds nothing of the mesh when it is off', () => {
  const plain = synth(baseSpec());
  expect(plain.filter((o) => /istio/.test(o.apiVersion))).toEqual([]);
  expect(find(plain, 'Namespace', 'shop').metadata.labels['istio-injection']).toBeUndefined();
});

test("keeps a worker's metrics port PERMISSIVE too, with no DestinationRule since it has no Service", () => {
  const spec = baseSpec();
  const withMetrics = synth({
    ...spec,
    serviceMesh: 'istio',
    services: spec.services.map((s) => (s.name === 'worker' ? { ...s, ports: [{ name: 'metrics', port: 9100 }] } : s)),
  });
  const pa = withMetrics.find((o) => o.kind === 'PeerAuthentication' && o.metadata.name === 'worker')!;
  expect(pa.spec.portLevelMtls).toEqual({ '9100': { mode: 'PERMISSIVE' } });
  expect(withMetrics.filter((o) => o.kind === 'DestinationRule' && o.metadata.name === 'worker')).toEqual([]);
  expect(objects.filter((o) => o.kind === 'PeerAuthentication' && o.metadata.name === 'worker')).toEqual([]);
});
