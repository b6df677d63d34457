/** Memorystore for Redis: the Redis component under mocks, and the settings it derives from the spec. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { DATASTORE_KEYS } from '../../lib/core';
import {
  MEMORYSTORE_VERSIONS,
  type PrivateServiceAccess,
  Redis,
  type RedisArgs,
  caBundle,
  memorystoreNodes,
  memorystoreVersion,
} from '../../lib/gcp';
import { REDIS_SUPPORT } from '../../lib/core';
import { type PlanResource, plan, planDocument, renderPlan } from '../../lib/plan';
import { MOCK_SERVER_CA } from '../../lib/plan/mocks/common';
import { inputs, resource } from '../support/plan';

/** Stands for the Service Networking connection of a network. */
class StubConnection extends pulumi.CustomResource {
  constructor(name: string) {
    super('gcp:servicenetworking/connection:Connection', name, { network: 'vpc' });
  }
}

function access(): PrivateServiceAccess {
  return {
    networkId: 'projects/p/global/networks/vpc',
    rangeName: 'vpc-private-services',
    cidr: '10.2.0.0/16',
    connection: new StubConnection('psa'),
  };
}

async function redis(args: Partial<RedisArgs> = {}): Promise<{ planned: PlanResource[]; component: Redis }> {
  let component: Redis | undefined;
  const planned = await plan(() => {
    component = new Redis('cache', { network: access(), region: 'europe-west1', secretKey: 'shop/production/redis', ...args });
  });
  return { planned, component: component! };
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((done) => output.apply(done));
}

describe('Redis', () => {
  let planned: PlanResource[];
  let component: Redis;
  beforeAll(async () => {
    ({ planned, component } = await redis({
      memorySizeGiB: 5,
      engineVersion: '7.1',
      maxmemoryPolicy: 'allkeys-lfu',
      labels: { stack: 'shop' },
    }));
  });

  test('children are parented to the component', () => {
    expect(planned.filter((r) => r.name !== 'psa').map((r) => [r.type, r.name, r.parent])).toEqual([
      ['production-stack:gcp:Redis', 'cache', null],
      ['gcp:redis/instance:Instance', 'cache-instance', 'cache'],
      ['gcp:secretmanager/secret:Secret', 'cache-secret', 'cache'],
      ['gcp:secretmanager/secretVersion:SecretVersion', 'cache-secret-version', 'cache'],
    ]);
  });

  test('the guide instance: STANDARD_HA, 5 GB, Redis 7, AUTH on, TLS in transit, the eviction policy asked', () => {
    expect(inputs(planned, 'cache-instance')).toMatchObject({
      region: 'europe-west1',
      tier: 'STANDARD_HA',
      memorySizeGb: 5,
      redisVersion: 'REDIS_7_2',
      authEnabled: true,
      transitEncryptionMode: 'SERVER_AUTHENTICATION',
      redisConfigs: { 'maxmemory-policy': 'allkeys-lfu' },
      labels: { stack: 'shop' },
    });
  });

  test('private service access on the network range, created after the connection', () => {
    const instance = resource(planned, 'cache-instance');
    expect(instance.inputs).toMatchObject({
      connectMode: 'PRIVATE_SERVICE_ACCESS',
      authorizedNetwork: 'projects/p/global/networks/vpc',
      reservedIpRange: 'vpc-private-services',
    });
    expect(instance.options.dependsOn).toEqual(['psa']);
  });

  test('RDB persistence, a weekly maintenance window, protect and deletion protection', () => {
    const instance = resource(planned, 'cache-instance');
    expect(instance.inputs.persistenceConfig).toEqual({ persistenceMode: 'RDB', rdbSnapshotPeriod: 'ONE_HOUR' });
    expect(instance.inputs.maintenancePolicy).toEqual({
      weeklyMaintenanceWindows: [{ day: 'SUNDAY', startTime: { hours: 5, minutes: 0, seconds: 0, nanos: 0 } }],
    });
    expect(instance.inputs.deletionProtection).toBe(true);
    expect(instance.options.protect).toBe(true);
    expect(instance.options.additionalSecretOutputs).toContain('authString');
  });

  test('the connection details: rediss:// with the AUTH string on the TLS port and the server CA, secret and never plain', async () => {
    expect(inputs(planned, 'cache-secret')).toEqual({
      secretId: 'shop-production-redis',
      replication: { auto: {} },
      labels: { stack: 'shop' },
    });
    expect(inputs(planned, 'cache-secret-version')).toEqual({
      secret: 'projects/plan-project/secrets/shop-production-redis',
      secretData: '[secret]',
    });
    expect(await pulumi.isSecret(component.secretVersion.secretData)).toBe(true);
    const data = JSON.parse((await resolved(component.secretVersion.secretData)) ?? '{}');
    const host = await resolved(component.host);
    expect(Object.keys(data)).toEqual([...DATASTORE_KEYS.redis]);
    expect(data).toMatchObject({ host, port: '6378', url: `rediss://:${encodeURIComponent(data.password)}@${host}:6378/0` });
    expect(data.password).toMatch(/plan-auth$/);
    expect(data.ca).toBe(await resolved(component.serverCa));
    expect(data.ca).toContain('-----BEGIN CERTIFICATE-----');
    expect(JSON.stringify(planDocument(planned)) + renderPlan(planned)).not.toContain(data.password);
  });

  test.each([
    ['highAvailability: false gives BASIC, one node', { highAvailability: false }, { tier: 'BASIC' }],
    [
      'the defaults: 5 GB, REDIS_7_2, allkeys-lru',
      {},
      { memorySizeGb: 5, redisVersion: 'REDIS_7_2', redisConfigs: { 'maxmemory-policy': 'allkeys-lru' } },
    ],
    ['Redis 7.0 stays on 7.0', { engineVersion: '7.0' }, { redisVersion: 'REDIS_7_0' }],
    ['a queue never evicts', { role: 'queue' }, { redisConfigs: { 'maxmemory-policy': 'noeviction' } }],
    [
      'a maintenance window and snapshot period given are used',
      { maintenanceWindow: { day: 'WEDNESDAY', hourUtc: 1 }, rdbSnapshotPeriod: 'SIX_HOURS' },
      {
        maintenancePolicy: { weeklyMaintenanceWindows: [{ day: 'WEDNESDAY', startTime: { hours: 1 } }] },
        persistenceConfig: { rdbSnapshotPeriod: 'SIX_HOURS' },
      },
    ],
  ] as [string, Partial<RedisArgs>, object][])('%s', async (_, args, expected) => {
    const { planned: custom } = await redis(args);
    expect(inputs(custom, 'cache-instance')).toMatchObject(expected);
  });

  test("2 nodes by default: STANDARD_HA's primary and replica, read replicas left as they are", async () => {
    const instance = inputs(planned, 'cache-instance');
    expect(instance).toMatchObject({ tier: 'STANDARD_HA' });
    // neither is sent: Memorystore refuses a replica count without read replicas, and READ_REPLICAS_DISABLED on an
    // instance whose read replicas are on (never turned off): unset leaves both as they are
    expect(instance).not.toHaveProperty('replicaCount');
    expect(instance).not.toHaveProperty('readReplicasMode');
    expect(instance).not.toHaveProperty('secondaryIpRange');
    expect(inputs((await redis({ nodes: 2 })).planned, 'cache-instance')).toEqual(inputs((await redis({})).planned, 'cache-instance'));
  });

  test.each([3, 4, 6])('%i nodes: a primary and read replicas behind a read endpoint', async (nodes) => {
    const { planned: custom, component: c } = await redis({ nodes });
    // no range for the new nodes: the API ignores it at creation (an existing instance is turned on with gcloud first)
    expect(inputs(custom, 'cache-instance')).not.toHaveProperty('secondaryIpRange');
    expect(inputs(custom, 'cache-instance')).toMatchObject({
      tier: 'STANDARD_HA',
      replicaCount: nodes - 1,
      readReplicasMode: 'READ_REPLICAS_ENABLED',
      reservedIpRange: 'vpc-private-services',
      memorySizeGb: 5,
    });
    // the read endpoint is the component's output, not part of the connection details (as on AWS)
    expect(await resolved(c.readEndpoint)).toMatch(/^10\.2\.\d+\.\d+$/);
    expect(await resolved(c.readEndpoint)).not.toBe(await resolved(c.host));
    expect(await resolved(c.readEndpointPort)).toBe(6378);
    const data = JSON.parse((await resolved(c.secretVersion.secretData)) ?? '{}');
    expect(Object.keys(data)).toEqual([...DATASTORE_KEYS.redis]);
  });

  test('deletionProtection: false turns off protect and the provider guard', async () => {
    const instance = resource((await redis({ deletionProtection: false })).planned, 'cache-instance');
    expect(instance.inputs.deletionProtection).toBe(false);
    expect(instance.options.protect).toBeUndefined();
  });

  test.each([
    ['fails when the eviction policy is unknown', { maxmemoryPolicy: 'lru' }, 'maxmemoryPolicy "lru" must be one of'],
    ['fails when Memorystore has no such version', { engineVersion: '8.0' }, 'engineVersion "8.0" is not offered by Memorystore'],
    [
      'fails when read replicas are asked of an instance under 5 GB',
      { nodes: 3, memorySizeGiB: 4 },
      "memorySizeGiB 4 is below the 5 GB Memorystore's read replicas need (redis.nodes 3 is a primary and 2 read replicas)",
    ],
    [
      'fails when a BASIC instance is given replicas',
      { nodes: 2, highAvailability: false },
      'nodes 2 needs highAvailability: without it Memorystore is BASIC',
    ],
    ['fails when a STANDARD_HA instance is one node', { nodes: 1 }, 'nodes 1: automatic failover needs at least 2 nodes'],
    ['fails when there are more nodes than Memorystore has', { nodes: 7 }, 'nodes 7 is more than Memorystore has: a primary and at most 5'],
    [
      "fails when given the spec's gcp section, whose memorySizeGiB would be dropped (a spread of spec.redis)",
      { gcp: { memorySizeGiB: 10 } } as Partial<RedisArgs>,
      'gcp.Redis "cache" is invalid (1 problem)',
    ],
  ])('%s', async (_, args: Partial<RedisArgs>, message) => {
    await expect(redis(args)).rejects.toThrow(message);
  });
});

describe('Memorystore settings', () => {
  test.each([
    ['6', 'REDIS_6_X'],
    ['6.2', 'REDIS_6_X'],
    ['6.x', 'REDIS_6_X'],
    ['7', 'REDIS_7_2'],
    ['7.0', 'REDIS_7_0'],
    ['7.1', 'REDIS_7_2'],
    ['7.2', 'REDIS_7_2'],
    ['7.2.4', 'REDIS_7_2'],
  ])('Redis %s is %s', (version, expected) => {
    expect(memorystoreVersion(version)).toBe(expected);
  });

  test('every version validation takes on GCP supports read replicas (Redis 5.0 or newer), so no rule needs to check it', () => {
    for (const v of REDIS_SUPPORT.gcp) expect(Number(v.version.split('.')[0])).toBeGreaterThanOrEqual(5);
  });

  test.each<[string, number, boolean | undefined, object]>([
    ['BASIC', 1, false, { tier: 'BASIC', replicaCount: 0, readReplicas: false }],
    ["STANDARD_HA's pair", 2, undefined, { tier: 'STANDARD_HA', replicaCount: 1, readReplicas: false }],
    ['a primary and 2 read replicas', 3, true, { tier: 'STANDARD_HA', replicaCount: 2, readReplicas: true }],
    ['a primary and 5 read replicas', 6, true, { tier: 'STANDARD_HA', replicaCount: 5, readReplicas: true }],
  ])('%s, from %i node(s)', (_, nodes, highAvailability, expected) => {
    expect(memorystoreNodes(nodes, highAvailability)).toEqual(expected);
  });

  test('every version validation takes on GCP (REDIS_SUPPORT) is one Memorystore creates, and each release is reachable', () => {
    const mapped = REDIS_SUPPORT.gcp.map((v) => memorystoreVersion(v.version));
    for (const version of mapped) expect(MEMORYSTORE_VERSIONS).toContain(version);
    expect([...new Set(mapped)].sort()).toEqual([...MEMORYSTORE_VERSIONS].sort());
  });

  test('the CA bundle keeps every current certificate, so clients trust a rotated CA too, and must hold a root', () => {
    // an intermediate: issued by the mock CA (openssl), not self-signed
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-bundle-'));
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=root', '-keyout', 'root.key', '-out', 'root.crt']);
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=intermediate', '-keyout', 'int.key', '-out', 'int.csr']);
    run(['x509', '-req', '-in', 'int.csr', '-CA', 'root.crt', '-CAkey', 'root.key', '-CAcreateserial', '-days', '2', '-out', 'int.crt']);
    const [root, intermediate] = ['root.crt', 'int.crt'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    fs.rmSync(dir, { recursive: true, force: true });
    expect(caBundle([{ cert: `${MOCK_SERVER_CA}\n` }, { cert: root }, {}], 'x')).toBe(`${MOCK_SERVER_CA.trim()}\n${root.trim()}`);
    expect(caBundle([{ cert: `${intermediate}${root}` }], 'x')).toBe(`${intermediate}${root}`.trim());
    expect(() => caBundle([{ cert: intermediate }], 'Memorystore instance shop-redis')).toThrow(
      'the server CAs of Memorystore instance shop-redis hold no root (self-signed) certificate: clients could not verify the server',
    );
    expect(() => caBundle(undefined, 'x')).toThrow(/no root/);
  });
});
