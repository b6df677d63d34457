/**
 * go-yaml's scanner for scalars (lib/core/go-yaml-scalars.ts): the value of a quoted, block or plain scalar as
 * go-yaml reads it from the text, and the errors it stops at. Each case is the value of `v` in a one-line
 * mapping, and each expected value or error was first read by the real readers (test/support/goyaml's binary:
 * kubectl's go-yaml v2 and kustomize's v3 agree on every one); test/core/yaml-readers-go.test.ts holds the
 * whole model to them over a corpus.
 */
import { GoColumns, goBlockScalar, goPlainScalar, goQuotedScalar } from '../../lib/core/go-yaml-scalars';

/** The scalar that starts after `v: ` (column 3), in a mapping at column 0. */
const quoted = (text: string) => goQuotedScalar(`v: ${text}`, 3, 3);
const block = (text: string) => goBlockScalar(`v: ${text}`, 3, 3, 0);
const plain = (text: string) => goPlainScalar(`v: ${text}`, 3, 3, 0, false);
/** The first item of a flow sequence `v: [<text>]`. */
const flowItem = (text: string) => goPlainScalar(`v: [${text}]`, 4, 4, 0, true);

describe('double-quoted scalars', () => {
  test("go-yaml's escapes: \\0 \\a \\b \\t, a tab, \\n \\v \\f \\r \\e, a space, \\\" \\' and \\\\", () => {
    expect(quoted('"\\0\\a\\b\\t\\\t\\n\\v\\f\\r\\e\\ \\"\\\'\\\\"')).toBe('\0\x07\b\t\t\n\v\f\r\x1b "\'\\');
  });

  test('\\N, \\_, \\L and \\P: next line, no-break space, line and paragraph separators', () => {
    expect(quoted('"\\N\\_\\L\\P"')).toBe('\u0085\u00a0\u2028\u2029');
  });

  test('\\x, \\u and \\U take 2, 4 and 8 hex digits, of any case, up to U+10FFFF', () => {
    expect(quoted('"\\x41\\u00e9\\U0001F600\\uE000\\U0010FFFF"')).toBe('A\u00e9\u{1f600}\ue000\u{10ffff}');
    expect(quoted('"\\xaB"')).toBe('\u00ab');
  });

  test.each(['"\\x4"', '"\\xZZ"', '"a\\x"', '"\\u00"', '"\\U0001F60"', '"\\u00g1"'])('%s: too few hex digits, or not hex', (text) => {
    expect(() => quoted(text)).toThrow('did not find expected hexdecimal number');
  });

  test.each(['"\\ud800"', '"\\uDFFF"', '"\\U00110000"'])('%s: a surrogate or beyond U+10FFFF is no character', (text) => {
    expect(() => quoted(text)).toThrow('found invalid Unicode character escape code');
  });

  test.each(['"\\q"', '"\\/"', '"\\z"'])('%s: an escape go-yaml does not know (\\/ is YAML 1.2’s)', (text) => {
    expect(() => quoted(text)).toThrow('found unknown escape character');
  });

  test('a line break folds to a space, an empty line to a line feed; trailing blanks before a break are dropped', () => {
    expect([quoted('"a\n  b"'), quoted('"a\n\n  b"'), quoted('"a\n  \n  b"'), quoted('"a  \n  b"'), quoted('"a\r\n b"')]).toEqual([
      'a b',
      'a\nb',
      'a\nb',
      'a b',
      'a b',
    ]);
  });

  test('an escaped line break joins the lines, the blanks before the escape kept', () => {
    expect([quoted('"a\\\n  b"'), quoted('"a \\\n b"'), quoted('"a\\\r\n  b"')]).toEqual(['ab', 'a b', 'ab']);
  });

  test('blanks inside a line are kept as written', () => {
    expect([quoted('"a   b"'), quoted('"a\t\tb"')]).toEqual(['a   b', 'a\t\tb']);
  });

  test('go-yaml reads U+0085 as a line break (folded to a space) and keeps U+2028 and U+2029 as the break', () => {
    expect([quoted('"a\u0085b"'), quoted('"a\u2028b"'), quoted('"a\u2029 b"')]).toEqual(['a b', 'a\u2028b', 'a\u2029b']);
  });

  test('an escaped U+0085 line break joins the lines', () => {
    expect(quoted('"a\\\u0085b"')).toBe('ab');
  });

  test('a character outside the BMP is kept whole', () => {
    expect(quoted('"\u{1f600} x"')).toBe('\u{1f600} x');
  });

  test('a document marker at the start of a line inside the quotes, or the end of the text, is an error', () => {
    expect(() => quoted('"x\n---\n"')).toThrow('found unexpected document indicator');
    expect(() => quoted('"x\n... \n"')).toThrow('found unexpected document indicator');
    expect(() => quoted('"abc')).toThrow('found unexpected end of stream');
    expect(quoted('"x\n ---"')).toBe('x ---');
    expect(quoted('"x\n---a"')).toBe('x ---a');
  });
});

describe('single-quoted scalars', () => {
  test('a doubled quote is one quote; a backslash is itself', () => {
    expect([quoted("'it''s'"), quoted("'a\\nb'"), quoted("'a\\'")]).toEqual(["it's", 'a\\nb', 'a\\']);
  });

  test("\\' does not escape the quote: the scalar ends there", () => {
    expect(() => quoted("'\\''")).toThrow('found unexpected end of stream');
  });

  test('lines fold as in double quotes', () => {
    expect([quoted("'a\n\n\n  b'"), quoted("'a\u2029 b'")]).toEqual(['a\n\nb', 'a\u2029b']);
  });
});

describe('block scalars', () => {
  test('literal: the lines as written; the final line break kept once (clip), none (strip, -), all (keep, +)', () => {
    expect([
      block('|\n  a\n  b\n'),
      block('|-\n  a\n\n'),
      block('|-\n  a\n  b\n\n\n'),
      block('|+\n  a\n\n'),
      block('|+\n  a\n\n  \n'),
    ]).toEqual(['a\nb\n', 'a', 'a\nb', 'a\n\n', 'a\n\n\n']);
    expect(block('|\n a\n\n')).toBe('a\n');
  });

  test('folded: lines join with a space, an empty line is a line feed, more-indented lines are kept, blanks inside a line too', () => {
    expect([block('>\n  a\n  b\n\n  c\n'), block('>\n  a\n    b\n  c\n'), block('>\n  a\n\n\n  b\n'), block('>\n  a\n  \n  b\n')]).toEqual([
      'a b\nc\n',
      'a\n  b\nc\n',
      'a\n\nb\n',
      'a\nb\n',
    ]);
    expect([block('>-\n  a\n  b\n'), block('>+\n  a\n\n'), block('>\n\n  a\n'), block('>\n  a   b\n')]).toEqual([
      'a b',
      'a\n\n',
      '\na\n',
      'a   b\n',
    ]);
  });

  test('folded: a line that starts with a tab is more indented too, kept with its breaks', () => {
    expect(block('>\n a\n \tb\n c\n')).toBe('a\n\tb\nc\n');
  });

  test('an indentation indicator, before or after the chomping one, counts from the parent’s column', () => {
    expect([block('|2\n    a\n'), block('|1\n  a\n'), block('|-2\n   a\n'), block('|2-\n   a\n'), block('|+2\n   a\n')]).toEqual([
      '  a\n',
      ' a\n',
      ' a',
      ' a',
      ' a\n',
    ]);
    // at the top of a document (no parent), from column 0
    expect(goBlockScalar('|1\n  a\n', 0, 0, -1)).toBe(' a\n');
  });

  test('an indentation indicator of 0 is an error', () => {
    expect(() => block('|0\n  a\n')).toThrow('found an indentation indicator equal to 0');
  });

  test('only blanks and a comment may follow the indicators on their line', () => {
    expect([block('| # c\n  a\n'), block('|  \n  a\n')]).toEqual(['a\n', 'a\n']);
    expect(() => block('| x\n  a\n')).toThrow('did not find expected comment or line break');
  });

  test('without an indicator, the indentation is the deepest of the leading empty lines and the first line', () => {
    expect(block('|\n\n    \n    a\n')).toBe('\n\na\n');
  });

  test('a tab in the indentation is an error; after it, content', () => {
    expect(() => block('|\n\t a\n')).toThrow('found a tab character where an indentation space is expected');
    expect(block('|\n  a\n  \tb\n')).toBe('a\n\tb\n');
  });

  test('the scalar ends at a line less indented', () => {
    expect([block('|\n  a\n b\n'), block('>\n   a\n  b\n')]).toEqual(['a\n', 'a\n']);
  });

  test('CR LF and U+0085 are line feeds in the value; U+2028 is kept', () => {
    expect([block('|\n  a\r\n  b\r\n'), block('|\n  a\u0085  b\n'), block('>\n  a\u2028  b\n')]).toEqual([
      'a\nb\n',
      'a\nb\n',
      'a\u2028b\n',
    ]);
  });

  test('an empty block scalar at the end of the text', () => {
    expect([block('|'), block('|-\n'), block('>+\n\n')]).toEqual(['', '', '\n']);
  });
});

describe('plain scalars', () => {
  test('lines fold as in quoted scalars; blanks at a break are dropped', () => {
    expect([plain('a b'), plain('a\n  b'), plain('a\n\n  b'), plain('a  \n  b'), plain('a\n  b\n\n\n  c'), plain('x\u0085  y')]).toEqual([
      'a b',
      'a b',
      'a\nb',
      'a b',
      'a b\n\nc',
      'x y',
    ]);
    expect(plain('x\u2028 y')).toBe('x\u2028y');
  });

  test('": " and " #" end it; a colon or a hash inside a word does not', () => {
    expect([plain('a: b'), plain('a:b'), plain('a #c'), plain('a#c'), plain('a:')]).toEqual(['a', 'a:b', 'a', 'a#c', 'a']);
  });

  test('a document marker at the start of a line ends it', () => {
    expect([plain('a\n---\n'), plain('a\n...\n')]).toEqual(['a', 'a']);
    // at the top of a document, ---x is no marker (no blank after it): the scalar goes on
    expect(goPlainScalar('a\n---x', 0, 0, -1, false)).toBe('a ---x');
  });

  test('a line less indented than its parent’s content ends it', () => {
    expect(goPlainScalar('k:\n  v: a\n  b: c', 8, 5, 2, false)).toBe('a');
    expect(goPlainScalar('k:\n  v: a\n   b', 8, 5, 2, false)).toBe('a b');
  });

  test('a tab in the indentation of a continuation line is an error', () => {
    expect(() => plain('a\n\tb')).toThrow('found a tab character that violates indentation');
    expect(plain('a\n \tb')).toBe('a b');
  });

  test('in a flow collection, , ? [ ] { } end it too', () => {
    expect(['a,b', 'a]', 'a}', 'a?b', 'a[b', 'a{b', 'a b, c', 'a\n  b, c'].map(flowItem)).toEqual([
      'a',
      'a',
      'a',
      'a',
      'a',
      'a',
      'a b',
      'a b',
    ]);
    expect(plain('a,b]')).toBe('a,b]');
  });

  test('in a flow collection a line at any indentation continues it', () => {
    expect(goPlainScalar('k: [a\nb]', 4, 4, 0, true)).toBe('a b');
  });
});

describe("go-yaml's columns", () => {
  test('characters since the last line break, in UTF-16 code units', () => {
    const text = 'ab\ncd\r\nef\rg\u0085h\u2028i\u2029j\u{1f600}k';
    const columns = new GoColumns(text);
    expect([...text].map((_, i) => columns.of(i)).slice(0, 12)).toEqual([0, 1, 2, 0, 1, 2, 3, 0, 1, 2, 0, 1]);
    expect(['a', 'c', 'e', 'g', 'h', 'i', 'j', 'k'].map((c) => columns.of(text.indexOf(c)))).toEqual([0, 0, 0, 0, 0, 0, 0, 3]);
  });

  test('CR LF is one line break: the LF is at the end of the line, not the start of another', () => {
    const columns = new GoColumns('ab\r\ncd');
    expect([columns.of(2), columns.of(3), columns.of(4), columns.of(5)]).toEqual([2, 3, 0, 1]);
  });

  test('many lines: each index finds its own line', () => {
    // line n is n x's: its last character is at column n - 1
    const lines = Array.from({ length: 50 }, (_, n) => 'x'.repeat(n));
    const columns = new GoColumns(lines.join('\n'));
    const lastOfEach = lines.map((_, n) => lines.slice(0, n + 1).join('\n').length - 1);
    expect(lastOfEach.slice(1).map((i) => columns.of(i))).toEqual(lines.slice(1).map((_, n) => n));
  });
});

describe('the edges of each rule (the survivors of the first mutation run)', () => {
  test('a CR alone is a line break too, folded like the others', () => {
    expect(quoted('"a\rb"')).toBe('a b');
  });

  test('each fold starts afresh: two line breaks fold to two spaces, the blanks of an indentation are dropped', () => {
    expect([quoted('"a\n b\n c"'), quoted('"a\n  b c"'), plain('a\n  b c'), quoted('"a b c"')]).toEqual([
      'a b c',
      'a b c',
      'a b c',
      'a b c',
    ]);
  });

  test('a quoted scalar has no indentation rule: a tab at the start of a continuation line is a blank', () => {
    expect(quoted('"a\n\tb"')).toBe('a b');
  });

  test('--- inside a line is no document marker, whatever precedes it on the line', () => {
    expect([quoted('"a --- b"'), plain('a --- b'), plain('abcd e')]).toEqual(['a --- b', 'a --- b', 'abcd e']);
    // at the top of a document, the columns count from 0
    expect([goQuotedScalar('" --- b"', 0, 0), goQuotedScalar('"\\u0041 --- x"', 0, 0), goQuotedScalar('"\\t --- x"', 0, 0)]).toEqual([
      ' --- b',
      'A --- x',
      '\t --- x',
    ]);
    expect(goQuotedScalar('"ab --- x"', 0, 0)).toBe('ab --- x');
    expect(goQuotedScalar("''' --- x'", 0, 0)).toBe("' --- x");
    expect(goPlainScalar('   abcd --- x', 3, 3, -1, false)).toBe('abcd --- x');
  });

  test('a hex escape cut short by the end of the text is a bad hex number, not the end of the stream', () => {
    expect(() => quoted('"\\x4')).toThrow('did not find expected hexdecimal number');
  });

  test('an indentation indicator of 9', () => {
    expect(block(`|9\n${' '.repeat(10)}a\n`)).toBe(' a\n');
  });

  test('in a nested mapping (parent at column 2), the indicator counts from the parent, and the detected indentation is deeper than it', () => {
    expect(goBlockScalar('k:\n  v: |1\n    a\n', 8, 5, 2)).toBe(' a\n');
    expect(goBlockScalar('k:\n  v: |\n    a\n', 8, 5, 2)).toBe('a\n');
    // a next line at the parent's own column is the next key, not the scalar's content
    expect(goBlockScalar('k:\n  v: |\n  x: 1\n', 8, 5, 2)).toBe('');
  });

  test('a tab where the indentation (known by now) has spaces is an error', () => {
    expect(() => block('|\n  a\n\tb\n')).toThrow('found a tab character where an indentation space is expected');
  });

  test('an empty line starts a line of its own', () => {
    const columns = new GoColumns('a\n\nb');
    expect([columns.of(1), columns.of(2), columns.of(3)]).toEqual([1, 0, 0]);
  });
});
