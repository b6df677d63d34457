/**
 * The NetworkPolicies of the add-ons' namespaces besides Envoy Gateway's and monitoring's (#18): cert-manager,
 * External Secrets, KEDA, Karpenter, istio-system and NACK's. Under Pulumi mocks: deployed as built, in their
 * namespaces once these exist, on every cluster, only with their add-on, and valid against the Kubernetes schema.
 * Then checked flow by flow with the NetworkPolicy model of test/support/netpol.ts, with the stack's own
 * policies (the NATS policy admits KEDA and NACK) and the monitoring namespace's (Prometheus scrapes): what must
 * work, and what must not. Last, what the policies assume of the charts, against their vendored values.yaml.
 */
import {
  CERT_MANAGER_POD_LABELS,
  CERT_MANAGER_PORTS,
  EXTERNAL_SECRETS_POD_LABELS,
  EXTERNAL_SECRETS_PORTS,
  ISTIOD_LABELS,
  ISTIOD_PORTS,
  KARPENTER_METRICS_PORT,
  KARPENTER_POD_LABELS,
  KEDA_POD_LABELS,
  KEDA_PORTS,
  certManagerNetworkPolicies,
  certManagerValues,
  externalSecretsNetworkPolicies,
  externalSecretsValues,
  istioNetworkPolicies,
  istiodValues,
  karpenterNetworkPolicies,
  kedaNetworkPolicies,
  monitoringNetworkPolicies,
  nackNetworkPolicies,
} from '../../lib/addons';
import type { Manifest } from '../../lib/addons';
import { kedaValues } from '../../lib/addons/values';
import { type ProductionStackProps, type ResolvedStack, resolve } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { standbyNetworks } from '../../lib/stack/pulumi';
import { chartManifests } from '../../lib/stack/workloads';
import { spec as qbitel } from '../../examples/qbitel/spec';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { ofType } from '../support/plan';
import {
  CERT_MANAGER_POLICY_NAMES,
  EXTERNAL_SECRETS_POLICY_NAMES,
  ISTIO_POLICY_NAMES,
  KARPENTER_POLICY_NAMES,
  KEDA_POLICY_NAMES,
  NACK_POLICY_NAMES,
} from '../plan/names-cluster';
import { type Pod, canConnect } from '../support/netpol';
import { validateObjects } from '../support/schema';
import { vendoredChart } from '../support/chart-values';
import { PROMETHEUS_POD_LABELS } from '../support/operator-pods';

/* eslint-disable @typescript-eslint/no-explicit-any */

const POLICY = 'kubernetes:networking.k8s.io/v1:NetworkPolicy';
const NAMESPACE = 'kubernetes:core/v1:Namespace';

const route = (spec: ProductionStackProps): ProductionStackProps => ({
  ...spec,
  services: spec.services.map((s) => ({ ...s, route: { host: 'shop.example.com' } })),
});

/** The AWS fixture with a route for the failover name: HTTP-01 nowhere, DNS-01 through Route 53, two clusters. */
const awsFailover: ProductionStackProps = {
  ...route(awsSpec),
  dr: { standbyRegion: 'us-east-2', dns: { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' } },
};

/** The GCP fixture likewise: DNS-01 through Cloud DNS (Workload Identity), two clusters. */
const gcpFailover: ProductionStackProps = {
  ...route(gcpSpec),
  dr: {
    standbyRegion: 'europe-west4',
    dns: { zoneId: 'example-com', name: 'shop.example.com', targets: { 'europe-west1': '203.0.113.10', 'europe-west4': '198.51.100.20' } },
  },
};

/** QBITEL (AWS: NATS, a worker on a NATS queue, the mesh, a route) with its worker on a Redis list instead. */
const qbitelRedis: ProductionStackProps = {
  ...qbitel,
  services: qbitel.services.map((s) =>
    s.queue ? { ...s, queue: { redis: { list: 'qbitel:jobs' }, targetPerReplica: 20, minReplicas: 2, maxReplicas: 6 } } : s,
  ),
};

/** Every add-on namespace's builder, with the policy names pinned in test/plan/names-cluster.ts. */
const BUILDERS: readonly [string, (spec: ResolvedStack) => Manifest[], readonly string[]][] = [
  ['cert-manager', certManagerNetworkPolicies, CERT_MANAGER_POLICY_NAMES],
  ['external-secrets', externalSecretsNetworkPolicies, EXTERNAL_SECRETS_POLICY_NAMES],
  ['karpenter', karpenterNetworkPolicies, KARPENTER_POLICY_NAMES],
  ['nack', nackNetworkPolicies, NACK_POLICY_NAMES],
  ['keda', kedaNetworkPolicies, KEDA_POLICY_NAMES],
  ['istio-system', istioNetworkPolicies, ISTIO_POLICY_NAMES],
];

/** The namespace resource each namespace's policies wait for (named after the add-on's release). */
const NAMESPACE_RESOURCE: Readonly<Record<string, string>> = {
  'cert-manager': 'cert-manager-namespace',
  'external-secrets': 'external-secrets-namespace',
  karpenter: 'karpenter-namespace',
  nack: 'nack-namespace',
  keda: 'keda-namespace',
  'istio-system': 'istiod-namespace',
};

const specs: Record<'qbitel' | 'awsFailover' | 'gcpFailover' | 'gcp', ProductionStackProps> = {
  qbitel,
  awsFailover,
  gcpFailover,
  gcp: gcpSpec,
};
const plans: Partial<Record<keyof typeof specs, PlanResource[]>> = {};
beforeAll(async () => {
  for (const [key, spec] of Object.entries(specs))
    plans[key as keyof typeof specs] = await plan(() => new ProductionStack(spec.name, spec));
});

describe('deployed as built', () => {
  test.each<[keyof typeof specs, string[], string[]]>([
    // QBITEL: AWS, NATS, a worker on a queue, the mesh
    ['qbitel', ['qbitel-addons'], ['cert-manager', 'external-secrets', 'karpenter', 'nack', 'keda', 'istio-system']],
    ['awsFailover', ['shop-addons', 'shop-standby-addons'], ['cert-manager', 'external-secrets', 'karpenter']],
    ['gcpFailover', ['shop-addons', 'shop-standby-addons'], ['cert-manager', 'external-secrets']],
    ['gcp', ['shop-addons'], ['cert-manager', 'external-secrets']],
  ])('%s: on each cluster (%j), the policies of exactly %j, in their namespaces once these exist', (key, clusters, namespaces) => {
    const spec = resolve(specs[key]);
    // without their add-on, no policies
    for (const [, build] of BUILDERS.filter(([ns]) => !namespaces.includes(ns))) expect(build(spec)).toEqual([]);
    for (const addons of clusters) {
      const deployed = ofType(plans[key]!, POLICY).filter(
        (p) => p.name.startsWith(`${addons}-networkpolicy-`) && !/-networkpolicy-(monitoring|envoy-gateway)-/.test(p.name),
      );
      // the standby cluster's add-ons see the VPCs from the standby (on AWS its own VPC first)
      const view = addons.includes('-standby-') ? standbyNetworks(spec) : spec;
      const expected = BUILDERS.filter(([ns]) => namespaces.includes(ns)).flatMap(([ns, build, names]) => {
        const built = build(view);
        expect(built.map((p) => p.metadata.name)).toEqual(names);
        return built.map((p) => ({
          name: `${addons}-networkpolicy-${p.metadata.name}`,
          inputs: p,
          namespace: `${addons}-${NAMESPACE_RESOURCE[ns]}`,
        }));
      });
      const byName = (x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name);
      expect(deployed.map((p) => ({ name: p.name, inputs: p.inputs })).sort(byName)).toEqual(
        expected.map(({ name, inputs }) => ({ name, inputs })).sort(byName),
      );
      for (const e of expected) {
        const p = deployed.find((d) => d.name === e.name)!;
        expect(p.options.dependsOn).toEqual([e.namespace]);
        // the namespace they wait for is theirs
        const ns = ofType(plans[key]!, NAMESPACE).find((n) => n.name === e.namespace)!;
        expect((p.inputs as any).metadata.namespace).toBe(ns.inputs.metadata.name);
      }
    }
  });

  test('none in kube-system, and every one valid against the Kubernetes schema', () => {
    for (const spec of [qbitel, qbitelRedis, awsFailover, gcpFailover, gcpSpec].map((s) => resolve(s))) {
      const built = BUILDERS.flatMap(([, build]) => build(spec));
      expect(built.filter((p: any) => p.metadata.namespace === 'kube-system')).toEqual([]);
      expect(validateObjects(built)).toEqual([]);
    }
  });

  test('every egress rule names its destination (pods, namespaces or address blocks), and its ports', () => {
    for (const spec of [qbitel, qbitelRedis, awsFailover, gcpFailover, gcpSpec].map((s) => resolve(s))) {
      const rules = (BUILDERS.flatMap(([, build]) => build(spec)) as any[]).flatMap((p) =>
        p.spec.egress.map((rule: any) => [p.metadata.name, rule]),
      );
      expect(rules.length).toBeGreaterThan(0);
      expect(rules.filter(([, rule]) => !(rule.to?.length > 0) || !(rule.ports?.length > 0))).toEqual([]);
    }
  });
});

describe('egress to a Service names exactly its selector (the VPC CNI gives a peer the ClusterIPs of the Services it selects)', () => {
  /** The peers with a pod selector of the policy's egress rule to `port`. */
  const egressPeers = (policies: Manifest[], name: string, port: number) =>
    (policies.find((p) => p.metadata.name === name) as any).spec.egress
      .filter((r: any) => r.ports.some((p: any) => p.port === port))
      .flatMap((r: any) => r.to)
      .filter((peer: any) => peer.podSelector);

  test("NACK reaches the NATS Service (nats, ClusterIP): the peer's pod selector is the Service's selector", () => {
    const service = (chartManifests(qbitel) as any[]).find((m) => m.kind === 'Service' && m.metadata.name === 'nats');
    const [peer] = egressPeers(nackNetworkPolicies(resolve(qbitel)), 'nack-controller', 4222);
    expect(peer.podSelector.matchLabels).toEqual(service.spec.selector);
    expect(peer.namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': service.metadata.namespace });
  });

  test("KEDA's metrics server reaches the operator's Service (keda-operator, chart 2.20: selector app: keda-operator)", () => {
    const [peer] = egressPeers(kedaNetworkPolicies(resolve(qbitel)), 'keda-metrics-apiserver', KEDA_PORTS.metricsService);
    expect(peer.podSelector.matchLabels).toEqual({ app: 'keda-operator' });
  });

  test("KEDA's operator reads NATS through its headless Service (pod addresses, no ClusterIP)", () => {
    const headless = (chartManifests(qbitel) as any[]).find((m) => m.kind === 'Service' && m.spec.clusterIP === 'None');
    const scaled = (chartManifests(qbitel) as any[]).find((m) => m.kind === 'ScaledObject');
    expect(scaled.spec.triggers[0].metadata.natsServerMonitoringEndpoint).toContain(`${headless.metadata.name}.`);
    const [peer] = egressPeers(kedaNetworkPolicies(resolve(qbitel)), 'keda-operator', 8222);
    expect(peer.podSelector.matchLabels).toEqual(headless.spec.selector);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Flows, with the NetworkPolicy model.

const nsLabels = (name: string) => ({ 'kubernetes.io/metadata.name': name });
const at = (namespace: string, labels: Readonly<Record<string, string>>): Pod => ({
  namespace,
  namespaceLabels: nsLabels(namespace),
  labels: { ...labels },
});
const address = (ip: string): Pod => ({ namespace: '', namespaceLabels: {}, labels: {}, ip, external: true });

/** Every policy of the cluster a spec makes: the add-ons' and the stack's own. */
function objectsOf(props: ProductionStackProps): any[] {
  const spec = resolve(props);
  return [...BUILDERS.flatMap(([, build]) => build(spec)), ...monitoringNetworkPolicies(spec), ...chartManifests(props)];
}

const templateLabels = (props: ProductionStackProps, kind: string, name: string): Record<string, string> =>
  (chartManifests(props) as any[]).find((m) => m.kind === kind && m.metadata.name === name).spec.template.metadata.labels;

/** The pods of the add-ons, with every label their charts give them (not only those the policies select). */
const pods = {
  certManager: {
    controller: at('cert-manager', { app: 'cert-manager', ...CERT_MANAGER_POD_LABELS.controller, 'app.kubernetes.io/version': 'v1.21.2' }),
    webhook: at('cert-manager', { app: 'webhook', ...CERT_MANAGER_POD_LABELS.webhook }),
    cainjector: at('cert-manager', { app: 'cainjector', ...CERT_MANAGER_POD_LABELS.cainjector }),
    startupapicheck: at('cert-manager', { app: 'startupapicheck', ...CERT_MANAGER_POD_LABELS.startupapicheck }),
  },
  externalSecrets: {
    controller: at('external-secrets', { ...EXTERNAL_SECRETS_POD_LABELS.controller, 'app.kubernetes.io/managed-by': 'Helm' }),
    webhook: at('external-secrets', { ...EXTERNAL_SECRETS_POD_LABELS.webhook, 'app.kubernetes.io/managed-by': 'Helm' }),
    certController: at('external-secrets', { ...EXTERNAL_SECRETS_POD_LABELS.certController, 'app.kubernetes.io/managed-by': 'Helm' }),
  },
  keda: {
    operator: at('keda', {
      app: 'keda-operator',
      name: 'keda-operator',
      'app.kubernetes.io/name': 'keda-operator',
      'app.kubernetes.io/instance': 'keda',
    }),
    metricsApiServer: at('keda', {
      app: 'keda-operator-metrics-apiserver',
      'app.kubernetes.io/name': 'keda-operator-metrics-apiserver',
      'app.kubernetes.io/instance': 'keda',
    }),
    webhooks: at('keda', {
      app: 'keda-admission-webhooks',
      name: 'keda-admission-webhooks',
      'app.kubernetes.io/name': 'keda-admission-webhooks',
      'app.kubernetes.io/instance': 'keda',
    }),
  },
  karpenter: at('karpenter', { ...KARPENTER_POD_LABELS, 'app.kubernetes.io/version': '1.14.1' }),
  istiod: at('istio-system', {
    ...ISTIOD_LABELS,
    'istio.io/rev': 'default',
    'app.kubernetes.io/name': 'istiod',
    'sidecar.istio.io/inject': 'false',
  }),
  // as the Prometheus Operator labels its pods
  prometheus: at('monitoring', PROMETHEUS_POD_LABELS),
  dns: at('kube-system', { 'k8s-app': 'kube-dns' }),
  /** The API server's calls on GKE come through these agents. */
  konnectivity: at('kube-system', { 'k8s-app': 'konnectivity-agent' }),
  other: at('other', { app: 'curious' }),
};

/** Addresses: the API server's private endpoint, the EKS `kubernetes` Service, a VPC host, the internet, the metadata servers. */
const addresses = {
  apiServer: address('10.0.0.2'),
  kubernetesService: address('172.20.0.1'),
  /** A VPC address: an interface endpoint, or the EKS control plane's interface calling a webhook. */
  vpcHost: address('10.0.200.9'),
  internet: address('198.51.100.7'),
  metadata: address('169.254.169.254'),
  metadataDpv2: address('169.254.169.252'),
};

type Flow = [string, Pod, Pod, number, string?];
const flows = (objects: any[], list: Flow[], expected: boolean) =>
  test.each(list)(`${expected ? '' : 'fails when '}%s`, (_, source, destination, port, protocol = 'TCP') => {
    expect(canConnect(objects, source, destination, port, protocol)).toBe(expected);
  });

describe('cert-manager', () => {
  const cm = pods.certManager;
  const P = CERT_MANAGER_PORTS;

  describe('with HTTP-01 hosts (QBITEL, AWS)', () => {
    const objects = objectsOf(qbitel);
    flows(
      objects,
      [
        ["the API server (from the control plane's interfaces in the VPC) calls the webhook", addresses.vpcHost, cm.webhook, P.webhook],
        ["the API server (through GKE's Konnectivity agents) calls the webhook", pods.konnectivity, cm.webhook, P.webhook],
        ['Prometheus scrapes the controller', pods.prometheus, cm.controller, P.metrics],
        ['Prometheus scrapes the webhook', pods.prometheus, cm.webhook, P.metrics],
        ['Prometheus scrapes the CA injector', pods.prometheus, cm.cainjector, P.metrics],
        ['the controller reaches the API server', cm.controller, addresses.apiServer, 443],
        ["the controller reaches the API server through EKS's kubernetes Service", cm.controller, addresses.kubernetesService, 443],
        ["the controller reaches Let's Encrypt", cm.controller, addresses.internet, P.https],
        ['the controller GETs the challenge through the public load balancer (the self-check)', cm.controller, addresses.internet, P.http],
        ['the controller resolves names', cm.controller, pods.dns, 53, 'UDP'],
        ['the webhook reaches the API server', cm.webhook, addresses.apiServer, 443],
        ['the CA injector reaches the API server', cm.cainjector, addresses.apiServer, 443],
        ['the startupapicheck Job reaches the API server', cm.startupapicheck, addresses.apiServer, 443],
      ],
      true,
    );
    flows(
      objects,
      [
        ['the controller queries nameservers on the internet (no DNS-01 host)', cm.controller, addresses.internet, P.dns, 'UDP'],
        ['the controller reaches an address of the VPC on 80 (an internal load balancer)', cm.controller, addresses.vpcHost, 80],
        ['the controller reaches the metadata server', cm.controller, addresses.metadata, 80],
        [
          "the controller reaches the stack's HTTP-01 solver pods (the self-check goes through the load balancer)",
          cm.controller,
          at('qbitel', { 'acme.cert-manager.io/http01-solver': 'true' }),
          8089,
        ],
        ['the controller reaches the internet on another port', cm.controller, addresses.internet, 8443],
        ['a pod of another namespace scrapes the controller', pods.other, cm.controller, P.metrics],
        ["the webhook's pod is reached on another port", addresses.vpcHost, cm.webhook, 6080],
        ['the webhook reaches the internet', cm.webhook, addresses.internet, 443],
        ['the CA injector reaches the internet', cm.cainjector, addresses.internet, 443],
        ['the startupapicheck Job reaches the internet', cm.startupapicheck, addresses.internet, 443],
        [
          'a pod of the namespace without a policy of its own reaches the API server',
          at('cert-manager', { app: 'other' }),
          addresses.apiServer,
          443,
        ],
        ['a cert-manager pod resolves names through any pod of kube-system', cm.controller, pods.konnectivity, 53, 'UDP'],
      ],
      false,
    );
  });

  describe('with DNS-01 through Route 53 (AWS, the failover name)', () => {
    flows(
      objectsOf(awsFailover),
      [
        ['the controller reaches Route 53 and STS on the internet', cm.controller, addresses.internet, 443],
        ["the controller reaches STS through the VPC's interface endpoint", cm.controller, addresses.vpcHost, 443],
        ['the controller queries the authoritative nameservers over UDP', cm.controller, addresses.internet, 53, 'UDP'],
        ['the controller queries the authoritative nameservers over TCP', cm.controller, addresses.internet, 53],
      ],
      true,
    );
    flows(
      objectsOf(awsFailover),
      [
        ['the controller reaches the internet on 80 (no HTTP-01 host)', cm.controller, addresses.internet, 80],
        ['the controller reaches the instance metadata service', cm.controller, addresses.metadata, 80],
      ],
      false,
    );
  });

  describe('with DNS-01 through Cloud DNS (GCP, the failover name)', () => {
    flows(
      objectsOf(gcpFailover),
      [
        ['the controller reaches Cloud DNS', cm.controller, addresses.internet, 443],
        ['the controller gets its Workload Identity token from the metadata server', cm.controller, addresses.metadata, 80],
        ['the controller reaches the metadata server of Dataplane V2', cm.controller, addresses.metadataDpv2, 988],
        ['the controller queries the authoritative nameservers', cm.controller, addresses.internet, 53, 'UDP'],
      ],
      true,
    );
    flows(objectsOf(gcpFailover), [['the webhook reaches the metadata server', cm.webhook, addresses.metadata, 80]], false);
  });

  describe('without ACME issuers (no route: GCP fixture)', () => {
    flows(
      objectsOf(gcpSpec),
      [
        ['the controller reaches the internet', cm.controller, addresses.internet, 443],
        ['the controller reaches the internet on 80', cm.controller, addresses.internet, 80],
      ],
      false,
    );
    flows(objectsOf(gcpSpec), [['the controller reaches the API server', cm.controller, addresses.apiServer, 443]], true);
  });
});

describe('External Secrets', () => {
  const eso = pods.externalSecrets;
  const P = EXTERNAL_SECRETS_PORTS;
  const common: Flow[] = [
    ["the API server (from the control plane's interfaces) calls the webhook", addresses.vpcHost, eso.webhook, P.webhook],
    ["the API server (through GKE's Konnectivity agents) calls the webhook", pods.konnectivity, eso.webhook, P.webhook],
    ['Prometheus scrapes the controller', pods.prometheus, eso.controller, P.metrics],
    ['Prometheus scrapes the webhook', pods.prometheus, eso.webhook, P.metrics],
    ['Prometheus scrapes the cert controller', pods.prometheus, eso.certController, P.metrics],
    ['the controller reaches the API server', eso.controller, addresses.apiServer, 443],
    ['the controller reaches the secret manager on the internet', eso.controller, addresses.internet, 443],
    ['the webhook reaches the API server', eso.webhook, addresses.apiServer, 443],
    ['the cert controller reaches the API server', eso.certController, addresses.apiServer, 443],
  ];
  const never: Flow[] = [
    ['a pod of another namespace scrapes the controller', pods.other, eso.controller, P.metrics],
    ["a pod of another namespace reaches the controller's webhook port", pods.other, eso.controller, P.webhook],
    ['the controller reaches the internet on another port', eso.controller, addresses.internet, 80],
    ['the webhook reaches the internet', eso.webhook, addresses.internet, 443],
    ['the cert controller reaches the internet', eso.certController, addresses.internet, 443],
    ["the controller reaches a stack's pod", eso.controller, at('shop', { 'app.kubernetes.io/name': 'api' }), 8080],
  ];

  describe('AWS: Secrets Manager through the interface endpoints', () => {
    flows(
      objectsOf(awsFailover),
      [
        ...common,
        ["the controller reaches Secrets Manager and STS through the VPC's interface endpoints", eso.controller, addresses.vpcHost, 443],
      ],
      true,
    );
    flows(
      objectsOf(awsFailover),
      [...never, ['the controller reaches the instance metadata service', eso.controller, addresses.metadata, 80]],
      false,
    );
  });

  describe("GCP: Secret Manager through Workload Identity (Google's STS, not the metadata server)", () => {
    flows(objectsOf(gcpSpec), common, true);
    flows(
      objectsOf(gcpSpec),
      [
        ...never,
        ['the controller reaches the metadata server (the store names its cluster)', eso.controller, addresses.metadata, 80],
        ['the controller reaches the metadata server of Dataplane V2', eso.controller, addresses.metadataDpv2, 988],
        ['the cert controller reaches the metadata server', eso.certController, addresses.metadata, 80],
      ],
      false,
    );
  });
});

describe('KEDA', () => {
  const k = pods.keda;
  const P = KEDA_PORTS;
  const nats = at(qbitel.namespace!, templateLabels(qbitel, 'StatefulSet', 'nats'));
  const worker = at(qbitel.namespace!, templateLabels(qbitel, 'Deployment', 'worker'));
  const redis = address('10.0.120.30');

  describe('with a worker on a NATS queue (QBITEL)', () => {
    const objects = objectsOf(qbitel);
    flows(
      objects,
      [
        ["the operator reads the consumers' lag on the NATS servers' monitoring port", k.operator, nats, 8222],
        ['the operator reaches the API server', k.operator, addresses.apiServer, 443],
        ["the metrics server reaches the operator's gRPC port", k.metricsApiServer, k.operator, P.metricsService],
        ['the metrics server reaches the API server', k.metricsApiServer, addresses.apiServer, 443],
        [
          "the API server (from the control plane's interfaces) reads the external metrics API",
          addresses.vpcHost,
          k.metricsApiServer,
          P.metricsApi,
        ],
        [
          "the API server (through GKE's Konnectivity agents) reads the external metrics API",
          pods.konnectivity,
          k.metricsApiServer,
          P.metricsApi,
        ],
        ['the API server calls the admission webhooks', addresses.vpcHost, k.webhooks, P.webhooks],
        ['the admission webhooks reach the API server', k.webhooks, addresses.apiServer, 443],
      ],
      true,
    );
    flows(
      objects,
      [
        ["the operator reaches the NATS servers' client port", k.operator, nats, 4222],
        ["the operator reaches a worker's pod", k.operator, worker, 8080],
        ['the operator reaches Redis (no worker on a Redis list)', k.operator, redis, 6379],
        ['the operator reaches the internet', k.operator, addresses.internet, 443],
        ["the metrics server reaches the NATS servers' monitoring port", k.metricsApiServer, nats, 8222],
        ["the admission webhooks reach the operator's gRPC port", k.webhooks, k.operator, P.metricsService],
        ["a pod of another namespace reaches the operator's gRPC port", pods.other, k.operator, P.metricsService],
        ['the admission webhooks reach the internet', k.webhooks, addresses.internet, 443],
        ["the metrics server's pod is reached on another port", addresses.vpcHost, k.metricsApiServer, 8080],
      ],
      false,
    );
  });

  describe('with a worker on a Redis list (QBITEL with a Redis queue, AWS: Redis in the VPC on 6379)', () => {
    const objects = objectsOf(qbitelRedis);
    flows(objects, [["the operator reads the list's length on Redis", k.operator, redis, 6379]], true);
    flows(
      objects,
      [
        ['the operator reaches Redis on another port', k.operator, redis, 6380],
        ['the operator reaches the NATS servers (no worker on a NATS queue)', k.operator, nats, 8222],
        ['the metrics server reaches Redis', k.metricsApiServer, redis, 6379],
      ],
      false,
    );
  });
});

describe('Karpenter (AWS)', () => {
  const objects = objectsOf(qbitel);
  flows(
    objects,
    [
      ['Prometheus scrapes the controller', pods.prometheus, pods.karpenter, KARPENTER_METRICS_PORT],
      ['the controller reaches the API server', pods.karpenter, addresses.apiServer, 443],
      ['the controller reaches EC2, SSM, Pricing, SQS on the internet', pods.karpenter, addresses.internet, 443],
      ["the controller reaches STS through the VPC's interface endpoint", pods.karpenter, addresses.vpcHost, 443],
    ],
    true,
  );
  flows(
    objects,
    [
      ['the controller reaches the instance metadata service', pods.karpenter, addresses.metadata, 80],
      ['the controller reaches the internet on 80', pods.karpenter, addresses.internet, 80],
      ['a pod of another namespace scrapes the controller', pods.other, pods.karpenter, KARPENTER_METRICS_PORT],
      ['an address of the VPC reaches the controller (it serves no webhook)', addresses.vpcHost, pods.karpenter, 8443],
      ['another pod of the namespace reaches the internet', at('karpenter', { app: 'other' }), addresses.internet, 443],
    ],
    false,
  );
});

describe('istiod (with the mesh)', () => {
  const objects = objectsOf(qbitel);
  const meshed = at(qbitel.namespace!, templateLabels(qbitel, 'Deployment', 'worker'));
  flows(
    objects,
    [
      ["a sidecar of the stack's pods takes its configuration and certificate (xDS, 15012)", meshed, pods.istiod, ISTIOD_PORTS.xds],
      ['a pod of any namespace reaches the xDS port (its own policies decide)', pods.other, pods.istiod, ISTIOD_PORTS.xds],
      [
        "the API server (from the control plane's interfaces) calls the injection webhook",
        addresses.vpcHost,
        pods.istiod,
        ISTIOD_PORTS.webhook,
      ],
      [
        "the API server (through GKE's Konnectivity agents) calls the injection webhook",
        pods.konnectivity,
        pods.istiod,
        ISTIOD_PORTS.webhook,
      ],
      ['Prometheus scrapes istiod', pods.prometheus, pods.istiod, ISTIOD_PORTS.metrics],
      ['istiod reaches the API server', pods.istiod, addresses.apiServer, 443],
    ],
    true,
  );
  flows(
    objects,
    [
      ['an address outside the cluster reaches the xDS port', addresses.internet, pods.istiod, ISTIOD_PORTS.xds],
      ['a pod reaches the plaintext xDS port', pods.other, pods.istiod, 15010],
      ["a pod reaches istiod's debug port", pods.other, pods.istiod, 8080],
      ["a stack's pod scrapes istiod", meshed, pods.istiod, ISTIOD_PORTS.metrics],
      ['istiod reaches the internet (no JWKS to fetch)', pods.istiod, addresses.internet, 443],
      ["istiod reaches a stack's pod", pods.istiod, meshed, 15020],
    ],
    false,
  );
});

describe("NACK (QBITEL's controller namespace)", () => {
  const objects = objectsOf(qbitel);
  const ns = resolve(qbitel).nats!.controllerNamespace;
  // the chart's pod, with the legacy labels of its default `useLegacyNames`, and with the modern ones
  const legacy = at(ns, { app: 'nack', chart: 'nack-0.36.0' });
  const modern = at(ns, { 'app.kubernetes.io/name': 'nack', 'app.kubernetes.io/instance': 'nack' });
  const nats = at(qbitel.namespace!, templateLabels(qbitel, 'StatefulSet', 'nats'));
  flows(
    objects,
    [
      ["the controller (legacy labels) reaches the NATS servers' client port", legacy, nats, 4222],
      ["the controller (app.kubernetes.io labels) reaches the NATS servers' client port", modern, nats, 4222],
      ['the controller reaches the API server', legacy, addresses.apiServer, 443],
      ['the controller resolves names', legacy, pods.dns, 53, 'UDP'],
    ],
    true,
  );
  flows(
    objects,
    [
      ["the controller reaches the NATS servers' monitoring port", legacy, nats, 8222],
      ["the controller reaches the NATS servers' cluster port", legacy, nats, 6222],
      ['the controller reaches the internet', legacy, addresses.internet, 443],
      ['a pod of another namespace reaches the controller', pods.other, legacy, 8081],
      ['Prometheus reaches the controller (it serves no metrics)', pods.prometheus, legacy, 8080],
    ],
    false,
  );
});

// ---------------------------------------------------------------------------------------------------------------

describe('what the policies assume of the charts (their vendored values.yaml)', () => {
  test('cert-manager v1.21: the webhook on 10250 off the host network, metrics on, authoritative DNS-01 checks, startupapicheck on', () => {
    const { parsed } = vendoredChart('cert-manager-v1.21.1.values.yaml');
    expect(parsed.webhook).toMatchObject({ securePort: CERT_MANAGER_PORTS.webhook, hostNetwork: false });
    expect(parsed.prometheus.enabled).toBe(true);
    expect(parsed.dns01RecursiveNameserversOnly).toBe(false);
    expect(parsed.startupapicheck.enabled).toBe(true);
    // the library's values change none of these
    const values: any = certManagerValues('cert-manager', { gatewayApi: true, serviceAccountAnnotations: { a: 'b' } });
    for (const key of ['prometheus', 'dns01RecursiveNameserversOnly', 'startupapicheck', 'networkPolicy'])
      expect(values).not.toHaveProperty(key);
    expect(values.webhook).not.toHaveProperty('securePort');
    expect(values.webhook).not.toHaveProperty('hostNetwork');
  });

  test('External Secrets 1.0.0: the webhook on 10250, metrics on 8080 for all three, none on the host network', () => {
    const { parsed } = vendoredChart('external-secrets-1.0.0.values.yaml');
    expect(parsed.webhook.port).toBe(EXTERNAL_SECRETS_PORTS.webhook);
    for (const component of [parsed, parsed.webhook, parsed.certController]) {
      expect(component.metrics.listen.port).toBe(EXTERNAL_SECRETS_PORTS.metrics);
      expect(component.hostNetwork).toBe(false);
    }
    expect(parsed.nameOverride).toBe('');
    const values: any = externalSecretsValues();
    for (const component of [values, values.webhook, values.certController]) {
      expect(component).not.toHaveProperty('metrics');
      expect(component).not.toHaveProperty('hostNetwork');
      expect(component).not.toHaveProperty('port');
    }
  });

  test('KEDA 2.20: its pods named as the policies select them, the webhooks on 9443, the metrics API on 6443, Prometheus metrics off', () => {
    const { parsed } = vendoredChart('keda-2.20.2.values.yaml');
    expect(parsed.operator.name).toBe(KEDA_POD_LABELS.operator.app);
    expect(`${parsed.operator.name}-metrics-apiserver`).toBe(KEDA_POD_LABELS.metricsApiServer.app);
    expect(parsed.webhooks.name).toBe(KEDA_POD_LABELS.webhooks.app);
    expect(parsed.webhooks.port).toBe(''); // the templates' default: 9443
    expect(parsed.service.portHttpsTarget).toBe(KEDA_PORTS.metricsApi);
    for (const c of ['operator', 'metricServer', 'webhooks']) expect(parsed.prometheus[c].enabled).toBe(false);
    for (const c of [parsed.operator, parsed.metricsServer, parsed.webhooks]) expect(c.useHostNetwork).toBe(false);
    const values: any = kedaValues();
    for (const key of ['prometheus', 'service', 'networkPolicy']) expect(values).not.toHaveProperty(key);
    expect(values.webhooks).not.toHaveProperty('port');
  });

  test('Karpenter 1.14: metrics on 8080, off the host network', () => {
    const { parsed } = vendoredChart('karpenter-1.14.1.values.yaml');
    expect(parsed.controller.metrics.port).toBe(KARPENTER_METRICS_PORT);
    expect(parsed.hostNetwork).toBe(false);
  });

  test("istiod 1.31: the chart's own NetworkPolicy off (it allows every egress), one revision (the default)", () => {
    const istiod = vendoredChart('istiod-1.31.0-rc.0.values.yaml').parsed._internal_defaults_do_not_set;
    expect(istiod.global.networkPolicy.enabled).toBe(false);
    expect(istiod.revision).toBe('');
    expect(istiodValues('gcp')).not.toHaveProperty('revision');
  });
});
