/**
 * Failback through re-seeding on GCP, planned under mocks: the GCP fixture with
 * a standby region through one whole cycle of (`dr.reseeds`, `dr.activeRegion`):
 * failover, re-seed of the primary region's database from the promoted standby,
 * failback, re-seed of the standby's. A re-seeded Cloud SQL instance is a
 * cross-region replica of the other region's (no database or user of its own:
 * it inherits them), promoted in place by the failback. Each step keeps every
 * name but the primary's database and user, which the re-seed drops; between
 * two steps no replacement-triggering input changes, except on the instance the
 * re-seed re-creates (the operator has moved the diverged one out of the state,
 * so Pulumi creates it, under a new generated name).
 */
import type * as pulumi from '@pulumi/pulumi';
import { type ProductionStackProps, failoverRunbook, resolve } from 'production-stack';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as fixture } from '../fixtures/pulumi-gcp/spec';
import { type Inputs, identities, inputs, resource, replacementInputs, reseedCycle, RESEED_GENERATIONS } from '../support/plan';
import { GCP_FORCE_NEW } from '../support/force-new';

const PRIMARY = 'europe-west1';
const STANDBY = 'europe-west4';
const PRIMARY_INSTANCE = 'shop-postgres-instance';
const STANDBY_INSTANCE = 'shop-standby-postgres-instance';
const INSTANCE = 'gcp:sql/databaseInstance:DatabaseInstance';
/** The primary's own database and user: created with the first instance, inherited by a re-seeded one. */
const DATABASE_AND_USER: readonly [string, string][] = [
  ['gcp:sql/database:Database', 'shop-postgres-database'],
  ['gcp:sql/user:User', 'shop-postgres-user'],
];

/** The Google provider's ForceNew inputs, and the instance's `masterInstanceName`, whose removal is the promotion (see {@link pinned}). */
const FORCE_NEW = { ...GCP_FORCE_NEW, [INSTANCE]: [...(GCP_FORCE_NEW[INSTANCE] ?? []), 'masterInstanceName'] };

const CYCLE = reseedCycle(PRIMARY, STANDBY);

const spec = (reseeds: number, activeRegion: string): ProductionStackProps => ({
  ...fixture,
  dr: { standbyRegion: STANDBY, activeRegion, ...(reseeds > 0 ? { reseeds } : {}) },
});

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((done) => output.apply(done));
}

/** A planned step, with what only the outputs tell: the instances' generated names and the connection documents. */
interface Step {
  readonly planned: PlanResource[];
  /** Generated names of the primary's and the standby's instance. */
  readonly names: { readonly primary: string; readonly standby: string };
  /** The connection documents of the primary's global secret and the standby's regional one. */
  readonly documents: { readonly primary: Inputs; readonly standby: Inputs };
}

async function step(reseeds: number, activeRegion: string): Promise<Step> {
  let stack: ProductionStack | undefined;
  const planned = await plan(() => {
    stack = new ProductionStack('shop', spec(reseeds, activeRegion));
  });
  const cloud = stack!.cloud;
  if (cloud.cloud !== 'gcp' || !cloud.postgres || !cloud.standby?.postgres) throw new Error('expected a GCP stack with a standby database');
  const [primary, standby] = [cloud.postgres, cloud.standby.postgres];
  const document = async (data: pulumi.Output<string | undefined>): Promise<Inputs> => JSON.parse((await resolved(data)) ?? '{}');
  return {
    planned,
    names: { primary: await resolved(primary.instance.name), standby: await resolved(standby.instance.name) },
    documents: { primary: await document(primary.secretVersion.secretData), standby: await document(standby.secretVersion.secretData) },
  };
}

let steps: Step[];
beforeAll(async () => {
  steps = await Promise.all(CYCLE.map(([, reseeds, active]) => step(reseeds, active)));
});

/** How an instance replicates at a step: its type, and which region's instance it follows (by generated name). */
function replication(s: Step, name: string): [string | undefined, string | undefined] {
  const i = inputs(s.planned, name);
  const source = i.masterInstanceName === undefined ? undefined : i.masterInstanceName === s.names.primary ? 'primary' : 'standby';
  return [i.instanceType, source];
}

/** Automated backups and point-in-time recovery of an instance at a step. */
function backups(s: Step, name: string): [boolean, boolean] {
  const b = inputs(s.planned, name).settings.backupConfiguration;
  return [b.enabled, b.pointInTimeRecoveryEnabled];
}

test.each([
  // the standby replicates the primary (a Postgres without seed sets no instanceType)
  [0, [undefined, undefined], ['READ_REPLICA_INSTANCE', 'primary']],
  // the standby is promoted; the primary's instance is standalone (diverged)
  [1, [undefined, undefined], ['CLOUD_SQL_INSTANCE', undefined]],
  // the primary region's instance is re-created as a replica of the promoted standby
  [2, ['READ_REPLICA_INSTANCE', 'standby'], ['CLOUD_SQL_INSTANCE', undefined]],
  // failback: it is promoted; the standby's is standalone (diverged)
  [3, ['CLOUD_SQL_INSTANCE', undefined], ['CLOUD_SQL_INSTANCE', undefined]],
  // the standby's instance is re-created as a replica of the primary's: the cycle is back to its start
  [4, ['CLOUD_SQL_INSTANCE', undefined], ['READ_REPLICA_INSTANCE', 'primary']],
])(
  'step %i: the instances replicate as the cycle says ([instanceType, source] of the primary, then the standby)',
  (i, primary, standby) => {
    expect(replication(steps[i], PRIMARY_INSTANCE)).toEqual(primary);
    expect(replication(steps[i], STANDBY_INSTANCE)).toEqual(standby);
    // backups and PITR exactly when not a replica (Cloud SQL refuses them on one)
    expect(backups(steps[i], PRIMARY_INSTANCE)).toEqual(primary[0] === 'READ_REPLICA_INSTANCE' ? [false, false] : [true, true]);
    expect(backups(steps[i], STANDBY_INSTANCE)).toEqual(standby[0] === 'READ_REPLICA_INSTANCE' ? [false, false] : [true, true]);
  },
);

test("the re-seeded primary is a protected replica of the standby's instance, in its own region, with the primary's settings", () => {
  const seeded = inputs(steps[2].planned, PRIMARY_INSTANCE);
  const first = inputs(steps[0].planned, PRIMARY_INSTANCE);
  expect(seeded.masterInstanceName).toBe(steps[2].names.standby);
  expect(seeded).toMatchObject({ region: PRIMARY, databaseVersion: first.databaseVersion, deletionProtection: true });
  expect(resource(steps[2].planned, PRIMARY_INSTANCE).options.protect).toBe(true);
  for (const key of ['tier', 'edition', 'availabilityType', 'ipConfiguration', 'databaseFlags'])
    expect(seeded.settings[key]).toEqual(first.settings[key]);
  // no maintenance window while a replica: Cloud SQL refuses one (the promotion sets the first instance's again)
  expect(seeded.settings).not.toHaveProperty('maintenanceWindow');
  // the failback promotes it in place: the settings are the first instance's again, backups included
  expect(inputs(steps[3].planned, PRIMARY_INSTANCE).settings).toEqual(first.settings);
});

test('a seeded primary has no database or user of its own (it inherits them), and its secret waits only for its name', () => {
  const own = (s: Step) =>
    s.planned
      .filter((r) => r.parent === 'shop-postgres')
      .map((r): [string, string] => [r.type, r.name])
      .filter(([type]) => type === 'gcp:sql/database:Database' || type === 'gcp:sql/user:User');
  expect(own(steps[0])).toEqual(DATABASE_AND_USER);
  expect(own(steps[1])).toEqual(DATABASE_AND_USER);
  for (const s of steps.slice(2)) expect(own(s)).toEqual([]);
  // besides the Secret Manager API (the project services), and the record of the name the URL holds
  expect(resource(steps[0].planned, 'shop-postgres-secret-version').options.dependsOn).toEqual([
    'shop-apis-secretmanager',
    'shop-postgres-database',
    'shop-postgres-dns-record',
    'shop-postgres-user',
  ]);
  expect(resource(steps[2].planned, 'shop-postgres-secret-version').options.dependsOn).toEqual([
    'shop-apis-secretmanager',
    'shop-postgres-dns-record',
  ]);
});

test('the connection documents keep the same password, user and database through the cycle, each with its own host', () => {
  const first = steps[0].documents.primary;
  expect(first.admin.password).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(Object.keys(first.roles).length).toBeGreaterThan(0);
  for (const s of steps) {
    for (const d of [s.documents.primary, s.documents.standby]) {
      expect(d).toMatchObject({ admin: { password: first.admin.password, user: first.admin.user }, database: first.database });
      // the login roles replicate with the database: every document holds the same passwords
      for (const [role, r] of Object.entries(first.roles as Record<string, { password: string; verifier: string }>))
        expect(d.roles[role]).toMatchObject({ password: r.password, verifier: r.verifier });
    }
    expect(s.documents.standby.host).not.toBe(s.documents.primary.host);
  }
});

/** The names of a step, but the primary's database and user (which the first re-seed drops). */
const kept = (s: Step) => identities(s.planned).filter(([type, name]) => !DATABASE_AND_USER.some(([t, n]) => t === type && n === name));

test('every step keeps every name, but the re-seed drops the primary database and user', () => {
  for (const s of steps.slice(1)) expect(kept(s)).toEqual(kept(steps[0]));
  expect(identities(steps[1].planned)).toEqual(identities(steps[0].planned));
  expect(identities(steps[2].planned)).toEqual(kept(steps[0]));
});

/**
 * The replacement-triggering inputs of every resource at `to` and at `from`, for the resources of both
 * but `recreated`; a promotion (`masterInstanceName` removed, `instanceType` CLOUD_SQL_INSTANCE) is in place.
 */
function pinned(from: Step, to: Step, recreated: readonly string[]) {
  const pins = (s: Step) => replacementInputs(s.planned, FORCE_NEW);
  const [was, now] = [pins(from), pins(to)];
  const both = Object.keys(now).filter((name) => name in was && !recreated.includes(name));
  const promoted = (name: string) =>
    was[name].masterInstanceName !== undefined &&
    now[name].masterInstanceName === undefined &&
    inputs(to.planned, name).instanceType === 'CLOUD_SQL_INSTANCE';
  const view = (p: typeof was) =>
    Object.fromEntries(
      both.map((name) => {
        const { masterInstanceName, ...rest } = p[name];
        return [name, promoted(name) ? rest : { masterInstanceName, ...rest }];
      }),
    );
  return { was: view(was), now: view(now), all: { was, now } };
}

test.each([
  [0, 1, []],
  [1, 2, [PRIMARY_INSTANCE]],
  [2, 3, []],
  [3, 4, [STANDBY_INSTANCE]],
])('from step %i to %i, no replacement-triggering input changes but on the re-created instance %j', (from, to, recreated) => {
  const p = pinned(steps[from], steps[to], recreated);
  expect(p.now).toEqual(p.was);
  // the comparison covers the protected instances it does not exclude
  for (const name of [PRIMARY_INSTANCE, STANDBY_INSTANCE].filter((n) => !recreated.includes(n))) expect(p.now).toHaveProperty([name]);
  // the re-created instance really does differ: a standalone instance cannot become a replica in place
  for (const name of recreated) {
    expect(p.all.was[name].masterInstanceName).toBeUndefined();
    expect(p.all.now[name].masterInstanceName).toEqual(expect.any(String));
    // and its replacementTrigger, set on both sides (Pulumi replaces nothing when a trigger appears), changes
    const [was, now] = [steps[from], steps[to]].map((s) => resource(s.planned, name).options.replacementTrigger);
    expect([typeof was, typeof now, was !== now]).toEqual(['number', 'number', true]);
  }
});

test('a warm standby with failover DNS: the backup address follows the replica, so the roles swap once re-seeded', async () => {
  const IPS = { [PRIMARY]: '203.0.113.10', [STANDBY]: '198.51.100.20' };
  const warm = (reseeds: number, activeRegion: string): ProductionStackProps => ({
    ...spec(reseeds, activeRegion),
    services: fixture.services.map((s) => ({ ...s, route: { host: 'shop.example.com' }, serveFromReplica: true })),
    dr: { ...spec(reseeds, activeRegion).dr, mode: 'warm-standby', dns: { zoneId: 'example-com', name: 'shop.example.com', targets: IPS } },
  });
  /** [the address served while healthy, the backup address or none]. */
  const routing = async (reseeds: number, active: string) => {
    const record = inputs(await plan(() => new ProductionStack('shop', warm(reseeds, active))), 'shop-standby-record');
    const policy = record.routingPolicy?.primaryBackup;
    return policy
      ? [policy.primary.externalEndpoints[0], policy.backupGeos[0].healthCheckedTargets.externalEndpoints[0]]
      : [record.rrdatas[0], undefined];
  };
  const cycle = await Promise.all(CYCLE.map(([, reseeds, active]) => routing(reseeds, active)));
  expect(cycle).toEqual([
    [IPS[PRIMARY], IPS[STANDBY]], // the standby replicates: it is the backup
    [IPS[STANDBY], undefined], // failover: the old primary has diverged, no backup
    [IPS[STANDBY], IPS[PRIMARY]], // re-seeded: the primary region is the backup, the roles have swapped
    [IPS[PRIMARY], undefined], // failback: the standby has diverged
    [IPS[PRIMARY], IPS[STANDBY]], // re-seeded: the start again
  ]);
});

test('each re-seed replaces exactly the re-seeded instance (its replacementTrigger), which, like every database instance, is only forgotten when replaced', () => {
  const triggers = (p: PlanResource[]) => [PRIMARY_INSTANCE, STANDBY_INSTANCE].map((n) => resource(p, n).options.replacementTrigger);
  expect(steps.map((s) => triggers(s.planned))).toEqual(RESEED_GENERATIONS);
  for (const step of steps) {
    for (const r of step.planned.filter((x) => x.type === INSTANCE)) {
      expect([r.name, r.options.protect, r.options.retainOnDelete]).toEqual([r.name, true, true]);
    }
  }
});

test("the runbook relabels the diverged instance and lifts the protection of it (and of a primary's database) before the re-seed", () => {
  for (const [before, unprotected] of [
    [1, [PRIMARY_INSTANCE, 'shop-postgres-database']],
    [3, [STANDBY_INSTANCE]],
  ] as const) {
    const [, reseeds, active] = CYCLE[before];
    const props = spec(reseeds, active);
    const runbook = failoverRunbook(props, resolve(props));
    const relabel = runbook.indexOf('--remove-labels=stack --update-labels=diverged-from=shop');
    const reseed = runbook.indexOf(`reseeds: ${reseeds + 1}`);
    expect(relabel).toBeGreaterThan(0);
    for (const name of unprotected) {
      const at = runbook.indexOf(`--arg name ::${name} `);
      expect([name, at > relabel && at < reseed]).toEqual([name, true]);
      // what it unprotects is a protected resource of the plan
      expect(resource(steps[before].planned, name).options.protect).toBe(true);
    }
    expect((runbook.match(/pulumi state unprotect/g) ?? []).length).toBe(unprotected.length);
  }
});
