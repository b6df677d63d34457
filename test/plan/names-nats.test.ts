/**
 * The names `nats` adds are a public contract like the rest (see names.test.ts): each
 * fixture with {@link withNats} plans the fixture's resources plus exactly the pinned
 * NATS names, without and with a standby region, and renames nothing of the fixture's.
 */
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { identities } from '../support/plan';
import { NATS_STANDBY_REGION, natsNames, withNats } from './names-nats';

const stack = (spec: ProductionStackProps): Promise<PlanResource[]> => plan(() => new ProductionStack(spec.name, spec));

const sorted = (list: [string, string][]): [string, string][] =>
  [...list].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));

const key = ([type, name]: [string, string]): string => `${type} ${name}`;

describe.each([
  ['AWS', awsSpec],
  ['GCP', gcpSpec],
])('%s', (_, fixture) => {
  test.each([
    ['without a standby region', false],
    ['with a standby region', true],
  ])('%s, nats adds exactly its pinned type tokens and logical names, and renames nothing', async (__, standby) => {
    const spec = standby ? { ...fixture, dr: { standbyRegion: NATS_STANDBY_REGION[fixture.cloud] } } : fixture;
    const [without, planned] = await Promise.all([stack(spec), stack(withNats(spec))]);
    const before = new Set(identities(without).map(key));
    const after = new Set(identities(planned).map(key));
    expect(identities(planned).filter((x) => !before.has(key(x)))).toEqual(sorted(natsNames(fixture.cloud, standby)));
    expect(identities(without).filter((x) => !after.has(key(x)))).toEqual([]);
    // the secrets are children of the component named after them, itself a child of the stack or of its standby region
    for (const r of planned.filter((x) => /^shop-(standby-)?nats(-|$)/.test(x.name))) {
      const owner = r.name.startsWith('shop-standby-') ? 'shop-standby' : 'shop';
      expect([r.name, r.parent]).toEqual([r.name, r.name === `${owner}-nats` ? owner : `${owner}-nats`]);
    }
  });
});
