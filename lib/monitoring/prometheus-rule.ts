/**
 * The stack's one PrometheusRule (workload, datastore, application and SLO groups), and the builder of every
 * PrometheusRule of the library ({@link ruleObject}: the stack's, NATS', the backups').
 */
import type { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { type PrometheusRuleSpecGroupsRules, PrometheusRuleSpecGroupsRulesExpr } from '../imports/monitoring.coreos.com';
import { PrometheusRule } from '../k8s/api-object';
import { stackLabels } from '../k8s/labels';
import { applicationAlerts } from './application-alerts';
import { datastoreAlerts } from './datastore-alerts';
import { monitoringNames } from './names';
import { type Rule, type RuleGroup, isAlert, withInterval } from './rules';
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

/**
 * Creates a PrometheusRule (monitoring.coreos.com/v1) `name` in the stack's namespace, with the
 * {@link monitoringLabels} and the given groups at the stack's evaluation interval ({@link withInterval}).
 */
export function ruleObject(scope: Construct, id: string, stack: ResolvedStack, name: string, groups: readonly RuleGroup[]): PrometheusRule {
  return new PrometheusRule(scope, id, {
    metadata: { name, namespace: stack.namespace, labels: monitoringLabels(stack) },
    spec: {
      groups: withInterval(stack, groups).map((g) => ({ ...g, rules: g.rules.map(crdRule) })),
    },
  });
}

/** A rule as the generated class takes it: `expr` is int-or-string in the CRD. */
function crdRule(r: Rule): PrometheusRuleSpecGroupsRules {
  const expr = PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr);
  return isAlert(r) ? { ...r, expr, annotations: { ...r.annotations } } : { ...r, expr };
}

/** Creates the PrometheusRule named after the stack. */
export function prometheusRule(scope: Construct, id: string, stack: ResolvedStack): PrometheusRule {
  return ruleObject(scope, id, stack, monitoringNames.rules(stack.name), stackRuleGroups(stack));
}
