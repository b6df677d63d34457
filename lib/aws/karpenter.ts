/**
 * The AWS side of Karpenter, the node autoscaler of the EKS clusters (see `lib/addons` for its chart and its
 * NodePool): the controller's IRSA role with the policy of Karpenter's "Getting started" CloudFormation
 * template (v1.14), and the interruption queue that EventBridge feeds with the EC2 events that take a node
 * away (spot interruptions, rebalance recommendations, state changes, scheduled maintenance, capacity
 * reservation interruptions), so Karpenter drains a node before it goes.
 */
import * as aws from '../sdk/aws';
import * as pulumi from '@pulumi/pulumi';
import { type IrsaRole, irsaRole } from './addon-identity';
import type { KarpenterCluster } from './cluster-refs';
import type { PolicyDocument, PolicyStatement } from './policies';
import { type Tags, named } from './tags';

export type { KarpenterCluster } from './cluster-refs';

/** Where the controller's policy applies: the partition, region and account, the cluster, the node role and the queue. */
export interface KarpenterPolicyScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  readonly nodeRoleArn: string;
  readonly queueArn: string;
}

/**
 * The controller's policy: the statements of the controller policies of Karpenter's "Getting started"
 * CloudFormation template (v1.14: node lifecycle, IAM integration, EKS integration, interruption, resource
 * discovery), in one document. It launches instances only with the cluster's tags
 * (`kubernetes.io/cluster/<cluster>: owned`, `eks:eks-cluster-name`, a `karpenter.sh/nodepool`), uses only
 * launch templates so tagged, tags and terminates only what carries them, passes only the node role (to
 * EC2), manages only the instance profiles tagged with the cluster and region, reads only its queue,
 * describes only its cluster, reads the public SSM parameters of the AMIs (`/aws/service/*`) and the prices.
 * Left out: the Zonal Shift read (`arc-zonal-shift:GetManagedResource`), for `settings.enableZonalShift`,
 * which the library leaves off.
 */
export function karpenterControllerPolicy(s: KarpenterPolicyScope): PolicyDocument {
  const ec2 = (resource: string, account = '*') => `arn:${s.partition}:ec2:${s.region}:${account}:${resource}`;
  const ownedTag = `kubernetes.io/cluster/${s.clusterName}`;
  const created = ['fleet/*', 'instance/*', 'volume/*', 'network-interface/*', 'launch-template/*', 'spot-instances-request/*'].map((r) =>
    ec2(r),
  );
  const instanceProfiles = `arn:${s.partition}:iam::${s.accountId}:instance-profile/*`;
  const statements: PolicyStatement[] = [
    {
      Sid: 'AllowScopedEC2InstanceAccessActions',
      Effect: 'Allow',
      Resource: [
        ec2('image/*', ''),
        ec2('snapshot/*', ''),
        ec2('security-group/*'),
        ec2('subnet/*'),
        ec2('capacity-reservation/*'),
        ec2('placement-group/*'),
      ],
      Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
    },
    {
      Sid: 'AllowScopedEC2LaunchTemplateAccessActions',
      Effect: 'Allow',
      Resource: ec2('launch-template/*'),
      Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
      Condition: {
        StringEquals: { [`aws:ResourceTag/${ownedTag}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowScopedEC2InstanceActionsWithTags',
      Effect: 'Allow',
      Resource: created,
      Action: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
      Condition: {
        StringEquals: { [`aws:RequestTag/${ownedTag}`]: 'owned', 'aws:RequestTag/eks:eks-cluster-name': s.clusterName },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowScopedResourceCreationTagging',
      Effect: 'Allow',
      Resource: created,
      Action: 'ec2:CreateTags',
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${ownedTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': s.clusterName,
          'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
        },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowScopedResourceTagging',
      Effect: 'Allow',
      Resource: ec2('instance/*'),
      Action: 'ec2:CreateTags',
      Condition: {
        StringEquals: { [`aws:ResourceTag/${ownedTag}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
        StringEqualsIfExists: { 'aws:RequestTag/eks:eks-cluster-name': s.clusterName },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
      },
    },
    {
      Sid: 'AllowScopedDeletion',
      Effect: 'Allow',
      Resource: [ec2('instance/*'), ec2('launch-template/*')],
      Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      Condition: {
        StringEquals: { [`aws:ResourceTag/${ownedTag}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowPassingInstanceRole',
      Effect: 'Allow',
      Resource: s.nodeRoleArn,
      Action: 'iam:PassRole',
      Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
    },
    {
      Sid: 'AllowScopedInstanceProfileCreationActions',
      Effect: 'Allow',
      Resource: instanceProfiles,
      Action: ['iam:CreateInstanceProfile'],
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${ownedTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': s.clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': s.region,
        },
        StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
    {
      Sid: 'AllowScopedInstanceProfileTagActions',
      Effect: 'Allow',
      Resource: instanceProfiles,
      Action: ['iam:TagInstanceProfile'],
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/${ownedTag}`]: 'owned',
          'aws:ResourceTag/topology.kubernetes.io/region': s.region,
          [`aws:RequestTag/${ownedTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': s.clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': s.region,
        },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*', 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
    {
      Sid: 'AllowScopedInstanceProfileActions',
      Effect: 'Allow',
      Resource: instanceProfiles,
      Action: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
      Condition: {
        StringEquals: { [`aws:ResourceTag/${ownedTag}`]: 'owned', 'aws:ResourceTag/topology.kubernetes.io/region': s.region },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
    {
      Sid: 'AllowAPIServerEndpointDiscovery',
      Effect: 'Allow',
      Resource: `arn:${s.partition}:eks:${s.region}:${s.accountId}:cluster/${s.clusterName}`,
      Action: 'eks:DescribeCluster',
    },
    {
      Sid: 'AllowInterruptionQueueActions',
      Effect: 'Allow',
      Resource: s.queueArn,
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
    },
    {
      Sid: 'AllowRegionalReadActions',
      Effect: 'Allow',
      Resource: '*',
      Action: [
        'ec2:DescribeCapacityReservations',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceStatus',
        'ec2:DescribeInstanceTypeOfferings',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplates',
        'ec2:DescribePlacementGroups',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeSubnets',
      ],
      Condition: { StringEquals: { 'aws:RequestedRegion': s.region } },
    },
    {
      Sid: 'AllowSSMReadActions',
      Effect: 'Allow',
      Resource: `arn:${s.partition}:ssm:${s.region}::parameter/aws/service/*`,
      Action: 'ssm:GetParameter',
    },
    { Sid: 'AllowPricingReadActions', Effect: 'Allow', Resource: '*', Action: 'pricing:GetProducts' },
    { Sid: 'AllowUnscopedInstanceProfileListAction', Effect: 'Allow', Resource: '*', Action: 'iam:ListInstanceProfiles' },
    { Sid: 'AllowInstanceProfileReadActions', Effect: 'Allow', Resource: instanceProfiles, Action: 'iam:GetInstanceProfile' },
  ];
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * The interruption queue's policy, as Karpenter's template writes it: EventBridge (and SQS) may send to it,
 * and any request not over TLS is refused.
 */
export function interruptionQueuePolicy(queueArn: string): PolicyDocument & { Id: string } {
  return {
    Version: '2012-10-17',
    Id: 'EC2InterruptionPolicy',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
      },
      {
        Sid: 'DenyHTTP',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sqs:*',
        Resource: queueArn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

/** The EventBridge rules that feed the interruption queue, by the short id that ends their logical names. */
export const INTERRUPTION_EVENTS: Readonly<Record<string, { readonly source: string; readonly detailType: string }>> = {
  // scheduled changes: AWS Health announcing maintenance of an instance
  health: { source: 'aws.health', detailType: 'AWS Health Event' },
  spot: { source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  rebalance: { source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  state: { source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
  reservation: { source: 'aws.ec2', detailType: 'EC2 Capacity Reservation Instance Interruption Warning' },
};

/** Seconds the queue keeps a message: Karpenter's template's 300 (an interruption notice older than that is moot). */
export const INTERRUPTION_QUEUE_RETENTION_SECONDS = 300;

/** Arguments of {@link karpenterController}. */
export interface KarpenterControllerArgs {
  /** The cluster Karpenter scales. */
  readonly cluster: KarpenterCluster;
  /** Namespace of the controller's ServiceAccount. */
  readonly namespace: string;
  /** Name of the controller's ServiceAccount. */
  readonly serviceAccount: string;
  /** Region of the cluster: the queue and the rules are there, and the policy is scoped to it. */
  readonly region: pulumi.Input<string>;
  /**
   * Labels of the role, the queue and the rules (AWS tags), besides `Name`.
   * @default - only `Name`
   */
  readonly labels?: Tags;
}

/** Karpenter's AWS resources. */
export interface KarpenterController extends IrsaRole {
  /** The interruption queue (SSE with SQS-owned keys). */
  readonly queue: aws.sqs.Queue;
  /** Who may send to the queue. */
  readonly queuePolicy: aws.sqs.QueuePolicy;
  /** The EventBridge rules, by {@link INTERRUPTION_EVENTS} id. */
  readonly rules: Readonly<Record<string, aws.cloudwatch.EventRule>>;
  /** Each rule's target, the queue, by the same ids. */
  readonly targets: Readonly<Record<string, aws.cloudwatch.EventTarget>>;
}

/**
 * Creates, as children of `parent`: the interruption queue `<name>-queue` and its policy `<name>-queue-policy`,
 * a rule `<name>-<event>` with its target `<name>-<event>-target` for each of {@link INTERRUPTION_EVENTS},
 * and the controller's IRSA role `<name>-role` (trusted only by `<namespace>/<serviceAccount>` tokens of the
 * cluster) with its policy `<name>-policy` ({@link karpenterControllerPolicy}).
 */
export function karpenterController(name: string, args: KarpenterControllerArgs, parent: pulumi.Resource): KarpenterController {
  const opts = { parent };
  const tags = args.labels ?? {};
  const region = args.region;
  const queue = new aws.sqs.Queue(
    `${name}-queue`,
    {
      messageRetentionSeconds: INTERRUPTION_QUEUE_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
      region,
      tags: named(tags, `${name}-queue`),
    },
    opts,
  );
  const queuePolicy = new aws.sqs.QueuePolicy(
    `${name}-queue-policy`,
    { queueUrl: queue.url, policy: queue.arn.apply((arn) => JSON.stringify(interruptionQueuePolicy(arn))), region },
    opts,
  );
  const rules: Record<string, aws.cloudwatch.EventRule> = {};
  const targets: Record<string, aws.cloudwatch.EventTarget> = {};
  for (const [id, event] of Object.entries(INTERRUPTION_EVENTS)) {
    rules[id] = new aws.cloudwatch.EventRule(
      `${name}-${id}`,
      {
        description: `${event.detailType} events, to Karpenter's interruption queue`,
        eventPattern: JSON.stringify({ source: [event.source], 'detail-type': [event.detailType] }),
        region,
        tags: named(tags, `${name}-${id}`),
      },
      opts,
    );
    targets[id] = new aws.cloudwatch.EventTarget(
      `${name}-${id}-target`,
      { rule: rules[id].name, arn: queue.arn, targetId: 'karpenter-interruption-queue', region },
      opts,
    );
  }
  const partition = aws.getPartitionOutput({}, opts).partition;
  const accountId = aws.getCallerIdentityOutput({}, opts).accountId;
  const policy = pulumi
    .all([partition, pulumi.output(region), accountId, args.cluster.clusterName, args.cluster.nodeRole.arn, queue.arn])
    .apply(([p, r, account, clusterName, nodeRoleArn, queueArn]) =>
      JSON.stringify(karpenterControllerPolicy({ partition: p, region: r, accountId: account, clusterName, nodeRoleArn, queueArn })),
    );
  const description = `Karpenter (${args.namespace}/${args.serviceAccount}): launches and terminates the nodes of its cluster`;
  const identity = irsaRole(name, args, description, policy, opts);
  return { ...identity, queue, queuePolicy, rules, targets };
}
