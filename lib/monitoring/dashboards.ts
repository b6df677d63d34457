/**
 * The Grafana dashboards of a stack: one per service (traffic, errors,
 * latency, SLOs, saturation, the datastores it uses) and one overview of the
 * stack. Each is a ConfigMap with `monitoring.grafanaDashboardLabels`, which the
 * Grafana sidecar of kube-prometheus-stack loads; the sidecar must watch the
 * stack's namespace (`grafana.sidecar.dashboards.searchNamespace: ALL`).
 */
import type { Construct } from 'constructs';
import type { k8s } from 'cdk8s-plus-28';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { ConfigMap } from '../k8s/api-object';
import { stackLabels } from '../k8s/labels';
import { type Dashboard, type PanelSpec, type Query, type RowSpec, dashboard, dashboardUid, stat, timeseries } from './grafana';
import { duration, eq, ne, num, re, selector } from './promql';
import { errorMatcher, isGrpc, latencyQuantile, rateLimitedMatcher, requestRatio, serviceMatchers, servesRequests } from './requests';
import { LATENCY_QUANTILES, RATE_WINDOW } from './settings';
import { SLO_RECORDS, burnRateWindows, objectives, sloSelector } from './slo';

const W = RATE_WINDOW;

function requestRows(stack: ResolvedStack, service: ResolvedService): RowSpec[] {
  if (!servesRequests(service)) return [];
  const rm = service.requestMetrics;
  const sel = serviceMatchers(stack, service);
  return [
    {
      title: 'Traffic, errors and latency',
      panels: [
        timeseries(
          'Requests per second',
          'reqps',
          [{ expr: `sum by (${rm.statusLabel}) (rate(${selector(rm.requests, ...sel)}[${W}]))`, legend: `{{${rm.statusLabel}}}` }],
          {
            description: `${rm.requests}, by ${rm.statusLabel}.`,
          },
        ),
        timeseries(
          'Errors',
          'percentunit',
          [
            { expr: requestRatio(stack, service, W, errorMatcher(service)), legend: isGrpc(service) ? 'server errors' : '5xx' },
            {
              expr: requestRatio(stack, service, W, rateLimitedMatcher(service)),
              legend: isGrpc(service) ? 'RESOURCE_EXHAUSTED' : '429 rate limited',
            },
          ],
          { description: 'Share of requests failing with a server error, and refused by rate limiting.' },
        ),
        timeseries(
          'Latency',
          's',
          LATENCY_QUANTILES.map((q) => ({ expr: latencyQuantile(stack, service, q, W), legend: `p${num(q * 100)}` })),
          { width: 24, description: `Percentiles of ${rm.duration}.` },
        ),
      ],
    },
  ];
}

function sloRows(stack: ResolvedStack, service: ResolvedService): RowSpec[] {
  return objectives(stack, service).map((o) => {
    const window = duration(o.windowDays * 86400);
    const sel = (record: string) => sloSelector(stack, service, o, record);
    const longWindows = burnRateWindows(o.windowDays).map((w) => duration(w.longSeconds));
    return {
      title: `SLO: ${o.slo}, ${o.text}`,
      panels: [
        stat(`SLI over ${window}`, 'percentunit', [{ expr: `1 - ${sel(SLO_RECORDS.errorRatio(window))}`, legend: 'SLI' }], {
          decimals: 3,
          thresholds: [
            { color: 'red', value: null },
            { color: 'green', value: o.target },
          ],
        }),
        stat(`Objective`, 'percentunit', [{ expr: sel(SLO_RECORDS.objective), legend: 'objective' }], { decimals: 3 }),
        stat('Error budget remaining', 'percentunit', [{ expr: sel(SLO_RECORDS.budgetRemaining), legend: 'remaining' }], {
          decimals: 1,
          thresholds: [
            { color: 'red', value: null },
            { color: 'orange', value: 0 },
            { color: 'green', value: 0.25 },
          ],
        }),
        stat(`Burn rate over ${window}`, 'none', [{ expr: sel(SLO_RECORDS.periodBurnRate), legend: 'burn rate' }], {
          decimals: 2,
          thresholds: [
            { color: 'green', value: null },
            { color: 'red', value: 1 },
          ],
        }),
        timeseries(
          'Burn rate',
          'none',
          longWindows.map((w) => ({ expr: `${sel(SLO_RECORDS.errorRatio(w))} / ${num(o.budget)}`, legend: w })),
          {
            description: `Error ratio over each alert window divided by the error budget (${num(o.budget * 100)}%): 1 spends the budget exactly over ${window}.`,
          },
        ),
        timeseries('Error budget remaining', 'percentunit', [{ expr: sel(SLO_RECORDS.budgetRemaining), legend: 'remaining' }], {
          min: undefined,
          max: 1,
        }),
      ],
    };
  });
}

function saturationRow(stack: ResolvedStack, service: ResolvedService): RowSpec {
  const ns = eq('namespace', stack.namespace);
  const c = eq('container', service.name);
  const by = 'pod';
  const name = service.name;
  const replicas: Query[] = service.storage
    ? [
        { expr: selector('kube_statefulset_status_replicas_ready', ns, eq('statefulset', name)), legend: 'ready' },
        { expr: selector('kube_statefulset_replicas', ns, eq('statefulset', name)), legend: 'desired' },
      ]
    : [
        { expr: selector('kube_deployment_status_replicas_available', ns, eq('deployment', name)), legend: 'available' },
        { expr: selector('kube_deployment_spec_replicas', ns, eq('deployment', name)), legend: 'desired' },
      ];
  if (service.autoscaling)
    replicas.push({
      expr: selector('kube_horizontalpodautoscaler_spec_max_replicas', ns, eq('horizontalpodautoscaler', name)),
      legend: 'HPA max',
    });
  const panels: PanelSpec[] = [
    timeseries(
      'CPU',
      'short',
      [
        { expr: `sum by (${by}) (rate(${selector('container_cpu_usage_seconds_total', ns, c)}[${W}]))`, legend: '{{pod}}' },
        { expr: `max(${selector('kube_pod_container_resource_requests', ns, c, eq('resource', 'cpu'))})`, legend: 'request' },
        { expr: `max(${selector('kube_pod_container_resource_limits', ns, c, eq('resource', 'cpu'))})`, legend: 'limit' },
      ],
      { description: 'Cores used per pod, against the request and limit.' },
    ),
    timeseries(
      'Memory of limit',
      'percentunit',
      [
        {
          expr: `max by (${by}) (${selector('container_memory_working_set_bytes', ns, c)}) / max by (${by}) (${selector('kube_pod_container_resource_limits', ns, c, eq('resource', 'memory'))})`,
          legend: '{{pod}}',
        },
      ],
      {
        max: 1,
        description: `Working set over the memory limit; the alert fires above ${num(stack.monitoring.thresholds.memoryRatio * 100)}%.`,
      },
    ),
    timeseries(
      'CPU throttling',
      'percentunit',
      [
        {
          expr: `sum by (${by}) (increase(${selector('container_cpu_cfs_throttled_periods_total', ns, c)}[${W}])) / sum by (${by}) (increase(${selector('container_cpu_cfs_periods_total', ns, c)}[${W}]))`,
          legend: '{{pod}}',
        },
      ],
      { max: 1, description: 'Share of CPU periods in which the container was throttled.' },
    ),
    timeseries(
      'Restarts',
      'short',
      [{ expr: `sum by (${by}) (increase(${selector('kube_pod_container_status_restarts_total', ns, c)}[1h]))`, legend: '{{pod}}' }],
      {
        description: 'Container restarts over the last hour.',
      },
    ),
    timeseries('Replicas', 'short', replicas),
  ];
  if (service.storage) {
    panels.push(
      timeseries(
        'Volume usage',
        'percentunit',
        [
          {
            expr: `${selector('kubelet_volume_stats_used_bytes', ns, re('persistentvolumeclaim', `data-${name}-[0-9]+`))} / ${selector('kubelet_volume_stats_capacity_bytes', ns, re('persistentvolumeclaim', `data-${name}-[0-9]+`))}`,
            legend: '{{persistentvolumeclaim}}',
          },
        ],
        { max: 1 },
      ),
    );
  }
  return { title: 'Saturation', panels };
}

function postgresPanels(stack: ResolvedStack): PanelSpec[] {
  const ns = eq('namespace', stack.namespace);
  return [
    timeseries('PostgreSQL connections', 'short', [
      { expr: `sum(${selector('pg_stat_database_numbackends', ns)})`, legend: 'connections' },
      { expr: `max(${selector('pg_settings_max_connections', ns)})`, legend: 'max_connections' },
    ]),
    timeseries('PostgreSQL replication lag', 's', [
      { expr: `max by (pod) (${selector('pg_replication_lag_seconds', ns)})`, legend: '{{pod}}' },
    ]),
  ];
}

function redisPanels(stack: ResolvedStack): PanelSpec[] {
  const ns = eq('namespace', stack.namespace);
  return [
    timeseries(
      'Redis memory of maxmemory',
      'percentunit',
      [
        {
          expr: `max by (pod) (${selector('redis_memory_used_bytes', ns)}) / max by (pod) (${selector('redis_memory_max_bytes', ns)} > 0)`,
          legend: '{{pod}}',
        },
      ],
      { max: 1 },
    ),
    timeseries('Redis evictions', 'ops', [
      { expr: `sum by (pod) (rate(${selector('redis_evicted_keys_total', ns)}[${W}]))`, legend: '{{pod}}' },
    ]),
  ];
}

function datastoreRows(stack: ResolvedStack, usesPostgres: boolean, usesRedis: boolean): RowSpec[] {
  const panels = [
    ...(usesPostgres && stack.postgres ? postgresPanels(stack) : []),
    ...(usesRedis && stack.redis ? redisPanels(stack) : []),
  ];
  return panels.length ? [{ title: 'Datastores', panels }] : [];
}

/** The dashboard of one service. */
export function serviceDashboard(stack: ResolvedStack, service: ResolvedService): Dashboard {
  return dashboard({
    uid: dashboardUid(stack.name, service.name),
    title: `${stack.name} / ${service.name}`,
    description: `Service ${service.name} of stack ${stack.name} (namespace ${stack.namespace}), generated by production-stack.`,
    tags: ['production-stack', stack.name],
    rows: [
      ...requestRows(stack, service),
      ...sloRows(stack, service),
      saturationRow(stack, service),
      ...datastoreRows(stack, service.postgres !== undefined, service.redis !== undefined),
    ],
  });
}

/** Services grouped by a key, in the spec's order. */
function groupBy(services: readonly ResolvedService[], key: (s: ResolvedService) => string): ResolvedService[][] {
  const groups = new Map<string, ResolvedService[]>();
  for (const s of services) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  return [...groups.values()];
}

function overviewRequestRows(stack: ResolvedStack): RowSpec[] {
  const scraped = stack.services.filter(servesRequests);
  if (scraped.length === 0) return [];
  const ns = eq('namespace', stack.namespace);
  // One query per metric naming, not per service: the panels stay small however many services there are.
  const byRequests = groupBy(scraped, (s) => `${s.requestMetrics.requests} ${errorMatcher(s)}`);
  const byDuration = groupBy(scraped, (s) => s.requestMetrics.duration);
  // Services are told apart only when naming differs: one group selects the whole namespace, whatever its size.
  const services = (group: readonly ResolvedService[]) =>
    byRequests.length > 1 || byDuration.length > 1 ? [re('service', group.map((s) => s.name).join('|'))] : [];
  return [
    {
      title: 'Services',
      panels: [
        timeseries(
          'Requests per second',
          'reqps',
          byRequests.map((g) => ({
            expr: `sum by (service) (rate(${selector(g[0].requestMetrics.requests, ns, ...services(g))}[${W}]))`,
            legend: '{{service}}',
          })),
        ),
        timeseries(
          'Server errors',
          'percentunit',
          byRequests.map((g) => {
            const errors = `sum by (service) (rate(${selector(g[0].requestMetrics.requests, ns, ...services(g), errorMatcher(g[0]))}[${W}]))`;
            const total = `sum by (service) (rate(${selector(g[0].requestMetrics.requests, ns, ...services(g))}[${W}]))`;
            return { expr: `(${errors} or 0 * ${total}) / ${total}`, legend: '{{service}}' };
          }),
        ),
        timeseries(
          'p95 latency',
          's',
          byDuration.map((g) => ({
            expr: `histogram_quantile(0.95, sum by (service, le) (rate(${selector(`${g[0].requestMetrics.duration}_bucket`, ns, ...services(g))}[${W}])))`,
            legend: '{{service}}',
          })),
          { width: 24 },
        ),
      ],
    },
  ];
}

function overviewSloRows(stack: ResolvedStack): RowSpec[] {
  if (!stack.services.some((s) => s.slo)) return [];
  const ns = eq('namespace', stack.namespace);
  return [
    {
      title: 'SLOs',
      panels: [
        stat(
          'Error budget remaining',
          'percentunit',
          [{ expr: selector(SLO_RECORDS.budgetRemaining, ns), legend: '{{service}} {{slo}}' }],
          {
            width: 12,
            decimals: 1,
            thresholds: [
              { color: 'red', value: null },
              { color: 'orange', value: 0 },
              { color: 'green', value: 0.25 },
            ],
          },
        ),
        timeseries('Current burn rate (5m)', 'none', [{ expr: selector(SLO_RECORDS.currentBurnRate, ns), legend: '{{service}} {{slo}}' }]),
      ],
    },
  ];
}

function overviewSaturationRow(stack: ResolvedStack): RowSpec {
  const ns = eq('namespace', stack.namespace);
  const by = 'namespace, pod, container';
  const named = ne('container', '');
  return {
    title: 'Workloads',
    panels: [
      timeseries(
        'Memory of limit (highest pod)',
        'percentunit',
        [
          {
            expr: `max by (container) (max by (${by}) (${selector('container_memory_working_set_bytes', ns, named)}) / max by (${by}) (${selector('kube_pod_container_resource_limits', ns, eq('resource', 'memory'))}))`,
            legend: '{{container}}',
          },
        ],
        { max: 1 },
      ),
      timeseries(
        'CPU throttling (highest pod)',
        'percentunit',
        [
          {
            expr: `max by (container) (sum by (${by}) (increase(${selector('container_cpu_cfs_throttled_periods_total', ns, named)}[${W}])) / sum by (${by}) (increase(${selector('container_cpu_cfs_periods_total', ns, named)}[${W}])))`,
            legend: '{{container}}',
          },
        ],
        { max: 1 },
      ),
      timeseries('Restarts (1h)', 'short', [
        { expr: `sum by (container) (increase(${selector('kube_pod_container_status_restarts_total', ns)}[1h]))`, legend: '{{container}}' },
      ]),
      timeseries('Pods not ready', 'short', [
        { expr: `sum(${selector('kube_pod_status_ready', ns, eq('condition', 'false'))})`, legend: 'not ready' },
      ]),
      timeseries(
        'Volume usage',
        'percentunit',
        [
          {
            expr: `${selector('kubelet_volume_stats_used_bytes', ns)} / ${selector('kubelet_volume_stats_capacity_bytes', ns)}`,
            legend: '{{persistentvolumeclaim}}',
          },
        ],
        { max: 1 },
      ),
      timeseries('Firing alerts', 'short', [
        {
          expr: `sum by (alertname, severity) (${selector('ALERTS', ns, eq('alertstate', 'firing'))})`,
          legend: '{{alertname}} ({{severity}})',
        },
      ]),
    ],
  };
}

/** The stack's overview dashboard: every service's traffic, errors and latency, the SLOs, the workloads and the datastores. */
export function stackDashboard(stack: ResolvedStack): Dashboard {
  return dashboard({
    uid: dashboardUid(`${stack.name}_overview`), // `_` never occurs in a service name: no service dashboard can take this uid
    title: `${stack.name} / overview`,
    description: `Stack ${stack.name} (namespace ${stack.namespace}), generated by production-stack.`,
    tags: ['production-stack', stack.name],
    rows: [
      ...overviewRequestRows(stack),
      ...overviewSloRows(stack),
      overviewSaturationRow(stack),
      ...datastoreRows(
        stack,
        stack.services.some((s) => s.postgres),
        stack.services.some((s) => s.redis),
      ),
    ],
  });
}

/** The dashboard JSON as the ConfigMap stores it: indented, so that diffs are readable. */
export function dashboardJson(d: Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}

/** Creates the ConfigMap of a dashboard, labelled for the Grafana sidecar. */
export function dashboardConfigMap(scope: Construct, id: string, stack: ResolvedStack, name: string, d: Dashboard): k8s.KubeConfigMap {
  return new ConfigMap(scope, id, {
    metadata: { name, namespace: stack.namespace, labels: { ...stackLabels(stack.name), ...stack.monitoring.grafanaDashboardLabels } },
    data: { [`${name}.json`]: dashboardJson(d) },
  });
}
