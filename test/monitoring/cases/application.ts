/**
 * promtool cases of the application alerts (lib/monitoring/application-alerts.ts), for the `<stack>.application`
 * group of every stack under test: the request alerts of each service that serves requests (its request counter,
 * by the status label its spec names: an HTTP status, or a gRPC code), and the services' own alerts (the guides'
 * rules, written in the specs: each has its own case builder below, over the metric the application exports).
 *
 * Input series are labelled as the stack's ServiceMonitor (a server) or PodMonitor (a worker) scrapes them:
 * `namespace`, `pod` and `service` from its relabellings, and the Prometheus Operator's target labels
 * (`container`, `endpoint`, `instance`, `job`). Error ratios are computed here from the counters, as Prometheus 2
 * computes them over the rule's window (rate()'s extrapolation cancels out: every counter is sampled at the same
 * minutes and none starts from zero inside a window); the thresholds are REQUEST_THRESHOLDS, reviewed: more than
 * 5% of requests failing with a server error pages after 5 minutes, more than 1% refused by rate limiting warns
 * after 10.
 */
import { REQUEST_THRESHOLDS, type ResolvedService, type ResolvedStack } from 'production-stack';
import {
  type AlertCase,
  type AlertRule,
  type AlertSuite,
  type ExpectedAlert,
  expectedAlert,
  humanizePercentage,
  num,
  series,
  values,
} from '../../support/alert-cases';
import type { Manifest } from '../../support/synth';
import { ruleGroup, stacksUnderTest } from './stacks';
import { dedupe } from './workloads';

/** Minutes each request alert's condition must hold (REQUEST_THRESHOLDS' alerts, reviewed above). */
const FOR_MINUTES: Readonly<Record<string, number>> = { RequestErrorRateHigh: 5, RateLimitTriggered: 10 };

const ONSET = 10;
/** The rules' rate window, in minutes. */
const WINDOW = 5;

type Series = { series: string; values: string };

interface Context {
  readonly stack: ResolvedStack;
  readonly service: ResolvedService;
  readonly rule: AlertRule;
  readonly alertname: string;
  /** The monitor's target labels of the service's pod `i`. */
  readonly target: (i: number) => Record<string, string>;
}

function firing(c: Context, name: string, input: Series[], onset: number, forMinutes: number, expected: ExpectedAlert[]): AlertCase {
  return {
    alertname: c.alertname,
    fires: true,
    name: `${c.service.name}: ${name}`,
    test: {
      interval: '1m',
      input_series: input,
      alert_rule_test: [
        { eval_time: `${onset + forMinutes - 1}m`, alertname: c.alertname, exp_alerts: [] },
        { eval_time: `${onset + forMinutes}m`, alertname: c.alertname, exp_alerts: expected },
      ],
    },
  };
}

function silent(c: Context, name: string, input: Series[], at: readonly number[]): AlertCase {
  return {
    alertname: c.alertname,
    fires: false,
    name: `${c.service.name}: ${name}`,
    test: {
      interval: '1m',
      input_series: input,
      alert_rule_test: at.map((t) => ({ eval_time: `${t}m`, alertname: c.alertname, exp_alerts: [] })),
    },
  };
}

/** Running totals of a counter starting at `start` and growing by `perMinute(m)` in minute m, over `length` minutes. */
function counter(length: number, start: number, perMinute: (m: number) => number): number[] {
  const out: number[] = [];
  for (let m = 0; m < length; m++) out.push(m === 0 ? start : out[m - 1] + perMinute(m));
  return out;
}

/** The first minute from `from` at which `holds` is true (throws after `limit` minutes). */
function firstMinute(from: number, holds: (m: number) => boolean, limit = 120): number {
  for (let m = from; m < from + limit; m++) if (holds(m)) return m;
  throw new Error('the condition never holds');
}

/** The ratio of the increases of the counters `part` and `all` (summed) over the window ending at minute t. */
function windowRatio(part: readonly number[][], all: readonly number[][], t: number): number {
  const from = Math.max(0, t - WINDOW);
  const increase = (cs: readonly number[][]) => cs.reduce((sum, c) => sum + c[t] - c[from], 0);
  return increase(part) / increase(all);
}

const PODS = 2;
const PER_MINUTE = 600; // requests a minute, per pod

/**
 * A service's request counters, per pod and status: `shares(m)` gives the share of minute m's requests of each
 * bad status (the rest succeed; a steady 3% are client errors, which are no server error). A status with no
 * request before `appears` has no series until then.
 */
function requestSeries(c: Context, length: number, shares: (m: number) => Readonly<Record<string, number>>, statuses: readonly string[]) {
  const m = c.service.requestMetrics;
  const grpc = m.statusLabel === 'grpc_code';
  const [ok, clientError] = grpc ? ['OK', 'NotFound'] : ['200', '404'];
  const extra: Record<string, string> = grpc
    ? { grpc_method: 'Get', grpc_service: `${c.service.name}.v1.Api`, grpc_type: 'unary' }
    : { method: 'GET', handler: '/api/items' };
  const counters = Array.from({ length: PODS }, (_, pod) => {
    const of = (status: string, share: (minute: number) => number, start: number) =>
      ({ status, values: counter(length, start, (minute) => Math.round(PER_MINUTE * share(minute))) }) as const;
    const bad = statuses.map((s) => of(s, (minute) => shares(minute)[s] ?? 0, 25));
    const others = (minute: number) => statuses.reduce((sum, s) => sum + (shares(minute)[s] ?? 0), 0);
    return [of(ok, (minute) => 0.97 - others(minute), 1_200_000), of(clientError, () => 0.03, 40_000), ...bad].map((x) => ({
      ...x,
      labels: { ...c.target(pod), ...extra, [m.statusLabel]: x.status },
    }));
  });
  return {
    series: counters.flat().map((x) => ({ series: series(m.requests, x.labels), values: values(x.values) })),
    ratio: (status: string, t: number) =>
      windowRatio(
        counters.map((p) => p.find((x) => x.status === status)!.values),
        counters.flatMap((p) => p.map((x) => x.values)),
        t,
      ),
  };
}

/** The request alerts' cases of one service. */
function requestCases(c: Context): AlertCase[] {
  const grpc = c.service.requestMetrics.statusLabel === 'grpc_code';
  const error = c.alertname === 'RequestErrorRateHigh';
  const status = error ? (grpc ? 'Unavailable' : '503') : grpc ? 'ResourceExhausted' : '429';
  // the other kind of bad request, which this alert must not count
  const other = error ? (grpc ? 'ResourceExhausted' : '429') : grpc ? 'Internal' : '500';
  const threshold = error ? REQUEST_THRESHOLDS.errorRatio : REQUEST_THRESHOLDS.rateLimitedRatio;
  const forMinutes = FOR_MINUTES[c.alertname];
  const length = ONSET + WINDOW + forMinutes + 12;
  const high = threshold * 2;
  const fire = requestSeries(c, length, (m) => (m <= ONSET ? {} : { [status]: high }), [status]);
  const onset = firstMinute(ONSET, (m) => fire.ratio(status, m) > threshold);
  const at = onset + forMinutes;
  const summary = error
    ? `${c.service.name}: more than ${num(threshold * 100)}% of requests fail`
    : `${c.service.name}: clients are being rate limited`;
  const labels = { namespace: c.stack.namespace, service: c.service.name };
  const what = error ? (grpc ? `gRPC ${status}` : `HTTP ${status}`) : grpc ? 'RESOURCE_EXHAUSTED' : 'HTTP 429';
  return [
    firing(c, `${num(high * 100)}% ${what}`, fire.series, onset, forMinutes, [
      expectedAlert(c.rule, labels, fire.ratio(status, at), summary),
    ]),
    silent(
      c,
      `${num(threshold * 90)}% ${what}, just under the threshold, and ${num(threshold * 300)}% of the other kind (${other})`,
      requestSeries(c, length, () => ({ [status]: threshold * 0.9, [other]: threshold * 3 }), [status, other]).series,
      [at, at + 10],
    ),
    silent(c, `no ${what} ever (no series of it)`, requestSeries(c, length, () => ({}), []).series, [at, at + 10]),
  ];
}

/**
 * The services' own alerts, by name: what the application exports (metric, labels) and how the rule the spec
 * writes should treat it. An own alert of an example without a builder here is reported by alert-coverage.test.ts.
 */
const OWN: Readonly<Record<string, (c: Context & { readonly forMinutes: number }) => AlertCase[]>> = {
  /** loadedSpec: `sum(orders_pending) > 1000`. */
  QueueBacklog(c) {
    const gauge = (perPod: (m: number) => number, length = ONSET + c.forMinutes + 12) =>
      Array.from({ length: PODS }, (_, pod) => ({
        series: series('orders_pending', c.target(pod)),
        values: values(Array.from({ length }, (_, m) => perPod(m))),
      }));
    const at = ONSET + c.forMinutes;
    return [
      firing(
        c,
        '1500 orders pending across the pods',
        gauge((m) => (m < ONSET ? 100 : 750)),
        ONSET,
        c.forMinutes,
        [expectedAlert(c.rule, {}, 1500, 'Orders pile up')],
      ),
      silent(
        c,
        '1000 orders pending: not more than 1000',
        gauge(() => 500),
        [at, at + 10],
      ),
    ];
  },

  /** ralph-orchestrator: `rate(ralph_errors_total[5m]) > 0.1`, per series. */
  HighErrorRate(c) {
    const length = ONSET + WINDOW + c.forMinutes + 12;
    const errors = (perMinute: (m: number) => number) => counter(length, 3, perMinute);
    const fire = errors((m) => (m <= ONSET ? 0 : 12)); // 0.2 errors a second
    const rate = (cs: number[], t: number) => (cs[t] - cs[Math.max(0, t - WINDOW)]) / (WINDOW * 60);
    const onset = firstMinute(ONSET, (m) => rate(fire, m) > 0.1);
    const at = onset + c.forMinutes;
    const labels = c.target(0);
    return [
      firing(c, '0.2 errors a second', [{ series: series('ralph_errors_total', labels), values: values(fire) }], onset, c.forMinutes, [
        expectedAlert(c.rule, labels, rate(fire, at), 'High error rate detected'),
      ]),
      silent(
        c,
        '0.1 errors a second: not more than 0.1',
        [{ series: series('ralph_errors_total', labels), values: values(errors(() => 6)) }],
        [at, at + 10],
      ),
    ];
  },

  /** ralph-orchestrator: `ralph_task_duration_seconds > 14400` (4 hours), a gauge per running task. */
  LongRunningTask(c) {
    const labels = { ...c.target(0), task_id: 'task-7f3a' };
    const length = 30;
    const running = (m: number) => 14_000 + 60 * m; // the task started 14000 s before the start
    const onset = firstMinute(0, (m) => running(m) > 14_400);
    return [
      firing(
        c,
        'a task running past 4 hours',
        [{ series: series('ralph_task_duration_seconds', labels), values: values(Array.from({ length }, (_, m) => running(m))) }],
        onset,
        c.forMinutes,
        [expectedAlert(c.rule, labels, running(onset + c.forMinutes), 'Task running longer than 4 hours')],
      ),
      silent(
        c,
        'a task that ends just before 4 hours',
        [
          {
            series: series('ralph_task_duration_seconds', labels),
            values: values(Array.from({ length }, (_, m) => (running(m) <= 14_400 ? running(m) : 'stale'))),
          },
        ],
        [onset + c.forMinutes, onset + c.forMinutes + 10],
      ),
    ];
  },

  /** ql-rf: more than 5% of `rf_llm_requests_total` with `status="error"`, by service. */
  LlmApiFailures: (c) => llmCases(c, 'rf_llm_requests_total', 'LLM API calls are failing'),
  /** qna-agent: more than 5% of `llm_calls_total` with `status="error"`, by service. */
  LlmCallFailures: (c) => llmCases(c, 'llm_calls_total', 'LLM calls are failing'),
};

/** A counter of LLM calls by `status` (`success`, `error`): more than 5% errors fire, 4.5% do not. */
function llmCases(c: Context & { readonly forMinutes: number }, metric: string, summary: string): AlertCase[] {
  const length = ONSET + WINDOW + c.forMinutes + 12;
  const calls = (errorShare: (m: number) => number) => {
    const perPod = Array.from({ length: PODS }, () => ({
      success: counter(length, 50_000, (m) => Math.round(1000 * (1 - errorShare(m)))),
      error: counter(length, 400, (m) => Math.round(1000 * errorShare(m))),
    }));
    return {
      series: perPod.flatMap((p, pod) => [
        { series: series(metric, { ...c.target(pod), status: 'success' }), values: values(p.success) },
        { series: series(metric, { ...c.target(pod), status: 'error' }), values: values(p.error) },
      ]),
      ratio: (t: number) =>
        windowRatio(
          perPod.map((p) => p.error),
          perPod.flatMap((p) => [p.success, p.error]),
          t,
        ),
    };
  };
  const fire = calls((m) => (m <= ONSET ? 0 : 0.2));
  const onset = firstMinute(ONSET, (m) => fire.ratio(m) > 0.05);
  const at = onset + c.forMinutes;
  return [
    firing(c, '20% of the calls fail', fire.series, onset, c.forMinutes, [
      expectedAlert(c.rule, { service: c.service.name }, fire.ratio(at), summary),
    ]),
    silent(c, `${humanizePercentage(0.045)} of the calls fail: under 5%`, calls(() => 0.045).series, [at, at + 10]),
  ];
}

/** The Prometheus Operator's target labels of a service's pod `i`, from its ServiceMonitor or PodMonitor. */
function targetOf(stack: ResolvedStack, objects: readonly Manifest[], service: ResolvedService): (i: number) => Record<string, string> {
  const monitor = objects.find(
    (o) =>
      (o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor') &&
      o.metadata.namespace === stack.namespace &&
      o.metadata.name === service.name,
  );
  if (!monitor) return () => ({ namespace: stack.namespace, service: service.name });
  const endpoint = (monitor.spec.endpoints ?? monitor.spec.podMetricsEndpoints)[0];
  const port = service.ports.find((p) => p.name === endpoint.port);
  return (i) => ({
    container: service.name,
    endpoint: endpoint.port,
    instance: `10.0.4.${21 + i}:${port?.port ?? 9090}`,
    // a ServiceMonitor's job is the Service's name; a PodMonitor's, `<namespace>/<PodMonitor>`
    job: monitor.kind === 'ServiceMonitor' ? service.name : `${stack.namespace}/${monitor.metadata.name}`,
    namespace: stack.namespace,
    pod: `${service.name}-6d4cf56db6-${['x2k4q', 'm7p9z'][i % 2]}`,
    service: service.name,
  });
}

function suiteOf(name: string, stack: ResolvedStack, objects: readonly Manifest[]): AlertSuite | undefined {
  const group = ruleGroup(objects, `${stack.name}.application`);
  if (!group) return undefined;
  const ruleFile = { groups: [group] };
  const cases = (group.rules as unknown as AlertRule[])
    .filter((r) => 'alert' in r)
    .flatMap((rule) => {
      const service = stack.services.find((s) => s.name === rule.labels.service);
      if (!service) throw new Error(`${name}: ${rule.alert} names no service of the stack`);
      const c = { stack, service, rule, alertname: rule.alert, target: targetOf(stack, objects, service) };
      if (rule.alert in FOR_MINUTES) return requestCases(c);
      const own = OWN[rule.alert];
      const spec = service.alerts.find((a) => a.name === rule.alert);
      if (!own || !spec) return [];
      // the spec's `for`, or 5 minutes when it gives none
      return own({ ...c, forMinutes: minutes(spec.for ?? '5m') });
    });
  return { name: `${name}: ${group.name}`, ruleFile, cases };
}

/** Whole minutes of a duration such as `5m` or `1h`. */
function minutes(d: string): number {
  const m = /^(\d+)(m|h)$/.exec(d);
  if (!m) throw new Error(`duration ${d}: not modelled`);
  return Number(m[1]) * (m[2] === 'h' ? 60 : 1);
}

/** The application suites of every stack under test. */
export function applicationSuites(): AlertSuite[] {
  return dedupe(stacksUnderTest().flatMap((s) => suiteOf(s.name, s.stack, s.objects) ?? []));
}
