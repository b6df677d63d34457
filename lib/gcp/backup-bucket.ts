/**
 * The GCS bucket of the logical database backups (dual-region when the stack
 * has a standby region), and the Google service account the backup and
 * restore-drill jobs impersonate through Workload Identity.
 */
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';
import { backupRetentionDays } from '../core/resolve';
import { type WorkloadIdentityCluster, bindWorkloadIdentity, poolProject } from './addon-identity';
import { serviceAccountId } from './naming';

/** Type token of {@link BackupBucket}. */
export const GCP_BACKUP_BUCKET_TYPE = 'production-stack:gcp:BackupBucket';

/** Role of the backup jobs on their bucket (and only there): create, read, overwrite and list objects. */
export const BACKUP_OBJECT_ROLE = 'roles/storage.objectAdmin';

/** The restore drill's role on the bucket: read objects (and list them), nothing else. */
export const RESTORE_OBJECT_ROLE = 'roles/storage.objectViewer';

/** Days a replaced or expired backup stays as a noncurrent version before it is deleted. */
export const DEFAULT_NONCURRENT_VERSION_DAYS = 7;

/** Seconds a deleted object can still be restored (soft delete): 7 days, GCS's minimum above zero. */
export const DEFAULT_SOFT_DELETE_SECONDS = 7 * 24 * 3600;

/** The multi-region that holds configurable dual-regions of each region prefix. */
const DUAL_REGION_GROUPS: readonly [RegExp, string][] = [
  [/^(us|northamerica)-/, 'US'],
  [/^europe-/, 'EU'],
  [/^asia-/, 'ASIA'],
];

/** Where the bucket lives: a region, or a configurable dual-region of two regions. */
export interface BucketLocation {
  /** The bucket's `location`: the region, or the multi-region holding both regions. */
  readonly location: string;
  /** The two regions of a dual-region, in `customPlacementConfig.dataLocations`. */
  readonly dataLocations?: readonly string[];
}

/**
 * The location of a backup bucket: the region alone (uppercase, as GCS reports
 * it), or with a standby region a configurable dual-region placing the data in
 * both (`EU` with `EUROPE-WEST1` and `EUROPE-WEST4`), which GCS offers for two
 * regions of the same multi-region (US, EU or ASIA). Throws for other pairs,
 * naming both regions.
 */
export function backupBucketLocation(region: string, standbyRegion?: string): BucketLocation {
  if (standbyRegion === undefined || standbyRegion === region) return { location: region.toUpperCase() };
  const group = (r: string): string | undefined => DUAL_REGION_GROUPS.find(([re]) => re.test(r))?.[1];
  const location = group(region);
  if (location === undefined || location !== group(standbyRegion))
    throw new Error(
      `dr.standbyRegion: ${standbyRegion} and region ${region} cannot form a GCS dual-region (both must be in the same multi-region: US, EU or ASIA)`,
    );
  return { location, dataLocations: [region.toUpperCase(), standbyRegion.toUpperCase()] };
}

/** The lifecycle rules of a backup bucket: live objects deleted after the retention, noncurrent versions after a few days. */
export function backupLifecycleRules(retentionDays: number, noncurrentDays: number): gcp.types.input.storage.BucketLifecycleRule[] {
  return [
    { action: { type: 'Delete' }, condition: { age: retentionDays, withState: 'LIVE' } },
    { action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: noncurrentDays, withState: 'ARCHIVED' } },
  ];
}

/** The Kubernetes ServiceAccount that impersonates the backup service account (Workload Identity). */
export interface BackupServiceAccount {
  /** The cluster whose Workload Identity pool the ServiceAccount belongs to, typically a {@link Cluster}. */
  readonly cluster: WorkloadIdentityCluster;
  /** Namespace of the ServiceAccount (ProductionStack: the stack's namespace). */
  readonly namespace: string;
  /** Name of the ServiceAccount (ProductionStack: `<stack>-backup`). */
  readonly name: string;
}

/** Arguments of {@link BackupBucket}. */
export interface BackupBucketArgs {
  /** Name of the bucket, used as is: the backup jobs address it by this name (ProductionStack: `dr.backupBucket`). */
  readonly bucketName: string;
  /** Region of the bucket (ProductionStack: the stack's region). */
  readonly region: string;
  /**
   * A second region: the bucket becomes a configurable dual-region of `region` and this one
   * (see {@link backupBucketLocation}), so every backup is stored in both.
   * @default - a regional bucket
   */
  readonly standbyRegion?: string;
  /**
   * Days a backup is kept: live objects are deleted after this many days.
   * @default 30
   */
  readonly retentionDays?: number;
  /**
   * Days an expired or overwritten backup is kept as a noncurrent version before it is deleted.
   * @default 7
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Seconds a deleted object can still be restored (soft delete; 604800 to 7776000).
   * @default 604800 (7 days)
   */
  readonly softDeleteSeconds?: number;
  /**
   * The ServiceAccount of the backup jobs: a Google service account with
   * `roles/storage.objectAdmin` on this bucket only, which that ServiceAccount
   * (and no other) may impersonate, is created.
   * @default - no service account: whoever runs the jobs brings an identity allowed on the bucket
   */
  readonly serviceAccount?: BackupServiceAccount;
  /**
   * The ServiceAccount of the restore drill: a Google service account with `roles/storage.objectViewer` on this
   * bucket only, which that ServiceAccount (and no other) may impersonate, is created.
   * @default - no service account: the drill runs with the backup jobs' identity
   */
  readonly drillServiceAccount?: BackupServiceAccount;
  /**
   * Project of the bucket and the service account.
   * @default - the project of the cluster's Workload Identity pool, else the provider's
   */
  readonly project?: pulumi.Input<string>;
  /**
   * Labels of the bucket.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The bucket of the logical PostgreSQL backups:
 *
 * - a GCS bucket named exactly `bucketName`, in `region`, or a configurable dual-region of
 *   `region` and `standbyRegion`; `forceDestroy: false` and Pulumi's `protect`;
 * - uniform bucket-level access (no ACLs), public access prevention enforced, versioning on,
 *   soft delete (7 days), Google-managed encryption at rest;
 * - a lifecycle: live objects deleted after `retentionDays`, noncurrent versions after
 *   `noncurrentVersionDays`;
 * - with `serviceAccount`: a Google service account `<name>-sa` with `roles/storage.objectAdmin`
 *   on this bucket only (a bucket IAM member, not a project grant), and the right of the
 *   Kubernetes ServiceAccount `<namespace>/<name>` to impersonate it (Workload Identity).
 *
 * - with `drillServiceAccount`: the same for the restore drill, `<name>-drill-sa` with `roles/storage.objectViewer`
 *   only (it reads the backups and writes none).
 *
 * Children are named `${name}-<role>` (`-bucket`, `-sa`, `-object-admin`, `-workload-identity`, and the drill's
 * `-drill-sa`, `-drill-object-viewer`, `-drill-workload-identity`).
 */
export class BackupBucket extends pulumi.ComponentResource {
  /** The bucket. */
  public readonly bucket: gcp.storage.Bucket;
  /** The Google service account of the backup jobs, when `serviceAccount` is given. */
  public readonly account?: gcp.serviceaccount.Account;
  /** Its object access on the bucket. */
  public readonly objectAdmin?: gcp.storage.BucketIAMMember;
  /** The Kubernetes ServiceAccount's right to impersonate it. */
  public readonly workloadIdentity?: gcp.serviceaccount.IAMMember;

  /** Name of the bucket. */
  public readonly bucketName: pulumi.Output<string>;
  /** `gs://` URL of the bucket. */
  public readonly url: pulumi.Output<string>;
  /** Annotations that bind the Kubernetes ServiceAccount to the Google one (`iam.gke.io/gcp-service-account`), when `serviceAccount` is given. */
  public readonly serviceAccountAnnotations?: pulumi.Output<Record<string, string>>;
  /** The restore drill's Google service account, when `drillServiceAccount` is given. */
  public readonly drillAccount?: gcp.serviceaccount.Account;
  /** Its read access to the bucket's objects. */
  public readonly drillObjectViewer?: gcp.storage.BucketIAMMember;
  /** The drill's Kubernetes ServiceAccount's right to impersonate it. */
  public readonly drillWorkloadIdentity?: gcp.serviceaccount.IAMMember;
  /** Annotations that bind the drill's Kubernetes ServiceAccount to its Google one, when `drillServiceAccount` is given. */
  public readonly drillServiceAccountAnnotations?: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: BackupBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_BACKUP_BUCKET_TYPE, name, {}, opts);
    const parent = { parent: this };
    const where = backupBucketLocation(args.region, args.standbyRegion);
    const sa = args.serviceAccount;
    const cluster = (sa ?? args.drillServiceAccount)?.cluster;
    const pool = cluster !== undefined ? pulumi.output(cluster.workloadPool) : undefined;
    const project = args.project ?? pool?.apply(poolProject);

    this.bucket = new gcp.storage.Bucket(
      `${name}-bucket`,
      {
        name: args.bucketName,
        project,
        location: where.location,
        ...(where.dataLocations ? { customPlacementConfig: { dataLocations: [...where.dataLocations] } } : {}),
        storageClass: 'STANDARD',
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        versioning: { enabled: true },
        softDeletePolicy: { retentionDurationSeconds: args.softDeleteSeconds ?? DEFAULT_SOFT_DELETE_SECONDS },
        lifecycleRules: backupLifecycleRules(
          backupRetentionDays(args.retentionDays),
          args.noncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS,
        ),
        forceDestroy: false,
        labels: { ...args.labels },
      },
      { parent: this, protect: true },
    );
    this.bucketName = this.bucket.name;
    this.url = this.bucket.url;

    const identity = (role: string, k8sAccount: BackupServiceAccount, what: string, bucketRole: string, grant: string) => {
      const account = new gcp.serviceaccount.Account(
        `${name}${role}-sa`,
        { accountId: serviceAccountId(`${name}${role}`), displayName: `${what} (${k8sAccount.namespace}/${k8sAccount.name})`, project },
        parent,
      );
      const member = new gcp.storage.BucketIAMMember(
        `${name}${role}-${grant}`,
        { bucket: this.bucket.name, role: bucketRole, member: account.member },
        parent,
      );
      const wi = bindWorkloadIdentity(`${name}${role}`, account, pool!, k8sAccount.namespace, k8sAccount.name, parent);
      return { account, member, wi };
    };
    if (sa !== undefined) {
      const made = identity('', sa, 'Logical database backups', BACKUP_OBJECT_ROLE, 'object-admin');
      this.account = made.account;
      this.objectAdmin = made.member;
      this.workloadIdentity = made.wi.binding;
      this.serviceAccountAnnotations = made.wi.annotations;
    }
    if (args.drillServiceAccount !== undefined) {
      const made = identity('-drill', args.drillServiceAccount, 'Restore drill', RESTORE_OBJECT_ROLE, 'object-viewer');
      this.drillAccount = made.account;
      this.drillObjectViewer = made.member;
      this.drillWorkloadIdentity = made.wi.binding;
      this.drillServiceAccountAnnotations = made.wi.annotations;
    }

    this.registerOutputs({ bucketName: this.bucketName, url: this.url, serviceAccountEmail: this.account?.email });
  }
}
