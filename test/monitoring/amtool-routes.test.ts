/**
 * Routing as Alertmanager runs it: the AlertmanagerConfig of every example stack with `monitoring.alerting`, and of
 * the loaded spec (every receiver type, two mute windows), translated as prometheus-operator writes it over
 * kube-prometheus-stack's base configuration (test/support/alertmanager-config.ts), is accepted by `amtool
 * check-config`, and `amtool config routes test` sends each alert where the AlertmanagerConfig says: the stack's
 * critical alerts to `<namespace>/<stack>/critical`, its warnings to `.../warning`, `info` and alerts without a
 * severity to `.../null`, and any alert of another namespace to the chart's `null`, never to the stack's receivers.
 */
import type { AlertingRule, ProductionStackProps } from 'production-stack';
import { examples } from '../../examples';
import {
  CHART_CONFIG,
  CHART_VALUES,
  type AlertmanagerYml,
  alertmanagerConfigsOf,
  deployedBase,
  forAlertmanager025,
  operatorConfig,
} from '../support/alertmanager-config';
import { checkConfig, routesTest } from '../support/alertmanager';
import { type Manifest, synth } from '../support/synth';
import { loadedSpec } from './fixtures';

/** Every alerting rule of every PrometheusRule of the stack (its own, NATS', the backups'). */
function alertingRules(objects: readonly Manifest[]): AlertingRule[] {
  return objects
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o) => o.spec.groups.flatMap((g: { rules: AlertingRule[] }) => g.rules))
    .filter((r: AlertingRule) => 'alert' in r);
}

/** The labels a firing alert of `rule` carries at least: its name and static labels. */
const labelsOf = (rule: AlertingRule): Record<string, string> => ({ alertname: rule.alert, ...rule.labels });

const SPECS: [string, ProductionStackProps][] = [
  ['the loaded spec', loadedSpec()],
  ...Object.entries(examples).filter(([, spec]) => spec.monitoring?.alerting),
];

const translated = new Map<string, { objects: Manifest[]; raw: AlertmanagerYml; config: AlertmanagerYml }>(
  SPECS.map(([name, spec]) => {
    const objects = synth(spec);
    const raw = operatorConfig(alertmanagerConfigsOf(objects), { base: deployedBase(spec) });
    return [name, { objects, raw, config: forAlertmanager025(raw) }];
  }),
);

test('the base configuration is the one the operator extends with the default matcher strategy (OnNamespace)', () => {
  // alertmanagerConfigMatcherStrategy empty in the chart's values, and the library's values set none: the operator's
  // namespaceEnforcer applies, which the translation follows
  expect(CHART_VALUES.alertmanager.alertmanagerSpec.alertmanagerConfigMatcherStrategy).toEqual({});
  for (const [, spec] of SPECS) expect(deployedBase(spec).route).toEqual(CHART_CONFIG.route);
});

test('the specs cover every receiver type the spec accepts', () => {
  const integrations = new Set(
    [...translated.values()].flatMap(({ raw }) =>
      raw.receivers.flatMap((r: AlertmanagerYml) => Object.keys(r).filter((k) => k !== 'name')),
    ),
  );
  expect([...integrations].sort()).toEqual(['msteamsv2_configs', 'pagerduty_configs', 'slack_configs', 'webhook_configs']);
});

test("Debian's Alertmanager 0.25 predates msteamsv2_configs (0.28), which the 0.25 checks therefore read as webhooks", () => {
  const r = checkConfig(translated.get('the loaded spec')!.raw);
  expect(r.status).not.toBe(0);
  expect(r.out).toMatch(/field msteamsv2_configs not found/);
});

describe.each(SPECS)('%s', (name, spec) => {
  const { objects, config } = translated.get(name)!;
  const amc = alertmanagerConfigsOf(objects)[0]!;
  const ns = amc.metadata.namespace as string;
  const receiver = (r: string) => `${ns}/${amc.metadata.name}/${r}`;
  const rules = alertingRules(objects);

  test('amtool check-config accepts the translated configuration, with its receivers, inhibit rules and mute intervals', () => {
    const r = checkConfig(config);
    expect(r).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
    expect(r.out).toContain(`- ${CHART_CONFIG.inhibit_rules.length + amc.spec.inhibitRules.length} inhibit rules`);
    expect(r.out).toContain(`- ${CHART_CONFIG.receivers.length + amc.spec.receivers.length} receivers`);
    expect(config.mute_time_intervals?.length ?? 0).toBe(spec.monitoring?.alerting?.muteWarnings?.length ? 1 : 0);
  });

  test('amtool config routes test: critical to the critical receivers, warning to the warning ones, info to null, another namespace to none of them', () => {
    const critical = rules.filter((r) => r.labels.severity === 'critical');
    const warning = rules.filter((r) => r.labels.severity === 'warning');
    expect(critical.length).toBeGreaterThan(0);
    expect(warning.length).toBeGreaterThan(0);
    const cases: [Record<string, string>, string[]][] = [
      ...critical.map((r): [Record<string, string>, string[]] => [labelsOf(r), [receiver('critical')]]),
      ...warning.map((r): [Record<string, string>, string[]] => [labelsOf(r), [receiver('warning')]]),
      [{ alertname: 'SomethingToKnow', severity: 'info', namespace: ns }, [receiver('null')]],
      [{ alertname: 'NoSeverity', namespace: ns }, [receiver('null')]],
      // kube-prometheus-stack's rules fire in the stack's namespace too, and are routed like the stack's
      [
        { alertname: 'KubePodCrashLooping', severity: 'warning', namespace: ns, service: 'kube-prometheus-stack-kube-state-metrics' },
        [receiver('warning')],
      ],
      [{ ...labelsOf(critical[0]!), namespace: `${ns}-other` }, ['null']],
      [{ ...labelsOf(warning[0]!), namespace: 'kube-system' }, ['null']],
      [{ alertname: 'Watchdog', severity: 'none' }, ['null']],
    ];
    const got = routesTest(
      config,
      cases.map(([labels]) => labels),
    );
    expect(cases.map(([labels], i) => [labels, got[i]])).toEqual(cases);
  });
});
