/**
 * The day the support tables (lib/core/support.ts) are read against: today, unless the environment variable
 * `PRODUCTION_STACK_TODAY` gives an ISO date (`2026-12-06`). The tests set it to the day the tables were read,
 * so that their outcome does not depend on the day they run; an operator can set it to evaluate a spec as of
 * another day (an emergency `pulumi up` past a version's end, while its upgrade is prepared).
 */
export function today(): Date {
  const pinned = process.env.PRODUCTION_STACK_TODAY;
  if (pinned === undefined || pinned === '') return new Date();
  const date = new Date(`${pinned}T12:00:00Z`);
  // Date rolls a day past its month's end over (2026-02-30 is March 2nd): the day read back must be the one given.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(pinned) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== pinned)
    throw new Error(`PRODUCTION_STACK_TODAY must be an ISO date such as 2026-12-06, not "${pinned}"`);
  return date;
}
