/** AWS resources and calls, as the plan mocks answer them. */
import { type Inputs, type Made, type State, fakeCertificate, hex, str } from './common';

/** Account ID of the mocked AWS account. */
export const MOCK_AWS_ACCOUNT = '123456789012';
/** Region of AWS resources and calls that name none. */
export const MOCK_AWS_REGION = 'us-east-1';

/** `aws:<module>/<member>:<Type>` → `<module>`, the ARN service for most resources. */
function awsService(type: string): string {
  return type.split(':')[1]?.split('/')[0] ?? 'aws';
}

/** An AWS resource: its ID and outputs. */
export function awsResource(type: string, name: string, inputs: Inputs): Made {
  const seed = `${type}::${name}`;
  const region = str(inputs.region, MOCK_AWS_REGION);
  const physical = str(inputs.name, `${name}-${hex(seed, 7)}`);
  const arn = (service: string, resource: string, regional = true): string =>
    `arn:aws:${service}:${regional ? region : ''}:${MOCK_AWS_ACCOUNT}:${resource}`;
  const ec2 = (prefix: string, resource: string): { id: string; state: State } => {
    const id = `${prefix}-${hex(seed, 17)}`;
    return { id, state: { arn: arn('ec2', `${resource}/${id}`), ownerId: MOCK_AWS_ACCOUNT } };
  };
  switch (type) {
    case 'aws:ec2/vpc:Vpc': {
      const r = ec2('vpc', 'vpc');
      return {
        id: r.id,
        state: { ...r.state, defaultSecurityGroupId: `sg-${hex(`${seed}:sg`, 17)}`, mainRouteTableId: `rtb-${hex(`${seed}:rtb`, 17)}` },
      };
    }
    case 'aws:ec2/subnet:Subnet':
      return ec2('subnet', 'subnet');
    case 'aws:ec2/internetGateway:InternetGateway':
      return ec2('igw', 'internet-gateway');
    case 'aws:ec2/eip:Eip': {
      const r = ec2('eipalloc', 'elastic-ip');
      const last = (parseInt(hex(seed, 2), 16) % 254) + 1;
      return { id: r.id, state: { ...r.state, allocationId: r.id, publicIp: `203.0.113.${last}` } };
    }
    case 'aws:ec2/natGateway:NatGateway':
      return ec2('nat', 'natgateway');
    case 'aws:ec2/routeTable:RouteTable':
      return ec2('rtb', 'route-table');
    case 'aws:ec2/route:Route':
      return { id: `r-${str(inputs.routeTableId, 'rtb')}1080289494`, state: { state: 'active' } };
    case 'aws:ec2/vpcPeeringConnection:VpcPeeringConnection': {
      const r = ec2('pcx', 'vpc-peering-connection');
      return { id: r.id, state: { ...r.state, acceptStatus: 'pending-acceptance' } };
    }
    case 'aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter':
      // the acceptance is the connection itself, seen from the peer's region
      return { id: str(inputs.vpcPeeringConnectionId, 'pcx'), state: { acceptStatus: 'active' } };
    case 'aws:ec2/routeTableAssociation:RouteTableAssociation':
      return { id: `rtbassoc-${hex(seed, 17)}`, state: {} };
    case 'aws:ec2/securityGroup:SecurityGroup':
    case 'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup':
      return ec2('sg', 'security-group');
    case 'aws:ec2/flowLog:FlowLog':
      return ec2('fl', 'vpc-flow-log');
    case 'aws:ec2/vpcEndpoint:VpcEndpoint': {
      const r = ec2('vpce', 'vpc-endpoint');
      const gateway = inputs.vpcEndpointType === 'Gateway';
      return { id: r.id, state: { ...r.state, state: 'available', ...(gateway ? { prefixListId: `pl-${hex(seed, 8)}` } : {}) } };
    }
    case 'aws:ec2/launchTemplate:LaunchTemplate': {
      const r = ec2('lt', 'launch-template');
      return { id: r.id, state: { ...r.state, latestVersion: 1, defaultVersion: 1 } };
    }
    case 'aws:cloudwatch/logGroup:LogGroup':
      return { id: physical, state: { name: physical, arn: arn('logs', `log-group:${physical}`) } };
    case 'aws:iam/role:Role':
      return {
        id: physical,
        state: { name: physical, arn: arn('iam', `role/${physical}`, false), uniqueId: `AROA${hex(seed, 17).toUpperCase()}` },
      };
    case 'aws:iam/rolePolicy:RolePolicy':
      return { id: `${str(inputs.role, 'role')}:${physical}`, state: { name: physical } };
    case 'aws:iam/rolePolicyAttachment:RolePolicyAttachment':
      return { id: `${str(inputs.role, 'role')}-${hex(seed, 20)}`, state: {} };
    case 'aws:iam/openIdConnectProvider:OpenIdConnectProvider': {
      const url = str(inputs.url, `https://oidc.eks.${region}.amazonaws.com/id/${hex(seed, 32).toUpperCase()}`).replace(/^https:\/\//, '');
      const providerArn = arn('iam', `oidc-provider/${url}`, false);
      return { id: providerArn, state: { arn: providerArn } };
    }
    case 'aws:s3/bucket:Bucket': {
      // S3 bucket ARNs name neither region nor account.
      const bucket = str(inputs.bucket, `${name}-${hex(seed, 7)}`);
      return {
        id: bucket,
        state: { bucket, arn: `arn:aws:s3:::${bucket}`, region, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com` },
      };
    }
    case 'aws:kms/key:Key': {
      const h = hex(seed, 32);
      const keyId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
      return { id: keyId, state: { keyId, arn: arn('kms', `key/${keyId}`) } };
    }
    case 'aws:eks/cluster:Cluster': {
      const h = hex(seed, 32).toUpperCase();
      const vpcConfig = (typeof inputs.vpcConfig === 'object' && inputs.vpcConfig) || {};
      return {
        id: physical,
        state: {
          name: physical,
          arn: arn('eks', `cluster/${physical}`),
          endpoint: `https://${h}.gr7.${region}.eks.amazonaws.com`,
          certificateAuthority: { data: fakeCertificate(seed) },
          identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${h}` }] }],
          vpcConfig: { ...vpcConfig, clusterSecurityGroupId: `sg-${hex(`${seed}:sg`, 17)}`, vpcId: `vpc-${hex(`${seed}:vpc`, 17)}` },
          platformVersion: 'eks.1',
          status: 'ACTIVE',
        },
      };
    }
    case 'aws:eks/nodeGroup:NodeGroup': {
      const cluster = str(inputs.clusterName, 'cluster');
      return {
        id: `${cluster}:${physical}`,
        state: { nodeGroupName: physical, arn: arn('eks', `nodegroup/${cluster}/${physical}/${hex(seed, 8)}`), status: 'ACTIVE' },
      };
    }
    case 'aws:rds/subnetGroup:SubnetGroup':
    case 'aws:rds/parameterGroup:ParameterGroup': {
      const kind = type === 'aws:rds/subnetGroup:SubnetGroup' ? 'subgrp' : 'pg';
      return { id: physical, state: { name: physical, arn: arn('rds', `${kind}:${physical}`) } };
    }
    case 'aws:rds/instance:Instance': {
      const identifier = str(inputs.identifier, `${name}-${hex(seed, 7)}`);
      const address = `${identifier}.c${hex(seed, 12)}.${region}.rds.amazonaws.com`;
      const port = typeof inputs.port === 'number' ? inputs.port : 5432;
      return {
        id: identifier,
        state: {
          identifier,
          address,
          port,
          endpoint: `${address}:${port}`,
          arn: arn('rds', `db:${identifier}`),
          resourceId: `db-${hex(seed, 26).toUpperCase()}`,
          hostedZoneId: 'Z2R2ITUGPM61AM',
          status: 'available',
        },
      };
    }
    case 'aws:elasticache/subnetGroup:SubnetGroup':
    case 'aws:elasticache/parameterGroup:ParameterGroup': {
      const kind = type === 'aws:elasticache/subnetGroup:SubnetGroup' ? 'subnetgroup' : 'parametergroup';
      return { id: physical, state: { name: physical, arn: arn('elasticache', `${kind}:${physical}`) } };
    }
    case 'aws:elasticache/replicationGroup:ReplicationGroup': {
      const id = str(inputs.replicationGroupId, `${name}-${hex(seed, 7)}`);
      const suffix = `${hex(seed, 6)}.cache.amazonaws.com`;
      const nodes = typeof inputs.numCacheClusters === 'number' ? inputs.numCacheClusters : 1;
      return {
        id,
        state: {
          replicationGroupId: id,
          arn: arn('elasticache', `replicationgroup:${id}`),
          primaryEndpointAddress: `master.${id}.${suffix}`,
          readerEndpointAddress: `replica.${id}.${suffix}`,
          memberClusters: Array.from({ length: nodes }, (_, i) => `${id}-${String(i + 1).padStart(3, '0')}`),
          port: typeof inputs.port === 'number' ? inputs.port : 6379,
          clusterEnabled: false,
        },
      };
    }
    case 'aws:secretsmanager/secret:Secret': {
      const secretArn = arn('secretsmanager', `secret:${physical}-${hex(seed, 6)}`);
      return { id: secretArn, state: { name: physical, arn: secretArn } };
    }
    case 'aws:secretsmanager/secretVersion:SecretVersion': {
      const versionId = hex(seed, 32);
      return { id: `${str(inputs.secretId, 'secret')}|${versionId}`, state: { versionId, versionStages: ['AWSCURRENT'] } };
    }
    case 'aws:sqs/queue:Queue': {
      // SQS identifies a queue by its URL; Karpenter's settings name it
      const url = `https://sqs.${region}.amazonaws.com/${MOCK_AWS_ACCOUNT}/${physical}`;
      return { id: url, state: { name: physical, url, arn: arn('sqs', physical) } };
    }
    case 'aws:cloudwatch/eventRule:EventRule':
      return { id: physical, state: { name: physical, arn: arn('events', `rule/${physical}`) } };
    case 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': {
      const id = `sgr-${hex(seed, 17)}`;
      return { id, state: { securityGroupRuleId: id, arn: arn('ec2', `security-group-rule/${id}`) } };
    }
    default:
      return { id: `${physical}`, state: { arn: arn(awsService(type), physical) } };
  }
}

/** The prefix of a region's zone IDs: `us-east-1` → `use1`, `ap-northeast-1` → `apne1`. */
function zoneIdPrefix(region: string): string {
  const [area = '', direction = '', n = ''] = region.split('-');
  const d = direction
    .replace(/north/g, 'n')
    .replace(/south/g, 's')
    .replace(/east/g, 'e')
    .replace(/west/g, 'w')
    .replace(/central/g, 'c');
  return `${area}${d}${n}`;
}

/** An AWS function call's result, or undefined when not mocked. */
export function awsCall(token: string, inputs: Inputs, unavailableZones: readonly string[] = []): State | undefined {
  switch (token) {
    case 'aws:index/getAvailabilityZones:getAvailabilityZones': {
      const region = str(inputs.region, MOCK_AWS_REGION);
      // `state: 'available'` leaves out impaired zones, as DescribeAvailabilityZones' state filter does
      // zone IDs spelled as AWS does (`use1-az1`); the mock maps the names to them in order
      const excluded: unknown[] = Array.isArray(inputs.excludeZoneIds) ? inputs.excludeZoneIds : [];
      const zones = ['a', 'b', 'c', 'd', 'e', 'f']
        .map((l, i) => ({ name: `${region}${l}`, id: `${zoneIdPrefix(region)}-az${i + 1}` }))
        .filter((z) => !excluded.includes(z.id))
        .filter((z) => inputs.state !== 'available' || !unavailableZones.includes(z.name));
      return { id: region, names: zones.map((z) => z.name), zoneIds: zones.map((z) => z.id), groupNames: [region] };
    }
    case 'aws:index/getRegion:getRegion': {
      const region = str(inputs.region, MOCK_AWS_REGION);
      return { id: region, name: region, region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
    }
    case 'aws:index/getPartition:getPartition':
      return { id: 'aws', partition: 'aws', dnsSuffix: 'amazonaws.com', reverseDnsPrefix: 'com.amazonaws' };
    case 'aws:index/getCallerIdentity:getCallerIdentity':
      return {
        id: MOCK_AWS_ACCOUNT,
        accountId: MOCK_AWS_ACCOUNT,
        arn: `arn:aws:iam::${MOCK_AWS_ACCOUNT}:user/plan`,
        userId: 'AIDAPLANMOCK',
      };
    default:
      return undefined;
  }
}
