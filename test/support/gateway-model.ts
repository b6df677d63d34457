/**
 * A model of how Envoy Gateway routes a request that reaches a Gateway's listener, after the Gateway API
 * specification (HTTPRoute "Matching precedence") and Envoy Gateway's translation of it: the routes
 * (HTTPRoutes and GRPCRoutes: a GRPCRoute rule's method match is the path `/<service>/<method>`, and a rule
 * without one takes every path) attached to the listener (parentRefs naming the Gateway, and the listener by sectionName or none) whose
 * hostnames make the virtual host Envoy picks for the request's host (Envoy Gateway makes one per hostname,
 * `*` for routes without one, and only the most specific matching one is consulted); among its routes'
 * rules, the most specific match wins: an `Exact` path, then
 * a `RegularExpression` (Envoy Gateway orders regular expressions before prefixes), then the longest
 * `PathPrefix`, then a method match, then more header matches. Paths are normalized as Envoy Gateway
 * configures Envoy by default: dot segments removed and repeated slashes merged (percent-encodings are
 * kept: a backend may decode them after the match).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** A request as it reaches a listener. */
export interface Request {
  readonly host: string;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the gateway does with it. */
export type Outcome =
  | { readonly kind: 'backends'; readonly route: string; readonly backends: readonly { name: string; port: number; weight: number }[] }
  | { readonly kind: 'redirect'; readonly route: string; readonly scheme?: string; readonly statusCode?: number }
  | { readonly kind: 'filter'; readonly route: string; readonly filter: string }
  | { readonly kind: 'no route' };

/** Envoy's default path normalization under Envoy Gateway: RFC 3986 dot segments, merged slashes. */
export function normalizePath(path: string): string {
  const merged = path.replace(/\/{2,}/g, '/');
  const out: string[] = [];
  for (const seg of merged.split('/').slice(1)) {
    if (seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** A RegularExpression path match as Envoy applies it: RE2 against the whole path; a leading `(?i)` is JavaScript's i flag. */
export function fullMatch(value: string): RegExp {
  const insensitive = value.startsWith('(?i)');
  return new RegExp(`^(?:${insensitive ? value.slice(4) : value})$`, insensitive ? 'i' : '');
}

function hostMatches(pattern: string, host: string): boolean {
  return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : pattern === host;
}

function pathMatches(m: any, path: string): { ok: boolean; rank: number[] } {
  const type = m?.type ?? 'PathPrefix';
  const value: string = m?.value ?? '/';
  if (type === 'Exact') return { ok: path === value, rank: [3, value.length] };
  if (type === 'RegularExpression') return { ok: fullMatch(value).test(path), rank: [2, value.length] };
  const prefix = value.replace(/\/+$/, '');
  const ok = prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
  return { ok, rank: [1, prefix.length] };
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The Gateway's listener on `port` for `host` (the most specific hostname), or undefined. */
export function listenerFor(gateway: any, port: number, host: string): any | undefined {
  const candidates = (gateway.spec?.listeners ?? []).filter(
    (l: any) => l.port === port && (l.hostname === undefined || hostMatches(l.hostname, host)),
  );
  return candidates.sort((a: any, b: any) => (b.hostname?.length ?? -1) - (a.hostname?.length ?? -1))[0];
}

/** Whether a route attaches to the Gateway's listener (parentRefs, allowedRoutes: `Same` namespace or `All`). */
function attaches(route: any, gateway: any, listener: any): boolean {
  const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'Same' && route.metadata.namespace !== gateway.metadata.namespace) return false;
  return (route.spec?.parentRefs ?? []).some(
    (ref: any) =>
      (ref.kind ?? 'Gateway') === 'Gateway' &&
      ref.name === gateway.metadata.name &&
      (ref.namespace ?? route.metadata.namespace) === gateway.metadata.namespace &&
      (ref.sectionName === undefined || ref.sectionName === listener.name),
  );
}

/** What the gateway does with a request on `port` (80 or 443), among `objects` (routes from anywhere in them). */
export function route(objects: readonly any[], gateway: any, port: number, request: Request): Outcome {
  const listener = listenerFor(gateway, port, request.host);
  if (!listener) return { kind: 'no route' };
  const path = normalizePath(request.path);
  const attached = objects.filter((o) => (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute') && attaches(o, gateway, listener));
  // Envoy Gateway makes one virtual host per hostname (`*` for routes without one); Envoy picks the most
  // specific virtual host for the Host header, and only that virtual host's routes compete
  const hostnamesOf = (r: any): string[] => r.spec?.hostnames ?? (listener.hostname ? [listener.hostname] : ['*']);
  const vhosts = [...new Set(attached.flatMap(hostnamesOf))].filter((h) => h === '*' || hostMatches(h, request.host));
  const vhost = vhosts.sort((a, b) => (b === '*' ? -1 : a === '*' ? 1 : b.length - a.length))[0];
  if (vhost === undefined) return { kind: 'no route' };
  let best: { rank: number[]; outcome: Outcome } | undefined;
  for (const r of attached.filter((o) => hostnamesOf(o).includes(vhost))) {
    const hostRank = 0;
    for (const rule of r.spec?.rules ?? []) {
      for (const m of r.kind === 'GRPCRoute' ? (rule.matches ?? [{}]).map(grpcMatch) : (rule.matches ?? [{}])) {
        const p = pathMatches(m.path, path);
        if (!p.ok) continue;
        if (m.method !== undefined && m.method !== (request.method ?? 'GET')) continue;
        const headers = m.headers ?? [];
        if (!headers.every((h: any) => request.headers?.[h.name.toLowerCase()] === h.value)) continue;
        const rank = [hostRank, ...p.rank, m.method ? 1 : 0, headers.length];
        if (best && compare(rank, best.rank) <= 0) continue;
        best = { rank, outcome: outcomeOf(r, rule) };
      }
    }
  }
  return best?.outcome ?? { kind: 'no route' };
}

/** A GRPCRoute match as the HTTP match Envoy Gateway turns it into. */
function grpcMatch(m: any): any {
  const method = m.method;
  if (!method?.service) return { path: { type: 'PathPrefix', value: '/' }, headers: m.headers };
  return { path: { type: 'Exact', value: `/${method.service}/${method.method ?? ''}` }, headers: m.headers };
}

function outcomeOf(r: any, rule: any): Outcome {
  const name = `${r.metadata.namespace}/${r.metadata.name}`;
  const filters: any[] = rule.filters ?? [];
  const redirect = filters.find((f) => f.type === 'RequestRedirect');
  if (redirect) return { kind: 'redirect', route: name, ...redirect.requestRedirect };
  const extension = filters.find((f) => f.type === 'ExtensionRef');
  if (extension) return { kind: 'filter', route: name, filter: `${extension.extensionRef.kind}/${extension.extensionRef.name}` };
  return {
    kind: 'backends',
    route: name,
    backends: (rule.backendRefs ?? []).map((b: any) => ({ name: b.name, port: b.port, weight: b.weight ?? 1 })),
  };
}
