/**
 * Runs a runbook's shell blocks as an operator would paste them, with every
 * command they call stubbed (each stub logs its arguments and succeeds) and a
 * canary: the fuzz suite's shell injections try to create the file `$CANARY`.
 * Only `touch` is real, so that an injection can.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The commands the runbooks call (and a few more), stubbed. */
const STUBBED = [
  'aws',
  'gcloud',
  'gsutil',
  'kubectl',
  'pulumi',
  'curl',
  'psql',
  'pg_dump',
  'pg_restore',
  'jq',
  'dig',
  'sleep',
  'date',
  'head',
  'tail',
  'base64',
  'cat',
  'grep',
  'sed',
  'awk',
  'cut',
  'tr',
  'xargs',
  'wc',
  'sort',
  'openssl',
  'id',
];

/** A fenced block of a Markdown file. */
export interface ShellBlock {
  /** The nearest heading above it. */
  readonly heading: string;
  readonly text: string;
}

/** The shell blocks (```sh, ```bash, ```shell) of a Markdown document, by CommonMark's fence rules. */
export function shellBlocks(markdown: string): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  let heading = '(top)';
  let open: { fence: string; shell: boolean; lines: string[]; heading: string } | undefined;
  for (const line of markdown.split('\n')) {
    if (open) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
        if (open.shell) blocks.push({ heading: open.heading, text: open.lines.join('\n') });
        open = undefined;
      } else open.lines.push(line);
      continue;
    }
    const start = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)/.exec(line);
    if (start) open = { fence: start[1], shell: /^(sh|bash|shell|zsh)$/i.test(start[2]), lines: [], heading };
    else if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '');
  }
  // an unclosed block runs to the end of the document
  if (open?.shell) blocks.push({ heading: open.heading, text: open.lines.join('\n') });
  return blocks;
}

let stubDir: string | undefined;

/** The directory of stubs (made once per process): PATH holds only it. */
function stubs(): string {
  if (stubDir) return stubDir;
  stubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-stubs-'));
  for (const name of STUBBED) {
    fs.writeFileSync(path.join(stubDir, name), `#!/bin/sh\nprintf '%s\\n' "\${0##*/} $*" >>"$STUB_LOG"\nexit 0\n`, { mode: 0o755 });
  }
  const touch = ['/usr/bin/touch', '/bin/touch'].find((p) => fs.existsSync(p));
  if (!touch) throw new Error('no touch(1): the canary cannot be created');
  fs.symlinkSync(touch, path.join(stubDir, 'touch'));
  return stubDir;
}

/** Runs each block in its own `sh` (a syntax error in one does not stop the others), in order. */
const RUNNER = `for f in "$@"; do
  /bin/sh "$f" </dev/null >/dev/null 2>&1
  if [ -e "$CANARY" ]; then printf '%s' "$f"; exit 0; fi
done
`;

/** What running the blocks did. */
export type ShellOutcome =
  | { readonly result: 'clean'; readonly calls: number }
  | { readonly result: 'canary'; readonly block: ShellBlock }
  | { readonly result: 'timeout' | 'error'; readonly detail: string };

/** Runs the runbook's shell blocks; reports the first block after which the canary exists, or how many stubbed commands ran. */
export function runShellBlocks(markdown: string, timeoutMs = 10_000): ShellOutcome {
  const blocks = shellBlocks(markdown);
  if (blocks.length === 0) return { result: 'clean', calls: 0 };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-sh-'));
  try {
    const files = blocks.map((b, i) => {
      const file = path.join(dir, `block-${i}.sh`);
      // the runbook's placeholders (`<UTC time before the damage>`) are for the operator to fill in
      fs.writeFileSync(file, b.text.replace(/<UTC time[^<>\n]*>/g, '2026-12-01T09:55:00Z'));
      return file;
    });
    fs.writeFileSync(path.join(dir, 'run.sh'), RUNNER);
    const run = spawnSync('/bin/sh', [path.join(dir, 'run.sh'), ...files], {
      cwd: dir,
      env: { PATH: stubs(), HOME: dir, CANARY: path.join(dir, 'CANARY'), STUB_LOG: path.join(dir, 'stubs.log') },
      timeout: timeoutMs,
      encoding: 'utf8',
    });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
      return { result: 'timeout', detail: `the shell blocks did not finish within ${timeoutMs} ms` };
    }
    if (run.error) return { result: 'error', detail: run.error.message };
    if (run.stdout) return { result: 'canary', block: blocks[files.indexOf(run.stdout)] };
    if (fs.existsSync(path.join(dir, 'CANARY'))) return { result: 'canary', block: blocks[blocks.length - 1] };
    const log = path.join(dir, 'stubs.log');
    return { result: 'clean', calls: fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').length - 1 : 0 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
