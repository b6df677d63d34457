/**
 * go-yaml's resolve.go, with the parts of Go's standard library it calls (strconv.ParseInt, ParseUint,
 * ParseFloat and FormatFloat, time.Parse), ported for the model of kubectl's and kustomize's YAML
 * readers (see yaml-readers). Sources: gopkg.in/yaml.v2 2.4.0 and gopkg.in/yaml.v3 3.0.1 `resolve.go`,
 * Go 1.19 `strconv/atoi.go`, `atof.go`, `ftoa.go` and `time/format.go`. Pure and linear-time.
 */

/** What go-yaml resolves an unquoted (plain) scalar to, before decoding it into `interface{}`. */
export type GoScalar =
  | { readonly tag: 'str'; readonly value: string }
  | { readonly tag: 'int'; readonly value: bigint }
  | { readonly tag: 'float'; readonly value: number }
  | { readonly tag: 'bool'; readonly value: boolean }
  | { readonly tag: 'null' }
  | { readonly tag: 'timestamp'; readonly value: string };

/** The go-yaml major version: 2 (kubectl, Helm and the API server, through sigs.k8s.io/yaml) or 3 (kustomize's kyaml). */
export type GoYamlVersion = 2 | 3;

const TRUE: GoScalar = { tag: 'bool', value: true };
const FALSE: GoScalar = { tag: 'bool', value: false };
const NULL: GoScalar = { tag: 'null' };
const NAN: GoScalar = { tag: 'float', value: Number.NaN };
const INF: GoScalar = { tag: 'float', value: Number.POSITIVE_INFINITY };
const NEG_INF: GoScalar = { tag: 'float', value: Number.NEGATIVE_INFINITY };

function words(value: GoScalar, list: string): [string, GoScalar][] {
  return list.split(' ').map((w) => [w, value]);
}

// resolveMap ("<<" is in it too, but its first character has no hint, so resolve never looks it up).
const COMMON: [string, GoScalar][] = [
  ...words(TRUE, 'true True TRUE'),
  ...words(FALSE, 'false False FALSE'),
  ...words(NULL, '~ null Null NULL'),
  ['', NULL],
  ...words(NAN, '.nan .NaN .NAN'),
  ...words(INF, '.inf .Inf .INF +.inf +.Inf +.INF'),
  ...words(NEG_INF, '-.inf -.Inf -.INF'),
];
const RESOLVE_MAP: Readonly<Record<GoYamlVersion, ReadonlyMap<string, GoScalar>>> = {
  // YAML 1.1 booleans are only in v2's map.
  2: new Map([...COMMON, ...words(TRUE, 'y Y yes Yes YES on On ON'), ...words(FALSE, 'n N no No NO off Off OFF')]),
  3: new Map(COMMON),
};

/** True when `s` is in go-yaml v2's or v3's resolveMap: a word read as a boolean, null, NaN or infinity. */
export function isResolveMapWord(s: string): boolean {
  return RESOLVE_MAP[2].has(s);
}

// resolveTable: the hint a plain scalar's first byte gives. 'S' sign, 'D' digit, 'M' in the map, '.' float.
function hint(s: string): string | undefined {
  if (s === '') return 'N';
  const c = s[0];
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return undefined;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const MAX_UINT64 = (1n << 64n) - 1n;
const MIN_INT64_ABS = 1n << 63n;

/**
 * go-yaml's `resolve("", s)`: what an unquoted scalar is read as. Version 2 keeps a timestamp as the
 * string it is (decode.go does so when decoding into interface{}); version 3 decodes it into a
 * time.Time, and also reads `0o-7` (its 1.2-octal fallback).
 */
export function goResolve(s: string, version: GoYamlVersion): GoScalar {
  const h = hint(s);
  if (h === undefined) return { tag: 'str', value: s };
  const known = RESOLVE_MAP[version].get(s);
  if (known) return known;
  if (h === '.') {
    const f = goParseFloat(s);
    if (f !== undefined) return { tag: 'float', value: f };
  }
  if (h !== 'D' && h !== 'S') return { tag: 'str', value: s };
  if (goTimestamp(s)) return version === 2 ? { tag: 'str', value: s } : { tag: 'timestamp', value: s };
  const plain = s.replace(/_/g, '');
  const int = goParseInt(plain, 0) ?? goParseUint(plain, 0);
  if (int !== undefined) return { tag: 'int', value: int };
  if (YAML_STYLE_FLOAT.test(plain)) {
    // strconv.ParseFloat fails only on overflow here: the pattern is a subset of its syntax.
    const f = Number(plain);
    if (Number.isFinite(f)) return { tag: 'float', value: f };
  }
  // The binary fallback (and in v3 the octal one): the rest after the prefix is parsed with an explicit
  // base, which takes a sign, so `0b-1` is -1 and `0o+7` is 7.
  for (const [prefix, base] of version === 2
    ? ([['b', 2]] as const)
    : ([
        ['b', 2],
        ['o', 8],
      ] as const)) {
    if (plain.startsWith(`0${prefix}`)) {
      const v = goParseInt(plain.slice(2), base) ?? goParseUint(plain.slice(2), base);
      if (v !== undefined) return { tag: 'int', value: v };
    } else if (plain.startsWith(`-0${prefix}`)) {
      const v = goParseInt(`-${plain.slice(3)}`, base);
      if (v !== undefined) return { tag: 'int', value: v };
    }
  }
  return { tag: 'str', value: s };
}

/**
 * strconv.ParseUint(s, base, 64) for `s` without underscores (resolve.go removes them first): undefined
 * on a syntax or range error. Base 0 takes the prefixes 0b, 0o, 0x (either case) and a leading 0 for octal.
 */
export function goParseUint(s: string, base: number): bigint | undefined {
  if (s === '') return undefined;
  let digits = s;
  if (base === 0) {
    base = 10;
    if (s[0] === '0') {
      const prefix = s.length >= 3 ? s[1].toLowerCase() : '';
      base = prefix === 'b' ? 2 : prefix === 'x' ? 16 : 8;
      digits = prefix === 'b' || prefix === 'o' || prefix === 'x' ? s.slice(2) : s.slice(1);
    }
  }
  let n = 0n;
  const b = BigInt(base);
  for (const c of digits) {
    const code = c.charCodeAt(0) | 0x20; // Go's lower(): digits keep their code
    const d = c >= '0' && c <= '9' ? code - 48 : code >= 0x61 && code <= 0x7a && c.length === 1 ? code - 87 : 99;
    if (d >= base) return undefined;
    n = n * b + BigInt(d);
    if (n > MAX_UINT64) return undefined;
  }
  return n;
}

/** strconv.ParseInt(s, base, 64), likewise: an optional sign, then ParseUint within int64. */
export function goParseInt(s: string, base: number): bigint | undefined {
  if (s === '') return undefined;
  const neg = s[0] === '-';
  const u = goParseUint(s[0] === '+' || s[0] === '-' ? s.slice(1) : s, base);
  if (u === undefined || (neg ? u > MIN_INT64_ABS : u >= MIN_INT64_ABS)) return undefined;
  return neg ? -u : u;
}

/** strconv's underscoreOK: underscores only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/**
 * strconv.ParseFloat(s, 64) for a decimal number (what resolve.go's `.` branch passes it: the raw
 * text, underscores included): Go's syntax (digits with at most one point, an optional exponent,
 * underscores between digits), undefined on a syntax error or an overflow to infinity.
 */
export function goParseFloat(s: string): number | undefined {
  let i = 0;
  let underscores = false;
  if (s[i] === '+' || s[i] === '-') i++;
  let sawDot = false;
  let sawDigits = false;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '_') underscores = true;
    else if (c === '.' && !sawDot) sawDot = true;
    else if (c >= '0' && c <= '9') sawDigits = true;
    else break;
  }
  if (!sawDigits) return undefined;
  if (s[i] === 'e' || s[i] === 'E') {
    i++;
    if (s[i] === '+' || s[i] === '-') i++;
    if (!(s[i] >= '0' && s[i] <= '9')) return undefined;
    for (; i < s.length && ((s[i] >= '0' && s[i] <= '9') || s[i] === '_'); i++) if (s[i] === '_') underscores = true;
  }
  if (i !== s.length || (underscores && !underscoreOK(s))) return undefined;
  const f = Number(s.replace(/_/g, ''));
  return Number.isFinite(f) ? f : undefined;
}

/**
 * strconv.FormatFloat(f, 'g', -1, 32), with sigs.k8s.io/yaml's names for the infinities and NaN: how
 * YAMLToJSON writes a map key that go-yaml read as a float.
 */
export function goFloatKey(f: number): string {
  const x = Math.fround(f);
  if (Number.isNaN(x)) return '.nan';
  if (!Number.isFinite(x)) return x > 0 ? '.inf' : '-.inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // The shortest decimal that reads back as the same float32.
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const [mantissa, e] = Math.abs(x)
      .toExponential(p - 1)
      .split('e');
    if (Math.fround(Number(`${mantissa}e${e}`)) === Math.abs(x) || p === 9) {
      digits = mantissa.replace('.', '');
      exp = Number(e);
      break;
    }
  }
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exp < 0 ? '-' : '+'}${e}`;
  }
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

// go-yaml's allowedTimestampFormats, as time.Parse reads each layout: Y 4-digit year, M and D 1-2 digit
// month and day, h m s 1-2 digit hour, minute and second, F optional fraction (. or ,, up to 9 digits),
// Z "Z" or a ±hh:mm offset, ' ' one or more spaces; any other character is matched literally.
const TIMESTAMP_LAYOUTS = ['Y-M-DTh:m:sFZ', 'Y-M-Dth:m:sFZ', 'Y-M-D h:m:sF', 'Y-M-D'];

const digitAt = (s: string, i: number) => i < s.length && s[i] >= '0' && s[i] <= '9';

/** Go's getnum(s, false): one or two digits. */
function getnum(s: string): [number, string] | undefined {
  if (!digitAt(s, 0)) return undefined;
  const n = digitAt(s, 1) ? 2 : 1;
  return [Number(s.slice(0, n)), s.slice(n)];
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function timeParse(layout: string, value: string): boolean {
  let v = value;
  let year = 0;
  let month = 0;
  let day = 0;
  for (const el of layout) {
    let n: [number, string] | undefined;
    switch (el) {
      case 'Y':
        if (!/^[0-9]{4}/.test(v)) return false;
        year = Number(v.slice(0, 4));
        v = v.slice(4);
        break;
      case 'M':
      case 'D':
      case 'h':
      case 'm':
      case 's': {
        n = getnum(v);
        const max = { M: 12, D: 31, h: 23, m: 59, s: 59 }[el];
        if (!n || n[0] > max || (el === 'M' && n[0] < 1)) return false;
        if (el === 'M') month = n[0];
        if (el === 'D') day = n[0];
        v = n[1];
        break;
      }
      case 'F':
        if (v.length >= 2 && (v[0] === '.' || v[0] === ',') && digitAt(v, 1)) {
          let i = 0;
          while (i < 9 && digitAt(v, i + 1)) i++;
          v = v.slice(1 + i);
        }
        break;
      case 'Z':
        if (v[0] === 'Z') v = v.slice(1);
        else {
          // sign, then hour and minute through atoi, which takes a sign of its own: "+-1:00" is accepted.
          if (v.length < 6 || v[3] !== ':' || (v[0] !== '+' && v[0] !== '-')) return false;
          if (!/^[-+]?[0-9]+$/.test(v.slice(1, 3)) || !/^[-+]?[0-9]+$/.test(v.slice(4, 6))) return false;
          v = v.slice(6);
        }
        break;
      case ' ':
        if (!v.startsWith(' ') && v !== '') return false;
        v = v.replace(/^ +/, '');
        break;
      default:
        if (v[0] !== el) return false;
        v = v.slice(1);
    }
  }
  return v === '' && day >= 1 && day <= daysIn(month, year);
}

/** go-yaml's parseTimestamp: four digits and a dash, then one of its four time.Parse layouts. */
export function goTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s) || /[^\x20-\x7e]/.test(s)) return false;
  return TIMESTAMP_LAYOUTS.some((layout) => timeParse(layout, s));
}
