/**
 * The rules of one service (lib/core/validation/service.ts, checkService), each stated by a failing input, the
 * exact problem (path and rule) it produces, and the corrected input, which has no problem at that path. The
 * service is checked on its own, as the stack's check does for each of its services, at services[0].
 */
import { check, formatProblem } from 'production-stack';
import { checkService } from '../../lib/core/validation/service';
import { Problems } from '../../lib/core/validation/problems';
import { api, broken, worker } from '../support/spec';

type Service = Record<string, unknown>;

/** The rules a service breaks at exactly `path`. */
function rulesAt(service: Service, path: string): string[] {
  const p = new Problems();
  checkService(p, 'services[0]', service);
  return p.all.filter((x) => x.path === path).map((x) => x.rule);
}

/** The api of the base spec (three named ports, autoscaling, config files, PostgreSQL, a migration) plus `patch`. */
const apiWith = (patch: Service): Service => ({ ...api, ...patch });
/** The worker of the base spec (no ports, an exec liveness probe, storage, an egress rule) plus `patch`. */
const workerWith = (patch: Service): Service => ({ ...worker, ...patch });

test('the base services break no rule on their own', () => {
  for (const service of [api, worker]) {
    const p = new Problems();
    checkService(p, 'services[0]', service as unknown as Service);
    expect(p.all).toEqual([]);
  }
});

const NOT_A_QUANTITY = 'is not a Kubernetes quantity (e.g. "500m", "2", "512Mi", "4Gi")';

type Case = [rule: string, bad: Service, good: Service, path: string, problem: string];

/** Every problem of a service names a field of that service. */
function paths(service: Service): string[] {
  const p = new Problems();
  checkService(p, 'services[0]', service);
  return p.all.map((x) => x.path);
}

function table(cases: Case[]): void {
  test.each<Case>(cases)('%s', (_rule, bad, good, path, problem) => {
    expect(rulesAt(bad, path)).toEqual([problem]);
    expect(rulesAt(good, path)).toEqual([]);
    for (const at of paths(bad)) expect(at).toMatch(/^services\[0\][.[]/);
  });
}

describe('ports', () => {
  table([
    [
      'a port is an object',
      apiWith({ ports: ['http'] }),
      apiWith({ ports: [{ name: 'http', port: 8080 }] }),
      'services[0].ports[0]',
      '"http" must be an object with a name and a port',
    ],
    [
      'a port needs a number',
      apiWith({ ports: [{ name: 'http' }] }),
      apiWith({ ports: [{ name: 'http', port: 8080 }] }),
      'services[0].ports[0].port',
      'a port number is required',
    ],
    [
      'port 65535 is the highest; 65536 is refused',
      apiWith({ ports: [{ name: 'http', port: 65536 }] }),
      apiWith({ ports: [{ name: 'http', port: 65535 }] }),
      'services[0].ports[0].port',
      '65536 must be an integer between 1 and 65535',
    ],
    [
      'port 1 is the lowest; 0 is refused',
      apiWith({ ports: [{ name: 'http', port: 0 }] }),
      apiWith({ ports: [{ name: 'http', port: 1 }] }),
      'services[0].ports[0].port',
      '0 must be an integer between 1 and 65535',
    ],
    [
      'a protocol is http, grpc or tcp',
      apiWith({ ports: [{ name: 'http', port: 8080, protocol: 'udp' }] }),
      apiWith({ ports: [{ name: 'http', port: 8080, protocol: 'tcp' }] }),
      'services[0].ports[0].protocol',
      '"udp" must be "http", "grpc" or "tcp"',
    ],
    [
      'a port name is at most 15 characters (an IANA service name)',
      apiWith({ ports: [{ name: 'abcdefghijklmnop', port: 8080 }] }),
      apiWith({ ports: [{ name: 'abcdefghijklmno', port: 8080 }] }),
      'services[0].ports[0].name',
      '"abcdefghijklmnop" must be an IANA service name: at most 15 lowercase letters, digits or "-", with a letter',
    ],
  ]);

  test('a port that is not an object is reported once, and the other ports are still checked', () => {
    const spec = apiWith({ ports: [7, { name: 'http', port: 0 }] });
    expect(rulesAt(spec, 'services[0].ports[0]')).toEqual(['7 must be an object with a name and a port']);
    expect(rulesAt(spec, 'services[0].ports[1].port')).toEqual(['0 must be an integer between 1 and 65535']);
  });
});

describe('probes', () => {
  const liveness = (fields: Record<string, unknown>): Service =>
    apiWith({ probes: { liveness: { type: 'http', path: '/healthz', ...fields } } });
  table([
    [
      'initialDelaySeconds may be 0; -1 is refused',
      liveness({ initialDelaySeconds: -1 }),
      liveness({ initialDelaySeconds: 0 }),
      'services[0].probes.liveness.initialDelaySeconds',
      '-1 must be an integer >= 0',
    ],
    ...['periodSeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold'].map((f): Case => [
      `${f} is at least 1; 0 is refused`,
      liveness({ [f]: 0 }),
      liveness({ [f]: 1 }),
      `services[0].probes.liveness.${f}`,
      '0 must be an integer >= 1',
    ]),
    [
      'a timing is a whole number of seconds',
      liveness({ periodSeconds: 1.5 }),
      liveness({ periodSeconds: 2 }),
      'services[0].probes.liveness.periodSeconds',
      '1.5 must be an integer >= 1',
    ],
    [
      'a probe is an object',
      apiWith({ probes: { readiness: 'http' } }),
      apiWith({ probes: { readiness: { type: 'http', path: '/readyz' } } }),
      'services[0].probes.readiness',
      '"http" must be an object',
    ],
    [
      'a probe type is http, grpc, tcp or exec',
      apiWith({ probes: { startup: { type: 'ftp' } } }),
      apiWith({ probes: { startup: { type: 'grpc' } } }),
      'services[0].probes.startup.type',
      '"ftp" must be "http", "grpc", "tcp" or "exec"',
    ],
    [
      'an exec probe needs a command',
      apiWith({ probes: { liveness: { type: 'exec', command: [] } } }),
      apiWith({ probes: { liveness: { type: 'exec', command: ['/bin/healthcheck'] } } }),
      'services[0].probes.liveness.command',
      'an exec probe needs a command',
    ],
    [
      'a tcp probe needs a port, even on a service with ports',
      apiWith({ probes: { liveness: { type: 'tcp' } } }),
      apiWith({ probes: { liveness: { type: 'tcp', port: 'grpc' } } }),
      'services[0].probes.liveness.port',
      'a tcp probe needs a port',
    ],
    [
      'an http probe of a service without ports needs a port',
      workerWith({ probes: { liveness: { type: 'http', path: '/healthz' } } }),
      workerWith({ probes: { liveness: { type: 'exec', command: ['/bin/healthcheck'] } } }),
      'services[0].probes.liveness.port',
      'a http probe needs a port and the service exposes none',
    ],
    [
      "a probe's port number is one of the service's ports",
      liveness({ port: 8081 }),
      liveness({ port: 8080 }),
      'services[0].probes.liveness.port',
      "8081 is not one of the service's ports",
    ],
    [
      "a probe's port name is one of the service's ports",
      liveness({ port: 'admin' }),
      liveness({ port: 'metrics' }),
      'services[0].probes.liveness.port',
      '"admin" is not one of the service\'s ports',
    ],
    [
      'a probe port is a name or a number',
      liveness({ port: true }),
      liveness({ port: 9090 }),
      'services[0].probes.liveness.port',
      "true is not one of the service's ports",
    ],
    [
      'an http probe needs a path',
      apiWith({ probes: { readiness: { type: 'http' } } }),
      apiWith({ probes: { readiness: { type: 'http', path: '/readyz' } } }),
      'services[0].probes.readiness.path',
      'undefined must be a non-empty string',
    ],
    [
      'a service whose only port is metrics (or tcp) needs a liveness probe',
      apiWith({ ports: [{ name: 'metrics', port: 9091 }], probes: undefined, route: undefined, allowFrom: undefined }),
      apiWith({ ports: [{ name: 'http', port: 8080 }], probes: undefined, route: undefined, allowFrom: undefined }),
      'services[0].probes.liveness',
      'a liveness probe is required: the service has no http or grpc port to derive one from',
    ],
  ]);

  test('a grpc or tcp port other than metrics: a tcp-only service needs a liveness probe too', () => {
    const tcpOnly = apiWith({ ports: [{ name: 'redis', port: 6379, protocol: 'tcp' }], route: undefined, allowFrom: undefined });
    expect(rulesAt(tcpOnly, 'services[0].probes.liveness')).toEqual([
      'a liveness probe is required: the service has no http or grpc port to derive one from',
    ]);
  });
});

describe('resources', () => {
  const res = (resources: unknown): Service => apiWith({ resources });
  table([
    [
      'a CPU request equal to its limit is valid; one above is refused',
      res({ requests: { cpu: '2001m' }, limits: { cpu: '2', memory: '1Gi' } }),
      res({ requests: { cpu: '2000m' }, limits: { cpu: '2', memory: '1Gi' } }),
      'services[0].resources.requests.cpu',
      'cpu request "2001m" must be <= its limit (2)',
    ],
    [
      'a decimal quantity compares by value: 1.5Gi equals 1536Mi',
      res({ requests: { memory: '1537Mi' }, limits: { memory: '1.5Gi' } }),
      res({ requests: { memory: '1536Mi' }, limits: { memory: '1.5Gi' } }),
      'services[0].resources.requests.memory',
      'memory request "1537Mi" must be <= its limit (1.5Gi)',
    ],
    [
      'without limits, the default memory limit (2Gi) bounds a request',
      res({ requests: { memory: '2049Mi' } }),
      res({ requests: { memory: '2Gi' } }),
      'services[0].resources.requests.memory',
      'memory request "2049Mi" must be <= its limit (2Gi)',
    ],
    [
      'without limits, the default CPU limit (2) bounds a request',
      res({ requests: { cpu: '2.5' } }),
      res({ requests: { cpu: '2' } }),
      'services[0].resources.requests.cpu',
      'cpu request "2.5" must be <= its limit (2)',
    ],
    [
      'the default CPU request (500m) is checked against a smaller limit',
      res({ limits: { cpu: '250m', memory: '1Gi' } }),
      res({ limits: { cpu: '500m', memory: '1Gi' } }),
      'services[0].resources.requests.cpu',
      'cpu request "500m" must be <= its limit (250m)',
    ],
    [
      'the default memory request (512Mi) is checked against a smaller limit',
      res({ limits: { memory: '256Mi' } }),
      res({ limits: { memory: '512Mi' } }),
      'services[0].resources.requests.memory',
      'memory request "512Mi" must be <= its limit (256Mi)',
    ],
    [
      'a request is a quantity',
      res({ requests: { cpu: 'two' } }),
      res({ requests: { cpu: '1' } }),
      'services[0].resources.requests.cpu',
      `"two" ${NOT_A_QUANTITY}`,
    ],
    [
      'a limit is a quantity',
      res({ limits: { cpu: '2 cores', memory: '1Gi' } }),
      res({ limits: { cpu: '2', memory: '1Gi' } }),
      'services[0].resources.limits.cpu',
      `"2 cores" ${NOT_A_QUANTITY}`,
    ],
    [
      'a memory limit is required once limits are given',
      res({ limits: { cpu: '1' } }),
      res({ limits: { cpu: '1', memory: '1Gi' } }),
      'services[0].resources.limits.memory',
      'a memory limit is required (an unbounded container can take its node down)',
    ],
    [
      'requests are an object',
      res({ requests: '1' }),
      res({ requests: { cpu: '1' } }),
      'services[0].resources.requests',
      '"1" must be an object',
    ],
  ]);

  test('with limits but no CPU limit, CPU is unbounded: any CPU request passes', () => {
    expect(rulesAt(res({ requests: { cpu: '64' }, limits: { memory: '1Gi' } }), 'services[0].resources.requests.cpu')).toEqual([]);
  });

  test('a malformed request is reported as malformed only, not also as above its limit', () => {
    expect(rulesAt(res({ requests: { memory: '9GB' } }), 'services[0].resources.requests.memory')).toEqual([`"9GB" ${NOT_A_QUANTITY}`]);
  });
});

describe('autoscaling', () => {
  const scaling = (a: Record<string, unknown>): Service => apiWith({ autoscaling: { minReplicas: 3, maxReplicas: 10, ...a } });
  table([
    [
      'minReplicas may equal maxReplicas; above it is refused',
      scaling({ minReplicas: 4, maxReplicas: 3 }),
      scaling({ minReplicas: 3, maxReplicas: 3 }),
      'services[0].autoscaling',
      'minReplicas (4) must be <= maxReplicas (3)',
    ],
    [
      'minReplicas is required',
      apiWith({ autoscaling: { maxReplicas: 10 } }),
      scaling({}),
      'services[0].autoscaling.minReplicas',
      'minReplicas is required',
    ],
    [
      'maxReplicas is required',
      apiWith({ autoscaling: { minReplicas: 3 } }),
      scaling({}),
      'services[0].autoscaling.maxReplicas',
      'maxReplicas is required',
    ],
    [
      'minReplicas is at least 1',
      scaling({ minReplicas: 0 }),
      scaling({ minReplicas: 1 }),
      'services[0].autoscaling.minReplicas',
      '0 must be an integer between 1 and 1000',
    ],
    [
      'maxReplicas is at most 1000',
      scaling({ maxReplicas: 1001 }),
      scaling({ maxReplicas: 1000 }),
      'services[0].autoscaling.maxReplicas',
      '1001 must be an integer between 1 and 1000',
    ],
    [
      'a CPU target is a percentage: 100 is the most',
      scaling({ cpuUtilization: 101 }),
      scaling({ cpuUtilization: 100 }),
      'services[0].autoscaling.cpuUtilization',
      '101 must be a percentage between 1 and 100',
    ],
    [
      'a memory target is a percentage: 1 is the least',
      scaling({ memoryUtilization: 0 }),
      scaling({ memoryUtilization: 1 }),
      'services[0].autoscaling.memoryUtilization',
      '0 must be a percentage between 1 and 100',
    ],
    [
      'a stabilization window is at most an hour',
      scaling({ scaleDown: { stabilizationWindowSeconds: 3601 } }),
      scaling({ scaleDown: { stabilizationWindowSeconds: 3600 } }),
      'services[0].autoscaling.scaleDown.stabilizationWindowSeconds',
      '3601 must be an integer between 0 and 3600',
    ],
    [
      'a scaling policy is Percent or Pods',
      scaling({ scaleUp: { policies: [{ type: 'Percentage', value: 100, periodSeconds: 60 }] } }),
      scaling({ scaleUp: { policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }] } }),
      'services[0].autoscaling.scaleUp.policies[0].type',
      '"Percentage" must be "Percent" or "Pods"',
    ],
    [
      'a scaling policy needs a value of at least 1',
      scaling({ scaleUp: { policies: [{ type: 'Pods', periodSeconds: 60 }] } }),
      scaling({ scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } }),
      'services[0].autoscaling.scaleUp.policies[0].value',
      'null must be an integer >= 1',
    ],
    [
      "a scaling policy's period is 1 to 1800 seconds",
      scaling({ scaleDown: { policies: [{ type: 'Percent', value: 10, periodSeconds: 1801 }] } }),
      scaling({ scaleDown: { policies: [{ type: 'Percent', value: 10, periodSeconds: 1800 }] } }),
      'services[0].autoscaling.scaleDown.policies[0].periodSeconds',
      '1801 must be an integer between 1 and 1800',
    ],
    [
      "a scaling policy's period is required",
      scaling({ scaleDown: { policies: [{ type: 'Percent', value: 10 }] } }),
      scaling({ scaleDown: { policies: [{ type: 'Percent', value: 10, periodSeconds: 1 }] } }),
      'services[0].autoscaling.scaleDown.policies[0].periodSeconds',
      'null must be an integer between 1 and 1800',
    ],
    ['autoscaling is an object', apiWith({ autoscaling: 3 }), scaling({}), 'services[0].autoscaling', '3 must be an object'],
  ]);
});

describe('environment, secrets and datastore clients', () => {
  table([
    [
      'an env var name is a C identifier',
      apiWith({ env: { '1LOG': 'info' } }),
      apiWith({ env: { LOG1: 'info' } }),
      'services[0].env.1LOG',
      '"1LOG" is not a valid environment variable name',
    ],
    [
      'an env var value is a string',
      apiWith({ env: { WORKERS: 4 } }),
      apiWith({ env: { WORKERS: '4' } }),
      'services[0].env.WORKERS',
      '4 must be a string',
    ],
    [
      'a secretEnv name is a C identifier',
      apiWith({ secretEnv: { 'API-TOKEN': { secret: 'shop-secrets', key: 'api-token' } } }),
      apiWith({ secretEnv: { API_TOKEN: { secret: 'shop-secrets', key: 'api-token' } } }),
      'services[0].secretEnv.API-TOKEN',
      '"API-TOKEN" is not a valid environment variable name',
    ],
    [
      'a secretEnv entry names its key',
      apiWith({ secretEnv: { API_TOKEN: { secret: 'shop-secrets' } } }),
      apiWith({ secretEnv: { API_TOKEN: { secret: 'shop-secrets', key: 'api-token' } } }),
      'services[0].secretEnv.API_TOKEN.key',
      'undefined must be a non-empty string',
    ],
    [
      'PostgreSQL access is readwrite, readonly or owner',
      apiWith({ postgres: { access: 'admin' } }),
      apiWith({ postgres: { access: 'owner' } }),
      'services[0].postgres.access',
      '"admin" must be "readwrite", "readonly" or "owner"',
    ],
    [
      'a PostgreSQL client takes at least 1 connection',
      apiWith({ postgres: { maxConnections: 0 } }),
      apiWith({ postgres: { maxConnections: 1 } }),
      'services[0].postgres.maxConnections',
      '0 must be an integer >= 1',
    ],
    [
      'a Redis client takes at least 1 connection',
      apiWith({ redis: { maxConnections: 0 } }),
      apiWith({ redis: { maxConnections: 1 } }),
      'services[0].redis.maxConnections',
      '0 must be an integer >= 1',
    ],
    [
      'a datastore client renames its variables to valid names',
      apiWith({ redis: { env: { url: 'REDIS-URL' } } }),
      apiWith({ redis: { env: { url: 'REDIS_URL' } } }),
      'services[0].redis.env.url',
      '"REDIS-URL" is not a valid environment variable name',
    ],
  ]);

  test('a service with PostgreSQL has a name of at most 59 characters, so that "svc_<name>" fits 63 bytes', () => {
    const named = (n: number): Service =>
      apiWith({ name: 'a'.repeat(n), migration: undefined, route: undefined, allowFrom: undefined, nats: undefined });
    expect(rulesAt(named(60), 'services[0].name')).toEqual([
      `"${'a'.repeat(60)}" is too long for a user of PostgreSQL: at most 59 characters, so that its login role fits PostgreSQL's 63-byte names`,
    ]);
    expect(rulesAt(named(59), 'services[0].name')).toEqual([]);
    // without PostgreSQL, 60 characters are fine (a DNS label takes 63)
    expect(rulesAt({ ...named(60), postgres: undefined }, 'services[0].name')).toEqual([]);
  });
});

describe('egress', () => {
  table([
    [
      'an egress CIDR is an IPv4 CIDR',
      workerWith({ egress: [{ cidr: '10.0.0.0/33', ports: [443] }] }),
      workerWith({ egress: [{ cidr: '10.0.0.0/8', ports: [443] }] }),
      'services[0].egress[0].cidr',
      '"10.0.0.0/33" must be an IPv4 CIDR such as "10.0.0.0/16"',
    ],
    [
      'an egress CIDR is a string',
      workerWith({ egress: [{ cidr: 10, ports: [443] }] }),
      workerWith({ egress: [{ cidr: '10.0.0.0/8', ports: [443] }] }),
      'services[0].egress[0].cidr',
      '10 must be an IPv4 CIDR such as "10.0.0.0/16"',
    ],
    [
      'an egress port is 1-65535',
      workerWith({ egress: [{ cidr: '0.0.0.0/0', ports: [443, 65536] }] }),
      workerWith({ egress: [{ cidr: '0.0.0.0/0', ports: [443, 65535] }] }),
      'services[0].egress[0].ports[1]',
      '65536 must be an integer between 1 and 65535',
    ],
    [
      'an egress port is not null',
      workerWith({ egress: [{ cidr: '0.0.0.0/0', ports: [null] }] }),
      workerWith({ egress: [{ cidr: '0.0.0.0/0', ports: [1] }] }),
      'services[0].egress[0].ports[0]',
      'null must be an integer between 1 and 65535',
    ],
    [
      'an egress rule names one destination',
      workerWith({ egress: [{ ports: [443] }] }),
      workerWith({ egress: [{ internet: true, ports: [443] }] }),
      'services[0].egress[0]',
      'an egress rule names exactly one of "internet", "cidr" or "namespace"',
    ],
    [
      'an egress namespace is a DNS-1123 label',
      workerWith({ egress: [{ namespace: 'Monitoring' }] }),
      workerWith({ egress: [{ namespace: 'monitoring' }] }),
      'services[0].egress[0].namespace',
      '"Monitoring" must be a DNS-1123 label: at most 63 lowercase letters, digits or "-", starting and ending alphanumeric',
    ],
  ]);
});

describe('mounts, config files and storage', () => {
  table([
    [
      'a config file name is letters, digits, "-", "_" or "."',
      apiWith({ configFiles: { mountPath: '/etc/shop', files: { 'conf/app.yaml': 'a: 1\n' } } }),
      apiWith({ configFiles: { mountPath: '/etc/shop', files: { 'app_1-2.yaml': 'a: 1\n' } } }),
      'services[0].configFiles.files',
      'file name "conf/app.yaml" must consist of letters, digits, "-", "_" or "."',
    ],
    [
      "a config file's content is a string",
      apiWith({ configFiles: { mountPath: '/etc/shop', files: { 'app.yaml': 1 } } }),
      apiWith({ configFiles: { mountPath: '/etc/shop', files: { 'app.yaml': '1' } } }),
      'services[0].configFiles.files.app.yaml',
      '1 must be a string',
    ],
    [
      'configFiles is an object',
      apiWith({ configFiles: ['app.yaml'] }),
      apiWith({ configFiles: { mountPath: '/etc/shop', files: {} } }),
      'services[0].configFiles',
      '["app.yaml"] must be an object',
    ],
    [
      'a mount path is absolute',
      apiWith({ configFiles: { mountPath: 'etc/shop', files: {} } }),
      apiWith({ configFiles: { mountPath: '/etc/shop', files: {} } }),
      'services[0].configFiles.mountPath',
      '"etc/shop" must be an absolute path without "." or ".." segments',
    ],
    [
      'a mount path has no ".." segment',
      workerWith({ storage: { size: '20Gi', mountPath: '/var/lib/../worker' } }),
      workerWith({ storage: { size: '20Gi', mountPath: '/var/lib/..worker' } }),
      'services[0].storage.mountPath',
      '"/var/lib/../worker" must be an absolute path without "." or ".." segments',
    ],
    [
      'a mount path has no "." segment',
      apiWith({ secretMounts: [{ secret: 'shop-secrets', mountPath: '/run/./secrets' }] }),
      apiWith({ secretMounts: [{ secret: 'shop-secrets', mountPath: '/run/.secrets' }] }),
      'services[0].secretMounts[0].mountPath',
      '"/run/./secrets" must be an absolute path without "." or ".." segments',
    ],
    [
      'two volumes cannot share a path, a trailing "/" included',
      workerWith({ storage: { size: '20Gi', mountPath: '/data/' }, writablePaths: ['/data'] }),
      workerWith({ storage: { size: '20Gi', mountPath: '/data/' }, writablePaths: ['/scratch'] }),
      'services[0].writablePaths[0]',
      '"/data" is also mounted by services[0].storage.mountPath: two volumes cannot share a path',
    ],
    [
      "the PostgreSQL server CA's directory is the library's own mount",
      apiWith({ configFiles: { mountPath: '/etc/postgres-ca', files: {} } }),
      apiWith({ configFiles: { mountPath: '/etc/postgres-ca-extra', files: {} } }),
      'services[0].configFiles.mountPath',
      '"/etc/postgres-ca" is also mounted by services[0].postgres (its server CA): two volumes cannot share a path',
    ],
    [
      'a secret mount mode is at most 0777',
      apiWith({ secretMounts: [{ secret: 'shop-secrets', mountPath: '/run/x', mode: 0o1000 }] }),
      apiWith({ secretMounts: [{ secret: 'shop-secrets', mountPath: '/run/x', mode: 0o777 }] }),
      'services[0].secretMounts[0].mode',
      '512 must be an integer between 0 and 511',
    ],
    [
      'storage has a size that is a quantity',
      workerWith({ storage: { size: '20GB', mountPath: '/var/lib/worker' } }),
      workerWith({ storage: { size: '1.5Ti', mountPath: '/var/lib/worker' } }),
      'services[0].storage.size',
      `"20GB" ${NOT_A_QUANTITY}`,
    ],
    [
      'storage needs a size',
      workerWith({ storage: { mountPath: '/var/lib/worker' } }),
      workerWith({ storage: { size: '20Gi', mountPath: '/var/lib/worker' } }),
      'services[0].storage.size',
      'undefined must be a non-empty string',
    ],
    [
      'a storage class is a DNS-1123 subdomain',
      workerWith({ storage: { size: '20Gi', mountPath: '/var/lib/worker', storageClass: 'Fast_SSD' } }),
      workerWith({ storage: { size: '20Gi', mountPath: '/var/lib/worker', storageClass: 'fast-ssd.example' } }),
      'services[0].storage.storageClass',
      '"Fast_SSD" must be a StorageClass name (a DNS-1123 subdomain)',
    ],
  ]);

  test('"/" is a mount path like any other: two volumes on "/" collide', () => {
    const spec = workerWith({ storage: { size: '20Gi', mountPath: '/' }, writablePaths: ['//'] });
    expect(rulesAt(spec, 'services[0].writablePaths[0]')).toEqual([
      '"/" is also mounted by services[0].storage.mountPath: two volumes cannot share a path',
    ]);
  });
});

describe('rollout, identity and the rest', () => {
  table([
    [
      'a role is server or worker',
      apiWith({ role: 'cron' }),
      apiWith({ role: 'server' }),
      'services[0].role',
      '"cron" must be "server" or "worker"',
    ],
    [
      'an argument is a string',
      apiWith({ args: ['--port', 8080] }),
      apiWith({ args: ['--port', '8080'] }),
      'services[0].args[1]',
      '8080 must be a string',
    ],
    [
      'maxSurge 0 needs maxUnavailable above 0 (it defaults to 0)',
      apiWith({ maxSurge: 0 }),
      apiWith({ maxSurge: 0, maxUnavailable: 1 }),
      'services[0].maxSurge',
      'maxSurge and maxUnavailable cannot both be 0: the rollout could never progress',
    ],
    [
      'antiAffinity is required or preferred',
      apiWith({ antiAffinity: 'strict' }),
      apiWith({ antiAffinity: 'preferred' }),
      'services[0].antiAffinity',
      '"strict" must be "required" or "preferred"',
    ],
    [
      'the preStop pause is shorter than the default grace period (30 s)',
      apiWith({ preStopSleepSeconds: 30 }),
      apiWith({ preStopSleepSeconds: 29 }),
      'services[0].preStopSleepSeconds',
      '30 must be shorter than terminationGracePeriodSeconds, or the app never gets SIGTERM in time to drain',
    ],
    [
      'the preStop pause is shorter than a given grace period',
      apiWith({ preStopSleepSeconds: 10, terminationGracePeriodSeconds: 10 }),
      apiWith({ preStopSleepSeconds: 9, terminationGracePeriodSeconds: 10 }),
      'services[0].preStopSleepSeconds',
      '10 must be shorter than terminationGracePeriodSeconds, or the app never gets SIGTERM in time to drain',
    ],
    ['a UID is positive', apiWith({ runAsUser: -1 }), apiWith({ runAsUser: 1 }), 'services[0].runAsUser', '-1 must be an integer >= 1'],
    [
      'the metrics port is one of the port names',
      apiWith({ metrics: { port: 'admin' } }),
      apiWith({ metrics: { port: 'metrics' } }),
      'services[0].metrics.port',
      '"admin" is not one of the service\'s port names',
    ],
    [
      'serveFromReplica is a boolean',
      apiWith({ serveFromReplica: 'yes' }),
      apiWith({ serveFromReplica: false }),
      'services[0].serveFromReplica',
      '"yes" must be true or false',
    ],
  ]);
});

describe('migrations', () => {
  const migration = (m: Record<string, unknown>): Service => apiWith({ migration: { command: ['migrate', 'up'], ...m } });
  table([
    [
      'a migration timeout is 30 s to a day',
      migration({ timeoutSeconds: 29 }),
      migration({ timeoutSeconds: 30 }),
      'services[0].migration.timeoutSeconds',
      '29 must be an integer between 30 and 86400',
    ],
    [
      'a migration timeout is at most a day',
      migration({ timeoutSeconds: 86401 }),
      migration({ timeoutSeconds: 86400 }),
      'services[0].migration.timeoutSeconds',
      '86401 must be an integer between 30 and 86400',
    ],
    [
      'a migration retries at most 10 times',
      migration({ backoffLimit: 11 }),
      migration({ backoffLimit: 0 }),
      'services[0].migration.backoffLimit',
      '11 must be an integer between 0 and 10',
    ],
    [
      "a migration's own image is pinned",
      migration({ image: 'registry.example.com/shop/migrate' }),
      migration({ image: 'registry.example.com/shop/migrate:1.0.0' }),
      'services[0].migration.image',
      '"registry.example.com/shop/migrate" must be pinned to a tag or digest',
    ],
  ]);

  test('a service with a migration has a name of at most 46 characters, so that "<name>-migrate-<hash>" fits 63', () => {
    const named = (n: number): Service => apiWith({ name: 'a'.repeat(n), route: undefined, allowFrom: undefined, nats: undefined });
    const rule = `"${'a'.repeat(47)}" is too long for a service with a migration: at most 46 characters, so that "<name>-migrate-<hash>" fits in 63`;
    expect(rulesAt(named(47), 'services[0].name')).toEqual([rule]);
    expect(rulesAt(named(46), 'services[0].name')).toEqual([]);
  });
});

describe('minAvailable', () => {
  table([
    [
      'below the autoscaling floor',
      apiWith({ minAvailable: 3 }),
      apiWith({ minAvailable: 2 }),
      'services[0].minAvailable',
      '3 would block node drains: it must be below the replica count (3) so one pod can always be evicted',
    ],
    [
      'below the replica count',
      apiWith({ autoscaling: undefined, replicas: 4, minAvailable: 4 }),
      apiWith({ autoscaling: undefined, replicas: 4, minAvailable: 3 }),
      'services[0].minAvailable',
      '4 would block node drains: it must be below the replica count (4) so one pod can always be evicted',
    ],
    [
      'below the default replica count (3)',
      apiWith({ autoscaling: undefined, minAvailable: 3 }),
      apiWith({ autoscaling: undefined, minAvailable: 2 }),
      'services[0].minAvailable',
      '3 would block node drains: it must be below the replica count (3) so one pod can always be evicted',
    ],
    [
      'an integer of at least 0',
      apiWith({ minAvailable: -1 }),
      apiWith({ minAvailable: 0 }),
      'services[0].minAvailable',
      '-1 must be an integer >= 0',
    ],
  ]);
});

describe('a value of the wrong type is reported at its own field', () => {
  table([
    ['name', apiWith({ name: 7 }), apiWith({ name: 'api' }), 'services[0].name', '7 must be a non-empty string'],
    [
      'image',
      apiWith({ image: 7 }),
      apiWith({ image: 'registry.example.com/shop/api:1.4.2' }),
      'services[0].image',
      '7 must be a non-empty string',
    ],
    ['command', apiWith({ command: 'run' }), apiWith({ command: ['run'] }), 'services[0].command', '"run" must be a list'],
    ['args', apiWith({ args: '--fast' }), apiWith({ args: ['--fast'] }), 'services[0].args', '"--fast" must be a list'],
    [
      'a port name',
      apiWith({ ports: [{ name: 7, port: 8080 }] }),
      apiWith({ ports: [{ name: 'http', port: 8080 }] }),
      'services[0].ports[0].name',
      '7 must be a non-empty string',
    ],
    [
      'replicas',
      apiWith({ autoscaling: undefined, replicas: 'three' }),
      apiWith({ autoscaling: undefined, replicas: 3 }),
      'services[0].replicas',
      '"three" must be an integer between 1 and 1000',
    ],
    ['probes', apiWith({ probes: 'http' }), apiWith({ probes: {} }), 'services[0].probes', '"http" must be an object'],
    [
      "an exec probe's command",
      apiWith({ probes: { liveness: { type: 'exec', command: ['/bin/check', ''] } } }),
      apiWith({ probes: { liveness: { type: 'exec', command: ['/bin/check', '-v'] } } }),
      'services[0].probes.liveness.command[1]',
      '"" must be a non-empty string',
    ],
    [
      'resource limits',
      apiWith({ resources: { limits: '2' } }),
      apiWith({ resources: { limits: { memory: '2Gi' } } }),
      'services[0].resources.limits',
      '"2" must be an object',
    ],
    [
      'a scaling behaviour',
      apiWith({ autoscaling: { minReplicas: 3, maxReplicas: 10, scaleUp: 'fast' } }),
      apiWith({ autoscaling: { minReplicas: 3, maxReplicas: 10, scaleUp: {} } }),
      'services[0].autoscaling.scaleUp',
      '"fast" must be an object',
    ],
    [
      'scaling policies',
      apiWith({ autoscaling: { minReplicas: 3, maxReplicas: 10, scaleDown: { policies: 'slow' } } }),
      apiWith({ autoscaling: { minReplicas: 3, maxReplicas: 10, scaleDown: { policies: [] } } }),
      'services[0].autoscaling.scaleDown.policies',
      '"slow" must be a list',
    ],
    [
      'a scaling policy',
      apiWith({ autoscaling: { minReplicas: 3, maxReplicas: 10, scaleDown: { policies: ['slow'] } } }),
      apiWith({
        autoscaling: { minReplicas: 3, maxReplicas: 10, scaleDown: { policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] } },
      }),
      'services[0].autoscaling.scaleDown.policies[0]',
      '"slow" must be an object',
    ],
    [
      'a secretEnv entry',
      apiWith({ secretEnv: { API_TOKEN: 'shop-secrets/api-token' } }),
      apiWith({ secretEnv: { API_TOKEN: { secret: 'shop-secrets', key: 'api-token' } } }),
      'services[0].secretEnv.API_TOKEN',
      '"shop-secrets/api-token" must be an object',
    ],
    [
      "a secretEnv entry's secret",
      apiWith({ secretEnv: { API_TOKEN: { key: 'api-token' } } }),
      apiWith({ secretEnv: { API_TOKEN: { secret: 'shop-secrets', key: 'api-token' } } }),
      'services[0].secretEnv.API_TOKEN.secret',
      'undefined must be a non-empty string',
    ],
    ['a datastore client', apiWith({ postgres: true }), apiWith({ postgres: {} }), 'services[0].postgres', 'true must be an object'],
    [
      "a datastore client's env",
      apiWith({ redis: { env: 'REDIS_URL' } }),
      apiWith({ redis: { env: {} } }),
      'services[0].redis.env',
      '"REDIS_URL" must be an object',
    ],
    [
      'a secret mount',
      apiWith({ secretMounts: ['shop-secrets'] }),
      apiWith({ secretMounts: [{ secret: 'shop-secrets', mountPath: '/run/x' }] }),
      'services[0].secretMounts[0]',
      '"shop-secrets" must be an object',
    ],
    [
      "a secret mount's secret",
      apiWith({ secretMounts: [{ mountPath: '/run/x' }] }),
      apiWith({ secretMounts: [{ secret: 'shop-secrets', mountPath: '/run/x' }] }),
      'services[0].secretMounts[0].secret',
      'undefined must be a non-empty string',
    ],
    [
      'a mount path',
      apiWith({ configFiles: { mountPath: 7, files: {} } }),
      apiWith({ configFiles: { mountPath: '/etc/shop', files: {} } }),
      'services[0].configFiles.mountPath',
      '7 must be a non-empty string',
    ],
    [
      'config files',
      apiWith({ configFiles: { mountPath: '/etc/shop', files: 'app.yaml' } }),
      apiWith({ configFiles: { mountPath: '/etc/shop', files: { 'app.yaml': '' } } }),
      'services[0].configFiles.files',
      '"app.yaml" must be an object',
    ],
    [
      'storage',
      workerWith({ storage: '20Gi' }),
      workerWith({ storage: { size: '20Gi', mountPath: '/data' } }),
      'services[0].storage',
      '"20Gi" must be an object',
    ],
    [
      'a storage class',
      workerWith({ storage: { size: '20Gi', mountPath: '/data', storageClass: 3 } }),
      workerWith({ storage: { size: '20Gi', mountPath: '/data', storageClass: 'gp3' } }),
      'services[0].storage.storageClass',
      '3 must be a non-empty string',
    ],
    [
      'writable paths',
      apiWith({ writablePaths: '/tmp' }),
      apiWith({ writablePaths: ['/tmp'] }),
      'services[0].writablePaths',
      '"/tmp" must be a list',
    ],
    [
      'maxSurge',
      apiWith({ maxSurge: -1 }),
      apiWith({ maxSurge: 0, maxUnavailable: 1 }),
      'services[0].maxSurge',
      '-1 must be an integer >= 0',
    ],
    [
      'maxUnavailable',
      apiWith({ maxUnavailable: -1 }),
      apiWith({ maxUnavailable: 0 }),
      'services[0].maxUnavailable',
      '-1 must be an integer >= 0',
    ],
    [
      'terminationGracePeriodSeconds',
      apiWith({ terminationGracePeriodSeconds: 0 }),
      apiWith({ terminationGracePeriodSeconds: 1, preStopSleepSeconds: 0 }),
      'services[0].terminationGracePeriodSeconds',
      '0 must be an integer >= 1',
    ],
    [
      'preStopSleepSeconds',
      apiWith({ preStopSleepSeconds: -1 }),
      apiWith({ preStopSleepSeconds: 0 }),
      'services[0].preStopSleepSeconds',
      '-1 must be an integer >= 0',
    ],
    ['rbac', apiWith({ rbac: 'read' }), apiWith({ rbac: [] }), 'services[0].rbac', '"read" must be a list'],
    [
      'metrics',
      apiWith({ metrics: 'metrics' }),
      apiWith({ metrics: { port: 'metrics' } }),
      'services[0].metrics',
      '"metrics" must be an object',
    ],
    [
      'the metrics port',
      apiWith({ metrics: { port: 9091 } }),
      apiWith({ metrics: { port: 'metrics' } }),
      'services[0].metrics.port',
      '9091 must be a non-empty string',
    ],
    [
      'a migration',
      apiWith({ migration: 'migrate up' }),
      apiWith({ migration: { command: ['migrate', 'up'] } }),
      'services[0].migration',
      '"migrate up" must be an object',
    ],
    [
      "a migration's command",
      apiWith({ migration: { command: ['migrate', 7] } }),
      apiWith({ migration: { command: ['migrate', '7'] } }),
      'services[0].migration.command[1]',
      '7 must be a non-empty string',
    ],
    [
      "a migration's args",
      apiWith({ migration: { command: ['migrate'], args: '--up' } }),
      apiWith({ migration: { command: ['migrate'], args: ['--up'] } }),
      'services[0].migration.args',
      '"--up" must be a list',
    ],
  ]);

  // (both the mount rule and the secret rule report it today, so the same problem appears twice; the count is left
  // open so that reporting it once stays valid)
  test('secretMounts that are not a list are reported at secretMounts, and nowhere else', () => {
    expect(new Set(rulesAt(apiWith({ secretMounts: 'shop-secrets' }), 'services[0].secretMounts'))).toEqual(
      new Set(['"shop-secrets" must be a list']),
    );
    expect(new Set(paths(apiWith({ secretMounts: 'shop-secrets' })))).toEqual(new Set(['services[0].secretMounts']));
  });
});

describe('the values each choice takes', () => {
  test.each(['http', 'grpc', 'tcp'])('port protocol %s', (protocol) => {
    expect(rulesAt(apiWith({ ports: [{ name: 'main', port: 8080, protocol }] }), 'services[0].ports[0].protocol')).toEqual([]);
  });
  test.each(['readwrite', 'readonly', 'owner'])('PostgreSQL access %s', (access) => {
    expect(rulesAt(apiWith({ postgres: { access } }), 'services[0].postgres.access')).toEqual([]);
  });
  test.each(['Percent', 'Pods'])('scaling policy type %s', (type) => {
    const autoscaling = { minReplicas: 3, maxReplicas: 10, scaleUp: { policies: [{ type, value: 2, periodSeconds: 60 }] } };
    expect(rulesAt(apiWith({ autoscaling }), 'services[0].autoscaling.scaleUp.policies[0].type')).toEqual([]);
  });
  test.each(['required', 'preferred'])('antiAffinity %s', (antiAffinity) => {
    expect(rulesAt(apiWith({ antiAffinity }), 'services[0].antiAffinity')).toEqual([]);
  });
  test.each(['server', 'worker'])('role %s', (role) => {
    expect(rulesAt(apiWith({ role }), 'services[0].role')).toEqual([]);
  });
  test.each<[string, Service]>([
    ['internet', { internet: true }],
    ['cidr', { cidr: '10.0.0.0/8' }],
    ['namespace', { namespace: 'monitoring' }],
  ])('an egress rule to the %s alone, on every port (ports left out), breaks no rule', (_kind, rule) => {
    expect(paths(workerWith({ egress: [rule] }))).toEqual([]);
  });
});

describe('more service rules', () => {
  table([
    [
      'replicas and autoscaling are mutually exclusive',
      apiWith({ replicas: 3 }),
      apiWith({ replicas: undefined }),
      'services[0].replicas',
      'replicas and autoscaling are mutually exclusive: an HPA owns the replica count (set autoscaling.minReplicas instead)',
    ],
    [
      'internet: false is refused (leave the rule out)',
      workerWith({ egress: [{ internet: false }] }),
      workerWith({ egress: [{ internet: true }] }),
      'services[0].egress[0].internet',
      'false must be true (leave the rule out for no internet)',
    ],
    [
      'an empty egress port list admits nothing',
      workerWith({ egress: [{ cidr: '0.0.0.0/0', ports: [] }] }),
      workerWith({ egress: [{ cidr: '0.0.0.0/0' }] }),
      'services[0].egress[0].ports',
      'an empty list admits nothing: list the ports, or leave ports out for every port',
    ],
    [
      'a secret-like env var has no literal value',
      apiWith({ env: { DB_PASSWORD: 'hunter2' } }),
      apiWith({ env: { DB_PASSWORD: '${TOKEN[Output.1]}' } }),
      'services[0].env.DB_PASSWORD',
      '"DB_PASSWORD" names a secret: a literal value is not allowed, read it from a secret with secretEnv',
    ],
    [
      'the container does not run as root',
      apiWith({ runAsUser: 0 }),
      apiWith({ runAsUser: 10001 }),
      'services[0].runAsUser',
      'containers must not run as root (UID 0)',
    ],
    [
      'a cloud identity is an IAM role ARN or a Google service account',
      apiWith({ cloudIdentity: 'shop-role' }),
      apiWith({ cloudIdentity: 'shop-api@shop-prod.iam.gserviceaccount.com' }),
      'services[0].cloudIdentity',
      '"shop-role" must be an IAM role ARN (AWS) or a Google service account email (GCP)',
    ],
    [
      'a cloud identity is a non-empty string',
      apiWith({ cloudIdentity: '' }),
      apiWith({ cloudIdentity: 'arn:aws:iam::123456789012:role/shop-api' }),
      'services[0].cloudIdentity',
      '"" must be a non-empty string',
    ],
    [
      'a migration needs a command',
      apiWith({ migration: { command: [] } }),
      apiWith({ migration: { command: ['migrate'] } }),
      'services[0].migration.command',
      'a migration needs a command',
    ],
    [
      "an http probe's path may carry a query",
      apiWith({ probes: { liveness: { type: 'http', path: 'healthz?full=1' } } }),
      apiWith({ probes: { liveness: { type: 'http', path: '/healthz?full=1' } } }),
      'services[0].probes.liveness.path',
      '"healthz?full=1" must be an HTTP path such as "/healthz": "/" then letters, digits, "-._~:@+,=" or %XX (no "//", "." or ".." segment, no %2F), then optionally "?" and one query parameter (no "&")',
    ],
    [
      'the metrics path takes no query',
      apiWith({ metrics: { port: 'metrics', path: '/metrics?format=text' } }),
      apiWith({ metrics: { port: 'metrics', path: '/metrics' } }),
      'services[0].metrics.path',
      '"/metrics?format=text" must be an HTTP path such as "/api": "/" then letters, digits, "-._~:@+,=" or %XX (no "//", "." or ".." segment, no %2F), and no query',
    ],
    [
      'an SLO needs a metrics endpoint: a port named metrics',
      apiWith({ ports: [{ name: 'http', port: 8080 }], route: undefined, allowFrom: undefined, slo: { availability: 99.9 } }),
      apiWith({
        ports: [
          { name: 'http', port: 8080 },
          { name: 'metrics', port: 9091 },
        ],
        route: undefined,
        allowFrom: undefined,
        slo: { availability: 99.9 },
      }),
      'services[0].slo',
      'the service exposes no metrics endpoint (no port named "metrics" and no `metrics`), so no SLO can be measured',
    ],
    [
      'an SLO needs a metrics endpoint: or `metrics` naming a port',
      apiWith({ ports: [{ name: 'http', port: 8080 }], route: undefined, allowFrom: undefined, slo: { availability: 99.9 } }),
      apiWith({
        ports: [{ name: 'http', port: 8080 }],
        route: undefined,
        allowFrom: undefined,
        metrics: { port: 'http' },
        slo: { availability: 99.9 },
      }),
      'services[0].slo',
      'the service exposes no metrics endpoint (no port named "metrics" and no `metrics`), so no SLO can be measured',
    ],
  ]);

  test('an autoscaling problem carries the two replica counts as its value', () => {
    const p = new Problems();
    checkService(p, 'services[0]', apiWith({ autoscaling: { minReplicas: 4, maxReplicas: 3 } }));
    expect(p.all.filter((x) => x.path === 'services[0].autoscaling')).toEqual([
      { path: 'services[0].autoscaling', value: { minReplicas: 4, maxReplicas: 3 }, rule: 'minReplicas (4) must be <= maxReplicas (3)' },
    ]);
  });

  test('a cloud identity alone is not a cloud-access conflict: cloudAccess is checked only when given', () => {
    expect(rulesAt(apiWith({ cloudIdentity: 'arn:aws:iam::123456789012:role/shop-api' }), 'services[0].cloudAccess')).toEqual([]);
  });

  test('the problem of a secret-like env var never carries its value', () => {
    const p = new Problems();
    checkService(p, 'services[0]', apiWith({ env: { DB_PASSWORD: 'hunter2' } }));
    expect(p.all.filter((x) => x.path === 'services[0].env.DB_PASSWORD').map((x) => x.value)).toEqual(['<redacted>']);
  });

  test('an egress rule that is not an object, or ports that are not a list, are reported at their own paths', () => {
    expect(rulesAt(workerWith({ egress: ['0.0.0.0/0'] }), 'services[0].egress[0]')).toContain('"0.0.0.0/0" must be an object');
    expect(rulesAt(workerWith({ egress: [{ cidr: '0.0.0.0/0', ports: 443 }] }), 'services[0].egress[0].ports')).toContain(
      '443 must be a list',
    );
    for (const bad of [workerWith({ egress: ['0.0.0.0/0'] }), workerWith({ egress: [{ cidr: '0.0.0.0/0', ports: 443 }] })]) {
      for (const at of paths(bad)) expect(at).toMatch(/^services\[0\]\.egress\[0\]/);
    }
  });

  test('cloud access is checked when given', () => {
    const access = (actions: string[]): Service => apiWith({ cloudAccess: { aws: [{ actions, resources: ['arn:aws:s3:::shop/*'] }] } });
    expect(rulesAt(access(['s3:*']), 'services[0].cloudAccess.aws[0].actions[0]')).toHaveLength(1);
    expect(rulesAt(access(['s3:GetObject']), 'services[0].cloudAccess.aws[0].actions[0]')).toEqual([]);
  });

  test('an http probe without a port on a service with ports takes the first port: no problem', () => {
    expect(rulesAt(apiWith({ probes: { liveness: { type: 'http', path: '/healthz' } } }), 'services[0].probes.liveness.port')).toEqual([]);
  });

  test("a probe port given as a deploy-time token is not checked against the service's ports", () => {
    expect(
      rulesAt(apiWith({ probes: { liveness: { type: 'tcp', port: '${TOKEN[Output.2]}' } } }), 'services[0].probes.liveness.port'),
    ).toEqual([]);
  });

  test('a probe or autoscaling that is not an object is reported once, not also for its missing fields', () => {
    expect(paths(apiWith({ probes: { readiness: 'http' } }))).toEqual(['services[0].probes.readiness']);
    expect(paths(apiWith({ autoscaling: 3 }))).toEqual(['services[0].autoscaling']);
  });

  test('limits that are not an object are reported once, not also as lacking memory', () => {
    expect(paths(apiWith({ resources: { limits: '2' } }))).toEqual(['services[0].resources.limits']);
  });

  test('ports without a name or a number are reported at each port, not as duplicates', () => {
    expect(
      rulesAt(
        apiWith({
          ports: [
            { name: 7, port: '80' },
            { name: 7, port: '80' },
          ],
        }),
        'services[0].ports',
      ),
    ).toEqual([]);
    expect(
      rulesAt(
        apiWith({
          ports: [
            { name: 'http', port: 8080 },
            { name: 'http', port: 8080 },
          ],
        }),
        'services[0].ports',
      ),
    ).toEqual(['port name "http" is used more than once', 'port 8080 is used more than once']);
  });

  test('a port that is not an object does not count as a port: the service still needs a liveness probe', () => {
    expect(
      rulesAt(apiWith({ ports: ['http'], probes: undefined, route: undefined, allowFrom: undefined }), 'services[0].probes.liveness'),
    ).toEqual(['a liveness probe is required: the service has no http or grpc port to derive one from']);
  });

  test('an invalid mount path is not also reported as shared', () => {
    const spec = workerWith({ storage: { size: '20Gi', mountPath: 'data' }, writablePaths: ['data'] });
    expect(rulesAt(spec, 'services[0].writablePaths[0]')).toEqual(['"data" must be an absolute path without "." or ".." segments']);
  });

  test('trailing slashes do not make two paths different: /data// is /data', () => {
    const spec = workerWith({ storage: { size: '20Gi', mountPath: '/data//' }, writablePaths: ['/data'] });
    expect(rulesAt(spec, 'services[0].writablePaths[0]')).toEqual([
      '"/data" is also mounted by services[0].storage.mountPath: two volumes cannot share a path',
    ]);
  });
});

describe('one mistake, one problem', () => {
  test.each([
    ['egress ports given as a number', [{ cidr: '10.0.0.0/8', ports: 443 }], ['services[0].egress[0].ports: 443 must be a list']],
    ['an egress rule that is no object', ['10.0.0.0/8'], ['services[0].egress[0]: "10.0.0.0/8" must be an object']],
  ])('%s is reported once', (_, egress, problems) => {
    const spec = broken((s) => ((s.services as Record<string, unknown>[])[0] = { ...api, egress }));
    expect(check(spec as never).map(formatProblem)).toEqual(problems);
  });
});
