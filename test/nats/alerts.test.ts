import { natsAlerts, promqlProblem, resolve } from 'production-stack';
import { baseSpec } from '../support/spec';
import { find, synth } from '../support/synth';

const stack = resolve(baseSpec());
const alerts = natsAlerts(stack);

test('the parser catches a broken expression', () => {
  expect(promqlProblem('rate(foo[5m]) >')).toBeDefined();
  expect(promqlProblem('sum(rate(foo[5m])')).toBeDefined();
  expect(promqlProblem('sum by (pod) (rate(foo{a="b"}[5m])) > 0.8')).toBeUndefined();
});

test.each(alerts.map((a) => [a.alert, a.expr]))('%s parses as PromQL', (_name, expr) => {
  expect(promqlProblem(expr)).toBeUndefined();
});

test('covers storage near its limit, lost quorum, route disconnects and consumer lag', () => {
  expect(alerts.map((a) => a.alert)).toEqual([
    'NatsJetStreamStorageNearLimit',
    'NatsQuorumLost',
    'NatsRouteDisconnected',
    'NatsConsumerLagHigh',
    'NatsConsumerRedeliveries',
  ]);
  for (const a of alerts) {
    expect(a.annotations.summary).not.toBe('');
    expect(a.annotations.description).not.toBe('');
    expect(['critical', 'warning']).toContain(a.labels.severity);
  }
});

test('quorum is a majority of the nodes, and routes count the 2.10 route pool', () => {
  const byName = Object.fromEntries(alerts.map((a) => [a.alert, a.expr]));
  expect(byName.NatsQuorumLost).toMatch(/< 2$/); // 3 nodes: a majority is 2
  expect(byName.NatsRouteDisconnected).toMatch(/< 6$/); // 2 peers x pool of 3
  const five = resolve({ ...baseSpec(), nats: { ...baseSpec().nats, replicas: 5 } });
  expect(Object.fromEntries(natsAlerts(five).map((a) => [a.alert, a.expr])).NatsQuorumLost).toMatch(/< 3$/);
});

test('an alert that aggregates the namespace away puts it back as a label, so Alertmanager can route it', () => {
  const quorumLost = alerts.find((a) => a.alert === 'NatsQuorumLost')!;
  expect(quorumLost.expr).toMatch(/^\(count\(/);
  expect(quorumLost.labels).toEqual({ severity: 'critical', namespace: 'shop' });
});

test('the PodMonitor and rules carry the Prometheus selector labels', () => {
  const objects = synth(baseSpec());
  for (const [kind, name] of [
    ['PodMonitor', 'nats'],
    ['PrometheusRule', 'nats'],
  ]) {
    expect(find(objects, kind, name).metadata.labels.release).toBe('kube-prometheus-stack');
  }
  expect(find(objects, 'PodMonitor', 'nats').spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
});
