/**
 * The spec as plain data, before any rule reads it. A spec may come from
 * JavaScript or parsed input, and the rules interpolate, join and compare its
 * values: a value that is not plain data (a class instance, a
 * `Map`, a `Date`, a function, a symbol, a bigint, a getter that throws, a
 * cycle, nesting without end) would make a rule throw instead of report, and a
 * key or name that every JavaScript object has (`constructor`) would make cdk8s
 * throw. So `check()` first copies the spec into strings, numbers, booleans,
 * `null`, lists and plain objects (an object without a prototype is one),
 * reporting each value it cannot copy; values not known yet (cdk8s tokens,
 * Pulumi Outputs) are kept as they are.
 */
import { isUnresolved } from '../tokens';
import type { Problems } from './problems';

/** How deep a spec may nest; its deepest field today is 7 levels down. */
export const MAX_DEPTH = 32;

const PLAIN_PROTOTYPES: readonly unknown[] = [Object.prototype, null];

/**
 * Names every JavaScript object already has (`constructor`, `__proto__`, `toString`, ...). As a key (an env
 * variable, a file name, a label) or as an entry's `name` (which becomes a construct id and a map key in cdk8s
 * and constructs) they make cdk8s fail ("can't render non-simple object", "There is already a Construct").
 */
const OBJECT_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A copy of `value` as plain data; each value that is not plain data is reported at its path and left out. */
export function plainSpec(p: Problems, value: unknown): unknown {
  const ancestors = new Set<object>();
  const copy = (v: unknown, path: string, depth: number): unknown => {
    const at = path || '<spec>';
    switch (typeof v) {
      case 'string':
      case 'boolean':
      case 'undefined':
        return v;
      case 'number':
        if (Number.isFinite(v)) return v;
        p.add(at, String(v), `${String(v)} is not a finite number`);
        return undefined;
      case 'object':
        break;
      default:
        p.add(at, `<${typeof v}>`, `a ${typeof v} is not spec data: give a string, number, boolean, list or object`);
        return undefined;
    }
    if (v === null || isUnresolved(v)) return v;
    if (ancestors.has(v)) {
      p.add(at, '<cycle>', 'the spec must be a tree: this value refers back to itself');
      return undefined;
    }
    if (depth >= MAX_DEPTH) {
      p.add(at, '<deep>', `the spec nests deeper than ${MAX_DEPTH} levels`);
      return undefined;
    }
    const isList = Array.isArray(v);
    if (!isList && !PLAIN_PROTOTYPES.includes(Object.getPrototypeOf(v))) {
      const kind = (v as { constructor?: { name?: unknown } }).constructor?.name;
      p.add(
        at,
        `<${typeof kind === 'string' ? kind : 'object'}>`,
        `a ${typeof kind === 'string' ? kind : 'class instance'} is not spec data: give a plain object or list`,
      );
      return undefined;
    }
    ancestors.add(v);
    try {
      if (isList) return Array.from({ length: v.length }, (_, i) => copy(read(v, i, `${path}[${i}]`), `${path}[${i}]`, depth + 1));
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const field = path ? `${path}.${key}` : key;
        const item = copy(read(v, key, field), field, depth + 1);
        if (OBJECT_NAMES.has(key)) {
          // left out: later rules may turn the object into text, which an own `toString` that is no function breaks
          p.add(field, key, `the key {value} is a name every JavaScript object has: cdk8s cannot hold it`);
          continue;
        }
        if (key === 'name' && typeof item === 'string' && OBJECT_NAMES.has(item))
          p.add(field, item, `{value} is a name every JavaScript object has: cdk8s and constructs cannot hold it as a name`);
        // `__proto__` as an own key (parsed JSON) stays data: defined as a property, not set as the prototype.
        Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
      }
      return out;
    } finally {
      ancestors.delete(v);
    }
  };
  /** The field `key` of `o`, whose path is `field`; a getter that throws is reported there. */
  const read = (o: object, key: string | number, field: string): unknown => {
    try {
      return (o as Record<string | number, unknown>)[key];
    } catch (e) {
      p.add(field, '<getter>', `reading the field failed: ${e instanceof Error ? e.message : 'an exception'}`);
      return undefined;
    }
  };
  return copy(value, '', 0);
}
