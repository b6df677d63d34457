/**
 * Where psql reads a meta-command (lib/core/psql-meta.ts), held to a real psql (Debian's postgresql, which
 * `scripts/engines.sh` installs): each script runs through `psql --no-psqlrc --file` against a real server, with
 * `\echo META` wherever the case puts a backslash; psql ran a meta-command exactly when a line of its output
 * is `META` (a string that only holds the text comes back from the server with more on its line).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { psqlMetaCommandAt } from 'production-stack/core/psql-meta';
import { type TestPostgres, startPostgres } from '../support/postgres';

jest.setTimeout(120_000);

const CASES: [string, string][] = [
  ['a meta-command after a query', 'SELECT 1;\n\\echo META\n'],
  ['a meta-command on the query line', 'SELECT 1 \\echo META\n'],
  ['a shell escape', "SELECT 'x';\n\\! echo META\n"],
  ['only SQL', 'SELECT count(*) > 0 FROM pg_class;\n'],
  ['in a standard string', "SELECT ' \\echo META ';\n"],
  ['after a doubled quote in a string', "SELECT 'it''s \\echo META';\n"],
  ['in an escape string, past an escaped quote', "SELECT E'\\' \\echo META ';\n"],
  ['after an escape string ends with an escaped backslash', "SELECT E'a\\\\' \\echo META\n"],
  ['a standard string ending in a backslash, then a meta-command', "SELECT 'a\\' \\echo META\n"],
  ['an identifier that ends in e before a string', "SELECT 1 AS type'x' \\echo META\n"],
  ['in a quoted identifier', 'SELECT 1 AS " \\echo META ";\n'],
  ['in a dollar-quoted string', 'SELECT $$ \\echo META $$;\n'],
  ['in a tagged dollar-quoted string', 'SELECT $t$ $$ \\echo META $t$;\n'],
  ['after a dollar sign inside an identifier', 'SELECT 1 AS a$$ \\echo META\n'],
  ['after a positional parameter', 'SELECT $1 \\echo META\n'],
  ['in a line comment', 'SELECT 1; -- \\echo META\n'],
  ['after a line comment', 'SELECT 1; -- note\n\\echo META\n'],
  ['in a block comment', 'SELECT 1; /* \\echo META */\n'],
  ['in a nested block comment', 'SELECT 1; /* /* */ \\echo META */\n'],
  ['after a block comment', 'SELECT 1; /* x */ \\echo META\n'],
  ['in an unterminated string', "SELECT ' \\echo META\n"],
  ['after an empty string', "SELECT '' \\echo META\n"],
  ['in an escape string, past a doubled quote and an escaped one', "SELECT E'a''\\' \\echo META ';\n"],
  ['in an escape string at the very start of the script', "E'\\' \\echo META ';\n"],
  ['after a standard string that follows a bracket and ends in a backslash', "SELECT ('a\\') \\echo META\n"],
  ['after an identifier that ends in e and a string ending in a backslash', "SELECT 1 AS type'x\\' \\echo META\n"],
  ['after a quoted identifier', 'SELECT 1 AS "x" \\echo META\n'],
  ['after a quoted identifier ending in a backslash', 'SELECT 1 AS "a\\" \\echo META\n'],
  ['after a minus sign', 'SELECT 2 -1 \\echo META\n'],
  ['after a minus sign right after a number', 'SELECT 2-1 \\echo META\n'],
  ['in a line comment on the last line, with no newline', 'SELECT 1; -- \\echo META'],
  ['after a line comment that ends in a backslash', 'SELECT 1; -- note \\\nSELECT 2;\n'],
  ['after a division', 'SELECT 6/3 \\echo META\n'],
  ['after a multiplication', 'SELECT 2*3 \\echo META\n'],
  ['in an unterminated block comment', 'SELECT 1; /* \\echo META\n'],
  ['after an empty block comment and a star', 'SELECT 1 /**/* 2 \\echo META\n'],
  ['in a block comment past a nested opening followed by a slash', 'SELECT 1; /* /*/ */ \\echo META */\n'],
  ['after a dollar-quoted string', 'SELECT $$x$$ \\echo META\n'],
  ['after a dollar-quoted string holding a space', 'SELECT $$ $$ \\echo META\n'],
  ['in a dollar-quoted string of a longer tag', 'SELECT $tag$ \\echo META $tag$;\n'],
  ['in an unterminated dollar-quoted string', 'SELECT $$ \\echo META\n'],
  ['after a positional parameter, a dollar quote on the next line', 'SELECT $1 \\echo META\n$$\n'],
];

let pg: TestPostgres;
let dir: string;
beforeAll(() => {
  pg = startPostgres(34000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'psql-meta-'));
});
afterAll(() => {
  pg.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Whether psql ran a meta-command of `sql`. */
function psqlRanMeta(sql: string): boolean {
  const file = path.join(dir, 'check.sql');
  fs.writeFileSync(file, sql);
  const r = spawnSync(
    'psql',
    ['-h', '127.0.0.1', '-p', pg.port, '-U', 'postgres', '-d', 'postgres', '--no-psqlrc', '-tAX', '--file', file],
    {
      encoding: 'utf8',
    },
  );
  return r.stdout.split('\n').includes('META');
}

test.each(CASES)('%s: the model agrees with psql', (_, sql) => {
  expect(psqlMetaCommandAt(sql) >= 0).toBe(psqlRanMeta(sql));
});

test('the cases cover both verdicts', () => {
  const verdicts = CASES.map(([, sql]) => psqlMetaCommandAt(sql) >= 0);
  expect(verdicts.filter(Boolean).length).toBeGreaterThanOrEqual(5);
  expect(verdicts.filter((v) => !v).length).toBeGreaterThanOrEqual(5);
});
