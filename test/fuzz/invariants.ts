/**
 * Runs one spec exactly as `npm run synth` does (examples/main.ts `synthAll`:
 * the Chart into a temp dir, the diagram, the runbook, the readiness report)
 * and checks the fuzz suite's invariants:
 *
 * - a. nothing but a `ValidationError` is thrown, and nothing hangs;
 * - b. every written YAML file reads back, under a YAML 1.2 reader and under a model of kubectl's go-yaml v2
 *   reader, as the chart's `toJson()`; and the library's own readers (`yamlMisreadings` of
 *   lib/core/yaml-readers.ts) agree. The suite keeps its own models (yaml-model.ts) as an independent
 *   oracle: a gap in the library's models would otherwise go unseen by both;
 * - c. no spec string runs in the runbook's shell blocks (run with stubbed CLIs and a canary);
 * - d. the readiness report is never "ok" on an output holding a literal canary secret, a `0.0.0.0/0` peer the
 *   spec did not ask for, or two objects with one identity (as the objects are built, or as kubectl reads them);
 * - e. no two objects share an identity (apiVersion group, kind, namespace, name): each overwrites the other;
 * - f. no metrics endpoint (a port and path a ServiceMonitor scrapes) is reachable through the gateway: every
 *   HTTPRoute rule whose match covers it is preceded, in its route, by a rule that answers it 404 whatever the
 *   method or headers, as written and percent-encoded; no GRPCRoute (which takes every path) reaches such a port.
 *
 * Each failure has a class (what went wrong, and where) that groups the failing cases of a campaign.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App } from 'cdk8s';
import {
  ProductionStack,
  type ProductionStackProps,
  ValidationError,
  architectureDiagram,
  failoverRunbook,
  readinessReport,
  renderReadinessReport,
} from 'production-stack';
import { yamlMisreadings } from 'production-stack/core/yaml-readers';
import { CANARY_SECRETS } from './hostile';
import { runShellBlocks } from './runbook-shell';
import { type Difference, type ReadResult, asWritten, describeDifference, firstDifference, readBoth } from './yaml-model';
import { fullMatch } from '../support/gateway-model';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Manifest = Record<string, any>;

/** Which invariant a failure breaks (`oracle`: the suite's own checks threw, which hides what they check). */
export type Invariant = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'oracle';

/** One broken invariant: its class (the campaign groups by it) and the details of this case. */
export interface Failure {
  readonly invariant: Invariant;
  readonly kind: string;
  readonly detail: string;
}

/** What one spec did. */
export interface CaseResult {
  /** `invalid`: a ValidationError; `crashed`: anything else thrown. */
  readonly outcome: 'invalid' | 'synthesized' | 'crashed';
  readonly failures: readonly Failure[];
  readonly ms: number;
  /** True when the runbook's shell blocks ran. */
  readonly shell: boolean;
  /** The stubbed commands they ran. */
  readonly shellCalls?: number;
}

export interface CheckOptions {
  /** Run the runbook's shell blocks (a few tens of ms). */
  readonly shell: boolean;
  /** A case that takes more CPU time than this is a hang (CPU time: a loaded machine does not make it one). */
  readonly hangMs: number;
  /** Also ask the library's `yamlMisreadings` (when the suite's readers read the file back right). */
  readonly misreadings: boolean;
}

const REPO = path.resolve(__dirname, '..', '..');
// deep enough to see the library frame under cdk8s's and constructs'
Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 60);

function frameText(frame: string): string {
  const m = /at (?:(.+?) \()?(.+?):(\d+):\d+\)?$/.exec(frame.trim());
  if (!m) return frame.trim();
  const file = m[2].startsWith(REPO) ? path.relative(REPO, m[2]) : m[2].replace(/^.*node_modules\//, '');
  return `${m[1] ? `${m[1]} ` : ''}(${file}:${m[3]})`;
}

/** A crash's class: the error type and the first frame in the library (and the package that threw, when another). */
export function crashKind(e: unknown): { kind: string; detail: string } {
  if (!(e instanceof Error)) return { kind: `throws a non-Error (${typeof e})`, detail: String(e) };
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  const own = frames.find((l) => l.includes(`${REPO}/lib/`) || l.includes(`${REPO}/examples/`));
  const top = frames[0];
  const thrower = top && top.includes('node_modules/') ? /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(top)?.[1] : undefined;
  const where = own ? frameText(own) : top ? frameText(top) : '(no stack)';
  return {
    kind: `${e.constructor.name} in ${where}${thrower && own ? `, thrown in ${thrower}` : ''}`,
    detail: `${e.constructor.name}: ${e.message.slice(0, 300)}`,
  };
}

const BREAK = /[\u0085\u2028\u2029]/;

/** Map keys that are data, not schema: the class names the map, not its key. */
const MAPS = new Set(['data', 'stringData', 'labels', 'annotations', 'matchLabels', 'nodeSelector']);

function normalized(keys: readonly (string | number)[]): string {
  const out = keys.map((k, i) => (typeof k === 'number' ? '[]' : i > 0 && MAPS.has(String(keys[i - 1])) ? '*' : k));
  return out.join('.').replace(/\.\[\]/g, '[]');
}

/** Where in an object the first string with a go-yaml line break sits (and the string). */
function breakAt(value: unknown, at: (string | number)[] = []): { at: (string | number)[]; text: string } | undefined {
  if (typeof value === 'string') return BREAK.test(value) ? { at, text: value } : undefined;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [k, v] of entries) {
    if (typeof k === 'string' && BREAK.test(k)) return { at: [...at, k], text: k };
    const found = breakAt(v, [...at, k]);
    if (found) return found;
  }
  return undefined;
}

function codePoint(s: string): string {
  return `U+${s.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The class and details of a YAML misreading: the trigger (a line break go-yaml sees, a string read as
 * another type) and the field holding it. The class leaves out which line break and whether the file still
 * parses: one cause, one class.
 */
function misreading(reader: string, expected: readonly Manifest[], d: Difference | undefined, error?: string): Failure {
  const index = d && typeof d.path[0] === 'number' ? d.path[0] : -1;
  const objects = index >= 0 && index < expected.length ? [expected[index]] : expected;
  const what = error ? `does not parse: ${error.split('\n')[0]}` : describeDifference(d!);
  for (const o of objects) {
    const found = breakAt(o);
    if (found) {
      const ch = BREAK.exec(found.text)![0];
      return {
        invariant: 'b',
        kind: `${reader}: a line break (U+0085, U+2028, U+2029) in ${o?.kind ?? '?'} ${normalized(found.at)}`,
        detail: `${codePoint(ch)} in ${o?.kind}/${o?.metadata?.name} ${normalized(found.at)}; ${what}`.slice(0, 300),
      };
    }
  }
  if (error || !d) return { invariant: 'b', kind: `${reader}: does not parse`, detail: what.slice(0, 300) };
  const kind = index >= 0 ? (expected[index]?.kind ?? 'an extra document') : '?';
  const field = normalized(d.path.slice(1));
  const retyped = typeof d.expected === 'string' && d.read !== undefined && typeof d.read !== 'string';
  // a key read as another type (`0o17:` as 15) leaves the written key missing
  const rekeyed = d.read === undefined && d.expected !== undefined && typeof d.path[d.path.length - 1] === 'string';
  return {
    invariant: 'b',
    kind: retyped
      ? `${reader}: a string read as ${d.read === null ? 'null' : typeof d.read} in ${kind} ${field}`
      : rekeyed
        ? `${reader}: a key read as another (a number, a boolean...) in ${kind} ${normalized(d.path.slice(1, -1))}`
        : `${reader}: reads ${kind} ${field} differently`,
    detail: what.slice(0, 300),
  };
}

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** b: the written files read back as the chart's objects. */
function yamlFailures(
  outdir: string,
  objects: readonly Manifest[],
  misreadings: boolean,
): { failures: Failure[]; read: Manifest[] | undefined } {
  const expected = objects.map(asWritten) as Manifest[];
  const files = yamlFiles(outdir);
  const failures: Failure[] = [];
  let read: Manifest[] | undefined;
  if (files.length !== 1) {
    failures.push({ invariant: 'b', kind: `${files.length} manifest files instead of 1`, detail: files.join(', ') });
    return { failures, read };
  }
  const text = fs.readFileSync(files[0], 'utf8');
  const both = readBoth(text);
  for (const [reader, result] of [
    ['YAML 1.2', both.yaml12],
    ['go-yaml v2 (kubectl)', both.kubectl],
  ] as [string, ReadResult][]) {
    if ('error' in result) {
      failures.push(misreading(reader, expected, undefined, result.error));
      continue;
    }
    if (result === both.kubectl) read = result.objects as Manifest[];
    const d = firstDifference(result.objects, expected);
    if (d) failures.push(misreading(reader, expected, d));
  }
  if (failures.length === 0 && misreadings) {
    // the library's own readers (lib/core/yaml-readers.ts), on the written file
    const misread = yamlMisreadings(text, objects).map((m) => `${m.reader}: document ${m.document} ${m.field} ${m.read}`);
    if (misread.length > 0)
      failures.push({ invariant: 'b', kind: `yamlMisreadings: ${misread[0].slice(0, 80)}`, detail: misread.join('; ') });
  }
  return { failures, read };
}

const OPEN = new Set(['0.0.0.0/0', '::/0']);
const SECRET_FORMS = new Set(CANARY_SECRETS.flatMap((s) => [s, Buffer.from(s).toString('base64')]));

function name(o: Manifest): string {
  return `${o?.kind}/${o?.metadata?.name}`;
}

/** Every place an object holds a canary secret (as a value or a key). */
function secretsIn(value: unknown, at: string): string[] {
  if (typeof value === 'string') return SECRET_FORMS.has(value) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretsIn(v, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [...(SECRET_FORMS.has(k) ? [`${at}.<key>`] : []), ...secretsIn(v, `${at}.${k}`)]);
  }
  return [];
}

/** True when the spec asks for egress to the whole internet (`egress[].internet`, or an `egress[].cidr` exactly `0.0.0.0/0`). */
function asksForInternet(spec: any): boolean {
  const owners = [...(Array.isArray(spec?.services) ? spec.services : []), ...(Array.isArray(spec?.cronJobs) ? spec.cronJobs : [])];
  return owners.some((o) => Array.isArray(o?.egress) && o.egress.some((e: any) => e?.internet === true || OPEN.has(e?.cidr)));
}

/**
 * The library's own rule for pods with a cloud identity (tokens and cloud APIs): only HTTPS, to the internet and
 * (on AWS, for the interface endpoints) private ranges.
 */
function isCloudApiRule(rule: Manifest): boolean {
  return (
    Array.isArray(rule?.to) &&
    rule.to.every((peer: Manifest) => peer?.ipBlock && (OPEN.has(peer.ipBlock.cidr) || /^(10|172|192)\./.test(peer.ipBlock.cidr))) &&
    Array.isArray(rule.ports) &&
    rule.ports.length === 1 &&
    rule.ports[0]?.port === 443 &&
    (rule.ports[0]?.protocol ?? 'TCP') === 'TCP'
  );
}

/** NetworkPolicy peers open to the internet that the spec did not ask for. */
function openPeers(objects: readonly Manifest[], spec: unknown): string[] {
  const asked = asksForInternet(spec);
  const out: string[] = [];
  for (const o of objects) {
    if (o?.kind !== 'NetworkPolicy') continue;
    for (const rule of Array.isArray(o.spec?.ingress) ? o.spec.ingress : []) {
      for (const peer of Array.isArray(rule?.from) ? rule.from : []) {
        if (OPEN.has(peer?.ipBlock?.cidr)) out.push(`${name(o)}: ingress from ${peer.ipBlock.cidr}`);
      }
    }
    for (const rule of Array.isArray(o.spec?.egress) ? o.spec.egress : []) {
      for (const peer of Array.isArray(rule?.to) ? rule.to : []) {
        if (OPEN.has(peer?.ipBlock?.cidr) && !asked && !isCloudApiRule(rule)) out.push(`${name(o)}: egress to ${peer.ipBlock.cidr}`);
      }
    }
  }
  return out;
}

/** Objects sharing an identity (apiVersion group, kind, namespace, name): the identity and kind of each such group. */
export function duplicateIdentities(objects: readonly Manifest[]): { id: string; kind: string }[] {
  const seen = new Map<string, { kind: string; n: number }>();
  for (const o of objects) {
    const apiVersion = String(o?.apiVersion ?? '');
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const id = `${group ? `${group}/` : ''}${o?.kind}/${o?.metadata?.namespace ?? ''}/${o?.metadata?.name}`;
    seen.set(id, { kind: String(o?.kind), n: (seen.get(id)?.n ?? 0) + 1 });
  }
  return [...seen].filter(([, v]) => v.n > 1).map(([id, v]) => ({ id: `${id} (${v.n} objects)`, kind: v.kind }));
}

/** A path as a backend that decodes percent-encodings, drops `;` parameters and ignores case reads it (this suite's own model). */
function asRead(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const hex = path.slice(i + 1, i + 3);
    if (path[i] === '%' && /^[0-9a-f]{2}$/i.test(hex) && hex.toLowerCase() !== '2f') {
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else out += path[i];
  }
  return out
    .split('/')
    .map((seg) => seg.split(';')[0])
    .filter((seg, i, all) => seg !== '' || i === 0 || i === all.length - 1)
    .join('/')
    .toLowerCase();
}

/** Whether `path` is `prefix` or below it, segment by segment (Gateway API `PathPrefix`: a trailing `/` is ignored). */
function underPrefix(path: string, prefix: string): boolean {
  const base = prefix.replace(/\/+$/, '');
  return base === '' || path === base || path.startsWith(`${base}/`);
}

/**
 * How a client may spell a path: as written, each letter percent-encoded in turn, with a doubled slash, below
 * it, in capitals, and with a `;` parameter.
 */
function spellings(path: string): string[] {
  const encoded = [...path].flatMap((c, i) =>
    /[A-Za-z]/.test(c) ? [`${path.slice(0, i)}%${c.charCodeAt(0).toString(16)}${path.slice(i + 1)}`] : [],
  );
  const base = path.replace(/\/+$/, '');
  return [path, ...encoded, `/${path}`, `${base}/x`, path.toUpperCase(), `${base};jsessionid=1`];
}

/** A rule's path regular expression, when its match applies to every request (no method, header or query condition). */
function catchAllPattern(match: Manifest): RegExp | undefined {
  if (match?.path?.type !== 'RegularExpression' || match.method || match.headers?.length || match.queryParams?.length) return undefined;
  try {
    return fullMatch(match.path.value);
  } catch {
    return undefined;
  }
}

/** The endpoints ServiceMonitors scrape: Service, namespace, port number and path. */
function scrapedEndpoints(objects: readonly Manifest[]): { service: string; namespace: string; port: number; path: string }[] {
  const services = objects.filter((o) => o?.kind === 'Service');
  return objects
    .filter((o) => o?.kind === 'ServiceMonitor')
    .flatMap((m) => {
      const namespaces: string[] = m.spec?.namespaceSelector?.matchNames ?? [m.metadata?.namespace];
      const selector: Record<string, string> = m.spec?.selector?.matchLabels ?? {};
      const selected = services.filter(
        (s) => namespaces.includes(s.metadata?.namespace) && Object.entries(selector).every(([k, v]) => s.metadata?.labels?.[k] === v),
      );
      return selected.flatMap((s) =>
        (Array.isArray(m.spec?.endpoints) ? m.spec.endpoints : []).flatMap((e: Manifest) => {
          const port = (s.spec?.ports ?? []).find((p: Manifest) => p?.name === e?.port)?.port;
          return typeof port === 'number'
            ? [{ service: s.metadata.name, namespace: s.metadata.namespace, port, path: e.path ?? '/metrics' }]
            : [];
        }),
      );
    });
}

/** f: the metrics endpoints a route of the gateway reaches. */
export function routableMetrics(objects: readonly Manifest[]): string[] {
  const scraped = scrapedEndpoints(objects);
  const notFound = new Set(
    objects
      .filter((o) => o?.kind === 'HTTPRouteFilter' && o.spec?.directResponse?.statusCode === 404)
      .map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`),
  );
  const out: string[] = [];
  for (const route of objects.filter((o) => o?.kind === 'HTTPRoute' || o?.kind === 'GRPCRoute')) {
    const namespace = route.metadata?.namespace;
    const rules: Manifest[] = Array.isArray(route.spec?.rules) ? route.spec.rules : [];
    rules.forEach((rule, i) => {
      for (const ref of Array.isArray(rule?.backendRefs) ? rule.backendRefs : []) {
        const reached = scraped.filter(
          (e) => e.service === ref?.name && e.port === ref?.port && e.namespace === (ref?.namespace ?? namespace),
        );
        for (const e of reached) {
          const at = `${route.kind}/${route.metadata?.name} rule ${i} sends ${e.path} to ${e.service}:${e.port}`;
          if (route.kind === 'GRPCRoute') {
            out.push(at);
            continue;
          }
          const matches: Manifest[] =
            Array.isArray(rule.matches) && rule.matches.length > 0 ? rule.matches : [{ path: { type: 'PathPrefix', value: '/' } }];
          const covers = matches.some((m) => {
            const type = m?.path?.type ?? 'PathPrefix';
            const value = m?.path?.value ?? '/';
            // as a lenient backend reads the request: a route at `/METRICS` or `/%6Detrics` reaches `/metrics`
            const [path, match] = [asRead(e.path), asRead(String(value))];
            return type === 'Exact' ? match === path : type === 'PathPrefix' && underPrefix(path, match);
          });
          // a 404 rule of the same route, before this one, for every spelling of the path
          const blocked = rules.slice(0, i).some(
            (r) =>
              (r?.filters ?? []).some(
                (f: Manifest) =>
                  f?.type === 'ExtensionRef' &&
                  f.extensionRef?.kind === 'HTTPRouteFilter' &&
                  notFound.has(`${namespace}/${f.extensionRef.name}`),
              ) &&
              (r?.matches ?? []).some((m: Manifest) => {
                const pattern = catchAllPattern(m);
                return pattern !== undefined && spellings(e.path).every((sp) => pattern.test(sp));
              }),
          );
          if (covers && !blocked) out.push(at);
        }
      }
    });
  }
  return out;
}

/** d: what the output holds that a ready stack must not. */
function hazards(objects: readonly Manifest[], spec: unknown): { hazard: string; found: string[] }[] {
  return [
    { hazard: 'a literal secret', found: objects.flatMap((o) => secretsIn(o, name(o))) },
    { hazard: 'a 0.0.0.0/0 peer the spec did not ask for', found: openPeers(objects, spec) },
    { hazard: 'two objects with one identity', found: duplicateIdentities(objects).map((d) => d.id) },
  ];
}

function readinessFailures(ok: boolean, objects: readonly Manifest[], read: readonly Manifest[] | undefined, spec: unknown): Failure[] {
  if (!ok) return [];
  const built = hazards(objects, spec);
  const asRead = read ? hazards(read, spec) : [];
  return built.flatMap((h, i) => {
    const readFound = asRead[i]?.found ?? [];
    if (h.found.length === 0 && readFound.length === 0) return [];
    const onlyRead = h.found.length === 0;
    return [
      {
        invariant: 'd' as const,
        kind: `readiness "ok" on ${h.hazard}${onlyRead ? ' (as kubectl reads the YAML)' : ''}`,
        detail: (onlyRead ? readFound : h.found).slice(0, 3).join('; '),
      },
    ];
  });
}

/** Checks one spec against every invariant. */
export function checkSpec(spec: ProductionStackProps, options: CheckOptions): CaseResult {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-case-'));
  // nested, so that a name that climbs (`../..`) still writes inside the case's directory
  const outdir = path.join(root, 'a', 'b', 'c', 'out');
  fs.mkdirSync(outdir, { recursive: true });
  const failures: Failure[] = [];
  const stages: [string, number][] = [];
  let outcome: CaseResult['outcome'] = 'synthesized';
  let shell = false;
  let shellCalls: number | undefined;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let last = start;
  const stage = (label: string) => {
    const now = performance.now();
    stages.push([label, now - last]);
    last = now;
  };
  try {
    let stack: ProductionStack;
    let runbook: string;
    let ok: boolean;
    try {
      // as examples/main.ts synthAll
      const app = new App({ outdir });
      stack = new ProductionStack(app, spec.name, spec);
      stage('new ProductionStack');
      app.synth();
      stage('app.synth');
      fs.writeFileSync(path.join(outdir, 'architecture.mmd'), architectureDiagram(stack.spec));
      stage('architectureDiagram');
      runbook = failoverRunbook(spec, stack.spec);
      fs.writeFileSync(path.join(outdir, 'RUNBOOK.md'), runbook);
      stage('failoverRunbook');
      const report = readinessReport(spec, stack.spec, stack.toJson());
      renderReadinessReport(report);
      stage('readinessReport');
      ok = report.ok;
    } catch (e) {
      stage('(thrown)');
      if (e instanceof ValidationError) {
        void e.message;
        outcome = 'invalid';
      } else {
        outcome = 'crashed';
        failures.push({ invariant: 'a', ...crashKind(e) });
      }
      return { outcome, failures, ms: performance.now() - start, shell };
    }
    try {
      const objects = stack.toJson() as Manifest[];
      const escaped = fs
        .readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((f) => !path.join(root, f).startsWith(outdir) && fs.statSync(path.join(root, f)).isFile());
      if (escaped.length > 0)
        failures.push({ invariant: 'a', kind: 'a file written outside the output directory', detail: escaped.join(', ') });
      const yaml = yamlFailures(outdir, objects, options.misreadings);
      failures.push(...yaml.failures);
      const duplicates = duplicateIdentities(objects);
      if (duplicates.length > 0) {
        const kinds = [...new Set(duplicates.map((d) => d.kind))].sort().join(', ');
        failures.push({
          invariant: 'e',
          kind: `two objects with one identity (${kinds})`,
          detail: duplicates
            .slice(0, 3)
            .map((d) => d.id)
            .join('; '),
        });
      }
      failures.push(...readinessFailures(ok, objects, yaml.read, spec));
      const metrics = routableMetrics(objects);
      if (metrics.length > 0)
        failures.push({ invariant: 'f', kind: 'a metrics endpoint reachable through the gateway', detail: metrics.slice(0, 3).join('; ') });
      stage('checks');
      if (options.shell) {
        shell = true;
        const run = runShellBlocks(runbook);
        stage('runbook shell blocks');
        if (run.result === 'canary') {
          const line = run.block.text.split('\n').find((l) => /touch|CANARY/.test(l)) ?? run.block.text.split('\n')[0];
          failures.push({
            invariant: 'c',
            kind: `runbook: spec text runs in the shell (section "${run.block.heading}")`,
            detail: line.trim().slice(0, 200),
          });
        } else if (run.result === 'clean') {
          shellCalls = run.calls;
        } else {
          failures.push({ invariant: 'c', kind: `runbook: shell blocks ${run.result}`, detail: run.detail });
        }
      }
    } catch (e) {
      const { kind, detail } = crashKind(e);
      failures.push({ invariant: 'oracle', kind: `the fuzz suite's own check threw: ${kind}`, detail });
    }
    return { outcome, failures, ms: performance.now() - start, shell, shellCalls };
  } finally {
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (cpuMs > options.hangMs) {
      const [slowest] = [...stages].sort((x, y) => y[1] - x[1]);
      failures.push({
        invariant: 'a',
        kind: `hang: over ${options.hangMs / 1000} s of CPU (${slowest?.[0] ?? '?'})`,
        detail: `${Math.round(cpuMs)} ms of CPU, ${Math.round(performance.now() - start)} ms in all; ${stages.map(([l, t]) => `${l} ${Math.round(t)} ms`).join(', ')}`,
      });
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
}
