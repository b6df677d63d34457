import { natsAlerts, promqlProblem, resolve } from 'production-stack';
import { output, testRules } from '../support/promtool';
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

test("quorum is a majority of the nodes, and routes count the 2.10 route pool and the system account's route", () => {
  const byName = Object.fromEntries(alerts.map((a) => [a.alert, a.expr]));
  expect(byName.NatsQuorumLost).toMatch(/< 2$/); // 3 nodes: a majority is 2
  // 2 peers x (pool of 3 + the system account's dedicated route): nats-server 2.10 routes_test.go checkClusterFormed
  expect(byName.NatsRouteDisconnected).toMatch(/< 8$/);
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

describe('NatsConsumerRedeliveries, as Prometheus evaluates it (promtool test rules)', () => {
  /** Runs one promtool unit test of the NATS rules: `values` of the redelivered gauge, the alerts expected at 15m. */
  function promtoolTest(values: string, expected: object[], rules: readonly object[] = alerts): { status: number; out: string } {
    const series = `jetstream_consumer_num_redelivered{namespace="shop", pod="nats-0", consumer_name="fulfil", stream_name="orders"}`;
    const r = testRules(
      { groups: [{ name: 'nats', rules }] },
      {
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: [{ series, values }],
            alert_rule_test: [{ eval_time: '15m', alertname: 'NatsConsumerRedeliveries', exp_alerts: expected }],
          },
        ],
      },
    );
    return { status: r.status, out: output(r) };
  }
  const firing = [
    {
      exp_labels: { severity: 'warning', namespace: 'shop', pod: 'nats-0', consumer_name: 'fulfil', stream_name: 'orders' },
      exp_annotations: {
        summary: 'A JetStream consumer keeps redelivering',
        description: 'Consumer fulfil has 500 redelivered messages not yet acknowledged: its handler fails or exceeds the ack wait.',
      },
    },
  ];

  test('500 messages stuck in redelivery, a flat gauge, fire (an increase() of the gauge stayed silent)', () => {
    expect(promtoolTest('500x20', firing)).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
  });

  test('100 or fewer, or a spike shorter than 10 minutes, stay silent', () => {
    expect(promtoolTest('100x20', [])).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
    expect(promtoolTest('0x8 500x4 0x8', [])).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
  });

  test('the old expression (increase of the gauge) fails the same test: the check has teeth', () => {
    const old = alerts.map((a) =>
      a.alert === 'NatsConsumerRedeliveries' ? { ...a, expr: a.expr.replace(/^(.*) > (\d+)$/, 'increase($1[10m]) > $2') } : a,
    );
    expect(promtoolTest('500x20', firing, old).status).toBe(1);
  });
});

test('every NATS alert carries the namespace and, with a runbook base, its runbook link', () => {
  const withRunbooks = resolve({
    ...baseSpec(),
    monitoring: { ...baseSpec().monitoring, runbookBaseUrl: 'https://runbooks.example.com/shop' },
  });
  for (const a of natsAlerts(withRunbooks)) {
    expect(a.labels.namespace).toBe('shop');
    expect(a.annotations.runbook_url).toBe(`https://runbooks.example.com/shop#${a.alert.toLowerCase()}`);
  }
});
