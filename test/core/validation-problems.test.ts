/**
 * How a problem is shown (lib/core/validation/problems.ts): the value as JSON with the characters a terminal or
 * a YAML reader would act on escaped, at most 80 characters; one line per problem, `path: rule`; and the error
 * that lists every problem. The invisible characters are C1 controls and DEL (U+007F-U+009F, which terminals
 * act on), LS and PS (U+2028, U+2029, line breaks to go-yaml and to JavaScript source) and the BOM (U+FEFF).
 */
import { Problems, ValidationError, formatProblem, showValue } from 'production-stack/core/validation/problems';

describe('showValue', () => {
  test('a value is shown as JSON; undefined, which JSON cannot show, as "undefined"', () => {
    expect(showValue('api')).toBe('"api"');
    expect(showValue(3)).toBe('3');
    expect(showValue({ a: [1, null] })).toBe('{"a":[1,null]}');
    expect(showValue(undefined)).toBe('undefined');
  });

  test('a value JSON gives no text for (a function, a symbol) is shown as String does', () => {
    expect(showValue(Symbol('s'))).toBe('Symbol(s)');
  });

  test('a value JSON refuses (a cycle, a bigint) is shown as String does, not thrown', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(showValue(loop)).toBe('[object Object]');
    expect(showValue(10n)).toBe('10');
  });

  test.each([
    ['\\u007f', '\u007f'],
    ['\\u0085', '\u0085'],
    ['\\u009f', '\u009f'],
    ['\\u2028', '\u2028'],
    ['\\u2029', '\u2029'],
    ['\\ufeff', '\ufeff'],
  ])('%s is shown escaped, every time it occurs', (escaped, char) => {
    expect(showValue(`a${char}b${char}`)).toBe(`"a${escaped}b${escaped}"`);
  });

  test('characters next to the invisible ranges are shown as they are', () => {
    // U+007E "~" and U+00A0 (no-break space) are printable; U+2027 and U+202A are outside LS/PS; U+FEFE, U+FFFF are not the BOM.
    expect(showValue('~\u00a0\u2027\u202a\ufefe')).toBe('"~\u00a0\u2027\u202a\ufefe"');
  });

  test('80 characters are shown whole; from 81 on, the first 77 and "..."', () => {
    const eighty = 'a'.repeat(78); // 80 with its quotes
    expect(showValue(eighty)).toBe(`"${eighty}"`);
    const eightyOne = 'a'.repeat(79);
    expect(showValue(eightyOne)).toBe(`"${'a'.repeat(76)}...`);
    expect(showValue(eightyOne)).toHaveLength(80);
  });
});

describe('Problems', () => {
  test('a problem keeps its path and value, and its rule shows the value where it says {value}', () => {
    const p = new Problems();
    p.add('services[0].replicas', -1, '{value} must be an integer >= 0');
    expect(p.all).toEqual([{ path: 'services[0].replicas', value: -1, rule: '-1 must be an integer >= 0' }]);
  });

  test('a rule with no {value} is kept as written; the problems are kept in the order they were added', () => {
    const p = new Problems();
    p.add('a', 1, 'first');
    p.add('b', 2, 'second');
    expect(p.all).toEqual([
      { path: 'a', value: 1, rule: 'first' },
      { path: 'b', value: 2, rule: 'second' },
    ]);
  });

  test('"$&", "$\'" and "$$" in the value are shown as written, not as replacement patterns', () => {
    const p = new Problems();
    p.add('x', "a$&b$'c$$d", 'got {value}!');
    expect(p.all[0].rule).toBe('got "a$&b$\'c$$d"!');
  });
});

test('formatProblem writes one line: the path, ": ", the rule', () => {
  expect(formatProblem({ path: 'name', value: 'A', rule: '"A" must be lowercase' })).toBe('name: "A" must be lowercase');
});

describe('ValidationError', () => {
  const one = [{ path: 'name', value: 'A', rule: '"A" must be lowercase' }];
  const two = [...one, { path: 'region', value: 'x', rule: '"x" is not a region' }];

  test('its message names the stack and lists each problem on its own line', () => {
    const e = new ValidationError('shop', two);
    expect(e.message).toBe(
      'ProductionStack "shop" is invalid (2 problems):\n  - name: "A" must be lowercase\n  - region: "x" is not a region',
    );
    expect(e.problems).toBe(two);
    expect(e.name).toBe('ValidationError');
    expect(e).toBeInstanceOf(Error);
  });

  test('one problem is "1 problem", not "1 problems"', () => {
    expect(new ValidationError('shop', one).message).toBe(
      'ProductionStack "shop" is invalid (1 problem):\n  - name: "A" must be lowercase',
    );
  });
});
