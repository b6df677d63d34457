/** What ProductionStack provisions on AWS. */
import type * as pulumi from '@pulumi/pulumi';
import * as aws from '../aws';
import type { ResolvedStack } from '../core/defaults';
import { cloudName } from '../core/naming';
import { stackLabels } from './cloud-labels';

/** What a stack provisions on AWS. */
export interface AwsResources {
  readonly cloud: 'aws';
  /** The VPC. */
  readonly network: aws.Network;
  /** The EKS cluster. */
  readonly cluster: aws.Cluster;
}

/** Provisions the AWS resources of `spec` as children of `parent`. */
export function provisionAws(spec: ResolvedStack, parent: pulumi.Resource): AwsResources {
  const c = spec.cluster;
  const tags = stackLabels(spec);
  const network = new aws.Network(
    cloudName(spec.name, 'network'),
    { cidr: c.networkCidr, availabilityZones: c.availabilityZones, singleNatGateway: c.singleNatGateway, region: spec.region, tags },
    { parent },
  );
  const cluster = new aws.Cluster(
    cloudName(spec.name, 'cluster'),
    { network, kubernetesVersion: c.kubernetesVersion, publicAccessCidrs: c.publicAccessCidrs, nodes: c.nodes, region: spec.region, tags },
    { parent },
  );
  return { cloud: 'aws', network, cluster };
}
