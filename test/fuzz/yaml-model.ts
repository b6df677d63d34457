/**
 * Two readers of the YAML the stack writes, for the fuzz suite's invariants:
 * a YAML 1.2 reader (the `yaml` package, core schema), and a model of the
 * reader kubectl, Helm and other Go tools use (go-yaml v2 through
 * sigs.k8s.io/yaml): U+0085, U+2028 and U+2029 are line breaks, and plain
 * scalars resolve by go-yaml v2's rules (`resolve.go`: YAML 1.1 booleans
 * `y`/`on`/`off`…, Go integer literals `0o17`/`0B1`/`1_000`, its float pattern),
 * with map keys turned into strings as sigs.k8s.io/yaml does.
 */
import fc from 'fast-check';
import * as YAML from 'yaml';

/** What a reader made of a file: its documents, or why it could not read them. */
export type ReadResult = { readonly objects: unknown[] } | { readonly error: string };

/** Reads every document under YAML 1.2 (core schema, duplicate keys refused). */
export function readYaml12(text: string): ReadResult {
  const docs = YAML.parseAllDocuments(text);
  if (!Array.isArray(docs)) return { error: 'not a YAML stream' };
  const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length > 0) return { error: errors[0] };
  return { objects: docs.map((d) => d.toJS({ maxAliasCount: -1 })) };
}

/** go-yaml v2's `resolveMap`: booleans, nulls and special floats (a Map: `constructor` and `toString` are strings). */
const GO_MAP: ReadonlyMap<string, boolean | number | null> = new Map<string, boolean | number | null>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s): [string, boolean] => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s): [string, boolean] => [s, false]),
  ...['', '~', 'null', 'Null', 'NULL'].map((s): [string, null] => [s, null]),
  ...['.nan', '.NaN', '.NAN'].map((s): [string, number] => [s, NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s): [string, number] => [s, Infinity]),
  ...['-.inf', '-.Inf', '-.INF'].map((s): [string, number] => [s, -Infinity]),
]);
/** go-yaml v2's `yamlStyleFloat`. */
const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go's `strconv.ParseInt(s, 0, 64)` syntax (underscores already removed by go-yaml). */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/;

function goInt(s: string): number {
  const sign = s.startsWith('-') ? -1 : 1;
  const body = s.replace(/^[-+]/, '');
  const prefix = body.slice(0, 2).toLowerCase();
  const digits = prefix === '0x' || prefix === '0b' || prefix === '0o' ? body.slice(2) : body;
  const radix = prefix === '0x' ? 16 : prefix === '0b' ? 2 : prefix === '0o' || (body.length > 1 && body.startsWith('0')) ? 8 : 10;
  return sign * parseInt(digits, radix);
}

/** What go-yaml v2 makes of an untagged plain scalar. */
export function goResolvePlain(s: string): unknown {
  if (GO_MAP.has(s)) return GO_MAP.get(s);
  const hint = s[0];
  if (hint === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) ? Number(s) : s;
  if (hint !== '+' && hint !== '-' && !(hint >= '0' && hint <= '9')) return s;
  const plain = s.replace(/_/g, '');
  if (GO_INT.test(plain)) {
    // ParseInt (int64), then ParseUint (uint64); beyond them, the float pattern decides
    const n = goInt(plain);
    if (n >= -(2 ** 63) && n < 2 ** 64) return n;
  }
  if (GO_FLOAT.test(plain)) return Number(plain);
  return s;
}

/** sigs.k8s.io/yaml: a map key as a JSON object key. */
function goKey(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'boolean' || typeof key === 'number') {
    if (Number.isNaN(key)) return '.nan';
    if (key === Infinity) return '.inf';
    if (key === -Infinity) return '-.inf';
    return String(key);
  }
  throw new Error(`unsupported map key ${JSON.stringify(key)}`);
}

/** Sets an own property, even `__proto__`. */
function own(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
}

function goValue(node: unknown, doc: YAML.Document.Parsed, depth: number): unknown {
  if (depth > 200) throw new Error('too deep');
  if (YAML.isAlias(node)) return goValue(node.resolve(doc), doc, depth + 1);
  if (YAML.isScalar(node)) {
    if (node.tag && node.tag !== '!' && node.tag !== 'tag:yaml.org,2002:str') return node.value;
    if (node.type === 'PLAIN' && !node.tag) return goResolvePlain(String(node.source ?? node.value ?? ''));
    return node.value === null || node.value === undefined ? '' : String(node.value);
  }
  if (YAML.isSeq(node)) return node.items.map((i) => goValue(i, doc, depth + 1));
  if (YAML.isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const keyNode = pair.key;
      const value = goValue(pair.value, doc, depth + 1);
      // `<<: {…}` merges (YAML 1.1), keys already present win
      if (YAML.isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.source === '<<') {
        for (const m of Array.isArray(value) ? value : [value]) {
          if (m && typeof m === 'object') for (const [k, v] of Object.entries(m)) if (!Object.hasOwn(out, k)) own(out, k, v);
        }
        continue;
      }
      // go-yaml v2 keeps the last of duplicate keys
      own(out, goKey(goValue(keyNode, doc, depth + 1)), value);
    }
    return out;
  }
  if (node === null || node === undefined) return null;
  throw new Error(`unexpected YAML node ${String(node)}`);
}

function kubectlObjects(docs: YAML.Document.Parsed[]): ReadResult {
  const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length > 0) return { error: errors[0] };
  try {
    return { objects: docs.map((d) => goValue(d.contents, d, 0)) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** go-yaml v2's scanner: NEL, LS and PS are line breaks, wherever they stand. */
const GO_BREAK = /[\u0085\u2028\u2029]/g;
/** The yaml package's lexer marks (not source text). */
const LEXER_MARKS = new Set(['\x02', '\x18', '\x1f']);

/**
 * A quoted scalar as go-yaml v2 reads it, rewritten for the yaml package: a run of line breaks (and the blanks
 * around it) folds as in YAML 1.1. NEL reads as a newline (alone: a space; more: newlines); LS and PS are kept.
 */
function goQuoted(token: string): string {
  if (/[\u0085\u2028\u2029](---|\.\.\.)([ \t\u0085\u2028\u2029]|$)/.test(token)) {
    throw new Error('found unexpected document indicator while scanning a quoted scalar');
  }
  const double = token.startsWith('"');
  return token.replace(/[ \t]*([\u0085\u2028\u2029][ \t]*)+/g, (run) => {
    const breaks = run.replace(/[ \t]/g, '');
    const asRead = (b: string) => (b === '\u0085' ? (double ? '\\n' : ' ') : b);
    if (breaks[0] === '\u0085') return breaks.length === 1 ? ' ' : [...breaks.slice(1)].map(asRead).join('');
    return [...breaks].map(asRead).join('');
  });
}

/** The text as go-yaml v2 sees its structure: NEL, LS and PS break lines, except inside quoted scalars (see goQuoted). */
function goText(text: string): string {
  if (!/[\u0085\u2028\u2029]/.test(text)) return text;
  return [...new YAML.Lexer().lex(text)]
    .filter((t) => !LEXER_MARKS.has(t))
    .map((t) => (t.startsWith('"') || t.startsWith("'") ? goQuoted(t) : t.replace(GO_BREAK, '\n')))
    .join('');
}

function parseAsKubectl(text: string): YAML.Document.Parsed[] {
  return YAML.parseAllDocuments(goText(text), { version: '1.1', uniqueKeys: false }) as YAML.Document.Parsed[];
}

/** Reads every document as kubectl does (the go-yaml v2 model described above). */
export function readAsKubectl(text: string): ReadResult {
  try {
    return kubectlObjects(parseAsKubectl(text));
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Both readings of a text; one parse when no go-yaml line break and no duplicate key changes the structure. */
export function readBoth(text: string): { yaml12: ReadResult; kubectl: ReadResult } {
  const docs = YAML.parseAllDocuments(text);
  if (!Array.isArray(docs)) return { yaml12: { error: 'not a YAML stream' }, kubectl: readAsKubectl(text) };
  const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
  const yaml12: ReadResult = errors.length > 0 ? { error: errors[0] } : { objects: docs.map((d) => d.toJS({ maxAliasCount: -1 })) };
  const same = errors.length === 0 && !/[\u0085\u2028\u2029]/.test(text);
  return { yaml12, kubectl: same ? kubectlObjects(docs) : readAsKubectl(text) };
}

/** A synthesized object as its YAML holds it: `undefined` is written as `null` (cdk8s writes with `keepUndefined`). */
export function asWritten(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(asWritten);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asWritten(v)]));
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = (typeof value === 'string' ? JSON.stringify(value) : fc.stringify(value)).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Where two values first differ: the path, and the value each holds there (`undefined`: absent). */
export interface Difference {
  readonly path: readonly (string | number)[];
  readonly read: unknown;
  readonly expected: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The first place where `read` differs from `expected`, or undefined when they are equal. */
export function firstDifference(read: unknown, expected: unknown, path: readonly (string | number)[] = []): Difference | undefined {
  if (Object.is(read, expected)) return undefined;
  if (Array.isArray(read) && Array.isArray(expected)) {
    for (let i = 0; i < Math.max(read.length, expected.length); i++) {
      if (i >= read.length || i >= expected.length) return { path: [...path, i], read: read[i], expected: expected[i] };
      const d = firstDifference(read[i], expected[i], [...path, i]);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (isObject(read) && isObject(expected)) {
    for (const k of new Set([...Object.keys(expected), ...Object.keys(read)])) {
      if (!Object.hasOwn(read, k) || !Object.hasOwn(expected, k)) {
        return {
          path: [...path, k],
          read: Object.hasOwn(read, k) ? read[k] : undefined,
          expected: Object.hasOwn(expected, k) ? expected[k] : undefined,
        };
      }
      const d = firstDifference(read[k], expected[k], [...path, k]);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return { path, read, expected };
}

/** A difference as one line: `[3].data.X: "a" instead of "b"`. */
export function describeDifference(d: Difference): string {
  const at = d.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('') || '.';
  return `${at}: ${show(d.read)} instead of ${show(d.expected)}`;
}
