/**
 * The cluster add-ons under Pulumi mocks: pinned Helm releases (their values checked against the charts'
 * own values.yaml), the ClusterSecretStore of each cloud, the External Secrets controller's cloud
 * identity, Envoy Gateway with its GatewayClass and NetworkPolicies, the ClusterIssuer of the stack's
 * Gateway and the monitoring selectors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { secretsCondition } from '../../lib/gcp/addon-identity';
import { acmeChallengeRecordName, route53Dns01Policy } from '../../lib/aws/addon-identity';
import * as k8s from '@pulumi/kubernetes';
import {
  CERT_MANAGER_FS_GROUP,
  CHARTS,
  ClusterAddons,
  ENVOY_GATEWAY_CONTROLLER_LABELS,
  ENVOY_GATEWAY_PORTS,
  ENVOY_PROXY_PORTS,
  LETSENCRYPT_PRODUCTION,
  LETSENCRYPT_STAGING,
  acmeServer,
  awsSecretStore,
  certManagerValues,
  chartSource,
  clusterIssuers,
  dns01Hosts,
  envoyGatewayNetworkPolicies,
  envoyGatewayCrdsValues,
  envoyGatewayValues,
  gatewayClass,
  gcpSecretStore,
  externalSecretsValues,
  secretStoreServiceAccount,
} from '../../lib/addons';
import { type ProductionStackProps, resolve } from '../../lib/core';
import { ENVOY_GATEWAY, envoyProxyLabels } from '../../lib/core/edge';
import { MOCK_AWS_ACCOUNT, MOCK_GCP_PROJECT, MOCK_GCP_PROJECT_NUMBER, type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { chartManifests } from '../../lib/stack/workloads';
import { spec as cqar } from '../../examples/cqar/spec';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { inputs, ofType, resource } from '../support/plan';
import { type Pod, canConnect } from '../support/netpol';
import { validateObjects } from '../support/schema';
import { unknownKeys, vendoredChart } from '../support/chart-values';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The AWS fixture with two routed services and a secret outside the stack's prefix. */
const awsWeb: ProductionStackProps = {
  ...awsSpec,
  secrets: [{ name: 'payments', remoteKey: 'shared/payments/stripe', keys: ['api-key'] }],
  services: [
    { ...awsSpec.services[0], route: { host: 'shop.example.com' }, secretEnv: { STRIPE_KEY: { secret: 'payments', key: 'api-key' } } },
    {
      name: 'admin',
      image: 'registry.example.com/shop/admin:2.0.1',
      ports: [{ name: 'http', port: 8080 }],
      route: { host: 'admin.example.com' },
    },
  ],
};

/** The same with a standby region, and failover DNS for the first route's host. */
const awsFailover: ProductionStackProps = {
  ...awsWeb,
  dr: { standbyRegion: 'us-east-2', dns: { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' } },
};

/** The GCP fixture with a standby region and failover DNS (Cloud DNS) for its route's host. */
const gcpFailover: ProductionStackProps = {
  ...gcpSpec,
  services: gcpSpec.services.map((s) => ({ ...s, route: { host: 'shop.example.com' } })),
  dr: {
    standbyRegion: 'europe-west4',
    dns: { zoneId: 'example-com', name: 'shop.example.com', targets: { 'europe-west1': '203.0.113.10', 'europe-west4': '198.51.100.20' } },
  },
};

/** The AWS fixture routed through a Gateway someone else runs. */
const awsShared: ProductionStackProps = {
  ...awsSpec,
  services: awsSpec.services.map((s) => ({ ...s, route: { host: 'shop.example.com' } })),
  edge: { sharedGateway: { name: 'edge', namespace: 'infra' } },
};

const plans: Record<'aws' | 'awsWeb' | 'awsFailover' | 'awsShared' | 'gcp' | 'gcpFailover' | 'cqar', PlanResource[]> = {
  aws: [],
  awsWeb: [],
  awsFailover: [],
  awsShared: [],
  gcp: [],
  gcpFailover: [],
  cqar: [],
};
beforeAll(async () => {
  const run = (spec: ProductionStackProps) => plan(() => new ProductionStack(spec.name, spec));
  plans.aws = await run(awsSpec);
  plans.awsWeb = await run(awsWeb);
  plans.awsFailover = await run(awsFailover);
  plans.awsShared = await run(awsShared);
  plans.gcp = await run(gcpSpec);
  plans.gcpFailover = await run(gcpFailover);
  plans.cqar = await run(cqar);
});

const RELEASE = 'kubernetes:helm.sh/v3:Release';
const releases = (planned: PlanResource[]): string[] =>
  ofType(planned, RELEASE)
    .map((r) => r.inputs.name as string)
    .sort();
const values = (planned: PlanResource[], release: string) => ofType(planned, RELEASE).find((r) => r.inputs.name === release)!.inputs.values;

describe('Helm releases', () => {
  test.each([
    ['AWS fixture (no routes)', 'aws', ['cert-manager', 'external-secrets', 'karpenter', 'kube-prometheus-stack', 'metrics-server']],
    [
      'AWS with routes',
      'awsWeb',
      ['cert-manager', 'envoy-gateway', 'external-secrets', 'karpenter', 'kube-prometheus-stack', 'metrics-server'],
    ],
    ['AWS on a shared gateway', 'awsShared', ['cert-manager', 'external-secrets', 'karpenter', 'kube-prometheus-stack', 'metrics-server']],
    ['GCP fixture (GKE ships metrics-server)', 'gcp', ['cert-manager', 'external-secrets', 'kube-prometheus-stack']],
    [
      'CQAR (GCP, a gRPC route, NATS)',
      'cqar',
      ['cert-manager', 'envoy-gateway', 'envoy-gateway-crds', 'external-secrets', 'kube-prometheus-stack', 'nack'],
    ],
  ] as const)('%s installs exactly the add-ons it needs', (_, key, expected) => {
    expect(releases(plans[key])).toEqual(expected);
  });

  test.each(['aws', 'awsWeb', 'gcp', 'cqar'] as const)(
    '%s: every release is a pinned chart from its repository or registry, atomic, in its own namespace',
    (key) => {
      for (const r of ofType(plans[key], RELEASE)) {
        const pinned = Object.values(CHARTS).find((c) => c.release === r.inputs.name)!;
        expect(r.inputs).toMatchObject({
          version: pinned.version,
          ...chartSource(pinned),
          atomic: true,
          cleanupOnFail: true,
          timeout: 900,
          createNamespace: false,
          skipCrds: false,
        });
        expect(r.inputs.repositoryOpts).toEqual(chartSource(pinned).repositoryOpts);
        expect(r.inputs.version).toMatch(/^v?\d+\.\d+\.\d+$/);
        expect(r.options.provider).toBe(`${r.name.split('-addons-')[0]}-k8s`);
        if (r.inputs.namespace !== 'kube-system') {
          const ns = ofType(plans[key], 'kubernetes:core/v1:Namespace').find((n) => n.inputs.metadata.name === r.inputs.namespace);
          expect(ns).toBeDefined();
          expect(r.options.dependsOn).toContain(ns!.name);
        }
      }
    },
  );

  test('Envoy Gateway comes from its OCI registry, pinned to the version of the vendored CRDs', () => {
    const eg = resource(plans.awsWeb, 'shop-addons-envoy-gateway');
    expect(eg.inputs).toMatchObject({
      chart: 'oci://docker.io/envoyproxy/gateway-helm',
      version: 'v1.9.0',
      namespace: 'envoy-gateway-system',
    });
    expect(eg.inputs).not.toHaveProperty('repositoryOpts');
    // The vendored CRDs are the chart's: crds/gateway.envoyproxy.io_*.yaml are gateway-helm v1.9.0's
    // charts/crds/crds/generated/ files, and it bundles the Gateway API v1.6.1 CRDs (experimental channel).
    const standard = fs.readFileSync(path.join(__dirname, '..', '..', 'crds', 'gateway.networking.k8s.io_standard.yaml'), 'utf8');
    expect(standard).toContain('gateway.networking.k8s.io/bundle-version: v1.6.1');
  });

  test('HA where it matters: two replicas and PDBs for the webhooks, controllers, Prometheus and the gateway controller', () => {
    expect(values(plans.awsWeb, 'external-secrets')).toMatchObject({
      replicaCount: 2,
      leaderElect: true,
      webhook: { replicaCount: 2 },
      installCRDs: true,
    });
    expect(values(plans.awsWeb, 'cert-manager')).toMatchObject({
      replicaCount: 2,
      crds: { enabled: true, keep: true },
      webhook: { replicaCount: 2 },
    });
    expect(values(plans.awsWeb, 'envoy-gateway')).toMatchObject({
      deployment: { replicas: 2 },
      podDisruptionBudget: { minAvailable: 1 },
      config: { envoyGateway: { provider: { kubernetes: { leaderElection: { disable: false } } } } },
    });
    expect(values(plans.awsWeb, 'metrics-server')).toMatchObject({ replicas: 2, podDisruptionBudget: { enabled: true } });
    expect(values(plans.awsWeb, 'kube-prometheus-stack').prometheus.prometheusSpec).toMatchObject({ replicas: 2 });
    for (const r of ofType(plans.awsWeb, RELEASE)) expect(JSON.stringify(r.inputs.values)).toContain('"requests"');
  });

  test("Prometheus, Alertmanager and Grafana select what the library labels, with the spec's own selector", async () => {
    const custom = await plan(
      () =>
        new ProductionStack(gcpSpec.name, {
          ...gcpSpec,
          monitoring: { prometheusSelector: { prometheus: 'main' }, grafanaDashboardLabels: { dashboards: 'shop' } },
        }),
    );
    const kps = values(custom, 'kube-prometheus-stack');
    const selector = { matchLabels: { prometheus: 'main' } };
    expect(kps.prometheus.prometheusSpec).toMatchObject({
      serviceMonitorSelector: selector,
      podMonitorSelector: selector,
      ruleSelector: selector,
      serviceMonitorNamespaceSelector: {},
      serviceMonitorSelectorNilUsesHelmValues: false,
    });
    expect(kps.alertmanager.alertmanagerSpec.alertmanagerConfigSelector).toEqual(selector);
    expect(kps.commonLabels).toEqual({ prometheus: 'main' });
    expect(kps.grafana.sidecar.dashboards).toMatchObject({ searchNamespace: 'ALL', label: 'dashboards', labelValue: 'shop' });
    // The stack's PrometheusRule carries the labels Prometheus selects.
    expect(inputs(custom, 'shop-workloads-prometheusrule-shop-shop').metadata.labels).toMatchObject({ prometheus: 'main' });
  });

  test("NACK goes to the spec's controller namespace and watches every namespace", () => {
    const nack = ofType(plans.cqar, RELEASE).find((r) => r.inputs.chart === 'nack')!;
    expect(nack.inputs.namespace).toBe(resolve(cqar).nats!.controllerNamespace);
    expect(nack.inputs.values).toMatchObject({ namespaced: false, jetstream: { enabled: true } });
  });
});

describe("Helm values are keys of the charts' own values.yaml (vendored in test/fixtures/charts)", () => {
  const chart = vendoredChart;

  test('Envoy Gateway (gateway-helm v1.9.0)', () => {
    const { raw, parsed } = chart('gateway-helm-v1.9.0.values.yaml');
    // `config.envoyGateway` is the controller's EnvoyGateway configuration (gateway.envoyproxy.io/v1alpha1), which the chart merges
    // with its own: `provider.kubernetes.leaderElection.disable` is a field of it (api/v1alpha1/envoygateway_types.go, LeaderElection)
    for (const cloud of ['aws', 'gcp'] as const)
      expect(unknownKeys(envoyGatewayValues(cloud), parsed, raw, ['config.envoyGateway'])).toEqual([]);
    expect(parsed.config.envoyGateway.gateway.controllerName).toBe(ENVOY_GATEWAY.controllerName);
    // what the policies and values assume of the chart: the controller's ports and pod labels
    expect(parsed.deployment.ports).toEqual(
      expect.arrayContaining([
        { name: 'grpc', port: ENVOY_GATEWAY_PORTS.xds, targetPort: ENVOY_GATEWAY_PORTS.xds },
        { name: 'metrics', port: ENVOY_GATEWAY_PORTS.metrics, targetPort: ENVOY_GATEWAY_PORTS.metrics },
      ]),
    );
    expect(parsed.topologyInjector).toEqual(expect.objectContaining({ enabled: true })); // on by default: turned off
    expect(envoyGatewayValues('aws')).toMatchObject({ topologyInjector: { enabled: false } });
    expect(ENVOY_GATEWAY_CONTROLLER_LABELS).toEqual({
      'control-plane': 'envoy-gateway',
      'app.kubernetes.io/name': 'gateway-helm',
      'app.kubernetes.io/instance': 'envoy-gateway',
    });
  });

  test("Envoy Gateway's CRDs on GKE (gateway-crds-helm v1.9.0): its own, none of the Gateway API's", () => {
    const { raw, parsed } = chart('gateway-crds-helm-v1.9.0.values.yaml');
    expect(unknownKeys(envoyGatewayCrdsValues(), parsed, raw, [])).toEqual([]);
    // GKE keeps the Gateway API's CRDs (and refuses the experimental channel): gateway-helm installs none there
    expect(envoyGatewayValues('gcp').crds).toEqual({ enabled: false });
    expect(envoyGatewayValues('aws').crds).toEqual({ enabled: true });
    // which templates render, by the condition each opens with (vendored from the chart at v1.9.0)
    const values = { ...parsed, crds: { ...parsed.crds, ...(envoyGatewayCrdsValues().crds as object) } };
    const templates = fs
      .readFileSync(path.join(__dirname, '../fixtures/charts/gateway-crds-helm-v1.9.0.templates.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(' | ') && !l.startsWith('#'))
      .map((l) => l.split(' | '));
    const rendered = templates.filter(([, guard]) => helmGuard(guard, values));
    expect(rendered.length).toBe(8);
    expect(new Set(rendered.map(([, , group]) => group))).toEqual(new Set(['gateway.envoyproxy.io']));
    // the model reads the guards: the chart's defaults render nothing, the Gateway API's standard channel its own file
    expect(templates.filter(([, guard]) => helmGuard(guard, parsed))).toEqual([]);
    const standard = { crds: { gatewayAPI: { enabled: true, channel: 'standard' }, envoyGateway: { enabled: false } } };
    expect(templates.filter(([, guard]) => helmGuard(guard, standard)).map(([file]) => file)).toEqual([
      'templates/standard-gatewayapi-crds.yaml',
    ]);
  });

  test.each([
    ['without the edge', certManagerValues('cert-manager')],
    ['with IRSA and the Gateway API', certManagerValues('cert-manager', { serviceAccountAnnotations: { a: 'b' }, gatewayApi: true })],
  ])('cert-manager (v1.21), %s', (_, v) => {
    const { raw, parsed } = chart('cert-manager-v1.21.1.values.yaml');
    // `securityContext` is the controller pod's PodSecurityContext, rendered as given (fsGroup is one of its fields)
    expect(unknownKeys(v, parsed, raw, ['securityContext'])).toEqual([]);
  });

  test("cert-manager's Gateway API support is its controller configuration's gatewayAPI.enabled, as the chart documents it", () => {
    const { raw, parsed } = chart('cert-manager-v1.21.1.values.yaml');
    expect(parsed.config).toEqual({});
    expect(raw).toMatch(/^# {4}gatewayAPI:\n# {6}enabled: true$/m);
    expect(certManagerValues('cert-manager', { gatewayApi: true }).config).toEqual({ gatewayAPI: { enabled: true } });
    expect(certManagerValues('cert-manager')).not.toHaveProperty('config');
  });
});

describe('Envoy Gateway', () => {
  test('its namespace enforces Pod Security restricted (Envoy listens on 10080 and 10443)', () => {
    const ns = inputs(plans.awsWeb, 'shop-addons-envoy-gateway-namespace');
    expect(ns.metadata).toMatchObject({
      name: 'envoy-gateway-system',
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' },
    });
  });

  test('the GatewayClass the Gateways name, implemented by its controller, once the chart (and its CRDs) is installed', () => {
    const gc = resource(plans.awsWeb, 'shop-addons-gateway-class', 'kubernetes:gateway.networking.k8s.io/v1:GatewayClass');
    expect(gc.inputs).toMatchObject({
      metadata: { name: 'envoy-gateway' },
      spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
    });
    expect(gc.options.dependsOn).toContain('shop-addons-envoy-gateway');
    expect(validateObjects([gatewayClass()])).toEqual([]);
    // the stack's Gateway names it
    const gw = chartManifests(awsWeb).find((m) => m.kind === 'Gateway') as any;
    expect(gw.spec.gatewayClassName).toBe(gatewayClass().metadata.name);
  });

  test("cert-manager's Gateway API support is on with the edge, and cert-manager waits for the Gateway API CRDs", () => {
    expect(values(plans.awsWeb, 'cert-manager').config).toEqual({ gatewayAPI: { enabled: true } });
    expect(resource(plans.awsWeb, 'shop-addons-cert-manager').options.dependsOn).toContain('shop-addons-envoy-gateway');
    for (const key of ['aws', 'awsShared', 'gcp'] as const) expect(values(plans[key], 'cert-manager')).not.toHaveProperty('config');
  });

  test('its NetworkPolicies are deployed as built, in its namespace, and valid', () => {
    const edgePolicies = (planned: PlanResource[]) =>
      ofType(planned, 'kubernetes:networking.k8s.io/v1:NetworkPolicy').filter((p) => p.name.startsWith('shop-addons-networkpolicy-envoy-'));
    const deployed = edgePolicies(plans.awsWeb);
    const built = envoyGatewayNetworkPolicies(resolve(awsWeb));
    expect(deployed.map((p) => [p.name, p.inputs])).toEqual(
      built.map((p) => [
        `shop-addons-networkpolicy-${p.metadata.name}`,
        { ...p, apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
      ]),
    );
    for (const p of deployed) expect(p.options.dependsOn).toContain('shop-addons-envoy-gateway-namespace');
    expect(validateObjects(built)).toEqual([]);
    expect(edgePolicies(plans.aws)).toEqual([]);
  });
});

describe("the edge's NetworkPolicies, with the stack's own (the NetworkPolicy model of test/support/netpol.ts)", () => {
  const spec = resolve(awsWeb);
  const objects = [...envoyGatewayNetworkPolicies(spec), ...chartManifests(awsWeb)];
  const ns = (name: string) => ({ 'kubernetes.io/metadata.name': name });
  const system = { namespace: ENVOY_GATEWAY.namespace, namespaceLabels: ns(ENVOY_GATEWAY.namespace) };
  const envoy: Pod = { ...system, labels: envoyProxyLabels(spec.edge.gateway) };
  const controller: Pod = { ...system, labels: { ...ENVOY_GATEWAY_CONTROLLER_LABELS, 'pod-template-hash': 'abc' } };
  const certgen: Pod = { ...system, labels: { app: 'certgen' } };
  const prometheus: Pod = {
    namespace: 'monitoring',
    namespaceLabels: ns('monitoring'),
    labels: { 'app.kubernetes.io/name': 'prometheus' },
  };
  const stackPod = (labels: Record<string, string>): Pod => ({ namespace: spec.namespace, namespaceLabels: ns(spec.namespace), labels });
  const backend = stackPod({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'shop' });
  const solver = stackPod({ 'acme.cert-manager.io/http01-solver': 'true' });
  const randomPod: Pod = { namespace: 'other', namespaceLabels: ns('other'), labels: { app: 'curious' } };
  const internet: Pod = { namespace: '', namespaceLabels: {}, labels: {}, ip: '198.51.100.7' };
  const apiServer: Pod = { namespace: '', namespaceLabels: {}, labels: {}, ip: '10.0.0.10' };

  test('the internet reaches the Envoy replicas on their HTTP and HTTPS ports, and nothing else of them', () => {
    expect(canConnect(objects, internet, envoy, ENVOY_PROXY_PORTS.https)).toBe(true);
    expect(canConnect(objects, internet, envoy, ENVOY_PROXY_PORTS.http)).toBe(true);
    expect(canConnect(objects, internet, envoy, ENVOY_PROXY_PORTS.metrics)).toBe(false);
    expect(canConnect(objects, internet, envoy, 19000)).toBe(false); // Envoy's admin port
  });

  test("Envoy reaches a routed backend's port (the stack's policy admits the gateway) and the HTTP-01 solver pods", () => {
    const port = spec.edge.routes.find((r) => r.host === 'shop.example.com')!.backends[0].number;
    const apiPod = chartManifests(awsWeb).find((m) => m.kind === 'Deployment' && m.metadata.name === 'api') as any;
    const api = stackPod(apiPod.spec.template.metadata.labels);
    expect(canConnect(objects, envoy, api, port)).toBe(true);
    expect(canConnect(objects, envoy, api, port + 1)).toBe(false); // the stack's own policy: only the routed port
    expect(canConnect(objects, envoy, solver, 8089)).toBe(true);
    expect(canConnect(objects, randomPod, solver, 8089)).toBe(false);
    expect(backend.namespace).toBe(spec.namespace);
  });

  test("only the Envoy replicas reach the controller's xDS port; Prometheus scrapes both", () => {
    expect(canConnect(objects, envoy, controller, ENVOY_GATEWAY_PORTS.xds)).toBe(true);
    expect(canConnect(objects, randomPod, controller, ENVOY_GATEWAY_PORTS.xds)).toBe(false);
    expect(canConnect(objects, certgen, controller, ENVOY_GATEWAY_PORTS.xds)).toBe(false);
    expect(canConnect(objects, internet, controller, ENVOY_GATEWAY_PORTS.xds)).toBe(false);
    expect(canConnect(objects, prometheus, controller, ENVOY_GATEWAY_PORTS.metrics)).toBe(true);
    expect(canConnect(objects, prometheus, envoy, ENVOY_PROXY_PORTS.metrics)).toBe(true);
    expect(canConnect(objects, randomPod, envoy, ENVOY_PROXY_PORTS.metrics)).toBe(false);
    expect(canConnect(objects, randomPod, controller, ENVOY_GATEWAY_PORTS.metrics)).toBe(false);
  });

  test('Envoy (the internet edge) reaches no pod of `default` or `kube-*`, nor the internet (found by review)', () => {
    // on EKS a namespace-wide peer also admits the Service addresses of those namespaces: `kubernetes` is the API server
    const inDefault: Pod = { namespace: 'default', namespaceLabels: ns('default'), labels: { component: 'apiserver' } };
    const inKubeSystem: Pod = { namespace: 'kube-system', namespaceLabels: ns('kube-system'), labels: { 'k8s-app': 'metrics-server' } };
    expect(canConnect(objects, envoy, inDefault, 443)).toBe(false);
    expect(canConnect(objects, envoy, inKubeSystem, 10250)).toBe(false);
    expect(canConnect(objects, envoy, randomPod, 8080)).toBe(true); // another stack's backend, through the shared gateway
    expect(canConnect(objects, envoy, { ...internet, external: true }, 443)).toBe(false);
  });

  test('the controller reaches the API server (443, at its addresses), and no backend nor the internet', () => {
    expect(canConnect(objects, controller, apiServer, 443)).toBe(true);
    expect(canConnect(objects, controller, { ...apiServer, ip: '172.20.0.1' }, 443)).toBe(true); // EKS's kubernetes Service
    expect(canConnect(objects, controller, apiServer, 6443)).toBe(false);
    expect(canConnect(objects, controller, { ...internet, external: true }, 443)).toBe(false);
    expect(canConnect(objects, controller, backend, 8080)).toBe(false);
  });
});

describe('ClusterSecretStore', () => {
  test("AWS: Secrets Manager in the stack region, through its own ServiceAccount's token (IRSA)", () => {
    const store = resource(plans.aws, 'shop-addons-secret-store', 'kubernetes:external-secrets.io/v1:ClusterSecretStore');
    expect(store.inputs.metadata.name).toBe('aws-secrets-manager');
    expect(store.inputs.spec.provider).toEqual({
      aws: {
        service: 'SecretsManager',
        region: 'eu-west-1',
        auth: { jwt: { serviceAccountRef: { name: 'external-secrets-store', namespace: 'external-secrets' } } },
      },
    });
    expect(store.options.dependsOn).toEqual(
      expect.arrayContaining([
        'shop-addons-external-secrets',
        'shop-addons-serviceaccount-external-secrets-store',
        'shop-addons-external-secrets-policy',
      ]),
    );
  });

  test('GCP: Secret Manager of the project, through Workload Identity', () => {
    const store = resource(plans.gcp, 'shop-addons-secret-store');
    expect(store.inputs.metadata.name).toBe('gcp-secret-manager');
    expect(store.inputs.spec.provider.gcpsm).toEqual({
      projectID: MOCK_GCP_PROJECT,
      auth: {
        workloadIdentity: {
          clusterProjectID: MOCK_GCP_PROJECT,
          clusterName: expect.stringMatching(/^shop-cluster-gke/),
          clusterLocation: 'europe-west1',
          serviceAccountRef: { name: 'external-secrets-store', namespace: 'external-secrets' },
        },
      },
    });
    expect(store.options.dependsOn).toEqual(
      expect.arrayContaining([
        'shop-addons-external-secrets',
        'shop-addons-serviceaccount-external-secrets-store',
        'shop-addons-external-secrets-secret-accessor',
        'shop-addons-external-secrets-workload-identity',
      ]),
    );
  });

  test.each(['aws', 'gcp', 'gcpFailover', 'cqar'] as const)(
    "%s: every cluster's store serves the stack's namespace only, by name",
    (key) => {
      const stores = ofType(plans[key], 'kubernetes:external-secrets.io/v1:ClusterSecretStore');
      expect(stores.length).toBe(key === 'gcpFailover' ? 2 : 1);
      const namespace = key === 'cqar' ? resolve(cqar).namespace : 'shop';
      for (const store of stores) expect(store.inputs.spec.conditions).toEqual([{ namespaces: [namespace] }]);
    },
  );

  test('a namespace of its own (spec.namespace) is the one the store serves', () => {
    const spec = resolve({ ...awsWeb, namespace: 'shop-prod' });
    const gke = { project: 'p', clusterName: 'c', clusterLocation: 'europe-west1' };
    for (const store of [awsSecretStore(spec, 'external-secrets'), gcpSecretStore(spec, 'external-secrets', gke)])
      expect(store.spec).toHaveProperty('conditions', [{ namespaces: ['shop-prod'] }]);
  });

  test("a custom store name is the one the stack's ExternalSecrets read through", async () => {
    const planned = await plan(() => new ProductionStack(awsWeb.name, { ...awsWeb, secretStore: 'vault-backed' }));
    expect(inputs(planned, 'shop-addons-secret-store').metadata.name).toBe('vault-backed');
    const es = ofType(planned, 'kubernetes:external-secrets.io/v1:ExternalSecret');
    expect(es.length).toBeGreaterThan(0);
    for (const e of es) expect(e.inputs.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault-backed' });
  });

  test('both stores and the ClusterIssuer are valid against the vendored CRD schemas', () => {
    const spec = resolve(awsWeb);
    const gke = { project: 'p', clusterName: 'c', clusterLocation: 'europe-west1' };
    const objects = [
      awsSecretStore(spec, 'external-secrets'),
      gcpSecretStore(spec, 'external-secrets', gke),
      ...clusterIssuers(spec, 'ops@example.com'),
    ];
    expect(objects.map((o) => o.kind)).toEqual(['ClusterSecretStore', 'ClusterSecretStore', 'ClusterIssuer']);
    expect(validateObjects(objects)).toEqual([]);
    // the schema checks the conditions' shape: a namespace is a DNS label, under `namespaces`
    const [store] = objects;
    const invalid = (conditions: unknown) => validateObjects([{ ...store, spec: { ...(store.spec as object), conditions } }]);
    expect(invalid([{ namespace: ['shop'] }])).not.toEqual([]);
    expect(invalid([{ namespaces: ['Shop_Prod'] }])).not.toEqual([]);
  });
});

describe("The ClusterSecretStore's cloud identity", () => {
  test("AWS: the role trusts only the store ServiceAccount's tokens of the cluster OIDC provider", () => {
    const trust = JSON.parse(inputs(plans.awsWeb, 'shop-addons-external-secrets-role').assumeRolePolicy);
    const oidc = inputs(plans.awsWeb, 'shop-cluster-oidc-provider');
    expect(trust.Statement).toHaveLength(1);
    const [s] = trust.Statement;
    expect(s.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(s.Principal.Federated).toMatch(new RegExp(`^arn:aws:iam::${MOCK_AWS_ACCOUNT}:oidc-provider/oidc\\.eks\\.`));
    const issuer = Object.keys(s.Condition.StringEquals)[0].replace(/:sub$/, '');
    expect(oidc.url).toBe(`https://${issuer}`);
    expect(s.Condition).toEqual({
      StringEquals: {
        [`${issuer}:sub`]: 'system:serviceaccount:external-secrets:external-secrets-store',
        [`${issuer}:aud`]: 'sts.amazonaws.com',
      },
    });
  });

  test("AWS: the role reads only the stack's prefix and the declared secrets, decrypts the datastores' secrets, and the store ServiceAccount assumes it", () => {
    const policy = JSON.parse(inputs(plans.awsWeb, 'shop-addons-external-secrets-policy').policy);
    const arn = `arn:aws:secretsmanager:eu-west-1:${MOCK_AWS_ACCOUNT}:secret:`;
    expect(policy.Statement).toEqual([
      {
        Sid: 'ReadStackSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: [`${arn}shop/production/*`, `${arn}shared/payments/stripe-??????`],
      },
      {
        // the datastores' connection secrets are encrypted with their customer keys
        Sid: 'DecryptStackSecrets',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [
          expect.stringMatching(/^arn:aws:kms:eu-west-1:\d{12}:key\//),
          expect.stringMatching(/^arn:aws:kms:eu-west-1:\d{12}:key\//),
        ],
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      },
    ]);
    expect(new Set(policy.Statement[1].Resource).size).toBe(2);
    expect(inputs(plans.awsWeb, 'shop-addons-serviceaccount-external-secrets-store').metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': expect.stringMatching(/^arn:aws:iam::\d+:role\/shop-addons-external-secrets-role/),
    });
  });

  test('GCP: a Google service account reading Secret Manager, impersonated by the store ServiceAccount', () => {
    const sa = inputs(plans.gcp, 'shop-addons-external-secrets-sa');
    expect(inputs(plans.gcp, 'shop-addons-external-secrets-secret-accessor')).toMatchObject({
      project: MOCK_GCP_PROJECT,
      role: 'roles/secretmanager.secretAccessor',
      member: `serviceAccount:${sa.accountId}@${MOCK_GCP_PROJECT}.iam.gserviceaccount.com`,
      // not every secret of the project: those the stack's ExternalSecrets read, by name (versions included)
      condition: {
        title: 'stack-secrets',
        expression:
          `resource.name == "projects/${MOCK_GCP_PROJECT_NUMBER}/secrets/shop-production-postgres" || ` +
          `resource.name.startsWith("projects/${MOCK_GCP_PROJECT_NUMBER}/secrets/shop-production-postgres/") || ` +
          // Redis's: the redis_exporter reads it (issue #19), though no service of the fixture uses Redis
          `resource.name == "projects/${MOCK_GCP_PROJECT_NUMBER}/secrets/shop-production-redis" || ` +
          `resource.name.startsWith("projects/${MOCK_GCP_PROJECT_NUMBER}/secrets/shop-production-redis/")`,
      },
    });
    expect(inputs(plans.gcp, 'shop-addons-external-secrets-workload-identity')).toMatchObject({
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${MOCK_GCP_PROJECT}.svc.id.goog[external-secrets/external-secrets-store]`,
    });
    expect(inputs(plans.gcp, 'shop-addons-serviceaccount-external-secrets-store').metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': `${sa.accountId}@${MOCK_GCP_PROJECT}.iam.gserviceaccount.com`,
    });
  });

  /**
   * A namespaced SecretStore without `auth` (and a generator without one) authenticates as the controller pod
   * (External Secrets 1.0.0: the AWS provider's SDK default chain, the GCP provider's default token source), and
   * its chart lets every namespace's `admin` (and `edit`) create SecretStores. So the controller's ServiceAccount
   * must hold no cloud identity, and the store's must be one no pod runs as, in External Secrets' namespace (a
   * namespaced SecretStore may name a ServiceAccount of its own namespace only). Both clusters of a standby region.
   */
  const CLUSTERS = [
    ['aws', 'aws', 'shop'],
    ['aws', 'awsFailover', 'shop'],
    ['aws', 'awsFailover', 'shop-standby'],
    ['gcp', 'gcp', 'shop'],
    ['gcp', 'gcpFailover', 'shop'],
    ['gcp', 'gcpFailover', 'shop-standby'],
  ] as const;

  test.each(CLUSTERS)(
    '%s (%s), %s: the controller runs without a cloud identity, the store as its own ServiceAccount',
    (cloud, key, prefix) => {
      const planned = plans[key];
      const addons = `${prefix}-addons`;
      const provider = `${prefix}-k8s`;
      const onCluster = (r: PlanResource) => r.options.provider === provider;
      const controller = ofType(planned, RELEASE).find((r) => onCluster(r) && r.inputs.name === 'external-secrets')!;
      expect(controller.inputs.values.serviceAccount).toEqual({ create: true, name: 'external-secrets', annotations: {} });

      const account = resource(planned, `${addons}-serviceaccount-external-secrets-store`, 'kubernetes:core/v1:ServiceAccount');
      expect(account.options.provider).toBe(provider);
      expect(account.inputs.automountServiceAccountToken).toBe(false);
      expect(account.inputs.metadata).toMatchObject({ name: 'external-secrets-store', namespace: 'external-secrets' });
      const identity =
        cloud === 'aws'
          ? account.inputs.metadata.annotations['eks.amazonaws.com/role-arn']
          : account.inputs.metadata.annotations['iam.gke.io/gcp-service-account'];
      expect(Object.keys(account.inputs.metadata.annotations)).toHaveLength(1);
      expect(identity).toEqual(expect.any(String));

      // the store authenticates as it, once it (and what its identity may do) exists
      const store = resource(planned, `${addons}-secret-store`, 'kubernetes:external-secrets.io/v1:ClusterSecretStore');
      const auth = cloud === 'aws' ? store.inputs.spec.provider.aws.auth.jwt : store.inputs.spec.provider.gcpsm.auth.workloadIdentity;
      expect(auth.serviceAccountRef).toEqual({ name: 'external-secrets-store', namespace: 'external-secrets' });
      expect(store.dependencies).toContain(account.name);
      const grants =
        cloud === 'aws' ? ['-external-secrets-policy'] : ['-external-secrets-secret-accessor', '-external-secrets-workload-identity'];
      for (const g of grants) expect(store.dependencies).toContain(`${addons}${g}`);

      // the IRSA role or the Workload Identity binding names that ServiceAccount, and nothing else
      if (cloud === 'aws') {
        const trust = JSON.parse(inputs(planned, `${addons}-external-secrets-role`).assumeRolePolicy);
        const subjects = trust.Statement.flatMap((s: any) => Object.entries(s.Condition.StringEquals).filter(([k]) => k.endsWith(':sub')));
        expect(subjects.map(([, v]: [string, string]) => v)).toEqual(['system:serviceaccount:external-secrets:external-secrets-store']);
      } else {
        expect(inputs(planned, `${addons}-external-secrets-workload-identity`).member).toBe(
          `serviceAccount:${MOCK_GCP_PROJECT}.svc.id.goog[external-secrets/external-secrets-store]`,
        );
      }

      // no other object of the cluster carries the store's identity: not a chart's values, not another ServiceAccount
      const carriers = planned
        .filter((r) => r.type.startsWith('kubernetes:') && r.name !== account.name && JSON.stringify(r.inputs).includes(identity))
        .map((r) => r.name);
      expect(carriers).toEqual([]);
    },
  );

  test('the store ServiceAccount is a plain object of the library: no token, labelled, one annotation', () => {
    expect(secretStoreServiceAccount('external-secrets', { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/r' })).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'external-secrets-store',
        namespace: 'external-secrets',
        labels: { 'app.kubernetes.io/managed-by': 'production-stack' },
        annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/r' },
      },
      automountServiceAccountToken: false,
    });
    // the chart's values give the controller's ServiceAccount no annotation, and remove one an earlier release set
    expect(externalSecretsValues().serviceAccount).toEqual({ create: true, name: 'external-secrets', annotations: {} });
  });
});

describe('ClusterIssuers', () => {
  const HTTP01_THROUGH_GATEWAY = {
    gatewayHTTPRoute: {
      serviceType: 'ClusterIP',
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop', namespace: 'shop', sectionName: 'http' }],
    },
  };

  test('none without routes, nor on a shared gateway (its owner issues its certificates)', () => {
    expect(ofType(plans.aws, 'kubernetes:cert-manager.io/v1:ClusterIssuer')).toEqual([]);
    expect(ofType(plans.awsShared, 'kubernetes:cert-manager.io/v1:ClusterIssuer')).toEqual([]);
    expect(ofType(plans.awsShared, 'kubernetes:gateway.networking.k8s.io/v1:GatewayClass')).toEqual([]);
  });

  test("the Gateway's issuer, solving HTTP-01 for every host through the Gateway's http listener, after cert-manager", () => {
    const issuers = ofType(plans.awsWeb, 'kubernetes:cert-manager.io/v1:ClusterIssuer');
    expect(issuers.map((i) => i.name)).toEqual(['shop-addons-issuer-letsencrypt-prod']);
    expect(issuers[0].inputs.spec.acme).toEqual({
      server: LETSENCRYPT_PRODUCTION,
      privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
      solvers: [{ selector: { dnsNames: ['admin.example.com', 'shop.example.com'] }, http01: HTTP01_THROUGH_GATEWAY }],
    });
    expect(issuers[0].options.dependsOn).toEqual(['shop-addons-cert-manager']);
    // the Gateway's annotation names it
    const gw = chartManifests(awsWeb).find((m) => m.kind === 'Gateway') as any;
    expect(gw.metadata.annotations['cert-manager.io/cluster-issuer']).toBe(issuers[0].inputs.metadata.name);
    expect(gw.spec.listeners.map((l: any) => l.name)).toContain(HTTP01_THROUGH_GATEWAY.gatewayHTTPRoute.parentRefs[0].sectionName);
  });

  test('edge.clusterIssuer names it; a staging name uses the staging directory', () => {
    const [issuer] = clusterIssuers(resolve({ ...awsWeb, edge: { clusterIssuer: 'letsencrypt-staging' } }));
    expect(issuer.metadata.name).toBe('letsencrypt-staging');
    expect((issuer.spec as any).acme.server).toBe(LETSENCRYPT_STAGING);
  });

  test.each([
    ['letsencrypt-prod', LETSENCRYPT_PRODUCTION],
    ['letsencrypt-staging', LETSENCRYPT_STAGING],
    ['acme-Staging', LETSENCRYPT_STAGING],
  ])('issuer %s uses %s', (name, server) => {
    expect(acmeServer(name)).toBe(server);
  });

  test("in the mesh, the HTTP-01 solver pods get no sidecar (their NetworkPolicy keeps them from istiod); outside it, the chart's pods", () => {
    const solver = (spec: any) =>
      (clusterIssuers(resolve(spec))[0].spec as any).acme.solvers.find((x: any) => x.http01)?.http01.gatewayHTTPRoute;
    expect(solver({ ...awsWeb, serviceMesh: 'istio' }).podTemplate).toEqual({
      metadata: { labels: { 'sidecar.istio.io/inject': 'false' } },
    });
    expect(solver(awsWeb).podTemplate).toBeUndefined();
  });

  test('the ACME account has a contact address only when one is given', () => {
    const spec = resolve(awsWeb);
    expect(clusterIssuers(spec)[0].spec).not.toHaveProperty('acme.email');
    expect(clusterIssuers(spec, 'ops@example.com')[0].spec).toHaveProperty('acme.email', 'ops@example.com');
  });
});

describe('the failover name: DNS-01 through Route 53 on both clusters (AWS, dr.dns)', () => {
  const CLUSTERS = [
    ['primary', 'shop-addons', 'eu-west-1'],
    ['standby', 'shop-standby-addons', 'us-east-2'],
  ] as const;
  const ROUTE53_SOLVER = { selector: { dnsNames: ['shop.example.com'] }, dns01: { route53: { hostedZoneID: 'Z0123456789ABCDEFGHIJ' } } };

  test.each(CLUSTERS)(
    '%s cluster: the issuer solves the failover name with DNS-01 in its zone, the other hosts keep HTTP-01',
    (_, addons) => {
      const solvers = inputs(plans.awsFailover, `${addons}-issuer-letsencrypt-prod`).spec.acme.solvers;
      expect(solvers).toEqual([{ selector: { dnsNames: ['admin.example.com'] }, http01: expect.anything() }, ROUTE53_SOLVER]);
    },
  );

  test.each(CLUSTERS)(
    "%s cluster: cert-manager's role is trusted only by that cluster's cert-manager ServiceAccount",
    (_, addons, region) => {
      const trust = JSON.parse(inputs(plans.awsFailover, `${addons}-cert-manager-role`).assumeRolePolicy);
      expect(trust.Statement).toHaveLength(1);
      const [s] = trust.Statement;
      expect(s.Principal.Federated).toContain(`oidc.eks.${region}.amazonaws.com`);
      const issuer = Object.keys(s.Condition.StringEquals)[0].replace(/:sub$/, '');
      expect(s.Condition.StringEquals).toEqual({
        [`${issuer}:sub`]: 'system:serviceaccount:cert-manager:cert-manager',
        [`${issuer}:aud`]: 'sts.amazonaws.com',
      });
    },
  );

  test.each(CLUSTERS)('%s cluster: the role may write only the TXT record of the challenge, in the one zone', (_, addons) => {
    const zone = 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ';
    expect(JSON.parse(inputs(plans.awsFailover, `${addons}-cert-manager-policy`).policy).Statement).toEqual([
      {
        Sid: 'AcmeChallengeRecords',
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets'],
        Resource: [zone],
        Condition: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'],
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_acme-challenge.shop.example.com'],
          },
        },
      },
      { Sid: 'ReadZoneRecords', Effect: 'Allow', Action: ['route53:ListResourceRecordSets'], Resource: [zone] },
      { Sid: 'FollowChanges', Effect: 'Allow', Action: ['route53:GetChange'], Resource: ['arn:aws:route53:::change/*'] },
    ]);
  });

  test.each(CLUSTERS)(
    "%s cluster: cert-manager's ServiceAccount carries the role, its pods the token-reading group, and it waits for the policy",
    (_, addons) => {
      const release = resource(plans.awsFailover, `${addons}-cert-manager`);
      expect(release.inputs.values).toMatchObject({
        serviceAccount: {
          create: true,
          name: 'cert-manager',
          annotations: {
            'eks.amazonaws.com/role-arn': expect.stringMatching(new RegExp(`^arn:aws:iam::\\d+:role/${addons}-cert-manager-role`)),
          },
        },
        securityContext: { fsGroup: CERT_MANAGER_FS_GROUP },
        config: { gatewayAPI: { enabled: true } },
      });
      expect(release.options.dependsOn).toEqual(expect.arrayContaining([`${addons}-cert-manager-policy`, `${addons}-envoy-gateway`]));
    },
  );

  test('without dr.dns, cert-manager has no cloud identity and HTTP-01 solves every host', () => {
    for (const key of ['awsWeb', 'gcp'] as const) {
      expect(plans[key].filter((r) => /-cert-manager-(role|policy|sa|dns|workload-identity)$/.test(r.name))).toEqual([]);
      const v = values(plans[key], 'cert-manager');
      expect([v.serviceAccount, v.securityContext]).toEqual([undefined, undefined]);
    }
  });

  test.each<[string, ProductionStackProps, string[]]>([
    ['the failover name of an AWS route', awsFailover, ['shop.example.com']],
    ['no failover DNS', awsWeb, []],
    ['a failover name no route serves', { ...awsFailover, dr: { ...awsFailover.dr, dns: { zoneId: 'Z1', name: 'www.example.com' } } }, []],
    ['the failover name of a GCP route', gcpFailover, ['shop.example.com']],
    ['a shared gateway', { ...awsShared, dr: awsFailover.dr }, []],
  ])('dns01Hosts with %s', (_, spec, hosts) => {
    expect(dns01Hosts(resolve(spec))).toEqual(hosts);
  });

  test('the issuers with a DNS-01 solver are valid against the vendored CRD schema', () => {
    expect(validateObjects(clusterIssuers(resolve(awsFailover), 'ops@example.com'))).toEqual([]);
  });

  test('challenge record names are normalized as Route 53 conditions compare them: lowercase, no final dot', () => {
    expect(acmeChallengeRecordName('Shop.Example.com.')).toBe('_acme-challenge.shop.example.com');
    const names = route53Dns01Policy('aws-cn', 'Z1', ['b.example.com', 'a.example.com', 'b.example.com']).Statement[0].Condition;
    expect(names?.['ForAllValues:StringEquals']?.['route53:ChangeResourceRecordSetsNormalizedRecordNames']).toEqual([
      '_acme-challenge.a.example.com',
      '_acme-challenge.b.example.com',
    ]);
  });
});

describe('the failover name: DNS-01 through Cloud DNS on both clusters (GCP, dr.dns)', () => {
  const CLUSTERS = [
    ['primary', 'shop-addons'],
    ['standby', 'shop-standby-addons'],
  ] as const;

  test('one challenge zone for both clusters: a public sub-zone of the failover name, delegated from its zone, where its challenge CNAME leads', () => {
    // besides the private zones of the Cloud SQL instances' names (test/gcp/postgres.test.ts)
    const zones = ofType(plans.gcpFailover, 'gcp:dns/managedZone:ManagedZone').filter((z) => z.inputs.visibility === 'public');
    expect(zones.map((z) => [z.name, z.inputs])).toEqual([
      [
        'shop-acme-zone',
        {
          name: 'shop-acme',
          dnsName: 'acme.shop.example.com.',
          description: 'ACME DNS-01 challenges of shop.example.com, delegated from example-com',
          visibility: 'public',
          forceDestroy: true,
          labels: expect.objectContaining({ environment: 'production' }),
        },
      ],
    ]);
    // not DNSSEC-signed: no DS record is needed in the parent zone, signed or not (an insecure delegation)
    expect(zones[0].inputs).not.toHaveProperty('dnssecConfig');
    const records = ofType(plans.gcpFailover, 'gcp:dns/recordSet:RecordSet').filter((r) => r.name.startsWith('shop-acme-'));
    expect(Object.fromEntries(records.map((r) => [r.name, r.inputs]))).toEqual({
      'shop-acme-delegation': {
        managedZone: 'example-com',
        name: 'acme.shop.example.com.',
        type: 'NS',
        ttl: 300,
        rrdatas: [1, 2, 3, 4].map((n) => `ns-cloud-a${n}.googledomains.com.`),
      },
      'shop-acme-cname-shop.example.com': {
        managedZone: 'example-com',
        name: '_acme-challenge.shop.example.com.',
        type: 'CNAME',
        ttl: 300,
        rrdatas: ['_acme-challenge.acme.shop.example.com.'],
      },
    });
    // the delegation names the challenge zone's own name servers
    expect(resource(plans.gcpFailover, 'shop-acme-delegation').dependencies).toContain('shop-acme-zone');
  });

  test('without DNS-01 hosts (no dr.dns), no challenge zone', () => {
    for (const key of ['gcp', 'cqar'] as const) {
      const dns = plans[key].filter((r) => r.type.startsWith('gcp:dns/'));
      expect(dns.filter((r) => !r.name.includes('postgres-dns'))).toEqual([]);
    }
  });

  test.each(CLUSTERS)(
    '%s cluster: the issuer solves the failover name with DNS-01 in the challenge zone, following its CNAME there',
    (_, addons) => {
      expect(inputs(plans.gcpFailover, `${addons}-issuer-letsencrypt-prod`).spec.acme.solvers).toEqual([
        {
          selector: { dnsNames: ['shop.example.com'] },
          dns01: { cnameStrategy: 'Follow', cloudDNS: { project: MOCK_GCP_PROJECT, hostedZoneName: 'shop-acme' } },
        },
      ]);
    },
  );

  test.each(CLUSTERS)(
    "%s cluster: cert-manager's Google service account may administer the challenge zone only, impersonated by cert-manager's ServiceAccount only",
    (_, addons) => {
      const account = inputs(plans.gcpFailover, `${addons}-cert-manager-sa`);
      expect(account.accountId.length).toBeLessThanOrEqual(30);
      const email = `${account.accountId}@${MOCK_GCP_PROJECT}.iam.gserviceaccount.com`;
      const grant = resource(plans.gcpFailover, `${addons}-cert-manager-dns`);
      expect(grant.inputs).toMatchObject({
        project: MOCK_GCP_PROJECT,
        managedZone: 'shop-acme',
        role: 'roles/dns.admin',
        member: `serviceAccount:${email}`,
      });
      expect(grant.dependencies).toContain('shop-acme-zone');
      // nothing on the zone of the failover record
      expect(
        ofType(plans.gcpFailover, 'gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember').filter(
          (r) => r.inputs.managedZone !== 'shop-acme',
        ),
      ).toEqual([]);
      expect(inputs(plans.gcpFailover, `${addons}-cert-manager-workload-identity`)).toMatchObject({
        role: 'roles/iam.workloadIdentityUser',
        member: `serviceAccount:${MOCK_GCP_PROJECT}.svc.id.goog[cert-manager/cert-manager]`,
      });
      // no project-wide grant: the zone's IAM only
      expect(
        ofType(plans.gcpFailover, 'gcp:projects/iAMMember:IAMMember').filter((r) => r.name.startsWith(`${addons}-cert-manager`)),
      ).toEqual([]);
      const release = resource(plans.gcpFailover, `${addons}-cert-manager`);
      expect(release.inputs.values.serviceAccount).toEqual({
        create: true,
        name: 'cert-manager',
        annotations: { 'iam.gke.io/gcp-service-account': email },
      });
      // cert-manager starts once it may write in the challenge zone and the challenge CNAME leads there
      expect(release.options.dependsOn).toEqual(
        expect.arrayContaining([
          `${addons}-cert-manager-dns`,
          `${addons}-cert-manager-workload-identity`,
          'shop-acme-delegation',
          'shop-acme-cname-shop.example.com',
          `${addons}-envoy-gateway`,
        ]),
      );
    },
  );

  test('the issuers with a Cloud DNS solver are valid against the vendored CRD schema', () => {
    expect(validateObjects(clusterIssuers(resolve(gcpFailover), undefined, 'my-project'))).toEqual([]);
  });

  test('fails when ClusterAddons on its own is given no challenge zone for DNS-01 hosts on GCP', async () => {
    const program = () =>
      new ClusterAddons('alone', {
        spec: resolve(gcpFailover),
        provider: new k8s.Provider('alone-k8s', { kubeconfig: '{}' }),
        cluster: { workloadPool: `${MOCK_GCP_PROJECT}.svc.id.goog`, clusterName: 'c' },
      });
    await expect(plan(program)).rejects.toThrow(
      'alone: on GCP the DNS-01 challenges of shop.example.com need acmeChallengeZone (gcp.acmeChallengeZone of dns01ChallengeZone(spec))',
    );
  });
});

test('GCP: the condition names each secret the stack reads, exactly, with its versions, and no prefix', () => {
  const condition = secretsCondition('42', ['shop-production-postgres', 'shared-payments-stripe']);
  expect(condition).toBe(
    'resource.name == "projects/42/secrets/shared-payments-stripe" || resource.name.startsWith("projects/42/secrets/shared-payments-stripe/") || ' +
      'resource.name == "projects/42/secrets/shop-production-postgres" || resource.name.startsWith("projects/42/secrets/shop-production-postgres/")',
  );
  // a prefix `shop-production-` would also grant the secrets of a stack named `shop-production` (found by review)
  expect(condition).not.toContain('startsWith("projects/42/secrets/shop-production-")');
  expect(() => secretsCondition('42', [])).toThrow(/grant nothing/);
});

test('AWS: a default StorageClass, encrypted gp3 whose volumes are retained, before the monitoring stack; GKE ships its own', () => {
  const [sc] = ofType(plans.aws, 'kubernetes:storage.k8s.io/v1:StorageClass');
  expect(sc.inputs).toMatchObject({
    metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'ebs.csi.aws.com',
    parameters: { encrypted: 'true', type: 'gp3' },
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  expect(resource(plans.aws, 'shop-addons-kube-prometheus-stack').options.dependsOn).toEqual(
    expect.arrayContaining(['shop-addons-storage-class']),
  );
  expect(ofType(plans.gcp, 'kubernetes:storage.k8s.io/v1:StorageClass')).toEqual([]);
});

/**
 * The value of a chart template's opening condition (`{{- if <pipeline> }}`) under `values`: `.Values.a.b`,
 * string literals, and Helm's `and`, `or`, `eq`, in prefix form with parentheses, as the charts use them.
 */
function helmGuard(guard: string, values: unknown): boolean {
  const expression = /^\{\{-? if (.*?) -?\}\}$/.exec(guard.trim())?.[1];
  if (expression === undefined) throw new Error(`not a condition: ${guard}`);
  const tokens = expression.match(/\(|\)|"[^"]*"|[^\s()]+/g) ?? [];
  let at = 0;
  const term = (): unknown => {
    const t = tokens[at++];
    if (t === '(') {
      const v = call();
      at++; // ')'
      return v;
    }
    if (t.startsWith('"')) return t.slice(1, -1);
    if (t.startsWith('.Values.'))
      return t
        .slice('.Values.'.length)
        .split('.')
        .reduce((o: any, k) => o?.[k], values);
    throw new Error(`unexpected ${t} in ${guard}`);
  };
  const call = (): unknown => {
    const f = tokens[at];
    if (f === 'and' || f === 'or' || f === 'eq') {
      at++;
      const args: unknown[] = [];
      while (at < tokens.length && tokens[at] !== ')') args.push(term());
      if (f === 'eq') return args[0] === args[1];
      return f === 'and' ? args.every(Boolean) : args.some(Boolean);
    }
    return term();
  };
  return Boolean(call());
}
