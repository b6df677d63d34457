/**
 * Where psql would read a meta-command in a script it runs (`psql --file`): a backslash outside a string
 * literal, a quoted identifier and a comment starts one (`\! cmd` runs a shell command, `\o file` writes a
 * file, `\i` reads one, `\copy` moves data), which the server never sees. The restore drill's checks
 * (`dr.restoreDrill.checks[].sql`) run in a pod holding the backup bucket's identity, so they must be SQL
 * only. This follows psql's lexer (src/fe_utils/psqlscan.l): `'…'` with `''` (a standard string; in an
 * `E'…'` string a backslash escapes the next character), `"…"` with `""`, `$tag$…$tag$`, `--` to the end of
 * the line, and nested `/* … *\/`. test/core/psql-meta.test.ts holds it to a real psql on every case.
 * One pass over the text.
 */

/** The index of the first backslash psql would read as a meta-command, or -1. */
export function psqlMetaCommandAt(sql: string): number {
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (c === '\\') return i;
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        const two = sql.slice(i, i + 2);
        depth += two === '/*' ? 1 : two === '*/' ? -1 : 0;
        i += two === '/*' || two === '*/' ? 2 : 1;
      }
    } else if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1] ?? '') && !/[A-Za-z0-9_$]/.test(sql[i - 2] ?? '');
      i = quoted(sql, i + 1, "'", escapes);
    } else if (c === '"') {
      i = quoted(sql, i + 1, '"', false);
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i));
      const identifierPart = i > 0 && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[i - 1] ?? '');
      if (tag && !identifierPart) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? n : end + tag[0].length;
      } else i++;
    } else i++;
  }
  return -1;
}

/** The index after a quoted run opened before `from`: doubled quotes stay inside, and with `escapes` a backslash takes the next character. */
function quoted(sql: string, from: number, quote: string, escapes: boolean): number {
  let i = from;
  while (i < sql.length) {
    if (escapes && sql[i] === '\\') i += 2;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
