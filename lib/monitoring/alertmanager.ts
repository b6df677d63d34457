/**
 * Alert routing as code: an AlertmanagerConfig (monitoring.coreos.com/v1alpha1)
 * in the stack's namespace. The Prometheus Operator merges it into
 * Alertmanager's configuration as a sub-route matching `namespace="<namespace>"`
 * (with `continue: true`), so it only sees the stack's namespace's alerts (every
 * rule of the library sets `namespace`; kube-prometheus-stack's rules that fire in
 * the namespace reach it too), and renames its receivers and mute intervals
 * `<namespace>/<name>/<receiver>`.
 *
 * - `severity="critical"` goes to the critical receivers (pages), `warning` to
 *   the warning receivers, muted in `muteWarnings`; `info` and alerts without a
 *   severity go to `null`, which notifies nobody.
 * - Inhibition: exactly one rule. A page of an SLO's error-budget burn
 *   (`ErrorBudgetBurn`, `severity="critical"`: the 1h and 6h windows) inhibits
 *   the ticket of the same burn (`ErrorBudgetBurn`, `severity="warning"`: 1d and
 *   3d) of the same service and objective: both sides match `alertname`, the
 *   stack's services with an SLO (`service=~"api|..."`) and their objectives
 *   (`slo=~"availability|latency"`), and `equal` is `namespace`, `alertname`,
 *   `service`, `slo` (the operator adds `namespace="<namespace>"` to both sides).
 *   So a page never inhibits another service's or another objective's ticket,
 *   and never an alert the library does not emit (kube-prometheus-stack's
 *   KubePodCrashLooping, TargetDown, ... carry other alert names or no `slo`).
 *   Every other alert of the library has one severity, per-pod and
 *   per-instance ones included: none is inhibited by this config. Without an
 *   SLO that both pages and tickets, there is no rule.
 * - The cluster's base configuration (kube-prometheus-stack's
 *   `alertmanager.config`) has inhibit rules of its own, which this object cannot
 *   remove: the chart's defaults inhibit the warnings of any alert with the
 *   `alertname` and `namespace` of a critical one, which crossed services,
 *   objectives and objects; the library's values hold them to the same object
 *   (`ALERTMANAGER_INHIBIT_RULES`, lib/addons/values.ts), and
 *   test/monitoring/alertmanager-inhibition.test.ts runs both in Alertmanager.
 * - Credentials are never in the manifest: each is a `{ name, key }` reference
 *   to the Kubernetes Secret External Secrets writes from the stack's `secrets`.
 *
 * Written as a plain `ApiObject`, not through a class generated from its CRD
 * as the other Prometheus Operator objects are (lib/imports): that class would
 * spell out every receiver type of Alertmanager (~1.1 MB of TypeScript, ~28,000
 * lines) for the few fields used here, which {@link AlertmanagerConfigSpec}
 * types. Instead, test/k8s/custom-resources.test.ts checks the object of every
 * receiver type, mute window and inhibit rule against the CRD
 * (crds/monitoring.coreos.com_alertmanagerconfigs.yaml).
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import type { MuteWindow, ReceiverSpec } from '../core/spec/monitoring';
import type { SecretKeyRef } from '../core/spec/service';
import { monitoringNames } from './names';
import { monitoringLabels } from './prometheus-rule';
import { ROUTING } from './settings';
import { BURN_RATE_ALERT, burnRateWindows, objectives } from './slo';

/** A key of a Secret in the AlertmanagerConfig's namespace. */
export interface SecretKeySelector {
  readonly name: string;
  readonly key: string;
}

/** An Alertmanager matcher. */
export interface Matcher {
  readonly name: string;
  readonly value: string;
  /**
   * @default - equality. Left out for equality: a bare `=` in YAML is the `value` tag to YAML 1.1 parsers
   * (PyYAML and the tools built on it), which then fail to load the manifest.
   */
  readonly matchType?: '!=' | '=~' | '!~';
}

/** A receiver of the AlertmanagerConfig. */
export interface Receiver {
  readonly name: string;
  readonly pagerdutyConfigs?: readonly Readonly<Record<string, unknown>>[];
  readonly slackConfigs?: readonly Readonly<Record<string, unknown>>[];
  readonly msteamsv2Configs?: readonly Readonly<Record<string, unknown>>[];
  readonly webhookConfigs?: readonly Readonly<Record<string, unknown>>[];
}

/** A route of the AlertmanagerConfig. */
export interface Route {
  readonly receiver: string;
  readonly matchers?: readonly Matcher[];
  readonly groupBy?: readonly string[];
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  readonly muteTimeIntervals?: readonly string[];
  readonly routes?: readonly Route[];
}

/** The spec of the AlertmanagerConfig. */
export interface AlertmanagerConfigSpec {
  readonly route: Route;
  readonly receivers: readonly Receiver[];
  readonly inhibitRules: readonly {
    readonly sourceMatch: readonly Matcher[];
    readonly targetMatch: readonly Matcher[];
    readonly equal: readonly string[];
  }[];
  readonly muteTimeIntervals?: readonly { readonly name: string; readonly timeIntervals: readonly Readonly<Record<string, unknown>>[] }[];
}

/** Name of the receiver without integrations, for alerts nobody is notified of (`info`). */
export const NULL_RECEIVER = 'null';
/** Name of the mute time interval of warnings. */
export const WARNING_MUTE = 'warnings-muted';

const severity = (value: string): Matcher => ({ name: 'severity', value });

/** `a|b` for an Alertmanager regex matcher (which Alertmanager anchors), each value matched literally. */
const anyOf = (values: readonly string[]): string => values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

/**
 * The inhibit rule of the stack: the page of an SLO burn inhibits the ticket of the same service's same objective
 * (see the module's comment). None when no objective of the stack both pages and tickets.
 */
export function burnRateInhibition(stack: ResolvedStack): AlertmanagerConfigSpec['inhibitRules'] {
  const paired = stack.services.flatMap((s) =>
    objectives(stack, s)
      .filter((o) => {
        const levels = new Set(burnRateWindows(o.windowDays).map((w) => w.severity));
        return levels.has('critical') && levels.has('warning');
      })
      .map((o) => ({ service: s.name, slo: o.slo })),
  );
  if (paired.length === 0) return [];
  const scope: Matcher[] = [
    { name: 'alertname', value: BURN_RATE_ALERT },
    { name: 'service', value: anyOf([...new Set(paired.map((p) => p.service))]), matchType: '=~' },
    { name: 'slo', value: anyOf([...new Set(paired.map((p) => p.slo))]), matchType: '=~' },
  ];
  return [
    {
      sourceMatch: [severity('critical'), ...scope],
      targetMatch: [severity('warning'), ...scope],
      equal: ['namespace', 'alertname', 'service', 'slo'],
    },
  ];
}

/** A stack secret reference as a SecretKeySelector: External Secrets names the Kubernetes Secret after the stack secret. */
export function secretKeySelector(ref: SecretKeyRef): SecretKeySelector {
  return { name: ref.secret, key: ref.key };
}

const SLACK_TITLE =
  '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}{{ with .CommonLabels.service }} ({{ . }}){{ end }}';
const SLACK_TEXT =
  '{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}{{ with .Annotations.runbook_url }}\nRunbook: {{ . }}{{ end }}\n{{ end }}';

/** One receiver with every integration of `specs`. PagerDuty events carry the route's severity. */
export function receiver(name: string, level: 'critical' | 'warning', specs: readonly ReceiverSpec[]): Receiver {
  const of = <T extends ReceiverSpec['type']>(type: T) => specs.filter((s): s is Extract<ReceiverSpec, { type: T }> => s.type === type);
  const pagerduty = of('pagerduty').map((r) => ({ routingKey: secretKeySelector(r.routingKey), severity: level, sendResolved: true }));
  const slack = of('slack').map((r) => ({
    apiURL: secretKeySelector(r.webhookUrl),
    channel: r.channel,
    sendResolved: true,
    title: SLACK_TITLE,
    text: SLACK_TEXT,
  }));
  // Teams through a Workflows (Power Automate) webhook: Office 365 connectors, which `msteamsConfigs` posts to, are retired.
  const teams = of('msteams').map((r) => ({ webhookURL: secretKeySelector(r.webhookUrl), sendResolved: true }));
  const webhook = of('webhook').map((r) => ({ urlSecret: secretKeySelector(r.url), sendResolved: true }));
  return {
    name,
    ...(pagerduty.length ? { pagerdutyConfigs: pagerduty } : {}),
    ...(slack.length ? { slackConfigs: slack } : {}),
    ...(teams.length ? { msteamsv2Configs: teams } : {}),
    ...(webhook.length ? { webhookConfigs: webhook } : {}),
  };
}

/** A weekly mute window as an Alertmanager time interval (UTC). */
export function timeInterval(w: MuteWindow): Record<string, unknown> {
  return {
    ...(w.weekdays ? { weekdays: [...w.weekdays] } : {}),
    ...(w.times ? { times: w.times.map((t) => ({ startTime: t.start, endTime: t.end })) } : {}),
  };
}

/** The AlertmanagerConfig spec of a stack with `monitoring.alerting`, or `undefined` without. */
export function alertmanagerConfigSpec(stack: ResolvedStack): AlertmanagerConfigSpec | undefined {
  const a = stack.monitoring.alerting;
  if (!a) return undefined;
  const mute =
    a.muteWarnings && a.muteWarnings.length > 0 ? [{ name: WARNING_MUTE, timeIntervals: a.muteWarnings.map(timeInterval) }] : undefined;
  return {
    route: {
      receiver: NULL_RECEIVER,
      groupBy: [...a.groupBy],
      groupWait: ROUTING.groupWait,
      groupInterval: ROUTING.groupInterval,
      routes: [
        { receiver: 'critical', matchers: [severity('critical')], repeatInterval: ROUTING.repeatInterval.critical },
        {
          receiver: 'warning',
          matchers: [severity('warning')],
          repeatInterval: ROUTING.repeatInterval.warning,
          ...(mute ? { muteTimeIntervals: [WARNING_MUTE] } : {}),
        },
      ],
    },
    receivers: [{ name: NULL_RECEIVER }, receiver('critical', 'critical', a.critical), receiver('warning', 'warning', a.warning)],
    inhibitRules: burnRateInhibition(stack),
    ...(mute ? { muteTimeIntervals: mute } : {}),
  };
}

/** Creates the AlertmanagerConfig, named after the stack, when the spec has `monitoring.alerting`. */
export function alertmanagerConfig(scope: Construct, id: string, stack: ResolvedStack): ApiObject | undefined {
  const spec = alertmanagerConfigSpec(stack);
  if (!spec) return undefined;
  return new ApiObject(scope, id, {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'AlertmanagerConfig',
    metadata: { name: monitoringNames.alertmanagerConfig(stack.name), namespace: stack.namespace, labels: monitoringLabels(stack) },
    spec,
  });
}
