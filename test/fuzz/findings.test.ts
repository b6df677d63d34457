/**
 * Every class of failure the first fuzz campaigns found (24,000 cases against main as of 16fc632), as the
 * minimal spec that showed it: each must now be refused with a ValidationError or synthesize without breaking
 * an invariant. One row per class, named after it; see invariants.ts for the invariants.
 */
import type { ProductionStackProps } from 'production-stack';
import { checkSpec } from './invariants';
import { SEEDS, clone } from './seeds';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mutate = (spec: any) => void;

const seed = (name: string): ProductionStackProps => {
  const found = SEEDS.find((s) => s.name === name || s.name === `examples/${name}`);
  if (!found) throw new Error(`no seed ${name}`);
  return clone(found.spec);
};
const FIXTURE = 'test/support/spec.ts baseSpec()';
/** A peer `ipBlock: 0.0.0.0/0` for kubectl (its list at 8 spaces), written plain by a YAML 1.2 writer. */
const PEER = '\u2028        - ipBlock:\u2028            cidr:\u2028              0.0.0.0/0';

const findings: readonly (readonly [string, string, Mutate])[] = [
  // a. crashes instead of a ValidationError
  // the campaign of 2026-12-07 (seed 73772762, case 4292): the capacity check placed 31,536,000 pods for 25 s
  ['hang: a number of seconds as replicas', FIXTURE, (s) => (s.services[1].replicas = 31536000)],
  ['hang: a number of seconds as the node pool size', FIXTURE, (s) => (s.cluster.nodes = { desiredSize: 31536000, maxSize: 31536000 })],
  ['TypeError in calleeIndex: allowFrom as a string', FIXTURE, (s) => (s.services[0].allowFrom = 'x')],
  ['TypeError in allowFrom: allowFrom not iterable', FIXTURE, (s) => (s.services[2].allowFrom = NaN)],
  ['TypeError in port: a string in ports', FIXTURE, (s) => (s.services[0].ports[0] = 'http')],
  ['TypeError in protocol: null in ports', FIXTURE, (s) => (s.services[0].ports[0] = null)],
  ['cdk8s cannot render IntOrString: an array in ports', FIXTURE, (s) => (s.services[0].ports[2] = [])],
  ['TypeError in includes: allowFrom[].ports as a number', 'cqar', (s) => (s.services[0].allowFrom[0].ports = 1)],
  ['cdk8s cannot render undefined: env key constructor', FIXTURE, (s) => (s.services[0].env.constructor = 'x')],
  ['TypeError in standbyRegion: a symbol', 'ralph-orchestrator', (s) => (s.dr.standbyRegion = Symbol('fuzz'))],
  ['TypeError in validation references: a name without a prototype', 'qna-agent', (s) => (s.secrets[0].name = Object.create(null))],
  ['TypeError in validation stack: a stack name without a prototype', FIXTURE, (s) => (s.name = Object.create(null))],
  // b. a line break (U+2028, U+2029, U+0085) written plain: kubectl reads another document
  ['line break in ConfigMap data (env value)', FIXTURE, (s) => (s.services[0].env.LOG_LEVEL = `info${PEER}`)],
  ['line break in CronJob env value', FIXTURE, (s) => (s.cronJobs[0].env.LOG_LEVEL = `info${PEER}`)],
  ['line break in env value (tracing endpoint)', 'qna-agent', (s) => (s.monitoring.tracing.endpoint += PEER)],
  [
    'line break in NetworkPolicy ingress peer (allowFrom namespace)',
    FIXTURE,
    (s) => s.services[0].allowFrom.push({ namespace: `partners${PEER}` }),
  ],
  [
    'line break in NetworkPolicy egress peer (egress namespace)',
    FIXTURE,
    (s) => (s.services[0].egress = [{ namespace: `partners${PEER}`, ports: [443] }]),
  ],
  ['line break in ExternalSecret remoteRef.key', 'qbitel', (s) => (s.secrets[0].remoteKey += PEER)],
  ['line break in ExternalSecret remoteRef.property', 'qna-agent', (s) => (s.secrets[0].properties['openai-api-key'] += PEER)],
  ['line break in PrometheusRule annotations (alert summary)', 'ralph-orchestrator', (s) => (s.services[0].alerts[0].summary += PEER)],
  ['line break in Job command (migration)', 'cqar', (s) => (s.services[0].migration.command[0] += PEER)],
  ['line break in CronJob command', FIXTURE, (s) => (s.cronJobs[0].command[0] += PEER)],
  ['line break in probe path', FIXTURE, (s) => (s.services[0].probes = { readiness: { type: 'http', path: `/ready${PEER}` } })],
  ['line break in exec probe command', FIXTURE, (s) => (s.services[1].probes.liveness.command[0] = PEER)],
  ['line break in Role rules', FIXTURE, (s) => (s.services[0].rbac[0].resources[0] += PEER)],
  ['line break in NATS stream subjects', FIXTURE, (s) => (s.nats.streams[0].subjects[0] += PEER)],
  ['line break in volume mount path', 'ralph-orchestrator-gcp', (s) => (s.services[0].secretMounts[0].mountPath += PEER)],
  ['line break in ServiceMonitor interval', 'ralph-orchestrator', (s) => (s.services[0].metrics.interval += PEER)],
  ['line break in route path (was: Ingress path)', FIXTURE, (s) => (s.services[0].route.path = `/${PEER}`)],
  // the Ingress class is gone with ingress-nginx; the Gateway's ClusterIssuer annotation is the value that took its place
  ['line break in the ClusterIssuer (a Gateway annotation)', 'ralph-orchestrator-gcp', (s) => (s.edge.clusterIssuer += PEER)],
  ['line break in a route CORS origin', FIXTURE, (s) => (s.services[0].route.cors = { allowOrigins: [`https://app.example.com${PEER}`] })],
  [
    'line break in an edge route header match',
    FIXTURE,
    (s) =>
      (s.edge = {
        routes: [{ name: 'web', host: 'web.example.com', match: { headers: { 'X-Env': `a${PEER}` } }, backends: [{ service: 'web' }] }],
      }),
  ],
  ['line break in Slack channel', 'qbitel', (s) => (s.monitoring.alerting.warning[0].channel += PEER)],
  ['NEL in an image (quoted, folded to a space)', 'ql-rf', (s) => (s.services[1].image += 'a\u0085b')],
  // b. a string (or key) that kubectl or a YAML 1.2 reader reads as a number
  ['0o17 in ConfigMap data', FIXTURE, (s) => (s.services[0].env.LOG_LEVEL = '0o17')],
  ['+0o7 in CronJob env', FIXTURE, (s) => (s.cronJobs[0].env.LOG_LEVEL = '+0o7')],
  ['0B1 as allowFrom namespace', FIXTURE, (s) => s.services[0].allowFrom.push({ namespace: '0B1' })],
  ['0O17 as egress namespace', FIXTURE, (s) => (s.services[0].egress = [{ namespace: '0O17', ports: [443] }])],
  ['0o17 as remote key', FIXTURE, (s) => s.secrets.push({ name: 'fuzz-secrets', remoteKey: '0o17', keys: ['k'] })],
  ['0o17 as namespace', FIXTURE, (s) => (s.namespace = '0o17')],
  ['0o17 as service name (labels)', 'qna-agent', (s) => (s.services[0].name = '0o17')],
  ['0o17 as NATS consumer name', FIXTURE, (s) => (s.nats.consumers[0].name = '0o17')],
  ['0o17 as Role apiGroup', FIXTURE, (s) => (s.services[0].rbac[0].apiGroups[0] = '0o17')],
  ['0O17 in migration command', FIXTURE, (s) => (s.services[0].migration.command[0] = '0O17')],
  ['0O17 as alert summary', 'qna-agent', (s) => (s.services[0].alerts[0].summary = '0O17')],
  ['+0o7 as metrics interval', 'ralph-orchestrator', (s) => (s.services[0].metrics.interval = '+0o7')],
  ['0o17 as the ClusterIssuer (was: as Ingress class)', 'ralph-orchestrator', (s) => (s.edge.clusterIssuer = '0o17')],
  ['0o17 as a session cookie name', FIXTURE, (s) => (s.services[0].route.sessionCookie = '0o17')],
  [
    '0O17 as a header match value',
    FIXTURE,
    (s) =>
      (s.edge = {
        routes: [{ name: 'web', host: 'web.example.com', match: { headers: { 'X-Env': '0O17' } }, backends: [{ service: 'web' }] }],
      }),
  ],
  ['0o17 as a shared gateway name', FIXTURE, (s) => (s.edge = { sharedGateway: { name: '0o17', namespace: 'gateways' } })],
  [
    '0o17 as a config file name (a ConfigMap key)',
    FIXTURE,
    (s) => (s.services[0].configFiles = { mountPath: '/etc/app', files: { '0o17': 'a: 1\n' } }),
  ],
  // c. spec text run by the runbook's shell blocks
  ['shell: standby region', FIXTURE, (s) => (s.dr = { ...s.dr, standbyRegion: 'us-east-1$(touch CANARY)' })],
  [
    'shell: a fenced block opened by a scenario',
    FIXTURE,
    (s) => (s.dr = { ...s.dr, objectives: [{ scenario: 'region\n```sh\ntouch CANARY\n```\n', rtoMinutes: 60, rpoMinutes: 60 }] }),
  ],
  ['shell: readiness path', 'ralph-orchestrator', (s) => (s.services[0].probes.readiness.path = '/ready$(touch $CANARY)')],
  // d. the readiness report "ok" on a literal secret, an unasked 0.0.0.0/0 peer, a duplicate identity
  ['literal secret N8N_SMTP_PASS', 'ql-rf', (s) => (s.services[0].env.N8N_SMTP_PASS = 'hunter2-CANARY')],
  ['literal secret DB_PWD', 'ql-rf', (s) => (s.services[0].env.DB_PWD = 'hunter2-CANARY')],
  ['literal secret TLS_KEY_PEM', 'ql-rf', (s) => (s.services[0].env.TLS_KEY_PEM = 'hunter2-CANARY')],
  ['literal secret GITHUB_PAT', 'cqar', (s) => (s.services[0].env.GITHUB_PAT = 'hunter2-CANARY')],
  ['literal secret SLACK_WEBHOOK_URL', 'ql-rf', (s) => (s.services[0].env.SLACK_WEBHOOK_URL = 'hunter2-CANARY')],
  [
    'literal secret as kubectl reads an env value',
    'ql-rf',
    (s) => (s.services[0].env.RF_ENV = '\u2029  DB_PASSWORD:\u2029    hunter2-CANARY'),
  ],
  [
    '0.0.0.0/0 peer as kubectl reads an allowFrom namespace',
    'ql-rf',
    (s) => (s.services[0].allowFrom = [{ namespace: `partners${PEER}` }]),
  ],
  // e. two objects with one identity (and the report "ok" on them)
  ['NetworkPolicy default-deny replaced by a service', 'ql-rf', (s) => (s.services[1].name = 'default-deny')],
  ['ServiceAccount <stack>-backup taken by a service', FIXTURE, (s) => (s.services[0].name = 'shop-backup')],
  ['ServiceAccount <stack>-backup taken by a service (report ok)', 'qna-agent', (s) => (s.services[0].name = 'qna-agent-backup')],
  ['PrometheusRule of a stack named nats', FIXTURE, (s) => (s.name = 'nats')],
  // f. the edge review of 2026-12-06 (against 27a5977): metrics served on a routed port, reached by another
  // spelling of their path; a key every object has, turned into text before the error is thrown; CRD limits
  ...(['/METRICS', '/%6Detrics', '/metrics;x/..'].map((path) => [
    `metrics reachable through a route at ${path}`,
    FIXTURE,
    (s: any) => {
      s.services[2].metrics = { port: 'http', path: '/metrics' };
      s.edge = { routes: [{ name: 'probe', host: 'shop.example.com', match: { path }, backends: [{ service: 'web' }] }] };
    },
  ]) as [string, string, Mutate][]),
  [
    'metrics reachable through a metrics path in capitals',
    FIXTURE,
    (s) => {
      s.services[2].metrics = { port: 'http', path: '/Metrics' };
      s.edge = { routes: [{ name: 'probe', host: 'shop.example.com', match: { path: '/metrics' }, backends: [{ service: 'web' }] }] };
    },
  ],
  [
    'TypeError in edge validation: a header match value with an own toString',
    FIXTURE,
    (s) =>
      (s.edge = {
        routes: [
          {
            name: 'probe',
            host: 'shop.example.com',
            match: { headers: { 'X-A': { toString: 'x' }, 'X-B': 'y' } },
            backends: [{ service: 'web' }],
          },
        ],
      }),
  ],
  [
    'CRD limit: a CORS origin over 253 characters',
    FIXTURE,
    (s) =>
      (s.services[0].route.cors = {
        allowOrigins: [`https://${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`],
      }),
  ],
  [
    'CRD limit: a health check path over 1024 characters',
    FIXTURE,
    (s) => (s.services[0].route.healthCheck = { path: `/${'a'.repeat(2000)}` }),
  ],
];

test.each(findings)('fuzz finding: %s (%s) is refused or harmless', (_finding, seedName, mutate) => {
  const spec = seed(seedName);
  mutate(spec);
  const result = checkSpec(spec, { shell: true, hangMs: 30_000, misreadings: true });
  expect(result.failures).toEqual([]);
});
