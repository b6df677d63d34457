/**
 * The fuzz suite: real specs (the fixture and the examples) with one to three
 * random mutations each, run as `npm run synth` runs them, against the
 * invariants of invariants.ts. A fixed seed (reproducible in CI), then a
 * random one. Environment:
 *
 * - `FUZZ_RUNS`: cases of the fixed-seed run (default 500; the random run does a quarter);
 * - `FUZZ_HANG_MS`: the CPU time past which a case is a hang (default 5,000);
 * - `FUZZ_SEED`, `FUZZ_PATH`: replay a failure (the failure's message gives both);
 * - `FUZZ_CAMPAIGN=1` (`npm run fuzz`): every case runs and failures are grouped by class
 *   (`FUZZ_RUNS` defaults to 20,000; `FUZZ_REPORT=<file>` writes the summary there too).
 */
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { ProductionStack } from 'production-stack';
import { SHELL_INJECTIONS } from './hostile';
import { checkSpec, routableMetrics } from './invariants';
import { build, fuzzCase } from './mutate';
import { type FuzzSettings, campaign, fuzz, newTally, renderCampaign, saveCampaign } from './property';
import { runShellBlocks, shellBlocks } from './runbook-shell';
import { SEEDS, clone, edgeSpec } from './seeds';
import { readAsKubectl, readYaml12 } from './yaml-model';

/** The seed of the reproducible run. */
const FIXED_SEED = 20261215;
const CAMPAIGN = process.env.FUZZ_CAMPAIGN === '1';
const RUNS = Number(process.env.FUZZ_RUNS ?? (CAMPAIGN ? 20_000 : 500));
const REPLAY = process.env.FUZZ_SEED !== undefined;
const settings = (seed: number, runs: number): FuzzSettings => ({
  seed,
  runs,
  path: process.env.FUZZ_PATH || undefined,
  hangMs: Number(process.env.FUZZ_HANG_MS ?? 5_000),
  shellEvery: 25,
  misreadingsEvery: 10,
});
/** Enough for the run, its shrinking and a slow machine. */
const timeout = (runs: number) => 120_000 + runs * 500;

describe('the oracles catch what they are for', () => {
  test('the go-yaml v2 model takes U+2028, U+2029 and U+0085 for line breaks, and Go integer literals for numbers', () => {
    expect(readAsKubectl('a: x\u2028b: z\n')).toEqual({ objects: [{ a: 'x', b: 'z' }] });
    expect(readAsKubectl('a: x\u0085- y\n')).toHaveProperty('error');
    expect(readAsKubectl('a: 0o17\nb: 0B1\nc: 1_000\nd: "0o17"\ne: on\nf: 1e5\n')).toEqual({
      objects: [{ a: 15, b: 1, c: 1000, d: '0o17', e: true, f: 100000 }],
    });
    expect(readYaml12('a: x\u2028b\nc: 0o17\n')).toEqual({ objects: [{ a: 'x\u2028b', c: 15 }] });
    // inside quotes, go-yaml keeps LS and PS, folds NEL, and refuses a document marker after a break
    expect(readAsKubectl('a: "x \u2028 - y: {z}"\nb: "x \u0085 y"\n')).toEqual({ objects: [{ a: 'x\u2028- y: {z}', b: 'x y' }] });
    expect(readAsKubectl('a: "x\u2028--- y"\n')).toHaveProperty('error');
    expect(readAsKubectl('constructor: toString\n__proto__: valueOf\n')).toEqual({
      objects: [{ constructor: 'toString', ['__proto__']: 'valueOf' }],
    });
  });

  test('the runbook runner finds the canary after an unquoted injection, and not after a quoted one', () => {
    // each injection where it works: unquoted, or inside the quotes it closes
    const contexts = (injection: string) =>
      injection.startsWith("'")
        ? [`'us-east-1${injection}'`]
        : injection.startsWith('"')
          ? [`"us-east-1${injection}"`]
          : [`us-east-1${injection}`];
    for (const injection of SHELL_INJECTIONS.filter((s) => s.includes('touch') && !s.includes('```'))) {
      for (const arg of contexts(injection)) {
        const runbook = `# R\n\n\`\`\`sh\naws rds describe-db-instances --region ${arg}\n\`\`\`\n`;
        expect([arg, runShellBlocks(runbook).result]).toEqual([arg, 'canary']);
      }
    }
    expect(runShellBlocks('| region\n```sh\ntouch CANARY\n``` | 60 min |\n').result).toBe('canary');
    expect(runShellBlocks("```sh\naws s3 ls '$(touch $CANARY)'\nkubectl get pods | head -1\n```\n")).toEqual({ result: 'clean', calls: 3 });
    expect(shellBlocks('````sh\n```\na\n````\n~~~bash\nb\n~~~\n```text\nc\n```\n').map((b) => b.text)).toEqual(['```\na', 'b']);
  });

  test('the metrics oracle finds a metrics path the edge serves, and not one it answers 404', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const objects = () => new ProductionStack(Testing.app(), 'shop', edgeSpec()).toJson() as any[];
    const built = objects();
    expect(routableMetrics(built)).toEqual([]);
    // edge route "web" reaches web's http port, where its metrics are scraped: its first rule answers them 404
    const web = built.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'web');
    expect(web.spec.rules[0].filters.map((f: { type: string }) => f.type)).toContain('ExtensionRef');
    const unblocked = objects();
    unblocked.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'web').spec.rules.shift();
    expect(routableMetrics(unblocked)).toEqual(['HTTPRoute/web rule 0 sends /metrics to web:3000']);
    // a 404 rule that misses the percent-encoded spelling, or that only applies to GET, blocks nothing
    for (const weaken of [
      (rule: { matches: { path: { value: string }; method?: string }[] }) => (rule.matches[0].path.value = '/+metrics(?:/.*)?'),
      (rule: { matches: { path: { value: string }; method?: string }[] }) => (rule.matches[0].method = 'GET'),
    ]) {
      const weak = objects();
      weaken(weak.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'web').spec.rules[0]);
      expect(routableMetrics(weak)).toEqual(['HTTPRoute/web rule 1 sends /metrics to web:3000']);
    }
    // a GRPCRoute takes every path: one to a scraped port is always a finding
    const grpc = objects();
    grpc.find((o) => o.kind === 'GRPCRoute').spec.rules[0].backendRefs[0].port = 9091;
    expect(routableMetrics(grpc)).toEqual(['GRPCRoute/shop-grpc rule 0 sends /metrics to api:9091']);
  });

  test.each(SEEDS.map((s) => [s.name, s.spec] as const))('the seed %s synthesizes and breaks no invariant', (_name, spec) => {
    const result = checkSpec(clone(spec), { shell: true, hangMs: 30_000, misreadings: true });
    expect(result.failures).toEqual([]);
    expect(result.outcome).toBe('synthesized');
    // the runbook's commands ran (stubbed)
    expect(result.shellCalls).toBeGreaterThan(3);
  });

  test('the mutations leave most cases near-valid: many get past validation', () => {
    const cases = fc.sample(fuzzCase, { seed: FIXED_SEED, numRuns: 200 });
    const steps = cases.map((c) => build(c).steps);
    expect(steps.filter((s) => s.length > 0).length).toBeGreaterThan(190);
    expect(new Set(steps.flat().map((s) => s.split(/[ .[(=]/)[1])).size).toBeGreaterThan(10);
  });
});

function expectFuzzPasses(seed: number, runs: number): ReturnType<typeof newTally> {
  const tally = newTally();
  const failure = fuzz(settings(seed, runs), tally);
  if (failure) throw new Error(failure);
  return tally;
}

if (CAMPAIGN) {
  test(
    `campaign: ${RUNS} cases`,
    () => {
      const seed = REPLAY ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
      const log = (line: string) => process.stderr.write(`${line}\n`);
      log(`fuzz campaign: ${RUNS} cases, seed ${seed}`);
      const report = campaign(settings(seed, RUNS), log);
      saveCampaign(report, process.env.FUZZ_REPORT);
      log(renderCampaign(report));
      expect(report.classes.map((k) => k.kind)).toEqual([]);
    },
    timeout(RUNS) * 2,
  );
} else if (REPLAY) {
  test(
    `replay: seed ${process.env.FUZZ_SEED}, path ${process.env.FUZZ_PATH ?? '(none)'}`,
    () => {
      expectFuzzPasses(Number(process.env.FUZZ_SEED), RUNS);
    },
    timeout(RUNS),
  );
} else {
  test(
    `fuzz: ${RUNS} mutated specs, fixed seed ${FIXED_SEED}`,
    () => {
      const tally = expectFuzzPasses(FIXED_SEED, RUNS);
      // a run where (nearly) everything is refused proves little; checked on the fixed seed
      // only, where the count is reproducible (a random run of a few hundred cases can dip below)
      expect(tally.synthesized).toBeGreaterThan(tally.cases / 10);
    },
    timeout(RUNS),
  );

  const randomSeed = (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
  test(
    `fuzz: ${Math.ceil(RUNS / 4)} mutated specs, random seed ${randomSeed}`,
    () => {
      expectFuzzPasses(randomSeed, Math.ceil(RUNS / 4));
    },
    timeout(RUNS / 4),
  );
}
