/**
 * What the readiness report and the validation plugin check of an edge, from the manifests alone: every
 * routed host is served by an HTTPS listener whose certificate cert-manager can issue (a ClusterIssuer
 * named on the Gateway, a Secret named on the listener, no wildcard over HTTP-01) and plain HTTP only redirects
 * (or answers a health check's one exact `GET` path), no two routes claim
 * one host and match, and every backend is a port a Service of the manifests exposes.
 */
import type { Manifest } from './manifest';

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute']);
const key = (namespace: unknown, name: unknown) => `${String(namespace)}/${String(name)}`;

interface ParentRef {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

/** The listeners a route's parent reference attaches to, on a Gateway of the manifests (undefined: not one of them). */
function listenersOf(gateways: Map<string, Manifest>, route: Manifest, ref: ParentRef): Manifest[] | undefined {
  if ((ref.kind ?? 'Gateway') !== 'Gateway') return undefined;
  const gw = gateways.get(key(ref.namespace ?? route.metadata?.namespace, ref.name));
  if (!gw) return undefined;
  const listeners: Manifest[] = gw.spec?.listeners ?? [];
  return ref.sectionName === undefined ? listeners : listeners.filter((l) => l.name === ref.sectionName);
}

/** Whether a route serves one host, one path to one method only, exactly: a health check's (lib/k8s/failover-health.ts). */
function isHealthCheck(route: Manifest): boolean {
  if ((route.spec?.hostnames ?? []).length !== 1) return false;
  const rules: Manifest[] = route.spec?.rules ?? [];
  const matches: Manifest[] = rules.length === 1 ? (rules[0].matches ?? []) : [];
  return matches.length === 1 && matches[0].path?.type === 'Exact' && matches[0].method === 'GET' && (rules[0].filters ?? []).length === 0;
}

/** Problems of the routes' TLS: "TLS on every host" means a listener with a certificate that can be issued. */
export function tlsProblems(objects: readonly Manifest[]): string[] {
  const gateways = new Map(objects.filter((o) => o.kind === 'Gateway').map((g) => [key(g.metadata?.namespace, g.metadata?.name), g]));
  const problems: string[] = [];
  for (const g of gateways.values()) {
    const issuer = g.metadata?.annotations?.['cert-manager.io/cluster-issuer'];
    for (const l of g.spec?.listeners ?? []) {
      if (l.protocol !== 'HTTPS') continue;
      const id = `Gateway/${g.metadata?.name}: listener ${l.name}`;
      if (!issuer) problems.push(`${id} has no certificate issuer (annotation cert-manager.io/cluster-issuer)`);
      if (l.tls?.mode !== 'Terminate' || (l.tls?.certificateRefs ?? []).length === 0)
        problems.push(`${id} terminates no TLS with a certificate Secret`);
      if (typeof l.hostname !== 'string') problems.push(`${id} has no hostname: cert-manager issues certificates for listener hostnames`);
      else if (l.hostname.startsWith('*.') && issuer)
        problems.push(`${id} is a wildcard: its certificate needs DNS-01, and the gateway's issuer solves HTTP-01`);
    }
  }
  for (const r of objects.filter((o) => ROUTE_KINDS.has(o.kind))) {
    if (r.metadata?.name === undefined) continue;
    for (const ref of (r.spec?.parentRefs ?? []) as ParentRef[]) {
      const listeners = listenersOf(gateways, r, ref);
      if (listeners === undefined) continue; // a Gateway not in these manifests (a shared one): its owner's to check
      const plainOnly = listeners.every((l) => l.protocol === 'HTTP');
      const redirects = (r.spec?.rules ?? []).every((rule: Manifest) =>
        (rule.filters ?? []).some((f: Manifest) => f.type === 'RequestRedirect'),
      );
      if (plainOnly) {
        // only the redirect to HTTPS, a health check's one path (the failover health check on AWS) and, at run
        // time, cert-manager's challenge routes belong on plain HTTP
        if (!redirects && !isHealthCheck(r))
          problems.push(
            `${r.kind}/${r.metadata.name}: serves plain HTTP on listener ${listeners.map((l) => l.name).join(', ')} of Gateway/${ref.name}`,
          );
        continue;
      }
      for (const host of (r.spec?.hostnames ?? []) as string[]) {
        if (!listeners.some((l) => l.protocol === 'HTTPS' && l.hostname === host))
          problems.push(`${r.kind}/${r.metadata.name}: host ${host} is served by no HTTPS listener of Gateway/${ref.name}`);
      }
    }
  }
  return problems;
}

/** The match of a route rule, as a comparable key. */
function matchKeys(route: Manifest): string[] {
  if (route.kind === 'GRPCRoute') return ['grpc'];
  return (route.spec?.rules ?? []).flatMap((rule: Manifest) =>
    (rule.matches ?? [{ path: { type: 'PathPrefix', value: '/' } }]).map((m: Manifest) =>
      JSON.stringify([m.path?.type ?? 'PathPrefix', m.path?.value ?? '/', m.method ?? '', m.headers ?? [], m.queryParams ?? []]),
    ),
  );
}

/** Problems of the routes together: one owner per host and match; backends that are Service ports of the manifests. */
export function routeProblems(objects: readonly Manifest[]): string[] {
  const services = new Map(objects.filter((o) => o.kind === 'Service').map((s) => [key(s.metadata?.namespace, s.metadata?.name), s]));
  const claimed = new Map<string, string>();
  const problems: string[] = [];
  for (const r of objects.filter((o) => ROUTE_KINDS.has(o.kind))) {
    const id = `${r.kind}/${r.metadata?.name}`;
    const parents = JSON.stringify(
      (r.spec?.parentRefs ?? []).map((p: ParentRef) => [p.namespace ?? r.metadata?.namespace, p.name, p.sectionName]),
    );
    for (const host of (r.spec?.hostnames ?? []) as string[]) {
      for (const m of new Set(matchKeys(r))) {
        const k = `${parents} ${host} ${m}`;
        const other = claimed.get(k);
        if (other && other !== id) problems.push(`${id}: host ${host} and match ${m} are also ${other}'s: Envoy would serve one of them`);
        else claimed.set(k, id);
      }
    }
    for (const rule of r.spec?.rules ?? []) {
      for (const b of rule.backendRefs ?? []) {
        if ((b.kind ?? 'Service') !== 'Service' || (b.group ?? '') !== '') continue;
        const svc = services.get(key(b.namespace ?? r.metadata?.namespace, b.name));
        if (!svc) problems.push(`${id}: backend Service ${b.name} is not in the manifests`);
        else if (!(svc.spec?.ports ?? []).some((p: Manifest) => p.port === b.port))
          problems.push(`${id}: Service ${b.name} exposes no port ${b.port}`);
      }
    }
  }
  return problems;
}
