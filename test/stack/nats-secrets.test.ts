/**
 * The NATS users' secret written by the Pulumi ProductionStack, under mocks: it exists exactly when the
 * spec has `nats`, in each region; its JSON properties are exactly those the synthesized ExternalSecret
 * `<stack>-nats` reads; the passwords are Pulumi secrets that never reach the plan in plain text; and the
 * objects that read the synced Secret wait for the version of their region.
 */
import * as pulumi from '@pulumi/pulumi';
import type { ProductionStackProps } from '../../lib/core';
import { datastoreRemoteKey, secretManagerName } from '../../lib/core/naming';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { NATS_PASSWORD } from '../../lib/nats/config';
import { type RegionNatsSecret } from '../../lib/stack/nats-secrets';
import { type KubernetesManifest, secretsRead } from '../../lib/stack/workloads';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { type Inputs, inputs, ofType, resource } from '../support/plan';
import { NATS_STANDBY_REGION, withNats } from '../plan/names-nats';

const unwrap = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));

/** Plans the stack, keeping the component to read its outputs. */
async function planned(spec: ProductionStackProps): Promise<{ resources: PlanResource[]; stack: ProductionStack }> {
  let stack: ProductionStack | undefined;
  const resources = await plan(() => {
    stack = new ProductionStack(spec.name, spec);
  });
  return { resources, stack: stack! };
}

/** The secret-manager value a region's NATS secret version stores (what External Secrets reads), parsed. */
async function stored(secret: RegionNatsSecret): Promise<Record<string, string>> {
  const version = secret.version as { secretString?: pulumi.Output<string>; secretData?: pulumi.Output<string> };
  const value = version.secretString ?? version.secretData;
  expect(await pulumi.isSecret(value!)).toBe(true);
  return JSON.parse(await unwrap(value!));
}

/** The fixture with NATS (its service `api` a client), a service `web` without NATS, and optionally a standby region. */
function natsSpec(fixture: ProductionStackProps, standby: boolean): ProductionStackProps {
  const spec = withNats(fixture);
  return {
    ...spec,
    services: [...spec.services, { name: 'web', image: 'registry.example.com/shop/web:2.0.0', ports: [{ name: 'http', port: 8080 }] }],
    ...(standby ? { dr: { standbyRegion: NATS_STANDBY_REGION[fixture.cloud] } } : {}),
  };
}

/** The NATS users' generated passwords of a plan (the datastores have theirs). */
const natsPasswords = (resources: PlanResource[]) =>
  ofType(resources, 'random:index/randomPassword:RandomPassword').filter((r) => /^shop-(standby-)?nats-/.test(r.name));

const SECRET_TYPES = {
  aws: ['aws:secretsmanager/secret:Secret', 'aws:secretsmanager/secretVersion:SecretVersion'],
  gcp: [
    'gcp:secretmanager/secret:Secret',
    'gcp:secretmanager/secretVersion:SecretVersion',
    'gcp:secretmanager/regionalSecret:RegionalSecret',
    'gcp:secretmanager/regionalSecretVersion:RegionalSecretVersion',
  ],
} as const;

describe.each([
  ['AWS', awsSpec],
  ['GCP', gcpSpec],
])('%s', (_, fixture) => {
  const cloud = fixture.cloud;
  const key = datastoreRemoteKey('shop', 'production', 'nats');
  const remoteName = secretManagerName(cloud, key);
  /** The name a plan's secret is stored under (its Secrets Manager name, or its Secret Manager ID). */
  const secretName = (r: PlanResource & { inputs: Inputs }): unknown => (cloud === 'aws' ? r.inputs.name : r.inputs.secretId);
  /** The NATS secrets of a plan, and their versions. */
  const natsSecrets = (resources: PlanResource[]) => {
    const secrets = SECRET_TYPES[cloud]
      .filter((t) => !t.endsWith('Version'))
      .flatMap((t) => ofType(resources, t))
      .filter((r) => secretName(r) === remoteName);
    const versions = secrets.flatMap((s) =>
      resources.filter((r) => r.type.endsWith('Version') && r.parent === s.parent && r.dependencies.includes(s.name)),
    );
    return { secrets, versions };
  };

  test.each([
    ['without a standby region', false],
    ['with a standby region', true],
  ])('%s, the secret and its version exist exactly when the spec has nats, one of each per region', async (__, standby) => {
    const spec = natsSpec(fixture, standby);
    const { nats: _nats, ...plain } = spec;
    const [withNatsPlan, withoutNatsPlan] = await Promise.all([planned(spec), planned({ ...plain, services: fixture.services })]);
    const regions = standby ? 2 : 1;
    const present = natsSecrets(withNatsPlan.resources);
    expect([present.secrets.length, present.versions.length]).toEqual([regions, regions]);
    expect(withNatsPlan.stack.natsSecrets?.standby !== undefined).toBe(standby);
    const absent = natsSecrets(withoutNatsPlan.resources);
    expect([absent.secrets.length, absent.versions.length]).toEqual([0, 0]);
    expect(withoutNatsPlan.stack.natsSecrets).toBeUndefined();
    expect(withoutNatsPlan.resources.filter((r) => r.type.endsWith(':NatsSecret') || r.name.includes('-nats'))).toEqual([]);
  });

  describe('with nats and a standby region', () => {
    let resources: PlanResource[];
    let stack: ProductionStack;
    let primary: RegionNatsSecret;
    let standby: RegionNatsSecret;
    beforeAll(async () => {
      ({ resources, stack } = await planned(natsSpec(fixture, true)));
      primary = stack.natsSecrets!.primary;
      standby = stack.natsSecrets!.standby!;
    });

    test.each([
      ['primary', 'shop-workloads'],
      ['standby', 'shop-standby-workloads'],
    ])(
      "the %s region's secret holds exactly the properties its ExternalSecret reads, under the key it reads",
      async (region, workloads) => {
        const secret = region === 'primary' ? primary : standby;
        const externalSecret = resource(resources, `${workloads}-externalsecret-shop-shop-nats`).inputs;
        const refs = (externalSecret.spec.data as { remoteRef: { key: string; property: string } }[]).map((d) => d.remoteRef);
        expect(new Set(refs.map((r) => r.key))).toEqual(new Set([remoteName]));
        const document = await stored(secret);
        expect(Object.keys(document).sort()).toEqual(refs.map((r) => r.property).sort());
        expect(Object.keys(document).sort()).toEqual(['api', 'jetstream-controller']);
        expect(
          secretName(
            resource(resources, (region === 'primary' ? 'shop-nats' : 'shop-standby-nats') + (cloud === 'aws' ? '-connection' : '-secret')),
          ),
        ).toBe(remoteName);
      },
    );

    test("both regions store the same passwords, the primary's: the standby generates none", async () => {
      expect(await stored(standby)).toEqual(await stored(primary));
      expect(Object.keys(standby.passwords)).toEqual([]);
      expect(natsPasswords(resources).map((r) => r.name)).toEqual(['shop-nats-password-api', 'shop-nats-password-jetstream-controller']);
    });

    test('the passwords are generated as nats-server reads them whole, are Pulumi secrets, and never appear in the plan', async () => {
      const passwords = natsPasswords(resources);
      for (const p of passwords) {
        expect(p.inputs).toEqual({ ...NATS_PASSWORD });
        expect(p.options.additionalSecretOutputs).toContain('result');
      }
      expect(await pulumi.isSecret(primary.document)).toBe(true);
      const versions = natsSecrets(resources).versions;
      for (const v of versions) expect(v.inputs[cloud === 'aws' ? 'secretString' : 'secretData']).toBe('[secret]');
      const values = Object.values(await stored(primary));
      expect(values).toHaveLength(passwords.length);
      const text = JSON.stringify(resources);
      for (const value of values) expect(text.includes(value)).toBe(false);
    });

    test.each([
      ['primary', 'shop-workloads'],
      ['standby', 'shop-standby-workloads'],
    ])("the %s region's objects that read the NATS Secret, and only those, wait for that region's version", (region, workloads) => {
      const version = natsSecrets(resources).versions.find((v) =>
        v.name.startsWith(region === 'primary' ? 'shop-nats' : 'shop-standby-nats'),
      )!;
      const other = natsSecrets(resources).versions.find((v) => v !== version)!;
      const objects = resources.filter((r) => r.parent === workloads);
      const waiting = objects.filter((o) => o.options.dependsOn?.includes(version.name)).map((o) => o.name);
      expect(waiting.sort()).toEqual(
        [
          `${workloads}-account-shop-shop-nats`,
          `${workloads}-deployment-shop-api`,
          `${workloads}-externalsecret-shop-shop-nats`,
          `${workloads}-statefulset-shop-nats`,
        ].sort(),
      );
      for (const o of objects) expect([o.name, o.options.dependsOn?.includes(other.name)]).toEqual([o.name, false]);
      // the service without a NATS client does not wait
      expect(resource(resources, `${workloads}-deployment-shop-web`).options.dependsOn).not.toContain(version.name);
    });

    if (cloud === 'aws') {
      test("AWS: each region's secret is encrypted with a protected key of its region, which that region's External Secrets may decrypt with", async () => {
        for (const [secret, prefix, region, addons] of [
          [primary, 'shop-nats', 'eu-west-1', 'shop-addons'],
          [standby, 'shop-standby-nats', 'us-east-2', 'shop-standby-addons'],
        ] as const) {
          const keyArn = await unwrap((secret as import('../../lib/aws').NatsSecret).key.arn);
          expect(inputs(resources, `${prefix}-connection`)).toMatchObject({ kmsKeyId: keyArn, recoveryWindowInDays: 30, region });
          expect(inputs(resources, `${prefix}-connection-value`).region).toBe(region);
          expect(resource(resources, `${prefix}-key`).options.protect).toBe(true);
          expect(inputs(resources, `${prefix}-key`)).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30, region });
          const policy = JSON.parse(inputs(resources, `${addons}-external-secrets-policy`).policy);
          const decrypt = policy.Statement.find((s: { Sid: string }) => s.Sid === 'DecryptStackSecrets');
          expect(decrypt.Resource).toContain(keyArn);
        }
      });
    } else {
      test('GCP: the primary secret is global with automatic replication, the standby one regional in the standby region', () => {
        expect(inputs(resources, 'shop-nats-secret')).toMatchObject({ secretId: remoteName, replication: { auto: {} } });
        expect(inputs(resources, 'shop-standby-nats-secret')).toMatchObject({ secretId: remoteName, location: 'europe-west4' });
        expect(inputs(resources, 'shop-nats-secret').labels).toEqual({
          stack: 'shop',
          environment: 'production',
          'managed-by': 'production-stack',
        });
      });
    }
  });
});

describe('secretsRead', () => {
  const m = (kind: string, spec: unknown, name = 'x'): KubernetesManifest => ({ apiVersion: 'v1', kind, metadata: { name }, spec });

  test('finds the Secrets a pod template reads through env, envFrom and volumes, and a custom resource through secret.name', () => {
    const pod = {
      containers: [
        {
          env: [
            { name: 'A', valueFrom: { secretKeyRef: { name: 'a', key: 'k' } } },
            { name: 'B', value: 'b' },
          ],
          envFrom: [{ secretRef: { name: 'c' } }],
        },
      ],
      initContainers: [{ envFrom: [{ configMapRef: { name: 'not-a-secret' } }] }],
      volumes: [
        { name: 'v', secret: { secretName: 'd' } },
        { name: 'w', configMap: { name: 'also-not' } },
      ],
    };
    expect(secretsRead(m('Deployment', { template: { spec: pod } }))).toEqual(new Set(['a', 'c', 'd']));
    expect(secretsRead(m('CronJob', { jobTemplate: { spec: { template: { spec: pod } } } }))).toEqual(new Set(['a', 'c', 'd']));
    expect(secretsRead(m('Account', { user: { secret: { name: 'shop-nats' }, user: 'u', password: 'p' } }))).toEqual(
      new Set(['shop-nats']),
    );
    expect(secretsRead(m('ConfigMap', undefined))).toEqual(new Set());
  });

  test('an ExternalSecret reads the Secret it writes: its target, by default its own name', () => {
    expect(secretsRead(m('ExternalSecret', { target: { name: 'shop-nats' } }, 'other'))).toEqual(new Set(['shop-nats']));
    expect(secretsRead(m('ExternalSecret', {}, 'shop-redis'))).toEqual(new Set(['shop-redis']));
  });
});
