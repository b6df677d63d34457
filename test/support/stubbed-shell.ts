/**
 * Runs shell blocks as an operator would paste them, with every command that could reach a cloud,
 * a cluster or a database replaced by a stub that only records its arguments, and a canary file
 * that only injected code would create.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The commands the runbooks run, stubbed: each records its name and arguments, exactly, and succeeds. */
const STUBBED = ['aws', 'gcloud', 'kubectl', 'curl', 'psql', 'pg_dump', 'pg_restore', 'jq', 'dig', 'pulumi'];

/** Code that creates the canary, in every form a value might smuggle it in. */
export const CANARY = 'CANARY';
export const INJECTIONS = [
  `$(touch ${CANARY})`,
  `\`touch ${CANARY}\``,
  `;touch ${CANARY}`,
  `'; touch ${CANARY}; '`,
  `"; touch ${CANARY}; "`,
  `\ntouch ${CANARY}\n`,
  `\r\ntouch ${CANARY}`,
  `&& touch ${CANARY}`,
  `| touch ${CANARY}`,
  `>${CANARY}`,
  `\\'$(touch ${CANARY})\\'`,
  '\n```\n# Injected heading\n```sh\n',
  // shown, not acted on: a terminal's erase-line, a bidirectional override, Unicode line breaks
  '\x1b[2K\u202e\u2028\u0085',
];

/** One stubbed command as it was called. */
export interface Call {
  readonly command: string;
  readonly args: readonly string[];
}

/** What the blocks did: the stubbed calls, whether the canary exists, and each run's failure, if any. */
export interface StubbedRun {
  readonly calls: readonly Call[];
  readonly canary: boolean;
  readonly failures: readonly string[];
}

// Each argument is written with its count first and NUL after it: arguments may hold newlines, never NUL.
const STUB = '#!/bin/sh\nprintf \'%s\\0\' "$#" "${0##*/}" "$@" >> "$STUB_LOG"\n';

function parseLog(log: string): Call[] {
  const fields = log.split('\0');
  const calls: Call[] = [];
  for (let i = 0; i + 1 < fields.length;) {
    const n = Number(fields[i]);
    calls.push({ command: fields[i + 1], args: fields.slice(i + 2, i + 2 + n) });
    i += 2 + n;
  }
  return calls;
}

/** Runs each block on its own with each of `shells`, in a fresh directory, with the cloud and cluster CLIs stubbed. */
export function runStubbed(blocks: readonly string[], shells: readonly string[] = ['bash', 'dash']): StubbedRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-'));
  try {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    for (const command of STUBBED) fs.writeFileSync(path.join(bin, command), STUB, { mode: 0o755 });
    const work = path.join(dir, 'work');
    fs.mkdirSync(work);
    const log = path.join(dir, 'calls.log');
    fs.writeFileSync(log, '');
    const env = { PATH: `${bin}:/usr/bin:/bin`, HOME: work, STUB_LOG: log, LC_ALL: 'C.UTF-8' };
    const failures: string[] = [];
    blocks.forEach((block, i) => {
      const script = path.join(dir, `block-${i}.sh`);
      fs.writeFileSync(script, block);
      for (const shell of shells) {
        const r = spawnSync(shell, [script], { cwd: work, env, encoding: 'utf8', timeout: 20_000 });
        if (r.status !== 0) failures.push(`${shell} block ${i} exited ${r.status}: ${r.stderr}`);
      }
    });
    return { calls: parseLog(fs.readFileSync(log, 'utf8')), canary: fs.existsSync(path.join(work, CANARY)), failures };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
