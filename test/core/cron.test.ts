/**
 * Cron schedules as Kubernetes reads them (robfig/cron v3's standard parser): five fields, minute 0-59,
 * hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, weekday 0-6 or SUN-SAT; `*` or `?` for every value,
 * ranges, lists, steps (`N/step` runs from N to the field's maximum), names in any case, the macros
 * @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly; when both day fields are restricted, a day
 * matches either. The interval is the longest gap between two runs (the RPO of a backup on that schedule).
 */
import { cronIntervalMinutes, parseCron } from '../../lib/core/cron';

const HOUR = 60;
const DAY = 24 * HOUR;

/** The values of one field of a schedule that parses, in ascending order. */
function values(schedule: string, key: 'minutes' | 'hours' | 'days' | 'months' | 'weekdays'): number[] {
  const parsed = parseCron(schedule);
  if (!parsed) throw new Error(`${schedule} does not parse`);
  return [...parsed[key]].sort((a, b) => a - b);
}

describe('every macro is the schedule robfig/cron gives it', () => {
  test.each<[string, number]>([
    ['@hourly', HOUR],
    ['@daily', DAY],
    ['@midnight', DAY],
    ['@weekly', 7 * DAY],
    // the longest month is 31 days
    ['@monthly', 31 * DAY],
    // 1 January 2024 to 1 January 2025 spans the leap day
    ['@yearly', 366 * DAY],
    ['@annually', 366 * DAY],
  ])('%s runs at most %d minutes apart', (macro, minutes) => {
    expect(cronIntervalMinutes(macro)).toBe(minutes);
  });

  // the expansions are robfig/cron v3's "Predefined schedules" (the parser of Kubernetes' CronJob controller), read
  // from its documentation rather than from lib/core/cron.ts's table, which they must match
  test.each<[string, string]>([
    ['@yearly', '0 0 1 1 *'],
    ['@annually', '0 0 1 1 *'],
    ['@monthly', '0 0 1 * *'],
    ['@weekly', '0 0 * * 0'],
    ['@daily', '0 0 * * *'],
    ['@midnight', '0 0 * * *'],
    ['@hourly', '0 * * * *'],
  ])('%s parses as %s', (macro, fields) => {
    expect(parseCron(macro)).toEqual(parseCron(fields));
  });

  test.each(['@every 1h', '@reboot', '@Daily', '@', '@weekly 0'])('%s is not a schedule Kubernetes takes', (macro) => {
    expect(parseCron(macro)).toBeUndefined();
    expect(cronIntervalMinutes(macro)).toBeUndefined();
  });
});

describe('the longest gap between two runs', () => {
  test.each<[string, number]>([
    ['* * * * *', 1],
    ['*/15 * * * *', 15],
    ['0 3 * * *', DAY],
    ['0 */6 * * *', 6 * HOUR],
    ['0 0,12 * * *', 12 * HOUR],
    // 01:00 to 05:00 is 4 hours, 05:00 to the next day's 01:00 is 20
    ['0 1,5 * * *', 20 * HOUR],
    // the runs of a list given out of order are still taken in time order: 01:00 and 12:00 are 11 and 13 hours apart
    ['0 12,1 * * *', 13 * HOUR],
    ['30,0 * * * *', 30],
    // Friday to Monday
    ['30 2 * * 1-5', 3 * DAY],
    ['30 2 ? * MON-FRI', 3 * DAY],
    ['0 0 * * SUN', 7 * DAY],
    ['0 0 * * sat', 7 * DAY],
    // the 31st: 31 August to 31 October (and 31 October to 31 December) is 61 days
    ['0 0 31 * *', 61 * DAY],
    // from 1 February 2024 to 1 February 2025, over the leap day
    ['0 0 1 FEB *', 366 * DAY],
    // 50/5 is 50 and 55: from :55 to the next hour's :50
    ['50/5 * * * *', 55],
  ])('%s: %d minutes', (schedule, minutes) => {
    expect(cronIntervalMinutes(schedule)).toBe(minutes);
  });

  test('a restricted day of month and a restricted weekday match either: the 1st or a Monday is at most a week apart', () => {
    expect(cronIntervalMinutes('0 0 1 * 1')).toBe(7 * DAY);
    expect(cronIntervalMinutes('0 0 1 * *')).toBe(31 * DAY);
  });

  test('the 3rd of January or a Thursday in January: at most 343 days apart, the longest over a 400-year Gregorian cycle', () => {
    // from the last January run of one year to the first of the next; the 343 days were found by walking every day
    // of 2000-2400 with both day fields OR-ed, independently of this code
    expect(cronIntervalMinutes('0 0 3 1 4')).toBe(343 * DAY);
  });

  test('the 5th of January or a Wednesday in January: 343 days too, from 2027-01-27 to 2028-01-05 (past a four-year window)', () => {
    // the same independent walk of 1600-2000 gives 343; counting over 2024-2027 only, the code once gave 342
    expect(cronIntervalMinutes('0 0 5 1 3')).toBe(343 * DAY);
  });

  test('a weekday with a step is restricted (robfig clears the star bit): the 1st or Sun/Tue/Thu/Sat is at most 2 days apart', () => {
    expect(cronIntervalMinutes('0 0 1 * */2')).toBe(2 * DAY);
  });

  test('a day of month with a step is restricted too: every other day of month or a Monday', () => {
    // odd days of the month (1, 3, ... 31) or Mondays: 31st then the 1st is one day apart; 29th (odd) to
    // the next 1st in a 30-day month is 2 days, with no gap over 2 days
    expect(cronIntervalMinutes('0 0 */2 * 1')).toBe(2 * DAY);
  });

  test('*/1 and ? are unrestricted: the 1st of the month, whatever the weekday', () => {
    expect(cronIntervalMinutes('0 0 1 * */1')).toBe(31 * DAY);
    expect(cronIntervalMinutes('0 0 1 * ?')).toBe(31 * DAY);
  });

  test('a schedule that runs once in four years (the leap day) waits at least four years', () => {
    expect(cronIntervalMinutes('0 0 29 2 *')).toBeGreaterThanOrEqual((3 * 365 + 366) * DAY);
  });

  test('a schedule that never runs (30 February) has no interval', () => {
    expect(parseCron('0 0 30 2 *')).toBeDefined();
    expect(cronIntervalMinutes('0 0 30 2 *')).toBeUndefined();
  });
});

describe('the fields a schedule allows', () => {
  test('a range, a list, a range with a step and N/step', () => {
    expect(values('10-12 * * * *', 'minutes')).toEqual([10, 11, 12]);
    expect(values('0 1,5,9 * * *', 'hours')).toEqual([1, 5, 9]);
    expect(values('0 0 10-20/5 * *', 'days')).toEqual([10, 15, 20]);
    expect(values('50/5 * * * *', 'minutes')).toEqual([50, 55]);
    expect(values('0 20/2 * * *', 'hours')).toEqual([20, 22]);
  });

  test('* is every value of its field', () => {
    const all = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    expect(values('* * * * *', 'minutes')).toEqual(all(0, 59));
    expect(values('* * * * *', 'hours')).toEqual(all(0, 23));
    expect(values('* * * * *', 'days')).toEqual(all(1, 31));
    expect(values('* * * * *', 'months')).toEqual(all(1, 12));
    expect(values('* * * * *', 'weekdays')).toEqual(all(0, 6));
    expect(values('*/20 * * * *', 'minutes')).toEqual([0, 20, 40]);
  });

  test('month names are 1-12 and weekday names 0-6, in any case', () => {
    expect(values('0 0 1 JAN,dec *', 'months')).toEqual([1, 12]);
    expect(values('0 0 1 Mar-May *', 'months')).toEqual([3, 4, 5]);
    expect(values('0 0 * * SUN,sat', 'weekdays')).toEqual([0, 6]);
    expect(values('0 0 * * mon-FRI', 'weekdays')).toEqual([1, 2, 3, 4, 5]);
  });

  test.each(['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'].map((name, i) => [name, i + 1]))(
    'month %s is %d',
    (name, month) => {
      expect(values(`0 0 1 ${name} *`, 'months')).toEqual([month]);
    },
  );

  test.each(['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'].map((name, i) => [name, i]))('weekday %s is %d', (name, weekday) => {
    expect(values(`0 0 * * ${name}`, 'weekdays')).toEqual([weekday]);
  });

  test('each field is within its range: the bounds are accepted', () => {
    expect(values('0,59 * * * *', 'minutes')).toEqual([0, 59]);
    expect(values('0 0,23 * * *', 'hours')).toEqual([0, 23]);
    expect(values('0 0 1,31 * *', 'days')).toEqual([1, 31]);
    expect(values('0 0 1 1,12 *', 'months')).toEqual([1, 12]);
    expect(values('0 0 * * 0,6', 'weekdays')).toEqual([0, 6]);
  });

  test('only * and ? (step 1) leave a day field unrestricted', () => {
    expect(parseCron('0 0 * * *')).toMatchObject({ dayRestricted: false, weekdayRestricted: false });
    expect(parseCron('0 0 ? * ?')).toMatchObject({ dayRestricted: false, weekdayRestricted: false });
    expect(parseCron('0 0 */1 * */1')).toMatchObject({ dayRestricted: false, weekdayRestricted: false });
    expect(parseCron('0 0 1 * *')).toMatchObject({ dayRestricted: true, weekdayRestricted: false });
    expect(parseCron('0 0 * * 1')).toMatchObject({ dayRestricted: false, weekdayRestricted: true });
    expect(parseCron('0 0 */2 * */2')).toMatchObject({ dayRestricted: true, weekdayRestricted: true });
    expect(parseCron('0 0 1-31 * 0-6')).toMatchObject({ dayRestricted: true, weekdayRestricted: true });
  });

  test('fields are separated by any whitespace, and the schedule may be padded', () => {
    expect(cronIntervalMinutes(' 0  3 *\t* * ')).toBe(DAY);
  });
});

describe('a schedule Kubernetes refuses does not parse', () => {
  test.each([
    ['a minute of 60', '60 * * * *'],
    ['an hour of 24', '0 24 * * *'],
    ['a day of 0', '0 0 0 * *'],
    ['a day of 32', '0 0 32 * *'],
    ['a month of 0', '0 0 1 0 *'],
    ['a month of 13', '0 0 1 13 *'],
    ['a weekday of 7 (robfig/cron takes 0-6)', '0 0 * * 7'],
    ['a range that ends before it starts', '0 5-1 * * *'],
    ['a step of 0', '*/0 * * * *'],
    ['a range past the field', '0 0 * * 5-7'],
    ['four fields', '0 0 * *'],
    ['six fields (seconds)', '0 0 0 * * *'],
    ['an empty schedule', ''],
    ['an empty list item', '0 1,,2 * * *'],
    ['a month name in the minute field', 'JAN 0 * * *'],
    ['a weekday name in the month field', '0 0 1 SUN *'],
    ['a month name in the weekday field', '0 0 * * JAN'],
    ['an unknown name', '0 0 * * FOO'],
    ['a full weekday name', '0 0 * * MONDAY'],
    ['a stray character', '0 0 * * 1#2'],
    ['a step on a step', '*/2/2 * * * *'],
    ['a negative value', '-1 * * * *'],
    ['a last-day marker', '0 0 L * *'],
  ])('%s (%j)', (_, schedule) => {
    expect(parseCron(schedule)).toBeUndefined();
    expect(cronIntervalMinutes(schedule)).toBeUndefined();
  });

  test('the corrected schedules parse', () => {
    for (const schedule of [
      '59 * * * *',
      '0 23 * * *',
      '0 0 1 * *',
      '0 0 31 * *',
      '0 0 1 12 *',
      '0 0 * * 6',
      '0 1-5 * * *',
      '*/1 * * * *',
    ]) {
      expect(parseCron(schedule)).toBeDefined();
    }
  });
});
