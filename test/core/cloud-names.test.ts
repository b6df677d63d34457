/**
 * The cloud names that grow with the stack's name (lib/core/cloud-names.ts) and the providers' limits, from their
 * API references: IAM role names 1-64, EKS node group names 1-63, EventBridge rule names 1-64, RDS instance
 * identifiers 1-63; Memorystore instance IDs, GKE clusters and node pools 1-40; GCE names (RFC 1035) and KMS keys
 * 1-63; a Cloud SQL `project:instance` up to 98, with a project ID of up to 30 characters.
 */
import {
  AUTONAME_SUFFIX,
  CLOUD_NAME_LIMITS,
  IRSA_ROLE,
  cloudNameLimits,
  cloudNameOf,
  maxStackName,
} from 'production-stack/core/cloud-names';

const ctx = (cloud: 'aws' | 'gcp', o: { standby?: boolean; postgres?: boolean; redis?: boolean } = {}) => ({
  cloud,
  standby: o.standby ?? false,
  postgres: o.postgres ?? false,
  redis: o.redis ?? false,
});

test('Pulumi’s auto-naming appends a dash and 7 random characters', () => {
  expect(AUTONAME_SUFFIX).toBe('-xxxxxxx');
  expect(AUTONAME_SUFFIX).toHaveLength(8);
});

test('each kind of name with its provider’s limit', () => {
  expect(CLOUD_NAME_LIMITS.map((r) => [r.cloud, r.what, r.max])).toEqual([
    ['aws', 'IAM role', 64],
    ['aws', 'EKS node group', 63],
    ['aws', 'EventBridge rule', 64],
    ['aws', 'RDS instance identifier', 63],
    ['gcp', 'Memorystore instance', 40],
    ['gcp', 'GKE node pool', 40],
    ['gcp', 'GKE cluster', 40],
    ['gcp', 'Cloud SQL instance', 67],
    ['gcp', 'Compute Engine address range', 63],
    ['gcp', 'KMS key', 63],
  ]);
});

describe('a row’s name for a stack', () => {
  const row = (what: string) => CLOUD_NAME_LIMITS.find((r) => r.what === what)!;

  test('<stack><role>, with the auto-name suffix when auto-named', () => {
    expect(cloudNameOf('shop', row('EKS node group'), ctx('aws'))).toBe('shop-cluster-nodes-xxxxxxx');
    expect(cloudNameOf('shop', row('RDS instance identifier'), ctx('aws'))).toBe('shop-postgres');
  });

  test('the standby region’s, -standby after the stack, where the standby has one', () => {
    expect(cloudNameOf('shop', row('RDS instance identifier'), ctx('aws', { standby: true }))).toBe('shop-standby-postgres');
    expect(cloudNameOf('shop', row('Compute Engine address range'), ctx('gcp', { standby: true }))).toBe(
      'shop-network-private-services-range-xxxxxxx',
    );
  });
});

test('the rows of a stack: its cloud’s, the datastores’ only with the datastore', () => {
  const whats = (c: ReturnType<typeof ctx>) => cloudNameLimits(c).map((r) => r.what);
  expect(whats(ctx('aws'))).toEqual(['IAM role', 'EKS node group', 'EventBridge rule']);
  expect(whats(ctx('aws', { postgres: true, redis: true }))).toEqual([
    'IAM role',
    'EKS node group',
    'EventBridge rule',
    'RDS instance identifier',
  ]);
  expect(whats(ctx('gcp'))).toEqual(['GKE node pool', 'GKE cluster', 'Compute Engine address range', 'KMS key']);
  expect(whats(ctx('gcp', { redis: true, postgres: true }))).toEqual([
    'Memorystore instance',
    'GKE node pool',
    'GKE cluster',
    'Cloud SQL instance',
    'Compute Engine address range',
    'KMS key',
  ]);
});

describe('the longest stack name whose every name fits', () => {
  test('AWS: 27 (64 less -addons-external-secrets-role and the suffix), 19 with a standby region', () => {
    expect(maxStackName(ctx('aws', { postgres: true }))).toBe(27);
    expect(maxStackName(ctx('aws', { standby: true, postgres: true }))).toBe(19);
  });

  test('GCP: 18 (40 less -cluster-nodes and the suffix), 17 with Redis (-redis-instance), 9 with Redis and a standby', () => {
    expect(maxStackName(ctx('gcp'))).toBe(18);
    expect(maxStackName(ctx('gcp', { redis: true }))).toBe(17);
    expect(maxStackName(ctx('gcp', { redis: true, standby: true }))).toBe(9);
    expect(maxStackName(ctx('gcp', { standby: true }))).toBe(10);
  });

  test('at that length every name is within its limit, and one more passes one', () => {
    for (const c of [ctx('aws', { postgres: true }), ctx('gcp', { redis: true, postgres: true, standby: true })]) {
      const n = maxStackName(c);
      const over = (len: number) => cloudNameLimits(c).filter((r) => cloudNameOf('s'.repeat(len), r, c).length > r.max);
      expect(over(n)).toEqual([]);
      expect(over(n + 1).length).toBeGreaterThanOrEqual(1);
    }
  });
});

test('a service’s IRSA role: <stack>-<service>-irsa, auto-named, within IAM’s 64', () => {
  expect(IRSA_ROLE.what).toBe('IAM role');
  expect(IRSA_ROLE.max).toBe(64);
  expect(IRSA_ROLE.name('shop', 'api')).toBe('shop-api-irsa-xxxxxxx');
});

test('each row’s longest name for stack shop, as the Pulumi programs name the resources (test/plan/name-limits holds them to a plan)', () => {
  const names = (c: ReturnType<typeof ctx>) => cloudNameLimits(c).map((r) => cloudNameOf('shop', r, c));
  expect(names(ctx('aws', { postgres: true }))).toEqual([
    'shop-addons-external-secrets-role-xxxxxxx',
    'shop-cluster-nodes-xxxxxxx',
    'shop-addons-karpenter-reservation-xxxxxxx',
    'shop-postgres',
  ]);
  expect(names(ctx('aws', { postgres: true, standby: true }))).toEqual([
    'shop-standby-addons-external-secrets-role-xxxxxxx',
    'shop-standby-cluster-nodes-xxxxxxx',
    'shop-standby-addons-karpenter-reservation-xxxxxxx',
    'shop-standby-postgres',
  ]);
  expect(names(ctx('gcp', { postgres: true, redis: true, standby: true }))).toEqual([
    'shop-standby-redis-instance-xxxxxxx',
    'shop-standby-cluster-nodes-xxxxxxx',
    'shop-standby-cluster-gke-xxxxxxx',
    'shop-standby-postgres-instance-xxxxxxx',
    'shop-network-private-services-range-xxxxxxx',
    'shop-standby-cluster-secrets-key-xxxxxxx',
  ]);
});
