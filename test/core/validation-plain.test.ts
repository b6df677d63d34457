/**
 * The rules of the spec as plain data (lib/core/validation/plain.ts, plainSpec): check() first copies the spec
 * into strings, finite numbers, booleans, null, lists and plain objects, and reports each value it cannot copy at
 * its path, leaving it out of the copy. Each rule is stated by the exact problem and the copy it leaves.
 */
import { MAX_DEPTH, plainSpec } from 'production-stack/core/validation/plain';
import { Problems } from 'production-stack/core/validation/problems';

/* eslint-disable @typescript-eslint/no-explicit-any */

function run(value: unknown) {
  const p = new Problems();
  const copy = plainSpec(p, value);
  return { copy, problems: p.all };
}

test('plain data is copied as it is, and breaks no rule', () => {
  const spec = { name: 'shop', replicas: 3, on: true, off: false, none: null, list: ['a', 1, [false]], nested: { x: { y: 'z' } } };
  const { copy, problems } = run(spec);
  expect(problems).toEqual([]);
  expect(copy).toEqual(spec);
  expect(copy).not.toBe(spec);
});

test('an undefined field stays undefined', () => {
  const { copy, problems } = run({ a: undefined });
  expect(problems).toEqual([]);
  expect(Object.keys(copy as object)).toEqual(['a']);
});

test('the copy is an ordinary object: its fields can be changed and deleted', () => {
  const copy = run({ a: 1 }).copy as any;
  copy.a = 2;
  expect(copy.a).toBe(2);
  delete copy.a;
  expect(copy).toEqual({});
});

describe('numbers are finite', () => {
  test.each([NaN, Infinity, -Infinity])('%s is refused at its path and left out', (n) => {
    const { copy, problems } = run({ replicas: n, ok: 0 });
    expect(problems).toEqual([{ path: 'replicas', value: String(n), rule: `${String(n)} is not a finite number` }]);
    expect(copy).toEqual({ replicas: undefined, ok: 0 });
  });

  test('a bad value at the top is reported at "<spec>"', () => {
    expect(run(NaN)).toEqual({ copy: undefined, problems: [{ path: '<spec>', value: 'NaN', rule: 'NaN is not a finite number' }] });
  });
});

describe('functions, symbols and bigints are no spec data', () => {
  test.each([
    ['function', () => 'x'],
    ['symbol', Symbol('s')],
    ['bigint', 3n],
  ])('a %s is refused at its path and left out', (kind, value) => {
    const { copy, problems } = run({ list: ['ok', value] });
    expect(problems).toEqual([
      { path: 'list[1]', value: `<${kind}>`, rule: `a ${kind} is not spec data: give a string, number, boolean, list or object` },
    ]);
    expect(copy).toEqual({ list: ['ok', undefined] });
  });
});

describe('objects are plain', () => {
  test('a class instance is refused by its class name and left out', () => {
    const { copy, problems } = run({ env: new Map([['A', 'b']]), at: new Date(0) });
    expect(problems).toEqual([
      { path: 'env', value: '<Map>', rule: 'a Map is not spec data: give a plain object or list' },
      { path: 'at', value: '<Date>', rule: 'a Date is not spec data: give a plain object or list' },
    ]);
    expect(copy).toEqual({ env: undefined, at: undefined });
  });

  test('an object whose prototype has no named constructor is refused as a class instance', () => {
    const odd = Object.create(Object.create(null));
    expect(run({ x: odd }).problems).toEqual([
      { path: 'x', value: '<object>', rule: 'a class instance is not spec data: give a plain object or list' },
    ]);
  });

  test('an object without a prototype is plain data', () => {
    const bare = Object.assign(Object.create(null), { a: 1 });
    expect(run({ x: bare })).toEqual({ copy: { x: { a: 1 } }, problems: [] });
  });

  test('null and values known at deployment (a Pulumi output) are kept as they are', () => {
    const output = { __pulumiOutput: true, apply: 1 };
    const { copy, problems } = run({ a: null, b: output });
    expect(problems).toEqual([]);
    expect((copy as any).b).toBe(output);
    expect((copy as any).a).toBeNull();
  });
});

describe('the spec is a tree', () => {
  test('a value that refers back to one of its ancestors is refused where it does, and left out', () => {
    const loop: any = { a: 1, list: [] };
    loop.list.push(loop);
    const { copy, problems } = run({ loop });
    expect(problems).toEqual([
      { path: 'loop.list[0]', value: '<cycle>', rule: 'the spec must be a tree: this value refers back to itself' },
    ]);
    expect(copy).toEqual({ loop: { a: 1, list: [undefined] } });
  });

  test('the same object in two places, neither inside the other, is no cycle', () => {
    const shared = { port: 80 };
    const { copy, problems } = run({ a: shared, b: [shared, shared] });
    expect(problems).toEqual([]);
    expect(copy).toEqual({ a: { port: 80 }, b: [{ port: 80 }, { port: 80 }] });
  });

  test(`${MAX_DEPTH} levels of objects are copied; the object at level ${MAX_DEPTH} is refused`, () => {
    expect(MAX_DEPTH).toBe(32);
    const nest = (levels: number): unknown => (levels === 0 ? 'x' : { d: nest(levels - 1) });
    // The top object is at level 0: 32 objects reach level 31, and hold a string at level 32.
    expect(run(nest(32)).problems).toEqual([]);
    const { copy, problems } = run(nest(33));
    const path = Array(32).fill('d').join('.');
    expect(problems).toEqual([{ path, value: '<deep>', rule: 'the spec nests deeper than 32 levels' }]);
    let inner: any = copy;
    for (let i = 0; i < 31; i++) inner = inner.d;
    expect(inner).toEqual({ d: undefined });
  });

  test('lists count as levels too', () => {
    const nest = (levels: number): unknown => (levels === 0 ? 'x' : [nest(levels - 1)]);
    expect(run(nest(32)).problems).toEqual([]);
    expect(run(nest(33)).problems).toEqual([{ path: '[0]'.repeat(32), value: '<deep>', rule: 'the spec nests deeper than 32 levels' }]);
  });
});

describe("names every JavaScript object has (Object.prototype's own properties)", () => {
  test.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'])('the key %j is refused and left out', (key) => {
    const env = JSON.parse(`{"${key}": "x", "A": "b"}`);
    const { copy, problems } = run({ env });
    expect(problems).toEqual([
      { path: `env.${key}`, value: key, rule: `the key "${key}" is a name every JavaScript object has: cdk8s cannot hold it` },
    ]);
    expect(copy).toEqual({ env: { A: 'b' } });
    expect(Object.keys((copy as any).env)).toEqual(['A']);
  });

  test('the value under such a key is still checked (and reported) before the key is left out', () => {
    expect(run({ env: { constructor: NaN } }).problems.map((x) => x.path)).toEqual(['env.constructor', 'env.constructor']);
  });

  test('a "name" that is such a name is refused, and kept in the copy', () => {
    const { copy, problems } = run({ services: [{ name: 'constructor' }] });
    expect(problems).toEqual([
      {
        path: 'services[0].name',
        value: 'constructor',
        rule: '"constructor" is a name every JavaScript object has: cdk8s and constructs cannot hold it as a name',
      },
    ]);
    expect(copy).toEqual({ services: [{ name: 'constructor' }] });
  });

  test('the same text in another field, or a name that is no string, passes', () => {
    expect(run({ services: [{ image: 'constructor', name: 'api' }, { name: 3 }] }).problems).toEqual([]);
  });
});

describe('a field whose reading throws', () => {
  const throwing = (thrown: unknown) =>
    Object.defineProperty({ a: 1 }, 'image', {
      get() {
        throw thrown;
      },
      enumerable: true,
    });

  test("is reported at the field's path with the error's message, and left out", () => {
    const { copy, problems } = run({ services: [throwing(new Error('boom'))] });
    expect(problems).toEqual([{ path: 'services[0].image', value: '<getter>', rule: 'reading the field failed: boom' }]);
    expect(copy).toEqual({ services: [{ a: 1, image: undefined }] });
  });

  test('a thrown value that is no Error is "an exception"', () => {
    expect(run({ s: throwing('boom') }).problems).toEqual([
      { path: 's.image', value: '<getter>', rule: 'reading the field failed: an exception' },
    ]);
  });
});

describe('the path of a field whose reading throws is the path every other problem of that field has', () => {
  const throwingAt = (o: object, key: string) =>
    Object.defineProperty(o, key, {
      get() {
        throw new Error('boom');
      },
      enumerable: true,
    });

  test('a list item is at "list[i]"', () => {
    const { copy, problems } = run({ services: throwingAt(['ok', 'x'], '1') });
    expect(problems).toEqual([{ path: 'services[1]', value: '<getter>', rule: 'reading the field failed: boom' }]);
    expect(copy).toEqual({ services: ['ok', undefined] });
  });

  test('a top-level field is at its own name', () => {
    expect(run(throwingAt({ cloud: 'aws' }, 'name')).problems).toEqual([
      { path: 'name', value: '<getter>', rule: 'reading the field failed: boom' },
    ]);
  });
});
