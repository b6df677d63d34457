/**
 * Every cloud name fits its provider: the longest stack name validation accepts, with and without a
 * standby region, plans resources whose every physical name is within the limit the provider's API sets
 * (the table below, written from the API references independently of lib/core/cloud-names.ts), and one
 * character more is refused, naming the resource. An auto-named resource's name is its logical name, `-`
 * and 7 random characters (the mocks do not auto-name: the test adds them).
 */
import { check } from '../../lib/core';
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';

/** The input holding a resource's physical name, and the longest the API takes; `auto`: Pulumi names it when the input is unset. */
interface Limit {
  readonly field: string;
  readonly max: number;
  readonly auto: boolean;
}

const L = (field: string, max: number, auto = true): Limit => ({ field, max, auto });

/** The types of both clouds whose name the stack's name reaches; `null`: the type has no name of its own (or a fixed one). */
const LIMITS: Readonly<Record<string, Limit | null>> = {
  'aws:iam/role:Role': L('name', 64),
  'aws:iam/rolePolicy:RolePolicy': L('name', 128),
  'aws:eks/nodeGroup:NodeGroup': L('nodeGroupName', 63),
  'aws:eks/cluster:Cluster': L('name', 100),
  'aws:ec2/launchTemplate:LaunchTemplate': L('name', 128),
  'aws:ec2/securityGroup:SecurityGroup': L('name', 255),
  'aws:elasticache/replicationGroup:ReplicationGroup': L('replicationGroupId', 40, false),
  'aws:elasticache/subnetGroup:SubnetGroup': L('name', 255),
  'aws:elasticache/parameterGroup:ParameterGroup': L('name', 255),
  'aws:rds/instance:Instance': L('identifier', 63),
  'aws:rds/parameterGroup:ParameterGroup': L('name', 255),
  'aws:rds/subnetGroup:SubnetGroup': L('name', 255),
  'aws:rds/eventSubscription:EventSubscription': L('name', 255),
  'aws:s3/bucket:Bucket': L('bucket', 63),
  'aws:cloudwatch/logGroup:LogGroup': L('name', 512),
  'aws:cloudwatch/metricAlarm:MetricAlarm': L('name', 255),
  'aws:secretsmanager/secret:Secret': L('name', 512),
  'aws:sns/topic:Topic': L('name', 256),
  'aws:sqs/queue:Queue': L('name', 80),
  'aws:cloudwatch/eventRule:EventRule': L('name', 64),
  'gcp:container/cluster:Cluster': L('name', 40),
  'gcp:container/nodePool:NodePool': L('name', 40),
  'gcp:redis/instance:Instance': L('name', 40),
  'gcp:sql/databaseInstance:DatabaseInstance': L('name', 98 - 31), // project:instance ≤ 98, a project ID ≤ 30
  'gcp:sql/database:Database': L('name', 63, false),
  'gcp:compute/network:Network': L('name', 63),
  'gcp:compute/subnetwork:Subnetwork': L('name', 63),
  'gcp:compute/router:Router': L('name', 63),
  'gcp:compute/routerNat:RouterNat': L('name', 63),
  'gcp:compute/address:Address': L('name', 63),
  'gcp:compute/globalAddress:GlobalAddress': L('name', 63),
  'gcp:compute/healthCheck:HealthCheck': L('name', 63),
  'gcp:dns/managedZone:ManagedZone': L('name', 63, false),
  'gcp:kms/keyRing:KeyRing': L('name', 63),
  'gcp:kms/cryptoKey:CryptoKey': L('name', 63),
  'gcp:storage/bucket:Bucket': L('name', 63),
  'gcp:serviceaccount/account:Account': L('accountId', 30, false),
  'gcp:pubsub/topic:Topic': L('name', 255),
  'gcp:logging/projectSink:ProjectSink': L('name', 100),
  'gcp:secretmanager/secret:Secret': L('secretId', 255, false),
  'gcp:secretmanager/regionalSecret:RegionalSecret': L('secretId', 255, false),
};

/** Types without a name the stack's name reaches. */
const UNNAMED = new Set([
  'aws:ec2/vpc:Vpc',
  'aws:ec2/subnet:Subnet',
  'aws:ec2/eip:Eip',
  'aws:ec2/natGateway:NatGateway',
  'aws:ec2/internetGateway:InternetGateway',
  'aws:ec2/route:Route',
  'aws:ec2/routeTable:RouteTable',
  'aws:ec2/routeTableAssociation:RouteTableAssociation',
  'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
  'aws:ec2/flowLog:FlowLog',
  'aws:ec2/vpcEndpoint:VpcEndpoint',
  'aws:ec2/vpcPeeringConnection:VpcPeeringConnection',
  'aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter',
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  'aws:eks/addon:Addon',
  'aws:iam/openIdConnectProvider:OpenIdConnectProvider',
  'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
  'aws:kms/key:Key',
  'aws:route53/healthCheck:HealthCheck',
  'aws:route53/record:Record',
  'aws:secretsmanager/secretVersion:SecretVersion',
  'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
  'aws:s3/bucketOwnershipControls:BucketOwnershipControls',
  'aws:s3/bucketPolicy:BucketPolicy',
  'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  'aws:s3/bucketReplicationConfig:BucketReplicationConfig',
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  'aws:s3/bucketVersioning:BucketVersioning',
  'aws:sns/topicSubscription:TopicSubscription',
  'aws:sqs/queuePolicy:QueuePolicy',
  'aws:cloudwatch/eventTarget:EventTarget',
  'aws:ec2/tag:Tag',
  'gcp:projects/service:Service',
  'gcp:projects/iAMMember:IAMMember',
  'gcp:serviceaccount/iAMMember:IAMMember',
  'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember',
  'gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember',
  'gcp:dns/recordSet:RecordSet',
  'gcp:pubsub/topicIAMMember:TopicIAMMember',
  'gcp:secretmanager/secretVersion:SecretVersion',
  'gcp:secretmanager/regionalSecretVersion:RegionalSecretVersion',
  'gcp:servicenetworking/connection:Connection',
  'gcp:storage/bucketIAMMember:BucketIAMMember',
  'gcp:sql/user:User',
]);

const cloudTypes = (planned: readonly PlanResource[]) => [...new Set(planned.map((r) => r.type).filter((t) => /^(aws|gcp):/.test(t)))];

/** The physical name a resource gets: its name input, else (auto-named) its logical name, `-` and 7 characters. */
function physicalName(r: PlanResource, limit: Limit): string | undefined {
  const given = r.inputs[limit.field];
  if (typeof given === 'string') return given === '[unknown]' ? undefined : given;
  return limit.auto ? `${r.name}-xxxxxxx` : undefined;
}

/** Every option that adds a name: datastores, NATS, a route under the failover name, a service with its own cloud identity. */
function everything(base: ProductionStackProps, standby: boolean): ProductionStackProps {
  const aws = base.cloud === 'aws';
  return {
    ...base,
    nats: {},
    services: base.services.map((s) => ({
      ...s,
      route: { host: 'shop.example.com' },
      cloudAccess: aws
        ? { aws: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::media/*'] }] }
        : { gcp: ['roles/pubsub.publisher'] },
    })),
    ...(standby
      ? {
          dr: {
            standbyRegion: aws ? 'us-east-1' : 'europe-west4',
            dns: { zoneId: aws ? 'Z123' : 'example-com', name: 'shop.example.com' },
          },
        }
      : {}),
  };
}

/** A stack name of `n` characters. */
const nameOf = (n: number) => 's'.repeat(n);
const withName = (spec: ProductionStackProps, n: number): ProductionStackProps => ({ ...spec, name: nameOf(n) });
const nameProblems = (spec: ProductionStackProps) => check(spec).filter((p) => p.path === 'name');

/** The longest stack name validation accepts for the spec. */
function longestAccepted(spec: ProductionStackProps): number {
  let n = 63;
  while (n > 0 && nameProblems(withName(spec, n)).length > 0) n--;
  return n;
}

const CASES: readonly [string, ProductionStackProps][] = [
  ['AWS', everything(awsFixture, false)],
  ['AWS with a standby region', everything(awsFixture, true)],
  ['GCP', everything(gcpFixture, false)],
  ['GCP with a standby region', everything(gcpFixture, true)],
];

describe.each(CASES)('%s', (_label, spec) => {
  const n = longestAccepted(spec);
  let planned: PlanResource[];
  beforeAll(async () => {
    const longest = withName(spec, n);
    planned = await plan(() => new ProductionStack(longest.name, longest));
  });

  test('the longest accepted name is valid otherwise, and one more character is refused, naming a resource and the limit', () => {
    expect(check(withName(spec, n))).toEqual([]);
    const refused = nameProblems(withName(spec, n + 1));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.rule).toMatch(new RegExp(`characters long \\(\\d+ at most.*at most ${n} characters`));
  });

  test('every cloud type of the plan has a known limit, or no name of its own', () => {
    expect(cloudTypes(planned).filter((t) => !(t in LIMITS) && !UNNAMED.has(t))).toEqual([]);
  });

  test('every physical name fits its provider', () => {
    const over = planned.flatMap((r) => {
      const limit = LIMITS[r.type];
      const name = limit && physicalName(r, limit);
      return limit && name && name.length > limit.max ? [`${r.type} ${r.name}: "${name}" (${name.length} > ${limit.max})`] : [];
    });
    expect(over).toEqual([]);
  });

  test('the limit binds: some physical name is within one character of its provider limit', () => {
    const slack = planned.flatMap((r) => {
      const limit = LIMITS[r.type];
      const name = limit && physicalName(r, limit);
      return limit && name && name.includes(nameOf(n)) ? [limit.max - name.length] : [];
    });
    expect(Math.min(...slack)).toBe(0);
  });
});

test('a service on AWS with its own cloud identity: the stack and service names together fit the IRSA role', () => {
  const spec = everything(awsFixture, false);
  const service = (name: string): ProductionStackProps => ({ ...spec, services: spec.services.map((s) => ({ ...s, name })) });
  const fits = 64 - '-'.length - '-irsa-xxxxxxx'.length - spec.name.length;
  expect(check(service('a'.repeat(fits)))).toEqual([]);
  expect(check(service('a'.repeat(fits + 1))).map((p) => p.path)).toEqual(['services[0].name']);
});

test.each(['1shop', 'a--b'])('a stack name the clouds refuse although it is a DNS label: %s', (name) => {
  for (const base of [awsFixture, gcpFixture]) {
    expect(check({ ...base, name }).map((p) => `${p.path}: ${p.rule}`)).toEqual([
      `name: "${name}" must start with a letter and hold no "--": the names of the GKE cluster, the Cloud SQL and Memorystore instances and the RDS and ElastiCache identifiers begin with it, and their APIs refuse both`,
    ]);
  }
});
