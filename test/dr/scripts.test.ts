/**
 * The backup and restore-drill scripts, run for real: shellcheck, then a
 * dump of a PostgreSQL server started here (Debian's postgresql package;
 * `scripts/engines.sh` installs it when missing), an upload to a directory standing in
 * for the bucket, a download, a restore into a fresh database and the checks.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DOWNLOAD_SCRIPT, DUMP_SCRIPT, RESTORE_SCRIPT, UPLOAD_SCRIPT, storagePrelude } from 'production-stack';
import { type TestPostgres, startPostgres } from '../support/postgres';

jest.setTimeout(120_000);

/** The object storage of the tests: a directory. */
const LOCAL_PRELUDE = ['put() { mkdir -p "$BUCKET/$(dirname "$2")"; cp "$1" "$BUCKET/$2"; }', 'get() { cp "$BUCKET/$1" "$2"; }'].join('\n');

let pg: TestPostgres;
let work = '';
let port = '';

function sh(script: string, env: Record<string, string>): { status: number | null; out: string } {
  const r = spawnSync('/bin/sh', ['-c', script], { env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function psql(db: string, sql: string): string {
  return pg.psql(db, sql);
}

beforeAll(() => {
  pg = startPostgres(15432);
  ({ work, port } = pg);
  psql('postgres', 'CREATE DATABASE app');
  psql(
    'app',
    'CREATE TABLE orders (id int PRIMARY KEY, total numeric); INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 500) g',
  );
  psql('app', 'CREATE TABLE schema_migrations (version int); INSERT INTO schema_migrations VALUES (41), (42)');
});

afterAll(() => pg?.stop());

test.each([
  ['dump', DUMP_SCRIPT],
  ['upload (AWS)', `${storagePrelude('aws')}\n${UPLOAD_SCRIPT}`],
  ['upload (GCP)', `${storagePrelude('gcp')}\n${UPLOAD_SCRIPT}`],
  ['download (AWS)', `${storagePrelude('aws')}\n${DOWNLOAD_SCRIPT}`],
  ['download (GCP)', `${storagePrelude('gcp')}\n${DOWNLOAD_SCRIPT}`],
  ['restore', RESTORE_SCRIPT],
])('the %s script is shellcheck-clean POSIX sh', (_, script) => {
  const r = spawnSync('shellcheck', ['--shell=sh', '--severity=style', '-'], { input: `#!/bin/sh\n${script}`, encoding: 'utf8' });
  if (r.error) throw new Error(`shellcheck not found: apt-get install shellcheck (bash scripts/engines.sh does): ${r.error.message}`);
  expect(r.stdout).toBe('');
  expect(r.status).toBe(0);
});

describe('backup, upload, download, restore and verify against a real PostgreSQL', () => {
  // in the server's scratch directory, known once it has started
  let [bucket, backupDir, drillDir, checksDir] = ['', '', '', ''];
  let storage: Record<string, string> = {};
  let scratch: Record<string, string> = {};
  let key = '';

  beforeAll(() => {
    [bucket, backupDir, drillDir, checksDir] = ['bucket', 'backup', 'drill', 'checks'].map((d) => path.join(work, d));
    storage = { BUCKET: bucket, PREFIX: 'postgres/app' };
    scratch = { PGHOST: '127.0.0.1', PGPORT: port, PGUSER: 'postgres', BACKUP_DIR: drillDir, CHECKS_DIR: checksDir };
    for (const d of [backupDir, drillDir, checksDir]) fs.mkdirSync(d);
  });

  test('dump writes a readable custom-format archive named by the UTC time', () => {
    const r = sh(DUMP_SCRIPT, { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/app`, BACKUP_DIR: backupDir });
    expect([r.status, r.out]).toEqual([0, expect.stringMatching(/^dumped \d+ bytes\n$/)]);
    const stamp = fs.readFileSync(path.join(backupDir, 'STAMP'), 'utf8').trim();
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d{6}Z$/);
    expect(
      fs
        .readFileSync(path.join(backupDir, `${stamp}.dump`))
        .subarray(0, 5)
        .toString(),
    ).toBe('PGDMP');
    expect(fs.existsSync(path.join(backupDir, `${stamp}.dump.partial`))).toBe(false);
  });

  test('a dump that fails leaves no archive behind and fails the job', () => {
    const dir = fs.mkdtempSync(path.join(work, 'failing-'));
    const r = sh(DUMP_SCRIPT, { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/missing`, BACKUP_DIR: dir });
    expect(r.status).not.toBe(0);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.dump'))).toEqual([]);
  });

  test('upload stores it under a dated key and points LATEST at it', () => {
    const r = sh(`${LOCAL_PRELUDE}\n${UPLOAD_SCRIPT}`, { ...storage, BACKUP_DIR: backupDir });
    expect(r.status).toBe(0);
    key = fs.readFileSync(path.join(bucket, 'postgres/app/LATEST'), 'utf8').trim();
    expect(key).toMatch(/^postgres\/app\/(\d{4}-\d\d-\d\d)\/\1T\d{6}Z\.dump$/);
    expect(fs.existsSync(path.join(bucket, key))).toBe(true);
  });

  test('download fetches the backup LATEST points at', () => {
    const r = sh(`${LOCAL_PRELUDE}\n${DOWNLOAD_SCRIPT}`, { ...storage, BACKUP_DIR: drillDir });
    expect([r.status, r.out]).toEqual([0, `downloaded ${key}\n`]);
    expect(fs.readFileSync(path.join(drillDir, 'latest.dump'))).toEqual(fs.readFileSync(path.join(bucket, key)));
  });

  test('restore recreates the data and passes checks that hold', () => {
    fs.writeFileSync(path.join(checksDir, 'orders.sql'), 'SELECT count(*) = 500 AND sum(total) = 187875 FROM orders;\n');
    fs.writeFileSync(path.join(checksDir, 'migrations.sql'), 'SELECT max(version) >= 42 FROM schema_migrations;\n');
    const r = sh(RESTORE_SCRIPT, scratch);
    expect(r.out).toMatch(/check migrations: ok\ncheck orders: ok\nrestored postgres\/app\/.*\.dump in \d+s\n$/);
    expect(r.status).toBe(0);
    expect(psql('drill', 'SELECT count(*) FROM orders')).toBe('500');
  });

  test('restore fails when a check does not hold, or errors, naming it', () => {
    psql('postgres', 'DROP DATABASE drill');
    fs.writeFileSync(path.join(checksDir, 'too-many.sql'), 'SELECT count(*) > 1000 FROM orders;\n');
    fs.writeFileSync(path.join(checksDir, 'typo.sql'), 'SELECT count(*) > 0 FROM order_lines;\n');
    const r = sh(RESTORE_SCRIPT, scratch);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/check too-many: FAILED: f\n/);
    expect(r.out).toMatch(/check typo: FAILED: .*relation "order_lines" does not exist/);
    expect(r.out).toMatch(/check orders: ok\n/);
  });
});
