/**
 * The backup and restore-drill alerts as Prometheus evaluates them (`promtool test rules`), for every stack under
 * test with backups: the cases of test/monitoring/cases/backups.ts, one promtool run per stack.
 */
import { describeAlertSuites } from '../support/alert-cases';
import { backupSuites } from './cases/backups';

describeAlertSuites(backupSuites());
