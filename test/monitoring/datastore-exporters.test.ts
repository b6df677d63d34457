/**
 * The datastore exporters and alerts, held to the real engines (Debian's, which `scripts/engines.sh` installs): a PostgreSQL
 * and a Redis server over TLS, the postgres_exporter and redis_exporter binaries started with exactly the
 * environment and files the synthesized Deployments give them (test/support/container-env.ts; the Secrets as
 * External Secrets writes them from the connection documents the Pulumi side writes), the roles created by
 * running the synthesized bootstrap Job's own command, and the stack's datastore alerts evaluated by promtool
 * over what the exporters really emit.
 *
 * Debian's exporters are older than the pinned images (lib/core/exporters.ts): a metric the table dates after
 * Debian's version must be missing from Debian's output, and then its `absent()` companion must fire; every
 * other one must be there. Redis refuses CONFIG, as ElastiCache and Memorystore do.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolve } from '../../lib/core/resolve';
import { postgresConnection, redisConnection } from '../../lib/core/datastore-connection';
import { EXPORTERS, EXPORTER_METRICS, EXPORTER_SETTINGS_SINCE, type ExportedStore } from '../../lib/core/exporters';
import { datastoreRemoteKey, secretManagerName } from '../../lib/core/naming';
import { postgresRoles } from '../../lib/core/postgres-roles';
import { issueCertificate } from '../support/certificates';
import { containerEnv } from '../support/container-env';
import { freePorts } from '../support/ports';
import { type TestPostgres, startPostgres } from '../support/postgres';
import { output, testRules } from '../support/promtool';
import { baseSpec } from '../support/spec';
import { type Manifest, synth } from '../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

jest.setTimeout(120_000);

const BINARIES: Record<ExportedStore, string> = { postgres: 'prometheus-postgres-exporter', redis: 'prometheus-redis-exporter' };

const spec = baseSpec();
const stack = resolve(spec);
const objects = synth(spec);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'exporters-'));
const root = os.userInfo().uid === 0;
const processes: ChildProcess[] = [];
const cleanups: (() => void)[] = [];

const secret = () => randomBytes(24).toString('hex');
const MASTER_PASSWORD = secret();
const documents: Record<string, unknown> = {};
let pg: TestPostgres;
let redisPort: number;

/** Whether version `a` (dotted numbers) is at least `b`. */
function versionAtLeast(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x!.length, y!.length); i++) {
    const d = (x![i] ?? 0) - (y![i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** A free TCP port on the loopback. */
async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

/** The version of a Debian exporter binary, from its `--version`. */
function binaryVersion(store: ExportedStore): string {
  const r = spawnSync(BINARIES[store], ['--version'], { encoding: 'utf8' });
  if (r.error) throw new Error(`${BINARIES[store]} not found: apt-get install ${BINARIES[store]} (bash scripts/engines.sh does)`);
  const m = /(?:version |Exporter )v?(\d+\.\d+\.\d+)/.exec(`${r.stdout}${r.stderr}`);
  if (!m) throw new Error(`no version in ${BINARIES[store]} --version: ${r.stdout}${r.stderr}`);
  return m[1]!;
}

/**
 * A CA and a server certificate for `localhost` and 127.0.0.1 (`ca.crt`, `tls.crt`, `tls.key`) in `dir`, readable by
 * the server's user: what a cloud's server presents, issued as the tests' other servers' are.
 */
function certificates(dir: string): void {
  issueCertificate({ spec: { dnsNames: ['localhost'], usages: ['server auth', 'digital signature'] } } as unknown as Manifest, dir);
  fs.chmodSync(path.join(dir, 'tls.key'), 0o600);
  if (root) execFileSync('chown', ['-R', 'postgres', dir]);
}

/** The synthesized object of `kind` whose name is `name`, or starts with `name-` (a Job's hash). */
function object(kind: string, name: string): Manifest {
  const o = objects.find((x) => x.kind === kind && (x.metadata.name === name || x.metadata.name.startsWith(`${name}-`)));
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
}

/**
 * The Deployment's container arguments, but those EXPORTER_SETTINGS_SINCE dates after the Debian binary's version
 * (which would refuse them); the environment variables it does not know it ignores.
 */
function argsFor(store: ExportedStore): string[] {
  const container = object('Deployment', `${stack.name}-${store}-exporter`).spec.template.spec.containers[0];
  const version = binaryVersion(store);
  return (container.args ?? []).filter((a: string) => {
    const since = EXPORTER_SETTINGS_SINCE[a]?.since;
    return since === undefined || versionAtLeast(version, since);
  });
}

/** Starts the store's exporter as its Deployment would run it, on a free loopback port; returns its /metrics URL. */
async function startExporter(store: ExportedStore): Promise<string> {
  const c = containerEnv(objects, 'Deployment', `${stack.name}-${store}-exporter`, documents);
  cleanups.push(c.cleanup);
  const port = await freePort();
  const child = spawn(BINARIES[store], [...argsFor(store), `--web.listen-address=127.0.0.1:${port}`], {
    env: { PATH: process.env.PATH, ...c.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  processes.push(child);
  const url = `http://127.0.0.1:${port}/metrics`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${BINARIES[store]} exited: ${log}`);
    try {
      const r = await fetch(url);
      if (r.ok) return url;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${BINARIES[store]} did not listen: ${log}`);
}

/** One sample of the exposition format. */
interface Sample {
  readonly name: string;
  /** The labels as written between the braces (the exposition's escaping is PromQL's). */
  readonly labels: string;
  readonly value: number;
}

/** The samples of a scrape. */
async function scrape(url: string): Promise<Sample[]> {
  const text = await (await fetch(url)).text();
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(l);
      if (!m) throw new Error(`not an exposition line: ${l}`);
      return { name: m[1]!, labels: m[2] ?? '', value: Number(m[3]) };
    });
}

/** The stack's datastore rule group, as synthesized; with `store`, only that store's alerts. */
function datastoreGroup(store?: ExportedStore): any {
  const rule = objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.name === stack.name)!;
  const group = rule.spec.groups.find((g: any) => g.name === `${stack.name}.datastores`);
  const prefix = store === 'postgres' ? 'Postgres' : 'Redis';
  return store ? { ...group, rules: group.rules.filter((r: any) => r.alert.startsWith(prefix)) } : group;
}

/**
 * The alerts of `store` firing after 20 minutes of the scrape held steady, as Prometheus would evaluate the stack's rules:
 * every sample a series with the labels the PodMonitor adds (`namespace`, `pod`, and Prometheus' `job`, `instance`).
 */
function firingAfter20m(store: ExportedStore, samples: readonly Sample[]): string[] {
  const target = `namespace="${stack.namespace}",pod="${stack.name}-${store}-exporter-7d9f8-x2x4q",job="${stack.namespace}/${stack.name}-${store}-exporter",instance="10.0.3.7:${EXPORTERS[store].port}"`;
  const series = samples
    .filter((s) => Number.isFinite(s.value))
    .map((s) => ({ series: `${s.name}{${s.labels === '' ? '' : `${s.labels.replace(/,$/, '')},`}${target}}`, values: `${s.value}+0x30` }));
  const group = datastoreGroup(store);
  const r = testRules(
    { groups: [group] },
    {
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      // one test per alert, expecting nothing: promtool's failure lists what did fire
      tests: [
        {
          interval: '1m',
          input_series: series,
          alert_rule_test: group.rules.map((a: any) => ({ eval_time: '20m', alertname: a.alert, exp_alerts: [] })),
        },
      ],
    },
  );
  if (r.status === 0) return [];
  const firing = [...output(r).matchAll(/alertname: (\w+),[\s\S]*?got:\[([^\]]*)\]/g)].flatMap(([, name, got]) =>
    [...got!.matchAll(/metric="([^"]+)"/g)].map((m) => `${name} ${m[1]}`).concat(/metric=/.test(got!) ? [] : [name!]),
  );
  if (firing.length === 0) throw new Error(output(r));
  return firing.sort();
}

/** The metrics of EXPORTER_METRICS a Debian binary is too old to emit. */
function tooNew(store: ExportedStore): string[] {
  const version = binaryVersion(store);
  return Object.entries(EXPORTER_METRICS)
    .filter(([, m]) => m.store === store && !versionAtLeast(version, m.since))
    .map(([name]) => name)
    .sort();
}

beforeAll(async () => {
  const certs = path.join(work, 'certs');
  fs.mkdirSync(certs);
  certificates(certs);
  fs.chmodSync(work, 0o755);
  const ca = fs.readFileSync(path.join(certs, 'ca.crt'), 'utf8');
  // PostgreSQL as RDS and Cloud SQL run it: TLS, SCRAM, a CREATEROLE master that owns the database
  pg = startPostgres(37000, ['ssl=on', `ssl_cert_file=${certs}/tls.crt`, `ssl_key_file=${certs}/tls.key`]);
  fs.writeFileSync(
    path.join(pg.data, 'pg_hba.conf'),
    ['local all all trust', 'host all postgres 127.0.0.1/32 trust', 'hostssl all all 127.0.0.1/32 scram-sha-256', ''].join('\n'),
  );
  pg.psql('postgres', 'SELECT pg_reload_conf()');
  pg.psql('postgres', `CREATE ROLE master LOGIN CREATEROLE CREATEDB PASSWORD '${MASTER_PASSWORD}'`);
  pg.psql('postgres', `CREATE DATABASE ${stack.postgres!.databaseName} OWNER master`);
  const roles = Object.fromEntries(postgresRoles(stack).map((r) => [r.name, secret()]));
  const pgDocument = postgresConnection({
    host: '127.0.0.1',
    port: Number(pg.port),
    database: stack.postgres!.databaseName,
    user: 'master',
    password: MASTER_PASSWORD,
    ca,
    roles,
  });
  documents[secretManagerName(stack.cloud, datastoreRemoteKey(stack.name, stack.environment, 'postgres'))] = pgDocument;
  // Redis as ElastiCache and Memorystore run it: TLS, an AUTH token, maxmemory, CONFIG refused
  redisPort = await freePort();
  const password = secret();
  const redis = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--tls-port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--tls-cert-file',
      `${certs}/tls.crt`,
      '--tls-key-file',
      `${certs}/tls.key`,
      '--tls-ca-cert-file',
      `${certs}/ca.crt`,
      '--tls-auth-clients',
      'no',
      '--requirepass',
      password,
      '--maxmemory',
      '64mb',
      '--maxmemory-policy',
      stack.redis!.maxmemoryPolicy,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      work,
      '--rename-command',
      'CONFIG',
      '',
    ],
    { stdio: 'ignore' },
  );
  processes.push(redis);
  documents[secretManagerName(stack.cloud, datastoreRemoteKey(stack.name, stack.environment, 'redis'))] = redisConnection({
    host: '127.0.0.1',
    port: redisPort,
    password,
    ca,
  });
  // the roles, by the synthesized bootstrap Job's own command and environment (psql as the master)
  const job = object('Job', `${stack.name}-postgres-bootstrap`);
  const c = containerEnv(objects, 'Job', job.metadata.name, documents);
  cleanups.push(c.cleanup);
  const [shell, ...args] = job.spec.template.spec.containers[0].command;
  const r = spawnSync(shell, args, { env: { PATH: process.env.PATH, ...c.env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the bootstrap Job failed: ${r.stderr}${r.stdout}`);
});

afterAll(() => {
  for (const p of processes) p.kill('SIGKILL');
  for (const c of cleanups) c();
  pg?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test("every setting the table dates is in the exporter's Deployment, and the pinned image is at least that version", () => {
  for (const [setting, { store, since }] of Object.entries(EXPORTER_SETTINGS_SINCE)) {
    const container = object('Deployment', `${stack.name}-${store}-exporter`).spec.template.spec.containers[0];
    const set = [...(container.args ?? []), ...container.env.map((e: any) => e.name)];
    expect([setting, set.includes(setting), versionAtLeast(EXPORTERS[store].version, since)]).toEqual([setting, true, true]);
  }
});

test('every metric the datastore alerts read is in the dated table of lib/core/exporters.ts', () => {
  const read = new Set(
    datastoreGroup().rules.flatMap((r: any) => [...r.expr.matchAll(/\b((?:pg|redis)_[a-z_]+)\{/g)].map((m: RegExpMatchArray) => m[1])),
  );
  expect([...read].sort()).toEqual(Object.keys(EXPORTER_METRICS).sort());
});

describe('postgres_exporter, as the Deployment runs it, connected as app_monitor', () => {
  let url: string;
  beforeAll(async () => {
    url = await startExporter('postgres');
  });

  test('reaches PostgreSQL over verified TLS as its login role, and emits every metric its version has', async () => {
    const samples = await scrape(url);
    expect(samples.find((s) => s.name === 'pg_up')?.value).toBe(1);
    const names = new Set(samples.map((s) => s.name));
    const expected = Object.entries(EXPORTER_METRICS).filter(([n, m]) => m.store === 'postgres' && !tooNew('postgres').includes(n));
    for (const [name] of expected) expect([name, names.has(name)]).toEqual([name, true]);
    for (const name of tooNew('postgres')) expect([name, names.has(name)]).toEqual([name, false]);
    // the exporter's own session is app_monitor's, over TLS
    expect(
      pg.psql('postgres', "SELECT DISTINCT s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE usename = 'app_monitor'"),
    ).toBe('t');
  });

  test("counts another role's session, which PostgresConnectionsNearMax sums", async () => {
    const sessions = async () =>
      (await scrape(url)).filter((s) => s.name === 'pg_stat_database_numbackends').reduce((n, s) => n + s.value, 0);
    const before = await sessions();
    const sleeper = spawn(
      'psql',
      ['-h', '127.0.0.1', '-p', pg.port, '-U', 'postgres', '-d', stack.postgres!.databaseName, '-c', 'SELECT pg_sleep(20)'],
      {
        stdio: 'ignore',
      },
    );
    processes.push(sleeper);
    // wait until the server has the session (not a fixed delay: a loaded machine takes longer to connect)
    const running = () => pg.psql('postgres', "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)'");
    for (const deadline = Date.now() + 15_000; running() !== '1';) {
      if (Date.now() > deadline) throw new Error('the psql session never started');
      await new Promise((done) => setTimeout(done, 100));
    }
    const during = await sessions();
    sleeper.kill('SIGKILL');
    expect(during - before).toBe(1);
  });

  test('over its real output, no PostgreSQL alert fires but the absent() companion of each metric its version lacks', async () => {
    expect(firingAfter20m('postgres', await scrape(url))).toEqual(tooNew('postgres').map((m) => `PostgresMetricsAbsent ${m}`));
  });

  test('PostgreSQL stopped: pg_up 0, and PostgresDown fires (not the absent() companions of the other metrics)', async () => {
    pg.run(path.join(pg.bin, 'pg_ctl'), ['-D', pg.data, '-m', 'immediate', 'stop']);
    const samples = await scrape(url);
    expect(samples.find((s) => s.name === 'pg_up')?.value).toBe(0);
    expect(firingAfter20m('postgres', samples)).toEqual(['PostgresDown']);
  });
});

describe('redis_exporter, as the Deployment runs it, with the AUTH token and the CA', () => {
  let url: string;
  beforeAll(async () => {
    url = await startExporter('redis');
  });

  test('reaches Redis over verified TLS without CONFIG, and emits every metric its version has', async () => {
    const samples = await scrape(url);
    expect(samples.find((s) => s.name === 'redis_up')?.value).toBe(1);
    const names = new Set(samples.map((s) => s.name));
    for (const [name, m] of Object.entries(EXPORTER_METRICS).filter(([, x]) => x.store === 'redis'))
      expect([name, names.has(name)]).toEqual([name, !tooNew('redis').includes(name) && versionAtLeast(binaryVersion('redis'), m.since)]);
    expect(samples.find((s) => s.name === 'redis_memory_max_bytes')?.value).toBe(64 * 2 ** 20);
  });

  test('over its real output, no Redis alert fires but the absent() companion of each metric its version lacks', async () => {
    expect(firingAfter20m('redis', await scrape(url))).toEqual(tooNew('redis').map((m) => `RedisMetricsAbsent ${m}`));
  });

  test("an exporter without REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT reads any key's value for whoever scrapes /scrape (why the Deployment sets it)", async () => {
    const doc = documents[secretManagerName(stack.cloud, datastoreRemoteKey(stack.name, stack.environment, 'redis'))] as any;
    execFileSync('redis-cli', [
      '--tls',
      '--cacert',
      path.join(work, 'certs', 'ca.crt'),
      '-h',
      '127.0.0.1',
      '-p',
      String(redisPort),
      '--no-auth-warning',
      '-a',
      doc.password,
      'SET',
      'session:42',
      'a-secret-token',
    ]);
    const target = encodeURIComponent(`rediss://127.0.0.1:${redisPort}`);
    const r = await fetch(url.replace('/metrics', `/scrape?target=${target}&check-single-keys=${encodeURIComponent('db0=session:42')}`));
    // Debian's redis_exporter predates the setting (EXPORTER_SETTINGS_SINCE): its /scrape answers with the value
    expect(versionAtLeast(binaryVersion('redis'), EXPORTER_SETTINGS_SINCE.REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT!.since)).toBe(false);
    expect(await r.text()).toContain('a-secret-token');
  });

  test('with a wrong AUTH token, redis_up is 0 and RedisDown fires', async () => {
    // what the exporter reports when it cannot log in: the same as a server it cannot reach
    const doc = documents[secretManagerName(stack.cloud, datastoreRemoteKey(stack.name, stack.environment, 'redis'))] as any;
    const saved = doc.password;
    doc.password = 'not-the-token';
    const wrong = await startExporter('redis');
    doc.password = saved;
    const samples = await scrape(wrong);
    expect(samples.find((s) => s.name === 'redis_up')?.value).toBe(0);
    expect(firingAfter20m('redis', samples)).toEqual(['RedisDown']);
  });
});
