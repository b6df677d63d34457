/** IAM policy documents, as plain functions of their inputs. No Pulumi. */

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** One statement of a policy document. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Trust policy letting an AWS service assume a role. */
export function serviceTrustPolicy(service: string, condition?: PolicyStatement['Condition']): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) },
    ],
  };
}

/**
 * Trust policy of the VPC flow logs role, scoped to flow logs of this account
 * and region (the confused-deputy guard AWS recommends).
 */
export function flowLogsTrustPolicy(partition: string, region: string, accountId: string): PolicyDocument {
  return serviceTrustPolicy('vpc-flow-logs.amazonaws.com', {
    StringEquals: { 'aws:SourceAccount': accountId },
    ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*` },
  });
}

/** What the flow logs role may do: write to its one log group, nothing else. */
export function flowLogsWritePolicy(logGroupArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
        Resource: [logGroupArn, `${logGroupArn}:*`],
      },
    ],
  };
}

/** What the EKS cluster role needs on the key that envelope-encrypts Secrets. */
export function secretsKeyUsagePolicy(keyArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], Resource: keyArn }],
  };
}

/** ARN of an AWS managed policy in a partition (`aws`, `aws-cn`, `aws-us-gov`). */
export function managedPolicyArn(partition: string, policy: string): string {
  return `arn:${partition}:iam::aws:policy/${policy}`;
}

/** An AWS managed policy to attach, and the short id its attachment's logical name ends with. */
export interface ManagedPolicy {
  /** Name of the managed policy. */
  readonly policy: string;
  /** Short, stable id: the attachment is named `<role>-<id>`. */
  readonly id: string;
}

/** Managed policies of the EKS control-plane role. */
export const CLUSTER_ROLE_POLICIES: readonly ManagedPolicy[] = [{ policy: 'AmazonEKSClusterPolicy', id: 'eks-cluster' }];

/** Managed policies every EKS worker node needs: joining the cluster, pod networking, pulling images. */
export const NODE_ROLE_POLICIES: readonly ManagedPolicy[] = [
  { policy: 'AmazonEKSWorkerNodePolicy', id: 'eks-worker-node' },
  { policy: 'AmazonEKS_CNI_Policy', id: 'eks-cni' },
  { policy: 'AmazonEC2ContainerRegistryReadOnly', id: 'ecr-read-only' },
];
