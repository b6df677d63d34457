/**
 * The day the support tables are read against (lib/core/clock.ts): `PRODUCTION_STACK_TODAY` as an ISO date
 * (YYYY-MM-DD, a day the calendar has), at noon UTC, or today when it is unset or empty.
 */
import { today } from 'production-stack/core/clock';

const saved = process.env.PRODUCTION_STACK_TODAY;
afterEach(() => {
  process.env.PRODUCTION_STACK_TODAY = saved;
});

test('a pinned ISO date is that day at noon UTC', () => {
  process.env.PRODUCTION_STACK_TODAY = '2026-12-06';
  expect(today().toISOString()).toBe('2026-12-06T12:00:00.000Z');
  process.env.PRODUCTION_STACK_TODAY = '2024-02-29';
  expect(today().toISOString()).toBe('2024-02-29T12:00:00.000Z');
});

test('unset or empty, it is now', () => {
  for (const value of [undefined, '']) {
    if (value === undefined) delete process.env.PRODUCTION_STACK_TODAY;
    else process.env.PRODUCTION_STACK_TODAY = value;
    const before = Date.now();
    const t = today().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  }
});

test.each([
  ['2026-12-6', 'a day of one digit'],
  ['2026-12-06T00:00', 'a time'],
  [' 2026-12-06', 'a leading space'],
  ['2026-12-06 ', 'a trailing space'],
  ['x2026-12-06', 'text before'],
  ['12026-12-06', 'a year of five digits'],
  ['2026-13-01', 'a thirteenth month'],
  ['2026-12-32', 'a 32nd day'],
  ['2026-02-30', 'February 30th'],
  ['2026-02-29', 'February 29th of a common year'],
  ['2026-04-31', 'April 31st'],
  ['06.12.2026', 'another format'],
])('%j is refused (%s), naming the value', (value) => {
  process.env.PRODUCTION_STACK_TODAY = value;
  expect(() => today()).toThrow(new Error(`PRODUCTION_STACK_TODAY must be an ISO date such as 2026-12-06, not "${value}"`));
});
