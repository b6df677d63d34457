import { type ProductionStackProps, STANDARD_ALERTS, promqlProblem, resolve, scopeToNamespace, stackRuleGroups } from 'production-stack';
import { examples } from '../../examples';
import { baseSpec } from '../support/spec';
import { type Manifest, find, synth } from '../support/synth';
import { alertsOf, loadedSpec, recordingsOf, selectorsOf, stackRules } from './fixtures';

const specs: [string, ProductionStackProps][] = [['base', baseSpec()], ['loaded', loadedSpec()], ...Object.entries(examples)];
const outputs: [string, ProductionStackProps, Manifest[]][] = specs.map(([name, spec]) => [name, spec, synth(spec)]);

describe.each(outputs)('%s', (_name, spec, objects) => {
  const stack = resolve(spec);
  const rules = stackRules(objects, spec.name);

  test('the PrometheusRule is named after the stack and carries the Prometheus selector labels', () => {
    const rule = find(objects, 'PrometheusRule', spec.name);
    expect(rule.metadata.namespace).toBe(stack.namespace);
    expect(rule.metadata.labels).toMatchObject(stack.monitoring.prometheusSelector);
  });

  test("every expression parses with Prometheus's grammar", () => {
    const problems = rules
      .map((r) => [r.group, 'alert' in r ? r.alert : r.record, promqlProblem(r.expr)])
      .filter(([, , p]) => p !== undefined);
    expect(problems).toEqual([]);
  });

  test("every series selector is scoped to the stack's namespace", () => {
    const unscoped = rules.flatMap((r) =>
      selectorsOf(r.expr)
        .filter((s) => !s.matchers.some((m) => m === `namespace="${stack.namespace}"` || m === `exported_namespace="${stack.namespace}"`))
        .map((s) => `${'alert' in r ? r.alert : r.record}: ${s.metric}`),
    );
    expect(unscoped).toEqual([]);
  });

  test('every alert has a unique identity, a severity, the namespace, a duration, a summary and a description', () => {
    const alerts = alertsOf(rules);
    expect(alerts.length).toBeGreaterThan(0);
    const identities = alerts.map((a) => JSON.stringify([a.alert, a.labels]));
    expect(new Set(identities).size).toBe(identities.length);
    for (const a of alerts) {
      expect(a.alert).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(['critical', 'warning', 'info']).toContain(a.labels.severity);
      expect(a.labels.namespace).toBe(stack.namespace);
      expect(a.for).toMatch(/^\d+[smhd]$/);
      expect(a.annotations.summary).toMatch(/\S/);
      expect(a.annotations.description).toMatch(/\S/);
      if (stack.monitoring.runbookBaseUrl)
        expect(a.annotations.runbook_url).toBe(`${stack.monitoring.runbookBaseUrl}#${a.alert.toLowerCase()}`);
      else expect(a.annotations.runbook_url).toBeUndefined();
    }
  });

  test('every recording has a unique name and labels, and is recorded before an alert of its group reads it', () => {
    const recordings = recordingsOf(rules);
    const identities = recordings.map((r) => JSON.stringify([r.record, r.labels]));
    expect(new Set(identities).size).toBe(identities.length);
    for (const [i, r] of rules.entries()) {
      for (const s of selectorsOf(r.expr).filter((x) => x.metric.startsWith('slo:'))) {
        const defined = rules.slice(0, i).some((d) => 'record' in d && d.group === r.group && d.record === s.metric);
        expect([r.group, s.metric, defined]).toEqual([r.group, s.metric, true]);
      }
    }
  });

  test("the request and SLO alerts of a service carry its name; the spec's own alerts are all there", () => {
    for (const a of alertsOf(rules).filter((x) => ['RequestErrorRateHigh', 'RateLimitTriggered', 'ErrorBudgetBurn'].includes(x.alert))) {
      expect(stack.services.map((s) => s.name)).toContain(a.labels.service);
    }
    const own = stack.services.flatMap((s) => s.alerts.map((a) => `${s.name} ${a.name}`));
    expect(alertsOf(rules).map((a) => `${a.labels.service} ${a.alert}`)).toEqual(expect.arrayContaining(own));
  });
});

describe('groups and alerts follow the stack', () => {
  const names = (spec: ProductionStackProps) => alertsOf(stackRuleGroups(resolve(spec)).flatMap((g) => g.rules)).map((a) => a.alert);
  const base = baseSpec();

  test('the groups of the loaded spec, in order', () => {
    expect(stackRuleGroups(resolve(loadedSpec())).map((g) => g.name)).toEqual([
      'shop.workloads',
      'shop.datastores',
      'shop.application',
      'shop.slo.api',
    ]);
  });

  test.each<[string, ProductionStackProps, string[], string[]]>([
    [
      'the base spec',
      base,
      [
        'PodCrashLooping',
        'HpaAtMaxReplicas',
        'PersistentVolumeFillingUp',
        'JobFailed',
        'CertificateExpiringSoon',
        'PostgresConnectionsNearMax',
        'RedisEvictingKeys',
        'RequestErrorRateHigh',
      ],
      [],
    ],
    [
      'a stack of one plain server',
      {
        ...base,
        postgres: undefined,
        redis: undefined,
        nats: undefined,
        cronJobs: [],
        secrets: [],
        services: [{ name: 'web', image: 'registry.example.com/web:1.0.0', ports: [{ name: 'http', port: 80 }] }],
      },
      ['PodCrashLooping', 'PodNotReady', 'DeploymentReplicasMismatch', 'HighMemoryUsage', 'CpuThrottlingHigh'],
      [
        'StatefulSetReplicasMismatch',
        'HpaAtMaxReplicas',
        'PersistentVolumeFillingUp',
        'JobFailed',
        'CertificateExpiringSoon',
        'PostgresDown',
        'RedisDown',
        'RequestErrorRateHigh',
        'ErrorBudgetBurn',
      ],
    ],
  ])('%s gets exactly the alerts that apply', (_name, spec, present, absent) => {
    expect(names(spec)).toEqual(expect.arrayContaining(present));
    for (const a of absent) expect(names(spec)).not.toContain(a);
  });

  test('request alerts go to the services that serve requests: not to a worker exposing only metrics, nor to a server without metrics', () => {
    const alerts = alertsOf(stackRuleGroups(resolve(loadedSpec())).flatMap((g) => g.rules));
    expect(alerts.filter((a) => a.alert === 'RequestErrorRateHigh').map((a) => a.labels.service)).toEqual(['api']);
  });

  test('every standard alert takes its duration and severity from the settings', () => {
    for (const a of alertsOf(stackRuleGroups(resolve(loadedSpec())).flatMap((g) => g.rules))) {
      const standard = STANDARD_ALERTS[a.alert as keyof typeof STANDARD_ALERTS];
      if (standard) expect([a.alert, a.for, a.labels.severity]).toEqual([a.alert, standard.for, standard.severity]);
    }
  });

  test.each<[string, NonNullable<ProductionStackProps['monitoring']>['thresholds'], string, RegExp]>([
    ['memoryRatio', { memoryRatio: 0.8 }, 'HighMemoryUsage', /> 0\.8, "service"/],
    ['cpuThrottlingRatio', { cpuThrottlingRatio: 0.5 }, 'CpuThrottlingHigh', /> 0\.5, "service"/],
    ['volumeUsageRatio', { volumeUsageRatio: 0.7 }, 'PersistentVolumeFillingUp', /> 0\.7, "service"/],
    ['certificateExpiryDays', { certificateExpiryDays: 30 }, 'CertificateExpiringSoon', /< 30 \* 86400/],
    [
      'postgresConnectionRatio (of postgres.maxConnections 200)',
      { postgresConnectionRatio: 0.5 },
      'PostgresConnectionsNearMax',
      /\) > 100$/,
    ],
    ['replicationLagSeconds', { replicationLagSeconds: 120 }, 'PostgresReplicationLag', /> 120$/],
    ['redisMemoryRatio', { redisMemoryRatio: 0.75 }, 'RedisMemoryNearMax', /> 0\.75$/],
  ])('the threshold %s reaches its alert', (_name, thresholds, alert, pattern) => {
    const rules = alertsOf(stackRuleGroups(resolve({ ...base, monitoring: { thresholds } })).flatMap((g) => g.rules));
    expect(rules.find((r) => r.alert === alert)!.expr).toMatch(pattern);
  });

  test('a service reporting gRPC codes is judged by gRPC server errors and RESOURCE_EXHAUSTED', () => {
    const spec = {
      ...base,
      services: base.services.map((s) =>
        s.name === 'api' ? { ...s, requestMetrics: { requests: 'grpc_server_handled_total', statusLabel: 'grpc_code' } } : s,
      ),
    };
    const alerts = alertsOf(stackRuleGroups(resolve(spec)).flatMap((g) => g.rules));
    expect(alerts.find((a) => a.alert === 'RequestErrorRateHigh')!.expr).toContain(
      'grpc_server_handled_total{namespace="shop", service="api", grpc_code=~"Unknown|DeadlineExceeded|Internal|Unavailable|DataLoss"}',
    );
    expect(alerts.find((a) => a.alert === 'RateLimitTriggered')!.expr).toContain('grpc_code="ResourceExhausted"');
  });

  test("a service's own alert is scoped to the namespace, labelled with the service, 5m by default", () => {
    const rules = alertsOf(stackRuleGroups(resolve(loadedSpec())).flatMap((g) => g.rules));
    expect(rules.find((r) => r.alert === 'QueueBacklog')).toEqual({
      alert: 'QueueBacklog',
      expr: 'sum(orders_pending{namespace="shop"}) > 1000',
      for: '5m',
      labels: { severity: 'warning', namespace: 'shop', service: 'api' },
      annotations: {
        summary: 'Orders pile up',
        description: '{{ $value }} orders wait.',
        runbook_url: 'https://runbooks.example.com/shop#queuebacklog',
      },
    });
  });
});

test.each([
  ['rate(ralph_errors_total[5m]) > 0.1', 'rate(ralph_errors_total{namespace="ns"}[5m]) > 0.1'],
  ['up{job="a"} == 0', 'up{namespace="ns", job="a"} == 0'],
  ['up{} == 0', 'up{namespace="ns"} == 0'],
  ['up{namespace="other", job="a"}', 'up{namespace="ns", job="a"}'],
  ['{__name__="up"}', '{namespace="ns", __name__="up"}'],
  [
    'sum by (pod) (a) / on (pod) group_left () b offset 5m',
    'sum by (pod) (a{namespace="ns"}) / on (pod) group_left () b{namespace="ns"} offset 5m',
  ],
  ['max_over_time(a[1h:5m]) and vector(1) > time()', 'max_over_time(a{namespace="ns"}[1h:5m]) and vector(1) > time()'],
])('scopeToNamespace(%j) is %j', (expr, scoped) => {
  expect(scopeToNamespace(expr, 'ns')).toBe(scoped);
  expect(promqlProblem(scoped)).toBeUndefined();
});

test("monitoring.ruleInterval sets every rule group's evaluation interval: the stack's, NATS's and the backups'", () => {
  const spec = baseSpec();
  const objects = synth({ ...spec, monitoring: { ...spec.monitoring, ruleInterval: '15s' } });
  const groups = objects.filter((o) => o.kind === 'PrometheusRule').flatMap((o) => o.spec.groups);
  expect(groups.length).toBeGreaterThan(3);
  for (const g of groups) expect([g.name, g.interval]).toEqual([g.name, '15s']);
  // unset: Prometheus's own interval applies, and no group names one
  expect(
    synth(spec)
      .filter((o) => o.kind === 'PrometheusRule')
      .flatMap((o) => o.spec.groups.map((g: { interval?: string }) => g.interval)),
  ).toEqual(expect.not.arrayContaining(['15s']));
});
