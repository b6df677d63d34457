/**
 * The standby cluster runs the same add-ons and objects as the primary, under
 * mocks: through its own provider, the secret store reading the standby
 * region, the External Secrets role trusted by the standby cluster; each
 * region's workloads sized by its role, and a flip of `dr.activeRegion`
 * changing replica counts only, never a name (only a warm standby, while the
 * primary serves, has the SECONDARY failover record).
 */
import type { ProductionStackProps } from 'production-stack';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { clusterScale, standbySpec } from '../../lib/stack/pulumi';
import { resolve } from '../../lib/core';
import { type KubernetesManifest, SCALED_KINDS, type WorkloadScale, chartManifests, warmReplicas } from '../../lib/stack/workloads';
import { baseSpec, workerNamed } from '../support/spec';
import { spec as fixture } from '../fixtures/pulumi-aws/spec';
import { type Inputs, identities, inputs, ofType, resource } from '../support/plan';

const PRIMARY = 'eu-west-1';
const STANDBY = 'us-east-2';

/** The AWS fixture with an autoscaled second service, and a standby region with failover DNS for the first's ingress. */
const spec = (dr: Partial<NonNullable<ProductionStackProps['dr']>> = {}): ProductionStackProps => ({
  ...fixture,
  services: [
    // the api only reads: it serves from a warm standby's replica
    ...fixture.services.map((s) => ({
      ...s,
      route: { host: 'shop.example.com' },
      ...(dr.mode === 'warm-standby' ? { serveFromReplica: true } : {}),
    })),
    {
      name: 'worker',
      image: 'registry.example.com/shop/worker:1.4.2',
      ports: [{ name: 'http', port: 8080 }],
      autoscaling: { minReplicas: 4, maxReplicas: 12 },
    },
  ],
  dr: { standbyRegion: STANDBY, dns: { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' }, ...dr },
});

const stack = (s: ProductionStackProps): Promise<PlanResource[]> => plan(() => new ProductionStack(s.name, s));

/** Replica counts, HPA minimums and CronJob suspension of a cluster's objects (`shop-workloads` or `shop-standby-workloads`). */
function sizes(planned: readonly PlanResource[], prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of planned.filter((x) => x.parent === prefix) as (PlanResource & { inputs: Inputs })[]) {
    const s = r.inputs.spec ?? {};
    const kind = r.inputs.kind as string;
    const name = `${kind}/${r.inputs.metadata.name as string}`;
    if (kind === 'Deployment' || kind === 'StatefulSet') out[name] = s.replicas;
    else if (kind === 'HorizontalPodAutoscaler') out[name] = s.minReplicas;
    else if (kind === 'CronJob') out[name] = s.suspend ?? false;
  }
  return out;
}

const FULL = {
  'Deployment/api': 3,
  'Deployment/worker': undefined,
  'HorizontalPodAutoscaler/worker': 4,
  'CronJob/shop-pg-backup': false,
  'CronJob/shop-pg-restore-drill': false,
  // the exporters run in every size: a passive region's watch its replica and its Redis
  'Deployment/shop-postgres-exporter': 1,
  'Deployment/shop-redis-exporter': 1,
};
const PILOT_LIGHT = {
  'Deployment/api': 0,
  'Deployment/worker': 0,
  'HorizontalPodAutoscaler/worker': 4,
  'CronJob/shop-pg-backup': true,
  'CronJob/shop-pg-restore-drill': true,
  // the exporters run in every size: a passive region's watch its replica and its Redis
  'Deployment/shop-postgres-exporter': 1,
  'Deployment/shop-redis-exporter': 1,
};
const WARM_STANDBY = {
  // the reader at a third; the worker, which writes, stopped (its HPA disabled at zero)
  'Deployment/api': 1,
  'Deployment/worker': 0,
  'HorizontalPodAutoscaler/worker': 4,
  'CronJob/shop-pg-backup': true,
  'CronJob/shop-pg-restore-drill': true,
  // the exporters run in every size: a passive region's watch its replica and its Redis
  'Deployment/shop-postgres-exporter': 1,
  'Deployment/shop-redis-exporter': 1,
};

/** The serving region with `dr.drain`: its services stopped, its CronJobs suspended. */
const DRAINED = { ...PILOT_LIGHT };

let passive: PlanResource[];
let flipped: PlanResource[];
let warm: PlanResource[];
let drained: PlanResource[];
beforeAll(async () => {
  drained = await stack(spec({ drain: true }));
  passive = await stack(spec());
  flipped = await stack(spec({ activeRegion: STANDBY }));
  warm = await stack(spec({ mode: 'warm-standby' }));
});

describe('the standby cluster', () => {
  test('has its own provider, from the standby cluster, under <stack>-standby', () => {
    const provider = resource(passive, 'shop-standby-k8s', 'pulumi:providers:kubernetes');
    expect(provider.parent).toBe('shop-standby');
    // it waits for the whole standby cluster, nodes included, and for the deployer's path to its private endpoint
    const after = provider.options.dependsOn as string[];
    expect(after).toContain('shop-standby-cluster-nodes');
    const path = after.filter((d) => !d.startsWith('shop-standby-cluster-'));
    expect(path.sort()).toEqual(
      [
        'shop-standby-peering-accepter',
        'shop-standby-peering-primary-api-ingress',
        'shop-standby-peering-standby-api-ingress',
        ...passive.filter((r) => r.type === 'aws:ec2/route:Route' && r.name.startsWith('shop-standby-peering-')).map((r) => r.name),
      ].sort(),
    );
    expect(path.filter((d) => d.endsWith('-route')).length).toBeGreaterThanOrEqual(4);
  });

  test('the add-ons and the objects exist on the standby provider, named as on the primary under shop-standby-', () => {
    const onCluster = (prefix: string) =>
      passive
        .filter((r) => r.type.startsWith('kubernetes:') && (r.parent === `${prefix}-addons` || r.parent === `${prefix}-workloads`))
        .map((r) => r.name.replace(`${prefix}-`, ''))
        .sort();
    expect(onCluster('shop-standby')).toEqual(onCluster('shop'));
    expect(onCluster('shop-standby').length).toBeGreaterThan(20);
    for (const r of passive.filter((x) => x.parent === 'shop-standby-addons' || x.parent === 'shop-standby-workloads')) {
      if (r.type.startsWith('kubernetes:')) expect([r.name, r.options.provider]).toEqual([r.name, 'shop-standby-k8s']);
    }
    for (const r of passive.filter((x) => x.parent === 'shop-addons' || x.parent === 'shop-workloads')) {
      if (r.type.startsWith('kubernetes:')) expect([r.name, r.options.provider]).toEqual([r.name, 'shop-k8s']);
    }
    expect(resource(passive, 'shop-standby-addons').parent).toBe('shop-standby');
    expect(resource(passive, 'shop-standby-workloads').parent).toBe('shop-standby');
  });

  test("a failover runs the PostgreSQL bootstrap again on each cluster, after the databases' promotion or demotion", () => {
    const bootstrap = (p: PlanResource[], prefix: string) =>
      p.find((r) => r.parent === prefix && r.name.startsWith(`${prefix}-job-shop-shop-postgres-bootstrap-`))!;
    const role = (r: PlanResource) => (r.inputs as Inputs).spec.template.metadata.annotations['production-stack/cluster-role'];
    for (const prefix of ['shop-workloads', 'shop-standby-workloads']) {
      const [before, after] = [bootstrap(passive, prefix), bootstrap(flipped, prefix)];
      // same Job (named after its script), another pod template: the role of its cluster changed, and a Job's template
      // is immutable, so Pulumi replaces it (deleting it first: the new one takes its name)
      expect(after.name).toBe(before.name);
      expect([prefix, role(before) === role(after)]).toEqual([prefix, false]);
      expect(after.options.deleteBeforeReplace).toBe(true);
      // and it waits for both databases, so it runs against the promoted one, not the replica it was
      expect(after.options.dependsOn).toEqual(expect.arrayContaining(['shop-postgres-db', 'shop-standby-postgres-db']));
    }
    // a passive standby's waits for the primary's, whose roles its replica receives; an active one for no other region
    expect(bootstrap(passive, 'shop-standby-workloads').options.dependsOn).toContain(bootstrap(passive, 'shop-workloads').name);
    expect(bootstrap(flipped, 'shop-standby-workloads').options.dependsOn).not.toContain(bootstrap(flipped, 'shop-workloads').name);
    expect(role(bootstrap(passive, 'shop-standby-workloads'))).toBe('pilot-light');
    expect(role(bootstrap(flipped, 'shop-standby-workloads'))).toBe('full');
  });

  test('its objects wait for its own add-ons', () => {
    const addons = passive.filter((r) => r.parent === 'shop-standby-addons').map((r) => r.name);
    for (const o of passive.filter((r) => r.parent === 'shop-standby-workloads'))
      expect(o.options.dependsOn).toEqual(expect.arrayContaining(addons));
  });

  test('the secret store reads Secrets Manager in the standby region; the primary store its own region', () => {
    const region = (p: PlanResource[], name: string) => inputs(p, name).spec.provider.aws.region;
    expect(region(passive, 'shop-standby-addons-secret-store')).toBe(STANDBY);
    expect(region(passive, 'shop-addons-secret-store')).toBe(PRIMARY);
  });

  test('the External Secrets role is trusted by the standby cluster and reads the standby region with its keys', () => {
    const trust = JSON.parse(inputs(passive, 'shop-standby-addons-external-secrets-role').assumeRolePolicy);
    const primaryTrust = JSON.parse(inputs(passive, 'shop-addons-external-secrets-role').assumeRolePolicy);
    expect(trust.Statement[0].Principal.Federated).not.toEqual(primaryTrust.Statement[0].Principal.Federated);
    expect(trust.Statement[0].Principal.Federated).toContain(`oidc.eks.${STANDBY}.amazonaws.com`);
    const policy = JSON.parse(inputs(passive, 'shop-standby-addons-external-secrets-policy').policy);
    const [read, decrypt] = policy.Statement;
    for (const arn of read.Resource) expect(arn).toMatch(new RegExp(`^arn:aws:secretsmanager:${STANDBY}:`));
    expect(decrypt.Condition).toEqual({ StringEquals: { 'kms:ViaService': `secretsmanager.${STANDBY}.amazonaws.com` } });
    expect(decrypt.Resource).toHaveLength(2);
    // the replica's and the standby Redis's keys, not the primary's
    for (const key of decrypt.Resource) expect(key).toMatch(new RegExp(`^arn:aws:kms:${STANDBY}:`));
    const primaryKeys = JSON.parse(inputs(passive, 'shop-addons-external-secrets-policy').policy).Statement[1].Resource;
    for (const key of decrypt.Resource) expect(primaryKeys).not.toContain(key);
  });

  test("the backup jobs of either cluster run as the one backup role, trusted by both clusters' OIDC providers", () => {
    const roleOf = (prefix: string) =>
      inputs(passive, `${prefix}-serviceaccount-shop-shop-backup`).metadata.annotations['eks.amazonaws.com/role-arn'];
    expect(roleOf('shop-workloads')).toMatch(/^arn:aws:iam::123456789012:role\/shop-backups-role/);
    expect(roleOf('shop-standby-workloads')).toBe(roleOf('shop-workloads'));
    const trusted = JSON.parse(inputs(passive, 'shop-backups-role').assumeRolePolicy).Statement.map(
      (s: { Principal: { Federated: string } }) => s.Principal.Federated,
    );
    expect(trusted).toHaveLength(2);
    expect(trusted[0]).toContain(`oidc.eks.${PRIMARY}.amazonaws.com`);
    expect(trusted[1]).toContain(`oidc.eks.${STANDBY}.amazonaws.com`);
  });

  test("each cluster's backup and restore-drill jobs use the bucket in its region: the standby's the replica", () => {
    const buckets = (p: PlanResource[], prefix: string) =>
      ofType(p, 'kubernetes:batch/v1:CronJob')
        .filter((r) => r.parent === prefix)
        .map((r) => {
          const pod = r.inputs.spec.jobTemplate.spec.template.spec;
          const env = [...(pod.initContainers ?? []), ...pod.containers].flatMap(
            (c: { env?: { name: string; value: string }[] }) => c.env ?? [],
          );
          return [r.inputs.metadata.name, [...new Set(env.filter((e) => e.name === 'BUCKET').map((e) => e.value))]];
        });
    const bucket = inputs(passive, 'shop-backups-bucket').bucket;
    const replica = inputs(passive, 'shop-backups-replica-bucket').bucket;
    expect([bucket, replica]).toEqual(['shop-production-db-backups', 'shop-production-db-backups-replica']);
    for (const p of [passive, flipped]) {
      expect(buckets(p, 'shop-workloads')).toEqual([
        ['shop-pg-backup', [bucket]],
        ['shop-pg-restore-drill', [bucket]],
      ]);
      expect(buckets(p, 'shop-standby-workloads')).toEqual([
        ['shop-pg-backup', [replica]],
        ['shop-pg-restore-drill', [replica]],
      ]);
    }
  });

  test('the failover records, the objects a flip sizes and the PostgreSQL bootstrap, on both clusters, wait for both databases; the other objects do not', () => {
    const databases = ['shop-postgres-db', 'shop-standby-postgres-db'];
    const waits = (r: PlanResource) => databases.filter((d) => r.dependencies.includes(d));
    const objects = passive.filter((r) => r.parent === 'shop-workloads' || r.parent === 'shop-standby-workloads');
    const sized = objects.filter((r) => SCALED_KINDS.includes(r.inputs.kind as string) || /-postgres-bootstrap-[0-9a-f]{8}$/.test(r.name));
    // the failover records (each region's own host, a CNAME to its gateway, waits for nothing)
    const records = ofType(passive, 'aws:route53/record:Record').filter((r) => r.inputs.setIdentifier !== undefined);
    // per cluster: api, worker and its HPA, the two CronJobs, the bootstrap, and the two exporters (Deployments)
    expect([records.length, sized.length]).toEqual([1, 16]);
    for (const r of [...records, ...sized]) expect([r.name, waits(r)]).toEqual([r.name, databases]);
    const others = objects.filter((r) => !sized.includes(r));
    expect(others.length).toBeGreaterThan(40);
    for (const r of others) expect([r.name, waits(r)]).toEqual([r.name, []]);
  });

  test('the namespace and the data-holding StatefulSets stay retained on delete', () => {
    expect(resource(passive, 'shop-standby-workloads-namespace-shop').options.retainOnDelete).toBe(true);
  });

  test("each cluster's NetworkPolicies reach the database in its own VPC, and the cloud's APIs in both", () => {
    /** The CIDRs the backup job's policy admits on `port`. */
    const to = (workloads: string, port: number) =>
      inputs(passive, `${workloads}-networkpolicy-shop-shop-pg-backup`)
        .spec.egress.filter((rule: Inputs) => rule.ports?.some((p: Inputs) => p.port === port))
        .flatMap((rule: Inputs) => rule.to.map((peer: Inputs) => peer.ipBlock?.cidr));
    expect(to('shop-workloads', 5432)).toEqual(['10.0.0.0/16']);
    expect(to('shop-standby-workloads', 5432)).toEqual(['10.1.0.0/16']);
    // the add-ons' controllers call the cloud's APIs through the interface endpoints of both VPCs
    const cloudApis = (addons: string) =>
      inputs(passive, `${addons}-networkpolicy-external-secrets-controller`)
        .spec.egress.flatMap((rule: Inputs) => rule.to.map((peer: Inputs) => peer.ipBlock?.cidr))
        .filter((cidr: string | undefined) => cidr?.startsWith('10.'));
    expect(cloudApis('shop-addons')).toEqual(expect.arrayContaining(['10.0.0.0/16', '10.1.0.0/16']));
    expect(cloudApis('shop-standby-addons')).toEqual(expect.arrayContaining(['10.0.0.0/16', '10.1.0.0/16']));
  });
});

describe('sizing by role', () => {
  test.each<[string, () => PlanResource[], string, Record<string, unknown>]>([
    ['pilot-light, primary active: the primary at full size', () => passive, 'shop-workloads', FULL],
    [
      'pilot-light, primary active: the standby scaled to zero, its CronJobs suspended',
      () => passive,
      'shop-standby-workloads',
      PILOT_LIGHT,
    ],
    ['warm-standby, primary active: the primary at full size', () => warm, 'shop-workloads', FULL],
    ['warm-standby, primary active: the standby at a third, at least one', () => warm, 'shop-standby-workloads', WARM_STANDBY],
    ['after the flip: the standby at full size', () => flipped, 'shop-standby-workloads', FULL],
    ['after the flip: the primary scaled down like a pilot light', () => flipped, 'shop-workloads', PILOT_LIGHT],
    ['drained: the primary stops writing, its exporters and datastores kept', () => drained, 'shop-workloads', DRAINED],
    ['drained: the standby as before', () => drained, 'shop-standby-workloads', PILOT_LIGHT],
  ])('%s', (_, planned, prefix, expected) => {
    expect(sizes(planned(), prefix)).toEqual(expected);
  });

  test('a flip keeps every resource name and type; only a passive warm standby has the SECONDARY failover record', () => {
    const secondary: [string, string] = ['aws:route53/record:Record', 'shop-standby-record-secondary'];
    const withSecondary = [...identities(passive), secondary].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
    expect(identities(flipped)).toEqual(identities(passive));
    expect(identities(warm)).toEqual(withSecondary);
  });

  test('a flip changes only the sized fields of the objects, on both clusters', () => {
    const unsized = (p: PlanResource[]) =>
      ofType(p, 'kubernetes:apps/v1:Deployment')
        .concat(ofType(p, 'kubernetes:batch/v1:CronJob'))
        .map((r) => {
          const { replicas: _r, suspend: _s, ...rest } = r.inputs.spec;
          // the apply forces the replicas it sets (an autoscaler may own them)
          const { 'pulumi.com/patchForce': _f, ...annotations } = r.inputs.metadata.annotations ?? {};
          return [r.name, { ...r.inputs, metadata: { ...r.inputs.metadata, annotations }, spec: rest }];
        });
    expect(unsized(flipped)).toEqual(unsized(passive));
  });

  test('the next run after the flip plans the same: the failover is not undone', async () => {
    const again = await stack(spec({ activeRegion: STANDBY }));
    expect(again.map((r) => [r.name, r.inputs])).toEqual(flipped.map((r) => [r.name, r.inputs]));
  });
});

describe('helpers', () => {
  test.each<[string, Partial<NonNullable<ProductionStackProps['dr']>>, string, WorkloadScale]>([
    ['pilot light, primary serving', {}, PRIMARY, 'full'],
    ['pilot light, primary serving', {}, STANDBY, 'pilot-light'],
    ['pilot light, primary drained', { drain: true }, PRIMARY, 'drained'],
    ['pilot light, primary drained', { drain: true }, STANDBY, 'pilot-light'],
    ['warm standby, primary serving', { mode: 'warm-standby' }, STANDBY, 'warm-standby'],
    ['warm standby, primary drained', { mode: 'warm-standby', drain: true }, STANDBY, 'warm-standby'],
    ['warm standby, flipped: the standby serves', { mode: 'warm-standby', activeRegion: STANDBY }, STANDBY, 'full'],
    // the old primary's database is standalone and writable until re-seeded: nothing runs there
    ['warm standby, flipped: the old primary', { mode: 'warm-standby', activeRegion: STANDBY }, PRIMARY, 'pilot-light'],
    [
      'warm standby, flipped and re-seeded: the old primary',
      { mode: 'warm-standby', activeRegion: STANDBY, reseeds: 1 },
      PRIMARY,
      'warm-standby',
    ],
    ['warm standby, flipped while drained', { mode: 'warm-standby', activeRegion: STANDBY, drain: true }, STANDBY, 'drained'],
  ])('clusterScale: %s, %s is %s', (_, dr, region, expected) => {
    expect(clusterScale(resolve(spec(dr)), region)).toBe(expected);
  });

  test('clusterScale without a standby region is full', () => {
    expect(clusterScale(resolve({ ...fixture }), PRIMARY)).toBe('full');
  });

  test.each([
    [1, 1],
    [2, 1],
    [3, 1],
    [4, 2],
    [10, 4],
  ])('warmReplicas(%i) is %i', (replicas, expected) => {
    expect(warmReplicas(replicas)).toBe(expected);
  });

  const reader = {
    name: 'reader',
    image: 'registry.example.com/shop/reader:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    autoscaling: { minReplicas: 3, maxReplicas: 10 },
    postgres: { access: 'readonly' as const, maxConnections: 2 },
    serveFromReplica: true,
  };
  const drain = {
    ...workerNamed('drain'),
    replicas: undefined,
    redis: {},
    queue: { redis: { list: 'jobs' }, minReplicas: 3, maxReplicas: 9 },
  };
  const sizedSpec = (): ProductionStackProps => ({
    ...baseSpec(),
    services: [...baseSpec().services, reader, drain],
    postgres: { maxConnections: 400 },
    dr: { standbyRegion: 'us-east-2', mode: 'warm-standby' },
  });
  // The chart sized for each scale: reader reads (serveFromReplica; HPA 3-10); api (HPA 3-10, a migration), worker (a
  // StatefulSet of 2) and web (3) write, and so does drain, scaled by KEDA on a Redis list (3-9); NATS, a CronJob
  // and the backups; the exporters and the PostgreSQL bootstrap run at every size.
  const sized = (scale: WorkloadScale) => {
    const manifests = chartManifests(sizedSpec(), { scale });
    const get = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name)!;
    const spec = (kind: string, name: string) => get(kind, name).spec as Record<string, unknown>;
    const annotation = (kind: string, name: string, key: string) =>
      (get(kind, name).metadata.annotations as Record<string, string> | undefined)?.[key];
    return { manifests, get, spec, annotation };
  };
  const migration = (m: KubernetesManifest[]) => m.find((x) => x.kind === 'Job' && /^api-migrate-/.test(x.metadata.name))!;

  test.each<[WorkloadScale, Record<string, unknown>]>([
    // the serving region: as the spec says (an autoscaled workload has no replicas: its autoscaler owns them)
    ['full', { reader: undefined, api: undefined, worker: 2, web: 3, drain: undefined, nats: 3 }],
    // drained for a planned failover: the writers stop, the reader serves, NATS keeps what the workers have not taken
    ['drained', { reader: undefined, api: 0, worker: 0, web: 0, drain: 0, nats: 3 }],
    ['pilot-light', { reader: 0, api: 0, worker: 0, web: 0, drain: 0, nats: 0 }],
    // warm: the reader keeps its autoscaler (at a third of its minimum, below); the writers and NATS stop
    ['warm-standby', { reader: undefined, api: 0, worker: 0, web: 0, drain: 0, nats: 0 }],
  ])('at %s, the workloads run %j replicas', (scale, replicas) => {
    const { spec, annotation } = sized(scale);
    const kinds: Record<string, string> = {
      reader: 'Deployment',
      api: 'Deployment',
      worker: 'StatefulSet',
      web: 'Deployment',
      drain: 'Deployment',
      nats: 'StatefulSet',
    };
    const got = Object.fromEntries(Object.entries(kinds).map(([name, kind]) => [name, spec(kind, name).replicas]));
    expect(got).toEqual(replicas);
    // where the replicas are set, the apply takes them from the autoscaler that owns them
    for (const [name, kind] of Object.entries(kinds))
      expect([name, annotation(kind, name, 'pulumi.com/patchForce')]).toEqual([name, replicas[name] === 0 ? 'true' : undefined]);
    // a StatefulSet at 0 keeps its volumes
    expect((spec('StatefulSet', 'worker').volumeClaimTemplates as unknown[]).length).toBe(1);
  });

  test('a warm standby runs a third of a reader with fixed replicas, rounded up', () => {
    const fixed = { ...reader, autoscaling: undefined, replicas: 4 };
    const props = { ...sizedSpec(), services: [...baseSpec().services, fixed] };
    const manifest = chartManifests(props, { scale: 'warm-standby' }).find((m) => m.metadata.name === 'reader' && m.kind === 'Deployment')!;
    const annotations = manifest.metadata.annotations as Record<string, string>;
    expect([(manifest.spec as { replicas: number }).replicas, annotations['pulumi.com/patchForce']]).toEqual([warmReplicas(4), 'true']);
    expect(warmReplicas(4)).toBe(2);
  });

  test.each<[WorkloadScale, unknown, unknown, unknown]>([
    // KEDA scales a target at 0 back up to its minimum: a writer's ScaledObject is paused at 0 instead
    ['full', undefined, 3, 3],
    ['drained', '0', 3, 3],
    ['pilot-light', '0', 3, 3],
    // the reader's HPA minimum at a third (its maximum unchanged)
    ['warm-standby', '0', 1, 3],
  ])("at %s, drain's ScaledObject is paused at %s; the reader's HPA minimum is %s, the api's %s", (scale, paused, readerMin, apiMin) => {
    const { spec, annotation } = sized(scale);
    expect([
      spec('ScaledObject', 'drain').minReplicaCount,
      annotation('ScaledObject', 'drain', 'autoscaling.keda.sh/paused-replicas'),
    ]).toEqual([3, paused]);
    const hpa = (name: string) => [spec('HorizontalPodAutoscaler', name).minReplicas, spec('HorizontalPodAutoscaler', name).maxReplicas];
    expect([hpa('reader'), hpa('api')]).toEqual([
      [readerMin, 10],
      [apiMin, 10],
    ]);
  });

  test.each<WorkloadScale>(['drained', 'pilot-light', 'warm-standby'])(
    'at %s, every CronJob and the migration are suspended, the migration not awaited; the bootstrap and the exporters run',
    (scale) => {
      const { manifests, spec } = sized(scale);
      const cronJobs = manifests.filter((m) => m.kind === 'CronJob');
      expect(cronJobs.map((m) => [m.metadata.name, (m.spec as { suspend?: boolean }).suspend])).toEqual(
        cronJobs.map((m) => [m.metadata.name, true]),
      );
      expect(cronJobs.length).toBe(3);
      const job = migration(manifests);
      expect([
        (job.spec as { suspend?: boolean }).suspend,
        (job.metadata.annotations as Record<string, string>)['pulumi.com/skipAwait'],
      ]).toEqual([true, 'true']);
      const bootstrap = manifests.find((m) => m.kind === 'Job' && m.metadata.name.startsWith('shop-postgres-bootstrap'))!;
      expect((bootstrap.spec as { suspend?: boolean }).suspend).toBeUndefined();
      expect([spec('Deployment', 'shop-postgres-exporter').replicas, spec('Deployment', 'shop-redis-exporter').replicas]).toEqual([1, 1]);
    },
  );

  test('the full chart is the chart without the option, and no scale changes a name, a kind or the set of objects', () => {
    const full = sized('full').manifests;
    expect(full).toEqual(chartManifests(sizedSpec()));
    const ids = (m: KubernetesManifest[]) => m.map((x) => `${x.kind}/${x.metadata.name}`);
    for (const scale of ['drained', 'pilot-light', 'warm-standby'] as const) expect(ids(sized(scale).manifests)).toEqual(ids(full));
    expect(migration(full).spec).not.toHaveProperty('suspend');
  });

  test("the chart's backupBucket option sets the backup and restore-drill jobs' BUCKET, and nothing else", () => {
    const withJob: ProductionStackProps = {
      ...spec(),
      cronJobs: [
        { name: 'report', image: 'registry.example.com/shop/report:1.0.0', schedule: '0 3 * * *', command: ['r'], env: { BUCKET: 'mine' } },
      ],
    };
    type Container = { name: string; env?: { name: string; value?: string }[] };
    type Pod = { initContainers?: Container[]; containers: Container[] };
    const buckets = (manifests: KubernetesManifest[]) =>
      manifests
        .filter((m) => m.kind === 'CronJob')
        .flatMap((m) => {
          const pod = (m.spec as { jobTemplate: { spec: { template: { spec: Pod } } } }).jobTemplate.spec.template.spec;
          return [...(pod.initContainers ?? []), ...pod.containers].flatMap((c) =>
            (c.env ?? []).filter((e) => e.name === 'BUCKET').map((e) => `${m.metadata.name}/${c.name}=${e.value}`),
          );
        });
    const bucket = resolve(withJob).dr.backupBucket;
    const plain = chartManifests(withJob);
    const retargeted = chartManifests(withJob, { backupBucket: `${bucket}-replica` });
    // the backup uploads to the bucket and the drill downloads from it; the spec's own CronJob keeps its variable
    expect(buckets(plain)).toEqual(['report/report=mine', `shop-pg-backup/upload=${bucket}`, `shop-pg-restore-drill/download=${bucket}`]);
    expect(buckets(retargeted)).toEqual([
      'report/report=mine',
      `shop-pg-backup/upload=${bucket}-replica`,
      `shop-pg-restore-drill/download=${bucket}-replica`,
    ]);
    // nothing else differs: same objects, same names, every other field the same
    const without = (ms: KubernetesManifest[]) => JSON.stringify(ms).split(`${bucket}-replica`).join(bucket);
    expect(without(retargeted)).toBe(JSON.stringify(plain));
  });

  test('fail safe: in a passive region every Deployment and StatefulSet is at 0 but the exporters, and every CronJob is suspended', () => {
    for (const scale of ['pilot-light', 'warm-standby'] as const) {
      const { manifests } = sized(scale);
      const running = manifests
        .filter((m) => (m.kind === 'Deployment' || m.kind === 'StatefulSet') && (m.spec as { replicas?: number }).replicas !== 0)
        .map((m) => m.metadata.name);
      // the reader runs in a warm standby (its HPA at a third); the exporters watch the replicas
      expect([scale, running]).toEqual([
        scale,
        scale === 'warm-standby'
          ? ['reader', 'shop-postgres-exporter', 'shop-redis-exporter']
          : ['shop-postgres-exporter', 'shop-redis-exporter'],
      ]);
      expect(manifests.filter((m) => m.kind === 'CronJob' && (m.spec as { suspend?: boolean }).suspend !== true)).toEqual([]);
    }
  });

  test('a backupBucket option that is no bucket name is refused by name, like dr.backupBucket', () => {
    expect(() => chartManifests(sizedSpec(), { backupBucket: 'Not A Bucket' })).toThrow(
      'options.backupBucket: "Not A Bucket" must be a bucket name: 3 to 63 lowercase letters, digits, "-" or "."',
    );
  });

  test('objects of other kinds are the same at every scale', () => {
    const others = (scale: WorkloadScale) => sized(scale).manifests.filter((m) => !SCALED_KINDS.includes(m.kind));
    expect(others('full').length).toBeGreaterThan(40);
    for (const scale of ['drained', 'pilot-light', 'warm-standby'] as const) expect(others(scale)).toEqual(others('full'));
  });

  test('standbySpec swaps the regions and keeps the rest', () => {
    const s = standbySpec(spec(), STANDBY);
    expect([s.region, s.dr?.standbyRegion, s.services]).toEqual([STANDBY, PRIMARY, spec().services]);
  });

  test("standbySpec swaps the VPC ranges on AWS: the standby's own is its cluster's network", () => {
    const s = standbySpec(spec({ aws: { standbyNetworkCidr: '10.8.0.0/16' } }), STANDBY);
    expect([s.cluster?.networkCidr, s.dr?.aws?.standbyNetworkCidr]).toEqual(['10.8.0.0/16', '10.0.0.0/16']);
    const gcp = standbySpec({ ...spec(), cloud: 'gcp', region: 'europe-west1', dr: { standbyRegion: 'europe-west4' } }, 'europe-west4');
    expect([gcp.cluster?.networkCidr, gcp.dr?.aws?.standbyNetworkCidr]).toEqual([fixture.cluster?.networkCidr, undefined]);
  });
});

describe("the spec's own secrets, in both regions", () => {
  // a secret the stack never writes: in the passive region nothing reads it until a failover (its workloads are at zero)
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await stack({ ...spec(), secrets: [{ name: 'shop-keys', remoteKey: 'shop/production/keys', keys: ['API_KEY'] }] });
  });

  test('are awaited until External Secrets has synced them, so an up that deploys a region without them fails then, not at a failover', () => {
    const secrets = planned.filter((r) => r.type === 'kubernetes:external-secrets.io/v1:ExternalSecret') as (PlanResource & {
      inputs: Inputs;
    })[];
    const waits = Object.fromEntries(secrets.map((r) => [r.name, r.inputs.metadata.annotations?.['pulumi.com/waitFor']]));
    const ready = 'jsonpath={.status.conditions[?(@.type=="Ready")].status}=True';
    expect(waits['shop-workloads-externalsecret-shop-shop-keys']).toBe(ready);
    expect(waits['shop-standby-workloads-externalsecret-shop-shop-keys']).toBe(ready);
    // the datastores' documents are the stack's own writing, awaited through their versions instead
    expect(Object.entries(waits).filter(([name, w]) => w !== undefined && !name.endsWith('-shop-keys'))).toEqual([]);
  });
});
