/** Rules for one service, in isolation from the rest of the stack. */
import type { ResourcesSpec } from '../spec/service';
import { type ResolvedResources, serviceReplicas, serviceResources, terminationGracePeriodSeconds } from '../resolve';
import { portProtocol } from '../ports';
import { ENV_NAME, imageProblem, isDns1123Subdomain, isCloudIdentity, isPortName, isSecretLikeEnvName } from '../names';
import { parseQuantity } from '../quantity';
import { isUnresolved } from '../tokens';
import { isCidr } from '../formats';
import { POSTGRES_CA_DIR } from '../datastore-connection';
import { MAX_CLIENT_NAME } from '../postgres-roles';
import { MAX_REPLICAS, arr, bool, dnsLabel, httpPath, int, isObject, num, obj, quantity, str, strings, unique } from './checks';
import { cloudAccess } from './cloud-access';
import { rbacRules } from './rbac';
import { checkServiceMonitoring } from './monitoring';
import { checkServiceRoute } from './edge';
import type { Problems } from './problems';

function ports(p: Problems, path: string, v: unknown): void {
  const items = arr(p, path, v);
  items.forEach((port, i) => {
    if (!isObject(port)) p.add(`${path}[${i}]`, port, '{value} must be an object with a name and a port');
  });
  const list = items.filter(isObject);
  items.forEach((port, i) => {
    if (!isObject(port)) return;
    if (str(p, `${path}[${i}].name`, port.name) && !isPortName(port.name)) {
      p.add(
        `${path}[${i}].name`,
        port.name,
        '{value} must be an IANA service name: at most 15 lowercase letters, digits or "-", with a letter',
      );
    }
    if (port.port === undefined) p.add(`${path}[${i}].port`, undefined, 'a port number is required');
    else int(p, `${path}[${i}].port`, port.port, 1, 65535);
    if (port.protocol !== undefined && !['http', 'grpc', 'tcp'].includes(port.protocol as string)) {
      p.add(`${path}[${i}].protocol`, port.protocol, '{value} must be "http", "grpc" or "tcp"');
    }
  });
  unique(
    p,
    path,
    list.map((x) => x.name).filter((x): x is string => typeof x === 'string'),
    'port name',
  );
  unique(
    p,
    path,
    list.map((x) => x.port).filter((x): x is number => typeof x === 'number'),
    'port',
  );
}

function probe(p: Problems, path: string, v: unknown, portNames: ReadonlySet<string>, portNumbers: ReadonlySet<number>): void {
  if (v === undefined) return;
  const pr = obj(p, path, v);
  if (!isObject(v)) return;
  for (const f of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold']) {
    int(p, `${path}.${f}`, pr[f], f === 'initialDelaySeconds' ? 0 : 1);
  }
  switch (pr.type) {
    case 'http':
      httpPath(p, `${path}.path`, pr.path, true, true);
      break;
    case 'grpc':
    case 'tcp':
      break;
    case 'exec':
      if (strings(p, `${path}.command`, pr.command).length === 0) p.add(`${path}.command`, pr.command, 'an exec probe needs a command');
      return;
    default:
      p.add(`${path}.type`, pr.type, '{value} must be "http", "grpc", "tcp" or "exec"');
      return;
  }
  const port = pr.port;
  if (port === undefined) {
    if (pr.type === 'tcp') p.add(`${path}.port`, port, 'a tcp probe needs a port');
    else if (portNames.size === 0) p.add(`${path}.port`, port, `a ${pr.type} probe needs a port and the service exposes none`);
    return;
  }
  if (isUnresolved(port)) return;
  const known = typeof port === 'number' ? portNumbers.has(port) : typeof port === 'string' && portNames.has(port);
  if (!known) p.add(`${path}.port`, port, "{value} is not one of the service's ports");
}

/**
 * The requests and limits of a container: quantities, a memory limit when limits are given, and each request
 * at most the limit the container gets (`withDefaults`: the resolver of a service's or a cron job's resources).
 */
export function resources(p: Problems, path: string, v: unknown, withDefaults: (r: ResourcesSpec | undefined) => ResolvedResources): void {
  const r = obj(p, path, v);
  const given = withDefaults(isObject(v) ? (v as ResourcesSpec) : undefined);
  const req = obj(p, `${path}.requests`, r.requests);
  const lim = obj(p, `${path}.limits`, r.limits);
  for (const k of ['cpu', 'memory'] as const) {
    const request = quantity(p, `${path}.requests.${k}`, req[k]) ?? (req[k] === undefined ? undefined : NaN);
    const limit = quantity(p, `${path}.limits.${k}`, lim[k]);
    const effRequest = req[k] === undefined ? parseQuantity(given.requests[k]) : request;
    // limits given: only those count (a missing memory limit is its own problem); none given: the workload's defaults
    const byDefault = r.limits === undefined && given.limits[k] !== undefined ? parseQuantity(given.limits[k]!) : undefined;
    const effLimit = r.limits === undefined ? byDefault : lim[k] === undefined ? undefined : limit;
    if (effRequest !== undefined && effLimit !== undefined && !Number.isNaN(effRequest) && effRequest > effLimit) {
      p.add(
        `${path}.requests.${k}`,
        req[k] ?? given.requests[k],
        `${k} request {value} must be <= its limit (${String(lim[k] ?? given.limits[k])})`,
      );
    }
  }
  if (r.limits !== undefined && isObject(r.limits) && lim.memory === undefined) {
    p.add(`${path}.limits.memory`, undefined, 'a memory limit is required (an unbounded container can take its node down)');
  }
}

function autoscaling(p: Problems, path: string, v: unknown): void {
  if (v === undefined) return;
  const a = obj(p, path, v);
  if (!isObject(v)) return;
  const min = a.minReplicas;
  const max = a.maxReplicas;
  if (min === undefined) p.add(`${path}.minReplicas`, min, 'minReplicas is required');
  if (max === undefined) p.add(`${path}.maxReplicas`, max, 'maxReplicas is required');
  const okMin = int(p, `${path}.minReplicas`, min, 1, MAX_REPLICAS);
  const okMax = int(p, `${path}.maxReplicas`, max, 1, MAX_REPLICAS);
  if (okMin && okMax && min > max)
    p.add(path, { minReplicas: min, maxReplicas: max }, `minReplicas (${min}) must be <= maxReplicas (${max})`);
  num(p, `${path}.cpuUtilization`, a.cpuUtilization, 1, 100, '{value} must be a percentage between 1 and 100');
  num(p, `${path}.memoryUtilization`, a.memoryUtilization, 1, 100, '{value} must be a percentage between 1 and 100');
  for (const dir of ['scaleUp', 'scaleDown']) {
    const b = obj(p, `${path}.${dir}`, a[dir]);
    int(p, `${path}.${dir}.stabilizationWindowSeconds`, b.stabilizationWindowSeconds, 0, 3600);
    arr(p, `${path}.${dir}.policies`, b.policies).forEach((pol, i) => {
      const pp = obj(p, `${path}.${dir}.policies[${i}]`, pol);
      if (pp.type !== 'Percent' && pp.type !== 'Pods')
        p.add(`${path}.${dir}.policies[${i}].type`, pp.type, '{value} must be "Percent" or "Pods"');
      int(p, `${path}.${dir}.policies[${i}].value`, pp.value ?? NaN, 1);
      int(p, `${path}.${dir}.policies[${i}].periodSeconds`, pp.periodSeconds ?? NaN, 1, 1800);
    });
  }
}

export function secretEnv(p: Problems, path: string, v: unknown): void {
  for (const [k, ref] of Object.entries(obj(p, path, v))) {
    if (!ENV_NAME.test(k)) p.add(`${path}.${k}`, k, '{value} is not a valid environment variable name');
    const r = obj(p, `${path}.${k}`, ref);
    str(p, `${path}.${k}.secret`, r.secret);
    str(p, `${path}.${k}.key`, r.key);
  }
}

export function image(p: Problems, path: string, v: unknown): void {
  if (str(p, path, v)) {
    const why = imageProblem(v);
    if (why) p.add(path, v, `{value} ${why}`);
  }
}

export function clients(p: Problems, path: string, s: Record<string, unknown>): void {
  if (isObject(s.postgres)) {
    const access = s.postgres.access;
    if (access !== undefined && access !== 'readwrite' && access !== 'readonly' && access !== 'owner')
      p.add(`${path}.postgres.access`, access, '{value} must be "readwrite", "readonly" or "owner"');
    if (typeof s.name === 'string' && s.name.length > MAX_CLIENT_NAME)
      p.add(
        `${path}.name`,
        s.name,
        `{value} is too long for a user of PostgreSQL: at most ${MAX_CLIENT_NAME} characters, so that its login role fits PostgreSQL's 63-byte names`,
      );
  }
  for (const client of ['postgres', 'redis'] as const) {
    const c = obj(p, `${path}.${client}`, s[client]);
    int(p, `${path}.${client}.maxConnections`, c.maxConnections, 1);
    for (const [k, e] of Object.entries(obj(p, `${path}.${client}.env`, c.env))) {
      if (typeof e !== 'string' || !ENV_NAME.test(e))
        p.add(`${path}.${client}.env.${k}`, e, '{value} is not a valid environment variable name');
    }
  }
}

export function egress(p: Problems, path: string, v: unknown): void {
  arr(p, path, v).forEach((e, i) => {
    const o = obj(p, `${path}[${i}]`, e);
    const kinds = ['internet', 'cidr', 'namespace'].filter((k) => o[k] !== undefined);
    // (an item that is no object is reported as such, not also as naming no destination)
    if (kinds.length !== 1 && isObject(e))
      p.add(`${path}[${i}]`, e, 'an egress rule names exactly one of "internet", "cidr" or "namespace"');
    if (o.internet !== undefined && o.internet !== true)
      p.add(`${path}[${i}].internet`, o.internet, '{value} must be true (leave the rule out for no internet)');
    if (o.cidr !== undefined && !(typeof o.cidr === 'string' && isCidr(o.cidr)))
      p.add(`${path}[${i}].cidr`, o.cidr, '{value} must be an IPv4 CIDR such as "10.0.0.0/16"');
    if (o.namespace !== undefined) dnsLabel(p, `${path}[${i}].namespace`, o.namespace);
    if (o.ports === undefined) return;
    const ports = arr(p, `${path}[${i}].ports`, o.ports);
    // (a ports that is no list is reported as such, not also as empty)
    if (ports.length === 0 && Array.isArray(o.ports))
      p.add(`${path}[${i}].ports`, o.ports, 'an empty list admits nothing: list the ports, or leave ports out for every port');
    ports.forEach((port, j) => int(p, `${path}[${i}].ports[${j}]`, port ?? NaN, 1, 65535));
  });
}

export function env(p: Problems, path: string, v: unknown): void {
  for (const [k, val] of Object.entries(obj(p, path, v))) {
    if (!ENV_NAME.test(k)) p.add(`${path}.${k}`, k, '{value} is not a valid environment variable name');
    if (typeof val !== 'string') {
      p.add(`${path}.${k}`, val, '{value} must be a string');
      continue;
    }
    if (isUnresolved(val)) continue;
    // the value itself is checked with every string of the spec (plaintext.ts)
    if (isSecretLikeEnvName(k)) {
      p.add(`${path}.${k}`, '<redacted>', `"${k}" names a secret: a literal value is not allowed, read it from a secret with secretEnv`);
    }
  }
}

/** A container path: absolute, without `.` or `..` segments (the kubelet refuses `..` in a mountPath). */
function containerPath(p: Problems, path: string, v: unknown): v is string {
  if (!str(p, path, v)) return false;
  if (v.startsWith('/') && !v.split('/').some((seg) => seg === '.' || seg === '..')) return true;
  p.add(path, v, '{value} must be an absolute path without "." or ".." segments');
  return false;
}

/** Every path mounted into the service's container, once each: two volumes on one path fail the pod. */
function mounts(p: Problems, path: string, s: Record<string, unknown>): void {
  const at = (v: unknown, field: string): [string, string][] => (containerPath(p, field, v) ? [[v.replace(/\/+$/, '') || '/', field]] : []);
  const all: [string, string][] = [
    ...arr(p, `${path}.secretMounts`, s.secretMounts).flatMap((m, i) =>
      isObject(m) ? at(m.mountPath, `${path}.secretMounts[${i}].mountPath`) : [],
    ),
    ...(isObject(s.configFiles) ? at(s.configFiles.mountPath, `${path}.configFiles.mountPath`) : []),
    ...(isObject(s.storage) ? at(s.storage.mountPath, `${path}.storage.mountPath`) : []),
    ...strings(p, `${path}.writablePaths`, s.writablePaths).flatMap((w, i) => at(w, `${path}.writablePaths[${i}]`)),
  ];
  // the library's own mount: the PostgreSQL server CA the connection URL names
  const first = new Map<string, string>(isObject(s.postgres) ? [[POSTGRES_CA_DIR, `${path}.postgres (its server CA)`]] : []);
  for (const [mount, field] of all) {
    const earlier = first.get(mount);
    if (earlier) p.add(field, mount, `{value} is also mounted by ${earlier}: two volumes cannot share a path`);
    else first.set(mount, field);
  }
}

/** Checks one service on its own. */
export function checkService(p: Problems, path: string, s: Record<string, unknown>): void {
  dnsLabel(p, `${path}.name`, s.name);
  image(p, `${path}.image`, s.image);
  if (s.role !== undefined && s.role !== 'server' && s.role !== 'worker')
    p.add(`${path}.role`, s.role, '{value} must be "server" or "worker"');
  strings(p, `${path}.command`, s.command);
  arr(p, `${path}.args`, s.args).forEach((a, i) => typeof a !== 'string' && p.add(`${path}.args[${i}]`, a, '{value} must be a string'));
  ports(p, `${path}.ports`, s.ports);
  const portList = Array.isArray(s.ports) ? s.ports.filter(isObject) : [];
  const portNames = new Set(portList.map((x) => x.name).filter((x): x is string => typeof x === 'string'));
  const portNumbers = new Set(portList.map((x) => x.port).filter((x): x is number => typeof x === 'number'));

  int(p, `${path}.replicas`, s.replicas, 1, MAX_REPLICAS);
  if (s.replicas !== undefined && s.autoscaling !== undefined) {
    p.add(
      `${path}.replicas`,
      s.replicas,
      'replicas and autoscaling are mutually exclusive: an HPA owns the replica count (set autoscaling.minReplicas instead)',
    );
  }
  autoscaling(p, `${path}.autoscaling`, s.autoscaling);
  resources(p, `${path}.resources`, s.resources, serviceResources);

  const probes = obj(p, `${path}.probes`, s.probes);
  for (const k of ['liveness', 'readiness', 'startup']) probe(p, `${path}.probes.${k}`, probes[k], portNames, portNumbers);
  const servesHttpOrGrpc = portList.some((x) => x.name !== 'metrics' && portProtocol(x as never) !== 'tcp');
  if (!servesHttpOrGrpc && probes.liveness === undefined) {
    p.add(`${path}.probes.liveness`, undefined, 'a liveness probe is required: the service has no http or grpc port to derive one from');
  }

  env(p, `${path}.env`, s.env);
  secretEnv(p, `${path}.secretEnv`, s.secretEnv);
  arr(p, `${path}.secretMounts`, s.secretMounts).forEach((m, i) => {
    const mm = obj(p, `${path}.secretMounts[${i}]`, m);
    str(p, `${path}.secretMounts[${i}].secret`, mm.secret);
    int(p, `${path}.secretMounts[${i}].mode`, mm.mode, 0, 0o777);
  });
  if (s.configFiles !== undefined) {
    const cf = obj(p, `${path}.configFiles`, s.configFiles);
    for (const [f, c] of Object.entries(obj(p, `${path}.configFiles.files`, cf.files))) {
      if (!/^[-._a-zA-Z0-9]+$/.test(f))
        p.add(`${path}.configFiles.files`, f, 'file name {value} must consist of letters, digits, "-", "_" or "."');
      if (typeof c !== 'string') p.add(`${path}.configFiles.files.${f}`, c, '{value} must be a string');
    }
  }
  mounts(p, path, s);
  if (s.storage !== undefined) {
    const st = obj(p, `${path}.storage`, s.storage);
    if (str(p, `${path}.storage.size`, st.size)) quantity(p, `${path}.storage.size`, st.size);
    if (st.storageClass !== undefined && str(p, `${path}.storage.storageClass`, st.storageClass) && !isDns1123Subdomain(st.storageClass))
      p.add(`${path}.storage.storageClass`, st.storageClass, '{value} must be a StorageClass name (a DNS-1123 subdomain)');
  }

  checkServiceRoute(p, path, s);

  int(p, `${path}.maxSurge`, s.maxSurge, 0);
  int(p, `${path}.maxUnavailable`, s.maxUnavailable, 0);
  if (s.maxSurge === 0 && (s.maxUnavailable ?? 0) === 0)
    p.add(`${path}.maxSurge`, 0, 'maxSurge and maxUnavailable cannot both be 0: the rollout could never progress');
  if (s.antiAffinity !== undefined && s.antiAffinity !== 'required' && s.antiAffinity !== 'preferred') {
    p.add(`${path}.antiAffinity`, s.antiAffinity, '{value} must be "required" or "preferred"');
  }
  int(p, `${path}.terminationGracePeriodSeconds`, s.terminationGracePeriodSeconds, 1);
  int(p, `${path}.preStopSleepSeconds`, s.preStopSleepSeconds, 0);
  if (
    typeof s.preStopSleepSeconds === 'number' &&
    s.preStopSleepSeconds >=
      terminationGracePeriodSeconds(typeof s.terminationGracePeriodSeconds === 'number' ? s.terminationGracePeriodSeconds : undefined)
  ) {
    p.add(
      `${path}.preStopSleepSeconds`,
      s.preStopSleepSeconds,
      '{value} must be shorter than terminationGracePeriodSeconds, or the app never gets SIGTERM in time to drain',
    );
  }
  if (s.runAsUser === 0) p.add(`${path}.runAsUser`, 0, 'containers must not run as root (UID 0)');
  else int(p, `${path}.runAsUser`, s.runAsUser, 1);

  rbacRules(p, `${path}.rbac`, s.rbac);
  bool(p, `${path}.serveFromReplica`, s.serveFromReplica);

  if (s.metrics !== undefined) {
    const m = obj(p, `${path}.metrics`, s.metrics);
    if (str(p, `${path}.metrics.port`, m.port) && !portNames.has(m.port))
      p.add(`${path}.metrics.port`, m.port, "{value} is not one of the service's port names");
    httpPath(p, `${path}.metrics.path`, m.path, false);
  }
  clients(p, path, s);
  egress(p, `${path}.egress`, s.egress);
  minAvailable(p, path, s);
  checkServiceMonitoring(p, path, s, s.metrics !== undefined || portNames.has('metrics'));
  if (s.cloudIdentity !== undefined && str(p, `${path}.cloudIdentity`, s.cloudIdentity)) {
    if (!isCloudIdentity(s.cloudIdentity))
      p.add(`${path}.cloudIdentity`, s.cloudIdentity, '{value} must be an IAM role ARN (AWS) or a Google service account email (GCP)');
  }
  if (s.cloudAccess !== undefined) cloudAccess(p, path, s);
  if (s.migration !== undefined) {
    const m = obj(p, `${path}.migration`, s.migration);
    if (strings(p, `${path}.migration.command`, m.command).length === 0)
      p.add(`${path}.migration.command`, m.command, 'a migration needs a command');
    strings(p, `${path}.migration.args`, m.args);
    if (m.image !== undefined) image(p, `${path}.migration.image`, m.image);
    int(p, `${path}.migration.timeoutSeconds`, m.timeoutSeconds, 30, 86400);
    int(p, `${path}.migration.backoffLimit`, m.backoffLimit, 0, 10);
    if (typeof s.name === 'string' && s.name.length > 46)
      p.add(
        `${path}.name`,
        s.name,
        '{value} is too long for a service with a migration: at most 46 characters, so that "<name>-migrate-<hash>" fits in 63',
      );
  }
}

/** A minAvailable that leaves no pod evictable blocks every node drain. */
function minAvailable(p: Problems, path: string, s: Record<string, unknown>): void {
  if (!int(p, `${path}.minAvailable`, s.minAvailable, 0)) return;
  const floor = isObject(s.autoscaling)
    ? s.autoscaling.minReplicas
    : isObject(s.queue)
      ? s.queue.minReplicas
      : serviceReplicas(s.replicas as number | undefined);
  if (typeof floor === 'number' && s.minAvailable >= floor) {
    p.add(
      `${path}.minAvailable`,
      s.minAvailable,
      `{value} would block node drains: it must be below the replica count (${floor}) so one pod can always be evicted`,
    );
  }
}
