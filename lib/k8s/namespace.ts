/** The stack's namespace: Pod Security Admission at `restricted`, a ResourceQuota and a LimitRange sized from its services. */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { parseQuantity } from '../core/quantity';
import { EXPORTER_RESOURCES, exportedStores } from '../core/exporters';
import { natsPodRequests } from '../core/nats-pods';
import { stackLabels } from './labels';
import { meshNamespaceLabels, sidecarUsage } from './mesh';
import { LimitRange, Namespace, ResourceQuota } from './api-object';

/** Headroom the quota leaves above the services' peak (rollouts, jobs, debugging). */
const QUOTA_HEADROOM = 1.25;

/** Pod Security Admission labels enforcing, auditing and warning at `restricted`. */
export function podSecurityLabels(): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = 'restricted';
    labels[`pod-security.kubernetes.io/${mode}-version`] = 'latest';
  }
  return labels;
}

/** Peak use of the namespace: every service at its maximum replicas plus rollout surge (with its sidecar in the mesh), and one pod per job and per exporter. */
export function peakUsage(stack: ResolvedStack): {
  pods: number;
  cpuMillis: number;
  memoryMi: number;
  memoryLimitMi: number;
  storageGi: number;
  pvcs: number;
} {
  let pods = 0;
  let cpuMillis = 0;
  let memoryMi = 0;
  let memoryLimitMi = 0;
  let storageGi = 0;
  let pvcs = 0;
  for (const s of stack.services) {
    const n = (s.autoscaling?.maxReplicas ?? s.queue?.maxReplicas ?? s.replicas) + s.maxSurge;
    pods += n;
    cpuMillis += n * (parseQuantity(s.resources.requests.cpu) ?? 0) * 1000;
    memoryMi += (n * (parseQuantity(s.resources.requests.memory) ?? 0)) / 2 ** 20;
    memoryLimitMi += (n * (parseQuantity(s.resources.limits.memory) ?? 0)) / 2 ** 20;
    if (s.storage) {
      const replicas = s.autoscaling?.maxReplicas ?? s.queue?.maxReplicas ?? s.replicas;
      pvcs += replicas;
      storageGi += (replicas * (parseQuantity(s.storage.size) ?? 0)) / 2 ** 30;
    }
  }
  const jobs: { requests: { cpu: string; memory: string }; limits: { memory: string } }[] = [
    ...stack.cronJobs.map((j) => j.resources),
    ...stack.services.filter((s) => s.migration).map((s) => s.resources),
    // the datastores' exporters: one pod each (`Recreate`), out of the mesh like the jobs
    ...exportedStores(stack).map(() => EXPORTER_RESOURCES),
  ];
  if (stack.nats) {
    // each server pod: what its containers request (the server, the exporter, with TLS the reloader), and their
    // memory limits (the server's memory, the exporter's 128Mi, the reloader's 64Mi)
    const n = stack.nats;
    const memMi = (parseQuantity(n.memory) ?? 0) / 2 ** 20;
    const requests = natsPodRequests(n.memory, n.tls !== undefined);
    pods += n.replicas;
    cpuMillis += n.replicas * requests.reduce((a, r) => a + (parseQuantity(r.cpu) ?? 0) * 1000, 0);
    memoryMi += n.replicas * requests.reduce((a, r) => a + (parseQuantity(r.memory) ?? 0) / 2 ** 20, 0);
    memoryLimitMi += n.replicas * (memMi + 128 + (n.tls ? 64 : 0));
    pvcs += n.replicas;
    storageGi += (n.replicas * (parseQuantity(n.storage) ?? 0)) / 2 ** 30;
  }
  // in the mesh, every pod so far (services, NATS) has a sidecar; jobs stay out
  const sidecars = sidecarUsage(stack, pods);
  cpuMillis += sidecars.cpuMillis;
  memoryMi += sidecars.memoryMi;
  memoryLimitMi += sidecars.memoryLimitMi;
  for (const r of jobs) {
    pods += 1;
    cpuMillis += (parseQuantity(r.requests.cpu) ?? 0) * 1000;
    memoryMi += (parseQuantity(r.requests.memory) ?? 0) / 2 ** 20;
    memoryLimitMi += (parseQuantity(r.limits.memory) ?? 0) / 2 ** 20;
  }
  return { pods, cpuMillis, memoryMi, memoryLimitMi, storageGi, pvcs };
}

/** Props of {@link StackNamespace}. */
export interface StackNamespaceProps {
  /** The resolved stack. */
  readonly stack: ResolvedStack;
}

/** The namespace with its guard rails. */
export class StackNamespace extends Construct {
  /** The Namespace. */
  public readonly resource: k8s.KubeNamespace;
  /** The ResourceQuota. */
  public readonly quota: k8s.KubeResourceQuota;
  /** The LimitRange. */
  public readonly limitRange: k8s.KubeLimitRange;

  constructor(scope: Construct, id: string, props: StackNamespaceProps) {
    super(scope, id);
    const { stack } = props;
    const name = stack.namespace;
    this.resource = new Namespace(this, 'Resource', {
      metadata: {
        name,
        labels: { ...stackLabels(stack.name), ...podSecurityLabels(), ...meshNamespaceLabels(stack), environment: stack.environment },
      },
    });
    const peak = peakUsage(stack);
    const up = (v: number) => Math.ceil(v * QUOTA_HEADROOM);
    const q = k8s.Quantity.fromString;
    const hard: Record<string, k8s.Quantity> = {
      pods: q(String(up(peak.pods))),
      'requests.cpu': q(`${up(peak.cpuMillis)}m`),
      'requests.memory': q(`${up(peak.memoryMi)}Mi`),
      'limits.memory': q(`${up(peak.memoryLimitMi)}Mi`),
      'services.loadbalancers': q('0'),
      'services.nodeports': q('0'),
    };
    if (peak.pvcs > 0) {
      hard.persistentvolumeclaims = q(String(up(peak.pvcs)));
      hard['requests.storage'] = q(`${up(peak.storageGi)}Gi`);
    }
    this.quota = new ResourceQuota(this, 'Quota', {
      metadata: { name: 'production-stack', namespace: name, labels: stackLabels(stack.name) },
      spec: { hard },
    });
    this.limitRange = new LimitRange(this, 'Limits', {
      metadata: { name: 'production-stack', namespace: name, labels: stackLabels(stack.name) },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: q('100m'), memory: q('128Mi') },
            default: { memory: q('512Mi') },
          },
        ],
      },
    });
  }
}
