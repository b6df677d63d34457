/**
 * The rules of monitoring (lib/core/validation/monitoring.ts): the stack's thresholds and alert routing, each
 * service's request metrics, SLO and alerts. Sources: Prometheus' data model (metric names
 * `[a-zA-Z_:][a-zA-Z0-9_:]*`, label names `[a-zA-Z_][a-zA-Z0-9_]*`, durations such as "30s"); the Prometheus
 * client libraries' default histogram buckets (.005 ... 10 seconds); Alertmanager's time intervals (weekday
 * ranges may not wrap past Saturday, times are "HH:MM" up to "24:00" and end after they start); the Google SRE
 * workbook's multi-window burn-rate alerts (over 30 days, 2% of the budget in 1h is a burn factor of 14.4, 5% in 6h
 * 6, 10% in 1d 3, 10% in 3d 1; an alert whose threshold, budget x factor, is 1 or more never fires).
 */
import { checkAlertNames, checkMonitoringSpec, checkServiceMonitoring } from 'production-stack/core/validation/monitoring';
import { Problems } from 'production-stack/core/validation/problems';

type Obj = Record<string, unknown>;
type Found = { path: string; value: unknown; rule: string };

function stack(monitoring: unknown): Found[] {
  const p = new Problems();
  checkMonitoringSpec(p, { monitoring });
  return [...p.all];
}
function service(s: Obj, hasMetrics = true): Found[] {
  const p = new Problems();
  checkServiceMonitoring(p, 'services[0]', s, hasMetrics);
  return [...p.all];
}
const at = (found: Found[], path: string) => found.filter((x) => x.path === path);

describe('the stack: thresholds', () => {
  test('no monitoring, or an empty one, breaks no rule; monitoring is an object', () => {
    expect(stack(undefined)).toEqual([]);
    expect(stack({})).toEqual([]);
    expect(stack('on')).toEqual([{ path: 'monitoring', value: 'on', rule: '"on" must be an object' }]);
  });

  test.each(['memoryRatio', 'cpuThrottlingRatio', 'volumeUsageRatio', 'postgresConnectionRatio', 'redisMemoryRatio'])(
    '%s is a ratio from 0.01 to 1',
    (k) => {
      const path = `monitoring.thresholds.${k}`;
      expect(stack({ thresholds: { [k]: 0.01 } })).toEqual([]);
      expect(stack({ thresholds: { [k]: 1 } })).toEqual([]);
      expect(stack({ thresholds: { [k]: 0.009 } })).toEqual([{ path, value: 0.009, rule: '0.009 must be a ratio between 0.01 and 1' }]);
      expect(stack({ thresholds: { [k]: 1.01 } })).toEqual([{ path, value: 1.01, rule: '1.01 must be a ratio between 0.01 and 1' }]);
    },
  );

  test('certificateExpiryDays is 1 to 90; replicationLagSeconds at least 1', () => {
    expect(stack({ thresholds: { certificateExpiryDays: 90, replicationLagSeconds: 1 } })).toEqual([]);
    expect(stack({ thresholds: { certificateExpiryDays: 91, replicationLagSeconds: 0 } })).toEqual([
      { path: 'monitoring.thresholds.certificateExpiryDays', value: 91, rule: '91 must be an integer between 1 and 90' },
      { path: 'monitoring.thresholds.replicationLagSeconds', value: 0, rule: '0 must be an integer >= 1' },
    ]);
    expect(at(stack({ thresholds: { certificateExpiryDays: 0 } }), 'monitoring.thresholds.certificateExpiryDays')).toHaveLength(1);
  });
});

describe('the stack: runbook URL, rule interval, dashboard labels', () => {
  test('runbookBaseUrl is an https:// URL without spaces', () => {
    expect(stack({ runbookBaseUrl: 'https://runbooks.example.com/shop' })).toEqual([]);
    for (const url of ['http://runbooks.example.com', 'https://', 'https://a b', 'see https://x'])
      expect(stack({ runbookBaseUrl: url })).toEqual([
        { path: 'monitoring.runbookBaseUrl', value: url, rule: `${JSON.stringify(url)} must be an https:// URL` },
      ]);
    expect(stack({ runbookBaseUrl: '' }).map((x) => x.rule)).toEqual(['"" must be a non-empty string']);
  });

  test('runbookBaseUrl is a template Prometheus can parse (every alert annotation starts with it)', () => {
    const url = 'https://runbooks.example.com/{{$labels.x';
    expect(stack({ runbookBaseUrl: url })).toEqual([
      {
        path: 'monitoring.runbookBaseUrl',
        value: url,
        rule: `"${url}" is not a template Prometheus can parse: the "{{" at character 30 has no "}}"; Prometheus would refuse the stack's whole PrometheusRule, and every alert with it`,
      },
    ]);
  });

  test('ruleInterval is a Prometheus duration', () => {
    for (const d of ['15s', '500ms', '1m', '2h', '1d', '1w', '1y']) expect(stack({ ruleInterval: d })).toEqual([]);
    for (const d of ['15', 's', '1.5m', '15 s', 15, 'x15s', '15sx'])
      expect(stack({ ruleInterval: d })).toEqual([
        { path: 'monitoring.ruleInterval', value: d, rule: `${JSON.stringify(d)} must be a duration such as "15s"` },
      ]);
  });

  test('grafanaDashboardLabels are Kubernetes labels', () => {
    expect(stack({ grafanaDashboardLabels: { grafana_dashboard: '1' } })).toEqual([]);
    expect(stack({ grafanaDashboardLabels: { 'bad key': '1' } }).map((x) => x.path)).toEqual(['monitoring.grafanaDashboardLabels.bad key']);
  });
});

describe('the stack: alert routing', () => {
  const ref = { secret: 'alerting', key: 'k' };

  test('each receiver type with its credential passes', () => {
    const alerting = {
      critical: [{ type: 'pagerduty', routingKey: ref }],
      warning: [
        { type: 'slack', webhookUrl: ref, channel: '#ops' },
        { type: 'msteams', webhookUrl: ref },
        { type: 'webhook', url: ref },
      ],
      groupBy: ['alertname'],
    };
    expect(stack({ alerting })).toEqual([]);
  });

  test('alerting needs a critical receiver; warning, when given, needs one too', () => {
    expect(stack({ alerting: {} })).toEqual([
      { path: 'monitoring.alerting.critical', value: [], rule: 'at least one receiver is required' },
    ]);
    expect(stack({ alerting: { critical: [] } })).toEqual([
      { path: 'monitoring.alerting.critical', value: [], rule: 'at least one receiver is required' },
    ]);
    expect(stack({ alerting: { critical: [{ type: 'webhook', url: ref }], warning: [] } })).toEqual([
      { path: 'monitoring.alerting.warning', value: [], rule: 'at least one receiver is required' },
    ]);
  });

  test('alerting is an object; receivers a list of objects', () => {
    expect(stack({ alerting: 'pd' }).map((x) => x.path)).toEqual(['monitoring.alerting', 'monitoring.alerting.critical']);
    expect(at(stack({ alerting: { critical: 'pd' } }), 'monitoring.alerting.critical').map((x) => x.rule)).toEqual([
      '"pd" must be a list',
      'at least one receiver is required',
    ]);
  });

  test('an unknown receiver type is refused', () => {
    expect(stack({ alerting: { critical: [{ type: 'email' }] } })).toEqual([
      {
        path: 'monitoring.alerting.critical[0].type',
        value: 'email',
        rule: '"email" must be "pagerduty", "slack", "msteams" or "webhook"',
      },
    ]);
  });

  test.each([
    ['pagerduty', 'routingKey'],
    ['slack', 'webhookUrl'],
    ['msteams', 'webhookUrl'],
    ['webhook', 'url'],
  ])('a %s receiver needs its %s, a { secret, key } reference', (type, field) => {
    const path = `monitoring.alerting.critical[0].${field}`;
    const extra = type === 'slack' ? { channel: '#ops' } : {};
    expect(stack({ alerting: { critical: [{ type, ...extra }] } })).toEqual([
      { path, value: undefined, rule: "a receiver needs its credential: a { secret, key } reference to the stack's secrets" },
    ]);
    expect(stack({ alerting: { critical: [{ type, ...extra, [field]: {} }] } })).toEqual([
      { path: `${path}.secret`, value: undefined, rule: 'undefined must be a non-empty string' },
      { path: `${path}.key`, value: undefined, rule: 'undefined must be a non-empty string' },
    ]);
    expect(stack({ alerting: { critical: [{ type, ...extra, [field]: 'https://x' }] } }).map((x) => x.path)).toEqual([
      path,
      `${path}.secret`,
      `${path}.key`,
    ]);
  });

  test('a Slack channel is required and starts with "#"', () => {
    expect(stack({ alerting: { critical: [{ type: 'slack', webhookUrl: ref, channel: 'ops' }] } })).toEqual([
      { path: 'monitoring.alerting.critical[0].channel', value: 'ops', rule: '"ops" must start with "#"' },
    ]);
    expect(stack({ alerting: { critical: [{ type: 'slack', webhookUrl: ref }] } }).map((x) => x.path)).toEqual([
      'monitoring.alerting.critical[0].channel',
    ]);
  });

  test('groupBy is a list of strings', () => {
    expect(
      at(stack({ alerting: { critical: [{ type: 'webhook', url: ref }], groupBy: [''] } }), 'monitoring.alerting.groupBy[0]'),
    ).toHaveLength(1);
  });

  describe('mute windows (Alertmanager time intervals)', () => {
    const mute = (w: unknown) => stack({ alerting: { critical: [{ type: 'webhook', url: ref }], muteWarnings: [w] } });
    const W = 'monitoring.alerting.muteWarnings[0]';

    test('weekdays, ranges and times pass', () => {
      expect(
        mute({ weekdays: ['saturday', 'monday:friday', 'sunday:saturday', 'friday:friday'], times: [{ start: '00:00', end: '24:00' }] }),
      ).toEqual([]);
    });

    test('a window needs weekdays or times', () => {
      expect(mute({})).toEqual([{ path: W, value: {}, rule: 'a mute window needs weekdays or times' }]);
      expect(mute({ times: [] })).toEqual([]);
      expect(mute({ weekdays: [] })).toEqual([]);
    });

    test.each(['Monday', 'mon', 'monday:tuesday:friday', 'monday:', 'weekend'])('%j is no weekday or range', (d) => {
      expect(mute({ weekdays: [d] })).toEqual([
        { path: `${W}.weekdays[0]`, value: d, rule: `${JSON.stringify(d)} must be a weekday or a range such as "monday:friday"` },
      ]);
    });

    test('a range past Saturday is refused, with its two parts', () => {
      expect(mute({ weekdays: ['friday:monday'] })).toEqual([
        {
          path: `${W}.weekdays[0]`,
          value: 'friday:monday',
          rule: '"friday:monday" runs past Saturday, which Alertmanager refuses: give its two parts, "friday:saturday" and "sunday:monday"',
        },
      ]);
      expect(mute({ weekdays: ['saturday:sunday'] }).map((x) => x.path)).toEqual([`${W}.weekdays[0]`]);
    });

    test.each(['24:01', '25:00', '9:00', '09:60', '0900', 9])('the time %j is refused', (t) => {
      expect(mute({ times: [{ start: t, end: '24:00' }] })).toEqual([
        { path: `${W}.times[0].start`, value: t, rule: `${JSON.stringify(t)} must be a time such as "09:00"` },
      ]);
    });

    test('each bound is checked: a missing end is refused', () => {
      expect(mute({ times: [{ start: '09:00' }] })).toEqual([
        { path: `${W}.times[0].end`, value: undefined, rule: 'undefined must be a time such as "09:00"' },
      ]);
    });

    test('hours 00-23 (and 24:00) pass', () => {
      expect(mute({ times: [{ start: '19:59', end: '23:59' }] })).toEqual([]);
      expect(mute({ times: [{ start: '00:00', end: '09:00' }] })).toEqual([]);
    });

    test('a range ending before it starts, or as it starts, is refused with its two parts across midnight', () => {
      const tm = { start: '22:00', end: '06:00' };
      expect(mute({ times: [tm] })).toEqual([
        {
          path: `${W}.times[0]`,
          value: tm,
          rule: `{"start":"22:00","end":"06:00"} ends before it starts, which Alertmanager refuses: a window across midnight is two, { start: "22:00", end: "24:00" } and { start: "00:00", end: "06:00" }`,
        },
      ]);
      expect(mute({ times: [{ start: '09:00', end: '09:00' }] }).map((x) => x.path)).toEqual([`${W}.times[0]`]);
      expect(mute({ times: [{ start: '09:00', end: '09:01' }] })).toEqual([]);
    });
  });
});

describe('a service: request metrics', () => {
  test.each(['requests', 'duration'])('requestMetrics.%s is a Prometheus metric name', (k) => {
    expect(service({ requestMetrics: { [k]: 'http:requests_total_1' } })).toEqual([]);
    for (const bad of ['1requests', 'http-requests', 3])
      expect(service({ requestMetrics: { [k]: bad } })).toEqual([
        { path: `services[0].requestMetrics.${k}`, value: bad, rule: `${JSON.stringify(bad)} is not a Prometheus metric name` },
      ]);
  });

  test('statusLabel is a Prometheus label name (no ":")', () => {
    expect(service({ requestMetrics: { statusLabel: '_code1' } })).toEqual([]);
    for (const bad of ['code:x', '1code', 'status code', 3])
      expect(service({ requestMetrics: { statusLabel: bad } })).toEqual([
        { path: 'services[0].requestMetrics.statusLabel', value: bad, rule: `${JSON.stringify(bad)} is not a Prometheus label name` },
      ]);
  });

  test('buckets are seconds from 0.0001 to 86400', () => {
    expect(service({ requestMetrics: { buckets: [0.0001, 86400] } })).toEqual([]);
    expect(service({ requestMetrics: { buckets: [0.00009, 86401, null] } })).toEqual([
      { path: 'services[0].requestMetrics.buckets[0]', value: 0.00009, rule: '0.00009 must be a number of seconds' },
      { path: 'services[0].requestMetrics.buckets[1]', value: 86401, rule: '86401 must be a number of seconds' },
      // a null bucket is shown as given
      { path: 'services[0].requestMetrics.buckets[2]', value: NaN, rule: 'null must be a number of seconds' },
    ]);
    expect(service({ requestMetrics: { buckets: 'x' } })).toEqual([
      { path: 'services[0].requestMetrics.buckets', value: 'x', rule: '"x" must be a list' },
    ]);
  });

  test('requestMetrics is an object', () => {
    expect(service({ requestMetrics: 'x' }).map((x) => x.path)).toEqual(['services[0].requestMetrics']);
  });

  test('metrics.interval is a Prometheus duration above zero', () => {
    expect(service({ metrics: { interval: '30s' } })).toEqual([]);
    expect(service({ metrics: { interval: '10ms' } })).toEqual([]);
    for (const bad of ['0s', '00m', '30', 30])
      expect(service({ metrics: { interval: bad } })).toEqual([
        {
          path: 'services[0].metrics.interval',
          value: bad,
          rule: `${JSON.stringify(bad)} must be a Prometheus duration above zero such as "30s" or "1m"`,
        },
      ]);
    expect(service({ metrics: 'x' })).toEqual([]);
  });
});

describe('a service: SLO', () => {
  test('an availability or a latency objective passes', () => {
    expect(service({ slo: { availability: 99.9 } })).toEqual([]);
    expect(service({ slo: { latency: { thresholdSeconds: 0.25, percent: 99 } } })).toEqual([]);
  });

  test('an SLO needs one of them', () => {
    expect(service({ slo: {} })).toEqual([
      { path: 'services[0].slo', value: {}, rule: 'an SLO needs an availability or a latency objective' },
    ]);
  });

  test('an SLO needs the service to expose metrics', () => {
    expect(service({ slo: { availability: 99.9 } }, false)).toEqual([
      {
        path: 'services[0].slo',
        value: '<slo>',
        rule: 'the service exposes no metrics endpoint (no port named "metrics" and no `metrics`), so no SLO can be measured',
      },
    ]);
  });

  test.each([0, 100, '99.9'])('availability %j is refused: above 0 and below 100', (a) => {
    expect(service({ slo: { availability: a } })).toEqual([
      {
        path: 'services[0].slo.availability',
        value: a,
        rule: `${JSON.stringify(a)} must be a percentage above 0 and below 100: a 100% objective leaves no error budget`,
      },
    ]);
  });

  test.each([0, 100, undefined])('latency percent %j is refused', (percent) => {
    expect(at(service({ slo: { latency: { thresholdSeconds: 0.25, percent } } }), 'services[0].slo.latency.percent')).toEqual([
      {
        path: 'services[0].slo.latency.percent',
        value: percent,
        rule: `${percent === undefined ? 'undefined' : percent} must be a percentage above 0 and below 100`,
      },
    ]);
  });

  test('the latency threshold is required: a missing one is named as missing', () => {
    const path = 'services[0].slo.latency.thresholdSeconds';
    expect(at(service({ slo: { latency: { percent: 99 } } }), path)).toEqual([
      { path, value: undefined, rule: 'a latency objective needs thresholdSeconds, a number of seconds between 0.001 and 3600' },
    ]);
    expect(at(service({ slo: { latency: { thresholdSeconds: null, percent: 99 } } }), path)).toEqual([
      { path, value: null, rule: 'null must be a number of seconds between 0.001 and 3600' },
    ]);
  });

  test('the latency threshold is 0.001 to 3600 seconds', () => {
    const path = 'services[0].slo.latency.thresholdSeconds';
    const rule = (v: string) => `${v} must be a number of seconds between 0.001 and 3600`;
    expect(at(service({ slo: { latency: { thresholdSeconds: 0.0009, percent: 99 } } }), path)[0]).toEqual({
      path,
      value: 0.0009,
      rule: rule('0.0009'),
    });
    expect(at(service({ slo: { latency: { thresholdSeconds: 3601, percent: 99 } } }), path)[0]).toEqual({
      path,
      value: 3601,
      rule: rule('3601'),
    });
  });

  test("the latency threshold is a bucket boundary of the histogram (the client libraries' defaults, or the given buckets)", () => {
    const path = 'services[0].slo.latency.thresholdSeconds';
    expect(at(service({ slo: { latency: { thresholdSeconds: 0.3, percent: 99 } } }), path)).toEqual([
      {
        path,
        value: 0.3,
        rule: "0.3 is no bucket boundary of the duration histogram (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10): the SLO's rules would match no series; pick a boundary or set requestMetrics.buckets to the application's",
      },
    ]);
    expect(service({ requestMetrics: { buckets: [0.3, 1] }, slo: { latency: { thresholdSeconds: 0.3, percent: 99 } } })).toEqual([]);
    // with no valid bucket there is nothing to compare against
    expect(at(service({ requestMetrics: { buckets: [-1] }, slo: { latency: { thresholdSeconds: 0.3, percent: 99 } } }), path)).toEqual([]);
  });

  test('latency is an object', () => {
    expect(at(service({ slo: { latency: 'fast' } }), 'services[0].slo.latency')).toEqual([
      { path: 'services[0].slo.latency', value: 'fast', rule: '"fast" must be an object' },
    ]);
  });

  test('windowDays is 1 to 90', () => {
    expect(service({ slo: { availability: 99.9, windowDays: 90 } })).toEqual([]);
    expect(service({ slo: { availability: 99.9, windowDays: 91 } })).toEqual([
      { path: 'services[0].slo.windowDays', value: 91, rule: '91 must be an integer between 1 and 90' },
    ]);
  });

  describe('an objective whose burn-rate alerts could never fire is refused', () => {
    // over 30 days the 1h alert fires at a burn factor of 14.4: a budget of 1/14.4 (6.94%) or more never pages
    test('93% over 30 days: the 1h alert needs an error ratio of 1.01; 93.1% passes (0.994)', () => {
      expect(service({ slo: { availability: 93 } })).toEqual([
        {
          path: 'services[0].slo.availability',
          value: 93,
          rule: '93 over 30 days leaves the burn-rate alerts over 1h a threshold of 1.01, which no error ratio reaches: they could never fire; raise the objective or shorten windowDays',
        },
      ]);
      expect(service({ slo: { availability: 93.1 } })).toEqual([]);
    });

    test('80% over 30 days loses the 1h and 6h alerts (2.88 and 1.2); over 7 days none (0.672)', () => {
      expect(service({ slo: { availability: 80 } }).map((x) => x.rule)).toEqual([
        '80 over 30 days leaves the burn-rate alerts over 1h, 6h a threshold of 2.88, 1.2, which no error ratio reaches: they could never fire; raise the objective or shorten windowDays',
      ]);
      expect(service({ slo: { availability: 80, windowDays: 7 } })).toEqual([]);
    });

    test('a latency objective is judged the same way, at its percent', () => {
      expect(service({ slo: { latency: { thresholdSeconds: 0.25, percent: 93 } } })).toEqual([
        {
          path: 'services[0].slo.latency.percent',
          value: 93,
          rule: '93 over 30 days leaves the burn-rate alerts over 1h a threshold of 1.01, which no error ratio reaches: they could never fire; raise the objective or shorten windowDays',
        },
      ]);
    });
  });
});

describe('a service: alerts', () => {
  const alert = { name: 'HighErrorRate', expr: 'up == 0', severity: 'critical', summary: 'down', description: '{{ $labels.pod }} is down' };
  const alerts = (patch: Obj) => service({ alerts: [{ ...alert, ...patch }] });

  test('an alert with an UpperCamelCase name, PromQL, a severity and templates passes', () => {
    expect(alerts({})).toEqual([]);
    expect(alerts({ for: '5m', severity: 'info' })).toEqual([]);
  });

  test.each(['highErrorRate', 'High-Error', 'High Error'])('the name %j is refused', (name) => {
    expect(alerts({ name })).toEqual([
      { path: 'services[0].alerts[0].name', value: name, rule: `${JSON.stringify(name)} must be UpperCamelCase, e.g. "HighErrorRate"` },
    ]);
  });

  test('the expr is PromQL', () => {
    expect(alerts({ expr: 'rate(x[5m]' })).toEqual([
      {
        path: 'services[0].alerts[0].expr',
        value: 'rate(x[5m]',
        rule: '"rate(x[5m]" is not valid PromQL: syntax error at offset 10 (near "rate(x[5m]")',
      },
    ]);
    expect(alerts({ expr: undefined }).map((x) => x.path)).toEqual(['services[0].alerts[0].expr']);
  });

  test('for is a duration', () => {
    expect(alerts({ for: '5' })).toEqual([{ path: 'services[0].alerts[0].for', value: '5', rule: '"5" must be a duration such as "5m"' }]);
    expect(alerts({ for: 5 }).map((x) => x.path)).toEqual(['services[0].alerts[0].for']);
  });

  test('severity is critical, warning or info', () => {
    expect(alerts({ severity: 'page' })).toEqual([
      { path: 'services[0].alerts[0].severity', value: 'page', rule: '"page" must be "critical", "warning" or "info"' },
    ]);
    expect(alerts({ severity: 'warning' })).toEqual([]);
  });

  test('summary and description are required templates; query is refused', () => {
    expect(alerts({ description: '{{ query "up" }}' })).toEqual([
      {
        path: 'services[0].alerts[0].description',
        value: '{{ query "up" }}',
        rule: `"{{ query \\"up\\" }}" calls query, which runs PromQL of its own across every namespace, past the scoping of the stack's rules: use $value and $labels`,
      },
    ]);
    expect(alerts({ summary: '{{ $value' })).toEqual([
      {
        path: 'services[0].alerts[0].summary',
        value: '{{ $value',
        rule: `"{{ $value" is not a template Prometheus can parse: the "{{" at character 1 has no "}}"; Prometheus would refuse the stack's whole PrometheusRule, and every alert with it`,
      },
    ]);
    expect(alerts({ summary: undefined }).map((x) => x.path)).toEqual(['services[0].alerts[0].summary']);
  });

  test('alerts are a list of objects', () => {
    expect(service({ alerts: 'x' })).toEqual([{ path: 'services[0].alerts', value: 'x', rule: '"x" must be a list' }]);
    expect(service({ alerts: ['x'] })[0]).toEqual({ path: 'services[0].alerts[0]', value: 'x', rule: '"x" must be an object' });
  });
});

test('alert names are unique across the stack', () => {
  const p = new Problems();
  checkAlertNames(p, {
    services: [{ alerts: [{ name: 'Down' }, { name: 'Slow' }, 'x', { name: 3 }] }, { alerts: [{ name: 'Down' }] }, { alerts: 'x' }, 'x'],
  });
  expect(p.all).toEqual([{ path: 'services', value: 'Down', rule: 'alert name "Down" is used more than once' }]);
  const q = new Problems();
  checkAlertNames(q, { services: 'x' });
  expect(q.all).toEqual([]);
});

describe('shapes: each part that is no object or list is refused at its own path', () => {
  const ref = { secret: 'alerting', key: 'k' };
  const critical = [{ type: 'webhook', url: ref }];

  test('thresholds, runbookBaseUrl, muteWarnings, weekdays, times and a time', () => {
    expect(stack({ thresholds: 'x' })).toEqual([{ path: 'monitoring.thresholds', value: 'x', rule: '"x" must be an object' }]);
    expect(stack({ runbookBaseUrl: 3 })).toEqual([{ path: 'monitoring.runbookBaseUrl', value: 3, rule: '3 must be a non-empty string' }]);
    expect(stack({ alerting: { critical, muteWarnings: 'x' } })).toEqual([
      { path: 'monitoring.alerting.muteWarnings', value: 'x', rule: '"x" must be a list' },
    ]);
    const W = 'monitoring.alerting.muteWarnings[0]';
    expect(stack({ alerting: { critical, muteWarnings: [{ weekdays: 'monday' }] } })).toEqual([
      { path: `${W}.weekdays`, value: 'monday', rule: '"monday" must be a list' },
    ]);
    expect(stack({ alerting: { critical, muteWarnings: [{ times: 'x' }] } })).toEqual([
      { path: `${W}.times`, value: 'x', rule: '"x" must be a list' },
    ]);
    expect(stack({ alerting: { critical, muteWarnings: [{ times: ['x'] }] } }).map((x) => [x.path, x.rule])).toEqual([
      [`${W}.times[0]`, '"x" must be an object'],
      [`${W}.times[0].start`, 'undefined must be a time such as "09:00"'],
      [`${W}.times[0].end`, 'undefined must be a time such as "09:00"'],
    ]);
  });

  test('a time is a string "HH:MM", matched whole', () => {
    const W = 'monitoring.alerting.muteWarnings[0].times[0].start';
    for (const start of [['09:00'], '109:00', '09:001'])
      expect(stack({ alerting: { critical, muteWarnings: [{ times: [{ start, end: '24:00' }] }] } }).map((x) => x.path)).toEqual([W]);
  });

  test('an SLO and an alert name are refused at their own paths', () => {
    expect(at(service({ slo: 'x' }), 'services[0].slo').map((x) => x.rule)).toEqual([
      '"x" must be an object',
      'an SLO needs an availability or a latency objective',
    ]);
    expect(
      at(
        service({ alerts: [{ name: 3, expr: 'up == 0', severity: 'info', summary: 's', description: 'd' }] }),
        'services[0].alerts[0].name',
      ),
    ).toEqual([{ path: 'services[0].alerts[0].name', value: 3, rule: '3 must be a non-empty string' }]);
  });

  test('a metric name is a string: a list holding one is refused', () => {
    expect(service({ requestMetrics: { requests: ['http_requests_total'] } }).map((x) => x.path)).toEqual([
      'services[0].requestMetrics.requests',
    ]);
  });

  test('metrics without an interval pass; "0ms" is zero too', () => {
    expect(service({ metrics: { port: 'http' } })).toEqual([]);
    expect(service({ metrics: { interval: '0ms' } }).map((x) => x.path)).toEqual(['services[0].metrics.interval']);
  });

  test('a burn-rate threshold of exactly 1 never fires either: 50% over 20 days loses its 24h alert (0.5 x 2)', () => {
    // over 20 days the factors are 9.6 (1h), 4 (6h), 2 (1d) and 0.667 (3d)
    expect(service({ slo: { availability: 50, windowDays: 20 } }).map((x) => x.rule)).toEqual([
      '50 over 20 days leaves the burn-rate alerts over 1h, 6h, 24h a threshold of 4.8, 2, 1, which no error ratio reaches: they could never fire; raise the objective or shorten windowDays',
    ]);
  });

  test('alert names are compared when they are strings; services without alerts have none', () => {
    const p = new Problems();
    checkAlertNames(p, { services: [{ alerts: [null, { name: 3 }, { name: 3 }] }, {}, { alerts: 'x' }] });
    expect(p.all).toEqual([]);
  });
});
