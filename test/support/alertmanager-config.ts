/**
 * The stack's AlertmanagerConfig (monitoring.coreos.com/v1alpha1) as Alertmanager runs it: translated into an
 * alertmanager.yml the way prometheus-operator v0.93 (kube-prometheus-stack 88.x) writes it, from
 * pkg/alertmanager/amcfg.go of prometheus-operator:
 *
 * - `ConfigBuilder.AddAlertmanagerConfigs`: the base configuration (the Secret kube-prometheus-stack renders from its
 *   `alertmanager.config` values) is kept; each AlertmanagerConfig's inhibit rules are appended to it, its route
 *   becomes a sub-route placed before the base's own sub-routes, its receivers and mute time intervals are appended.
 *   The objects are taken in the order of their `<namespace>/<name>` keys.
 * - `convertRoute`: every route, recursively; `receiver`, `mute_time_intervals` and `active_time_intervals` renamed
 *   by `makeNamespacedString` (`<namespace>/<name>/<value>`); `matchers` through `convertMatchersV2`.
 * - `convertMatchersV2` and `Matcher.String` (pkg/apis/monitoring/v1alpha1): a matcher is the string
 *   `name<op>"value"` (`=` when `matchType` is left out, `=~` for the deprecated `regex: true`), the value escaped as
 *   OpenMetrics does (`openMetricsEscape`).
 * - `getEnforcer`: `alertmanagerConfigMatcherStrategy` is left empty by kube-prometheus-stack's values (and by the
 *   library's), so the default, `OnNamespace` (`namespaceEnforcer`) wrapped in `continueToNextRoute`, applies:
 *   `namespaceEnforcer.processRoute` appends `namespace="<namespace>"` to the sub-route's matchers,
 *   `continueToNextRoute.processRoute` sets its `continue: true` (child routes keep their own), and
 *   `namespaceEnforcer.processInhibitRule` appends `namespace="<namespace>"` to `source_matchers` and
 *   `target_matchers` (unless already there, `contains`), after `convertInhibitRule`.
 * - `convertReceiver` with `convertPagerdutyConfig`, `convertSlackConfig`, `convertMSTeamsV2Config` and
 *   `convertWebhookConfig`, for the four integrations the library writes; Secret keys are read from the store
 *   (`store.GetSecretKey`): here a {@link SecretResolver} gives their values (placeholders, or a test's URLs).
 * - `convertMuteTimeInterval`: the intervals written to `mute_time_intervals`, renamed, their times and weekday ranges
 *   parsed as `TimeRange.Parse` and `WeekdayRange.Parse` (pkg/apis/monitoring/v1alpha1/validation.go) do: a range the
 *   operator cannot parse makes it reject the whole AlertmanagerConfig (`checkAlertmanagerConfigResource`).
 *
 * The base configuration is {@link CHART_CONFIG}, kube-prometheus-stack 88.2.0's default (its vendored values.yaml), with the library's Helm
 * values merged over it as Helm merges values ({@link deployedBase}). A field or an integration the translation does
 * not know is an error, never dropped.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type ProductionStackProps, resolve } from 'production-stack';
import { parse, stringify } from 'yaml';
import { kubePrometheusStackValues } from '../../lib/addons/values';
import type { Manifest } from './synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** An alertmanager.yml, as an object. */
export type AlertmanagerYml = Record<string, any>;

/** kube-prometheus-stack 88.2.0's values.yaml, vendored: the chart the library pins (lib/addons/charts.ts). */
export const CHART_VALUES: any = parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'charts', 'kube-prometheus-stack-88.2.0.values.yaml'), 'utf8'),
);

/**
 * The chart's `alertmanager.config`: the base configuration the operator merges the AlertmanagerConfigs into.
 * Everything no sub-route takes goes to `null`, so only the stacks' AlertmanagerConfigs notify anyone; its inhibit
 * rules apply in every namespace.
 */
export const CHART_CONFIG: AlertmanagerYml = CHART_VALUES.alertmanager.config;

/** Helm's merge of values over a chart's defaults: maps merge key by key, `null` removes a key, anything else replaces. */
function helmMerge(base: any, over: any): any {
  if (over === undefined) return base;
  if (!isMap(base) || !isMap(over)) return over;
  const out: Record<string, any> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = helmMerge(base[k], v);
  }
  return out;
}
const isMap = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The base configuration of the cluster's Alertmanager as the library deploys kube-prometheus-stack for `spec`:
 * {@link CHART_CONFIG} with the `alertmanager.config` of the library's values (`kubePrometheusStackValues`) merged over it.
 */
export function deployedBase(spec: ProductionStackProps): AlertmanagerYml {
  const values = kubePrometheusStackValues(resolve(spec)) as any;
  return helmMerge(structuredClone(CHART_CONFIG), values.alertmanager?.config);
}

/**
 * The value of a Secret key the operator reads: `url` when the field must hold a URL (the operator checks it is
 * one), `key` for a token or routing key.
 */
export type SecretResolver = (namespace: string, ref: { name: string; key: string }, use: 'url' | 'key') => string;

/** Placeholder values: a URL under the reserved `.invalid` domain, or `<namespace>/<secret>/<key>`. */
export const placeholderSecrets: SecretResolver = (namespace, ref, use) =>
  use === 'url' ? `https://${ref.name}.${namespace}.secret.invalid/${encodeURIComponent(ref.key)}` : `${namespace}/${ref.name}/${ref.key}`;

/** Options of {@link operatorConfig}. */
export interface TranslateOptions {
  /** The base configuration. @default - {@link CHART_CONFIG} */
  readonly base?: AlertmanagerYml;
  /** Secret values. @default {@link placeholderSecrets} */
  readonly secrets?: SecretResolver;
  /**
   * Parse the mute time intervals as the operator does, throwing its error on one it rejects. `false` writes them as
   * they are, to show what Alertmanager itself makes of them. @default true
   */
  readonly checkIntervals?: boolean;
}

/** Throws when `o` has a key outside `known`: a field the translation would otherwise drop. */
function only(o: Record<string, unknown>, what: string, known: readonly string[]): void {
  const extra = Object.keys(o).filter((k) => !known.includes(k));
  if (extra.length > 0) throw new Error(`${what}: the translation does not know ${extra.join(', ')} (test/support/alertmanager-config.ts)`);
}

/** `makeNamespacedString`. */
const namespaced = (ns: string, name: string, value: string): string => (value === '' ? '' : `${ns}/${name}/${value}`);

/** `openMetricsEscape`. */
const escape = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** `convertMatchersV2` for Alertmanager >= 0.22: each matcher as `name<op>"value"`. */
export function matcherStrings(ms: readonly { name: string; value?: string; matchType?: string; regex?: boolean }[] = []): string[] {
  return ms.map((m) => {
    only(m, 'matcher', ['name', 'value', 'matchType', 'regex']);
    const op = m.matchType ?? (m.regex ? '=~' : '=');
    return `${m.name}${op}"${escape(m.value ?? '')}"`;
  });
}

/** Keys with an `undefined` or empty-list value left out, as the operator's `omitempty` and `sanitize` do. */
function compact(o: Record<string, unknown>): Record<string, any> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

/** `convertRoute`. */
function convertRoute(r: any, ns: string, name: string): AlertmanagerYml {
  only(r, 'route', [
    'receiver',
    'groupBy',
    'groupWait',
    'groupInterval',
    'repeatInterval',
    'matchers',
    'continue',
    'routes',
    'muteTimeIntervals',
    'activeTimeIntervals',
  ]);
  return compact({
    receiver: namespaced(ns, name, r.receiver ?? ''),
    group_by: r.groupBy,
    group_wait: r.groupWait,
    group_interval: r.groupInterval,
    repeat_interval: r.repeatInterval,
    matchers: matcherStrings(r.matchers),
    continue: r.continue ? true : undefined,
    routes: (r.routes ?? []).map((c: any) => convertRoute(c, ns, name)),
    mute_time_intervals: (r.muteTimeIntervals ?? []).map((m: string) => namespaced(ns, name, m)),
    active_time_intervals: (r.activeTimeIntervals ?? []).map((m: string) => namespaced(ns, name, m)),
  });
}

/** `convertInhibitRule`, then `namespaceEnforcer.processInhibitRule`. */
function convertInhibitRule(r: any, ns: string): AlertmanagerYml {
  only(r, 'inhibit rule', ['sourceMatch', 'targetMatch', 'equal']);
  const enforced = `namespace="${escape(ns)}"`;
  const withNamespace = (ms: string[]) => (ms.some((m) => m.replace(/ /g, '') === enforced) ? ms : [...ms, enforced]);
  return compact({
    target_matchers: withNamespace(matcherStrings(r.targetMatch)),
    source_matchers: withNamespace(matcherStrings(r.sourceMatch)),
    equal: r.equal,
  });
}

/** `convertReceiver`: the integrations the library writes. */
function convertReceiver(r: any, ns: string, name: string, secret: SecretResolver): AlertmanagerYml {
  only(r, 'receiver', ['name', 'pagerdutyConfigs', 'slackConfigs', 'msteamsv2Configs', 'webhookConfigs']);
  const read = (ref: { name: string; key: string } | undefined, use: 'url' | 'key') => (ref ? secret(ns, ref, use) : undefined);
  return compact({
    name: namespaced(ns, name, r.name),
    pagerduty_configs: (r.pagerdutyConfigs ?? []).map((c: any) => {
      only(c, 'pagerdutyConfigs[]', [
        'sendResolved',
        'routingKey',
        'serviceKey',
        'url',
        'client',
        'clientURL',
        'description',
        'severity',
        'class',
        'group',
        'component',
        'source',
      ]);
      return compact({
        send_resolved: c.sendResolved,
        routing_key: read(c.routingKey, 'key'),
        service_key: read(c.serviceKey, 'key'),
        url: c.url,
        client: c.client,
        client_url: c.clientURL,
        description: c.description,
        severity: c.severity,
        class: c.class,
        group: c.group,
        component: c.component,
        source: c.source,
      });
    }),
    slack_configs: (r.slackConfigs ?? []).map((c: any) => {
      only(c, 'slackConfigs[]', [
        'sendResolved',
        'apiURL',
        'channel',
        'username',
        'color',
        'title',
        'titleLink',
        'pretext',
        'text',
        'footer',
        'fallback',
        'iconEmoji',
        'iconURL',
        'linkNames',
      ]);
      return compact({
        send_resolved: c.sendResolved,
        api_url: read(c.apiURL, 'url'),
        channel: c.channel,
        username: c.username,
        color: c.color,
        title: c.title,
        title_link: c.titleLink,
        pretext: c.pretext,
        text: c.text,
        footer: c.footer,
        fallback: c.fallback,
        icon_emoji: c.iconEmoji,
        icon_url: c.iconURL,
        link_names: c.linkNames,
      });
    }),
    webhook_configs: (r.webhookConfigs ?? []).map((c: any) => {
      only(c, 'webhookConfigs[]', ['sendResolved', 'url', 'urlSecret', 'maxAlerts', 'timeout']);
      return compact({
        send_resolved: c.sendResolved,
        url: c.urlSecret ? read(c.urlSecret, 'url') : c.url,
        max_alerts: c.maxAlerts,
        timeout: c.timeout,
      });
    }),
    msteamsv2_configs: (r.msteamsv2Configs ?? []).map((c: any) => {
      only(c, 'msteamsv2Configs[]', ['sendResolved', 'webhookURL', 'title', 'text']);
      return compact({ send_resolved: c.sendResolved, webhook_url: read(c.webhookURL, 'url'), title: c.title, text: c.text });
    }),
  });
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const TIME = /^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)/;

/** `TimeRange.Parse`: the operator's error for a range it rejects. */
function parseTimeRange(start: string, end: string): void {
  for (const t of [start, end]) if (!TIME.test(t)) throw new Error(`couldn't parse timestamp ${t}, invalid format`);
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  if (minutes(start) >= minutes(end))
    throw new Error(`start time ${minutes(start)} cannot be equal or greater than end time ${minutes(end)}`);
}

/** `WeekdayRange.Parse`: the operator's error for a range it rejects. */
function parseWeekdayRange(range: string): void {
  const parts = range.split(':');
  if (parts.length > 2) throw new Error(`invalid range provided ${range}`);
  const [start, end] = parts.length === 1 ? [parts[0]!, parts[0]!] : parts;
  const day = (d: string) => {
    const i = WEEKDAYS.indexOf(d.toLowerCase());
    if (i < 0) throw new Error(`${d} is an invalid weekday`);
    return i;
  };
  if (day(start!) > day(end!)) throw new Error('start day cannot be before end day');
}

/** `convertMuteTimeInterval`. */
function convertMuteTimeInterval(m: any, ns: string, name: string, check: boolean): AlertmanagerYml {
  only(m, 'muteTimeIntervals[]', ['name', 'timeIntervals']);
  return {
    name: namespaced(ns, name, m.name),
    time_intervals: m.timeIntervals.map((t: any) => {
      only(t, 'timeIntervals[]', ['times', 'weekdays']);
      if (check) {
        for (const x of t.times ?? []) parseTimeRange(x.startTime, x.endTime);
        for (const w of t.weekdays ?? []) parseWeekdayRange(w);
      }
      return compact({
        times: (t.times ?? []).map((x: any) => ({ start_time: x.startTime, end_time: x.endTime })),
        weekdays: t.weekdays,
      });
    }),
  };
}

/**
 * The alertmanager.yml prometheus-operator writes for `amConfigs` (AlertmanagerConfig manifests, as synthesized) over
 * `base`: see the module's comment for the operator's functions this follows.
 */
export function operatorConfig(amConfigs: readonly Manifest[], options: TranslateOptions = {}): AlertmanagerYml {
  const secrets = options.secrets ?? placeholderSecrets;
  const cfg: AlertmanagerYml = structuredClone(options.base ?? CHART_CONFIG);
  const subRoutes: AlertmanagerYml[] = [];
  const key = (o: Manifest) => `${o.metadata.namespace}/${o.metadata.name}`;
  for (const amc of [...amConfigs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))) {
    if (amc.kind !== 'AlertmanagerConfig') throw new Error(`not an AlertmanagerConfig: ${amc.kind}`);
    const { namespace: ns, name } = amc.metadata;
    const spec = amc.spec;
    only(spec, 'AlertmanagerConfig spec', ['route', 'receivers', 'inhibitRules', 'muteTimeIntervals']);
    cfg.inhibit_rules = [...(cfg.inhibit_rules ?? []), ...(spec.inhibitRules ?? []).map((r: any) => convertInhibitRule(r, ns))];
    if (!spec.route) continue;
    const route = convertRoute(spec.route, ns, name);
    subRoutes.push({ ...route, matchers: [...(route.matchers ?? []), `namespace="${escape(ns)}"`], continue: true });
    cfg.receivers = [...(cfg.receivers ?? []), ...(spec.receivers ?? []).map((r: any) => convertReceiver(r, ns, name, secrets))];
    const intervals = (spec.muteTimeIntervals ?? []).map((m: any) => convertMuteTimeInterval(m, ns, name, options.checkIntervals ?? true));
    if (intervals.length > 0) cfg.mute_time_intervals = [...(cfg.mute_time_intervals ?? []), ...intervals];
  }
  cfg.route = { ...cfg.route, routes: [...subRoutes, ...(cfg.route.routes ?? [])] };
  if (cfg.inhibit_rules.length === 0) delete cfg.inhibit_rules;
  return cfg;
}

/** The AlertmanagerConfigs among synthesized manifests. */
export const alertmanagerConfigsOf = (objects: readonly Manifest[]): Manifest[] => objects.filter((o) => o.kind === 'AlertmanagerConfig');

/**
 * The configuration for Debian's Alertmanager 0.25, which predates the `msteamsv2_configs` integration (Alertmanager
 * 0.28; kube-prometheus-stack 88.2.0 runs 0.33.1) and refuses the whole file for it: each becomes a webhook to the
 * same URL. Routing, inhibition and mute intervals do not depend on a receiver's integrations.
 */
export function forAlertmanager025(cfg: AlertmanagerYml): AlertmanagerYml {
  return {
    ...cfg,
    receivers: cfg.receivers.map((r: AlertmanagerYml) => {
      if (!r.msteamsv2_configs) return r;
      const { msteamsv2_configs: teams, ...rest } = r;
      const hooks = teams.map((t: AlertmanagerYml) => compact({ send_resolved: t.send_resolved, url: t.webhook_url }));
      return { ...rest, webhook_configs: [...(rest.webhook_configs ?? []), ...hooks] };
    }),
  };
}

/** The configuration as YAML, one key a line. */
export const toAlertmanagerYaml = (cfg: AlertmanagerYml): string => stringify(cfg, { lineWidth: 0, aliasDuplicateObjects: false });
