/**
 * The SLO alerts, evaluated by Prometheus (`promtool test rules`) over request metrics generated from the spec.
 * For each service with an `slo` (examples and all-options stacks) and each of its objectives, the service's SLO
 * rule group as the charts emit it is the rule file, and input series (the spec's request counter with its status
 * label, or its duration histogram) are written so that, after a healthy stretch, the errors burn the error budget
 * at a given multiple of the sustainable rate:
 *   - just over the 1h page's burn rate (14.4x for 30 days): that page fires, and no other alert yet;
 *   - just over the 6h page's (6x): that one fires, not the 1h page;
 *   - half the sustainable rate: no burn-rate alert ever fires.
 * What is expected is computed here, independently of the library: the error budget from the objective, the
 * burn rates and windows from the Google SRE workbook's policy ("Alerting on SLOs", table 5-8), and when each
 * alert fires from a model of how Prometheus 2 evaluates the rules (rate over `[t - window, t]`, `for` counted
 * from the first evaluation the condition held). Only the alerts' labels and annotation texts are read from the
 * generated rules. The burn multiples are 1.1x the thresholds (or halfway to all requests failing), not the
 * thresholds themselves: the alerts compare with `>`, and at exactly 14.4x the error ratio ties with the
 * threshold (promtool 2.42 does not fire the page then: 14.4 * 0.001 rounds above 0.0144).
 */
import { type PromtoolResult, output, testRulesAsync, toYaml } from '../support/promtool';
import { type Policy, duration, num, objectivesOf, policies, scenarios, sloCases, unitTest } from './cases/slo';

// The scenarios and their unit tests are built in ./cases/slo.ts (the alert-coverage test reads them as cases).
const cases = sloCases();

const memo = new Map<string, Promise<PromtoolResult>>();
/** promtool test rules, once per distinct pair of files (the AWS and GCP variants of an example share theirs). */
function run(ruleFile: string, tests: unknown): Promise<PromtoolResult> {
  const key = `${ruleFile}\n---\n${toYaml(tests)}`;
  if (!memo.has(key)) {
    const result = testRulesAsync(ruleFile, tests);
    result.catch(() => undefined); // awaited by its test
    memo.set(key, result);
  }
  return memo.get(key)!;
}

/** Every run of the tests below, started together before the first (they take seconds each). */
const runs: [string, unknown][] = [];
beforeAll(() => {
  for (const [ruleFile, tests] of runs) void run(ruleFile, tests);
});

test('some example has an SLO', () => {
  expect(cases.length).toBeGreaterThan(0);
});

describe.each(cases.map((c) => [`${c.stack}: ${c.service.name}`, c] as const))('%s', (_, c) => {
  const ruleFile = toYaml({ groups: [c.group] });

  describe.each(objectivesOf(c.service.slo!).map((o) => [`${o.slo} ${o.target}% over ${o.windowDays}d`, o] as const))('%s', (__, o) => {
    const all = scenarios(o);
    const [fast, slow] = all;
    const table = all.map((s) => [s.name, unitTest(c, o, s)] as const);
    runs.push(...table.map(([, tests]) => [ruleFile, tests] as [string, unknown]));

    test.each(table)('%s', async (___, tests) => {
      const result = await run(ruleFile, tests);
      expect({ status: result.status, output: output(result) }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    });

    // The rule file changed in memory, as a defect would change it: the unit tests above must then fail.
    const [page, slowPage] = policies(o.windowDays);
    const threshold = (p: Policy, times: number): [string, string] => [`(${num(p.factor)} * `, `(${num(p.factor * times)} * `];
    const mutations = (
      [
        ['the 1h page 10x higher', fast, ...threshold(page, 10)],
        ['the 1h page 10x lower', fast, ...threshold(page, 0.1)],
        ["the 1h page's for 10x longer", fast, `for: ${duration(page.for)}`, `for: ${duration(page.for * 10)}`],
        ['the 6h page 10x higher', slow, ...threshold(slowPage, 10)],
      ] as const
    ).map(([what, s, from, to]) => [what, from, ruleFile.split(from).join(to), unitTest(c, o, s)] as const);
    runs.push(...mutations.map(([, , rules, tests]) => [rules, tests] as [string, unknown]));

    test.each(mutations)('the tests fail with %s', async (___, from, rules, tests) => {
      expect(ruleFile).toContain(from);
      const result = await run(rules, tests);
      expect({ status: result.status, output: output(result) }).toEqual({
        status: 1,
        output: expect.stringContaining('alertname: ErrorBudgetBurn'),
      });
    });
  });
});
