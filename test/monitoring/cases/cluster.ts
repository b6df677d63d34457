/**
 * A model of what a stack runs once deployed, read from its synthesized manifests (names, replicas, limits,
 * volumes, jobs, certificates), and the series the exporters kube-prometheus-stack scrapes expose about it,
 * labelled as they are: kube-state-metrics v2 (its `ServiceMonitor` keeps the series' own labels, `honorLabels`,
 * and adds its target's), the kubelet's cAdvisor and volume statistics, and cert-manager's controller.
 */
import type { Manifest } from '../../support/synth';

/** A container of a pod, with its limits (bytes, cores) when it has them. */
export interface ContainerModel {
  readonly name: string;
  readonly image: string;
  readonly memoryLimit?: number;
  readonly cpuLimit?: number;
}

/** One pod of a Deployment, StatefulSet or Job. */
export interface PodModel {
  readonly name: string;
  readonly uid: string;
  /** The Deployment, StatefulSet or Job it belongs to (a Deployment's pod through its ReplicaSet). */
  readonly owner: { readonly kind: 'Deployment' | 'StatefulSet' | 'Job'; readonly name: string };
  readonly containers: readonly ContainerModel[];
}

export interface Cluster {
  readonly namespace: string;
  readonly deployments: readonly { readonly name: string; readonly replicas: number }[];
  readonly statefulSets: readonly { readonly name: string; readonly replicas: number }[];
  /** One pod per Deployment and StatefulSet (its first), and one per Job. */
  readonly pods: readonly PodModel[];
  /** HPAs, KEDA's included (a ScaledObject drives an HPA of its own), with the workload each scales. */
  readonly hpas: readonly { readonly name: string; readonly target: string; readonly max: number }[];
  /** Every PVC of the StatefulSets' claim templates, with its StatefulSet and requested size in bytes. */
  readonly pvcs: readonly { readonly name: string; readonly statefulSet: string; readonly bytes: number }[];
  /** The Jobs: the stack's own (migrations, the database bootstrap) and one run of each CronJob. */
  readonly jobs: readonly { readonly name: string; readonly owner: string; readonly component?: string }[];
  /** The gateway's certificates (cert-manager's gateway-shim names each Certificate after its listener's Secret). */
  readonly certificates: readonly { readonly name: string; readonly host: string; readonly issuer: string }[];
}

/** Bytes of a Kubernetes quantity such as `2Gi`, `512Mi` or `1G`. */
export function bytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q);
  if (!m) throw new Error(`quantity ${q}: not modelled`);
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] ?? ''] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

/** Cores of a CPU quantity such as `2` or `500m`. */
export function cores(q: string | number): number {
  const text = String(q);
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

/** pod-template-hash and pod suffixes as Kubernetes spells them (its "safe" alphabet: no vowels, no 0, 1, 3). */
const HASHES = ['6d4cf56db6', '7f9c5b8d4', '59b7d6c8f', '84fd9c6b7', '5c7d8f9b6d', '6b8c7d9f5'];
const SUFFIXES = ['x2k4q', 'm7p9z', 'h4j6w', 'r8t2v', 'b5n7c', 'f9g2l'];

function containersOf(pod: Manifest | undefined): ContainerModel[] {
  return (pod?.containers ?? []).map((c: Manifest) => ({
    name: c.name,
    image: c.image,
    memoryLimit: c.resources?.limits?.memory === undefined ? undefined : bytes(String(c.resources.limits.memory)),
    cpuLimit: c.resources?.limits?.cpu === undefined ? undefined : cores(c.resources.limits.cpu),
  }));
}

/** The cluster model of a stack's manifests in `namespace`. */
export function clusterOf(objects: readonly Manifest[], namespace: string): Cluster {
  const ours = objects.filter((o) => o.metadata?.namespace === namespace);
  const of = (kind: string) => ours.filter((o) => o.kind === kind);
  const hpas = of('HorizontalPodAutoscaler');
  const replicasOf = (o: Manifest) =>
    o.spec.replicas ?? hpas.find((h) => h.spec.scaleTargetRef.name === o.metadata.name)?.spec.minReplicas ?? 1;
  const deployments = of('Deployment').map((o) => ({ name: o.metadata.name as string, replicas: replicasOf(o) as number }));
  const statefulSets = of('StatefulSet').map((o) => ({ name: o.metadata.name as string, replicas: replicasOf(o) as number }));
  const cronJobRuns = of('CronJob').map((o, i) => ({
    name: `${o.metadata.name}-${29000000 + 60 * i}`, // the CronJob controller names a run after its scheduled minute
    owner: o.metadata.name as string,
    component: o.metadata.labels?.['app.kubernetes.io/component'] as string | undefined,
    pod: o.spec.jobTemplate.spec.template.spec,
  }));
  const jobs = [
    ...of('Job').map((o) => ({
      name: o.metadata.name as string,
      owner: o.metadata.name as string,
      component: o.metadata.labels?.['app.kubernetes.io/component'] as string | undefined,
      pod: o.spec.template.spec,
    })),
    ...cronJobRuns,
  ];
  let n = 0;
  const uid = () => `6f1c2a4e-0b7d-4c3e-9a51-${String(++n).padStart(12, '0')}`;
  const pods: PodModel[] = [
    ...of('Deployment').map((o, i) => ({
      name: `${o.metadata.name}-${HASHES[i % HASHES.length]}-${SUFFIXES[i % SUFFIXES.length]}`,
      uid: uid(),
      owner: { kind: 'Deployment' as const, name: o.metadata.name },
      containers: containersOf(o.spec.template.spec),
    })),
    ...of('StatefulSet').map((o) => ({
      name: `${o.metadata.name}-0`,
      uid: uid(),
      owner: { kind: 'StatefulSet' as const, name: o.metadata.name },
      containers: containersOf(o.spec.template.spec),
    })),
    ...jobs.map((j, i) => ({
      name: `${j.name}-${SUFFIXES[(i + 3) % SUFFIXES.length]}`,
      uid: uid(),
      owner: { kind: 'Job' as const, name: j.name },
      containers: containersOf(j.pod),
    })),
  ];
  return {
    namespace,
    deployments,
    statefulSets,
    pods,
    hpas: [
      ...hpas.map((o) => ({
        name: o.metadata.name as string,
        target: o.spec.scaleTargetRef.name as string,
        max: o.spec.maxReplicas as number,
      })),
      ...of('ScaledObject').map((o) => ({
        // KEDA names its HPA `keda-hpa-<ScaledObject>` unless the ScaledObject names it
        name: (o.spec.advanced?.horizontalPodAutoscalerConfig?.name ?? `keda-hpa-${o.metadata.name}`) as string,
        target: o.spec.scaleTargetRef.name as string,
        max: (o.spec.maxReplicaCount ?? 100) as number,
      })),
    ],
    pvcs: of('StatefulSet').flatMap((o) =>
      (o.spec.volumeClaimTemplates ?? []).flatMap((t: Manifest) =>
        Array.from({ length: replicasOf(o) as number }, (_, i) => ({
          name: `${t.metadata.name}-${o.metadata.name}-${i}`,
          statefulSet: o.metadata.name as string,
          bytes: bytes(String(t.spec.resources.requests.storage)),
        })),
      ),
    ),
    jobs: jobs.map(({ name, owner, component }) => ({ name, owner, component })),
    certificates: of('Gateway').flatMap((g) =>
      (g.spec.listeners as Manifest[]).flatMap((l) =>
        (l.tls?.certificateRefs ?? []).map((ref: Manifest) => ({
          name: ref.name as string,
          host: l.hostname as string,
          issuer: g.metadata.annotations?.['cert-manager.io/cluster-issuer'] as string,
        })),
      ),
    ),
  };
}

/**
 * The labels Prometheus gives a kube-state-metrics series scraped by kube-prometheus-stack's ServiceMonitor
 * (`honorLabels: true`, no relabelling): the series' own labels, and its target's where the series has none
 * (`pod`, `container`, `service` and `namespace` are then kube-state-metrics' own).
 */
export function ksm(own: Readonly<Record<string, string>>): Record<string, string> {
  return {
    container: 'kube-state-metrics',
    endpoint: 'http',
    instance: '10.0.3.7:8080',
    job: 'kube-state-metrics',
    namespace: 'monitoring',
    pod: 'kube-prometheus-stack-kube-state-metrics-6d4cf56db6-k2x7q',
    service: 'kube-prometheus-stack-kube-state-metrics',
    ...own,
  };
}

/** The labels of a series of the kubelet (`/metrics`, or `/metrics/cadvisor`), as kube-prometheus-stack scrapes it (`honorLabels: true`). */
export function kubelet(path: '/metrics' | '/metrics/cadvisor', own: Readonly<Record<string, string>>): Record<string, string> {
  return {
    endpoint: 'https-metrics',
    instance: '10.0.1.12:10250',
    job: 'kubelet',
    metrics_path: path,
    namespace: 'kube-system',
    node: 'ip-10-0-1-12.us-west-2.compute.internal',
    service: 'kube-prometheus-stack-kubelet',
    ...own,
  };
}

/**
 * cAdvisor's series of a pod, through the kubelet: one per container, plus the ones real cAdvisor also emits: the
 * pod's own cgroup (`container=""`, `image=""`) and the sandbox ("pause") container (`container="POD"` under
 * dockershim and cri-dockerd; containerd's shows as `container=""` with the pause image).
 */
export function cadvisorLabels(namespace: string, pod: PodModel): { container?: ContainerModel; labels: Record<string, string> }[] {
  const cgroup = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${pod.uid.replace(/-/g, '_')}.slice`;
  const id = (i: number) => `${(i + 10).toString(16).repeat(32).slice(0, 64)}`;
  return [
    ...pod.containers.map((c, i) => ({
      container: c,
      labels: kubelet('/metrics/cadvisor', {
        container: c.name,
        id: `${cgroup}/cri-containerd-${id(i)}.scope`,
        image: c.image,
        name: id(i),
        namespace,
        pod: pod.name,
      }),
    })),
    { labels: kubelet('/metrics/cadvisor', { container: '', id: cgroup, image: '', name: '', namespace, pod: pod.name }) },
    {
      labels: kubelet('/metrics/cadvisor', {
        container: '',
        id: `${cgroup}/cri-containerd-${id(9)}.scope`,
        image: 'registry.k8s.io/pause:3.9',
        name: id(9),
        namespace,
        pod: pod.name,
      }),
    },
    {
      labels: kubelet('/metrics/cadvisor', {
        container: 'POD',
        id: `${cgroup}/docker-${id(8)}.scope`,
        image: 'registry.k8s.io/pause:3.9',
        name: `k8s_POD_${pod.name}_${namespace}_${pod.uid}_0`,
        namespace,
        pod: pod.name,
      }),
    },
  ];
}

/**
 * The labels of a cert-manager controller series: the certificate's `namespace` becomes `exported_namespace`
 * under the chart's ServiceMonitor (`honorLabels: false`, its default), or stays (`honorLabels: true`).
 */
export function certManager(own: Readonly<Record<string, string>>, honorLabels: boolean): Record<string, string> {
  const { namespace, ...rest } = own;
  return {
    container: 'cert-manager-controller',
    endpoint: 'http-metrics',
    instance: '10.0.2.9:9402',
    job: 'cert-manager',
    pod: 'cert-manager-7b8c9d6f5d-q2w4z',
    service: 'cert-manager',
    ...(honorLabels ? { namespace } : { namespace: 'cert-manager', exported_namespace: namespace }),
    ...rest,
  };
}
