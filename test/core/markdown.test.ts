/**
 * Markdown from values (lib/core/markdown.ts), by CommonMark's rules (spec 0.31, "Backslash escapes", "Code spans",
 * "Fenced code blocks") and GitHub's extensions (tables, strikethrough, math): text stays text, and no value closes
 * the code span or block it is put in.
 */
import { mdCode, mdShell, mdText } from 'production-stack/core/markdown';

describe('text', () => {
  test('each character that opens code, emphasis, a link, HTML, an entity, a cell, strikethrough, math or a heading’s end is escaped', () => {
    expect(mdText('\\`*_[]<>&|~$#')).toBe('\\\\\\`\\*\\_\\[\\]\\<\\>\\&\\|\\~\\$\\#');
    expect(mdText('a*b_c')).toBe('a\\*b\\_c');
  });

  test('plain text stays as it is, punctuation that opens nothing included', () => {
    expect(mdText("tenant's data (bucket), 5.5% - ok! /path?x=1 {a} 'q' \"d\" é")).toBe(
      "tenant's data (bucket), 5.5% - ok! /path?x=1 {a} 'q' \"d\" é",
    );
  });

  test('a line break, a control or format character is shown as U+FFFD, every one of them', () => {
    expect(mdText('a\nb\r\nc\u2028d\u2029e\u202ef\u0000g\th')).toBe('a\uFFFDb\uFFFD\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh');
  });
});

describe('code spans', () => {
  test('text without a backtick is fenced by one', () => {
    expect(mdCode('kubectl get pods')).toBe('`kubectl get pods`');
    expect(mdCode('')).toBe('``');
  });

  test('the fence is one backtick longer than the longest run inside, so no run closes it', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('a``b`c')).toBe('```a``b`c```');
  });

  test('text that starts or ends with a backtick is padded with a space (which CommonMark strips)', () => {
    expect(mdCode('`a')).toBe('`` `a ``');
    expect(mdCode('a`')).toBe('`` a` ``');
    expect(mdCode('a` b')).toBe('``a` b``');
  });

  test('on one line', () => {
    expect(mdCode('a\nb')).toBe('`a\uFFFDb`');
  });
});

describe('shell blocks', () => {
  test('fenced by three backticks, tagged sh, then a blank line', () => {
    expect(mdShell(['echo a', 'echo b'])).toEqual(['```sh', 'echo a', 'echo b', '```', '']);
    expect(mdShell(['echo ``'])).toEqual(['```sh', 'echo ``', '```', '']);
  });

  test('runs on different lines are not one run: a line ending in two backticks and one starting with two keep the fence at three', () => {
    expect(mdShell(['a``', '``b'])).toEqual(['```sh', 'a``', '``b', '```', '']);
  });

  test('a run of three backticks or more in the lines lengthens the fence past it', () => {
    expect(mdShell(['echo ```'])).toEqual(['````sh', 'echo ```', '````', '']);
    expect(mdShell(['a', '`````'])).toEqual(['``````sh', 'a', '`````', '``````', '']);
  });
});
