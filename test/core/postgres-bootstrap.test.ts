/**
 * The bootstrap SQL (lib/core/postgres-bootstrap.ts) and the SCRAM verifiers (lib/core/scram.ts), held to a real
 * PostgreSQL (Debian's, which `scripts/engines.sh` installs): the script runs through psql exactly as the Job runs it, as a
 * `master` modelled on the clouds' (CREATEROLE, CREATEDB, owner of the database, ADMIN on pg_read_all_data; not a
 * superuser), on a database an older deployment filled as the master. Every role then logs in with its password
 * over 127.0.0.1, where pg_hba requires scram-sha-256, and is held to what it may and may not do. The tests of
 * the scenario run in order, on one database.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { type DatabaseSetup, bootstrapSql, verifierVariable } from '../../lib/core/postgres-bootstrap';
import type { PostgresRole } from '../../lib/core/postgres-roles';
import { scramVerifier, scramVerifierWithSalt } from '../../lib/core/scram';
import { type TestPostgres, startPostgres } from '../support/postgres';
import { postgresConnection } from '../../lib/core/datastore-connection';
import { resolve } from '../../lib/core/resolve';
import { postgresRoles } from '../../lib/core/postgres-roles';
import { baseSpec } from '../support/spec';
import { find, synth } from '../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

jest.setTimeout(120_000);

const DB = 'app';
const MASTER_PASSWORD = 'masterPassword42';

/** A generated password, as the Pulumi side makes them: 32 alphanumeric characters. */
function password(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(32)].map((b) => chars[b % chars.length]).join('');
}

const PASSWORDS: Record<string, string> = Object.fromEntries(
  ['app_migrate', 'svc_api', 'svc_reports', 'job_cleanup', 'app_backup', 'app_monitor'].map((r) => [r, password()]),
);

const PLAN: PostgresRole[] = [
  { name: 'app_migrate', access: 'owner', usedBy: 'the migrations' },
  { name: 'svc_api', access: 'readwrite', usedBy: 'service "api"' },
  { name: 'svc_reports', access: 'readonly', usedBy: 'service "reports"' },
  { name: 'job_cleanup', access: 'readwrite', usedBy: 'CronJob "cleanup"' },
  { name: 'app_backup', access: 'backup', usedBy: 'the logical backups' },
  { name: 'app_monitor', access: 'monitor', usedBy: 'the postgres_exporter' },
];

let pg: TestPostgres;
let standby: { data: string; port: string } | undefined;

beforeAll(() => {
  pg = startPostgres(36000);
  // the superuser of the tests keeps trust; every other role must prove its password with SCRAM
  fs.writeFileSync(
    path.join(pg.data, 'pg_hba.conf'),
    [
      'local all all trust',
      'local replication all trust',
      'host all postgres 127.0.0.1/32 trust',
      'host replication postgres 127.0.0.1/32 trust',
      'host all all 127.0.0.1/32 scram-sha-256',
      '',
    ].join('\n'),
  );
  pg.psql('postgres', 'SELECT pg_reload_conf()');
  pg.psql('postgres', `CREATE ROLE master LOGIN CREATEROLE CREATEDB PASSWORD '${MASTER_PASSWORD}'`);
  pg.psql('postgres', 'GRANT pg_read_all_data TO master WITH ADMIN OPTION');
  pg.psql('postgres', `CREATE DATABASE ${DB} OWNER master`);
});

afterAll(() => {
  if (standby) pg.run(path.join(pg.bin, 'pg_ctl'), ['-D', standby.data, '-m', 'immediate', 'stop']);
  pg?.stop();
});

/** Where and how {@link psqlAs} connects: the port (the primary's), the database (`app`), stdin. */
interface Connection {
  readonly port?: string;
  readonly db?: string;
  readonly input?: string;
}

/** Runs psql as `user` with `pass` over 127.0.0.1 (SCRAM), with `args`. */
function psqlAs(user: string, pass: string, args: readonly string[], c: Connection = {}): SpawnSyncReturns<string> {
  const target = ['-h', '127.0.0.1', '-p', c.port ?? pg.port, '-U', user, '-d', c.db ?? DB];
  return spawnSync('psql', [...target, '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', ...args], {
    encoding: 'utf8',
    input: c.input,
    env: { ...process.env, PGPASSWORD: pass, PGPASSFILE: '/dev/null', PGCONNECT_TIMEOUT: '10' },
  });
}

/** Runs `sql` as a role of the plan, with its password; rows tab-separated. */
function as(role: string, sql: string): SpawnSyncReturns<string> {
  return psqlAs(role, PASSWORDS[role]!, ['-tAX', '-F', '\t', '-c', sql]);
}

/** Runs `sql` as a role of the plan and returns its output; throws on an error. */
function ok(role: string, sql: string): string {
  const r = as(role, sql);
  if (r.status !== 0) throw new Error(`${role}: ${sql}: ${r.stderr}`);
  return r.stdout.trim();
}

/** The error of `sql` run as a role of the plan; throws when it succeeds. */
function refused(role: string, sql: string): string {
  const r = as(role, sql);
  if (r.status === 0) throw new Error(`${role} was allowed: ${sql}`);
  return r.stderr;
}

/** The psql arguments that give the script the verifiers of `plan`'s roles, as the Job passes them. */
function verifierArgs(plan: readonly PostgresRole[]): string[] {
  return plan.flatMap((r) => ['-v', `${verifierVariable(r.name)}=${scramVerifier(PASSWORDS[r.name]!, r.name, DB)}`]);
}

/** No extensions, schemas nor search path: the roles alone. */
const NO_SETUP: DatabaseSetup = { extensions: [], schemas: [], searchPath: [] };

/** Runs the bootstrap script for `plan` the way the Job does: psql as the master, the script on stdin. */
function bootstrap(
  plan: readonly PostgresRole[],
  c: Connection & { readonly script?: string; readonly setup?: DatabaseSetup } = {},
): SpawnSyncReturns<string> {
  const input = bootstrapSql(c.script ?? c.db ?? DB, plan, c.setup ?? NO_SETUP);
  return psqlAs('master', MASTER_PASSWORD, [...verifierArgs(plan), '-f', '-'], { ...c, input });
}

/** Runs the bootstrap script for `plan` on `db` and expects it to succeed. */
function bootstrapOk(plan: readonly PostgresRole[], db = DB): SpawnSyncReturns<string> {
  const r = bootstrap(plan, { db });
  if (r.status !== 0) throw new Error(`bootstrap failed (${r.status}): ${r.stderr}`);
  return r;
}

/** Everything the script decides, as the superuser reads it: roles, memberships, owners and privileges. */
function catalogState(): string {
  return [
    `SELECT rolname, rolcanlogin, rolinherit, rolcreatedb, rolcreaterole, rolpassword FROM pg_authid
     WHERE rolname ~ '^(app|svc|job)_' ORDER BY 1`,
    `SELECT g.rolname, u.rolname, a.admin_option FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid
     JOIN pg_roles u ON u.oid = a.member ORDER BY 1, 2`,
    `SELECT n.nspname, n.nspowner::regrole, n.nspacl FROM pg_namespace n WHERE n.nspname !~ '^(pg_|information_schema)' ORDER BY 1`,
    `SELECT c.oid::regclass, c.relowner::regrole, c.relacl FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname !~ '^(pg_|information_schema)' ORDER BY 1`,
    `SELECT p.oid::regprocedure, p.proowner::regrole FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname !~ '^(pg_|information_schema)' ORDER BY 1`,
    `SELECT t.oid::regtype, t.typowner::regrole FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname !~ '^(pg_|information_schema)' ORDER BY 1`,
    `SELECT defaclrole::regrole, defaclnamespace, defaclobjtype, defaclacl FROM pg_default_acl ORDER BY 1, 3`,
    `SELECT datacl FROM pg_database WHERE datname = '${DB}'`,
  ]
    .map((q) => pg.psql(DB, q))
    .join('\n---\n');
}

describe('scramVerifier', () => {
  test('is what PostgreSQL computes from the same password and salt', () => {
    pg.psql('postgres', 'CREATE ROLE oracle');
    for (const plain of ['plain', password(), 'with spaces & symbols: $\'"\\!']) {
      pg.psql('postgres', `SET password_encryption = 'scram-sha-256'; ALTER ROLE oracle PASSWORD '${plain.replace(/'/g, "''")}'`);
      const stored = pg.psql('postgres', "SELECT rolpassword FROM pg_authid WHERE rolname = 'oracle'");
      const salt = Buffer.from(/^SCRAM-SHA-256\$4096:([^$]+)\$/.exec(stored)![1]!, 'base64');
      expect(salt).toHaveLength(16);
      expect(scramVerifierWithSalt(plain, salt)).toBe(stored);
    }
  });

  test('is deterministic, with a salt of its own per role and database that owes nothing to the password', () => {
    const p = password();
    const v = scramVerifier(p, 'svc_api', DB);
    expect(scramVerifier(p, 'svc_api', DB)).toBe(v);
    const salt = createHash('sha256').update(`production-stack SCRAM salt\0${DB}\0svc_api`).digest().subarray(0, 16);
    expect(v).toBe(scramVerifierWithSalt(p, salt));
    const saltOf = (verifier: string) => verifier.split('$')[1];
    expect(saltOf(scramVerifier(p, 'svc_other', DB))).not.toBe(saltOf(v));
    expect(saltOf(scramVerifier(p, 'svc_api', 'other'))).not.toBe(saltOf(v));
    // the server hands the salt to anyone who starts a SCRAM exchange: it must not be a function of the password
    const other = scramVerifier(password(), 'svc_api', DB);
    expect(saltOf(other)).toBe(saltOf(v));
    expect(other).not.toBe(v);
    expect(v).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
  });

  test('refuses a password SASLprep could change, and an empty one', () => {
    expect(() => scramVerifier('pässword', 'svc_api', DB)).toThrow(/ASCII/);
    expect(() => scramVerifier('', 'svc_api', DB)).toThrow(/empty/);
  });
});

describe('bootstrapSql', () => {
  test('names the verifier variables after the roles', () => {
    expect(verifierVariable('svc_api')).toBe('verifier_svc_api');
  });

  test('refuses role names it cannot hold or that do not fit their access', () => {
    const bad: PostgresRole[][] = [
      [{ name: 'svc-api', access: 'readwrite', usedBy: 'x' }],
      [{ name: 'Svc_api', access: 'readwrite', usedBy: 'x' }],
      [{ name: 'api', access: 'readwrite', usedBy: 'x' }],
      [{ name: 'svc_owner', access: 'owner', usedBy: 'x' }],
      [{ name: 'svc_backup', access: 'backup', usedBy: 'x' }],
      [{ name: `svc_${'a'.repeat(60)}`, access: 'readwrite', usedBy: 'x' }],
      [PLAN[1]!, PLAN[1]!],
    ];
    for (const roles of bad) expect(() => bootstrapSql(DB, roles, NO_SETUP)).toThrow(/PostgreSQL role/);
    expect(() => bootstrapSql('a$b', PLAN, NO_SETUP)).toThrow(/database/);
  });
});

/** The objects of schemas public and legacy, but indexes: name, owner, and whether an extension's (`t`, `f`). */
function objects(): string[][] {
  const member = (catalog: string, oid: string) =>
    `EXISTS (SELECT FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
  const schemas = "('public'::regnamespace, 'legacy'::regnamespace)";
  return pg
    .psql(
      DB,
      `SELECT o, owner, extension FROM (
         SELECT c.oid::regclass::text AS o, c.relowner::regrole::text AS owner, ${member('pg_class', 'c.oid')} AS extension
         FROM pg_class c WHERE c.relnamespace IN ${schemas} AND c.relkind <> 'i'
         UNION ALL SELECT p.oid::regprocedure::text, p.proowner::regrole::text, ${member('pg_proc', 'p.oid')}
         FROM pg_proc p WHERE p.pronamespace IN ${schemas}
         UNION ALL SELECT t.oid::regtype::text, t.typowner::regrole::text, ${member('pg_type', 't.oid')} OR ${member('pg_type', 't.typelem')}
         FROM pg_type t WHERE t.typnamespace IN ${schemas}
         UNION ALL SELECT 'schema ' || nspname, nspowner::regrole::text, false FROM pg_namespace WHERE nspname = 'legacy'
         UNION ALL SELECT 'statistics ' || stxname, stxowner::regrole::text, false FROM pg_statistic_ext
       ) x ORDER BY 1`,
    )
    .split('\n')
    .map((l) => l.split('\t'));
}

describe('the bootstrap on a real PostgreSQL, as a master that is not a superuser', () => {
  /** What the master owned before the first run. */
  let masterOwned: string[][];
  test('an older deployment: the master owns the schema objects', () => {
    const old = `
      CREATE EXTENSION citext;
      CREATE TYPE mood AS ENUM ('ok', 'bad');
      CREATE DOMAIN positive AS int CHECK (VALUE > 0);
      CREATE TYPE intspan AS RANGE (subtype = int4);
      CREATE TYPE pair AS (a int, b int);
      CREATE TABLE items (id serial PRIMARY KEY, name citext NOT NULL, mood mood, qty positive);
      CREATE TABLE things (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, span intspan);
      CREATE SEQUENCE counter;
      CREATE VIEW item_names AS SELECT name FROM items;
      CREATE MATERIALIZED VIEW item_count AS SELECT count(*) AS n FROM items;
      CREATE FUNCTION item_total() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM items';
      CREATE PROCEDURE add_item(n text) LANGUAGE sql AS 'INSERT INTO items (name) VALUES (n)';
      CREATE AGGREGATE int_sum(int) (sfunc = int4pl, stype = int);
      CREATE TABLE events (at date NOT NULL, v int) PARTITION BY RANGE (at);
      CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE STATISTICS items_stats (dependencies) ON id, mood FROM items;
      CREATE SCHEMA legacy;
      CREATE TABLE legacy.notes (id serial PRIMARY KEY, body text);
      INSERT INTO items (name, mood, qty) VALUES ('one', 'ok', 1);
      INSERT INTO legacy.notes (body) VALUES ('old note');
    `;
    const r = psqlAs('master', MASTER_PASSWORD, ['-c', old]);
    expect(r.stderr).toBe('');
    // citext is trusted: its objects belong to the bootstrap superuser; make two of them the master's
    pg.psql(DB, 'ALTER TYPE citext OWNER TO master; ALTER FUNCTION citext(boolean) OWNER TO master');
    masterOwned = objects().filter(([, owner]) => owner === 'master');
    expect(pg.psql(DB, "SELECT relowner::regrole FROM pg_class WHERE relname = 'items'")).toBe('master');
  });

  let firstRun: SpawnSyncReturns<string>;
  test('the script runs through psql as the master', () => {
    firstRun = bootstrapOk(PLAN);
    expect(firstRun.stderr).toBe('');
  });

  test("hands the master's objects to app_migrate, but the extension's", () => {
    const after = new Map(objects().map(([o, owner]) => [o, owner]));
    const ours = masterOwned.filter(([, , extension]) => extension === 'f').map(([o]) => o!);
    for (const o of ['items', 'items_id_seq', 'things', 'things_id_seq', 'counter', 'item_names', 'item_count', 'events', 'events_2024'])
      expect(ours).toContain(o);
    for (const o of [
      'item_total()',
      'add_item(text)',
      'int_sum(integer)',
      'mood',
      'mood[]',
      'positive',
      'intspan',
      'intspan_multirange',
      'pair',
    ])
      expect(ours).toContain(o);
    for (const o of ['schema legacy', 'legacy.notes', 'legacy.notes_id_seq', 'statistics items_stats']) expect(ours).toContain(o);
    expect(ours.filter((o) => after.get(o) !== 'app_migrate')).toEqual([]);
    // the extension's objects stay the master's
    const theirs = masterOwned.filter(([, , extension]) => extension === 't').map(([o]) => o!);
    expect(theirs).toEqual(expect.arrayContaining(['citext', 'citext(boolean)']));
    expect(theirs.filter((o) => after.get(o) !== 'master')).toEqual([]);
  });

  test('app_migrate alters what the master created, and creates tables and schemas', () => {
    ok(
      'app_migrate',
      `ALTER TABLE items ADD COLUMN note text; ALTER TABLE legacy.notes ADD COLUMN at timestamptz;
       ALTER TYPE mood ADD VALUE 'meh'; ALTER DOMAIN positive ADD CONSTRAINT small CHECK (VALUE < 1000000); ALTER SEQUENCE counter RESTART WITH 10;
       CREATE OR REPLACE FUNCTION item_total() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) + 0 FROM items';
       ALTER TABLE events ADD COLUMN note text; REFRESH MATERIALIZED VIEW item_count`,
    );
    ok(
      'app_migrate',
      `CREATE TABLE orders (id bigserial PRIMARY KEY, total int);
       CREATE SCHEMA billing;
       CREATE TABLE billing.invoices (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, amount int);
       CREATE SEQUENCE billing.numbers`,
    );
  });

  test('the readwrite roles read and write what app_migrate created since, and what the master had', () => {
    for (const role of ['svc_api', 'job_cleanup']) {
      ok(
        role,
        `INSERT INTO orders (total) VALUES (1); UPDATE orders SET total = 2; SELECT * FROM orders;
         INSERT INTO billing.invoices (amount) VALUES (5); DELETE FROM billing.invoices; SELECT nextval('billing.numbers');
         INSERT INTO items (name, mood, qty) VALUES ('${role}', 'meh', 2); INSERT INTO things DEFAULT VALUES;
         INSERT INTO legacy.notes (body) VALUES ('new'); SELECT nextval('counter'); SELECT item_total();
         CALL add_item('called'); SELECT * FROM item_names; SELECT * FROM item_count; SELECT int_sum(id) FROM items;
         INSERT INTO events VALUES ('2024-05-01', 1)`,
      );
    }
  });

  test('the readonly role reads everything and writes nothing', () => {
    expect(ok('svc_reports', 'SELECT count(*) FROM orders')).toBe('2');
    ok(
      'svc_reports',
      'SELECT * FROM billing.invoices; SELECT * FROM items; SELECT * FROM legacy.notes; SELECT * FROM item_names; SELECT last_value FROM counter',
    );
    for (const sql of [
      'INSERT INTO orders (total) VALUES (1)',
      'UPDATE items SET note = 1',
      'DELETE FROM legacy.notes',
      'INSERT INTO billing.invoices (amount) VALUES (1)',
      "SELECT nextval('billing.numbers')",
      "SELECT setval('counter', 1)",
    ])
      expect(refused('svc_reports', sql)).toMatch(/permission denied/);
  });

  test('a service role neither changes the schema nor escalates', () => {
    expect(refused('svc_api', 'CREATE TABLE public.mine (id int)')).toMatch(/permission denied for schema public/);
    expect(refused('svc_api', 'CREATE TABLE billing.mine (id int)')).toMatch(/permission denied for schema billing/);
    expect(refused('svc_api', 'CREATE SCHEMA mine')).toMatch(/permission denied for database/);
    expect(refused('svc_api', 'DROP TABLE orders')).toMatch(/must be owner/);
    expect(refused('svc_api', 'ALTER TABLE items ADD COLUMN x int')).toMatch(/must be owner/);
    expect(refused('svc_api', 'TRUNCATE orders')).toMatch(/permission denied/);
    expect(refused('svc_api', 'TRUNCATE items')).toMatch(/permission denied/);
    expect(refused('job_cleanup', 'TRUNCATE legacy.notes')).toMatch(/permission denied/);
    expect(refused('svc_api', 'CREATE TRIGGER t BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION item_total()')).toMatch(
      /permission denied|must be owner/,
    );
    expect(refused('svc_api', 'SET ROLE app_migrate')).toMatch(/permission denied to set role/);
    expect(refused('svc_api', 'SET ROLE master')).toMatch(/permission denied to set role/);
    expect(refused('svc_api', 'CREATE ROLE intruder')).toMatch(/permission denied to create role/);
    expect(refused('svc_api', 'GRANT app_readwrite TO svc_reports')).toMatch(/must have admin option|permission denied/);
    expect(ok('svc_api', 'SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user')).toBe('f\tf\tf');
  });

  test('app_backup dumps the whole database, and writes nothing', () => {
    const dump = spawnSync('pg_dump', ['-h', '127.0.0.1', '-p', pg.port, '-U', 'app_backup', '-d', DB], {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: PASSWORDS.app_backup, PGPASSFILE: '/dev/null' },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(dump.stderr).toBe('');
    expect(dump.status).toBe(0);
    expect(dump.stdout).toContain('CREATE TABLE public.items');
    expect(dump.stdout).toContain('CREATE TABLE billing.invoices');
    expect(dump.stdout).toMatch(/COPY legacy\.notes \([^)]*\) FROM stdin;\n1\told note/);
    expect(dump.stdout).toMatch(/COPY public\.orders .*\n1\t2\n/);
    expect(refused('app_backup', 'INSERT INTO orders (total) VALUES (1)')).toMatch(/permission denied/);
    expect(refused('app_backup', 'CREATE TABLE public.mine (id int)')).toMatch(/permission denied/);
    // through app_readonly too: where the master may not grant pg_read_all_data (Cloud SQL, PostgreSQL 16+), that is
    // what reads the application's schemas
    expect(
      pg.psql(DB, "SELECT pg_has_role('app_backup', 'app_readonly', 'MEMBER'), pg_has_role('app_backup', 'pg_read_all_data', 'MEMBER')"),
    ).toBe('t\tt');
  });

  test("app_monitor, a member of nothing, counts every role's sessions and reads no table and no other session's query", () => {
    expect(pg.psql(DB, "SELECT count(*) FROM pg_auth_members WHERE member = 'app_monitor'::regrole")).toBe('0');
    const count = () => Number(ok('app_monitor', `SELECT numbackends FROM pg_stat_database WHERE datname = '${DB}'`));
    const before = count();
    const other = spawn('psql', ['-h', '127.0.0.1', '-p', pg.port, '-U', 'postgres', '-d', DB, '-c', 'SELECT pg_sleep(5)'], {
      stdio: 'ignore',
    });
    try {
      spawnSync('sleep', ['0.5']);
      // what postgres_exporter's pg_stat_database_numbackends reads: the other role's session counted
      expect(count()).toBe(before + 1);
      // but not what it runs (pg_monitor would show it)
      expect(ok('app_monitor', "SELECT DISTINCT query FROM pg_stat_activity WHERE usename = 'postgres'")).toBe('<insufficient privilege>');
    } finally {
      other.kill('SIGKILL');
    }
    expect(refused('app_monitor', 'SELECT count(*) FROM orders')).toMatch(/permission denied/);
    expect(refused('app_monitor', 'CREATE TABLE public.mine (id int)')).toMatch(/permission denied/);
  });

  test('each role holds its verifier, never its password, and a wrong password is refused', () => {
    for (const r of PLAN)
      expect(pg.psql(DB, `SELECT rolpassword FROM pg_authid WHERE rolname = '${r.name}'`)).toBe(
        scramVerifier(PASSWORDS[r.name]!, r.name, DB),
      );
    const wrong = psqlAs('svc_api', `${PASSWORDS.svc_api}x`, ['-c', 'SELECT 1']);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/password authentication failed for user "svc_api"/);
  });

  test('a second run succeeds and changes nothing', () => {
    const before = catalogState();
    const again = bootstrapOk(PLAN);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe(firstRun.stdout);
    expect(catalogState()).toBe(before);
  });

  test('app_migrate cannot take the master over through what it creates in public (the bootstrap calls only pg_catalog)', () => {
    // functions and an operator that shadow what the script calls, and escalate when the master runs them
    const trap = (signature: string, returns: string, body: string) =>
      ok(
        'app_migrate',
        `CREATE FUNCTION public.${signature} RETURNS ${returns} LANGUAGE plpgsql AS $f$ BEGIN
           IF current_user <> 'app_migrate' THEN EXECUTE 'ALTER ROLE app_migrate CREATEROLE'; END IF; RETURN ${body}; END $f$`,
      );
    trap('left(name, integer)', 'text', "'x'");
    trap('format(text, text)', 'text', "'x'");
    trap('format(text, text, text)', 'text', "'x'");
    trap('pg_has_role(name, text, text)', 'boolean', 'true');
    trap('string_agg(name, text)', 'text', "'x'");
    ok(
      'app_migrate',
      `CREATE FUNCTION public.eq_trap(text, name) RETURNS boolean LANGUAGE plpgsql AS $f$ BEGIN
      IF current_user <> 'app_migrate' THEN EXECUTE 'ALTER ROLE app_migrate CREATEROLE'; END IF; RETURN $1 = $2::text; END $f$`,
    );
    ok('app_migrate', 'CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = name, FUNCTION = public.eq_trap)');
    bootstrapOk(PLAN);
    expect(pg.psql(DB, "SELECT rolcreaterole FROM pg_roles WHERE rolname = 'app_migrate'")).toBe('f');
    ok(
      'app_migrate',
      'DROP FUNCTION public.left(name, integer), public.pg_has_role(name, text, text), public.string_agg(name, text) CASCADE',
    );
    ok('app_migrate', 'DROP FUNCTION public.format(text, text), public.format(text, text, text), public.eq_trap(text, name) CASCADE');
  });

  test('a role moved to readwrite writes, and leaves the readonly group', () => {
    bootstrapOk(PLAN.map((r) => (r.name === 'svc_reports' ? { ...r, access: 'readwrite' as const } : r)));
    ok('svc_reports', 'INSERT INTO orders (total) VALUES (3)');
    expect(pg.psql(DB, "SELECT string_agg(roleid::regrole::text, ',') FROM pg_auth_members WHERE member = 'svc_reports'::regrole")).toBe(
      'app_readwrite',
    );
    bootstrapOk(PLAN);
    expect(refused('svc_reports', 'INSERT INTO orders (total) VALUES (3)')).toMatch(/permission denied/);
  });

  test('a role no longer in the plan can no longer log in, and the others still can', () => {
    const r = bootstrapOk(PLAN.filter((x) => x.name !== 'svc_api'));
    expect(r.stderr).toMatch(/role svc_api is no longer used: NOLOGIN/);
    expect(refused('svc_api', 'SELECT 1')).toMatch(/not permitted to log in/);
    ok('job_cleanup', 'INSERT INTO orders (total) VALUES (4)');
    expect(pg.psql(DB, "SELECT count(*) FROM pg_roles WHERE rolname = 'svc_api'")).toBe('1');
    // back in the plan, it logs in again
    bootstrapOk(PLAN);
    ok('svc_api', 'SELECT count(*) FROM orders');
  });

  test('a plan without roles retires every login role of the library, and the plan brings them back', () => {
    const r = bootstrapOk([]);
    for (const role of PLAN.map((x) => x.name)) expect(r.stderr).toContain(`role ${role} is no longer used: NOLOGIN`);
    expect(pg.psql(DB, "SELECT count(*) FROM pg_roles WHERE rolname ~ '^(app|svc|job)_' AND rolcanlogin")).toBe('0');
    bootstrapOk(PLAN);
    for (const role of PLAN.map((x) => x.name)) ok(role, 'SELECT 1');
  });

  test('a failure changes nothing: a missing verifier stops the script, in one transaction', () => {
    const before = catalogState();
    const extra: PostgresRole = { name: 'svc_new', access: 'readwrite', usedBy: 'service "new"' };
    const r = psqlAs('master', MASTER_PASSWORD, [...verifierArgs(PLAN), '-f', '-'], {
      input: bootstrapSql(DB, [...PLAN, extra], NO_SETUP),
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/syntax error/);
    expect(pg.psql(DB, "SELECT count(*) FROM pg_roles WHERE rolname = 'svc_new'")).toBe('0');
    expect(catalogState()).toBe(before);
  });

  test('connected to another database than its own, the script refuses', () => {
    const r = bootstrap(PLAN, { db: 'postgres', script: DB });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/connected to database postgres, not app/);
  });

  test('a fresh database of the same server gets the same grants', () => {
    pg.psql('postgres', 'CREATE DATABASE fresh OWNER master');
    bootstrapOk(PLAN, 'fresh');
    const inFresh = (role: string, sql: string) => psqlAs(role, PASSWORDS[role]!, ['-tAX', '-c', sql], { db: 'fresh' });
    expect(inFresh('app_migrate', 'CREATE TABLE t (id serial PRIMARY KEY, v text)').stderr).toBe('');
    expect(inFresh('svc_api', "INSERT INTO t (v) VALUES ('x') RETURNING id").stdout.trim()).toMatch(/^1\n/);
    expect(inFresh('svc_reports', 'SELECT v FROM t').stdout.trim()).toBe('x');
    expect(inFresh('svc_reports', "INSERT INTO t (v) VALUES ('y')").stderr).toMatch(/permission denied/);
  });

  test("the spec's extensions, schemas and search path (Ralph's guide: uuid-ossp, schemas ralph and audit, ralph first)", () => {
    pg.psql('postgres', 'CREATE DATABASE ralph OWNER master');
    const setup: DatabaseSetup = { extensions: ['uuid-ossp', 'pgcrypto'], schemas: ['ralph', 'audit'], searchPath: ['ralph', 'public'] };
    for (let run = 0; run < 2; run++) {
      const r = bootstrap(PLAN, { db: 'ralph', setup });
      expect([run, r.status, r.stderr]).toEqual([run, 0, '']);
    }
    const inRalph = (role: string, sql: string) => psqlAs(role, PASSWORDS[role]!, ['-tAX', '-c', sql], { db: 'ralph' });
    expect(pg.psql('ralph', "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")).toBe('pgcrypto\nuuid-ossp');
    expect(pg.psql('ralph', "SELECT nspname, nspowner::regrole FROM pg_namespace WHERE nspname IN ('ralph', 'audit') ORDER BY 1")).toBe(
      'audit\tapp_migrate\nralph\tapp_migrate',
    );
    // the guide's table, as a migration creates it: unqualified, so in ralph, with the extension's default
    expect(inRalph('app_migrate', 'CREATE TABLE orchestrations (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), status text)').stderr).toBe(
      '',
    );
    expect(pg.psql('ralph', "SELECT to_regclass('ralph.orchestrations') IS NOT NULL")).toBe('t');
    expect(inRalph('svc_api', "INSERT INTO orchestrations (status) VALUES ('queued') RETURNING status").stdout.trim()).toMatch(/^queued/);
    expect(inRalph('svc_reports', 'SELECT status FROM orchestrations').stdout.trim()).toBe('queued');
    expect(inRalph('svc_api', 'SHOW search_path').stdout.trim()).toBe('ralph, public');
    // a service still may not create in the schemas
    expect(inRalph('svc_api', 'CREATE TABLE audit.x (id int)').stderr).toMatch(/permission denied for schema audit/);
  });

  test('a new extension waits while another role owns functions in public, which its script could call; CASCADE brings what it requires', () => {
    pg.psql('postgres', 'CREATE DATABASE guard OWNER master');
    expect(bootstrap(PLAN, { db: 'guard' }).status).toBe(0);
    const inGuard = (role: string, sql: string) => psqlAs(role, PASSWORDS[role]!, ['-tAX', '-c', sql], { db: 'guard' });
    // what uuid-ossp's script would create, planted first by the schema's owner
    expect(inGuard('app_migrate', 'CREATE FUNCTION public.uuid_nil() RETURNS uuid LANGUAGE sql AS $$ SELECT NULL::uuid $$').stderr).toBe(
      '',
    );
    const refused = bootstrap(PLAN, { db: 'guard', setup: { extensions: ['uuid-ossp'], schemas: [], searchPath: [] } });
    expect(refused.status).toBe(3);
    expect(refused.stderr).toMatch(
      /app_migrate own functions, operators or types in schema public, which a new extension's script could call/,
    );
    expect(pg.psql('guard', "SELECT count(*) FROM pg_extension WHERE extname = 'uuid-ossp'")).toBe('0');
    expect(inGuard('app_migrate', 'DROP FUNCTION public.uuid_nil()').stderr).toBe('');
    // with the trap gone, it is created
    const r = bootstrap(PLAN, { db: 'guard', setup: { extensions: ['uuid-ossp'], schemas: [], searchPath: [] } });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(pg.psql('guard', "SELECT extname FROM pg_extension WHERE extname = 'uuid-ossp'")).toBe('uuid-ossp');
  });

  test('a role that still reaches a group it left, through another role, stops the bootstrap with an error naming it', () => {
    pg.psql(DB, 'CREATE ROLE side_door NOLOGIN; GRANT app_readwrite TO side_door; GRANT side_door TO svc_reports');
    const moved = PLAN.map((r) => (r.name === 'svc_reports' ? { ...r, access: 'readonly' as const } : r));
    const r = bootstrap(moved);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/svc_reports is still a member of app_readwrite/);
    pg.psql(DB, 'DROP ROLE side_door');
    expect(bootstrap(moved).status).toBe(0);
  });

  test('end to end: the synthesized Job, its env filled from the document as External Secrets reads it, then each pod as its role', () => {
    pg.psql('postgres', 'CREATE DATABASE shop OWNER master');
    const spec = baseSpec();
    const objects = synth(spec);
    const roles = postgresRoles(resolve(spec));
    const passwords = Object.fromEntries(roles.map((r) => [r.name, password()]));
    const doc = postgresConnection({
      host: '127.0.0.1',
      port: Number(pg.port),
      database: 'shop',
      user: 'master',
      password: MASTER_PASSWORD,
      ca: 'CA',
      roles: passwords,
    });
    // no TLS on the test server (test/core/datastore-connection.test.ts holds the URL's verification)
    const plain = (url: string) => url.replace(/\?.*$/, '?sslmode=disable');
    /** The Secret an ExternalSecret writes: each key from its GJSON path in the document. */
    const secret = (name: string): Record<string, string> => {
      const es = find(objects, 'ExternalSecret', name);
      return Object.fromEntries(
        es.spec.data.map((d: any) => [d.secretKey, d.remoteRef.property.split('.').reduce((o: any, k: string) => o?.[k], doc)]),
      );
    };
    /** A container's environment as the kubelet resolves it. */
    const environment = (c: any): Record<string, string> =>
      Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? secret(e.valueFrom.secretKeyRef.name)[e.valueFrom.secretKeyRef.key]]));
    const job = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('shop-postgres-bootstrap-'))!;
    const container = job.spec.template.spec.containers[0];
    const env = environment(container);
    const runJob = (expected: string) =>
      spawnSync(container.command[0], container.command.slice(1), {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, ...env, PGADMIN_URL: plain(env.PGADMIN_URL!), EXPECTED_CREDENTIALS: expected },
      });
    // Pulumi gives the Job the digest of the document it wrote: an older synced document makes it fail (and retry)
    const stale = runJob('0'.repeat(64));
    expect([stale.status, stale.stderr.trim()]).toEqual([
      1,
      'the credentials External Secrets synced are not the ones deployed yet: retrying',
    ]);
    expect(env.SYNCED_CREDENTIALS).toBe(doc.admin.credentials);
    const run = runJob(doc.admin.credentials);
    // (the roles are the server's: the earlier tests' job_cleanup and svc_reports, not in this plan, are retired)
    expect([run.status, run.stderr.split('\n').filter((l) => l !== '' && !/NOTICE: .* is no longer used: NOLOGIN$/.test(l))]).toEqual([
      0,
      [],
    ]);
    // each pod connects with its DATABASE_URL, as the role its Secret names
    const pods: [string, any][] = [
      ['api', find(objects, 'Deployment', 'api').spec.template.spec.containers[0]],
      ['migration', objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('api-migrate-'))!.spec.template.spec.containers[0]],
      ['report', find(objects, 'CronJob', 'report').spec.jobTemplate.spec.template.spec.containers[0]],
      ['backup', find(objects, 'CronJob', 'shop-pg-backup').spec.jobTemplate.spec.template.spec.initContainers[0]],
    ];
    const whoami = pods.map(([pod, c]) => {
      const r = spawnSync('psql', [plain(environment(c).DATABASE_URL!), '-tAXc', 'SELECT current_user'], { encoding: 'utf8' });
      return [pod, r.stdout.trim() || r.stderr];
    });
    expect(whoami).toEqual([
      ['api', 'svc_api'],
      ['migration', 'app_migrate'],
      ['report', 'job_report'],
      ['backup', 'app_backup'],
    ]);
  });

  test('on a read replica, the script does nothing: it succeeds once the roles have replicated, and fails (to be retried) before', () => {
    const data = path.join(pg.work, 'standby');
    const port = String(Number(pg.port) + 1000);
    const backup = pg.run(path.join(pg.bin, 'pg_basebackup'), [
      '-h',
      '127.0.0.1',
      '-p',
      pg.port,
      '-U',
      'postgres',
      '-D',
      data,
      '-R',
      '-c',
      'fast',
    ]);
    expect(backup.status).toBe(0);
    const options = `-p ${port} -k ${data} -c listen_addresses=127.0.0.1`;
    const start = pg.run(path.join(pg.bin, 'pg_ctl'), ['-D', data, '-w', '-l', path.join(data, 'log'), '-o', options, 'start']);
    expect(start.status).toBe(0);
    standby = { data, port };
    // roles the primary has not given LOGIN (retired above): not replicated yet, as far as the replica can tell
    const early = bootstrap(PLAN, { port });
    expect(early.status).toBe(3);
    expect(early.stderr).toMatch(/read replica without the login roles svc_reports, job_cleanup yet \(they replicate from the primary\)/);
    // the roles the primary has: nothing to do
    const r = bootstrap(
      PLAN.filter((x) => ['app_migrate', 'svc_api', 'app_backup'].includes(x.name)),
      { port },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/read replica \(in recovery\) - its roles and grants replicate from the primary/);
    expect(psqlAs('master', MASTER_PASSWORD, ['-tAc', 'SELECT pg_is_in_recovery()'], { port }).stdout.trim()).toBe('t');
  });
});
