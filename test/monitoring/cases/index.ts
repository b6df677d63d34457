/**
 * Every source of promtool alert cases, for test/monitoring/alert-coverage.test.ts: each module's suites, and the
 * test file that runs them. The case format is described in test/support/alert-cases.ts; in short:
 *
 *   - a case is `{ alertname, fires, name, test }`, `test` being ONE promtool test group whose `alert_rule_test`
 *     entries all name `alertname`; `fires: true` when one of them expects the alert (a non-empty `exp_alerts`,
 *     every label and annotation as Prometheus renders them), `fires: false` when all expect none;
 *   - cases are grouped in suites `{ name, ruleFile, cases, evaluationInterval? }`, one promtool run each, against
 *     `ruleFile`: the rule groups exactly as the stack's PrometheusRule emits them;
 *   - a module here returns its suites (e.g. `datastoreSuites(): AlertSuite[]` in ./datastores.ts, over the
 *     `<stack>.datastores` group of `stacksUnderTest()`), is listed below with the file that runs it, and that
 *     file (e.g. test/monitoring/promtool-datastores.test.ts) is `describeAlertSuites(datastoreSuites())`.
 *
 * The coverage test then requires, for every alert of every stack under test, a firing and a silent case.
 */
import type { AlertCaseSource } from '../../support/alert-cases';
import { applicationSuites } from './application';
import { backupSuites } from './backups';
import { datastoreSuites } from './datastores';
import { natsSuites } from './nats';
import { sloSuites } from './slo';
import { workloadSuites } from './workloads';

export const ALERT_CASE_SOURCES: readonly AlertCaseSource[] = [
  { name: 'workloads', runBy: 'test/monitoring/promtool-workloads.test.ts', suites: workloadSuites },
  { name: 'application', runBy: 'test/monitoring/promtool-application.test.ts', suites: applicationSuites },
  { name: 'NATS', runBy: 'test/monitoring/promtool-nats.test.ts', suites: natsSuites },
  { name: 'backups', runBy: 'test/monitoring/promtool-backups.test.ts', suites: backupSuites },
  { name: 'SLO', runBy: 'test/monitoring/promtool-slo.test.ts', suites: sloSuites },
  { name: 'datastores', runBy: 'test/monitoring/promtool-datastores.test.ts', suites: datastoreSuites },
];
