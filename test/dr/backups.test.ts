import { output, testRules } from '../support/promtool';
import { examples } from '../../examples';
import { promqlProblem } from 'production-stack/core';
import { restrictedViolations } from 'production-stack/k8s';
import { baseSpec } from '../support/spec';
import { validateObjects } from '../support/schema';
import { type Manifest, find, synth } from '../support/synth';

const spec = baseSpec();
const objects = synth({
  ...spec,
  dr: {
    backupSchedule: '0 */6 * * *',
    backupIdentity: 'arn:aws:iam::123456789012:role/shop-backup',
    objectives: [{ scenario: 'database', rtoMinutes: 30, rpoMinutes: 360 }],
    restoreDrill: { checks: [{ name: 'orders', sql: 'SELECT count(*) > 0 FROM orders;' }] },
  },
});
const backup = find(objects, 'CronJob', 'shop-pg-backup');
const drill = find(objects, 'CronJob', 'shop-pg-restore-drill');
const pod = (cronJob: Manifest) => cronJob.spec.jobTemplate.spec.template.spec;
const env = (container: Manifest) => Object.fromEntries(container.env.map((e: Manifest) => [e.name, e.value ?? e.valueFrom]));

test('the backup runs on the schedule asked, one at a time, keeping failed runs for the alerts', () => {
  expect(backup.spec).toMatchObject({
    schedule: '0 */6 * * *',
    timeZone: 'Etc/UTC',
    concurrencyPolicy: 'Forbid',
    failedJobsHistoryLimit: 3,
  });
});

test('pg_dump of the engine major version reads the connection URL from the External Secret, and the CLI uploads to the bucket', () => {
  const [dump] = pod(backup).initContainers;
  expect(dump.image).toBe('postgres:15-alpine');
  // as the backup role (pg_read_all_data), never the master user
  expect(env(dump).DATABASE_URL).toEqual({ secretKeyRef: { name: 'shop-postgres-app-backup', key: 'url' } });
  expect(dump.command.join(' ')).toMatch(/pg_dump --dbname="\$DATABASE_URL" --format=custom --compress=9/);
  const [upload] = pod(backup).containers;
  expect(upload.image).toMatch(/^amazon\/aws-cli:\d+\.\d+\.\d+$/);
  expect(env(upload)).toMatchObject({ BUCKET: 'shop-production-db-backups', PREFIX: 'postgres/shop' });
  // the bucket's default encryption (its customer key) applies: no --sse flag, which would pick the AWS-managed key
  expect(upload.command.join(' ')).toMatch(/aws s3 cp "\$1" "s3:\/\/\$BUCKET\/\$2" --only-show-errors/);
  // the backup role's secret is synced for the backup even when no service reads PostgreSQL
  expect(find(objects, 'ExternalSecret', 'shop-postgres-app-backup').spec.data.map((d: Manifest) => d.secretKey)).toContain('url');
});

test('with the identity the spec gives (trusting <stack>-backup), both jobs run as <stack>-backup, with no keys and no API token', () => {
  expect(find(objects, 'ServiceAccount', 'shop-backup').metadata.annotations).toEqual({
    'argocd.argoproj.io/sync-wave': '-3',
    'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/shop-backup',
  });
  expect(objects.filter((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'shop-restore-drill')).toEqual([]);
  for (const job of [backup, drill]) {
    expect(pod(job)).toMatchObject({ serviceAccountName: 'shop-backup', automountServiceAccountToken: false, restartPolicy: 'Never' });
    const containers = [...pod(job).initContainers, ...pod(job).containers];
    expect(containers.flatMap((c: Manifest) => c.env.map((e: Manifest) => e.name))).not.toContain('AWS_SECRET_ACCESS_KEY');
  }
});

test('without one, the drill runs as <stack>-restore-drill, which the Pulumi side gives a read-only identity', () => {
  const spec = JSON.parse(JSON.stringify(examples['ql-rf']));
  if (spec.dr) delete spec.dr.backupIdentity;
  const synthesized = synth(spec);
  const drillJob = find(synthesized, 'CronJob', `${spec.name}-pg-restore-drill`);
  expect(drillJob.spec.jobTemplate.spec.template.spec.serviceAccountName).toBe(`${spec.name}-restore-drill`);
  expect(find(synthesized, 'ServiceAccount', `${spec.name}-restore-drill`).automountServiceAccountToken).toBe(false);
  expect(find(synthesized, 'CronJob', `${spec.name}-pg-backup`).spec.jobTemplate.spec.template.spec.serviceAccountName).toBe(
    `${spec.name}-backup`,
  );
});

test('the drill restores into a scratch PostgreSQL sidecar on loopback and runs the checks from a ConfigMap', () => {
  const [download, scratch] = pod(drill).initContainers;
  expect(download.name).toBe('download');
  expect(scratch).toMatchObject({ name: 'scratch-postgres', restartPolicy: 'Always', image: 'postgres:15-alpine' });
  expect(scratch.args).toContain('listen_addresses=127.0.0.1');
  expect(scratch.startupProbe.exec.command).toEqual(['pg_isready', '-h', '127.0.0.1', '-U', 'postgres']);
  const [restore] = pod(drill).containers;
  expect(env(restore)).toMatchObject({ PGHOST: '127.0.0.1', CHECKS_DIR: '/checks' });
  expect(find(objects, 'ConfigMap', 'shop-pg-restore-drill-checks').data).toEqual({ 'orders.sql': 'SELECT count(*) > 0 FROM orders;\n' });
  expect(drill.spec.schedule).toBe('0 5 * * 0');
});

test('egress: the backup reaches the database and HTTPS; the drill only HTTPS; nothing may connect to either', () => {
  const ports = (name: string) =>
    find(objects, 'NetworkPolicy', name).spec.egress.flatMap((r: Manifest) => r.ports.map((p: Manifest) => p.port));
  expect(ports('shop-pg-backup')).toEqual([53, 53, 5432, 443]);
  expect(ports('shop-pg-restore-drill')).toEqual([53, 53, 443]);
  for (const name of ['shop-pg-backup', 'shop-pg-restore-drill']) expect(find(objects, 'NetworkPolicy', name).spec.ingress).toEqual([]);
});

test('alerts: failed and missing runs from kube-state-metrics, and a drill slower than the database RTO', () => {
  const rules = find(objects, 'PrometheusRule', 'shop-backups').spec.groups[0].rules;
  expect(rules.map((r: Manifest) => r.alert)).toEqual([
    'PostgresBackupFailed',
    'PostgresBackupMissing',
    'PostgresRestoreDrillFailed',
    'PostgresRestoreDrillMissing',
    'PostgresRestoreSlowerThanRto',
  ]);
  const byName = Object.fromEntries(rules.map((r: Manifest) => [r.alert, r]));
  // every 6 hours: missing after 6 h + 1 h of grace; a failure fires for one interval
  expect(byName.PostgresBackupMissing.expr).toMatch(
    /or kube_cronjob_created\{namespace="shop", cronjob="shop-pg-backup"\}\) > 25200\) unless on \(namespace, cronjob\) \(kube_cronjob_spec_suspend\{/,
  );
  // every 6 hours, but a run may fail as late as its 6h deadline: it pages for 6h10m from its start
  expect(byName.PostgresBackupFailed.expr).toMatch(/< 22200\)$/);
  expect(byName.PostgresRestoreSlowerThanRto.expr).toMatch(/> 1800$/);
  for (const r of rules) {
    expect([r.alert, promqlProblem(r.expr)]).toEqual([r.alert, undefined]);
    expect(r.labels).toMatchObject({ namespace: 'shop' });
  }
});

test('the output validates against the Kubernetes and CRD schemas and the restricted profile', () => {
  expect(validateObjects(objects)).toEqual([]);
  expect(objects.flatMap((o) => restrictedViolations(o))).toEqual([]);
});

test('on GCP the CLI is gcloud with Workload Identity', () => {
  const gcp = synth({
    ...spec,
    cloud: 'gcp',
    region: 'europe-west1',
    dr: { backupIdentity: 'shop-backup@my-project.iam.gserviceaccount.com' },
  });
  const upload = pod(find(gcp, 'CronJob', 'shop-pg-backup')).containers[0];
  expect(upload.command.join(' ')).toMatch(/gcloud storage cp "\$1" "gs:\/\/\$BUCKET\/\$2"/);
  expect(find(gcp, 'ServiceAccount', 'shop-backup').metadata.annotations).toEqual({
    'argocd.argoproj.io/sync-wave': '-3',
    'iam.gke.io/gcp-service-account': 'shop-backup@my-project.iam.gserviceaccount.com',
  });
});

test('no backups without PostgreSQL, or when turned off', () => {
  const kinds = (o: Manifest[]) => o.filter((x) => x.kind === 'CronJob').map((x) => x.metadata.name);
  expect(kinds(synth({ ...spec, dr: { logicalBackups: false } }))).toEqual(['report']);
  const { postgres: _postgres, ...withoutPostgres } = spec;
  const services = spec.services.map(({ postgres: _p, migration: _m, ...s }) => s);
  expect(kinds(synth({ ...withoutPostgres, services, cronJobs: [] }))).toEqual([]);
});

test.each(Object.entries(examples).filter(([, e]) => e.postgres !== undefined))('example %s backs up its database', (_, example) => {
  const out = synth(example);
  expect(find(out, 'CronJob', `${example.name}-pg-backup`).spec.schedule).toBe(example.dr?.backupSchedule ?? '0 2 * * *');
  find(out, 'CronJob', `${example.name}-pg-restore-drill`);
});

describe('PostgresBackupMissing, as Prometheus evaluates it (promtool test rules)', () => {
  const rules = find(objects, 'PrometheusRule', 'shop-backups').spec.groups;
  const cron = 'namespace="shop", cronjob="shop-pg-backup"';
  /** Whether the alert fires after three days with these kube-state-metrics series of the backup CronJob. */
  const fires = (series: { series: string; values: string }[], ruleGroups: unknown = rules): boolean => {
    // expect silence: promtool then fails, naming the alert, exactly when it fires
    const r = testRules(
      { groups: ruleGroups },
      {
        rule_files: ['rules.yaml'],
        evaluation_interval: '5m',
        tests: [
          {
            interval: '5m',
            input_series: series,
            alert_rule_test: [{ eval_time: '72h', alertname: 'PostgresBackupMissing', exp_alerts: [] }],
          },
        ],
      },
    );
    if (r.status !== 0 && !/alertname: PostgresBackupMissing/.test(output(r))) throw new Error(output(r));
    return r.status !== 0;
  };
  // the CronJob was created at the start (time 0), 72 h before the evaluation
  const created = { series: `kube_cronjob_created{${cron}}`, values: '0+0x900' };

  test('a backup that never succeeded fires (kube-state-metrics has no last-success series for it)', () => {
    expect(fires([created])).toBe(true);
  });

  test('a backup that succeeded within its interval does not; nor does a suspended CronJob', () => {
    // last success 71.5 h into the run (the series holds the Unix time of the success)
    expect(fires([created, { series: `kube_cronjob_status_last_successful_time{${cron}}`, values: `${71.5 * 3600}+0x900` }])).toBe(false);
    expect(fires([created, { series: `kube_cronjob_spec_suspend{${cron}}`, values: '1+0x900' }])).toBe(false);
  });

  test('a backup whose last success is older than its interval and grace fires', () => {
    expect(fires([created, { series: `kube_cronjob_status_last_successful_time{${cron}}`, values: `${60 * 3600}+0x900` }])).toBe(true);
  });

  test('the former expression (the last success only) stays silent on a backup that never succeeded: the check has teeth', () => {
    const old = rules.map((g: Manifest) => ({
      ...g,
      rules: g.rules.map((r: Manifest) =>
        r.alert === 'PostgresBackupMissing'
          ? {
              ...r,
              expr: r.expr.replace(
                /\(kube_cronjob_status_last_successful_time\{([^}]*)\} or kube_cronjob_created\{[^}]*\}\)/,
                'kube_cronjob_status_last_successful_time{$1}',
              ),
            }
          : r,
      ),
    }));
    expect(JSON.stringify(old.flatMap((g: Manifest) => g.rules).find((r: Manifest) => r.alert === 'PostgresBackupMissing'))).not.toContain(
      'kube_cronjob_created',
    );
    expect(fires([created], old)).toBe(false);
  });
});
