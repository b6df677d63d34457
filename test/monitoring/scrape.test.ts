import { JsonPatch, Testing } from 'cdk8s';
import { ProductionStack } from 'production-stack';
import { baseSpec } from '../support/spec';
import { type Manifest, find, synth } from '../support/synth';
import { validateObjects } from '../support/schema';
import { loadedSpec } from './fixtures';

const objects = synth(loadedSpec());
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('the ServiceMonitor of a server', () => {
  const monitor = find(objects, 'ServiceMonitor', 'api');

  test('selects exactly its Service, in the stack namespace, on the metrics port', () => {
    const selected = objects.filter(
      (o) => o.kind === 'Service' && o.metadata.namespace === 'shop' && matches(monitor.spec.selector.matchLabels, o.metadata.labels),
    );
    expect(selected.map((s: Manifest) => s.metadata.name)).toEqual(['api']);
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['shop'] });
    const [endpoint] = monitor.spec.endpoints;
    expect(selected[0].spec.ports.map((p: { name: string }) => p.name)).toContain(endpoint.port);
    expect(endpoint).toMatchObject({ port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' });
  });

  test('carries the Prometheus selector labels and labels its targets with namespace, pod and service', () => {
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(monitor.spec.endpoints[0].relabelings).toEqual([
      { action: 'replace', sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
      { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'pod' },
      { action: 'replace', targetLabel: 'service', replacement: 'api' },
    ]);
  });
});

test('a worker, which has no Service, is scraped by a PodMonitor selecting its pods', () => {
  const monitor = find(objects, 'PodMonitor', 'worker');
  const sts = find(objects, 'StatefulSet', 'worker');
  const selected = objects.filter(
    (o) => ['Deployment', 'StatefulSet'].includes(o.kind) && matches(monitor.spec.selector.matchLabels, o.spec.template.metadata.labels),
  );
  expect(selected.map((o: Manifest) => `${o.kind}/${o.metadata.name}`)).toEqual(['StatefulSet/worker']);
  expect(sts.spec.template.spec.containers[0].ports.map((p: { name: string }) => p.name)).toContain(
    monitor.spec.podMetricsEndpoints[0].port,
  );
  expect(monitor.spec.podMetricsEndpoints[0].relabelings[2]).toEqual({ action: 'replace', targetLabel: 'service', replacement: 'worker' });
  expect(objects.filter((o) => o.kind === 'ServiceMonitor' && o.metadata.name === 'worker')).toEqual([]);
});

test.each([
  [
    'a custom port, path and interval',
    { port: 'http', path: '/internal/metrics', interval: '15s' },
    { port: 'http', path: '/internal/metrics', interval: '15s' },
  ],
  ['the defaults', { port: 'metrics' }, { port: 'metrics', path: '/metrics', interval: '30s' }],
])('the endpoint follows the spec: %s', (_name, metrics, endpoint) => {
  const base = baseSpec();
  const spec = {
    ...base,
    services: base.services.map((s) => (s.name === 'web' ? { ...s, ports: [...s.ports!, { name: 'metrics', port: 9100 }], metrics } : s)),
  };
  expect(find(synth(spec), 'ServiceMonitor', 'web').spec.endpoints[0]).toMatchObject(endpoint);
});

test('a service without a metrics endpoint is not scraped', () => {
  expect(
    synth(baseSpec()).filter((o) => ['ServiceMonitor', 'PodMonitor'].includes(o.kind) && ['web', 'worker'].includes(o.metadata.name)),
  ).toEqual([]);
});

test('every monitoring object validates against the Kubernetes and Prometheus Operator schemas', () => {
  const kinds = ['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'AlertmanagerConfig', 'ConfigMap'];
  const monitoring = objects.filter((o) => kinds.includes(o.kind));
  expect(new Set(monitoring.map((o) => o.kind))).toEqual(new Set(kinds));
  expect(validateObjects(monitoring)).toEqual([]);
});

test('an escape hatch on the monitoring objects reaches the output', () => {
  const stack = new ProductionStack(Testing.app(), 'shop', loadedSpec());
  stack.monitoring.rules.addJsonPatch(JsonPatch.add('/metadata/labels/team', 'payments'));
  stack.monitoring.monitors.get('api')!.addJsonPatch(JsonPatch.add('/spec/endpoints/0/scrapeTimeout', '10s'));
  stack.monitoring.alertmanagerConfig!.addJsonPatch(JsonPatch.replace('/spec/route/groupWait', '1m'));
  stack.monitoring.dashboards.get('api')!.addJsonPatch(JsonPatch.add('/metadata/annotations', { grafana_folder: 'shop' }));
  const out = Testing.synth(stack);
  expect(find(out, 'PrometheusRule', 'shop').metadata.labels.team).toBe('payments');
  expect(find(out, 'ServiceMonitor', 'api').spec.endpoints[0].scrapeTimeout).toBe('10s');
  expect(find(out, 'AlertmanagerConfig', 'shop').spec.route.groupWait).toBe('1m');
  expect(find(out, 'ConfigMap', 'api-dashboard').metadata.annotations).toEqual({
    'argocd.argoproj.io/sync-wave': '-3',
    grafana_folder: 'shop',
  });
});
