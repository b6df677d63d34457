/**
 * Alertmanager itself on a translated configuration (test/support/alertmanager-config.ts), from Debian's
 * prometheus-alertmanager (0.25; bash scripts/engines.sh installs it): `amtool check-config`, `amtool config routes test`, and a
 * real Alertmanager process on a random loopback port, reached through its v2 API. Without the package these throw:
 * the tests that use them fail rather than skip.
 */
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { type AlertmanagerYml, toAlertmanagerYaml } from './alertmanager-config';

const INSTALL = 'apt-get install prometheus-alertmanager (bash scripts/engines.sh does)';

/** The first of `names` that runs with `--version`, or throws. */
function binary(names: readonly string[]): string {
  for (const name of names) {
    const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
    if (!r.error && r.status === 0) return name;
  }
  throw new Error(`${names.join(' or ')} not found: ${INSTALL}`);
}

let amtoolBinary: string | undefined;
let alertmanagerBinary: string | undefined;
/** amtool, or throws. */
const amtoolPath = () => (amtoolBinary ??= binary(['amtool']));
/** Alertmanager: Debian names it prometheus-alertmanager. */
const alertmanagerPath = () => (alertmanagerBinary ??= binary(['prometheus-alertmanager', 'alertmanager']));

/** Writes `cfg` to alertmanager.yml in a new temporary directory, runs `fn` on its path, removes the directory. */
function withConfigFile<T>(cfg: AlertmanagerYml, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtool-'));
  const file = path.join(dir, 'alertmanager.yml');
  fs.writeFileSync(file, toAlertmanagerYaml(cfg));
  try {
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `amtool check-config` on `cfg`: its exit status and output. */
export function checkConfig(cfg: AlertmanagerYml): { status: number | null; out: string } {
  const bin = amtoolPath();
  return withConfigFile(cfg, (file) => {
    const r = spawnSync(bin, ['check-config', file], { encoding: 'utf8' });
    if (r.error) throw r.error;
    return { status: r.status, out: r.stdout + r.stderr };
  });
}

/**
 * The receivers an alert with each of `labelSets` reaches, as `amtool config routes test` prints them (one
 * `amtool` run per label set, on one file).
 */
export function routesTest(cfg: AlertmanagerYml, labelSets: readonly Readonly<Record<string, string>>[]): string[][] {
  const bin = amtoolPath();
  return withConfigFile(cfg, (file) =>
    labelSets.map((labels) => {
      const args = ['config', 'routes', 'test', `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
      const r = spawnSync(bin, args, { encoding: 'utf8' });
      if (r.error) throw r.error;
      if (r.status !== 0) throw new Error(`amtool ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
      return r.stdout.trim().split(',').filter(Boolean);
    }),
  );
}

/** A port free on 127.0.0.1 when asked. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** An alert as the v2 API returns it (`GET /api/v2/alerts`). */
export interface ApiAlert {
  readonly labels: Record<string, string>;
  readonly fingerprint: string;
  readonly receivers: { readonly name: string }[];
  readonly status: { readonly state: string; readonly inhibitedBy: string[]; readonly silencedBy: string[] };
}

/** A running Alertmanager. */
export interface RunningAlertmanager {
  readonly url: string;
  /** `POST /api/v2/alerts`: firing alerts with these labels. */
  post(alerts: readonly Readonly<Record<string, string>>[]): Promise<void>;
  /** `GET /api/v2/alerts`: every alert it holds, with its receivers and status. */
  alerts(): Promise<ApiAlert[]>;
  /** What it logged. */
  log(): string;
  stop(): Promise<void>;
}

/** Resolves once `url` answers 200, or rejects when `child` exits or `ms` pass. */
async function ready(url: string, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`Alertmanager exited (${child.exitCode})`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Alertmanager not ready at ${url} after ${ms} ms`);
}

/**
 * Starts Alertmanager on `cfg`: one instance (`--cluster.listen-address=` empty: no gossip), its API on a random
 * port of 127.0.0.1, its storage in a temporary directory removed by `stop()`. Throws when it is not installed, or
 * when it refuses the configuration or does not become ready.
 */
export async function startAlertmanager(cfg: AlertmanagerYml): Promise<RunningAlertmanager> {
  const bin = alertmanagerPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alertmanager-'));
  fs.writeFileSync(path.join(dir, 'alertmanager.yml'), toAlertmanagerYaml(cfg));
  let lastError: unknown;
  // the port found free may be taken before Alertmanager binds it: then another
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let log = '';
    const child = spawn(
      bin,
      [
        `--config.file=${path.join(dir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const stop = async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
      await ready(`${url}/-/ready`, child, 15000);
    } catch (e) {
      lastError = new Error(`${(e as Error).message}:\n${log}`);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      if (!/address already in use/.test(log)) break;
      continue;
    }
    return {
      url,
      async post(alerts) {
        const r = await fetch(`${url}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(alerts.map((labels) => ({ labels }))),
        });
        if (!r.ok) throw new Error(`POST /api/v2/alerts: ${r.status} ${await r.text()}`);
      },
      async alerts() {
        const r = await fetch(`${url}/api/v2/alerts`);
        if (!r.ok) throw new Error(`GET /api/v2/alerts: ${r.status} ${await r.text()}`);
        return (await r.json()) as ApiAlert[];
      },
      log: () => log,
      stop,
    };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/** One notification a webhook receiver got: the path it was posted to, and Alertmanager's payload. */
export interface Notification {
  readonly path: string;
  readonly body: { receiver: string; status: string; alerts: { labels: Record<string, string> }[] };
}

/** A local HTTP server on a random port of 127.0.0.1 that records what Alertmanager's webhooks post to it. */
export async function webhookServer(): Promise<{ url: string; received: Notification[]; close(): Promise<void> }> {
  const received: Notification[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
