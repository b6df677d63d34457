/**
 * Monitoring as code for the Prometheus Operator and Grafana: every
 * ServiceMonitor, PodMonitor and PrometheusRule of the library (the stack's
 * workload, datastore, application and SLO rules; NATS'; the backups'),
 * Grafana dashboards as ConfigMaps, and alert routing as an AlertmanagerConfig. Plain functions build the data;
 * `StackMonitoring` creates the objects.
 * @module monitoring
 */
export { StackMonitoring, type StackMonitoringProps } from './stack-monitoring';
export { serviceMonitor, monitorKind, targetRelabelings, type Relabeling } from './scrape';
export { prometheusRule, stackRuleGroups, monitoringLabels } from './prometheus-rule';
export {
  alertingRule,
  standardAlert,
  isAlert,
  type AlertingRule,
  type RecordingRule,
  type Rule,
  type RuleGroup,
  type AlertInput,
  type AlertAnnotations,
} from './rules';
export { workloadAlerts, POD_SERVICE_REGEX, JOB_SERVICE_REGEX, PVC_SERVICE_REGEX, CERTIFICATE_HOST_REGEX } from './workload-alerts';
export { datastoreAlerts } from './datastore-alerts';
export { natsAlerts, natsMonitoring, NATS_ALERT_THRESHOLDS } from './nats-alerts';
export { backupAlerts } from './backup-alerts';
export { applicationAlerts, requestAlerts, serviceAlerts } from './application-alerts';
export {
  burnRateWindows,
  objectives,
  sloRuleGroup,
  burnRateAlerts,
  sloWindows,
  sloSelector,
  SLO_RECORDS,
  type BurnRateWindow,
  type Objective,
} from './slo';
export {
  errorMatcher,
  rateLimitedMatcher,
  bucketMatcher,
  requestRate,
  requestRatio,
  latencyQuantile,
  isGrpc,
  servesRequests,
  GRPC_SERVER_ERROR_CODES,
} from './requests';
export { serviceDashboard, stackDashboard, dashboardConfigMap, dashboardJson } from './dashboards';
export {
  dashboard,
  layout,
  dashboardUid,
  dashboardQueries,
  timeseries,
  stat,
  type Dashboard,
  type Panel,
  type RowPanel,
  type PanelSpec,
  type RowSpec,
  type Query,
  type Target,
  type Unit,
  type GridPos,
  type DatasourceRef,
  type ThresholdStep,
  type DashboardSpec,
  type PanelOptions,
} from './grafana';
export {
  alertmanagerConfig,
  alertmanagerConfigSpec,
  receiver,
  timeInterval,
  secretKeySelector,
  NULL_RECEIVER,
  WARNING_MUTE,
  type AlertmanagerConfigSpec,
  type Receiver,
  type Route,
  type Matcher,
  type SecretKeySelector,
} from './alertmanager';
export { monitoringNames } from './names';
export { scopeToNamespace, duration, seconds, num } from './promql';
export {
  STANDARD_ALERTS,
  REQUEST_THRESHOLDS,
  BURN_RATE_POLICY,
  SHORT_WINDOW_DIVISOR,
  RATE_WINDOW,
  ROUTING,
  DASHBOARD,
  LATENCY_QUANTILES,
  DEFAULT_ALERT_FOR,
  type Severity,
  type StandardAlert,
} from './settings';
