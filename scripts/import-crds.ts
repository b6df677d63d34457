/**
 * Regenerates the typed cdk8s constructs in `lib/imports/` from the vendored
 * CRD schemas in `crds/` with `cdk8s import`. Run by `npm run import-crds`;
 * test/tooling/crds.test.ts regenerates into a temporary folder and fails
 * when the committed files differ.
 *
 * Steps: sync `crds/` from `../shared/crds` when that folder exists; for each
 * module in {@link CRD_MODULES}, write its CRDs (served versions only: an
 * unserved version cannot be applied to a cluster) to a temporary file and
 * run `cdk8s import <file> --output <tmp>` on it; write the result to
 * `lib/imports/<module>.ts`; then compile each module and print its size and
 * `require` time.
 *
 * Only the kinds the library creates are imported, one module per group, and
 * the library creates each of them through its generated class (wrapped by
 * lib/k8s/api-object.ts so escape hatches survive the class's mapping), never
 * as a plain `ApiObject`. Every other vendored CRD is listed in
 * {@link NOT_IMPORTED} with the reason: a kind the library writes as a plain
 * object instead (its module would be hundreds of kB, every cloud provider or
 * receiver spelled out), checked against its CRD by the tests
 * (test/support/schema.ts), or a kind it does not create at all.
 */
import { transformFileSync } from '@swc/core';
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import * as YAML from 'yaml';
import { repoRoot, sharedCrdsDir, syncCrds, vendoredCrdsDir } from './sync-crds';

/** One generated module of lib/imports. */
export interface CrdModule {
  /** File name in lib/imports, without `.ts`. */
  readonly module: string;
  /** Vendored CRD files (in crds/) it is generated from. */
  readonly crds: readonly string[];
  /** The kinds of those files to import (a kind missing from them fails where the library uses its class). @default - every kind */
  readonly kinds?: readonly string[];
}

/** Every module of lib/imports, in the order they are generated and reported. */
export const CRD_MODULES: readonly CrdModule[] = [
  // Certificate (lib/nats/tls.ts).
  { module: 'cert-manager.io', crds: ['cert-manager.io_certificates.yaml'] },
  // ExternalSecret (lib/k8s/external-secret.ts).
  { module: 'external-secrets.io', crds: ['external-secrets.io_externalsecrets.yaml'] },
  // NATS JetStream (NACK): the Account, Streams and Consumers of lib/nats/streams.ts; not KeyValue or ObjectStore.
  { module: 'jetstream.nats.io', crds: ['jetstream.nats.io_crds.yaml'], kinds: ['Account', 'Consumer', 'Stream'] },
  // ServiceMonitor, PodMonitor (lib/monitoring/scrape.ts, lib/monitoring/nats-alerts.ts) and PrometheusRule (lib/monitoring/prometheus-rule.ts).
  {
    module: 'monitoring.coreos.com',
    crds: [
      'monitoring.coreos.com_podmonitors.yaml',
      'monitoring.coreos.com_prometheusrules.yaml',
      'monitoring.coreos.com_servicemonitors.yaml',
    ],
  },
];

/** Vendored CRDs deliberately not imported, and why. Every file in crds/ is either imported or listed here. */
export const NOT_IMPORTED: Readonly<Record<string, string>> = {
  'cert-manager.io_issuers.yaml': 'namespaced Issuer (~410 kB): the stack issues certificates from a ClusterIssuer',
  // The add-ons' cluster-scoped objects are plain JSON for Pulumi (lib/addons/manifests.ts), not cdk8s constructs,
  // and are checked against their CRDs by test/addons/addons.test.ts.
  'cert-manager.io_clusterissuers.yaml': 'ClusterIssuer (~410 kB as classes): a plain manifest of lib/addons/manifests.ts, for Pulumi',
  'external-secrets.io_clustersecretstores.yaml':
    'ClusterSecretStore (~650 kB as classes): a plain manifest of lib/addons/manifests.ts, for Pulumi',
  'external-secrets.io_secretstores.yaml': 'namespaced SecretStore (~650 kB): the stack reads secrets through a ClusterSecretStore',
  // Every receiver type spelled out, for the library's few fields, which lib/monitoring/alertmanager.ts types itself;
  // test/k8s/custom-resources.test.ts checks the object of every receiver type against this CRD.
  'monitoring.coreos.com_alertmanagerconfigs.yaml': 'AlertmanagerConfig (~1.1 MB as classes): written as a plain object',
  'monitoring.coreos.com_probes.yaml': 'Probe: the stack probes no endpoint through a blackbox exporter',
  // The edge's objects are few and small: written as plain objects (lib/k8s/gateway.ts, routes.ts) and checked
  // against these CRDs by the tests, rather than through ~3 MB of generated classes.
  'gateway.networking.k8s.io_standard.yaml': 'Gateway API standard channel: the edge writes Gateways and routes as plain objects',
  'gateway.envoyproxy.io_backendtrafficpolicies.yaml': 'Envoy Gateway BackendTrafficPolicy: written as a plain object',
  'gateway.envoyproxy.io_clienttrafficpolicies.yaml': 'Envoy Gateway ClientTrafficPolicy: written as a plain object',
  'gateway.envoyproxy.io_envoyproxies.yaml': 'Envoy Gateway EnvoyProxy (~1.7 MB as classes): written as a plain object',
  'gateway.envoyproxy.io_httproutefilters.yaml': 'Envoy Gateway HTTPRouteFilter: written as a plain object',
  'gateway.envoyproxy.io_securitypolicies.yaml':
    'Envoy Gateway SecurityPolicy: CORS is set with the standard HTTPRoute CORS filter instead',
};

const HEADER = (m: CrdModule) =>
  `// Generated by \`npm run import-crds\` (scripts/import-crds.ts) from ${m.crds.map((c) => `crds/${c}`).join(', ')}` +
  `${m.kinds ? ` (${m.kinds.join(', ')})` : ''}.\n` +
  '// Served versions only. Do not edit: change the script or the CRDs and regenerate.\n';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The CRDs of the given files (of the given kinds, by default every one), each with only its served versions;
 * CRDs with no served version are dropped.
 */
export function servedCrds(crdsDir: string, files: readonly string[], kinds?: readonly string[]): Json[] {
  const out: Json[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(crdsDir, file), 'utf8');
    for (const doc of YAML.parseAllDocuments(text)) {
      const crd = doc.toJSON();
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      if (kinds && !kinds.includes(crd.spec?.names?.kind)) continue;
      const versions = (crd.spec?.versions ?? []).filter((v: Json) => v.served !== false);
      if (versions.length) out.push({ ...crd, spec: { ...crd.spec, versions } });
    }
  }
  return out;
}

const execFileAsync = promisify(execFile);

/** Runs `cdk8s import` for one module in a scratch folder and returns the generated TypeScript. */
async function importModule(m: CrdModule, crdsDir: string, scratch: string): Promise<string> {
  const work = fs.mkdtempSync(path.join(scratch, `${m.module}-`));
  const input = path.join(work, 'crds.yaml');
  fs.writeFileSync(
    input,
    servedCrds(crdsDir, m.crds, m.kinds)
      .map((crd) => YAML.stringify(crd, { lineWidth: 0 }))
      .join('---\n'),
  );
  const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
  // cwd is the scratch folder and --no-save is given, so the repository's cdk8s.yaml is never read or written.
  await execFileAsync(
    process.execPath,
    [cli, 'import', input, '--language', 'typescript', '--output', 'out', '--no-save', '--check-upgrade=false'],
    {
      cwd: work,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const generated = fs.readdirSync(path.join(work, 'out')).filter((f) => f.endsWith('.ts'));
  if (generated.length !== 1)
    throw new Error(`cdk8s import of ${m.crds.join(', ')} wrote ${generated.length} modules (${generated.join(', ')}), expected 1`);
  return HEADER(m) + fs.readFileSync(path.join(work, 'out', generated[0]), 'utf8');
}

async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Options of {@link generateImports}. */
export interface GenerateOptions {
  /** Folder of the CRD schemas. @default - the repository's crds/ */
  readonly crdsDir?: string;
  /** Concurrent `cdk8s import` processes. @default - the number of CPUs */
  readonly concurrency?: number;
}

/** Generates every module of {@link CRD_MODULES} into `outDir` (created; other `.ts` files there are removed). Returns the file names written. */
export async function generateImports(outDir: string, options: GenerateOptions = {}): Promise<string[]> {
  const crdsDir = options.crdsDir ?? vendoredCrdsDir();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'import-crds-'));
  try {
    const sources = await inParallel(CRD_MODULES, options.concurrency ?? Math.max(1, os.cpus().length), (m) =>
      importModule(m, crdsDir, scratch),
    );
    fs.mkdirSync(outDir, { recursive: true });
    const files = CRD_MODULES.map((m) => `${m.module}.ts`);
    for (const f of fs.readdirSync(outDir)) if (f.endsWith('.ts') && !files.includes(f)) fs.rmSync(path.join(outDir, f));
    CRD_MODULES.forEach((m, i) => fs.writeFileSync(path.join(outDir, `${m.module}.ts`), sources[i]));
    return files;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** CRD files in `crdsDir` that are neither imported nor listed in {@link NOT_IMPORTED}, and listed files that do not exist. */
export function unaccountedCrds(crdsDir: string = vendoredCrdsDir()): string[] {
  const listed = new Set([...CRD_MODULES.flatMap((m) => m.crds), ...Object.keys(NOT_IMPORTED)]);
  const present = fs.readdirSync(crdsDir).filter((f) => /\.ya?ml$/.test(f));
  return [
    ...present.filter((f) => !listed.has(f)).map((f) => `crds/${f} is neither imported nor listed in NOT_IMPORTED`),
    ...[...listed].filter((f) => !present.includes(f)).map((f) => `crds/${f} is listed in scripts/import-crds.ts but does not exist`),
  ];
}

/** Size of each module and how long `require` takes once cdk8s is loaded (median of 3 fresh processes). */
function measure(importsDir: string): void {
  const jsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-crds-js-'));
  const env = { ...process.env, NODE_PATH: path.join(repoRoot(), 'node_modules') };
  const probe = (file: string) =>
    `require('cdk8s');require('constructs');const t=process.hrtime.bigint();require(${JSON.stringify(file)});` +
    'console.log(Number(process.hrtime.bigint()-t)/1e6)';
  try {
    console.log(
      `${'module'.padEnd(42)} ${'kinds'.padEnd(52)} ${'.ts kB'.padStart(7)} ${'.js kB'.padStart(7)} ${'require ms'.padStart(10)}`,
    );
    for (const m of CRD_MODULES) {
      const ts = path.join(importsDir, `${m.module}.ts`);
      const js = path.join(jsDir, `${m.module}.js`);
      const { code } = transformFileSync(ts, {
        swcrc: false,
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      });
      fs.writeFileSync(js, code);
      const runs = [0, 1, 2].map(() => Number(execFileSync(process.execPath, ['-e', probe(js)], { env }).toString())).sort((a, b) => a - b);
      const kinds = [...fs.readFileSync(ts, 'utf8').matchAll(/^export class (\w+) extends ApiObject/gm)].map((x) => x[1]).join(', ');
      const kb = (f: string) => (fs.statSync(f).size / 1024).toFixed(0).padStart(7);
      console.log(`${m.module.padEnd(42)} ${kinds.padEnd(52)} ${kb(ts)} ${kb(js)} ${runs[1].toFixed(1).padStart(10)}`);
    }
  } finally {
    fs.rmSync(jsDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const root = repoRoot();
  const shared = sharedCrdsDir(root);
  if (fs.existsSync(shared)) {
    for (const c of syncCrds(vendoredCrdsDir(root), shared)) console.log(`synced: ${c}`);
  } else {
    console.log(`${shared} not found: importing the vendored crds/ as they are`);
  }
  const problems = unaccountedCrds(vendoredCrdsDir(root));
  if (problems.length) throw new Error(problems.join('\n'));
  const outDir = path.join(root, 'lib', 'imports');
  const files = await generateImports(outDir);
  console.log(`wrote ${files.map((f) => `lib/imports/${f}`).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  measure(outDir);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
