/**
 * The small checks every rule is built from (lib/core/validation/checks.ts): each records the exact problem at the
 * path it is given and says whether the value passed. Sources of the bounds: Kubernetes' int32 fields (2^31 - 1);
 * Kubernetes' label syntax (k8s.io/apimachinery validation: a qualified name is an optional DNS-1123 subdomain
 * prefix of at most 253 characters and "/", then a name of at most 63 characters, alphanumeric at both ends with
 * "-", "_", "." between; a label value the same without prefix, or empty); DNS-1123 labels (RFC 1123, at most 63).
 */
import {
  INT32_MAX,
  arr,
  bool,
  cronSchedule,
  dnsLabel,
  httpPath,
  int,
  isObject,
  labels,
  num,
  obj,
  plainText,
  quantity,
  regionName,
  str,
  strings,
  unique,
} from 'production-stack/core/validation/checks';
import { Problems } from 'production-stack/core/validation/problems';

/** What `f` records at path "x", and what it returns. */
function run<T>(f: (p: Problems) => T): { returned: T; problems: { path: string; value: unknown; rule: string }[] } {
  const p = new Problems();
  const returned = f(p);
  return { returned, problems: [...p.all] };
}
const TOKEN = '${TOKEN[Token.1]}';
const output = { __pulumiOutput: true };

test('isObject: a plain object, not null and not a list', () => {
  expect([{}, Object.create(null), [], null, 'x', undefined].map(isObject)).toEqual([true, true, false, false, false, false]);
});

describe('str: a required non-empty string', () => {
  test('a string passes and is true', () => {
    expect(run((p) => str(p, 'x', 'a'))).toEqual({ returned: true, problems: [] });
  });

  test.each([undefined, '', 3, null])('%j is refused', (v) => {
    expect(run((p) => str(p, 'x', v)).problems).toEqual([
      { path: 'x', value: v, rule: `${v === undefined ? 'undefined' : JSON.stringify(v)} must be a non-empty string` },
    ]);
  });

  test('optional: undefined is no problem, and false (nothing to check further)', () => {
    expect(run((p) => str(p, 'x', undefined, false))).toEqual({ returned: false, problems: [] });
    expect(run((p) => str(p, 'x', '', false)).problems.map((x) => x.path)).toEqual(['x']);
  });

  test('a token passes, and is false: nothing to check in it yet', () => {
    expect(run((p) => str(p, 'x', TOKEN))).toEqual({ returned: false, problems: [] });
  });
});

describe('int: an optional integer within bounds', () => {
  test('INT32_MAX is 2^31 - 1, the largest Kubernetes int32', () => {
    expect(INT32_MAX).toBe(2147483647);
  });

  test('the bounds are inclusive: min and max pass, one below and one above are refused', () => {
    expect(run((p) => int(p, 'x', 1, 1, 10))).toEqual({ returned: true, problems: [] });
    expect(run((p) => int(p, 'x', 10, 1, 10))).toEqual({ returned: true, problems: [] });
    expect(run((p) => int(p, 'x', 0, 1, 10))).toEqual({
      returned: false,
      problems: [{ path: 'x', value: 0, rule: '0 must be an integer between 1 and 10' }],
    });
    expect(run((p) => int(p, 'x', 11, 1, 10)).problems).toEqual([{ path: 'x', value: 11, rule: '11 must be an integer between 1 and 10' }]);
  });

  test('without max, the bound is the int32 range: below min says ">= min", above says the int32', () => {
    expect(run((p) => int(p, 'x', INT32_MAX, 0)).returned).toBe(true);
    expect(run((p) => int(p, 'x', INT32_MAX + 1, 0)).problems).toEqual([
      { path: 'x', value: 2147483648, rule: '2147483648 must be an integer <= 2147483647 (a Kubernetes int32)' },
    ]);
    expect(run((p) => int(p, 'x', -1, 0)).problems).toEqual([{ path: 'x', value: -1, rule: '-1 must be an integer >= 0' }]);
  });

  test('a fraction, a string or NaN is no integer', () => {
    expect(run((p) => int(p, 'x', 1.5, 0)).problems).toEqual([{ path: 'x', value: 1.5, rule: '1.5 must be an integer >= 0' }]);
    expect(run((p) => int(p, 'x', '3', 0)).problems).toEqual([{ path: 'x', value: '3', rule: '"3" must be an integer >= 0' }]);
    expect(run((p) => int(p, 'x', NaN, 0, 5)).problems.map((x) => x.rule)).toEqual(['null must be an integer between 0 and 5']);
  });

  test('undefined and tokens pass, and are false', () => {
    expect(run((p) => int(p, 'x', undefined, 0))).toEqual({ returned: false, problems: [] });
    expect(run((p) => int(p, 'x', output, 0))).toEqual({ returned: false, problems: [] });
  });
});

describe('num: an optional finite number within bounds', () => {
  test('min and max pass; outside, not finite or no number is refused', () => {
    expect(run((p) => num(p, 'x', 0.5, 0.5, 1))).toEqual({ returned: true, problems: [] });
    expect(run((p) => num(p, 'x', 1, 0.5, 1)).returned).toBe(true);
    expect(run((p) => num(p, 'x', 0.4, 0.5, 1)).problems).toEqual([
      { path: 'x', value: 0.4, rule: '0.4 must be a number between 0.5 and 1' },
    ]);
    expect(run((p) => num(p, 'x', 1.1, 0.5, 1)).returned).toBe(false);
    expect(run((p) => num(p, 'x', Infinity, 0, Infinity)).returned).toBe(false);
    expect(run((p) => num(p, 'x', '1', 0, 2)).problems.map((x) => x.path)).toEqual(['x']);
  });

  test('a rule of its own replaces the default one', () => {
    expect(run((p) => num(p, 'x', 2, 0, 1, '{value} is no fraction')).problems).toEqual([
      { path: 'x', value: 2, rule: '2 is no fraction' },
    ]);
  });

  test('undefined and tokens pass, and are false', () => {
    expect(run((p) => num(p, 'x', undefined, 0, 1))).toEqual({ returned: false, problems: [] });
    expect(run((p) => num(p, 'x', output, 0, 1))).toEqual({ returned: false, problems: [] });
  });
});

describe('arr, obj, bool', () => {
  test('arr: a list is returned; undefined is an empty list; anything else is refused', () => {
    const list = [1];
    expect(run((p) => arr(p, 'x', list)).returned).toBe(list);
    expect(run((p) => arr(p, 'x', undefined))).toEqual({ returned: [], problems: [] });
    expect(run((p) => arr(p, 'x', { 0: 1 }))).toEqual({
      returned: [],
      problems: [{ path: 'x', value: { 0: 1 }, rule: '{"0":1} must be a list' }],
    });
  });

  test('obj: an object is returned; undefined is an empty object; a list or anything else is refused', () => {
    const o = { a: 1 };
    expect(run((p) => obj(p, 'x', o)).returned).toBe(o);
    expect(run((p) => obj(p, 'x', undefined))).toEqual({ returned: {}, problems: [] });
    expect(run((p) => obj(p, 'x', [1]))).toEqual({ returned: {}, problems: [{ path: 'x', value: [1], rule: '[1] must be an object' }] });
  });

  test('bool: true, false and undefined pass; anything else is refused', () => {
    for (const v of [true, false, undefined]) expect(run((p) => bool(p, 'x', v)).problems).toEqual([]);
    expect(run((p) => bool(p, 'x', 'true')).problems).toEqual([{ path: 'x', value: 'true', rule: '"true" must be true or false' }]);
  });
});

describe('quantity: an optional Kubernetes quantity', () => {
  test('a quantity gives its value', () => {
    expect(run((p) => quantity(p, 'x', '500m'))).toEqual({ returned: 0.5, problems: [] });
    expect(run((p) => quantity(p, 'x', '1Gi')).returned).toBe(2 ** 30);
  });

  test('a malformed one, or a number, is refused', () => {
    const rule = (v: string) => `${v} is not a Kubernetes quantity (e.g. "500m", "2", "512Mi", "4Gi")`;
    expect(run((p) => quantity(p, 'x', '1GB'))).toEqual({
      returned: undefined,
      problems: [{ path: 'x', value: '1GB', rule: rule('"1GB"') }],
    });
    expect(run((p) => quantity(p, 'x', 2)).problems).toEqual([{ path: 'x', value: 2, rule: rule('2') }]);
  });

  test('undefined and tokens pass with no value', () => {
    expect(run((p) => quantity(p, 'x', undefined))).toEqual({ returned: undefined, problems: [] });
    expect(run((p) => quantity(p, 'x', TOKEN))).toEqual({ returned: undefined, problems: [] });
  });
});

describe('strings: an optional list of non-empty strings', () => {
  test('the strings are returned, tokens left out (known at deployment)', () => {
    expect(run((p) => strings(p, 'x', ['a', TOKEN, 'b']))).toEqual({ returned: ['a', 'b'], problems: [] });
  });

  test('each bad item is refused at its index, and nothing is returned', () => {
    expect(run((p) => strings(p, 'x', ['a', '', 3]))).toEqual({
      returned: [],
      problems: [
        { path: 'x[1]', value: '', rule: '"" must be a non-empty string' },
        { path: 'x[2]', value: 3, rule: '3 must be a non-empty string' },
      ],
    });
  });

  test('undefined is an empty list; no list is refused', () => {
    expect(run((p) => strings(p, 'x', undefined))).toEqual({ returned: [], problems: [] });
    expect(run((p) => strings(p, 'x', 'a')).problems.map((x) => x.rule)).toEqual(['"a" must be a list']);
  });
});

test('unique: each value after its first is refused, once per repetition', () => {
  expect(run((p) => unique(p, 'names', ['a', 'b', 'a', 1, 1, 'a'], 'service name')).problems).toEqual([
    { path: 'names', value: 'a', rule: 'service name "a" is used more than once' },
    { path: 'names', value: 1, rule: 'service name 1 is used more than once' },
    { path: 'names', value: 'a', rule: 'service name "a" is used more than once' },
  ]);
  expect(run((p) => unique(p, 'names', ['a', 'b'], 'service name')).problems).toEqual([]);
});

describe('cronSchedule', () => {
  const RULE =
    'must be a 5-field cron schedule such as "0 2 * * *", each value within its field (minute 0-59, hour 0-23, day 1-31, month 1-12 or JAN-DEC, weekday 0-6 or SUN-SAT)';

  test('a 5-field schedule passes; a 6-field one is refused', () => {
    expect(run((p) => cronSchedule(p, 'x', '0 2 * * *')).problems).toEqual([]);
    expect(run((p) => cronSchedule(p, 'x', '0 0 2 * * *')).problems).toEqual([
      { path: 'x', value: '0 0 2 * * *', rule: `"0 0 2 * * *" ${RULE}` },
    ]);
  });

  test('optional unless required', () => {
    expect(run((p) => cronSchedule(p, 'x', undefined)).problems).toEqual([]);
    expect(run((p) => cronSchedule(p, 'x', undefined, true)).problems).toEqual([
      { path: 'x', value: undefined, rule: 'undefined must be a non-empty string' },
    ]);
  });
});

describe('dnsLabel', () => {
  const RULE = 'must be a DNS-1123 label: at most 63 lowercase letters, digits or "-", starting and ending alphanumeric';

  test('63 characters pass; 64 are refused', () => {
    expect(run((p) => dnsLabel(p, 'x', 'a'.repeat(63)))).toEqual({ returned: true, problems: [] });
    expect(run((p) => dnsLabel(p, 'x', 'a'.repeat(64)))).toEqual({
      returned: false,
      problems: [{ path: 'x', value: 'a'.repeat(64), rule: `"${'a'.repeat(64)}" ${RULE}` }],
    });
  });

  test('required by default; optional when said', () => {
    expect(run((p) => dnsLabel(p, 'x', undefined)).problems.map((x) => x.rule)).toEqual(['undefined must be a non-empty string']);
    expect(run((p) => dnsLabel(p, 'x', undefined, false))).toEqual({ returned: false, problems: [] });
  });
});

describe('labels: Kubernetes label names and values', () => {
  const NAME = 'is not a label name such as "release" or "example.com/team"';
  const VALUE = 'is not a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric';
  const check = (v: unknown) => run((p) => labels(p, 'podLabels', v)).problems;

  test('a name of one character, and a prefix of one-character labels, pass', () => {
    expect(check({ x: 'v', 'a.b/y': 'v', 'a/z': 'v' })).toEqual([]);
  });

  test('names with and without a prefix, and values up to 63 characters or empty, pass', () => {
    expect(check({ release: 'v1.2', 'example.com/team': 'Shop_A', 'a.b-c/D_e.f': '', [`x/${'n'.repeat(63)}`]: 'v'.repeat(63) })).toEqual(
      [],
    );
  });

  test.each([
    '-release',
    'release-',
    'rel ease',
    'Example.com/team',
    'example.com/',
    '/team',
    'a/b/c',
    'n'.repeat(64),
    'example..com/team',
  ])('the name %j is refused', (name) => {
    expect(check({ [name]: 'v' })).toEqual([{ path: `podLabels.${name}`, value: name, rule: `${JSON.stringify(name)} ${NAME}` }]);
  });

  test('a prefix of 253 characters passes; 254 are refused (a DNS-1123 subdomain has at most 253)', () => {
    const prefix = (n: number) => `${'a'.repeat(61)}.`.repeat(5).slice(0, n - 1) + 'a';
    expect(prefix(253)).toHaveLength(253);
    expect(check({ [`${prefix(253)}/team`]: 'v' })).toEqual([]);
    expect(check({ [`${prefix(253)}/${'n'.repeat(63)}`]: 'v' })).toEqual([]);
    expect(check({ [`${prefix(254)}/team`]: 'v' }).map((x) => x.rule)).toEqual([expect.stringMatching(/is not a label name/)]);
  });

  test.each(['-v', 'v-', 'v v', 'v'.repeat(64), 'a/b'])('the value %j is refused', (value) => {
    expect(check({ team: value }).map((x) => [x.path, x.value, x.rule.endsWith(VALUE)])).toEqual([['podLabels.team', value, true]]);
  });

  test('a value that is no string is refused', () => {
    expect(check({ team: 3 })).toEqual([{ path: 'podLabels.team', value: 3, rule: '3 must be a string' }]);
  });

  test('labels are an object; undefined has none', () => {
    expect(check(undefined)).toEqual([]);
    expect(check(['a'])).toEqual([{ path: 'podLabels', value: ['a'], rule: '["a"] must be an object' }]);
  });
});

describe('regionName', () => {
  test("a region of the stack's cloud passes; the other cloud's is refused with the cloud's example", () => {
    expect(run((p) => regionName(p, 'region', 'us-west-2', 'aws')).problems).toEqual([]);
    expect(run((p) => regionName(p, 'region', 'us-central1', 'aws')).problems).toEqual([
      { path: 'region', value: 'us-central1', rule: '"us-central1" is not an AWS region name such as "us-west-2"' },
    ]);
    expect(run((p) => regionName(p, 'region', 'us-west-2', 'gcp')).problems).toEqual([
      { path: 'region', value: 'us-west-2', rule: '"us-west-2" is not a GCP region name such as "us-central1"' },
    ]);
  });

  test('with no known cloud, a region of either passes; else both examples are given', () => {
    expect(run((p) => regionName(p, 'region', 'us-central1', undefined)).problems).toEqual([]);
    expect(run((p) => regionName(p, 'region', 'mars-1', 'azure')).problems).toEqual([
      { path: 'region', value: 'mars-1', rule: '"mars-1" is not a cloud region name such as "us-west-2" or "us-central1"' },
    ]);
  });

  test('optional unless required', () => {
    expect(run((p) => regionName(p, 'region', undefined, 'aws')).problems).toEqual([]);
    expect(run((p) => regionName(p, 'region', undefined, 'aws', true)).problems.map((x) => x.rule)).toEqual([
      'undefined must be a non-empty string',
    ]);
  });
});

describe('httpPath', () => {
  const rule = (v: string, query: boolean) =>
    `"${v}" must be an HTTP path such as "${query ? '/healthz' : '/api'}": "/" then letters, digits, "-._~:@+,=" or %XX (no "//", "." or ".." segment, no %2F), ${query ? 'then optionally "?" and one query parameter (no "&")' : 'and no query'}`;

  test('a path passes; with a query only where a query is allowed', () => {
    expect(run((p) => httpPath(p, 'x', '/api', false)).problems).toEqual([]);
    expect(run((p) => httpPath(p, 'x', '/healthz?full=1', true)).problems).toEqual([]);
    expect(run((p) => httpPath(p, 'x', '/api?x=1', false)).problems).toEqual([
      { path: 'x', value: '/api?x=1', rule: rule('/api?x=1', false) },
    ]);
    expect(run((p) => httpPath(p, 'x', '/a//b', true)).problems).toEqual([{ path: 'x', value: '/a//b', rule: rule('/a//b', true) }]);
  });

  test('optional unless required', () => {
    expect(run((p) => httpPath(p, 'x', undefined, false)).problems).toEqual([]);
    expect(run((p) => httpPath(p, 'x', undefined, false, true)).problems.map((x) => x.rule)).toEqual([
      'undefined must be a non-empty string',
    ]);
  });
});

describe('plainText: one required line of plain text', () => {
  const rule = (v: string, max: number) =>
    `${JSON.stringify(v)} must be one line of plain text: at most ${max} characters, no control characters, no space at either end, none of \` | < >`;

  test('max characters pass; one more is refused', () => {
    expect(run((p) => plainText(p, 'x', 'abc', 3)).problems).toEqual([]);
    expect(run((p) => plainText(p, 'x', 'abcd', 3)).problems).toEqual([{ path: 'x', value: 'abcd', rule: rule('abcd', 3) }]);
  });

  test('a second line or a space at an end is refused; it is required', () => {
    expect(run((p) => plainText(p, 'x', 'a\nb', 10)).problems.map((x) => x.rule)).toEqual([rule('a\nb', 10)]);
    expect(run((p) => plainText(p, 'x', ' a', 10)).problems.map((x) => x.rule)).toEqual([rule(' a', 10)]);
    expect(run((p) => plainText(p, 'x', undefined, 10)).problems.map((x) => x.rule)).toEqual(['undefined must be a non-empty string']);
  });
});
