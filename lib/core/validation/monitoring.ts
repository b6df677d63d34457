/** Rules for monitoring: thresholds, alert routing, SLOs and application alerts. */
import { burnThresholds } from '../burn-rate';
import { resolveRequestMetrics, sloWindowDays } from '../resolve';
import { QUERY_PROBLEM, alertTemplateProblem } from '../alert-template';
import { promqlProblem } from '../promql';
import { arr, int, isObject, labels, num, obj, str, strings, unique } from './checks';
import type { Problems } from './problems';

type Obj = Record<string, unknown>;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const DURATION = /^\d+(ms|s|m|h|d|w|y)$/;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function ratio(p: Problems, path: string, v: unknown): void {
  num(p, path, v, 0.01, 1, '{value} must be a ratio between 0.01 and 1');
}

function secretRef(p: Problems, path: string, v: unknown): void {
  if (v === undefined) {
    p.add(path, v, "a receiver needs its credential: a { secret, key } reference to the stack's secrets");
    return;
  }
  const r = obj(p, path, v);
  str(p, `${path}.secret`, r.secret);
  str(p, `${path}.key`, r.key);
}

function receivers(p: Problems, path: string, v: unknown, required: boolean): void {
  const list = arr(p, path, v);
  if (required && list.length === 0) p.add(path, v, 'at least one receiver is required');
  list.forEach((r, i) => {
    const at = `${path}[${i}]`;
    const o = obj(p, at, r);
    switch (o.type) {
      case 'pagerduty':
        secretRef(p, `${at}.routingKey`, o.routingKey);
        break;
      case 'slack':
        secretRef(p, `${at}.webhookUrl`, o.webhookUrl);
        if (str(p, `${at}.channel`, o.channel) && !o.channel.startsWith('#'))
          p.add(`${at}.channel`, o.channel, '{value} must start with "#"');
        break;
      case 'msteams':
        secretRef(p, `${at}.webhookUrl`, o.webhookUrl);
        break;
      case 'webhook':
        secretRef(p, `${at}.url`, o.url);
        break;
      default:
        p.add(`${at}.type`, o.type, '{value} must be "pagerduty", "slack", "msteams" or "webhook"');
    }
  });
}

export function checkMonitoringSpec(p: Problems, props: Obj): void {
  const m = obj(p, 'monitoring', props.monitoring);
  const t = obj(p, 'monitoring.thresholds', m.thresholds);
  for (const k of ['memoryRatio', 'cpuThrottlingRatio', 'volumeUsageRatio', 'postgresConnectionRatio', 'redisMemoryRatio'])
    ratio(p, `monitoring.thresholds.${k}`, t[k]);
  int(p, 'monitoring.thresholds.certificateExpiryDays', t.certificateExpiryDays, 1, 90);
  int(p, 'monitoring.thresholds.replicationLagSeconds', t.replicationLagSeconds, 1);
  if (m.runbookBaseUrl !== undefined && str(p, 'monitoring.runbookBaseUrl', m.runbookBaseUrl)) {
    if (!/^https:\/\/\S+$/.test(m.runbookBaseUrl)) p.add('monitoring.runbookBaseUrl', m.runbookBaseUrl, '{value} must be an https:// URL');
    // every alert's runbook_url annotation starts with it
    else annotationTemplate(p, 'monitoring.runbookBaseUrl', m.runbookBaseUrl);
  }
  if (m.ruleInterval !== undefined && !(typeof m.ruleInterval === 'string' && DURATION.test(m.ruleInterval))) {
    p.add('monitoring.ruleInterval', m.ruleInterval, '{value} must be a duration such as "15s"');
  }
  labels(p, 'monitoring.grafanaDashboardLabels', m.grafanaDashboardLabels);
  if (m.alerting !== undefined) {
    const a = obj(p, 'monitoring.alerting', m.alerting);
    receivers(p, 'monitoring.alerting.critical', a.critical ?? [], true);
    if (a.warning !== undefined) receivers(p, 'monitoring.alerting.warning', a.warning, true);
    strings(p, 'monitoring.alerting.groupBy', a.groupBy);
    arr(p, 'monitoring.alerting.muteWarnings', a.muteWarnings).forEach((w, i) => {
      const at = `monitoring.alerting.muteWarnings[${i}]`;
      const o = obj(p, at, w);
      strings(p, `${at}.weekdays`, o.weekdays).forEach((d, j) => {
        const days = d.split(':');
        if (days.length > 2 || !days.every((x) => WEEKDAYS.includes(x)))
          p.add(`${at}.weekdays[${j}]`, d, `{value} must be a weekday or a range such as "monday:friday"`);
        // Alertmanager refuses a range that wraps past Saturday ("start day cannot be before end day")
        else if (days.length === 2 && WEEKDAYS.indexOf(days[0]!) > WEEKDAYS.indexOf(days[1]!))
          p.add(
            `${at}.weekdays[${j}]`,
            d,
            `{value} runs past Saturday, which Alertmanager refuses: give its two parts, "${days[0]}:saturday" and "sunday:${days[1]}"`,
          );
      });
      arr(p, `${at}.times`, o.times).forEach((tm, j) => {
        const r = obj(p, `${at}.times[${j}]`, tm);
        const ok = ['start', 'end'].map((e) => {
          const good = typeof r[e] === 'string' && /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(r[e] as string);
          if (!good) p.add(`${at}.times[${j}].${e}`, r[e], '{value} must be a time such as "09:00"');
          return good;
        });
        // Alertmanager refuses a range that ends before it starts, and one across midnight is two
        if (ok.every(Boolean) && (r.start as string) >= (r.end as string))
          p.add(
            `${at}.times[${j}]`,
            tm,
            `{value} ends before it starts, which Alertmanager refuses: a window across midnight is two, { start: "${r.start as string}", end: "24:00" } and { start: "00:00", end: "${r.end as string}" }`,
          );
      });
      if (o.weekdays === undefined && o.times === undefined) p.add(at, w, 'a mute window needs weekdays or times');
    });
  }
}

/**
 * An objective whose burn-rate alerts could never fire: their threshold (budget × burn factor) is 1 or more, which no
 * error ratio reaches (a 90% latency objective over 30 days pages at 1.44). Named with the alerts it loses.
 */
function deadBurnAlerts(p: Problems, path: string, slo: Obj): void {
  const windowDays = sloWindowDays(typeof slo.windowDays === 'number' ? slo.windowDays : undefined);
  const latency = isObject(slo.latency) ? slo.latency.percent : undefined;
  for (const [at, percent] of [
    [`${path}.slo.availability`, slo.availability],
    [`${path}.slo.latency.percent`, latency],
  ] as const) {
    if (typeof percent !== 'number' || !(percent > 0 && percent < 100)) continue;
    const dead = burnThresholds(percent / 100, windowDays).filter((t) => t.threshold >= 1);
    if (dead.length > 0)
      p.add(
        at,
        percent,
        `{value} over ${windowDays} days leaves the burn-rate alerts over ${dead.map((d) => `${d.longWindowHours}h`).join(', ')} a threshold of ${dead.map((d) => Number(d.threshold.toPrecision(3))).join(', ')}, which no error ratio reaches: they could never fire; raise the objective or shorten windowDays`,
      );
  }
}

/** Checks a service's SLO, request metrics and alerts. `hasMetrics`: the service exposes a metrics endpoint. */
export function checkServiceMonitoring(p: Problems, path: string, s: Obj, hasMetrics: boolean): void {
  const rm = obj(p, `${path}.requestMetrics`, s.requestMetrics);
  for (const k of ['requests', 'duration']) {
    if (rm[k] !== undefined && !(typeof rm[k] === 'string' && METRIC_NAME.test(rm[k] as string)))
      p.add(`${path}.requestMetrics.${k}`, rm[k], '{value} is not a Prometheus metric name');
  }
  if (rm.statusLabel !== undefined && !(typeof rm.statusLabel === 'string' && /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(rm.statusLabel))) {
    p.add(`${path}.requestMetrics.statusLabel`, rm.statusLabel, '{value} is not a Prometheus label name');
  }
  const buckets = arr(
    p,
    `${path}.requestMetrics.buckets`,
    resolveRequestMetrics({ buckets: rm.buckets as number[] | undefined }).buckets,
  ).filter((b, i): b is number =>
    num(p, `${path}.requestMetrics.buckets[${i}]`, b ?? NaN, 0.0001, 86400, '{value} must be a number of seconds'),
  );
  if (
    isObject(s.metrics) &&
    s.metrics.interval !== undefined &&
    !(typeof s.metrics.interval === 'string' && DURATION.test(s.metrics.interval) && !/^0+[a-z]+$/.test(s.metrics.interval))
  )
    p.add(`${path}.metrics.interval`, s.metrics.interval, '{value} must be a Prometheus duration above zero such as "30s" or "1m"');
  if (s.slo !== undefined) {
    const slo = obj(p, `${path}.slo`, s.slo);
    if (slo.availability === undefined && slo.latency === undefined)
      p.add(`${path}.slo`, s.slo, 'an SLO needs an availability or a latency objective');
    if (slo.availability !== undefined && !(typeof slo.availability === 'number' && slo.availability > 0 && slo.availability < 100)) {
      p.add(
        `${path}.slo.availability`,
        slo.availability,
        '{value} must be a percentage above 0 and below 100: a 100% objective leaves no error budget',
      );
    }
    if (slo.latency !== undefined) {
      const l = obj(p, `${path}.slo.latency`, slo.latency);
      if (l.thresholdSeconds === undefined)
        p.add(
          `${path}.slo.latency.thresholdSeconds`,
          undefined,
          'a latency objective needs thresholdSeconds, a number of seconds between 0.001 and 3600',
        );
      else
        num(
          p,
          `${path}.slo.latency.thresholdSeconds`,
          l.thresholdSeconds,
          0.001,
          3600,
          '{value} must be a number of seconds between 0.001 and 3600',
        );
      if (typeof l.thresholdSeconds === 'number' && buckets.length > 0 && !buckets.includes(l.thresholdSeconds))
        p.add(
          `${path}.slo.latency.thresholdSeconds`,
          l.thresholdSeconds,
          `{value} is no bucket boundary of the duration histogram (${buckets.join(', ')}): the SLO's rules would match no series; pick a boundary or set requestMetrics.buckets to the application's`,
        );
      if (!(typeof l.percent === 'number' && l.percent > 0 && l.percent < 100))
        p.add(`${path}.slo.latency.percent`, l.percent, '{value} must be a percentage above 0 and below 100');
    }
    int(p, `${path}.slo.windowDays`, slo.windowDays, 1, 90);
    deadBurnAlerts(p, path, slo);
    if (!hasMetrics)
      p.add(
        `${path}.slo`,
        '<slo>',
        'the service exposes no metrics endpoint (no port named "metrics" and no `metrics`), so no SLO can be measured',
      );
  }
  arr(p, `${path}.alerts`, s.alerts).forEach((a, i) => checkAlert(p, `${path}.alerts[${i}]`, a));
}

function checkAlert(p: Problems, path: string, a: unknown): void {
  const o = obj(p, path, a);
  if (str(p, `${path}.name`, o.name) && !/^[A-Z][A-Za-z0-9]*$/.test(o.name))
    p.add(`${path}.name`, o.name, '{value} must be UpperCamelCase, e.g. "HighErrorRate"');
  if (str(p, `${path}.expr`, o.expr)) {
    const why = promqlProblem(o.expr);
    if (why) p.add(`${path}.expr`, o.expr, `{value} ${why}`);
  }
  if (o.for !== undefined && !(typeof o.for === 'string' && DURATION.test(o.for)))
    p.add(`${path}.for`, o.for, '{value} must be a duration such as "5m"');
  if (!['critical', 'warning', 'info'].includes(o.severity as string))
    p.add(`${path}.severity`, o.severity, '{value} must be "critical", "warning" or "info"');
  for (const k of ['summary', 'description']) if (str(p, `${path}.${k}`, o[k])) annotationTemplate(p, `${path}.${k}`, o[k]);
}

/**
 * A string that reaches the annotations of the stack's alerts, which Prometheus expands as a Go template when an
 * alert fires: it must parse, and must not call `query`.
 */
function annotationTemplate(p: Problems, path: string, v: string): void {
  const why = alertTemplateProblem(v);
  if (why === QUERY_PROBLEM) p.add(path, v, `{value} ${why}`);
  else if (why)
    p.add(
      path,
      v,
      `{value} is not a template Prometheus can parse: ${why}; Prometheus would refuse the stack's whole PrometheusRule, and every alert with it`,
    );
}

/** Alert names are unique across the stack. */
export function checkAlertNames(p: Problems, props: Obj): void {
  const names = (Array.isArray(props.services) ? props.services.filter(isObject) : []).flatMap((s) =>
    Array.isArray(s.alerts)
      ? s.alerts
          .filter(isObject)
          .map((a) => a.name)
          .filter((n): n is string => typeof n === 'string')
      : [],
  );
  unique(p, 'services', names, 'alert name');
}
