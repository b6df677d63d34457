/**
 * The logical backups wired end to end by the Pulumi ProductionStack, under
 * mocks: the bucket the jobs write to is the one created, and the deployed
 * `<stack>-backup` ServiceAccount carries the identity created for it (or the
 * spec's `dr.backupIdentity`, and then none is created).
 */
import type * as pulumi from '@pulumi/pulumi';
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack, Workloads } from '../../lib/pulumi';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { type Inputs, inputs, names, resource } from '../support/plan';

const SERVICE_ACCOUNT = 'shop-workloads-serviceaccount-shop-shop-backup';
const DRILL_SERVICE_ACCOUNT = 'shop-workloads-serviceaccount-shop-shop-restore-drill';

/** Plans the stack and resolves the backup identity it created: the role ARN or the service account email. */
async function planned(spec: ProductionStackProps): Promise<{ resources: PlanResource[]; identity?: string }> {
  let stack: ProductionStack | undefined;
  const resources = await plan(() => {
    stack = new ProductionStack(spec.name, spec);
  });
  const cloud = stack!.cloud;
  const output: pulumi.Output<string> | undefined = cloud.cloud === 'aws' ? cloud.backups?.role?.arn : cloud.backups?.account?.email;
  const identity = output && (await new Promise<string>((done) => output.apply(done)));
  return { resources, ...(identity !== undefined ? { identity } : {}) };
}

/** The value of an environment variable of a CronJob's containers (init containers included). */
const env = (r: Inputs, name: string): string | undefined => {
  const pod = r.spec.jobTemplate.spec.template.spec;
  return ([...(pod.initContainers ?? []), ...pod.containers] as { env?: { name: string; value?: string }[] }[])
    .flatMap((c) => c.env ?? [])
    .find((e) => e.name === name)?.value;
};

describe.each([
  ['AWS', awsSpec, 'eks.amazonaws.com/role-arn', 'shop-backups-role'],
  ['GCP', gcpSpec, 'iam.gke.io/gcp-service-account', 'shop-backups-sa'],
])('%s', (_, spec, annotation, identityResource) => {
  let resources: PlanResource[];
  let identity: string | undefined;
  beforeAll(async () => {
    ({ resources, identity } = await planned(spec));
  });

  test('the backup jobs write to the bucket the stack creates', () => {
    const bucket = inputs(resources, 'shop-backups-bucket');
    const name = spec.cloud === 'aws' ? bucket.bucket : bucket.name;
    expect(name).toBe('shop-production-db-backups');
    for (const job of ['shop-workloads-cronjob-shop-shop-pg-backup', 'shop-workloads-cronjob-shop-shop-pg-restore-drill'])
      expect([job, env(inputs(resources, job), 'BUCKET')]).toEqual([job, name]);
  });

  test('the deployed <stack>-backup ServiceAccount carries the created identity', () => {
    expect(identity).toBeDefined();
    expect(identity).toMatch(
      spec.cloud === 'aws' ? /^arn:aws:iam::123456789012:role\/shop-backups-role/ : /@.*\.iam\.gserviceaccount\.com$/,
    );
    expect(inputs(resources, SERVICE_ACCOUNT).metadata).toMatchObject({
      name: 'shop-backup',
      namespace: 'shop',
      annotations: { [annotation]: identity },
    });
    expect(resource(resources, identityResource).parent).toBe('shop-backups');
  });

  test("the deployed <stack>-restore-drill ServiceAccount carries the drill's own read-only identity, bound to it alone", async () => {
    const drill: pulumi.Output<string> | undefined = await new Promise((done) => {
      void plan(() => {
        const stack = new ProductionStack(spec.name, spec);
        const c = stack.cloud;
        done(c.cloud === 'aws' ? c.backups?.drillRole?.arn : c.backups?.drillAccount?.email);
      });
    });
    const value = drill && (await new Promise<string>((done) => drill.apply(done)));
    expect(value).toBeDefined();
    expect(value).not.toBe(identity);
    expect(inputs(resources, DRILL_SERVICE_ACCOUNT).metadata).toMatchObject({
      name: 'shop-restore-drill',
      annotations: { [annotation]: value },
    });
    if (spec.cloud === 'aws') {
      const trust = JSON.parse(inputs(resources, 'shop-backups-drill-role').assumeRolePolicy);
      expect(Object.values(trust.Statement[0].Condition.StringEquals)).toContain('system:serviceaccount:shop:shop-restore-drill');
      const actions = JSON.parse(inputs(resources, 'shop-backups-drill-role-policy').policy).Statement.flatMap(
        (s: { Action: string | string[] }) => [s.Action].flat(),
      );
      expect(actions.sort()).toEqual(['kms:Decrypt', 's3:GetObject', 's3:ListBucket']);
    } else {
      expect(inputs(resources, 'shop-backups-drill-workload-identity').member).toMatch(/\[shop\/shop-restore-drill\]$/);
      expect(inputs(resources, 'shop-backups-drill-object-viewer').role).toBe('roles/storage.objectViewer');
    }
  });

  test('the identity is bound to exactly that ServiceAccount', () => {
    if (spec.cloud === 'aws') {
      const trust = JSON.parse(inputs(resources, 'shop-backups-role').assumeRolePolicy);
      expect(Object.values(trust.Statement[0].Condition.StringEquals)).toContain('system:serviceaccount:shop:shop-backup');
    } else {
      expect(inputs(resources, 'shop-backups-workload-identity').member).toMatch(/\[shop\/shop-backup\]$/);
    }
  });

  test('the retention of the spec is the bucket lifecycle', async () => {
    const { resources: r } = await planned({ ...spec, dr: { backupRetentionDays: 9 } });
    const days =
      spec.cloud === 'aws'
        ? inputs(r, 'shop-backups-lifecycle').rules[0].expiration.days
        : inputs(r, 'shop-backups-bucket').lifecycleRules[0].condition.age;
    expect(days).toBe(9);
  });

  test('with dr.backupIdentity, it is used as given and no identity is created', async () => {
    const given = spec.cloud === 'aws' ? 'arn:aws:iam::123456789012:role/own-backups' : 'own-backups@shop-project.iam.gserviceaccount.com';
    const { resources: r, identity: created } = await planned({ ...spec, dr: { backupIdentity: given } });
    expect(created).toBeUndefined();
    expect(names(r)).toContain('shop-backups-bucket');
    expect(names(r).filter((n) => /^shop-backups-(role|sa|workload-identity|object-admin|drill)/.test(n))).toEqual([]);
    expect(inputs(r, SERVICE_ACCOUNT).metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-3', [annotation]: given });
    // the identity the spec brings trusts <stack>-backup: both jobs run as it, and there is no drill ServiceAccount
    expect(names(r)).not.toContain(DRILL_SERVICE_ACCOUNT);
    expect(inputs(r, 'shop-workloads-cronjob-shop-shop-pg-restore-drill').spec.jobTemplate.spec.template.spec.serviceAccountName).toBe(
      'shop-backup',
    );
  });

  test('without logical backups, no bucket', async () => {
    const { resources: r } = await planned({ ...spec, dr: { logicalBackups: false } });
    expect(names(r).filter((n) => n.startsWith('shop-backups'))).toEqual([]);
  });
});

test('AWS: with a standby region, the backups are replicated there, with a key of that region', async () => {
  const { resources } = await planned({ ...awsSpec, dr: { standbyRegion: 'eu-central-1' } });
  expect(inputs(resources, 'shop-backups-replica-bucket')).toMatchObject({
    bucket: 'shop-production-db-backups-replica',
    region: 'eu-central-1',
  });
  expect(inputs(resources, 'shop-backups-replication').rules[0].destination.encryptionConfiguration.replicaKmsKeyId).toMatch(
    /^arn:aws:kms:eu-central-1:/,
  );
});

test('GCP: with a standby region, the bucket is a dual-region of both', async () => {
  const { resources } = await planned({ ...gcpSpec, dr: { standbyRegion: 'europe-west4' } });
  expect(inputs(resources, 'shop-backups-bucket')).toMatchObject({
    location: 'EU',
    customPlacementConfig: { dataLocations: ['EUROPE-WEST1', 'EUROPE-WEST4'] },
  });
});

test('Workloads: fails when serviceAccountAnnotations names no ServiceAccount of the chart', async () => {
  await expect(
    plan(
      () =>
        new Workloads('w', {
          spec: awsSpec,
          provider: undefined as never,
          serviceAccountAnnotations: { 'shop-backups': { 'eks.amazonaws.com/role-arn': 'arn' } },
        }),
    ),
  ).rejects.toThrow(/serviceAccountAnnotations: shop-backups is not a ServiceAccount of the chart \(it has .*shop-backup/);
});
