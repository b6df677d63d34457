/**
 * kube-prometheus-stack besides its chart, under Pulumi mocks: Grafana's admin password, generated and kept
 * secret from the Helm values, the plan and the synthesized chart; the NetworkPolicies of the monitoring
 * namespace, deployed as built and checked flow by flow with the NetworkPolicy model of test/support/netpol.ts
 * (with the stack's own policies and Envoy Gateway's, for the flows that cross namespaces); and the chart keys
 * and labels they rely on, against the vendored values.yaml of kube-prometheus-stack 88.2.0.
 */
import * as pulumi from '@pulumi/pulumi';
import {
  GRAFANA_ADMIN,
  MONITORING_POD_LABELS,
  MONITORING_PORTS,
  ENVOY_GATEWAY_CONTROLLER_LABELS,
  ENVOY_GATEWAY_PORTS,
  ENVOY_PROXY_PORTS,
  envoyGatewayNetworkPolicies,
  kubePrometheusStackValues,
  monitoringNetworkPolicies,
} from '../../lib/addons';
import { type ProductionStackProps, resolve } from '../../lib/core';
import { envoyProxyLabels } from '../../lib/core/edge';
import { NATS_PORTS } from '../../lib/nats/config';
import { type PlanResource, plan, planDocument, renderPlan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { standbyNetworks } from '../../lib/stack/pulumi';
import { chartManifests } from '../../lib/stack/workloads';
import { spec as cqar } from '../../examples/cqar/spec';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { ofType, resource } from '../support/plan';
import {
  type Backend,
  type Cni,
  type Pod,
  type Service,
  canConnect,
  canConnectToService,
  egressToServiceAddress,
  kubeDnsService,
} from '../support/netpol';
import { validateObjects } from '../support/schema';
import { unknownKeys, vendoredChart } from '../support/chart-values';
import { ALERTMANAGER_POD_LABELS, PROMETHEUS_POD_LABELS } from '../support/operator-pods';

/* eslint-disable @typescript-eslint/no-explicit-any */

const RELEASE = 'kubernetes:helm.sh/v3:Release';
const POLICY = 'kubernetes:networking.k8s.io/v1:NetworkPolicy';
const P = MONITORING_PORTS;

/** The AWS fixture with a standby region: two clusters, two monitoring stacks. */
const awsStandby: ProductionStackProps = { ...awsSpec, dr: { standbyRegion: 'us-east-2' } };

let planned: PlanResource[] = [];
let stack: ProductionStack;
beforeAll(async () => {
  planned = await plan(() => {
    stack = new ProductionStack(awsStandby.name, awsStandby);
  });
});

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((done) => output.apply(done));
}

describe("Grafana's admin password", () => {
  test.each(['shop-addons', 'shop-standby-addons'])(
    '%s: a generated password, in a Secret of the monitoring namespace that the release waits for',
    (addons) => {
      expect(resource(planned, `${addons}-grafana-admin-password`, 'random:index/randomPassword:RandomPassword').inputs).toEqual({
        length: 32,
        special: false,
      });
      const secret = resource(planned, `${addons}-grafana-admin`, 'kubernetes:core/v1:Secret');
      expect(secret.inputs).toEqual({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'grafana-admin', namespace: 'monitoring', labels: { 'app.kubernetes.io/managed-by': 'production-stack' } },
        stringData: '[secret]',
      });
      expect(secret.options.dependsOn).toContain(`${addons}-kube-prometheus-stack-namespace`);
      expect(secret.dependencies).toContain(`${addons}-grafana-admin-password`);
      expect(resource(planned, `${addons}-kube-prometheus-stack`).options.dependsOn).toContain(`${addons}-grafana-admin`);
    },
  );

  test("the chart's Grafana reads it from that Secret: the Helm values name it and hold no password", () => {
    for (const r of ofType(planned, RELEASE).filter((x) => x.inputs.name === 'kube-prometheus-stack')) {
      expect(r.inputs.values.grafana.admin).toEqual({
        existingSecret: 'grafana-admin',
        userKey: 'admin-user',
        passwordKey: 'admin-password',
      });
      expect(JSON.stringify(r.inputs.values)).not.toMatch(/adminPassword|"password"/i);
    }
  });

  test('the Secret holds the admin user and the password, secret in the state, and neither the plan nor the chart shows it', async () => {
    const password = await resolved(stack.addons.grafanaAdminPassword.result);
    expect(password).toMatch(/^[0-9a-f]{32}$/);
    // the engine stores `result` as a secret (the mocks do not mark it, the plan records the option)
    expect(resource(planned, 'shop-addons-grafana-admin-password').options.additionalSecretOutputs).toContain('result');
    expect(await pulumi.isSecret(stack.addons.grafanaAdminSecret.stringData)).toBe(true);
    expect(await resolved(stack.addons.grafanaAdminSecret.stringData)).toEqual({ 'admin-user': 'admin', 'admin-password': password });
    const standby = await resolved(stack.standbyAddons!.grafanaAdminPassword.result);
    expect(standby).not.toBe(password);
    for (const p of [password, standby]) {
      expect(JSON.stringify(planDocument(planned)) + renderPlan(planned)).not.toContain(p);
      expect(JSON.stringify(chartManifests(awsStandby))).not.toContain(p);
    }
    // the synthesized chart has no Grafana credential at all
    expect(JSON.stringify(chartManifests(awsStandby))).not.toMatch(/grafana-admin|admin-password|adminPassword/);
  });
});

describe('the NetworkPolicies of the monitoring namespace', () => {
  test('deployed as built, in the monitoring namespace once it exists, on both clusters, and valid', () => {
    const built = monitoringNetworkPolicies(resolve(awsStandby));
    for (const [addons, view] of [
      ['shop-addons', built],
      // the standby cluster's add-ons see the VPCs from the standby: its own VPC first
      ['shop-standby-addons', monitoringNetworkPolicies(standbyNetworks(resolve(awsStandby)))],
    ] as const) {
      const deployed = ofType(planned, POLICY).filter((p) => p.name.startsWith(`${addons}-networkpolicy-monitoring-`));
      const byName = (x: [string, unknown], y: [string, unknown]) => x[0].localeCompare(y[0]);
      expect(deployed.map((p): [string, unknown] => [p.name, p.inputs]).sort(byName)).toEqual(
        view.map((p): [string, unknown] => [`${addons}-networkpolicy-${p.metadata.name}`, p]).sort(byName),
      );
      for (const p of deployed) expect(p.options.dependsOn).toEqual([`${addons}-kube-prometheus-stack-namespace`]);
    }
    expect(built.every((p) => (p.metadata as any).namespace === 'monitoring')).toBe(true);
    expect(validateObjects(built)).toEqual([]);
    expect(stack.addons.networkPolicies.has('monitoring-default-deny')).toBe(true);
  });

  test('every pod of the namespace is isolated both ways, DNS aside', () => {
    const [deny] = monitoringNetworkPolicies(resolve(cqar));
    expect(deny.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [
        expect.objectContaining({
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        }),
      ],
    });
  });
});

test("what leads outside the cluster's pods: node ports from Prometheus, the API server, Alertmanager's receivers, DNS", () => {
  const spec = resolve(cqar);
  const network = spec.cluster.networkCidr;
  // each policy's egress rules to addresses rather than pods: where to (no `to`: anywhere), on which ports
  const outside = Object.fromEntries(
    monitoringNetworkPolicies(spec).map((p: any) => [
      p.metadata.name,
      p.spec.egress
        .filter((r: any) => r.to === undefined || r.to.some((peer: any) => peer.ipBlock))
        .map((r: any) => [r.to?.map((peer: any) => peer.ipBlock ?? peer) ?? 'anywhere', r.ports.map((x: any) => x.port)]),
    ]),
  );
  const apiServer = [[{ cidr: network }], [443]];
  expect(outside).toEqual({
    'monitoring-default-deny': [
      [
        [expect.anything(), { cidr: '169.254.20.10/32' }, { cidr: '169.254.169.254/32' }], // NodeLocal DNSCache, Cloud DNS for GKE
        [53, 53],
      ],
    ],
    'monitoring-prometheus': [['anywhere', [P.nodeExporter, P.kubelet, P.kubeProxy]], apiServer],
    'monitoring-alertmanager': [
      [[{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'] }], [443]],
    ],
    'monitoring-grafana': [apiServer],
    'monitoring-operator': [apiServer],
    'monitoring-kube-state-metrics': [apiServer],
    'monitoring-webhook-jobs': [apiServer],
  });
});

describe('flows through the monitoring namespace (the NetworkPolicy model), for CQAR: GCP, NATS, its own Gateway', () => {
  const spec = resolve(cqar);
  const manifests = chartManifests(cqar) as any[];
  const objects = [...monitoringNetworkPolicies(spec), ...envoyGatewayNetworkPolicies(spec), ...manifests];
  const nsLabels = (name: string) => ({ 'kubernetes.io/metadata.name': name });
  const at = (namespace: string, labels: Record<string, string>): Pod => ({ namespace, namespaceLabels: nsLabels(namespace), labels });
  const address = (ip: string): Pod => ({ namespace: '', namespaceLabels: {}, labels: {}, ip, external: true });
  const templateLabels = (kind: string, name: string) =>
    manifests.find((m) => m.kind === kind && m.metadata.name === name).spec.template.metadata.labels as Record<string, string>;

  // The pods as their charts and the Prometheus Operator label them (every label, not only those the policies select).
  const monitoring = (labels: Record<string, string>) => at('monitoring', labels);
  const prometheus = monitoring(PROMETHEUS_POD_LABELS);
  const alertmanager = monitoring(ALERTMANAGER_POD_LABELS);
  const grafana = monitoring({ 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': 'kube-prometheus-stack' });
  const operator = monitoring({
    app: 'kube-prometheus-stack-operator',
    release: 'kube-prometheus-stack',
    'app.kubernetes.io/name': 'kube-prometheus-stack-prometheus-operator',
    'app.kubernetes.io/component': 'prometheus-operator',
  });
  const kubeStateMetrics = monitoring({
    'app.kubernetes.io/name': 'kube-state-metrics',
    'app.kubernetes.io/instance': 'kube-prometheus-stack',
  });
  const webhookJob = monitoring({
    app: 'kube-prometheus-stack-admission-create',
    release: 'kube-prometheus-stack',
    'app.kubernetes.io/component': 'prometheus-operator-webhook',
  });
  const stackPod = at(spec.namespace, templateLabels('Deployment', 'cqar'));
  const nats = at(spec.namespace, templateLabels('StatefulSet', 'nats'));
  const envoy = at('envoy-gateway-system', envoyProxyLabels(spec.edge.gateway));
  const envoyController = at('envoy-gateway-system', { ...ENVOY_GATEWAY_CONTROLLER_LABELS });
  const dnsPod = at('kube-system', { 'k8s-app': 'kube-dns' });
  const konnectivity = at('kube-system', { 'k8s-app': 'konnectivity-agent' });
  const otherPod = at('other', { app: 'curious' });
  // addresses: a node and the API server's private endpoint in the node subnet, a VPC host, the internet
  const node = address('10.0.3.7');
  const apiServer = address('10.0.0.2');
  const vpcHost = address('10.0.200.9');
  const internet = address('198.51.100.7');

  test.each<[string, Pod, number, string?]>([
    ["the stack's service, on its metrics port", stackPod, 9091],
    ['NATS, on its exporter port', nats, NATS_PORTS.metrics],
    ['the Envoy replicas, on their metrics port', envoy, ENVOY_PROXY_PORTS.metrics],
    ["Envoy Gateway's controller, on its metrics port", envoyController, ENVOY_GATEWAY_PORTS.metrics],
    ['itself, and its config reloader', prometheus, P.prometheus],
    ["Prometheus' config reloader", prometheus, P.configReloader],
    ['Alertmanager, to send alerts', alertmanager, P.alertmanager],
    ["Alertmanager's config reloader", alertmanager, P.configReloader],
    ['Grafana', grafana, P.grafana],
    ['the operator', operator, P.operator],
    ['kube-state-metrics', kubeStateMetrics, P.kubeStateMetrics],
    ['node-exporter on a node', node, P.nodeExporter],
    ['the kubelet (cAdvisor) on a node', node, P.kubelet],
    ['kube-proxy on a node', node, P.kubeProxy],
    ['the API server', apiServer, 443],
    ['the DNS pods', dnsPod, 53, 'UDP'],
  ])('Prometheus reaches %s', (_, destination, port, protocol = 'TCP') => {
    expect(canConnect(objects, prometheus, destination, port, protocol)).toBe(true);
  });

  test.each<[string, Pod, Pod, number, string?]>([
    ['Grafana reaches Prometheus', grafana, prometheus, P.prometheus],
    ['Grafana reaches Alertmanager', grafana, alertmanager, P.alertmanager],
    ["Grafana's sidecars reach the API server", grafana, apiServer, 443],
    ['Alertmanager gossips with its peers over TCP', alertmanager, alertmanager, P.alertmanagerMesh],
    ['Alertmanager gossips with its peers over UDP', alertmanager, alertmanager, P.alertmanagerMesh, 'UDP'],
    ['Alertmanager reaches its receivers on the internet', alertmanager, internet, 443],
    ["the API server (through GKE's Konnectivity agents) reaches the operator's webhook", konnectivity, operator, P.operator],
    ['an address of the VPC reaches the webhook too (EKS: the control plane)', vpcHost, operator, P.operator],
    ['the operator reaches the API server', operator, apiServer, 443],
    ['kube-state-metrics reaches the API server', kubeStateMetrics, apiServer, 443],
    ["the webhook's certificate Jobs reach the API server", webhookJob, apiServer, 443],
    ['kube-state-metrics resolves names', kubeStateMetrics, dnsPod, 53, 'UDP'],
  ])('%s', (_, source, destination, port, protocol = 'TCP') => {
    expect(canConnect(objects, source, destination, port, protocol)).toBe(true);
  });

  test.each<[string, Pod, Pod, number, string?]>([
    ["a stack's pod reaches Grafana", stackPod, grafana, P.grafana],
    ["a stack's pod reaches Prometheus", stackPod, prometheus, P.prometheus],
    ['a pod of another namespace reaches Alertmanager', otherPod, alertmanager, P.alertmanager],
    ['a pod of another namespace reaches kube-state-metrics', otherPod, kubeStateMetrics, P.kubeStateMetrics],
    ['Grafana reaches kube-state-metrics', grafana, kubeStateMetrics, P.kubeStateMetrics],
    ["Grafana reaches a stack's pod", grafana, stackPod, 9091],
    ['Grafana reaches the internet', grafana, internet, 443],
    ['Alertmanager reaches an address of the VPC (an internal load balancer)', alertmanager, vpcHost, 443],
    ['Alertmanager reaches the metadata server', alertmanager, address('169.254.169.254'), 80],
    ["Alertmanager reaches a stack's pod", alertmanager, stackPod, 9091],
    ['Alertmanager gossips with anyone else', otherPod, alertmanager, P.alertmanagerMesh],
    ['the operator reaches the internet', operator, internet, 443],
    ["the operator's pod is reached on another port", konnectivity, operator, 8080],
    ['kube-state-metrics reaches the internet', kubeStateMetrics, internet, 443],
    ['the Jobs reach a node on another port', webhookJob, node, 22],
    ['Prometheus reaches a node on another port (SSH)', prometheus, node, 22],
    ['Prometheus reaches the internet on 443', prometheus, internet, 443],
    ['Prometheus reaches an address of the VPC on a port of its own', prometheus, vpcHost, 9090],
    ['a monitoring pod resolves names through any pod of kube-system', grafana, konnectivity, 53, 'UDP'],
  ])('fails when %s', (_, source, destination, port, protocol = 'TCP') => {
    expect(canConnect(objects, source, destination, port, protocol)).toBe(false);
  });
});

describe('through Service addresses: Grafana to its data sources, every pod to DNS (EKS judges egress on the ClusterIP)', () => {
  // The Services as kube-prometheus-stack 88.2.0 writes them (templates/prometheus/service.yaml,
  // templates/alertmanager/service.yaml, with the release `kube-prometheus-stack`), written here from the chart and
  // not from the library: their selectors are not the pods' labels, only some of them.
  const ns = { 'kubernetes.io/metadata.name': 'monitoring' };
  const backend = (labels: Record<string, string>, ports: Backend['ports']): Backend => ({
    namespace: 'monitoring',
    namespaceLabels: ns,
    labels,
    ports,
  });
  // the pods as the Prometheus Operator v0.93 labels them (makeSelectorLabels) and names their ports
  const prometheusPod = backend(PROMETHEUS_POD_LABELS, [
    { name: 'http-web', containerPort: 9090 },
    { name: 'reloader-web', containerPort: 8080 },
  ]);
  const alertmanagerPod = backend(ALERTMANAGER_POD_LABELS, [
    { name: 'http-web', containerPort: 9093 },
    { name: 'mesh-tcp', containerPort: 9094 },
    { name: 'mesh-udp', containerPort: 9094, protocol: 'UDP' },
    { name: 'reloader-web', containerPort: 8080 },
  ]);
  const grafana = backend({ 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': 'kube-prometheus-stack' }, [
    { name: 'grafana', containerPort: 3000 },
  ]);
  const kubeStateMetrics = backend(
    { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/instance': 'kube-prometheus-stack' },
    [{ name: 'http', containerPort: 8080 }],
  );
  const operator = backend({ app: 'kube-prometheus-stack-operator', release: 'kube-prometheus-stack' }, [
    { name: 'https', containerPort: 10250 },
  ]);
  const prometheusService: Service = {
    namespace: 'monitoring',
    selector: { 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': 'kube-prometheus-stack-prometheus' },
    clusterIP: '172.20.31.4',
    ports: [
      { name: 'http-web', port: 9090, targetPort: 9090 },
      { name: 'reloader-web', port: 8080, targetPort: 'reloader-web' },
    ],
    pods: [prometheusPod],
  };
  const alertmanagerService: Service = {
    namespace: 'monitoring',
    selector: { 'app.kubernetes.io/name': 'alertmanager', alertmanager: 'kube-prometheus-stack-alertmanager' },
    clusterIP: '172.20.31.5',
    ports: [
      { name: 'http-web', port: 9093, targetPort: 9093, protocol: 'TCP' },
      { name: 'reloader-web', port: 8080, targetPort: 'reloader-web' },
    ],
    pods: [alertmanagerPod],
  };
  // the subcharts' Services: grafana 12.10.4 (port 80 to 3000), kube-state-metrics 8.2.0; and the operator's
  const grafanaService: Service = {
    namespace: 'monitoring',
    selector: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': 'kube-prometheus-stack' },
    clusterIP: '172.20.31.6',
    ports: [{ name: 'http-web', port: 80, targetPort: 3000 }],
    pods: [grafana],
  };
  const kubeStateMetricsService: Service = {
    namespace: 'monitoring',
    selector: { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/instance': 'kube-prometheus-stack' },
    clusterIP: '172.20.31.7',
    ports: [{ name: 'http', port: 8080, targetPort: 'http' }],
    pods: [kubeStateMetrics],
  };
  const operatorService: Service = {
    namespace: 'monitoring',
    selector: { app: 'kube-prometheus-stack-operator', release: 'kube-prometheus-stack' },
    clusterIP: '172.20.31.8',
    ports: [{ name: 'https', port: 443, targetPort: 'https' }],
    pods: [operator],
  };
  const kubeDns = kubeDnsService;
  // `kubernetes` in default: no selector, its endpoints the API server's addresses
  const kubernetesService: Service = {
    namespace: 'default',
    selector: {},
    clusterIP: '172.20.0.1',
    ports: [{ name: 'https', port: 443, targetPort: 443 }],
  };

  const clusters: [string, Cni, ProductionStackProps][] = [
    ['EKS (the VPC CNI)', 'aws-vpc', awsSpec],
    ['GKE (Dataplane V2, Cilium)', 'cilium', cqar],
  ];
  describe.each(clusters)('%s', (_, cni, props) => {
    const objects = monitoringNetworkPolicies(resolve(props));

    test.each<[string, Pod, Service, number]>([
      ['Grafana reaches the Prometheus Service (its default data source)', grafana, prometheusService, P.prometheus],
      ['Grafana reaches the Alertmanager Service (its Alertmanager data source)', grafana, alertmanagerService, P.alertmanager],
    ])('%s', (_what, source, service, port) => {
      expect(canConnectToService(objects, source, service, port, { cni })).toBe(true);
    });

    test.each<[string, Pod, Service, number]>([
      ["Grafana reaches Prometheus' config reloader", grafana, prometheusService, 8080],
      ["Grafana reaches Alertmanager's config reloader", grafana, alertmanagerService, 8080],
      ['Grafana reaches the kube-state-metrics Service', grafana, kubeStateMetricsService, 8080],
      ["Grafana reaches the operator's Service", grafana, operatorService, 443],
      ['Alertmanager reaches the Prometheus Service', alertmanagerPod, prometheusService, P.prometheus],
      ['Alertmanager reaches the Grafana Service', alertmanagerPod, grafanaService, 80],
      ['kube-state-metrics reaches the Prometheus Service', kubeStateMetrics, prometheusService, P.prometheus],
    ])('fails when %s', (_what, source, service, port) => {
      expect(canConnectToService(objects, source, service, port, { cni })).toBe(false);
    });

    test.each<[string, Backend]>([
      ['Prometheus', prometheusPod],
      ['Alertmanager', alertmanagerPod],
      ['Grafana', grafana],
      ['the operator', operator],
      ['kube-state-metrics', kubeStateMetrics],
    ])('%s resolves names through the kube-dns Service, over UDP and TCP, and reaches nothing else of it', (_what, source) => {
      for (const service of [kubeDns('numbers'), kubeDns('names')]) {
        expect(canConnectToService(objects, source, service, 53, { cni, protocol: 'UDP' })).toBe(true);
        expect(canConnectToService(objects, source, service, 53, { cni, protocol: 'TCP' })).toBe(true);
        if (source !== prometheusPod) expect(canConnectToService(objects, source, service, 9153, { cni })).toBe(false);
      }
    });
  });

  test("on EKS, Grafana's sidecars reach the `kubernetes` Service's address, and Grafana no other Service's", () => {
    const objects = monitoringNetworkPolicies(resolve(awsSpec));
    expect(egressToServiceAddress(objects, grafana, kubernetesService, 443)).toBe(true);
    expect(egressToServiceAddress(objects, grafana, { ...kubernetesService, clusterIP: '172.20.0.9' }, 443)).toBe(false);
  });

  test("the library's Prometheus and Alertmanager peers are those Services' selectors, which the pods carry", () => {
    expect(MONITORING_POD_LABELS.prometheus).toEqual(prometheusService.selector);
    expect(MONITORING_POD_LABELS.alertmanager).toEqual(alertmanagerService.selector);
    for (const s of [prometheusService, alertmanagerService]) expect(s.pods![0].labels).toMatchObject(s.selector);
  });
});

describe("what the values and policies assume of the chart (kube-prometheus-stack 88.2.0's values.yaml, vendored)", () => {
  const { raw, parsed } = vendoredChart('kube-prometheus-stack-88.2.0.values.yaml');

  test("the values are keys of the chart's values.yaml", () => {
    // Grafana's `resources` is its subchart's (grafana 12.10.4), which kube-prometheus-stack's values leave out
    expect(unknownKeys(kubePrometheusStackValues(resolve(cqar)), parsed, raw, ['grafana.resources'])).toEqual([]);
  });

  test('Grafana reads its admin credentials from `grafana.admin`, and the chart sets no password of its own', () => {
    expect(parsed.grafana.admin).toEqual({ existingSecret: '', userKey: GRAFANA_ADMIN.userKey, passwordKey: GRAFANA_ADMIN.passwordKey });
    expect(parsed.grafana.adminUser).toBe(GRAFANA_ADMIN.user);
    expect(parsed.grafana).not.toHaveProperty('adminPassword');
  });

  test('the ports and the release the policies assume', () => {
    expect(parsed.prometheus.service).toMatchObject({ port: P.prometheus, targetPort: P.prometheus, reloaderWebPort: P.configReloader });
    expect(parsed.alertmanager.service).toMatchObject({ port: P.alertmanager, targetPort: P.alertmanager });
    expect(parsed.prometheusOperator.tls).toMatchObject({ enabled: true, internalPort: P.operator });
    expect(parsed.prometheusOperator.admissionWebhooks.deployment.enabled).toBe(false);
    expect(parsed.kubeProxy.service).toMatchObject({ port: P.kubeProxy, targetPort: P.kubeProxy });
    expect(parsed.alertmanager.alertmanagerSpec).not.toHaveProperty('listenLocal', true);
    expect(MONITORING_POD_LABELS.operator).toEqual({ app: 'kube-prometheus-stack-operator' });
  });
});
