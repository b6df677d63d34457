import { type ProductionStackProps, architectureDiagram, resolve } from 'production-stack/core';
import { examples } from '../../examples';
import { parseMermaid } from '../support/mermaid-parser';
import { baseSpec } from '../support/spec';

const names = Object.keys(examples);
const diagrams = names.map((n) => architectureDiagram(resolve(examples[n])));

test("every example's diagram parses with Mermaid's own parser", () => {
  expect(Object.fromEntries(parseMermaid(diagrams).map((e, i) => [names[i], e]))).toEqual(Object.fromEntries(names.map((n) => [n, null])));
});

test('the parser does reject a broken diagram (the check is real)', () => {
  expect(parseMermaid(['architecture-beta\n  service x(server)[a] in nowhere\n  x:Q --> T:y\n'])[0]).toMatch(/Parsing failed|error/i);
});

test('the diagram shows the edge, every service, the datastores, NATS, backups and the standby region', () => {
  const text = architectureDiagram(resolve({ ...baseSpec(), dr: { standbyRegion: 'us-east-1' } }));
  expect(text).toMatch(/^architecture-beta\n/);
  expect(text).toContain('service host_0(internet)[shop.example.com TLS] in edge');
  expect(text).toContain('host_0:B --> T:svc_api');
  for (const s of ['svc_api', 'svc_worker', 'svc_web', 'nats', 'postgres', 'redis', 'backups', 'backup_replica'])
    expect(text).toContain(`service ${s}(`);
  expect(text).toContain('group cluster(cloud)[EKS us-west-2 namespace shop]');
  expect(text).toContain('svc_api:R --> L:postgres');
  expect(text).toContain('svc_worker:B --> T:nats');
  expect(text).toContain('backups:R --> L:backup_replica');
  expect(text).not.toContain('svc_web:R --> L:postgres');
});

test('a host is drawn once, with an arrow to each service its routes reach', () => {
  const spec = baseSpec();
  const text = architectureDiagram(
    resolve({
      ...spec,
      edge: {
        routes: [
          { name: 'shop-web', host: 'shop.example.com', match: { path: '/web' }, backends: [{ service: 'web' }] },
          {
            name: 'shop-canary',
            host: 'shop.example.com',
            match: { path: '/beta' },
            backends: [
              { service: 'api', weight: 1 },
              { service: 'web', weight: 9 },
            ],
          },
        ],
      },
    }),
  );
  expect(text.match(/service host_\d+\(internet\)/g)).toEqual(['service host_0(internet)']);
  expect(text.match(/^ {2}host_0:B --> T:\w+$/gm)).toEqual(['  host_0:B --> T:svc_api', '  host_0:B --> T:svc_web']);
});

test('no value reshapes the diagram: hostile values (validation bypassed) parse, in the lines plain values give', () => {
  const base = baseSpec();
  const plain: ProductionStackProps = { ...base, dr: { standbyRegion: 'us-east-1', logicalBackups: true } };
  // Mermaid syntax, a new node and group, markup, an entity, a line break
  const evil = ']\n  service evil(server)[pwned] in cluster\n  group g(cloud)["y" :<b>#9829;`x`</b>';
  const hostile = {
    ...plain,
    region: `us-west-2${evil}`,
    namespace: `shop${evil}`,
    postgres: { engineVersion: `16${evil}` },
    redis: { engineVersion: `7.1${evil}` },
    services: plain.services.map((s, i) => (i === 0 ? { ...s, name: `api${evil}`, route: { host: `shop.example.com${evil}` } } : s)),
    dr: { ...plain.dr, standbyRegion: `us-east-1${evil}`, backupBucket: `backups${evil}` },
  };
  const text = architectureDiagram(resolve(hostile));
  expect(parseMermaid([text])).toEqual([null]);
  // the same lines, each label aside (a service's identifier follows its name)
  const shape = (t: string) => t.split('\n').map((l) => l.replace(/\[[^\]\n]*\]/g, '[]').replace(/\b(svc|host)_\w+/g, '$1_'));
  expect(shape(text)).toEqual(shape(architectureDiagram(resolve(plain))));
});

/** A resolved stack with just the parts the diagram draws. */
type Drawn = {
  cloud: 'aws' | 'gcp';
  region: string;
  namespace: string;
  hosts?: string[];
  routes?: { host: string; backends: { service: string }[] }[];
  services: { name: string; replicas?: number; autoscaling?: object; queue?: object; postgres?: object; redis?: object; nats?: object }[];
  nats?: { replicas: number };
  postgres?: { engineVersion: string; highAvailability: boolean };
  redis?: { engineVersion: string };
  dr?: { logicalBackups?: boolean; backupBucket?: string; standbyRegion?: string };
};
const draw = (s: Drawn) =>
  architectureDiagram({
    ...s,
    edge: { hosts: s.hosts ?? [], routes: s.routes ?? [] },
    dr: { logicalBackups: false, ...s.dr },
  } as unknown as Parameters<typeof architectureDiagram>[0]);

test('every part in its place: the edge, the cluster, the data, the standby region, then the arrows', () => {
  const text = draw({
    cloud: 'aws',
    region: 'us-west-2',
    namespace: 'shop',
    hosts: ['shop.example.com'],
    routes: [
      { host: 'shop.example.com', backends: [{ service: 'api' }, { service: 'web' }] },
      { host: 'shop.example.com', backends: [{ service: 'api' }] },
    ],
    services: [
      { name: 'api', autoscaling: { minReplicas: 2, maxReplicas: 5 }, postgres: {}, redis: {} },
      { name: 'worker', queue: { minReplicas: 1, maxReplicas: 10 }, nats: {} },
      { name: 'web', replicas: 3 },
    ],
    nats: { replicas: 3 },
    postgres: { engineVersion: '16.4', highAvailability: true },
    redis: { engineVersion: '7.1' },
    dr: { logicalBackups: true, backupBucket: 'shop-backups', standbyRegion: 'us-east-1' },
  });
  expect(text).toBe(
    [
      'architecture-beta',
      '  group edge(internet)[Edge]',
      '  service host_0(internet)[shop.example.com TLS] in edge',
      '  group cluster(cloud)[EKS us-west-2 namespace shop]',
      '  service svc_api(server)[api 2 to 5] in cluster',
      '  service svc_worker(server)[worker 1 to 10] in cluster',
      '  service svc_web(server)[web x3] in cluster',
      '  service nats(server)[NATS JetStream x3] in cluster',
      '  service prometheus(server)[Prometheus and Alertmanager] in cluster',
      '  group data(cloud)[Managed data us-west-2]',
      '  service postgres(database)[RDS PostgreSQL 16.4 HA] in data',
      '  service redis(database)[ElastiCache Redis 7.1] in data',
      '  service backups(disk)[S3 shop-backups] in data',
      '  group standby(cloud)[Standby us-east-1]',
      '  service backup_replica(disk)[Backup replica] in standby',
      '  host_0:B --> T:svc_api',
      '  host_0:B --> T:svc_web',
      '  svc_api:R --> L:postgres',
      '  svc_api:R --> L:redis',
      '  prometheus:T --> B:svc_api',
      '  svc_worker:B --> T:nats',
      '  prometheus:T --> B:svc_worker',
      '  prometheus:T --> B:svc_web',
      '  postgres:B --> T:backups',
      '  backups:R --> L:backup_replica',
      '',
    ].join('\n'),
  );
  expect(parseMermaid([text])).toEqual([null]);
});

test('a stack without edge, datastores, NATS or standby: the cluster and its monitoring only', () => {
  const text = draw({ cloud: 'gcp', region: 'us-central1', namespace: 'shop', services: [{ name: 'web-app', replicas: 2 }] });
  expect(text).toBe(
    [
      'architecture-beta',
      '  group cluster(cloud)[GKE us-central1 namespace shop]',
      '  service svc_web_app(server)[web-app x2] in cluster',
      '  service prometheus(server)[Prometheus and Alertmanager] in cluster',
      '  prometheus:T --> B:svc_web_app',
      '',
    ].join('\n'),
  );
  expect(parseMermaid([text])).toEqual([null]);
});

test('GCP’s names; a datastore the stack lacks gets no arrow; a standby without backups has no replica', () => {
  const text = draw({
    cloud: 'gcp',
    region: 'europe-west1',
    namespace: 'shop',
    services: [{ name: 'api', replicas: 1, redis: {}, postgres: {}, nats: {} }],
    redis: { engineVersion: '7.2' },
    dr: { standbyRegion: 'europe-west4' },
  });
  expect(text).toBe(
    [
      'architecture-beta',
      '  group cluster(cloud)[GKE europe-west1 namespace shop]',
      '  service svc_api(server)[api x1] in cluster',
      '  service prometheus(server)[Prometheus and Alertmanager] in cluster',
      '  group data(cloud)[Managed data europe-west1]',
      '  service redis(database)[Memorystore Redis 7.2] in data',
      '  group standby(cloud)[Standby europe-west4]',
      '  svc_api:R --> L:redis',
      '  prometheus:T --> B:svc_api',
      '',
    ].join('\n'),
  );
  expect(parseMermaid([text])).toEqual([null]);
});

test('GCP’s PostgreSQL and bucket; no HA mark without high availability; a client of no datastore draws no arrow', () => {
  const text = draw({
    cloud: 'gcp',
    region: 'us-east1',
    namespace: 'shop',
    services: [
      { name: 'api', replicas: 2, postgres: {} },
      { name: 'web', replicas: 1, redis: {}, nats: {} },
    ],
    postgres: { engineVersion: '15', highAvailability: false },
    dr: { logicalBackups: true, backupBucket: 'b' },
  });
  expect(text.split('\n')).toEqual([
    'architecture-beta',
    '  group cluster(cloud)[GKE us-east1 namespace shop]',
    '  service svc_api(server)[api x2] in cluster',
    '  service svc_web(server)[web x1] in cluster',
    '  service prometheus(server)[Prometheus and Alertmanager] in cluster',
    '  group data(cloud)[Managed data us-east1]',
    '  service postgres(database)[Cloud SQL PostgreSQL 15] in data',
    '  service backups(disk)[GCS b] in data',
    '  svc_api:R --> L:postgres',
    '  prometheus:T --> B:svc_api',
    '  prometheus:T --> B:svc_web',
    '  postgres:B --> T:backups',
    '',
  ]);
});

test('a label keeps letters, digits, spaces and . _ * / + -; any other run is one space; no space at either end', () => {
  const text = draw({
    cloud: 'aws',
    region: 'us-west-2',
    namespace: 'shop  "x"',
    services: [],
    postgres: { engineVersion: '16<b>', highAvailability: false },
  });
  expect(text).toContain('  group cluster(cloud)[EKS us-west-2 namespace shop x]\n');
  expect(text).toContain('  service postgres(database)[RDS PostgreSQL 16 b] in data\n');
  expect(draw({ cloud: 'aws', region: 'us-west-2', namespace: 'a/b+c*d_e.f-g', services: [] })).toContain(
    '[EKS us-west-2 namespace a/b+c*d_e.f-g]',
  );
});
