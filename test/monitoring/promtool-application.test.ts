/**
 * The application alerts as Prometheus evaluates them (`promtool test rules`), for every stack under test: the
 * cases of test/monitoring/cases/application.ts, one promtool run per stack.
 */
import { describeAlertSuites } from '../support/alert-cases';
import { applicationSuites } from './cases/application';

describeAlertSuites(applicationSuites());
