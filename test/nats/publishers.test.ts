/**
 * An outside publisher (`nats.publishers`): a NATS user allowed exactly its subjects, and its own inbox for the
 * server's replies; its password synced to the NATS servers through the ExternalSecret `<stack>-nats`; its pods
 * admitted by the servers' NetworkPolicy, on the client port only; and on the Pulumi side (under mocks) its
 * password generated with the others', stored in the stack's NATS secret and, alone with the URL and its inbox
 * prefix, in a secret of its own in each region. The existing resources keep their names.
 */
import * as pulumi from '@pulumi/pulumi';
import type { ProductionStackProps } from 'production-stack';
import type * as awsLib from '../../lib/aws';
import type * as gcpLib from '../../lib/gcp';
import { natsUsers, publisherInbox } from '../../lib/core/nats-users';
import { natsPublisherRemoteKey } from '../../lib/nats/config';
import { resolve } from '../../lib/core/resolve';
import { datastoreRemoteKey, secretManagerName } from '../../lib/core/naming';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack as PulumiStack } from '../../lib/pulumi';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';
import { inputs, resource } from '../support/plan';
import { NATS_STANDBY_REGION, withNats } from '../plan/names-nats';
import { parseNatsConf } from '../support/nats-conf';
import { baseSpec } from '../support/spec';
import { type Manifest, find, synth } from '../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

const FEED = { name: 'partner-feed', subjects: ['orders.partner.>', 'orders.refunds'], namespace: 'partners', podLabels: { app: 'feed' } };
const BUS = { name: 'event-bus', subjects: ['orders.>'], namespace: 'events' };

/** The base spec (api publishes orders.>, worker subscribes to it, consumer fulfil) with two outside publishers. */
const spec = (): ProductionStackProps => {
  const base = baseSpec();
  return { ...base, nats: { ...base.nats, publishers: [FEED, BUS] } };
};

describe('cluster side', () => {
  let objects: Manifest[];
  let users: { user: string; password: { $var: string }; permissions: any }[];
  beforeAll(() => {
    objects = synth(spec());
    users = parseNatsConf(find(objects, 'ConfigMap', 'nats-config').data['nats.conf']).authorization.users;
  });

  test('each publisher is a user that may publish to exactly its subjects and hear replies on its own inbox only', () => {
    expect(users.map((u) => u.user)).toEqual(['api', 'worker', 'partner-feed', 'event-bus', 'jetstream-controller']);
    expect(users.find((u) => u.user === 'partner-feed')!.permissions).toEqual({
      publish: { allow: ['orders.partner.>', 'orders.refunds'] },
      subscribe: { allow: ['_INBOX_partner-feed.>'] },
    });
    expect(users.find((u) => u.user === 'event-bus')!.permissions).toEqual({
      publish: { allow: ['orders.>'] },
      subscribe: { allow: ['_INBOX_event-bus.>'] },
    });
    // nothing of the JetStream API (no stream to read or delete), nothing of the others' replies
    expect(publisherInbox('event-bus')).toBe('_INBOX_event-bus');
  });

  test('the services keep exactly their permissions', () => {
    const before = parseNatsConf(find(synth(baseSpec()), 'ConfigMap', 'nats-config').data['nats.conf']).authorization.users;
    expect(users.filter((u) => !['partner-feed', 'event-bus'].includes(u.user))).toEqual(before);
  });

  test('its password reaches the servers from the secret manager, through the ExternalSecret, never a manifest', () => {
    const env = find(objects, 'StatefulSet', 'nats').spec.template.spec.containers[0].env as Manifest[];
    for (const name of ['partner-feed', 'event-bus']) {
      const user = users.find((u) => u.user === name)!;
      expect(env).toContainEqual({ name: user.password.$var, valueFrom: { secretKeyRef: { name: 'shop-nats', key: name } } });
    }
    const es = find(objects, 'ExternalSecret', 'shop-nats').spec;
    expect(es.data).toEqual(
      ['api', 'worker', 'partner-feed', 'event-bus', 'jetstream-controller'].map((u) => ({
        secretKey: u,
        remoteRef: { key: 'shop/production/nats', property: u },
      })),
    );
    expect(natsUsers(resolve(spec()))).toEqual(es.data.map((d: Manifest) => d.secretKey));
    // no password, and no Secret, in any manifest
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test("the servers' NetworkPolicy admits each publisher's pods (its namespace, narrowed to its labels) on the client port only", () => {
    const ingress = find(objects, 'NetworkPolicy', 'nats').spec.ingress as Manifest[];
    const rule = ingress.find((r) =>
      r.from.some((f: Manifest) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'partners'),
    )!;
    expect(rule).toEqual({
      from: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'partners' } },
          podSelector: { matchLabels: { app: 'feed' } },
        },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'events' } } },
      ],
      ports: [{ protocol: 'TCP', port: 4222 }],
    });
    // no other rule names them, and no rule admits an address range
    const named = ingress.filter((r) =>
      r.from.some((f: Manifest) => ['partners', 'events'].includes(f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'])),
    );
    expect(named).toEqual([rule]);
    expect(ingress.flatMap((r) => r.from).filter((f: Manifest) => f.ipBlock)).toEqual([]);
  });

  test('without publishers, the NetworkPolicy has no such rule', () => {
    const ingress = find(synth(baseSpec()), 'NetworkPolicy', 'nats').spec.ingress as Manifest[];
    expect(ingress.filter((r) => r.from.some((f: Manifest) => f.namespaceSelector && f.podSelector))).toEqual([]);
  });
});

const unwrap = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((done) => output.apply(done));

/** The fixture with NATS (api publishing `shop.orders.>`), an outside publisher, and a standby region. */
function pulumiSpec(fixture: ProductionStackProps): ProductionStackProps {
  const s = withNats(fixture);
  return {
    ...s,
    nats: { ...s.nats, publishers: [{ name: 'partner-feed', subjects: ['shop.orders.partner.>'], namespace: 'partners' }] },
    dr: { standbyRegion: NATS_STANDBY_REGION[fixture.cloud] },
  };
}

describe.each([
  ['AWS', awsFixture],
  ['GCP', gcpFixture],
])('Pulumi side, %s', (_, fixture) => {
  const cloud = fixture.cloud;
  let resources: PlanResource[];
  let stack: PulumiStack;
  let withoutPublisher: PlanResource[];
  beforeAll(async () => {
    const s = pulumiSpec(fixture);
    resources = await plan(() => {
      stack = new PulumiStack(s.name, s);
    });
    const { publishers: _p, ...nats } = s.nats!;
    withoutPublisher = await plan(() => new PulumiStack(s.name, { ...s, nats }));
  });

  /** The JSON a secret version stores, checked to be a Pulumi secret. */
  async function stored(version: any): Promise<Record<string, string>> {
    const value: pulumi.Output<string> = version.secretString ?? version.secretData;
    expect(await pulumi.isSecret(value)).toBe(true);
    return JSON.parse(await unwrap(value));
  }

  test("the password is generated with the others and stored in the stack's NATS secret, which the ExternalSecret reads", async () => {
    expect(resource(resources, 'shop-nats-password-partner-feed').inputs).toEqual({ length: 48, numeric: false, special: false });
    const primary = stack.natsSecrets!.primary;
    expect(Object.keys(await stored(primary.version)).sort()).toEqual(['api', 'jetstream-controller', 'partner-feed']);
    const es = resource(resources, 'shop-workloads-externalsecret-shop-shop-nats').inputs;
    expect(es.spec.data.map((d: any) => d.remoteRef.property).sort()).toEqual(['api', 'jetstream-controller', 'partner-feed']);
  });

  test('its credential is stored alone in a secret of its own, in each region, as a secret, with the same password', async () => {
    const key = natsPublisherRemoteKey('shop', 'production', 'partner-feed');
    expect(key).toBe('shop/production/nats-publisher/partner-feed');
    const name = secretManagerName(cloud, key);
    const primary = stack.natsSecrets!.primary as awsLib.NatsSecret & gcpLib.NatsSecret;
    const standby = stack.natsSecrets!.standby! as awsLib.NatsSecret & gcpLib.NatsSecret;
    const password = (await stored(primary.version))['partner-feed'];
    for (const [secret, prefix] of [
      [primary, 'shop-nats'],
      [standby, 'shop-standby-nats'],
    ] as const) {
      const version = cloud === 'aws' ? secret.publisherVersions['partner-feed'] : (secret.publisherSecrets['partner-feed'] as any).version;
      expect(await stored(version)).toEqual({
        user: 'partner-feed',
        password,
        url: 'nats://nats.shop.svc.cluster.local:4222',
        inboxPrefix: '_INBOX_partner-feed',
      });
      const id = cloud === 'aws' ? `${prefix}-publisher-partner-feed` : `${prefix}-publisher-partner-feed-secret`;
      const versionId = cloud === 'aws' ? `${prefix}-publisher-partner-feed-value` : `${prefix}-publisher-partner-feed-secret-version`;
      expect(cloud === 'aws' ? inputs(resources, id).name : inputs(resources, id).secretId).toBe(name);
      expect(inputs(resources, versionId)[cloud === 'aws' ? 'secretString' : 'secretData']).toBe('[secret]');
      if (cloud === 'aws') {
        // encrypted with the region's NATS key, which the team is granted decrypt on
        expect(inputs(resources, id).kmsKeyId).toBe(await unwrap(secret.key.arn));
      }
    }
    // the standby region copies the primary's password: it generates none
    expect(resources.filter((r) => r.name.startsWith('shop-standby-nats-password-'))).toEqual([]);
    // the password never appears in the plan in plain text
    expect(JSON.stringify(resources).includes(password)).toBe(false);
    // the External Secrets controller is not given it: the servers read the stack's NATS secret only
    expect(JSON.stringify(resources.filter((r) => /external-secrets/.test(r.name))).includes('nats-publisher')).toBe(false);
  });

  test('the publisher only adds resources: every other keeps its name, type and parent', () => {
    const id = (r: PlanResource) => `${r.type} ${r.name} < ${r.parent ?? ''}`;
    const before = new Set(withoutPublisher.map(id));
    const after = resources.map(id);
    expect([...before].filter((x) => !after.includes(x))).toEqual([]);
    const added = after.filter((x) => !before.has(x)).map((x) => x.split(' ')[1]);
    const publisherSecrets =
      cloud === 'aws'
        ? ['publisher-partner-feed', 'publisher-partner-feed-value']
        : ['publisher-partner-feed-secret', 'publisher-partner-feed-secret-version'];
    expect(added.sort()).toEqual(
      ['shop-nats-password-partner-feed', ...publisherSecrets.flatMap((n) => [`shop-nats-${n}`, `shop-standby-nats-${n}`])].sort(),
    );
  });
});

test('a remote key of every publisher is a valid secret name on both clouds', () => {
  const key = natsPublisherRemoteKey('shop', 'production', 'a'.repeat(63));
  expect(secretManagerName('gcp', key)).toBe(`shop-production-nats-publisher-${'a'.repeat(63)}`);
  expect(datastoreRemoteKey('shop', 'production', 'nats')).not.toBe(key);
});
