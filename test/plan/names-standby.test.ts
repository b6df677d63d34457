/**
 * The standby region's names are a public contract like the rest (see
 * names.test.ts): the AWS fixture with a standby region and a route for
 * the failover name plans exactly the fixture's pinned resources, the
 * backups' replica, STANDBY_NAMES and FAILOVER_ROUTE_NAMES, for
 * either active region and either mode (only a warm standby while the
 * primary serves has the SECONDARY failover record).
 */
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { identities, resource } from '../support/plan';
import { AWS_NAMES } from './names-aws';
import { CLUSTER_NAMES } from './names-cluster';
import { AWS_BACKUP_REPLICA_NAMES, DR_NAMES } from './names-dr';
import { FAILOVER_ROUTE_NAMES, SECONDARY_RECORD, STANDBY_NAMES, STANDBY_SPEC_DR, STANDBY_SPEC_SERVICES } from './names-standby';

const sorted = (list: [string, string][]): [string, string][] =>
  [...list].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));

const PINNED = sorted([
  ...AWS_NAMES,
  ...CLUSTER_NAMES.aws,
  ...DR_NAMES.aws,
  ...AWS_BACKUP_REPLICA_NAMES,
  ...STANDBY_NAMES,
  ...FAILOVER_ROUTE_NAMES,
]);

const stack = (dr: NonNullable<ProductionStackProps['dr']>): Promise<PlanResource[]> => {
  // a warm standby serves the routed api from the replica
  const services =
    dr.mode === 'warm-standby' ? STANDBY_SPEC_SERVICES.map((s) => ({ ...s, serveFromReplica: true })) : STANDBY_SPEC_SERVICES;
  const spec: ProductionStackProps = { ...awsSpec, services, dr };
  return plan(() => new ProductionStack(spec.name, spec));
};

const WITHOUT_SECONDARY = PINNED.filter(([, name]) => name !== SECONDARY_RECORD[1]);

test.each<[string, NonNullable<ProductionStackProps['dr']>, [string, string][]]>([
  ['the primary active, pilot-light (no SECONDARY record)', STANDBY_SPEC_DR, WITHOUT_SECONDARY],
  ['the standby active (no SECONDARY record)', { ...STANDBY_SPEC_DR, activeRegion: STANDBY_SPEC_DR.standbyRegion }, WITHOUT_SECONDARY],
  ['warm-standby, the primary active', { ...STANDBY_SPEC_DR, mode: 'warm-standby' }, PINNED],
  [
    'warm-standby, the standby active (no SECONDARY record)',
    { ...STANDBY_SPEC_DR, mode: 'warm-standby', activeRegion: STANDBY_SPEC_DR.standbyRegion },
    WITHOUT_SECONDARY,
  ],
])('with %s, every resource keeps its pinned type token and logical name', async (_, dr, pinned) => {
  expect(identities(await stack(dr))).toEqual(pinned);
});

test('every standby resource is a child of the component it is named after', async () => {
  const planned = await stack(STANDBY_SPEC_DR);
  expect(resource(planned, 'shop-standby').parent).toBe('shop');
  const components = planned.filter((x) => x.type.startsWith('production-stack:')).map((x) => x.name);
  for (const r of planned.filter((x) => x.name.startsWith('shop-standby-'))) {
    const owner = components.filter((c) => r.name.startsWith(`${c}-`)).sort((a, b) => b.length - a.length)[0];
    expect([r.name, r.parent]).toEqual([r.name, owner]);
  }
});
