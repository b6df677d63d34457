// The day the support tables of lib/core/support.ts were read (see lib/core/clock.ts): every test evaluates
// version support as of that day, whatever the day it runs, except test/core/support.test.ts's check that the
// tables are still current, which reads the real date on purpose.
process.env.PRODUCTION_STACK_TODAY = '2026-12-06';
