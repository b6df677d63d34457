/**
 * kube-prometheus-stack besides its chart: the Secret of Grafana's admin credentials the chart reads, and the
 * NetworkPolicies of the monitoring namespace, which holds Prometheus, Alertmanager, Grafana, the Prometheus
 * operator, kube-state-metrics and node-exporter. Plain JSON, no Pulumi.
 */
import type { ResolvedStack } from '../core/resolve';
import { CHARTS } from './charts';
import { apiServerEgress, dnsEgress, internetPeer, podsPeer as pods, tcp, udp } from './policy-rules';
import type { Manifest } from './manifests';

/** The release name, which is also the chart's `fullname` (the release name contains the chart's), its objects' prefix. */
const RELEASE = CHARTS.kubePrometheusStack.release;

/**
 * Grafana's admin credentials: the Secret `secretName` in the monitoring namespace, which ClusterAddons writes
 * with a generated password of `passwordLength` letters and digits, and the chart's `grafana.admin` values name
 * (`existingSecret`, `userKey`, `passwordKey`).
 */
export const GRAFANA_ADMIN = {
  secretName: 'grafana-admin',
  user: 'admin',
  userKey: 'admin-user',
  passwordKey: 'admin-password',
  passwordLength: 32,
} as const;

/**
 * Labels of the pods of kube-prometheus-stack 88.2.0 that the policies select: Prometheus and Alertmanager as
 * the Prometheus Operator (v0.93) labels their StatefulSets' pods (named after their custom resources,
 * `<release>-prometheus`, `<release>-alertmanager`), Grafana and kube-state-metrics as their subcharts do, the
 * operator as the chart does, and the two Jobs of the chart's hooks that make and patch the webhook's
 * certificate (the only pods of the webhook component: the chart's separate webhook Deployment is off).
 *
 * Prometheus' and Alertmanager's are exactly the selectors of the chart's Services (templates/prometheus/service.yaml,
 * templates/alertmanager/service.yaml), which Grafana reaches them through (its data sources'
 * `<release>-prometheus.<namespace>:9090`, `<release>-alertmanager.<namespace>:9093`). The AWS VPC CNI judges a
 * pod's egress on the Service's address, before it is translated, and its network policy controller gives an
 * egress rule a Service's address only when the rule's podSelector matches the Service's selector
 * (aws/amazon-network-policy-controller-k8s, `getMatchingServiceClusterIPs`): a peer with a label the selector
 * lacks (`app.kubernetes.io/instance`, which the pods have) never gets the address, and Grafana could not reach
 * its data sources on EKS. Grafana's and kube-state-metrics' labels are their Services' selectors too.
 */
export const MONITORING_POD_LABELS = {
  prometheus: { 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': `${RELEASE}-prometheus` },
  alertmanager: { 'app.kubernetes.io/name': 'alertmanager', alertmanager: `${RELEASE}-alertmanager` },
  grafana: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': RELEASE },
  operator: { app: `${RELEASE}-operator` },
  kubeStateMetrics: { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/instance': RELEASE },
  webhookJobs: { 'app.kubernetes.io/component': 'prometheus-operator-webhook', release: RELEASE },
} as const;

/** Ports of the monitoring stack's pods, and of what Prometheus scrapes on the nodes. */
export const MONITORING_PORTS = {
  prometheus: 9090,
  alertmanager: 9093,
  /** Alertmanager's cluster gossip, over TCP and UDP. */
  alertmanagerMesh: 9094,
  /** The config reloader beside Prometheus and Alertmanager (its metrics). */
  configReloader: 8080,
  /** Grafana (the grafana chart's `service.targetPort`). */
  grafana: 3000,
  /** The operator's admission webhook and metrics, over TLS (the chart's `prometheusOperator.tls.internalPort`). */
  operator: 10250,
  kubeStateMetrics: 8080,
  /** node-exporter, on each node's address (host network). */
  nodeExporter: 9100,
  /** The kubelet (its metrics, cAdvisor's, the probes'), on each node's address. */
  kubelet: 10250,
  /** kube-proxy's metrics, on each node's address, which the chart's default `kubeProxy` monitor scrapes. */
  kubeProxy: 10249,
} as const;

/** Names of the NetworkPolicies of {@link monitoringNetworkPolicies}. */
export const MONITORING_POLICIES = {
  defaultDeny: 'monitoring-default-deny',
  prometheus: 'monitoring-prometheus',
  alertmanager: 'monitoring-alertmanager',
  grafana: 'monitoring-grafana',
  operator: 'monitoring-operator',
  kubeStateMetrics: 'monitoring-kube-state-metrics',
  webhookJobs: 'monitoring-webhook-jobs',
} as const;

/**
 * The NetworkPolicies of the monitoring namespace (`monitoring.namespace`). Every pod there is isolated both
 * ways and reaches only the cluster's DNS pods; then each component gets what it needs:
 *
 * - **Prometheus** reaches every pod of the cluster over TCP (the metrics ports of the stack's services, NATS,
 *   Envoy Gateway, the add-ons and this namespace's components; each namespace's own policies admit this
 *   namespace on its metrics ports, as the stack's and Envoy Gateway's do), the nodes on node-exporter's,
 *   the kubelet's and kube-proxy's ports, and the API server (service discovery, its metrics). It accepts
 *   Grafana's queries, and its own scrapes;
 * - **Alertmanager** accepts alerts from Prometheus, Grafana's queries, and gossip from its peers (9094, TCP
 *   and UDP); it reaches its peers and its receivers on the internet on 443 (PagerDuty, Slack, Teams, a
 *   webhook: one elsewhere, in the cluster or the VPC, or on another port, needs a policy of its own);
 * - **Grafana** reaches Prometheus and Alertmanager (its data sources) and the API server (its sidecars read
 *   the dashboards' ConfigMaps); only Prometheus reaches it (`kubectl port-forward` is not subject to
 *   policies);
 * - the **operator** accepts its webhook port from anywhere: the API server's calls come through the
 *   Konnectivity agents on GKE and from the control plane's interfaces in the VPC on EKS, addresses no policy
 *   can name; it reaches the API server;
 * - **kube-state-metrics**, and the hook Jobs that make the webhook's certificate, reach the API server;
 *   Prometheus reaches kube-state-metrics.
 *
 * The API server is reached at its addresses (`apiServerEgress`: the clusters' node networks, and on EKS the
 * `kubernetes` Service's), on 443. node-exporter, the kubelet and kube-proxy listen on the nodes' own addresses, and no `ipBlock` can name
 * those everywhere: Cilium (GKE Dataplane V2) gives node addresses the host and remote-node identities, which
 * a CIDR does not select. So that egress has no destination and only those three ports: Prometheus may open
 * connections to any address on 9100, 10250 and 10249, the VPC's and the internet's included. Past those ports
 * and the cluster's pods (every TCP port; on EKS also every Service address of the cluster, which the VPC CNI's
 * controller gives a peer without a podSelector), Prometheus reaches, as every component with the API server
 * rule does, every address of the clusters' node networks on 443 (the API server's private addresses, but on
 * AWS the whole VPC: its load balancers and interface endpoints too; on GCP the node subnets) and on EKS the
 * `kubernetes` Service's address on 443; and, as every pod here, the cluster's DNS on 53. node-exporter itself
 * runs on the host network, where no NetworkPolicy applies.
 */
export function monitoringNetworkPolicies(spec: ResolvedStack): Manifest[] {
  const namespace = spec.monitoring.namespace;
  const L = MONITORING_POD_LABELS;
  const P = MONITORING_PORTS;
  const prometheus = pods(L.prometheus);
  const alertmanager = pods(L.alertmanager);
  const grafana = pods(L.grafana);
  const dns = dnsEgress;
  const apiServer = apiServerEgress(spec);
  const internet = internetPeer(spec);
  const policy = (name: string, podSelector: object, ingress: object[], egress: object[]): Manifest => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'production-stack' } },
    spec: { podSelector, policyTypes: ['Ingress', 'Egress'], ingress, egress },
  });
  return [
    policy(MONITORING_POLICIES.defaultDeny, {}, [], [dns]),
    policy(
      MONITORING_POLICIES.prometheus,
      prometheus.podSelector,
      [
        { from: [grafana], ports: [tcp(P.prometheus)] },
        { from: [prometheus], ports: [tcp(P.prometheus), tcp(P.configReloader)] },
      ],
      [
        { to: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP' }] },
        { ports: [tcp(P.nodeExporter), tcp(P.kubelet), tcp(P.kubeProxy)] },
        apiServer,
      ],
    ),
    policy(
      MONITORING_POLICIES.alertmanager,
      alertmanager.podSelector,
      [
        { from: [prometheus], ports: [tcp(P.alertmanager), tcp(P.configReloader)] },
        { from: [grafana], ports: [tcp(P.alertmanager)] },
        { from: [alertmanager], ports: [tcp(P.alertmanagerMesh), udp(P.alertmanagerMesh)] },
      ],
      [
        { to: [alertmanager], ports: [tcp(P.alertmanagerMesh), udp(P.alertmanagerMesh)] },
        { to: [internet], ports: [tcp(443)] },
      ],
    ),
    policy(
      MONITORING_POLICIES.grafana,
      grafana.podSelector,
      [{ from: [prometheus], ports: [tcp(P.grafana)] }],
      [{ to: [prometheus], ports: [tcp(P.prometheus)] }, { to: [alertmanager], ports: [tcp(P.alertmanager)] }, apiServer],
    ),
    policy(MONITORING_POLICIES.operator, pods(L.operator).podSelector, [{ ports: [tcp(P.operator)] }], [apiServer]),
    policy(
      MONITORING_POLICIES.kubeStateMetrics,
      pods(L.kubeStateMetrics).podSelector,
      [{ from: [prometheus], ports: [tcp(P.kubeStateMetrics)] }],
      [apiServer],
    ),
    policy(MONITORING_POLICIES.webhookJobs, pods(L.webhookJobs).podSelector, [], [apiServer]),
  ];
}
