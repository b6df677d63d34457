/**
 * The GCP standby region's names are a public contract like the rest (see
 * names.test.ts): the GCP fixture with `dr.standbyRegion` and `dr.dns` plans
 * the fixture's resources plus exactly these, for either active region and
 * either mode; the standby's add-ons and objects are the primary's under
 * `shop-standby-`. Written out and reviewed; the replica, the Memorystore
 * instance and the Secrets key are protected, so a rename would try to
 * replace them: a deliberate one ships with `aliases`.
 */
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as fixture } from '../fixtures/pulumi-gcp/spec';
import { identities } from '../support/plan';

const GCP_STANDBY_NAMES: [string, string][] = [
  ['production-stack:gcp:Standby', 'shop-standby'],
  ['production-stack:index:ClusterAddons', 'shop-standby-addons'],
  ['production-stack:gcp:Cluster', 'shop-standby-cluster'],
  ['gcp:container/cluster:Cluster', 'shop-standby-cluster-gke'],
  ['gcp:kms/keyRing:KeyRing', 'shop-standby-cluster-keyring'],
  ['gcp:container/nodePool:NodePool', 'shop-standby-cluster-nodes'],
  ['gcp:serviceaccount/account:Account', 'shop-standby-cluster-nodes-sa'],
  ['gcp:projects/iAMMember:IAMMember', 'shop-standby-cluster-nodes-sa-artifact-registry-reader'],
  ['gcp:projects/iAMMember:IAMMember', 'shop-standby-cluster-nodes-sa-default-node'],
  ['gcp:kms/cryptoKey:CryptoKey', 'shop-standby-cluster-secrets-key'],
  ['gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember', 'shop-standby-cluster-secrets-key-gke'],
  ['gcp:logging/projectSink:ProjectSink', 'shop-standby-db-events'],
  ['gcp:pubsub/topic:Topic', 'shop-standby-events'],
  ['gcp:pubsub/topicIAMMember:TopicIAMMember', 'shop-standby-events-publisher'],
  ['gcp:compute/healthCheck:HealthCheck', 'shop-standby-health'],
  ['pulumi:providers:kubernetes', 'shop-standby-k8s'],
  ['gcp:compute/routerNat:RouterNat', 'shop-standby-network-nat'],
  ['gcp:compute/router:Router', 'shop-standby-network-router'],
  ['gcp:compute/subnetwork:Subnetwork', 'shop-standby-network-subnet'],
  ['production-stack:gcp:PostgresReplica', 'shop-standby-postgres'],
  ['gcp:dns/managedZone:ManagedZone', 'shop-standby-postgres-dns'],
  ['gcp:dns/recordSet:RecordSet', 'shop-standby-postgres-dns-record'],
  ['gcp:sql/databaseInstance:DatabaseInstance', 'shop-standby-postgres-instance'],
  ['gcp:secretmanager/regionalSecret:RegionalSecret', 'shop-standby-postgres-secret'],
  ['gcp:secretmanager/regionalSecretVersion:RegionalSecretVersion', 'shop-standby-postgres-secret-version'],
  ['gcp:dns/recordSet:RecordSet', 'shop-standby-record'],
  ['production-stack:gcp:Redis', 'shop-standby-redis'],
  ['gcp:redis/instance:Instance', 'shop-standby-redis-instance'],
  ['gcp:secretmanager/regionalSecret:RegionalSecret', 'shop-standby-redis-secret'],
  ['gcp:secretmanager/regionalSecretVersion:RegionalSecretVersion', 'shop-standby-redis-secret-version'],
  ['production-stack:index:Workloads', 'shop-standby-workloads'],
  // the API of the database events' topic (Cloud DNS's is the primary's, for its database's name)
  ['gcp:projects/service:Service', 'shop-apis-pubsub'],
];

/**
 * With `dr.dns`, the zone of the failover name's DNS-01 challenges, once for both clusters (new with #18: it
 * replaced cert-manager's grant on the whole managed zone), delegated from the managed zone, with the name's
 * `_acme-challenge` CNAME leading into it; and cert-manager's identity for that zone, on the primary's add-ons
 * (the standby's are the same names under `shop-standby-addons-`, compared below; `-cert-manager-dns` kept its
 * name, its managed zone is now the challenge zone).
 */
const DNS01_NAMES: [string, string][] = [
  ['gcp:dns/managedZone:ManagedZone', 'shop-acme-zone'],
  ['gcp:dns/recordSet:RecordSet', 'shop-acme-delegation'],
  ['gcp:dns/recordSet:RecordSet', 'shop-acme-cname-shop.example.com'],
  ['gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember', 'shop-addons-cert-manager-dns'],
  ['gcp:serviceaccount/account:Account', 'shop-addons-cert-manager-sa'],
  ['gcp:serviceaccount/iAMMember:IAMMember', 'shop-addons-cert-manager-workload-identity'],
];

/**
 * Without `dr.dns.targets`, the static address reserved for each region's gateway (the record's targets):
 * under the standby component, named after the region like the AWS health checks, so a flip renames
 * nothing; protected (see the test below).
 */
const ADDRESS_NAMES: [string, string][] = [
  ['gcp:compute/address:Address', 'shop-standby-address-europe-west1'],
  ['gcp:compute/address:Address', 'shop-standby-address-europe-west4'],
];

const withRoute: ProductionStackProps = {
  ...fixture,
  services: fixture.services.map((s) => ({ ...s, route: { host: 'shop.example.com' } })),
};
const TARGETS = { 'europe-west1': '203.0.113.10', 'europe-west4': '198.51.100.20' };
const DR = { standbyRegion: 'europe-west4', dns: { zoneId: 'example-com', name: 'shop.example.com', targets: TARGETS } };

const stack = (dr?: ProductionStackProps['dr']): Promise<PlanResource[]> => {
  // a warm standby serves the routed api from the replica
  const services = dr?.mode === 'warm-standby' ? withRoute.services.map((s) => ({ ...s, serveFromReplica: true })) : withRoute.services;
  const spec = { ...withRoute, services, ...(dr ? { dr } : {}) };
  return plan(() => new ProductionStack(spec.name, spec));
};

/** The standby's own names: the add-ons' and objects' children are compared with the primary's below. */
const own = (planned: PlanResource[], without: PlanResource[]): [string, string][] => {
  const old = new Set(identities(without).map(([t, n]) => `${t} ${n}`));
  return identities(planned).filter(
    ([t, n]) => !old.has(`${t} ${n}`) && !n.startsWith('shop-standby-addons-') && !n.startsWith('shop-standby-workloads-'),
  );
};

const sorted = (list: [string, string][]): [string, string][] =>
  [...list].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));

test.each<[string, Partial<NonNullable<ProductionStackProps['dr']>>, [string, string][]]>([
  ['the primary active, pilot-light', {}, []],
  ['the standby active', { activeRegion: 'europe-west4' }, []],
  ['warm-standby', { mode: 'warm-standby' }, []],
  ['no targets: reserved addresses', { dns: { ...DR.dns, targets: undefined } }, ADDRESS_NAMES],
  ['no targets, the standby active', { activeRegion: 'europe-west4', dns: { ...DR.dns, targets: undefined } }, ADDRESS_NAMES],
])('with %s, the standby plans exactly its pinned type tokens and logical names', async (_, dr, extra) => {
  const [without, planned] = await Promise.all([stack(), stack({ ...DR, ...dr })]);
  expect(own(planned, without)).toEqual(sorted([...GCP_STANDBY_NAMES, ...DNS01_NAMES, ...extra]));
  // every resource of the stack without a standby keeps its name
  expect(identities(without).filter(([t, n]) => !identities(planned).some(([t2, n2]) => t === t2 && n === n2))).toEqual([]);
});

test('the reserved addresses are protected', async () => {
  const planned = await stack({ ...DR, dns: { ...DR.dns, targets: undefined } });
  const addresses = planned.filter((r) => r.type === 'gcp:compute/address:Address');
  expect(addresses.map((r) => [r.name, r.options.protect])).toEqual(ADDRESS_NAMES.map(([, n]) => [n, true]));
});

test("the standby's add-ons and objects are the primary's, named under shop-standby-", async () => {
  const planned = await stack(DR);
  for (const [primary, standby] of [
    ['shop-addons-', 'shop-standby-addons-'],
    ['shop-workloads-', 'shop-standby-workloads-'],
  ]) {
    const of = (prefix: string) =>
      identities(planned)
        .filter(([, n]) => n.startsWith(prefix))
        .map(([t, n]) => [t, n.slice(prefix.length)]);
    expect(of(standby)).toEqual(of(primary));
  }
});
