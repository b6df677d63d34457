/**
 * `given` over `defaults`, key by key (lib/core/resolve/merge.ts, overDefaults): a key given as `undefined`
 * keeps its default, where a spread would replace it with `undefined`.
 */
import { overDefaults } from 'production-stack/core/resolve/merge';

const defaults = { a: 1, b: 2, c: 3 };

test('each key given replaces its default; the others keep theirs', () => {
  expect(overDefaults(defaults, { b: 20 })).toEqual({ a: 1, b: 20, c: 3 });
});

test('a key given as undefined keeps its default, as a key not given does', () => {
  const merged = overDefaults(defaults, { a: undefined, b: 20 });
  expect(merged).toEqual({ a: 1, b: 20, c: 3 });
  expect(merged.a).toBe(1);
});

test('falsy values given (0, false, "", null) replace the default: only undefined keeps it', () => {
  expect(overDefaults<Record<string, unknown>>({ a: 1, b: true, c: 'x', d: 'y' }, { a: 0, b: false, c: '', d: null })).toEqual({
    a: 0,
    b: false,
    c: '',
    d: null,
  });
});

test('nothing given is the defaults, as a new object', () => {
  const merged = overDefaults(defaults, undefined);
  expect(merged).toEqual(defaults);
  expect(merged).not.toBe(defaults);
});

test('a key the defaults lack is kept', () => {
  expect(overDefaults<Record<string, number>>({ a: 1 }, { z: 26 })).toEqual({ a: 1, z: 26 });
});
