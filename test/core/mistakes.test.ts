/**
 * Mistakes that used to pass validation and fail only at apply time or later (issue #15, "Mistakes accepted
 * that fail later"). Each expected rule is what Kubernetes, cert-manager, Prometheus or the cloud would do
 * with the value: robfig/cron's field ranges, the IANA zone database, Kubernetes' int32 fields and label
 * syntax, one value per environment variable, ACME's DNS-01-only wildcards.
 */
import { check } from 'production-stack';
import { imageVersion } from '../../lib/k8s/labels';
import { baseSpec } from '../support/spec';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mutate = (spec: any) => void;

const api = (spec: any) => spec.services[0];
const job = (spec: any) => spec.cronJobs[0];

function problems(mutate: Mutate) {
  const spec: any = JSON.parse(JSON.stringify(baseSpec()));
  mutate(spec);
  return check(spec);
}

test('the base spec is valid', () => {
  expect(problems(() => {})).toEqual([]);
});

test.each<[string, Mutate, string, RegExp]>([
  ['a cron minute is 61', (s) => (job(s).schedule = '61 * * * *'), 'cronJobs[0].schedule', /each value within its field \(minute 0-59/],
  ['a cron hour is 25', (s) => (job(s).schedule = '0 25 * * *'), 'cronJobs[0].schedule', /hour 0-23/],
  ['a cron step is 0', (s) => (job(s).schedule = '*/0 * * * *'), 'cronJobs[0].schedule', /5-field cron schedule/],
  ['a cron range runs backwards', (s) => (job(s).schedule = '0 0 * * 5-1'), 'cronJobs[0].schedule', /5-field cron schedule/],
  // robfig/cron's standard parser (Kubernetes) takes weekdays 0-6, month names in the month field only, macros exactly
  ['the weekday is 7', (s) => (job(s).schedule = '0 0 * * 7'), 'cronJobs[0].schedule', /weekday 0-6 or SUN-SAT/],
  ['a month name is in the minute field', (s) => (job(s).schedule = 'JAN * * * *'), 'cronJobs[0].schedule', /5-field cron schedule/],
  ['a weekday name is in the month field', (s) => (job(s).schedule = '0 0 * MON *'), 'cronJobs[0].schedule', /5-field cron schedule/],
  ['a macro has a trailing space', (s) => (job(s).schedule = '@daily '), 'cronJobs[0].schedule', /5-field cron schedule/],
  ['the schedule is an Object.prototype name', (s) => (job(s).schedule = 'constructor'), 'cronJobs[0].schedule', /5-field cron schedule/],
  ['the backup schedule has a month 13', (s) => (s.dr = { backupSchedule: '0 1 1 13 *' }), 'dr.backupSchedule', /month 1-12/],
  ['the time zone is Mars/Olympus', (s) => (job(s).timeZone = 'Mars/Olympus'), 'cronJobs[0].timeZone', /is not an IANA time zone/],
  ['the time zone is Local', (s) => (job(s).timeZone = 'Local'), 'cronJobs[0].timeZone', /is not an IANA time zone/],
  // Go's LoadLocation is case-sensitive and knows only the IANA database; ICU takes any case and legacy names
  ['the time zone is in lowercase', (s) => (job(s).timeZone = 'europe/berlin'), 'cronJobs[0].timeZone', /is not an IANA time zone/],
  ['the time zone is utc', (s) => (job(s).timeZone = 'utc'), 'cronJobs[0].timeZone', /is not an IANA time zone/],
  ['the time zone is an ICU-only name', (s) => (job(s).timeZone = 'US/Pacific-New'), 'cronJobs[0].timeZone', /is not an IANA time zone/],
  [
    'an env name is also a secretEnv name',
    (s) => (api(s).env = { ...api(s).env, API_TOKEN: 'x' }),
    'services[0].secretEnv.API_TOKEN',
    /^"API_TOKEN" is also set by services\[0\]\.env\.API_TOKEN: a container keeps one value per variable/,
  ],
  [
    "the database password variable is an env name too (N8N's encryption key case)",
    (s) => {
      api(s).secretEnv = { ...api(s).secretEnv, N8N_ENCRYPTION_KEY: { secret: 'shop-secrets', key: 'api-token' } };
      api(s).postgres = { env: { url: 'DATABASE_URL', password: 'N8N_ENCRYPTION_KEY' } };
    },
    'services[0].postgres.env.password',
    /is also set by services\[0\]\.secretEnv\.N8N_ENCRYPTION_KEY/,
  ],
  [
    'env sets the datastore URL variable',
    (s) => (api(s).env = { LOG_LEVEL: 'info', DATABASE_URL: 'x' }),
    'services[0].postgres.env.url',
    /"DATABASE_URL" is also set by services\[0\]\.env\.DATABASE_URL/,
  ],
  [
    'a cron job sets NATS_URL twice',
    (s) => Object.assign(job(s), { nats: {}, env: { NATS_URL: 'x' } }),
    'cronJobs[0].nats.urlEnv',
    /also set by/,
  ],
  ['replicas exceed what one workload may have', (s) => (s.services[2].replicas = 2 ** 31), 'services[2].replicas', /between 1 and 1000/],
  ['a UID exceeds int32', (s) => (api(s).runAsUser = 2 ** 32), 'services[0].runAsUser', /<= 2147483647/],
  [
    'two services route the same host and path',
    (s) => (s.services[2].route = { host: 'shop.example.com' }),
    'services[2].route.host',
    /^"shop\.example\.com\/" is also matched by services\[0\]\.route: one host and match reaches one route$/,
  ],
  [
    "a wildcard host on the stack's own gateway (HTTP-01)",
    (s) => (api(s).route = { host: '*.example.com' }),
    'services[0].route.host',
    /ACME issues wildcard certificates through DNS-01 only/,
  ],
  [
    'postgres.engineVersion is 99',
    (s) => (s.postgres = { engineVersion: '99' }),
    'postgres.engineVersion',
    /no released PostgreSQL major: 15, 16, 17, 18/,
  ],
  [
    'the metrics interval is "often"',
    (s) => (api(s).metrics = { port: 'metrics', interval: 'often' }),
    'services[0].metrics.interval',
    /Prometheus duration/,
  ],
  [
    'the metrics interval is 0s',
    (s) => (api(s).metrics = { port: 'metrics', interval: '0s' }),
    'services[0].metrics.interval',
    /above zero/,
  ],
  [
    'a latency SLO threshold is no bucket boundary',
    (s) => (api(s).slo = { latency: { thresholdSeconds: 0.3, percent: 99 } }),
    'services[0].slo.latency.thresholdSeconds',
    /0\.3 is no bucket boundary of the duration histogram \(0\.005, .*, 10\)/,
  ],
  [
    'a latency SLO threshold is not among the declared buckets',
    (s) => Object.assign(api(s), { requestMetrics: { buckets: [0.1, 0.2] }, slo: { latency: { thresholdSeconds: 0.5, percent: 99 } } }),
    'services[0].slo.latency.thresholdSeconds',
    /no bucket boundary of the duration histogram \(0\.1, 0\.2\)/,
  ],
  [
    'a Prometheus selector value is not a label value',
    (s) => (s.monitoring = { prometheusSelector: { release: 'a b' } }),
    'monitoring.prometheusSelector.release',
    /is not a label value/,
  ],
  [
    'a dashboard label value is 64 characters',
    (s) => (s.monitoring = { grafanaDashboardLabels: { team: 'a'.repeat(64) } }),
    'monitoring.grafanaDashboardLabels.team',
    /is not a label value/,
  ],
  [
    'a mute window time has trailing junk',
    (s) =>
      (s.monitoring = {
        alerting: {
          critical: [{ type: 'webhook', url: { secret: 'shop-secrets', key: 'api-token' } }],
          muteWarnings: [{ times: [{ start: '09:00junk', end: '10:00' }] }],
        },
      }),
    'monitoring.alerting.muteWarnings[0].times[0].start',
    /must be a time such as "09:00"/,
  ],
])('fails when %s', (_, mutate, path, rule) => {
  const found = problems(mutate);
  const match = found.find((p) => p.path === path && rule.test(p.rule));
  if (!match)
    throw new Error(`expected a problem at ${path} matching ${rule}, got:\n${found.map((p) => `${p.path}: ${p.rule}`).join('\n')}`);
});

test.each<[string, Mutate]>([
  ['a cron schedule with names and steps', (s) => (job(s).schedule = '*/15 9-17 * JAN-MAR mon-fri')],
  ['weekday names and ? in the day field', (s) => (job(s).schedule = '0 0 ? * SUN')],
  ['an IANA zone', (s) => (job(s).timeZone = 'America/Argentina/Buenos_Aires')],
  ['Etc/UTC', (s) => (job(s).timeZone = 'Etc/UTC')],
  ['UTC', (s) => (job(s).timeZone = 'UTC')],
  ['a link name', (s) => (job(s).timeZone = 'Asia/Kolkata')],
  ['a latency SLO on a default bucket', (s) => (api(s).slo = { latency: { thresholdSeconds: 0.25, percent: 99 } })],
  ['the same host on another path', (s) => (s.services[2].route = { host: 'shop.example.com', path: '/web' })],
  [
    'a wildcard host on a shared gateway (its owner holds the certificate)',
    (s) => {
      api(s).route = { host: '*.example.com' };
      s.edge = { sharedGateway: { name: 'shared', namespace: 'gateways' } };
    },
  ],
])('passes with %s', (_, mutate) => {
  expect(problems(mutate)).toEqual([]);
});

test.each([
  ['registry.example.com/a:' + 'a'.repeat(62) + '-x', 'a'.repeat(62)],
  ['registry.example.com/a:1.0.0+build.5', '1.0.0-build.5'],
  ['registry.example.com/a:---', 'unversioned'],
])('the version label of %s is a valid label value (%s)', (image, label) => {
  expect(imageVersion(image)).toBe(label);
  expect(imageVersion(image)).toMatch(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/);
});
