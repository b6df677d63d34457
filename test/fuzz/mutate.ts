/**
 * The fuzz suite's input: a seed spec (test fixture or example) with one to
 * three mutations at random paths. Few mutations keep most cases near-valid,
 * so they get past validation into the deeper code. A mutation picks its path
 * by index (modulo the candidates of the spec it applies to), so that every
 * case replays and shrinks deterministically.
 */
import fc from 'fast-check';
import type { ProductionStackProps } from 'production-stack';
import { CANARY_SECRETS, EXOTIC, HOSTILE_STRINGS, HUGE_STRINGS, JUNK, LONG_STRING_SOURCE, SECRET_NAMES } from './hostile';
import { SEEDS, clone } from './seeds';

type Key = string | number;
type Path = readonly Key[];
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** One change to a spec. */
export type Mutation =
  /** Replace the value at a path (any path) by junk of any type. */
  | { readonly op: 'set'; readonly at: number; readonly value: unknown }
  /** Put a hostile string into a string value: after it, instead of it, or before it. */
  | { readonly op: 'splice'; readonly at: number; readonly text: string; readonly mode: 'append' | 'replace' | 'prepend' }
  /** Write a hostile string where it reaches a sink (YAML, a shell command, Markdown, a name), creating the field if needed. */
  | { readonly op: 'graft'; readonly target: number; readonly index: number; readonly text: string; readonly mode: 'append' | 'replace' }
  /** Copy the value of another leaf of the same type (a host, a name, a port...): plausible values that may collide. */
  | { readonly op: 'copy'; readonly at: number; readonly from: number }
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'unknownKey'; readonly at: number; readonly key: string; readonly value: unknown }
  /** Insert a copy of an array item after it (two services, hosts, secrets... with one name). */
  | { readonly op: 'duplicate'; readonly at: number; readonly item: number }
  /** A canary secret as a literal environment variable of a service or CronJob. */
  | { readonly op: 'plant'; readonly at: number; readonly name: string; readonly value: string }
  /** AWS to GCP or back; with `regions`, the regions follow. */
  | { readonly op: 'swapCloud'; readonly regions: boolean };

/** A fuzz case: which seed, and its mutations. */
export interface FuzzCase {
  readonly seed: number;
  readonly mutations: readonly Mutation[];
}

/** A value as a TypeScript literal: strings escaped so that every invisible character shows, long strings as the expression that builds them. */
export function literal(value: unknown): string {
  if (typeof value === 'string') {
    const source = LONG_STRING_SOURCE.get(value);
    if (source) return source;
  }
  if (Array.isArray(value) || (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)) {
    const long = [...LONG_STRING_SOURCE.keys()].find((s) => JSON.stringify(value)?.includes(s));
    if (long !== undefined) return `${fc.stringify(value).replace(JSON.stringify(long), '…')} (… = ${LONG_STRING_SOURCE.get(long)})`;
  }
  return fc
    .stringify(value)
    .replace(/[\u007f-\u009f\u00ad\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function pathText(path: Path): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${literal(k)}]`)).join('');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** Every path below the root, depth first (plain objects and arrays only: exotic values are leaves). */
function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length > 12) return out;
  const entries: [Key, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : isRecord(value) ? Object.entries(value) : [];
  for (const [k, v] of entries) {
    const p = [...prefix, k];
    out.push(p);
    paths(v, p, out);
  }
  return out;
}

function get(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Json)?.[k], root);
}

function set(root: unknown, path: Path, value: unknown): void {
  const parent = get(root, path.slice(0, -1)) as Json;
  // an own property even for `__proto__`, as JSON.parse makes it
  Object.defineProperty(parent, path[path.length - 1], { value, writable: true, enumerable: true, configurable: true });
}

/** `{stack}` in a hostile string: the stack's name. */
function expand(text: string, spec: Json): string {
  return text.split('{stack}').join(typeof spec.name === 'string' ? spec.name : 'stack');
}

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

/** An object at a path of the spec, created (with its parents) when missing or not an object. */
function objectAt(spec: Json, path: Path): Json {
  let v = spec;
  for (const k of path) {
    if (!isRecord(v[k]) && !Array.isArray(v[k])) v[k] = {};
    v = v[k];
  }
  return v;
}

function arrayAt(spec: Json, path: Path): Json[] {
  const parent = objectAt(spec, path.slice(0, -1));
  const k = path[path.length - 1];
  if (!Array.isArray(parent[k])) parent[k] = [];
  return parent[k];
}

/**
 * Where a graft writes: each target names a field that reaches a sink, with a valid value to put the
 * hostile text after (so that only the hostile part can make it invalid).
 */
interface Graft {
  readonly valid: string;
  /** Writes the value (for `index`: which service, CronJob...) and returns what it did, as a statement. */
  apply(spec: Json, index: number, value: string): string;
}

function serviceIndex(spec: Json, index: number): number {
  return Array.isArray(spec.services) && spec.services.length > 0 ? index % spec.services.length : 0;
}

/**
 * An edge route on its own host to a server of the spec (the `index`th, counting servers only), with `patch`:
 * a valid route but for what the patch plants.
 */
function edgeRoute(spec: Json, index: number, patch: Record<string, unknown>): Record<string, unknown> {
  const servers: Json[] = Array.isArray(spec.services) ? spec.services.filter((s: Json) => isRecord(s) && s.role !== 'worker') : [];
  const server = pick(servers, index);
  const service = typeof server?.name === 'string' ? server.name : 'api';
  return { name: 'fuzz-route', host: 'fuzz.example.com', backends: [{ service }], ...patch };
}

function setField(spec: Json, path: Path, value: unknown): string {
  objectAt(spec, path.slice(0, -1))[path[path.length - 1]] = value;
  return `spec${pathText(path)} = ${literal(value)}`;
}

function push(spec: Json, path: Path, value: unknown): string {
  arrayAt(spec, path).push(value);
  return `spec${pathText(path)}.push(${literal(value)})`;
}

const GRAFTS: readonly Graft[] = [
  { valid: 'shop', apply: (s, _i, v) => setField(s, ['name'], v) },
  { valid: 'shop', apply: (s, _i, v) => setField(s, ['namespace'], v) },
  { valid: 'us-west-2', apply: (s, _i, v) => setField(s, ['region'], v) },
  { valid: 'us-east-1', apply: (s, _i, v) => setField(s, ['dr', 'standbyRegion'], v) },
  { valid: 'region', apply: (s, _i, v) => push(s, ['dr', 'objectives'], { scenario: v, rtoMinutes: 60, rpoMinutes: 60 }) },
  { valid: 'shop-backups', apply: (s, _i, v) => setField(s, ['dr', 'backupBucket'], v) },
  { valid: 'shop.example.com', apply: (s, _i, v) => setField(s, ['dr', 'dns'], { zoneId: 'Z123456', name: v }) },
  { valid: 'shop', apply: (s, _i, v) => setField(s, ['postgres', 'databaseName'], v) },
  {
    valid: '/ready',
    apply: (s, i, v) => setField(s, ['services', serviceIndex(s, i), 'probes', 'readiness'], { type: 'http', path: v }),
  },
  { valid: 'partners', apply: (s, i, v) => push(s, ['services', serviceIndex(s, i), 'allowFrom'], { namespace: v }) },
  { valid: 'api', apply: (s, i, v) => push(s, ['services', serviceIndex(s, i), 'allowFrom'], { service: v }) },
  { valid: 'partners', apply: (s, i, v) => push(s, ['services', serviceIndex(s, i), 'egress'], { namespace: v, ports: [443] }) },
  { valid: '10.0.0.0/8', apply: (s, i, v) => push(s, ['services', serviceIndex(s, i), 'egress'], { cidr: v, ports: [443] }) },
  // the edge: a service's own route, the gateway's settings, and edge routes (to a server of the spec)
  { valid: 'shop.example.com', apply: (s, i, v) => setField(s, ['services', serviceIndex(s, i), 'route', 'host'], v) },
  { valid: '/', apply: (s, i, v) => setField(s, ['services', serviceIndex(s, i), 'route', 'path'], v) },
  { valid: 'http', apply: (s, i, v) => setField(s, ['services', serviceIndex(s, i), 'route', 'port'], v) },
  { valid: '8Mi', apply: (s, i, v) => setField(s, ['services', serviceIndex(s, i), 'route', 'maxBodySize'], v) },
  { valid: 'session', apply: (s, i, v) => setField(s, ['services', serviceIndex(s, i), 'route', 'sessionCookie'], v) },
  {
    valid: 'https://app.example.com',
    apply: (s, i, v) =>
      setField(s, ['services', serviceIndex(s, i), 'route', 'cors'], { allowOrigins: [v], allowHeaders: ['Authorization'] }),
  },
  { valid: '/healthz', apply: (s, i, v) => setField(s, ['services', serviceIndex(s, i), 'route', 'healthCheck'], { path: v }) },
  { valid: 'letsencrypt-prod', apply: (s, _i, v) => setField(s, ['edge', 'clusterIssuer'], v) },
  { valid: 'shared', apply: (s, _i, v) => setField(s, ['edge', 'sharedGateway'], { name: v, namespace: 'gateways' }) },
  { valid: 'gateways', apply: (s, _i, v) => setField(s, ['edge', 'sharedGateway'], { name: 'shared', namespace: v }) },
  { valid: 'fuzz-route', apply: (s, i, v) => push(s, ['edge', 'routes'], edgeRoute(s, i, { name: v })) },
  { valid: 'fuzz.example.com', apply: (s, i, v) => push(s, ['edge', 'routes'], edgeRoute(s, i, { host: v })) },
  { valid: '/fuzz', apply: (s, i, v) => push(s, ['edge', 'routes'], edgeRoute(s, i, { match: { path: v } })) },
  {
    valid: 'yes',
    apply: (s, i, v) => push(s, ['edge', 'routes'], edgeRoute(s, i, { match: { path: '/fuzz', headers: { 'X-Fuzz': v } } })),
  },
  {
    valid: 'X-Fuzz',
    apply: (s, i, v) => push(s, ['edge', 'routes'], edgeRoute(s, i, { match: { path: '/fuzz', headers: { [v]: 'yes' } } })),
  },
  { valid: 'info', apply: (s, i, v) => setField(s, ['services', serviceIndex(s, i), 'env', 'LOG_LEVEL'], v) },
  {
    valid: 'info',
    apply: (s, i, v) => setField(s, ['cronJobs', Array.isArray(s.cronJobs) ? i % (s.cronJobs.length || 1) : 0, 'env', 'LOG_LEVEL'], v),
  },
  { valid: 'extra', apply: (s, i, v) => setField(s, ['services', serviceIndex(s, i), 'name'], v) },
  {
    valid: 'app.yaml',
    apply: (s, i, v) => setField(s, ['services', serviceIndex(s, i), 'configFiles'], { mountPath: '/etc/app', files: { [v]: 'a: 1\n' } }),
  },
  { valid: 'orders.>', apply: (s, i, v) => setField(s, ['services', serviceIndex(s, i), 'nats', 'publish'], [v]) },
  { valid: 'shop/production/app', apply: (s, _i, v) => push(s, ['secrets'], { name: 'fuzz-secrets', remoteKey: v, keys: ['k'] }) },
  {
    valid: 'extra',
    apply: (s, _i, v) =>
      setField(s, ['services', Array.isArray(s.services) ? s.services.length : 0], { ...clone(SEEDS[0].spec.services[2]), name: v }),
  },
];

/** A hostile string: mostly from the table, sometimes random Unicode, rarely 128 KB. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 400, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 60, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_STRINGS) },
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...JUNK) },
  { weight: 10, arbitrary: hostileString },
  { weight: 3, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.constantFrom(...EXOTIC).map((make) => make()) },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 2, maxKeys: 3 }) },
);

const at = fc.nat();

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 18, arbitrary: fc.record({ op: fc.constant('set' as const), at, value: junk }) },
  { weight: 20, arbitrary: fc.record({ op: fc.constant('copy' as const), at, from: at }) },
  {
    weight: 22,
    arbitrary: fc.record({
      op: fc.constant('splice' as const),
      at,
      text: hostileString,
      mode: fc.constantFrom('append', 'replace', 'prepend'),
    }),
  },
  {
    weight: 20,
    arbitrary: fc.record({
      op: fc.constant('graft' as const),
      target: fc.nat({ max: GRAFTS.length - 1 }),
      index: fc.nat({ max: 7 }),
      text: hostileString,
      mode: fc.constantFrom('append', 'replace'),
    }),
  },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('delete' as const), at }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('unknownKey' as const),
      at,
      key: fc.constantFrom('replica', 'regoin', 'nmae', 'enviroment', 'Services', 'constructor', 'toString', '__proto__', 'x'),
      value: fc.oneof(fc.constant(3), fc.constant('x'), junk),
    }),
  },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at, item: fc.nat({ max: 7 }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('plant' as const),
      at,
      name: fc.constantFrom(...SECRET_NAMES),
      value: fc.constantFrom(...CANARY_SECRETS),
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('swapCloud' as const), regions: fc.boolean() }) },
);

/** A fuzz case: a seed and one to three mutations (one in about 55% of the cases, two in 35%, three in 10%). */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  seed: fc.nat({ max: SEEDS.length - 1 }),
  // one array per maximum length, so that shrinking may drop any of the mutations
  mutations: fc.oneof(
    { withCrossShrink: true },
    { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 1 }) },
    { weight: 6, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) },
    { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
  ),
});

const OTHER_REGION: Record<string, string> = {
  'us-west-2': 'us-central1',
  'us-central1': 'us-west-2',
  'us-east-1': 'us-east1',
  'us-east1': 'us-east-1',
};

/** The paths of a seed, by what a mutation may do there. */
interface SeedPaths {
  readonly spec: Json;
  readonly all: readonly Path[];
  readonly strings: readonly Path[];
  readonly numbers: readonly Path[];
  readonly keys: readonly Path[];
  readonly records: readonly Path[];
  readonly arrays: readonly Path[];
}

const SEED_PATHS = new Map<number, SeedPaths>();

function seedPaths(i: number): SeedPaths {
  let found = SEED_PATHS.get(i);
  if (!found) {
    const spec = SEEDS[i].spec;
    const all = paths(spec);
    found = {
      spec,
      all,
      strings: all.filter((p) => typeof get(spec, p) === 'string'),
      numbers: all.filter((p) => typeof get(spec, p) === 'number'),
      keys: all.filter((p) => typeof p[p.length - 1] === 'string'),
      records: [[], ...all.filter((p) => isRecord(get(spec, p)))],
      arrays: all.filter((p) => Array.isArray(get(spec, p)) && (get(spec, p) as unknown[]).length > 0),
    };
    SEED_PATHS.set(i, found);
  }
  return found;
}

/** True when the path's parent is still an object or array of the spec (an earlier mutation may have replaced it). */
function reachable(spec: Json, p: Path): boolean {
  const parent = get(spec, p.slice(0, -1));
  return isRecord(parent) || Array.isArray(parent);
}

/**
 * Applies one mutation; returns what it did as a statement on `spec`, or undefined when it found nothing to
 * change. Paths are drawn from the seed, not from the spec as earlier mutations left it, so that removing a
 * mutation while shrinking leaves the others where they were.
 */
function applyOne(spec: Json, seed: SeedPaths, m: Mutation): string | undefined {
  switch (m.op) {
    case 'set': {
      const p = pick(seed.all, m.at);
      if (!p || !reachable(spec, p)) return undefined;
      const value = typeof m.value === 'string' ? expand(m.value, spec) : m.value;
      set(spec, p, value);
      return `spec${pathText(p)} = ${literal(value)}`;
    }
    case 'splice': {
      const p = pick(seed.strings, m.at);
      const old = p && get(spec, p);
      if (!p || typeof old !== 'string') return undefined;
      const text = expand(m.text, spec);
      const value = m.mode === 'append' ? old + text : m.mode === 'prepend' ? text + old : text;
      set(spec, p, value);
      return `spec${pathText(p)} = ${literal(value)}`;
    }
    case 'copy': {
      const leaves = (m.at + m.from) % 3 === 0 ? seed.numbers : seed.strings;
      const p = pick(leaves, m.at);
      const from = pick(leaves, m.from);
      if (!p || !from || !reachable(spec, p)) return undefined;
      const value = get(seed.spec, from);
      set(spec, p, value);
      return `spec${pathText(p)} = ${literal(value)}`;
    }
    case 'graft': {
      const graft = GRAFTS[m.target];
      const text = expand(m.text, spec);
      return graft.apply(spec, m.index, m.mode === 'append' ? graft.valid + text : text);
    }
    case 'delete': {
      const p = pick(seed.keys, m.at);
      if (!p || !reachable(spec, p)) return undefined;
      delete (get(spec, p.slice(0, -1)) as Json)[p[p.length - 1]];
      return `delete spec${pathText(p)}`;
    }
    case 'unknownKey': {
      const p = pick(seed.records, m.at)!;
      if (!isRecord(get(spec, p))) return undefined;
      set(spec, [...p, m.key], m.value);
      return `spec${pathText([...p, m.key])} = ${literal(m.value)}`;
    }
    case 'duplicate': {
      const p = pick(seed.arrays, m.at);
      const array = p && get(spec, p);
      if (!p || !Array.isArray(array) || array.length === 0) return undefined;
      const i = m.item % array.length;
      array.splice(i + 1, 0, clone(array[i]));
      return `spec${pathText(p)}.splice(${i + 1}, 0, spec${pathText(p)}[${i}])`;
    }
    case 'plant': {
      const owners = ['services', 'cronJobs'].flatMap((k) =>
        Array.isArray(spec[k]) ? spec[k].map((_: unknown, i: number) => [k, i]) : [],
      );
      const owner = pick(owners, m.at);
      if (!owner || !isRecord(get(spec, owner))) return undefined;
      return setField(spec, [...owner, 'env', m.name], m.value);
    }
    case 'swapCloud': {
      const statements = [setField(spec, ['cloud'], spec.cloud === 'gcp' ? 'aws' : 'gcp')];
      if (m.regions) {
        if (OTHER_REGION[spec.region]) statements.push(setField(spec, ['region'], OTHER_REGION[spec.region]));
        const standby = spec.dr?.standbyRegion;
        if (OTHER_REGION[standby]) statements.push(setField(spec, ['dr', 'standbyRegion'], OTHER_REGION[standby]));
      }
      return statements.join('; ');
    }
  }
}

/** The mutated spec of a case, and the statements that made it from its seed. */
export function build(c: FuzzCase): { spec: ProductionStackProps; seed: string; steps: string[] } {
  const spec = clone(SEEDS[c.seed].spec) as Json;
  const seed = seedPaths(c.seed);
  const steps = c.mutations.map((m) => applyOne(spec, seed, m)).filter((s): s is string => s !== undefined);
  return { spec, seed: SEEDS[c.seed].name, steps };
}

/** True when the case plants a shell or Markdown injection (worth running the runbook for). */
export function plantsShellInjection(c: FuzzCase): boolean {
  const shell = (v: unknown) => typeof v === 'string' && /touch|`id`/.test(v);
  return c.mutations.some((m) => ('text' in m && shell(m.text)) || (m.op === 'set' && shell(m.value)));
}
