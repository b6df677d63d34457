/**
 * No secret material in a spec: every string of it ends up in a manifest, the
 * runbook or a cloud resource in plain text. Names are checked where they are
 * given: `env` in service.ts (a variable named like a secret needs
 * `secretEnv`), and here the names inside strings, the keys of configuration
 * files and the variables and flags of command lines
 * (`lib/core/secret-assignments.ts`); values here, wherever they are (env
 * values, config files, command and args, endpoints...), with the predicate
 * the readiness report also runs on the synthesized objects.
 */
import { literalSecretArguments, literalSecretAssignments } from '../secret-assignments';
import { secretMaterial, stringLeaves } from '../secret-material';
import { isUnresolved } from '../tokens';
import { isObject } from './checks';
import type { Problems } from './problems';

const CONNECTION = 'a connection string with a password';

/** The rule broken by a value holding `what` (see {@link secretMaterial}). */
export function plaintextRule(what: string): string {
  return what === 'a URL with a password' || what === CONNECTION
    ? `the ${what === 'a URL with a password' ? 'URL' : 'connection string'} carries a password: read it from a secret with secretEnv (or use the service's postgres/redis wiring)`
    : `the value holds ${what}: read it from a secret (secretEnv, secretMounts), never from the spec`;
}

/** Reports each string of the spec that holds secret material, and each literal given to a name of a secret inside a string; redacted. */
export function checkPlaintextSecrets(p: Problems, props: Record<string, unknown>): void {
  const material = new Map<string, string>();
  for (const [path, value] of stringLeaves(props)) {
    if (isUnresolved(value)) continue;
    const what = secretMaterial(value);
    if (what) material.set(path, what);
  }
  // one problem per string: the material's, but a named assignment says more than "a connection string" (`password = x`)
  const assignments = literalAssignments(props).filter(([path]) => (material.get(path) ?? CONNECTION) === CONNECTION);
  const assigned = new Set(assignments.map(([path]) => path));
  for (const [path, what] of material) if (!(what === CONNECTION && assigned.has(path))) p.add(path, '<redacted>', plaintextRule(what));
  for (const [path, rule] of assignments) p.add(path, '<redacted>', rule);
}

/** Objects under `root` with their paths, each once (the spec is plain data by now: `plainSpec`). */
function* objectsWithPaths(root: Record<string, unknown>): Generator<[Record<string, unknown>, string]> {
  const stack: [unknown, string][] = [[root, '']];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${path}[${i}]`]));
    else {
      yield [v as Record<string, unknown>, path];
      for (const [k, x] of Object.entries(v)) stack.push([x, path ? `${path}.${k}` : k]);
    }
  }
}

/**
 * Names that say they hold a secret, given a literal inside a string, as
 * `[path, rule]`: a line of `configFiles.files` (`DB_PASSWORD=x`,
 * `spring.datasource.password=x`, `password: x`), a variable or flag of a
 * `command` and its `args` (`PGPASSWORD=x`, `--db-password=x`, `--password x`),
 * wherever a command line is (services, probes, migrations, cron jobs).
 */
function literalAssignments(props: Record<string, unknown>): [string, string][] {
  const found: [string, string][] = [];
  for (const [o, path] of objectsWithPaths(props)) {
    const at = (k: string) => (path ? `${path}.${k}` : k);
    if (isObject(o.files) && path.endsWith('configFiles')) {
      for (const [file, text] of Object.entries(o.files)) {
        if (typeof text !== 'string' || isUnresolved(text)) continue;
        for (const a of literalSecretAssignments(text, file)) {
          found.push([
            at(`files.${file}`),
            `line ${a.line} gives "${a.name}", which names a secret, a literal value: mount the file from a secret (secretMounts), or have the application read the value from a variable of secretEnv`,
          ]);
        }
      }
    }
    const argv: [string, string][] = [];
    for (const k of ['command', 'args']) {
      if (Array.isArray(o[k]))
        (o[k] as unknown[]).forEach((x, i) => typeof x === 'string' && !isUnresolved(x) && argv.push([x, at(`${k}[${i}]`)]));
    }
    for (const a of literalSecretArguments(argv.map(([x]) => x))) {
      found.push([
        argv[a.index][1],
        `"${a.name}" names a secret: a literal value in a command line is not allowed, pass "$(VAR)" with VAR from secretEnv`,
      ]);
    }
    // A variable's value may be a command line too (JAVA_TOOL_OPTIONS=-Dspring.datasource.password=x, APP_ARGS).
    if (isObject(o.env) && (path.endsWith(']') || path === '')) {
      for (const [name, value] of Object.entries(o.env)) {
        if (typeof value !== 'string' || isUnresolved(value)) continue;
        for (const a of literalSecretArguments(value.split(/\s+/).filter(Boolean))) {
          found.push([
            at(`env.${name}`),
            `"${a.name}" names a secret: a literal value in the options this variable passes is not allowed, pass "$(VAR)" with VAR from secretEnv`,
          ]);
        }
      }
    }
  }
  return found;
}
