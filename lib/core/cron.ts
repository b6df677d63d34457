/**
 * Cron schedules as data: the longest gap between two runs of a schedule,
 * which bounds the data a backup taken on it can lose (its RPO).
 */

const MACROS: ReadonlyMap<string, string> = new Map([
  ['@yearly', '0 0 1 1 *'],
  ['@annually', '0 0 1 1 *'],
  ['@monthly', '0 0 1 * *'],
  ['@weekly', '0 0 * * 0'],
  ['@daily', '0 0 * * *'],
  ['@midnight', '0 0 * * *'],
  ['@hourly', '0 * * * *'],
]);

/** One field of a schedule: its range, and the names it takes (months and weekdays only, each in its own field). */
interface FieldSpec {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

// robfig/cron v3's standard parser, which Kubernetes CronJobs use: weekdays are 0-6 (7 is refused).
const FIELDS: readonly FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** The values one field allows and whether it is unrestricted (`*` or `?`, step 1, as robfig's star bit), or undefined when it does not parse. */
function field(text: string, spec: FieldSpec): { values: Set<number>; star: boolean } | undefined {
  const values = new Set<number>();
  let star = false;
  const num = (s: string): number => {
    if (/^\d+$/.test(s)) return Number(s);
    const named = spec.names?.indexOf(s.toUpperCase()) ?? -1;
    return named >= 0 ? named + spec.min : NaN;
  };
  for (const part of text.split(',')) {
    const m = /^([*?]|[0-9A-Za-z]{1,3}(?:-[0-9A-Za-z]{1,3})?)(?:\/(\d{1,3}))?$/.exec(part);
    if (!m) return undefined;
    const step = m[2] ? Number(m[2]) : 1;
    const all = m[1] === '*' || m[1] === '?';
    if (all && step === 1) star = true;
    const [from, to] = all
      ? [spec.min, spec.max]
      : m[1].includes('-')
        ? m[1].split('-').map(num)
        : [num(m[1]), m[2] ? spec.max : num(m[1])];
    if (!(from >= spec.min && to <= spec.max && from <= to && step >= 1)) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values, star };
}

/** A parsed schedule: the values each field allows, and whether the two day fields are restricted. */
interface CronSchedule {
  readonly minutes: Set<number>;
  readonly hours: Set<number>;
  readonly days: Set<number>;
  readonly months: Set<number>;
  readonly weekdays: Set<number>;
  readonly dayRestricted: boolean;
  readonly weekdayRestricted: boolean;
}

/**
 * A 5-field cron schedule (or macro) parsed as Kubernetes' parser (robfig/cron v3's standard parser) reads
 * it: each value within its field's range (minute 0-59, hour 0-23, day 1-31, month 1-12 or JAN-DEC,
 * weekday 0-6 or SUN-SAT), `*` or `?` for every value. Undefined when it does not parse.
 */
export function parseCron(schedule: string): CronSchedule | undefined {
  const text = schedule.startsWith('@') ? MACROS.get(schedule) : schedule;
  if (text === undefined) return undefined;
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5) return undefined;
  const [minutes, hours, days, months, weekdays] = parts.map((part, i) => field(part, FIELDS[i]));
  if (!minutes || !hours || !days || !months || !weekdays) return undefined;
  return {
    minutes: minutes.values,
    hours: hours.values,
    days: days.values,
    months: months.values,
    weekdays: weekdays.values,
    dayRestricted: !days.star,
    weekdayRestricted: !weekdays.star,
  };
}

/**
 * The longest interval, in minutes, between two consecutive runs of a 5-field
 * cron schedule (or macro), over the 28 years from 2024: every year's calendar
 * (its leap day and the weekday of its first day) comes in them, so a schedule
 * that restricts month, day and weekday counts right (`0 0 5 1 3` waits 343
 * days, from 2027-01-27 to 2028-01-05: four years would have missed it).
 * Undefined when the schedule does not parse or never runs. Day of month and day of week combine as cron does: either matches
 * when both are restricted.
 */
export function cronIntervalMinutes(schedule: string): number | undefined {
  const parsed = parseCron(schedule);
  if (!parsed) return undefined;
  const { minutes, hours, days, months, weekdays, dayRestricted, weekdayRestricted } = parsed;
  const times: number[] = [...hours].sort((a, b) => a - b).flatMap((h) => [...minutes].sort((a, b) => a - b).map((m) => h * 60 + m));
  const start = Date.UTC(2024, 0, 1);
  const DAYS = Date.UTC(2052, 0, 1) / 86_400_000 - start / 86_400_000;
  let first: number | undefined;
  let previous: number | undefined;
  let longest = 0;
  for (let d = 0; d < DAYS; d++) {
    const date = new Date(start + d * 86_400_000);
    if (!months.has(date.getUTCMonth() + 1)) continue;
    const dom = days.has(date.getUTCDate());
    const dow = weekdays.has(date.getUTCDay());
    const runs = dayRestricted && weekdayRestricted ? dom || dow : dom && dow;
    if (!runs) continue;
    for (const t of times) {
      const at = d * 1440 + t;
      if (previous !== undefined) longest = Math.max(longest, at - previous);
      first ??= at;
      previous = at;
    }
  }
  if (first === undefined || previous === undefined) return undefined;
  // a schedule that runs once in the window waits the whole window for its next run
  return first === previous ? DAYS * 1440 : longest;
}
