/** Every monitoring object of a stack, as one construct with its objects public. */
import type { ApiObject } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import type { PodMonitor, PrometheusRule, ServiceMonitor } from '../k8s/api-object';
import { alertmanagerConfig } from './alertmanager';
import { dashboardConfigMap, serviceDashboard, stackDashboard } from './dashboards';
import { monitoringNames } from './names';
import { prometheusRule } from './prometheus-rule';
import { serviceMonitor } from './scrape';

/** Props of {@link StackMonitoring}. */
export interface StackMonitoringProps {
  /** The resolved stack. */
  readonly stack: ResolvedStack;
}

/**
 * Scraping, alerts, SLOs, dashboards and alert routing of a stack (NATS
 * brings its own PodMonitor and rules). Every object is public, so an escape
 * hatch (`addJsonPatch`) reaches it.
 */
export class StackMonitoring extends Construct {
  /** The ServiceMonitor (servers) or PodMonitor (workers) of each service with a metrics endpoint, by service name. */
  public readonly monitors: ReadonlyMap<string, ServiceMonitor | PodMonitor>;
  /** The PrometheusRule with every alert, recording and SLO rule of the stack. */
  public readonly rules: PrometheusRule;
  /** The dashboard ConfigMap of each service, by service name. */
  public readonly dashboards: ReadonlyMap<string, k8s.KubeConfigMap>;
  /** The dashboard ConfigMap of the stack overview. */
  public readonly overviewDashboard: k8s.KubeConfigMap;
  /** The AlertmanagerConfig, when the spec has `monitoring.alerting`. */
  public readonly alertmanagerConfig?: ApiObject;

  constructor(scope: Construct, id: string, props: StackMonitoringProps) {
    super(scope, id);
    const { stack } = props;
    this.monitors = new Map(
      stack.services.flatMap((s) => {
        const monitor = serviceMonitor(this, `Monitor-${s.name}`, stack, s);
        return monitor ? [[s.name, monitor] as const] : [];
      }),
    );
    this.rules = prometheusRule(this, 'Rules', stack);
    this.dashboards = new Map(
      stack.services.map((s) => [
        s.name,
        dashboardConfigMap(this, `Dashboard-${s.name}`, stack, monitoringNames.serviceDashboard(s.name), serviceDashboard(stack, s)),
      ]),
    );
    this.overviewDashboard = dashboardConfigMap(
      this,
      'OverviewDashboard',
      stack,
      monitoringNames.stackDashboard(stack.name),
      stackDashboard(stack),
    );
    this.alertmanagerConfig = alertmanagerConfig(this, 'AlertmanagerConfig', stack);
  }
}
