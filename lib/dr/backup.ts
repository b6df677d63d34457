/**
 * Logical backups of the stack's PostgreSQL and their restore drill, as
 * CronJobs under the restricted profile, running as one ServiceAccount bound
 * to the bucket's cloud identity (IRSA or Workload Identity: no keys).
 *
 * - `<stack>-pg-backup`: an init container dumps the database (pg_dump of the
 *   engine's major version) to an emptyDir and checks the archive; the cloud
 *   CLI uploads it under `postgres/<database>/<date>/<stamp>.dump` and points
 *   `postgres/<database>/LATEST` at it.
 * - `<stack>-pg-restore-drill`: downloads the latest backup, starts a scratch
 *   PostgreSQL as a native sidecar (loopback only, data in an emptyDir, gone
 *   with the pod), restores into it and runs the spec's checks.
 *
 * Success, failure and duration are read from kube-state-metrics' Job and
 * CronJob metrics by the alerts of lib/monitoring/backup-alerts.ts.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { BACKUP_ROLE } from '../core/postgres-roles';
import { BACKUP_RUN_DEADLINE_SECONDS } from '../core/recovery';
import { ConfigMap, CronJob, type PrometheusRule, ServiceAccount } from '../k8s/api-object';
import { cloudIdentityAnnotations } from '../k8s/identity';
import { selectorLabels, stackLabels } from '../k8s/labels';
import { jobPolicy } from '../k8s/network-policy';
import { containerSecurityContext, podSecurityContext } from '../k8s/security';
import { postgresCa } from '../k8s/datastore-ca';
import { POSTGRES_IMAGE_UID, postgresImage } from '../k8s/postgres-bootstrap';
import { backupRules } from '../monitoring/backup-alerts';
import { DOWNLOAD_SCRIPT, DUMP_SCRIPT, RESTORE_SCRIPT, UPLOAD_SCRIPT, storagePrelude } from './scripts';
import { cloudProfile } from '../core/cloud';

/** UID of the `postgres` user of the official Alpine images; every container of the jobs runs as it, sharing the emptyDirs. */
const UID = POSTGRES_IMAGE_UID;
const BACKUP_DIR = '/backup';
const CHECKS_DIR = '/checks';
/** History kept so kube-state-metrics still reports the last failures. */
const HISTORY = 3;

function q(value: string): k8s.Quantity {
  return k8s.Quantity.fromString(value);
}

function resources(cpu: string, memory: string, memoryLimit: string): k8s.ResourceRequirements {
  return { requests: { cpu: q(cpu), memory: q(memory) }, limits: { memory: q(memoryLimit) } };
}

/** The `app.kubernetes.io/component` label of the backup and restore-drill CronJobs. */
export const BACKUP_COMPONENT = 'backup';

/** The environment variable that names the bucket in the backup and restore-drill containers. */
export const BUCKET_ENV = 'BUCKET';

/** Where the backups of the stack's database live in the bucket. */
export function backupPrefix(stack: ResolvedStack): string {
  return `postgres/${stack.postgres!.databaseName}`;
}

function sh(script: string): string[] {
  return ['/bin/sh', '-c', script];
}

function cliContainer(stack: ResolvedStack, name: string, script: string): k8s.Container {
  return {
    name,
    image: cloudProfile(stack.cloud).storage.cliImage,
    command: sh(`${storagePrelude(stack.cloud)}\n${script}`),
    env: [
      { name: BUCKET_ENV, value: stack.dr.backupBucket },
      { name: 'PREFIX', value: backupPrefix(stack) },
      { name: 'BACKUP_DIR', value: BACKUP_DIR },
      // the CLIs keep their caches and configuration under a writable home
      { name: 'HOME', value: '/tmp' },
      { name: 'CLOUDSDK_CONFIG', value: '/tmp/gcloud' },
    ],
    resources: resources('100m', '128Mi', '512Mi'),
    securityContext: containerSecurityContext(UID),
    volumeMounts: [
      { name: 'backup', mountPath: BACKUP_DIR },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
}

function podSpec(
  serviceAccountName: string,
  spec: Pick<k8s.PodSpec, 'initContainers' | 'containers'>,
  extra: k8s.Volume[] = [],
): k8s.PodSpec {
  return {
    serviceAccountName,
    // the cloud identity's token is projected by the IRSA/Workload Identity webhook, not the API token
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    restartPolicy: 'Never',
    securityContext: podSecurityContext(UID),
    ...spec,
    volumes: [{ name: 'backup', emptyDir: {} }, { name: 'tmp', emptyDir: {} }, ...extra],
  };
}

function cronJob(scope: Construct, id: string, stack: ResolvedStack, name: string, schedule: string, pod: k8s.PodSpec): k8s.KubeCronJob {
  const labels = { ...selectorLabels(stack.name, name), 'app.kubernetes.io/component': BACKUP_COMPONENT };
  const podLabels = stack.serviceMesh === 'istio' ? { ...labels, 'sidecar.istio.io/inject': 'false' } : labels;
  return new CronJob(scope, id, {
    metadata: { name, namespace: stack.namespace, labels: { ...stackLabels(stack.name), ...labels } },
    spec: {
      schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: HISTORY,
      failedJobsHistoryLimit: HISTORY,
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          activeDeadlineSeconds: BACKUP_RUN_DEADLINE_SECONDS,
          template: { metadata: { labels: podLabels }, spec: pod },
        },
      },
    },
  });
}

/** Props of {@link DatabaseBackups}. */
export interface DatabaseBackupsProps {
  /** The resolved stack; it must have PostgreSQL. */
  readonly stack: ResolvedStack;
}

/** The logical backups of the stack's PostgreSQL and their weekly restore drill. */
export class DatabaseBackups extends Construct {
  /** The ServiceAccount of the backup, annotated with `dr.backupIdentity` (else given an identity by the Pulumi side). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /**
   * The ServiceAccount of the restore drill, which the Pulumi side gives a read-only identity; none with
   * `dr.backupIdentity`, whose one identity both jobs use through `<stack>-backup`.
   */
  public readonly drillServiceAccount?: k8s.KubeServiceAccount;
  /** The backup CronJob. */
  public readonly backup: k8s.KubeCronJob;
  /** The restore-drill CronJob. */
  public readonly restoreDrill: k8s.KubeCronJob;
  /** The drill's checks, one SQL file each. */
  public readonly checks: k8s.KubeConfigMap;
  /** Egress policies of the two jobs: the database (backup only), DNS, and what a cloud identity needs (token endpoints, HTTPS to object storage). */
  public readonly networkPolicies: readonly k8s.KubeNetworkPolicy[];
  /** The PrometheusRule of their alerts (lib/monitoring/backup-alerts.ts). */
  public readonly rules: PrometheusRule;

  constructor(scope: Construct, id: string, props: DatabaseBackupsProps) {
    super(scope, id);
    const { stack } = props;
    const ns = stack.namespace;
    const backupName = k8sNames.backup(stack.name);
    const drillName = k8sNames.restoreDrill(stack.name);
    // one identity per job: the backup writes the bucket, the drill (which runs the spec's SQL) only reads it;
    // a dr.backupIdentity the spec brings trusts <stack>-backup, so both jobs run as that ServiceAccount then
    const account = (id: string, name: string) =>
      new ServiceAccount(this, id, {
        metadata: {
          name,
          namespace: ns,
          labels: stackLabels(stack.name),
          annotations: cloudIdentityAnnotations(stack, stack.dr.backupIdentity),
        },
        automountServiceAccountToken: false,
      });
    this.serviceAccount = account('ServiceAccount', k8sNames.backupServiceAccount(stack.name));
    this.drillServiceAccount =
      stack.dr.backupIdentity === undefined ? account('DrillServiceAccount', k8sNames.restoreDrillServiceAccount(stack.name)) : undefined;
    this.checks = new ConfigMap(this, 'Checks', {
      metadata: { name: k8sNames.restoreDrillChecks(stack.name), namespace: ns, labels: stackLabels(stack.name) },
      data: Object.fromEntries(stack.dr.restoreDrill.checks.map((c) => [`${c.name}.sql`, `${c.sql.trim().replace(/;$/, '')};\n`])),
    });
    this.networkPolicies = [
      jobPolicy(this, 'BackupPolicy', stack, selectorLabels(stack.name, backupName), {
        name: backupName,
        postgres: {},
        egress: [],
        kubernetesApi: false,
        cloudIdentity: true,
      }),
      jobPolicy(this, 'DrillPolicy', stack, selectorLabels(stack.name, drillName), {
        name: drillName,
        egress: [],
        kubernetesApi: false,
        cloudIdentity: true,
      }),
    ];

    const image = postgresImage(stack);
    const postgresSecret = k8sNames.postgresRoleSecret(stack.name, BACKUP_ROLE);
    const ca = postgresCa(postgresSecret);
    this.backup = cronJob(
      this,
      'Backup',
      stack,
      backupName,
      stack.dr.backupSchedule,
      podSpec(
        k8sNames.backupServiceAccount(stack.name),
        {
          initContainers: [
            {
              name: 'dump',
              image,
              command: sh(DUMP_SCRIPT),
              env: [
                { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: postgresSecret, key: 'url' } } },
                { name: 'BACKUP_DIR', value: BACKUP_DIR },
              ],
              resources: resources('250m', '256Mi', '1Gi'),
              securityContext: containerSecurityContext(UID),
              volumeMounts: [{ name: 'backup', mountPath: BACKUP_DIR }, { name: 'tmp', mountPath: '/tmp' }, ca.mount],
            },
          ],
          containers: [cliContainer(stack, 'upload', UPLOAD_SCRIPT)],
        },
        [ca.volume],
      ),
    );

    const scratchMounts = [
      { name: 'scratch-data', mountPath: '/var/lib/postgresql/data' },
      { name: 'scratch-run', mountPath: '/var/run/postgresql' },
      { name: 'tmp', mountPath: '/tmp' },
    ];
    const local = [
      { name: 'PGHOST', value: '127.0.0.1' },
      { name: 'PGUSER', value: 'postgres' },
    ];
    this.restoreDrill = cronJob(
      this,
      'RestoreDrill',
      stack,
      drillName,
      stack.dr.restoreDrill.schedule,
      podSpec(
        this.drillServiceAccount?.metadata.name ?? k8sNames.backupServiceAccount(stack.name),
        {
          initContainers: [
            cliContainer(stack, 'download', DOWNLOAD_SCRIPT),
            {
              // a native sidecar: it runs beside the restore and stops with the pod
              name: 'scratch-postgres',
              image,
              restartPolicy: 'Always',
              args: ['postgres', '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
              env: [
                { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                // loopback only, in a pod no NetworkPolicy admits traffic to, destroyed with it
                { name: 'POSTGRES_HOST_AUTH_METHOD', value: 'trust' },
              ],
              startupProbe: {
                exec: { command: ['pg_isready', '-h', '127.0.0.1', '-U', 'postgres'] },
                periodSeconds: 2,
                failureThreshold: 60,
              },
              resources: resources('500m', '1Gi', '2Gi'),
              securityContext: containerSecurityContext(UID),
              volumeMounts: scratchMounts,
            },
          ],
          containers: [
            {
              name: 'restore',
              image,
              command: sh(RESTORE_SCRIPT),
              env: [...local, { name: 'BACKUP_DIR', value: BACKUP_DIR }, { name: 'CHECKS_DIR', value: CHECKS_DIR }],
              resources: resources('250m', '256Mi', '1Gi'),
              securityContext: containerSecurityContext(UID),
              volumeMounts: [
                { name: 'backup', mountPath: BACKUP_DIR },
                { name: 'checks', mountPath: CHECKS_DIR, readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
        },
        [
          { name: 'checks', configMap: { name: k8sNames.restoreDrillChecks(stack.name) } },
          { name: 'scratch-data', emptyDir: {} },
          { name: 'scratch-run', emptyDir: {} },
        ],
      ),
    );
    this.rules = backupRules(this, stack);
  }
}
