/**
 * Literal values given to names that say they hold a secret, where names and
 * values share one string: the lines of a configuration file (`DB_PASSWORD=x`,
 * `spring.datasource.password=x`, `password: x`, `password = "x"`) and a
 * container's command line (`PGPASSWORD=x psql`, `--db-password=x`,
 * `--password x`). The name rule is the one of environment variables
 * ({@link isSecretLikeKey}); a value is literal unless it is empty, a
 * reference the program or Kubernetes expands (`$(VAR)`, `${VAR}`, `$VAR`, a
 * `{{ template }}`), a path, or a setting (a number, a boolean, null, a
 * duration). Validation refuses them in a spec (`lib/core/validation/plaintext.ts`)
 * and the readiness report in a chart (`lib/k8s/readiness.ts`).
 *
 * Every scan reads each line or argument once; the patterns are anchored at
 * the start of a line or token and bounded, so nothing backtracks over a
 * whole value.
 */
import { isSecretLikeKey } from './names';

/** Settings that are not secret material whatever they are called: booleans, null, numbers, durations. */
const SETTING = /^(true|false|yes|no|on|off|null|nil|none|~|-?\d+(\.\d+)?|\d+(ms|s|m|h|d|w))$/i;

/** A path (`/run/secrets/db`, `./key.pem`, `~/.pgpass`, `file:///x`): where material is, not the material. */
const PATH = /^(\/|\.\.?\/|~\/|file:\/\/)[A-Za-z0-9_./@-]*$/;

/** True when `value` (quotes removed) is a literal: not empty, not a reference, not a path, not a setting. */
export function isLiteralValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return false;
  // $(VAR) (Kubernetes), ${VAR} / $VAR (shells, dotenv, Spring), $(cmd): expanded where it runs
  if (v.startsWith('$') || v.startsWith('{{') || v.startsWith('%(')) return false;
  return !PATH.test(v) && !SETTING.test(v);
}

/** `value` without one pair of surrounding quotes, or up to its closing quote; an unquoted value without a trailing comment. */
function unquote(value: string): string {
  const v = value.trim();
  const q = v[0];
  if (q === '"' || q === "'") {
    const end = v.indexOf(q, 1);
    return end < 0 ? v.slice(1) : v.slice(1, end);
  }
  const comment = v.search(/\s[#;]/);
  return (comment < 0 ? v : v.slice(0, comment)).replace(/,$/, '').trim();
}

/** A key at the start of a line: optionally `export ` or a YAML list's `- `, optionally quoted, then `=` or `:`. */
const ASSIGNMENT = /^[ \t]*(?:export[ \t]+|-[ \t]+)?(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,127})\1[ \t]*[=:]([\s\S]*)$/;

/** A literal secret assignment: the line (1-based) and the name. */
export interface LiteralAssignment {
  readonly line: number;
  readonly name: string;
}

/** YAML file names: there a `#` after whitespace starts a comment. */
const YAML_FILE = /\.ya?ml$/i;

/** File names of prose and data, not configuration: their lines are not read as assignments. */
const PROSE = /\.(txt|md|markdown|rst|adoc|html?|csv|tsv)$/i;

/**
 * The lines of configuration file `text` (dotenv, properties, YAML, TOML,
 * INI, JSON written one key per line) that give a name that says it holds a
 * secret a literal value. `fileName` (when known) skips prose and data files.
 */
export function literalSecretAssignments(text: string, fileName = ''): LiteralAssignment[] {
  if (PROSE.test(fileName)) return [];
  // elsewhere a # after the separator is the value's first character: .properties and INI have no inline
  // comments, and python-dotenv reads `KEY= #x` as "#x" (theskumar/python-dotenv#600)
  const yaml = YAML_FILE.test(fileName);
  const found: LiteralAssignment[] = [];
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const m = ASSIGNMENT.exec(text.slice(start, end));
    start = end + 1;
    if (!m || !isSecretLikeKey(m[2])) continue;
    const raw = m[3].trim();
    // a YAML mapping's parent key, or an object or list written inline: the values below are lines of their own;
    // in a YAML file, a comment after the separator (`password: # set below`): no value, YAML reads null
    if (raw === '' || raw.startsWith('{') || raw.startsWith('[') || (yaml && /^[ \t]+#/.test(m[3]))) continue;
    // a YAML block scalar (`key: |`) holds the literal on the next lines
    if (/^[|>][-+]?\d?$/.test(raw) || isLiteralValue(unquote(raw))) found.push({ line, name: m[2] });
  }
  return found;
}

/** A literal secret on a command line: the index of the argument that holds the value, and the name. */
export interface LiteralArgument {
  readonly index: number;
  readonly name: string;
}

/** `NAME=value`, `-name=value` or `--name=value`. */
const INLINE = /^(-{0,2})([A-Za-z_][A-Za-z0-9_.-]{0,127})=([\s\S]*)$/;
/** `--name` (or `-name`, Go's flag style), whose value is the next token. */
const FLAG = /^--?([A-Za-z][A-Za-z0-9_.-]{0,127})$/;

/**
 * The arguments of a command line (`command` then `args`) that give a name
 * that says it holds a secret a literal value: `PGPASSWORD=x` (also inside a
 * `sh -c` script), `--db-password=x`, `-Dspring.datasource.password=x` and
 * `--password x` (the value in the same argument or the next one).
 */
export function literalSecretArguments(argv: readonly string[]): LiteralArgument[] {
  const found: LiteralArgument[] = [];
  // the tokens of every argument (a shell script is one argument), with the argument they are in
  const tokens: [string, number][] = [];
  argv.forEach((a, i) => {
    for (const t of a.split(/[\s;|&]+/)) if (t !== '') tokens.push([t, i]);
  });
  tokens.forEach(([t, i], k) => {
    const inline = INLINE.exec(t);
    if (inline) {
      // -Dkey=value (Java system properties)
      const name = inline[1] === '-' && inline[2].startsWith('D') ? inline[2].slice(1) : inline[2];
      if (isSecretLikeKey(name) && isLiteralValue(unquote(inline[3]))) found.push({ index: i, name: t.slice(0, t.indexOf('=')) });
      return;
    }
    const flag = FLAG.exec(t);
    const next = tokens[k + 1];
    if (flag && next && !next[0].startsWith('-') && isSecretLikeKey(flag[1]) && isLiteralValue(unquote(next[0]))) {
      found.push({ index: next[1], name: t });
    }
  });
  return found;
}
