/**
 * promtool cases of the backup and restore-drill alerts (lib/monitoring/backup-alerts.ts), for the `<stack>.backups` group of
 * every stack under test with PostgreSQL backups. The input is kube-state-metrics v2's Job and CronJob series
 * (internal/store/job.go, cronjob.go), labelled as kube-prometheus-stack scrapes them (see cluster.ts), about the
 * CronJobs the stack's manifests create (`<stack>-pg-backup`, `<stack>-pg-restore-drill`, on their schedules):
 *
 * - `kube_job_status_failed`: one series with no `reason` (value 0) while no pod failed; once a pod failed, one
 *   per known failure reason of the Job's Failed condition (BackoffLimitExceeded, DeadlineExceeded, Evicted; 1
 *   for the one that applies), or `reason=""` with the number of failed pods while the Job has no Failed condition;
 * - `kube_job_failed`: once the Job has a Failed condition, one series per `condition` (`true` 1, `false` and
 *   `unknown` 0), none before (addConditionMetrics);
 * - `kube_job_status_start_time`, `kube_job_status_completion_time` (Unix seconds; promtool's clock starts at 0);
 * - `kube_cronjob_created`, `kube_cronjob_status_last_successful_time` (absent until a run succeeded),
 *   `kube_cronjob_spec_suspend`.
 *
 * Reviewed expectations: a failed run pages at once (for 0m) while it is the latest (started within one
 * interval); no success for an interval plus an hour of grace (counted from the CronJob's creation when there
 * never was one) fires after 15 minutes, a backup's critical, a drill's warning; a drill slower than the database
 * RTO warns at once.
 *
 * The times these series hold are set relative to the test's clock, which starts at 0: a CronJob created, or last
 * successful, a week before the test starts holds a negative time. So a case stays short (its crossing of an
 * interval of a week happens in its first hour) and the rules are evaluated every minute.
 */
import type { ResolvedStack } from 'production-stack';
import {
  type AlertCase,
  type AlertRule,
  type AlertSuite,
  expectedAlert,
  firingCase,
  ruleOf,
  series,
  silentCase,
  values,
} from '../../support/alert-cases';
import type { Manifest } from '../../support/synth';
import { ksm } from './cluster';
import { alertNames, ruleGroup, stacksUnderTest } from './stacks';
import { dedupe } from './workloads';

const STEP = 1; // minutes
const GRACE = 60; // minutes

/** Minutes between runs of the schedules the stacks use: hourly, every N hours, daily, weekly. */
export function scheduleMinutes(schedule: string): number {
  const [minute, hour, dom, month, dow] = schedule.trim().split(/\s+/);
  if (!/^\d+$/.test(minute) || dom !== '*' || month !== '*') throw new Error(`schedule ${schedule}: not modelled`);
  if (hour === '*' && dow === '*') return 60;
  const every = /^\*\/(\d+)$/.exec(hour);
  if (every && dow === '*') return Number(every[1]) * 60;
  if (/^\d+$/.test(hour) && dow === '*') return 1440;
  if (/^\d+$/.test(hour) && /^\d$/.test(dow)) return 10080;
  throw new Error(`schedule ${schedule}: not modelled`);
}

interface CronJob {
  readonly name: string;
  readonly interval: number;
  /** Its Jobs' `activeDeadlineSeconds`, in minutes: a run's Failed condition comes at most that long after it starts. */
  readonly deadline: number;
}

interface Context {
  readonly stack: ResolvedStack;
  readonly rule: AlertRule;
  readonly alertname: string;
  readonly cron: CronJob;
}

type Series = { series: string; values: string };

/** Per-minute samples from minute 0 to `until`. */
function samples(until: number, f: (m: number) => number | 'stale' | undefined): string {
  return values(Array.from({ length: until + 1 }, (_, m) => f(m)));
}

/** A run of the CronJob started at minute `start`: its series while it exists (until `until`). */
function run(
  c: Context,
  start: number,
  until: number,
  outcome: { failedAt?: number; failedPods?: (m: number) => number; completedAt?: number },
): { name: string; series: Series[] } {
  const ns = c.stack.namespace;
  const name = `${c.cron.name}-${29000000 + start + 100_000}`;
  const job = { namespace: ns, job_name: name };
  const exists = (m: number) => m >= start; // a run started before the test exists from its start
  const failed = (m: number) => outcome.failedAt !== undefined && m >= outcome.failedAt;
  const pods = (m: number) => (failed(m) ? 3 : (outcome.failedPods?.(m) ?? 0));
  return {
    name,
    series: [
      { series: series('kube_job_status_start_time', ksm(job)), values: samples(until, () => start * 60) },
      {
        series: series('kube_job_status_completion_time', ksm(job)),
        values: samples(until, (m) =>
          outcome.completedAt !== undefined && m >= outcome.completedAt ? outcome.completedAt * 60 : undefined,
        ),
      },
      // no failed pod: one series without a reason
      { series: series('kube_job_status_failed', ksm(job)), values: samples(until, (m) => (exists(m) && pods(m) === 0 ? 0 : undefined)) },
      // failed pods, no Failed condition yet (or none ever: the Job succeeded on a retry)
      {
        series: series('kube_job_status_failed', ksm({ ...job, reason: '' })),
        values: samples(until, (m) => (exists(m) && pods(m) > 0 && !failed(m) ? pods(m) : undefined)),
      },
      ...['BackoffLimitExceeded', 'DeadlineExceeded', 'Evicted'].map((reason) => ({
        series: series('kube_job_status_failed', ksm({ ...job, reason })),
        values: samples(until, (m) => (failed(m) ? (reason === 'BackoffLimitExceeded' ? 1 : 0) : undefined)),
      })),
      ...['true', 'false', 'unknown'].map((condition) => ({
        series: series('kube_job_failed', ksm({ ...job, condition })),
        values: samples(until, (m) => (failed(m) ? (condition === 'true' ? 1 : 0) : undefined)),
      })),
    ],
  };
}

/** The CronJob's own series: created at minute `created`, last success at `lastSuccess(m)` (minutes; none: undefined), suspended or not. */
function cronJob(c: Context, until: number, lastSuccess: (m: number) => number | undefined, suspended: boolean, created: number): Series[] {
  const labels = ksm({ namespace: c.stack.namespace, cronjob: c.cron.name });
  return [
    { series: series('kube_cronjob_created', labels), values: samples(until, () => created * 60) },
    { series: series('kube_cronjob_spec_suspend', labels), values: samples(until, () => (suspended ? 1 : 0)) },
    {
      series: series('kube_cronjob_status_last_successful_time', labels),
      values: samples(until, (m) => {
        const s = lastSuccess(m);
        return s === undefined ? undefined : s * 60;
      }),
    },
  ];
}

/**
 * Failed: a run that failed (for 0m: at once) while it is the latest, or could still fail (an interval, but at least
 * its deadline and ten minutes: a run failing at its deadline must page); silent when it succeeded, or is older.
 */
function failedCases(c: Context, noun: string): AlertCase[] {
  const start = 10;
  const failedAt = 30;
  const until = 90;
  const failed = run(c, start, until, { failedAt });
  const window = Math.max(c.cron.interval, c.cron.deadline + 10);
  // started the window and 10 minutes before the test, failed 20 minutes later
  const old = run(c, -(window + 10), until, { failedAt: -(window - 10) });
  // on a schedule shorter than the deadline: a run that failed at its deadline, after the next run was due
  const late = run(c, start - c.cron.deadline, until, { failedAt: start });
  const summary = `A ${noun} failed`;
  return [
    firingCase({
      alertname: c.alertname,
      name: 'a run that failed (BackoffLimitExceeded)',
      input: failed.series,
      onset: failedAt,
      forMinutes: 0,
      step: STEP,
      expected: [expectedAlert(c.rule, ksm({ namespace: c.stack.namespace, job_name: failed.name, condition: 'true' }), 1, summary)],
    }),
    silentCase({
      alertname: c.alertname,
      name: 'a run that succeeded at the first attempt',
      input: run(c, start, until, { completedAt: failedAt }).series,
      at: [failedAt, until],
    }),
    silentCase({
      alertname: c.alertname,
      // the Job's backoffLimit is 2: kube-state-metrics counts the failed pod (kube_job_status_failed{reason=""} 1)
      // for as long as the Job exists, but the Job never gets a Failed condition
      name: 'a run whose first attempt failed and whose retry succeeded',
      input: run(c, start, until, { failedPods: (m) => (m >= start + 10 ? 1 : 0), completedAt: start + 30 }).series,
      at: [start + 10, start + 30, until],
    }),
    firingCase({
      alertname: c.alertname,
      name: `a run that failed at its deadline, ${c.cron.deadline / 60}h after its start`,
      input: late.series,
      onset: start,
      forMinutes: 0,
      step: STEP,
      expected: [expectedAlert(c.rule, ksm({ namespace: c.stack.namespace, job_name: late.name, condition: 'true' }), 1, summary)],
    }),
    silentCase({
      alertname: c.alertname,
      name: 'a failed run that started more than an interval (and its deadline) ago',
      input: old.series,
      at: [0, failedAt, until],
    }),
  ];
}

/** Missing: no success for an interval plus the grace hour fires after 15m; a recent success, or a suspended CronJob, does not. */
function missingCases(c: Context, noun: string): AlertCase[] {
  const limit = c.cron.interval + GRACE;
  const summary = `No successful ${noun} for longer than its schedule allows`;
  const labels = ksm({ namespace: c.stack.namespace, cronjob: c.cron.name });
  const until = 90;
  // created `limit - 30` minutes before the start, never successful: the condition holds from minute 31
  const created = -(limit - 30);
  // created long before, last successful `limit - 40` minutes before the start: from minute 41
  const lastSuccess = -(limit - 40);
  return [
    firingCase({
      alertname: c.alertname,
      name: 'a CronJob that never succeeded, an interval and the grace hour after its creation',
      input: cronJob(c, until, () => undefined, false, created),
      onset: 31,
      forMinutes: 15,
      step: STEP,
      expected: [expectedAlert(c.rule, labels, (31 + 15 - created) * 60, summary)],
    }),
    firingCase({
      alertname: c.alertname,
      name: 'the last success an interval and the grace hour ago',
      input: cronJob(c, until, () => lastSuccess, false, -10 * limit),
      onset: 41,
      forMinutes: 15,
      step: STEP,
      expected: [expectedAlert(c.rule, labels, (41 + 15 - lastSuccess) * 60, summary)],
    }),
    silentCase({
      alertname: c.alertname,
      name: 'a success every interval',
      // the last success 10 minutes before the start, then one every interval
      input: cronJob(c, until, (m) => -10 + c.cron.interval * Math.floor((m + 10) / c.cron.interval), false, -10 * limit),
      at: [46, until],
    }),
    silentCase({
      alertname: c.alertname,
      name: 'a suspended CronJob (the passive region of a standby pair) that never ran',
      input: cronJob(c, until, () => undefined, true, created),
      at: [46, until],
    }),
  ];
}

const BUILDERS: Readonly<Record<string, (c: Context, rto?: number) => AlertCase[]>> = {
  PostgresBackupFailed: (c) => failedCases(c, 'PostgreSQL backup'),
  PostgresBackupMissing: (c) => missingCases(c, 'PostgreSQL backup'),
  PostgresRestoreDrillFailed: (c) => failedCases(c, 'PostgreSQL restore drill'),
  PostgresRestoreDrillMissing: (c) => missingCases(c, 'PostgreSQL restore drill'),
  PostgresRestoreSlowerThanRto(c, rto) {
    if (rto === undefined) throw new Error('PostgresRestoreSlowerThanRto without a database RTO');
    const start = 10;
    const until = start + rto + 30;
    const took = (minutes: number) => run(c, start, until, { completedAt: start + minutes }).series;
    const summary = 'A restore drill took longer than the database RTO';
    return [
      firingCase({
        alertname: c.alertname,
        name: `a drill that took ${rto + 10} minutes, over the ${rto}-minute RTO`,
        input: took(rto + 10),
        onset: start + rto + 10,
        forMinutes: 0,
        step: STEP,
        expected: [expectedAlert(c.rule, { namespace: c.stack.namespace }, (rto + 10) * 60, summary)],
      }),
      silentCase({
        alertname: c.alertname,
        name: `a drill that took ${rto - 5} minutes`,
        input: took(rto - 5),
        at: [start + rto, until],
      }),
    ];
  },
};

/** Which CronJob each alert is about. */
const CRON_OF: Readonly<Record<string, 'backup' | 'drill'>> = {
  PostgresBackupFailed: 'backup',
  PostgresBackupMissing: 'backup',
  PostgresRestoreDrillFailed: 'drill',
  PostgresRestoreDrillMissing: 'drill',
  PostgresRestoreSlowerThanRto: 'drill',
};

function suiteOf(name: string, stack: ResolvedStack, objects: readonly Manifest[]): AlertSuite | undefined {
  const group = ruleGroup(objects, `${stack.name}.backups`);
  if (!group) return undefined;
  const ruleFile = { groups: [group] };
  const cronJobs = objects.filter((o) => o.kind === 'CronJob' && o.metadata.namespace === stack.namespace);
  const cron = (suffix: string): CronJob => {
    const o = cronJobs.find((x) => x.metadata.name === `${stack.name}${suffix}`);
    if (!o) throw new Error(`${name}: no CronJob ${stack.name}${suffix}`);
    return {
      name: o.metadata.name,
      interval: scheduleMinutes(o.spec.schedule),
      deadline: o.spec.jobTemplate.spec.activeDeadlineSeconds / 60,
    };
  };
  const crons = { backup: cron('-pg-backup'), drill: cron('-pg-restore-drill') };
  const rto = stack.dr.objectives.find((o) => o.scenario === 'database')?.rtoMinutes;
  const cases = alertNames(group).flatMap((alertname) => {
    const build = BUILDERS[alertname];
    if (!build) return []; // alert-coverage.test.ts reports it
    return build({ stack, rule: ruleOf(ruleFile, alertname), alertname, cron: crons[CRON_OF[alertname]] }, rto);
  });
  return { name: `${name}: ${group.name}`, ruleFile, cases };
}

/** The backup suites of every stack under test with backups. */
export function backupSuites(): AlertSuite[] {
  return dedupe(stacksUnderTest().flatMap((s) => suiteOf(s.name, s.stack, s.objects) ?? []));
}
