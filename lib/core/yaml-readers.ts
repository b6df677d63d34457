/**
 * How the manifests' consumers read the YAML that `cdk8s synth` writes.
 * Pure: it uses the `yaml` package cdk8s writes with, not cdk8s.
 *
 * cdk8s writes every object with its own `Yaml.stringify` (the `yaml` package,
 * YAML 1.1 schema). Its readers are not JavaScript:
 *
 * - kubectl, Helm and the API server read YAML through go-yaml v2
 *   (sigs.k8s.io/yaml). Like libyaml, its scanner takes U+0085, U+2028 and
 *   U+2029 as line breaks (a JavaScript YAML parser does not), refuses
 *   non-printable characters, and resolves an unquoted scalar with Go's
 *   `strconv.ParseInt(s, 0, 64)` once underscores are removed: `0o17`, `017`
 *   and `1_000` become numbers (go-yaml v2 `resolve.go`).
 * - kustomize (kyaml) and other YAML 1.2 tools read with the YAML 1.2 core
 *   schema, where `0o17` is an octal number.
 *
 * {@link yamlMisreadings} reads a written document back with both models; any
 * difference means the deployed object is not the one the spec, the readiness
 * report and the tests saw.
 */
import * as YAML from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** go-yaml (libyaml) line breaks that JavaScript YAML parsers read as ordinary characters. */
const UNICODE_BREAKS = /[\u0085\u2028\u2029]/g;

/** Characters libyaml refuses in a stream ("control characters are not allowed"): YAML's c-printable, negated. */
const NON_PRINTABLE = /[^\t\n\r\u0020-\u007e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]|\ufeff/u;

// go-yaml v2 resolve.go: its resolveMap, and the YAML-style float it accepts.
const GO_YAML_MAP: ReadonlyMap<string, Json> = new Map<string, Json>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s): [string, Json] => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s): [string, Json] => [s, false]),
  ...['', '~', 'null', 'Null', 'NULL'].map((s): [string, Json] => [s, null]),
  // NaN and the infinities have no JSON form: sigs.k8s.io/yaml fails on them; any non-string marks the difference.
  ...['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'].map((s): [string, Json] => [
    s,
    Number.NaN as unknown as Json,
  ]),
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// Go's integer literal syntax for strconv.ParseInt(s, 0, 64), underscores already removed.
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/;

/** What go-yaml v2 makes of an unquoted scalar (the value sigs.k8s.io/yaml passes on as JSON). */
export function goYamlPlainScalar(s: string): Json {
  if (GO_YAML_MAP.has(s)) return GO_YAML_MAP.get(s)!;
  const first = s[0];
  if (first === '.') return YAML_STYLE_FLOAT.test(s) ? Number(s) : s;
  if (first === undefined || !/[-+0-9]/.test(first)) return s;
  // A timestamp-looking value stays a string when decoded into interface{} (go-yaml v2 decode.go).
  const plain = s.replace(/_/g, '');
  if (GO_INT.test(plain)) return goInt(plain);
  if (YAML_STYLE_FLOAT.test(plain)) return Number(plain);
  return s;
}

function goInt(s: string): number {
  const sign = s.startsWith('-') ? -1 : 1;
  const digits = s.replace(/^[-+]/, '');
  const radix = /^0[xX]/.test(digits) ? 16 : /^0[bB]/.test(digits) ? 2 : /^0[oO]?[0-7]/.test(digits) ? 8 : 10;
  const body = radix === 10 ? digits : digits.replace(/^0[xXbBoO]?/, '') || '0';
  return sign * parseInt(body, radix);
}

/** Reads one YAML stream the way go-yaml v2 does; throws where it would fail. */
export function readAsGoYaml(text: string): Json[] {
  const bad = NON_PRINTABLE.exec(text);
  if (bad) throw new Error(`control characters are not allowed (U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')})`);
  // Failsafe: every scalar as its source text, then resolved as go-yaml resolves unquoted ones.
  const docs = YAML.parseAllDocuments(text.replace(UNICODE_BREAKS, '\n'), { version: '1.1', schema: 'failsafe' });
  return (Array.isArray(docs) ? docs : [docs]).map((doc) => {
    if (doc.errors.length) throw new Error(doc.errors[0].message);
    return goNode(doc, doc.contents);
  });
}

function goNode(doc: YAML.Document, node: unknown): Json {
  if (YAML.isAlias(node)) return goNode(doc, node.resolve(doc));
  if (YAML.isMap(node)) {
    const out: { [key: string]: Json } = {};
    for (const pair of node.items) out[String(goNode(doc, pair.key))] = goNode(doc, pair.value);
    return out;
  }
  if (YAML.isSeq(node)) return node.items.map((item) => goNode(doc, item));
  if (YAML.isScalar(node)) {
    const value = String(node.value ?? '');
    return node.type === 'PLAIN' ? goYamlPlainScalar(value) : value;
  }
  if (node === null || node === undefined) return null;
  throw new Error(`unexpected YAML node ${String(node)}`);
}

/** Reads one YAML stream with the YAML 1.2 core schema (kustomize, yq and other YAML 1.2 readers). */
export function readAsYaml12(text: string): Json[] {
  return YAML.parseAllDocuments(text.replace(UNICODE_BREAKS, '\n'), { version: '1.2' }).map((doc) => {
    if (doc.errors.length) throw new Error(doc.errors[0].message);
    return doc.toJS() as Json;
  });
}

/** A field that a reader reads differently from what was written. */
export interface Misreading {
  /** Which document of the stream, from 0. */
  readonly document: number;
  /** Path of the field in the document, e.g. `.data.MODE`, or `.` for the whole document. */
  readonly field: string;
  /** The value written. */
  readonly written: unknown;
  /** What the reader makes of it, or why it cannot read it. */
  readonly read: string;
  /** The reader. */
  readonly reader: string;
}

type Difference = Pick<Misreading, 'field' | 'written' | 'read'>;

function firstDifference(a: unknown, b: unknown, field: string): Difference | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return { field: field || '.', written: a, read: `is read as ${JSON.stringify(b) ?? String(b)}` };
  }
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${field}.${k}`);
    if (d) return d;
  }
  return undefined;
}

const READERS: readonly (readonly [string, (text: string) => Json[]])[] = [
  ["kubectl's YAML reader (go-yaml v2)", readAsGoYaml],
  ['a YAML 1.2 reader', readAsYaml12],
];

/**
 * How each reader misreads a YAML stream written from `expected` (its documents, in order): for each
 * reader, the first field of each document that differs. Empty when both read every document back identically.
 */
export function yamlMisreadings(text: string, expected: readonly unknown[]): Misreading[] {
  const want = expected.map((e) => JSON.parse(JSON.stringify(e ?? null)) as Json);
  return READERS.flatMap(([reader, read]): Misreading[] => {
    let docs: Json[];
    try {
      docs = read(text);
    } catch (e) {
      return [{ document: 0, field: '.', written: want[0], read: `cannot be read: ${(e as Error).message.split('\n')[0]}`, reader }];
    }
    if (docs.length !== want.length) {
      return [{ document: 0, field: '.', written: want[0], read: `is read as ${docs.length} documents, not ${want.length}`, reader }];
    }
    return want.flatMap((w, document) => {
      const d = firstDifference(w, docs[document], '');
      return d ? [{ ...d, document, reader }] : [];
    });
  });
}

/** The options cdk8s's `Yaml.stringify` writes with (cdk8s/lib/yaml.js): YAML 1.1, no line folding. */
export const CDK8S_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/** A printable ASCII string that go-yaml v2 and YAML 1.2 read as the same string however it is written. */
function isPlainText(s: string): boolean {
  return /^[\t\n\x20-\x7e]*$/.test(s) && !/^[-+.0-9]/.test(s) && !GO_YAML_MAP.has(s);
}

/** How the readers misread a string value written by cdk8s (as a field of a mapping); empty for most strings, quickly. */
export function stringMisreadings(value: string): Misreading[] {
  if (isPlainText(value)) return [];
  return yamlMisreadings(YAML.stringify({ v: value }, CDK8S_YAML_OPTIONS), [{ v: value }]);
}

/** The first character of `s` that go-yaml takes as a line break or refuses, as `U+XXXX`; undefined when there is none. */
export function unreadableCharacter(s: string): string | undefined {
  const bad = /[\u0085\u2028\u2029]/.exec(s) ?? NON_PRINTABLE.exec(s);
  return bad ? `U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}
