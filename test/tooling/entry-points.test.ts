// The cdk8s entry point must not load the Pulumi SDKs (tens of MB, ~1 s of
// import time) and the core must not load cdk8s or Pulumi: walk the static
// import graph of each entry point and list the packages it reaches.
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.join(__dirname, '..', '..', 'lib');
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g;

function resolve(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** Packages (bare specifiers) reachable from `entry` through relative imports. */
function packagesReachedFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [path.join(LIB, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (spec.startsWith('.')) queue.push(resolve(file, spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  return packages;
}

test('the cdk8s entry point (production-stack) never imports a Pulumi SDK', () => {
  const packages = [...packagesReachedFrom('index.ts')];
  expect(packages).toEqual(expect.arrayContaining(['cdk8s', 'cdk8s-plus-28', 'constructs']));
  expect(packages.filter((p) => p.startsWith('@pulumi/'))).toEqual([]);
});

test('the core (production-stack/core) imports neither cdk8s nor Pulumi', () => {
  const packages = [...packagesReachedFrom('core/index.ts')];
  expect(packages.filter((p) => p.startsWith('@pulumi/') || p.startsWith('cdk8s') || p === 'constructs')).toEqual([]);
});

test('the Pulumi entry point (production-stack/pulumi) reaches the Pulumi SDKs it needs', () => {
  expect([...packagesReachedFrom('pulumi.ts')]).toEqual(expect.arrayContaining(['@pulumi/pulumi', '@pulumi/aws', '@pulumi/gcp']));
});

test("every subpath export has the same declarations under typesVersions (TypeScript's node10 resolution, pulumi new's default)", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(LIB, '..', 'package.json'), 'utf8'));
  const exported = Object.entries(pkg.exports as Record<string, { types?: string }>)
    .filter(([subpath, target]) => subpath !== '.' && target.types !== undefined)
    .map(([subpath, target]) => [subpath.slice(2), [target.types!.slice(2)]]);
  expect(exported.length).toBeGreaterThan(5);
  expect(pkg.typesVersions).toEqual({ '*': Object.fromEntries(exported) });
});
