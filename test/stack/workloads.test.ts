/**
 * The chart's Kubernetes objects deployed by the Pulumi ProductionStack, under
 * mocks: each object registered once, through the cluster's provider, after
 * the add-ons; data-holding objects retained on delete; no secret values.
 */
import { type ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack, Workloads } from '../../lib/pulumi';
import {
  GATEWAY_ADDRESS_PATH,
  type KubernetesManifest,
  PULUMI_WAIT_FOR,
  assertNoSecretValues,
  chartManifests,
  holdsData,
  kubernetesType,
  objectName,
  withLoadBalancerIP,
} from '../../lib/stack/workloads';
import { spec as cqar } from '../../examples/cqar/spec';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { type Inputs, ofType } from '../support/plan';

type Planned = PlanResource & { inputs: Inputs };

const specs: [string, ProductionStackProps][] = [
  ['AWS fixture', awsSpec],
  ['GCP fixture', gcpSpec],
  ['CQAR (NATS, datastores, secrets, a gRPC route)', cqar],
];

const plans = new Map<string, PlanResource[]>();
beforeAll(async () => {
  for (const [label, spec] of specs) plans.set(label, await plan(() => new ProductionStack(spec.name, spec)));
});

const isObject = (r: PlanResource): boolean =>
  r.type.startsWith('kubernetes:') && r.parent !== null && r.parent.endsWith('-workloads') && r.type !== 'kubernetes:helm.sh/v3:Release';

describe.each(specs)('%s', (label, spec) => {
  let planned: PlanResource[];
  let objects: Planned[];
  beforeAll(() => {
    planned = plans.get(label)!;
    objects = planned.filter(isObject) as Planned[];
  });

  test('every object of the cdk8s chart is registered exactly once, with its type token and the object as inputs', () => {
    const manifests = chartManifests(spec);
    expect(objects).toHaveLength(manifests.length);
    for (const m of manifests) {
      const found = objects.filter(
        (r) =>
          r.type === kubernetesType(m.apiVersion, m.kind) &&
          r.inputs.metadata.name === m.metadata.name &&
          r.inputs.metadata.namespace === m.metadata.namespace,
      );
      expect([m.kind, m.metadata.name, found.length]).toEqual([m.kind, m.metadata.name, 1]);
      expect(found[0].name).toBe(objectName(`${spec.name}-workloads`, m));
      const expected = JSON.parse(JSON.stringify(m));
      // ProductionStack binds the backup's and the drill's ServiceAccounts to the identities it creates (values checked in backups.test.ts).
      const bound = [`${spec.name}-backup`, `${spec.name}-restore-drill`];
      // the PostgreSQL bootstrap is replaced when it failed, and gets the credentials digest it must find
      // synced and the cluster's role (lib/stack/postgres-bootstrap.ts), its ExternalSecrets the digest as force-sync
      if (m.kind === 'Job' && m.metadata.name.startsWith(`${spec.name}-postgres-bootstrap-`)) {
        expected.metadata.annotations = { ...expected.metadata.annotations, 'pulumi.com/replaceUnready': 'true' };
        expected.spec.template.metadata.annotations = { 'production-stack/cluster-role': 'full' };
        expected.spec.template.spec.containers[0].env.push({
          name: 'EXPECTED_CREDENTIALS',
          value: expect.stringMatching(/^[0-9a-f]{64}$/),
        });
      }
      if (m.kind === 'ExternalSecret' && m.metadata.name.startsWith(`${spec.name}-postgres-`))
        expected.metadata.annotations = { ...expected.metadata.annotations, 'force-sync': expect.stringMatching(/^[0-9a-f]{64}$/) };
      // the spec's own secrets are awaited until synced (the stack never writes them)
      if (m.kind === 'ExternalSecret' && (spec.secrets ?? []).some((x) => x.name === m.metadata.name))
        expected.metadata.annotations = {
          ...expected.metadata.annotations,
          'pulumi.com/waitFor': 'jsonpath={.status.conditions[?(@.type=="Ready")].status}=True',
        };
      if (m.kind === 'ServiceAccount' && bound.includes(m.metadata.name))
        expected.metadata.annotations = {
          ...expected.metadata.annotations,
          [spec.cloud === 'gcp' ? 'iam.gke.io/gcp-service-account' : 'eks.amazonaws.com/role-arn']: expect.any(String),
        };
      expect(found[0].inputs).toEqual(expected);
    }
  });

  test('every object goes through the cluster provider and waits for every add-on (CRDs before CRs)', () => {
    const addons = planned.filter((r) => r.parent === `${spec.name}-addons`).map((r) => r.name);
    expect(addons).toContain(`${spec.name}-addons-external-secrets`);
    for (const o of objects) {
      expect([o.name, o.options.provider]).toEqual([o.name, `${spec.name}-k8s`]);
      expect(o.options.dependsOn).toEqual(expect.arrayContaining(addons));
    }
  });

  test('namespaced objects wait for their namespace; the namespace and data-holding StatefulSets are retained on delete', () => {
    const ns = objects.find((o) => o.type === 'kubernetes:core/v1:Namespace')!;
    expect(ns.options.retainOnDelete).toBe(true);
    for (const o of objects.filter((x) => x.inputs.metadata.namespace !== undefined)) expect(o.options.dependsOn).toContain(ns.name);
    for (const o of objects.filter((x) => x.type !== 'kubernetes:core/v1:Namespace')) {
      const claims = o.type === 'kubernetes:apps/v1:StatefulSet' && (o.inputs.spec.volumeClaimTemplates ?? []).length > 0;
      expect([o.name, o.options.retainOnDelete]).toEqual([o.name, claims ? true : undefined]);
      expect(o.options.protect).toBeUndefined();
    }
  });

  test('no Secret with a value is deployed: credentials arrive through ExternalSecrets', () => {
    for (const o of objects.filter((x) => x.type === 'kubernetes:core/v1:Secret')) {
      expect(o.inputs.data ?? {}).toEqual({});
      expect(o.inputs.stringData ?? {}).toEqual({});
    }
  });
});

test('CQAR: NATS (StatefulSet with volumes) is retained on delete, and its streams wait for the NACK release', () => {
  const planned = plans.get(specs[2][0])!;
  const nats = ofType(planned, 'kubernetes:apps/v1:StatefulSet').find((s) => s.inputs.metadata.name === 'nats')!;
  expect(nats.options.retainOnDelete).toBe(true);
  const streams = ofType(planned, 'kubernetes:jetstream.nats.io/v1beta2:Stream');
  expect(streams.length).toBeGreaterThan(0);
  for (const s of streams) expect(s.options.dependsOn).toContain('cqar-addons-nack');
  expect(ofType(planned, 'kubernetes:external-secrets.io/v1:ExternalSecret').length).toBeGreaterThan(0);
});

test('Workloads on its own: the objects of a spec through a given provider, without add-ons', async () => {
  const k8s = await import('@pulumi/kubernetes');
  const planned = await plan(() => {
    const provider = new k8s.Provider('kind', { kubeconfig: '{}' });
    return new Workloads('shop', { spec: awsSpec, provider });
  });
  const objects = planned.filter((r) => r.parent === 'shop') as Planned[];
  expect(objects).toHaveLength(chartManifests(awsSpec).length);
  const bootstrap = objects.find((o) => o.name.startsWith('shop-job-shop-shop-postgres-bootstrap-'))!.name;
  // a pod that connects to PostgreSQL as a login role waits for the Job that creates the roles
  // the bootstrap after its own ServiceAccount, NetworkPolicy and Secret
  const prerequisites = [
    'shop-externalsecret-shop-shop-postgres-admin',
    'shop-networkpolicy-shop-shop-postgres-bootstrap',
    'shop-serviceaccount-shop-shop-postgres-bootstrap',
  ];
  const connects = (o: Planned) => o.inputs.kind !== 'ExternalSecret' && JSON.stringify(o.inputs).includes('"shop-postgres-app-');
  for (const o of objects)
    expect([o.name, o.options.provider, [...(o.options.dependsOn ?? [])].sort()]).toEqual([
      o.name,
      'kind',
      o.inputs.metadata.namespace
        ? [...(connects(o) ? [bootstrap] : []), ...(o.name === bootstrap ? prerequisites : []), 'shop-namespace-shop'].sort()
        : [],
    ]);
  expect(objects.filter(connects).map((o) => o.name)).toEqual([
    'shop-cronjob-shop-shop-pg-backup',
    'shop-deployment-shop-shop-postgres-exporter',
  ]);
});

describe("the gateway's address, given at deployment", () => {
  const routed: ProductionStackProps = {
    ...awsSpec,
    services: awsSpec.services.map((s) => ({ ...s, route: { host: 'shop.example.com' } })),
  };
  const workloads = async (spec: ProductionStackProps, args: { loadBalancerIP?: string; awaitGatewayAddress?: boolean }) => {
    const k8s = await import('@pulumi/kubernetes');
    return plan(() => new Workloads('shop', { spec, provider: new k8s.Provider('kind', { kubeconfig: '{}' }), ...args }));
  };

  test("loadBalancerIP: the EnvoyProxy's Service takes the address, the rest of the EnvoyProxy as the chart has it", async () => {
    const planned = await workloads(routed, { loadBalancerIP: '203.0.113.7' });
    const proxy = planned.find((r) => r.name === 'shop-envoyproxy-shop-shop') as Planned;
    const chart = chartManifests(routed).find((m) => m.kind === 'EnvoyProxy') as unknown as Inputs;
    expect(proxy.inputs.spec.provider.kubernetes.envoyService).toEqual({
      ...chart.spec.provider.kubernetes.envoyService,
      loadBalancerIP: '203.0.113.7',
    });
    expect({ ...proxy.inputs.spec, provider: undefined }).toEqual({ ...chart.spec, provider: undefined });
    expect({ ...proxy.inputs.spec.provider.kubernetes, envoyService: undefined }).toEqual({
      ...chart.spec.provider.kubernetes,
      envoyService: undefined,
    });
  });

  test('awaitGatewayAddress: Pulumi waits for the Gateway to have its address (and Workloads exposes it)', async () => {
    const planned = await workloads(routed, { awaitGatewayAddress: true });
    const gateway = planned.find((r) => r.name === 'shop-gateway-shop-shop') as Planned;
    expect(gateway.inputs.metadata.annotations).toEqual({
      ...(chartManifests(routed).find((m) => m.kind === 'Gateway')!.metadata.annotations as Record<string, string>),
      [PULUMI_WAIT_FOR]: GATEWAY_ADDRESS_PATH,
    });
    // without it the Gateway is the chart's
    const plain = (await workloads(routed, {})).find((r) => r.name === 'shop-gateway-shop-shop') as Planned;
    expect(plain.inputs.metadata.annotations).not.toHaveProperty(PULUMI_WAIT_FOR);
  });

  test.each([
    ['loadBalancerIP', { loadBalancerIP: '203.0.113.7' }],
    ['awaitGatewayAddress', { awaitGatewayAddress: true }],
  ])('fails when %s is given and the chart has no Gateway of its own', async (option, args) => {
    await expect(workloads(awsSpec, args)).rejects.toThrow(new RegExp(`${option}: the chart has no Gateway of its own`));
  });

  test('withLoadBalancerIP keeps the other fields of the EnvoyProxy', async () => {
    const manifest = {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: 'x' },
      spec: { shutdown: { drainTimeout: '5s' } },
    };
    const patched = withLoadBalancerIP(manifest, '198.51.100.1');
    const spec = await new Promise((resolve) => (patched.spec as { apply: (f: (v: unknown) => void) => void }).apply(resolve));
    expect(spec).toEqual({
      shutdown: { drainTimeout: '5s' },
      provider: { kubernetes: { envoyService: { loadBalancerIP: '198.51.100.1' } } },
    });
  });
});

describe('helpers', () => {
  test.each([
    ['v1', 'Namespace', 'kubernetes:core/v1:Namespace'],
    ['apps/v1', 'StatefulSet', 'kubernetes:apps/v1:StatefulSet'],
    ['networking.k8s.io/v1', 'Ingress', 'kubernetes:networking.k8s.io/v1:Ingress'],
    ['external-secrets.io/v1', 'ExternalSecret', 'kubernetes:external-secrets.io/v1:ExternalSecret'],
  ])('%s %s has the type token %s', (apiVersion, kind, token) => {
    expect(kubernetesType(apiVersion, kind)).toBe(token);
  });

  const m = (kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}): KubernetesManifest => ({
    apiVersion: 'v1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    ...extra,
  });

  test('logical names: <prefix>-<kind>-<namespace>-<name>, lowercase; cluster-scoped objects have no namespace part', () => {
    expect(objectName('shop-workloads', m('ConfigMap', 'api-config', 'shop'))).toBe('shop-workloads-configmap-shop-api-config');
    expect(objectName('shop-workloads', m('Namespace', 'shop'))).toBe('shop-workloads-namespace-shop');
  });

  test('holds data: namespaces and StatefulSets with volume claim templates', () => {
    expect(holdsData(m('Namespace', 'shop'))).toBe(true);
    expect(holdsData(m('StatefulSet', 'nats', 'shop', { spec: { volumeClaimTemplates: [{}] } }))).toBe(true);
    expect(holdsData(m('StatefulSet', 'cache', 'shop', { spec: {} }))).toBe(false);
    expect(holdsData(m('Deployment', 'api', 'shop'))).toBe(false);
  });

  test('fails when a Secret carries a value', () => {
    expect(() => assertNoSecretValues([m('Secret', 'leak', 'shop', { stringData: { password: 'x' } })])).toThrow(
      /refusing to deploy Secret values \(shop\/leak\)/,
    );
    expect(() => assertNoSecretValues([m('Secret', 'leak', 'shop', { data: { password: 'eA==' } })])).toThrow(/ExternalSecrets/);
    expect(() => assertNoSecretValues([m('Secret', 'empty', 'shop', { type: 'kubernetes.io/service-account-token' })])).not.toThrow();
  });
});
