/**
 * The NATS alerts as Prometheus evaluates them (`promtool test rules`), for every stack under test with NATS: the
 * cases of test/monitoring/cases/nats.ts, one promtool run per stack.
 */
import { describeAlertSuites } from '../support/alert-cases';
import { natsSuites } from './cases/nats';

describeAlertSuites(natsSuites());
