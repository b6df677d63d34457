/**
 * go-yaml's scanner for scalars (scannerc.go, a port of libyaml; identical in v2 2.4.0 and v3 3.0.1
 * but for comments), ported for the model of kubectl's and kustomize's YAML readers (see yaml-readers):
 * the value of a plain, quoted or block scalar as go-yaml reads it from the text, where JavaScript
 * readers differ. go-yaml takes U+0085 (read as a line feed), U+2028 and U+2029 (kept) as line
 * breaks, knows its own set of escapes, refuses a tab among a block scalar's indentation spaces, and
 * determines a block scalar's indentation from its leading lines. Each function starts at the scalar's
 * first character and throws go-yaml's message where go-yaml fails. Pure and linear-time.
 */

const isBreak = (s: string, i: number) => {
  const c = s[i];
  return c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
};
const isBlank = (s: string, i: number) => s[i] === ' ' || s[i] === '\t';
const isBreakz = (s: string, i: number) => i >= s.length || isBreak(s, i);
const isBlankz = (s: string, i: number) => isBlank(s, i) || isBreakz(s, i);

/** The character at `i` (a whole surrogate pair) and the index after it. */
function charAt(s: string, i: number): [string, number] {
  const n = s.codePointAt(i)! > 0xffff ? 2 : 1;
  return [s.slice(i, i + n), i + n];
}

/** go-yaml's read_line: a line break as it enters a scalar's value (CR LF, CR, LF and NEL as LF; LS and PS as themselves), and the index after it. */
function readLine(s: string, i: number): [string, number] {
  if (s[i] === '\r' && s[i + 1] === '\n') return ['\n', i + 2];
  if (s[i] === '\r' || s[i] === '\n' || s[i] === '\u0085') return ['\n', i + 1];
  if (s[i] === '\u2028' || s[i] === '\u2029') return [s[i], i + 1];
  return ['', i];
}

/**
 * Columns in a text: characters since the last line break (go-yaml's mark.column), in UTF-16 code units,
 * which differs only after a character outside the BMP on the same line, never in indentation.
 */
export class GoColumns {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\r' && text[i + 1] === '\n') continue;
      if (isBreak(text, i)) this.lineStarts.push(i + 1);
    }
  }

  /** The column of index `i`. */
  of(i: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return i - this.lineStarts[lo];
  }
}

const documentIndicator = (s: string, i: number, col: number) =>
  col === 0 && (s.startsWith('---', i) || s.startsWith('...', i)) && isBlankz(s, i + 3);

/** Folds the line breaks between two pieces of a flow or plain scalar as go-yaml does. */
function fold(leadingBreak: string, trailingBreaks: string): string {
  if (leadingBreak.startsWith('\n')) return trailingBreaks === '' ? ' ' : trailingBreaks;
  return leadingBreak + trailingBreaks;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  "'": "'",
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** Where a flow or plain scalar's text breaks: the blanks and line breaks libyaml collects for folding. */
interface Gap {
  readonly i: number;
  readonly col: number;
  readonly whitespaces: string;
  readonly leadingBreak: string;
  readonly trailingBreaks: string;
  readonly leadingBlanks: boolean;
}

/**
 * Skips the blanks and line breaks at `gap.i`, collecting them as libyaml does (the same loop in its quoted
 * and plain scanners); a tab among a plain scalar's indentation (before column `tabIndent`) fails.
 */
function skipGap(s: string, gap: Gap, tabIndent: number): Gap {
  let { i, col, whitespaces, leadingBreak, trailingBreaks, leadingBlanks } = gap;
  while (isBlank(s, i) || isBreak(s, i)) {
    if (isBlank(s, i)) {
      if (leadingBlanks && col < tabIndent && s[i] === '\t') throw new Error('found a tab character that violates indentation');
      if (!leadingBlanks) whitespaces += s[i];
      i++;
      col++;
    } else {
      const [brk, next] = readLine(s, i);
      if (!leadingBlanks) {
        whitespaces = '';
        leadingBreak += brk;
        leadingBlanks = true;
      } else trailingBreaks += brk;
      i = next;
      col = 0;
    }
  }
  return { i, col, whitespaces, leadingBreak, trailingBreaks, leadingBlanks };
}

/** A single- or double-quoted scalar starting at its opening quote, in column `startColumn` (yaml_parser_scan_flow_scalar). */
export function goQuotedScalar(s: string, start: number, startColumn: number): string {
  const single = s[start] === "'";
  let i = start + 1;
  let col = startColumn + 1;
  let value = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let whitespaces = '';
  for (;;) {
    if (documentIndicator(s, i, col)) throw new Error('found unexpected document indicator');
    if (i >= s.length) throw new Error('found unexpected end of stream');
    let leadingBlanks = false;
    while (!isBlankz(s, i)) {
      const c = s[i];
      if (single && c === "'" && s[i + 1] === "'") {
        value += "'";
        i += 2;
        col += 2;
      } else if (c === (single ? "'" : '"')) {
        break;
      } else if (!single && c === '\\' && isBreak(s, i + 1)) {
        i = readLine(s, i + 1)[1];
        col = 0;
        leadingBlanks = true;
        break;
      } else if (!single && c === '\\') {
        const e = s[i + 1];
        const length = HEX_ESCAPES[e] ?? 0;
        if (length === 0 && !(e in ESCAPES)) throw new Error('found unknown escape character');
        i += 2;
        col += 2;
        if (length === 0) value += ESCAPES[e];
        else {
          const hex = s.slice(i, i + length);
          if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw new Error('did not find expected hexdecimal number');
          const code = parseInt(hex, 16);
          if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) throw new Error('found invalid Unicode character escape code');
          value += String.fromCodePoint(code);
          i += length;
          col += length;
        }
      } else {
        const [ch, next] = charAt(s, i);
        value += ch;
        i = next;
        col++;
      }
    }
    if (s[i] === (single ? "'" : '"')) break;
    const gap = skipGap(s, { i, col, whitespaces, leadingBreak, trailingBreaks, leadingBlanks }, -1);
    ({ i, col, whitespaces, leadingBreak, trailingBreaks, leadingBlanks } = gap);
    if (leadingBlanks) {
      value += fold(leadingBreak, trailingBreaks);
      leadingBreak = '';
      trailingBreaks = '';
    } else {
      value += whitespaces;
      whitespaces = '';
    }
  }
  return value;
}

/**
 * A literal (`|`) or folded (`>`) block scalar starting at its indicator (yaml_parser_scan_block_scalar),
 * where `parentIndent` is the column of the block collection holding it (-1 at the top of a document).
 */
export function goBlockScalar(s: string, start: number, startColumn: number, parentIndent: number): string {
  const literal = s[start] === '|';
  let i = start + 1;
  let col = startColumn + 1;
  let chomping = 0;
  let increment = 0;
  const indentationIndicator = () => {
    if (s[i] >= '0' && s[i] <= '9') {
      if (s[i] === '0') throw new Error('found an indentation indicator equal to 0');
      increment = Number(s[i]);
      i++;
      col++;
    }
  };
  const chompingIndicator = () => {
    if (s[i] === '+' || s[i] === '-') {
      chomping = s[i] === '+' ? 1 : -1;
      i++;
      col++;
    }
  };
  if (s[i] === '+' || s[i] === '-') {
    chompingIndicator();
    indentationIndicator();
  } else {
    indentationIndicator();
    chompingIndicator();
  }
  while (isBlank(s, i)) {
    i++;
    col++;
  }
  if (s[i] === '#') while (!isBreakz(s, i)) [, i] = charAt(s, i);
  if (!isBreakz(s, i)) throw new Error('did not find expected comment or line break');
  if (isBreak(s, i)) {
    i = readLine(s, i)[1];
    col = 0;
  }
  let indent = increment > 0 ? (parentIndent >= 0 ? parentIndent + increment : increment) : 0;
  let trailingBreaks = '';
  // yaml_parser_scan_block_scalar_breaks: indentation spaces and empty lines, and the indentation when not given.
  const breaks = () => {
    let maxIndent = 0;
    for (;;) {
      while ((indent === 0 || col < indent) && s[i] === ' ') {
        i++;
        col++;
      }
      maxIndent = Math.max(maxIndent, col);
      if ((indent === 0 || col < indent) && s[i] === '\t') throw new Error('found a tab character where an indentation space is expected');
      if (!isBreak(s, i)) break;
      const [brk, next] = readLine(s, i);
      trailingBreaks += brk;
      i = next;
      col = 0;
    }
    if (indent === 0) indent = Math.max(maxIndent, parentIndent + 1, 1);
  };
  breaks();
  let value = '';
  let leadingBreak = '';
  let leadingBlank = false;
  while (col === indent && i < s.length) {
    const trailingBlank = isBlank(s, i);
    if (!literal && !leadingBlank && !trailingBlank && leadingBreak.startsWith('\n')) {
      if (trailingBreaks === '') value += ' ';
    } else value += leadingBreak;
    value += trailingBreaks;
    trailingBreaks = '';
    leadingBlank = isBlank(s, i);
    const lineStart = i;
    while (!isBreakz(s, i)) i++;
    value += s.slice(lineStart, i);
    [leadingBreak, i] = readLine(s, i);
    col = 0;
    breaks();
  }
  if (chomping !== -1) value += leadingBreak;
  if (chomping === 1) value += trailingBreaks;
  return value;
}

/**
 * A plain scalar starting at its first character (yaml_parser_scan_plain_scalar), where `parentIndent`
 * is the column of the block collection holding it (-1 at the top of a document) and `flow` tells
 * whether it is inside a flow collection.
 */
export function goPlainScalar(s: string, start: number, startColumn: number, parentIndent: number, flow: boolean): string {
  const indent = parentIndent + 1;
  let i = start;
  let col = startColumn;
  let value = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let whitespaces = '';
  let leadingBlanks = false;
  for (;;) {
    if (documentIndicator(s, i, col) || s[i] === '#') break;
    while (!isBlankz(s, i)) {
      if ((s[i] === ':' && isBlankz(s, i + 1)) || (flow && ',?[]{}'.includes(s[i]))) break;
      if (leadingBlanks) {
        value += fold(leadingBreak, trailingBreaks);
        leadingBreak = '';
        trailingBreaks = '';
        leadingBlanks = false;
      } else {
        value += whitespaces;
        whitespaces = '';
      }
      const [ch, next] = charAt(s, i);
      value += ch;
      i = next;
      col++;
    }
    if (!(isBlank(s, i) || isBreak(s, i))) break;
    const gap = skipGap(s, { i, col, whitespaces, leadingBreak, trailingBreaks, leadingBlanks }, indent);
    ({ i, col, whitespaces, leadingBreak, trailingBreaks, leadingBlanks } = gap);
    if (!flow && col < indent) break;
  }
  return value;
}
