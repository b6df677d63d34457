/**
 * What the add-ons and identities need of an EKS cluster: plain inputs, which an `aws.Cluster` provides.
 * Apart from the components (and free of the AWS SDK's types), so the shared add-ons can name them.
 * @module
 */
import type * as pulumi from '@pulumi/pulumi';

/** What IRSA needs of the cluster: what `Cluster` provides. */
export interface IrsaCluster {
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** Issuer without scheme (`oidc.eks.<region>.amazonaws.com/id/<ID>`). */
  readonly oidcProviderUrl: pulumi.Input<string>;
}

/** What Karpenter needs of the cluster besides IRSA: what `Cluster` provides. */
export interface KarpenterCluster extends IrsaCluster {
  /** Name of the EKS cluster: the tags Karpenter puts on what it launches, and its discovery tag, carry it. */
  readonly clusterName: pulumi.Input<string>;
  /**
   * The role of the nodes Karpenter launches: the managed node group's, which EKS has already given an
   * access entry (`EC2_LINUX`), so the nodes join the cluster. The controller may pass only this role.
   */
  readonly nodeRole: { readonly name: pulumi.Input<string>; readonly arn: pulumi.Input<string> };
}
