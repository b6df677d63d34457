/**
 * The exporter of one managed datastore (lib/core/exporters.ts): a postgres_exporter connecting as `app_monitor`
 * (a member of `pg_monitor`, nothing of the application's data) or a redis_exporter with Redis's AUTH token, each
 * over TLS verified against the connection secret's CA, in a restricted pod out of the mesh, one replica
 * (`Recreate`: a rollout never runs two; its PDB lets a drain evict it), reachable by the monitoring namespace on its metrics port only, and
 * reaching the cluster's DNS and its datastore only. Its PodMonitor (lib/monitoring/scrape.ts) gives its series the
 * stack's `namespace`. While it is down, or not yet scraped, the datastore alerts' `absent()` companions fire.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { EXPORTERS, EXPORTER_PORT_NAME, EXPORTER_RESOURCES as RESOURCES, type ExportedStore } from '../core/exporters';
import { k8sNames } from '../core/naming';
import { MONITOR_ROLE } from '../core/postgres-roles';
import { exporterMonitor } from '../monitoring/scrape';
import { Deployment, NetworkPolicy, type PodMonitor, ServiceAccount } from './api-object';
import { postgresCa } from './datastore-ca';
import { disruptionBudget } from './disruption-budget';
import { jobPodLabels } from './jobs';
import { imageVersion, selectorLabels, serviceLabels } from './labels';
import { egressRules } from './network-policy';
import { topologySpread } from './pod';
import { REVISION_HISTORY_LIMIT } from './workload';
import { containerSecurityContext, podSecurityContext } from './security';

/** Where the Redis CA is mounted in the redis_exporter. */
const REDIS_CA_DIR = '/etc/redis-ca';

const secretEnv = (name: string, secret: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });

/**
 * The arguments of postgres_exporter: no per-table collectors (a series set per table and index, which a large or
 * partitioned schema turns into tens of thousands of series; no alert reads them).
 */
export const POSTGRES_EXPORTER_ARGS = ['--no-collector.stat_user_tables', '--no-collector.statio_user_tables'];

/** The container's arguments and environment, and the CA volume and its mount, of a store's exporter. */
function connection(
  stack: ResolvedStack,
  store: ExportedStore,
): { args?: string[]; env: k8s.EnvVar[]; volume: k8s.Volume; mount: k8s.VolumeMount } {
  if (store === 'postgres') {
    const secret = k8sNames.postgresRoleSecret(stack.name, MONITOR_ROLE);
    return {
      args: POSTGRES_EXPORTER_ARGS,
      env: [
        // the role's URL: sslmode=verify-full with sslrootcert at the mounted CA (lib/pq reads both)
        secretEnv('DATA_SOURCE_NAME', secret, 'url'),
        // the clouds' own databases, which the master's roles may not read (errors at every scrape otherwise)
        { name: 'PG_EXPORTER_EXCLUDE_DATABASES', value: 'rdsadmin,cloudsqladmin' },
      ],
      ...postgresCa(secret),
    };
  }
  const secret = k8sNames.datastoreSecret(stack.name, 'redis');
  return {
    env: [
      secretEnv('REDIS_HOST', secret, 'host'),
      secretEnv('REDIS_PORT', secret, 'port'),
      { name: 'REDIS_ADDR', value: 'rediss://$(REDIS_HOST):$(REDIS_PORT)' },
      secretEnv('REDIS_PASSWORD', secret, 'password'),
      { name: 'REDIS_EXPORTER_TLS_CA_CERT_FILE', value: `${REDIS_CA_DIR}/ca.crt` },
      // ElastiCache and Memorystore refuse CONFIG: INFO carries maxmemory, which the alerts read
      { name: 'REDIS_EXPORTER_CONFIG_COMMAND', value: '-' },
      // no /scrape?target=…&check-single-keys=…: it would read any key's value with the AUTH token, for whoever
      // can make Prometheus scrape it (any PodMonitor); and no key value as a label, ever
      { name: 'REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT', value: 'true' },
      { name: 'REDIS_EXPORTER_DISABLE_EXPORTING_KEY_VALUES', value: 'true' },
    ],
    volume: { name: 'redis-ca', secret: { secretName: secret, items: [{ key: 'ca', path: 'ca.crt' }], defaultMode: 0o444 } },
    mount: { name: 'redis-ca', mountPath: REDIS_CA_DIR, readOnly: true },
  };
}

/** The exporter of one datastore: its ServiceAccount, Deployment, PodDisruptionBudget, NetworkPolicy and PodMonitor. */
export class DatastoreExporter extends Construct {
  /** Its ServiceAccount, without an API token. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Its Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** Its pod's NetworkPolicy. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** Its PodDisruptionBudget: the default's, one pod evictable (so a drain never waits for it). */
  public readonly disruptionBudget: k8s.KubePodDisruptionBudget;
  /** Its PodMonitor. */
  public readonly monitor: PodMonitor;

  constructor(scope: Construct, id: string, stack: ResolvedStack, store: ExportedStore) {
    super(scope, id);
    const exporter = EXPORTERS[store];
    const name = k8sNames.datastoreExporter(stack.name, store);
    const selector = selectorLabels(stack.name, name);
    const labels = serviceLabels(stack.name, name, imageVersion(exporter.image));
    const metadata = { name, namespace: stack.namespace, labels };
    const port = k8s.IntOrString.fromNumber(exporter.port);
    const { args, env, volume, mount } = connection(stack, store);
    this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', { metadata, automountServiceAccountToken: false });
    const probe = (failureThreshold: number): k8s.Probe => ({
      httpGet: { path: '/', port },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold,
    });
    this.deployment = new Deployment(this, 'Deployment', {
      metadata,
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        revisionHistoryLimit: REVISION_HISTORY_LIMIT,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: jobPodLabels(stack, labels) },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            topologySpreadConstraints: topologySpread({ matchLabels: selector }),
            securityContext: podSecurityContext(exporter.uid),
            containers: [
              {
                name: 'exporter',
                image: exporter.image,
                ...(args ? { args } : {}),
                ports: [{ name: EXPORTER_PORT_NAME, containerPort: exporter.port, protocol: 'TCP' }],
                env,
                resources: {
                  requests: {
                    cpu: k8s.Quantity.fromString(RESOURCES.requests.cpu),
                    memory: k8s.Quantity.fromString(RESOURCES.requests.memory),
                  },
                  limits: { memory: k8s.Quantity.fromString(RESOURCES.limits.memory) },
                },
                livenessProbe: probe(6),
                readinessProbe: probe(3),
                securityContext: containerSecurityContext(exporter.uid),
                volumeMounts: [mount],
              },
            ],
            volumes: [volume],
          },
        },
      },
    });
    this.disruptionBudget = disruptionBudget(this, stack, { name, image: exporter.image, minAvailable: undefined });
    this.networkPolicy = new NetworkPolicy(this, 'NetworkPolicy', {
      metadata,
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': stack.monitoring.namespace } } }],
            ports: [{ protocol: 'TCP', port }],
          },
        ],
        egress: egressRules(stack, { name, [store]: true, egress: [], kubernetesApi: false }),
      },
    });
    this.monitor = exporterMonitor(this, 'Monitor', stack, name);
  }
}
