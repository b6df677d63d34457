/**
 * What the clouds support, and until when, as dated data: validation refuses a Kubernetes minor version a
 * cloud no longer supports (EKS past its end of standard support auto-upgrades the control plane, and the
 * next `pulumi up` would plan a refused downgrade; GKE refuses to create a cluster at a version past its
 * maintenance period), and the readiness report warns within 90 days of the end. Update this table when the
 * clouds publish a new minor version or move a date; a test pins it.
 *
 * Sources (read 2026-12-06): the EKS Kubernetes version calendar
 * (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html; standard support 14 months
 * from the EKS release) and the GKE release schedule
 * (https://cloud.google.com/kubernetes-engine/docs/release-schedule; the end of the maintenance period),
 * as tabulated by endoflife.date (amazon-eks, google-kubernetes-engine).
 */
import type { Cloud } from './spec/stack';

/** A Kubernetes minor version and the last day each cloud supports it (ISO dates, UTC). */
export interface KubernetesSupport {
  readonly minor: string;
  /** EKS: end of standard support (extended support costs extra and ends in auto-upgrade). */
  readonly aws: string;
  /** GKE: end of the maintenance period (the version's end of life). */
  readonly gcp: string;
}

/** The minor versions whose support dates the library knows, oldest first. */
export const KUBERNETES_SUPPORT: readonly KubernetesSupport[] = [
  { minor: '1.32', aws: '2026-03-23', gcp: '2026-04-11' },
  { minor: '1.33', aws: '2026-07-29', gcp: '2026-08-03' },
  { minor: '1.34', aws: '2026-12-02', gcp: '2026-10-01' },
  { minor: '1.35', aws: '2027-03-27', gcp: '2027-04-11' },
];

/** Days before a version's end of support from which the readiness report warns. */
export const SUPPORT_WARNING_DAYS = 90;

const DAY_MS = 86_400_000;

/** Whole days from `today` to the end of `date` (negative once past it). */
function daysUntil(date: string, today: Date): number {
  return Math.floor((Date.parse(`${date}T23:59:59Z`) - today.getTime()) / DAY_MS);
}

/** The versions `cloud` supports on `today`, oldest first. */
export function supportedKubernetes(cloud: Cloud, today: Date): string[] {
  return KUBERNETES_SUPPORT.filter((v) => daysUntil(v[cloud], today) >= 0).map((v) => v.minor);
}

/**
 * The support of `minor` on `cloud` at `today`: `unknown` for a version newer than the table (its dates are
 * not known to this release of the library: not refused), `ended` past its last day (or older than the
 * table), `ending` within {@link SUPPORT_WARNING_DAYS}, `supported` otherwise; with the last day when known.
 */
export function kubernetesSupport(
  minor: string,
  cloud: Cloud,
  today: Date,
): { readonly status: 'supported' | 'ending' | 'ended' | 'unknown'; readonly until?: string } {
  const entry = KUBERNETES_SUPPORT.find((v) => v.minor === minor);
  const number = (v: string) => Number(v.split('.')[1]);
  if (!entry) {
    const newest = KUBERNETES_SUPPORT[KUBERNETES_SUPPORT.length - 1];
    return number(minor) > number(newest.minor) ? { status: 'unknown' } : { status: 'ended' };
  }
  const days = daysUntil(entry[cloud], today);
  return { status: days < 0 ? 'ended' : days <= SUPPORT_WARNING_DAYS ? 'ending' : 'supported', until: entry[cloud] };
}

/** The newest minor version both clouds support on `today`: the default. */
export function newestSupportedKubernetes(today: Date): string | undefined {
  const aws = supportedKubernetes('aws', today);
  return supportedKubernetes('gcp', today)
    .filter((v) => aws.includes(v))
    .pop();
}

/**
 * PostgreSQL majors and the last day the community supports each (https://www.postgresql.org/support/versioning/:
 * five years from release). RDS and Cloud SQL keep an ended major only under paid extended support and stop
 * its fixes with the community's, so validation refuses an ended major; the readiness report warns 90 days
 * before the end. 18 is the newest released major.
 */
export const POSTGRES_SUPPORT: readonly { readonly major: string; readonly until: string }[] = [
  { major: '14', until: '2026-11-12' },
  { major: '15', until: '2027-11-11' },
  { major: '16', until: '2028-11-09' },
  { major: '17', until: '2029-11-08' },
  { major: '18', until: '2030-11-14' },
];

/** The support of PostgreSQL `major` at `today`: as {@link kubernetesSupport}, without `unknown` (a newer major is no release). */
export function postgresSupport(
  major: string,
  today: Date,
): { readonly status: 'supported' | 'ending' | 'ended' | 'unreleased'; readonly until?: string } {
  const entry = POSTGRES_SUPPORT.find((v) => v.major === major);
  if (!entry)
    return Number(major) > Number(POSTGRES_SUPPORT[POSTGRES_SUPPORT.length - 1].major) ? { status: 'unreleased' } : { status: 'ended' };
  const days = daysUntil(entry.until, today);
  return { status: days < 0 ? 'ended' : days <= SUPPORT_WARNING_DAYS ? 'ending' : 'supported', until: entry.until };
}

/** A Redis version a cloud creates, as the spec gives it, and the end of its standard support when announced. */
export interface RedisSupport {
  readonly version: string;
  /** The last day of standard support (ISO, UTC); absent while the cloud has announced none. */
  readonly until?: string;
}

/**
 * The Redis versions each cloud creates, oldest first, as `redis.engineVersion` gives them.
 *
 * - **ElastiCache** (Redis OSS engine; sources read 2026-12-07: "ElastiCache Extended Support" and its charges,
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/extended-support.html): 4.0 and 5.0 left
 *   standard support on 2026-01-31, 6.0 and 6.2 leave it on 2027-01-31 (then extended support is billed
 *   until the cache is upgraded); 7.0 and 7.1 have no announced end. A version 7 takes its minor
 *   (`7.1`): ElastiCache creates no `7`, and 7.2 exists only as Valkey.
 * - **Memorystore for Redis** (https://cloud.google.com/memorystore/docs/redis/supported-versions, read
 *   2026-12-07): `REDIS_6_X`, `REDIS_7_0` and `REDIS_7_2`, with no announced end. `6`, `6.0`, `6.2` are
 *   `REDIS_6_X`; `7`, `7.1` (ElastiCache's version, the default) and `7.2` are `REDIS_7_2`
 *   (lib/gcp/memorystore.ts).
 *
 * Versions older than 6 are not offered by the library on either cloud.
 */
export const REDIS_SUPPORT: Readonly<Record<Cloud, readonly RedisSupport[]>> = {
  aws: [{ version: '6.0', until: '2027-01-31' }, { version: '6.2', until: '2027-01-31' }, { version: '7.0' }, { version: '7.1' }],
  gcp: [
    { version: '6' },
    { version: '6.0' },
    { version: '6.2' },
    { version: '7' },
    { version: '7.0' },
    { version: '7.1' },
    { version: '7.2' },
  ],
};

/**
 * The support of Redis `version` on `cloud` at `today`: `offered: false` for a version the cloud does not
 * create; otherwise as {@link postgresSupport} (`ended`, `ending` within {@link SUPPORT_WARNING_DAYS},
 * `supported`), with the last day when announced.
 */
export function redisSupport(
  version: string,
  cloud: Cloud,
  today: Date,
): { readonly status: 'unoffered' | 'supported' | 'ending' | 'ended'; readonly until?: string } {
  const entry = REDIS_SUPPORT[cloud].find((v) => v.version === version);
  if (!entry) return { status: 'unoffered' };
  if (entry.until === undefined) return { status: 'supported' };
  const days = daysUntil(entry.until, today);
  return { status: days < 0 ? 'ended' : days <= SUPPORT_WARNING_DAYS ? 'ending' : 'supported', until: entry.until };
}
