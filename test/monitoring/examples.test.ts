/** Each example's monitoring carries what its guide asks for, with the guide's thresholds and durations. */
import { type AlertingRule, resolve, stackRuleGroups } from 'production-stack';
import { examples } from '../../examples';
import { find, synth } from '../support/synth';
import { alertsOf } from './fixtures';

const alerts = (example: string): AlertingRule[] => alertsOf(stackRuleGroups(resolve(examples[example])).flatMap((g) => g.rules));
const alert = (example: string, name: string, service?: string) => {
  const found = alerts(example).filter((a) => a.alert === name && (service === undefined || a.labels.service === service));
  if (found.length === 0) throw new Error(`${example} has no alert ${name}${service ? ` for ${service}` : ''}`);
  return found[0];
};

test.each<[string, string, string | undefined, string, string, RegExp]>([
  // Ralph: monitoring/alerts.yml
  [
    'ralph-orchestrator',
    'HighErrorRate',
    'ralph-orchestrator',
    'critical',
    '5m',
    /^rate\(ralph_errors_total\{namespace="production"\}\[5m\]\) > 0\.1$/,
  ],
  [
    'ralph-orchestrator',
    'HighMemoryUsage',
    undefined,
    'warning',
    '5m',
    /\/ max by \(namespace, pod, container\) \(kube_pod_container_resource_limits\{namespace="production", resource="memory"\}\) > 0\.9,/,
  ],
  [
    'ralph-orchestrator',
    'LongRunningTask',
    'ralph-orchestrator',
    'warning',
    '1m',
    /^ralph_task_duration_seconds\{namespace="production"\} > 14400$/,
  ],
  ['ralph-orchestrator-gcp', 'HighErrorRate', 'ralph-orchestrator', 'critical', '5m', /ralph_errors_total/],
  // QL-RF: 5xx, LLM API failures, DB pool exhaustion, rate limit triggers
  ['ql-rf', 'RequestErrorRateHigh', 'ql-rf-api', 'critical', '5m', /code=~"5\.\."/],
  ['ql-rf', 'LlmApiFailures', 'ql-rf-orchestrator', 'critical', '5m', /rf_llm_requests_total\{namespace="ql-rf", status="error"\}/],
  ['ql-rf', 'PostgresConnectionsNearMax', undefined, 'warning', '5m', /pg_stat_database_numbackends\{namespace="ql-rf"\}\) > 480$/],
  ['ql-rf', 'RateLimitTriggered', 'ql-rf-api', 'warning', '10m', /code="429"/],
  // Q&A agent: llm_calls_total{status="error"}, http_requests_total{status}
  ['qna-agent', 'LlmCallFailures', 'qna-agent', 'critical', '5m', /llm_calls_total\{namespace="qna-agent", status="error"\}/],
  [
    'qna-agent',
    'RequestErrorRateHigh',
    'qna-agent',
    'critical',
    '5m',
    /http_requests_total\{namespace="qna-agent", service="qna-agent", status=~"5\.\."\}/,
  ],
  // QBITEL: certificates not expiring within 30 days; consumer lag is the NATS rules'
  ['qbitel', 'CertificateExpiringSoon', undefined, 'warning', '1h', /< 30 \* 86400/],
  // CQAR: gRPC service on the metrics port, 25 connections per replica against max_connections 320 (80% = 256)
  [
    'cqar',
    'RequestErrorRateHigh',
    'cqar',
    'critical',
    '5m',
    /grpc_server_handled_total\{namespace="cqar", service="cqar", grpc_code=~"Unknown\|DeadlineExceeded\|Internal\|Unavailable\|DataLoss"\}/,
  ],
  ['cqar', 'PostgresConnectionsNearMax', undefined, 'warning', '5m', /> 256$/],
])('%s alerts with %s', (example, name, service, severity, duration, expr) => {
  const a = alert(example, name, service);
  expect([a.labels.severity, a.for]).toEqual([severity, duration]);
  expect(a.expr).toMatch(expr);
});

test('Ralph: the SLA as SLOs (99.9% available, p95 under 500ms over 30 days), paged through PagerDuty', () => {
  const rules = stackRuleGroups(resolve(examples['ralph-orchestrator']));
  const burn = alertsOf(rules.flatMap((g) => g.rules)).filter((a) => a.alert === 'ErrorBudgetBurn');
  expect(burn.map((a) => [a.labels.slo, a.labels.long_window, a.labels.severity])).toEqual([
    ['availability', '1h', 'critical'],
    ['availability', '6h', 'critical'],
    ['availability', '1d', 'warning'],
    ['availability', '3d', 'warning'],
    ['latency', '1h', 'critical'],
    ['latency', '6h', 'critical'],
    ['latency', '1d', 'warning'],
    ['latency', '3d', 'warning'],
  ]);
  expect(burn[0].expr).toContain('(14.4 * 0.001)');
  expect(burn[4].expr).toContain('(14.4 * 0.05)');
  const am = find(synth(examples['ralph-orchestrator']), 'AlertmanagerConfig', 'ralph');
  expect(am.spec.receivers.find((r: { name: string }) => r.name === 'critical').pagerdutyConfigs[0].routingKey).toEqual({
    name: 'ralph-alerting',
    key: 'pagerduty-routing-key',
  });
});

test('QBITEL: critical alerts page through PagerDuty and post to Slack; warnings post to Slack', () => {
  const am = find(synth(examples.qbitel), 'AlertmanagerConfig', 'qbitel');
  const receivers = Object.fromEntries(
    am.spec.receivers.map((r: { name: string }) => [
      r.name,
      Object.keys(r)
        .filter((k) => k !== 'name')
        .sort(),
    ]),
  );
  expect(receivers).toEqual({ null: [], critical: ['pagerdutyConfigs', 'slackConfigs'], warning: ['slackConfigs'] });
});

test.each(Object.keys(examples))('%s: every service with metrics is scraped, and has a dashboard', (example) => {
  const objects = synth(examples[example]);
  for (const s of resolve(examples[example]).services) {
    if (s.metrics)
      expect(objects.filter((o) => ['ServiceMonitor', 'PodMonitor'].includes(o.kind) && o.metadata.name === s.name)).toHaveLength(1);
    find(objects, 'ConfigMap', `${s.name}-dashboard`);
  }
});
