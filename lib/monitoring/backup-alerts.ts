/**
 * Alerts on the backups and restore drills, from kube-state-metrics' Job and
 * CronJob series: a run failed, no run succeeded for longer than the schedule
 * allows (counted from the CronJob's creation when none ever did), and the drill
 * restored slower than the `database` scenario's RTO.
 */
import type { Construct } from 'constructs';
import { cronIntervalMinutes } from '../core/cron';
import { k8sNames } from '../core/naming';
import { BACKUP_RUN_DEADLINE_SECONDS } from '../core/recovery';
import type { ResolvedStack } from '../core/resolve';
import type { PrometheusRule } from '../k8s/api-object';
import { ruleObject } from './prometheus-rule';
import { type AlertingRule, alertingRule } from './rules';

/** Slack given to a run before its absence alerts: it may start late and take a while. */
const GRACE_SECONDS = 3600;

/**
 * How long a failed run pages: while it is the latest, an interval from its start; but at least until its Failed
 * condition can have come (the deadline, and ten minutes for kube-state-metrics), or a run failing at its deadline
 * on a schedule shorter than that would never page.
 */
function failureWindow(interval: number): number {
  return Math.max(interval, BACKUP_RUN_DEADLINE_SECONDS + 600);
}

/** The alerts of one CronJob: a failed run (firing for one interval) and no success for an interval plus grace. */
function cronJobAlerts(
  stack: ResolvedStack,
  cronJob: string,
  schedule: string,
  what: { name: string; noun: string; missingSeverity: 'critical' | 'warning' },
): AlertingRule[] {
  const ns = stack.namespace;
  const interval = (cronIntervalMinutes(schedule) ?? 1440) * 60;
  const jobs = `namespace="${ns}", job_name=~"${cronJob}-[0-9]+"`;
  const cron = `namespace="${ns}", cronjob="${cronJob}"`;
  return [
    alertingRule(stack, {
      name: `${what.name}Failed`,
      // the Job's Failed condition (its retries spent, or its deadline passed), not its failed pods: a run whose first
      // attempt failed and whose retry succeeded counts a failed pod for as long as it exists (kube-state-metrics'
      // kube_job_status_failed{reason=""}), and is no failure
      expr: `(kube_job_failed{${jobs}, condition="true"} == 1) and on (namespace, job_name) (time() - kube_job_status_start_time{${jobs}} < ${failureWindow(interval)})`,
      for: '0m',
      severity: 'critical',
      summary: `A ${what.noun} failed`,
      description: `Job {{ $labels.job_name }} of CronJob ${cronJob} failed: read its logs (kubectl -n ${ns} logs job/{{ $labels.job_name }} --all-containers).`,
    }),
    alertingRule(stack, {
      name: `${what.name}Missing`,
      // since the last success or, for one that never succeeded (no last_successful_time series at all), since the
      // CronJob was created; a suspended CronJob (the passive region of a standby pair) is not missing its runs
      expr: `(time() - (kube_cronjob_status_last_successful_time{${cron}} or kube_cronjob_created{${cron}}) > ${interval + GRACE_SECONDS}) unless on (namespace, cronjob) (kube_cronjob_spec_suspend{${cron}} == 1)`,
      for: '15m',
      severity: what.missingSeverity,
      summary: `No successful ${what.noun} for longer than its schedule allows`,
      description: `CronJob ${cronJob} ("${schedule}") last succeeded {{ $value | humanizeDuration }} ago.`,
    }),
  ];
}

/** Every backup and drill alert of the stack. */
export function backupAlerts(stack: ResolvedStack): AlertingRule[] {
  const ns = stack.namespace;
  const drill = k8sNames.restoreDrill(stack.name);
  const rules = [
    ...cronJobAlerts(stack, k8sNames.backup(stack.name), stack.dr.backupSchedule, {
      name: 'PostgresBackup',
      noun: 'PostgreSQL backup',
      missingSeverity: 'critical',
    }),
    ...cronJobAlerts(stack, drill, stack.dr.restoreDrill.schedule, {
      name: 'PostgresRestoreDrill',
      noun: 'PostgreSQL restore drill',
      missingSeverity: 'warning',
    }),
  ];
  const rto = stack.dr.objectives.find((o) => o.scenario === 'database')?.rtoMinutes;
  if (rto !== undefined) {
    const jobs = `namespace="${ns}", job_name=~"${drill}-[0-9]+"`;
    rules.push(
      alertingRule(stack, {
        name: 'PostgresRestoreSlowerThanRto',
        expr: `max by (namespace) (kube_job_status_completion_time{${jobs}} - kube_job_status_start_time{${jobs}}) > ${rto * 60}`,
        for: '0m',
        severity: 'warning',
        summary: 'A restore drill took longer than the database RTO',
        description: `A recent restore drill took {{ $value | humanizeDuration }}, more than the ${rto}-minute RTO stated for losing the database.`,
      }),
    );
  }
  return rules;
}

/** The PrometheusRule `<stack>-backups`. */
export function backupRules(scope: Construct, stack: ResolvedStack): PrometheusRule {
  return ruleObject(scope, 'Rules', stack, `${stack.name}-backups`, [{ name: `${stack.name}.backups`, rules: backupAlerts(stack) }]);
}
