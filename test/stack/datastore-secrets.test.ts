/**
 * The objects reading a datastore's synced Secret wait for the connection secret its datastore writes
 * (#17, "Order"), under mocks, on both clouds: RDS, Cloud SQL and Memorystore take 15 to 30 minutes to
 * create, and an ExternalSecret, a migration Job or a Deployment created before the secret exists times out
 * on a first `pulumi up`. Which objects read which Secret is read from the deployed manifests (`secretsRead`).
 */
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
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
  beforeAll(async () => {
    let stack: ProductionStack | undefined;
    resources = await plan(() => {
      stack = new ProductionStack(spec.name, spec);
    });
    manifests = stack!.workloads.manifests;
  }, 120_000);

  test.each(['postgres', 'redis'] as const)(
    'every object that reads shop-%s waits for its connection secret version, and no other object does',
    (store) => {
      const secret = `shop-${store}`;
      const version = VERSIONS[cloud][store];
      expect(resources.some((r) => r.name === version)).toBe(true);
      const objects = resources.filter((r) => r.parent === 'shop-workloads');
      const readers = manifests.filter((m) => secretsRead(m).has(secret));
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
});
