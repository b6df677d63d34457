/**
 * Argo CD's sync waves of the chart's objects. Argo CD applies a wave, waits until all of its objects are
 * healthy (a Job: complete), then applies the next; objects without the annotation are in wave 0. A Job in a
 * wave before the objects its pod needs would never complete: its namespace would not exist, the job
 * controller could not create a pod without its ServiceAccount, the kubelet could not start it without its
 * Secrets, and Argo CD would wait for it until its deadline. So:
 *
 * - wave `-3`: what pods need before they start ({@link PREREQUISITE_KINDS}: the namespace, ServiceAccounts,
 *   RBAC, NetworkPolicies, ConfigMaps, ExternalSecrets, the quota);
 * - wave `-2`: the PostgreSQL bootstrap Job, which creates the login roles;
 * - wave `-1`: the migration Jobs, which connect as a role the bootstrap created;
 * - wave `0`: everything else, services included (which wait for their migration besides).
 *
 * test/k8s/sync-waves.test.ts holds every example to it: whatever a pod reads or waits for is in an earlier wave.
 */

/** The annotation of an object's wave. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** The waves the chart uses. */
export const SYNC_WAVE = { prerequisites: '-3', postgresBootstrap: '-2', migrations: '-1' } as const;

/** The kinds of the objects a pod needs before it starts: wave {@link SYNC_WAVE}.prerequisites. */
export const PREREQUISITE_KINDS: readonly string[] = [
  'Namespace',
  'ResourceQuota',
  'LimitRange',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'NetworkPolicy',
  'ConfigMap',
  'ExternalSecret',
];

/** A synthesized object: what the chart's `toJson` returns. */
interface Manifest {
  readonly kind?: string;
  readonly metadata?: { readonly annotations?: Record<string, string> };
}

/** `o` in its wave: a prerequisite gets {@link SYNC_WAVE}.prerequisites, unless it has a wave of its own. */
export function withSyncWave<T extends Manifest>(o: T): T {
  if (!PREREQUISITE_KINDS.includes(o.kind ?? '') || o.metadata?.annotations?.[SYNC_WAVE_ANNOTATION] !== undefined) return o;
  return {
    ...o,
    metadata: { ...o.metadata, annotations: { ...o.metadata?.annotations, [SYNC_WAVE_ANNOTATION]: SYNC_WAVE.prerequisites } },
  };
}
