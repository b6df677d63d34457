import {
  type AlertingRule,
  type ProductionStackProps,
  burnRateWindows,
  check,
  duration,
  promqlProblem,
  resolve,
  sloRuleGroup,
  sloWindows,
} from 'production-stack';
import { baseSpec } from '../support/spec';
import { alertsOf, recordingsOf } from './fixtures';

/** The api service of the base spec with an SLO. */
function withSlo(slo: NonNullable<ProductionStackProps['services'][number]['slo']>): ProductionStackProps {
  const base = baseSpec();
  return { ...base, services: base.services.map((s) => (s.name === 'api' ? { ...s, slo } : s)) };
}

function group(spec: ProductionStackProps) {
  const stack = resolve(spec);
  return sloRuleGroup(
    stack,
    stack.services.find((s) => s.name === 'api')!,
  )!;
}

const HOUR = 3600;

/**
 * The Google SRE workbook's alerts ("Alerting on SLOs", table 5-8), as the share of the error budget each one
 * catches being spent within its long window. Everything else is derived here, independently of the library:
 * burn rate = share × SLO window / long window, the short window is 1/12 of the long one.
 */
const WORKBOOK = [
  { severity: 'critical', share: 0.02, longHours: 1 }, // page
  { severity: 'critical', share: 0.05, longHours: 6 }, // page
  { severity: 'warning', share: 0.1, longHours: 24 }, // ticket
  { severity: 'warning', share: 0.1, longHours: 72 }, // ticket
];

/** The burn-rate alerts of a group as [severity, long window, short window, burn rate, objective's error budget]. */
function burnAlerts(alerts: readonly AlertingRule[], slo: string): [string, string, string, number, number][] {
  return alerts
    .filter((a) => a.alert === 'ErrorBudgetBurn' && a.labels.slo === slo)
    .map((a) => {
      const m =
        /^slo:sli_error:ratio_rate(\w+)\{[^}]*\} > \(([\d.]+) \* ([\d.]+)\) and slo:sli_error:ratio_rate(\w+)\{[^}]*\} > \(\2 \* \3\)$/.exec(
          a.expr,
        );
      if (!m) throw new Error(`unexpected burn-rate expression: ${a.expr}`);
      expect([m[1], m[4]]).toEqual([a.labels.long_window, a.labels.short_window]);
      return [a.labels.severity, m[1], m[4], Number(m[2]), Number(m[3])];
    });
}

describe('a 99.9% availability objective over 30 days', () => {
  const alerts = alertsOf(group(withSlo({ availability: 99.9 })).rules);

  test('pages at 14.4x over 1h and 5m, and at 6x over 6h and 30m; tickets at 3x over 1d and 2h, and at 1x over 3d and 6h', () => {
    // The workbook's published numbers, each derived from its share of a 30-day budget.
    const derived = WORKBOOK.map((w) => [
      w.severity,
      duration(w.longHours * HOUR),
      duration((w.longHours * HOUR) / 12),
      Number(((w.share * 30 * 24) / w.longHours).toFixed(6)),
      0.001,
    ]);
    expect(derived).toEqual([
      ['critical', '1h', '5m', 14.4, 0.001],
      ['critical', '6h', '30m', 6, 0.001],
      ['warning', '1d', '2h', 3, 0.001],
      ['warning', '3d', '6h', 1, 0.001],
    ]);
    expect(burnAlerts(alerts, 'availability')).toEqual(derived);
  });

  test.each(WORKBOOK)('the $severity alert over $longHours h fires when $share of the budget would go in that window', (w) => {
    const [, , , factor, budget] = burnAlerts(alerts, 'availability').find(([, long]) => long === duration(w.longHours * HOUR))!;
    // error ratio at the threshold × long window = the share of the window's whole budget (0.001 × 30 days)
    expect((factor * budget * w.longHours) / (budget * 30 * 24)).toBeCloseTo(w.share, 10);
  });

  test('waits half the short window, in whole minutes, before firing (as Pyrra does)', () => {
    expect(alerts.filter((a) => a.alert === 'ErrorBudgetBurn').map((a) => [a.labels.short_window, a.for])).toEqual([
      ['5m', '2m'],
      ['30m', '15m'],
      ['2h', '1h'],
      ['6h', '3h'],
    ]);
  });
});

test.each([
  [30, [14.4, 6, 3, 1]],
  [28, [13.44, 5.6, 2.8, 0.933333333333]],
  [7, [3.36, 1.4, 0.7, 0.233333333333]],
])('over %i days the burn rates are the same budget shares of the longer window: %j', (days, factors) => {
  const derived = WORKBOOK.map((w) => Number(((w.share * days * 24) / w.longHours).toPrecision(12)));
  expect(derived).toEqual(factors);
  expect(burnRateWindows(days).map((w) => w.factor)).toEqual(derived);
  expect(
    burnAlerts(alertsOf(group(withSlo({ availability: 99.5, windowDays: days })).rules), 'availability').map((a) => [a[3], a[4]]),
  ).toEqual(derived.map((f) => [f, 0.005]));
});

test("a window shorter than an alert's long window drops that alert", () => {
  expect(burnRateWindows(1).map((w) => duration(w.longSeconds))).toEqual(['1h', '6h', '1d']);
  expect(sloWindows(1)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d']);
});

test.each([
  [30, ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']],
  [28, ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '28d']],
])('over %i days the error ratio is recorded over %j', (days, windows) => {
  expect(sloWindows(days)).toEqual(windows);
  const records = recordingsOf(group(withSlo({ availability: 99.9, windowDays: days })).rules).map((r) => r.record);
  for (const w of windows) expect(records).toContain(`slo:sli_error:ratio_rate${w}`);
});

describe('the recordings of availability and latency objectives', () => {
  const g = group(withSlo({ availability: 99.9, latency: { thresholdSeconds: 0.5, percent: 95 } }));
  const rec = (record: string, slo: string) => recordingsOf(g.rules).find((r) => r.record === record && r.labels?.slo === slo)!;

  test('every one parses, and is labelled with the namespace, the service and the objective', () => {
    for (const r of g.rules) expect(promqlProblem(r.expr)).toBeUndefined();
    for (const r of recordingsOf(g.rules)) expect(Object.keys(r.labels!)).toEqual(['namespace', 'service', 'slo']);
    expect(g.name).toBe('shop.slo.api');
  });

  test('availability errors are server errors among the requests, 0 before the first one', () => {
    expect(rec('slo:sli_error:ratio_rate1h', 'availability').expr).toBe(
      '(sum by (namespace, service) (rate(http_requests_total{namespace="shop", service="api", code=~"5.."}[1h])) or 0 * sum by (namespace, service) (rate(http_requests_total{namespace="shop", service="api"}[1h]))) / sum by (namespace, service) (rate(http_requests_total{namespace="shop", service="api"}[1h]))',
    );
  });

  test("latency errors are the requests above the threshold's histogram bucket", () => {
    expect(rec('slo:sli_error:ratio_rate1h', 'latency').expr).toBe(
      '(sum by (namespace, service) (rate(http_request_duration_seconds_count{namespace="shop", service="api"}[1h])) - sum by (namespace, service) (rate(http_request_duration_seconds_bucket{namespace="shop", service="api", le=~"0[.]5"}[1h]))) / sum by (namespace, service) (rate(http_request_duration_seconds_count{namespace="shop", service="api"}[1h]))',
    );
  });

  test('the SLO window is weighted by traffic from the 5m recordings; the budget left is 1 - errors / budget', () => {
    expect(rec('slo:sli_error:ratio_rate30d', 'latency').expr).toBe(
      'sum_over_time(slo:sli_error:rate5m{namespace="shop", service="api", slo="latency"}[30d]) / sum_over_time(slo:sli_total:rate5m{namespace="shop", service="api", slo="latency"}[30d])',
    );
    expect(rec('slo:period_error_budget_remaining:ratio', 'availability').expr).toBe(
      '1 - slo:sli_error:ratio_rate30d{namespace="shop", service="api", slo="availability"} / 0.001',
    );
    expect(rec('slo:period_error_budget_remaining:ratio', 'latency').expr).toBe(
      '1 - slo:sli_error:ratio_rate30d{namespace="shop", service="api", slo="latency"} / 0.05',
    );
    expect(rec('slo:objective:ratio', 'latency').expr).toBe('vector(0.95)');
  });
});

test.each([
  [0.5, 'le=~"0[.]5"'],
  [0.25, 'le=~"0[.]25"'],
  [1, 'le=~"1([.]0)?"'],
  [10, 'le=~"10([.]0)?"'],
])('a latency threshold of %ss counts from the bucket %s', (thresholdSeconds, matcher) => {
  const slow = recordingsOf(group(withSlo({ latency: { thresholdSeconds, percent: 99 } })).rules).find(
    (r) => r.record === 'slo:sli_error:rate5m',
  )!;
  expect(slow.expr).toContain(matcher);
});

test('no SLO, no group', () => {
  const stack = resolve(baseSpec());
  expect(stack.services.map((s) => sloRuleGroup(stack, s))).toEqual([undefined, undefined, undefined]);
});

describe('an objective whose burn-rate alerts could never fire is refused', () => {
  test.each<[object, string, RegExp]>([
    // 10% budget x 14.4 = 1.44 and x 6 = 0.6: the 1h page cannot fire, the 6h one can
    [
      { latency: { thresholdSeconds: 0.5, percent: 90 } },
      'services[0].slo.latency.percent',
      /alerts over 1h a threshold of 1\.44, which no error ratio reaches/,
    ],
    // 2.5% budget over 90 days: 43.2 x 0.025 = 1.08
    [
      { availability: 97.5, windowDays: 90 },
      'services[0].slo.availability',
      /over 90 days leaves the burn-rate alerts over 1h a threshold of 1\.08/,
    ],
    // 50% budget over 30 days: 0.5 x 0.02 x 720 = 7.2, 0.5 x 0.05 x 120 = 3, 0.5 x 0.1 x 30 = 1.5; the 3d ticket (0.5) can fire
    [{ availability: 50 }, 'services[0].slo.availability', /alerts over 1h, 6h, 24h a threshold of 7\.2, 3, 1\.5, which/],
  ])('%j', (slo, path, rule) => {
    const problems = check(withSlo(slo as never)).filter((p) => p.path === path);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.rule).toMatch(rule);
  });

  test('objectives every alert of which can fire are accepted', () => {
    for (const slo of [
      { availability: 99 },
      { availability: 93.1 },
      { latency: { thresholdSeconds: 0.5, percent: 95 } },
      { availability: 97.5, windowDays: 28 },
    ])
      expect([slo, check(withSlo(slo as never))]).toEqual([slo, []]);
  });
});
