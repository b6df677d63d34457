/**
 * Karpenter's custom resources on an EKS cluster: the EC2NodeClass (how a node is launched: AMI, subnets,
 * security group, disk, instance metadata) and the NodePool (which instances, how many, when they go),
 * derived from the spec's node pool; and the NetworkPolicies of its namespace. Plain functions; no Pulumi.
 */
import type { ResolvedStack } from '../core/resolve';
import { cloudProfile } from '../core/cloud';
import { KARPENTER_DISCOVERY_TAG, type KarpenterPoolSizes, ec2InstanceShape, karpenterLimits } from '../core/karpenter';
import { ADDON_NAMESPACES, CHARTS } from './charts';
import type { Manifest } from './manifests';
import { addonDefaultDeny, addonPolicy, apiServerEgress, cloudApiEgress, scrapedBy } from './policy-rules';

/**
 * The AMI of Karpenter's nodes: Amazon Linux 2023, the EKS-optimized release `v20260714` (its AMIs for
 * Kubernetes 1.33 to 1.36; amazon-eks-ami's changelog), pinned so a node changes only when this does (an
 * alias without a version, `al2023@latest`, would replace every node whenever AWS publishes one). Karpenter
 * reads the AMI of the cluster's Kubernetes version and each instance's architecture from the release's
 * public SSM parameters. Move it on with the Kubernetes version: a release older than a Kubernetes minor has
 * no AMI for it, and Karpenter launches nothing until it names one that has.
 */
export const KARPENTER_AMI_ALIAS = 'al2023@v20260714';

/** Name of the EC2NodeClass and of the NodePool (one of each per cluster). */
export const KARPENTER_NODE_CLASS = 'default';
export const KARPENTER_NODE_POOL = 'default';

/** The root device of the Amazon Linux 2023 AMIs (the managed node group's launch template names the same). */
export const KARPENTER_ROOT_DEVICE = '/dev/xvda';

/**
 * When Karpenter may take nodes away: empty or underutilized nodes (their pods fit elsewhere) once they have
 * been so for `consolidateAfter`, one node at a time (the budget), so PodDisruptionBudgets and one-per-host
 * anti-affinity always have a node to move to.
 */
export const KARPENTER_DISRUPTION = {
  consolidationPolicy: 'WhenEmptyOrUnderutilized',
  consolidateAfter: '5m',
  budgets: [{ nodes: '1' }],
} as const;

/** How long a node lives before Karpenter replaces it (fresh AMI, no drift): 30 days, Karpenter's default, stated. */
export const KARPENTER_EXPIRE_AFTER = '720h';

/** What the EC2NodeClass needs of the cluster. */
export interface Ec2NodeClassArgs {
  /** Name of the EKS cluster: the discovery tag's value on its private subnets and its security group. */
  readonly clusterName: string;
  /** Name of the IAM role of the nodes (the managed node group's; Karpenter makes the instance profile). */
  readonly nodeRoleName: string;
  /** Root volume size of each node, GiB (`cluster.nodes.diskSizeGiB`). */
  readonly diskSizeGiB: number;
  /** Tags of the instances, volumes and network interfaces Karpenter creates, besides its own. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The EC2NodeClass `default`: the nodes' role, Amazon Linux 2023 at {@link KARPENTER_AMI_ALIAS}, the private
 * subnets and the cluster security group (both found by `karpenter.sh/discovery: <cluster>`, so the nodes
 * sit where the managed ones do and the datastores admit them), no public address, and the managed node
 * group's launch template settings: an encrypted gp3 root volume of `diskSizeGiB`, IMDSv2 only with a hop
 * limit of 1 (pods cannot reach the node's role).
 */
export function ec2NodeClass(a: Ec2NodeClassArgs): Manifest {
  const discovery = [{ tags: { [KARPENTER_DISCOVERY_TAG]: a.clusterName } }];
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: KARPENTER_NODE_CLASS },
    spec: {
      role: a.nodeRoleName,
      amiSelectorTerms: [{ alias: KARPENTER_AMI_ALIAS }],
      subnetSelectorTerms: discovery,
      securityGroupSelectorTerms: discovery,
      associatePublicIPAddress: false,
      metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
      blockDeviceMappings: [
        {
          deviceName: KARPENTER_ROOT_DEVICE,
          rootVolume: true,
          ebs: { volumeSize: `${a.diskSizeGiB}Gi`, volumeType: 'gp3', encrypted: true, deleteOnTermination: true },
        },
      ],
      ...(a.labels && Object.keys(a.labels).length > 0 ? { tags: { ...a.labels } } : {}),
    },
  };
}

/**
 * The NodePool `default`: on-demand Linux instances of the spec's instance type's architecture, category and
 * generation or newer (`m5.xlarge`: any `m` of generation 5 and up on amd64, so Karpenter can pick a size
 * that fits what is pending and fall back to another family when one has no capacity), launched with the
 * EC2NodeClass, limited to what {@link karpenterLimits} leaves (`maxSize - desiredSize` nodes of the type, in
 * vCPUs and memory), consolidated and expired as {@link KARPENTER_DISRUPTION} and
 * {@link KARPENTER_EXPIRE_AFTER} say. Throws on an instance type that is not `c`, `m` or `r`.
 */
export function nodePool(pool: KarpenterPoolSizes): Manifest {
  const limits = karpenterLimits(pool); // throws on a type it does not know
  const shape = ec2InstanceShape(pool.instanceType)!;
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: KARPENTER_NODE_POOL },
    spec: {
      template: {
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: KARPENTER_NODE_CLASS },
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: [shape.arch] },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
            { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: [shape.category] },
            { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: [String(shape.generation - 1)] },
          ],
          expireAfter: KARPENTER_EXPIRE_AFTER,
        },
      },
      limits: { cpu: String(limits.cpu), memory: `${limits.memoryGiB}Gi` },
      disruption: { ...KARPENTER_DISRUPTION, budgets: KARPENTER_DISRUPTION.budgets.map((b) => ({ ...b })) },
    },
  };
}

/**
 * Labels of Karpenter's controller pods (chart 1.14): its selector labels, the chart's name and the release.
 */
export const KARPENTER_POD_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/name': CHARTS.karpenter.chart,
  'app.kubernetes.io/instance': CHARTS.karpenter.release,
};

/** Port of the controller's Prometheus metrics (the chart's `controller.metrics.port`). Karpenter 1.14 serves no webhook. */
export const KARPENTER_METRICS_PORT = 8080;

/** Names of the NetworkPolicies of {@link karpenterNetworkPolicies}. */
export const KARPENTER_POLICIES = { defaultDeny: 'karpenter-default-deny', controller: 'karpenter-controller' } as const;

/**
 * The NetworkPolicies of Karpenter's namespace (EKS; none on GCP). Every pod there is isolated both ways and reaches only the
 * cluster's DNS pods; the **controller** accepts Prometheus' scrapes (8080), and reaches the API server and the
 * AWS APIs it calls with its IRSA role (`cloudApiEgress`: EC2, SSM, Pricing, SQS, IAM and EKS on the internet
 * on 443, STS through the VPC's interface endpoint). No port is open to the API server: Karpenter 1.14 has no
 * webhook (its CRDs convert nothing). It reads its region from the environment IRSA gives it, not from the
 * instance metadata service, which the nodes' hop limit of 1 keeps from pods anyway.
 */
export function karpenterNetworkPolicies(spec: ResolvedStack): Manifest[] {
  if (!cloudProfile(spec.cloud).installs.karpenter) return [];
  const namespace = ADDON_NAMESPACES.karpenter;
  return [
    addonDefaultDeny(KARPENTER_POLICIES.defaultDeny, namespace),
    addonPolicy(
      KARPENTER_POLICIES.controller,
      namespace,
      KARPENTER_POD_LABELS,
      [scrapedBy(spec, KARPENTER_METRICS_PORT)],
      [apiServerEgress(spec), ...cloudApiEgress(spec)],
    ),
  ];
}
