/** ExternalSecrets: every credential reaches the namespace from the cloud secret manager, never from a manifest. */
import type { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { DATASTORE_KEYS, datastoreRemoteKey, k8sNames, secretManagerName } from '../core/naming';
import {
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
  ExternalSecretSpecTargetTemplateMergePolicy,
} from '../imports/external-secrets.io';
import { CONTROLLER_USER, CONTROLLER_USER_KEY, natsUsers } from '../core/nats-users';
import { ExternalSecret } from './api-object';
import { stackLabels } from './labels';
import { postgresProperty } from '../core/datastore-connection';
import { verifierVariable } from '../core/postgres-bootstrap';
import { needsBootstrap, postgresRoles } from '../core/postgres-roles';

/** What one ExternalSecret syncs. */
export interface ExternalSecretSource {
  /** Name of the Kubernetes Secret written. */
  readonly name: string;
  /** Key in the secret manager. */
  readonly remoteKey: string;
  /** Kubernetes key to remote JSON property. */
  readonly properties: Readonly<Record<string, string>>;
  /** Minutes between refreshes. */
  readonly refreshMinutes: number;
  /** Literal (non-secret) keys added to the Secret by an External Secrets template. */
  readonly literals?: Readonly<Record<string, string>>;
}

function duration(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/**
 * The namespaces of the stack's ExternalSecrets: its own, where every one of {@link secretSources} syncs (the
 * services, migrations, NATS and backup jobs read them there). The stack's ClusterSecretStore serves these only.
 */
export function externalSecretNamespaces(stack: ResolvedStack): string[] {
  return [stack.namespace];
}

/** Creates an ExternalSecret (external-secrets.io/v1) reading from the stack's ClusterSecretStore, in the stack's namespace. */
export function externalSecret(scope: Construct, id: string, stack: ResolvedStack, source: ExternalSecretSource): ExternalSecret {
  return new ExternalSecret(scope, id, {
    metadata: { name: source.name, namespace: stack.namespace, labels: stackLabels(stack.name) },
    spec: {
      refreshInterval: duration(source.refreshMinutes),
      secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: stack.secretStore },
      target: {
        name: source.name,
        creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
        deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
        template: source.literals
          ? {
              engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
              mergePolicy: ExternalSecretSpecTargetTemplateMergePolicy.MERGE,
              data: { ...source.literals },
            }
          : undefined,
      },
      data: Object.entries(source.properties).map(([secretKey, property]) => ({
        secretKey,
        remoteRef: { key: secretManagerName(stack.cloud, source.remoteKey), property },
      })),
    },
  });
}

/**
 * The PostgreSQL Secrets: one per login role (lib/core/postgres-roles.ts), with the shared host, port, database
 * and CA and the role's own url, user and password; and the bootstrap Job's, with the master user's URL, the CA
 * and every role's verifier. None when there is no bootstrap (nothing connects, nothing to set up).
 */
export function postgresSources(stack: ResolvedStack): ExternalSecretSource[] {
  if (!needsBootstrap(stack)) return [];
  const roles = postgresRoles(stack);
  const remoteKey = datastoreRemoteKey(stack.name, stack.environment, 'postgres');
  return [
    ...roles.map((role) => ({
      name: k8sNames.postgresRoleSecret(stack.name, role.name),
      remoteKey,
      properties: Object.fromEntries(DATASTORE_KEYS.postgres.map((k) => [k, postgresProperty(role.name, k)])),
      refreshMinutes: 60,
    })),
    {
      name: k8sNames.postgresAdminSecret(stack.name),
      remoteKey,
      properties: {
        url: 'admin.url',
        credentials: 'admin.credentials',
        ca: 'ca',
        ...Object.fromEntries(roles.map((role) => [verifierVariable(role.name), postgresProperty(role.name, 'verifier')])),
      },
      refreshMinutes: 60,
    },
  ];
}

/** The ExternalSecrets a stack needs: its declared secrets, the connection details of each datastore a service or CronJob uses, and the NATS passwords. */
export function secretSources(stack: ResolvedStack): ExternalSecretSource[] {
  const sources: ExternalSecretSource[] = stack.secrets.map((s) => ({
    name: s.name,
    remoteKey: s.remoteKey,
    properties: Object.fromEntries(s.keys.map((k) => [k, s.properties[k] ?? k])),
    refreshMinutes: s.refreshMinutes,
  }));
  sources.push(...postgresSources(stack));
  // the services and CronJobs with `redis`, and the redis_exporter every stack with Redis runs
  if (stack.redis) {
    sources.push({
      name: k8sNames.datastoreSecret(stack.name, 'redis'),
      remoteKey: datastoreRemoteKey(stack.name, stack.environment, 'redis'),
      properties: Object.fromEntries(DATASTORE_KEYS.redis.map((k) => [k, k])),
      refreshMinutes: 60,
    });
  }
  if (stack.nats) {
    const users = natsUsers(stack);
    sources.push({
      name: k8sNames.datastoreSecret(stack.name, 'nats'),
      remoteKey: datastoreRemoteKey(stack.name, stack.environment, 'nats'),
      properties: Object.fromEntries(users.map((u) => [u, u])),
      refreshMinutes: 60,
      literals: { [CONTROLLER_USER_KEY]: CONTROLLER_USER },
    });
  }
  return sources;
}
