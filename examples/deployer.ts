/**
 * The deployer's way in: the clusters' API endpoints are private (reachable from their own network only), and a
 * first `pulumi up` runs from outside the network it creates. `pulumi config set --path 'deployerCidrs[0]'
 * 203.0.113.7/32` (a runner's egress address) admits those addresses to the endpoints of the example's clusters
 * (`cluster.publicAccessCidrs`); without it the endpoints stay private and `up` must run from inside the network.
 */
import * as pulumi from '@pulumi/pulumi';
import type { ProductionStackProps } from 'production-stack';

/** `spec` with the stack's `deployerCidrs` config added to `cluster.publicAccessCidrs`. */
export function withDeployer(spec: ProductionStackProps): ProductionStackProps {
  const cidrs = new pulumi.Config().getObject<string[]>('deployerCidrs') ?? [];
  if (cidrs.length === 0) return spec;
  const cluster = spec.cluster ?? {};
  return { ...spec, cluster: { ...cluster, publicAccessCidrs: [...(cluster.publicAccessCidrs ?? []), ...cidrs] } };
}
