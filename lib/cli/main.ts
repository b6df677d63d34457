#!/usr/bin/env node
/**
 * The `production-stack` command: `production-stack init <dir> [--name NAME] [--cloud aws|gcp]` writes a new
 * project (spec.ts, main.ts for cdk8s, pulumi.ts for Pulumi, and their configuration); `production-stack plan
 * [dir] [--stack NAME] [--config KEY=VALUE]... [--json FILE]` shows what `pulumi up` would create, offline. It follows the usual
 * conventions: `--help`/`-h` and `help [command]` print usage on stdout and exit 0, `--version` prints the
 * version; an unknown command or option, an option without its value, or a missing argument print the error
 * and the usage on stderr and exit 2; a failure of the command itself exits 1.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type ParseArgsConfig, parseArgs } from 'util';
import { init } from './init';
import { planProject } from './plan';

/** The library's own root: the nearest folder above `from` with a package.json (sources in lib/, compiled in build/lib/). */
function packageRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** The library's package.json: where it is, its version and its peer dependencies. */
function ownPackage(): { readonly root: string; readonly version: string; readonly peers: Record<string, string> } {
  const root = packageRoot(__dirname);
  const { version, peerDependencies } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
    peerDependencies: Record<string, string>;
  };
  return { root, version, peers: peerDependencies };
}

const USAGE = `usage: production-stack <command> [options]

commands:
  init <dir>      write a new project: spec.ts, main.ts (cdk8s), pulumi.ts (Pulumi) and their configuration
  plan [dir]      what \`pulumi up\` would create for the project, offline: no Pulumi CLI, credentials or cloud
  help [command]  show this help, or a command's

options:
  -h, --help      show help
  --version       show the version`;

const INIT_USAGE = `usage: production-stack init <dir> [--name NAME] [--cloud aws|gcp]

Writes a new project into <dir> (created if needed), refusing to overwrite a file.

options:
  --name NAME     the stack's name, a DNS-1123 label (default: the directory's name)
  --cloud CLOUD   aws or gcp (default: aws)
  -h, --help      show this help`;

const PLAN_USAGE = `usage: production-stack plan [dir] [--stack NAME] [--config KEY=VALUE]... [--json FILE]

Runs the Pulumi program of the project in [dir] (default: the current folder; the program is Pulumi.yaml's
main, a TypeScript one through the project's tsx) against mocked clouds, with no Pulumi CLI, credentials or
cloud account, and prints every resource \`pulumi up\` would create: its type, name, parent, inputs and
options, secrets masked. Exit 0 when the plan printed, 1 when the program failed (each error printed).

options:
  --stack NAME        the stack: its Pulumi.<NAME>.yaml gives the configuration, secure values masked (default: dev)
  --config KEY=VALUE  set a configuration value, as pulumi config set would (repeatable)
  --json FILE         also write the plan as JSON: {"resources": [{"type", "name", "parent", "inputs", "options",
                      "dependencies"}]}, in the order printed
  -h, --help          show this help`;

/** Usage by command. */
const HELP: Readonly<Record<string, string>> = { init: INIT_USAGE, plan: PLAN_USAGE };

/** A usage error: the message and the usage to print with it, on stderr, exit 2. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/** The options of `init`. */
const INIT_OPTIONS = {
  name: { type: 'string' },
  cloud: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options of `plan`. */
const PLAN_OPTIONS = {
  stack: { type: 'string' },
  config: { type: 'string', multiple: true },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses a command's arguments strictly: an unknown option or one without its value is a {@link UsageError}. */
function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: O, usage: string) {
  try {
    return parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    // Node's messages: "Unknown option '--x'...", "Option '--name <value>' argument missing", "... is ambiguous..."
    throw new UsageError((e as Error).message.split('\n')[0], usage);
  }
}

/** `init <dir> [--name NAME] [--cloud aws|gcp]`. */
function runInit(args: readonly string[], out: (line: string) => void): number {
  const { values, positionals } = parse(args, INIT_OPTIONS, INIT_USAGE);
  if (values.help) {
    out(INIT_USAGE);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0 ? 'init needs a directory' : `init takes one directory, not ${positionals.length}`,
      INIT_USAGE,
    );
  const [dir] = positionals;
  const cloud = values.cloud ?? 'aws';
  if (cloud !== 'aws' && cloud !== 'gcp') throw new UsageError(`--cloud must be aws or gcp, not "${cloud}"`, INIT_USAGE);
  const { root, version, peers } = ownPackage();
  // From a checkout (not an installed package), the new project depends on that checkout, by a path relative to it.
  const dependency = root.split(path.sep).includes('node_modules') ? `^${version}` : `file:${path.relative(path.resolve(dir), root)}`;
  const name = values.name ?? path.basename(path.resolve(dir));
  const written = init(dir, { name, cloud, dependency, peers });
  out(`wrote ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
  out(`next: cd ${dir} && npm install && npm run synth`);
  return 0;
}

/** `plan [dir] [--stack NAME] [--config KEY=VALUE]... [--json FILE]`. */
function runPlan(args: readonly string[], out: (line: string) => void, err: (line: string) => void): Promise<number> | number {
  const { values, positionals } = parse(args, PLAN_OPTIONS, PLAN_USAGE);
  if (values.help) {
    out(PLAN_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`plan takes one directory, not ${positionals.length}`, PLAN_USAGE);
  const malformed = (values.config ?? []).find((c) => c.indexOf('=') <= 0);
  if (malformed !== undefined) throw new UsageError(`--config ${malformed}: expected KEY=VALUE`, PLAN_USAGE);
  const text = (write: (line: string) => void) => (t: string) => write(t.replace(/\n$/, ''));
  return planProject(
    path.resolve(positionals[0] ?? '.'),
    { stack: values.stack ?? 'dev', config: values.config, json: values.json },
    { out: text(out), err: text(err) },
  );
}

/** Runs the command; returns the exit code (a promise for the commands that wait: `plan`). */
export function run(
  argv: readonly string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'init') return runInit(rest, out);
    if (command === 'plan') return runPlan(rest, out, err);
    if (command === 'help' || command === '--help' || command === '-h') {
      const topic = rest[0];
      if (topic !== undefined && HELP[topic] === undefined) throw new UsageError(`unknown command "${topic}"`, USAGE);
      out(topic === undefined ? USAGE : HELP[topic]);
      return 0;
    }
    if (command === '--version') {
      out(ownPackage().version);
      return 0;
    }
    throw new UsageError(command === undefined ? 'a command is needed' : `unknown command "${command}"`, USAGE);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`production-stack: ${e.message}\n\n${e.usage}`);
      return 2;
    }
    err((e as Error).message);
    return 1;
  }
}

if (require.main === module) {
  // \`production-stack plan | head\` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  void Promise.resolve(run(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}
