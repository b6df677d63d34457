/** What ProductionStack provisions on GCP. */
import type * as pulumi from '@pulumi/pulumi';
import type { ResolvedStack } from '../core/defaults';
import { cloudName, datastoreRemoteKey } from '../core/naming';
import * as gcp from '../gcp';
import { stackLabels } from './cloud-labels';

/** What a stack provisions on GCP. */
export interface GcpResources {
  /** The cloud, to narrow `CloudResources` on. */
  readonly cloud: 'gcp';
  /** The VPC. */
  readonly network: gcp.Network;
  /** The GKE cluster. */
  readonly cluster: gcp.Cluster;
  /** Cloud SQL for PostgreSQL, when the spec has `postgres`. */
  readonly postgres?: gcp.Postgres;
  /** Memorystore for Redis, when the spec has `redis`. */
  readonly redis?: gcp.Redis;
}

/**
 * Provisions the GCP resources of `spec` as children of `parent`: the network
 * (with private service access when the spec has a datastore), the cluster,
 * and Cloud SQL and Memorystore when the spec has `postgres` and `redis`, each
 * writing its connection details to Secret Manager under
 * `secretId(datastoreRemoteKey(stack, environment, store))`.
 */
export function provisionGcp(spec: ResolvedStack, parent: pulumi.Resource): GcpResources {
  const c = spec.cluster;
  const labels = stackLabels(spec);
  // Cloud NAT is a managed regional service: `singleNatGateway` has no GCP counterpart.
  const network = new gcp.Network(
    cloudName(spec.name, 'network'),
    { region: spec.region, cidr: c.networkCidr, privateServiceAccess: spec.postgres !== undefined || spec.redis !== undefined },
    { parent },
  );
  const cluster = new gcp.Cluster(
    cloudName(spec.name, 'cluster'),
    {
      network,
      region: spec.region,
      kubernetesVersion: c.kubernetesVersion,
      publicAccessCidrs: c.publicAccessCidrs,
      availabilityZones: c.availabilityZones,
      nodes: c.nodes,
      labels,
    },
    { parent },
  );
  const access = network.privateServiceAccess;
  const postgres =
    spec.postgres &&
    access &&
    new gcp.Postgres(
      cloudName(spec.name, 'postgres'),
      {
        ...spec.postgres,
        network: access,
        region: spec.region,
        secretKey: datastoreRemoteKey(spec.name, spec.environment, 'postgres'),
        labels,
      },
      { parent },
    );
  const redis =
    spec.redis &&
    access &&
    new gcp.Redis(
      cloudName(spec.name, 'redis'),
      {
        ...spec.redis,
        network: access,
        region: spec.region,
        secretKey: datastoreRemoteKey(spec.name, spec.environment, 'redis'),
        labels,
      },
      { parent },
    );
  return { cloud: 'gcp', network, cluster, postgres, redis };
}
