/**
 * Unknown keys: a field the types do not declare (`replica` for `replicas`, `regoin` for `region`)
 * would otherwise be ignored, since `tsc` is the only thing that sees it and neither `npm run synth`
 * (swc) nor a spec parsed from JSON is type-checked.
 *
 * The keys allowed at each point come from one source, the spec's TypeScript types: `npm run spec-keys`
 * (scripts/spec-keys.ts) reads lib/core/spec with the compiler and writes them as plain data to
 * spec/keys.generated.ts, and a test regenerates them and fails when that file is stale. A hand-written
 * list would drift from the types; deriving them at run time would need the TypeScript compiler in
 * lib/core, which has no heavy dependency.
 */
import { isUnresolved } from '../tokens';
import { SPEC_KEYS } from '../spec/keys.generated';
import type { Problems } from './problems';

/**
 * What a field holds, as far as its keys go: `null` for a value with no keys to check (a primitive or a
 * list of primitives), a type's name (a key of {@link SpecKeys.types}), a list or a map (any key, the
 * user's: env names, labels, file names) of such values, or an object written in place.
 */
export type KeyShape = null | string | { readonly list: KeyShape } | { readonly map: KeyShape } | ObjectKeys;

/**
 * The keys of an object: its `fields`, or `oneOf` its variants. With `by`, the variant is the one named
 * by the value of that field (`type: 'http'`); without it, each variant is named by the one key that only
 * it has (`service` or `namespace`).
 */
export type ObjectKeys =
  { readonly fields: Readonly<Record<string, KeyShape>> } | { readonly oneOf: Readonly<Record<string, KeyShape>>; readonly by?: string };

/** The keys of the whole spec: the root type's name and every named type. */
export interface SpecKeys {
  readonly root: string;
  readonly types: Readonly<Record<string, ObjectKeys>>;
}

/** A shape compiled for the walk: names resolved, each union's variants merged once. */
type Node = undefined | { readonly list: Node } | { readonly map: Node } | ObjectNode | UnionNode;

interface ObjectNode {
  readonly fields: Map<string, Node>;
  /** The keys of `fields`, in their order: what an unknown key is compared with. */
  readonly names: string[];
}

interface UnionNode {
  /** The variant by the value of `by`, or by the key only that variant has. */
  readonly variants: Map<string, ObjectNode>;
  readonly by?: string;
  /** Every variant's fields, for a value that names no variant or more than one (other rules report that). */
  readonly any: ObjectNode;
}

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Compiles a tree of shapes; a named type is compiled once, so recursive types would compile too. */
function compileKeys(spec: SpecKeys): Node {
  const named = new Map<string, ObjectNode | UnionNode>();

  const objectOf = (shape: KeyShape): ObjectNode => {
    const node = compile(shape);
    if (node === undefined || !('fields' in node)) throw new Error(`spec keys: a variant must be an object, not ${JSON.stringify(shape)}`);
    return node;
  };

  const compile = (shape: KeyShape): Node => {
    if (shape === null) return undefined;
    if (typeof shape === 'string') {
      const done = named.get(shape);
      if (done) return done;
      const keys = spec.types[shape];
      if (!keys) throw new Error(`spec keys: no type ${shape}`);
      return compileObject(keys, shape);
    }
    if ('list' in shape) return { list: compile(shape.list) };
    if ('map' in shape) return { map: compile(shape.map) };
    return compileObject(shape);
  };

  const compileObject = (keys: ObjectKeys, name?: string): ObjectNode | UnionNode => {
    if ('fields' in keys) {
      const node: ObjectNode = { fields: new Map(), names: Object.keys(keys.fields) };
      if (name) named.set(name, node);
      for (const [k, v] of Object.entries(keys.fields)) node.fields.set(k, compile(v));
      return node;
    }
    const node: UnionNode = { variants: new Map(), by: keys.by, any: { fields: new Map(), names: [] } };
    if (name) named.set(name, node);
    for (const [k, v] of Object.entries(keys.oneOf)) node.variants.set(k, objectOf(v));
    for (const variant of node.variants.values()) {
      for (const [k, child] of variant.fields) {
        // A key of several variants is walked only when they agree on what it holds.
        if (!node.any.fields.has(k)) node.any.fields.set(k, child);
        else if (node.any.fields.get(k) !== child) node.any.fields.set(k, undefined);
      }
    }
    node.any.names.push(...node.any.fields.keys());
    return node;
  };

  return compile(spec.root);
}

let specTree: Node | null = null;

/** Records a problem for every key of the spec that its types do not declare, at any depth. */
export function checkUnknownKeys(p: Problems, props: unknown): void {
  specTree ??= compileKeys(SPEC_KEYS);
  walk(p, '', props, specTree, new Set());
}

/**
 * An object literal or parsed JSON: not a class instance such as a cdk8s `Lazy`, a Pulumi Output or a
 * promise (values, not spec objects), whatever the realm it comes from.
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

const at = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/**
 * Walks `value` along `node`. A value of an unexpected type (a string for an object, an object for a
 * list) is left to the other rules, as are values not known until deploy time. Each object is walked
 * once per path that reaches it and never inside itself, so the walk is linear in the spec's size and
 * ends on cyclic input.
 */
function walk(p: Problems, path: string, value: unknown, node: Node, inside: Set<object>): void {
  if (node === undefined || isUnresolved(value) || (typeof value === 'object' && value !== null && inside.has(value))) return;
  if ('list' in node) {
    if (!Array.isArray(value)) return;
    inside.add(value);
    value.forEach((item, i) => walk(p, `${path}[${i}]`, item, node.list, inside));
    inside.delete(value);
    return;
  }
  if (!isPlainObject(value)) return;
  inside.add(value);
  if ('map' in node) {
    for (const k of Object.keys(value)) walk(p, at(path, k), value[k], node.map, inside);
  } else {
    const { fields, names } = 'fields' in node ? node : variantOf(node, value);
    for (const k of Object.keys(value)) {
      if (fields.has(k)) walk(p, at(path, k), value[k], fields.get(k), inside);
      // The key is recorded, not its value: an unchecked field may hold anything, a password included.
      else p.add(at(path, k), k, `unknown field {value}${retiredHint(k, names) ?? movedHint(path, k, fields) ?? hint(k, names)}`);
    }
  }
  inside.delete(value);
}

/** The variant a value names: by its `by` field, else by the keys only one variant has. */
function variantOf(node: UnionNode, value: Record<string, unknown>): ObjectNode {
  if (node.by !== undefined) {
    const tag = value[node.by];
    return (typeof tag === 'string' && node.variants.get(tag)) || node.any;
  }
  const named = [...node.variants.keys()].filter((k) => own(value, k));
  return named.length === 1 ? node.variants.get(named[0])! : node.any;
}

/** Allowed keys listed when none is close. */
const LISTED = 6;

/** Fields the spec had and replaced: the field that replaces each, and what to tell whoever still writes it. */
const RETIRED: Readonly<Record<string, { readonly by: string; readonly hint: string }>> = {
  ingress: {
    by: 'route',
    hint: ': the edge is Gateway API on Envoy Gateway now; write `route` (host, path, port, rateLimit, timeoutSeconds, ...) and `edge` (README: "Migrating from ingress")',
  },
};

/** What to tell whoever still writes a retired field, where the field that replaces it is allowed. */
function retiredHint(key: string, names: readonly string[]): string | undefined {
  const retired = own(RETIRED, key) ? RETIRED[key] : undefined;
  return retired && names.includes(retired.by) ? retired.hint : undefined;
}

/**
 * For a key that one cloud's sub-object of the same object declares (`redis.nodeType`, which is
 * `redis.aws.nodeType`): where it moved. Cloud-only fields moved under `aws` and `gcp` (README: "Cloud-only
 * fields"), so that the spec says which cloud reads each.
 */
function movedHint(path: string, key: string, fields: ReadonlyMap<string, Node>): string | undefined {
  const cloud = ['aws', 'gcp'].find((c) => {
    const node = fields.get(c);
    return node !== undefined && 'fields' in node && node.fields.has(key);
  });
  return cloud && `: it moved to ${at(at(path, cloud), key)} (README: "Cloud-only fields")`;
}

/** What follows `unknown field "replica"`: ` (did you mean "replicas"?)`, or the first allowed keys when none is close. */
export function hint(key: string, allowed: readonly string[]): string {
  const close = suggestion(key, allowed);
  if (close !== undefined) return ` (did you mean "${close}"?)`;
  if (allowed.length === 0) return ' (no fields are allowed here)';
  const more = allowed.length - LISTED;
  const list = allowed.slice(0, more > 1 ? LISTED : allowed.length).join(', ');
  return ` (allowed here: ${list}${more > 1 ? ` and ${more} more` : ''})`;
}

/**
 * The allowed key closest to `key`: the same but for case, else within a Damerau-Levenshtein distance of
 * 2 (fewer edits than either key has characters, so that `a` does not suggest `aws`); the first declared
 * of the closest. Only keys within 2 characters of its length are compared, so a long key costs nothing.
 */
export function suggestion(key: string, allowed: readonly string[]): string | undefined {
  let lowered = LOWERED.get(allowed);
  if (!lowered) LOWERED.set(allowed, (lowered = allowed.map((a) => a.toLowerCase())));
  const lower = key.toLowerCase();
  const sameButCase = lowered.indexOf(lower);
  if (sameButCase >= 0) return allowed[sameButCase];
  let best: string | undefined;
  let bestDistance = 3;
  lowered.forEach((a, i) => {
    if (Math.abs(a.length - key.length) >= bestDistance) return;
    const d = distance(lower, a, bestDistance - 1);
    if (d < bestDistance && d < Math.min(key.length, a.length)) {
      best = allowed[i];
      bestDistance = d;
    }
  });
  return best;
}

/** The allowed keys in lower case, by list (each object's list is compiled once). */
const LOWERED = new WeakMap<readonly string[], string[]>();

/**
 * Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions, adjacent
 * transpositions), or `max + 1` as soon as it is known to exceed `max`.
 */
export function distance(a: string, b: string, max = Infinity): number {
  const n = b.length;
  let prev2 = new Int32Array(n + 1);
  let prev = new Int32Array(n + 1);
  let row = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let least = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = prev[j] + 1;
      if (row[j - 1] + 1 < d) d = row[j - 1] + 1;
      if (prev[j - 1] + cost < d) d = prev[j - 1] + cost;
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1) &&
        prev2[j - 2] + 1 < d
      ) {
        d = prev2[j - 2] + 1;
      }
      row[j] = d;
      if (d < least) least = d;
    }
    if (least > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = row;
    row = spare;
  }
  return prev[n];
}
