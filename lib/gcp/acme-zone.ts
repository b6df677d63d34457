/**
 * The Cloud DNS zone where cert-manager answers ACME DNS-01 challenges on GCP: a sub-zone delegated from the
 * zone of the hosts, so that cert-manager's Google service account administers the sub-zone only and can
 * change nothing in the zone of the hosts (the failover record among them).
 */
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';

/** TTL of the delegation and of the challenge CNAMEs, in seconds: they never change once created. */
export const ACME_RECORD_TTL = 300;

/** The `_acme-challenge` record of `host`, where ACME looks for its DNS-01 answer (RFC 8555 §8.4), as a Cloud DNS name. */
export function acmeChallengeName(host: string): string {
  return `_acme-challenge.${host.replace(/\.$/, '')}.`;
}

/** Arguments of {@link acmeChallengeZone}. */
export interface AcmeChallengeZoneArgs {
  /** Name of the Cloud DNS managed zone that holds the hosts, e.g. `example-com`: the delegating zone. */
  readonly parentZone: string;
  /** Name of the challenge zone's managed zone (unique in the project). */
  readonly managedZone: string;
  /** DNS name of the challenge zone, with its final dot, e.g. `acme.app.example.com.`: a name within the parent zone. */
  readonly dnsName: string;
  /** The hosts whose challenges the zone answers: each gets a CNAME `_acme-challenge.<host>.` in the parent zone. */
  readonly hosts: readonly string[];
  /**
   * Labels of the challenge zone (GCP label rules apply).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Project of the challenge zone, which must be the parent zone's.
   * @default - the provider's project
   */
  readonly project?: pulumi.Input<string>;
}

/** The challenge zone and the records of the parent zone that lead to it. */
export interface AcmeChallengeZone {
  /** The public challenge zone, unsigned (see {@link acmeChallengeZone}). */
  readonly zone: gcp.dns.ManagedZone;
  /** Its delegation: the NS record set of its name in the parent zone. */
  readonly delegation: gcp.dns.RecordSet;
  /** The CNAME `_acme-challenge.<host>.` of each host in the parent zone, to the challenge zone's `_acme-challenge` name. */
  readonly challenges: readonly gcp.dns.RecordSet[];
}

/**
 * Creates, as children of `parent`, the public Cloud DNS zone `managedZone` of `dnsName` (`<name>-zone`;
 * `forceDestroy`: it holds nothing but short-lived challenge records), its delegation from `parentZone` (the
 * NS record set `<name>-delegation`) and, in `parentZone`, a CNAME from each host's `_acme-challenge` name to
 * `_acme-challenge.<dnsName>` (`<name>-cname-<host>`): cert-manager, with `cnameStrategy: Follow`, writes
 * every host's challenge TXT record there, and needs `roles/dns.admin` on that zone only.
 *
 * The challenge zone is not DNSSEC-signed, and the parent zone gets no DS record for it: under a signed parent
 * zone it is an insecure delegation (the parent proves that no DS record exists), whose answers validating
 * resolvers, Let's Encrypt's among them, accept unvalidated, as those of any unsigned zone. Signing it would
 * take its DS record in the parent zone, which serves only under a signed parent; the library refers to the
 * parent zone by name and does not know whether it is signed.
 */
export function acmeChallengeZone(name: string, args: AcmeChallengeZoneArgs, parent: pulumi.Resource): AcmeChallengeZone {
  const opts = { parent };
  const { parentZone, dnsName, project } = args;
  const zone = new gcp.dns.ManagedZone(
    `${name}-zone`,
    {
      name: args.managedZone,
      dnsName,
      description: `ACME DNS-01 challenges of ${args.hosts.join(', ')}, delegated from ${parentZone}`,
      visibility: 'public',
      forceDestroy: true,
      labels: { ...args.labels },
      project,
    },
    opts,
  );
  const delegation = new gcp.dns.RecordSet(
    `${name}-delegation`,
    { managedZone: parentZone, name: dnsName, type: 'NS', ttl: ACME_RECORD_TTL, rrdatas: zone.nameServers, project },
    opts,
  );
  const challenges = args.hosts.map(
    (host) =>
      new gcp.dns.RecordSet(
        `${name}-cname-${host}`,
        {
          managedZone: parentZone,
          name: acmeChallengeName(host),
          type: 'CNAME',
          ttl: ACME_RECORD_TTL,
          rrdatas: [acmeChallengeName(dnsName)],
          project,
        },
        opts,
      ),
  );
  return { zone, delegation, challenges };
}
