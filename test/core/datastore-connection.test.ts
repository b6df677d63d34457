/**
 * The PostgreSQL connection document (lib/core/datastore-connection.ts) held to its consumers: a real
 * PostgreSQL server with TLS (Debian's postgresql, which `scripts/engines.sh` installs), reached with the document's URL
 * through libpq (psql) and node-postgres, the two client families whose URL parsing differs most. The server's
 * certificate is issued by a test CA for `localhost`; the URL's `sslrootcert` is pointed at a copy of that CA
 * (in a pod it is the mounted file the URL names). Both clients must connect over TLS, and both must refuse a
 * server whose certificate another CA issued or that names another host: a URL that only encrypts
 * (`sslmode=require` in libpq) passes the first and fails the other two.
 */
import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'pg';
import { resolve } from 'production-stack';
import {
  POSTGRES_CA_DIR,
  POSTGRES_CA_FILE,
  credentialsDigest,
  postgresConnection,
  postgresProperty,
  redisConnection,
} from '../../lib/core/datastore-connection';
import { scramVerifier } from '../../lib/core/scram';
import { failoverRunbook } from '../../lib/core/runbook';
import { examples } from '../../examples';
import { DATASTORE_KEYS } from '../../lib/core/naming';
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type TestPostgres, startPostgres } from '../support/postgres';

jest.setTimeout(120_000);

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A CA in `dir` (`<name>.crt`, `<name>.key`). */
function ca(dir: string, name: string): void {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
}

/** A server certificate `<name>.crt` for DNS name `host`, issued by CA `issuer`. */
function serverCert(dir: string, name: string, issuer: string, host: string): void {
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${host}`, '-keyout', `${name}.key`, '-out', `${name}.csr`], dir);
  fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=DNS:${host}\n`);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.crt`,
      '-CAkey',
      `${issuer}.key`,
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
}

let tls: string;
const servers: TestPostgres[] = [];

/** A server presenting certificate `name` of the `tls` directory. */
function serverWith(name: string, basePort: number): TestPostgres {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-tls-'));
  for (const ext of ['crt', 'key']) fs.copyFileSync(path.join(tls, `${name}.${ext}`), path.join(dir, `server.${ext}`));
  fs.chmodSync(path.join(dir, 'server.key'), 0o600);
  if (os.userInfo().uid === 0) execFileSync('chown', ['-R', 'postgres', dir]);
  const pg = startPostgres(basePort, ['ssl=on', `ssl_cert_file=${dir}/server.crt`, `ssl_key_file=${dir}/server.key`]);
  servers.push(pg);
  return pg;
}

/** The document's URL for a server on `port`, its `sslrootcert` pointed at the trusted CA's copy. */
function url(port: string, trusted: string): string {
  const doc = postgresConnection({
    host: 'localhost',
    port: Number(port),
    database: 'postgres',
    user: 'postgres',
    password: 'unused',
    ca: 'PEM',
  });
  expect(doc.admin.url).toContain(`sslrootcert=${POSTGRES_CA_FILE}`);
  return doc.admin.url.replace(POSTGRES_CA_FILE, path.join(tls, `${trusted}.crt`));
}

function viaLibpq(u: string): { ok: boolean; out: string } {
  const r = spawnSync('psql', [u, '-tAX', '-c', 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'], { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}`.trim() };
}

async function viaNodePostgres(u: string): Promise<{ ok: boolean; out: string }> {
  const client = new Client({ connectionString: u });
  try {
    await client.connect();
    const r = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return { ok: true, out: String(r.rows[0]?.ssl) };
  } catch (e) {
    return { ok: false, out: (e as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

let good: TestPostgres;
let foreign: TestPostgres;
let misnamed: TestPostgres;

beforeAll(() => {
  tls = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-ca-'));
  ca(tls, 'ca');
  ca(tls, 'other-ca');
  serverCert(tls, 'good', 'ca', 'localhost');
  serverCert(tls, 'foreign', 'other-ca', 'localhost');
  serverCert(tls, 'misnamed', 'ca', 'db.elsewhere.example');
  good = serverWith('good', 31000);
  foreign = serverWith('foreign', 32000);
  misnamed = serverWith('misnamed', 33000);
});

afterAll(() => {
  for (const s of servers) s.stop();
  fs.rmSync(tls, { recursive: true, force: true });
});

describe('the URL verifies the server, in both client families', () => {
  test('libpq connects over TLS to the server its CA issued for the host', () => {
    expect(viaLibpq(url(good.port, 'ca'))).toEqual({ ok: true, out: 't' });
  });

  test('node-postgres connects over TLS to the same server', async () => {
    expect(await viaNodePostgres(url(good.port, 'ca'))).toEqual({ ok: true, out: 'true' });
  });

  test('both refuse a server whose certificate another CA issued', async () => {
    const u = url(foreign.port, 'ca');
    expect(viaLibpq(u)).toEqual({ ok: false, out: expect.stringMatching(/certificate verify failed/) });
    expect(await viaNodePostgres(u)).toEqual({ ok: false, out: expect.stringMatching(/self[- ]signed|unable to (verify|get)/i) });
  });

  test('both refuse a server whose certificate names another host', async () => {
    const u = url(misnamed.port, 'ca');
    expect(viaLibpq(u)).toEqual({ ok: false, out: expect.stringMatching(/does not match host name/) });
    expect(await viaNodePostgres(u)).toEqual({ ok: false, out: expect.stringMatching(/Hostname\/IP does not match/) });
  });

  test('the URL the library wrote before (sslmode=require, no CA) lets libpq talk to either impostor', () => {
    // encryption without verification: what the two refusals above rule out
    for (const s of [foreign, misnamed]) {
      const u = url(s.port, 'ca').replace(/sslmode=verify-full&sslrootcert=.*$/, 'sslmode=require');
      expect(viaLibpq(u)).toEqual({ ok: true, out: 't' });
    }
  });
});

describe('the documents', () => {
  test('hold every key External Secrets syncs, at the GJSON path it reads, every value a string', () => {
    const pg = postgresConnection({
      host: 'h.example',
      port: 5432,
      database: 'd b',
      user: 'u@x',
      password: 'p/w:d',
      ca: 'PEM',
      roles: { svc_api: 'A1b2', app_migrate: 'C3d4' },
    });
    const redis = redisConnection({ host: '10.0.0.3', port: 6378, password: 'a/b:c', ca: 'PEM' });
    // GJSON (External Secrets' AWS and GCP providers): dot-separated keys
    const at = (property: string): unknown => property.split('.').reduce<any>((o, k) => o?.[k], pg);
    for (const role of ['svc_api', 'app_migrate'])
      for (const key of DATASTORE_KEYS.postgres) expect([role, key, typeof at(postgresProperty(role, key))]).toEqual([role, key, 'string']);
    expect(Object.keys(redis).sort()).toEqual([...DATASTORE_KEYS.redis].sort());
    for (const v of Object.values(redis)) expect(typeof v).toBe('string');
    expect(at(postgresProperty('svc_api', 'user'))).toBe('svc_api');
    expect(at(postgresProperty('svc_api', 'url'))).toBe(
      `postgresql://svc_api:A1b2@h.example:5432/d%20b?sslmode=verify-full&sslrootcert=${POSTGRES_CA_FILE}`,
    );
    expect(at(postgresProperty('svc_api', 'verifier'))).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(pg.admin.url).toBe(`postgresql://u%40x:p%2Fw%3Ad@h.example:5432/d%20b?sslmode=verify-full&sslrootcert=${POSTGRES_CA_FILE}`);
    // the master password is in `admin` only, which the bootstrap Job's Secret alone syncs
    expect(JSON.stringify({ ...pg, admin: undefined })).not.toContain('p/w:d');
    expect(redis.url).toBe('rediss://:a%2Fb%3Ac@10.0.0.3:6378/0');
  });
});

test("the runbook's restore points the URL at a local copy of the CA, as bash expands it", () => {
  const spec = examples['ql-rf'];
  const line = failoverRunbook(spec, resolve(spec))
    .split('\n')
    .find((l) => l.includes('sslrootcert=$PWD'));
  expect(line).toBeDefined();
  const url = postgresConnection({ host: 'db.example', port: 5432, database: 'shop', user: 'app', password: 'p/w', ca: 'PEM' }).admin.url;
  const r = spawnSync('bash', ['-c', `${line}\nprintf %s "$DATABASE_URL"`], {
    cwd: os.tmpdir(),
    env: { DATABASE_URL: url },
    encoding: 'utf8',
  });
  expect(r.stdout).toBe(url.replace(POSTGRES_CA_FILE, path.join(fs.realpathSync(os.tmpdir()), 'postgres-ca.crt')));
});

test('the CA is mounted at /etc/postgres-ca/ca.crt, the file every URL names', () => {
  expect(POSTGRES_CA_DIR).toBe('/etc/postgres-ca');
  expect(POSTGRES_CA_FILE).toBe('/etc/postgres-ca/ca.crt');
});

describe("the digest of the roles' credentials, which reruns the bootstrap Job when it changes", () => {
  const roles = { svc_api: 'A1b2', app_migrate: 'C3d4' };

  test('changes with a password, a role or the database', () => {
    const digest = credentialsDigest('shop', roles);
    expect(credentialsDigest('shop', { ...roles, svc_api: 'A1b3' })).not.toBe(digest);
    expect(credentialsDigest('shop', { svc_web: 'A1b2', app_migrate: 'C3d4' })).not.toBe(digest);
    expect(credentialsDigest('bank', roles)).not.toBe(digest);
    expect(credentialsDigest('shop', { ...roles })).toBe(digest);
  });

  test('not with the order the roles are given in', () => {
    expect(credentialsDigest('shop', { app_migrate: 'C3d4', svc_api: 'A1b2' })).toBe(credentialsDigest('shop', roles));
  });

  test('is the SHA-256 of the verifiers by role, sorted by role; the document carries it for the bootstrap Job', () => {
    const sorted = [
      ['app_migrate', scramVerifier('C3d4', 'app_migrate', 'shop')],
      ['svc_api', scramVerifier('A1b2', 'svc_api', 'shop')],
    ];
    expect(credentialsDigest('shop', roles)).toBe(createHash('sha256').update(JSON.stringify(sorted)).digest('hex'));
    const doc = postgresConnection({ host: 'h', port: 5432, database: 'shop', user: 'u', password: 'p', ca: 'PEM', roles });
    expect(doc.admin.credentials).toBe(credentialsDigest('shop', roles));
    expect(doc.roles.svc_api?.verifier).toBe(scramVerifier('A1b2', 'svc_api', 'shop'));
  });
});
