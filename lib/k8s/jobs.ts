/**
 * Jobs: the migration Job a service waits for before serving, and the
 * stack's CronJobs. Their pods run under the same restricted profile as
 * every workload, with an egress policy of their own.
 */
import { IMAGES } from '../core/images';
import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedCronJob, ResolvedService, ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { CronJob, Job, ServiceAccount } from './api-object';
import { selectorLabels, stackLabels } from './labels';
import { jobPolicy } from './network-policy';
import { MIGRATE_ROLE, clientRole } from '../core/postgres-roles';
import { postgresCa } from './datastore-ca';
import { env, nonEmpty } from './env';
import { SYNC_WAVE, SYNC_WAVE_ANNOTATION } from './sync-waves';
import { containerSecurityContext, podSecurityContext } from './security';

/** Name of a service's migration Job: one per image and command, since Jobs are immutable. */
export function migrationJobName(service: ResolvedService): string {
  const m = service.migration!;
  const hash = createHash('sha256')
    .update(JSON.stringify([m.image, m.command, m.args ?? []]))
    .digest('hex')
    .slice(0, 8);
  return `${service.name}-migrate-${hash}`;
}

/** Pod labels of a service's migration Job (not the service's selector, so it never joins the Service). */
export function migrationLabels(stack: ResolvedStack, service: ResolvedService): Record<string, string> {
  return { ...selectorLabels(stack.name, `${service.name}-migrate`), 'app.kubernetes.io/component': 'migration' };
}

function q(value: string): k8s.Quantity {
  return k8s.Quantity.fromString(value);
}

function resources(r: ResolvedService['resources']): k8s.ResourceRequirements {
  return {
    requests: { cpu: q(r.requests.cpu), memory: q(r.requests.memory) },
    limits: r.limits.cpu ? { cpu: q(r.limits.cpu), memory: q(r.limits.memory) } : { memory: q(r.limits.memory) },
  };
}

/**
 * Pod labels of a job: a sidecar would keep a Job's pod running after its
 * container exits, so jobs stay out of the mesh (they only talk to datastores).
 */
export function jobPodLabels(stack: ResolvedStack, labels: Record<string, string>): Record<string, string> {
  return stack.serviceMesh === 'istio' ? { ...labels, 'sidecar.istio.io/inject': 'false' } : labels;
}

/**
 * A restricted pod spec running one container to completion, without an API token; with `postgresSecret` (the
 * PostgreSQL Secret the container reads), the server CA from it mounted where the URL names it.
 */
export function jobPodSpec(
  serviceAccountName: string,
  uid: number,
  postgresSecret: string | undefined,
  container: k8s.Container,
): k8s.PodSpec {
  const ca = postgresSecret ? postgresCa(postgresSecret) : undefined;
  return {
    serviceAccountName,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    restartPolicy: 'Never',
    securityContext: podSecurityContext(uid),
    containers: [
      {
        ...container,
        securityContext: containerSecurityContext(uid),
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(ca ? [ca.mount] : [])],
      },
    ],
    volumes: [{ name: 'tmp', emptyDir: {} }, ...(ca ? [ca.volume] : [])],
  };
}

/** Creates the migration Job of a service, and its egress policy. */
export function migrationJob(scope: Construct, stack: ResolvedStack, service: ResolvedService): k8s.KubeJob {
  const m = service.migration!;
  const name = migrationJobName(service);
  const labels = migrationLabels(stack, service);
  jobPolicy(scope, 'MigrationPolicy', stack, labels, {
    name: `${service.name}-migrate`,
    postgres: service.postgres,
    egress: service.egress,
    kubernetesApi: false,
  });
  return new Job(scope, 'Migration', {
    metadata: {
      name,
      namespace: stack.namespace,
      labels: { ...stackLabels(stack.name), ...labels },
      annotations: { [SYNC_WAVE_ANNOTATION]: SYNC_WAVE.migrations },
    },
    spec: {
      backoffLimit: m.backoffLimit,
      activeDeadlineSeconds: m.timeoutSeconds,
      template: {
        metadata: { labels: jobPodLabels(stack, labels) },
        spec: jobPodSpec(service.name, service.runAsUser, service.postgres && k8sNames.postgresRoleSecret(stack.name, MIGRATE_ROLE), {
          name: 'migrate',
          image: m.image,
          command: [...m.command],
          args: m.args ? [...m.args] : undefined,
          env: nonEmpty(env(stack, service, MIGRATE_ROLE)),
          resources: resources(service.resources),
        }),
      },
    },
  });
}

/** Mount path of the API token, only in the init container that waits for the migration. */
const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Volume with a short-lived API token, for the wait-for-migration init container only. */
export function apiTokenVolume(): k8s.Volume {
  return {
    name: 'kube-api-access',
    projected: {
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardApi: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

/** Init container that blocks the pod until the service's migration Job has completed. */
export function waitForMigration(service: ResolvedService): k8s.Container {
  const m = service.migration!;
  return {
    name: 'wait-for-migration',
    image: IMAGES.kubectl,
    args: ['wait', '--for=condition=complete', `--timeout=${m.timeoutSeconds}s`, `job/${migrationJobName(service)}`],
    resources: { requests: { cpu: q('10m'), memory: q('32Mi') }, limits: { memory: q('64Mi') } },
    securityContext: containerSecurityContext(service.runAsUser),
    volumeMounts: [{ name: 'kube-api-access', mountPath: TOKEN_PATH, readOnly: true }],
  };
}

/** Role rule letting a service's pods wait for its migration Job. */
export const WAIT_FOR_JOBS_RULE = { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] } as const;

/** A CronJob of the stack with its ServiceAccount and egress policy. */
export class StackCronJob extends Construct {
  /** The CronJob. */
  public readonly resource: k8s.KubeCronJob;
  /** Its ServiceAccount (no API token mounted). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The egress policy of its pods. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, stack: ResolvedStack, job: ResolvedCronJob) {
    super(scope, id);
    const labels = { ...selectorLabels(stack.name, job.name), 'app.kubernetes.io/component': 'cronjob' };
    const metadata = { name: job.name, namespace: stack.namespace, labels: { ...stackLabels(stack.name), ...labels } };
    this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', { metadata, automountServiceAccountToken: false });
    this.networkPolicy = jobPolicy(this, 'NetworkPolicy', stack, labels, { ...job, kubernetesApi: false });
    const plain = Object.entries(job.env).map(([name, value]) => ({ name, value }));
    const role = job.postgres && clientRole('cronJob', job.name, job.postgres.access);
    const pgSecret = role && k8sNames.postgresRoleSecret(stack.name, role);
    this.resource = new CronJob(this, 'Resource', {
      metadata,
      spec: {
        schedule: job.schedule,
        timeZone: job.timeZone,
        concurrencyPolicy: job.concurrencyPolicy,
        startingDeadlineSeconds: job.startingDeadlineSeconds,
        successfulJobsHistoryLimit: job.historyLimit,
        failedJobsHistoryLimit: job.historyLimit,
        jobTemplate: {
          spec: {
            backoffLimit: job.backoffLimit,
            activeDeadlineSeconds: job.activeDeadlineSeconds,
            template: {
              metadata: { labels: jobPodLabels(stack, labels) },
              spec: jobPodSpec(job.name, job.runAsUser, pgSecret, {
                name: job.name,
                image: job.image,
                command: [...job.command],
                args: job.args ? [...job.args] : undefined,
                env: nonEmpty([...plain, ...env(stack, { ...job, secretEnv: job.secretEnv }, role)]),
                resources: resources(job.resources),
              }),
            },
          },
        },
      },
    });
  }
}
