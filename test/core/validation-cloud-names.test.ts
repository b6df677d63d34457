/**
 * The rules of the cloud names a stack's name becomes (lib/core/validation/cloud-names.ts, checkCloudNames).
 * The limits are the providers' (lib/core/cloud-names.ts names each source): IAM role names 1-64 characters,
 * GKE node pool names and Memorystore instance IDs 1-40, S3 and GCS bucket names 3-63; an auto-named resource
 * gets "-" and 7 random characters from Pulumi. The longest stack names below are computed from those limits
 * and the role each resource appends, written out here rather than read from the code's table.
 */
import { checkCloudNames } from 'production-stack/core/validation/cloud-names';
import { Problems } from 'production-stack/core/validation/problems';

type Props = Record<string, unknown>;

function problems(props: Props) {
  const p = new Problems();
  checkCloudNames(p, props);
  return p.all;
}

const PULUMI = 'with the 7 random characters Pulumi appends';
const name = (n: number) => 's'.repeat(n);

describe('the stack name starts with a letter and holds no "--" (GKE, Cloud SQL, Memorystore, RDS and ElastiCache names)', () => {
  const RULE =
    'must start with a letter and hold no "--": the names of the GKE cluster, the Cloud SQL and Memorystore instances and the RDS and ElastiCache identifiers begin with it, and their APIs refuse both';

  test.each(['1shop', 'shop--eu'])('%j, a DNS label, is refused on either cloud', (stack) => {
    for (const cloud of ['aws', 'gcp'])
      expect(problems({ name: stack, cloud })).toEqual([{ path: 'name', value: stack, rule: `"${stack}" ${RULE}` }]);
  });

  test('"shop-eu" passes', () => {
    expect(problems({ name: 'shop-eu', cloud: 'aws' })).toEqual([]);
  });

  test('a name that is no DNS label, or no string, or a stack on no known cloud, is left to the other rules', () => {
    expect(problems({ name: 'Shop', cloud: 'aws' })).toEqual([]);
    expect(problems({ name: 42, cloud: 'aws' })).toEqual([]);
    expect(problems({ name: '1shop', cloud: 'azure' })).toEqual([]);
    expect(problems({ name: '1shop' })).toEqual([]);
  });
});

describe('on AWS, the IAM role of the External Secrets addon binds the stack name', () => {
  // `<stack>-addons-external-secrets-role-xxxxxxx`: 37 characters after the stack's, 64 at most: 27.
  test('27 characters pass; 28 make the role 65 characters long', () => {
    expect(problems({ name: name(27), cloud: 'aws' })).toEqual([]);
    expect(problems({ name: name(28), cloud: 'aws' })).toEqual([
      {
        path: 'name',
        value: name(28),
        rule: `"${name(28)}" makes the IAM role's name "${name(28)}-addons-external-secrets-role-xxxxxxx" 65 characters long (64 at most, ${PULUMI}): on aws with no datastore a stack name has at most 27 characters`,
      },
    ]);
  });

  // A standby region's role is `<stack>-standby-addons-...`: 8 characters more, 19 at most.
  test('with a standby region, 19 characters pass; 20 are refused, and the features are named', () => {
    const props = (n: number) => ({ name: name(n), cloud: 'aws', dr: { standbyRegion: 'us-east-1' }, postgres: {}, redis: {} });
    expect(problems(props(19))).toEqual([]);
    expect(problems(props(20))).toEqual([
      {
        path: 'name',
        value: name(20),
        rule: `"${name(20)}" makes the IAM role's name "${name(20)}-standby-addons-external-secrets-role-xxxxxxx" 65 characters long (64 at most, ${PULUMI}): on aws with a standby region, PostgreSQL, Redis a stack name has at most 19 characters`,
      },
    ]);
  });

  test('a dr with no standbyRegion, or a dr that is no object, is no standby region', () => {
    expect(problems({ name: name(27), cloud: 'aws', dr: { backupBucket: 'b-1' } })).toEqual([]);
    expect(problems({ name: name(27), cloud: 'aws', dr: 'us-east-1' })).toEqual([]);
  });

  test('the features are named: PostgreSQL alone', () => {
    expect(problems({ name: name(28), cloud: 'aws', postgres: {}, dr: { backupBucket: 'b-1' } }).map((x) => x.rule)).toEqual([
      `"${name(28)}" makes the IAM role's name "${name(28)}-addons-external-secrets-role-xxxxxxx" 65 characters long (64 at most, ${PULUMI}): on aws with PostgreSQL a stack name has at most 27 characters`,
    ]);
  });
});

describe('on GCP, the GKE node pool and the Memorystore instance (40 characters) bind the stack name', () => {
  // `<stack>-cluster-nodes-xxxxxxx`: 22 characters after the stack's, 40 at most: 18.
  test('without Redis, 18 characters pass; 19 make the node pool 41 characters long', () => {
    expect(problems({ name: name(18), cloud: 'gcp' })).toEqual([]);
    expect(problems({ name: name(19), cloud: 'gcp' })).toEqual([
      {
        path: 'name',
        value: name(19),
        rule: `"${name(19)}" makes the GKE node pool's name "${name(19)}-cluster-nodes-xxxxxxx" 41 characters long (40 at most, ${PULUMI}): on gcp with no datastore a stack name has at most 18 characters`,
      },
    ]);
  });

  // `<stack>-redis-instance-xxxxxxx`: 23 characters after the stack's: 17.
  test('with Redis, 17 characters pass; 18 make the Memorystore instance 41 characters long', () => {
    expect(problems({ name: name(17), cloud: 'gcp', redis: {} })).toEqual([]);
    expect(problems({ name: name(18), cloud: 'gcp', redis: {} })).toEqual([
      {
        path: 'name',
        value: name(18),
        rule: `"${name(18)}" makes the Memorystore instance's name "${name(18)}-redis-instance-xxxxxxx" 41 characters long (40 at most, ${PULUMI}): on gcp with Redis a stack name has at most 17 characters`,
      },
    ]);
  });

  test('with a standby region and Redis, 9 characters pass; 10 are refused', () => {
    const props = (n: number) => ({ name: name(n), cloud: 'gcp', dr: { standbyRegion: 'us-east1' }, redis: {} });
    expect(problems(props(9))).toEqual([]);
    expect(problems(props(10)).map((x) => x.rule)).toEqual([
      `"${name(10)}" makes the Memorystore instance's name "${name(10)}-standby-redis-instance-xxxxxxx" 41 characters long (40 at most, ${PULUMI}): on gcp with a standby region, Redis a stack name has at most 9 characters`,
    ]);
  });
});

describe("on AWS, a service's IRSA role `<stack>-<service>-irsa-xxxxxxx` has at most 64 characters", () => {
  // 64 - "--irsa-xxxxxxx" (14) = 50 characters for the two names; "shop" leaves 46 to the service.
  const stack = (service: Props, cloud = 'aws') => ({ name: 'shop', cloud, services: [service] });
  const aws = { aws: { policies: [] } };
  const RULE = (svc: string) =>
    `"${svc}" makes its IAM role's name "shop-${svc}-irsa-xxxxxxx" 65 characters long (64 at most, ${PULUMI}): the stack's and the service's names together have at most 50 characters`;

  test('a service name of 46 characters passes; 47 are refused at the service name', () => {
    expect(problems(stack({ name: name(46), cloudAccess: aws }))).toEqual([]);
    expect(problems(stack({ name: name(47), cloudAccess: aws }))).toEqual([
      { path: 'services[0].name', value: name(47), rule: RULE(name(47)) },
    ]);
  });

  test("the path is the service's own index; entries that are no service are skipped", () => {
    const props = { name: 'shop', cloud: 'aws', services: [null, { name: name(47), cloudAccess: aws }] };
    expect(problems(props).map((x) => x.path)).toEqual(['services[1].name']);
  });

  test('only a service with AWS cloud access has the role', () => {
    expect(problems(stack({ name: name(47) }))).toEqual([]);
    expect(problems(stack({ name: name(47), cloudAccess: 'aws' }))).toEqual([]);
    expect(problems(stack({ name: name(47), cloudAccess: { gcp: {} } }))).toEqual([]);
    expect(problems(stack({ name: 47, cloudAccess: aws }))).toEqual([]);
    expect(problems(stack({ name: name(47), cloudAccess: { gcp: {} } }, 'gcp'))).toEqual([]);
    // IRSA is EKS's: on GCP no IAM role is made from the names, whatever cloudAccess says (its own rules judge it)
    expect(problems(stack({ name: name(47), cloudAccess: aws }, 'gcp'))).toEqual([]);
    expect(problems({ name: 'shop', cloud: 'aws', services: { name: name(47), cloudAccess: aws } })).toEqual([]);
  });

  test('a stack name already too long is the one problem reported', () => {
    const props = { name: name(28), cloud: 'aws', services: [{ name: name(47), cloudAccess: aws }] };
    expect(problems(props).map((x) => x.path)).toEqual(['name']);
  });

  test('a stack name that starts with a digit is the one problem reported', () => {
    const props = { name: '1shop', cloud: 'aws', services: [{ name: name(60), cloudAccess: aws }] };
    expect(problems(props).map((x) => x.path)).toEqual(['name']);
  });
});

describe('the default backup bucket `<stack>-<environment>-db-backups` (S3, GCS: 3-63 characters)', () => {
  // Every environment the spec allows fits under the stack-name limits above; a longer one (which the
  // environment's own rule refuses) shows the bucket rule: "shop-" + environment + "-db-backups" is 16 more.
  const env = (n: number) => 'e'.repeat(n);
  const RULE = (bucket: string) =>
    `"shop" makes the backup bucket's name "${bucket}" ${bucket.length} characters long (63 at most): give dr.backupBucket, or a shorter name`;

  test('with PostgreSQL, a bucket of 63 characters passes; 64 are refused', () => {
    expect(problems({ name: 'shop', cloud: 'gcp', postgres: {}, environment: env(47) })).toEqual([]);
    const bucket = `shop-${env(48)}-db-backups`;
    expect(problems({ name: 'shop', cloud: 'gcp', postgres: {}, environment: env(48) })).toEqual([
      { path: 'name', value: 'shop', rule: RULE(bucket) },
    ]);
  });

  test('on AWS with a standby region, the replica bucket `<bucket>-replica` is the longest', () => {
    const props = (n: number, cloud: string) => ({ name: 'shop', cloud, postgres: {}, dr: { standbyRegion: 'r' }, environment: env(n) });
    expect(problems(props(39, 'aws'))).toEqual([]);
    expect(problems(props(40, 'aws'))).toEqual([{ path: 'name', value: 'shop', rule: RULE(`shop-${env(40)}-db-backups-replica`) }]);
    // A GCS bucket is dual-region: one bucket, no replica.
    expect(problems(props(47, 'gcp'))).toEqual([]);
  });

  test('a given dr.backupBucket, or no PostgreSQL, has no default bucket', () => {
    expect(problems({ name: 'shop', cloud: 'gcp', postgres: {}, dr: { backupBucket: 'b-1' }, environment: env(48) })).toEqual([]);
    expect(problems({ name: 'shop', cloud: 'gcp', environment: env(48) })).toEqual([]);
  });

  test('an environment that is no string is the default, production, whose bucket fits', () => {
    // (an object read as a string would give "[object Object]", no bucket name)
    expect(problems({ name: name(18), cloud: 'gcp', postgres: {}, environment: {} })).toEqual([]);
    expect(problems({ name: name(18), cloud: 'gcp', postgres: {}, environment: 42 })).toEqual([]);
  });
});
