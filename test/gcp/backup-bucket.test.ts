/** The GCP backup bucket, planned against mocks: location, access, versioning, lifecycle, soft delete, IAM on the bucket only. */
import { BACKUP_OBJECT_ROLE, BackupBucket, type BackupBucketArgs, RESTORE_OBJECT_ROLE, backupBucketLocation } from '../../lib/gcp';
import { type PlanResource, plan } from '../../lib/plan';
import { inputs, ofType, resource } from '../support/plan';

const POOL = 'shop-project.svc.id.goog';
const BUCKET = 'shop-production-db-backups';

function backups(args: Partial<BackupBucketArgs> = {}): Promise<PlanResource[]> {
  return plan(() => new BackupBucket('bk', { bucketName: BUCKET, region: 'europe-west1', labels: { stack: 'shop' }, ...args }));
}

describe('BackupBucket (GCP)', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await backups({
      retentionDays: 14,
      serviceAccount: { cluster: { workloadPool: POOL }, namespace: 'shop', name: 'shop-backup' },
      drillServiceAccount: { cluster: { workloadPool: POOL }, namespace: 'shop', name: 'shop-restore-drill' },
    });
  });

  test('is a component whose children all have it as parent', () => {
    expect(resource(planned, 'bk')).toMatchObject({ type: 'production-stack:gcp:BackupBucket', parent: null });
    for (const r of planned.filter((x) => x.name !== 'bk')) expect([r.name, r.parent]).toEqual([r.name, 'bk']);
  });

  test('the bucket: fixed name, the region, uniform access, public access prevented, versioned, soft delete, protected', () => {
    const bucket = resource(planned, 'bk-bucket');
    expect(bucket.inputs).toMatchObject({
      name: BUCKET,
      project: 'shop-project',
      location: 'EUROPE-WEST1',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      softDeletePolicy: { retentionDurationSeconds: 604800 },
      forceDestroy: false,
      labels: { stack: 'shop' },
    });
    expect(bucket.inputs.customPlacementConfig).toBeUndefined();
    expect(bucket.options.protect).toBe(true);
  });

  test('lifecycle: live objects deleted at the retention, noncurrent versions a few days later', () => {
    expect(inputs(planned, 'bk-bucket').lifecycleRules).toEqual([
      { action: { type: 'Delete' }, condition: { age: 14, withState: 'LIVE' } },
      { action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: 7, withState: 'ARCHIVED' } },
    ]);
  });

  test('the service account has objectAdmin on this bucket only: a bucket IAM member, no project grant', () => {
    const email = `${inputs(planned, 'bk-sa').accountId}@shop-project.iam.gserviceaccount.com`;
    expect(inputs(planned, 'bk-object-admin')).toEqual({ bucket: BUCKET, role: BACKUP_OBJECT_ROLE, member: `serviceAccount:${email}` });
    expect(ofType(planned, 'gcp:projects/iAMMember:IAMMember')).toEqual([]);
    expect(inputs(planned, 'bk-sa')).toMatchObject({ project: 'shop-project' });
  });

  test('only the backup ServiceAccount may impersonate it (Workload Identity)', () => {
    expect(inputs(planned, 'bk-workload-identity')).toMatchObject({
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${POOL}[shop/shop-backup]`,
    });
    expect(inputs(planned, 'bk-workload-identity').serviceAccountId).toBe(
      `projects/shop-project/serviceAccounts/${inputs(planned, 'bk-sa').accountId}@shop-project.iam.gserviceaccount.com`,
    );
  });

  test("the restore drill's service account may only read the bucket's objects, impersonated by the drill's ServiceAccount only", () => {
    const email = `${inputs(planned, 'bk-drill-sa').accountId}@shop-project.iam.gserviceaccount.com`;
    expect(inputs(planned, 'bk-drill-sa').accountId).not.toBe(inputs(planned, 'bk-sa').accountId);
    expect(inputs(planned, 'bk-drill-object-viewer')).toEqual({
      bucket: BUCKET,
      role: RESTORE_OBJECT_ROLE,
      member: `serviceAccount:${email}`,
    });
    expect(RESTORE_OBJECT_ROLE).toBe('roles/storage.objectViewer');
    expect(inputs(planned, 'bk-drill-workload-identity')).toMatchObject({
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${POOL}[shop/shop-restore-drill]`,
      serviceAccountId: `projects/shop-project/serviceAccounts/${email}`,
    });
  });

  test('without a ServiceAccount, only the bucket', async () => {
    const bare = await backups();
    expect(bare.map((r) => r.name).sort()).toEqual(['bk', 'bk-bucket']);
  });
});

describe('BackupBucket (GCP) with a standby region', () => {
  test('a configurable dual-region of the region and the standby region', async () => {
    const planned = await backups({ standbyRegion: 'europe-west4' });
    expect(inputs(planned, 'bk-bucket')).toMatchObject({
      location: 'EU',
      customPlacementConfig: { dataLocations: ['EUROPE-WEST1', 'EUROPE-WEST4'] },
    });
  });

  test.each([
    ['us-central1', 'us-east4', { location: 'US', dataLocations: ['US-CENTRAL1', 'US-EAST4'] }],
    ['asia-northeast1', 'asia-northeast2', { location: 'ASIA', dataLocations: ['ASIA-NORTHEAST1', 'ASIA-NORTHEAST2'] }],
    ['europe-west1', undefined, { location: 'EUROPE-WEST1' }],
  ])('%s + %s', (region, standby, expected) => {
    expect(backupBucketLocation(region, standby)).toEqual(expected);
  });

  test('fails when the two regions are in different multi-regions, naming both', () => {
    expect(() => backupBucketLocation('europe-west1', 'us-east1')).toThrow(
      'dr.standbyRegion: us-east1 and region europe-west1 cannot form a GCS dual-region (both must be in the same multi-region: US, EU or ASIA)',
    );
  });
});
