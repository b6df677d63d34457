/**
 * The labels the Prometheus Operator (v0.93, makeSelectorLabels and the StatefulSets it builds) puts on the pods of
 * kube-prometheus-stack's Prometheus and Alertmanager: every label, not only those the library's policies select,
 * so that a reachability model matches the pods as they run.
 */
export const PROMETHEUS_POD_LABELS = {
  'app.kubernetes.io/name': 'prometheus',
  'app.kubernetes.io/instance': 'kube-prometheus-stack-prometheus',
  'app.kubernetes.io/managed-by': 'prometheus-operator',
  'operator.prometheus.io/name': 'kube-prometheus-stack-prometheus',
  'operator.prometheus.io/shard': '0',
  prometheus: 'kube-prometheus-stack-prometheus',
} as const;

export const ALERTMANAGER_POD_LABELS = {
  'app.kubernetes.io/name': 'alertmanager',
  'app.kubernetes.io/instance': 'kube-prometheus-stack-alertmanager',
  'app.kubernetes.io/managed-by': 'prometheus-operator',
  alertmanager: 'kube-prometheus-stack-alertmanager',
} as const;
