/** Formats shared by the rules: CIDRs, cron schedules, time zones, cloud regions, HTTP paths and one-line text. */
import { parseCron } from './cron';

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** True when `v` is an IPv4 CIDR such as `10.0.0.0/16`. */
export function isCidr(v: string): boolean {
  const m = CIDR.exec(v);
  return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

/** True when `v` is a 5-field cron schedule whose values are within each field's range (or a macro such as `@daily`). */
export function isCronSchedule(v: string): boolean {
  return parseCron(v) !== undefined;
}

/** ICU knows these names; the IANA database (and so Go's time.LoadLocation, which Kubernetes uses) no longer has them. */
const ICU_ONLY_ZONES = /^(SystemV\/.*|US\/Pacific-New|Canada\/East-Saskatchewan)$/;

/**
 * True when `v` is an IANA time zone name (such as `Europe/Berlin`) that a CronJob's `timeZone` accepts:
 * each part 1 to 14 of `[A-Za-z0-9._+-]` (Kubernetes' rule), spelled as the database spells it (Go's
 * LoadLocation is case-sensitive, ICU is not), not `Local`, and known to the time zone database.
 */
export function isTimeZone(v: string): boolean {
  if (v === 'Local' || ICU_ONLY_ZONES.test(v)) return false;
  if (!v.split('/').every((part) => /^[A-Za-z0-9._+-]{1,14}$/.test(part) && part !== '.' && part !== '..' && part !== '-')) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: v }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // ICU answers a name in any case with its own spelling; a link (Asia/Kolkata) resolves to another name.
  if (resolved.toLowerCase() === v.toLowerCase()) return resolved === v;
  return v.split('/').every((part) => /^[A-Z]/.test(part));
}

/**
 * Region names, by cloud. AWS: `<area>-<direction>-<n>` (`us-west-2`, `ap-southeast-7`), with a
 * partition infix (`us-gov-west-1`, `us-isob-east-1`, `eu-isoe-west-1`) or the European Sovereign
 * Cloud's `eusc-<country>` area (`eusc-de-east-1`). GCP: `<area>-<direction><n>` (`us-central1`,
 * `northamerica-northeast1`, `europe-west12`).
 */
const REGION = {
  aws: /^([a-z]{2}(-gov|-iso[a-z]?)?|eusc-[a-z]{2})-[a-z]+-\d{1,2}$/,
  gcp: /^[a-z]+-[a-z]+\d{1,2}$/,
} as const;

/** True when `v` is shaped as a region name of `cloud`, or of either cloud when `cloud` is neither. */
export function isRegion(cloud: unknown, v: string): boolean {
  if (cloud === 'aws' || cloud === 'gcp') return REGION[cloud].test(v);
  return REGION.aws.test(v) || REGION.gcp.test(v);
}

/**
 * One character of an HTTP path segment: an RFC 3986 unreserved character, a percent-encoded
 * octet, or one of `: @ + , =`; not the other sub-delimiters (`! $ & ' ( ) * ;`), which shells act on.
 */
const PATH_CHAR = '([A-Za-z0-9._~:@+,=-]|%[0-9A-Fa-f]{2})';
const PATH = new RegExp(`^(/${PATH_CHAR}*)+$`);
const QUERY = new RegExp(`^(${PATH_CHAR}|[/?])*$`);

/**
 * True when `v` is an HTTP path: `/` then segments of {@link PATH_CHAR}s, with no empty segment
 * but the last (`//`), no `.` or `..` segment, no encoded `/` (`%2F`: what Kubernetes refuses in an
 * Ingress path); with `query`, optionally a `?` query of the same characters (one parameter: no `&`).
 */
export function isHttpPath(v: string, query: boolean): boolean {
  const at = query ? v.indexOf('?') : -1;
  const path = at < 0 ? v : v.slice(0, at);
  return (
    PATH.test(path) &&
    (at < 0 || QUERY.test(v.slice(at + 1))) &&
    !/\/\/|%2f/i.test(path) &&
    path.split('/').every((segment) => !/^(\.|%2e){1,2}$/i.test(segment))
  );
}

/**
 * True when `v` is one line of plain text of at most `max` characters: not blank, no space at
 * either end, no line break or other control or format character, and none of `` ` | < > ``,
 * which Markdown reads as code, a table cell or HTML.
 */
export function isPlainText(v: string, max: number): boolean {
  return v.length <= max && v.trim() === v && /^[^\p{C}\p{Zl}\p{Zp}`|<>]+$/u.test(v);
}
