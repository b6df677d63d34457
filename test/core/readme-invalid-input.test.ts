/**
 * README "Invalid input" shows, for each class of refused input, an error line that validation really
 * emits: each example below is built, checked, and its line must be both emitted and quoted in the README.
 * (The guard-rail lines are checked by guard-rails.test.ts, the runbook formats' by validation.test.ts.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from 'production-stack';
import { baseSpec, workerNamed } from '../support/spec';

/* eslint-disable @typescript-eslint/no-explicit-any */
const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### Invalid input'), readme.indexOf('### Escape hatches'));

test.each<[(s: any) => void, string]>([
  [(s) => (s.services[0].env = new Map([['A', 'b']])), 'services[0].env: a Map is not spec data: give a plain object or list'],
  [(s) => (s.services[0].replica = 3), 'services[0].replica: unknown field "replica" (did you mean "replicas"?)'],
  [
    (s) => (s.services[0].allowFrom = [{ namespace: 'partners\u2028- ipBlock:' }]),
    `services[0].allowFrom[0].namespace: the value "partners\\u2028- ipBlock:" holds U+2028, a line break for kubectl's YAML reader (go-yaml): remove it`,
  ],
  [
    (s) => (s.services[0].env = { LOG_LEVEL: 'info', MODE: '0o17' }),
    `services[0].env.MODE: the value "0o17" is written unquoted and is read as 15 by kubectl's YAML reader (go-yaml v2): spell it another way`,
  ],
  [
    (s) => (s.services[0].env = { LOG_LEVEL: 'info', MODE: '\tkey=1\nother=2' }),
    `services[0].env.MODE: the value "\\tkey=1\\nother=2" cannot be read (found a tab character where an indentation space is expected) by kubectl's YAML reader (go-yaml v2): spell it another way`,
  ],
  [
    (s) => s.services.push(workerNamed('shop-backup')),
    `services[3].name: "shop-backup" would replace the backup job's ServiceAccount (and its cloud identity) ("shop-backup"), which the library creates: choose another name`,
  ],
  [
    (s) => (s.namespace = 'kube-system'),
    `namespace: namespace "kube-system" belongs to Kubernetes' system components (CoreDNS, metrics-server): a stack gets a namespace of its own`,
  ],
  [
    (s) => (s.cronJobs[0].schedule = '61 * * * *'),
    'cronJobs[0].schedule: "61 * * * *" must be a 5-field cron schedule such as "0 2 * * *", each value within its field (minute 0-59, hour 0-23, day 1-31, month 1-12 or JAN-DEC, weekday 0-6 or SUN-SAT)',
  ],
  [
    (s) => (s.cronJobs[0].timeZone = 'Mars/Olympus'),
    'cronJobs[0].timeZone: "Mars/Olympus" is not an IANA time zone such as "Europe/Berlin" or "Etc/UTC"',
  ],
  [
    (s) => (s.services[0].env = { LOG_LEVEL: 'info', DATABASE_URL: 'x' }),
    'services[0].postgres.env.url: "DATABASE_URL" is also set by services[0].env.DATABASE_URL: a container keeps one value per variable, so one would be lost',
  ],
  [
    (s) => (s.services[2].route = { host: 'shop.example.com' }),
    'services[2].route.host: "shop.example.com/" is also matched by services[0].route: one host and match reaches one route',
  ],
  [
    (s) => (s.services[0].route = { host: '*.example.com' }),
    `services[0].route.host: "*.example.com" is a wildcard: ACME issues wildcard certificates through DNS-01 only, and the stack's gateway solves HTTP-01; list the hosts, or attach to a shared gateway (edge.sharedGateway) that holds a wildcard certificate`,
  ],
  [
    (s) => (s.services[0].slo = { latency: { thresholdSeconds: 0.3, percent: 99 } }),
    "services[0].slo.latency.thresholdSeconds: 0.3 is no bucket boundary of the duration histogram (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10): the SLO's rules would match no series; pick a boundary or set requestMetrics.buckets to the application's",
  ],
  [
    (s) => Object.assign(s, { name: 'orders-platform', cloud: 'gcp', region: 'europe-west1', dr: { standbyRegion: 'europe-west4' } }),
    `name: "orders-platform" makes the Memorystore instance's name "orders-platform-standby-redis-instance-xxxxxxx" 46 characters long (40 at most, with the 7 random characters Pulumi appends): on gcp with a standby region, PostgreSQL, Redis a stack name has at most 9 characters`,
  ],
  [
    (s) => {
      delete s.services[1].replicas;
      s.services[1].queue = { nats: { consumer: 'fulfil' }, minReplicas: 1, maxReplicas: 4 };
    },
    'services[1].queue.nats.consumer: consumer "fulfil" is not one of services[1].nats.consumers: the service would be scaled on a consumer it may not read (add it there)',
  ],
  [(s) => (s.postgres = { engineVersion: '99' }), 'postgres.engineVersion: "99" is no released PostgreSQL major: 15, 16, 17, 18'],
  [(s) => (s.services[2].replicas = 2 ** 31), 'services[2].replicas: 2147483648 must be an integer between 1 and 1000'],
  [
    (s) => (s.monitoring = { prometheusSelector: { release: 'a b' } }),
    'monitoring.prometheusSelector.release: "a b" is not a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric',
  ],
])('README quotes an error validation emits: %#', (mutate, line) => {
  const spec: any = JSON.parse(JSON.stringify(baseSpec()));
  mutate(spec);
  expect(check(spec).map((p) => `${p.path}: ${p.rule}`)).toContain(line);
  expect(section).toContain('`' + line + '`');
});
