/** Rules for disaster recovery: objectives that the stack's backups and replication can meet, backups and restore drills. */
import type { Cloud, ClusterSpec, ProductionStackProps } from '../spec/stack';
import { type Ipv4Block, overlaps, parseCidr } from '../cidr';
import { resolveCluster, servedMetricsPath } from '../resolve';
import { isCidr } from '../formats';
import { isBucketName, isCloudIdentity, isDns1123Label, isDns1123Subdomain } from '../names';
import { regionHealthHost, standbyNetworkCidr } from '../standby';
import { backupReplicaBucket } from '../naming';
import { recoveryPoint } from '../recovery';
import type { ServiceSpec } from '../spec/service';
import { defaultRoutePort, readUnderPrefix } from '../edge';
import { arr, bool, cronSchedule, httpPath, int, obj, plainText, regionName, str, unique } from './checks';
import type { Problems } from './problems';
import { psqlMetaCommandAt } from '../psql-meta';
import { vpcLayout } from './stack';

type Obj = Record<string, unknown>;

/** The longest scenario name: it heads a row of the runbook's objectives table. */
const SCENARIO_LENGTH = 60;

function objectives(p: Problems, props: Obj, d: Obj): void {
  const list = arr(p, 'dr.objectives', d.objectives);
  list.forEach((o, i) => {
    const path = `dr.objectives[${i}]`;
    const oo = obj(p, path, o);
    plainText(p, `${path}.scenario`, oo.scenario, SCENARIO_LENGTH);
    if (oo.rtoMinutes === undefined) p.add(`${path}.rtoMinutes`, undefined, 'rtoMinutes is required');
    if (oo.rpoMinutes === undefined) p.add(`${path}.rpoMinutes`, undefined, 'rpoMinutes is required');
    int(p, `${path}.rtoMinutes`, oo.rtoMinutes, 0);
    if (!int(p, `${path}.rpoMinutes`, oo.rpoMinutes, 0) || typeof oo.scenario !== 'string') return;
    const point = recoveryPoint(props as unknown as ProductionStackProps, oo.scenario);
    if (point && oo.rpoMinutes < point.minutes) {
      const loss = point.minutes === Infinity ? 'all of its data' : `up to ${point.minutes} minutes of data`;
      p.add(
        `${path}.rpoMinutes`,
        oo.rpoMinutes,
        `{value} cannot be met: losing the ${oo.scenario} loses ${loss} (${point.by}); back up more often, add a standby region, or state the RPO the stack can meet`,
      );
    }
  });
  unique(
    p,
    'dr.objectives',
    list.map((o) => (o as Obj | undefined)?.scenario).filter((s): s is string => typeof s === 'string'),
    'scenario',
  );
}

function restoreDrill(p: Problems, d: Obj): void {
  if (d.restoreDrill === undefined) return;
  const r = obj(p, 'dr.restoreDrill', d.restoreDrill);
  cronSchedule(p, 'dr.restoreDrill.schedule', r.schedule);
  if (r.checks === undefined) return;
  const checks = arr(p, 'dr.restoreDrill.checks', r.checks);
  if (checks.length === 0)
    p.add('dr.restoreDrill.checks', '[]', 'a restore drill needs at least one check (omit checks for the default one)');
  checks.forEach((c, i) => {
    const cc = obj(p, `dr.restoreDrill.checks[${i}]`, c);
    if (str(p, `dr.restoreDrill.checks[${i}].name`, cc.name) && !isDns1123Label(cc.name)) {
      p.add(`dr.restoreDrill.checks[${i}].name`, cc.name, '{value} must be a DNS-1123 label');
    }
    if (str(p, `dr.restoreDrill.checks[${i}].sql`, cc.sql) && cc.sql.trim() === '') {
      p.add(`dr.restoreDrill.checks[${i}].sql`, cc.sql, 'a check needs a query');
    }
    const meta = typeof cc.sql === 'string' ? psqlMetaCommandAt(cc.sql) : -1;
    if (meta >= 0) {
      p.add(
        `dr.restoreDrill.checks[${i}].sql`,
        cc.sql,
        `{value} has a psql meta-command at character ${meta + 1} (a backslash outside a string, identifier or comment): a check is SQL only, as it runs in a pod holding the backup bucket's identity (\\! would run a shell there)`,
      );
    }
  });
  unique(
    p,
    'dr.restoreDrill.checks',
    checks.map((c) => (c as Obj | undefined)?.name).filter((n): n is string => typeof n === 'string'),
    'check name',
  );
}

/** A Route 53 hosted zone ID. */
const ZONE_ID = /^Z[A-Z0-9]+$/;

/** True when `v` is a fully qualified host name: DNS-1123 labels, at least two. */
function isHostname(v: string): boolean {
  return v.includes('.') && isDns1123Subdomain(v);
}

/**
 * `dr.dns.name` must be a host of the stack's own Gateway (a service's `route.host` or an `edge.routes[].host`):
 * the name both regions serve. Clients the failover record sends to a region reach its gateway with that
 * host, and the gateway's certificate for it is issued through DNS-01, so the passive region holds one too.
 * A shared Gateway (`edge.sharedGateway`) is someone else's, with its own addresses and certificates.
 */
function servedName(p: Problems, props: Obj, d: Obj, name: string): void {
  const edge = (props.edge ?? {}) as Obj;
  if (edge.sharedGateway !== undefined) {
    p.add(
      'dr.dns.name',
      name,
      "{value} would be served by the shared gateway (edge.sharedGateway), whose addresses and certificates are its owner's: failover records need the stack's own gateway; drop edge.sharedGateway or dr.dns",
    );
    return;
  }
  const hosts = routedHosts(props);
  const regions = [props.region, d.standbyRegion].filter((r): r is string => typeof r === 'string');
  for (const host of new Set(hosts)) {
    const region = props.cloud === 'aws' ? regions.find((r) => regionHealthHost(r, name) === host) : undefined;
    if (region !== undefined)
      p.add(
        'dr.dns.name',
        name,
        `{value} makes "${host}" the host of ${region}'s health check, a record the stack writes: it must not be routed too; rename the route's host`,
      );
  }
  if (hosts.includes(name)) {
    if (servingRoot(props, name).length === 0)
      p.add(
        'dr.dns.name',
        name,
        '{value} has no route at "/": the health checks of both regions request the readiness path of the service that serves "/" of the failover host; route "/" of it (a service route without path, or an edge route)',
      );
    return;
  }
  const fix =
    hosts.length === 0
      ? 'nothing is routed: give a service a route with this host'
      : `use a routed host (${[...new Set(hosts)].map((h) => `"${h}"`).join(', ')}) or route this host`;
  p.add('dr.dns.name', name, `{value} is the host of no route: the failover record must name what both regions serve; ${fix}`);
}

/** The hosts of the stack's own Gateway: services' route hosts and edge routes' hosts. */
function routedHosts(props: Obj): string[] {
  const services = Array.isArray(props.services) ? (props.services as unknown[]) : [];
  const edge = (props.edge ?? {}) as Obj;
  const routes = Array.isArray(edge.routes) ? (edge.routes as unknown[]) : [];
  return [
    ...services.map((s) => ((s as Obj | undefined)?.route as Obj | undefined)?.host),
    ...routes.map((r) => (r as Obj | undefined)?.host),
  ].filter((h): h is string => typeof h === 'string');
}

/** `dr.dns.hosts`: routed host names of the stack's own Gateway besides `name`, each once, in `name`'s zone on GCP too. */
function failoverHosts(p: Problems, props: Obj, dns: Obj): void {
  if (dns.hosts === undefined) return;
  const hosts = arr(p, 'dr.dns.hosts', dns.hosts);
  const routed = routedHosts(props);
  hosts.forEach((h, i) => {
    const path = `dr.dns.hosts[${i}]`;
    if (!str(p, path, h)) return;
    if (!isHostname(h)) p.add(path, h, '{value} must be a host name such as "api.example.com" (lowercase, no wildcard)');
    else if (h === dns.name) p.add(path, h, '{value} is dr.dns.name itself: list the other hosts only');
    else if (!routed.includes(h)) p.add(path, h, '{value} is the host of no route: a host that fails over must be served by both regions');
  });
  unique(
    p,
    'dr.dns.hosts',
    hosts.filter((h): h is string => typeof h === 'string'),
    'host',
  );
}

/** A Cloud DNS managed zone name. */
const MANAGED_ZONE = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** True when `v` is a dotted-quad IPv4 address. */
function isIpv4(v: string): boolean {
  const parts = v.split('.');
  return parts.length === 4 && parts.every((x) => /^(0|[1-9][0-9]{0,2})$/.test(x) && Number(x) <= 255);
}

/** Re-seeds of the database pair: a count, with a standby region and a database to re-seed. */
function reseeds(p: Problems, props: Obj, d: Obj): void {
  if (d.reseeds === undefined || !int(p, 'dr.reseeds', d.reseeds, 0)) return;
  if (d.standbyRegion === undefined) p.add('dr.reseeds', d.reseeds, 'there is no standby region: set dr.standbyRegion or drop dr.reseeds');
  if (props.postgres === undefined) p.add('dr.reseeds', d.reseeds, 'there is no PostgreSQL to re-seed: define postgres or drop dr.reseeds');
}

/** The block of an IPv4 CIDR, or the problem with it at `path` (not a CIDR, not the first address of its block). */
function silently<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

function cidrBlock(p: Problems, path: string, v: string): Ipv4Block | undefined {
  if (!isCidr(v)) {
    p.add(path, v, '{value} must be an IPv4 CIDR such as "10.1.0.0/16"');
    return undefined;
  }
  try {
    return parseCidr(v);
  } catch (e) {
    p.add(path, v, (e as Error).message);
    return undefined;
  }
}

/**
 * The standby VPC's range on AWS (`dr.aws.standbyNetworkCidr`, else derived from the primary's): the two VPCs are
 * peered, so the ranges must not overlap. GCP's standby subnet is carved from the stack's VPC instead, and reads
 * no `dr.aws` (a spec shared by both clouds may hold it): there it need only be a CIDR.
 */
function standbyNetwork(p: Problems, props: Obj, d: Obj): void {
  const path = 'dr.aws.standbyNetworkCidr';
  const given = obj(p, 'dr.aws', d.aws).standbyNetworkCidr;
  if (given !== undefined && d.standbyRegion === undefined) {
    p.add(path, given, 'there is no standby region: set dr.standbyRegion or drop dr.aws.standbyNetworkCidr');
    return;
  }
  if (given !== undefined && !str(p, path, given)) return;
  if (props.cloud !== 'aws' || d.standbyRegion === undefined) {
    if (given !== undefined) cidrBlock(p, path, given);
    return;
  }
  const primary = resolveCluster(props.cluster as ClusterSpec | undefined, props.cloud as Cloud).networkCidr;
  // a primary range that is no CIDR is reported by the cluster's rules
  if (typeof primary !== 'string' || !isCidr(primary)) return;
  // a misaligned or oversized primary range is reported by the cluster's rules (vpcLayout)
  const primaryBlock = silently(() => parseCidr(primary));
  if (typeof given === 'string') {
    const block = cidrBlock(p, path, given);
    if (block && primaryBlock && overlaps(block, primaryBlock))
      p.add(path, given, `{value} overlaps cluster.networkCidr (${primary}): the peered VPCs need distinct ranges`);
    if (block) vpcLayout(p, path, given, ((props.cluster ?? {}) as Obj).availabilityZones);
    return;
  }
  if (!primaryBlock) return;
  try {
    standbyNetworkCidr(primary);
  } catch (e) {
    p.add(path, given, (e as Error).message);
  }
}

/** The standby region's roles: mode, active region and failover DNS (Route 53 on AWS, Cloud DNS on GCP). */
function standby(p: Problems, props: Obj, d: Obj): void {
  const standbyRegion = typeof d.standbyRegion === 'string' ? d.standbyRegion : undefined;
  const regions = [props.region, standbyRegion].filter((r): r is string => typeof r === 'string');
  const gcp = props.cloud === 'gcp';
  if (d.mode !== undefined) {
    if (d.mode !== 'pilot-light' && d.mode !== 'warm-standby') p.add('dr.mode', d.mode, '{value} must be "pilot-light" or "warm-standby"');
    if (d.standbyRegion === undefined) p.add('dr.mode', d.mode, 'there is no standby region: set dr.standbyRegion or drop dr.mode');
  }
  if (d.activeRegion !== undefined && str(p, 'dr.activeRegion', d.activeRegion) && !regions.includes(d.activeRegion)) {
    p.add(
      'dr.activeRegion',
      d.activeRegion,
      `{value} must be the region or the standby region (${regions.map((r) => `"${r}"`).join(' or ')})`,
    );
  }
  reseeds(p, props, d);
  if (d.dns === undefined) return;
  const dns = obj(p, 'dr.dns', d.dns);
  if (d.standbyRegion === undefined)
    p.add('dr.dns', '{...}', 'failover records need a standby region: set dr.standbyRegion or drop dr.dns');
  if (str(p, 'dr.dns.zoneId', dns.zoneId)) {
    if (gcp && !MANAGED_ZONE.test(dns.zoneId)) {
      p.add('dr.dns.zoneId', dns.zoneId, '{value} must be the name of a Cloud DNS managed zone such as "example-com"');
    } else if (!gcp && !ZONE_ID.test(dns.zoneId)) {
      p.add('dr.dns.zoneId', dns.zoneId, '{value} must be a Route 53 hosted zone ID such as "Z0123456789ABCDEFGHIJ"');
    }
  }
  if (str(p, 'dr.dns.name', dns.name)) {
    if (!isHostname(dns.name))
      p.add('dr.dns.name', dns.name, '{value} must be a host name such as "app.example.com" (lowercase, no wildcard)');
    else servedName(p, props, d, dns.name);
  }
  failoverHosts(p, props, dns);
  const targets = obj(p, 'dr.dns.targets', dns.targets);
  for (const [region, target] of Object.entries(targets)) {
    const path = `dr.dns.targets.${region}`;
    if (!regions.includes(region)) p.add(path, target, `${region} is neither the region nor the standby region`);
    if (!str(p, path, target)) continue;
    if (gcp && !isIpv4(target)) {
      p.add(path, target, "{value} must be an IPv4 address: the region's load balancer address (Cloud DNS health-checks addresses)");
    } else if (!gcp && !isHostname(target)) p.add(path, target, '{value} must be a host name, e.g. a load balancer DNS name');
  }
  httpPath(p, 'dr.dns.healthCheckPath', dns.healthCheckPath, true);
  if (typeof dns.healthCheckPath === 'string' && typeof dns.name === 'string')
    healthCheckNotMetrics(p, props, dns.name, dns.healthCheckPath);
}

/**
 * The services that answer `/` of `host`: a service's own route there, or the backends of an edge route of `/`
 * that takes every method and header (as `failoverRoute` picks it).
 */
function servingRoot(props: Obj, host: string): string[] {
  const services = Array.isArray(props.services) ? (props.services as Obj[]) : [];
  const routes = Array.isArray(((props.edge ?? {}) as Obj).routes) ? (((props.edge as Obj).routes as Obj[]) ?? []) : [];
  const own = services.filter((s) => {
    const route = (s?.route ?? undefined) as Obj | undefined;
    return route?.host === host && (route.path ?? '/') === '/';
  });
  const edge = routes.filter((r) => {
    const match = (r?.match ?? {}) as Obj;
    return r?.host === host && (match.path ?? '/') === '/' && match.method === undefined && Object.keys(match.headers ?? {}).length === 0;
  });
  return [
    ...own.map((s) => s.name),
    ...edge.flatMap((r) => (Array.isArray(r.backends) ? (r.backends as Obj[]).map((b) => b?.service) : [])),
  ].filter((n): n is string => typeof n === 'string');
}

/**
 * The health check's path must not be where the checked service serves its metrics: the edge refuses that path
 * on the failover host (the check would never pass), and on AWS the region's own host would serve it over HTTP.
 */
function healthCheckNotMetrics(p: Problems, props: Obj, name: string, path: string): void {
  const services = Array.isArray(props.services) ? (props.services as ServiceSpec[]) : [];
  for (const service of servingRoot(props, name)) {
    const spec = services.find((s) => s?.name === service);
    // a service with ports that are no list is reported by its own rules
    if (!Array.isArray(spec?.ports)) continue;
    const port = spec?.route?.port ?? (spec ? defaultRoutePort(spec) : undefined);
    const metrics = port === undefined ? undefined : servedMetricsPath(spec, port);
    // as backends read paths (any case, percent-encoded), without the query
    if (metrics !== undefined && readUnderPrefix(path.split('?')[0], metrics))
      p.add(
        'dr.dns.healthCheckPath',
        path,
        `{value} is where ${service} serves its metrics, which the edge never serves: check its readiness path`,
      );
  }
}

/**
 * What serves while a region is drained or passive: `drain` needs a standby region to fail over to; a service
 * serves from the replica (`serveFromReplica`) only in a warm standby and when it cannot write (no migration, a
 * read-only database role, no queue, no NATS publish);
 * and a warm standby with a failover record must serve its host's `/` from the replica, or the record would send
 * clients (and the health check) to a region where nothing answers.
 */
function standbyServing(p: Problems, props: Obj, d: Obj): void {
  bool(p, 'dr.drain', d.drain);
  if (d.drain === true && d.standbyRegion === undefined)
    p.add('dr.drain', true, 'there is no standby region to fail over to: set dr.standbyRegion or drop dr.drain');
  const warm = d.standbyRegion !== undefined && d.mode === 'warm-standby';
  const services = Array.isArray(props.services) ? (props.services as unknown[]) : [];
  services.forEach((s, i) => {
    const service = (s ?? {}) as Obj;
    if (service.serveFromReplica !== true) return;
    const path = `services[${i}].serveFromReplica`;
    if (!warm)
      p.add(path, true, "there is no warm standby to serve from: it applies with dr.standbyRegion and dr.mode 'warm-standby'; drop it");
    if (service.migration !== undefined)
      p.add(path, true, 'the service has a migration, which writes: a service that serves from a read-only replica cannot own one');
    const access = ((service.postgres ?? undefined) as Obj | undefined)?.access;
    if (service.postgres !== undefined && access !== 'readonly')
      p.add(
        path,
        true,
        `the service's database role may write (postgres.access ${JSON.stringify(access ?? 'readwrite')}): while its region is drained it would write where the failover loses it; give it postgres.access 'readonly'`,
      );
    if (service.queue !== undefined) p.add(path, true, 'the service works a queue, which writes: it cannot serve from a read-only replica');
    const publish = ((service.nats ?? undefined) as Obj | undefined)?.publish;
    if (Array.isArray(publish) && publish.length > 0)
      p.add(path, true, 'the service publishes to NATS, whose streams a failover loses: a service that serves from the replica only reads');
  });
  const name = ((d.dns ?? {}) as Obj).name;
  if (!warm || typeof name !== 'string') return;
  const readers = new Set(services.filter((s) => (s as Obj | undefined)?.serveFromReplica === true).map((s) => (s as Obj).name));
  for (const service of new Set(servingRoot(props, name)).values()) {
    if (readers.has(service)) continue;
    const i = services.findIndex((s) => (s as Obj | undefined)?.name === service);
    p.add(
      `services[${i}].serveFromReplica`,
      undefined,
      `${service} serves / of the failover host ${name}, where the failover record sends clients (and the health check) in the warm standby: it must serve from the replica (serveFromReplica: true), or they get errors there; use dr.mode 'pilot-light' if it writes`,
    );
  }
}

export function checkDr(p: Problems, props: Obj): void {
  const d = obj(p, 'dr', props.dr);
  objectives(p, props, d);
  cronSchedule(p, 'dr.backupSchedule', d.backupSchedule);
  int(p, 'dr.backupRetentionDays', d.backupRetentionDays, 1);
  regionName(p, 'dr.standbyRegion', d.standbyRegion, props.cloud);
  if (d.standbyRegion !== undefined && d.standbyRegion === props.region) {
    p.add('dr.standbyRegion', d.standbyRegion, '{value} is the primary region: a standby must be elsewhere');
  }
  standby(p, props, d);
  standbyServing(p, props, d);
  standbyNetwork(p, props, d);
  bool(p, 'dr.logicalBackups', d.logicalBackups);
  if (d.logicalBackups === true && props.postgres === undefined) {
    p.add('dr.logicalBackups', true, 'there is no PostgreSQL to back up: define postgres or drop logicalBackups');
  }
  if (d.backupBucket !== undefined && str(p, 'dr.backupBucket', d.backupBucket) && !isBucketName(d.backupBucket)) {
    p.add('dr.backupBucket', d.backupBucket, '{value} must be a bucket name: 3 to 63 lowercase letters, digits, "-" or "."');
  }
  const bucket = d.backupBucket;
  if (
    props.cloud === 'aws' &&
    d.standbyRegion !== undefined &&
    typeof bucket === 'string' &&
    isBucketName(bucket) &&
    !isBucketName(backupReplicaBucket(bucket))
  ) {
    p.add(
      'dr.backupBucket',
      bucket,
      `{value} leaves no room for its replica in the standby region, "${backupReplicaBucket('<bucket>')}" (63 characters at most): 55 at most`,
    );
  }
  if (d.backupIdentity !== undefined && str(p, 'dr.backupIdentity', d.backupIdentity) && !isCloudIdentity(d.backupIdentity)) {
    p.add('dr.backupIdentity', d.backupIdentity, '{value} must be an IAM role ARN (AWS) or a Google service account email (GCP)');
  }
  restoreDrill(p, d);
}
