/**
 * check() is safe on any input: values that are not plain data are reported at their path (and nothing
 * else throws), whatever field they sit in. Each row failed on main with a TypeError or an uncaught error.
 */
import { Testing } from 'cdk8s';
import { ProductionStack, ValidationError, check } from 'production-stack';
import { baseSpec } from '../support/spec';

/* eslint-disable @typescript-eslint/no-explicit-any */
const bare = () => Object.create(null);

test.each<[string, (s: any) => void, string, RegExp]>([
  ['the stack name has no prototype', (s) => (s.name = bare()), 'name', /must be a non-empty string/],
  ['a secret key has no prototype', (s) => (s.secrets[0].keys = [bare()]), 'secrets[0].keys[0]', /must be a non-empty string/],
  ['env is a Map', (s) => (s.services[0].env = new Map([['A', 'b']])), 'services[0].env', /^a Map is not spec data/],
  ['an image is a Date', (s) => (s.services[0].image = new Date(0)), 'services[0].image', /^a Date is not spec data/],
  ['an image is a function', (s) => (s.services[0].image = () => 'x'), 'services[0].image', /^a function is not spec data/],
  ['replicas is a bigint', (s) => (s.services[2].replicas = BigInt(3)), 'services[2].replicas', /^a bigint is not spec data/],
  ['an env key is a symbol', (s) => (s.services[0].env = { A: Symbol('x') }), 'services[0].env.A', /^a symbol is not spec data/],
  [
    'a service is named constructor',
    (s) => (s.services[0].name = 'constructor'),
    'services[0].name',
    /is a name every JavaScript object has/,
  ],
  ['the stack is named toString', (s) => (s.name = 'toString'), 'name', /is a name every JavaScript object has/],
  [
    'an env variable is named constructor',
    (s) => (s.services[0].env = { constructor: 'x' }),
    'services[0].env.constructor',
    /the key "constructor" is a name every JavaScript object has/,
  ],
  [
    'a JSON key is __proto__',
    (s) => (s.services[0].env = JSON.parse('{"__proto__": "x"}')),
    'services[0].env.__proto__',
    /the key "__proto__"/,
  ],
  [
    'a port is null among others',
    (s) => (s.services[0].ports = [null, ...s.services[0].ports]),
    'services[0].ports[0]',
    /must be an object with a name and a port/,
  ],
  ['replicas is Infinity', (s) => (s.services[2].replicas = Infinity), 'services[2].replicas', /^Infinity is not a finite number$/],
  [
    'a getter throws',
    (s) =>
      Object.defineProperty(s.services[0], 'image', {
        get() {
          throw new Error('boom');
        },
        enumerable: true,
      }),
    'services[0].image',
    /^reading the field failed: boom$/,
  ],
])('fails when %s', (_, mutate, path, rule) => {
  const spec: any = JSON.parse(JSON.stringify(baseSpec()));
  mutate(spec);
  const problems = check(spec);
  expect(problems).toContainEqual(expect.objectContaining({ path, rule: expect.stringMatching(rule) }));
  expect(() => new ProductionStack(Testing.app(), 'shop', spec)).toThrow(ValidationError);
});

test('an object without a prototype is plain data: the base spec built from them is valid', () => {
  const rebuild = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(rebuild)
      : v && typeof v === 'object'
        ? Object.assign(bare(), Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rebuild(x)])))
        : v;
  expect(check(rebuild(baseSpec()))).toEqual([]);
});

test('a "__proto__" key from parsed JSON is a field, not a prototype', () => {
  const spec = JSON.parse(JSON.stringify(baseSpec()).replace('{"name":"shop"', '{"__proto__":{"x":1},"name":"shop"'));
  expect(check(spec).map((p) => p.path)).toContain('__proto__');
});
