/**
 * The datastore alerts as Prometheus evaluates them (`promtool test rules`), for every stack under test: the cases of
 * test/monitoring/cases/datastores.ts, one promtool run per stack.
 */
import { describeAlertSuites } from '../support/alert-cases';
import { datastoreSuites } from './cases/datastores';

describeAlertSuites(datastoreSuites());
