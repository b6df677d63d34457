/** The standby settings of `dr`: defaults and validation of mode, activeRegion and dns. */
import {
  type ProductionStackProps,
  ValidationError,
  check,
  databaseInstanceOptions,
  passiveIsFailoverTarget,
  regionDatabases,
  resolve,
  validate,
} from 'production-stack/core';
import {
  PILOT_LIGHT_NODES,
  WARM_STANDBY_SHARE,
  failoverHealthCheckPath,
  regionScale,
  standbyActive,
  standbyNodes,
} from 'production-stack/core/standby';
import { baseSpec } from '../support/spec';

const spec = baseSpec();
const STANDBY = 'us-east-1';
const withDr = (dr: NonNullable<ProductionStackProps['dr']>, over: Partial<ProductionStackProps> = {}): ProductionStackProps => ({
  ...spec,
  ...over,
  dr,
});
const dns = { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' };
/**
 * The services of a warm standby with failover DNS: `web`, which only reads, serves the failover host from the
 * replica; `api`, which writes (it owns the migration), is routed elsewhere.
 */
const warmServices = (): Pick<ProductionStackProps, 'services'> => ({
  services: spec.services.map((s) =>
    s.name === 'web'
      ? { ...s, route: { host: 'shop.example.com' }, serveFromReplica: true }
      : s.name === 'api'
        ? { ...s, route: { host: 'api.example.com' } }
        : s,
  ),
});

function problemsOf(props: unknown): string[] {
  return check(props).map((p) => `${p.path}: ${p.rule}`);
}

describe('defaults', () => {
  test('without a standby region: the region is active, no mode, no DNS', () => {
    const dr = resolve(spec).dr;
    expect([dr.activeRegion, dr.mode, dr.dns]).toEqual([spec.region, undefined, undefined]);
  });

  test("with one: pilot-light, the primary active, no targets (each region's gateway address), health checked on the routed service's readiness path", () => {
    const dr = resolve(withDr({ standbyRegion: STANDBY, dns })).dr;
    // api serves shop.example.com at / (its route's default path), with the default readiness probe GET /readyz
    expect(dr).toMatchObject({ mode: 'pilot-light', activeRegion: spec.region, dns: { ...dns, targets: {}, healthCheckPath: '/readyz' } });
  });

  test('given targets are kept as given, per region', () => {
    const dr = resolve(withDr({ standbyRegion: STANDBY, dns: { ...dns, targets: { [STANDBY]: 'lb.us-east-1.example.net' } } })).dr;
    expect(dr.dns?.targets).toEqual({ [STANDBY]: 'lb.us-east-1.example.net' });
  });

  test('a given health check path wins', () => {
    const gcp = { ...spec, cloud: 'gcp', region: 'us-central1' } as const;
    const dr = resolve({ ...gcp, dr: { standbyRegion: 'us-east1', dns: { ...dns, zoneId: 'example-com', healthCheckPath: '/livez' } } }).dr;
    expect(dr.dns?.healthCheckPath).toBe('/livez');
  });
});

describe('failoverHealthCheckPath: the readiness path of the service the name routes / to', () => {
  const http = { name: 'http', port: 8080, protocol: 'http' };
  const admin = { name: 'admin', port: 9000, protocol: 'http' };
  const services = [
    { name: 'api', ports: [http, admin], probes: { readiness: { type: 'http', path: '/ready' } } },
    { name: 'ops', ports: [http, admin], probes: { readiness: { type: 'http', path: '/ready', port: 'admin' } } },
    { name: 'num', ports: [http, admin], probes: { readiness: { type: 'http', path: '/ready', port: 8080 } } },
    { name: 'grpc', ports: [{ name: 'grpc', port: 9090, protocol: 'grpc' }], probes: { readiness: { type: 'grpc' } } },
    {
      name: 'mixed',
      ports: [{ name: 'grpc', port: 9090, protocol: 'grpc' }, http],
      probes: { readiness: { type: 'http', path: '/ready' } },
    },
  ] as const;
  const route = (host: string, path: string, service: string, port = 'http', more: object = {}) => ({
    host,
    path,
    headers: {},
    backends: [{ service, port }],
    ...more,
  });
  test.each<[string, ReturnType<typeof route>[], string]>([
    ['the route at / of the name', [route('a.example.com', '/api', 'grpc', 'grpc'), route('a.example.com', '/', 'api')], '/ready'],
    ['a probe on the routed port by number', [route('a.example.com', '/', 'num')], '/ready'],
    ['no route of the name at /', [route('a.example.com', '/api', 'api')], '/'],
    ['another host only', [route('b.example.com', '/', 'api')], '/'],
    ['a service without an HTTP readiness probe', [route('a.example.com', '/', 'grpc', 'grpc')], '/'],
    // the path would be requested on the routed port, where it may not exist: a 404 would fail a healthy region
    ['a readiness probe on another port than the routed one', [route('a.example.com', '/', 'ops')], '/'],
    ['a route at / that takes only POST', [route('a.example.com', '/', 'api', 'http', { method: 'POST' })], '/'],
    ['a route at / that takes only some headers', [route('a.example.com', '/', 'api', 'http', { headers: { 'x-v': '2' } })], '/'],
    // a probe without a port is on the first http port, not on the first port
    ['a probe on the first http port, after a gRPC one, routed there', [route('a.example.com', '/', 'mixed')], '/ready'],
  ])('%s', (_, routes, expected) => {
    expect(failoverHealthCheckPath('a.example.com', routes as never, services as never)).toBe(expected);
  });
});

describe('validation', () => {
  test.each<[string, ProductionStackProps['dr'], string[]]>([
    ['the primary is active', { standbyRegion: STANDBY, activeRegion: spec.region }, []],
    ['the standby is active', { standbyRegion: STANDBY, activeRegion: STANDBY, mode: 'warm-standby', dns }, []],
    ['the primary region has been re-seeded', { standbyRegion: STANDBY, activeRegion: STANDBY, reseeds: 1 }, []],
    ['the primary is drained', { standbyRegion: STANDBY, drain: true }, []],
    ['the standby is active and drained', { standbyRegion: STANDBY, activeRegion: STANDBY, drain: true, mode: 'warm-standby', dns }, []],
  ])('passes when %s', (_, dr, problems) => {
    expect(problemsOf(withDr(dr ?? {}, dr?.mode === 'warm-standby' ? warmServices() : {}))).toEqual(problems);
  });

  test("the failover host's health check: a route at / to check, never a metrics path; the corrected inputs pass", () => {
    const apiWith = (patch: Record<string, unknown>) => ({
      services: spec.services.map((s) => (s.name === 'api' ? { ...s, ...patch } : s)),
    });
    const noRoot = withDr({ standbyRegion: STANDBY, dns }, apiWith({ route: { host: 'shop.example.com', path: '/api' } }));
    expect(problemsOf(noRoot)).toEqual([
      'dr.dns.name: "shop.example.com" has no route at "/": the health checks of both regions request the readiness path of the service that serves "/" of the failover host; route "/" of it (a service route without path, or an edge route)',
    ]);
    const metrics = withDr(
      { standbyRegion: STANDBY, dns: { ...dns, healthCheckPath: '/metrics/ready' } },
      apiWith({ metrics: { port: 'http' } }),
    );
    expect(problemsOf(metrics)).toEqual([
      'dr.dns.healthCheckPath: "/metrics/ready" is where api serves its metrics, which the edge never serves: check its readiness path',
    ]);
    // as a backend reads it: in any case, percent-encoded
    for (const path of ['/METRICS/x', '/%6detrics?full=1']) {
      const odd = withDr({ standbyRegion: STANDBY, dns: { ...dns, healthCheckPath: path } }, apiWith({ metrics: { port: 'http' } }));
      expect(problemsOf(odd)).toEqual([
        `dr.dns.healthCheckPath: "${path}" is where api serves its metrics, which the edge never serves: check its readiness path`,
      ]);
    }
    // a routed host that is a region's health host (AWS: a record the stack writes)
    const taken = withDr(
      { standbyRegion: STANDBY, dns },
      { services: spec.services.map((s) => (s.name === 'web' ? { ...s, route: { host: `${STANDBY}.shop.example.com` } } : s)) },
    );
    expect(problemsOf(taken)).toContain(
      `dr.dns.name: "shop.example.com" makes "${STANDBY}.shop.example.com" the host of ${STANDBY}'s health check, a record the stack writes: it must not be routed too; rename the route's host`,
    );
    // a health check path is now taken on AWS too (Route 53 requests it on each region's own host)
    expect(
      problemsOf(withDr({ standbyRegion: STANDBY, dns: { ...dns, healthCheckPath: '/health' } }, apiWith({ metrics: { port: 'http' } }))),
    ).toEqual([]);
    expect(problemsOf(withDr({ standbyRegion: STANDBY, dns }, apiWith({ route: { host: 'shop.example.com' } })))).toEqual([]);
  });

  describe('what serves while drained or passive', () => {
    const withService = (dr: NonNullable<ProductionStackProps['dr']>, name: string, patch: Record<string, unknown>) =>
      withDr(dr, { services: warmServices().services.map((s) => (s.name === name ? { ...s, ...patch } : s)) });
    const warm = { standbyRegion: STANDBY, mode: 'warm-standby', dns } as const;

    test.each<[string, ProductionStackProps, string[]]>([
      [
        'drain without a standby region',
        withDr({ drain: true }),
        ['dr.drain: there is no standby region to fail over to: set dr.standbyRegion or drop dr.drain'],
      ],
      ['drain not a boolean', withDr({ standbyRegion: STANDBY, drain: 'yes' as never }), ['dr.drain: "yes" must be true or false']],
      [
        'a reader without a warm standby',
        withService({ standbyRegion: STANDBY }, 'web', {}),
        [
          "services[2].serveFromReplica: there is no warm standby to serve from: it applies with dr.standbyRegion and dr.mode 'warm-standby'; drop it",
        ],
      ],
      [
        'a reader with a migration',
        withService({ ...warm, dns: undefined }, 'api', { serveFromReplica: true }),
        [
          'services[0].serveFromReplica: the service has a migration, which writes: a service that serves from a read-only replica cannot own one',
          // api writes in every way: its database role, and NATS
          `services[0].serveFromReplica: the service's database role may write (postgres.access "readwrite"): while its region is drained it would write where the failover loses it; give it postgres.access 'readonly'`,
          'services[0].serveFromReplica: the service publishes to NATS, whose streams a failover loses: a service that serves from the replica only reads',
        ],
      ],
      [
        'a warm standby whose failover host is served by a writer',
        withService(warm, 'web', { serveFromReplica: false }),
        [
          "services[2].serveFromReplica: web serves / of the failover host shop.example.com, where the failover record sends clients (and the health check) in the warm standby: it must serve from the replica (serveFromReplica: true), or they get errors there; use dr.mode 'pilot-light' if it writes",
        ],
      ],
      [
        'serveFromReplica not a boolean (nor, then, serving from the replica)',
        withService(warm, 'web', { serveFromReplica: 1 }),
        [
          'services[2].serveFromReplica: 1 must be true or false',
          "services[2].serveFromReplica: web serves / of the failover host shop.example.com, where the failover record sends clients (and the health check) in the warm standby: it must serve from the replica (serveFromReplica: true), or they get errors there; use dr.mode 'pilot-light' if it writes",
        ],
      ],
    ])('fails when %s', (_, props, problems) => {
      expect(problemsOf(props)).toEqual(problems);
    });

    test.each<[string, Record<string, unknown>, string]>([
      [
        'a reader whose database role may write',
        { postgres: {} },
        `services[2].serveFromReplica: the service's database role may write (postgres.access "readwrite"): while its region is drained it would write where the failover loses it; give it postgres.access 'readonly'`,
      ],
      [
        'a reader that owns the schema',
        { postgres: { access: 'owner' } },
        `services[2].serveFromReplica: the service's database role may write (postgres.access "owner"): while its region is drained it would write where the failover loses it; give it postgres.access 'readonly'`,
      ],
      [
        'a reader that publishes to NATS',
        { nats: { publish: ['orders.>'] } },
        'services[2].serveFromReplica: the service publishes to NATS, whose streams a failover loses: a service that serves from the replica only reads',
      ],
    ])('fails when %s, and passes once it only reads', (_, patch, problem) => {
      expect(problemsOf(withService(warm, 'web', patch))).toContain(problem);
      const reads = withService(warm, 'web', { postgres: { access: 'readonly' }, nats: { subscribe: ['orders.>'] } });
      // (the database takes web's connections too)
      expect(problemsOf({ ...reads, postgres: { maxConnections: 300 } })).toEqual([]);
    });

    test('the corrected inputs pass: a reader in a warm standby, a writer in a pilot light', () => {
      expect(problemsOf(withDr(warm, warmServices()))).toEqual([]);
      expect(problemsOf(withService({ ...warm, mode: 'pilot-light' }, 'web', { serveFromReplica: undefined }))).toEqual([]);
      expect(problemsOf(withDr({ standbyRegion: STANDBY, drain: false }))).toEqual([]);
    });
  });

  test.each<[string, unknown, string, RegExp]>([
    [
      'activeRegion is neither region',
      { standbyRegion: STANDBY, activeRegion: 'ap-south-1' },
      'dr.activeRegion',
      /must be the region or the standby region \("/,
    ],
    [
      'activeRegion names a region with no standby',
      { activeRegion: STANDBY },
      'dr.activeRegion',
      /must be the region or the standby region/,
    ],
    ['mode is unknown', { standbyRegion: STANDBY, mode: 'hot' }, 'dr.mode', /"hot" must be "pilot-light" or "warm-standby"/],
    ['mode has no standby region', { mode: 'warm-standby' }, 'dr.mode', /there is no standby region/],
    ['dns has no standby region', { dns }, 'dr.dns', /need a standby region/],
    ['reseeds has no standby region', { reseeds: 1 }, 'dr.reseeds', /^dr.reseeds: there is no standby region/],
    ['reseeds is negative', { standbyRegion: STANDBY, reseeds: -1 }, 'dr.reseeds', /-1 must be an integer >= 0/],
    ['reseeds is not a count', { standbyRegion: STANDBY, reseeds: 1.5 }, 'dr.reseeds', /must be an integer >= 0/],
    [
      'the zone ID is not a Route 53 one',
      { standbyRegion: STANDBY, dns: { ...dns, zoneId: 'example.com' } },
      'dr.dns.zoneId',
      /hosted zone ID/,
    ],
    [
      'the name is not a host name',
      { standbyRegion: STANDBY, dns: { ...dns, name: '*.example.com' } },
      'dr.dns.name',
      /must be a host name/,
    ],
    ['the name is a single label', { standbyRegion: STANDBY, dns: { ...dns, name: 'shop' } }, 'dr.dns.name', /must be a host name/],
    [
      'the name is the host of no route',
      { standbyRegion: STANDBY, dns: { ...dns, name: 'www.example.com' } },
      'dr.dns.name',
      /"www.example.com" is the host of no route: .*use a routed host \("shop.example.com"\)/,
    ],
    [
      'a target names a third region',
      { standbyRegion: STANDBY, dns: { ...dns, targets: { 'ap-south-1': 'lb.example.net' } } },
      'dr.dns.targets.ap-south-1',
      /neither the region nor the standby region/,
    ],
  ])('fails when %s', (_, dr, path, rule) => {
    const props = { ...spec, dr };
    const problems = problemsOf(props);
    expect(problems.find((p) => p.startsWith(`${path}: `))).toMatch(rule);
    expect(() => validate(props as ProductionStackProps)).toThrow(ValidationError);
  });

  test('fails when nothing is routed', () => {
    const noRoute = withDr({ standbyRegion: STANDBY, dns }, { services: spec.services.map(({ route: _route, ...s }) => s) });
    expect(problemsOf(noRoute).find((p) => p.startsWith('dr.dns.name: '))).toMatch(
      /nothing is routed: give a service a route with this host/,
    );
  });

  test('an edge route serves the name as well as a service route', () => {
    const { route: _route, ...api } = spec.services[0];
    const viaEdge = withDr(
      { standbyRegion: STANDBY, dns },
      {
        services: [api, ...spec.services.slice(1)],
        edge: { routes: [{ name: 'shop', host: 'shop.example.com', backends: [{ service: 'api' }] }] },
      },
    );
    expect(problemsOf(viaEdge).filter((p) => p.startsWith('dr.dns'))).toEqual([]);
  });

  test("fails when the routes attach to a shared gateway: the failover needs the stack's own", () => {
    const shared = withDr({ standbyRegion: STANDBY, dns }, { edge: { sharedGateway: { name: 'edge', namespace: 'infra' } } });
    expect(problemsOf(shared).find((p) => p.startsWith('dr.dns.name: '))).toMatch(/shared gateway \(edge.sharedGateway\)/);
  });

  describe('on GCP (Cloud DNS)', () => {
    const gcp: Partial<ProductionStackProps> = { cloud: 'gcp', region: 'us-central1' };
    const targets = { 'us-central1': '203.0.113.10', 'us-east1': '198.51.100.20' };
    const gcpDns = { zoneId: 'example-com', name: dns.name, targets };

    test("a failover, a standby mode and failover DNS with the load balancers' addresses (or none) are valid", () => {
      const dr = { standbyRegion: 'us-east1', activeRegion: 'us-east1', mode: 'warm-standby', dns: gcpDns } as const;
      const warm = { ...gcp, ...warmServices() };
      expect(problemsOf(withDr(dr, warm))).toEqual([]);
      const { targets: _targets, ...reserved } = gcpDns;
      expect(problemsOf(withDr({ ...dr, dns: reserved }, warm))).toEqual([]);
      expect(problemsOf(withDr({ ...dr, dns: { ...gcpDns, targets: { 'us-central1': '203.0.113.10' } } }, warm))).toEqual([]);
      expect(problemsOf(withDr({ ...dr, dns: { ...gcpDns, healthCheckPath: '/readyz' } }, warm))).toEqual([]);
    });

    test.each<[string, object, string, RegExp]>([
      ['the zone is a Route 53 ID', { ...gcpDns, zoneId: 'Z0123456789ABCDEFGHIJ' }, 'dr.dns.zoneId', /Cloud DNS managed zone/],
      [
        'a target is a host name',
        { ...gcpDns, targets: { ...targets, 'us-east1': 'lb.example.com' } },
        'dr.dns.targets.us-east1',
        /IPv4 address/,
      ],
      [
        'a target is not an address',
        { ...gcpDns, targets: { ...targets, 'us-east1': '300.1.2.3' } },
        'dr.dns.targets.us-east1',
        /IPv4 address/,
      ],
      [
        'the health check path is relative',
        { ...gcpDns, healthCheckPath: 'healthz' },
        'dr.dns.healthCheckPath',
        /"healthz" must be an HTTP path such as "\/healthz"/,
      ],
    ])('fails when %s', (_, d, path, rule) => {
      const problems = problemsOf(withDr({ standbyRegion: 'us-east1', dns: d as typeof gcpDns }, gcp));
      expect(problems.find((p) => p.startsWith(`${path}: `))).toMatch(rule);
    });
  });
});

describe("the standby VPC's range on AWS (dr.aws.standbyNetworkCidr): peered with the primary's, so distinct", () => {
  test.each<[string, Partial<ProductionStackProps>, NonNullable<ProductionStackProps['dr']>, string | undefined]>([
    ['the next /16 by default', {}, { standbyRegion: STANDBY }, '10.1.0.0/16'],
    [
      'the next block as large as a given primary range',
      { cluster: { networkCidr: '10.8.0.0/20' } },
      { standbyRegion: STANDBY },
      '10.8.16.0/20',
    ],
    [
      'at the end of a private block, its first free block',
      { cluster: { networkCidr: '10.255.0.0/16' } },
      { standbyRegion: STANDBY },
      '10.0.0.0/16',
    ],
    [
      "past Docker's default bridge (a runner with Docker routes 172.17.0.0/16 to docker0)",
      { cluster: { networkCidr: '172.16.0.0/16' } },
      { standbyRegion: STANDBY },
      '172.18.0.0/16',
    ],
    [
      "past EKS's default service ranges (AWS asks that a peered network not overlap them)",
      { cluster: { networkCidr: '10.99.0.0/16' } },
      { standbyRegion: STANDBY },
      '10.101.0.0/16',
    ],
    ['a given range', {}, { standbyRegion: STANDBY, aws: { standbyNetworkCidr: '172.24.0.0/16' } }, '172.24.0.0/16'],
    ['none without a standby region', {}, {}, undefined],
    [
      'none on GCP, even given (a spec shared by both clouds): its standby subnet is carved from the same VPC',
      { cloud: 'gcp', region: 'us-central1' },
      { standbyRegion: 'us-east1', aws: { standbyNetworkCidr: '10.1.0.0/16' } },
      undefined,
    ],
    [
      'none on GCP, whose standby subnet is carved from the same VPC',
      { cloud: 'gcp', region: 'us-central1' },
      { standbyRegion: 'us-east1' },
      undefined,
    ],
  ])('%s', (_, over, dr, cidr) => {
    expect(problemsOf(withDr(dr, over))).toEqual([]);
    expect(resolve(withDr(dr, over)).dr.aws?.standbyNetworkCidr).toBe(cidr);
  });

  test.each<[string, Partial<ProductionStackProps>, unknown, string | string[]]>([
    [
      'it overlaps the primary range',
      {},
      { standbyRegion: STANDBY, aws: { standbyNetworkCidr: '10.0.128.0/17' } },
      'dr.aws.standbyNetworkCidr: "10.0.128.0/17" overlaps cluster.networkCidr (10.0.0.0/16): the peered VPCs need distinct ranges',
    ],
    [
      'it holds the primary range',
      { cluster: { networkCidr: '10.20.0.0/16' } },
      { standbyRegion: STANDBY, aws: { standbyNetworkCidr: '10.0.0.0/8' } },
      [
        'dr.aws.standbyNetworkCidr: "10.0.0.0/8" overlaps cluster.networkCidr (10.20.0.0/16): the peered VPCs need distinct ranges',
        'dr.aws.standbyNetworkCidr: "10.0.0.0/8" must have a prefix between /16 and /28 (AWS limits)',
      ],
    ],
    [
      'it is no CIDR',
      {},
      { standbyRegion: STANDBY, aws: { standbyNetworkCidr: '10.1.0.0' } },
      'dr.aws.standbyNetworkCidr: "10.1.0.0" must be an IPv4 CIDR such as "10.1.0.0/16"',
    ],
    [
      'it is not the first address of its block',
      {},
      { standbyRegion: STANDBY, aws: { standbyNetworkCidr: '10.1.2.0/16' } },
      'dr.aws.standbyNetworkCidr: "10.1.2.0/16" is not the first address of its block: use "10.1.0.0/16"',
    ],
    [
      'the primary range, from which the default is derived, is not the first address of its block',
      { cluster: { networkCidr: '10.0.1.0/16' } },
      { standbyRegion: STANDBY },
      'cluster.networkCidr: "10.0.1.0/16" is not the first address of its block: use "10.0.0.0/16"',
    ],
    [
      'no block as large as the primary range is left for the default',
      { cluster: { networkCidr: '10.0.0.0/8' } },
      { standbyRegion: STANDBY },
      [
        'cluster.networkCidr: "10.0.0.0/8" must have a prefix between /16 and /28 (AWS limits)',
        'dr.aws.standbyNetworkCidr: no free block as large as 10.0.0.0/8 in RFC 1918 space for the standby VPC: give dr.aws.standbyNetworkCidr',
      ],
    ],
    [
      'it is larger than a VPC may be',
      {},
      { standbyRegion: STANDBY, aws: { standbyNetworkCidr: '172.16.0.0/12' } },
      'dr.aws.standbyNetworkCidr: "172.16.0.0/12" must have a prefix between /16 and /28 (AWS limits)',
    ],
    [
      "it is too small for a private and a public subnet in each of the cluster's zones",
      {},
      { standbyRegion: STANDBY, aws: { standbyNetworkCidr: '10.1.0.0/27' } },
      'dr.aws.standbyNetworkCidr: "10.1.0.0/27" is too small for 3 availability zones: each private subnet would be a /30, and AWS subnets must be /28 or larger; use a larger networkCidr or fewer zones',
    ],
    [
      'there is no standby region',
      {},
      { aws: { standbyNetworkCidr: '10.1.0.0/16' } },
      'dr.aws.standbyNetworkCidr: there is no standby region: set dr.standbyRegion or drop dr.aws.standbyNetworkCidr',
    ],
    [
      'it is no CIDR on GCP, which does not read it',
      { cloud: 'gcp', region: 'us-central1' },
      { standbyRegion: 'us-east1', aws: { standbyNetworkCidr: '10.1.0.0' } },
      'dr.aws.standbyNetworkCidr: "10.1.0.0" must be an IPv4 CIDR such as "10.1.0.0/16"',
    ],
  ])('fails when %s', (_, over, dr, problem) => {
    const props = withDr(dr as NonNullable<ProductionStackProps['dr']>, over);
    expect(problemsOf(props)).toEqual([problem].flat());
    expect(() => validate(props)).toThrow(ValidationError);
  });

  test("every problem at once, with the cluster's", () => {
    const props = withDr(
      { standbyRegion: 'us-east-1', aws: { standbyNetworkCidr: '10.0.0.0/16' }, mode: 'hot' as never },
      { cluster: { availabilityZones: 9 } },
    );
    expect(problemsOf(props)).toEqual([
      expect.stringMatching(/^cluster\.availabilityZones: /),
      expect.stringMatching(/^dr\.mode: /),
      'dr.aws.standbyNetworkCidr: "10.0.0.0/16" overlaps cluster.networkCidr (10.0.0.0/16): the peered VPCs need distinct ranges',
    ]);
  });
});

test('re-seeds need a database', () => {
  const { postgres: _pg, ...noDatabase } = spec;
  expect(problemsOf({ ...noDatabase, dr: { standbyRegion: STANDBY, reseeds: 1 } })).toContain(
    'dr.reseeds: there is no PostgreSQL to re-seed: define postgres or drop dr.reseeds',
  );
});

describe('regionDatabases: which database replicates, through failovers and re-seeds', () => {
  const roles = { primaryRegion: spec.region, region: STANDBY };
  const state = (reseeds: number, activeRegion: string) => {
    const { primary, standby } = regionDatabases({ ...roles, activeRegion, reseeds });
    const of = (d: typeof primary) => (d.replicating ? 'replica' : d.diverged ? 'diverged' : 'serves');
    return [of(primary), of(standby), primary.seeded, standby.seeded];
  };
  test.each<[string, number, string, unknown[]]>([
    ['the primary serves, the standby replicates it', 0, spec.region, ['serves', 'replica', false, true]],
    ['failover: the standby serves, the primary has diverged', 0, STANDBY, ['diverged', 'serves', false, true]],
    ['first re-seed: the primary region replicates the standby', 1, STANDBY, ['replica', 'serves', true, true]],
    ['failback: the primary serves, the standby has diverged', 1, spec.region, ['serves', 'diverged', true, true]],
    ['second re-seed: back to the start, the primary now seeded', 2, spec.region, ['serves', 'replica', true, true]],
    ['a failover after it', 2, STANDBY, ['diverged', 'serves', true, true]],
    ['third re-seed', 3, STANDBY, ['replica', 'serves', true, true]],
  ])('%s', (_, reseeds, active, expected) => {
    expect(state(reseeds, active)).toEqual(expected);
  });

  test('the serving region never replicates, and at most one database is a replica', () => {
    for (let reseeds = 0; reseeds < 6; reseeds++) {
      for (const active of [spec.region, STANDBY]) {
        const { primary, standby } = regionDatabases({ ...roles, activeRegion: active, reseeds });
        const serving = active === STANDBY ? standby : primary;
        expect([serving.replicating, serving.diverged]).toEqual([false, false]);
        expect([primary, standby].filter((d) => d.replicating || d.diverged)).toHaveLength(1);
      }
    }
  });

  test('resolve sets reseeds to 0 with a standby region only', () => {
    expect(resolve(withDr({ standbyRegion: STANDBY })).dr.reseeds).toBe(0);
    expect(resolve(spec).dr.reseeds).toBeUndefined();
  });
});

describe('passiveIsFailoverTarget: when DNS may send clients to the passive region', () => {
  const roles = { primaryRegion: spec.region, region: STANDBY };
  test.each<[string, number, string, boolean]>([
    ['the primary serves, the standby replicates', 0, spec.region, true],
    ['after a failover, the old primary has diverged', 0, STANDBY, false],
    ['once re-seeded, the primary region replicates: the roles swapped', 1, STANDBY, true],
    ['after the failback, the standby has diverged', 1, spec.region, false],
    ['once the standby is re-seeded', 2, spec.region, true],
  ])('a warm standby: %s', (_, reseeds, activeRegion, expected) => {
    expect(passiveIsFailoverTarget({ ...roles, activeRegion, reseeds, mode: 'warm-standby' }, true)).toBe(expected);
  });

  test('never a pilot light (its workloads are at zero), database or not; a warm standby without a database always', () => {
    for (const activeRegion of [spec.region, STANDBY]) {
      for (const hasDatabase of [true, false]) {
        expect(passiveIsFailoverTarget({ ...roles, activeRegion, mode: 'pilot-light' }, hasDatabase)).toBe(false);
        expect(passiveIsFailoverTarget({ ...roles, activeRegion }, hasDatabase)).toBe(false);
      }
      expect(passiveIsFailoverTarget({ ...roles, activeRegion, mode: 'warm-standby' }, false)).toBe(true);
    }
  });
});

test('database instances are protected and retained on delete unless deletion protection is turned off, and carry their re-seed count', () => {
  expect(databaseInstanceOptions(0)).toEqual({ protect: true, retainOnDelete: true, replacementTrigger: 0 });
  expect(databaseInstanceOptions(2, false)).toEqual({ protect: false, retainOnDelete: false, replacementTrigger: 2 });
});

describe("the standby cluster's node pool", () => {
  const pool = (desiredSize: number, maxSize = 12) => ({
    instanceType: 'm5.large',
    minSize: desiredSize,
    desiredSize,
    maxSize,
    diskSizeGiB: 50,
  });

  test('a pilot light runs 2 nodes (the add-ons), a warm standby a third of the primary, rounded up, at least 2', () => {
    expect([PILOT_LIGHT_NODES, WARM_STANDBY_SHARE]).toEqual([2, 1 / 3]);
    expect(standbyNodes(pool(9), 'pilot-light', false)).toEqual({ ...pool(9), desiredSize: 2, minSize: 2 });
    expect(standbyNodes(pool(9), 'warm-standby', false)).toEqual({ ...pool(9), desiredSize: 3, minSize: 3 });
    expect(standbyNodes(pool(7), 'warm-standby', false)).toEqual({ ...pool(7), desiredSize: 3, minSize: 3 });
    expect(standbyNodes(pool(3), 'warm-standby', false)).toEqual({ ...pool(3), desiredSize: 2, minSize: 2 });
  });

  test("never more than the primary's maximum", () => {
    expect(standbyNodes(pool(30, 8), 'warm-standby', false)).toEqual({ ...pool(30, 8), desiredSize: 8, minSize: 8 });
    expect(standbyNodes(pool(1, 1), 'pilot-light', false)).toEqual({ ...pool(1, 1), desiredSize: 1, minSize: 1 });
  });

  test("once it serves, exactly the primary's", () => {
    expect(standbyNodes(pool(9), 'pilot-light', true)).toEqual(pool(9));
  });
});

test('the active region is one of the two; any other is refused, naming both', () => {
  expect(standbyActive({ region: 'us-east-1', primaryRegion: 'us-west-2' })).toBe(false);
  expect(standbyActive({ region: 'us-east-1', primaryRegion: 'us-west-2', activeRegion: 'us-east-1' })).toBe(true);
  expect(() => standbyActive({ region: 'us-east-1', primaryRegion: 'us-west-2', activeRegion: 'eu-west-1' })).toThrow(
    new Error('activeRegion eu-west-1 is neither the primary region us-west-2 nor the standby region us-east-1'),
  );
});

test("re-seeds alternate: the primary's database at odd counts, the standby's at even ones", () => {
  const generations = (reseeds: number) => {
    const d = regionDatabases({ region: 'us-east-1', primaryRegion: 'us-west-2', reseeds });
    return [d.primary.generation, d.standby.generation];
  };
  expect([0, 1, 2, 3, 4].map(generations)).toEqual([
    [0, 0],
    [1, 0],
    [1, 1],
    [2, 1],
    [2, 2],
  ]);
});

describe("a region's workloads", () => {
  const roles = { region: 'us-east-1', primaryRegion: 'us-west-2' };

  test('the active region runs in full, or drained', () => {
    expect(regionScale(roles, 'us-west-2', true)).toBe('full');
    expect(regionScale({ ...roles, drain: true }, 'us-west-2', true)).toBe('drained');
    expect(regionScale({ ...roles, activeRegion: 'us-east-1' }, 'us-east-1', true)).toBe('full');
  });

  test('the passive region: a warm standby while it is a failover target, else a pilot light', () => {
    expect(regionScale({ ...roles, mode: 'warm-standby' }, 'us-east-1', true)).toBe('warm-standby');
    expect(regionScale({ ...roles, mode: 'pilot-light' }, 'us-east-1', true)).toBe('pilot-light');
    expect(regionScale(roles, 'us-east-1', false)).toBe('pilot-light');
    // after a flip the old primary's database is diverged: not a failover target until re-seeded
    expect(regionScale({ ...roles, mode: 'warm-standby', activeRegion: 'us-east-1' }, 'us-west-2', true)).toBe('pilot-light');
  });
});
