/**
 * The name a client verifies a Cloud SQL instance by. The per-instance CA Cloud SQL uses by default
 * (`GOOGLE_MANAGED_INTERNAL_CA`) issues a certificate naming no address a client connects to, so only
 * `sslmode=verify-ca` can pass, which node-postgres does not implement from a URL (it verifies the host).
 * With the shared CA (`GOOGLE_MANAGED_CAS_CA`) the server certificate holds the instance's DNS name; on a
 * private IP (private services access) nothing resolves that name, so a private Cloud DNS zone on the VPC
 * answers it with the instance's private IP. Clients then connect to the name with `sslmode=verify-full`.
 */
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';

/** The CA mode of every instance: Google's shared CA hierarchy, whose certificates name the instance. */
export const CLOUD_SQL_CA_MODE = 'GOOGLE_MANAGED_CAS_CA';

/**
 * The shared CA's server certificates expire after a year; Cloud SQL renews them in the maintenance window
 * only with automatic rotation on ("Automatic server certificate rotation" in Cloud SQL's self-service
 * maintenance documentation). The CA itself, which clients trust, stays.
 */
export const CLOUD_SQL_CERTIFICATE_ROTATION = 'AUTOMATIC_ROTATION_DURING_MAINTENANCE';

/** TTL of an instance's address record: its private IP does not change. */
export const INSTANCE_RECORD_TTL = 300;

/**
 * The instance's own DNS name on private services access, as Cloud SQL lists it (`….sql-psa.goog.`), or
 * `undefined`. Only the instance's scope: a cluster-scoped name (an Enterprise Plus write endpoint) is Cloud
 * SQL's to resolve.
 */
export function privateServicesDnsName(
  names: readonly { name?: string; connectionType?: string; dnsScope?: string }[] | undefined,
): string | undefined {
  return names?.find((n) => n.connectionType === 'PRIVATE_SERVICES_ACCESS' && n.dnsScope === 'INSTANCE' && n.name)?.name;
}

/** What a preview shows for a name Cloud SQL lists only once the instance has the shared CA (the `up` that switches it). */
export const PENDING_DNS_NAME = 'pending.sql-psa.goog.';

/** What {@link instanceDnsName} needs. */
export interface InstanceDnsNameArgs {
  readonly instance: gcp.sql.DatabaseInstance;
  /** ID or self link of the VPC network the zone answers in. */
  readonly networkId: pulumi.Input<string>;
  readonly project?: pulumi.Input<string>;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The private zone of an instance's DNS name and the name's A record. */
export interface InstanceDnsName {
  readonly zone: gcp.dns.ManagedZone;
  readonly record: gcp.dns.RecordSet;
  /** The name, without the final dot: the host of the connection document. */
  readonly host: pulumi.Output<string>;
}

/**
 * Creates, as children of `parent`, the private zone `<name>-dns` of the instance's DNS name, visible to the
 * VPC, and its A record (`<name>-dns-record`) to the private IP.
 */
export function instanceDnsName(name: string, args: InstanceDnsNameArgs, parent: pulumi.Resource): InstanceDnsName {
  const fqdn = args.instance.dnsNames.apply((names) => {
    const found = privateServicesDnsName(names);
    if (found === undefined) {
      // an instance still on its own CA, before the `up` that switches it, lists none yet
      if (pulumi.runtime.isDryRun()) return PENDING_DNS_NAME;
      throw new Error(`Cloud SQL instance ${name} lists no DNS name for private services access`);
    }
    return found.endsWith('.') ? found : `${found}.`;
  });
  const zone = new gcp.dns.ManagedZone(
    `${name}-dns`,
    {
      dnsName: fqdn,
      description: 'The private IP of a Cloud SQL instance, under the name its server certificate holds',
      visibility: 'private',
      privateVisibilityConfig: { networks: [{ networkUrl: args.networkId }] },
      labels: { ...args.labels },
      project: args.project,
    },
    { parent },
  );
  const record = new gcp.dns.RecordSet(
    `${name}-dns-record`,
    {
      managedZone: zone.name,
      name: fqdn,
      type: 'A',
      ttl: INSTANCE_RECORD_TTL,
      rrdatas: [args.instance.privateIpAddress],
      project: args.project,
    },
    { parent },
  );
  return { zone, record, host: fqdn.apply((n) => n.slice(0, -1)) };
}
