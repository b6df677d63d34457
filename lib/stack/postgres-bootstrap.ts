/**
 * The PostgreSQL bootstrap Job as Pulumi deploys it (lib/k8s/postgres-bootstrap.ts makes it). Its name follows its
 * script, which holds no credential, so two things the chart cannot see must run it again: a password generated
 * anew, and a failover that promotes this cluster's database. `Workloads` gives the Job the digest of the document
 * the Pulumi side wrote (`EXPECTED_CREDENTIALS`, which the Job compares with what External Secrets synced) and the
 * cluster's role (a pod annotation): a change of either changes the Job's pod template, which Kubernetes never
 * updates, so Pulumi replaces the Job, deleting it first (its name stays). The PostgreSQL ExternalSecrets get the
 * digest as `force-sync`, so External Secrets reads the new document at once rather than within the hour.
 */
import * as pulumi from '@pulumi/pulumi';
import { k8sNames } from '../core/naming';
import type { ProductionStackProps } from '../core/spec/stack';
import { BOOTSTRAP_COMPONENT, EXPECTED_CREDENTIALS_ENV } from '../k8s/postgres-bootstrap';
import type { DeployedManifest, KubernetesManifest, WorkloadScale } from './workloads';

/** The pod annotation that carries the cluster's role (`full`, `pilot-light`, `warm-standby`). */
export const CLUSTER_ROLE_ANNOTATION = 'production-stack/cluster-role';

/** External Secrets reads the secret manager again whenever this annotation of an ExternalSecret changes. */
export const FORCE_SYNC_ANNOTATION = 'force-sync';

type PodTemplate = { metadata?: { annotations?: Record<string, string> }; spec: { containers: { env?: unknown[] }[] } };

/** Whether an object is the stack's PostgreSQL bootstrap Job (by its component label: a name prefix a service could take). */
export function isPostgresBootstrap(m: KubernetesManifest): boolean {
  const template = (m.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template;
  return m.kind === 'Job' && template?.metadata?.labels?.['app.kubernetes.io/component'] === BOOTSTRAP_COMPONENT;
}

/** Whether an object is the ExternalSecret of one of the stack's PostgreSQL Secrets (a login role's, or the master's). */
export function isPostgresSecret(spec: ProductionStackProps, m: KubernetesManifest): boolean {
  return m.kind === 'ExternalSecret' && m.metadata.name.startsWith(`${spec.name}-postgres-`);
}

/** What the bootstrap Job's pod needs besides the namespace and the add-ons: its ServiceAccount, NetworkPolicy and Secret. */
export function isBootstrapPrerequisite(spec: ProductionStackProps, m: KubernetesManifest): boolean {
  const own = k8sNames.postgresBootstrap(spec.name);
  return (
    ((m.kind === 'ServiceAccount' || m.kind === 'NetworkPolicy') && m.metadata.name === own) ||
    (m.kind === 'ExternalSecret' && m.metadata.name === k8sNames.postgresAdminSecret(spec.name))
  );
}

/**
 * The cluster's role the bootstrap Job runs again for: its scale, but a drained serving region's is `full` (its
 * database is the same primary: draining and undraining need no second run).
 */
function clusterRole(scale: WorkloadScale): WorkloadScale {
  return scale === 'drained' ? 'full' : scale;
}

/** The bootstrap Job with the digest it must find synced (`EXPECTED_CREDENTIALS`) and the cluster's role on its pod. */
export function withCredentials(m: KubernetesManifest, digest: pulumi.Input<string>, scale: WorkloadScale): DeployedManifest {
  const spec = m.spec as { template: PodTemplate } & Record<string, unknown>;
  const { template } = spec;
  return {
    ...m,
    spec: pulumi.output(digest).apply((value) => ({
      ...spec,
      template: {
        ...template,
        metadata: {
          ...template.metadata,
          annotations: { ...template.metadata?.annotations, [CLUSTER_ROLE_ANNOTATION]: clusterRole(scale) },
        },
        spec: {
          ...template.spec,
          containers: template.spec.containers.map((c) => ({
            ...c,
            env: [...(c.env ?? []), { name: EXPECTED_CREDENTIALS_ENV, value: value }],
          })),
        },
      },
    })),
  };
}
