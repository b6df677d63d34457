/**
 * Names of the monitoring objects, all in the stack's namespace. A public
 * contract like `k8sNames` (test/k8s/names.test.ts pins them): a renamed
 * PrometheusRule or dashboard is a new object next to the old one.
 */
export const monitoringNames = {
  /** ServiceMonitor (servers) or PodMonitor (workers) of a service: the service's name. */
  monitor: (service: string): string => service,
  /** The stack's PrometheusRule: the stack's name. */
  rules: (stack: string): string => stack,
  /** The ConfigMap of a service's Grafana dashboard. */
  serviceDashboard: (service: string): string => `${service}-dashboard`,
  /** The ConfigMap of the stack's overview dashboard (ending in `-overview`, it cannot meet a service's `-dashboard`, `-config` or `-files`). */
  stackDashboard: (stack: string): string => `${stack}-dashboard-overview`,
  /** The stack's AlertmanagerConfig: the stack's name. */
  alertmanagerConfig: (stack: string): string => stack,
} as const;
