/**
 * A real PostgreSQL server for the tests: Debian's `postgresql` (which `scripts/engines.sh` installs), the newest major
 * under /usr/lib/postgresql, in a fresh data directory, run as the `postgres` user when the tests run as root.
 * Without the binaries it throws: a suite that needs the engine fails, never skips.
 */
import { type SpawnSyncReturns, execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A running test server. */
export interface TestPostgres {
  /** The server's binaries (`initdb`, `pg_ctl`, `postgres`). */
  readonly bin: string;
  /** Its data directory, inside {@link work}. */
  readonly data: string;
  /** A scratch directory removed by {@link stop}. */
  readonly work: string;
  readonly port: string;
  /** Runs a server binary as the server's user. */
  run(cmd: string, args: readonly string[]): SpawnSyncReturns<string>;
  /** Runs SQL in `db` as the superuser; rows tab-separated, one per line. Throws on an error. */
  psql(db: string, sql: string): string;
  /** Stops the server and removes {@link work}. */
  stop(): void;
}

/** Starts a server on a port of its own (`basePort` plus the process's), with extra `-c` settings. */
export function startPostgres(basePort: number, settings: readonly string[] = []): TestPostgres {
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)) : [];
  const newest = versions[versions.length - 1];
  if (newest === undefined)
    throw new Error('PostgreSQL server binaries not found: apt-get install postgresql (bash scripts/engines.sh does)');
  const root = os.userInfo().uid === 0;
  const bin = path.join('/usr/lib/postgresql', newest, 'bin');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-test-'));
  const data = path.join(work, 'data');
  const port = String(basePort + (process.pid % 1000));
  fs.mkdirSync(data);
  fs.chmodSync(work, 0o777);
  if (root) execFileSync('chown', ['postgres', data]);
  const run = (cmd: string, args: readonly string[]) =>
    spawnSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : [...args], { encoding: 'utf8' });
  const must = (cmd: string, args: readonly string[]) => {
    const r = run(path.join(bin, cmd), args);
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}${r.stdout}`);
  };
  must('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = [`-p ${port}`, `-k ${data}`, '-c listen_addresses=127.0.0.1', ...settings.map((s) => `-c ${s}`)].join(' ');
  must('pg_ctl', ['-D', data, '-w', '-l', path.join(data, 'log'), '-o', options, 'start']);
  return {
    bin,
    data,
    work,
    port,
    run,
    psql: (db, sql) =>
      execFileSync(
        'psql',
        ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-d', db, '-tAX', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql],
        {
          encoding: 'utf8',
        },
      ).trim(),
    stop: () => {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
