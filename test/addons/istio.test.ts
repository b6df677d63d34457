/**
 * Istio under Pulumi mocks: installed only when the spec asks for the mesh, as three releases of one pinned
 * Istio version (base, istio-cni, istiod) in their namespaces, in that order, before any object of the stack;
 * istiod relying on istio-cni (the stack's pods run under Pod Security `restricted`); the GKE platform on GCP;
 * the values checked against the charts' own values.yaml (vendored in test/fixtures/charts); the sidecars
 * counted by the namespace's ResourceQuota and let through its NetworkPolicies to istiod.
 */
import {
  ADDON_NAMESPACES,
  CHARTS,
  ISTIOD_LABELS,
  ISTIO_CHARTS_REPO,
  ISTIO_NAMESPACES,
  ISTIO_RELEASE,
  chartSource,
  istioBaseValues,
  istioCniValues,
  istioPlatform,
  istiodValues,
} from '../../lib/addons';
import { DEFAULTS, type ProductionStackProps, resolve } from '../../lib/core';
import { peakUsage } from '../../lib/k8s';
import { ISTIOD_PORT, ISTIO_NAMESPACE, SIDECAR_RESOURCES } from '../../lib/k8s/mesh';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { chartManifests } from '../../lib/stack/workloads';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { ofType, resource } from '../support/plan';
import { type Pod, canConnect } from '../support/netpol';
import { unknownKeys, vendoredChart } from '../support/chart-values';

/* eslint-disable @typescript-eslint/no-explicit-any */

const RELEASE = 'kubernetes:helm.sh/v3:Release';
const ISTIO_RELEASES = ['istio-base', 'istio-cni', 'istiod'];

const awsMesh: ProductionStackProps = { ...awsSpec, serviceMesh: 'istio' };
const gcpMesh: ProductionStackProps = { ...gcpSpec, serviceMesh: 'istio' };

const plans: Record<'aws' | 'gcp' | 'awsMesh' | 'gcpMesh', PlanResource[]> = { aws: [], gcp: [], awsMesh: [], gcpMesh: [] };
beforeAll(async () => {
  const run = (spec: ProductionStackProps) => plan(() => new ProductionStack(spec.name, spec));
  [plans.aws, plans.gcp, plans.awsMesh, plans.gcpMesh] = await Promise.all([awsSpec, gcpSpec, awsMesh, gcpMesh].map(run));
});

const istioReleases = (planned: PlanResource[]) => ofType(planned, RELEASE).filter((r) => ISTIO_RELEASES.includes(r.inputs.name));
const release = (planned: PlanResource[], name: string) => resource(planned, `shop-addons-${name}`, RELEASE);

describe('Istio releases', () => {
  test.each(['aws', 'gcp'] as const)('%s without the mesh: no Istio release, no istio-system namespace', (key) => {
    expect(istioReleases(plans[key])).toEqual([]);
    expect(ofType(plans[key], 'kubernetes:core/v1:Namespace').filter((n) => n.inputs.metadata.name === ISTIO_NAMESPACE)).toEqual([]);
  });

  test.each([
    ['AWS', 'awsMesh'],
    ['GCP', 'gcpMesh'],
  ] as const)('%s with the mesh: base and istiod in istio-system, istio-cni in kube-system, all of the pinned Istio release', (_, key) => {
    const found = istioReleases(plans[key]);
    expect(found.map((r) => [r.name, r.inputs.chart, r.inputs.namespace]).sort()).toEqual([
      ['shop-addons-istio-base', 'base', 'istio-system'],
      ['shop-addons-istio-cni', 'cni', 'kube-system'],
      ['shop-addons-istiod', 'istiod', 'istio-system'],
    ]);
    for (const r of found) {
      expect(r.inputs).toMatchObject({
        version: ISTIO_RELEASE.version,
        repositoryOpts: { repo: 'https://blob.istio.io/istio-release/charts' },
        atomic: true,
        cleanupOnFail: true,
        createNamespace: false,
      });
      expect(r.options.provider).toBe('shop-k8s');
      expect(r.parent).toBe('shop-addons');
    }
  });

  test('the three charts are pinned to one exact Istio version, from Istio’s repository', () => {
    const istio = [CHARTS.istioBase, CHARTS.istiod, CHARTS.istioCni];
    expect(istio.map((c) => [c.chart, c.release, c.version, chartSource(c)])).toEqual([
      ['base', 'istio-base', '1.31.1', { chart: 'base', repositoryOpts: { repo: ISTIO_CHARTS_REPO } }],
      ['istiod', 'istiod', '1.31.1', { chart: 'istiod', repositoryOpts: { repo: ISTIO_CHARTS_REPO } }],
      ['cni', 'istio-cni', '1.31.1', { chart: 'cni', repositoryOpts: { repo: ISTIO_CHARTS_REPO } }],
    ]);
    expect(ISTIO_RELEASE.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test("the pinned Istio supports the library's default Kubernetes version", () => {
    const minor = (v: string) => Number(v.split('.')[1]);
    const k = minor(DEFAULTS.kubernetesVersion);
    expect(k).toBeGreaterThanOrEqual(minor(ISTIO_RELEASE.kubernetes.min));
    expect(k).toBeLessThanOrEqual(minor(ISTIO_RELEASE.kubernetes.max));
  });

  test('istio-system is created for base and istiod, and enforces Pod Security restricted (istio-cni runs in kube-system)', () => {
    const ns = resource(plans.gcpMesh, 'shop-addons-istiod-namespace', 'kubernetes:core/v1:Namespace');
    expect(ns.inputs.metadata).toMatchObject({
      name: 'istio-system',
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' },
    });
    expect(ADDON_NAMESPACES.istioCni).toBe('kube-system');
    expect(ISTIO_NAMESPACES).toEqual({ control: ISTIO_NAMESPACE, cni: 'kube-system' });
  });
});

describe('Istio values', () => {
  test.each(['awsMesh', 'gcpMesh'] as const)(
    '%s: istiod relies on istio-cni, runs at least two replicas behind a PDB, restricted',
    (key) => {
      expect(release(plans[key], 'istiod').inputs.values).toMatchObject({
        cni: { enabled: true },
        autoscaleEnabled: true,
        autoscaleMin: 2,
        pdb: { minAvailable: 1 },
        resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '4Gi' } },
        seccompProfile: { type: 'RuntimeDefault' },
        topologySpreadConstraints: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'istiod' } } }],
        global: {
          defaultPodDisruptionBudget: { enabled: true },
          proxy: { resources: SIDECAR_RESOURCES, seccompProfile: { type: 'RuntimeDefault' } },
        },
      });
      expect(release(plans[key], 'istio-cni').inputs.values.resources).toEqual({
        requests: { cpu: '100m', memory: '100Mi' },
        limits: { memory: '512Mi' },
      });
    },
  );

  test('GCP: every Istio chart gets the gke platform (the CNI binaries are in /home/kubernetes/bin); AWS: none', () => {
    for (const name of ISTIO_RELEASES) {
      expect(release(plans.gcpMesh, name).inputs.values.global?.platform).toBe('gke');
      expect(release(plans.awsMesh, name).inputs.values.global?.platform).toBeUndefined();
    }
    expect([istioPlatform('gcp'), istioPlatform('aws')]).toEqual(['gke', undefined]);
  });

  // The charts keep their defaults under `_internal_defaults_do_not_set` (templates/zzz_profile.yaml merges the
  // platform's profile over them, then the given values); `global.platform` is read there, not declared in values.yaml.
  const PLATFORM = ['global.platform'];
  const keysOf = (file: string, values: unknown, freeForm: readonly string[] = []) => {
    const { raw, parsed } = vendoredChart(file);
    return unknownKeys(values, parsed._internal_defaults_do_not_set, raw, freeForm).filter((k) => !PLATFORM.includes(k));
  };

  test.each(['aws', 'gcp'] as const)("%s: the values are keys of the charts' own values.yaml (Istio 1.31)", (cloud) => {
    expect(keysOf('istio-base-1.31.0-rc.0.values.yaml', istioBaseValues(cloud))).toEqual([]);
    expect(keysOf('istiod-1.31.0-rc.0.values.yaml', istiodValues(cloud))).toEqual([]);
    // the cni chart declares `resources.requests` only, and renders `limits` and `requests` (templates/_helpers.tpl, istio-cni.resources)
    expect(keysOf('istio-cni-1.31.0-rc.0.values.yaml', istioCniValues(cloud), ['resources'])).toEqual([]);
  });

  test('what the values change from the charts’ defaults, and what they rely on', () => {
    const istiod = vendoredChart('istiod-1.31.0-rc.0.values.yaml').parsed._internal_defaults_do_not_set;
    // sidecar injection adds istio-init (NET_ADMIN, NET_RAW) unless told istio-cni is there
    expect(istiod.cni.enabled).toBe(false);
    // one replica by default, and the chart makes its PDB only with more than one
    expect([istiod.autoscaleMin, istiod.pdb.minAvailable, istiod.global.defaultPodDisruptionBudget.enabled]).toEqual([1, 1, true]);
    expect(istiod.seccompProfile).toEqual({});
    // the sidecar's resources are Istio's defaults, set explicitly because the namespace's quota counts them
    expect(istiod.global.proxy.resources.requests).toEqual(SIDECAR_RESOURCES.requests);
    expect(istiod.global.proxy.resources.limits.memory).toBe(SIDECAR_RESOURCES.limits.memory);
    // the sidecars' xDS and CA port, which the stack's policies open
    expect(ISTIOD_PORT).toBe(15012);
    const cni = vendoredChart('istio-cni-1.31.0-rc.0.values.yaml').parsed._internal_defaults_do_not_set;
    expect([cni.cniBinDir, cni.repair.repairPods, cni.excludeNamespaces]).toEqual(['/opt/cni/bin', true, ['kube-system']]);
    // what `global.platform: gke` merges in: the CNI directory found from the node's version, and a quota for its pods
    const gke = vendoredChart('istio-1.31.0-rc.0.platform-gke.yaml').parsed;
    expect(gke).toEqual({ cni: { cniBinDir: '', resourceQuotas: { enabled: true } }, resourceQuotas: { enabled: true } });
    expect(ISTIOD_LABELS).toEqual({ app: 'istiod', istio: 'pilot' });
  });
});

describe('Istio before the stack', () => {
  test.each(['awsMesh', 'gcpMesh'] as const)('%s: base (the CRDs), then istio-cni, then istiod (the injection webhook)', (key) => {
    expect(release(plans[key], 'istio-base').options.dependsOn).toEqual(['shop-addons-istiod-namespace']);
    expect(release(plans[key], 'istio-cni').options.dependsOn).toEqual(['shop-addons-istio-base']);
    expect(release(plans[key], 'istiod').options.dependsOn).toEqual(
      ['shop-addons-istio-base', 'shop-addons-istio-cni', 'shop-addons-istiod-namespace'].sort(),
    );
  });

  test.each(['awsMesh', 'gcpMesh'] as const)(
    '%s: the namespace, the workloads and the Istio objects of the stack wait for istiod and the CRDs',
    (key) => {
      const objects = plans[key].filter((r) => r.parent === 'shop-workloads');
      const kinds = new Set(objects.map((o) => o.type));
      for (const kind of [
        'kubernetes:core/v1:Namespace',
        'kubernetes:apps/v1:Deployment',
        'kubernetes:security.istio.io/v1:PeerAuthentication',
        'kubernetes:networking.istio.io/v1beta1:DestinationRule',
      ])
        expect(kinds).toContain(kind);
      for (const o of objects) {
        expect(o.options.dependsOn).toEqual(
          expect.arrayContaining(['shop-addons-istio-base', 'shop-addons-istio-cni', 'shop-addons-istiod']),
        );
      }
    },
  );
});

describe('the stack in the mesh', () => {
  test("the namespace's quota counts a sidecar for every pod in the mesh", () => {
    const plain = resolve(awsSpec);
    const mesh = resolve(awsMesh);
    const [without, withMesh] = [peakUsage(plain), peakUsage(mesh)];
    // the fixture's only service, at its maximum replicas plus surge (no NATS; its backup jobs stay out of the mesh)
    const pods = plain.services.reduce((n, s) => n + (s.autoscaling?.maxReplicas ?? s.replicas) + s.maxSurge, 0);
    expect(pods).toBeGreaterThan(0);
    expect(withMesh.pods).toBe(without.pods);
    expect(withMesh.cpuMillis - without.cpuMillis).toBeCloseTo(pods * 100);
    expect(withMesh.memoryMi - without.memoryMi).toBeCloseTo(pods * 128);
    expect(withMesh.memoryLimitMi - without.memoryLimitMi).toBeCloseTo(pods * 1024);
    const quota = chartManifests(awsMesh).find((m) => m.kind === 'ResourceQuota')!;
    expect((quota as any).spec.hard['requests.cpu']).toBe(`${Math.ceil(withMesh.cpuMillis * 1.25)}m`);
  });

  test("a pod of the stack reaches istiod's xDS and CA port, and nothing else of it", () => {
    const objects = chartManifests(gcpMesh);
    const spec = resolve(gcpMesh);
    const ns = (name: string) => ({ 'kubernetes.io/metadata.name': name });
    const deployment = objects.find((m) => m.kind === 'Deployment' && m.metadata.name === 'api') as any;
    const api: Pod = { namespace: spec.namespace, namespaceLabels: ns(spec.namespace), labels: deployment.spec.template.metadata.labels };
    const istiod: Pod = { namespace: ISTIO_NAMESPACE, namespaceLabels: ns(ISTIO_NAMESPACE), labels: { ...ISTIOD_LABELS } };
    expect(canConnect(objects, api, istiod, ISTIOD_PORT)).toBe(true);
    expect(canConnect(objects, api, istiod, 15017)).toBe(false); // the webhook port is the API server's
    expect(canConnect(objects, api, istiod, 15014)).toBe(false); // istiod's metrics
  });
});
