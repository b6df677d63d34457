/**
 * Alert cases: `promtool test rules` unit tests of the stack's alerts, kept as data so that
 * test/monitoring/alert-coverage.test.ts can check that every alert the stack emits has at least one case proving
 * it fires and one proving it stays silent.
 *
 * THE FORMAT (follow it to add cases, e.g. for the datastore alerts):
 *
 * - An {@link AlertCase} is `{ alertname, fires, name, test }`: `test` is ONE promtool test group (`interval`,
 *   `input_series`, `alert_rule_test`; see the promtool unit-testing docs) whose `alert_rule_test` entries all name
 *   `alertname`. With `fires: true` at least one entry expects the alert (a non-empty `exp_alerts`, with every
 *   label and every annotation exactly as Prometheus renders them: promtool compares them all); with
 *   `fires: false` every entry expects none (`exp_alerts: []`). {@link caseProblems} checks this, so a record's
 *   `{ alertname, fires }` always says what its promtool test proves. Build the input series as the real exporter
 *   emits them (metric and label names, and the labels its scrape adds: `job`, `instance`, ...), and check the
 *   firing time exactly: silent one evaluation before `for` has passed, firing at it ({@link firingCase} writes
 *   both). A firing case's entries that expect the alert must be at the evaluation it starts firing: with every
 *   `for` one evaluation longer they must all fail (the "teeth" test of {@link describeAlertSuites}).
 * - Cases go into an {@link AlertSuite}: `{ name, ruleFile, cases, evaluationInterval? }`. A suite is ONE promtool
 *   run: its cases are the test groups of one unit-test file, evaluated against `ruleFile`, the rule groups exactly
 *   as a stack's PrometheusRule emits them (`{ groups: objects.spec.groups }`).
 * - A module under test/monitoring/cases/ builds the suites (a function returning `AlertSuite[]`), is listed in
 *   `ALERT_CASE_SOURCES` (test/monitoring/cases/index.ts) with the test file that runs it, and that test file calls
 *   {@link describeAlertSuites} with them (one Jest test per case; a failed batch is re-run case by case to name
 *   the failing one).
 */
import { type PromtoolResult, output, testRulesAsync } from './promtool';

/** One promtool test group (a unit test's `tests[]` entry). */
export interface PromtoolTestGroup {
  readonly interval: string;
  readonly input_series: readonly { readonly series: string; readonly values: string }[];
  readonly alert_rule_test: readonly AlertRuleTest[];
  readonly external_labels?: Readonly<Record<string, string>>;
  readonly external_url?: string;
}

/** One `alert_rule_test` entry: the alerts firing at `eval_time` (pending ones are not listed). */
export interface AlertRuleTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: readonly ExpectedAlert[];
}

/** A firing alert as promtool compares it: every label but `alertname`, every annotation. */
export interface ExpectedAlert {
  readonly exp_labels: Readonly<Record<string, string>>;
  readonly exp_annotations: Readonly<Record<string, string>>;
}

/** One case of one alert: a promtool test group proving it fires, or proving it stays silent. */
export interface AlertCase {
  /** The alert (`alert:` of the rule). */
  readonly alertname: string;
  /** True: the test expects the alert firing at some `eval_time`; false: it expects it at none. */
  readonly fires: boolean;
  /** What the case shows, e.g. "a container in CrashLoopBackOff fires after 15m". */
  readonly name: string;
  readonly test: PromtoolTestGroup;
}

/** The cases run in one promtool invocation against one rule file. */
export interface AlertSuite {
  /** e.g. "ql-rf: ql-rf.workloads". */
  readonly name: string;
  /** The rule file: `{ groups }` as the PrometheusRule emits them. */
  readonly ruleFile: { readonly groups: readonly unknown[] };
  /** The unit-test file's `evaluation_interval`. @default '1m' */
  readonly evaluationInterval?: string;
  readonly cases: readonly AlertCase[];
}

/** A module of cases, as `ALERT_CASE_SOURCES` lists it. */
export interface AlertCaseSource {
  /** A short name, e.g. "workloads". */
  readonly name: string;
  /** The test file that runs its suites (relative to the repository), e.g. "test/monitoring/promtool-workloads.test.ts". */
  readonly runBy: string;
  /** Its suites; built when called. */
  readonly suites: () => readonly AlertSuite[];
}

/** What is wrong with a case's record: entries of another alert, or `fires` not saying what the test expects. */
export function caseProblems(c: AlertCase): string[] {
  const problems: string[] = [];
  const tests = c.test.alert_rule_test;
  if (tests.length === 0) problems.push('no alert_rule_test');
  for (const t of tests) if (t.alertname !== c.alertname) problems.push(`an alert_rule_test of ${t.alertname}`);
  const expectsFiring = tests.some((t) => t.exp_alerts.length > 0);
  if (expectsFiring !== c.fires) problems.push(c.fires ? 'fires, but no alert_rule_test expects an alert' : 'silent, but expects an alert');
  return problems;
}

/** The unit-test file of some of a suite's cases. */
export function unitTestFile(suite: AlertSuite, cases: readonly AlertCase[] = suite.cases) {
  return {
    rule_files: ['rules.yaml'],
    evaluation_interval: suite.evaluationInterval ?? '1m',
    tests: cases.map((c) => c.test),
  };
}

/** `promtool test rules` on some of a suite's cases (all by default), in one run. */
export function runAlertCases(suite: AlertSuite, cases: readonly AlertCase[] = suite.cases): Promise<PromtoolResult> {
  return testRulesAsync(suite.ruleFile, unitTestFile(suite, cases));
}

/** Minutes of a rule's `for` (`0m`, `90s`, `15m`, `1h`, `1h30m`). */
function forMinutes(d: string): number {
  const size: Record<string, number> = { s: 1 / 60, m: 1, h: 60, d: 1440 };
  let total = 0;
  for (const m of d.matchAll(/(\d+)(s|m|h|d)/g)) total += Number(m[1]) * size[m[2]];
  return total;
}

/** The rule file with every alert's `for` one evaluation interval longer. */
export function lengthenFor(suite: AlertSuite): AlertSuite['ruleFile'] {
  const step = forMinutes(suite.evaluationInterval ?? '1m');
  return {
    groups: (suite.ruleFile.groups as { rules: Record<string, unknown>[] }[]).map((g) => ({
      ...g,
      rules: g.rules.map((r) => ('alert' in r ? { ...r, for: `${Math.round((forMinutes(String(r.for ?? '0m')) + step) * 60)}s` } : r)),
    })),
  };
}

/**
 * One Jest test per case of `suites`, each suite's cases run by promtool in one batch (all batches started before
 * the first test). When a batch fails, each case is run alone, so that the failing ones fail, with promtool's output.
 * And for one suite (`teeth`: the all-options stack's, else the first), the check has teeth: with every `for`
 * one evaluation longer, every firing case fails at the evaluation it expects the alert.
 */
export function describeAlertSuites(suites: readonly AlertSuite[]): void {
  const batches = new Map<AlertSuite, Promise<PromtoolResult>>();
  const batch = (suite: AlertSuite): Promise<PromtoolResult> => {
    if (!batches.has(suite)) {
      const run = runAlertCases(suite);
      run.catch(() => undefined); // awaited by the tests
      batches.set(suite, run);
    }
    return batches.get(suite)!;
  };
  beforeAll(() => suites.forEach(batch));

  test('there are cases', () => {
    expect(suites.flatMap((s) => s.cases).length).toBeGreaterThan(0);
  });

  const teeth = suites.find((s) => s.name.startsWith('all options')) ?? suites[0];
  if (teeth) {
    test(`${teeth.name}: with every \`for\` one evaluation longer, every firing case fails`, async () => {
      const r = await testRulesAsync(lengthenFor(teeth), unitTestFile(teeth));
      const failures = [...output(r).matchAll(/alertname: (\w+), time: (\S+?),/g)].map((m) => `${m[1]} at ${forMinutes(m[2])}m`);
      const expected = teeth.cases
        .filter((c) => c.fires)
        .flatMap((c) =>
          c.test.alert_rule_test.filter((t) => t.exp_alerts.length > 0).map((t) => `${t.alertname} at ${forMinutes(t.eval_time)}m`),
        );
      const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
      expect(r.status).toBe(1);
      expect(count(failures)).toEqual(count(expected));
    });
  }

  describe.each(suites.map((s) => [s.name, s] as const))('%s', (_, suite) => {
    test.each(suite.cases.map((c) => [`${c.alertname} ${c.fires ? 'fires' : 'stays silent'}: ${c.name}`, c] as const))(
      '%s',
      async (__, c) => {
        expect(caseProblems(c)).toEqual([]);
        const all = await batch(suite);
        if (all.status === 0) return;
        const one = await runAlertCases(suite, [c]);
        expect({ status: one.status, output: output(one) }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
      },
    );
  });
}

/** `metric{label="value", ...}` in promtool's series notation. */
export function series(metric: string, labels: Readonly<Record<string, string>>): string {
  return `${metric}{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}}`;
}

/** A number as promtool's series notation takes it, and as Go's shortest formatting prints it, without floating-point noise. */
export function num(x: number): string {
  return String(Number(x.toPrecision(12)));
}

/**
 * Values of a series sampled every interval, in promtool's notation: one entry a sample (`undefined`: no sample,
 * `'stale'`: a staleness marker, as when the exporter stops exposing the series). Runs of one value are folded
 * (`axn` is a then n more of it; `_xn` is n missing samples).
 */
export function values(samples: readonly (number | undefined | 'stale')[]): string {
  const out: string[] = [];
  for (let i = 0; i < samples.length;) {
    let j = i + 1;
    while (j < samples.length && samples[j] === samples[i]) j++;
    const s = samples[i];
    const n = j - i;
    if (s === undefined) out.push(n === 1 ? '_' : `_x${n}`);
    else if (s === 'stale') out.push(...Array<string>(n).fill('stale'));
    else out.push(n === 1 ? num(s) : `${num(s)}x${n - 1}`);
    i = j;
  }
  return out.join(' ');
}

/** Go's `%.<precision>g` of a finite number, as Prometheus' template functions format. */
export function formatG(x: number, precision: number): string {
  if (x === 0) return '0';
  const [mantissa, e] = x.toExponential(precision - 1).split('e');
  const exp = Number(e);
  const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= precision) return `${trim(mantissa)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return trim(x.toFixed(Math.max(0, precision - 1 - exp)));
}

/** Prometheus' `humanizePercentage`: the value times 100, `%.4g`, then `%`. */
export function humanizePercentage(v: number): string {
  return `${formatG(v * 100, 4)}%`;
}

/** Prometheus' `humanize`: SI prefixes (k, M, G… from 1000 up; m, u, n… below 1), `%.4g`. */
export function humanize(v: number): string {
  if (v === 0) return '0';
  const [up, down] = [
    ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'],
    ['', 'm', 'u', 'n', 'p', 'f', 'a', 'z', 'y'],
  ];
  let i = 0;
  if (Math.abs(v) >= 1) {
    for (; Math.abs(v) >= 1000 && i < up.length - 1; i++) v /= 1000;
    return `${formatG(v, 4)}${up[i]}`;
  }
  for (; Math.abs(v) < 1 && i < down.length - 1; i++) v *= 1000;
  return `${formatG(v, 4)}${down[i]}`;
}

/** Prometheus' `humanizeDuration` of seconds (from one second up, and zero). */
export function humanizeDuration(v: number): string {
  if (v === 0) return '0s';
  if (Math.abs(v) < 1) throw new Error(`humanizeDuration of ${v}: not modelled`);
  const sign = v < 0 ? '-' : '';
  const d = Math.trunc(Math.abs(v));
  const [days, hours, minutes, seconds] = [Math.floor(d / 86400), Math.floor(d / 3600) % 24, Math.floor(d / 60) % 60, d % 60];
  if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
  if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
  if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
  return `${sign}${formatG(Math.abs(v), 4)}s`;
}

/** `{{ $value }}`: Go's `%v` of a float64 (shortest representation), for the range where it matches JavaScript's. */
function plainValue(v: number): string {
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e21)) throw new Error(`{{ $value }} of ${v}: not modelled`);
  return String(v);
}

/**
 * Renders an annotation template as Prometheus does, for the constructs the stack's alerts use:
 * `{{ $labels.<name> }}` (a label the alert must have: a missing one renders `<no value>`, which this refuses),
 * `{{ $value }}`, and `{{ $value | humanizePercentage }}`, `humanize`, `humanizeDuration`. Anything else throws.
 */
export function render(template: string, labels: Readonly<Record<string, string>>, value: number): string {
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, body: string) => {
    const label = /^\$labels\.(\w+)$/.exec(body);
    if (label) {
      if (!(label[1] in labels))
        throw new Error(`template ${JSON.stringify(template)} reads label ${label[1]}, which the alert does not have`);
      return labels[label[1]];
    }
    if (body === '$value') return plainValue(value);
    if (body === '$value | humanizePercentage') return humanizePercentage(value);
    if (body === '$value | humanize') return humanize(value);
    if (body === '$value | humanizeDuration') return humanizeDuration(value);
    throw new Error(`template construct {{ ${body} }}: not modelled`);
  });
}

/** The rule of `alertname` in `ruleFile`; throws unless there is exactly one. */
export function ruleOf(ruleFile: AlertSuite['ruleFile'], alertname: string): AlertRule {
  const found = (ruleFile.groups as { rules: AlertRule[] }[]).flatMap((g) => g.rules).filter((r) => r.alert === alertname);
  if (found.length !== 1) throw new Error(`expected one rule of ${alertname}, found ${found.length}`);
  return found[0];
}

/** An alerting rule as the PrometheusRule holds it. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * The alert `rule` raises for a series: its labels (the expression's `seriesLabels`, then the rule's) and its
 * annotations rendered with them and `value`. `summary`, when given, is what the test expects the summary to
 * say, written independently of the rule (promtool then compares it with the rule's).
 */
export function expectedAlert(
  rule: AlertRule,
  seriesLabels: Readonly<Record<string, string>>,
  value: number,
  summary?: string,
): ExpectedAlert {
  // Prometheus drops labels with empty values (an exporter's `domain=""` is no label at all)
  const labels = Object.fromEntries(Object.entries({ ...seriesLabels, ...rule.labels }).filter(([, v]) => v !== ''));
  const annotations = Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, render(v, labels, value)]));
  return { exp_labels: labels, exp_annotations: summary === undefined ? annotations : { ...annotations, summary } };
}

/**
 * A case proving `alertname` fires: its condition holds from evaluation `onset` (minutes), so with `for` of
 * `forMinutes` it is silent (pending) one evaluation (`step` minutes) before `onset + forMinutes`, and fires with
 * `expected` at it.
 */
export function firingCase(a: {
  alertname: string;
  name: string;
  input: PromtoolTestGroup['input_series'];
  onset: number;
  forMinutes: number;
  expected: readonly ExpectedAlert[];
  step?: number;
  interval?: string;
}): AlertCase {
  if (a.expected.length === 0) throw new Error(`${a.alertname}: ${a.name}: no alert expected`);
  const at = a.onset + a.forMinutes;
  const before = at - (a.step ?? 1);
  return {
    alertname: a.alertname,
    fires: true,
    name: a.name,
    test: {
      interval: a.interval ?? '1m',
      input_series: a.input,
      alert_rule_test: [
        ...(before >= 0 ? [{ eval_time: `${before}m`, alertname: a.alertname, exp_alerts: [] }] : []),
        { eval_time: `${at}m`, alertname: a.alertname, exp_alerts: a.expected },
      ],
    },
  };
}

/** A case proving `alertname` stays silent at each of `at` (minutes). */
export function silentCase(a: {
  alertname: string;
  name: string;
  input: PromtoolTestGroup['input_series'];
  at: readonly number[];
  interval?: string;
}): AlertCase {
  return {
    alertname: a.alertname,
    fires: false,
    name: a.name,
    test: {
      interval: a.interval ?? '1m',
      input_series: a.input,
      alert_rule_test: a.at.map((t) => ({ eval_time: `${t}m`, alertname: a.alertname, exp_alerts: [] })),
    },
  };
}
