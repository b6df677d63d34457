/**
 * What a first `pulumi up` in a fresh GCP project needs, read from the offline plan: every GCP resource
 * waits for the project services (APIs) it calls, which the stack enables itself, and every Workload
 * Identity binding waits for the GKE cluster that creates its pool. Mocks accept any order; these
 * checks follow the plan's dependencies, what the engine waits for.
 */
import type { ProductionStackProps } from '../../lib/core';
import { PROJECT_SERVICES, RESOURCE_MANAGER_SERVICE, SECRET_MANAGER_SERVICE, servicesOf } from '../../lib/gcp';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as cqar } from '../../examples/cqar/spec';
import { specFor } from '../../examples/ralph-orchestrator/spec';
import { spec as fixture } from '../fixtures/pulumi-gcp/spec';
import { closure, ofType, resource } from '../support/plan';

const SERVICE = 'gcp:projects/service:Service';
const CLUSTER = 'gcp:container/cluster:Cluster';

/**
 * The API of each module of the Google provider, written out independently of `PROJECT_SERVICES` (the
 * service names are those `gcloud services list --available` shows): a type the table forgets fails here.
 */
const MODULE_API: Readonly<Record<string, string>> = {
  compute: 'compute.googleapis.com',
  container: 'container.googleapis.com',
  kms: 'cloudkms.googleapis.com',
  logging: 'logging.googleapis.com',
  projects: 'cloudresourcemanager.googleapis.com',
  pubsub: 'pubsub.googleapis.com',
  redis: 'redis.googleapis.com',
  secretmanager: 'secretmanager.googleapis.com',
  serviceaccount: 'iam.googleapis.com',
  servicenetworking: 'servicenetworking.googleapis.com',
  sql: 'sqladmin.googleapis.com',
  storage: 'storage.googleapis.com',
  dns: 'dns.googleapis.com',
};

/** The API a type's module belongs to (`gcp:<module>/<resource>:<Resource>`). */
function moduleApi(type: string): string {
  const api = MODULE_API[type.slice('gcp:'.length, type.indexOf('/'))];
  if (api === undefined) throw new Error(`${type}: its module's API is not listed in MODULE_API`);
  return api;
}

/** The services enabled in `r`'s dependency closure. */
function enabledBefore(planned: readonly PlanResource[], r: PlanResource): Set<string> {
  return new Set(
    closure(planned, r)
      .filter((d) => d.type === SERVICE)
      .map((d) => String(d.inputs.service)),
  );
}

const gcpResources = (planned: readonly PlanResource[]) => planned.filter((r) => r.type.startsWith('gcp:') && r.type !== SERVICE);

/** A service of the fixture that calls GCP APIs itself, and routes served under the failover name (DNS-01). */
const everything: ProductionStackProps = {
  ...fixture,
  services: fixture.services.map((s) => ({
    ...s,
    route: { host: 'shop.example.com' },
    cloudAccess: { gcp: ['roles/pubsub.publisher'] },
  })),
  dr: { standbyRegion: 'europe-west4', dns: { zoneId: 'example-com', name: 'shop.example.com' } },
};
/** No datastore, so no private service access, no backups, no secrets to read. */
const bare: ProductionStackProps = { ...fixture, postgres: undefined, redis: undefined };

const SPECS: readonly [string, ProductionStackProps][] = [
  ['the GCP fixture', fixture],
  ['every option: standby region, failover DNS, DNS-01, cloudAccess, backups', everything],
  ['no datastore', bare],
  ['CQAR', cqar],
  ['Ralph Orchestrator on GCP', specFor('gcp')],
];

const plans = new Map<string, PlanResource[]>();
beforeAll(async () => {
  for (const [label, spec] of SPECS) plans.set(label, await plan(() => new ProductionStack(spec.name, spec)));
});

describe.each(SPECS.map(([label]) => label))('%s', (label) => {
  let planned: PlanResource[];
  beforeAll(() => {
    planned = plans.get(label)!;
  });

  test('every GCP resource type is in PROJECT_SERVICES, with the API of its module', () => {
    const types = [...new Set(gcpResources(planned).map((r) => r.type))].sort();
    expect(types.filter((t) => !servicesOf(t).includes(moduleApi(t)))).toEqual([]);
  });

  test('every GCP resource depends on a Service enabling each API its type needs', () => {
    const missing = gcpResources(planned).flatMap((r) => {
      const enabled = enabledBefore(planned, r);
      return [...new Set([moduleApi(r.type), ...servicesOf(r.type)])].filter((api) => !enabled.has(api)).map((api) => `${r.name}: ${api}`);
    });
    expect(missing).toEqual([]);
  });

  test('the services are never disabled, and each waits for Cloud Resource Manager, which the provider reads the project through', () => {
    const services = ofType(planned, SERVICE);
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) {
      expect([s.name, s.inputs.disableOnDestroy, s.inputs.disableDependentServices]).toEqual([s.name, false, false]);
      expect([s.name, s.inputs.service === RESOURCE_MANAGER_SERVICE || enabledBefore(planned, s).has(RESOURCE_MANAGER_SERVICE)]).toEqual([
        s.name,
        true,
      ]);
    }
  });

  test('only the services the resources need are enabled (and Secret Manager, which External Secrets reads), each once', () => {
    const enabled = ofType(planned, SERVICE).map((s) => String(s.inputs.service));
    const needed = new Set([RESOURCE_MANAGER_SERVICE, SECRET_MANAGER_SERVICE, ...gcpResources(planned).flatMap((r) => servicesOf(r.type))]);
    expect(enabled.filter((s) => !needed.has(s))).toEqual([]);
    expect(new Set(enabled).size).toBe(enabled.length);
  });

  test("every Workload Identity binding depends on the GKE cluster that creates the binding's pool", () => {
    const bindings = planned.filter((r) => typeof r.inputs.member === 'string' && /\.svc\.id\.goog\[/.test(r.inputs.member as string));
    expect(bindings.length).toBeGreaterThan(0);
    for (const b of bindings) {
      const pool = /^serviceAccount:([^[]+)\[/.exec(b.inputs.member as string)?.[1];
      const clusters = closure(planned, b).filter((d) => d.type === CLUSTER);
      expect([b.name, clusters.some((c) => (c.inputs.workloadIdentityConfig as { workloadPool?: string }).workloadPool === pool)]).toEqual([
        b.name,
        true,
      ]);
    }
  });
});

test('the services follow the spec: Cloud SQL, Memorystore, private service access, backups, DNS and Pub/Sub only when it has them', () => {
  const apis = (label: string) =>
    ofType(plans.get(label)!, SERVICE)
      .map((s) => String(s.inputs.service))
      .sort();
  const always = [
    'cloudkms.googleapis.com',
    'cloudresourcemanager.googleapis.com',
    'compute.googleapis.com',
    'container.googleapis.com',
    'iam.googleapis.com',
    'iamcredentials.googleapis.com',
    'logging.googleapis.com',
    'monitoring.googleapis.com',
  ];
  // Cloud DNS for the private zone of the Cloud SQL instance's name
  const datastores = [
    'dns.googleapis.com',
    'redis.googleapis.com',
    'secretmanager.googleapis.com',
    'servicenetworking.googleapis.com',
    'sqladmin.googleapis.com',
    'storage.googleapis.com',
  ];
  expect(apis('no datastore')).toEqual(always);
  expect(apis('the GCP fixture')).toEqual([...always, ...datastores].sort());
  expect(apis('every option: standby region, failover DNS, DNS-01, cloudAccess, backups')).toEqual(
    [...always, ...datastores, 'pubsub.googleapis.com'].sort(),
  );
  // every API of the table is some spec's
  expect(
    PROJECT_SERVICES.map((s) => s.service).filter(
      (s) => !apis('every option: standby region, failover DNS, DNS-01, cloudAccess, backups').includes(s),
    ),
  ).toEqual([]);
});

test("the clusters' lookups wait for the services they call: the key grant names the project number read through Cloud Resource Manager", () => {
  const planned = plans.get('the GCP fixture')!;
  // The grant's type needs only Cloud KMS and GKE; Cloud Resource Manager comes through the project number's lookup.
  expect(resource(planned, 'shop-cluster-secrets-key-gke').dependencies).toContain('shop-apis-cloudresourcemanager');
  // The node pool's zones come from the zones' lookup, which waits for Cloud Resource Manager too.
  expect(resource(planned, 'shop-cluster-nodes').dependencies).toContain('shop-apis-cloudresourcemanager');
});
