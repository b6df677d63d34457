/**
 * The arguments the AWS components renamed (tags to labels, secretName to secretKey) are refused by their old
 * name when they still arrive, through a spread, a variable or JavaScript, which TypeScript's check of an object
 * literal does not see: dropped, a secretName would rename (and so replace) the connection secret.
 */
import { Postgres, Redis } from '../../lib/aws';
import { plan } from '../../lib/plan';
import { refuseRenamedArgs } from '../../lib/aws/renamed';

const NETWORK = { vpcId: 'vpc-0data', privateSubnetIds: ['subnet-0a', 'subnet-0b', 'subnet-0c'] };
const CLIENTS = { clusterSecurityGroupId: 'sg-0cluster' };

test('an old name is refused with its new one, every one at once; the new names pass', () => {
  expect(() => refuseRenamedArgs('aws.Redis "cache"', { tags: { team: 'a' }, secretName: 'shop/redis' }, ['tags', 'secretName'])).toThrow(
    'aws.Redis "cache" is invalid (2 problems):\n' +
      '  - tags: renamed labels: pass the same value as labels\n' +
      '  - secretName: renamed secretKey: pass the same value as secretKey',
  );
  expect(() =>
    refuseRenamedArgs('aws.Redis "cache"', { labels: { team: 'a' }, secretKey: 'shop/redis' }, ['tags', 'secretName']),
  ).not.toThrow();
  // given as undefined (an optional variable left unset), nothing was lost
  expect(() => refuseRenamedArgs('aws.Network "net"', { tags: undefined }, ['tags'])).not.toThrow();
});

test('a component given an old name through a spread fails before creating anything', async () => {
  const old: Record<string, unknown> = { secretName: 'shop/production/postgres' };
  await expect(plan(() => new Postgres('db', { network: NETWORK, clients: CLIENTS, region: 'eu-west-1', ...old }))).rejects.toThrow(
    'aws.Postgres "db" is invalid (1 problem):\n  - secretName: renamed secretKey',
  );
  await expect(
    plan(() => new Redis('cache', { network: NETWORK, clients: CLIENTS, region: 'eu-west-1', ...{ tags: { team: 'a' } } })),
  ).rejects.toThrow('aws.Redis "cache" is invalid (1 problem):\n  - tags: renamed labels');
});

test("a Redis given the spec's cloud sections through a spread fails before creating anything: their fields are arguments of their own", async () => {
  const spec: Record<string, unknown> = { nodes: 3, aws: { nodeType: 'cache.r7g.xlarge' }, gcp: { memorySizeGiB: 10 } };
  const refused = plan(() => new Redis('cache', { network: NETWORK, clients: CLIENTS, region: 'eu-west-1', ...spec }));
  await expect(refused).rejects.toThrow('aws.Redis "cache" is invalid (2 problems)');
  await expect(refused).rejects.toThrow("aws: is the spec's section of aws settings: pass its fields as arguments of their own");
  await expect(refused).rejects.toThrow("gcp: is the spec's section of gcp settings");
  // flat, as the component takes them, and the same with a section left undefined
  const flat = { nodes: 3, nodeType: 'cache.r7g.xlarge', aws: undefined };
  const planned = await plan(() => new Redis('cache', { network: NETWORK, clients: CLIENTS, region: 'eu-west-1', ...flat }));
  expect(planned.find((r) => r.name === 'cache-replication-group')?.inputs.nodeType).toBe('cache.r7g.xlarge');
});
