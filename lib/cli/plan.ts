/**
 * `production-stack plan`: what `pulumi up` would create for a project's own Pulumi program, offline (no
 * Pulumi CLI, no credentials, no cloud): the program named by the project's `Pulumi.yaml` runs against the
 * library's mocks ({@link plan}), with the stack's configuration from `Pulumi.<stack>.yaml`, and the plan
 * prints as a tree, secrets masked; `--json FILE` writes the {@link PlanDocument}. A TypeScript program
 * runs through the project's `tsx`, without type-checking (the project's `npm run typecheck` does that).
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { parse } from 'yaml';
import { PlanError, SECRET_MASK, plan } from '../plan/plan';
import { planDocument, renderPlan } from '../plan/render';

/** Where the output goes. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** A problem with the project itself (no Pulumi.yaml, an unreadable stack file): exit 1, nothing planned. */
export class ProjectError extends Error {}

/** What the plan runs: the project's name, its program and the stack's configuration. */
export interface PlanProject {
  /** `name` of Pulumi.yaml: the Pulumi project. */
  readonly name: string;
  /** Absolute path of the program (Pulumi.yaml's `main`, else the project folder). */
  readonly program: string;
  /** The stack's configuration as the Pulumi runtime reads it (`<namespace>:<key>` to a string; objects as JSON). */
  readonly config: Readonly<Record<string, string>>;
  /** Keys of {@link config} that are secrets: `secure` values, whose plaintext the plan never has (`[secret]`). */
  readonly secretKeys: readonly string[];
  /** What the plan could not read as `pulumi up` would (no stack file, ESC environments), for the user to know. */
  readonly notes: readonly string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readYaml(file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ProjectError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(doc)) throw new ProjectError(`${file}: not a YAML mapping`);
  return doc;
}

/**
 * A configuration key as the runtime reads it, `<namespace>:<key>`: a key without a namespace is the project's,
 * and the legacy `<namespace>:config:<key>` is `<namespace>:<key>`.
 */
function namespaced(key: string, project: string): string {
  const legacy = /^([^:]+):config:(.+)$/.exec(key);
  if (legacy) return `${legacy[1]}:${legacy[2]}`;
  return key.includes(':') ? key : `${project}:${key}`;
}

/**
 * A configuration value as the runtime reads it (strings as they are, anything else as JSON), with every
 * `secure:` value in it, at any depth, replaced by {@link SECRET_MASK} (a plan has no plaintext of them); and whether there was one.
 */
function configValue(value: unknown): { text: string; secret: boolean } {
  let secret = false;
  const mask = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(mask);
    if (!isRecord(v)) return v;
    if (typeof v.secure === 'string' && Object.keys(v).length === 1) {
      secret = true;
      return SECRET_MASK;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x)]));
  };
  const masked = mask(value);
  return { text: typeof masked === 'string' ? masked : JSON.stringify(masked), secret };
}

/**
 * Reads the project in `dir` as the Pulumi CLI would: `Pulumi.yaml` (name, main, its `config` declarations'
 * `default` or `value`), then the stack's file, `Pulumi.<stack>.yaml` in `stackConfigDir` (its `config`;
 * `secure` values, at any depth, become {@link SECRET_MASK} (a plan has no plaintext of them) and their keys secret), then `overrides`
 * (`KEY=VALUE`, as `pulumi config set` would set them). `stack` may be qualified (`org/project/dev`): the
 * stack's own name is its last part.
 */
export function readProject(dir: string, stack: string, overrides: readonly string[] = []): PlanProject {
  const projectFile = path.join(dir, 'Pulumi.yaml');
  if (!fs.existsSync(projectFile))
    throw new ProjectError(`no Pulumi.yaml in ${dir}: run the plan in a Pulumi project (production-stack init writes one)`);
  const project = readYaml(projectFile);
  if (typeof project.name !== 'string' || project.name === '') throw new ProjectError(`${projectFile}: name must be a non-empty string`);
  const name = project.name;
  if (project.main !== undefined && typeof project.main !== 'string') throw new ProjectError(`${projectFile}: main must be a path`);
  if (project.stackConfigDir !== undefined && typeof project.stackConfigDir !== 'string')
    throw new ProjectError(`${projectFile}: stackConfigDir must be a path`);
  const config: Record<string, string> = {};
  const secretKeys = new Set<string>();
  const notes: string[] = [];
  const set = (key: string, value: unknown, secret = false): void => {
    const k = namespaced(key, name);
    const v = configValue(value);
    config[k] = v.text;
    if (secret || v.secret) secretKeys.add(k);
    else secretKeys.delete(k);
  };
  // Project-level declarations: `key: {type, default, secret}`, `ns:key: {value}`, or `key: <default>`.
  for (const [key, declaration] of Object.entries(isRecord(project.config) ? project.config : {})) {
    const value = isRecord(declaration) ? (declaration.value ?? declaration.default) : declaration;
    if (value !== undefined) set(key, value, isRecord(declaration) && declaration.secret === true);
  }
  const stackName = stack.split('/').at(-1) ?? stack;
  const stackFile = path.join(dir, project.stackConfigDir ?? '.', `Pulumi.${stackName}.yaml`);
  if (fs.existsSync(stackFile)) {
    const stackDoc = readYaml(stackFile);
    for (const [key, value] of Object.entries(isRecord(stackDoc.config) ? stackDoc.config : {})) set(key, value);
    if (stackDoc.environment !== undefined)
      notes.push(`${path.relative(dir, stackFile)} imports Pulumi ESC environments, whose values a plan without credentials does not have`);
  } else notes.push(`no ${path.relative(dir, stackFile)}: the plan has the project's defaults only`);
  for (const override of overrides) {
    const i = override.indexOf('=');
    if (i <= 0) throw new ProjectError(`--config ${override}: expected KEY=VALUE`);
    set(override.slice(0, i), override.slice(i + 1));
  }
  return { name, program: path.resolve(dir, project.main ?? '.'), config, secretKeys: [...secretKeys].sort(), notes };
}

/**
 * Loads the program as the Pulumi Node.js runtime would: `require` from the project (a folder by its
 * package.json's `main` or its index); a TypeScript program through the project's `tsx`.
 */
export function loadProgram(program: string, projectDir: string): () => unknown {
  const projectRequire = createRequire(path.join(projectDir, 'package.json'));
  let resolved: string;
  try {
    resolved = projectRequire.resolve(program, { paths: [projectDir] });
  } catch {
    // Node resolves a file named in full, and a folder's package.json main; not an extensionless TypeScript name
    const ts = ['.ts', '/index.ts'].map((suffix) => `${program}${suffix}`).find((f) => fs.existsSync(f));
    if (ts === undefined) throw new ProjectError(`the program ${program} does not exist (Pulumi.yaml's main)`);
    resolved = ts;
  }
  return () => {
    if (/\.[cm]?tsx?$/.test(resolved)) {
      let register: () => unknown;
      try {
        ({ register } = projectRequire('tsx/cjs/api') as { register: () => unknown });
      } catch {
        throw new ProjectError(
          `${path.relative(projectDir, resolved)} is TypeScript: add tsx to the project (npm install --save-dev tsx), as production-stack init does`,
        );
      }
      register();
    }
    return projectRequire(resolved);
  };
}

/**
 * Plans `program` (of `name`) and prints it under `title`; with `json`, also writes the document there.
 * Returns the exit code: 0 when the plan printed, 1 when the program failed (each of its errors on stderr).
 */
export async function printPlan(
  program: () => unknown,
  name: string,
  title: string,
  settings: Parameters<typeof plan>[1],
  json: string | undefined,
  io: Io,
): Promise<number> {
  try {
    const resources = await plan(program, settings);
    io.out(renderPlan(resources, title));
    if (json !== undefined) {
      fs.mkdirSync(path.dirname(path.resolve(json)), { recursive: true });
      fs.writeFileSync(json, `${JSON.stringify(planDocument(resources), null, 2)}\n`);
      io.out(`wrote ${json}\n`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    io.err(`plan of ${name} failed: ${e.message}\n`);
    return 1;
  }
}

/** Plans the project in `dir` for `stack`; see {@link printPlan} for the exit code. */
export async function planProject(
  dir: string,
  options: { readonly stack: string; readonly json?: string; readonly config?: readonly string[] },
  io: Io,
): Promise<number> {
  let project: PlanProject;
  let program: () => unknown;
  try {
    project = readProject(dir, options.stack, options.config);
    program = loadProgram(project.program, dir);
  } catch (e) {
    if (!(e instanceof ProjectError)) throw e;
    io.err(`production-stack plan: ${e.message}\n`);
    return 1;
  }
  for (const note of project.notes) io.err(`production-stack plan: note: ${note}\n`);
  // The program runs where `pulumi up` runs it: in the project folder.
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await printPlan(
      program,
      project.name,
      `Plan of ${project.name} (stack ${options.stack}, offline, mocked cloud)`,
      { project: project.name, stack: options.stack.split('/').at(-1), config: project.config, secretConfigKeys: project.secretKeys },
      options.json === undefined ? undefined : path.resolve(cwd, options.json),
      io,
    );
  } finally {
    process.chdir(cwd);
  }
}
