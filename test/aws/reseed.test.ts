/**
 * Failback through re-seeding, planned under mocks: the AWS fixture with a
 * standby region through one whole cycle of (`dr.reseeds`, `dr.activeRegion`):
 * failover, re-seed of the primary region's database from the promoted standby,
 * failback, re-seed of the standby's. Each step keeps every name; between two
 * steps, no replacement-triggering input changes, except on the instance the
 * re-seed re-creates (the operator has moved the diverged one away, so Pulumi
 * creates it, under the same identifier).
 */
import type * as pulumi from '@pulumi/pulumi';
import { type ProductionStackProps, failoverRunbook, resolve } from 'production-stack';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as fixture } from '../fixtures/pulumi-aws/spec';
import { identities, inputs, replacementInputs, reseedCycle, resource, RESEED_GENERATIONS } from '../support/plan';
import { AWS_FORCE_NEW } from '../support/force-new';

const PRIMARY = 'eu-west-1';
const STANDBY = 'us-east-2';
const ACCOUNT = '123456789012';
const PRIMARY_ARN = `arn:aws:rds:${PRIMARY}:${ACCOUNT}:db:shop-postgres`;
const STANDBY_ARN = `arn:aws:rds:${STANDBY}:${ACCOUNT}:db:shop-standby-postgres`;

const CYCLE = reseedCycle(PRIMARY, STANDBY);

const spec = (reseeds: number, activeRegion: string): ProductionStackProps => ({
  ...fixture,
  dr: { standbyRegion: STANDBY, activeRegion, ...(reseeds > 0 ? { reseeds } : {}) },
});

let steps: PlanResource[][];
let stacks: ProductionStack[];
beforeAll(async () => {
  stacks = [];
  steps = [];
  for (const [, reseeds, active] of CYCLE) {
    steps.push(
      await plan(() => {
        stacks.push(new ProductionStack('shop', spec(reseeds, active)));
      }),
    );
  }
});

/** The replication state of both databases at a step: [replicateSourceDb, skipFinalSnapshot] each. */
const databases = (p: PlanResource[]) =>
  ['shop-postgres-db', 'shop-standby-postgres-db'].map((n) => [inputs(p, n).replicateSourceDb, inputs(p, n).skipFinalSnapshot]);

test.each([
  // the standby replicates the primary
  [
    0,
    [
      [undefined, false],
      [PRIMARY_ARN, true],
    ],
  ],
  // the standby is promoted; the primary's database is standalone (diverged)
  [
    1,
    [
      [undefined, false],
      [undefined, false],
    ],
  ],
  // the primary region's database is re-created as a replica of the promoted standby
  [
    2,
    [
      [STANDBY_ARN, true],
      [undefined, false],
    ],
  ],
  // failback: it is promoted; the standby's is standalone (diverged)
  [
    3,
    [
      [undefined, false],
      [undefined, false],
    ],
  ],
  // the standby's database is re-created as a replica of the primary's: the cycle is back to its start
  [
    4,
    [
      [undefined, false],
      [PRIMARY_ARN, true],
    ],
  ],
])('step %i: the databases replicate as the cycle says', (step, expected) => {
  expect(databases(steps[step])).toEqual(expected);
});

test('a seeded database takes its engine, database, user and password from its source, at every step since, so promoting it changes none of them', () => {
  const own = (p: PlanResource[]) => {
    const i = inputs(p, 'shop-postgres-db');
    return [i.engine, i.dbName, i.username, i.password === undefined];
  };
  expect(own(steps[0])).toEqual(['postgres', 'shop', 'app', false]);
  expect(own(steps[1])).toEqual(own(steps[0]));
  for (const step of [2, 3, 4]) expect(own(steps[step])).toEqual([undefined, undefined, undefined, true]);
});

test('the promoted seed gets a final snapshot on deletion, under the primary identifier; its key and network are the same', () => {
  const was = inputs(steps[0], 'shop-postgres-db');
  const promoted = inputs(steps[3], 'shop-postgres-db');
  expect(promoted).toMatchObject({ identifier: 'shop-postgres', finalSnapshotIdentifier: 'shop-postgres-final', deletionProtection: true });
  expect([promoted.kmsKeyId, promoted.dbSubnetGroupName, promoted.vpcSecurityGroupIds]).toEqual([
    was.kmsKeyId,
    was.dbSubnetGroupName,
    was.vpcSecurityGroupIds,
  ]);
  expect(inputs(steps[2], 'shop-postgres-db')).not.toHaveProperty('finalSnapshotIdentifier');
});

test('every step keeps every name', () => {
  for (const step of steps.slice(1)) expect(identities(step)).toEqual(identities(steps[0]));
});

test.each([
  [0, 1, []],
  [1, 2, ['shop-postgres-db']],
  [2, 3, []],
  [3, 4, ['shop-standby-postgres-db']],
])('from step %i to %i, no replacement-triggering input changes but on the re-created instance %j', (from, to, recreated) => {
  const pinned = (p: PlanResource[]) => {
    const all = replacementInputs(p, AWS_FORCE_NEW);
    return Object.fromEntries(Object.entries(all).filter(([name]) => !recreated.includes(name)));
  };
  expect(pinned(steps[to])).toEqual(pinned(steps[from]));
  // the re-created instance goes from standalone to replica, which no update does: the diverged one must be moved away,
  // and its replacementTrigger, set on both sides (Pulumi replaces nothing when a trigger appears), changes
  for (const name of recreated) {
    expect([inputs(steps[from], name).replicateSourceDb, typeof inputs(steps[to], name).replicateSourceDb]).toEqual([undefined, 'string']);
    const [was, now] = [steps[from], steps[to]].map((p) => resource(p, name).options.replacementTrigger);
    expect([typeof was, typeof now, was !== now]).toEqual(['number', 'number', true]);
  }
});

test('the connection documents keep the same password, user, database and host through the cycle', async () => {
  const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
  const documents = await Promise.all(
    stacks.map(async (s) => {
      if (s.cloud.cloud !== 'aws') throw new Error('an AWS stack');
      return Promise.all([value(s.cloud.postgres!.connection), value(s.cloud.standby!.postgres!.connection)]);
    }),
  );
  const [[first]] = documents;
  expect(first).toMatchObject({ admin: { user: 'app' }, database: 'shop', host: expect.stringMatching(/^shop-postgres\./) });
  expect(first.admin.password).toHaveLength(32);
  // the login roles too: the replica has them (physical replication), so its document must hold their passwords
  expect(Object.keys(first.roles).length).toBeGreaterThan(0);
  for (const [primary, standby] of documents) {
    expect(primary).toEqual(first);
    expect(standby).toMatchObject({
      admin: { password: first.admin.password, user: 'app' },
      database: 'shop',
      host: expect.stringMatching(/^shop-standby-postgres\./),
    });
    for (const [role, r] of Object.entries(first.roles))
      expect(standby.roles[role]).toMatchObject({ user: r.user, password: r.password, verifier: r.verifier });
  }
});

test('a warm standby with failover DNS: the SECONDARY record follows the replica, so the records swap once re-seeded', async () => {
  const warm = (reseeds: number, activeRegion: string): ProductionStackProps => ({
    ...spec(reseeds, activeRegion),
    services: fixture.services.map((s) => ({ ...s, route: { host: 'shop.example.com' }, serveFromReplica: true })),
    dr: {
      ...spec(reseeds, activeRegion).dr,
      mode: 'warm-standby',
      // targets named after their region, so that the records show which region they send clients to
      dns: {
        zoneId: 'Z0123456789ABCDEFGHIJ',
        name: 'shop.example.com',
        targets: { [PRIMARY]: `${PRIMARY}.lb.example.net`, [STANDBY]: `${STANDBY}.lb.example.net` },
      },
    },
  });
  const records = async (reseeds: number, active: string) => {
    const planned = await plan(() => new ProductionStack('shop', warm(reseeds, active)));
    return planned
      .filter((r) => r.type === 'aws:route53/record:Record' && r.inputs.setIdentifier !== undefined)
      .map((r) => [r.inputs.setIdentifier, (r.inputs.records as string[])[0].split('.')[0]]);
  };
  const cycle = await Promise.all(CYCLE.map(([, reseeds, active]) => records(reseeds, active)));
  expect(cycle).toEqual([
    // the standby replicates: it is the SECONDARY
    [
      ['primary', PRIMARY],
      ['secondary', STANDBY],
    ],
    // failover: the old primary has diverged, no SECONDARY
    [['primary', STANDBY]],
    // re-seeded, the primary region replicates the standby: it is the SECONDARY, the roles have swapped
    [
      ['primary', STANDBY],
      ['secondary', PRIMARY],
    ],
    // failback: the standby has diverged
    [['primary', PRIMARY]],
    // re-seeded: the start again
    [
      ['primary', PRIMARY],
      ['secondary', STANDBY],
    ],
  ]);
});

test('each re-seed replaces exactly the re-seeded instance (its replacementTrigger), which, like every database instance, is only forgotten when replaced', () => {
  const triggers = (p: PlanResource[]) =>
    ['shop-postgres-db', 'shop-standby-postgres-db'].map((n) => resource(p, n).options.replacementTrigger);
  expect(steps.map(triggers)).toEqual(RESEED_GENERATIONS);
  for (const step of steps) {
    for (const r of step.filter((x) => x.type === 'aws:rds/instance:Instance')) {
      expect([r.name, r.options.protect, r.options.retainOnDelete]).toEqual([r.name, true, true]);
    }
  }
});

test('the runbook records the retention in the state, renames the diverged instance, then lifts its protection in the state, before the re-seed', () => {
  for (const [before, instance, identifier] of [
    [1, 'shop-postgres-db', 'shop-postgres'],
    [3, 'shop-standby-postgres-db', 'shop-standby-postgres'],
  ] as const) {
    const [, reseeds, active] = CYCLE[before];
    const props = spec(reseeds, active);
    const runbook = failoverRunbook(props, resolve(props));
    const order = [
      '# first, with the spec as it is',
      `--db-instance-identifier ${identifier} \\\n  --new-db-instance-identifier "$DIVERGED"`,
      `pulumi state unprotect "$(pulumi stack export | jq -r --arg name ::${instance} '.deployment.resources[].urn | select(endswith($name))')"`,
      `reseeds: ${reseeds + 1}`,
    ].map((t) => runbook.indexOf(t));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(inputs(steps[before], instance).identifier).toBe(identifier);
  }
});
