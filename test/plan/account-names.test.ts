/**
 * The library's own Google service accounts, as the plans hold them, are each named by LIBRARY_ACCOUNT_NAMES
 * (lib/core/validation/cloud-access.ts), so validation refuses a service whose account would share the ID (Google
 * refuses the second account with a 409 in the middle of `pulumi up`); and such a service is refused.
 */
import { type ProductionStackProps, check } from '../../lib/core';
import { LIBRARY_ACCOUNT_NAMES } from '../../lib/core/validation/cloud-access';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';
import { everything } from '../support/everything';

const spec = everything(gcpFixture);
let planned: PlanResource[];
beforeAll(async () => {
  planned = await plan(() => new ProductionStack(spec.name, spec));
});

test('every Google service account the library creates for itself is named by the list validation reads', () => {
  const services = new Set(spec.services.map((s) => `${spec.name}-${s.name}`));
  const own = planned.filter((r) => r.type === 'gcp:serviceaccount/account:Account' && !services.has(r.name));
  expect(own.length).toBeGreaterThanOrEqual(6);
  for (const r of own) {
    const base = r.name.replace(new RegExp(`^${spec.name}-`), '').replace(/-sa$/, '');
    expect([base, LIBRARY_ACCOUNT_NAMES.some((re) => re.test(base))]).toEqual([base, true]);
  }
});

test.each(['backups', 'backups-drill', 'cluster-nodes', 'standby-cluster-nodes', 'addons-cert-manager'])(
  'a service named %s with cloudAccess.gcp is refused',
  (name) => {
    const bad: ProductionStackProps = {
      ...gcpFixture,
      services: [{ ...gcpFixture.services[0]!, name, cloudAccess: { gcp: ['roles/pubsub.publisher'] } }, ...gcpFixture.services.slice(1)],
    };
    expect(check(bad).map((p) => `${p.path}: ${p.rule}`)).toContainEqual(
      `services[0].name: ${JSON.stringify(name)} with cloudAccess.gcp would get the Google service account shop-${name}, which the library creates for itself: choose another name`,
    );
  },
);
