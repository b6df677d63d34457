/**
 * The GCP data layer as ProductionStack composes it: private service access on
 * the network, Cloud SQL and Memorystore wired to it, their secrets under the
 * keys External Secrets reads, and resizing that renames and replaces nothing.
 */
import type { ProductionStackProps } from '../../lib/core';
import { datastoreRemoteKey } from '../../lib/core';
import { Network, type NetworkArgs, privateServicesRange, secretId } from '../../lib/gcp';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec } from '../fixtures/pulumi-gcp/spec';
import { replacements } from '../support/force-new';
import { identities, inputs, ofType, resource } from '../support/plan';

function stack(props: ProductionStackProps): Promise<PlanResource[]> {
  return plan(() => new ProductionStack(props.name, props));
}

describe('private service access', () => {
  const network = (args: Partial<NetworkArgs> = {}): Promise<PlanResource[]> =>
    plan(() => new Network('net', { region: 'europe-west1', privateServiceAccess: true, ...args }));

  test('a /16 reserved for VPC peering next to the subnet ranges, peered with Service Networking', async () => {
    const planned = await network();
    const range = resource(planned, 'net-private-services-range', 'gcp:compute/globalAddress:GlobalAddress');
    expect(range.parent).toBe('net');
    expect(range.inputs).toMatchObject({ purpose: 'VPC_PEERING', addressType: 'INTERNAL', address: '10.2.0.0', prefixLength: 16 });
    expect(range.inputs.network).toBe(inputs(planned, 'net-subnet').network);
    const connection = resource(planned, 'net-private-services', 'gcp:servicenetworking/connection:Connection');
    expect(connection.parent).toBe('net');
    expect(connection.inputs).toEqual({
      network: range.inputs.network,
      service: 'servicenetworking.googleapis.com',
      reservedPeeringRanges: [expect.stringMatching(/^net-private-services-range-/)],
      deletionPolicy: 'ABANDON',
    });
  });

  test('off by default: the network alone has no peering', async () => {
    const planned = await plan(() => new Network('net', { region: 'europe-west1' }));
    expect(ofType(planned, 'gcp:servicenetworking/connection:Connection')).toEqual([]);
    expect(ofType(planned, 'gcp:compute/globalAddress:GlobalAddress')).toEqual([]);
  });

  test('a range given is used', async () => {
    const planned = await network({ privateServicesCidr: '10.200.0.0/20' });
    expect(inputs(planned, 'net-private-services-range')).toMatchObject({ address: '10.200.0.0', prefixLength: 20 });
  });

  test.each([
    ['10.0.0.0/16', { pods: '10.4.0.0/14', services: '10.1.0.0/20' }, '10.2.0.0/16'],
    ['10.0.0.0/20', { pods: '10.4.0.0/14', services: '10.0.16.0/20' }, '10.1.0.0/16'],
    ['172.16.0.0/16', { pods: '172.20.0.0/14', services: '172.17.0.0/20' }, '172.18.0.0/16'],
    ['10.2.0.0/16', { pods: '10.4.0.0/14', services: '10.3.0.0/20' }, '10.8.0.0/16'],
  ])('next to %s (%j) the range is %s, overlapping nothing', (primary, ranges, expected) => {
    expect(privateServicesRange(primary, ranges)).toBe(expected);
  });

  test.each([
    ['fails when the range given overlaps the pods range', '10.4.0.0/16', 'overlaps the pods range 10.4.0.0/14'],
    ['fails when the range given is public', '8.8.0.0/16', 'must be in RFC 1918 space'],
    ['fails when the range given is smaller than a /24', '10.200.0.0/28', 'must be a /24 or larger'],
  ])('%s', (_, given, message) => {
    expect(() => privateServicesRange('10.0.0.0/16', { pods: '10.4.0.0/14', services: '10.1.0.0/20' }, given)).toThrow(message);
  });
});

describe('secret IDs', () => {
  test.each([
    ['shop', 'production', 'postgres', 'shop-production-postgres'],
    ['ralph-orchestrator', 'staging', 'redis', 'ralph-orchestrator-staging-redis'],
  ] as const)('%s/%s/%s is stored as %s', (name, env, store, expected) => {
    expect(secretId(datastoreRemoteKey(name, env, store))).toBe(expected);
  });

  test('fails when the key has characters Secret Manager refuses', () => {
    expect(() => secretId('shop/production/pg.main')).toThrow('not a valid Secret Manager secret ID');
  });
});

describe('ProductionStack on GCP with postgres and redis', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await stack(spec);
  });

  test('the datastores are children of the stack, each resource of its component', () => {
    for (const component of ['shop-postgres', 'shop-redis']) expect(resource(planned, component).parent).toBe('shop');
    for (const r of planned.filter((x) => /^shop-(postgres|redis)-/.test(x.name))) {
      expect([r.name, r.parent]).toEqual([r.name, r.name.startsWith('shop-postgres-') ? 'shop-postgres' : 'shop-redis']);
    }
  });

  test('both take private IPs from the stack network, after its Service Networking connection', () => {
    const network = inputs(planned, 'shop-network-subnet').network;
    const range = inputs(planned, 'shop-network-private-services').reservedPeeringRanges[0];
    const sql = resource(planned, 'shop-postgres-instance');
    const cache = resource(planned, 'shop-redis-instance');
    expect(sql.inputs.settings.ipConfiguration).toMatchObject({ ipv4Enabled: false, privateNetwork: network, allocatedIpRange: range });
    expect(cache.inputs).toMatchObject({ connectMode: 'PRIVATE_SERVICE_ACCESS', authorizedNetwork: network, reservedIpRange: range });
    // and after their APIs (the project services)
    expect(sql.options.dependsOn).toEqual(['shop-apis-sqladmin', 'shop-network-private-services']);
    expect(cache.options.dependsOn).toEqual(['shop-apis-redis', 'shop-network-private-services']);
  });

  test('the spec values reach the instances, in the spec region, with the stack labels', () => {
    const labels = { stack: 'shop', environment: 'production', 'managed-by': 'production-stack' };
    expect(inputs(planned, 'shop-postgres-instance')).toMatchObject({
      region: 'europe-west1',
      databaseVersion: 'POSTGRES_15',
      settings: {
        tier: 'db-custom-4-16384',
        availabilityType: 'REGIONAL',
        diskSize: 100,
        diskAutoresizeLimit: 500,
        backupConfiguration: { startTime: '02:00', backupRetentionSettings: { retainedBackups: 14 }, transactionLogRetentionDays: 7 },
        maintenanceWindow: { day: 7, hour: 3 },
        userLabels: labels,
      },
    });
    expect(inputs(planned, 'shop-postgres-instance').settings.databaseFlags).toEqual([
      { name: 'log_min_duration_statement', value: '1000' },
      { name: 'max_connections', value: '300' },
      { name: 'shared_buffers', value: '524288' },
      { name: 'work_mem', value: '16384' },
    ]);
    expect(inputs(planned, 'shop-postgres-database').name).toBe('shop');
    expect(inputs(planned, 'shop-redis-instance')).toMatchObject({
      region: 'europe-west1',
      tier: 'STANDARD_HA',
      memorySizeGb: 5,
      redisVersion: 'REDIS_7_2',
      redisConfigs: { 'maxmemory-policy': 'volatile-lru' },
      labels,
    });
  });

  test('connection details go to the secrets External Secrets reads: the datastore keys with "/" as "-"', () => {
    expect(inputs(planned, 'shop-postgres-secret').secretId).toBe('shop-production-postgres');
    expect(inputs(planned, 'shop-redis-secret').secretId).toBe('shop-production-redis');
    for (const name of ['shop-postgres-secret-version', 'shop-redis-secret-version', 'shop-postgres-user']) {
      expect(JSON.stringify(inputs(planned, name))).toContain('"[secret]"');
    }
  });

  test('without datastores there is no private service access and no data layer', async () => {
    const bare = await stack({ ...spec, postgres: undefined, redis: undefined });
    expect(bare.filter((r) => /private-services|postgres|redis/.test(r.name))).toEqual([]);
  });

  test('either datastore alone brings private service access', async () => {
    const redisOnly = await stack({ ...spec, postgres: undefined });
    expect(identities(redisOnly).map(([, n]) => n)).toEqual(
      expect.arrayContaining(['shop-network-private-services', 'shop-redis-instance']),
    );
    expect(redisOnly.filter((r) => r.name.startsWith('shop-postgres'))).toEqual([]);
  });
});

/** Input paths whose change makes Pulumi replace the resource (the provider's ForceNew fields); `*` means every input. */
const REPLACED_ON: Readonly<Record<string, readonly string[]>> = {
  'gcp:compute/globalAddress:GlobalAddress': ['*'],
  'gcp:servicenetworking/connection:Connection': ['network', 'service'],
  'gcp:sql/databaseInstance:DatabaseInstance': [
    'name',
    'project',
    'region',
    'databaseVersion',
    'masterInstanceName',
    'encryptionKeyName',
    'settings.ipConfiguration.privateNetwork',
    'settings.ipConfiguration.allocatedIpRange',
  ],
  'gcp:sql/database:Database': ['name', 'instance', 'project'],
  'gcp:sql/user:User': ['name', 'instance', 'host', 'type', 'project'],
  'random:index/randomPassword:RandomPassword': ['*'],
  'gcp:redis/instance:Instance': [
    'name',
    'project',
    'region',
    'tier',
    'locationId',
    'alternativeLocationId',
    'authorizedNetwork',
    'connectMode',
    'reservedIpRange',
    'transitEncryptionMode',
    'customerManagedKey',
  ],
  'gcp:secretmanager/secret:Secret': ['secretId', 'replication', 'project'],
  // secretData is masked in plans ("[secret]"); the tests of the components check what it holds.
  'gcp:secretmanager/secretVersion:SecretVersion': ['secret', 'secretData'],
};

function at(value: unknown, path: string): unknown {
  return path === '*' ? value : path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

/** For every data-layer resource, the values of its replacement-triggering inputs. */
function replacementInputs(planned: readonly PlanResource[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    planned
      .filter((r) => r.type in REPLACED_ON)
      .map((r) => [`${r.type}::${r.name}`, Object.fromEntries(REPLACED_ON[r.type].map((p) => [p, at(r.inputs, p)]))]),
  );
}

describe('resizing the datastores renames and replaces nothing', () => {
  let base: PlanResource[];
  beforeAll(async () => {
    base = await stack(spec);
  });

  test.each([
    [
      'the Cloud SQL tier',
      { postgres: { ...spec.postgres, instanceClass: 'db-custom-8-32768' } },
      'shop-postgres-instance',
      'settings.tier',
    ],
    [
      'the storage',
      { postgres: { ...spec.postgres, storageGiB: 200, maxStorageGiB: 2000 } },
      'shop-postgres-instance',
      'settings.diskSize',
    ],
    ['the Memorystore size', { redis: { ...spec.redis, gcp: { memorySizeGiB: 10 } } }, 'shop-redis-instance', 'memorySizeGb'],
  ])('changing %s', async (_, change, name, path) => {
    const resized = await stack({ ...spec, ...change });
    expect(identities(resized)).toEqual(identities(base));
    expect(replacementInputs(resized)).toEqual(replacementInputs(base));
    // nor a one-way change the providers replace on (a disk shrink, a version downgrade): test/plan/force-new.ts
    expect(replacements(base, resized)).toEqual([]);
    // The change lands, as an in-place update.
    expect(at(inputs(resized, name), path)).not.toEqual(at(inputs(base, name), path));
    // the range, the peering, six Postgres resources and the backup and exporter roles' passwords, three Redis
    // resources, and Grafana's admin password (random passwords too)
    expect(Object.keys(replacementInputs(base))).toHaveLength(14);
  });
});
