#!/usr/bin/env node
/**
 * The `production-stack` command: `production-stack init <dir> [--name NAME] [--cloud aws|gcp]`
 * writes a new project (spec.ts, main.ts for cdk8s, pulumi.ts for Pulumi, and their configuration).
 */
import * as fs from 'fs';
import * as path from 'path';
import { init } from './init';

/** The library's own root: the nearest folder above `from` with a package.json (sources in lib/, compiled in build/lib/). */
function packageRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

const USAGE = 'usage: production-stack init <dir> [--name NAME] [--cloud aws|gcp]';

/** Runs the command; returns the exit code. */
export function run(
  argv: readonly string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): number {
  const [command, dir, ...rest] = argv;
  if (command !== 'init' || !dir) {
    err(USAGE);
    return 2;
  }
  const flag = (name: string): string | undefined => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const cloud = flag('cloud') ?? 'aws';
  if (cloud !== 'aws' && cloud !== 'gcp') {
    err(`--cloud must be aws or gcp\n${USAGE}`);
    return 2;
  }
  const root = packageRoot(__dirname);
  const own = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  // From a checkout (not an installed package), the new project depends on that checkout.
  const dependency = root.split(path.sep).includes('node_modules') ? `^${own.version}` : `file:${root}`;
  try {
    const written = init(dir, { name: flag('name') ?? path.basename(path.resolve(dir)), cloud, dependency });
    out(`wrote ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
    out(`next: cd ${dir} && npm install && npm run synth`);
    return 0;
  } catch (e) {
    err((e as Error).message);
    return 1;
  }
}

if (require.main === module) process.exitCode = run(process.argv.slice(2));
