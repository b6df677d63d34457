/** AWS as a {@link CloudProfile}. */
import { IMAGES } from '../images';
import { REDIS_PORT } from '../ports';
import type { CloudProfile } from './profile';

export const AWS: CloudProfile = {
  cloud: 'aws',
  names: { kubernetesSupport: 'EKS standard support', postgres: 'RDS', redis: 'ElastiCache' },
  identityAnnotation: 'eks.amazonaws.com/role-arn',
  // with the bucket's default encryption (its customer KMS key: `--sse aws:kms` without a key ID would pick the
  // AWS-managed key instead)
  storage: {
    scheme: 's3',
    cliImage: IMAGES.awsCli,
    copy: ['aws', 's3', 'cp'],
    quiet: '--only-show-errors',
    // S3 replication writes into a bucket of the other region
    standbyBucket: 'replica',
  },
  databaseInstanceSuffix: 'db',
  // a Network Load Balancer, across zones
  loadBalancerAnnotations: {
    'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
    'service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled': 'true',
  },
  baselineNodes: 'desiredSize',
  grpcRoute: true,
  gatewayApiCrds: 'chart',
  installs: { metricsServer: true, karpenter: true },
  // the pods reach STS, Secrets Manager and ECR over HTTPS (the VPC's interface endpoints)
  apisInNetwork: true,
  // ElastiCache serves TLS on Redis' own port
  redisPort: REDIS_PORT,
  // the ClusterIP of `kubernetes` in either service range EKS picks when none is given (172.20.0.0/16 for a VPC in
  // 10.0.0.0/8, 10.100.0.0/16 otherwise): the VPC CNI's network policy agent judges a pod's connection before the
  // Service address is translated (aws/aws-network-policy-agent#549)
  kubernetesServiceAddresses: ['172.20.0.1/32', '10.100.0.1/32'],
  metadataServer: [],
};
