/** Prometheus Operator, alerting and tracing settings for the stack. */
export interface MonitoringSpec {
  /**
   * Labels the Prometheus instance selects ServiceMonitors and rules by.
   * @default { release: 'kube-prometheus-stack' }
   */
  readonly prometheusSelector?: Readonly<Record<string, string>>;
  /**
   * Namespace of the Prometheus that scrapes the stack (admitted by NetworkPolicy).
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * OpenTelemetry traces: OTLP endpoint and sampling ratio, injected as `OTEL_*` variables.
   * @default - no tracing
   */
  readonly tracing?: TracingSpec;
}

/** OpenTelemetry tracing. */
export interface TracingSpec {
  /** OTLP gRPC endpoint, e.g. `http://otel-collector.observability:4317`. */
  readonly endpoint: string;
  /**
   * Fraction of traces sampled, 0 to 1.
   * @default 0.1
   */
  readonly sampleRatio?: number;
}
