/**
 * Service level objectives as rules, the way Sloth and Pyrra generate them:
 * recordings of the error ratio over the standard windows and of the error
 * budget left, and the multi-window, multi-burn-rate alerts of the Google SRE
 * workbook. Recording names follow Sloth's (`slo:sli_error:ratio_rate1h`, ...),
 * told apart by the labels `namespace`, `service` and `slo`.
 */
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { duration, eq, num, selector } from './promql';
import { bucketMatcher, errorMatcher, requestRate, requestRatio, serviceMatchers } from './requests';
import { type AlertingRule, type RecordingRule, type RuleGroup, alertingRule } from './rules';
import { burnFactor, burnRatePolicies } from '../core/burn-rate';
import { SHORT_WINDOW_DIVISOR, type Severity } from './settings';

const HOUR = 3600;
const DAY = 86400;

/** One multi-window burn-rate alert, derived for an SLO window. */
export interface BurnRateWindow {
  /** `critical` pages, `warning` opens a ticket. */
  readonly severity: Severity;
  /** Share of the window's error budget the alert catches being spent within the long window. */
  readonly budgetShare: number;
  /** The long window, in seconds (1h, 6h, 1d, 3d). */
  readonly longSeconds: number;
  /** The short window, 1/12 of the long one (5m, 30m, 2h, 6h): it resets the alert soon after the burn stops. */
  readonly shortSeconds: number;
  /** How long both must hold: half the short window, in whole minutes. */
  readonly forSeconds: number;
  /** Burn rate that spends `budgetShare` in the long window: `budgetShare × SLO window / long window`. */
  readonly factor: number;
}

/** The one alert the library emits both as a page and as a ticket: an SLO's error-budget burn. */
export const BURN_RATE_ALERT = 'ErrorBudgetBurn';

/**
 * The burn-rate alerts for an SLO window of `windowDays` days. Factors are
 * derived, not tabled: 2% of a 30-day budget in 1h is a burn rate of
 * 0.02 × 720h / 1h = 14.4; over 28 days it is 13.44. Policies whose long
 * window exceeds the SLO window are dropped.
 */
export function burnRateWindows(windowDays: number): BurnRateWindow[] {
  return burnRatePolicies(windowDays).map((p) => {
    const longSeconds = p.longWindowHours * HOUR;
    const shortSeconds = longSeconds / SHORT_WINDOW_DIVISOR;
    return {
      severity: p.severity,
      budgetShare: p.budgetShare,
      longSeconds,
      shortSeconds,
      forSeconds: Math.floor(shortSeconds / 2 / 60) * 60,
      factor: burnFactor(p, windowDays),
    };
  });
}

/** An objective of a service: what counts as an error, and how many may fail. */
export interface Objective {
  /** `availability` or `latency`: the `slo` label of its rules. */
  readonly slo: 'availability' | 'latency';
  /** Share of requests that must be good, e.g. 0.999. */
  readonly target: number;
  /** Share that may fail: the error budget, `1 - target`. */
  readonly budget: number;
  /** SLO window in days. */
  readonly windowDays: number;
  /** One line saying what the objective is, for annotations and panels. */
  readonly text: string;
  /** Bad events per second over `window`. */
  errorRate(window: string): string;
  /** All events per second over `window`. */
  totalRate(window: string): string;
  /** Share of bad events over `window`. */
  errorRatio(window: string): string;
}

const ratio = (percent: number) => Number((percent / 100).toPrecision(12));

/**
 * The objectives of a service's `slo`. Availability counts server errors
 * (HTTP 5xx or gRPC server codes) among the requests; latency counts requests
 * slower than `thresholdSeconds` in the duration histogram: all requests
 * (`_count`) minus those in the bucket `le` = `thresholdSeconds`, which must
 * therefore be one of the histogram's bucket boundaries.
 */
export function objectives(stack: ResolvedStack, service: ResolvedService): Objective[] {
  const slo = service.slo;
  if (!slo) return [];
  const out: Objective[] = [];
  const days = slo.windowDays;
  if (slo.availability !== undefined) {
    out.push({
      slo: 'availability',
      target: ratio(slo.availability),
      budget: ratio(100 - slo.availability),
      windowDays: days,
      text: `${num(slo.availability)}% of requests succeed over ${days}d`,
      errorRate: (w) => `(${requestRate(stack, service, w, errorMatcher(service))} or 0 * ${requestRate(stack, service, w)})`,
      totalRate: (w) => requestRate(stack, service, w),
      errorRatio: (w) => requestRatio(stack, service, w, errorMatcher(service)),
    });
  }
  if (slo.latency) {
    const { thresholdSeconds, percent } = slo.latency;
    const d = service.requestMetrics.duration;
    const sel = serviceMatchers(stack, service);
    const total = (w: string) => `sum by (namespace, service) (rate(${selector(`${d}_count`, ...sel)}[${w}]))`;
    const fast = (w: string) =>
      `sum by (namespace, service) (rate(${selector(`${d}_bucket`, ...sel, bucketMatcher(thresholdSeconds))}[${w}]))`;
    const slow = (w: string) => `(${total(w)} - ${fast(w)})`;
    out.push({
      slo: 'latency',
      target: ratio(percent),
      budget: ratio(100 - percent),
      windowDays: days,
      text: `${num(percent)}% of requests faster than ${num(thresholdSeconds)}s over ${days}d`,
      errorRate: slow,
      totalRate: total,
      errorRatio: (w) => `${slow(w)} / ${total(w)}`,
    });
  }
  return out;
}

/** Names of the SLO recordings. */
export const SLO_RECORDS = {
  errorRate5m: 'slo:sli_error:rate5m',
  totalRate5m: 'slo:sli_total:rate5m',
  errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  budgetRemaining: 'slo:period_error_budget_remaining:ratio',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
} as const;

/** The windows the error ratio is recorded over: every burn-rate window, then the SLO window. */
export function sloWindows(windowDays: number): string[] {
  const seconds = burnRateWindows(windowDays).flatMap((w) => [w.longSeconds, w.shortSeconds]);
  return [...new Set([...seconds, windowDays * DAY])].sort((a, b) => a - b).map(duration);
}

/** The selector of one objective's recordings. */
export function sloSelector(stack: ResolvedStack, service: ResolvedService, o: Objective, record: string): string {
  return selector(record, ...serviceMatchers(stack, service), eq('slo', o.slo));
}

function recordings(stack: ResolvedStack, service: ResolvedService, o: Objective): RecordingRule[] {
  const labels = { namespace: stack.namespace, service: service.name, slo: o.slo };
  const rec = (record: string, expr: string): RecordingRule => ({ record, expr, labels });
  const sel = (record: string) => sloSelector(stack, service, o, record);
  const window = duration(o.windowDays * DAY);
  const rules: RecordingRule[] = [rec(SLO_RECORDS.errorRate5m, o.errorRate('5m')), rec(SLO_RECORDS.totalRate5m, o.totalRate('5m'))];
  for (const w of sloWindows(o.windowDays)) {
    if (w === '5m') rules.push(rec(SLO_RECORDS.errorRatio(w), `${sel(SLO_RECORDS.errorRate5m)} / ${sel(SLO_RECORDS.totalRate5m)}`));
    // The SLO window, weighted by traffic, from the 5m recordings: a raw rate over 30 days at every evaluation is too costly.
    else if (w === window && o.windowDays * DAY > 3 * DAY)
      rules.push(
        rec(
          SLO_RECORDS.errorRatio(w),
          `sum_over_time(${sel(SLO_RECORDS.errorRate5m)}[${w}]) / sum_over_time(${sel(SLO_RECORDS.totalRate5m)}[${w}])`,
        ),
      );
    else rules.push(rec(SLO_RECORDS.errorRatio(w), o.errorRatio(w)));
  }
  const budget = num(o.budget);
  rules.push(
    rec(SLO_RECORDS.objective, `vector(${num(o.target)})`),
    rec(SLO_RECORDS.errorBudget, `vector(${budget})`),
    rec(SLO_RECORDS.budgetRemaining, `1 - ${sel(SLO_RECORDS.errorRatio(window))} / ${budget}`),
    rec(SLO_RECORDS.currentBurnRate, `${sel(SLO_RECORDS.errorRatio('5m'))} / ${budget}`),
    rec(SLO_RECORDS.periodBurnRate, `${sel(SLO_RECORDS.errorRatio(window))} / ${budget}`),
  );
  return rules;
}

/** The burn-rate alerts of one objective: `ErrorBudgetBurn`, one rule per window pair, labelled `slo`, `long_window` and `short_window`. */
export function burnRateAlerts(stack: ResolvedStack, service: ResolvedService, o: Objective): AlertingRule[] {
  const budget = num(o.budget);
  return burnRateWindows(o.windowDays).map((w) => {
    const long = duration(w.longSeconds);
    const short = duration(w.shortSeconds);
    const threshold = `(${num(w.factor)} * ${budget})`;
    const exhausted = Number((o.windowDays / w.factor).toFixed(1));
    return alertingRule(stack, {
      name: BURN_RATE_ALERT,
      service: service.name,
      severity: w.severity,
      for: duration(w.forSeconds),
      labels: { slo: o.slo, long_window: long, short_window: short },
      expr: `${sloSelector(stack, service, o, SLO_RECORDS.errorRatio(long))} > ${threshold} and ${sloSelector(stack, service, o, SLO_RECORDS.errorRatio(short))} > ${threshold}`,
      summary: `${service.name} is burning its ${o.slo} error budget ${num(w.factor)}x too fast`,
      description:
        `${service.name}'s ${o.slo} objective is ${o.text}. Over the last ${long}, {{ $value | humanizePercentage }} of requests were bad, and still are over the last ${short}: ` +
        `${num(w.factor)}x the sustainable rate, which spends ${num(w.budgetShare * 100)}% of the ${o.windowDays}-day error budget in ${long} and all of it in ${exhausted} days.`,
    });
  });
}

/** The rule group of a service's SLO: its recordings, then its alerts. */
export function sloRuleGroup(stack: ResolvedStack, service: ResolvedService): RuleGroup | undefined {
  const os = objectives(stack, service);
  if (os.length === 0) return undefined;
  return {
    name: `${stack.name}.slo.${service.name}`,
    rules: [...os.flatMap((o) => recordings(stack, service, o)), ...os.flatMap((o) => burnRateAlerts(stack, service, o))],
  };
}
