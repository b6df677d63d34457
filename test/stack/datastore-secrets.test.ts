/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The objects reading a datastore's synced Secret wait for the connection secret its datastore writes
 * (#17, "Order"), under mocks, on both clouds: RDS, Cloud SQL and Memorystore take 15 to 30 minutes to
 * create, and an ExternalSecret, a migration Job or a Deployment created before the secret exists times out
 * on a first `pulumi up`. Which objects read which Secret is read from the deployed manifests (`secretsRead`).
 */
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { credentialsDigest } from '../../lib/core/datastore-connection';
import { ProductionStack } from '../../lib/pulumi';
import { type KubernetesManifest, secretsRead } from '../../lib/stack/workloads';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';

/** The version resource each datastore writes its connection secret with, by cloud (pinned names). */
const VERSIONS = {
  aws: { postgres: 'shop-postgres-connection-value', redis: 'shop-redis-connection-value' },
  gcp: { postgres: 'shop-postgres-secret-version', redis: 'shop-redis-secret-version' },
} as const;

describe.each([
  ['aws', awsSpec],
  ['gcp', gcpSpec],
] as const)('%s', (cloud, fixture: ProductionStackProps) => {
  // the fixture's service, wired to both datastores (with a migration, which reads the database's Secret too)
  const spec: ProductionStackProps = {
    ...fixture,
    services: fixture.services.map((s) => ({ ...s, postgres: {}, redis: {}, migration: { command: ['migrate', 'up'] } })),
  };
  let resources: PlanResource[];
  let manifests: readonly KubernetesManifest[];
  let passwords: Readonly<Record<string, string>>;
  beforeAll(async () => {
    let stack: ProductionStack | undefined;
    resources = await plan(() => {
      stack = new ProductionStack(spec.name, spec);
    });
    manifests = stack!.workloads.manifests;
    passwords = await new Promise((resolve) => stack!.cloud.postgres!.roles.values.apply(resolve));
  }, 120_000);

  test.each(['postgres', 'redis'] as const)(
    'every object that reads shop-%s waits for its connection secret version, and no other object does',
    (store) => {
      // PostgreSQL's: one per login role, and the bootstrap Job's
      const synced = (secret: string) => (store === 'postgres' ? secret.startsWith('shop-postgres-') : secret === 'shop-redis');
      const version = VERSIONS[cloud][store];
      expect(resources.some((r) => r.name === version)).toBe(true);
      const objects = resources.filter((r) => r.parent === 'shop-workloads');
      const readers = manifests.filter((m) => [...secretsRead(m)].some(synced));
      // the ExternalSecret that writes it, and pods that read it (the services wired to the store, the migration, backups)
      expect(readers.length).toBeGreaterThan(1);
      const waiting = new Set(objects.filter((o) => o.options.dependsOn?.includes(version)).map((o) => o.name));
      const expected = readers.map((m) =>
        `shop-workloads-${m.kind}-${m.metadata.namespace ?? ''}${m.metadata.namespace ? '-' : ''}${m.metadata.name}`.toLowerCase(),
      );
      for (const name of expected) expect([name, waiting.has(name)]).toEqual([name, true]);
      expect(waiting.size).toBe(expected.length);
    },
  );

  test('every pod that connects as a PostgreSQL login role waits for the bootstrap Job that creates it; the Job for the master secret only', () => {
    const objects = resources.filter((r) => r.parent === 'shop-workloads');
    const bootstrap = objects.filter((o) => o.name.startsWith('shop-workloads-job-shop-shop-postgres-bootstrap-'));
    expect(bootstrap).toHaveLength(1);
    const job = bootstrap[0]!.name;
    const pods = manifests.filter(
      (m) => m.kind !== 'ExternalSecret' && [...secretsRead(m)].some((s) => /^shop-postgres-(svc|job|app)-/.test(s)),
    );
    // the service, its migration, the backup, the postgres_exporter
    expect(pods.map((m) => m.kind).sort()).toEqual(['CronJob', 'Deployment', 'Deployment', 'Job']);
    const waiting = objects.filter((o) => o.options.dependsOn?.includes(job)).map((o) => o.name);
    expect(waiting.sort()).toEqual(pods.map((m) => `shop-workloads-${m.kind}-shop-${m.metadata.name}`.toLowerCase()).sort());
    // Pulumi awaits the Job (a Job's default await: complete), which reads the master user's secret, synced from the version
    expect(bootstrap[0]!.options.dependsOn).toContain(VERSIONS[cloud].postgres);
    // a password generated anew runs it again: its trigger is the digest of the roles' credentials in the document
    expect(Object.keys(passwords).sort()).toEqual(['app_backup', 'app_migrate', 'app_monitor', 'svc_api']);
    const digest = credentialsDigest('shop', passwords);
    const inputs = bootstrap[0]!.inputs as any;
    expect(inputs.spec.template.spec.containers[0].env).toContainEqual({ name: 'EXPECTED_CREDENTIALS', value: digest });
    expect(inputs.spec.template.metadata.annotations).toEqual({ 'production-stack/cluster-role': 'full' });
    expect(inputs.metadata.annotations['pulumi.com/replaceUnready']).toBe('true');
    // not a migration: a Job still running is unready too, and a migration may outlast an up
    const migration = objects.find((o) => /-job-shop-api-migrate-/.test(o.name))!;
    expect((migration.inputs as any).metadata.annotations['pulumi.com/replaceUnready']).toBeUndefined();
    // the same name: Pulumi must delete the old Job before it creates the new one
    expect(bootstrap[0]!.options.deleteBeforeReplace).toBe(true);
    // and External Secrets reads the document at once when it changes
    for (const es of objects.filter((o) => (o.inputs as any).kind === 'ExternalSecret' && /-postgres-/.test(o.name)))
      expect([es.name, (es.inputs as any).metadata.annotations?.['force-sync']]).toEqual([es.name, digest]);
    expect(credentialsDigest('shop', { ...passwords, svc_api: 'Rotated0000000000000000000000000' })).not.toBe(
      credentialsDigest('shop', passwords),
    );
  });
});
