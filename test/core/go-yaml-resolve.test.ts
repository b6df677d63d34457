/**
 * go-yaml's resolution of plain scalars (lib/core/go-yaml-resolve.ts): what kubectl's reader (go-yaml v2) and
 * kustomize's (v3) read an unquoted scalar as, and the parts of Go's strconv and time.Parse it relies on. Each
 * resolution, timestamp and float key expected here was first read by the real readers (test/support/goyaml's
 * binary, as `v: <scalar>` and `<scalar>: x`); the direct strconv cases are Go's documented ParseUint, ParseInt
 * and ParseFloat. test/core/yaml-readers-go.test.ts holds the whole model to the real readers over a corpus.
 */
import {
  type GoScalar,
  goFloatKey,
  goParseFloat,
  goParseInt,
  goParseUint,
  goResolve,
  goTimestamp,
  isResolveMapWord,
} from '../../lib/core/go-yaml-resolve';

/** What both versions resolve `s` to, as `tag:value`. */
const show = (g: GoScalar): string => (g.tag === 'null' ? 'null' : `${g.tag}:${String(g.value)}`);
const both = (s: string): [string, string] => [show(goResolve(s, 2)), show(goResolve(s, 3))];

describe('the words of the resolve map', () => {
  test.each(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'])('%s is true to kubectl (YAML 1.1), a string to kustomize', (s) => {
    expect(both(s)).toEqual(['bool:true', `str:${s}`]);
  });

  test.each(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'])('%s is false to kubectl (YAML 1.1), a string to kustomize', (s) => {
    expect(both(s)).toEqual(['bool:false', `str:${s}`]);
  });

  test('true and false in three spellings, null in four (and the empty scalar) are the same to both', () => {
    expect(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'].map(both)).toEqual([
      ...Array(3).fill(['bool:true', 'bool:true']),
      ...Array(3).fill(['bool:false', 'bool:false']),
    ]);
    expect(['~', 'null', 'Null', 'NULL', ''].map(both)).toEqual(Array(5).fill(['null', 'null']));
  });

  test('NaN and the infinities in three spellings each, the positive one with or without +', () => {
    expect(['.nan', '.NaN', '.NAN'].map(both)).toEqual(Array(3).fill(['float:NaN', 'float:NaN']));
    expect(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map(both)).toEqual(Array(6).fill(['float:Infinity', 'float:Infinity']));
    expect(['-.inf', '-.Inf', '-.INF'].map(both)).toEqual(Array(3).fill(['float:-Infinity', 'float:-Infinity']));
  });

  test('any other spelling is a string: the map is looked up as written', () => {
    expect(['tRue', 'nULL', 'yES', 'oN', '.nAn', 'Yep', 'off2', '~~'].map(both)).toEqual(
      ['tRue', 'nULL', 'yES', 'oN', '.nAn', 'Yep', 'off2', '~~'].map((s) => [`str:${s}`, `str:${s}`]),
    );
  });

  test('isResolveMapWord: a word either version reads as a boolean, null, NaN or an infinity', () => {
    expect(['yes', 'off', 'TRUE', '~', '', '.NaN', '-.inf'].map(isResolveMapWord)).toEqual(Array(7).fill(true));
    expect(['tRue', 'yess', '<<', '0', 'x'].map(isResolveMapWord)).toEqual(Array(5).fill(false));
  });
});

describe('integers, as strconv.ParseInt and ParseUint read them with base 0', () => {
  test('decimal, signed; hexadecimal, octal and binary with a prefix in either case; a leading 0 is octal', () => {
    expect(['42', '+1', '-0', '-17', '0x1F', '0X1f', '0o17', '0O17', '017', '0b101', '0B11', '-0b101', '-0x10'].map(both)).toEqual(
      ['42', '1', '0', '-17', '31', '31', '15', '15', '15', '5', '3', '-5', '-16'].map((v) => [`int:${v}`, `int:${v}`]),
    );
  });

  test('underscores are removed first, wherever they are between the first character and the last', () => {
    expect(['1_000', '1__0', '0x_1F', '1_'].map(both)).toEqual([
      ['int:1000', 'int:1000'],
      ['int:10', 'int:10'],
      ['int:31', 'int:31'],
      ['int:1', 'int:1'],
    ]);
    // a leading underscore gives no hint: a string
    expect(both('_1')).toEqual(['str:_1', 'str:_1']);
  });

  test('int64, then uint64: beyond both a number is a float', () => {
    expect(['9223372036854775807', '9223372036854775808', '18446744073709551615', '-9223372036854775808'].map(both)).toEqual(
      ['9223372036854775807', '9223372036854775808', '18446744073709551615', '-9223372036854775808'].map((v) => [`int:${v}`, `int:${v}`]),
    );
    expect(goResolve('18446744073709551616', 2)).toEqual({ tag: 'float', value: 2 ** 64 });
    expect(goResolve('-9223372036854775809', 3)).toEqual({ tag: 'float', value: Number('-9223372036854775809') });
  });

  test('a leading 0 with a digit octal does not hold is not octal: 08 is the float 8', () => {
    expect(both('08')).toEqual(['float:8', 'float:8']);
  });

  test('a prefix without digits is a string', () => {
    expect(['0x', '0b', '0o', '-0x'].map(both)).toEqual(['0x', '0b', '0o', '-0x'].map((s) => [`str:${s}`, `str:${s}`]));
  });

  test('the binary fallback parses the rest with base 2, which takes a sign: 0b-1 is -1 to both', () => {
    expect([both('0b-1'), both('0b+11')]).toEqual([
      ['int:-1', 'int:-1'],
      ['int:3', 'int:3'],
    ]);
  });

  test('v3 also falls back to octal after 0o: 0o+7 is 7 to kustomize, a string to kubectl', () => {
    expect(both('0o+7')).toEqual(['str:0o+7', 'int:7']);
    expect(both('0o-7')).toEqual(['str:0o-7', 'int:-7']);
  });

  test('the fallbacks refuse what their base refuses', () => {
    expect(['0b2', '0b-2', '0o8', '0o+', '0b'].map((s) => show(goResolve(s, 3)))).toEqual([
      'str:0b2',
      'str:0b-2',
      'str:0o8',
      'str:0o+',
      'str:0b',
    ]);
  });
});

describe('floats', () => {
  test('YAML-style decimals, with a point or an exponent, signed', () => {
    expect(['1.5', '1e3', '1.5e+3', '2E-2', '-.5', '+.5', '1.', '0.0', '-1.5e3', '1_0.5'].map(both)).toEqual(
      ['1.5', '1000', '1500', '0.02', '-0.5', '0.5', '1', '0', '-1500', '10.5'].map((v) => [`float:${v}`, `float:${v}`]),
    );
  });

  test('what overflows a float64 is a string', () => {
    expect([both('1e400'), both('.1e400')]).toEqual([
      ['str:1e400', 'str:1e400'],
      ['str:.1e400', 'str:.1e400'],
    ]);
  });

  test('an exponent without digits, two points or a letter after the number make a string', () => {
    expect(['1e', '1e+', '1.2.3', '1.5x', '.e5', '.', '.1.2', '.5x'].map(both)).toEqual(
      ['1e', '1e+', '1.2.3', '1.5x', '.e5', '.', '.1.2', '.5x'].map((s) => [`str:${s}`, `str:${s}`]),
    );
  });

  test('starting with a point, the raw text goes to ParseFloat: underscores only between digits', () => {
    expect(['.5', '.5_0', '.1e5', '.1e+5', '.1E-2', '.1e5_0'].map(both)).toEqual(
      ['0.5', '0.5', '10000', '10000', '0.001', '1e+49'].map((v) => [`float:${v}`, `float:${v}`]),
    );
    expect(['._5', '.5__0', '.5_', '.1e_5'].map(both)).toEqual(['._5', '.5__0', '.5_', '.1e_5'].map((s) => [`str:${s}`, `str:${s}`]));
  });
});

describe('timestamps: a string to kubectl (decoded into interface{}), a time to kustomize', () => {
  test.each([
    '2026-12-01',
    '2026-1-1',
    '2026-12-01T09:55:00Z',
    '2026-12-01t09:55:00.123+02:00',
    '2026-12-01 09:55:00',
    '2026-12-01  9:05:07.5',
    '2026-12-01T09:55:00,5Z',
    '2026-12-01T09:55:00.123456789-05:30',
    '2024-02-29',
    '2000-02-29',
    // time.Parse reads the offset's hours with atoi, which takes a sign of its own
    '2026-12-01T09:55:00+-1:00',
  ])('%s', (s) => {
    expect(goTimestamp(s)).toBe(true);
    expect(both(s)).toEqual([`str:${s}`, `timestamp:${s}`]);
  });

  test.each([
    ['2026-02-30', 'no 30 February'],
    ['2023-02-29', 'no 29 February in a common year'],
    ['1900-02-29', 'nor in a century not divisible by 400'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-06-31', 'June has 30 days'],
    ['2026-09-31', 'September has 30 days'],
    ['2026-11-31', 'November has 30 days'],
    ['2026-13-01', 'no month 13'],
    ['2026-00-10', 'no month 0'],
    ['2026-12-00', 'no day 0'],
    ['2026-12-32', 'no day 32'],
    ['2026-12-01T24:00:00Z', 'no hour 24'],
    ['2026-12-01T09:60:00Z', 'no minute 60'],
    ['2026-12-01T09:55:60Z', 'no second 60'],
    ['2026-12-01T09:55:00', 'a T time without a zone'],
    ['2026-12-01T09:55:00+0200', 'an offset without a colon'],
    ['2026-12-01T09:55:00+02', 'an offset without minutes'],
    ['2026-12-01T09:55:00*02:00', 'an offset without a sign'],
    ['2026-12-01T09:55:00+x2:00', 'an offset hour that is not a number'],
    ['2026-12-01T09:55:00+02:x0', 'an offset minute that is not a number'],
    ['2026-12-01T09:55:00Zx', 'something after the zone'],
    ['2026-12-01x', 'something after the date'],
    ['2026-12-0109:55:00', 'no separator between date and time'],
    ['2026-12-01T9:5', 'no seconds'],
    ['2026-x2-01', 'a month that is not a number'],
    ['2026-12-x1', 'a day that is not a number'],
    ['2026/12/01', 'slashes'],
    ['226-12-01', 'a year of three digits'],
    ['20261-12-01', 'a year of five digits'],
    ['2026-12-01\u00a0', 'a character outside printable ASCII'],
  ])('%s is not a timestamp: %s', (s) => {
    expect(goTimestamp(s)).toBe(false);
  });

  test('a timestamp is tried only on a scalar that starts with a digit or a sign', () => {
    expect(both('x2026-12-01')).toEqual(['str:x2026-12-01', 'str:x2026-12-01']);
  });

  test('a fraction of more than nine digits is not read as a time', () => {
    expect(goTimestamp('2026-12-01T09:55:00.123456789Z')).toBe(true);
    expect(goTimestamp('2026-12-01T09:55:00.1234567890Z')).toBe(false);
  });

  test('a fraction needs a digit after its point; a point alone is refused', () => {
    expect(goTimestamp('2026-12-01 09:55:00.')).toBe(false);
    expect(goTimestamp('2026-12-01 09:55:00.5')).toBe(true);
  });
});

describe('strconv.ParseUint and ParseInt', () => {
  test('with an explicit base: digits and letters of that base, in either case', () => {
    expect([goParseUint('ff', 16), goParseUint('FF', 16), goParseUint('777', 8), goParseUint('101', 2), goParseUint('z', 36)]).toEqual([
      255n,
      255n,
      511n,
      5n,
      35n,
    ]);
  });

  test('a digit the base does not hold, a sign, a non-ASCII letter or nothing is a syntax error', () => {
    expect(['8', '1g', '+1', '-1', '1\u00e9', '1\u{1d7d9}', ''].map((s) => goParseUint(s, s === '1g' ? 16 : 8))).toEqual(
      Array(7).fill(undefined),
    );
  });

  test('base 0: the prefix needs digits after it ("0x" alone is octal 0 followed by x)', () => {
    expect([goParseUint('0', 0), goParseUint('00', 0), goParseUint('07', 0), goParseUint('0x', 0), goParseUint('0b1', 0)]).toEqual([
      0n,
      0n,
      7n,
      undefined,
      1n,
    ]);
  });

  test('uint64 holds up to 2^64 - 1; int64 from -2^63 to 2^63 - 1', () => {
    expect([goParseUint('18446744073709551615', 10), goParseUint('18446744073709551616', 10)]).toEqual([18446744073709551615n, undefined]);
    expect([goParseInt('9223372036854775807', 10), goParseInt('9223372036854775808', 10)]).toEqual([9223372036854775807n, undefined]);
    expect([goParseInt('-9223372036854775808', 10), goParseInt('-9223372036854775809', 10)]).toEqual([-9223372036854775808n, undefined]);
  });

  test('ParseInt takes one sign', () => {
    expect([goParseInt('+5', 10), goParseInt('-5', 10), goParseInt('--5', 10), goParseInt('', 10), goParseInt('-', 10)]).toEqual([
      5n,
      -5n,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('strconv.ParseFloat, on the raw text', () => {
  test('underscores between digits are accepted, elsewhere refused', () => {
    expect(['1_000.5', '1_0e1_0', '-1_0', '+.5_5'].map(goParseFloat)).toEqual([1000.5, 10e10, -10, 0.55]);
    expect(['1__0', '_1', '1_', '1_.5', '1._5', '1e_5', '1e5_'].map(goParseFloat)).toEqual(Array(7).fill(undefined));
  });

  test('a sign, digits with one point, an optional exponent; nothing else', () => {
    expect(['-1.5', '+2', '3.', '.5e-1', '1E2'].map(goParseFloat)).toEqual([-1.5, 2, 3, 0.05, 100]);
    expect(['', '+', '.', '1.2.3', '1e', '1e+', 'e5', '1x', '0x10', 'inf', 'NaN', '1e400', '-1e400'].map(goParseFloat)).toEqual(
      Array(13).fill(undefined),
    );
  });
});

describe('a map key go-yaml read as a float, as YAMLToJSON writes it (FormatFloat(f, g, -1, 32))', () => {
  test.each<[number, string]>([
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1e6, '1e+06'],
    [123456, '123456'],
    [100000, '100000'],
    [1234567, '1.234567e+06'],
    [999999.9, '999999.9'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [0.00012345, '0.00012345'],
    [-1.5, '-1.5'],
    [1, '1'],
    [2.5e10, '2.5e+10'],
    [1e21, '1e+21'],
    [1.5e-7, '1.5e-07'],
    [-2.5e-7, '-2.5e-07'],
    [0.3333333333, '0.33333334'],
    [16777217, '1.6777216e+07'],
  ])('%d is written %s: the shortest decimal of its float32', (f, key) => {
    expect(goFloatKey(f)).toBe(key);
  });

  test('zero keeps its sign; what underflows a float32 is 0, what overflows it an infinity', () => {
    expect([goFloatKey(0), goFloatKey(-0), goFloatKey(1e-50), goFloatKey(3.4e39), goFloatKey(-3.4e39)]).toEqual([
      '0',
      '-0',
      '0',
      '.inf',
      '-.inf',
    ]);
  });

  test("NaN and the infinities by sigs.k8s.io/yaml's names", () => {
    expect([goFloatKey(Number.NaN), goFloatKey(Infinity), goFloatKey(-Infinity)]).toEqual(['.nan', '.inf', '-.inf']);
  });
});

describe('the edges of each rule (the survivors of the first mutation run)', () => {
  test("resolve.go's float pattern: a sign before a leading point, exponents of several digits, nothing after", () => {
    expect(['-.55', '+.25e2', '1e10', '-1e10', '1e19'].map(both)).toEqual(
      ['-0.55', '25', '10000000000', '-10000000000', '10000000000000000000'].map((v) => [`float:${v}`, `float:${v}`]),
    );
    // the pattern is anchored at both ends (ParseFloat, which JavaScript's Number is not, takes no blank)
    expect([goResolve('1.5 ', 2), goResolve('1 ', 3), goResolve('1e5 ', 2)]).toEqual([
      { tag: 'str', value: '1.5 ' },
      { tag: 'str', value: '1 ' },
      { tag: 'str', value: '1e5 ' },
    ]);
  });

  test('every letter of base 16, a to f in either case', () => {
    expect(['a', 'A', 'f', 'F', '9'].map((s) => goParseUint(s, 16))).toEqual([10n, 10n, 15n, 15n, 9n]);
    expect(['g', 'G', '`', '@'].map((s) => goParseUint(s, 16))).toEqual(Array(4).fill(undefined));
  });

  test('ParseFloat: 9 and 0 are digits wherever they are, in the mantissa and the exponent', () => {
    expect(['9', '9.5', '9_9.5', '.9_9', '1e0', '.5e0', '1e9', '.5e9', '.5e09', '1e19', '1e90'].map(goParseFloat)).toEqual([
      9, 9.5, 99.5, 0.99, 1, 0.5, 1e9, 5e8, 5e8, 1e19, 1e90,
    ]);
  });

  test('ParseFloat takes no blank before, inside or after the number, and no underscore next to a letter', () => {
    expect(['1 ', ' 1', '1 0', '1e5 ', '1e5\u00a0', '1e 5', '1_e5', '1e5_x'].map(goParseFloat)).toEqual(Array(8).fill(undefined));
  });

  test('a float32 key that needs nine significant digits is written with nine', () => {
    expect([goFloatKey(1.00026155e-36), goFloatKey(1.00088745e-36)]).toEqual(['1.00026155e-36', '1.00088745e-36']);
  });

  test('months of 31 days have a 31st', () => {
    expect(['2026-01-31', '2026-03-31', '2026-12-31'].map(both)).toEqual(
      ['2026-01-31', '2026-03-31', '2026-12-31'].map((s) => [`str:${s}`, `timestamp:${s}`]),
    );
  });

  test.each([
    ['2026-12-01T09:55:0012Z', 'seconds of more than two digits'],
    ['2026-12-01 09:55:0012', 'seconds of more than two digits, without a zone'],
    ['2026-12-01T09:55:00.Z', 'a point without a fraction before the zone'],
    ['2026-12-01T09:55:00,Z', 'a comma without a fraction before the zone'],
    ['2026-12-01T09:55:00+02:0', 'an offset minute of one digit'],
    ['2026-12-01T09:55:00+02-00', 'an offset without its colon'],
    ['2026-12-01T09:55:00+0x:00', 'an offset hour that is half a number'],
    ['2026-12-01T09:55:00+00:0x', 'an offset minute that is half a number'],
    ['2026-12/01', 'a slash where the layout has a dash'],
    ['2026-12-01X09:55:00Z', 'another letter where the layout has T or t'],
    ['2026-12-01T09-55-00Z', 'dashes where the layout has colons'],
  ])('%s is not a timestamp: %s', (s) => {
    expect(goTimestamp(s)).toBe(false);
    expect(both(s)).toEqual([`str:${s}`, `str:${s}`]);
  });
});
