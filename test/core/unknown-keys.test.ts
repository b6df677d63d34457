/**
 * Unknown keys: a field the types do not declare is a problem at any depth, with the closest allowed
 * key as a suggestion; maps with the user's keys take any key; examples and fixtures have none; odd
 * input (cycles, class instances, values not known yet) never throws.
 */
import { Lazy } from 'cdk8s';
import { check, formatProblem, type Problem, type ProductionStackProps, validate, ValidationError } from 'production-stack';
import { distance, hint, suggestion } from '../../lib/core/validation/unknown-keys';
import { examples } from '../../examples';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';
import { baseSpec, type Loose, type Mutation, broken } from '../support/spec';

const isUnknownKey = (p: Problem): boolean => p.rule.startsWith('unknown field');
const unknownKeys = (spec: unknown): string[] => check(spec).filter(isUnknownKey).map(formatProblem);

const slack = { type: 'slack', webhookUrl: { secret: 'shop-secrets', key: 'api-token' }, channel: '#alerts' };

test.each<[string, Mutation, string]>([
  ['a top-level field is misspelled', (s) => (s.regoin = 'us-east-1'), 'regoin: unknown field "regoin" (did you mean "region"?)'],
  [
    'a service field is misspelled',
    (s) => (s.services[0].replica = 3),
    'services[0].replica: unknown field "replica" (did you mean "replicas"?)',
  ],
  [
    'a field differs only in case',
    (s) => (s.services[1].secretenv = {}),
    'services[1].secretenv: unknown field "secretenv" (did you mean "secretEnv"?)',
  ],
  [
    'a cluster field is misspelled',
    (s) => (s.cluster = { availabilityZone: 3 }),
    'cluster.availabilityZone: unknown field "availabilityZone" (did you mean "availabilityZones"?)',
  ],
  [
    'a node pool field has two letters swapped',
    (s) => (s.cluster = { nodes: { maxSzie: 5 } }),
    'cluster.nodes.maxSzie: unknown field "maxSzie" (did you mean "maxSize"?)',
  ],
  [
    'an http readiness probe has pathh',
    (s) => (s.services[0].probes = { readiness: { type: 'http', pathh: '/ready' } }),
    'services[0].probes.readiness.pathh: unknown field "pathh" (did you mean "path"?)',
  ],
  [
    'a grpc probe has an http field',
    (s) => (s.services[0].probes = { readiness: { type: 'grpc', path: '/ready' } }),
    'services[0].probes.readiness.path: unknown field "path" (allowed here: type, port, service, initialDelaySeconds, periodSeconds, timeoutSeconds and 2 more)',
  ],
  [
    'a probe without a type is misspelled (any kind of probe is matched)',
    (s) => (s.services[0].probes = { liveness: { commnd: ['/bin/ok'] } }),
    'services[0].probes.liveness.commnd: unknown field "commnd" (did you mean "command"?)',
  ],
  [
    'a service caller misspells ports',
    (s) => (s.services[2].allowFrom = [{ service: 'api', port: ['http'] }]),
    'services[2].allowFrom[0].port: unknown field "port" (did you mean "ports"?)',
  ],
  [
    'a namespace caller misspells ports',
    (s) => (s.services[0].allowFrom = [{ namespace: 'partners', prots: ['grpc'] }]),
    'services[0].allowFrom[0].prots: unknown field "prots" (did you mean "ports"?)',
  ],
  [
    'a caller misspells service',
    (s) => (s.services[2].allowFrom = [{ servce: 'api' }]),
    'services[2].allowFrom[0].servce: unknown field "servce" (did you mean "service"?)',
  ],
  [
    'a service caller has a field of egress',
    (s) => (s.services[2].allowFrom = [{ service: 'api', cidr: '10.0.0.0/8' }]),
    'services[2].allowFrom[0].cidr: unknown field "cidr" (allowed here: service, ports)',
  ],
  [
    'an egress cidr rule misspells ports',
    (s) => (s.services[1].egress = [{ cidr: '0.0.0.0/0', port: [443] }]),
    'services[1].egress[0].port: unknown field "port" (did you mean "ports"?)',
  ],
  [
    'an egress rule misspells cidr',
    (s) => (s.services[1].egress = [{ cdir: '0.0.0.0/0', ports: [443] }]),
    'services[1].egress[0].cdir: unknown field "cdir" (did you mean "cidr"?)',
  ],
  [
    'a cron job egress namespace rule has a stray field',
    (s) => (s.cronJobs[0].egress = [{ namespace: 'mail', ports: [25], protocol: 'TCP' }]),
    'cronJobs[0].egress[0].protocol: unknown field "protocol" (allowed here: namespace, ports)',
  ],
  [
    'a postgres field is misspelled',
    (s) => (s.postgres = { storageGb: 200 }),
    'postgres.storageGb: unknown field "storageGb" (did you mean "storageGiB"?)',
  ],
  [
    'postgres is given a field it does not have',
    (s) => (s.postgres = { password: 'hunter2' }),
    'postgres.password: unknown field "password" (allowed here: engineVersion, instanceClass, storageGiB, maxStorageGiB, highAvailability, allowSingleZoneInProduction and 9 more)',
  ],
  [
    "a service's postgres env names a field the connection does not have",
    (s) => (s.services[0].postgres = { env: { urll: 'DB_URL' } }),
    'services[0].postgres.env.urll: unknown field "urll" (did you mean "url"?)',
  ],
  ['a redis field is misspelled', (s) => (s.redis = { node: 3 }), 'redis.node: unknown field "node" (did you mean "nodes"?)'],
  [
    'a nats stream misspells subjects',
    (s) => (s.nats.streams[0].subject = ['orders.>']),
    'nats.streams[0].subject: unknown field "subject" (did you mean "subjects"?)',
  ],
  [
    'a nats consumer field has no close match',
    (s) => (s.nats.consumers[0].ackWait = 30),
    'nats.consumers[0].ackWait: unknown field "ackWait" (allowed here: name, stream, ackWaitSeconds, maxDeliver, maxAckPending, filterSubject)',
  ],
  [
    'a nats tls field is misspelled',
    (s) => (s.nats.tls = { clusterIsuer: 'private-ca' }),
    'nats.tls.clusterIsuer: unknown field "clusterIsuer" (did you mean "clusterIssuer"?)',
  ],
  [
    'a monitoring field is misspelled',
    (s) => (s.monitoring = { thresolds: {} }),
    'monitoring.thresolds: unknown field "thresolds" (did you mean "thresholds"?)',
  ],
  [
    'a slack receiver misspells channel',
    (s) => (s.monitoring = { alerting: { critical: [{ ...slack, channel: undefined, chanel: '#alerts' }] } }),
    'monitoring.alerting.critical[0].chanel: unknown field "chanel" (did you mean "channel"?)',
  ],
  [
    'a mute window time misspells start',
    (s) => (s.monitoring = { alerting: { critical: [slack], muteWarnings: [{ times: [{ stat: '00:00', end: '06:00' }] }] } }),
    'monitoring.alerting.muteWarnings[0].times[0].stat: unknown field "stat" (did you mean "start"?)',
  ],
  [
    'a latency objective misspells thresholdSeconds',
    (s) => (s.services[0].slo = { latency: { thresholdSecond: 0.5, percent: 95 } }),
    'services[0].slo.latency.thresholdSecond: unknown field "thresholdSecond" (did you mean "thresholdSeconds"?)',
  ],
  [
    'a dr field is misspelled',
    (s) => (s.dr = { standbyRegoin: 'us-east-1' }),
    'dr.standbyRegoin: unknown field "standbyRegoin" (did you mean "standbyRegion"?)',
  ],
  [
    'a recovery objective field has no close match',
    (s) => (s.dr = { objectives: [{ scenario: 'database', rtoMinutes: 60, rpoMinutes: 15, rpo: 15 }] }),
    'dr.objectives[0].rpo: unknown field "rpo" (allowed here: scenario, rtoMinutes, rpoMinutes)',
  ],
  [
    'a restore drill check has a query instead of sql',
    (s) => (s.dr = { restoreDrill: { checks: [{ name: 'orders', sql: 'SELECT true', query: 'SELECT true' }] } }),
    'dr.restoreDrill.checks[0].query: unknown field "query" (allowed here: name, sql)',
  ],
  [
    'a failover DNS field differs only in case',
    (s) => (s.dr = { dns: { zoneId: 'Z1', name: 'shop.example.com', healthcheckPath: '/healthz' } }),
    'dr.dns.healthcheckPath: unknown field "healthcheckPath" (did you mean "healthCheckPath"?)',
  ],
  [
    'a cron job field is misspelled',
    (s) => (s.cronJobs[0].schedul = '0 3 * * *'),
    'cronJobs[0].schedul: unknown field "schedul" (did you mean "schedule"?)',
  ],
  [
    'a secret field differs only in case',
    (s) => (s.secrets[0].remotekey = 'x'),
    'secrets[0].remotekey: unknown field "remotekey" (did you mean "remoteKey"?)',
  ],
  [
    'a secretEnv reference misspells key (inside a map)',
    (s) => (s.services[0].secretEnv.API_TOKEN.keyy = 'api-token'),
    'services[0].secretEnv.API_TOKEN.keyy: unknown field "keyy" (did you mean "key"?)',
  ],
  [
    'a scaling policy field is misspelled',
    (s) => (s.services[0].autoscaling.scaleUp = { policies: [{ type: 'Pods', value: 2, periodSecond: 60 }] }),
    'services[0].autoscaling.scaleUp.policies[0].periodSecond: unknown field "periodSecond" (did you mean "periodSeconds"?)',
  ],
  [
    'an AWS permission misspells actions',
    (s) => (s.services[2].cloudAccess = { aws: [{ action: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] }),
    'services[2].cloudAccess.aws[0].action: unknown field "action" (did you mean "actions"?)',
  ],
  [
    'a route field differs only in case',
    (s) => (s.services[0].route.maxBodysize = '8Mi'),
    'services[0].route.maxBodysize: unknown field "maxBodysize" (did you mean "maxBodySize"?)',
  ],
  [
    'a service still has an ingress (the retired field)',
    (s) => (s.services[0].ingress = { host: 'shop.example.com' }),
    'services[0].ingress: unknown field "ingress": the edge is Gateway API on Envoy Gateway now; write `route` (host, path, port, rateLimit, timeoutSeconds, ...) and `edge` (README: "Migrating from ingress")',
  ],
  // the cloud-only fields moved under `aws` and `gcp` (README: "Cloud-only fields"): each old place says where
  [
    'the cluster still has singleNatGateway (moved under aws)',
    (s) => (s.cluster = { singleNatGateway: true }),
    'cluster.singleNatGateway: unknown field "singleNatGateway": it moved to cluster.aws.singleNatGateway (README: "Cloud-only fields")',
  ],
  [
    'the cluster still has interfaceEndpoints (moved under aws)',
    (s) => (s.cluster = { interfaceEndpoints: false }),
    'cluster.interfaceEndpoints: unknown field "interfaceEndpoints": it moved to cluster.aws.interfaceEndpoints (README: "Cloud-only fields")',
  ],
  [
    'redis still has nodeType (moved under aws)',
    (s) => (s.redis = { nodeType: 'cache.r6g.large' }),
    'redis.nodeType: unknown field "nodeType": it moved to redis.aws.nodeType (README: "Cloud-only fields")',
  ],
  [
    'redis still has snapshotRetentionDays (moved under aws)',
    (s) => (s.redis = { snapshotRetentionDays: 7 }),
    'redis.snapshotRetentionDays: unknown field "snapshotRetentionDays": it moved to redis.aws.snapshotRetentionDays (README: "Cloud-only fields")',
  ],
  [
    'redis still has memorySizeGiB (moved under gcp)',
    (s) => (s.redis = { memorySizeGiB: 5 }),
    'redis.memorySizeGiB: unknown field "memorySizeGiB": it moved to redis.gcp.memorySizeGiB (README: "Cloud-only fields")',
  ],
  [
    'dr still has standbyNetworkCidr (moved under aws)',
    (s) => (s.dr = { standbyRegion: 'us-east-1', standbyNetworkCidr: '10.1.0.0/16' }),
    'dr.standbyNetworkCidr: unknown field "standbyNetworkCidr": it moved to dr.aws.standbyNetworkCidr (README: "Cloud-only fields")',
  ],
  [
    "a misspelt field of a cloud's settings is suggested as any other",
    (s) => (s.redis = { aws: { nodetype: 'cache.r6g.large' } }),
    'redis.aws.nodetype: unknown field "nodetype" (did you mean "nodeType"?)',
  ],
  [
    "a key one cloud's settings hold, misplaced at the top, is not said to have moved: the stack has no aws field",
    (s) => (s.nodeType = 'cache.r6g.large'),
    'nodeType: unknown field "nodeType" (allowed here: name, environment, cloud, region, namespace, cluster and 11 more)',
  ],
  [
    'an edge route misspells backends',
    (s) => (s.edge = { routes: [{ name: 'web', host: 'web.example.com', backend: [{ service: 'web' }] }] }),
    'edge.routes[0].backend: unknown field "backend" (did you mean "backends"?)',
  ],
  [
    'a service field has no close match',
    (s) => (s.services[0].annotations = {}),
    'services[0].annotations: unknown field "annotations" (allowed here: name, image, role, command, args, ports and 33 more)',
  ],
])('fails when %s', (_what, mutate, problem) => {
  expect(unknownKeys(broken(mutate))).toEqual([problem]);
});

test('validate lists an unknown key in its ValidationError, for a spec loaded from JSON', () => {
  const spec = JSON.parse(JSON.stringify({ ...baseSpec(), regoin: 'us-east-1' })) as ProductionStackProps;
  expect(() => validate(spec)).toThrow(ValidationError);
  expect(() => validate(spec)).toThrow('  - regoin: unknown field "regoin" (did you mean "region"?)');
});

test("an unknown field's value never appears in the problem, only its key", () => {
  const problems = check(broken((s) => (s.postgres = { password: 'hunter2' })));
  expect(problems.filter(isUnknownKey)).toEqual([expect.objectContaining({ path: 'postgres.password', value: 'password' })]);
  expect(JSON.stringify(problems)).not.toContain('hunter2');
});

test('every unknown key is reported, each at its own path', () => {
  const spec = broken((s) => {
    s.regoin = 'x';
    s.services[0].replica = 3;
    s.services[1].replica = 3;
  });
  expect(unknownKeys(spec)).toEqual([
    'services[0].replica: unknown field "replica" (did you mean "replicas"?)',
    'services[1].replica: unknown field "replica" (did you mean "replicas"?)',
    'regoin: unknown field "regoin" (did you mean "region"?)',
  ]);
});

test.each<[string, Mutation]>([
  ['env', (s) => (s.services[0].env = { ANY_NAME: 'x', replica: '3', region: 'y' })],
  ['secretEnv', (s) => (s.services[0].secretEnv = { WHATEVER_TOKEN: { secret: 'shop-secrets', key: 'api-token' } })],
  ['cron job env', (s) => (s.cronJobs[0].env = { nodes: '3' })],
  ['configFiles.files', (s) => (s.services[0].configFiles.files = { 'settings.local.json': '{}', mountPath: 'x' })],
  [
    'monitoring.prometheusSelector and grafanaDashboardLabels',
    (s) => (s.monitoring = { prometheusSelector: { team: 'shop' }, grafanaDashboardLabels: { dash: '1' } }),
  ],
  ['postgres.parameters', (s) => (s.postgres = { parameters: { work_mem: '16MB', log_min_duration_statement: 1000 } })],
  ['secrets[].properties', (s) => (s.secrets[0].properties = { 'api-token': 'token' })],
  ['dr.dns.targets', (s) => (s.dr = { dns: { zoneId: 'Z1', name: 'shop.example.com', targets: { 'us-west-2': 'lb.example.com' } } })],
])('%s takes any key', (_what, mutate) => {
  expect(unknownKeys(broken(mutate))).toEqual([]);
});

test.each(Object.keys(examples))('the %s example has no unknown key (and no other problem)', (name) => {
  expect(check(examples[name])).toEqual([]);
});

test.each<[string, ProductionStackProps]>([
  ['the base spec of the tests', baseSpec()],
  ['the Pulumi AWS fixture', awsFixture],
  ['the Pulumi GCP fixture', gcpFixture],
])('%s has no unknown key', (_what, spec) => {
  expect(unknownKeys(spec)).toEqual([]);
});

describe('odd input', () => {
  test.each<[string, Mutation]>([
    [
      'an object that contains itself',
      (s) => {
        const cluster: Loose = {};
        cluster.nodes = cluster;
        s.cluster = cluster;
      },
    ],
    ['a list that contains itself', (s) => s.services.push(s.services)],
    ['the spec inside itself', (s) => (s.dr = s)],
    ['a list where an object is expected', (s) => (s.cluster = [{ nodez: {} }])],
    ['an object where a list is expected', (s) => (s.services = { 0: { replica: 3 } })],
    ['a string where an object is expected', (s) => (s.postgres = 'yes')],
    ['null everywhere', (s) => ((s.cluster = null), (s.services[0] = null), (s.services[1].probes = { liveness: null }))],
    ['a symbol key', (s) => (s.services[0][Symbol('x')] = 1)],
  ])('%s: no unknown key reported, nothing thrown', (_what, mutate) => {
    const spec = broken(mutate);
    expect(() => check(spec)).not.toThrow();
    expect(unknownKeys(spec)).toEqual([]);
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['a string', 'spec'],
    ['a number', 42],
    ['a list', [{ regoin: 'x' }]],
  ])('a spec that is %s is reported as not an object, without an unknown key', (_what, spec) => {
    expect(check(spec)).toEqual([{ path: '', value: spec, rule: 'the spec must be an object' }]);
  });

  test.each(['{value}', '$&', "$'", '$$'])('a key %j is shown as it is', (key) => {
    expect(unknownKeys(broken((s) => (s.cluster = { [key]: 1 })))).toEqual([
      `cluster.${key}: unknown field "${key}" (allowed here: kubernetesVersion, nodes, networkCidr, availabilityZones, publicAccessCidrs, aws)`,
    ]);
  });

  test('an object without a prototype is checked like any other', () => {
    const spec = broken((s) => (s.cluster = Object.assign(Object.create(null), { nodez: {} })));
    expect(unknownKeys(spec)).toEqual(['cluster.nodez: unknown field "nodez" (did you mean "nodes"?)']);
  });

  test('a "__proto__" key of parsed JSON is refused as a key every object has, not taken as a prototype, and left out', () => {
    const spec = broken((s) => (s.cluster = JSON.parse('{"__proto__": {"nodes": {}}}')));
    expect(unknownKeys(spec)).toEqual([]);
    expect(check(spec).map(formatProblem)).toContain(
      'cluster.__proto__: the key "__proto__" is a name every JavaScript object has: cdk8s cannot hold it',
    );
  });

  test.each<[string, unknown]>([
    ['a Pulumi Output', { __pulumiOutput: true, nodez: {} }],
    ['a promise', Promise.resolve({ nodez: {} })],
    ['a cdk8s Lazy value', Lazy.any({ produce: () => ({ nodez: {} }) })],
    [
      'a class instance',
      new (class Settings {
        nodez = {};
      })(),
    ],
  ])('%s where an object is expected is a value not known yet: its keys are not checked', (_what, value) => {
    expect(unknownKeys(broken((s) => ((s.cluster = value), (s.services[0].resources = value))))).toEqual([]);
  });

  // how long this takes is measured by `npm run bench` (README, Performance), not asserted here: a timed test fails
  // on a loaded machine and passes a slow change on a fast one
  test('50,000 unknown keys are each reported, and a 1 MB key is shown shortened', () => {
    const many = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`field${i}`, i]));
    const huge = 'x'.repeat(1_000_000);
    const spec = broken((s) => {
      Object.assign(s.services[0], many);
      s.services[1][huge] = 1;
    });
    const problems = check(spec).filter(isUnknownKey);
    expect(problems).toHaveLength(50_001);
    expect(problems[50_000].rule).toBe(
      `unknown field "${'x'.repeat(76)}... (allowed here: name, image, role, command, args, ports and 33 more)`,
    );
  });
});

describe('suggestions', () => {
  test.each<[string, string, number]>([
    ['regoin', 'region', 1],
    ['replica', 'replicas', 1],
    ['pathh', 'path', 1],
    ['maxSzie', 'maxSize', 1],
    ['ca', 'abc', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('distance(%s, %s) = %d', (a, b, d) => {
    expect(distance(a, b)).toBe(d);
    expect(distance(b, a)).toBe(d);
  });

  test.each<[string, readonly string[], string | undefined]>([
    ['regoin', ['name', 'region', 'cloud'], 'region'],
    ['REGION', ['name', 'region'], 'region'],
    ['a', ['aws', 'gcp'], undefined],
    ['foo', ['for', 'name'], 'for'],
    ['portz', ['port', 'ports'], 'port'],
    ['annotations', ['name', 'image'], undefined],
  ])('suggestion(%s, %j) is %s', (key, allowed, expected) => {
    expect(suggestion(key, allowed)).toBe(expected);
  });

  test('with no field allowed, the message says so', () => {
    expect(hint('x', [])).toBe(' (no fields are allowed here)');
  });
});
