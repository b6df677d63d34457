/**
 * The bootstrap Job of the stack's PostgreSQL: connects as the master user, the one pod that ever does, and
 * creates the login roles of lib/core/postgres-roles.ts with their grants (the SQL of
 * lib/core/postgres-bootstrap.ts), before any migration runs: Argo CD's sync wave `-2` (migrations are `-1`),
 * and on the Pulumi side every pod that connects as one of the roles waits for it (`Workloads`).
 *
 * The Job is named after a hash of its script, so a change of the roles (a new service, a role's access) runs a
 * new Job, and an unchanged spec runs none. It sets each role's SCRAM verifier, never its password: the server
 * never receives a password to log. On a read replica (the standby region) the script does nothing: the roles
 * and their verifiers replicate from the primary.
 */
import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { bootstrapSql, verifierVariable } from '../core/postgres-bootstrap';
import { type PostgresRole, postgresRoles } from '../core/postgres-roles';
import { Job, ServiceAccount } from './api-object';
import { jobPodLabels, jobPodSpec } from './jobs';
import { selectorLabels, stackLabels } from './labels';
import { jobPolicy } from './network-policy';
import { SYNC_WAVE, SYNC_WAVE_ANNOTATION } from './sync-waves';

/** The PostgreSQL image whose client matches the server's major version (pg_dump and psql must not be older than the server). */
export function postgresImage(stack: ResolvedStack): string {
  return `postgres:${stack.postgres!.engineVersion.split('.')[0]}-alpine`;
}

/** The `app.kubernetes.io/component` label of the bootstrap Job and its pod. */
export const BOOTSTRAP_COMPONENT = 'postgres-bootstrap';

/** The `postgres` user of the official image. */
export const POSTGRES_IMAGE_UID = 70;

/** The environment variable carrying a role's verifier into the Job's container. */
function verifierEnv(role: string): string {
  return `VERIFIER_${role.toUpperCase()}`;
}

/** Environment variable of the master user's URL. */
const ADMIN_URL_ENV = 'PGADMIN_URL';
/** Environment variable of the script. */
const SQL_ENV = 'BOOTSTRAP_SQL';
/** Environment variable of the credentials digest of the document External Secrets synced (`admin.credentials`). */
const SYNCED_ENV = 'SYNCED_CREDENTIALS';
/**
 * Environment variable of the credentials digest of the document the Pulumi side wrote (`Workloads` sets it): until
 * the synced one matches, the Job fails and retries rather than set the verifiers of an older document.
 */
export const EXPECTED_CREDENTIALS_ENV = 'EXPECTED_CREDENTIALS';

/** The shell command that runs the script: psql as the master user, stopping at the first error, each verifier a variable. */
export function bootstrapCommand(roles: readonly PostgresRole[]): string[] {
  const variables = roles.map((r) => `-v "${verifierVariable(r.name)}=$${verifierEnv(r.name)}"`).join(' ');
  const synced = `[ -z "$${EXPECTED_CREDENTIALS_ENV}" ] || [ "$${EXPECTED_CREDENTIALS_ENV}" = "$${SYNCED_ENV}" ] || { echo 'the credentials External Secrets synced are not the ones deployed yet: retrying' >&2; exit 1; }`;
  return [
    'sh',
    '-ec',
    `${synced}\nprintf '%s\\n' "$${SQL_ENV}" | psql "$${ADMIN_URL_ENV}" --no-psqlrc -v ON_ERROR_STOP=1 ${variables} -f -`,
  ];
}

/** The bootstrap Job's name: `<stack>-postgres-bootstrap-<hash of its script and image>` (Jobs are immutable). */
export function bootstrapJobName(stack: ResolvedStack, sql: string): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([sql, postgresImage(stack)]))
    .digest('hex')
    .slice(0, 8);
  return `${k8sNames.postgresBootstrap(stack.name)}-${hash}`;
}

/** The bootstrap Job, its ServiceAccount (no API token) and the egress policy of its pod (the database only). */
export class PostgresBootstrap extends Construct {
  /** The Job. */
  public readonly job: k8s.KubeJob;
  /** Its ServiceAccount. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Its pod's NetworkPolicy. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, stack: ResolvedStack) {
    super(scope, id);
    const roles = postgresRoles(stack);
    const { databaseName, extensions, schemas, searchPath } = stack.postgres!;
    const sql = bootstrapSql(databaseName, roles, { extensions, schemas, searchPath });
    const name = k8sNames.postgresBootstrap(stack.name);
    const labels = { ...selectorLabels(stack.name, name), 'app.kubernetes.io/component': BOOTSTRAP_COMPONENT };
    const metadata = { name, namespace: stack.namespace, labels: { ...stackLabels(stack.name), ...labels } };
    this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', { metadata, automountServiceAccountToken: false });
    this.networkPolicy = jobPolicy(this, 'NetworkPolicy', stack, labels, { name, postgres: {}, egress: [], kubernetesApi: false });
    const admin = k8sNames.postgresAdminSecret(stack.name);
    const fromAdmin = (env: string, key: string): k8s.EnvVar => ({ name: env, valueFrom: { secretKeyRef: { name: admin, key } } });
    this.job = new Job(this, 'Resource', {
      metadata: {
        ...metadata,
        name: bootstrapJobName(stack, sql),
        annotations: { [SYNC_WAVE_ANNOTATION]: SYNC_WAVE.postgresBootstrap },
      },
      spec: {
        backoffLimit: 3,
        activeDeadlineSeconds: 600,
        template: {
          metadata: { labels: jobPodLabels(stack, labels) },
          spec: jobPodSpec(name, POSTGRES_IMAGE_UID, admin, {
            name: 'bootstrap',
            image: postgresImage(stack),
            command: bootstrapCommand(roles),
            env: [
              fromAdmin(ADMIN_URL_ENV, 'url'),
              fromAdmin(SYNCED_ENV, 'credentials'),
              ...roles.map((r) => fromAdmin(verifierEnv(r.name), verifierVariable(r.name))),
              { name: SQL_ENV, value: sql },
            ],
            resources: {
              requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
              limits: { memory: k8s.Quantity.fromString('128Mi') },
            },
          }),
        },
      },
    });
  }
}
