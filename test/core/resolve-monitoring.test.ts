/**
 * The stack's monitoring with its defaults (lib/core/resolve/monitoring.ts, resolveMonitoring). The default values
 * are the spec's `@default` tags (MonitoringSpec and AlertThresholds, held to DEFAULTS by defaults-doc.test.ts):
 * selector `release: kube-prometheus-stack`, namespace `monitoring`, a 10% trace sample, dashboards labelled
 * `grafana_dashboard: "1"`, scrapes every 30s, alerts grouped by alertname and service.
 */
import { resolveMonitoring } from 'production-stack/core';

const ref = { secret: 'alerting', key: 'k' };

describe('with nothing given', () => {
  const m = resolveMonitoring(undefined);

  test('Prometheus finds its objects by release: kube-prometheus-stack, in namespace monitoring', () => {
    expect(m.prometheusSelector).toEqual({ release: 'kube-prometheus-stack' });
    expect(m.namespace).toBe('monitoring');
  });

  test('no tracing, no alerting, no runbook URL, no rule interval; scrapes every 30s', () => {
    expect(m.tracing).toBeUndefined();
    expect(m.alerting).toBeUndefined();
    expect(m.runbookBaseUrl).toBeUndefined();
    expect(m.ruleInterval).toBeUndefined();
    expect(m.scrapeInterval).toBe('30s');
  });

  test('dashboards carry grafana_dashboard: "1"', () => {
    expect(m.grafanaDashboardLabels).toEqual({ grafana_dashboard: '1' });
  });

  test('the thresholds are the documented defaults', () => {
    expect(m.thresholds).toEqual({
      memoryRatio: 0.9,
      cpuThrottlingRatio: 0.25,
      volumeUsageRatio: 0.85,
      certificateExpiryDays: 14,
      postgresConnectionRatio: 0.8,
      replicationLagSeconds: 30,
      redisMemoryRatio: 0.9,
    });
  });
});

describe('what is given is kept', () => {
  test('selector, namespace, labels, runbook URL and rule interval', () => {
    const m = resolveMonitoring({
      prometheusSelector: { prometheus: 'main' },
      namespace: 'obs',
      grafanaDashboardLabels: { dash: 'yes' },
      runbookBaseUrl: 'https://runbooks.example.com',
      ruleInterval: '15s',
    });
    expect([m.prometheusSelector, m.namespace, m.grafanaDashboardLabels, m.runbookBaseUrl, m.ruleInterval]).toEqual([
      { prometheus: 'main' },
      'obs',
      { dash: 'yes' },
      'https://runbooks.example.com',
      '15s',
    ]);
  });

  test('a threshold given replaces its default, the others kept; one given as undefined keeps its default', () => {
    const m = resolveMonitoring({ thresholds: { memoryRatio: 0.8, cpuThrottlingRatio: undefined } });
    expect(m.thresholds.memoryRatio).toBe(0.8);
    expect(m.thresholds.cpuThrottlingRatio).toBe(0.25);
    expect(m.thresholds.certificateExpiryDays).toBe(14);
  });
});

describe('tracing', () => {
  test('the endpoint as given, with a 10% sample by default', () => {
    expect(resolveMonitoring({ tracing: { endpoint: 'http://otel:4317' } }).tracing).toEqual({
      endpoint: 'http://otel:4317',
      sampleRatio: 0.1,
    });
  });

  test('a sample ratio given is kept, 0 included', () => {
    expect(resolveMonitoring({ tracing: { endpoint: 'e', sampleRatio: 0 } }).tracing).toEqual({ endpoint: 'e', sampleRatio: 0 });
    expect(resolveMonitoring({ tracing: { endpoint: 'e', sampleRatio: 1 } }).tracing).toEqual({ endpoint: 'e', sampleRatio: 1 });
  });
});

describe('alerting', () => {
  const critical = [{ type: 'pagerduty' as const, routingKey: ref }];
  const warning = [{ type: 'slack' as const, webhookUrl: ref, channel: '#ops' }];

  test('warnings go to the critical receivers when no warning receiver is given', () => {
    const a = resolveMonitoring({ alerting: { critical } }).alerting!;
    expect(a.critical).toEqual(critical);
    expect(a.warning).toEqual(critical);
  });

  test('warning receivers given are kept', () => {
    expect(resolveMonitoring({ alerting: { critical, warning } }).alerting!.warning).toEqual(warning);
  });

  test('alerts are grouped by alertname and service by default; a groupBy given is kept', () => {
    expect(resolveMonitoring({ alerting: { critical } }).alerting!.groupBy).toEqual(['alertname', 'service']);
    expect(resolveMonitoring({ alerting: { critical, groupBy: ['team'] } }).alerting!.groupBy).toEqual(['team']);
  });

  test('the other fields of alerting are kept as given', () => {
    const muteWarnings = [{ weekdays: ['saturday'] }];
    expect(resolveMonitoring({ alerting: { critical, muteWarnings } }).alerting!.muteWarnings).toEqual(muteWarnings);
  });
});
