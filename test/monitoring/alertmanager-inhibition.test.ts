/**
 * Inhibition as Alertmanager runs it: the stack's AlertmanagerConfig, translated as prometheus-operator writes it
 * (test/support/alertmanager-config.ts), loaded by a real Alertmanager (Debian's prometheus-alertmanager, on a random
 * loopback port) whose receivers are webhooks to a local HTTP server. Alerts are posted through the v2 API with the
 * labels the stack's rules give them (read from the synthesized PrometheusRule) and those kube-prometheus-stack's
 * default rules give theirs in the stack's namespace; Alertmanager's own answer (`GET /api/v2/alerts`:
 * `status.inhibitedBy`, `receivers`) and the notifications the webhooks receive are what is checked.
 *
 * Two configurations:
 * - the AlertmanagerConfig's inhibit rules alone (the base configuration's dropped): what the library's
 *   AlertmanagerConfig inhibits, checked down to the notifications;
 * - as deployed, over kube-prometheus-stack's `alertmanager.config` with the library's values merged (deployedBase).
 *   The chart's default inhibit rules (a critical inhibits the warnings of the same `alertname` in the namespace,
 *   whatever their service or objective) crossed services and objectives; the library's values
 *   (lib/addons/values.ts `ALERTMANAGER_INHIBIT_RULES`) hold them to the same object.
 */
import type { ProductionStackProps } from 'production-stack';
import { check } from 'production-stack';
import { type AlertmanagerYml, alertmanagerConfigsOf, deployedBase, operatorConfig } from '../support/alertmanager-config';
import { type ApiAlert, type RunningAlertmanager, startAlertmanager, webhookServer } from '../support/alertmanager';
import { synth } from '../support/synth';
import { alertsOf, loadedSpec, stackRules } from './fixtures';

/** The loaded spec with an SLO on a second service (web), webhooks as receivers, and no mute windows (the test may run in one). */
function inhibitionSpec(): ProductionStackProps {
  const spec = loadedSpec();
  return {
    ...spec,
    secrets: [
      ...spec.secrets!.filter((s) => s.name !== 'shop-alerting'),
      { name: 'shop-alerting', remoteKey: 'shop/production/alerting', keys: ['critical-hook', 'warning-hook'] },
    ],
    services: spec.services.map((s) =>
      s.name === 'web' ? { ...s, ports: [...(s.ports ?? []), { name: 'metrics', port: 9091 }], slo: { availability: 99.5 } } : s,
    ),
    monitoring: {
      ...spec.monitoring,
      alerting: {
        critical: [{ type: 'webhook', url: { secret: 'shop-alerting', key: 'critical-hook' } }],
        warning: [{ type: 'webhook', url: { secret: 'shop-alerting', key: 'warning-hook' } }],
      },
    },
  };
}

const spec = inhibitionSpec();
const objects = synth(spec);
const rules = alertsOf(stackRules(objects, 'shop'));
/** The external label Prometheus (kube-prometheus-stack's, through the operator) adds to every alert it sends. */
const PROMETHEUS = { prometheus: 'monitoring/kube-prometheus-stack-prometheus' };

/** The labels of a firing alert of one of the stack's rules: its static labels (a burn-rate alert's expression adds none). */
function stackAlert(alert: string, labels: Record<string, string>): Record<string, string> {
  const rule = rules.find((r) => r.alert === alert && Object.entries(labels).every(([k, v]) => r.labels[k] === v));
  if (!rule) throw new Error(`no rule ${alert} ${JSON.stringify(labels)}`);
  return { alertname: rule.alert, ...rule.labels, ...PROMETHEUS };
}

/** kube-state-metrics' and the kubelet's targets as kube-prometheus-stack scrapes them (their `service` is the exporter's). */
const KSM = {
  job: 'kube-state-metrics',
  service: 'kube-prometheus-stack-kube-state-metrics',
  endpoint: 'http',
  instance: '10.0.3.7:8080',
};
const KUBELET = {
  job: 'kubelet',
  service: 'kube-prometheus-stack-kubelet',
  endpoint: 'https-metrics',
  metrics_path: '/metrics',
  instance: '10.0.1.12:10250',
};

/** The inhibiting side: posted first, so that Alertmanager's inhibitor holds them when the others arrive. */
const SOURCES: Record<string, Record<string, string>> = {
  'page: ErrorBudgetBurn critical, api availability (1h)': stackAlert('ErrorBudgetBurn', {
    service: 'api',
    slo: 'availability',
    severity: 'critical',
    long_window: '1h',
  }),
  'page: RequestErrorRateHigh critical, api': stackAlert('RequestErrorRateHigh', { service: 'api' }),
  "kube-prometheus-stack's KubePersistentVolumeFillingUp critical, data-worker-0": {
    alertname: 'KubePersistentVolumeFillingUp',
    severity: 'critical',
    namespace: 'shop',
    persistentvolumeclaim: 'data-worker-0',
    ...KUBELET,
    ...PROMETHEUS,
  },
  'another namespace: ErrorBudgetBurn critical, web availability (1h)': {
    ...stackAlert('ErrorBudgetBurn', { service: 'web', slo: 'availability', severity: 'critical', long_window: '1h' }),
    namespace: 'other',
  },
};

/** The inhibited side, perhaps. */
const TARGETS: Record<string, Record<string, string>> = {
  'ticket: ErrorBudgetBurn warning, api availability (1d)': stackAlert('ErrorBudgetBurn', {
    service: 'api',
    slo: 'availability',
    severity: 'warning',
    long_window: '1d',
  }),
  'ticket: ErrorBudgetBurn warning, api latency (1d)': stackAlert('ErrorBudgetBurn', {
    service: 'api',
    slo: 'latency',
    severity: 'warning',
    long_window: '1d',
  }),
  'ticket: ErrorBudgetBurn warning, web availability (1d)': stackAlert('ErrorBudgetBurn', {
    service: 'web',
    slo: 'availability',
    severity: 'warning',
    long_window: '1d',
  }),
  "kube-prometheus-stack's KubePodCrashLooping warning, api pod": {
    alertname: 'KubePodCrashLooping',
    severity: 'warning',
    namespace: 'shop',
    pod: 'api-7c9d8f6b5-x2k4q',
    container: 'api',
    reason: 'CrashLoopBackOff',
    uid: '0b7d3c8e-2f4a-4e8b-9a51-6c1d2e3f4a5b',
    ...KSM,
    ...PROMETHEUS,
  },
  "kube-prometheus-stack's KubePersistentVolumeFillingUp warning, data-worker-1": {
    alertname: 'KubePersistentVolumeFillingUp',
    severity: 'warning',
    namespace: 'shop',
    persistentvolumeclaim: 'data-worker-1',
    ...KUBELET,
    ...PROMETHEUS,
  },
  "kube-prometheus-stack's TargetDown warning, api": {
    alertname: 'TargetDown',
    severity: 'warning',
    namespace: 'shop',
    job: 'api',
    service: 'api',
    ...PROMETHEUS,
  },
  'info: QueueBacklog info, api': {
    alertname: 'QueueBacklog',
    severity: 'info',
    namespace: 'shop',
    service: 'api',
    ...PROMETHEUS,
  },
  'another namespace: ErrorBudgetBurn warning, web availability (1d)': {
    ...stackAlert('ErrorBudgetBurn', { service: 'web', slo: 'availability', severity: 'warning', long_window: '1d' }),
    namespace: 'other',
  },
};

const ALL = { ...SOURCES, ...TARGETS };
const CRITICAL = 'shop/shop/critical';
const WARNING = 'shop/shop/warning';

/** Where each alert goes: the stack's receivers for its namespace's alerts, the chart's `null` for another's. */
const RECEIVERS: Record<string, string[]> = {
  'page: ErrorBudgetBurn critical, api availability (1h)': [CRITICAL],
  'page: RequestErrorRateHigh critical, api': [CRITICAL],
  "kube-prometheus-stack's KubePersistentVolumeFillingUp critical, data-worker-0": [CRITICAL],
  'another namespace: ErrorBudgetBurn critical, web availability (1h)': ['null'],
  'ticket: ErrorBudgetBurn warning, api availability (1d)': [WARNING],
  'ticket: ErrorBudgetBurn warning, api latency (1d)': [WARNING],
  'ticket: ErrorBudgetBurn warning, web availability (1d)': [WARNING],
  "kube-prometheus-stack's KubePodCrashLooping warning, api pod": [WARNING],
  "kube-prometheus-stack's KubePersistentVolumeFillingUp warning, data-worker-1": [WARNING],
  "kube-prometheus-stack's TargetDown warning, api": [WARNING],
  'info: QueueBacklog info, api': ['shop/shop/null'],
  'another namespace: ErrorBudgetBurn warning, web availability (1d)': ['null'],
};

/**
 * What the stack's inhibition must do, whatever else the base configuration inhibits: a page of an SLO's burn
 * inhibits the ticket of the same burn, same service and objective, and no other alert of the namespace (another
 * service's, another objective's, kube-prometheus-stack's).
 */
const STACK_INHIBITS: Record<string, string[]> = {
  'ticket: ErrorBudgetBurn warning, api availability (1d)': ['page: ErrorBudgetBurn critical, api availability (1h)'],
  'ticket: ErrorBudgetBurn warning, api latency (1d)': [],
  'ticket: ErrorBudgetBurn warning, web availability (1d)': [],
  "kube-prometheus-stack's KubePodCrashLooping warning, api pod": [],
  "kube-prometheus-stack's TargetDown warning, api": [],
  // as deployed, the chart's rules too: one volume's critical does not inhibit another volume's warning
  "kube-prometheus-stack's KubePersistentVolumeFillingUp warning, data-worker-1": [],
};

const sorted = (o: Record<string, string>) => JSON.stringify(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
/** The name of the posted alert with exactly these labels. */
function nameOf(labels: Record<string, string>): string {
  const name = Object.entries(ALL).find(([, l]) => sorted(l) === sorted(labels))?.[0];
  if (!name) throw new Error(`an alert nobody posted: ${JSON.stringify(labels)}`);
  return name;
}

/** The names of the alerts that inhibit each alert, by Alertmanager's answer. */
function inhibitions(alerts: readonly ApiAlert[]): Record<string, string[]> {
  const names = new Map(alerts.map((a) => [a.fingerprint, nameOf(a.labels)]));
  return Object.fromEntries(alerts.map((a) => [nameOf(a.labels), a.status.inhibitedBy.map((f) => names.get(f) ?? f).sort()]));
}

/** The receivers of each alert, by Alertmanager's answer. */
const receiversOf = (alerts: readonly ApiAlert[]): Record<string, string[]> =>
  Object.fromEntries(alerts.map((a) => [nameOf(a.labels), a.receivers.map((r) => r.name).sort()]));
const pick = <T>(o: Record<string, T>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

let hooks: Awaited<ReturnType<typeof webhookServer>>;
const running: RunningAlertmanager[] = [];
/** What Alertmanager answered, on the AlertmanagerConfig's inhibit rules alone and as deployed. */
let own: ApiAlert[];
let deployed: ApiAlert[];

/** Starts Alertmanager on `config`, posts the sources, then (once its inhibitor has them) the targets, and reads the alerts back. */
async function run(config: AlertmanagerYml): Promise<ApiAlert[]> {
  const am = await startAlertmanager(config);
  running.push(am);
  await am.post(Object.values(SOURCES));
  // the inhibitor takes alerts from a subscription to the alert store: let it catch up
  for (let i = 0; i < 50 && (await am.alerts()).length < Object.keys(SOURCES).length; i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  await am.post(Object.values(TARGETS));
  return am.alerts();
}

beforeAll(async () => {
  expect(check(spec)).toEqual([]);
  hooks = await webhookServer();
  const amcs = alertmanagerConfigsOf(objects);
  const secrets = (prefix: string) => (_ns: string, ref: { key: string }) => `${hooks.url}/${prefix}/${ref.key}`;
  const base = deployedBase(spec);
  [own, deployed] = await Promise.all([
    run(operatorConfig(amcs, { base: { ...base, inhibit_rules: [] }, secrets: secrets('own') })),
    run(operatorConfig(amcs, { base, secrets: secrets('deployed') })),
  ]);
});

afterAll(async () => {
  await Promise.all(running.map((am) => am.stop()));
  await hooks?.close();
});

describe("the AlertmanagerConfig's inhibit rules alone", () => {
  test('Alertmanager routes each alert to the receivers of its namespace', () => {
    expect(receiversOf(own)).toEqual(RECEIVERS);
  });

  test('a page of an SLO burn inhibits the ticket of the same service and objective, and nothing else', () => {
    const inhibited = inhibitions(own);
    expect(inhibited).toEqual({
      ...Object.fromEntries(Object.keys(ALL).map((k) => [k, []])),
      ...STACK_INHIBITS,
    });
  });

  test('the webhooks are notified of every alert of the namespace but the inhibited ticket (after group_wait, 30s)', async () => {
    const expected = {
      'critical-hook': Object.keys(SOURCES).filter((k) => RECEIVERS[k]![0] === CRITICAL),
      'warning-hook': Object.keys(TARGETS).filter((k) => RECEIVERS[k]![0] === WARNING && (STACK_INHIBITS[k] ?? []).length === 0),
    };
    const delivered = () => {
      const got: Record<string, string[]> = { 'critical-hook': [], 'warning-hook': [] };
      for (const n of hooks.received.filter((r) => r.path.startsWith('/own/'))) {
        const hook = n.path.slice('/own/'.length);
        for (const a of n.body.alerts) if (!got[hook]!.includes(nameOf(a.labels))) got[hook]!.push(nameOf(a.labels));
      }
      return Object.fromEntries(Object.entries(got).map(([k, v]) => [k, v.sort()]));
    };
    const want = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, [...v].sort()]));
    const until = Date.now() + 50000;
    while (Date.now() < until && JSON.stringify(delivered()) !== JSON.stringify(want)) await new Promise((r) => setTimeout(r, 500));
    // and nothing more arrives: every group was created within a second, so all have flushed
    await new Promise((r) => setTimeout(r, 2000));
    expect(delivered()).toEqual(want);
  }, 70000);
});

describe("as deployed: over kube-prometheus-stack's alertmanager.config, with the library's values", () => {
  test('Alertmanager routes each alert to the receivers of its namespace', () => {
    expect(receiversOf(deployed)).toEqual(RECEIVERS);
  });

  // No alert of the namespace is inhibited across services, objectives or objects (volumes, pods): neither by the
  // stack's rule nor by the global ones the library's values set.
  test('a page of an SLO burn inhibits the ticket of the same service and objective, and no other alert', () => {
    expect(pick(inhibitions(deployed), Object.keys(STACK_INHIBITS))).toEqual(STACK_INHIBITS);
  });
});
