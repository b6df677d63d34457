/** A standby region's roles and the sizing that follows from them. Pure, no Pulumi; shared by the AWS and GCP standbys. */
import { formatCidr, nextFreeBlock, parseCidr } from './cidr';
import type { ResolvedService } from './resolve';
import type { ResolvedRoute } from './resolve/edge';
import type { StandbyMode } from './spec/dr';
import type { NodePoolSpec } from './spec/stack';

/**
 * Ranges a default standby VPC stays clear of, besides the primary's: Docker's default bridge (a CI runner with
 * Docker routes it to `docker0`, and would never reach the standby) and the two service ranges EKS picks when
 * none is given (172.20.0.0/16 for a VPC in 10/8, 10.100.0.0/16 otherwise), which AWS asks not to overlap a
 * peered network.
 */
export const AVOIDED_NETWORKS = ['172.17.0.0/16', '172.20.0.0/16', '10.100.0.0/16'].map(parseCidr);

/**
 * The default range of the standby region's VPC on AWS, given the primary's: the next free block as large
 * ({@link nextFreeBlock}: `10.1.0.0/16` for `10.0.0.0/16`), so the two VPCs can be peered. Throws when RFC 1918
 * space has no such block.
 */
export function standbyNetworkCidr(primary: string): string {
  const found = nextFreeBlock(parseCidr(primary), AVOIDED_NETWORKS);
  if (!found) throw new Error(`no free block as large as ${primary} in RFC 1918 space for the standby VPC: give dr.aws.standbyNetworkCidr`);
  return formatCidr(found);
}

/** TTL of the failover DNS record, in seconds: how long resolvers may keep answering with the failed region. */
export const FAILOVER_RECORD_TTL = 60;

/** Share of the primary's desired node count a warm standby runs (rounded up, at least the pilot light's). */
export const WARM_STANDBY_SHARE = 1 / 3;

/**
 * Nodes of a passive pilot-light standby: enough for the cluster add-ons, which run there at all
 * times with two replicas each (their Helm releases are atomic and wait for their pods, so a
 * cluster without nodes could not install them), while the stack's own workloads are at zero.
 */
export const PILOT_LIGHT_NODES = 2;

/**
 * The standby cluster's node pool, from the primary's: while the primary serves,
 * {@link PILOT_LIGHT_NODES} (`pilot-light`: the add-ons only; never more than the primary's
 * maximum) or a third of the primary's desired count, at least one and at least the pilot
 * light's (`warm-standby`); once the standby serves, exactly the primary's. The maximum is
 * always the primary's, so scaling up is an update.
 */
export function standbyNodes(primary: Required<NodePoolSpec>, mode: StandbyMode, active: boolean): Required<NodePoolSpec> {
  if (active) return primary;
  const warm = Math.ceil(primary.desiredSize * WARM_STANDBY_SHARE);
  const size = Math.min(primary.maxSize, mode === 'warm-standby' ? Math.max(PILOT_LIGHT_NODES, warm) : PILOT_LIGHT_NODES);
  return { ...primary, desiredSize: size, minSize: size };
}

/** The roles of a standby region: where it is, which region it stands by for, which one serves, and how. */
export interface StandbyRoles {
  /** The standby region. */
  readonly region: string;
  /** The primary region: where the stack normally runs. */
  readonly primaryRegion: string;
  /**
   * The region that serves. The standby becomes the primary when this is `region`.
   * @default - `primaryRegion`
   */
  readonly activeRegion?: string;
  /**
   * What runs in the standby while it does not serve (see {@link standbyNodes}).
   * @default 'pilot-light'
   */
  readonly mode?: StandbyMode;
  /**
   * Re-seeds of the database pair after failovers (see {@link regionDatabases}).
   * @default 0
   */
  readonly reseeds?: number;
}

/** True when the standby region serves; throws when `activeRegion` is neither of the two regions. */
export function standbyActive(roles: StandbyRoles): boolean {
  const active = roles.activeRegion ?? roles.primaryRegion;
  if (active !== roles.primaryRegion && active !== roles.region) {
    throw new Error(`activeRegion ${active} is neither the primary region ${roles.primaryRegion} nor the standby region ${roles.region}`);
  }
  return active === roles.region;
}

/** What a region's database is, in a stack with a standby region (see {@link regionDatabases}). */
export interface RegionDatabase {
  /**
   * Created as a cross-region read replica of the other region's database, whose engine, database,
   * user and password it took: the standby's always, the primary's once it has been re-seeded.
   */
  readonly seeded: boolean;
  /** Replicating from the other region's database now: the last seeded, and not serving. */
  readonly replicating: boolean;
  /**
   * Standalone and not serving: it holds the data as of the last failover, and must be re-seeded
   * (`reseeds`) before its region can serve again.
   */
  readonly diverged: boolean;
  /**
   * How many times this database has been re-seeded: each re-seed re-creates its instance (a new
   * replica, under the same Pulumi name), and the one it replaces is forgotten, not deleted.
   */
  readonly generation: number;
}

/**
 * The databases of the primary and the standby region after `reseeds` re-seeds, with `activeRegion`
 * serving (throws like {@link standbyActive}). The standby's database starts as a replica of the primary's; each re-seed (re)creates the
 * passive region's database as a replica of the active one, alternately the primary's (odd counts)
 * and the standby's (even counts). The last seeded database replicates while its region is passive;
 * a failover promotes it, and the other region's database is then diverged until the next re-seed.
 */
export function regionDatabases(roles: StandbyRoles): { primary: RegionDatabase; standby: RegionDatabase } {
  const standbyServes = standbyActive(roles);
  const reseeds = roles.reseeds ?? 0;
  const lastSeededIsPrimary = reseeds % 2 === 1;
  const database = (isPrimary: boolean): RegionDatabase => {
    const serves = isPrimary !== standbyServes;
    const lastSeeded = isPrimary === lastSeededIsPrimary;
    return {
      seeded: !isPrimary || reseeds > 0,
      replicating: lastSeeded && !serves,
      diverged: !lastSeeded && !serves,
      // the primary region's database is re-seeded at odd counts, the standby's at even ones
      generation: isPrimary ? Math.ceil(reseeds / 2) : Math.floor(reseeds / 2),
    };
  };
  return { primary: database(true), standby: database(false) };
}

/** The route that takes every request to `/` of the failover name `name` (no method or header condition). */
export function failoverRoute<R extends Pick<ResolvedRoute, 'host' | 'path' | 'method' | 'headers'>>(
  name: string,
  routes: readonly R[],
): R | undefined {
  return routes.find((r) => r.host === name && r.path === '/' && r.method === undefined && Object.keys(r.headers).length === 0);
}

/**
 * The host Route 53 health-checks a region at (AWS): `<region>.<name>`, a record of the failover zone leading
 * to the region's gateway, whose plain HTTP listener routes it, for the health check's path only, to the
 * service that `name` routes `/` to. Route 53 sends it as the Host header (and resolves it to reach the
 * region), so the check measures that service through the region's load balancer and gateway.
 */
export function regionHealthHost(region: string, name: string): string {
  return `${region}.${name}`;
}

/**
 * The path the failover health check requests by default (`dr.dns.healthCheckPath`): the HTTP readiness
 * probe path of the service that the failover name `name` routes `/` to (the first backend of that
 * route, with no method or header condition), which Envoy forwards to it, when the probe is on the port the
 * route reaches; `/` otherwise (no such route, no HTTP readiness probe, or a probe on another port, where
 * the path could answer 404 and fail a healthy region).
 */
export function failoverHealthCheckPath(
  name: string,
  routes: readonly Pick<ResolvedRoute, 'host' | 'path' | 'backends' | 'method' | 'headers'>[],
  services: readonly Pick<ResolvedService, 'name' | 'probes' | 'ports'>[],
): string {
  const backend = failoverRoute(name, routes)?.backends[0];
  const service = services.find((s) => s.name === backend?.service);
  const readiness = service?.probes.readiness;
  if (readiness?.type !== 'http') return '/';
  // the probe's port (by name or number; the first http port when unset) must be the one the route reaches
  const http = service!.ports.find((p) => p.protocol === 'http');
  const port =
    readiness.port === undefined ? http?.name : service!.ports.find((p) => p.name === readiness.port || p.port === readiness.port)?.name;
  return port === backend!.port ? readiness.path : '/';
}

/**
 * Whether the failover DNS record may send clients to the passive region when the active one fails its
 * health check. Only a warm standby: a pilot light runs none of the stack's workloads, so clients would
 * get errors (Envoy answers 503 without backends) instead of a slow primary. Its health check tells
 * nothing either way: on GCP it requests the service and fails, on AWS Route 53 only connects to the
 * gateway, which runs in a pilot light too, and passes. And only while the passive region's database replicates the active one
 * (it serves reads until a flip promotes it): not the old primary after a failover until it is
 * re-seeded, whose database holds the data as of the failover, where clients would split the writes
 * between two diverging databases. Without a database (`hasDatabase: false`), a warm standby always may.
 */
export function passiveIsFailoverTarget(roles: StandbyRoles, hasDatabase: boolean): boolean {
  if ((roles.mode ?? 'pilot-light') !== 'warm-standby') return false;
  if (!hasDatabase) return true;
  const databases = regionDatabases(roles);
  return (standbyActive(roles) ? databases.primary : databases.standby).replicating;
}

/**
 * How much of the stack's workloads a region's cluster runs (see lib/stack/scale.ts):
 * `full` (the serving region), `drained` (the serving region with its writers stopped, `dr.drain`), or one of
 * the passive sizes `pilot-light` and `warm-standby`.
 */
export type WorkloadScale = 'full' | 'drained' | 'pilot-light' | 'warm-standby';

/**
 * The size of `region`'s workloads in a stack with a standby region: the active region's `full`, or `drained`
 * with `drain`; a passive region's `warm-standby` only while it is a failover target (a warm standby whose
 * database replicates the active one, see {@link passiveIsFailoverTarget}), else `pilot-light`: after a flip,
 * the old primary's database is standalone and writable, and services running there would write what the
 * failover record never sends clients to read.
 */
export function regionScale(roles: StandbyRoles & { readonly drain?: boolean }, region: string, hasDatabase: boolean): WorkloadScale {
  if (region === (roles.activeRegion ?? roles.primaryRegion)) return roles.drain ? 'drained' : 'full';
  return passiveIsFailoverTarget(roles, hasDatabase) ? 'warm-standby' : 'pilot-light';
}

/**
 * Resource options of every database instance (RDS, Cloud SQL; primary or replica): `protect` and
 * `retainOnDelete` (unless the component's deletion protection is turned off), so that whatever Pulumi
 * ever deletes (a re-seed replacing the instance, a `pulumi destroy` once unprotected) is only forgotten
 * and stays in the cloud with its data; and its re-seed count (`generation`, see {@link RegionDatabase})
 * as `replacementTrigger`, so that each re-seed re-creates it. The trigger is set from 0: Pulumi
 * replaces nothing when a trigger first appears (nor when one goes), only when its value changes.
 */
export function databaseInstanceOptions(
  generation: number,
  protect = true,
): { readonly protect: boolean; readonly retainOnDelete: boolean; readonly replacementTrigger: number } {
  return { protect, retainOnDelete: protect, replacementTrigger: generation };
}
