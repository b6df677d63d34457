/**
 * `npm run plan -- <example> [--json FILE]`: what `pulumi up` would create for
 * an example, offline. It runs the example's Pulumi program
 * (`build/examples/<example>/pulumi.js`) against mocks (no Pulumi CLI, no
 * credentials, no cloud) and prints the resource tree with each resource's
 * inputs and options, secrets masked. `--json FILE` also writes
 * `{ "resources": [{ "type", "name", "parent", "inputs", "options" }] }`.
 * `--examples DIR` reads the programs from another folder (tests use it).
 */
import * as fs from 'fs';
import * as path from 'path';
import { type Io, printPlan } from '../lib/cli/plan';

const USAGE = 'usage: npm run plan -- <example> [--json FILE] [--examples DIR]';

/** The parsed command line, or the usage problem. */
export interface PlanArgs {
  readonly example?: string;
  readonly json?: string;
  readonly examplesDir: string;
  readonly help: boolean;
}

/** Parses the arguments after `--`. Throws on an unknown flag or a flag without its value. */
export function parseArgs(argv: readonly string[], defaultExamplesDir: string): PlanArgs {
  let example: string | undefined;
  let json: string | undefined;
  let examplesDir = defaultExamplesDir;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--json') json = value();
    else if (arg === '--examples') examplesDir = value();
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else if (example === undefined) example = arg;
    else throw new Error(`one example at a time (got "${example}" and "${arg}")\n${USAGE}`);
  }
  return { example, json, examplesDir, help };
}

/** The examples that have a Pulumi program: folders of `dir` holding a `pulumi.js`. */
export function availableExamples(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'pulumi.js')))
    .map((e) => e.name)
    .sort();
}

/** Runs the command; returns the exit code (0 when the plan was printed). */
export async function main(argv: readonly string[], io: Io, defaultExamplesDir = path.join(__dirname, '..', 'examples')): Promise<number> {
  let args: PlanArgs;
  try {
    args = parseArgs(argv, defaultExamplesDir);
  } catch (e) {
    io.err(`${(e as Error).message}\n`);
    return 2;
  }
  const examples = availableExamples(args.examplesDir);
  const list = examples.length > 0 ? examples.map((e) => `  ${e}`).join('\n') : `  (none: is ${args.examplesDir} built? run npm run build)`;
  if (args.help) {
    io.out(`${USAGE}\n\nExamples:\n${list}\n`);
    return 0;
  }
  if (args.example === undefined || !examples.includes(args.example)) {
    const problem = args.example === undefined ? 'no example given' : `unknown example "${args.example}"`;
    io.err(`${problem}; the examples with a Pulumi program are:\n${list}\n${USAGE}\n`);
    return 2;
  }
  const program = path.resolve(args.examplesDir, args.example, 'pulumi.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return printPlan(() => require(program), args.example, `Plan of ${args.example} (offline, mocked cloud)`, {}, args.json, io);
}

if (require.main === module) {
  // `npm run plan -- x | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  main(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
