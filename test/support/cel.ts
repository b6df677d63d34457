/**
 * The CEL validation rules of CRDs (`x-kubernetes-validations`), evaluated as
 * the API server (apiextensions-apiserver) does on create, for tests.
 *
 * - Each rule applies at its schema node to `self`, the node's value, and only
 *   when the value is present and not null.
 * - `self` has the CEL types the schema declares: `integer` is int, `number`
 *   double, `string` string (bytes for `format: byte`, timestamp for
 *   `date`/`date-time`, duration for `duration`), `x-kubernetes-int-or-string`
 *   int or string, arrays lists, and objects maps: with `properties`, only the
 *   declared fields that are set (so `has()` is false for an absent optional
 *   field) under the API server's escaped names (`namespace` is
 *   `__namespace__`, `a-b` is `a__dash__b`); with `additionalProperties`, every
 *   key as is.
 * - A rule that references `oldSelf` is a transition rule, which the API
 *   server only evaluates on update: skipped (only creation is modelled).
 * - A failure reads `message`, else the evaluated `messageExpression`, else
 *   `failed rule: <rule>`; `fieldPath` moves it below the node.
 * - The environment is CEL's standard library (@bufbuild/cel) with the
 *   Kubernetes libraries that the vendored CRDs use: cel-go's strings extension
 *   (split, lowerAscii, upperAscii, substring...), `isIP` and the regex
 *   library's `find` (Karpenter's CRDs). A rule that does
 *   not parse, names an unknown variable, or calls a function this
 *   environment lacks is not skipped: it fails, naming the rule, whether or
 *   not the call would be reached. Implement the function here.
 *
 * Not modelled: the cost budget, and the static type checks the API server
 * runs when it accepts a CRD (the vendored CRDs passed them).
 */
import {
  celEnv,
  celFunc,
  celMethod,
  CelScalar,
  isCelError,
  parse,
  plan,
  type CelEnv,
  type CelInput,
  type CelResult,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** One entry of `x-kubernetes-validations`. */
export interface Rule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
  optionalOldSelf?: boolean;
}

/** A rule that did not hold (or could not be evaluated): the JSON pointer below the node it applies to, and why. */
export interface RuleFailure {
  /** JSON pointer relative to the node: '' or, from `fieldPath`, e.g. `/spec/name`. */
  path: string;
  message: string;
  rule: string;
}

// ---------------------------------------------------------------------------
// Kubernetes functions

/** netip.ParseAddr of an IPv4 address: four decimal octets without leading zeros. */
function ipv4Bytes(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    bytes.push(Number(p));
  }
  return bytes;
}

/** netip.ParseAddr of an IPv6 address (without zone): 16 bytes, or undefined. */
function ipv6Bytes(s: string): number[] | undefined {
  const ellipsis = s.indexOf('::');
  if (ellipsis >= 0 && s.indexOf('::', ellipsis + 1) >= 0) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const bytesOf = (gs: string[], ipv4Last: boolean): number[] | undefined => {
    const bytes: number[] = [];
    for (let i = 0; i < gs.length; i++) {
      if (ipv4Last && i === gs.length - 1 && gs[i].includes('.')) {
        const v4 = ipv4Bytes(gs[i]);
        if (!v4) return undefined;
        bytes.push(...v4);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(gs[i])) {
        const n = parseInt(gs[i], 16);
        bytes.push(n >> 8, n & 0xff);
      } else return undefined;
    }
    return bytes;
  };
  if (ellipsis < 0) {
    const all = bytesOf(groups(s), true);
    return all?.length === 16 ? all : undefined;
  }
  const head = bytesOf(groups(s.slice(0, ellipsis)), false);
  const tail = bytesOf(groups(s.slice(ellipsis + 2)), true);
  if (!head || !tail) return undefined;
  const zeros = 16 - head.length - tail.length;
  // The :: stands for at least one group of zeros.
  if (zeros < 2) return undefined;
  return [...head, ...new Array<number>(zeros).fill(0), ...tail];
}

/**
 * Kubernetes' `isIP(string)`: Go's netip.ParseAddr accepts it, without a zone
 * and not an IPv4-mapped IPv6 address.
 */
export function isIP(s: string): boolean {
  if (!s.includes(':')) return ipv4Bytes(s) !== undefined;
  if (s.includes('%')) return false;
  const bytes = ipv6Bytes(s);
  if (!bytes) return false;
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return !mapped;
}

let environment: CelEnv | undefined;

function env(): CelEnv {
  if (!environment) {
    const { STRING, BOOL } = CelScalar;
    const std = celEnv({ funcs: strings });
    const matches = plan(std, parse('s.matches(re)'));
    environment = celEnv({
      funcs: [
        ...strings,
        celFunc('isIP', [STRING], BOOL, isIP),
        // Kubernetes' regex library: the first match of the (RE2) pattern, '' when none.
        celMethod('find', STRING, [STRING], STRING, function (this: string, re: string) {
          return new RegExp(re).exec(this)?.[0] ?? '';
        }),
        // The global form of the standard `s.matches(re)`, which @bufbuild/cel only has as a method.
        celFunc('matches', [STRING, STRING], BOOL, (s: string, re: string) => {
          const r = matches({ s, re });
          if (isCelError(r)) throw r;
          return r as boolean;
        }),
      ],
    });
  }
  return environment;
}

// ---------------------------------------------------------------------------
// Compilation

type Expr = ReturnType<typeof parse>['expr'];

/** Operators that the evaluator implements itself rather than as functions. */
const SPECIAL_FORMS = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '@not_strictly_false', '__not_strictly_false__']);

/** The variables of a rule, and the type names CEL declares as identifiers (`type(self) == int`). */
const VARIABLES = ['self', 'oldSelf'];
const TYPE_NAMES = ['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type'];

/**
 * The problems that would make the API server refuse the rule, or make this
 * helper evaluate it wrongly: unknown variables and functions (by name, receiver
 * and arity), and message construction. Also whether the rule reads `oldSelf`.
 */
function inspect(expr: Expr): { problems: string[]; oldSelf: boolean } {
  const problems: string[] = [];
  let oldSelf = false;
  const funcs = env().funcs;
  const known = (name: string, method: boolean, arity: number) => {
    const group = funcs.find(name);
    if (!group) return false;
    for (const f of group) if ((f.target !== undefined) === method && f.arguments.length === arity) return true;
    return false;
  };
  /** `locals`: the variables of the enclosing comprehensions. */
  const walk = (e: Expr | undefined, locals: ReadonlySet<string>): void => {
    if (!e) return;
    const k = e.exprKind;
    switch (k.case) {
      case 'identExpr': {
        const name = k.value.name;
        if (locals.has(name)) return;
        if (name === 'oldSelf') oldSelf = true;
        if (!VARIABLES.includes(name) && !TYPE_NAMES.includes(name)) problems.push(`undeclared reference to '${name}'`);
        return;
      }
      case 'selectExpr':
        return walk(k.value.operand, locals);
      case 'callExpr': {
        const { function: name, target, args } = k.value;
        if (!SPECIAL_FORMS.has(name) && !known(name, target !== undefined, args.length)) {
          problems.push(`function ${target ? '<receiver>.' : ''}${name}() with ${args.length} argument(s) is not implemented`);
        }
        walk(target, locals);
        for (const a of args) walk(a, locals);
        return;
      }
      case 'listExpr':
        for (const el of k.value.elements) walk(el, locals);
        return;
      case 'structExpr':
        if (k.value.messageName) problems.push(`message construction (${k.value.messageName}) is not supported`);
        for (const en of k.value.entries) {
          if (en.keyKind.case === 'mapKey') walk(en.keyKind.value, locals);
          walk(en.value, locals);
        }
        return;
      case 'comprehensionExpr': {
        const c = k.value;
        walk(c.iterRange, locals);
        walk(c.accuInit, locals);
        const inner = new Set([...locals, c.iterVar, ...(c.iterVar2 ? [c.iterVar2] : []), c.accuVar]);
        walk(c.loopCondition, inner);
        walk(c.loopStep, inner);
        walk(c.result, new Set([...locals, c.accuVar]));
        return;
      }
      default:
        return;
    }
  };
  walk(expr, new Set());
  return { problems, oldSelf };
}

type Program = (vars: Record<string, CelInput>) => CelResult;

/** A compiled rule: programs for the rule and its messageExpression, or why it cannot be evaluated. */
interface Compiled {
  transition: boolean;
  program?: Program;
  messageProgram?: Program;
  error?: string;
}

const compiled = new Map<string, Compiled>();

function compileExpression(source: string): { program?: Program; error?: string; oldSelf: boolean } {
  let parsed;
  try {
    parsed = parse(source);
  } catch (err: any) {
    return { error: `does not compile: ${err?.message ?? err}`, oldSelf: false };
  }
  const { problems, oldSelf } = inspect(parsed.expr);
  if (problems.length) return { error: [...new Set(problems)].join('; '), oldSelf };
  return { program: plan(env(), parsed) as Program, oldSelf };
}

/** Compiles a rule (cached by its text and messageExpression). Never throws: what cannot be evaluated is in `error`. */
export function compileRule(rule: Rule): Compiled {
  const key = JSON.stringify([rule.rule, rule.messageExpression ?? null, rule.optionalOldSelf ?? false]);
  let c = compiled.get(key);
  if (!c) {
    const main = compileExpression(rule.rule);
    const message = rule.messageExpression !== undefined ? compileExpression(rule.messageExpression) : undefined;
    const errors = [
      ...(main.error ? [main.error] : []),
      ...(message?.error ? [`its messageExpression ${JSON.stringify(rule.messageExpression)}: ${message.error}`] : []),
      // With optionalOldSelf the API server evaluates a transition rule on create too, with oldSelf an optional.none().
      ...(rule.optionalOldSelf ? ['optionalOldSelf (optional types) is not supported'] : []),
    ];
    c = {
      transition: main.oldSelf,
      program: main.program,
      messageProgram: message?.program,
      error: errors.length ? errors.join('; ') : undefined,
    };
    compiled.set(key, c);
  }
  return c;
}

// ---------------------------------------------------------------------------
// Values

/** Thrown when a value does not have its schema's type: ajv reports that, and the API server evaluates no rule on it. */
class TypeMismatch extends Error {}

/** Thrown when a string does not read as its format's CEL type (timestamp, duration): the API server's rules on it fail to evaluate. */
class FormatError extends Error {}

const CEL_RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
]);

/** The name of a property in CEL (k8s.io/apiserver/pkg/cel escaping), or undefined if CEL cannot access it. */
export function escapeProperty(name: string): string | undefined {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  const names: Record<string, string> = { __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };
  return name.replace(/__|[.\-/]/g, (m) => names[m]);
}

let converters: { timestamp: Program; duration: Program } | undefined;

/** A string as a CEL timestamp or duration (the API server's reading of `format: date-time`, `date`, `duration`). */
function formatted(kind: 'timestamp' | 'duration', s: string): CelValue {
  converters ??= { timestamp: plan(env(), parse('timestamp(s)')) as Program, duration: plan(env(), parse('duration(s)')) as Program };
  const r = converters[kind]({ s });
  if (isCelError(r)) throw new FormatError(`${JSON.stringify(s)} is not a ${kind}`);
  return r;
}

/** A value of no declared type (under x-kubernetes-preserve-unknown-fields): JSON as the API server decodes it. */
function dynamic(value: unknown): CelInput {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value as CelInput;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  // As JSON.stringify would: an undefined item is null, an undefined property absent.
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : dynamic(v)));
  if (typeof value === 'object') {
    return new Map(Object.entries(value).flatMap(([k, v]): [string, CelInput][] => (v === undefined ? [] : [[k, dynamic(v)]])));
  }
  throw new TypeMismatch(`${typeof value} is not JSON`);
}

const cache = new WeakMap<object, Map<object, CelInput>>();

/** A JSON value as the CEL value of its structural schema node. */
export function toCel(value: unknown, schema: any): CelInput {
  if (value === null) return null;
  if (typeof value === 'object') {
    const bySchema = cache.get(value);
    const hit = bySchema?.get(schema);
    if (hit !== undefined) return hit;
    const converted = convert(value, schema);
    if (bySchema) bySchema.set(schema, converted);
    else cache.set(value, new Map([[schema, converted]]));
    return converted;
  }
  return convert(value, schema);
}

function convert(value: unknown, schema: any): CelInput {
  const s = schema ?? {};
  if (s['x-kubernetes-int-or-string']) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
    throw new TypeMismatch('not an integer or a string');
  }
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeMismatch('not an integer');
      return BigInt(value);
    case 'number':
      if (typeof value !== 'number') throw new TypeMismatch('not a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new TypeMismatch('not a boolean');
      return value;
    case 'string':
      if (typeof value !== 'string') throw new TypeMismatch('not a string');
      switch (s.format) {
        case 'byte':
          return new Uint8Array(Buffer.from(value, 'base64'));
        case 'date-time':
          return formatted('timestamp', value) as CelInput;
        case 'date':
          return formatted('timestamp', `${value}T00:00:00Z`) as CelInput;
        case 'duration':
          return formatted('duration', value) as CelInput;
        default:
          return value;
      }
    case 'array':
      if (!Array.isArray(value)) throw new TypeMismatch('not an array');
      return value.map((v) => toCel(v, s.items));
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeMismatch('not an object');
      const entries: [string, CelInput][] = [];
      const v = value as Record<string, unknown>;
      if (s.properties || s['x-kubernetes-embedded-resource']) {
        const props: Record<string, any> = s['x-kubernetes-embedded-resource']
          ? { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: EMBEDDED_METADATA, ...s.properties }
          : s.properties;
        for (const [name, sub] of Object.entries(props)) {
          const cel = escapeProperty(name);
          if (cel !== undefined && v[name] !== undefined) entries.push([cel, toCel(v[name], sub)]);
        }
      } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        for (const [k, sub] of Object.entries(v)) if (sub !== undefined) entries.push([k, toCel(sub, s.additionalProperties)]);
      } else if (s['x-kubernetes-preserve-unknown-fields']) {
        return dynamic(value);
      }
      return new Map(entries);
    }
    default:
      return dynamic(value);
  }
}

/** What CEL sees of an embedded resource's metadata. */
const EMBEDDED_METADATA = { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } };

// ---------------------------------------------------------------------------
// Evaluation

/** `fieldPath` (`.a.b`, `.a['b.c']`, `.a[0]`) as a JSON pointer, or undefined when it is not one. */
function pointerOf(fieldPath: string): string | undefined {
  const parts: string[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]|\[([0-9]+)\]/y;
  let at = 0;
  while (at < fieldPath.length) {
    re.lastIndex = at;
    const m = re.exec(fieldPath);
    if (!m) return undefined;
    parts.push(m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]);
    at = re.lastIndex;
  }
  return parts.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function errorText(e: unknown): string {
  return isCelError(e) ? e.message : String((e as any)?.message ?? e);
}

/**
 * Evaluates the rules of one schema node on its value, as the API server does
 * on create. Returns the failures; empty when every rule holds, the value is
 * absent or null, or it does not have the node's type (a schema error).
 */
export function evaluateRules(rules: readonly Rule[], schema: any, value: unknown): RuleFailure[] {
  if (value === undefined || value === null || !Array.isArray(rules) || rules.length === 0) return [];
  let self: CelInput | undefined;
  let selfError: string | undefined;
  try {
    self = toCel(value, schema);
  } catch (err) {
    if (err instanceof TypeMismatch) return [];
    selfError = errorText(err);
  }
  const failures: RuleFailure[] = [];
  for (const rule of rules) {
    const text = typeof rule?.rule === 'string' ? rule.rule.trim() : '';
    const c = compileRule({ ...rule, rule: text });
    if (c.error) {
      failures.push({ path: '', rule: text, message: `cannot evaluate rule ${JSON.stringify(text)}: ${c.error}` });
      continue;
    }
    if (c.transition) continue; // only evaluated on update
    if (selfError !== undefined) {
      failures.push({ path: '', rule: text, message: `${selfError} evaluating rule: ${text}` });
      continue;
    }
    let result: CelResult;
    try {
      result = c.program!({ self: self! });
    } catch (err) {
      result = err as CelResult;
    }
    if (result === true) continue;
    const path = rule.fieldPath ? pointerOf(rule.fieldPath) : '';
    if (path === undefined) {
      failures.push({ path: '', rule: text, message: `invalid fieldPath ${JSON.stringify(rule.fieldPath)} of rule: ${text}` });
      continue;
    }
    if (isCelError(result) || (result as unknown) instanceof Error) {
      failures.push({ path: '', rule: text, message: `${errorText(result)} evaluating rule: ${text}` });
      continue;
    }
    if (typeof result !== 'boolean') {
      failures.push({ path: '', rule: text, message: `rule evaluated to ${String(result)}, not a bool: ${text}` });
      continue;
    }
    failures.push({ path, rule: text, message: messageOf(rule, c, self!) });
  }
  return failures;
}

/** The message of a failed rule: messageExpression when it evaluates to a usable string, else message, else `failed rule: <rule>`. */
function messageOf(rule: Rule, c: Compiled, self: CelInput): string {
  if (c.messageProgram) {
    let m: unknown;
    try {
      m = c.messageProgram({ self });
    } catch {
      m = undefined;
    }
    if (typeof m === 'string' && m.trim() !== '' && !/[\r\n]/.test(m)) return m.trim();
  }
  return rule.message?.trim() ? rule.message.trim() : `failed rule: ${rule.rule.trim()}`;
}
