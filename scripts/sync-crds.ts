/**
 * Keeps the vendored CRD schemas in `crds/` equal to the team's copy in
 * `../shared/crds` when that folder is beside the repository. `crds/` is
 * committed so a fresh clone (and CI) builds and validates without it.
 *
 *   node build/scripts/sync-crds.js          copy ../shared/crds over crds/
 *   node build/scripts/sync-crds.js --check  only report differences; exit 1 when there are any
 *
 * `npm run import-crds` runs the sync before regenerating `lib/imports/`, and
 * test/tooling/crds.test.ts runs the check.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The repository root: the nearest folder above this file with a package.json (works from scripts/ and build/scripts/). */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** The vendored CRDs, committed. */
export function vendoredCrdsDir(root: string = repoRoot()): string {
  return path.join(root, 'crds');
}

/** The team's CRDs beside the repository; may not exist (e.g. a clone on its own). */
export function sharedCrdsDir(root: string = repoRoot()): string {
  return path.resolve(root, '..', 'shared', 'crds');
}

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/** One line per difference between the vendored and shared folders; empty when they are equal. */
export function compareCrds(vendored: string, shared: string): string[] {
  const ours = new Set(yamlFiles(vendored));
  const theirs = new Set(yamlFiles(shared));
  const problems: string[] = [];
  for (const f of theirs) {
    if (!ours.has(f)) problems.push(`crds/${f} is missing (present in ${shared})`);
    else if (!fs.readFileSync(path.join(vendored, f)).equals(fs.readFileSync(path.join(shared, f)))) {
      problems.push(`crds/${f} differs from ${path.join(shared, f)}`);
    }
  }
  for (const f of ours) if (!theirs.has(f)) problems.push(`crds/${f} is not in ${shared}`);
  return problems;
}

/** Makes `vendored` an exact copy of the YAML files in `shared`; returns what changed. */
export function syncCrds(vendored: string, shared: string): string[] {
  const changes = compareCrds(vendored, shared);
  if (changes.length === 0) return [];
  fs.mkdirSync(vendored, { recursive: true });
  const theirs = yamlFiles(shared);
  for (const f of yamlFiles(vendored)) if (!theirs.includes(f)) fs.rmSync(path.join(vendored, f));
  for (const f of theirs) {
    // Copy bytes, not the mode: the shared files are read-only.
    fs.writeFileSync(path.join(vendored, f), fs.readFileSync(path.join(shared, f)));
  }
  return changes;
}

function main(argv: string[]): number {
  const root = repoRoot();
  const vendored = vendoredCrdsDir(root);
  const shared = sharedCrdsDir(root);
  if (!fs.existsSync(shared)) {
    console.log(`${shared} not found: keeping the vendored crds/ as they are`);
    return 0;
  }
  if (argv.includes('--check')) {
    const problems = compareCrds(vendored, shared);
    for (const p of problems) console.error(p);
    if (problems.length) console.error('crds/ is out of sync: run npm run import-crds');
    else console.log(`crds/ equals ${shared}`);
    return problems.length ? 1 : 0;
  }
  const changes = syncCrds(vendored, shared);
  for (const c of changes) console.log(`synced: ${c}`);
  console.log(changes.length ? `crds/ now equals ${shared}` : `crds/ already equals ${shared}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
