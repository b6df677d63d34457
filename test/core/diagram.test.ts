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
