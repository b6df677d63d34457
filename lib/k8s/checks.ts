/**
 * Production checks over synthesized manifests (plain JSON objects): the Pod
 * Security Standard "restricted" profile, and the availability guard rails
 * every long-running workload must have. Used by the tests over every
 * example's output and by the readiness report.
 */

import type { Manifest } from './manifest';

const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** The pod template of a workload manifest, or undefined for other kinds. */
export function podSpecOf(obj: Manifest): { spec: Manifest; labels: Record<string, string> } | undefined {
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return { spec: obj.spec?.template?.spec ?? {}, labels: obj.spec?.template?.metadata?.labels ?? {} };
    case 'CronJob':
      return {
        spec: obj.spec?.jobTemplate?.spec?.template?.spec ?? {},
        labels: obj.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {},
      };
    case 'Pod':
      return { spec: obj.spec ?? {}, labels: obj.metadata?.labels ?? {} };
    default:
      return undefined;
  }
}

function id(obj: Manifest): string {
  return `${obj.kind}/${obj.metadata?.name}`;
}

/** Violations of the Pod Security Standard "restricted" profile (v1.30) by one workload. */
export function restrictedViolations(obj: Manifest): string[] {
  const pod = podSpecOf(obj);
  if (!pod) return [];
  const spec = pod.spec;
  const out: string[] = [];
  const fail = (what: string) => out.push(`${id(obj)}: ${what}`);
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) fail('uses host namespaces');
  for (const v of spec.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (!type || !RESTRICTED_VOLUMES.has(type)) fail(`volume "${v.name}" has restricted-forbidden type ${type}`);
  }
  const podCtx = spec.securityContext ?? {};
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  if (containers.length === 0) fail('has no containers');
  for (const c of containers) {
    const ctx = c.securityContext ?? {};
    const where = `container "${c.name}"`;
    if (ctx.privileged) fail(`${where} is privileged`);
    if (ctx.allowPrivilegeEscalation !== false) fail(`${where} does not set allowPrivilegeEscalation: false`);
    if ((ctx.runAsNonRoot ?? podCtx.runAsNonRoot) !== true) fail(`${where} does not set runAsNonRoot: true`);
    if ((ctx.runAsUser ?? podCtx.runAsUser) === 0) fail(`${where} runs as UID 0`);
    const seccomp = ctx.seccompProfile?.type ?? podCtx.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') fail(`${where} has no RuntimeDefault or Localhost seccomp profile`);
    if (!(ctx.capabilities?.drop ?? []).includes('ALL')) fail(`${where} does not drop ALL capabilities`);
    for (const cap of ctx.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') fail(`${where} adds capability ${cap}`);
    for (const p of c.ports ?? []) if (p.hostPort) fail(`${where} uses hostPort ${p.hostPort}`);
    if (ctx.readOnlyRootFilesystem !== true) fail(`${where} has a writable root filesystem`);
  }
  return out;
}

function selects(selector: Manifest | undefined, labels: Record<string, string>): boolean {
  const match = selector?.matchLabels ?? {};
  if (Object.keys(match).length === 0 && !(selector?.matchExpressions?.length ?? 0)) return false;
  return Object.entries(match).every(([k, v]) => labels[k] === v);
}

/**
 * Guard rails of long-running workloads (Deployments and StatefulSets): probes,
 * requests and a memory limit on every container, a PodDisruptionBudget, a
 * NetworkPolicy of its own and a topology spread.
 */
export function availabilityViolations(objects: readonly Manifest[]): string[] {
  const out: string[] = [];
  const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  for (const obj of objects) {
    if (obj.kind !== 'Deployment' && obj.kind !== 'StatefulSet') continue;
    const { spec, labels } = podSpecOf(obj)!;
    const ns = obj.metadata?.namespace;
    const fail = (what: string) => out.push(`${id(obj)}: ${what}`);
    for (const c of spec.containers ?? []) {
      const where = `container "${c.name}"`;
      if (!c.livenessProbe) fail(`${where} has no liveness probe`);
      if (!c.readinessProbe) fail(`${where} has no readiness probe`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory) fail(`${where} has no CPU and memory requests`);
      if (!c.resources?.limits?.memory) fail(`${where} has no memory limit`);
    }
    const samePlace = (o: Manifest) => o.metadata?.namespace === ns;
    if (!pdbs.some((p) => samePlace(p) && selects(p.spec?.selector, labels))) fail('no PodDisruptionBudget selects it');
    if (!policies.some((p) => samePlace(p) && selects(p.spec?.podSelector, labels))) fail('no NetworkPolicy of its own selects it');
    if (!(spec.topologySpreadConstraints ?? []).some((t: Manifest) => t.topologyKey === 'topology.kubernetes.io/zone'))
      fail('has no zone topology spread');
  }
  return out;
}
