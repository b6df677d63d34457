/**
 * The order a drained flip needs: with `dr.drain`, once the passive region's database has diverged (the flip:
 * the serving region's database is the promoted one), that promoted instance waits for the passive region's sized
 * objects (its Deployments, StatefulSets, autoscalers, CronJobs and migrations), whose own scaling then waits for
 * no database. A flip taken while drained, even straight from serving (`activeRegion` and `drain` set in one
 * step), so promotes the replica only once the old region's writers are at zero; the drain scales the new
 * region's writers to zero too, so no service writes across the promotion. Without `drain` (an unplanned
 * failover, the old region unreachable), nothing waits for the old region. While the passive database still
 * replicates the serving one, there is no promotion to order, and none may be: that replica depends on the
 * serving instance, and the passive objects on the replica (its connection secret), a cycle.
 */
import * as pulumi from '@pulumi/pulumi';
import type { ResolvedStack } from '../core/resolve';
import { databaseInstanceName } from '../core/naming';
import { regionDatabases } from '../core/standby';
import { standbyRoles } from './replica';

/** Type tokens of a database instance, by cloud. */
const INSTANCE_TYPE = { aws: 'aws:rds/instance:Instance', gcp: 'gcp:sql/databaseInstance:DatabaseInstance' } as const;

/** The transformation that orders a drained flip, and how to give it the passive region's sized objects. */
export interface DrainOrder {
  /** Whether it orders anything: then the passive region's sized objects must wait for no database. */
  readonly ordered: boolean;
  /** Adds the wait to the serving region's database instance (a transformation of the stack's children). */
  readonly transformation: pulumi.ResourceTransformation;
  /** Gives the passive region's sized objects: call it once, always (with none when there is no standby). */
  readonly resolve: (passive: readonly pulumi.Resource[]) => void;
}

/** The explicit dependencies of a resource, as a list. */
async function listOf(dependsOn: pulumi.ResourceOptions['dependsOn']): Promise<pulumi.Input<pulumi.Resource>[]> {
  const given = await dependsOn;
  if (given === undefined) return [];
  if (Array.isArray(given)) return given;
  // one resource, or an output of some: the SDK resolves either in a list
  return [given as pulumi.Input<pulumi.Resource>];
}

/** The drain order of `spec`: a transformation that changes nothing unless `dr.drain` is set with a standby and a database. */
export function drainOrder(spec: ResolvedStack): DrainOrder {
  let resolve: (passive: readonly pulumi.Resource[]) => void = () => undefined;
  const objects = new Promise<readonly pulumi.Resource[]>((done) => (resolve = done));
  const standby = spec.dr.standbyRegion;
  const databases = standby !== undefined && spec.postgres !== undefined ? regionDatabases(standbyRoles(spec, standby)) : undefined;
  const passive = spec.dr.activeRegion === spec.region ? databases?.standby : databases?.primary;
  const target = spec.dr.drain && passive?.diverged === true;
  const name = databaseInstanceName(spec, spec.dr.activeRegion);
  const transformation: pulumi.ResourceTransformation = (a) => {
    if (!target || a.name !== name || a.type !== INSTANCE_TYPE[spec.cloud]) return undefined;
    const dependsOn = Promise.all([listOf(a.opts.dependsOn), objects]).then(([own, more]) => [...own, ...more]);
    return { props: a.props, opts: { ...a.opts, dependsOn } };
  };
  return { ordered: target, transformation, resolve: (sized) => resolve(sized) };
}
