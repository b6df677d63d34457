/**
 * How much of the chart's workloads a cluster runs, by its role (`ChartOptions.scale`): the chart sizes its own
 * objects, which it knows by what they are (a service's workload, its autoscaler, NATS, a CronJob), not by name.
 * Only replica counts, autoscaler minimums, pauses and suspensions change, never a name, a kind or the set of
 * objects, so a failover (which changes the scale) only updates objects:
 *
 * - `full`: the chart as the spec describes it;
 * - `drained` (the serving region with `dr.drain`): the services' workloads at 0 replicas but the readers'
 *   (`serveFromReplica`); NATS and the datastores keep running;
 * - `pilot-light`: every service's workload and NATS at 0 replicas;
 * - `warm-standby`: the readers' workloads at a third of their replicas, rounded up, at least one
 *   ({@link warmReplicas}), and their HPAs' and ScaledObjects' minimums likewise (maximums unchanged); every other
 *   service's workload and NATS at 0 (a JetStream cluster with fewer peers than it is configured for has no
 *   quorum, and its streams are not replicated across regions anyway, so NATS starts empty at the failover, like
 *   the standby's Redis);
 * - wherever the replicas are set, the workload is annotated `pulumi.com/patchForce` (an autoscaler owns its
 *   `spec.replicas` once it has scaled it, and the apply would conflict);
 * - a workload at 0 stays there: an HPA cannot target 0 (`minReplicas` is at least 1), but Kubernetes disables
 *   autoscaling of a target whose replica count is 0 (condition `ScalingActive: False`), so HPAs stay as they
 *   are; KEDA would scale a target up from 0 to its `minReplicaCount`, so a ScaledObject of a workload at 0 is
 *   paused there (`autoscaling.keda.sh/paused-replicas: "0"`). Once `replicas` goes back to the chart's (absent
 *   for autoscaled services), the target restarts from one replica and its autoscaler scales it to its minimum;
 * - at every size but `full`, every CronJob is suspended (`suspend: true`) and so is every migration Job, not
 *   awaited (`pulumi.com/skipAwait`): the logical backups and restore drills run in the serving region only (a
 *   passive region's database is a replica, and two regions would write the same dated keys), and a migration
 *   writes (on a replica it fails); a suspended migration runs once its region serves again;
 * - the datastores' exporters run at every size: a passive region's watch its read replica
 *   (`PostgresReplicationLag` reads the replica's lag) and its Redis; so does the PostgreSQL bootstrap Job.
 *
 * Volumes are kept: a StatefulSet at 0 replicas keeps its PersistentVolumeClaims.
 */
import { type ApiObject, JsonPatch } from 'cdk8s';
import { WARM_STANDBY_SHARE, type WorkloadScale } from '../core/standby';
import type { ResolvedService } from '../core/resolve';
import type { ProductionStack } from './k8s';

/** KEDA's annotation that pauses a ScaledObject with its target at this many replicas. */
export const KEDA_PAUSED_REPLICAS = 'autoscaling.keda.sh/paused-replicas';

/** pulumi-kubernetes' annotation that registers an object without awaiting its readiness. */
export const PULUMI_SKIP_AWAIT = 'pulumi.com/skipAwait';

/**
 * pulumi-kubernetes' annotation that makes its server-side apply take the fields other managers own: an HPA or
 * KEDA, through the scale subresource, owns `spec.replicas` of the workload it has scaled, and an apply that
 * sets it (to 0, or to a warm standby's share) would otherwise fail on the conflict.
 */
export const PULUMI_PATCH_FORCE = 'pulumi.com/patchForce';

/** A replica count scaled to a warm standby's share: a third, rounded up, at least one. */
export function warmReplicas(replicas: number): number {
  return Math.max(1, Math.ceil(replicas * WARM_STANDBY_SHARE));
}

/** How many replicas of a service's workload run at `scale`: all, a warm standby's share, or none. */
function serviceShare(scale: WorkloadScale, service: ResolvedService): 'all' | 'warm' | 'none' {
  const reader = service.serveFromReplica;
  if (scale === 'full' || (scale === 'drained' && reader)) return 'all';
  return scale === 'warm-standby' && reader ? 'warm' : 'none';
}

/** Sets a workload's replicas, taking them from the autoscaler that owns them. */
function setReplicas(workload: ApiObject, replicas: number): void {
  workload.addJsonPatch(JsonPatch.add('/spec/replicas', replicas));
  workload.metadata.addAnnotation(PULUMI_PATCH_FORCE, 'true');
}

/** Sizes the chart's objects for `scale` (see the module's comment); `full` changes nothing. */
export function sizeChart(chart: ProductionStack, scale: WorkloadScale): void {
  if (scale === 'full') return;
  for (const service of chart.spec.services) {
    const objects = chart.services.get(service.name)!;
    const share = serviceShare(scale, service);
    const fixed = service.autoscaling || service.queue ? undefined : service.replicas;
    if (share === 'none') setReplicas(objects.workload, 0);
    else if (share === 'warm' && fixed !== undefined) setReplicas(objects.workload, warmReplicas(fixed));
    if (share === 'warm' && objects.autoscaler && service.autoscaling)
      objects.autoscaler.addJsonPatch(JsonPatch.add('/spec/minReplicas', warmReplicas(service.autoscaling.minReplicas)));
    if (objects.scaledObject && service.queue) {
      if (share === 'none') objects.scaledObject.metadata.addAnnotation(KEDA_PAUSED_REPLICAS, '0');
      else if (share === 'warm')
        objects.scaledObject.addJsonPatch(JsonPatch.add('/spec/minReplicaCount', warmReplicas(service.queue.minReplicas)));
    }
    if (objects.migration) {
      objects.migration.addJsonPatch(JsonPatch.add('/spec/suspend', true));
      objects.migration.metadata.addAnnotation(PULUMI_SKIP_AWAIT, 'true');
    }
  }
  // NATS (not a service) keeps running while drained, and stops in a passive region
  if (chart.nats && scale !== 'drained') setReplicas(chart.nats.statefulSet, 0);
  const cronJobs = [
    ...[...chart.cronJobs.values()].map((j) => j.resource),
    ...(chart.backups ? [chart.backups.backup, chart.backups.restoreDrill] : []),
  ];
  for (const cronJob of cronJobs) cronJob.addJsonPatch(JsonPatch.add('/spec/suspend', true));
}
