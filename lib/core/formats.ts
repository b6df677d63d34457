/** Formats shared by the rules: CIDRs, cron schedules and time zones. */
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

/** True when `v` is an IANA time zone name (such as `Europe/Berlin`) that a CronJob's `timeZone` accepts. */
export function isTimeZone(v: string): boolean {
  if (v === 'Local' || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(v)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return true;
  } catch {
    return false;
  }
}
