/**
 * The names of everything a stack creates (lib/core/naming.ts), pinned: they are a public contract, since a deployed
 * resource whose name changes is replaced (a database or a volume lost). Each expected name here is the contract,
 * written out; a change to one is a breaking change that needs an alias.
 */
import {
  DATASTORE_KEYS,
  SECRET_ID,
  backupReplicaBucket,
  cloudName,
  databaseInstanceName,
  databaseName,
  datastoreRemoteKey,
  defaultBackupBucket,
  k8sNames,
  regionBackupBucket,
  secretId,
  secretManagerName,
} from 'production-stack/core/naming';

test('a service’s Kubernetes names', () => {
  expect(k8sNames.workload('api')).toBe('api');
  expect(k8sNames.config('api')).toBe('api-config');
  expect(k8sNames.files('api')).toBe('api-files');
});

test('the gateway’s names: a host’s TLS Secret and listener (the wildcard spelled out, a listener without dots)', () => {
  expect(k8sNames.tls('api.example.com')).toBe('api.example.com-tls');
  expect(k8sNames.tls('*.example.com')).toBe('wildcard.example.com-tls');
  expect(k8sNames.httpsListener('api.example.com')).toBe('https-api-example-com');
  expect(k8sNames.httpsListener('*.example.com')).toBe('https-wildcard-example-com');
  expect(k8sNames.httpListener).toBe('http');
  expect(k8sNames.gateway('shop')).toBe('shop');
});

test('the HTTPS redirects: the first unnumbered, then -2 to -4', () => {
  expect([0, 1, 2, 3].map((i) => k8sNames.httpsRedirect('shop', i))).toEqual([
    'shop-https-redirect',
    'shop-https-redirect-2',
    'shop-https-redirect-3',
    'shop-https-redirect-4',
  ]);
  expect(k8sNames.httpsRedirect('shop')).toBe('shop-https-redirect');
});

test('the stack’s other objects', () => {
  expect(k8sNames.failoverHealth('shop')).toBe('shop-failover-health');
  expect(k8sNames.notFound('shop')).toBe('shop-not-found');
  expect(k8sNames.defaultDeny).toBe('default-deny');
  expect(k8sNames.acmeSolver).toBe('acme-http01-solver');
  expect(k8sNames.backup('shop')).toBe('shop-pg-backup');
  expect(k8sNames.restoreDrill('shop')).toBe('shop-pg-restore-drill');
  expect(k8sNames.backupServiceAccount('shop')).toBe('shop-backup');
  expect(k8sNames.restoreDrillServiceAccount('shop')).toBe('shop-restore-drill');
  expect(k8sNames.restoreDrillChecks('shop')).toBe('shop-pg-restore-drill-checks');
  expect(k8sNames.datastoreSecret('shop', 'redis')).toBe('shop-redis');
  expect(k8sNames.datastoreSecret('shop', 'nats')).toBe('shop-nats');
  expect(k8sNames.postgresAdminSecret('shop')).toBe('shop-postgres-admin');
  expect(k8sNames.postgresBootstrap('shop')).toBe('shop-postgres-bootstrap');
  expect(k8sNames.datastoreExporter('shop', 'postgres')).toBe('shop-postgres-exporter');
  expect(k8sNames.datastoreExporter('shop', 'redis')).toBe('shop-redis-exporter');
});

test('a login role’s Secret: every underscore of the role a dash (a Kubernetes name has none)', () => {
  expect(k8sNames.postgresRoleSecret('shop', 'svc_api')).toBe('shop-postgres-svc-api');
  expect(k8sNames.postgresRoleSecret('shop', 'svc_order_api_v2')).toBe('shop-postgres-svc-order-api-v2');
  expect(k8sNames.postgresRoleSecret('shop', 'app_migrate')).toBe('shop-postgres-app-migrate');
});

test('the secret-manager keys and the properties of their entries', () => {
  expect(datastoreRemoteKey('shop', 'production', 'postgres')).toBe('shop/production/postgres');
  expect(DATASTORE_KEYS).toEqual({
    postgres: ['url', 'host', 'port', 'database', 'user', 'password', 'ca'],
    redis: ['url', 'host', 'port', 'password', 'ca'],
  });
});

describe('Secret Manager IDs (GCP: 1 to 255 of letters, digits, - and _)', () => {
  test('each / of the key a -', () => {
    expect(secretId('shop/production/postgres')).toBe('shop-production-postgres');
    expect(secretId('a_b-C9')).toBe('a_b-C9');
    expect(secretId('x'.repeat(255))).toBe('x'.repeat(255));
  });

  test('a key that gives no valid ID is refused, naming both and the rule', () => {
    expect(() => secretId('x'.repeat(256))).toThrow(
      new Error(
        `secret-manager key "${'x'.repeat(256)}" gives "${'x'.repeat(256)}", not a valid Secret Manager secret ID (^[A-Za-z0-9_-]{1,255}$)`,
      ),
    );
    expect(() => secretId('')).toThrow(/not a valid Secret Manager secret ID/);
    expect(() => secretId('shop/prod.x')).toThrow(
      new Error('secret-manager key "shop/prod.x" gives "shop-prod.x", not a valid Secret Manager secret ID (^[A-Za-z0-9_-]{1,255}$)'),
    );
    expect(() => secretId('a b')).toThrow(/gives "a b"/);
    expect(SECRET_ID.test('ok\n')).toBe(false);
  });

  test('the name in the stack’s cloud: the key on AWS, its ID on GCP', () => {
    expect(secretManagerName('aws', 'shop/production/postgres')).toBe('shop/production/postgres');
    expect(secretManagerName('gcp', 'shop/production/postgres')).toBe('shop-production-postgres');
  });
});

test('Pulumi names: <stack>-<role>; the database’s, the standby’s, and its instance (RDS -db, Cloud SQL -instance)', () => {
  const aws = { name: 'shop', region: 'us-west-2', cloud: 'aws' as const };
  const gcp = { name: 'shop', region: 'us-central1', cloud: 'gcp' as const };
  expect(cloudName('shop', 'cluster')).toBe('shop-cluster');
  expect(databaseName(aws, 'us-west-2')).toBe('shop-postgres');
  expect(databaseName(aws, 'us-east-1')).toBe('shop-standby-postgres');
  expect(databaseInstanceName(aws, 'us-west-2')).toBe('shop-postgres-db');
  expect(databaseInstanceName(aws, 'us-east-1')).toBe('shop-standby-postgres-db');
  expect(databaseInstanceName(gcp, 'us-central1')).toBe('shop-postgres-instance');
  expect(databaseInstanceName(gcp, 'us-east1')).toBe('shop-standby-postgres-instance');
});

test('the backup buckets: the default, the AWS replica in the standby region, the same GCS bucket in both', () => {
  expect(defaultBackupBucket('shop', 'production')).toBe('shop-production-db-backups');
  expect(backupReplicaBucket('b')).toBe('b-replica');
  const aws = { cloud: 'aws' as const, region: 'us-west-2', dr: { backupBucket: 'b' } };
  expect(regionBackupBucket(aws, 'us-west-2')).toBe('b');
  expect(regionBackupBucket(aws, 'us-east-1')).toBe('b-replica');
  const gcp = { cloud: 'gcp' as const, region: 'us-central1', dr: { backupBucket: 'g' } };
  expect(regionBackupBucket(gcp, 'us-central1')).toBe('g');
  expect(regionBackupBucket(gcp, 'us-east1')).toBe('g');
});
