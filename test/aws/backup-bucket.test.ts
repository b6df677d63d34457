/** The AWS backup bucket, planned against mocks: encryption, versioning, public access, lifecycle, TLS, replication, IRSA. */
import {
  BACKUP_KEY_PREFIX,
  BackupBucket,
  type BackupBucketArgs,
  backupAccessPolicy,
  irsaTrustPolicy,
  restoreAccessPolicy,
  tlsOnlyBucketPolicy,
} from '../../lib/aws';
import { type PlanResource, plan } from '../../lib/plan';
import { inputs, names, ofType, resource } from '../support/plan';

const CLUSTER = {
  oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC',
  oidcProviderUrl: 'oidc.eks.eu-west-1.amazonaws.com/id/ABC',
};
const BUCKET = 'shop-production-db-backups';

function backups(args: Partial<BackupBucketArgs> = {}): Promise<PlanResource[]> {
  return plan(() => new BackupBucket('bk', { bucketName: BUCKET, region: 'eu-west-1', labels: { team: 'platform' }, ...args }));
}

const json = (planned: PlanResource[], name: string, field: string) => JSON.parse(inputs(planned, name)[field] as string);

describe('BackupBucket (AWS)', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await backups({
      retentionDays: 14,
      serviceAccount: { clusters: [CLUSTER], namespace: 'shop', name: 'shop-backup' },
      drillServiceAccount: { clusters: [CLUSTER], namespace: 'shop', name: 'shop-restore-drill' },
    });
  });

  test('is a component whose children all have it as parent', () => {
    expect(resource(planned, 'bk')).toMatchObject({ type: 'production-stack:aws:BackupBucket', parent: null });
    for (const r of planned.filter((x) => x.name !== 'bk')) expect([r.name, r.parent]).toEqual([r.name, 'bk']);
  });

  test('the bucket has the fixed name, is never force-destroyed, and the bucket and key are protected', () => {
    expect(inputs(planned, 'bk-bucket')).toMatchObject({
      bucket: BUCKET,
      forceDestroy: false,
      region: 'eu-west-1',
      tags: { team: 'platform', Name: 'bk-bucket' },
    });
    expect(resource(planned, 'bk-bucket').options.protect).toBe(true);
    expect(resource(planned, 'bk-key').options.protect).toBe(true);
  });

  test('versioning on; SSE-KMS with its own rotating key and a bucket key', () => {
    expect(inputs(planned, 'bk-versioning')).toMatchObject({ bucket: BUCKET, versioningConfiguration: { status: 'Enabled' } });
    expect(inputs(planned, 'bk-key')).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30, region: 'eu-west-1' });
    const rule = inputs(planned, 'bk-encryption').rules[0];
    expect(rule.bucketKeyEnabled).toBe(true);
    expect(rule.applyServerSideEncryptionByDefault.sseAlgorithm).toBe('aws:kms');
    expect(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
  });

  test('all public access blocked, ACLs disabled, TLS-only bucket policy', () => {
    expect(inputs(planned, 'bk-public-access-block')).toMatchObject({
      bucket: BUCKET,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(inputs(planned, 'bk-ownership').rule).toEqual({ objectOwnership: 'BucketOwnerEnforced' });
    expect(json(planned, 'bk-bucket-policy', 'policy')).toEqual(tlsOnlyBucketPolicy(`arn:aws:s3:::${BUCKET}`));
    expect(json(planned, 'bk-bucket-policy', 'policy').Statement[0]).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  test('lifecycle: current objects expire at the retention, noncurrent versions and unfinished uploads soon after', () => {
    const [expire, markers] = inputs(planned, 'bk-lifecycle').rules;
    expect(expire).toMatchObject({
      status: 'Enabled',
      expiration: { days: 14 },
      noncurrentVersionExpiration: { noncurrentDays: 7 },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
    });
    expect(markers).toMatchObject({ status: 'Enabled', expiration: { expiredObjectDeleteMarker: true } });
    expect(resource(planned, 'bk-lifecycle').options.dependsOn).toContain('bk-versioning');
  });

  test('the IRSA role is trusted only by the backup ServiceAccount, through the cluster OIDC provider', () => {
    expect(json(planned, 'bk-role', 'assumeRolePolicy')).toEqual(
      irsaTrustPolicy(CLUSTER.oidcProviderArn, CLUSTER.oidcProviderUrl, 'shop', 'shop-backup'),
    );
    expect(json(planned, 'bk-role', 'assumeRolePolicy').Statement[0].Condition.StringEquals).toEqual({
      [`${CLUSTER.oidcProviderUrl}:sub`]: 'system:serviceaccount:shop:shop-backup',
      [`${CLUSTER.oidcProviderUrl}:aud`]: 'sts.amazonaws.com',
    });
  });

  test('the role may write and read only the postgres/ prefix of this bucket, and use only its key through S3', () => {
    const keyArn = inputs(planned, 'bk-encryption').rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId;
    const policy = json(planned, 'bk-role-policy', 'policy');
    expect(policy).toEqual(backupAccessPolicy(BACKUP_KEY_PREFIX, [{ bucketArn: `arn:aws:s3:::${BUCKET}`, keyArn, region: 'eu-west-1' }]));
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Action: 's3:ListBucket',
        Resource: [`arn:aws:s3:::${BUCKET}`],
        Condition: { StringLike: { 's3:prefix': ['postgres/', 'postgres/*'] } },
      }),
      expect.objectContaining({ Action: ['s3:PutObject', 's3:GetObject'], Resource: [`arn:aws:s3:::${BUCKET}/postgres/*`] }),
      expect.objectContaining({
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: [keyArn],
        Condition: { StringEquals: { 'kms:ViaService': ['s3.eu-west-1.amazonaws.com'] } },
      }),
    ]);
  });

  test("the restore drill's role: trusted only by the drill's ServiceAccount, it may list and read the prefix and decrypt, nothing else", () => {
    expect(json(planned, 'bk-drill-role', 'assumeRolePolicy').Statement[0].Condition.StringEquals).toEqual({
      [`${CLUSTER.oidcProviderUrl}:sub`]: 'system:serviceaccount:shop:shop-restore-drill',
      [`${CLUSTER.oidcProviderUrl}:aud`]: 'sts.amazonaws.com',
    });
    const keyArn = inputs(planned, 'bk-encryption').rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId;
    const policy = json(planned, 'bk-drill-role-policy', 'policy');
    expect(policy).toEqual(restoreAccessPolicy(BACKUP_KEY_PREFIX, [{ bucketArn: `arn:aws:s3:::${BUCKET}`, keyArn, region: 'eu-west-1' }]));
    // every action it holds reads: no Put, no Delete, no Encrypt or GenerateDataKey (it cannot plant a backup)
    const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions.sort()).toEqual(['kms:Decrypt', 's3:GetObject', 's3:ListBucket']);
    expect(inputs(planned, 'bk-drill-role').description).toBe(`Restore drill (shop/shop-restore-drill): read ${BUCKET}/postgres/`);
    expect(inputs(planned, 'bk-role').description).toBe(`Logical database backups (shop/shop-backup): write and read ${BUCKET}/postgres/`);
  });

  test('no standby region: no replica, no replication', () => {
    expect(names(planned).filter((n) => n.includes('replica'))).toEqual([]);
    expect(ofType(planned, 'aws:s3/bucketReplicationConfig:BucketReplicationConfig')).toEqual([]);
  });

  test('without a ServiceAccount, no role is created', async () => {
    const bare = await backups();
    expect(ofType(bare, 'aws:iam/role:Role')).toEqual([]);
    expect(ofType(bare, 'aws:s3/bucket:Bucket')).toHaveLength(1);
  });
});

describe('BackupBucket (AWS) with a standby region', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await backups({ standbyRegion: 'eu-central-1' });
  });

  test('a replica bucket in the standby region, with its own key there, hardened like the primary and protected', () => {
    expect(inputs(planned, 'bk-replica-bucket')).toMatchObject({
      bucket: `${BUCKET}-replica`,
      forceDestroy: false,
      region: 'eu-central-1',
    });
    expect(inputs(planned, 'bk-replica-key')).toMatchObject({ enableKeyRotation: true, region: 'eu-central-1' });
    expect(resource(planned, 'bk-replica-bucket').options.protect).toBe(true);
    expect(resource(planned, 'bk-replica-key').options.protect).toBe(true);
    for (const role of ['versioning', 'encryption', 'public-access-block', 'ownership', 'bucket-policy', 'lifecycle'])
      expect([role, inputs(planned, `bk-replica-${role}`).region]).toEqual([role, 'eu-central-1']);
    expect(inputs(planned, 'bk-replica-versioning').versioningConfiguration).toEqual({ status: 'Enabled' });
    const replicaKey = inputs(planned, 'bk-replica-encryption').rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId;
    expect(replicaKey).toMatch(/^arn:aws:kms:eu-central-1:/);
    expect(replicaKey).not.toBe(inputs(planned, 'bk-encryption').rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId);
    expect(json(planned, 'bk-replica-bucket-policy', 'policy')).toEqual(tlsOnlyBucketPolicy(`arn:aws:s3:::${BUCKET}-replica`));
  });

  test('replication of every object, KMS-encrypted ones included, re-encrypted with the replica key, after versioning on both', () => {
    const replicaKey = inputs(planned, 'bk-replica-encryption').rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId;
    const replication = resource(planned, 'bk-replication');
    expect(replication.inputs).toMatchObject({ bucket: BUCKET, region: 'eu-west-1' });
    expect(replication.inputs.role).toMatch(/^arn:aws:iam::123456789012:role\/bk-replication-role/);
    expect(replication.inputs.rules).toEqual([
      expect.objectContaining({
        status: 'Enabled',
        filter: { prefix: '' },
        deleteMarkerReplication: { status: 'Disabled' },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
        destination: {
          bucket: `arn:aws:s3:::${BUCKET}-replica`,
          storageClass: 'STANDARD',
          encryptionConfiguration: { replicaKmsKeyId: replicaKey },
        },
      }),
    ]);
    expect(replication.options.dependsOn).toEqual(expect.arrayContaining(['bk-versioning', 'bk-replica-versioning']));
  });

  test('the replication role is assumed by S3 and may decrypt the source and encrypt with the replica key only', () => {
    expect(json(planned, 'bk-replication-role', 'assumeRolePolicy').Statement[0].Principal).toEqual({ Service: 's3.amazonaws.com' });
    const statements = json(planned, 'bk-replication-policy', 'policy').Statement as { Sid: string; Resource: string }[];
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.WriteReplicas!.Resource).toBe(`arn:aws:s3:::${BUCKET}-replica/*`);
    expect(bySid.ReadSourceVersions!.Resource).toBe(`arn:aws:s3:::${BUCKET}/*`);
    expect(bySid.DecryptSource).toMatchObject({ Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } });
    expect(bySid.EncryptReplicas).toMatchObject({
      Resource: inputs(planned, 'bk-replica-encryption').rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId,
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } },
    });
  });
});

describe('BackupBucket (AWS) with a standby region and its cluster', () => {
  const STANDBY_CLUSTER = {
    oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/DEF',
    oidcProviderUrl: 'oidc.eks.eu-central-1.amazonaws.com/id/DEF',
  };
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await backups({
      standbyRegion: 'eu-central-1',
      serviceAccount: { clusters: [CLUSTER, STANDBY_CLUSTER], namespace: 'shop', name: 'shop-backup' },
    });
  });

  test("one role, assumed by the jobs' ServiceAccount of either cluster and nothing else", () => {
    const trust = json(planned, 'bk-role', 'assumeRolePolicy');
    expect(trust.Statement).toEqual([
      ...irsaTrustPolicy(CLUSTER.oidcProviderArn, CLUSTER.oidcProviderUrl, 'shop', 'shop-backup').Statement,
      ...irsaTrustPolicy(STANDBY_CLUSTER.oidcProviderArn, STANDBY_CLUSTER.oidcProviderUrl, 'shop', 'shop-backup').Statement,
    ]);
    expect(ofType(planned, 'aws:iam/role:Role').map((r) => r.name)).toEqual(['bk-replication-role', 'bk-role']);
  });

  test('it may use the prefix of both buckets (the standby writes to the replica, in its region), each key only through S3 in its region', () => {
    const key = (role: string) => inputs(planned, role).rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId as string;
    const [sourceKey, replicaKey] = [key('bk-encryption'), key('bk-replica-encryption')];
    const bySid = Object.fromEntries((json(planned, 'bk-role-policy', 'policy').Statement as { Sid: string }[]).map((s) => [s.Sid, s]));
    expect(bySid.ListBackups).toMatchObject({ Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}-replica`] });
    expect(bySid.ReadWriteBackups).toMatchObject({
      Resource: [`arn:aws:s3:::${BUCKET}/postgres/*`, `arn:aws:s3:::${BUCKET}-replica/postgres/*`],
    });
    expect(bySid.UseBackupKeys).toMatchObject({
      Resource: [sourceKey, replicaKey],
      Condition: { StringEquals: { 'kms:ViaService': ['s3.eu-west-1.amazonaws.com', 's3.eu-central-1.amazonaws.com'] } },
    });
    expect(replicaKey).toMatch(/^arn:aws:kms:eu-central-1:/);
  });
});
