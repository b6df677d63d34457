/**
 * Pinned type tokens and logical names of the logical backups' cloud side
 * for the fixture specs (test/fixtures/pulumi-aws, pulumi-gcp; both have
 * PostgreSQL and no `dr.backupIdentity`): the bucket, its key and settings,
 * and the identity of the `<stack>-backup` ServiceAccount. Written out and
 * reviewed; see names.test.ts. The bucket and its key are protected: a rename
 * would try to replace them, so a deliberate one ships with `aliases`.
 */

/** The S3 bucket, its KMS key and configuration, and the IRSA roles of the backup and of the restore drill (new with #18). */
const AWS_BACKUPS: [string, string][] = [
  ['production-stack:aws:BackupBucket', 'shop-backups'],
  ['aws:s3/bucket:Bucket', 'shop-backups-bucket'],
  ['aws:s3/bucketPolicy:BucketPolicy', 'shop-backups-bucket-policy'],
  ['aws:iam/role:Role', 'shop-backups-drill-role'],
  ['aws:iam/rolePolicy:RolePolicy', 'shop-backups-drill-role-policy'],
  ['aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', 'shop-backups-encryption'],
  ['aws:kms/key:Key', 'shop-backups-key'],
  ['aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', 'shop-backups-lifecycle'],
  ['aws:s3/bucketOwnershipControls:BucketOwnershipControls', 'shop-backups-ownership'],
  ['aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'shop-backups-public-access-block'],
  ['aws:iam/role:Role', 'shop-backups-role'],
  ['aws:iam/rolePolicy:RolePolicy', 'shop-backups-role-policy'],
  ['aws:s3/bucketVersioning:BucketVersioning', 'shop-backups-versioning'],
];

/** With `dr.standbyRegion` (not in the fixture): the replica bucket, its key and configuration, and replication with its role. */
export const AWS_BACKUP_REPLICA_NAMES: [string, string][] = [
  ['aws:s3/bucket:Bucket', 'shop-backups-replica-bucket'],
  ['aws:s3/bucketPolicy:BucketPolicy', 'shop-backups-replica-bucket-policy'],
  ['aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', 'shop-backups-replica-encryption'],
  ['aws:kms/key:Key', 'shop-backups-replica-key'],
  ['aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', 'shop-backups-replica-lifecycle'],
  ['aws:s3/bucketOwnershipControls:BucketOwnershipControls', 'shop-backups-replica-ownership'],
  ['aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'shop-backups-replica-public-access-block'],
  ['aws:s3/bucketVersioning:BucketVersioning', 'shop-backups-replica-versioning'],
  ['aws:s3/bucketReplicationConfig:BucketReplicationConfig', 'shop-backups-replication'],
  ['aws:iam/rolePolicy:RolePolicy', 'shop-backups-replication-policy'],
  ['aws:iam/role:Role', 'shop-backups-replication-role'],
];

/** The GCS bucket and the Google service accounts of the backup and of the restore drill (new with #18) with their bindings. */
const GCP_BACKUPS: [string, string][] = [
  ['production-stack:gcp:BackupBucket', 'shop-backups'],
  ['gcp:storage/bucket:Bucket', 'shop-backups-bucket'],
  ['gcp:storage/bucketIAMMember:BucketIAMMember', 'shop-backups-drill-object-viewer'],
  ['gcp:serviceaccount/account:Account', 'shop-backups-drill-sa'],
  ['gcp:serviceaccount/iAMMember:IAMMember', 'shop-backups-drill-workload-identity'],
  ['gcp:storage/bucketIAMMember:BucketIAMMember', 'shop-backups-object-admin'],
  ['gcp:serviceaccount/account:Account', 'shop-backups-sa'],
  ['gcp:serviceaccount/iAMMember:IAMMember', 'shop-backups-workload-identity'],
];

/** The logical backups' cloud resources, by cloud. */
export const DR_NAMES: Readonly<Record<'aws' | 'gcp', [string, string][]>> = {
  aws: AWS_BACKUPS,
  gcp: GCP_BACKUPS,
};
