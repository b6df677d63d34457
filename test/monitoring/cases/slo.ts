/**
 * The SLO burn-rate scenarios of test/monitoring/promtool-slo.test.ts (which runs them, and mutates the rules to
 * show they have teeth), and their promtool unit tests as alert cases (test/support/alert-cases.ts) for the
 * coverage test. See the test file for what the scenarios are and how what they expect is computed.
 */
import { type ProductionStackProps, type ServiceSpec, DEFAULTS, resolve } from 'production-stack';
import { examples } from '../../../examples';
import { spec as awsFixture } from '../../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../../fixtures/pulumi-gcp/spec';
import { everything } from '../../support/everything';
import { type AlertSuite } from '../../support/alert-cases';
import { synth } from '../../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

const HOUR = 60; // minutes
const DAY = 24 * HOUR;

/** The workbook's multi-window, multi-burn-rate policy: the share of the window's budget each alert catches being spent within its long window. */
const WORKBOOK = [
  { severity: 'critical', share: 0.02, long: 1 * HOUR }, // page
  { severity: 'critical', share: 0.05, long: 6 * HOUR }, // page
  { severity: 'warning', share: 0.1, long: 1 * DAY }, // ticket
  { severity: 'warning', share: 0.1, long: 3 * DAY }, // ticket
] as const;

/** One burn-rate alert of an objective, in minutes. */
export interface Policy {
  readonly severity: string;
  readonly long: number;
  /** 1/12 of the long window. */
  readonly short: number;
  /** Half the short window, in whole minutes. */
  readonly for: number;
  /** Burn rate spending `share` of the budget in the long window: share × SLO window / long window. */
  readonly factor: number;
}

export function policies(windowDays: number): Policy[] {
  return WORKBOOK.filter((p) => p.long <= windowDays * DAY).map((p) => ({
    severity: p.severity,
    long: p.long,
    short: p.long / 12,
    for: Math.floor(p.long / 12 / 2),
    factor: (p.share * windowDays * DAY) / p.long,
  }));
}

/** A Prometheus duration of whole minutes in its largest unit, as rules and labels write it. */
export function duration(minutes: number): string {
  if (minutes % DAY === 0) return `${minutes / DAY}d`;
  if (minutes % HOUR === 0) return `${minutes / HOUR}h`;
  return `${minutes}m`;
}

/** A number as promtool's series notation takes it, without floating-point noise. */
export const num = (x: number) => String(Number(x.toPrecision(12)));

/** Go's `%.4g`, as `humanizePercentage` formats: 4 significant digits, no trailing zeros, an exponent below 1e-4 or from 1e4. */
function humanizePercentage(v: number): string {
  const x = v * 100;
  if (x === 0) return '0%';
  const [mantissa, e] = x.toExponential(3).split('e');
  const exp = Number(e);
  const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 4) return `${trim(mantissa)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}%`;
  return `${trim(x.toFixed(3 - exp))}%`;
}

/** One objective of a service, from its spec. */
export interface Objective {
  readonly slo: 'availability' | 'latency';
  /** Percent. */
  readonly target: number;
  /** 1 - target. */
  readonly budget: number;
  readonly windowDays: number;
}

export function objectivesOf(slo: NonNullable<ProductionStackProps['services'][number]['slo']>): Objective[] {
  const windowDays = slo.windowDays ?? 30;
  const budget = (percent: number) => Number(((100 - percent) / 100).toPrecision(12));
  return [
    ...(slo.availability === undefined
      ? []
      : [{ slo: 'availability' as const, target: slo.availability, budget: budget(slo.availability), windowDays }]),
    ...(slo.latency === undefined
      ? []
      : [{ slo: 'latency' as const, target: slo.latency.percent, budget: budget(slo.latency.percent), windowDays }]),
  ];
}

/**
 * Traffic of a scenario: `PER_MINUTE` requests a minute throughout, sampled every minute from 0 to `minutes`;
 * none bad for the first `healthy` minutes, then `burn` times the error budget's share of them. The rules are
 * evaluated every `step` minutes.
 */
export interface Traffic {
  readonly healthy: number;
  readonly burn: number;
  readonly minutes: number;
  readonly step: number;
}

const PER_MINUTE = 1200;
const PODS = ['0', '1'];

/**
 * The error ratio Prometheus 2 computes over `window` at minute `t`: both counters are sampled at the same
 * minutes, so rate()'s extrapolation cancels out (and there is none: the samples fall on the range's ends, or the
 * counters start from 0), leaving bad over all requests among the samples in `[t - window, t]`.
 */
function errorRatio(traffic: Traffic, budget: number, window: number, t: number): number | undefined {
  const from = Math.max(0, t - window);
  if (t - from < 1) return undefined;
  const bad = Math.max(0, t - traffic.healthy) - Math.max(0, from - traffic.healthy);
  return (bad / (t - from)) * traffic.burn * budget;
}

/** Whether the condition `long > threshold and short > threshold` holds at minute `t`; throws on a tie, which rounding decides. */
function holds(traffic: Traffic, o: Objective, p: Policy, t: number): boolean {
  const threshold = p.factor * o.budget;
  return [p.long, p.short].every((w) => {
    const r = errorRatio(traffic, o.budget, w, t);
    if (r === undefined) return false;
    if (Math.abs(r - threshold) < threshold * 1e-9) throw new Error(`the ${duration(w)} error ratio ties with the threshold at ${t}m`);
    return r > threshold;
  });
}

/**
 * Whether the alert fires at evaluation `t`: it became pending at an evaluation at least `for` before, and its
 * condition held at every evaluation since.
 */
function fires(traffic: Traffic, o: Objective, p: Policy, t: number): boolean {
  const since = t - Math.ceil(p.for / traffic.step) * traffic.step;
  for (let k = t; k >= since; k -= traffic.step) if (k < 0 || !holds(traffic, o, p, k)) return false;
  return true;
}

/** The first evaluation at which the alert fires, if it does within the traffic. */
function firstFiring(traffic: Traffic, o: Objective, p: Policy): number | undefined {
  for (let t = 0; t <= traffic.minutes; t += traffic.step) if (fires(traffic, o, p, t)) return t;
  return undefined;
}

/** A series in promtool's notation: a counter growing by `before` a minute up to minute `at`, then by `after`, to minute `end`. */
function counter(before: number, after: number, at: number, end: number): string {
  if (before === after || at >= end) return `0+${num(before)}x${end}`;
  return `0+${num(before)}x${at} ${num(at * before + after)}+${num(after)}x${end - at - 1}`;
}

function labels(l: Record<string, string>): string {
  return `{${Object.entries(l)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}}`;
}

/** Input series of one objective's metrics, per pod: the request counter by status, or the duration histogram. */
function inputSeries(namespace: string, service: ServiceSpec, o: Objective, traffic: Traffic): { series: string; values: string }[] {
  const m = { ...DEFAULTS.monitoring.requestMetrics, ...service.requestMetrics };
  const total = PER_MINUTE / PODS.length;
  const bad = total * traffic.burn * o.budget;
  const end = traffic.minutes;
  return PODS.flatMap((pod) => {
    const base = { namespace, service: service.name, job: service.name, pod: `${service.name}-${pod}`, instance: `10.0.0.${pod}:9090` };
    if (o.slo === 'availability') {
      const [ok, error] = m.statusLabel === 'grpc_code' ? ['OK', 'Unavailable'] : ['200', '503'];
      return [
        { series: `${m.requests}${labels({ ...base, [m.statusLabel]: ok })}`, values: counter(total, total - bad, traffic.healthy, end) },
        { series: `${m.requests}${labels({ ...base, [m.statusLabel]: error })}`, values: counter(0, bad, traffic.healthy, end) },
      ];
    }
    // Fast requests take under the threshold; slow ones between it and the next boundary.
    const threshold = service.slo!.latency!.thresholdSeconds;
    if (!m.buckets.includes(threshold)) throw new Error(`${threshold}s is no bucket of ${m.duration}`);
    return [
      ...[...m.buckets.map(String), '+Inf'].map((le) => ({
        series: `${m.duration}_bucket${labels({ ...base, le })}`,
        values:
          le !== '+Inf' && Number(le) <= threshold ? counter(total, total - bad, traffic.healthy, end) : counter(total, total, 0, end),
      })),
      { series: `${m.duration}_count${labels(base)}`, values: counter(total, total, 0, end) },
    ];
  });
}

/** A test scenario of one objective: its traffic, and the minutes to check the alerts at. */
export interface Scenario {
  readonly name: string;
  readonly traffic: Traffic;
  readonly at: readonly number[];
}

/**
 * The scenarios of an objective: a burn just over the 1h page's rate after 2h without errors, evaluated every
 * minute, and just over the 6h page's after a day without errors (so that the 1d window holds none at first),
 * every 5 minutes, each checked an evaluation before the page should fire and when it should, and the page must
 * be the only alert firing then; and half the sustainable rate from the start, checked once every alert's short
 * window and `for` have passed.
 */
export function scenarios(o: Objective): Scenario[] {
  const ps = policies(o.windowDays);
  const out: Scenario[] = [];
  for (const [i, name, healthy, step] of [
    [0, 'fast burn', 2 * HOUR, 1],
    [1, 'slow burn', DAY, 5],
  ] as const) {
    const p = ps[i];
    if (!p) continue;
    if (p.factor * o.budget >= 1)
      throw new Error(
        `the ${duration(p.long)} alert of a ${o.target}% objective can never fire: ${num(p.factor)}x the budget is all requests or more`,
      );
    const burn = Math.min(p.factor * 1.1, (p.factor + 1 / o.budget) / 2);
    const probe: Traffic = { healthy, burn, minutes: healthy + p.long + p.for + step, step };
    const at = firstFiring(probe, o, p);
    if (at === undefined) throw new Error(`model: the ${duration(p.long)} alert never fires at ${num(burn)}x`);
    const others = ps.filter((q) => q !== p && fires(probe, o, q, at));
    if (others.length > 0) throw new Error(`model: at ${at}m the ${others.map((q) => duration(q.long)).join(', ')} alerts fire too`);
    out.push({
      name: `${name}: ${num(burn)}x the budget, the ${duration(p.long)} ${p.severity} alert fires ${at - healthy}m in`,
      traffic: { ...probe, minutes: at },
      at: [at - step, at],
    });
  }
  const step = 5;
  const settled = Math.ceil((Math.max(...ps.map((p) => p.short + p.for)) + 1) / step) * step;
  const half: Traffic = { healthy: 0, burn: 0.5, minutes: settled, step };
  if (ps.some((p) => firstFiring(half, o, p) !== undefined)) throw new Error('model: an alert fires at half the sustainable rate');
  out.push({ name: 'half the sustainable rate: no alert fires', traffic: half, at: [HOUR, settled] });
  return out;
}

/** Renders the annotation templates the burn-rate alerts use; any other template is an error of this test. */
function render(template: string, value: number): string {
  const out = template.replace(/\{\{ \$value \| humanizePercentage \}\}/g, humanizePercentage(value));
  if (out.includes('{{')) throw new Error(`unsupported template in ${template}`);
  return out;
}

export interface Case {
  readonly stack: string;
  readonly spec: ProductionStackProps;
  readonly service: ServiceSpec;
  readonly group: any;
}

const stacks: [string, ProductionStackProps][] = [
  ...Object.entries(examples),
  ['every option on AWS', everything(awsFixture)],
  ['every option on GCP', everything(gcpFixture)],
];

let memoCases: Case[] | undefined;

/** Every service with an SLO of the stacks, with its SLO rule group (synthesized once). */
export function sloCases(): Case[] {
  memoCases ??= stacks.flatMap(([stack, spec]) => {
    const withSlo = spec.services.filter((s) => s.slo);
    if (withSlo.length === 0) return [];
    const groups = synth(spec)
      .filter((o) => o.kind === 'PrometheusRule')
      .flatMap((o) => o.spec.groups);
    return withSlo.map((service) => {
      // The service's SLO group: the one whose rules are labelled with the service and an `slo`.
      const found = groups.filter((g: any) => g.rules.some((r: any) => r.labels?.service === service.name && r.labels?.slo));
      if (found.length !== 1) throw new Error(`${stack}: expected one SLO rule group of ${service.name}, found ${found.length}`);
      return { stack, spec, service, group: found[0] };
    });
  });
  return memoCases;
}

/**
 * The promtool unit test of a scenario of objective `o`: its traffic on `o`'s metrics, none bad on the other
 * objective's, and at each minute of `scenario.at` the burn-rate alerts the model says fire, with the labels and
 * annotations of their rules (`$value` is the long window's error ratio).
 */
export function unitTest(c: Case, o: Objective, scenario: Scenario) {
  const namespace = resolve(c.spec).namespace;
  const objectives = objectivesOf(c.service.slo!);
  const trafficOf = (x: Objective): Traffic => (x.slo === o.slo ? scenario.traffic : { ...scenario.traffic, healthy: 0, burn: 0 });
  const alerts = c.group.rules.filter((r: any) => r.alert === 'ErrorBudgetBurn');
  const expected = (t: number) =>
    objectives.flatMap((x) =>
      policies(x.windowDays).flatMap((p) => {
        if (!fires(trafficOf(x), x, p, t)) return [];
        const rule = alerts.find((r: any) => r.labels.slo === x.slo && r.labels.long_window === duration(p.long));
        if (!rule) throw new Error(`no ErrorBudgetBurn alert for the ${x.slo} objective over ${duration(p.long)}`);
        const value = errorRatio(trafficOf(x), x.budget, p.long, t)!;
        return [
          {
            exp_labels: { ...rule.labels, namespace, service: c.service.name, slo: x.slo },
            exp_annotations: Object.fromEntries(Object.entries<string>(rule.annotations).map(([k, v]) => [k, render(v, value)])),
          },
        ];
      }),
    );
  return {
    rule_files: ['rules.yaml'],
    evaluation_interval: `${scenario.traffic.step}m`,
    tests: [
      {
        interval: '1m',
        input_series: objectives.flatMap((x) => inputSeries(namespace, c.service, x, trafficOf(x))),
        alert_rule_test: scenario.at.map((t) => ({ eval_time: `${t}m`, alertname: 'ErrorBudgetBurn', exp_alerts: expected(t) })),
      },
    ],
  };
}

/**
 * The scenarios as alert cases: one suite per scenario (its evaluation interval is the scenario's), the unit test
 * promtool-slo.test.ts runs, recorded as firing when it expects an ErrorBudgetBurn alert at some evaluation.
 */
export function sloSuites(): AlertSuite[] {
  return sloCases().flatMap((c) =>
    objectivesOf(c.service.slo!).flatMap((o) =>
      scenarios(o).map((s) => {
        const file = unitTest(c, o, s);
        const test = file.tests[0];
        return {
          name: `${c.stack}: ${c.service.name}: ${o.slo} ${o.target}%: ${s.name}`,
          ruleFile: { groups: [c.group] },
          evaluationInterval: file.evaluation_interval,
          cases: [
            {
              alertname: 'ErrorBudgetBurn',
              fires: test.alert_rule_test.some((t) => t.exp_alerts.length > 0),
              name: s.name,
              test,
            },
          ],
        };
      }),
    ),
  );
}
