/**
 * The workload alerts as Prometheus evaluates them (`promtool test rules`), for every stack under test: the cases
 * of test/monitoring/cases/workloads.ts, one promtool run per stack. And a stack whose only autoscaling is KEDA's
 * (a worker with a `queue`): KEDA's HPA at its maximum fires HpaAtMaxReplicas too.
 */
import type { ProductionStackProps } from 'production-stack';
import { describeAlertSuites } from '../support/alert-cases';
import { api, baseSpec, worker } from '../support/spec';
import { workloadSuite, workloadSuites } from './cases/workloads';

function kedaOnly(): ProductionStackProps {
  const { autoscaling: _autoscaling, ...server } = api;
  const { replicas: _replicas, storage: _storage, ...queued } = worker;
  return {
    ...baseSpec(),
    services: [
      { ...server, replicas: 2 },
      {
        ...queued,
        nats: { subscribe: ['orders.>'], consumers: ['fulfil'] },
        queue: { nats: { consumer: 'fulfil' }, targetPerReplica: 100, minReplicas: 1, maxReplicas: 5 },
      },
    ],
  };
}

const keda = workloadSuite('autoscaled by KEDA only', kedaOnly(), ['HpaAtMaxReplicas']);

test('a stack autoscaled by KEDA only has HpaAtMaxReplicas', () => {
  expect(keda.cases.filter((c) => c.fires).map((c) => c.alertname)).toEqual(['HpaAtMaxReplicas']);
});

describeAlertSuites([...workloadSuites(), keda]);
