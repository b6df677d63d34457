/** Small checks shared by the rules. Each records a problem and says whether the value passed. */
import { isCronSchedule, isHttpPath, isPlainText, isRegion } from '../formats';
import { isDns1123Label } from '../names';
import { isUnresolved } from '../tokens';
import { parseQuantity } from '../quantity';
import type { Problems } from './problems';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A required string; tokens pass. */
export function str(p: Problems, path: string, v: unknown, required = true): v is string {
  if (v === undefined && !required) return false;
  if (typeof v !== 'string' || (v.length === 0 && !isUnresolved(v))) {
    p.add(path, v, '{value} must be a non-empty string');
    return false;
  }
  return !isUnresolved(v);
}

/** The largest integer Kubernetes' int32 fields (replicas, ports, seconds, UIDs) hold. */
export const INT32_MAX = 2 ** 31 - 1;

/**
 * The most replicas of one workload, and the most nodes of the pool, the library takes: a stack past them is a
 * mistake (a number of seconds in `replicas`), and the capacity check, which places every pod, would take minutes
 * on it (found by the fuzz campaign: `replicas: 31536000`).
 */
export const MAX_REPLICAS = 1000;
export const MAX_NODES = 1000;

/** An optional integer within bounds (at most {@link INT32_MAX} unless `max` says otherwise); tokens and undefined pass. */
export function int(p: Problems, path: string, v: unknown, min: number, max = INT32_MAX): v is number {
  if (v === undefined || isUnresolved(v)) return false;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const tooLarge = typeof v === 'number' && v > max;
    const range = max !== INT32_MAX ? `between ${min} and ${max}` : tooLarge ? `<= ${INT32_MAX} (a Kubernetes int32)` : `>= ${min}`;
    p.add(path, v, `{value} must be an integer ${range}`);
    return false;
  }
  return true;
}

/** An optional number within bounds (exclusive upper bound when asked). */
export function num(p: Problems, path: string, v: unknown, min: number, max: number, rule?: string): v is number {
  if (v === undefined || isUnresolved(v)) return false;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    p.add(path, v, rule ?? `{value} must be a number between ${min} and ${max}`);
    return false;
  }
  return true;
}

/** An optional array; a non-array is a problem. Returns the items to check. */
export function arr(p: Problems, path: string, v: unknown): readonly unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    p.add(path, v, '{value} must be a list');
    return [];
  }
  return v;
}

/** An optional object; a non-object is a problem. Returns it or an empty object. */
export function obj(p: Problems, path: string, v: unknown): Record<string, unknown> {
  if (v === undefined) return {};
  if (!isObject(v)) {
    p.add(path, v, '{value} must be an object');
    return {};
  }
  return v;
}

/** An optional boolean. */
export function bool(p: Problems, path: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean') p.add(path, v, '{value} must be true or false');
}

/** An optional quantity; returns its value when valid. */
export function quantity(p: Problems, path: string, v: unknown): number | undefined {
  if (v === undefined || isUnresolved(v)) return undefined;
  const parsed = typeof v === 'string' ? parseQuantity(v) : undefined;
  if (parsed === undefined) {
    p.add(path, v, '{value} is not a Kubernetes quantity (e.g. "500m", "2", "512Mi", "4Gi")');
  }
  return parsed;
}

/**
 * An optional list of non-empty strings. Returns the list when every item is one, else nothing (each bad
 * item is reported), so that callers' indexes are the list's own.
 */
export function strings(p: Problems, path: string, v: unknown): readonly string[] {
  const items = arr(p, path, v);
  const valid = items.map((s, i) => str(p, `${path}[${i}]`, s) || isUnresolved(s));
  return valid.every(Boolean) ? (items as string[]).filter((s) => !isUnresolved(s)) : [];
}

/** Records a problem for each value that appears more than once. */
export function unique(p: Problems, path: string, values: readonly (string | number)[], what: string): void {
  const seen = new Set<string | number>();
  for (const v of values) {
    if (seen.has(v)) p.add(path, v, `${what} {value} is used more than once`);
    seen.add(v);
  }
}

/** A cron schedule (5 fields or a macro); optional unless `required`. */
export function cronSchedule(p: Problems, path: string, v: unknown, required = false): void {
  if (v === undefined && !required) return;
  if (str(p, path, v) && !isCronSchedule(v))
    p.add(
      path,
      v,
      '{value} must be a 5-field cron schedule such as "0 2 * * *", each value within its field (minute 0-59, hour 0-23, day 1-31, month 1-12 or JAN-DEC, weekday 0-6 or SUN-SAT)',
    );
}

/** A DNS-1123 label (a Kubernetes namespace or object name); optional unless `required`. */
export function dnsLabel(p: Problems, path: string, v: unknown, required = true): v is string {
  if (!str(p, path, v, required)) return false;
  if (isDns1123Label(v)) return true;
  p.add(path, v, '{value} must be a DNS-1123 label: at most 63 lowercase letters, digits or "-", starting and ending alphanumeric');
  return false;
}

const LABEL_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** An optional map of Kubernetes labels: qualified names (an optional DNS prefix and `/`) and values of at most 63 characters. */
export function labels(p: Problems, path: string, v: unknown): void {
  for (const [k, value] of Object.entries(obj(p, path, v))) {
    // the prefix, a DNS-1123 subdomain, has at most 253 characters; the name after it at most 63 (LABEL_NAME)
    if (!LABEL_NAME.test(k) || k.lastIndexOf('/') > 253)
      p.add(`${path}.${k}`, k, '{value} is not a label name such as "release" or "example.com/team"');
    if (typeof value !== 'string') p.add(`${path}.${k}`, value, '{value} must be a string');
    else if (!LABEL_VALUE.test(value))
      p.add(
        `${path}.${k}`,
        value,
        '{value} is not a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric',
      );
  }
}

/** A region name of the stack's cloud; optional unless `required`. */
export function regionName(p: Problems, path: string, v: unknown, cloud: unknown, required = false): void {
  if (v === undefined && !required) return;
  if (!str(p, path, v) || isRegion(cloud, v)) return;
  const example = { aws: 'an AWS region name such as "us-west-2"', gcp: 'a GCP region name such as "us-central1"' };
  const expected = cloud === 'aws' || cloud === 'gcp' ? example[cloud] : 'a cloud region name such as "us-west-2" or "us-central1"';
  p.add(path, v, `{value} is not ${expected}`);
}

/** An HTTP path (with `query`, a probe's or health check's, which may end in a query); optional unless `required`. */
export function httpPath(p: Problems, path: string, v: unknown, query: boolean, required = false): void {
  if (v === undefined && !required) return;
  if (!str(p, path, v) || isHttpPath(v, query)) return;
  const rest = query ? 'then optionally "?" and one query parameter (no "&")' : 'and no query';
  p.add(
    path,
    v,
    `{value} must be an HTTP path such as "${query ? '/healthz' : '/api'}": "/" then letters, digits, "-._~:@+,=" or %XX (no "//", "." or ".." segment, no %2F), ${rest}`,
  );
}

/** One line of plain text, at most `max` characters; required. */
export function plainText(p: Problems, path: string, v: unknown, max: number): void {
  if (str(p, path, v) && !isPlainText(v, max)) {
    p.add(
      path,
      v,
      `{value} must be one line of plain text: at most ${max} characters, no control characters, no space at either end, none of \` | < >`,
    );
  }
}
