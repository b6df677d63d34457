/** AWS as a {@link CloudProfile}. */
import { IMAGES } from '../images';
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
  metadataServer: [],
};
