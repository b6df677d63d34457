/**
 * Every alert the stack emits is proven by `promtool test rules` (#19): for every `alert:` of every PrometheusRule
 * of every example, of the every-option stacks and of the all-options spec (stacksUnderTest), at least one case
 * proving it fires and one proving it stays silent, among the cases of ALERT_CASE_SOURCES (their format:
 * test/support/alert-cases.ts). This test runs no promtool: the files listed as running each source do.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type AlertCase, caseProblems } from '../support/alert-cases';
import { ALERT_CASE_SOURCES } from './cases';
import { ruleGroups, stacksUnderTest } from './cases/stacks';

const root = path.resolve(__dirname, '../..');

/** Every alert name of every stack under test, with the stacks that emit it. */
const emitted = new Map<string, string[]>();
for (const s of stacksUnderTest()) {
  for (const { group } of ruleGroups(s.objects)) {
    for (const r of group.rules.filter((x) => 'alert' in x)) {
      const stacks = emitted.get(r.alert) ?? [];
      if (!stacks.includes(s.name)) emitted.set(r.alert, [...stacks, s.name]);
    }
  }
}

/** Every case of every source, with where it comes from. */
const records = ALERT_CASE_SOURCES.flatMap((source) =>
  source.suites().flatMap((suite) => suite.cases.map((c: AlertCase) => ({ source: source.name, suite: suite.name, case: c }))),
);

test('the stacks emit alerts, and there are cases', () => {
  expect(emitted.size).toBeGreaterThan(20);
  expect(records.length).toBeGreaterThan(100);
});

test('every case says what its promtool test proves: only its alert, firing exactly when `fires`', () => {
  const wrong = records.flatMap((r) => caseProblems(r.case).map((p) => `${r.suite}: ${r.case.alertname}: ${r.case.name}: ${p}`));
  expect(wrong).toEqual([]);
});

test.each(ALERT_CASE_SOURCES.map((s) => [s.name, s.runBy] as const))('the %s cases are run by %s', (_, runBy) => {
  const file = path.join(root, runBy);
  expect(fs.existsSync(file)).toBe(true);
  expect(fs.readFileSync(file, 'utf8')).toMatch(/from '\.\/cases\/\w+'/);
});

test('every alert the stacks emit has a promtool case proving it fires and one proving it stays silent', () => {
  const missing = [...emitted]
    .map(([alert, stacks]) => {
      const mine = records.filter((r) => r.case.alertname === alert);
      return { alert, firing: mine.filter((r) => r.case.fires).length, silent: mine.filter((r) => !r.case.fires).length, stacks };
    })
    .filter((x) => x.firing === 0 || x.silent === 0)
    .map(({ alert, firing, silent, stacks }) => `${alert}: ${firing} firing, ${silent} silent cases (emitted by ${stacks.join(', ')})`);
  expect(missing).toEqual([]);
});

test('every case is of an alert some stack emits', () => {
  expect([...new Set(records.map((r) => r.case.alertname))].filter((a) => !emitted.has(a))).toEqual([]);
});
