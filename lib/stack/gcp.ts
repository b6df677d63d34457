/** What ProductionStack provisions on GCP. */
import type * as pulumi from '@pulumi/pulumi';
import { dns01ChallengeZone } from '../addons/manifests';
import { type ResolvedStack, cloudRedisSettings } from '../core/resolve';
import { postgresRoles } from '../core/postgres-roles';
import { cloudName, datastoreRemoteKey, k8sNames } from '../core/naming';
import * as gcp from '../gcp';
import { standbySubnetRanges } from '../gcp/standby';
import { secretSources } from '../k8s/external-secret';
import { cloudLabels } from './cloud-labels';
import { instanceSettings, primarySeed, replicaSettings, standbyRoles } from './replica';

declare module '../core/clouds' {
  /** The stack's GCP resources in the registry of cloud types (see `CloudTypes`; the components' are in `lib/gcp`). */
  interface CloudTypes {
    'gcp.resources': GcpResources;
  }
}

/** What a stack provisions on GCP. */
export interface GcpResources {
  /** The cloud, to narrow `CloudResources` on. */
  readonly cloud: 'gcp';
  /** The project services the stack enables (`<stack>-apis`, see {@link provisionProjectServices}). */
  readonly services: gcp.ProjectServices;
  /** The VPC. */
  readonly network: gcp.Network;
  /** The GKE cluster. */
  readonly cluster: gcp.Cluster;
  /** Cloud SQL for PostgreSQL, when the spec has `postgres`. */
  readonly postgres?: gcp.Postgres;
  /** Memorystore for Redis, when the spec has `redis`. */
  readonly redis?: gcp.Redis;
  /**
   * The logical backups' GCS bucket (`<stack>-backups`), when `dr.logicalBackups`; with the Google
   * service accounts of the `<stack>-backup` ServiceAccount (object admin) and of `<stack>-restore-drill`
   * (object viewer) unless the spec gives `dr.backupIdentity`.
   */
  readonly backups?: gcp.BackupBucket;
  /**
   * The standby region (`<stack>-standby`), when the spec has `dr.standbyRegion`: its subnet and
   * cluster, the database's cross-region replica, a Memorystore instance, the failover DNS record
   * and the database's events.
   */
  readonly standby?: gcp.Standby;
  /**
   * The Cloud DNS zone of cert-manager's DNS-01 challenges (`<stack>-acme`, see {@link gcp.acmeChallengeZone}),
   * when the stack's gateway serves `dr.dns.name`: both clusters' cert-manager may administer that zone only.
   */
  readonly acmeChallengeZone?: gcp.AcmeChallengeZone;
}

/**
 * The project services of a stack (`<stack>-apis`, a child of `parent`): Secret Manager from the start when
 * External Secrets reads any secret (see `secretSources`), every other service as the first resource whose
 * type needs it asks for it (see {@link gcp.requireProjectServices}, which ProductionStack gives its descendants).
 */
export function provisionProjectServices(spec: ResolvedStack, parent: pulumi.Resource): gcp.ProjectServices {
  const services = secretSources(spec).length > 0 ? [gcp.SECRET_MANAGER_SERVICE] : [];
  return new gcp.ProjectServices(cloudName(spec.name, 'apis'), { services }, { parent });
}

/** The services the clusters' lookups (the region's zones, the project's number) call, enabled: the cluster components wait for them. */
function clusterLookups(services: gcp.ProjectServices): pulumi.Resource[] {
  return services.forTypes([gcp.ZONES_LOOKUP, gcp.PROJECT_LOOKUP]);
}

/**
 * Provisions the GCP resources of `spec` as children of `parent`: the network
 * (with private service access when the spec has a datastore), the cluster,
 * and Cloud SQL and Memorystore when the spec has `postgres` and `redis`, each
 * writing its connection details to Secret Manager under
 * `secretId(datastoreRemoteKey(stack, environment, store))`; with logical
 * backups, their bucket (see {@link provisionBackups}); and with DNS-01 hosts,
 * the zone of their challenges (`dns01ChallengeZone`). The clusters' lookups wait
 * for the project services they call, enabled in `services`.
 */
export function provisionGcp(spec: ResolvedStack, parent: pulumi.Resource, services: gcp.ProjectServices): GcpResources {
  const c = spec.cluster;
  const labels = cloudLabels(spec);
  // Cloud NAT is a managed regional service: `singleNatGateway` has no GCP counterpart.
  const network = new gcp.Network(
    cloudName(spec.name, 'network'),
    { region: spec.region, cidr: c.networkCidr, privateServiceAccess: spec.postgres !== undefined || spec.redis !== undefined },
    { parent },
  );
  const standbyRegion = spec.dr.standbyRegion;
  const cluster = new gcp.Cluster(
    cloudName(spec.name, 'cluster'),
    {
      network,
      region: spec.region,
      kubernetesVersion: c.kubernetesVersion,
      publicAccessCidrs: c.publicAccessCidrs,
      // a deployer in the standby region's subnet reaches this cluster too (the standby's cluster admits this subnet)
      ...(standbyRegion === undefined ? {} : { peerSubnets: [{ region: standbyRegion, cidr: standbySubnetRanges(network).cidr }] }),
      availabilityZones: c.availabilityZones,
      nodes: c.nodes,
      labels,
    },
    { parent, dependsOn: clusterLookups(services) },
  );
  const access = network.privateServiceAccess;
  const seed = primarySeed(spec);
  const postgres =
    spec.postgres &&
    access &&
    new gcp.Postgres(
      cloudName(spec.name, 'postgres'),
      {
        ...instanceSettings(spec.postgres),
        network: access,
        region: spec.region,
        secretKey: datastoreRemoteKey(spec.name, spec.environment, 'postgres'),
        roles: postgresRoles(spec).map((r) => r.name),
        labels,
        ...(seed ? { seed: { source: seed.source, promoted: seed.promoted, generation: seed.generation } } : {}),
      },
      { parent },
    );
  const redis =
    spec.redis &&
    access &&
    new gcp.Redis(
      cloudName(spec.name, 'redis'),
      {
        ...cloudRedisSettings(spec.redis, 'gcp'),
        network: access,
        region: spec.region,
        secretKey: datastoreRemoteKey(spec.name, spec.environment, 'redis'),
        labels,
      },
      { parent },
    );
  const backups = spec.dr.logicalBackups ? provisionBackups(spec, cluster, parent) : undefined;
  const standby =
    standbyRegion === undefined ? undefined : provisionStandby(spec, standbyRegion, network, postgres, parent, clusterLookups(services));
  if (seed && standby?.postgres) seed.resolve(standby.postgres.instance.name);
  const challengeZone = dns01ChallengeZone(spec);
  const acmeChallengeZone = challengeZone && gcp.acmeChallengeZone(cloudName(spec.name, 'acme'), { ...challengeZone, labels }, parent);
  return { cloud: 'gcp', services, network, cluster, postgres, redis, backups, standby, acmeChallengeZone };
}

/**
 * The standby region, `dr.standbyRegion`, as `dr.mode` asks and with `dr.activeRegion` deciding which
 * region serves (see {@link gcp.Standby}): a subnet of the stack's VPC and a cluster with the same
 * settings, a replica of `postgres` and a Memorystore instance writing their connection details to
 * regional secrets of the standby region under the same IDs, the failover record of `dr.dns`, and
 * the topic `<stack>-dr-events`. The standby, and its cluster's lookups, wait for `dependsOn`.
 */
export function provisionStandby(
  spec: ResolvedStack,
  standbyRegion: string,
  network: gcp.Network,
  postgres: gcp.Postgres | undefined,
  parent: pulumi.Resource,
  dependsOn: pulumi.Resource[] = [],
): gcp.Standby {
  const c = spec.cluster;
  const access = network.privateServiceAccess;
  const dns = spec.dr.dns;
  return new gcp.Standby(
    cloudName(spec.name, 'standby'),
    {
      ...standbyRoles(spec, standbyRegion),
      network,
      cluster: {
        kubernetesVersion: c.kubernetesVersion,
        publicAccessCidrs: c.publicAccessCidrs,
        availabilityZones: c.availabilityZones,
        nodes: c.nodes,
      },
      ...(postgres && spec.postgres && access
        ? {
            postgres: {
              ...replicaSettings(spec.postgres),
              network: access,
              source: postgres,
              secretKey: datastoreRemoteKey(spec.name, spec.environment, 'postgres'),
            },
          }
        : {}),
      ...(spec.redis
        ? { redis: { ...cloudRedisSettings(spec.redis, 'gcp'), secretKey: datastoreRemoteKey(spec.name, spec.environment, 'redis') } }
        : {}),
      ...(dns
        ? {
            dns: { managedZone: dns.zoneId, name: dns.name, targets: dns.targets, healthCheckPath: dns.healthCheckPath, hosts: dns.hosts },
          }
        : {}),
      eventsTopicName: cloudName(spec.name, 'dr-events'),
      labels: cloudLabels(spec),
    },
    { parent, dependsOn },
  );
}

/**
 * The bucket of the logical backups, `dr.backupBucket` (a dual-region with `dr.standbyRegion`
 * when set); and the Google service accounts of the backup's ServiceAccount (`<namespace>/<stack>-backup`,
 * object admin) and the restore drill's (`<namespace>/<stack>-restore-drill`, object viewer), through
 * Workload Identity, unless the spec brings its own identity in `dr.backupIdentity`, which both jobs then use.
 */
export function provisionBackups(spec: ResolvedStack, cluster: gcp.Cluster, parent: pulumi.Resource): gcp.BackupBucket {
  return new gcp.BackupBucket(
    cloudName(spec.name, 'backups'),
    {
      bucketName: spec.dr.backupBucket,
      region: spec.region,
      standbyRegion: spec.dr.standbyRegion,
      retentionDays: spec.dr.backupRetentionDays,
      ...(spec.dr.backupIdentity === undefined
        ? {
            serviceAccount: { cluster, namespace: spec.namespace, name: k8sNames.backupServiceAccount(spec.name) },
            drillServiceAccount: { cluster, namespace: spec.namespace, name: k8sNames.restoreDrillServiceAccount(spec.name) },
          }
        : {}),
      labels: cloudLabels(spec),
    },
    { parent },
  );
}
