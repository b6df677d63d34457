/**
 * A DR game day over successive offline plans (one `pulumi up` each), read by the failover model
 * (test/support/failover-model.ts): Ralph on AWS (pilot light, Route 53 failover records), Ralph on GCP, and a
 * warm standby whose read-only service serves from the replica while its writer waits. Each goes through a
 * planned failover and failback (drain, flip while drained, serve; re-seed; drain, flip back, serve) and an
 * unplanned failover (the flip alone).
 *
 * - The planned cycle never has writers in two regions, nor against a replica, nor a promotion while the other
 *   region writes; each step's state is the one the runbook describes.
 * - The unplanned failover is what the model must catch: the old region's writers run until the same up that
 *   promotes the replica reaches them (if it ever does), so their writes after the last replicated one are lost,
 *   bounded by the RPO.
 * - A drain changes sizes only: every name and every other input is the undrained step's, so it replaces nothing
 *   (the flips' and re-seeds' own replacements are pinned by test/aws/failover.test.ts and test/*\/reseed.test.ts).
 */
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { specFor as ralph } from '../../examples/ralph-orchestrator/spec';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { type RegionRole, type Step, gameDayViolations, stateOf } from '../support/failover-model';
import { type Inputs, identities } from '../support/plan';

type Dr = NonNullable<ProductionStackProps['dr']>;

/** A warm standby: the api only reads and serves from the replica; the worker writes. */
const warm: ProductionStackProps = {
  ...awsFixture,
  services: [
    { ...awsFixture.services[0], route: { host: 'shop.example.com' }, serveFromReplica: true },
    { name: 'worker', image: 'registry.example.com/shop/worker:1.4.2', ports: [{ name: 'http', port: 8080 }], replicas: 2 },
  ],
  dr: { standbyRegion: 'us-east-2', mode: 'warm-standby', dns: { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' } },
};

const STACKS: readonly [string, ProductionStackProps][] = [
  ['Ralph on AWS', ralph('aws')],
  ['Ralph on GCP', ralph('gcp')],
  ['a warm standby on AWS', warm],
];

/** The planned failover and failback, as `dr` changes from one up to the next. */
function plannedCycle(primary: string, standby: string): readonly [string, Partial<Dr>][] {
  return [
    ['the primary serves', {}],
    ['the primary drained', { drain: true }],
    ['flipped while drained', { activeRegion: standby, drain: true }],
    ['the standby serves', { activeRegion: standby }],
    ['the primary re-seeded', { activeRegion: standby, reseeds: 1 }],
    ['the standby drained', { activeRegion: standby, reseeds: 1, drain: true }],
    ['flipped back while drained', { activeRegion: primary, reseeds: 1, drain: true }],
    ['the primary serves again', { activeRegion: primary, reseeds: 1 }],
  ];
}

/** Which region writes at each step of {@link plannedCycle}, and which databases take writes. */
const EXPECTED: readonly [RegionRole | 'none', RegionRole[]][] = [
  ['primary', ['primary']],
  ['none', ['primary']],
  // the promotion: nothing writes anywhere while the replica becomes the primary
  ['none', ['primary', 'standby']],
  ['standby', ['primary', 'standby']],
  ['standby', ['standby']],
  ['none', ['standby']],
  ['none', ['primary', 'standby']],
  ['primary', ['primary', 'standby']],
];

const withDr = (spec: ProductionStackProps, dr: Partial<Dr>): ProductionStackProps => ({ ...spec, dr: { ...spec.dr!, ...dr } });

async function step(spec: ProductionStackProps): Promise<Step> {
  return { spec, planned: await plan(() => new ProductionStack(spec.name, spec)) };
}

/** The inputs of every resource with its sizes (replicas, minimums, suspensions, pauses, awaits, forces) taken out, by name. */
function unsized(planned: readonly PlanResource[]): [string, string, unknown][] {
  const strip = (inputs: Inputs): Inputs => {
    if (!inputs?.spec || typeof inputs.spec !== 'object') return inputs;
    const { replicas: _r, suspend: _s, minReplicas: _m, minReplicaCount: _c, ...spec } = inputs.spec;
    const annotations = { ...inputs.metadata?.annotations };
    delete annotations['autoscaling.keda.sh/paused-replicas'];
    delete annotations['pulumi.com/skipAwait'];
    delete annotations['pulumi.com/patchForce'];
    return { ...inputs, spec, metadata: { ...inputs.metadata, annotations } };
  };
  return planned.map((r) => [r.type, r.name, strip(r.inputs as Inputs)]);
}

describe.each(STACKS)('%s', (_, spec) => {
  const primary = spec.region;
  const standby = spec.dr!.standbyRegion!;
  const cycle = plannedCycle(primary, standby);
  let steps: Step[];
  let unplanned: Step;
  let collapsed: Step;
  beforeAll(async () => {
    steps = [];
    for (const [, dr] of cycle) steps.push(await step(withDr(spec, dr)));
    unplanned = await step(withDr(spec, { activeRegion: standby }));
    collapsed = await step(withDr(spec, { activeRegion: standby, drain: true }));
  });

  test('the planned failover and failback: never writers in two regions, against a replica, or across a promotion', () => {
    expect(gameDayViolations(steps)).toEqual([]);
  });

  test.each(cycle.map(([what], i) => [i, what] as const))('step %i, %s: who writes and which databases take writes', (i) => {
    const state = stateOf(steps[i]);
    const writing = (['primary', 'standby'] as const).filter((r) => state.regions[r].writers.length > 0);
    const writable = (['primary', 'standby'] as const).filter((r) => state.regions[r].writable);
    expect([writing.length === 0 ? 'none' : writing.join('+'), writable]).toEqual(EXPECTED[i]);
    // the failover record sends clients to the active region (AWS: Ralph's and the warm standby's records)
    if (state.dnsTo !== undefined) expect(state.dnsTo).toBe(i >= 2 && i <= 5 ? 'standby' : 'primary');
  });

  test('the writers are the services that write, the CronJobs and the migrations; a reader keeps serving', () => {
    const serving = stateOf(steps[0]).regions.primary.writers;
    expect(serving).toEqual(
      expect.arrayContaining(spec.services.filter((s) => !s.serveFromReplica).map((s) => expect.stringContaining(`/${s.name}`))),
    );
    for (const s of spec.services.filter((x) => x.serveFromReplica)) expect(serving.join()).not.toContain(`/${s.name}`);
    expect(serving.some((w) => w.startsWith('CronJob/'))).toBe(true);
  });

  test('an unplanned failover (the flip alone) is what the model catches: writes after the last replicated one are lost', () => {
    // the state after it is sound; the up itself promotes while the old region's writers may still run
    const violations = gameDayViolations([steps[0], unplanned]);
    expect(violations).toEqual([
      'step 0 -> 1: during the up, writers may run in both regions',
      expect.stringMatching(/^step 0 -> 1: the standby database is promoted while primary runs writers \(/),
    ]);
  });

  test('the drained flip taken straight from serving: the promotion waits until the old region has stopped writing', () => {
    expect(gameDayViolations([steps[0], collapsed])).toEqual([]);
    // every resource is planned (a dependency cycle would leave some unregistered, and a real up hanging)
    expect(identities(collapsed.planned)).toEqual(identities(steps[2].planned));
    // the engine's order: the promoted instance depends on the old region's writers; they wait for no database
    const instance = collapsed.planned.find((r) => r.name === `${spec.name}-standby-postgres-${spec.cloud === 'aws' ? 'db' : 'instance'}`)!;
    const oldWriters = collapsed.planned.filter(
      (r) => r.parent === `${spec.name}-workloads` && ['Deployment', 'CronJob'].includes((r.inputs as Inputs).kind),
    );
    expect(oldWriters.length).toBeGreaterThan(0);
    for (const w of oldWriters) {
      expect([w.name, instance.dependencies.includes(w.name)]).toEqual([w.name, true]);
      expect(w.dependencies.filter((d) => /-postgres-(db|instance)$/.test(d))).toEqual([]);
    }
  });

  test('a drain changes sizes only: the names and every other input are those of the same step undrained', () => {
    const pairs: [number, Step][] = [
      [1, steps[0]],
      [2, steps[3]],
      [5, steps[4]],
      [6, steps[7]],
    ];
    for (const [drained, undrained] of pairs) {
      expect(identities(steps[drained].planned)).toEqual(identities(undrained.planned));
      expect(unsized(steps[drained].planned)).toEqual(unsized(undrained.planned));
    }
  });
});

test('the model reads a warm standby that ran its writers against the old primary after a flip as writers in two regions', async () => {
  // what the stack did before a passive region's size followed its database: the old primary, standalone and
  // writable after the flip, ran a warm standby's services
  const flipped = await step(withDr(warm, { activeRegion: 'us-east-2' }));
  const state = stateOf(flipped);
  expect(state.regions.primary.writers).toEqual([]);
  const broken: Step = {
    spec: flipped.spec,
    planned: flipped.planned.map((r) =>
      r.parent === 'shop-workloads' && (r.inputs as Inputs).metadata?.name === 'worker'
        ? { ...r, inputs: { ...r.inputs, spec: { ...(r.inputs as Inputs).spec, replicas: 1 } } }
        : r,
    ),
  };
  expect(gameDayViolations([broken])).toEqual([
    'step 0: writers in both regions: primary (Deployment/worker); standby (CronJob/shop-pg-backup, CronJob/shop-pg-restore-drill, Deployment/worker)',
  ]);
});
