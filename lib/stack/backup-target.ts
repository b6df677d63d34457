/**
 * Which bucket a cluster's backup and restore-drill jobs use: the chart names `dr.backupBucket`; the
 * standby cluster on AWS uses the replica in its own region instead (see `regionBackupBucket`).
 */
import { BACKUP_COMPONENT, BUCKET_ENV } from '../dr/backup';
import type { KubernetesManifest } from './workloads';

interface Container {
  readonly env?: readonly { readonly name: string; readonly value?: string }[];
  readonly [k: string]: unknown;
}

function retargeted(containers: readonly Container[] | undefined, bucket: string): Container[] | undefined {
  return containers?.map((c) => (c.env ? { ...c, env: c.env.map((e) => (e.name === BUCKET_ENV ? { ...e, value: bucket } : e)) } : c));
}

/**
 * `manifest` with its containers' bucket (`BUCKET`) set to `bucket` when it is a backup or
 * restore-drill CronJob (`app.kubernetes.io/component: backup`), or `manifest` itself: only those
 * jobs' environment changes, never a name, nor the CronJobs a spec declares itself.
 */
export function withBackupBucket(manifest: KubernetesManifest, bucket: string): KubernetesManifest {
  const labels = manifest.metadata.labels as Record<string, string> | undefined;
  if (manifest.kind !== 'CronJob' || labels?.['app.kubernetes.io/component'] !== BACKUP_COMPONENT) return manifest;
  const spec = manifest.spec as { jobTemplate: { spec: { template: { spec: Record<string, unknown> } } } };
  const pod = spec.jobTemplate.spec.template.spec;
  const containers = retargeted(pod.containers as Container[], bucket);
  const initContainers = retargeted(pod.initContainers as Container[] | undefined, bucket);
  const template = { ...spec.jobTemplate.spec.template, spec: { ...pod, containers, ...(initContainers ? { initContainers } : {}) } };
  return { ...manifest, spec: { ...spec, jobTemplate: { ...spec.jobTemplate, spec: { ...spec.jobTemplate.spec, template } } } };
}
