/**
 * The real Go readers of Kubernetes manifests, for differential tests of lib/core/yaml-readers.ts:
 * test/support/goyaml/main.go built once (cached in the temp directory by the hash of its source and the
 * Go toolchain and packages) against Debian's packages, in GOPATH mode. Missing packages fail the test
 * with the apt-get line that installs them (bash scripts/engines.sh does).
 */
import { execFile, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

/** Debian's packages the Go readers need. */
export const GO_YAML_PACKAGES = 'golang-go golang-gopkg-yaml.v2-dev golang-gopkg-yaml.v3-dev golang-k8s-sigs-yaml-dev';

const GOPATH = '/usr/share/gocode';
const SOURCE = path.join(__dirname, 'goyaml');
const PACKAGE_DIRS = ['gopkg.in/yaml.v2', 'gopkg.in/yaml.v3', 'sigs.k8s.io/yaml'].map((p) => path.join(GOPATH, 'src', p));

const missing = (why: string) =>
  new Error(`the real YAML readers cannot be built (${why}): apt-get install ${GO_YAML_PACKAGES} (bash scripts/engines.sh installs them)`);

/** Builds the reader once per source and toolchain; returns the binary's path. */
export function goYamlBinary(): string {
  const version = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) throw missing(`go: ${version.error?.message ?? version.stderr}`);
  const absent = PACKAGE_DIRS.filter((d) => !fs.existsSync(d));
  if (absent.length > 0) throw missing(`no ${absent.join(', ')}`);
  const hash = createHash('sha256')
    .update(fs.readFileSync(path.join(SOURCE, 'main.go')))
    .update(version.stdout)
    .update(PACKAGE_DIRS.map((d) => fs.statSync(d).mtimeMs).join(','))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(os.tmpdir(), `production-stack-goyaml-${hash}`);
  const binary = path.join(dir, 'goyaml');
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${binary}.${process.pid}`;
  const env = {
    ...process.env,
    GO111MODULE: 'off',
    GOPATH,
    GOFLAGS: '',
    GOCACHE: process.env.GOCACHE ?? path.join(os.tmpdir(), 'production-stack-gocache'),
  };
  const build = spawnSync('go', ['build', '-o', partial, '.'], { cwd: SOURCE, env, encoding: 'utf8' });
  if (build.status !== 0) throw missing(`go build: ${build.stderr || build.error?.message}`);
  fs.renameSync(partial, binary);
  return binary;
}

/** One document as a real reader read it: its value (JSON), or why it could not. */
export interface GoDocument {
  readonly value: unknown;
  readonly error?: string;
}

/** The readers: kubectl's (sigs.k8s.io/yaml YAMLToJSON, go-yaml v2) and kustomize's (go-yaml v3 into interface{}). */
export type GoReader = 'kubectl' | 'v3';

/** Reads each stream with a real reader, all in one process. */
export async function readWithGo(binary: string, reader: GoReader, streams: readonly string[]): Promise<GoDocument[][]> {
  const child = promisify(execFile)(binary, [reader], { maxBuffer: 1 << 30, encoding: 'utf8' });
  child.child.stdin!.end(streams.map((s) => JSON.stringify(s)).join('\n') + '\n');
  const { stdout } = await child;
  const lines = stdout.trimEnd().split('\n');
  if (lines.length !== streams.length) throw new Error(`goyaml ${reader} answered ${lines.length} streams of ${streams.length}`);
  return lines.map((l) => JSON.parse(l) as GoDocument[]);
}
