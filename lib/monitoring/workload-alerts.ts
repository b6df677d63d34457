/**
 * The standard workload alerts of a stack, over the metrics kube-prometheus-stack
 * already collects: kube-state-metrics (`kube_*`), cAdvisor (`container_*`),
 * the kubelet (`kubelet_volume_stats_*`) and cert-manager
 * (`certmanager_certificate_*`, when its controller is scraped).
 *
 * One rule per alert covers the whole namespace, so NATS and the cron jobs are
 * watched too; each alert gets a `service` label read from the pod, workload,
 * PVC, job or certificate name the library gives it (a container's alerts name
 * its pod's workload: the containers of NATS' and the datastore exporters' pods
 * are all called `exporter`).
 */
import type { ResolvedStack } from '../core/resolve';
import { eq, labelFrom, ne, num, selector } from './promql';
import { type AlertingRule, standardAlert } from './rules';
import { CRASH_LOOP_WINDOW, RATE_WINDOW, ROLLOUT_WINDOW, STANDARD_ALERTS } from './settings';

/**
 * Pod name to service: `<deployment>-<pod-template-hash>-<suffix>` or `<statefulset>-<ordinal>` (a Job's pod,
 * `<job>-<suffix>`, gives the Job's name without its hash or scheduled minute); any other name as it is, so that
 * an alert over kube-state-metrics series never keeps the `service` label of kube-state-metrics' own target.
 */
export const POD_SERVICE_REGEX = '(.+?)(?:-[a-z0-9]{1,10}-[a-z0-9]{5}|-[0-9]+)?';
/**
 * Job name to service: `<service>-migrate-<hash>` (migrations), `<job>-<hash>` (the database bootstrap) or
 * `<cronjob>-<scheduled minute>`; any other name as it is. It matches every name, so the alert never keeps the
 * `service` label kube-state-metrics' own target gives its series.
 */
export const JOB_SERVICE_REGEX = '(.+?)(?:-migrate-[0-9a-f]{8}|-[0-9a-f]{8}|-[0-9]+)?';
/** PVC name to service: `data-<statefulset>-<ordinal>`. */
export const PVC_SERVICE_REGEX = 'data-(.+)-[0-9]+';
/** Certificate name to host: the gateway listener's TLS Secret, `<host>-tls` (`*` spelled `wildcard`). */
export const CERTIFICATE_HOST_REGEX = '(.+)-tls';

/** A cert-manager metric of the namespace, whether its scrape kept the certificate's namespace (`honorLabels`) or renamed it `exported_namespace`. */
function certManager(metric: string, namespace: string, ...matchers: string[]): string {
  return `(${selector(metric, eq('exported_namespace', namespace), ...matchers)} or ${selector(metric, eq('namespace', namespace), ...matchers)})`;
}

/** The workload alerts that apply to the stack (HPA alerts only when something autoscales, by an HPA or KEDA's, and so on). */
export function workloadAlerts(stack: ResolvedStack): AlertingRule[] {
  const t = stack.monitoring.thresholds;
  const ns = eq('namespace', stack.namespace);
  const by = 'namespace, pod, container';
  const s = stack.services;
  const statefulSets = s.some((x) => x.storage) || stack.nats !== undefined;
  const rules: AlertingRule[] = [
    standardAlert(stack, 'PodCrashLooping', {
      expr: labelFrom(
        `max_over_time(${selector('kube_pod_container_status_waiting_reason', ns, eq('reason', 'CrashLoopBackOff'))}[${CRASH_LOOP_WINDOW}]) >= 1`,
        'service',
        'pod',
        POD_SERVICE_REGEX,
      ),
      summary: 'A container is crash looping',
      description:
        'Container {{ $labels.container }} of pod {{ $labels.pod }} keeps restarting (CrashLoopBackOff). Check `kubectl logs --previous` and its events.',
    }),
    standardAlert(stack, 'PodNotReady', {
      expr: labelFrom(
        `sum by (namespace, pod) (${selector('kube_pod_status_ready', ns, eq('condition', 'false'))}) * on (namespace, pod) max by (namespace, pod) (${selector('kube_pod_owner', ns, ne('owner_kind', 'Job'))}) > 0`,
        'service',
        'pod',
        POD_SERVICE_REGEX,
      ),
      summary: 'A pod is not ready',
      description: `Pod {{ $labels.pod }} has not been ready for ${STANDARD_ALERTS.PodNotReady.for}: it gets no traffic. Check its readiness probe, events and dependencies.`,
    }),
  ];
  if (s.some((x) => !x.storage)) {
    rules.push(
      standardAlert(stack, 'DeploymentReplicasMismatch', {
        expr: labelFrom(
          `(${selector('kube_deployment_spec_replicas', ns)} > ${selector('kube_deployment_status_replicas_available', ns)}) and (changes(${selector('kube_deployment_status_replicas_updated', ns)}[${ROLLOUT_WINDOW}]) == 0)`,
          'service',
          'deployment',
          '(.+)',
        ),
        summary: 'A Deployment has fewer available replicas than desired',
        description: `Deployment {{ $labels.deployment }} has been missing available replicas for ${STANDARD_ALERTS.DeploymentReplicasMismatch.for} with no rollout in progress: pods cannot be scheduled, start or become ready.`,
      }),
    );
  }
  if (statefulSets) {
    rules.push(
      standardAlert(stack, 'StatefulSetReplicasMismatch', {
        expr: labelFrom(
          `(${selector('kube_statefulset_status_replicas_ready', ns)} != ${selector('kube_statefulset_status_replicas', ns)}) and (changes(${selector('kube_statefulset_status_replicas_updated', ns)}[${ROLLOUT_WINDOW}]) == 0)`,
          'service',
          'statefulset',
          '(.+)',
        ),
        summary: 'A StatefulSet has fewer ready replicas than desired',
        description: `StatefulSet {{ $labels.statefulset }} has been missing ready replicas for ${STANDARD_ALERTS.StatefulSetReplicasMismatch.for} with no rollout in progress.`,
      }),
    );
  }
  rules.push(
    standardAlert(stack, 'HighMemoryUsage', {
      expr: labelFrom(
        `max by (${by}) (${selector('container_memory_working_set_bytes', ns, ne('container', ''))}) / max by (${by}) (${selector('kube_pod_container_resource_limits', ns, eq('resource', 'memory'))}) > ${num(t.memoryRatio)}`,
        'service',
        'pod',
        POD_SERVICE_REGEX,
      ),
      summary: `A container uses more than ${num(t.memoryRatio * 100)}% of its memory limit`,
      description:
        'Container {{ $labels.container }} of pod {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit (working set): it will be OOM-killed when it reaches it.',
    }),
    standardAlert(stack, 'CpuThrottlingHigh', {
      expr: labelFrom(
        `sum by (${by}) (increase(${selector('container_cpu_cfs_throttled_periods_total', ns, ne('container', ''))}[${RATE_WINDOW}])) / sum by (${by}) (increase(${selector('container_cpu_cfs_periods_total', ns, ne('container', ''))}[${RATE_WINDOW}])) > ${num(t.cpuThrottlingRatio)}`,
        'service',
        'pod',
        POD_SERVICE_REGEX,
      ),
      summary: 'A container is CPU throttled',
      description:
        'Container {{ $labels.container }} of pod {{ $labels.pod }} is throttled in {{ $value | humanizePercentage }} of its CPU periods: latency suffers. Raise its CPU limit or scale out.',
    }),
  );
  // KEDA drives an HPA of its own (named like the workload) for a worker with a `queue`
  if (s.some((x) => x.autoscaling || x.queue)) {
    rules.push(
      standardAlert(stack, 'HpaAtMaxReplicas', {
        expr: labelFrom(
          `${selector('kube_horizontalpodautoscaler_status_current_replicas', ns)} >= ${selector('kube_horizontalpodautoscaler_spec_max_replicas', ns)}`,
          'service',
          'horizontalpodautoscaler',
          '(.+)',
        ),
        summary: 'An autoscaler is at its maximum replicas',
        description: `HPA {{ $labels.horizontalpodautoscaler }} has run at its maximum replicas for ${STANDARD_ALERTS.HpaAtMaxReplicas.for}: the service cannot scale out further. Raise maxReplicas or find the load.`,
      }),
    );
  }
  if (statefulSets) {
    rules.push(
      standardAlert(stack, 'PersistentVolumeFillingUp', {
        expr: labelFrom(
          `${selector('kubelet_volume_stats_used_bytes', ns)} / ${selector('kubelet_volume_stats_capacity_bytes', ns)} > ${num(t.volumeUsageRatio)}`,
          'service',
          'persistentvolumeclaim',
          PVC_SERVICE_REGEX,
        ),
        summary: `A volume is more than ${num(t.volumeUsageRatio * 100)}% full`,
        description:
          'Volume {{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full. Expand the PVC or free space before writes fail.',
      }),
    );
  }
  if (s.some((x) => x.migration) || stack.cronJobs.length > 0) {
    rules.push(
      standardAlert(stack, 'JobFailed', {
        expr: labelFrom(`${selector('kube_job_failed', ns)} > 0`, 'service', 'job_name', JOB_SERVICE_REGEX),
        summary: 'A Job failed',
        description:
          'Job {{ $labels.job_name }} failed (a migration blocks its rollout; a cron job missed its run). Deleting the failed Job after investigation clears the alert.',
      }),
    );
  }
  if (stack.edge.gateway.own && stack.edge.hosts.length > 0) {
    rules.push(
      standardAlert(stack, 'CertificateExpiringSoon', {
        expr: labelFrom(
          `${certManager('certmanager_certificate_expiration_timestamp_seconds', stack.namespace)} - time() < ${t.certificateExpiryDays} * 86400`,
          'host',
          'name',
          CERTIFICATE_HOST_REGEX,
        ),
        summary: `A TLS certificate expires within ${t.certificateExpiryDays} days`,
        description:
          'Certificate {{ $labels.name }} expires in {{ $value | humanizeDuration }} and cert-manager has not renewed it. Check the Certificate, its CertificateRequest and the issuer.',
      }),
      standardAlert(stack, 'CertificateNotReady', {
        expr: labelFrom(
          `${certManager('certmanager_certificate_ready_status', stack.namespace, eq('condition', 'False'))} == 1`,
          'host',
          'name',
          CERTIFICATE_HOST_REGEX,
        ),
        summary: 'A TLS certificate is not ready',
        description:
          'cert-manager cannot issue or renew certificate {{ $labels.name }}. Check `kubectl describe certificate {{ $labels.name }}` and the issuer.',
      }),
    );
  }
  return rules;
}
