/** The rule types of a PrometheusRule, and the builder every alert goes through. */
import type { ResolvedStack } from '../core/resolve';
import { STANDARD_ALERTS, type Severity, type StandardAlert } from './settings';

/** Annotations of an alert. */
export interface AlertAnnotations {
  readonly summary: string;
  readonly description: string;
  /** `<monitoring.runbookBaseUrl>#<alert name in lower case>`, when the base is set. */
  readonly runbook_url?: string;
}

/** A Prometheus alerting rule. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  /** Always `severity` and `namespace`; `service` when the alert is about one service. */
  readonly labels: { readonly severity: Severity; readonly namespace: string; readonly service?: string } & Readonly<
    Record<string, string>
  >;
  readonly annotations: AlertAnnotations;
}

/** A Prometheus recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A rule of either kind. */
export type Rule = AlertingRule | RecordingRule;

/** A rule group: its rules are evaluated in order, so recordings can feed the alerts after them. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly Rule[];
}

/** What an alert says; {@link alertingRule} adds the labels every alert carries. */
export interface AlertInput {
  readonly name: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly description: string;
  /** The service the alert is about. @default - a stack-wide alert, no `service` label */
  readonly service?: string;
  /** More static labels, e.g. the SLO and its windows. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** True for alerting rules. */
export function isAlert(rule: Rule): rule is AlertingRule {
  return 'alert' in rule;
}

/**
 * An alerting rule with the labels routing needs. `namespace` is set
 * statically: the Prometheus Operator routes an AlertmanagerConfig's alerts by
 * `namespace`, and an expression that aggregates it away (or a metric whose
 * `namespace` is its exporter's, like cert-manager's) would otherwise reach no
 * receiver.
 */
export function alertingRule(stack: ResolvedStack, a: AlertInput): AlertingRule {
  const base = stack.monitoring.runbookBaseUrl;
  return {
    alert: a.name,
    expr: a.expr,
    for: a.for,
    labels: { severity: a.severity, namespace: stack.namespace, ...(a.service === undefined ? {} : { service: a.service }), ...a.labels },
    annotations: {
      summary: a.summary,
      description: a.description,
      ...(base === undefined ? {} : { runbook_url: `${base}#${a.name.toLowerCase()}` }),
    },
  };
}

/** A standard alert: its duration and severity come from {@link STANDARD_ALERTS}. */
export function standardAlert(
  stack: ResolvedStack,
  name: StandardAlert,
  a: Pick<AlertInput, 'expr' | 'summary' | 'description' | 'service' | 'labels'>,
): AlertingRule {
  return alertingRule(stack, { ...a, name, ...STANDARD_ALERTS[name] });
}

/** Rule groups with the stack's evaluation interval (`monitoring.ruleInterval`), when it sets one. */
export function withInterval<G extends { readonly name: string }>(
  stack: ResolvedStack,
  groups: readonly G[],
): (G & { readonly interval?: string })[] {
  const interval = stack.monitoring.ruleInterval;
  return groups.map((g) => (interval === undefined ? g : { ...g, interval }));
}
