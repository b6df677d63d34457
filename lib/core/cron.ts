/**
 * Cron schedules as data: the longest gap between two runs of a schedule,
 * which bounds the data a backup taken on it can lose (its RPO).
 */

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const NAMES: Readonly<Record<string, number>> = Object.fromEntries([
  ...['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'].map((m, i) => [m, i + 1]),
  ...['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'].map((d, i) => [d, i]),
]);

/** The values one field allows, or undefined when it does not parse. */
function field(text: string, min: number, max: number): Set<number> | undefined {
  const values = new Set<number>();
  const num = (s: string): number => (/^\d+$/.test(s) ? Number(s) : (NAMES[s.toUpperCase()] ?? NaN));
  for (const part of text.split(',')) {
    const m = /^(\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const step = m[2] ? Number(m[2]) : 1;
    const [from, to] = m[1] === '*' ? [min, max] : m[1].includes('-') ? m[1].split('-').map(num) : [num(m[1]), m[2] ? max : num(m[1])];
    if (!(from >= min && to <= max && from <= to && step >= 1)) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
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
 * A 5-field cron schedule (or macro) parsed as Kubernetes' parser (robfig/cron) reads it: each value within
 * its field's range (minute 0-59, hour 0-23, day 1-31, month 1-12 or JAN-DEC, weekday 0-7 or SUN-SAT).
 * Undefined when it does not parse.
 */
export function parseCron(schedule: string): CronSchedule | undefined {
  const fields = (MACROS[schedule.trim()] ?? schedule).trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [minutes, hours, days, months, weekdays] = [
    field(fields[0], 0, 59),
    field(fields[1], 0, 23),
    field(fields[2], 1, 31),
    field(fields[3], 1, 12),
    field(fields[4].replace(/\b7\b/g, '0'), 0, 6),
  ];
  if (!minutes || !hours || !days || !months || !weekdays) return undefined;
  return { minutes, hours, days, months, weekdays, dayRestricted: fields[2] !== '*', weekdayRestricted: fields[4] !== '*' };
}

/**
 * The longest interval, in minutes, between two consecutive runs of a 5-field
 * cron schedule (or macro), over four years (so monthly and leap-day
 * schedules count right). Undefined when the schedule does not parse or never
 * runs. Day of month and day of week combine as cron does: either matches
 * when both are restricted.
 */
export function cronIntervalMinutes(schedule: string): number | undefined {
  const parsed = parseCron(schedule);
  if (!parsed) return undefined;
  const { minutes, hours, days, months, weekdays, dayRestricted, weekdayRestricted } = parsed;
  const times: number[] = [...hours].sort((a, b) => a - b).flatMap((h) => [...minutes].sort((a, b) => a - b).map((m) => h * 60 + m));
  const start = Date.UTC(2024, 0, 1);
  const DAYS = 4 * 366;
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
