/** What ProductionStack provisions on GCP. */
import type * as pulumi from '@pulumi/pulumi';
import type { ResolvedStack } from '../core/defaults';
import { cloudName } from '../core/naming';
import * as gcp from '../gcp';
import { stackLabels } from './cloud-labels';

/** What a stack provisions on GCP. */
export interface GcpResources {
  readonly cloud: 'gcp';
  /** The VPC. */
  readonly network: gcp.Network;
  /** The GKE cluster. */
  readonly cluster: gcp.Cluster;
}

/** Provisions the GCP resources of `spec` as children of `parent`. */
export function provisionGcp(spec: ResolvedStack, parent: pulumi.Resource): GcpResources {
  const c = spec.cluster;
  // Cloud NAT is a managed regional service: `singleNatGateway` has no GCP counterpart.
  const network = new gcp.Network(cloudName(spec.name, 'network'), { region: spec.region, cidr: c.networkCidr }, { parent });
  const cluster = new gcp.Cluster(
    cloudName(spec.name, 'cluster'),
    {
      network,
      region: spec.region,
      kubernetesVersion: c.kubernetesVersion,
      publicAccessCidrs: c.publicAccessCidrs,
      availabilityZones: c.availabilityZones,
      nodes: c.nodes,
      labels: stackLabels(spec),
    },
    { parent },
  );
  return { cloud: 'gcp', network, cluster };
}
