/**
 * promtool cases of the workload alerts (lib/monitoring/workload-alerts.ts), for the `<stack>.workloads` group of
 * every stack under test. The input is what the exporters would say about the stack's own objects (every
 * Deployment, StatefulSet, HPA, PVC, Job, CronJob run and gateway certificate its manifests create: see
 * cluster.ts), named and labelled as kube-state-metrics v2, the kubelet (cAdvisor, volume statistics) and
 * cert-manager emit them, with the series real exporters add around them (the pause container, the pod's cgroup,
 * other namespaces, other waiting reasons).
 *
 * Thresholds the spec can set are read from the resolved stack (`monitoring.thresholds`). How long each condition
 * must hold is this file's own table (FOR_MINUTES), reviewed against kube-prometheus' and cert-manager's alerts;
 * the firing cases check it to the minute: silent one evaluation before, firing at it. The `service` (or `host`)
 * label each alert should carry is also this file's: the workload, PVC's StatefulSet, HPA's target, Job's
 * service or CronJob, gateway host.
 */
import { type ProductionStackProps, type ResolvedStack, resolve } from 'production-stack';
import {
  type AlertCase,
  type AlertRule,
  type AlertSuite,
  type ExpectedAlert,
  expectedAlert,
  num,
  ruleOf,
  series,
  values,
} from '../../support/alert-cases';
import { type Manifest, synth } from '../../support/synth';
import { type Cluster, type PodModel, cadvisorLabels, certManager, clusterOf, ksm, kubelet } from './cluster';
import { alertNames, ruleGroup, stacksUnderTest } from './stacks';

/**
 * Minutes each condition must hold. Reviewed: kube-prometheus (kubernetes-mixin) KubePodCrashLooping,
 * KubePodNotReady, KubeDeploymentReplicasMismatch, KubeStatefulSetReplicasMismatch, CPUThrottlingHigh,
 * KubeHpaMaxedOut and KubeJobFailed hold 15m; the Ralph guide's HighMemoryUsage 5m; a volume past its threshold
 * warns after 5m (kube-prometheus: 1m at 3% free, critical); cert-manager's mixin CertManagerCertExpirySoon 1h,
 * CertManagerCertNotReady 10m.
 */
const FOR_MINUTES: Readonly<Record<string, number>> = {
  PodCrashLooping: 15,
  PodNotReady: 15,
  DeploymentReplicasMismatch: 15,
  StatefulSetReplicasMismatch: 15,
  HighMemoryUsage: 5,
  CpuThrottlingHigh: 15,
  HpaAtMaxReplicas: 15,
  PersistentVolumeFillingUp: 5,
  JobFailed: 15,
  CertificateExpiringSoon: 60,
  CertificateNotReady: 10,
};

/** When the unhealthy input starts, in minutes. */
const ONSET = 10;

interface Context {
  readonly stack: ResolvedStack;
  readonly cluster: Cluster;
  readonly rule: AlertRule;
  readonly alertname: string;
  readonly for: number;
}

type Series = { series: string; values: string };
type Sample = number | undefined | 'stale';

/** `length` per-minute samples: `before` until minute `from`, then `after` (functions of the minute). */
function timeline(length: number, from: number, before: Sample | ((m: number) => Sample), after: Sample | ((m: number) => Sample)): string {
  const at = (f: Sample | ((m: number) => Sample), m: number) => (typeof f === 'function' ? f(m) : f);
  return values(Array.from({ length }, (_, m) => (m < from ? at(before, m) : at(after, m))));
}

/**
 * A case proving the alert fires: `input` unhealthy from minute `onset`, the condition holding from evaluation
 * `onset`; silent one minute before `for` has passed, firing with `expected` at it.
 */
function firing(c: Context, name: string, input: Series[], expected: ExpectedAlert[], onset = ONSET): AlertCase {
  if (expected.length === 0) throw new Error(`${c.alertname}: ${name}: no alert expected`);
  return {
    alertname: c.alertname,
    fires: true,
    name,
    test: {
      interval: '1m',
      input_series: input,
      alert_rule_test: [
        { eval_time: `${onset + c.for - 1}m`, alertname: c.alertname, exp_alerts: [] },
        { eval_time: `${onset + c.for}m`, alertname: c.alertname, exp_alerts: expected },
      ],
    },
  };
}

/** A case proving the alert stays silent at each of `at` (minutes). */
function silent(c: Context, name: string, input: Series[], at: readonly number[]): AlertCase {
  return {
    alertname: c.alertname,
    fires: false,
    name,
    test: {
      interval: '1m',
      input_series: input,
      alert_rule_test: at.map((t) => ({ eval_time: `${t}m`, alertname: c.alertname, exp_alerts: [] })),
    },
  };
}

/** Minutes of input: long enough for every evaluation of a case. */
const span = (c: Context) => ONSET + c.for + 11;
/** Evaluations of a silent case: when the alert would have fired, and 10 minutes later. */
const silentAt = (c: Context) => [ONSET + c.for, ONSET + c.for + 10];

/** The pods of Deployments and StatefulSets. */
const workloadPods = (cluster: Cluster) => cluster.pods.filter((p) => p.owner.kind !== 'Job');

/** The service a workload pod's alert should name: its Deployment or StatefulSet. */
const serviceOfPod = (pod: PodModel) => pod.owner.name;

/** A value between the threshold and 1 for firing, and one just under the threshold for the near miss. */
const over = (threshold: number) => threshold + (1 - threshold) / 2;
const under = (threshold: number) => threshold * 0.98;

const BUILDERS: Readonly<Record<string, (c: Context) => AlertCase[]>> = {
  PodCrashLooping(c) {
    const ns = c.cluster.namespace;
    const waiting = (pod: PodModel, container: string, reason: string, namespace = ns) =>
      series('kube_pod_container_status_waiting_reason', ksm({ namespace, pod: pod.name, uid: pod.uid, container, reason }));
    const pods = workloadPods(c.cluster);
    // while crash looping, the container runs a few seconds between back-offs: kube-state-metrics then drops the series
    const looping = (m: number): Sample => ((m - ONSET) % 5 === 4 ? 'stale' : 1);
    const starting = (m: number): Sample => (m < 2 ? 1 : 'stale');
    const crashLoop = pods.flatMap((p) =>
      p.containers.flatMap((k) => [
        { series: waiting(p, k.name, 'ContainerCreating'), values: timeline(span(c), 3, starting, undefined) },
        { series: waiting(p, k.name, 'CrashLoopBackOff'), values: timeline(span(c), ONSET, undefined, looping) },
      ]),
    );
    const expected = pods.flatMap((p) =>
      p.containers.map((k) =>
        expectedAlert(
          c.rule,
          {
            ...ksm({ namespace: ns, pod: p.name, uid: p.uid, container: k.name, reason: 'CrashLoopBackOff' }),
            service: serviceOfPod(p),
          },
          1,
          'A container is crash looping',
        ),
      ),
    );
    const [p] = pods;
    const k = p.containers[0];
    return [
      firing(c, 'every container of every workload in CrashLoopBackOff', crashLoop, expected),
      silent(
        c,
        'a container that crash loops for 9 minutes, then runs',
        [
          {
            series: waiting(p, k.name, 'CrashLoopBackOff'),
            values: timeline(span(c), ONSET, undefined, (m) => (m < ONSET + 9 ? 1 : 'stale')),
          },
        ],
        [ONSET + 9, ...silentAt(c)],
      ),
      silent(
        c,
        'other waiting reasons, and crash loops in another namespace',
        [
          { series: waiting(p, k.name, 'ImagePullBackOff'), values: timeline(span(c), ONSET, undefined, 1) },
          { series: waiting(p, k.name, 'CreateContainerConfigError', ns), values: timeline(span(c), ONSET, undefined, 1) },
          { series: waiting(p, k.name, 'CrashLoopBackOff', `${ns}-staging`), values: timeline(span(c), ONSET, undefined, 1) },
        ],
        silentAt(c),
      ),
    ];
  },

  PodNotReady(c) {
    const ns = c.cluster.namespace;
    const owner = (p: PodModel) =>
      p.owner.kind === 'Deployment'
        ? { owner_kind: 'ReplicaSet', owner_name: p.name.replace(/-[^-]+$/, '') }
        : { owner_kind: p.owner.kind, owner_name: p.owner.name };
    const podSeries = (p: PodModel, ready: (m: number) => boolean): Series[] => [
      {
        series: series('kube_pod_owner', ksm({ namespace: ns, pod: p.name, uid: p.uid, ...owner(p), owner_is_controller: 'true' })),
        values: `1x${span(c)}`,
      },
      ...(['true', 'false', 'unknown'] as const).map((condition) => ({
        series: series('kube_pod_status_ready', ksm({ namespace: ns, pod: p.name, uid: p.uid, condition })),
        values: values(
          Array.from({ length: span(c) }, (_, m) => (condition === 'unknown' ? 0 : (condition === 'true') === ready(m) ? 1 : 0)),
        ),
      })),
    ];
    const jobPods = c.cluster.pods.filter((p) => p.owner.kind === 'Job');
    // a Job's pod that completed is not ready (reason PodCompleted): it must not count
    const completed = jobPods.flatMap((p) => podSeries(p, () => false));
    const pods = workloadPods(c.cluster);
    return [
      firing(
        c,
        'every workload pod not ready (and every Job pod completed)',
        [...pods.flatMap((p) => podSeries(p, (m) => m < ONSET)), ...completed],
        pods.map((p) => expectedAlert(c.rule, { namespace: ns, pod: p.name, service: serviceOfPod(p) }, 1, 'A pod is not ready')),
      ),
      silent(c, 'every pod ready, every Job pod completed', [...pods.flatMap((p) => podSeries(p, () => true)), ...completed], silentAt(c)),
      silent(
        c,
        'a pod not ready for 14 minutes (a slow start), then ready',
        podSeries(pods[0], (m) => m < ONSET || m >= ONSET + 14),
        [ONSET + 14, ...silentAt(c)],
      ),
    ];
  },

  DeploymentReplicasMismatch(c) {
    const ns = c.cluster.namespace;
    const deployment = (
      name: string,
      spec: number,
      available: (m: number) => number,
      updated: (m: number) => number,
      length = span(c),
    ): Series[] => [
      { series: series('kube_deployment_spec_replicas', ksm({ namespace: ns, deployment: name })), values: `${spec}x${length}` },
      {
        series: series('kube_deployment_status_replicas_available', ksm({ namespace: ns, deployment: name })),
        values: values(Array.from({ length }, (_, m) => available(m))),
      },
      {
        series: series('kube_deployment_status_replicas_updated', ksm({ namespace: ns, deployment: name })),
        values: values(Array.from({ length }, (_, m) => updated(m))),
      },
    ];
    const ds = c.cluster.deployments;
    const replicas = (r: number) => Math.max(2, r);
    return [
      firing(
        c,
        'every Deployment one replica short, no rollout',
        ds.flatMap((d) =>
          deployment(
            d.name,
            replicas(d.replicas),
            (m) => replicas(d.replicas) - (m < ONSET ? 0 : 1),
            () => replicas(d.replicas),
          ),
        ),
        ds.map((d) =>
          expectedAlert(
            c.rule,
            { ...ksm({ namespace: ns, deployment: d.name }), service: d.name },
            1,
            'A Deployment has fewer available replicas than desired',
          ),
        ),
      ),
      silent(
        c,
        'a slow rollout of 4 replicas, one replica short for 33 minutes while it progresses',
        // the new ReplicaSet's pods become updated one every 8 minutes
        deployment(
          ds[0].name,
          4,
          (m) => (m < ONSET || m > ONSET + 33 ? 4 : 3),
          (m) => (m < ONSET ? 4 : Math.min(4, Math.floor((m - ONSET) / 8))),
          ONSET + 40,
        ),
        [ONSET + 15, ONSET + 25, ONSET + 33],
      ),
      silent(
        c,
        'a replica short for 14 minutes, then back',
        deployment(
          ds[0].name,
          3,
          (m) => (m < ONSET || m >= ONSET + 14 ? 3 : 2),
          () => 3,
        ),
        [ONSET + 14, ...silentAt(c)],
      ),
    ];
  },

  StatefulSetReplicasMismatch(c) {
    const ns = c.cluster.namespace;
    const statefulSet = (
      name: string,
      replicas: number,
      ready: (m: number) => number,
      updated: (m: number) => number,
      length = span(c),
    ): Series[] => [
      { series: series('kube_statefulset_replicas', ksm({ namespace: ns, statefulset: name })), values: `${replicas}x${length}` },
      { series: series('kube_statefulset_status_replicas', ksm({ namespace: ns, statefulset: name })), values: `${replicas}x${length}` },
      {
        series: series('kube_statefulset_status_replicas_ready', ksm({ namespace: ns, statefulset: name })),
        values: values(Array.from({ length }, (_, m) => ready(m))),
      },
      {
        series: series('kube_statefulset_status_replicas_updated', ksm({ namespace: ns, statefulset: name })),
        values: values(Array.from({ length }, (_, m) => updated(m))),
      },
    ];
    const ss = c.cluster.statefulSets;
    const replicas = (r: number) => Math.max(2, r);
    return [
      firing(
        c,
        'every StatefulSet one replica not ready, no rollout',
        ss.flatMap((s) =>
          statefulSet(
            s.name,
            replicas(s.replicas),
            (m) => replicas(s.replicas) - (m < ONSET ? 0 : 1),
            () => replicas(s.replicas),
          ),
        ),
        ss.map((s) =>
          expectedAlert(
            c.rule,
            { ...ksm({ namespace: ns, statefulset: s.name }), service: s.name },
            1,
            'A StatefulSet has fewer ready replicas than desired',
          ),
        ),
      ),
      silent(
        c,
        'a slow rolling update of 4 replicas, one not ready for 33 minutes while it progresses',
        statefulSet(
          ss[0].name,
          4,
          (m) => (m < ONSET || m > ONSET + 33 ? 4 : 3),
          (m) => (m < ONSET ? 4 : Math.min(4, Math.floor((m - ONSET) / 8))),
          ONSET + 40,
        ),
        [ONSET + 15, ONSET + 25, ONSET + 33],
      ),
      silent(
        c,
        'a replica not ready for 14 minutes, then back',
        statefulSet(
          ss[0].name,
          3,
          (m) => (m < ONSET || m >= ONSET + 14 ? 3 : 2),
          () => 3,
        ),
        [ONSET + 14, ...silentAt(c)],
      ),
    ];
  },

  HighMemoryUsage(c) {
    const ns = c.cluster.namespace;
    const t = c.stack.monitoring.thresholds.memoryRatio;
    const pods = workloadPods(c.cluster).filter((p) => p.containers.some((k) => k.memoryLimit !== undefined));
    /** The pod's cAdvisor and kube-state-metrics series, each limited container's working set at `ratio(m)` of its limit. */
    const podSeries = (p: PodModel, ratio: (m: number) => number): Series[] => {
      const limited = p.containers.filter((k) => k.memoryLimit !== undefined);
      const used = (k: { memoryLimit?: number }, m: number) => Math.round((k.memoryLimit ?? 64 * 2 ** 20) * ratio(m));
      return [
        ...cadvisorLabels(ns, p).map((s) => ({
          series: series('container_memory_working_set_bytes', s.labels),
          values: values(
            Array.from(
              { length: span(c) },
              (_, m) =>
                s.container
                  ? used(s.container, m)
                  : s.labels.container === '' && s.labels.image === '' // the pod's cgroup: all of it
                    ? p.containers.reduce((sum, k) => sum + used(k, m), 0)
                    : 1_000_000, // the pause container
            ),
          ),
        })),
        ...limited.flatMap((k) => [
          {
            series: series(
              'kube_pod_container_resource_limits',
              ksm({
                namespace: ns,
                pod: p.name,
                uid: p.uid,
                container: k.name,
                node: 'ip-10-0-1-12.us-west-2.compute.internal',
                resource: 'memory',
                unit: 'byte',
              }),
            ),
            values: `${num(k.memoryLimit!)}x${span(c)}`,
          },
          ...(k.cpuLimit === undefined
            ? []
            : [
                {
                  series: series(
                    'kube_pod_container_resource_limits',
                    ksm({
                      namespace: ns,
                      pod: p.name,
                      uid: p.uid,
                      container: k.name,
                      node: 'ip-10-0-1-12.us-west-2.compute.internal',
                      resource: 'cpu',
                      unit: 'core',
                    }),
                  ),
                  values: `${num(k.cpuLimit)}x${span(c)}`,
                },
              ]),
        ]),
      ];
    };
    const high = over(t);
    const expected = pods.flatMap((p) =>
      p.containers
        .filter((k) => k.memoryLimit !== undefined)
        .map((k) =>
          expectedAlert(
            c.rule,
            { namespace: ns, pod: p.name, container: k.name, service: serviceOfPod(p) },
            Math.round(k.memoryLimit! * high) / k.memoryLimit!,
            `A container uses more than ${num(t * 100)}% of its memory limit`,
          ),
        ),
    );
    return [
      firing(
        c,
        `every limited container at ${num(high * 100)}% of its memory limit`,
        pods.flatMap((p) => podSeries(p, (m) => (m < ONSET ? 0.5 : high))),
        expected,
      ),
      silent(
        c,
        `every limited container at ${num(under(t) * 100)}%, just under the threshold`,
        pods.flatMap((p) => podSeries(p, () => under(t))),
        silentAt(c),
      ),
      silent(
        c,
        `a container at ${num(high * 100)}% for 4 minutes (under the 5 the alert waits)`,
        podSeries(pods[0], (m) => (m >= ONSET && m < ONSET + 4 ? high : 0.5)),
        [ONSET + 3, ONSET + 4, ...silentAt(c)],
      ),
    ];
  },

  CpuThrottlingHigh(c) {
    const ns = c.cluster.namespace;
    const t = c.stack.monitoring.thresholds.cpuThrottlingRatio;
    // cAdvisor emits the CFS counters only for cgroups with a CPU quota: containers with a CPU limit, and the pod's
    // cgroup when every container has one
    const pods = workloadPods(c.cluster).filter((p) => p.containers.some((k) => k.cpuLimit !== undefined));
    const PERIODS = 600; // a minute of 100ms CFS periods
    /** Counters of each limited container, throttled in `share(m)` of the periods of minute m (from running totals, not from zero). */
    const counters = (share: (m: number) => number) => {
      const periods = Array.from({ length: span(c) }, (_, m) => 5_000_000 + PERIODS * m);
      const throttled: number[] = [];
      for (let m = 0; m < span(c); m++) throttled.push(m === 0 ? 40_000 : throttled[m - 1] + Math.round(PERIODS * share(m)));
      return { periods, throttled };
    };
    const podSeries = (p: PodModel, share: (m: number) => number): Series[] => {
      const { periods, throttled } = counters(share);
      const allLimited = p.containers.every((k) => k.cpuLimit !== undefined);
      return cadvisorLabels(ns, p)
        .filter((s) =>
          s.container ? s.container.cpuLimit !== undefined : allLimited && s.labels.container === '' && s.labels.image === '',
        )
        .flatMap((s) => [
          { series: series('container_cpu_cfs_periods_total', s.labels), values: values(periods) },
          { series: series('container_cpu_cfs_throttled_periods_total', s.labels), values: values(throttled) },
        ]);
    };
    /**
     * The throttled share over the rule's 5m window at minute t, as Prometheus 2 computes it: both counters are
     * sampled at the same minutes, so increase()'s extrapolation is the same for both and cancels out, leaving the
     * ratio of their differences over the samples in [t - 5m, t].
     */
    const windowShare = (share: (m: number) => number, at: number) => {
      const { periods, throttled } = counters(share);
      const from = Math.max(0, at - 5);
      return (throttled[at] - throttled[from]) / (periods[at] - periods[from]);
    };
    const high = over(t);
    const share = (m: number) => (m <= ONSET ? 0 : high);
    let onset = ONSET;
    while (!(windowShare(share, onset) > t)) onset++;
    const at = onset + c.for;
    const expected = pods.flatMap((p) =>
      p.containers
        .filter((k) => k.cpuLimit !== undefined)
        .map((k) =>
          expectedAlert(
            c.rule,
            { namespace: ns, pod: p.name, container: k.name, service: serviceOfPod(p) },
            windowShare(share, at),
            'A container is CPU throttled',
          ),
        ),
    );
    return [
      firing(
        c,
        `every CPU-limited container throttled in ${num(high * 100)}% of its periods`,
        pods.flatMap((p) => podSeries(p, share)),
        expected,
        onset,
      ),
      silent(
        c,
        `throttled in ${num(under(t) * 100)}% of its periods, just under the threshold`,
        pods.flatMap((p) => podSeries(p, () => under(t))),
        silentAt(c),
      ),
    ];
  },

  HpaAtMaxReplicas(c) {
    const ns = c.cluster.namespace;
    const hpa = (name: string, max: number, current: (m: number) => number): Series[] => [
      {
        series: series('kube_horizontalpodautoscaler_spec_max_replicas', ksm({ namespace: ns, horizontalpodautoscaler: name })),
        values: `${max}x${span(c)}`,
      },
      {
        series: series('kube_horizontalpodautoscaler_spec_min_replicas', ksm({ namespace: ns, horizontalpodautoscaler: name })),
        values: `1x${span(c)}`,
      },
      {
        series: series('kube_horizontalpodautoscaler_status_current_replicas', ksm({ namespace: ns, horizontalpodautoscaler: name })),
        values: values(Array.from({ length: span(c) }, (_, m) => current(m))),
      },
      {
        series: series('kube_horizontalpodautoscaler_status_desired_replicas', ksm({ namespace: ns, horizontalpodautoscaler: name })),
        values: values(Array.from({ length: span(c) }, (_, m) => current(m))),
      },
    ];
    const hpas = c.cluster.hpas;
    return [
      firing(
        c,
        'every autoscaler at its maximum',
        hpas.flatMap((h) => hpa(h.name, h.max, (m) => (m < ONSET ? 1 : h.max))),
        hpas.map((h) =>
          expectedAlert(
            c.rule,
            { ...ksm({ namespace: ns, horizontalpodautoscaler: h.name }), service: h.target },
            1,
            'An autoscaler is at its maximum replicas',
          ),
        ),
      ),
      silent(
        c,
        'every autoscaler one replica under its maximum',
        hpas.flatMap((h) => hpa(h.name, h.max, () => h.max - 1)),
        silentAt(c),
      ),
      silent(
        c,
        'an autoscaler at its maximum for 14 minutes',
        hpa(hpas[0].name, hpas[0].max, (m) => (m >= ONSET && m < ONSET + 14 ? hpas[0].max : hpas[0].max - 1)),
        [ONSET + 14, ...silentAt(c)],
      ),
    ];
  },

  PersistentVolumeFillingUp(c) {
    const ns = c.cluster.namespace;
    const t = c.stack.monitoring.thresholds.volumeUsageRatio;
    // a filesystem holds a little less than the disk requested
    const capacity = (pvc: { bytes: number }) => Math.round(pvc.bytes * 0.98);
    const used = (pvc: { bytes: number }, ratio: number) => Math.round(capacity(pvc) * ratio);
    const volume = (pvc: { name: string; bytes: number }, ratio: (m: number) => number): Series[] => {
      const labels = kubelet('/metrics', { namespace: ns, persistentvolumeclaim: pvc.name });
      const at = (f: (m: number) => number) => values(Array.from({ length: span(c) }, (_, m) => f(m)));
      return [
        { series: series('kubelet_volume_stats_capacity_bytes', labels), values: `${num(capacity(pvc))}x${span(c)}` },
        { series: series('kubelet_volume_stats_used_bytes', labels), values: at((m) => used(pvc, ratio(m))) },
        { series: series('kubelet_volume_stats_available_bytes', labels), values: at((m) => capacity(pvc) - used(pvc, ratio(m))) },
      ];
    };
    const high = over(t);
    const pvcs = c.cluster.pvcs;
    return [
      firing(
        c,
        `every volume ${num(high * 100)}% full`,
        pvcs.flatMap((p) => volume(p, (m) => (m < ONSET ? 0.3 : high))),
        pvcs.map((p) =>
          expectedAlert(
            c.rule,
            { ...kubelet('/metrics', { namespace: ns, persistentvolumeclaim: p.name }), service: p.statefulSet },
            used(p, high) / capacity(p),
            `A volume is more than ${num(t * 100)}% full`,
          ),
        ),
      ),
      silent(
        c,
        `every volume ${num(under(t) * 100)}% full, just under the threshold`,
        pvcs.flatMap((p) => volume(p, () => under(t))),
        silentAt(c),
      ),
    ];
  },

  JobFailed(c) {
    const ns = c.cluster.namespace;
    /** kube-state-metrics' series of a Job: `kube_job_failed` exists once it has a Failed condition (from `failedAt`). */
    const job = (name: string, failedAt: number | undefined, deletedAt = Infinity): Series[] => {
      const present = (m: number, v: number): Sample => (m >= deletedAt ? 'stale' : v);
      const failed = (m: number) => failedAt !== undefined && m >= failedAt;
      return [
        ...(failedAt === undefined
          ? []
          : (['true', 'false', 'unknown'] as const).map((condition) => ({
              series: series('kube_job_failed', ksm({ namespace: ns, job_name: name, condition })),
              values: timeline(span(c), failedAt, undefined, (m) => present(m, condition === 'true' ? 1 : 0)),
            }))),
        {
          series: series('kube_job_status_active', ksm({ namespace: ns, job_name: name })),
          values: values(
            Array.from({ length: span(c) }, (_, m) => present(m, failedAt === undefined || !failed(m) ? (m < ONSET ? 1 : 0) : 0)),
          ),
        },
        {
          series: series('kube_job_status_succeeded', ksm({ namespace: ns, job_name: name })),
          values: values(Array.from({ length: span(c) }, (_, m) => present(m, failedAt === undefined && m >= ONSET ? 1 : 0))),
        },
      ];
    };
    /** The service a Job's alert should name: a migration's service, a CronJob run's CronJob, else the Job's name without its hash. */
    const serviceOf = (j: Cluster['jobs'][number]) =>
      j.component === 'migration'
        ? j.owner.replace(/-migrate-[0-9a-f]{8}$/, '')
        : j.owner === j.name
          ? j.name.replace(/-[0-9a-f]{8}$/, '')
          : j.owner;
    const jobs = c.cluster.jobs;
    return [
      firing(
        c,
        'every Job and CronJob run failed',
        jobs.flatMap((j) => job(j.name, ONSET)),
        jobs.map((j) =>
          expectedAlert(
            c.rule,
            { ...ksm({ namespace: ns, job_name: j.name, condition: 'true' }), service: serviceOf(j) },
            1,
            'A Job failed',
          ),
        ),
      ),
      silent(
        c,
        'every Job and CronJob run succeeded',
        jobs.flatMap((j) => job(j.name, undefined)),
        silentAt(c),
      ),
      silent(c, 'a failed Job deleted after 14 minutes', job(jobs[0].name, ONSET, ONSET + 14), [ONSET + 14, ...silentAt(c)]),
    ];
  },

  CertificateExpiringSoon(c) {
    const ns = c.cluster.namespace;
    const days = c.stack.monitoring.thresholds.certificateExpiryDays;
    const own = (cert: Cluster['certificates'][number]) => ({
      name: cert.name,
      namespace: ns,
      issuer_name: cert.issuer,
      issuer_kind: 'ClusterIssuer',
      issuer_group: 'cert-manager.io',
    });
    /** The certificate expiring at `expiry(m)` (Unix seconds; promtool's clock starts at 0), and ready. */
    const cert = (x: Cluster['certificates'][number], honorLabels: boolean, expiry: (m: number) => number): Series[] => [
      {
        series: series('certmanager_certificate_expiration_timestamp_seconds', certManager(own(x), honorLabels)),
        values: values(Array.from({ length: span(c) }, (_, m) => expiry(m))),
      },
      ...(['True', 'False', 'Unknown'] as const).map((condition) => ({
        series: series('certmanager_certificate_ready_status', certManager({ ...own(x), condition }, honorLabels)),
        values: `${condition === 'True' ? 1 : 0}x${span(c)}`,
      })),
    ];
    // expires `days` days and 10 minutes after the start: within `days` from minute 11
    const expiry = days * 86400 + 600;
    const onset = 11;
    const at = onset + c.for;
    const certs = c.cluster.certificates;
    const expected = (honorLabels: boolean) =>
      certs.map((x) =>
        expectedAlert(
          c.rule,
          { ...certManager(own(x), honorLabels), namespace: ns, host: x.host.replace('*', 'wildcard') },
          expiry - at * 60,
          `A TLS certificate expires within ${days} days`,
        ),
      );
    return [
      firing(
        c,
        `every gateway certificate ${days} days from expiry, not renewed`,
        certs.flatMap((x) => cert(x, false, () => expiry)),
        expected(false),
        onset,
      ),
      firing(
        c,
        'the same, cert-manager scraped with honorLabels',
        certs.flatMap((x) => cert(x, true, () => expiry)),
        expected(true),
        onset,
      ),
      silent(
        c,
        'a certificate renewed 40 minutes into the last day of its window',
        cert(certs[0], false, (m) => (m < 40 ? expiry : expiry + 90 * 86400)),
        [at, at + 10],
      ),
      silent(
        c,
        'a certificate 60 days from expiry',
        cert(certs[0], false, () => 60 * 86400),
        [at, at + 10],
      ),
    ];
  },

  CertificateNotReady(c) {
    const ns = c.cluster.namespace;
    const cert = (x: Cluster['certificates'][number], ready: (m: number) => boolean): Series[] =>
      (['True', 'False', 'Unknown'] as const).map((condition) => ({
        series: series(
          'certmanager_certificate_ready_status',
          certManager(
            {
              name: x.name,
              namespace: ns,
              condition,
              issuer_name: x.issuer,
              issuer_kind: 'ClusterIssuer',
              issuer_group: 'cert-manager.io',
            },
            false,
          ),
        ),
        values: values(
          Array.from({ length: span(c) }, (_, m) => (condition === 'Unknown' ? 0 : (condition === 'True') === ready(m) ? 1 : 0)),
        ),
      }));
    const certs = c.cluster.certificates;
    return [
      firing(
        c,
        'every gateway certificate not ready',
        certs.flatMap((x) => cert(x, (m) => m < ONSET)),
        certs.map((x) =>
          expectedAlert(
            c.rule,
            {
              ...certManager(
                {
                  name: x.name,
                  namespace: ns,
                  condition: 'False',
                  issuer_name: x.issuer,
                  issuer_kind: 'ClusterIssuer',
                  issuer_group: 'cert-manager.io',
                },
                false,
              ),
              namespace: ns,
              host: x.host.replace('*', 'wildcard'),
            },
            1,
            'A TLS certificate is not ready',
          ),
        ),
      ),
      silent(
        c,
        'a first issuance that takes 9 minutes',
        cert(certs[0], (m) => m < ONSET || m >= ONSET + 9),
        [ONSET + 9, ...silentAt(c)],
      ),
      silent(
        c,
        'every certificate ready',
        certs.flatMap((x) => cert(x, () => true)),
        silentAt(c),
      ),
    ];
  },
};

/** The suite of one stack's workload group. */
function suiteOf(name: string, stack: ResolvedStack, objects: readonly Manifest[]): AlertSuite | undefined {
  const group = ruleGroup(objects, `${stack.name}.workloads`);
  if (!group) return undefined;
  const ruleFile = { groups: [group] };
  const cluster = clusterOf(objects, stack.namespace);
  const cases = alertNames(group).flatMap((alertname) => {
    const build = BUILDERS[alertname];
    if (!build) throw new Error(`${name}: no promtool cases for the workload alert ${alertname}: add them to ${__filename}`);
    return build({ stack, cluster, rule: ruleOf(ruleFile, alertname), alertname, for: FOR_MINUTES[alertname] });
  });
  return { name: `${name}: ${group.name}`, ruleFile, cases };
}

/** The workload suite of one more stack, its cases of `alerts` only. */
export function workloadSuite(name: string, spec: ProductionStackProps, alerts: readonly string[]): AlertSuite {
  const stack = resolve(spec);
  const suite = suiteOf(name, stack, synth(spec));
  if (!suite) throw new Error(`${name}: no workload alerts`);
  return { ...suite, cases: suite.cases.filter((c) => alerts.includes(c.alertname)) };
}

/** The workload suites of every stack under test (stacks whose rules and cases are identical share one). */
export function workloadSuites(): AlertSuite[] {
  return dedupe(stacksUnderTest().flatMap((s) => suiteOf(s.name, s.stack, s.objects) ?? []));
}

/** Suites with the same rule file and cases, run once, named after all of their stacks. */
export function dedupe(suites: readonly AlertSuite[]): AlertSuite[] {
  const byContent = new Map<string, AlertSuite[]>();
  for (const s of suites) {
    const key = JSON.stringify([s.ruleFile, s.cases, s.evaluationInterval]);
    byContent.set(key, [...(byContent.get(key) ?? []), s]);
  }
  return [...byContent.values()].map((same) =>
    same.length === 1
      ? same[0]
      : { ...same[0], name: `${same.map((s) => s.name.replace(/:.*$/, '')).join(', ')}${same[0].name.replace(/^[^:]*/, '')}` },
  );
}
