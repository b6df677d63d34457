/** Specs and helpers shared by the monitoring tests. */
import { parser } from '@prometheus-io/lezer-promql';
import type { AlertingRule, ProductionStackProps, RecordingRule, Rule, ServiceSpec } from 'production-stack';
import { baseSpec } from '../support/spec';
import type { Manifest } from '../support/synth';

/** The base spec with every monitoring feature: SLOs, a service's own alert, a scraped worker, runbooks and every receiver type. */
export function loadedSpec(): ProductionStackProps {
  const base = baseSpec();
  const services: ServiceSpec[] = base.services.map((s) => {
    if (s.name === 'api') {
      return {
        ...s,
        slo: { availability: 99.9, latency: { thresholdSeconds: 0.5, percent: 95 } },
        alerts: [
          {
            name: 'QueueBacklog',
            expr: 'sum(orders_pending) > 1000',
            severity: 'warning',
            summary: 'Orders pile up',
            description: '{{ $value }} orders wait.',
          },
        ],
      };
    }
    if (s.name === 'worker') return { ...s, ports: [{ name: 'metrics', port: 9091 }] };
    return s;
  });
  return {
    ...base,
    secrets: [
      ...base.secrets!,
      { name: 'shop-alerting', remoteKey: 'shop/production/alerting', keys: ['pagerduty', 'slack', 'teams', 'hook'] },
    ],
    monitoring: {
      runbookBaseUrl: 'https://runbooks.example.com/shop',
      alerting: {
        critical: [
          { type: 'pagerduty', routingKey: { secret: 'shop-alerting', key: 'pagerduty' } },
          { type: 'slack', webhookUrl: { secret: 'shop-alerting', key: 'slack' }, channel: '#shop-oncall' },
        ],
        warning: [
          { type: 'msteams', webhookUrl: { secret: 'shop-alerting', key: 'teams' } },
          { type: 'webhook', url: { secret: 'shop-alerting', key: 'hook' } },
        ],
        muteWarnings: [{ weekdays: ['saturday', 'sunday'] }, { weekdays: ['monday:friday'], times: [{ start: '00:00', end: '07:00' }] }],
      },
    },
    services,
  };
}

/** Every rule of the stack's own PrometheusRule (named after the stack), with its group. */
export function stackRules(objects: readonly Manifest[], stack: string): (Rule & { group: string })[] {
  const rule = objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.name === stack);
  if (!rule) throw new Error(`no PrometheusRule ${stack}`);
  return rule.spec.groups.flatMap((g: { name: string; rules: Rule[] }) => g.rules.map((r) => ({ ...r, group: g.name })));
}

/** The alerting rules among `rules`. */
export const alertsOf = (rules: readonly Rule[]): AlertingRule[] => rules.filter((r): r is AlertingRule => 'alert' in r);
/** The recording rules among `rules`. */
export const recordingsOf = (rules: readonly Rule[]): RecordingRule[] => rules.filter((r): r is RecordingRule => 'record' in r);

/** One series selector of an expression: its metric name and its matchers as `name op "value"` strings. */
export interface SelectorInfo {
  readonly metric: string;
  readonly matchers: readonly string[];
}

/** The series selectors of a PromQL expression, as Prometheus's grammar sees them. */
export function selectorsOf(expr: string): SelectorInfo[] {
  const out: SelectorInfo[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return;
      const id = node.node.getChild('Identifier');
      const matchers = node.node.getChild('LabelMatchers');
      out.push({
        metric: id ? expr.slice(id.from, id.to) : '',
        matchers: matchers ? matchers.getChildren('UnquotedLabelMatcher').map((m) => expr.slice(m.from, m.to)) : [],
      });
      return false;
    },
  });
  return out;
}

/** The dashboards of a stack's ConfigMaps, parsed. */
export function dashboardsOf(objects: readonly Manifest[]): { name: string; labels: Record<string, string>; json: string }[] {
  return objects
    .filter((o) => o.kind === 'ConfigMap' && /-dashboard(-overview)?$/.test(o.metadata.name))
    .map((o) => ({ name: o.metadata.name, labels: o.metadata.labels, json: Object.values(o.data as Record<string, string>)[0] }));
}
