/**
 * The fuzz property and its two drivers: `fuzz` (fast-check's run, stopping
 * at the first failing case and shrinking it: what `npm test` runs) and
 * `campaign` (`npm run fuzz`: every case runs, failures are grouped by class,
 * and one case of each class is shrunk to a minimal reproduction).
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import fc from 'fast-check';
import { type CaseResult, type Failure, checkSpec } from './invariants';
import { type FuzzCase, build, fuzzCase, plantsShellInjection } from './mutate';

export interface FuzzSettings {
  readonly runs: number;
  readonly seed: number;
  /** fast-check's path of a case to replay (and shrink further). */
  readonly path?: string;
  /** A case that takes more CPU time than this is a hang. */
  readonly hangMs: number;
  /** Besides the cases that plant a shell injection, run the runbook of one case in this many. */
  readonly shellEvery: number;
  /** Ask the library's `yamlMisreadings` in one case of this many (the suite's own readers check every case). */
  readonly misreadingsEvery: number;
}

/** Tallies of a run. */
export interface Tally {
  cases: number;
  invalid: number;
  synthesized: number;
  shell: number;
  ms: number;
}

export function newTally(): Tally {
  return { cases: 0, invalid: 0, synthesized: 0, shell: 0, ms: 0 };
}

class CaseFailed extends Error {
  constructor(readonly failures: readonly Failure[]) {
    super(failures.map((f) => `${f.kind}: ${f.detail}`).join('\n'));
  }
}

/** Runs one case; `only` keeps the failures of one class. */
function runCase(c: FuzzCase, settings: FuzzSettings, tally?: Tally, only?: string): CaseResult {
  const { spec } = build(c);
  const n = tally?.cases ?? 0;
  const shell = plantsShellInjection(c) || n % settings.shellEvery === 0;
  const result = checkSpec(spec, { shell, hangMs: settings.hangMs, misreadings: n % settings.misreadingsEvery === 0 });
  if (tally) {
    tally.cases++;
    if (result.outcome === 'invalid') tally.invalid++;
    if (result.outcome === 'synthesized') tally.synthesized++;
    if (result.shell) tally.shell++;
    tally.ms += result.ms;
  }
  return only === undefined ? result : { ...result, failures: result.failures.filter((f) => f.kind === only) };
}

function property(settings: FuzzSettings, tally?: Tally, only?: string): fc.IProperty<[FuzzCase]> {
  return fc.property(fuzzCase, (c) => {
    const result = runCase(c, settings, tally, only);
    if (result.failures.length > 0) throw new CaseFailed(result.failures);
  });
}

/** How to run a case again: `FUZZ_SEED=… FUZZ_PATH=… npx jest test/fuzz`. */
export function replayCommand(seed: number, path: string): string {
  return `FUZZ_SEED=${seed} FUZZ_PATH=${path} npx jest test/fuzz`;
}

/** A failing case, for a person: its failures, the seed spec and the statements that mutate it, and how to replay it. */
export function describeCase(c: FuzzCase, failures: readonly Failure[], seed: number, path: string): string {
  const built = build(c);
  return [
    ...failures.map((f) => `  [${f.invariant}] ${f.kind}\n        ${f.detail}`),
    `  spec: ${built.seed}, then`,
    ...built.steps.map((s) => `    ${s};`),
    `  replay: ${replayCommand(seed, path)}`,
  ].join('\n');
}

/** fast-check's run: stops at the first failing case and shrinks it. Returns the report of the failure, or undefined. */
export function fuzz(settings: FuzzSettings, tally: Tally): string | undefined {
  const details = fc.check(property(settings, tally), {
    seed: settings.seed,
    path: settings.path,
    numRuns: settings.runs,
    endOnFailure: false,
  });
  if (!details.failed) return undefined;
  const [c] = details.counterexample ?? [];
  const error = details.errorInstance;
  const failures =
    error instanceof CaseFailed ? error.failures : [{ invariant: 'a' as const, kind: 'the property threw', detail: String(error) }];
  if (!c) return `fuzz: the run failed without a counterexample: ${String(error)}`;
  return [
    `fuzz: a case failed after ${details.numRuns} cases and ${details.numShrinks} shrinks (seed ${details.seed}, path ${details.counterexamplePath}):`,
    describeCase(c, failures, details.seed, details.counterexamplePath ?? ''),
  ].join('\n');
}

/** One class of failure in a campaign. */
export interface FailureClass {
  readonly kind: string;
  readonly invariant: string;
  count: number;
  /** The first case of the class: its index (fast-check's path) and failure. */
  readonly first: { readonly index: number; readonly failure: Failure };
  /** The first few distinct details of its failures (which fields, names, values). */
  readonly details: string[];
  /** The shrunk reproduction, once shrunk. */
  reproduction?: string;
}

export interface CampaignReport {
  readonly seed: number;
  readonly tally: Tally;
  readonly seconds: number;
  readonly classes: readonly FailureClass[];
}

/**
 * Runs every case, groups the failures by class, then shrinks the first case of each class (keeping only
 * that class's failures, within `shrinkMs` per class). `progress` receives a line every `every` cases.
 */
export function campaign(
  settings: FuzzSettings,
  progress: (line: string) => void,
  options: { every: number; shrinkMs: number } = { every: 500, shrinkMs: 60_000 },
): CampaignReport {
  const start = performance.now();
  const tally = newTally();
  const classes = new Map<string, FailureClass>();
  const cases = fc.sample(fuzzCase, { seed: settings.seed, numRuns: settings.runs });
  cases.forEach((c, index) => {
    const result = runCase(c, settings, tally);
    for (const f of result.failures) {
      const known = classes.get(f.kind);
      if (known) {
        known.count++;
        if (known.details.length < 8 && !known.details.includes(f.detail)) known.details.push(f.detail);
      } else {
        classes.set(f.kind, { kind: f.kind, invariant: f.invariant, count: 1, first: { index, failure: f }, details: [f.detail] });
        progress(`  new class at case ${index}: [${f.invariant}] ${f.kind}`);
      }
    }
    if ((index + 1) % options.every === 0) {
      const s = (performance.now() - start) / 1000;
      progress(`${index + 1}/${settings.runs} cases, ${classes.size} failure classes, ${s.toFixed(0)} s`);
    }
  });
  for (const k of [...classes.values()].sort((a, b) => a.first.index - b.first.index)) {
    const details = fc.check(property(settings, undefined, k.kind), {
      seed: settings.seed,
      path: String(k.first.index),
      numRuns: 1,
      interruptAfterTimeLimit: options.shrinkMs,
      markInterruptAsFailure: false,
    });
    const [c] = details.counterexample ?? [];
    const error = details.errorInstance;
    if (details.failed && c && error instanceof CaseFailed) {
      k.reproduction = describeCase(c, error.failures, settings.seed, details.counterexamplePath ?? String(k.first.index));
    } else {
      // not reproduced alone (a hang that depends on the machine's load, say): the first case as it was
      k.reproduction = describeCase(cases[k.first.index], [k.first.failure], settings.seed, String(k.first.index));
    }
    progress(`  shrunk: ${k.kind}`);
  }
  return { seed: settings.seed, tally, seconds: (performance.now() - start) / 1000, classes: [...classes.values()] };
}

/** A campaign's summary: cases, outcomes, time, then each class with its count and reproduction. */
export function renderCampaign(r: CampaignReport): string {
  const t = r.tally;
  const lines = [
    `fuzz campaign: ${t.cases} cases (seed ${r.seed}) in ${r.seconds.toFixed(0)} s (${(t.ms / Math.max(t.cases, 1)).toFixed(1)} ms a case)`,
    `  ${t.synthesized} synthesized, ${t.invalid} refused with a ValidationError, ${t.cases - t.synthesized - t.invalid} crashed; runbook run in the shell for ${t.shell}`,
    `  ${r.classes.length} failure classes, ${r.classes.reduce((n, k) => n + k.count, 0)} failures:`,
  ];
  const byInvariant = [...r.classes].sort((a, b) => a.invariant.localeCompare(b.invariant) || b.count - a.count);
  for (const k of byInvariant) lines.push(`    ${String(k.count).padStart(6)}  [${k.invariant}] ${k.kind}`);
  for (const k of byInvariant) {
    lines.push('', `[${k.invariant}] ${k.kind} (${k.count} cases)`, k.reproduction ?? '');
    if (k.details.length > 1) lines.push('  other cases:', ...k.details.slice(1).map((d) => `    ${d.split('\n')[0].slice(0, 160)}`));
  }
  return lines.join('\n');
}

/** Writes the summary (and the classes as JSON beside it) when `file` is set. */
export function saveCampaign(r: CampaignReport, file: string | undefined): void {
  if (!file) return;
  fs.writeFileSync(file, `${renderCampaign(r)}\n`);
  fs.writeFileSync(`${file}.json`, `${JSON.stringify({ ...r, classes: r.classes.map((k) => ({ ...k })) }, null, 2)}\n`);
}
