/**
 * Markdown from values: text that stays text (no fence, heading, table cell,
 * link, emphasis or HTML of its own), code spans and fenced blocks that no
 * value can close. The runbook writes every spec value through these.
 */

/** Characters that would break a line of Markdown: line breaks and other control or format characters. */
const BREAKS = /[\p{C}\p{Zl}\p{Zp}]/gu;

/** `text` on one line, each breaking character shown as U+FFFD. */
function oneLine(text: string): string {
  return text.replace(BREAKS, '\uFFFD');
}

/** The longest run of backticks in `text`. */
function longestBackticks(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/**
 * `text` as Markdown text, for the middle of a line: on one line, with a backslash before each character that
 * could open code, emphasis, a link, HTML, an entity, a table cell, strikethrough, math or a heading's end.
 */
export function mdText(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>&|~$#]/g, '\\$&');
}

/** `text` as a Markdown code span, on one line, fenced by more backticks than it holds. */
export function mdCode(text: string): string {
  const line = oneLine(text);
  const fence = '`'.repeat(longestBackticks(line) + 1);
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** A fenced `sh` block of `lines`, fenced by more backticks than they hold (at least three), then a blank line. */
export function mdShell(lines: readonly string[]): string[] {
  const fence = '`'.repeat(Math.max(3, longestBackticks(lines.join('\n')) + 1));
  return [`${fence}sh`, ...lines, fence, ''];
}
