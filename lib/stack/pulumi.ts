/** The Pulumi side of ProductionStack: the cloud resources a spec describes. */
import * as pulumi from '@pulumi/pulumi';
import * as aws from '../aws';
import { type ResolvedStack, resolve } from '../core/defaults';
import { cloudName } from '../core/naming';
import type { ProductionStackProps } from '../core/spec/stack';
import { validate } from '../core/validation';
import * as gcp from '../gcp';

/** Arguments of the Pulumi {@link ProductionStack}: the same spec as the cdk8s chart's props. */
export type ProductionStackArgs = ProductionStackProps;

/** Type token of {@link ProductionStack}. */
export const PRODUCTION_STACK_TYPE = 'production-stack:index:ProductionStack';

/** What a stack provisions on AWS. */
export interface AwsResources {
  readonly cloud: 'aws';
  /** The VPC. */
  readonly network: aws.Network;
  /** The EKS cluster. */
  readonly cluster: aws.Cluster;
}

/** What a stack provisions on GCP. */
export interface GcpResources {
  readonly cloud: 'gcp';
  /** The VPC. */
  readonly network: gcp.Network;
  /** The GKE cluster. */
  readonly cluster: gcp.Cluster;
}

/** The cloud resources of a stack, by cloud. */
export type CloudResources = AwsResources | GcpResources;

/**
 * Tags (AWS) and labels (GCP) of every resource of a stack. Keys and values
 * satisfy both clouds' rules (GCP labels: lowercase, digits, `-`, `_`).
 */
export function stackLabels(spec: ResolvedStack): Record<string, string> {
  return { stack: spec.name, environment: spec.environment, 'managed-by': 'production-stack' };
}

function provisionAws(spec: ResolvedStack, parent: pulumi.Resource): AwsResources {
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

function provisionGcp(spec: ResolvedStack, parent: pulumi.Resource): GcpResources {
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

/** Validates the spec (throwing one `ValidationError` listing every problem) before anything registers. */
function validated(
  args: ProductionStackArgs,
  opts: pulumi.ComponentResourceOptions | undefined,
): pulumi.ComponentResourceOptions | undefined {
  validate(args);
  return opts;
}

/**
 * A production deployment on AWS or GCP, from the same spec as the cdk8s
 * `ProductionStack` chart: the network and the Kubernetes cluster of
 * `spec.cloud`, in `spec.region`.
 *
 * The spec is validated first: an invalid spec throws one `ValidationError`
 * listing every problem, and nothing is registered. Children are named
 * `cloudName(spec.name, <role>)` (`<name>-network`, `<name>-cluster`); these
 * names are a public contract, pinned by a test.
 *
 * @example
 * new ProductionStack(spec.name, spec);
 */
export class ProductionStack extends pulumi.ComponentResource {
  /** The spec with every default applied. */
  public readonly spec: ResolvedStack;
  /** The cloud resources: network and cluster, typed by cloud (narrow on `cloud`). */
  public readonly cloud: CloudResources;
  /** Name of the Kubernetes cluster. */
  public readonly clusterName: pulumi.Output<string>;
  /** Kubeconfig of the cluster (exec-based credentials), as a secret. */
  public readonly kubeconfig: pulumi.Output<string>;

  constructor(name: string, args: ProductionStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PRODUCTION_STACK_TYPE, name, {}, validated(args, opts));
    this.spec = resolve(args);
    this.cloud = this.spec.cloud === 'aws' ? provisionAws(this.spec, this) : provisionGcp(this.spec, this);
    this.clusterName = this.cloud.cluster.clusterName;
    this.kubeconfig = this.cloud.cluster.kubeconfig;
    this.registerOutputs({ clusterName: this.clusterName, kubeconfig: this.kubeconfig });
  }
}
