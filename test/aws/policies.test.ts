/**
 * Policy checks in the style of Pulumi's AWS policy pack (AWSGuard), evaluated
 * against the recorded resources of the AWS plans: the fixture stack and every
 * AWS example. Each rule is a function of one recorded resource that returns
 * its violation or nothing; a rule that flags nothing on a bad resource would
 * pass vacuously, so each one is also shown failing on one.
 */
import type { ProductionStackProps } from 'production-stack';
import { examples } from '../../examples';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as fixture } from '../fixtures/pulumi-aws/spec';
import type { Inputs } from '../support/plan';

/** A policy: which resource type it looks at, and the violation it finds in one resource's inputs. */
interface Policy {
  readonly name: string;
  readonly type: string;
  readonly check: (inputs: Inputs) => string | undefined;
}

const POLICIES: readonly Policy[] = [
  {
    name: 'rds-instance-backup-enabled',
    type: 'aws:rds/instance:Instance',
    check: (i) => (typeof i.backupRetentionPeriod === 'number' && i.backupRetentionPeriod > 0 ? undefined : 'automated backups are off'),
  },
  {
    name: 'rds-instance-multi-az-enabled',
    type: 'aws:rds/instance:Instance',
    check: (i) => (i.multiAz === true ? undefined : 'the instance is single-AZ'),
  },
  {
    name: 'rds-instance-public-access-disabled',
    type: 'aws:rds/instance:Instance',
    check: (i) => (i.publiclyAccessible === false ? undefined : 'the instance is publicly accessible'),
  },
  {
    name: 'rds-storage-encrypted',
    type: 'aws:rds/instance:Instance',
    check: (i) => (i.storageEncrypted === true && typeof i.kmsKeyId === 'string' ? undefined : 'storage is not encrypted with a KMS key'),
  },
  {
    name: 'kms-key-rotation-enabled',
    type: 'aws:kms/key:Key',
    check: (i) => (i.enableKeyRotation === true ? undefined : 'key rotation is off'),
  },
  {
    name: 'encrypted-volumes',
    type: 'aws:ec2/launchTemplate:LaunchTemplate',
    check: (i) => {
      const mappings: Inputs[] = Array.isArray(i.blockDeviceMappings) ? i.blockDeviceMappings : [];
      const bad = mappings.filter((m) => m.ebs && String(m.ebs.encrypted) !== 'true').map((m) => m.deviceName);
      return mappings.length === 0
        ? 'no block device mapping states encryption'
        : bad.length
          ? `unencrypted EBS volumes: ${bad}`
          : undefined;
    },
  },
  {
    name: 'elasticache-redis-encrypted-at-rest',
    type: 'aws:elasticache/replicationGroup:ReplicationGroup',
    check: (i) => (i.atRestEncryptionEnabled === true ? undefined : 'data at rest is not encrypted'),
  },
  {
    name: 'elasticache-redis-encrypted-in-transit',
    type: 'aws:elasticache/replicationGroup:ReplicationGroup',
    check: (i) =>
      i.transitEncryptionEnabled === true && i.transitEncryptionMode !== 'preferred' ? undefined : 'TLS is not required in transit',
  },
];

/** Every violation in a plan, as `policy: resource: why`. */
function violations(resources: readonly PlanResource[]): string[] {
  return POLICIES.flatMap((p) =>
    resources
      .filter((r) => r.type === p.type)
      .map((r) => [r.name, p.check(r.inputs as Inputs)] as const)
      .filter(([, why]) => why !== undefined)
      .map(([name, why]) => `${p.name}: ${name}: ${why}`),
  );
}

/** The fixture's plan, made once for the fails-when cases. */
let fixturePlan: Promise<PlanResource[]>;
beforeAll(() => {
  fixturePlan = plan(() => new ProductionStack(fixture.name, fixture));
});

const awsExamples = Object.entries(examples).filter(([, spec]) => spec.cloud === 'aws');

describe.each<[string, ProductionStackProps]>([['the AWS fixture', fixture], ...awsExamples])('%s', (_, spec) => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await plan(() => new ProductionStack(spec.name, spec));
  });

  test('passes every policy', () => {
    expect(violations(planned)).toEqual([]);
  });

  test('every policy has something to look at (none passes vacuously)', () => {
    const types = new Set(planned.map((r) => r.type));
    const looked = POLICIES.filter((p) => types.has(p.type)).map((p) => p.name);
    const expected = POLICIES.filter(
      (p) =>
        (!p.type.startsWith('aws:rds/') || spec.postgres !== undefined) &&
        (!p.type.startsWith('aws:elasticache/') || spec.redis !== undefined),
    ).map((p) => p.name);
    expect(looked).toEqual(expected);
  });
});

test.each<[string, string, Inputs]>([
  ['rds-instance-backup-enabled', 'aws:rds/instance:Instance', { backupRetentionPeriod: 0 }],
  ['rds-instance-multi-az-enabled', 'aws:rds/instance:Instance', { multiAz: false }],
  ['rds-instance-public-access-disabled', 'aws:rds/instance:Instance', { publiclyAccessible: true }],
  ['rds-storage-encrypted', 'aws:rds/instance:Instance', { storageEncrypted: false }],
  ['kms-key-rotation-enabled', 'aws:kms/key:Key', { enableKeyRotation: false }],
  [
    'encrypted-volumes',
    'aws:ec2/launchTemplate:LaunchTemplate',
    { blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'false' } }] },
  ],
  ['elasticache-redis-encrypted-at-rest', 'aws:elasticache/replicationGroup:ReplicationGroup', { atRestEncryptionEnabled: false }],
  ['elasticache-redis-encrypted-in-transit', 'aws:elasticache/replicationGroup:ReplicationGroup', { transitEncryptionMode: 'preferred' }],
])('fails when %s is broken', async (policy, type, override) => {
  const good = await fixturePlan;
  const broken = good.map((r) => (r.type === type ? { ...r, inputs: { ...r.inputs, ...override } } : r));
  expect(violations(broken).map((v) => v.split(':')[0])).toContain(policy);
});
