/**
 * The pods the cluster add-ons run, read from the Helm values the stack gives them: each component with
 * `resources.requests` counts its (or its parent's) `replicaCount`, `replicas` or `autoscaleMin` pods (1 when
 * none is set), a DaemonSet one pod a node. Components whose chart the stack leaves at its defaults without requests
 * (node-exporter, kube-state-metrics, the webhooks' jobs) request nothing the scheduler counts. No Pulumi.
 */
import type { ResolvedStack } from '../core/resolve';
import { usesKeda } from '../core/keda';
import { cloudProfile } from '../core/cloud';
import { parseQuantity } from '../core/quantity';
import { ownsEdge } from './manifests';
import {
  type HelmValues,
  certManagerValues,
  envoyGatewayValues,
  externalSecretsValues,
  istioCniValues,
  istiodValues,
  karpenterReplicas,
  karpenterValues,
  kedaValues,
  kubePrometheusStackValues,
  metricsServerValues,
  nackValues,
} from './values';

/** Pods of one kind: how many, and what each requests (millicores, MiB). */
export interface PodGroup {
  readonly what: string;
  /** Pods in the cluster; with `perNode`, on every node. */
  readonly count: number;
  readonly cpuMillis: number;
  readonly memoryMi: number;
  readonly perNode?: boolean;
}

/** Millicores and MiB of a `requests` block. */
export function requested(requests: { cpu?: unknown; memory?: unknown } | undefined): { cpuMillis: number; memoryMi: number } {
  const q = (v: unknown) => (typeof v === 'string' ? (parseQuantity(v) ?? 0) : 0);
  return { cpuMillis: Math.round(q(requests?.cpu) * 1000), memoryMi: Math.round(q(requests?.memory) / 2 ** 20) };
}

/** The pod groups of one release's values. */
function podsOf(release: string, values: HelmValues, perNode = false): PodGroup[] {
  const out: PodGroup[] = [];
  // a component's count is its own replicaCount, replicas or autoscaleMin, else its parent's (`deployment.replicas`)
  const visit = (v: unknown, path: string, inherited: number) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
    const o = v as Record<string, unknown>;
    const count = [o.replicaCount, o.replicas, o.autoscaleMin].find((n): n is number => typeof n === 'number') ?? inherited;
    const requests = (o.resources as { requests?: Record<string, unknown> } | undefined)?.requests;
    if (requests && (requests.cpu !== undefined || requests.memory !== undefined)) {
      out.push({ what: `${release}${path}`, count, ...requested(requests), ...(perNode ? { perNode } : {}) });
    }
    for (const [k, child] of Object.entries(o)) {
      // `global.proxy` is the sidecars' template (counted with the pods they join), a `job` a Helm hook that ends
      if (k === 'resources' || k === 'job' || `${path}.${k}` === '.global.proxy') continue;
      visit(child, `${path}.${k}`, count);
    }
  };
  visit(values, '', 1);
  return out;
}

/**
 * KEDA's chart keeps each component's requests apart from its replica count (`resources.operator` beside
 * `operator.replicaCount`), which {@link podsOf} cannot pair: read from the same values, component by component.
 */
function kedaPods(values: HelmValues): PodGroup[] {
  type Component = { replicaCount?: number; enabled?: boolean };
  const resources = (values.resources ?? {}) as Record<string, { requests?: Record<string, unknown> } | undefined>;
  const components = { operator: 'operator', metricsServer: 'metricServer', webhooks: 'webhooks' } as const;
  return Object.entries(components).flatMap(([component, key]) => {
    const c = values[component] as Component | undefined;
    const requests = resources[key]?.requests;
    if (!requests || c?.enabled === false) return [];
    return [{ what: `keda.${component}`, count: c?.replicaCount ?? 1, ...requested(requests) }];
  });
}

/** The pods of the add-ons `pulumi up` installs for the stack (lib/addons/cluster-addons.ts chooses the same). */
export function addonPods(spec: ResolvedStack): PodGroup[] {
  const profile = cloudProfile(spec.cloud);
  return [
    ...podsOf('external-secrets', externalSecretsValues()),
    ...podsOf('cert-manager', certManagerValues('cert-manager')),
    ...(ownsEdge(spec) ? podsOf('envoy-gateway', envoyGatewayValues(spec.cloud)) : []),
    ...(profile.installs.metricsServer ? podsOf('metrics-server', metricsServerValues()) : []),
    ...(profile.installs.karpenter
      ? podsOf(
          'karpenter',
          karpenterValues({
            clusterName: '',
            interruptionQueue: '',
            serviceAccountAnnotations: {},
            replicas: karpenterReplicas(spec.cluster.nodes.minSize),
          }),
        )
      : []),
    ...podsOf('kube-prometheus-stack', kubePrometheusStackValues(spec)),
    ...(spec.nats ? podsOf('nack', nackValues()) : []),
    ...(usesKeda(spec) ? kedaPods(kedaValues()) : []),
    ...(spec.serviceMesh === 'istio'
      ? [...podsOf('istiod', istiodValues(spec.cloud)), ...podsOf('istio-cni', istioCniValues(spec.cloud), true)]
      : []),
  ];
}
