/**
 * The S3 bucket of the logical database backups, its KMS key, its replica in
 * the standby region, and the IRSA role of the Kubernetes ServiceAccount the
 * backup and restore-drill jobs run as.
 */
import * as aws from '../sdk/aws';
import * as pulumi from '@pulumi/pulumi';
import { backupRetentionDays } from '../core/resolve';
import { backupReplicaBucket } from '../core/naming';
import { type IrsaCluster, clustersTrustPolicy } from './addon-identity';
import { type PolicyDocument, serviceTrustPolicy } from './policies';
import { type Tags, named } from './tags';
import { AWS } from '../core/cloud/aws';
import { refuseRenamedArgs } from './renamed';

/** Type token of {@link BackupBucket}. */
export const AWS_BACKUP_BUCKET_TYPE = 'production-stack:aws:BackupBucket';

/** Key prefix the backup jobs write under (`postgres/<database>/...`): the only prefix their role may touch. */
export const BACKUP_KEY_PREFIX = 'postgres/';

/** Days a replaced or expired backup stays as a noncurrent version before it is deleted. */
export const DEFAULT_NONCURRENT_VERSION_DAYS = 7;

/** Days after which an unfinished multipart upload (an interrupted backup) is aborted. */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 1;

/** What the backup jobs may do on their prefix: write and read objects. */
export const BACKUP_OBJECT_ACTIONS = ['s3:PutObject', 's3:GetObject'] as const;

/** What the restore drill may do with backup objects: read them, nothing else. */
export const RESTORE_OBJECT_ACTIONS = ['s3:GetObject'] as const;

/** What the restore drill may do with the bucket's key: decrypt what it downloads. */
export const RESTORE_KEY_ACTIONS = ['kms:Decrypt'] as const;

/** What the backup jobs may do with the bucket's key: what SSE-KMS uploads and downloads need. */
export const BACKUP_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'] as const;

/** Bucket policy refusing every request not made over TLS (`aws:SecureTransport` false). */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

/** A bucket the backup jobs use, its KMS key and its region. */
export interface BackupLocation {
  readonly bucketArn: string;
  readonly keyArn: string;
  readonly region: string;
}

/**
 * What the backup jobs' role may do: list, write and read objects under `prefix` of the given
 * buckets only (the primary bucket and, with a standby region, its replica, which the standby
 * cluster's jobs use), and use their keys only through S3 in their regions.
 */
export function backupAccessPolicy(prefix: string, locations: readonly BackupLocation[]): PolicyDocument {
  return objectAccessPolicy(prefix, locations, 'ReadWriteBackups', BACKUP_OBJECT_ACTIONS, BACKUP_KEY_ACTIONS);
}

/**
 * What the restore drill's role may do: list and read objects under `prefix` of the given buckets, and decrypt
 * them with their keys through S3 only. No write: a compromised drill (it runs the spec's SQL on restored data)
 * cannot overwrite or plant a backup.
 */
export function restoreAccessPolicy(prefix: string, locations: readonly BackupLocation[]): PolicyDocument {
  return objectAccessPolicy(prefix, locations, 'ReadBackups', RESTORE_OBJECT_ACTIONS, RESTORE_KEY_ACTIONS);
}

function objectAccessPolicy(
  prefix: string,
  locations: readonly BackupLocation[],
  sid: string,
  objectActions: readonly string[],
  keyActions: readonly string[],
): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ListBackups',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: locations.map((l) => l.bucketArn),
        Condition: { StringLike: { 's3:prefix': [prefix, `${prefix}*`] } },
      },
      { Sid: sid, Effect: 'Allow', Action: [...objectActions], Resource: locations.map((l) => `${l.bucketArn}/${prefix}*`) },
      {
        Sid: 'UseBackupKeys',
        Effect: 'Allow',
        Action: [...keyActions],
        Resource: locations.map((l) => l.keyArn),
        Condition: { StringEquals: { 'kms:ViaService': locations.map((l) => `s3.${l.region}.amazonaws.com`) } },
      },
    ],
  };
}

/** Where S3 replication reads from and writes to. */
export interface ReplicationEnds {
  readonly sourceBucketArn: string;
  readonly sourceKeyArn: string;
  readonly sourceRegion: string;
  readonly replicaBucketArn: string;
  readonly replicaKeyArn: string;
  readonly replicaRegion: string;
}

/**
 * What S3 replication's role may do: read the source bucket's versions and
 * decrypt them with the source key, write replicas to the replica bucket and
 * encrypt them with the replica key, each key only through S3 in its region.
 */
export function replicationPolicy(e: ReplicationEnds): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadSourceConfiguration',
        Effect: 'Allow',
        Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        Resource: e.sourceBucketArn,
      },
      {
        Sid: 'ReadSourceVersions',
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: `${e.sourceBucketArn}/*`,
      },
      {
        Sid: 'WriteReplicas',
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        Resource: `${e.replicaBucketArn}/*`,
      },
      {
        Sid: 'DecryptSource',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: e.sourceKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': `s3.${e.sourceRegion}.amazonaws.com` } },
      },
      {
        Sid: 'EncryptReplicas',
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: e.replicaKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': `s3.${e.replicaRegion}.amazonaws.com` } },
      },
    ],
  };
}

/** The Kubernetes ServiceAccount that may assume the backup role (IRSA). */
export interface BackupServiceAccount {
  /**
   * The clusters whose OIDC providers issue the ServiceAccount's tokens, typically {@link Cluster}s:
   * the primary's and, with a standby region, the standby's (IAM roles are global: one role serves both).
   */
  readonly clusters: readonly IrsaCluster[];
  /** Namespace of the ServiceAccount (ProductionStack: the stack's namespace). */
  readonly namespace: string;
  /** Name of the ServiceAccount (ProductionStack: `<stack>-backup`). */
  readonly name: string;
}

/** Arguments of {@link BackupBucket}. */
export interface BackupBucketArgs {
  /**
   * Name of the bucket, used as is: the backup jobs address it by this name
   * (ProductionStack: `dr.backupBucket`). The replica is `<bucketName>-replica` ({@link backupReplicaBucket}).
   */
  readonly bucketName: string;
  /**
   * Days a backup is kept: current objects expire after this many days.
   * @default 30
   */
  readonly retentionDays?: number;
  /**
   * Days an expired or overwritten backup is kept as a noncurrent version before it is deleted.
   * @default 7
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Region of the bucket and its key (the per-resource region of the AWS provider v7).
   * @default - the provider's region
   */
  readonly region?: pulumi.Input<string>;
  /**
   * Region of a replica bucket, with its own KMS key, to which every backup is replicated.
   * @default - no replica
   */
  readonly standbyRegion?: string;
  /**
   * The ServiceAccount of the backup jobs: an IRSA role trusted only by it,
   * allowed only on the bucket's `postgres/` prefix and its key, is created.
   * @default - no role: whoever runs the jobs brings an identity allowed on the bucket
   */
  readonly serviceAccount?: BackupServiceAccount;
  /**
   * The ServiceAccount of the restore drill: an IRSA role trusted only by it, allowed to list and read the
   * bucket's `postgres/` prefix and decrypt with its key, nothing else, is created.
   * @default - no role: the drill runs with the backup jobs' identity
   */
  readonly drillServiceAccount?: BackupServiceAccount;
  /**
   * Labels of every resource (AWS tags), besides the `Name` tag each one gets.
   * @default - only `Name`
   */
  readonly labels?: Tags;
}

/** The lifecycle rules of a backup bucket: expiry at the retention, noncurrent versions, unfinished uploads, stale delete markers. */
export function backupLifecycleRules(retentionDays: number, noncurrentDays: number): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
  return [
    {
      id: 'expire-backups',
      status: 'Enabled',
      filter: { prefix: '' },
      expiration: { days: retentionDays },
      noncurrentVersionExpiration: { noncurrentDays },
      abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS },
    },
    { id: 'remove-expired-delete-markers', status: 'Enabled', filter: { prefix: '' }, expiration: { expiredObjectDeleteMarker: true } },
  ];
}

/** A hardened bucket and its key: the resources the primary bucket and its replica share. */
export interface HardenedBucket {
  readonly key: aws.kms.Key;
  readonly bucket: aws.s3.Bucket;
  readonly versioning: aws.s3.BucketVersioning;
  readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly ownership: aws.s3.BucketOwnershipControls;
  readonly policy: aws.s3.BucketPolicy;
  readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
}

/**
 * The bucket of the logical PostgreSQL backups:
 *
 * - an S3 bucket named exactly `bucketName`, `forceDestroy: false` and Pulumi's `protect`;
 * - versioning on; SSE-KMS by default with a customer KMS key of its own (yearly rotation,
 *   `protect`), S3 Bucket Keys enabled;
 * - all public access blocked, ACLs disabled (`BucketOwnerEnforced`), and a bucket policy
 *   refusing any request not made over TLS;
 * - a lifecycle: current objects expire after `retentionDays`, noncurrent versions after
 *   `noncurrentVersionDays`, unfinished multipart uploads are aborted after a day;
 * - with `standbyRegion`: a replica bucket `<bucketName>-replica` in that region, hardened the
 *   same way with its own key there, and a replication configuration (every object, KMS-encrypted
 *   ones included, re-encrypted with the replica's key; deletions not replicated) with its IAM role;
 * - with `serviceAccount`: an IRSA role trusted only by
 *   `system:serviceaccount:<namespace>:<name>` of the given clusters, allowed `s3:PutObject`/`s3:GetObject`
 *   on `postgres/*`, `s3:ListBucket` of that prefix, and `kms:Encrypt`/`Decrypt`/`GenerateDataKey`
 *   on the bucket's key through S3 only; with a replica, on the replica and its key too (the
 *   standby cluster's jobs write there: the bucket in their region).
 *
 * Children are named `${name}-<role>` (`-bucket`, `-key`, `-replica-bucket`, `-role`, ...).
 */
export class BackupBucket extends pulumi.ComponentResource {
  /** KMS key of the bucket. */
  public readonly key: aws.kms.Key;
  /** The bucket. */
  public readonly bucket: aws.s3.Bucket;
  /** Its versioning. */
  public readonly versioning: aws.s3.BucketVersioning;
  /** Its default encryption. */
  public readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
  /** Its public access block. */
  public readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  /** Its object ownership (ACLs disabled). */
  public readonly ownership: aws.s3.BucketOwnershipControls;
  /** Its TLS-only bucket policy. */
  public readonly bucketPolicy: aws.s3.BucketPolicy;
  /** Its lifecycle. */
  public readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
  /** The replica in the standby region, when there is one. */
  public readonly replica?: Omit<HardenedBucket, 'policy'> & {
    readonly bucketPolicy: aws.s3.BucketPolicy;
    readonly role: aws.iam.Role;
    readonly rolePolicy: aws.iam.RolePolicy;
    readonly replication: aws.s3.BucketReplicationConfig;
  };
  /** The IRSA role of the backup jobs, when `serviceAccount` is given. */
  public readonly role?: aws.iam.Role;
  /** Its one inline policy. */
  public readonly rolePolicy?: aws.iam.RolePolicy;

  /** Name of the bucket. */
  public readonly bucketName: pulumi.Output<string>;
  /** ARN of the bucket. */
  public readonly bucketArn: pulumi.Output<string>;
  /** Annotations that bind the ServiceAccount to the role (`eks.amazonaws.com/role-arn`), when `serviceAccount` is given. */
  public readonly serviceAccountAnnotations?: pulumi.Output<Record<string, string>>;
  /** The restore drill's read-only IRSA role, when `drillServiceAccount` is given. */
  public readonly drillRole?: aws.iam.Role;
  /** Its one inline policy. */
  public readonly drillRolePolicy?: aws.iam.RolePolicy;
  /** Annotations that bind the drill's ServiceAccount to its role, when `drillServiceAccount` is given. */
  public readonly drillServiceAccountAnnotations?: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: BackupBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AWS_BACKUP_BUCKET_TYPE, name, {}, opts);
    refuseRenamedArgs(`aws.BackupBucket "${name}"`, args, ['tags']);
    const tags = args.labels ?? {};
    const parent = { parent: this };
    const retentionDays = backupRetentionDays(args.retentionDays);
    const noncurrentDays = args.noncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS;
    const region: pulumi.Output<string> = args.region !== undefined ? pulumi.output(args.region) : aws.getRegionOutput({}, parent).region;

    const hardened = (prefix: string, bucketName: string, where: pulumi.Input<string> | undefined, purpose: string): HardenedBucket => {
      const key = new aws.kms.Key(
        `${prefix}-key`,
        {
          description: `Encryption of the ${purpose} ${bucketName}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          region: where,
          tags: named(tags, `${prefix}-key`),
        },
        { parent: this, protect: true },
      );
      const bucket = new aws.s3.Bucket(
        `${prefix}-bucket`,
        { bucket: bucketName, forceDestroy: false, region: where, tags: named(tags, `${prefix}-bucket`) },
        { parent: this, protect: true },
      );
      const versioning = new aws.s3.BucketVersioning(
        `${prefix}-versioning`,
        { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' }, region: where },
        parent,
      );
      const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${prefix}-encryption`,
        {
          bucket: bucket.id,
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
          region: where,
        },
        parent,
      );
      const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${prefix}-public-access-block`,
        {
          bucket: bucket.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
          region: where,
        },
        parent,
      );
      const ownership = new aws.s3.BucketOwnershipControls(
        `${prefix}-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' }, region: where },
        parent,
      );
      const policy = new aws.s3.BucketPolicy(
        `${prefix}-bucket-policy`,
        { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))), region: where },
        // S3 refuses a policy while the public access block is being applied.
        { parent: this, dependsOn: [publicAccessBlock] },
      );
      const lifecycle = new aws.s3.BucketLifecycleConfiguration(
        `${prefix}-lifecycle`,
        { bucket: bucket.id, rules: backupLifecycleRules(retentionDays, noncurrentDays), region: where },
        // Noncurrent-version rules need versioning first.
        { parent: this, dependsOn: [versioning] },
      );
      return { key, bucket, versioning, encryption, publicAccessBlock, ownership, policy, lifecycle };
    };

    const primary = hardened(name, args.bucketName, args.region, 'database backup bucket');
    this.key = primary.key;
    this.bucket = primary.bucket;
    this.versioning = primary.versioning;
    this.encryption = primary.encryption;
    this.publicAccessBlock = primary.publicAccessBlock;
    this.ownership = primary.ownership;
    this.bucketPolicy = primary.policy;
    this.lifecycle = primary.lifecycle;
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    if (args.standbyRegion !== undefined) {
      const standby = args.standbyRegion;
      const replicaName = backupReplicaBucket(args.bucketName);
      const { policy: replicaPolicy, ...replica } = hardened(`${name}-replica`, replicaName, standby, 'database backup replica bucket');
      const role = new aws.iam.Role(
        `${name}-replication-role`,
        {
          description: `S3 replication of ${args.bucketName} to ${replicaName} (${standby})`,
          assumeRolePolicy: JSON.stringify(serviceTrustPolicy('s3.amazonaws.com')),
          tags: named(tags, `${name}-replication-role`),
        },
        parent,
      );
      const rolePolicy = new aws.iam.RolePolicy(
        `${name}-replication-policy`,
        {
          role: role.id,
          policy: pulumi
            .all([this.bucket.arn, this.key.arn, region, replica.bucket.arn, replica.key.arn])
            .apply(([sourceBucketArn, sourceKeyArn, sourceRegion, replicaBucketArn, replicaKeyArn]) =>
              JSON.stringify(
                replicationPolicy({ sourceBucketArn, sourceKeyArn, sourceRegion, replicaBucketArn, replicaKeyArn, replicaRegion: standby }),
              ),
            ),
        },
        parent,
      );
      const replication = new aws.s3.BucketReplicationConfig(
        `${name}-replication`,
        {
          bucket: this.bucket.id,
          role: role.arn,
          rules: [
            {
              id: 'standby-region',
              status: 'Enabled',
              priority: 1,
              filter: { prefix: '' },
              // Deletions stay in the primary: a deleted or expired backup survives in the replica until its own lifecycle expires it.
              deleteMarkerReplication: { status: 'Disabled' },
              sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
              destination: {
                bucket: replica.bucket.arn,
                storageClass: 'STANDARD',
                encryptionConfiguration: { replicaKmsKeyId: replica.key.arn },
              },
            },
          ],
          region: args.region,
        },
        // Replication needs versioning on both buckets, and the role's permissions.
        { parent: this, dependsOn: [this.versioning, replica.versioning, rolePolicy] },
      );
      this.replica = { ...replica, bucketPolicy: replicaPolicy, role, rolePolicy, replication };
    }

    const locations = pulumi.all([
      pulumi.all([this.bucket.arn, this.key.arn, region]),
      ...(this.replica && args.standbyRegion !== undefined
        ? [pulumi.all([this.replica.bucket.arn, this.replica.key.arn, args.standbyRegion])]
        : []),
    ]);
    const irsa = (role: string, sa: BackupServiceAccount, what: string, access: string, policy: typeof backupAccessPolicy) => {
      const r = new aws.iam.Role(
        `${name}-${role}`,
        {
          description: `${what} (${sa.namespace}/${sa.name}): ${access} ${args.bucketName}/${BACKUP_KEY_PREFIX}`,
          assumeRolePolicy: clustersTrustPolicy(sa.clusters, sa.namespace, sa.name),
          tags: named(tags, `${name}-${role}`),
        },
        parent,
      );
      const p = new aws.iam.RolePolicy(
        `${name}-${role}-policy`,
        {
          role: r.id,
          policy: locations.apply((l) =>
            JSON.stringify(
              policy(
                BACKUP_KEY_PREFIX,
                l.map(([bucketArn, keyArn, at]) => ({ bucketArn, keyArn, region: at })),
              ),
            ),
          ),
        },
        parent,
      );
      return { role: r, policy: p, annotations: r.arn.apply((arn): Record<string, string> => ({ [AWS.identityAnnotation]: arn })) };
    };
    if (args.serviceAccount !== undefined) {
      const made = irsa('role', args.serviceAccount, 'Logical database backups', 'write and read', backupAccessPolicy);
      this.role = made.role;
      this.rolePolicy = made.policy;
      this.serviceAccountAnnotations = made.annotations;
    }
    if (args.drillServiceAccount !== undefined) {
      const made = irsa('drill-role', args.drillServiceAccount, 'Restore drill', 'read', restoreAccessPolicy);
      this.drillRole = made.role;
      this.drillRolePolicy = made.policy;
      this.drillServiceAccountAnnotations = made.annotations;
    }

    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, roleArn: this.role?.arn });
  }
}
