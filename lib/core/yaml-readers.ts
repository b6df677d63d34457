/**
 * How the manifests' consumers read the YAML that `cdk8s synth` writes.
 * Pure: it uses the `yaml` package cdk8s writes with, not cdk8s.
 *
 * cdk8s writes every object with its own `Yaml.stringify` (the `yaml` package,
 * YAML 1.1 schema). Its readers are not JavaScript:
 *
 * - kubectl, Helm and the API server split a stream into documents at `---`
 *   lines and read each with sigs.k8s.io/yaml's YAMLToJSON: go-yaml v2, then
 *   JSON (NaN and the infinities fail, map keys become strings).
 * - kustomize (kyaml) reads with go-yaml v3.
 *
 * Both go-yaml versions share libyaml's scanner: U+0085, U+2028 and U+2029 are
 * line breaks (a JavaScript YAML reader takes them as ordinary characters),
 * control characters are refused, a tab among a block scalar's indentation
 * spaces is an error, and a block scalar's indentation is taken from its
 * leading lines. They resolve an unquoted scalar with resolve.go, not with a
 * YAML schema: `0o17`, `017`, `1_000`, `0b-1` and `.5e3_0` are numbers, and a
 * plain `<<` key is a merge key. v2 reads `yes` and `on` as booleans; v3 reads
 * `0o-7` as a number and a timestamp as a time.
 *
 * {@link yamlMisreadings} reads a written stream back with a model of each
 * reader: the `yaml` package's parser for the structure (after giving it
 * go-yaml's line breaks), go-yaml's scanner for each scalar's text
 * (go-yaml-scalars), go-yaml's resolve.go for its type (go-yaml-resolve). Any
 * difference means the deployed object is not the one the spec, the readiness
 * report and the tests saw. test/core/yaml-readers-go.test.ts holds the model
 * to the real go-yaml v2 and v3 (Debian's packages) on a corpus of several
 * thousand strings and on every example's manifests.
 */
import * as YAML from 'yaml';
import { goFloatKey, goResolve, isResolveMapWord, type GoScalar, type GoYamlVersion } from './go-yaml-resolve';
import { GoColumns, goBlockScalar, goPlainScalar, goQuotedScalar } from './go-yaml-scalars';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A value a reader makes of a scalar that JSON cannot hold (kustomize's NaN, infinities, times and non-string keys). */
class Unrepresentable {
  constructor(public readonly description: string) {}
}

type Read = Json | Unrepresentable | Read[] | { [key: string]: Read };

/** go-yaml's line breaks that JavaScript YAML parsers read as ordinary characters. */
const UNICODE_BREAKS = /[\u0085\u2028\u2029]/g;

/** Characters libyaml's reader refuses in a stream ("control characters are not allowed"): YAML's c-printable, negated. */
const NON_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** The readers: kubectl's and kustomize's, by the name messages give them. */
const KUBECTL = "kubectl's YAML reader (go-yaml v2)";
const KUSTOMIZE = "kustomize's YAML reader (go-yaml v3)";

// The YAML a JavaScript parser reads with go-yaml's lines: each U+0085, U+2028 and U+2029 outside a quoted
// scalar becomes a line feed (one code unit for one, so offsets stay); inside one, go-yaml folds it, which the
// scalar scanner does, and the structure does not change.
function withGoLines(text: string): string {
  if (!/[\u0085\u2028\u2029]/.test(text)) return text;
  const quoted: [number, number][] = [];
  for (const doc of YAML.parseAllDocuments(text, JS_OPTIONS)) {
    YAML.visit(doc, {
      Scalar(_, n) {
        if ((n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') && n.range) quoted.push([n.range[0], n.range[1]]);
      },
    });
  }
  quoted.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of [...quoted, [text.length, text.length]]) {
    if (start < at) continue;
    out += text.slice(at, start).replace(UNICODE_BREAKS, '\n') + text.slice(start, end);
    at = end;
  }
  return out;
}

const JS_OPTIONS = { version: '1.1', schema: 'failsafe', uniqueKeys: false } as const;

/** How a reader turns what go-yaml resolved into what it hands on. */
interface Conversion {
  /** A scalar in value position. */
  value(g: GoScalar): Read;
  /** A map key: the string it becomes, or an error. */
  key(g: GoScalar): string;
}

const describe = (g: GoScalar): string => {
  switch (g.tag) {
    case 'str':
      return JSON.stringify(g.value);
    case 'int':
      return g.value.toString();
    case 'float':
      return Number.isNaN(g.value) ? 'NaN' : Number.isFinite(g.value) ? String(g.value) : g.value > 0 ? '+Inf' : '-Inf';
    case 'bool':
      return String(g.value);
    case 'null':
      return 'null';
    case 'timestamp':
      return `a timestamp (${g.value})`;
  }
};

// sigs.k8s.io/yaml YAMLToJSON: go-yaml v2 into interface{}, then encoding/json.
const KUBECTL_CONVERSION: Conversion = {
  value(g) {
    if (g.tag === 'int') return Number(g.value);
    if (g.tag === 'float' && !Number.isFinite(g.value)) throw new Error(`json: unsupported value: ${describe(g)}`);
    return g.tag === 'null' ? null : (g.value as Json);
  },
  key(g) {
    switch (g.tag) {
      case 'str':
      case 'timestamp':
        return g.value;
      case 'int':
        if (g.value >= 1n << 63n) throw new Error(`Unsupported map key of type: uint64, key: ${g.value}`);
        return g.value.toString();
      case 'float':
        return goFloatKey(g.value);
      case 'bool':
        return String(g.value);
      case 'null':
        throw new Error('Unsupported map key of type: <nil>');
    }
  },
};

// go-yaml v3 into interface{}, what kyaml's decoding gives.
const KUSTOMIZE_CONVERSION: Conversion = {
  value(g) {
    if (g.tag === 'int') return Number(g.value);
    if (g.tag === 'timestamp' || (g.tag === 'float' && !Number.isFinite(g.value))) return new Unrepresentable(describe(g));
    return g.tag === 'null' ? null : (g.value as Json);
  },
  key(g) {
    return g.tag === 'str' ? g.value : `\u0000${describe(g)}`;
  },
};

/** For a map read back: the key as written, to how the reader read it, when the two differ (for the messages). */
const keyReadings = new WeakMap<object, Map<string, string>>();

class DocumentReader {
  private readonly seen = new Map<unknown, Read>();

  constructor(
    private readonly src: string,
    private readonly columns: GoColumns,
    private readonly doc: YAML.Document.Parsed,
    private readonly version: GoYamlVersion,
    private readonly conversion: Conversion,
  ) {}

  read(): Read {
    if (this.doc.errors.length > 0) throw new Error(this.doc.errors[0].message.split('\n')[0]);
    return this.node(this.doc.contents, -1, false);
  }

  private scalar(n: YAML.Scalar, indent: number, flow: boolean): { text: string; go: GoScalar } {
    const [start, end] = n.range!;
    const col = this.columns.of(start);
    switch (n.type) {
      case 'QUOTE_DOUBLE':
      case 'QUOTE_SINGLE': {
        const text = goQuotedScalar(this.src, start, col);
        return { text, go: { tag: 'str', value: text } };
      }
      case 'BLOCK_LITERAL':
      case 'BLOCK_FOLDED': {
        const text = goBlockScalar(this.src, start, col, indent);
        return { text, go: { tag: 'str', value: text } };
      }
      default: {
        const text = start === end ? '' : goPlainScalar(this.src, start, col, indent, flow);
        const explicitStr = n.tag === 'tag:yaml.org,2002:str' || n.tag === '!!str';
        return { text, go: explicitStr ? { tag: 'str', value: text } : goResolve(text, this.version) };
      }
    }
  }

  private node(n: unknown, indent: number, flow: boolean): Read {
    if (n === null || n === undefined) return this.conversion.value({ tag: 'null' });
    if (YAML.isAlias(n)) {
      const target = n.resolve(this.doc);
      return this.seen.has(target) ? this.seen.get(target)! : this.node(target, indent, flow);
    }
    let out: Read;
    if (YAML.isScalar(n)) out = this.conversion.value(this.scalar(n, indent, flow).go);
    else if (YAML.isMap(n)) out = this.map(n, indent, flow);
    else if (YAML.isSeq(n)) {
      const [inner, innerFlow] = this.collection(n, indent, flow);
      out = n.items.map((item) => this.node(item, inner, innerFlow));
    } else throw new Error(`unexpected YAML node ${String(n)}`);
    this.seen.set(n, out);
    return out;
  }

  // libyaml's parser.indent inside a collection: a block collection's column; a flow one keeps its parent's.
  private collection(n: YAML.YAMLMap | YAML.YAMLSeq, indent: number, flow: boolean): [number, boolean] {
    return n.flow ? [indent, true] : flow ? [indent, flow] : [this.columns.of(n.range![0]), false];
  }

  // An implicit key (not after `?`) must fit on one line of at most 1024 characters (libyaml's simple keys);
  // a JavaScript reader does not see U+2028 or U+2029 inside a quoted key as a line break.
  private simpleKey(k: YAML.Scalar): void {
    const [start, end] = k.range!;
    let before = start - 1;
    while (this.src[before] === ' ') before--;
    if (this.src[before] === '?') return;
    if (/[\n\r\u0085\u2028\u2029]/.test(this.src.slice(start, end))) throw new Error('mapping values are not allowed in this context');
    if (end - start > 1024) throw new Error("could not find expected ':'");
  }

  private map(n: YAML.YAMLMap, indent: number, flow: boolean): Read {
    const [inner, innerFlow] = this.collection(n, indent, flow);
    const out: { [key: string]: Read } = Object.create(null);
    const readings = new Map<string, string>();
    const merged: { [key: string]: Read }[] = [];
    for (const pair of n.items) {
      const k = pair.key;
      const keyScalar = YAML.isScalar(k) ? { node: k, ...this.scalar(k, inner, innerFlow) } : undefined;
      if (keyScalar && keyScalar.node.type === 'PLAIN' && !keyScalar.node.tag && keyScalar.text === '<<') {
        // A merge key (go-yaml's isMerge): its value must be a map, an alias of one, or a list of those.
        const v = this.node(pair.value, inner, innerFlow);
        const maps = Array.isArray(v) ? v : [v];
        if (
          maps.length === 0 ||
          maps.some((m) => typeof m !== 'object' || m === null || Array.isArray(m) || m instanceof Unrepresentable)
        ) {
          throw new Error('map merge requires map or sequence of maps as the value');
        }
        merged.push(...(maps as { [key: string]: Read }[]));
        readings.set('<<', 'is written unquoted and is read as a merge key');
        continue;
      }
      let key: string;
      if (keyScalar) {
        this.simpleKey(keyScalar.node);
        const { text, go } = keyScalar;
        key = this.conversion.key(go);
        if (key !== text) readings.set(text, `is written unquoted and is read as ${describe(go)}`);
      } else if (k === null || k === undefined) key = this.conversion.key({ tag: 'null' });
      else throw new Error('a map key that is not a scalar');
      Object.defineProperty(out, key, {
        value: this.node(pair.value, inner, innerFlow),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    for (const m of merged) for (const [k, v] of Object.entries(m)) if (!(k in out)) out[k] = v;
    if (readings.size > 0) keyReadings.set(out, readings);
    return out;
  }
}

/** Lone UTF-16 surrogates, which a file written as UTF-8 holds as U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

interface Parsed {
  readonly docs: readonly YAML.Document.Parsed[];
  readonly columns: GoColumns;
}

/** Parses each stream once per call of the readers: both read a single-document stream from the same parse. */
type Parser = (src: string) => Parsed;

function parser(): Parser {
  const parsed = new Map<string, Parsed>();
  return (src) => {
    let p = parsed.get(src);
    if (!p) parsed.set(src, (p = { docs: YAML.parseAllDocuments(withGoLines(src), JS_OPTIONS), columns: new GoColumns(src) }));
    return p;
  };
}

type ReadDocument = { readonly value: Read } | { readonly error: string };

/** The documents of one stream, as go-yaml `version` reads them with `conversion`; `single` reads the first only (go-yaml v2's Unmarshal). */
function readStream(text: string, version: GoYamlVersion, conversion: Conversion, single: boolean, parse: Parser): ReadDocument[] {
  const bad = NON_PRINTABLE.exec(text);
  if (bad) return [{ error: `control characters are not allowed (U+${hex(bad[0])})` }];
  // libyaml's reader drops a byte order mark at the start.
  const src = text.startsWith('\ufeff') ? text.slice(1) : text;
  const { docs, columns } = parse(src);
  const out: ReadDocument[] = [];
  for (const doc of single ? docs.slice(0, 1) : docs) {
    try {
      out.push({ value: new DocumentReader(src, columns, doc, version, conversion).read() });
    } catch (e) {
      out.push({ error: (e as Error).message });
      break;
    }
  }
  return single && out.length === 0 ? [{ value: null }] : out;
}

// How kubectl apply splits a stream (k8s.io/apimachinery YAMLReader): at each line "---" followed by white space
// only (unicode.IsSpace), lines read with bufio.ReadLine (which drops a CR before LF), empty documents skipped.
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

function kubectlDocuments(text: string): string[] {
  const docs: string[] = [];
  let buffer = '';
  const lines = text.split('\n');
  lines.forEach((raw, n) => {
    const last = n === lines.length - 1;
    if (last && raw === '') return;
    const line = `${!last && raw.endsWith('\r') ? raw.slice(0, -1) : raw}\n`;
    if (line.startsWith('---') && GO_SPACE.test(line.slice(3))) {
      if (buffer) docs.push(buffer);
      buffer = '';
    } else buffer += line;
  });
  if (buffer) docs.push(buffer);
  return docs;
}

const hex = (c: string) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');

/** The readers of the manifests, in the order their misreadings are reported. */
const READERS: readonly (readonly [string, (text: string, parse: Parser) => ReadDocument[]])[] = [
  [KUBECTL, (text, parse) => kubectlDocuments(text).flatMap((doc) => readStream(doc, 2, KUBECTL_CONVERSION, true, parse))],
  [KUSTOMIZE, (text, parse) => readStream(text, 3, KUSTOMIZE_CONVERSION, false, parse)],
];

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

function documents(read: (text: string, parse: Parser) => ReadDocument[], text: string): Read[] {
  return read(wellFormed(text), parser()).map((d) => {
    if ('error' in d) throw new Error(d.error);
    return d.value;
  });
}

/** Reads one YAML stream the way kubectl does (go-yaml v2 through sigs.k8s.io/yaml, one document per `---` line); throws where it would fail. */
export function readAsGoYaml(text: string): Json[] {
  return documents(READERS[0][1], text) as Json[];
}

/** Reads one YAML stream the way kustomize does (go-yaml v3); throws where it would fail. Values JSON cannot hold are objects with a `description`. */
export function readAsGoYamlV3(text: string): unknown[] {
  return documents(READERS[1][1], text);
}

/** What go-yaml v2 makes of an unquoted scalar (the value sigs.k8s.io/yaml passes on as JSON; NaN for NaN and the infinities, which it cannot pass on). */
export function goYamlPlainScalar(s: string): Json {
  const g = goResolve(s, 2);
  if (g.tag === 'float' && !Number.isFinite(g.value)) return Number.NaN as unknown as Json;
  return KUBECTL_CONVERSION.value(g) as Json;
}

/** A field that a reader reads differently from what was written. */
export interface Misreading {
  /** Which document of the stream, from 0. */
  readonly document: number;
  /** Path of the field in the document, e.g. `.data.MODE`, or `.` for the whole document. */
  readonly field: string;
  /** The value written. */
  readonly written: unknown;
  /** What the reader makes of it, or why it cannot read it: `is read as ...`, `is written unquoted and is read as ...`, `cannot be read (...)`. */
  readonly read: string;
  /** The reader. */
  readonly reader: string;
}

type Difference = Pick<Misreading, 'field' | 'written' | 'read'>;

const show = (v: unknown): string => (v instanceof Unrepresentable ? v.description : (JSON.stringify(v) ?? String(v)));

function firstDifference(a: unknown, b: Read | undefined, field: string): Difference | undefined {
  if (Object.is(a, b)) return undefined;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !(v instanceof Unrepresentable);
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) {
    const unquoted = typeof a === 'string' && b !== undefined && !isObject(b) && typeof b !== 'string';
    return { field: field || '.', written: a, read: `${unquoted ? 'is written unquoted and ' : ''}is read as ${show(b)}` };
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, Read>;
  const readings = keyReadings.get(y);
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (Object.prototype.hasOwnProperty.call(x, k) && !Object.prototype.hasOwnProperty.call(y, k)) {
      return { field: `${field}.${k}`, written: k, read: readings?.get(k) ?? 'is not read back as a key' };
    }
    const d = firstDifference(x[k], y[k], `${field}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/**
 * How each reader misreads a YAML stream written from `expected` (its documents, in order): for each
 * reader, the first field of each document that differs, or why a document cannot be read. Empty when
 * both readers read every document back as written.
 */
export function yamlMisreadings(text: string, expected: readonly unknown[]): Misreading[] {
  const want = expected.map((e) => JSON.parse(JSON.stringify(e ?? null)) as Json);
  const src = wellFormed(text);
  const parse = parser();
  return READERS.flatMap(([reader, read]): Misreading[] => {
    const docs = read(src, parse);
    const out: Misreading[] = [];
    docs.forEach((d, document) => {
      if ('error' in d)
        out.push({ document, field: '.', written: want[document], read: `cannot be read (${d.error.split('\n')[0]})`, reader });
      else if (document < want.length) {
        const diff = firstDifference(want[document], d.value, '');
        if (diff) out.push({ ...diff, document, reader });
      }
    });
    if (docs.length !== want.length && !docs.some((d) => 'error' in d)) {
      out.push({ document: 0, field: '.', written: want[0], read: `is read as ${docs.length} documents, not ${want.length}`, reader });
    }
    return out;
  });
}

/** The options cdk8s's `Yaml.stringify` writes with (cdk8s/lib/yaml.js): YAML 1.1, no line folding. */
export const CDK8S_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/**
 * A string both readers read back as written however cdk8s writes it (plain, quoted, as a value or a
 * key, at any depth), decided without writing it. Printable ASCII only: no line break and no tab, so it is
 * never a block scalar and never changes the lines; the reader accepts every such character, and quoted it
 * reads back verbatim. Unquoted, resolve.go reads it as a string: its first character gives no hint
 * (only `+ - . 0-9` lead to numbers) and it is none of the words of resolveMap (`yes`, `on`, `~`, `null`,
 * ...), nor `<<`, a merge key. test/core/yaml-readers-go.test.ts checks this against the real readers for
 * every string of its corpus that passes.
 */
export function isPlainText(s: string): boolean {
  return /^[\x20-\x7e]+$/.test(s) && !/^[-+.0-9]/.test(s) && !isResolveMapWord(s) && s !== '<<';
}

/**
 * How the readers misread a string written by cdk8s as a map value (or, with `position: 'key'`, as a map
 * key); empty for most strings, quickly.
 */
export function stringMisreadings(s: string, position: 'value' | 'key' = 'value'): Misreading[] {
  if (isPlainText(s)) return [];
  const object = position === 'key' ? { v: { [s]: '' } } : { v: s };
  return yamlMisreadings(YAML.stringify(object, CDK8S_YAML_OPTIONS), [object]);
}

/** The first character of `s` that go-yaml takes as a line break or refuses, as `U+XXXX`; undefined when there is none. */
export function unreadableCharacter(s: string): string | undefined {
  const bad = /[\u0085\u2028\u2029]/.exec(s) ?? NON_PRINTABLE.exec(s);
  return bad ? `U+${hex(bad[0])}` : undefined;
}
