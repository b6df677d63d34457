/**
 * Names of everything a stack creates. These are a public contract: a
 * deployed resource whose name changes is replaced (and a database or a
 * volume lost), so a test pins them. Change none of these without an alias.
 */

/** Kubernetes object names of a service (all in the stack's namespace). */
export const k8sNames = {
  /** Deployment or StatefulSet, Service, ServiceAccount, HPA, PDB, NetworkPolicy, Ingress. */
  workload: (service: string): string => service,
  /** The service's ConfigMap of plain environment variables. */
  config: (service: string): string => `${service}-config`,
  /** The service's ConfigMap of mounted files. */
  files: (service: string): string => `${service}-files`,
  /** The TLS secret cert-manager writes for the service's ingress. */
  tls: (service: string): string => `${service}-tls`,
  /** The namespace's default-deny NetworkPolicy. */
  defaultDeny: 'default-deny',
  /** The logical backup CronJob of the stack's PostgreSQL. */
  backup: (stack: string): string => `${stack}-pg-backup`,
  /** The restore-drill CronJob of those backups. */
  restoreDrill: (stack: string): string => `${stack}-pg-restore-drill`,
  /** The ServiceAccount both run as (the one bound to the bucket's cloud identity). */
  backupServiceAccount: (stack: string): string => `${stack}-backup`,
  /** The ConfigMap of the restore drill's checks. */
  restoreDrillChecks: (stack: string): string => `${stack}-pg-restore-drill-checks`,
  /** ExternalSecrets for the datastores' connection details. */
  datastoreSecret: (stack: string, store: 'postgres' | 'redis' | 'nats'): string => `${stack}-${store}`,
} as const;

/** The secret-manager key under which the Pulumi side writes a datastore's connection details (NATS: one password per user). */
export function datastoreRemoteKey(stack: string, environment: string, store: 'postgres' | 'redis' | 'nats'): string {
  return `${stack}/${environment}/${store}`;
}

/**
 * The JSON properties of a datastore's secret-manager entry: the Pulumi side
 * writes them, External Secrets syncs them and services read them.
 */
export const DATASTORE_KEYS = {
  postgres: ['url', 'host', 'port', 'database', 'user', 'password'],
  redis: ['url', 'host', 'port', 'password'],
} as const;

/** Pulumi logical name of a stack's child: `${stack}-${role}`. */
export function cloudName(stack: string, role: string): string {
  return `${stack}-${role}`;
}
