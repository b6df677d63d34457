/** The stack's one PrometheusRule: workload, datastore, application and SLO groups. */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedStack } from '../core/defaults';
import { stackLabels } from '../k8s/labels';
import { applicationAlerts } from './application-alerts';
import { datastoreAlerts } from './datastore-alerts';
import { monitoringNames } from './names';
import { type RuleGroup, withInterval } from './rules';
import { sloRuleGroup } from './slo';
import { workloadAlerts } from './workload-alerts';

/**
 * The rule groups of a stack, in a fixed order: `<stack>.workloads`,
 * `<stack>.datastores` (when it has PostgreSQL or Redis), `<stack>.application`
 * (request alerts and the services' own alerts, when there are any) and one
 * `<stack>.slo.<service>` per service with an SLO. Groups without rules are left out.
 */
export function stackRuleGroups(stack: ResolvedStack): RuleGroup[] {
  const groups: RuleGroup[] = [
    { name: `${stack.name}.workloads`, rules: workloadAlerts(stack) },
    { name: `${stack.name}.datastores`, rules: datastoreAlerts(stack) },
    { name: `${stack.name}.application`, rules: applicationAlerts(stack) },
    ...stack.services.flatMap((s) => sloRuleGroup(stack, s) ?? []),
  ];
  return groups.filter((g) => g.rules.length > 0);
}

/** Labels of the stack's Prometheus Operator objects: the stack's, and those the Prometheus selects by. */
export function monitoringLabels(stack: ResolvedStack): Record<string, string> {
  return { ...stackLabels(stack.name), ...stack.monitoring.prometheusSelector };
}

/** Creates the PrometheusRule (monitoring.coreos.com/v1) named after the stack. */
export function prometheusRule(scope: Construct, id: string, stack: ResolvedStack): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: monitoringNames.rules(stack.name), namespace: stack.namespace, labels: monitoringLabels(stack) },
    spec: { groups: withInterval(stack, stackRuleGroups(stack)) },
  });
}
