import { type AlertingRule, type ProductionStackProps, alertmanagerConfigSpec, resolve } from 'production-stack';
import { BURN_RATE_ALERT } from 'production-stack/monitoring/slo';
import { examples } from '../../examples';
import { baseSpec } from '../support/spec';
import { find, synth } from '../support/synth';
import { loadedSpec } from './fixtures';

const severity = (value: string) => [{ name: 'severity', value }];

describe('the AlertmanagerConfig of the loaded spec', () => {
  const config = find(synth(loadedSpec()), 'AlertmanagerConfig', 'shop');
  const { route, receivers, inhibitRules, muteTimeIntervals } = config.spec;

  test('lives in the stack namespace with the Prometheus selector labels', () => {
    expect(config.apiVersion).toBe('monitoring.coreos.com/v1alpha1');
    expect(config.metadata.namespace).toBe('shop');
    expect(config.metadata.labels.release).toBe('kube-prometheus-stack');
  });

  test('routes critical alerts to the critical receivers and warnings to the warning receivers, muted in the windows, grouped by groupBy', () => {
    expect(route.receiver).toBe('null');
    expect(route.groupBy).toEqual(['alertname', 'service']);
    expect(route.routes.map((r: Record<string, unknown>) => [r.receiver, r.matchers, r.muteTimeIntervals])).toEqual([
      ['critical', severity('critical'), undefined],
      ['warning', severity('warning'), ['warnings-muted']],
    ]);
    expect(muteTimeIntervals).toEqual([
      {
        name: 'warnings-muted',
        timeIntervals: [
          { weekdays: ['saturday', 'sunday'] },
          { times: [{ endTime: '07:00', startTime: '00:00' }], weekdays: ['monday:friday'] },
        ],
      },
    ]);
  });

  test("inhibits an SLO burn's ticket while the page of the same service and objective fires, and nothing else", () => {
    const scope = [
      { name: 'alertname', value: 'ErrorBudgetBurn' },
      { name: 'service', value: 'api', matchType: '=~' },
      { name: 'slo', value: 'availability|latency', matchType: '=~' },
    ];
    expect(inhibitRules).toEqual([
      {
        sourceMatch: [...severity('critical'), ...scope],
        targetMatch: [...severity('warning'), ...scope],
        equal: ['namespace', 'alertname', 'service', 'slo'],
      },
    ]);
  });

  test('reads every credential from the Secret External Secrets writes, never a value', () => {
    const byName = Object.fromEntries(receivers.map((r: { name: string }) => [r.name, r]));
    expect(byName.null).toEqual({ name: 'null' });
    expect(byName.critical.pagerdutyConfigs).toEqual([
      { routingKey: { name: 'shop-alerting', key: 'pagerduty' }, severity: 'critical', sendResolved: true },
    ]);
    expect(byName.critical.slackConfigs).toEqual([
      expect.objectContaining({ apiURL: { name: 'shop-alerting', key: 'slack' }, channel: '#shop-oncall', sendResolved: true }),
    ]);
    expect(byName.warning.msteamsv2Configs).toEqual([{ webhookURL: { name: 'shop-alerting', key: 'teams' }, sendResolved: true }]);
    expect(byName.warning.webhookConfigs).toEqual([{ urlSecret: { name: 'shop-alerting', key: 'hook' }, sendResolved: true }]);
    const objects = synth(loadedSpec());
    expect(find(objects, 'ExternalSecret', 'shop-alerting').spec.target.name).toBe('shop-alerting');
  });
});

test.each<[string, ProductionStackProps, string[], string[] | undefined]>([
  [
    'warnings default to the critical receivers',
    {
      ...baseSpec(),
      monitoring: { alerting: { critical: [{ type: 'pagerduty', routingKey: { secret: 'shop-secrets', key: 'api-token' } }] } },
    },
    ['pagerdutyConfigs'],
    undefined,
  ],
  [
    'groupBy is taken as given',
    {
      ...baseSpec(),
      monitoring: {
        alerting: { critical: [{ type: 'webhook', url: { secret: 'shop-secrets', key: 'api-token' } }], groupBy: ['alertname'] },
      },
    },
    ['webhookConfigs'],
    ['alertname'],
  ],
])('%s', (_name, spec, integrations, groupBy) => {
  const am = alertmanagerConfigSpec(resolve(spec))!;
  const warning = am.receivers.find((r) => r.name === 'warning')!;
  expect(Object.keys(warning).filter((k) => k !== 'name')).toEqual(integrations);
  expect(am.route.groupBy).toEqual(groupBy ?? ['alertname', 'service']);
  expect(am.muteTimeIntervals).toBeUndefined();
  expect(am.route.routes![1].muteTimeIntervals).toBeUndefined();
  expect((warning.pagerdutyConfigs ?? [{ severity: 'warning' }])[0].severity).toBe('warning');
});

test('without monitoring.alerting there is no AlertmanagerConfig', () => {
  expect(synth(baseSpec()).filter((o) => o.kind === 'AlertmanagerConfig')).toEqual([]);
});

test.each(Object.entries(examples).filter(([, spec]) => spec.monitoring?.alerting))(
  '%s: every receiver credential is a key of a stack secret',
  (_name, spec) => {
    const secrets = new Map((spec.secrets ?? []).map((s) => [s.name, s.keys]));
    const refs = JSON.stringify(alertmanagerConfigSpec(resolve(spec))!.receivers).match(/\{"name":"[^"]+","key":"[^"]+"\}/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs.map((r) => JSON.parse(r) as { name: string; key: string })) expect(secrets.get(ref.name)).toContain(ref.key);
  },
);

test('without an SLO there is no inhibit rule', () => {
  const spec = loadedSpec();
  const noSlo = { ...spec, services: spec.services.map(({ slo: _slo, ...s }) => s) };
  expect(alertmanagerConfigSpec(resolve(noSlo))!.inhibitRules).toEqual([]);
});

test.each<[string, ProductionStackProps]>([
  ['the loaded spec', loadedSpec()],
  ...Object.entries(examples).filter(([, spec]) => spec.monitoring?.alerting),
])('%s: the only alert a stack emits both as a page and as a ticket is the SLO burn the inhibit rule covers', (_name, spec) => {
  const objects = synth(spec);
  const alerts = objects
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o) => o.spec.groups.flatMap((g: { rules: AlertingRule[] }) => g.rules))
    .filter((r: AlertingRule) => 'alert' in r);
  const at = (level: string) => new Set(alerts.filter((r) => r.labels.severity === level).map((r) => r.alert));
  const both = [...at('critical')].filter((a) => at('warning').has(a));
  const inhibitRules = find(objects, 'AlertmanagerConfig', spec.name).spec.inhibitRules;
  expect(both).toEqual(inhibitRules.length > 0 ? [BURN_RATE_ALERT] : []);
  // and each SLO service pages and tickets, under its own `service` and `slo` labels
  for (const r of alerts.filter((a) => a.alert === BURN_RATE_ALERT))
    expect(Object.keys(r.labels)).toEqual(expect.arrayContaining(['service', 'slo']));
});
