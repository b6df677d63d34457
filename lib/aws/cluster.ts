/** The EKS cluster of a stack: private API, encrypted Secrets, audit logs, a managed node group and IRSA. */
import * as aws from '../sdk/aws';
import * as pulumi from '@pulumi/pulumi';
import { KARPENTER_DISCOVERY_TAG } from '../core/karpenter';
import type { NodePoolSpec } from '../core/spec/stack';
import { irsaTrustPolicy } from './addon-identity';
import { amiTypeFor } from './ami';
import { eksKubeconfig } from './kubeconfig';
import { checkRetentionDays } from './logs';
import { type ResolvedNodePool, resolveCluster } from '../core/resolve';
import { resolveNodePool } from '../core/validation/node-pool';
import {
  CLUSTER_ROLE_POLICIES,
  type ManagedPolicy,
  NODE_ROLE_POLICIES,
  managedPolicyArn,
  secretsKeyUsagePolicy,
  serviceTrustPolicy,
} from './policies';
import { type Tags, named } from './tags';
import { refuseRenamedArgs } from './renamed';

/** Where the cluster runs: what {@link Network} provides. */
export interface ClusterNetwork {
  /** Private subnets, one per zone: the nodes and the API endpoint's network interfaces go there. */
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** Arguments of {@link Cluster}. */
export interface ClusterArgs {
  /** The network, typically a {@link Network}. */
  readonly network: ClusterNetwork;
  /**
   * Kubernetes minor version, pinned so upgrades are deliberate. The node group follows it.
   * @default '1.35' (see lib/core/support.ts)
   */
  readonly kubernetesVersion?: string;
  /**
   * CIDRs allowed to reach the Kubernetes API from the internet. The endpoint
   * is private (reachable from the VPC only) unless this lists at least one CIDR.
   * @default - private endpoint only
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * The managed node group.
   * @default - `m5.xlarge`, 3 nodes (2 to 10), 100 GiB disks
   */
  readonly nodes?: NodePoolSpec;
  /**
   * Name of the EKS cluster in AWS. Fixed (not auto-named) because the
   * control-plane log group is named after it and must exist first.
   * @default - the component's name
   */
  readonly clusterName?: string;
  /**
   * Days the control-plane logs (api, audit, authenticator) are kept (a value CloudWatch accepts).
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Apply `nodes.desiredSize` at every `pulumi up`, not only at creation. A standby cluster needs it:
   * the failover scales it by changing the declared size.
   * @default false - the desired size is where the group starts; later changes are ignored (a cluster autoscaler owns it)
   */
  readonly manageDesiredSize?: boolean;
  /**
   * Refuse to delete the cluster until this is turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Region of every resource (the per-resource region of the AWS provider v7).
   * @default - the provider's region
   */
  readonly region?: pulumi.Input<string>;
  /**
   * Labels of every resource (AWS tags), besides the `Name` tag each one gets.
   * @default - only `Name`
   */
  readonly labels?: Tags;
}

/** The EBS CSI controller's ServiceAccount in kube-system (the add-on's). */
export const EBS_CSI_SERVICE_ACCOUNT = 'ebs-csi-controller-sa';

/** The AWS managed policy of the EBS CSI controller. */
export const EBS_CSI_POLICY: ManagedPolicy = { policy: 'service-role/AmazonEBSCSIDriverPolicy', id: 'ebs-csi' };

/** Configuration of the VPC CNI add-on: NetworkPolicy enforcement, which EKS leaves off by default. */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: 'true' } as const;

/** Control-plane log types shipped to CloudWatch. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator'] as const;

/** Default retention of the control-plane logs, in days. */
export const DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS = 90;

/** How the API endpoint is reached: always privately, publicly only from the given CIDRs. */
export function apiEndpointAccess(publicAccessCidrs: readonly string[]): {
  endpointPrivateAccess: true;
  endpointPublicAccess: boolean;
  publicAccessCidrs?: string[];
} {
  return publicAccessCidrs.length > 0
    ? { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: [...publicAccessCidrs] }
    : { endpointPrivateAccess: true, endpointPublicAccess: false };
}

/** Name of the log group EKS writes a cluster's control-plane logs to. */
export function controlPlaneLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/cluster`;
}

/** The issuer URL without its scheme: the form IAM trust policy conditions use (`oidc.eks.<region>.amazonaws.com/id/<ID>`). */
export function issuerHostPath(issuer: string): string {
  return issuer.replace(/^https:\/\//, '');
}

/**
 * An EKS cluster:
 *
 * - pinned Kubernetes version, standard support only (no extended-support charges),
 * - private API endpoint; public only from `publicAccessCidrs`,
 * - Secrets envelope-encrypted with a dedicated KMS key (yearly rotation),
 * - api, audit and authenticator logs, in a log group created first with a bounded retention,
 * - access entries (API authentication mode), the creator as first admin,
 * - a managed node group in the private subnets: Amazon Linux 2023, encrypted gp3
 *   root disks, IMDSv2 only with a hop limit of 1 (pods cannot reach the node's
 *   role), auto-repair, one node at a time on updates,
 * - the cluster security group tagged `karpenter.sh/discovery: <cluster name>`, for the nodes Karpenter
 *   launches (its controller, queue and NodePool are add-ons: `ClusterAddons`),
 * - the IAM OIDC provider for IAM roles for service accounts (IRSA).
 *
 * Children are named `${name}-<role>`.
 */
export class Cluster extends pulumi.ComponentResource {
  /** KMS key that envelope-encrypts the Kubernetes Secrets. */
  public readonly secretsKey: aws.kms.Key;
  /** Role of the EKS control plane. */
  public readonly clusterRole: aws.iam.Role;
  /** Managed policies of the control-plane role. */
  public readonly clusterRoleAttachments: readonly aws.iam.RolePolicyAttachment[];
  /** The control-plane role's use of the secrets key. */
  public readonly clusterRoleKeyPolicy: aws.iam.RolePolicy;
  /** Log group of the control-plane logs, created before the cluster so its retention applies. */
  public readonly controlPlaneLogGroup: aws.cloudwatch.LogGroup;
  /** The EKS cluster. */
  public readonly eksCluster: aws.eks.Cluster;
  /** IAM OIDC provider of the cluster's service account tokens (IRSA). */
  public readonly oidcProvider: aws.iam.OpenIdConnectProvider;
  /** The VPC CNI add-on, enforcing NetworkPolicies ({@link VPC_CNI_CONFIGURATION}). */
  public readonly vpcCni: aws.eks.Addon;
  /** The IRSA role of the EBS CSI controller. */
  public readonly ebsCsiRole: aws.iam.Role;
  /** The EBS CSI driver add-on, which provisions the PersistentVolumes. */
  public readonly ebsCsi: aws.eks.Addon;
  /** Role of the worker nodes. */
  public readonly nodeRole: aws.iam.Role;
  /** Managed policies of the node role. */
  public readonly nodeRoleAttachments: readonly aws.iam.RolePolicyAttachment[];
  /** Launch template of the nodes: disk and instance metadata settings. */
  public readonly nodeLaunchTemplate: aws.ec2.LaunchTemplate;
  /** The managed node group. */
  public readonly nodeGroup: aws.eks.NodeGroup;
  /**
   * The tag `karpenter.sh/discovery: <cluster name>` on the cluster security group (the nodes' security group),
   * by which Karpenter's EC2NodeClass gives its nodes the same group as the managed ones.
   */
  public readonly securityGroupDiscoveryTag: aws.ec2.Tag;

  /** The node pool with its defaults applied. */
  public readonly nodes: ResolvedNodePool;
  /** Name of the EKS cluster. */
  public readonly clusterName: pulumi.Output<string>;
  /** HTTPS endpoint of the API server. */
  public readonly endpoint: pulumi.Output<string>;
  /** Base64 PEM of the cluster CA. */
  public readonly certificateAuthorityData: pulumi.Output<string>;
  /** Security group EKS created for the control plane and the managed nodes. */
  public readonly clusterSecurityGroupId: pulumi.Output<string>;
  /** A kubeconfig using `aws eks get-token`, as a secret. */
  public readonly kubeconfig: pulumi.Output<string>;
  /** ARN of the IAM OIDC provider, the `Federated` principal of IRSA trust policies. */
  public readonly oidcProviderArn: pulumi.Output<string>;
  /** Issuer without scheme (`oidc.eks.<region>.amazonaws.com/id/<ID>`), the prefix of IRSA condition keys. */
  public readonly oidcProviderUrl: pulumi.Output<string>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('production-stack:aws:Cluster', name, {}, opts);
    refuseRenamedArgs(`aws.Cluster "${name}"`, args, ['tags']);
    const tags = args.labels ?? {};
    const region = args.region;
    const parent = { parent: this };
    const clusterName = args.clusterName ?? name;
    const version = resolveCluster({ kubernetesVersion: args.kubernetesVersion }, 'aws').kubernetesVersion;
    const retentionInDays = checkRetentionDays('logRetentionDays', args.logRetentionDays ?? DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS);
    this.nodes = resolveNodePool(args.nodes, 'aws', { owner: `aws.Cluster "${name}"`, path: 'nodes' });
    const partition = aws.getPartitionOutput({}, parent).partition;

    // Control plane: key, role, log group.
    this.secretsKey = new aws.kms.Key(
      `${name}-secrets-key`,
      {
        description: `Envelope encryption of the Kubernetes Secrets of EKS cluster ${clusterName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        region,
        tags: named(tags, `${name}-secrets-key`),
      },
      // deleting it would leave every Secret of the cluster undecryptable
      { ...parent, protect: true },
    );
    this.clusterRole = new aws.iam.Role(
      `${name}-control-plane-role`,
      {
        description: `EKS control plane of ${clusterName}`,
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy('eks.amazonaws.com')),
        tags: named(tags, `${name}-control-plane-role`),
      },
      parent,
    );
    this.clusterRoleAttachments = this.attach(`${name}-control-plane-role`, this.clusterRole, CLUSTER_ROLE_POLICIES, partition);
    this.clusterRoleKeyPolicy = new aws.iam.RolePolicy(
      `${name}-control-plane-role-secrets-key`,
      { role: this.clusterRole.id, policy: this.secretsKey.arn.apply((arn) => JSON.stringify(secretsKeyUsagePolicy(arn))) },
      parent,
    );
    this.controlPlaneLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-control-plane-logs`,
      { name: controlPlaneLogGroupName(clusterName), retentionInDays, region, tags: named(tags, `${name}-control-plane-logs`) },
      parent,
    );

    this.eksCluster = new aws.eks.Cluster(
      `${name}-eks`,
      {
        name: clusterName,
        version,
        roleArn: this.clusterRole.arn,
        vpcConfig: { subnetIds: args.network.privateSubnetIds, ...apiEndpointAccess(args.publicAccessCidrs ?? []) },
        encryptionConfig: { provider: { keyArn: this.secretsKey.arn }, resources: ['secrets'] },
        enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
        accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
        upgradePolicy: { supportType: 'STANDARD' },
        deletionProtection: args.deletionProtection ?? true,
        region,
        tags: named(tags, `${name}-eks`),
      },
      {
        parent: this,
        // The role must hold its policies and the key grant, and the log group must exist, before EKS starts.
        dependsOn: [...this.clusterRoleAttachments, this.clusterRoleKeyPolicy, this.controlPlaneLogGroup],
        // The name is fixed, so a replacement must delete the old cluster first.
        deleteBeforeReplace: true,
      },
    );

    // IRSA: IAM trusts the cluster's service account tokens. No thumbprint is pinned: IAM
    // validates EKS issuers against its own trusted root CAs (and fetches one otherwise).
    const issuer = this.eksCluster.identities.apply((ids) => ids?.[0]?.oidcs?.[0]?.issuer ?? '');
    this.oidcProvider = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc-provider`,
      { url: issuer, clientIdLists: ['sts.amazonaws.com'], tags: named(tags, `${name}-oidc-provider`) },
      parent,
    );

    // The VPC CNI as a managed add-on with network policy enforcement on: EKS ships it off, and the
    // stack's NetworkPolicies (default deny, per-service rules) would otherwise be accepted and ignored.
    this.vpcCni = new aws.eks.Addon(
      `${name}-vpc-cni`,
      {
        clusterName: this.eksCluster.name,
        addonName: 'vpc-cni',
        configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION),
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        region,
        tags: named(tags, `${name}-vpc-cni`),
      },
      parent,
    );

    // The EBS CSI driver: EKS 1.30+ has no in-tree volume provisioning and no default StorageClass, so
    // without it every PVC (NATS JetStream, Prometheus, StatefulSets) stays Pending. Its controller
    // assumes its own IRSA role (IMDSv2 with a hop limit of 1 keeps pods off the node role).
    this.ebsCsiRole = new aws.iam.Role(
      `${name}-ebs-csi-role`,
      {
        description: `EBS CSI controller of EKS cluster ${clusterName}`,
        assumeRolePolicy: pulumi
          .all([this.oidcProvider.arn, issuer.apply(issuerHostPath)])
          .apply(([arn, url]) => JSON.stringify(irsaTrustPolicy(arn, url, 'kube-system', EBS_CSI_SERVICE_ACCOUNT))),
        tags: named(tags, `${name}-ebs-csi-role`),
      },
      parent,
    );

    // Workers: role, launch template, managed node group.
    this.nodeRole = new aws.iam.Role(
      `${name}-node-role`,
      {
        description: `Worker nodes of EKS cluster ${clusterName}`,
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy('ec2.amazonaws.com')),
        tags: named(tags, `${name}-node-role`),
      },
      parent,
    );
    this.nodeRoleAttachments = this.attach(`${name}-node-role`, this.nodeRole, NODE_ROLE_POLICIES, partition);
    const instanceTags = named(tags, `${name}-node`);
    this.nodeLaunchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-node-template`,
      {
        description: `Worker nodes of EKS cluster ${clusterName}`,
        updateDefaultVersion: true,
        blockDeviceMappings: [
          {
            deviceName: '/dev/xvda',
            ebs: { volumeSize: this.nodes.diskSizeGiB, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
          },
        ],
        metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
        tagSpecifications: [
          { resourceType: 'instance', tags: instanceTags },
          { resourceType: 'volume', tags: instanceTags },
        ],
        region,
        tags: named(tags, `${name}-node-template`),
      },
      parent,
    );
    this.nodeGroup = new aws.eks.NodeGroup(
      `${name}-nodes`,
      {
        clusterName: this.eksCluster.name,
        version: this.eksCluster.version,
        nodeRoleArn: this.nodeRole.arn,
        subnetIds: args.network.privateSubnetIds,
        instanceTypes: [this.nodes.instanceType],
        amiType: amiTypeFor(this.nodes.instanceType),
        capacityType: 'ON_DEMAND',
        scalingConfig: { desiredSize: this.nodes.desiredSize, minSize: this.nodes.minSize, maxSize: this.nodes.maxSize },
        updateConfig: { maxUnavailable: 1 },
        nodeRepairConfig: { enabled: true },
        launchTemplate: { id: this.nodeLaunchTemplate.id, version: this.nodeLaunchTemplate.latestVersion.apply((v) => String(v)) },
        region,
        tags: named(tags, `${name}-nodes`),
      },
      {
        parent: this,
        // Nodes need their policies to join; deleting in reverse keeps them until the nodes are gone.
        dependsOn: [...this.nodeRoleAttachments],
        // The desired size is where the group starts; afterwards the autoscaler owns it (unless managed here).
        ...(args.manageDesiredSize ? {} : { ignoreChanges: ['scalingConfig.desiredSize'] }),
      },
    );

    const [ebsCsiPolicy] = this.attach(`${name}-ebs-csi-role`, this.ebsCsiRole, [EBS_CSI_POLICY], partition);
    this.ebsCsi = new aws.eks.Addon(
      `${name}-ebs-csi`,
      {
        clusterName: this.eksCluster.name,
        addonName: 'aws-ebs-csi-driver',
        serviceAccountRoleArn: this.ebsCsiRole.arn,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        region,
        tags: named(tags, `${name}-ebs-csi`),
      },
      // its controller pods need nodes before the add-on turns ACTIVE
      { parent: this, dependsOn: [ebsCsiPolicy, this.nodeGroup] },
    );

    this.clusterName = this.eksCluster.name;
    this.endpoint = this.eksCluster.endpoint;
    this.certificateAuthorityData = this.eksCluster.certificateAuthority.apply((ca) => ca.data ?? '');
    this.clusterSecurityGroupId = this.eksCluster.vpcConfig.apply((v) => v.clusterSecurityGroupId ?? '');
    // EKS creates the cluster security group; Karpenter finds it by this tag (added in place, never replacing anything).
    this.securityGroupDiscoveryTag = new aws.ec2.Tag(
      `${name}-sg-discovery-tag`,
      { resourceId: this.clusterSecurityGroupId, key: KARPENTER_DISCOVERY_TAG, value: this.eksCluster.name, region },
      parent,
    );
    const regionName = region ? pulumi.output(region) : aws.getRegionOutput({}, parent).region;
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([this.clusterName, this.endpoint, this.certificateAuthorityData, regionName])
        .apply(([n, endpoint, ca, r]) => eksKubeconfig({ clusterName: n, endpoint, certificateAuthorityData: ca, region: r })),
    );
    this.oidcProviderArn = this.oidcProvider.arn;
    this.oidcProviderUrl = issuer.apply(issuerHostPath);
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      oidcProviderArn: this.oidcProviderArn,
      oidcProviderUrl: this.oidcProviderUrl,
    });
  }

  private attach(
    roleName: string,
    role: aws.iam.Role,
    policies: readonly ManagedPolicy[],
    partition: pulumi.Output<string>,
  ): aws.iam.RolePolicyAttachment[] {
    return policies.map(
      ({ policy, id }) =>
        new aws.iam.RolePolicyAttachment(
          `${roleName}-${id}`,
          { role: role.name, policyArn: partition.apply((p) => managedPolicyArn(p, policy)) },
          { parent: this },
        ),
    );
  }
}
