/**
 * Strings that stress the YAML readers of Kubernetes manifests, generated deterministically for the
 * differential test of lib/core/yaml-readers.ts against the real go-yaml v2 and v3
 * (test/core/yaml-readers-go.test.ts). Each family aims at one part of the readers: go-yaml's
 * resolve.go (numbers in every base, signs, underscores, exponents, overflow; YAML 1.1 words;
 * timestamps), the scanner (indicators, Unicode line breaks and control characters, tabs and newlines
 * at line starts, block-scalar indentation) and the decoder (merge keys, long keys).
 */

const cross = (...parts: readonly (readonly string[])[]): string[] =>
  parts.reduce<string[]>((acc, part) => acc.flatMap((a) => part.map((p) => a + p)), ['']);

/** Every sign, base prefix and body resolve.go treats differently (ParseInt, ParseUint, ParseFloat, the 0b/0o fallbacks). */
function numbers(): string[] {
  const signs = ['', '+', '-'];
  const prefixes = ['', '0', '00', '0x', '0X', '0o', '0O', '0b', '0B', '.', '0.', '1.', '_', '0_', '1'];
  const bodies = [
    ...['', '0', '1', '7', '8', '9', 'a', 'f', 'F', 'g', '10', '1_0', '_1', '1_', '1__0', '01'],
    ...['-1', '+1', '-1_0', '+_1', '--1', '-', '+'],
    ...['e', 'e3', '1e3', '1E3', '1e+3', '1e-3', '1e3_0', '1_e3', '1e_3', '5e+3_0', '5E-3_0', '1e3.5', '1ee3'],
    ...['.', '.5', '.5e3', '.5e3_0', '.5_0', '._5', '.5_', '1.5', '1.', '1.5.5', '1_.5', '1._5'],
    ...['p1', '1p1', '1p-2', '1.8p1', 'inf', 'Inf', 'nan', 'NaN', 'infinity', ':20', ':20:30'],
  ];
  return cross(signs, prefixes, bodies);
}

/** Values at the edges of int64, uint64 and float64, in every base. */
function edges(): string[] {
  const out = [
    ...['9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809'],
    ...['18446744073709551615', '18446744073709551616', '+18446744073709551615', '-18446744073709551615'],
    ...['0x7FFFFFFFFFFFFFFF', '0x8000000000000000', '0xFFFFFFFFFFFFFFFF', '0x10000000000000000', '0xFFFFFFFFFFFFFFFFF'],
    ...['-0x8000000000000000', '-0x8000000000000001', '+0xFFFFFFFFFFFFFFFF', '0X1_0000_0000_0000_0000'],
    ...['0o777777777777777777777', '0o1777777777777777777777', '0o2000000000000000000000', '01777777777777777777777'],
    ...['02000000000000000000000', '-0o1000000000000000000000', '0o-1000000000000000000000', '0o-1000000000000000000001'],
    ...['1e308', '1.7976931348623157e308', '1.8e308', '1e309', '-1e309', '1e-400', '4.9e-324', '2.4e-324', '2.5e-324'],
    ...['.1e309', '.1e-400', '.1e99999', '.1e-99999', '1e99999', '9007199254740993', '1_000_000', '0.1', '00.5', '-0'],
    ...['123456789012345678901234567890', '0.000000000000000000000000000001', '.1_2_3e1_0'],
    // The review's findings, spelled exactly.
    ...['0b-1', '0b+1', '0b-1_0', '.5e3_0', '.5E3_0', '.1e+1_0', '0o-7', '0o+7', '0O-7', '-0o7', '-0o-7'],
  ];
  for (const n of [63, 64, 65]) {
    out.push(`0b${'1'.repeat(n)}`, `0b-${'1'.repeat(n)}`, `0b+${'1'.repeat(n)}`, `-0b${'1'.repeat(n)}`, `0b-1${'0'.repeat(n - 1)}`);
  }
  return out;
}

/** YAML 1.1 and 1.2 words (booleans, nulls, infinities, NaN) in every case. */
function words(): string[] {
  const base = ['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null', 'nan', 'inf', 'infinity', 'ok', 'none'];
  const cases = (w: string) => [
    w,
    w[0].toUpperCase() + w.slice(1),
    w.toUpperCase(),
    w.length > 1 ? w[0] + w[1].toUpperCase() + w.slice(2) : w,
  ];
  const variants = base.flatMap(cases);
  return [...variants, ...cross(['.', '+.', '-.', '+', '-'], variants), '~', '-~', '~~', ' ~'];
}

/** Timestamps: what go-yaml's parseTimestamp accepts (Go's time.Parse, four layouts) and what it just misses. */
function timestamps(): string[] {
  const dates = [
    '2001-12-14',
    '2001-1-2',
    '2001-02-29',
    '2000-02-29',
    '1900-02-29',
    '2001-13-01',
    '2001-00-01',
    '2001-12-32',
    '2001-12-00',
  ];
  const more = [
    '0000-01-01',
    '9999-12-31',
    '12001-12-14',
    '201-12-14',
    '2001-123-1',
    '2001-12-1x',
    '2001-12',
    '2001-',
    '2001-12-14-',
    '+001-12-14',
  ];
  const times = ['T21:59:43.10-05:00', 't21:59:43.10-05:00', 'T21:59:43Z', 'T1:2:3Z', 'T1:2:3', 'T1:2:3+01:00', 'T21:59:43,5Z'];
  const more2 = ['T24:00:00Z', 'T21:60:00Z', 'T21:59:60Z', 'T21:59:43+99:99', 'T21:59:43.123456789123Z', 'T21:59:43.Z', 'T21:59:43+0100'];
  const spaced = [' 21:59:43.10', '  21:59:43', ' 1:2:3', ' 1:2:3.5', ' 21:59:43.10 -5', ' 21:59:43Z', '\t21:59:43', ' ', 'T', 'T21:59'];
  return [...dates, ...more, ...cross(['2001-12-14', '2001-1-2', '2001-02-29'], [...times, ...more2, ...spaced])];
}

/** YAML indicator characters at the start, middle and end of a string, alone and beside spaces. */
function indicators(): string[] {
  const chars = [...'-?:,[]{}#&*!|>\'"%@`<=~\\/.', ' ', '\t'];
  const forms = (c: string) => [
    ...[c, c + c, `${c}a`, `a${c}`, `a${c}b`, `${c} a`, `a ${c}`, `a${c} b`, `a ${c}b`, ` ${c}`, `${c} `],
    ...[`${c}\n`, `\n${c}`, `a\n${c}b`, `${c}${c}${c}`, `${c}${c}${c} a`, `- ${c}`, `a: ${c}`],
  ];
  const special = [
    ...['<<', '<< ', ' <<', '<<<', '<<a', '<< a', '=', '!!str', '!!int 1', '!a b', '&a', '*a', '&a a', '*a b', '? a'],
    ...['--- a', '... a', '%YAML 1.1', '%TAG ! x', '| a', '> a', '|-', '>+', '|2', '[a, b]', '{a: b}', 'a, b', "'a'", '"a"'],
    ...['a #b', 'a# b', 'a: b: c', 'a:b', 'http://x', 'a\\nb', 'C:\\x', '0.0.0.0/0', 'a b  c', 'x: |'],
  ];
  return [...chars.flatMap(forms), ...special];
}

/** Characters go-yaml's reader refuses, takes as line breaks, or reads as ordinary text, in several places. */
function characters(): string[] {
  const codes = [
    ...Array.from({ length: 0x20 }, (_, i) => i),
    ...[0x7f, ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i), 0xa0, 0xad, 0x200b, 0x2028, 0x2029, 0x3000],
    ...[0xd7ff, 0xe000, 0xfeff, 0xfffd, 0xfffe, 0xffff, 0x1f600, 0x10ffff],
  ];
  const chars = [...codes.map((c) => String.fromCodePoint(c)), '\ud800', '\udc00', 'é'];
  const forms = (c: string) => [c, `a${c}`, `${c}a`, `a${c}b`, `a${c}b: c`, `a${c}- b`, `a\n${c}b`, `${c}\na`, `0${c}`, `1:${c}`];
  return chars.flatMap(forms);
}

/** Spaces, tabs and line breaks at the start and end of lines (block scalars, their indentation and chomping). */
function lines(): string[] {
  const starts = ['', ' ', '  ', '\t', ' \t', '\t ', '\n', ' \n', '\t\n', '\n\n', '\r\n', '\n \n'];
  const middles = ['', 'a', 'a b', 'a\tb', '#a', '- a', 'a: b', '---', '...', '\tkey=1\nother=2'];
  const ends = ['', ' ', '\t', '\n', ' \n', '\t\n', '\n\n', '\n ', '\n\t', '\nb', '\n\tb', '\n b', '\r', '\r\n', '\n\n\n', '\n  \n'];
  return cross(starts, middles, ends);
}

/** Long strings: go-yaml refuses an implicit key longer than 1024 characters. */
function lengths(): string[] {
  return [1023, 1024, 1025, 1100].flatMap((n) => ['a'.repeat(n), `${'a'.repeat(n - 2)}\nb`]);
}

/** A deterministic pseudo-random generator (mulberry32), so the corpus is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random strings: of printable ASCII (what the fast path of stringMisreadings admits), and of a mix with tabs, breaks and Unicode. */
function fuzz(): string[] {
  const next = random(15);
  const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i));
  const indicators = [...'-?:,[]{}#&*!|>\'"%@`<=~ 0.+_exyYnN'];
  const mixed = [...ascii, ...indicators, ...'\t\n\r\u0085\u2028\u00a0\ufeff\u00e9', '\u{1f600}', '\n  ', '\n\t', ': ', ' #'];
  const pick = (alphabet: readonly string[], n: number) =>
    Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  const out: string[] = [];
  for (let i = 0; i < 1000; i++) out.push(pick(next() < 0.5 ? ascii : indicators, 1 + Math.floor(next() * 8)));
  for (let i = 0; i < 1000; i++) out.push(pick(mixed, 1 + Math.floor(next() * 10)));
  return out;
}

/** The corpus, without duplicates, in a fixed order. */
export function yamlCorpus(): string[] {
  return [
    ...new Set([
      ...numbers(),
      ...edges(),
      ...words(),
      ...timestamps(),
      ...indicators(),
      ...characters(),
      ...lines(),
      ...lengths(),
      ...fuzz(),
    ]),
  ];
}
