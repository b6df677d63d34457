/**
 * The extensions `postgres.extensions` accepts (lib/core/postgres-extensions.ts): names as CREATE EXTENSION takes
 * them, PostgreSQL's own contrib modules (held to the control files of a real server) plus PostGIS and pgvector,
 * and none of the ones the module leaves out on purpose.
 */
import * as fs from 'fs';
import * as path from 'path';
import { POSTGRES_EXTENSIONS } from 'production-stack/core/postgres-extensions';

/** The extension directory of the newest PostgreSQL installed (Debian's postgresql, which scripts/engines.sh installs). */
function extensionDir(): string {
  const majors = fs.readdirSync('/usr/share/postgresql').filter((d) => /^\d+$/.test(d));
  const newest = majors.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (newest === undefined) throw new Error('PostgreSQL not installed: bash scripts/engines.sh installs it');
  return path.join('/usr/share/postgresql', newest, 'extension');
}

test('names as CREATE EXTENSION takes them, sorted, each once', () => {
  for (const name of POSTGRES_EXTENSIONS) expect(name).toMatch(/^[a-z][a-z0-9_-]*$/);
  expect([...POSTGRES_EXTENSIONS].sort()).toEqual(POSTGRES_EXTENSIONS);
  expect(new Set(POSTGRES_EXTENSIONS).size).toBe(POSTGRES_EXTENSIONS.length);
});

test('every one but PostGIS and pgvector is a contrib module a PostgreSQL server ships (its control file)', () => {
  const dir = extensionDir();
  const missing = POSTGRES_EXTENSIONS.filter((name) => !fs.existsSync(path.join(dir, `${name}.control`)));
  expect(missing).toEqual(['postgis', 'vector']);
});

test('the commonly asked ones are in, the ones needing a flag, a preloaded library or another database are out', () => {
  expect(POSTGRES_EXTENSIONS).toEqual(expect.arrayContaining(['pg_stat_statements', 'pgcrypto', 'uuid-ossp', 'postgis', 'vector']));
  for (const name of ['pg_cron', 'pgaudit', 'pg_hint_plan', 'pglogical', 'pg_partman', 'plpython3u'])
    expect(POSTGRES_EXTENSIONS).not.toContain(name);
  expect(POSTGRES_EXTENSIONS).toHaveLength(29);
});
