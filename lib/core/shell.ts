/**
 * Shell command lines whose values cannot escape their argument: each value
 * becomes one POSIX shell word, whatever it holds (quotes, `$(...)`, `;`,
 * newlines). The runbook builds every command that names a spec value with {@link sh}.
 */

/** Words that no POSIX shell expands or splits: written bare, so the commands stay readable. */
const SAFE_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/**
 * Characters a reader cannot see or that a terminal acts on: control (but newline and tab), format
 * (such as bidirectional overrides), unassigned, line and paragraph separators.
 */
const INVISIBLE = /[^\P{C}\n\t]|[\p{Zl}\p{Zp}]/gu;

/** `c` as printf writes it from the octal escapes of its UTF-8 bytes, in double quotes: `"$(printf '\342\200\256')"`. */
function printed(c: string): string {
  const octal = [...new TextEncoder().encode(c)].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
  return `"$(printf '${octal}')"`;
}

/**
 * `value` as one POSIX shell word: bare when it is a safe word, else single-quoted, each `'` written
 * `'\''` and each invisible character (see {@link INVISIBLE}) written by printf, so the word shows
 * what it holds.
 */
export function shellQuote(value: string): string {
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`).replace(INVISIBLE, (c) => `'${printed(c)}'`)}'`;
}

/**
 * A shell line: the template's text is shell as written (the library's own), and each value is
 * quoted into one word ({@link shellQuote}); a list gives one word per item. A value must not sit
 * inside the template's own quotes: make the whole word the value instead.
 *
 * @example sh`aws rds wait db-instance-available --region ${region} --db-instance-identifier ${id}`
 */
export function sh(template: TemplateStringsArray, ...values: readonly (string | readonly string[])[]): string {
  return template.reduce((line, text, i) => {
    const value = values[i - 1];
    const words = typeof value === 'string' ? shellQuote(value) : value.map(shellQuote).join(' ');
    return `${line}${words}${text}`;
  });
}
