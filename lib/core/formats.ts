/** Formats shared by the rules: CIDRs and cron schedules. */

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** True when `v` is an IPv4 CIDR such as `10.0.0.0/16`. */
export function isCidr(v: string): boolean {
  const m = CIDR.exec(v);
  return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;

/** True when `v` is a 5-field cron schedule (or a macro such as `@daily`). */
export function isCronSchedule(v: string): boolean {
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(v)) return true;
  const fields = v.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => CRON_FIELD.test(f) || /^[A-Za-z]{3}(-[A-Za-z]{3})?$/.test(f));
}
