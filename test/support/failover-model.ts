/**
 * A model of what a stack with a standby region does, read from its offline plan the way the clusters and the
 * clouds would act on it: which objects of each region write (the API server runs a Deployment whose replicas
 * are not 0, a CronJob or a migration Job not suspended; KEDA scales a target at 0 back up unless its
 * ScaledObject is paused), whether each region's database takes writes (RDS: no `replicateSourceDb`; Cloud SQL:
 * not a `READ_REPLICA_INSTANCE`), and where the failover record's PRIMARY sends clients.
 *
 * Over successive plans (one `pulumi up` each) it checks what a failover must never do: writers in two regions,
 * writers against a read replica, a promotion while writers run elsewhere (their writes after the last
 * replicated one are lost), and writers starting on a promoted database before the promotion (the engine only
 * orders what depends on what).
 */
import type { PlanResource } from '../../lib/plan';
import type { ProductionStackProps } from '../../lib/core';
import { k8sNames } from '../../lib/core';
import { type Inputs, closure } from './plan';

/** The two regions of a stack, by role: the primary region (`<stack>-workloads`) and the standby's. */
export type RegionRole = 'primary' | 'standby';

/** What one region does after an `up`. */
export interface RegionState {
  /** The objects that write, running (`Kind/name`). */
  readonly writers: readonly string[];
  /** Its database takes writes (not a read replica). */
  readonly writable: boolean;
}

/** What the stack does after an `up`: each region's state, and where the failover record sends clients. */
export interface StackState {
  readonly regions: Readonly<Record<RegionRole, RegionState>>;
  /** The region the PRIMARY failover record points at, when the stack has one. */
  readonly dnsTo?: RegionRole;
}

/** The plan and its spec: one `pulumi up`. */
export interface Step {
  readonly spec: ProductionStackProps;
  readonly planned: readonly PlanResource[];
}

const ROLES: readonly RegionRole[] = ['primary', 'standby'];

/** The Kubernetes objects of a region's cluster. */
function objects(step: Step, role: RegionRole): (PlanResource & { inputs: Inputs })[] {
  const parent = `${step.spec.name}${role === 'primary' ? '' : '-standby'}-workloads`;
  return step.planned.filter((r) => r.parent === parent && r.type.startsWith('kubernetes:')) as (PlanResource & { inputs: Inputs })[];
}

/** The Pulumi resource of a region's database instance. */
function databaseOf(step: Step, role: RegionRole): (PlanResource & { inputs: Inputs }) | undefined {
  const name = `${step.spec.name}${role === 'primary' ? '' : '-standby'}-postgres-${step.spec.cloud === 'aws' ? 'db' : 'instance'}`;
  return step.planned.find((r) => r.name === name) as (PlanResource & { inputs: Inputs }) | undefined;
}

/** The objects of a region that write and run: see the module's doc. */
function writerObjects(step: Step, role: RegionRole): (PlanResource & { inputs: Inputs })[] {
  const all = objects(step, role);
  const readers = new Set(step.spec.services.filter((s) => s.serveFromReplica).map((s) => k8sNames.workload(s.name)));
  const services = new Set(step.spec.services.map((s) => k8sNames.workload(s.name)));
  const kedaRuns = (name: string) =>
    all.some(
      (o) =>
        o.inputs.kind === 'ScaledObject' &&
        o.inputs.spec.scaleTargetRef.name === name &&
        o.inputs.metadata.annotations?.['autoscaling.keda.sh/paused-replicas'] !== '0',
    );
  return all.filter((o) => {
    const { kind, metadata, spec } = o.inputs;
    if (kind === 'Deployment' || kind === 'StatefulSet')
      return services.has(metadata.name) && !readers.has(metadata.name) && (spec.replicas !== 0 || kedaRuns(metadata.name));
    if (kind === 'CronJob') return spec.suspend !== true;
    if (kind === 'Job') return metadata.labels?.['app.kubernetes.io/component'] === 'migration' && spec.suspend !== true;
    return false;
  });
}

/** Whether a database instance takes writes, as its cloud reads its inputs. */
function writable(step: Step, instance: PlanResource & { inputs: Inputs }): boolean {
  return step.spec.cloud === 'aws'
    ? instance.inputs.replicateSourceDb === undefined
    : instance.inputs.instanceType !== 'READ_REPLICA_INSTANCE';
}

/** The state after the `up` of `step`. */
export function stateOf(step: Step): StackState {
  const region = (role: RegionRole): RegionState => {
    const db = databaseOf(step, role);
    return {
      writers: writerObjects(step, role).map((o) => `${o.inputs.kind}/${o.inputs.metadata.name}`),
      writable: db === undefined || writable(step, db),
    };
  };
  const record = step.planned.find((r) => r.name === `${step.spec.name}-standby-record-primary`) as
    (PlanResource & { inputs: Inputs }) | undefined;
  const standbyRegion = step.spec.dr!.standbyRegion!;
  const health = record?.inputs.healthCheckId as string | undefined;
  const dnsTo =
    health === undefined ? undefined : health.startsWith(`${step.spec.name}-standby-health-${standbyRegion}-`) ? 'standby' : 'primary';
  return { regions: { primary: region('primary'), standby: region('standby') }, ...(dnsTo ? { dnsTo } : {}) };
}

/** What is wrong with one state: writers in two regions, writers against a replica, clients sent to a replica. */
export function stateViolations(state: StackState): string[] {
  const out: string[] = [];
  const writing = ROLES.filter((r) => state.regions[r].writers.length > 0);
  if (writing.length > 1)
    out.push(`writers in both regions: ${writing.map((r) => `${r} (${state.regions[r].writers.join(', ')})`).join('; ')}`);
  for (const r of writing)
    if (!state.regions[r].writable) out.push(`writers in ${r} against a read replica: ${state.regions[r].writers.join(', ')}`);
  if (state.dnsTo !== undefined && !state.regions[state.dnsTo].writable)
    out.push(`the failover record sends clients to ${state.dnsTo}, a read replica`);
  return out;
}

/**
 * What is wrong with the `up` from `before` to `after`, whose operations run in any order their dependencies
 * allow: writers of both states in two regions at once, a promotion while writers of the other region run
 * (after it, or before it unless the promotion waits for their scale-down), and writers that start with a
 * promotion without depending on it.
 */
export function transitionViolations(before: Step, after: Step): string[] {
  const [was, now] = [stateOf(before), stateOf(after)];
  const out: string[] = [];
  const writingDuring = ROLES.filter((r) => was.regions[r].writers.length > 0 || now.regions[r].writers.length > 0);
  if (writingDuring.length > 1) out.push(`during the up, writers may run in both regions`);
  for (const promoted of ROLES.filter((r) => !was.regions[r].writable && now.regions[r].writable)) {
    const other = promoted === 'primary' ? 'standby' : 'primary';
    const db = databaseOf(after, promoted)!;
    // the other region's writers scaled down in this up are stopped first only when the promotion waits for them
    const waitedFor = new Set(closure(after.planned, db).map((d) => d.name));
    const stoppedFirst = new Set(
      writerObjects(before, other)
        .filter((w) => waitedFor.has(w.name))
        .map((w) => `${w.inputs.kind}/${w.inputs.metadata.name}`),
    );
    const writers = [...new Set([...was.regions[other].writers.filter((w) => !stoppedFirst.has(w)), ...now.regions[other].writers])];
    if (writers.length > 0)
      out.push(`the ${promoted} database is promoted while ${other} runs writers (${writers.join(', ')}): their last writes are lost`);
    for (const w of writerObjects(after, promoted))
      if (!closure(after.planned, w).some((d) => d.name === db.name))
        out.push(`${w.name} starts writing in ${promoted} without waiting for the promotion of ${db.name}`);
  }
  return out;
}

/** Every violation over a sequence of `up`s: of each state, and of each transition. */
export function gameDayViolations(steps: readonly Step[]): string[] {
  return steps.flatMap((step, i) => [
    ...stateViolations(stateOf(step)).map((v) => `step ${i}: ${v}`),
    ...(i > 0 ? transitionViolations(steps[i - 1], step).map((v) => `step ${i - 1} -> ${i}: ${v}`) : []),
  ]);
}
