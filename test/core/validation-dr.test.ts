/**
 * The rules of disaster recovery (lib/core/validation/dr.ts, checkDr): objectives the stack can meet, backups,
 * restore drills, the standby region, its failover DNS and network, and what serves while a region is passive.
 * Sources: Route 53 hosted zone IDs ("Z" and upper-case letters and digits); Cloud DNS managed zone names (a
 * lowercase letter, then up to 62 of lowercase letters, digits or "-", not ending with "-"); S3 bucket names (3-63,
 * so `<bucket>-replica` leaves 55); managed point-in-time recovery bounds a database loss at 5 minutes (RDS, Cloud
 * SQL); psql reads a backslash outside quotes as a meta-command (`\!` runs a shell).
 */
import { checkDr } from 'production-stack/core/validation/dr';
import { Problems } from 'production-stack/core/validation/problems';

type Obj = Record<string, unknown>;
type Found = { path: string; value: unknown; rule: string };

const api = { name: 'api', ports: [{ name: 'http', port: 8080 }], route: { host: 'shop.example.com' } };
const base: Obj = { name: 'shop', cloud: 'aws', region: 'us-west-2', postgres: {}, services: [api] };

function problems(dr: unknown, patch: Obj = {}): Found[] {
  const p = new Problems();
  checkDr(p, { ...base, ...patch, dr });
  return [...p.all];
}
const at = (found: Found[], path: string) => found.filter((x) => x.path === path);

test('no dr, or an empty one, breaks no rule; dr is an object', () => {
  expect(problems(undefined)).toEqual([]);
  expect(problems({})).toEqual([]);
  expect(problems('yes')).toEqual([{ path: 'dr', value: 'yes', rule: '"yes" must be an object' }]);
});

describe('objectives', () => {
  test('an objective the stack meets passes: a database loss within the 5 minutes of point-in-time recovery', () => {
    expect(problems({ objectives: [{ scenario: 'database', rtoMinutes: 60, rpoMinutes: 5 }] })).toEqual([]);
  });

  test('an RPO under what the stack can meet is refused, naming what bounds it', () => {
    expect(problems({ objectives: [{ scenario: 'database', rtoMinutes: 60, rpoMinutes: 4 }] })).toEqual([
      {
        path: 'dr.objectives[0].rpoMinutes',
        value: 4,
        rule: '4 cannot be met: losing the database loses up to 5 minutes of data (managed point-in-time recovery); back up more often, add a standby region, or state the RPO the stack can meet',
      },
    ]);
  });

  test('without a standby region, a region loses all of its data', () => {
    expect(problems({ objectives: [{ scenario: 'region', rtoMinutes: 60, rpoMinutes: 1440 }] })).toEqual([
      {
        path: 'dr.objectives[0].rpoMinutes',
        value: 1440,
        rule: '1440 cannot be met: losing the region loses all of its data (no standby region: no replica or copy of the backups outlives the region); back up more often, add a standby region, or state the RPO the stack can meet',
      },
    ]);
  });

  test('a scenario the stack knows nothing of bounds nothing', () => {
    expect(problems({ objectives: [{ scenario: 'bad deploy', rtoMinutes: 30, rpoMinutes: 0 }] })).toEqual([]);
  });

  test('rtoMinutes and rpoMinutes are required integers >= 0; the scenario one line of at most 60 characters', () => {
    expect(problems({ objectives: [{ scenario: 'database' }] })).toEqual([
      { path: 'dr.objectives[0].rtoMinutes', value: undefined, rule: 'rtoMinutes is required' },
      { path: 'dr.objectives[0].rpoMinutes', value: undefined, rule: 'rpoMinutes is required' },
    ]);
    expect(problems({ objectives: [{ scenario: 'x'.repeat(60), rtoMinutes: 0, rpoMinutes: 0 }] })).toEqual([]);
    expect(problems({ objectives: [{ scenario: 'x'.repeat(61), rtoMinutes: -1, rpoMinutes: 0 }] }).map((x) => x.path)).toEqual([
      'dr.objectives[0].scenario',
      'dr.objectives[0].rtoMinutes',
    ]);
  });

  test('scenarios are unique', () => {
    const o = { scenario: 'database', rtoMinutes: 60, rpoMinutes: 5 };
    expect(problems({ objectives: [o, o] })).toEqual([
      { path: 'dr.objectives', value: 'database', rule: 'scenario "database" is used more than once' },
    ]);
  });
});

describe('backups', () => {
  test('the schedule is a cron schedule; retention at least 1 day', () => {
    expect(problems({ backupSchedule: '0 */6 * * *', backupRetentionDays: 1 })).toEqual([]);
    expect(problems({ backupSchedule: 'hourly', backupRetentionDays: 0 }).map((x) => x.path)).toEqual([
      'dr.backupSchedule',
      'dr.backupRetentionDays',
    ]);
  });

  test('logical backups need PostgreSQL', () => {
    expect(problems({ logicalBackups: true }, { postgres: undefined })).toEqual([
      { path: 'dr.logicalBackups', value: true, rule: 'there is no PostgreSQL to back up: define postgres or drop logicalBackups' },
    ]);
    expect(problems({ logicalBackups: false }, { postgres: undefined })).toEqual([]);
    expect(problems({ logicalBackups: 'yes' }).map((x) => x.rule)).toEqual(['"yes" must be true or false']);
  });

  test('the bucket is a bucket name', () => {
    expect(problems({ backupBucket: 'Shop_Backups' })).toEqual([
      {
        path: 'dr.backupBucket',
        value: 'Shop_Backups',
        rule: '"Shop_Backups" must be a bucket name: 3 to 63 lowercase letters, digits, "-" or "."',
      },
    ]);
  });

  test('on AWS with a standby region, the bucket leaves room for "-replica": 55 characters pass, 56 are refused', () => {
    const dr = (bucket: string) => ({ standbyRegion: 'us-east-1', backupBucket: bucket });
    expect(problems(dr('b'.repeat(55)))).toEqual([]);
    expect(problems(dr('b'.repeat(56)))).toEqual([
      {
        path: 'dr.backupBucket',
        value: 'b'.repeat(56),
        rule: `"${'b'.repeat(56)}" leaves no room for its replica in the standby region, "<bucket>-replica" (63 characters at most): 55 at most`,
      },
    ]);
    // no replica without a standby region, nor on GCP (a dual-region bucket)
    expect(problems({ backupBucket: 'b'.repeat(56) })).toEqual([]);
    expect(problems(dr('b'.repeat(56)), { cloud: 'gcp', region: 'us-central1' }).filter((x) => x.path === 'dr.backupBucket')).toEqual([]);
  });

  test('the backup identity is an IAM role ARN or a Google service account', () => {
    expect(problems({ backupIdentity: 'arn:aws:iam::123456789012:role/backup' })).toEqual([]);
    expect(problems({ backupIdentity: 'backup@shop-prod.iam.gserviceaccount.com' })).toEqual([]);
    expect(problems({ backupIdentity: 'backup' })).toEqual([
      {
        path: 'dr.backupIdentity',
        value: 'backup',
        rule: '"backup" must be an IAM role ARN (AWS) or a Google service account email (GCP)',
      },
    ]);
  });
});

describe('restore drills', () => {
  test('a schedule and checks with DNS-label names and SQL pass', () => {
    expect(
      problems({ restoreDrill: { schedule: '0 5 * * 0', checks: [{ name: 'orders', sql: 'SELECT count(*) > 0 FROM orders' }] } }),
    ).toEqual([]);
    expect(problems({ restoreDrill: {} })).toEqual([]);
  });

  test('checks given are at least one', () => {
    expect(problems({ restoreDrill: { checks: [] } })).toEqual([
      { path: 'dr.restoreDrill.checks', value: '[]', rule: 'a restore drill needs at least one check (omit checks for the default one)' },
    ]);
  });

  test('a check has a DNS-label name and a query', () => {
    expect(problems({ restoreDrill: { checks: [{ name: 'Orders', sql: ' ' }] } })).toEqual([
      { path: 'dr.restoreDrill.checks[0].name', value: 'Orders', rule: '"Orders" must be a DNS-1123 label' },
      { path: 'dr.restoreDrill.checks[0].sql', value: ' ', rule: 'a check needs a query' },
    ]);
  });

  test('a psql meta-command is refused at its character', () => {
    expect(problems({ restoreDrill: { checks: [{ name: 'x', sql: 'SELECT 1; \\! id' }] } })).toEqual([
      {
        path: 'dr.restoreDrill.checks[0].sql',
        value: 'SELECT 1; \\! id',
        rule: `"SELECT 1; \\\\! id" has a psql meta-command at character 11 (a backslash outside a string, identifier or comment): a check is SQL only, as it runs in a pod holding the backup bucket's identity (\\! would run a shell there)`,
      },
    ]);
    expect(problems({ restoreDrill: { checks: [{ name: 'x', sql: "SELECT '\\!'" }] } })).toEqual([]);
  });

  test('check names are unique; the schedule is a cron schedule', () => {
    const c = { name: 'x', sql: 'SELECT 1' };
    expect(problems({ restoreDrill: { schedule: 'weekly', checks: [c, c] } }).map((x) => [x.path, x.rule.slice(0, 30)])).toEqual([
      ['dr.restoreDrill.schedule', '"weekly" must be a 5-field cro'],
      ['dr.restoreDrill.checks', 'check name "x" is used more th'],
    ]);
  });
});

describe('the standby region', () => {
  test("it is a region of the stack's cloud, and not the primary", () => {
    expect(problems({ standbyRegion: 'us-east-1' })).toEqual([]);
    expect(problems({ standbyRegion: 'us-west-2' })).toEqual([
      { path: 'dr.standbyRegion', value: 'us-west-2', rule: '"us-west-2" is the primary region: a standby must be elsewhere' },
    ]);
    expect(problems({ standbyRegion: 'us-east1' }).map((x) => x.path)).toEqual(['dr.standbyRegion']);
  });

  test('the mode is pilot-light or warm-standby, and needs a standby region', () => {
    expect(problems({ standbyRegion: 'us-east-1', mode: 'warm-standby' }, { services: [] })).toEqual([]);
    expect(problems({ standbyRegion: 'us-east-1', mode: 'hot' })).toEqual([
      { path: 'dr.mode', value: 'hot', rule: '"hot" must be "pilot-light" or "warm-standby"' },
    ]);
    expect(problems({ mode: 'pilot-light' })).toEqual([
      { path: 'dr.mode', value: 'pilot-light', rule: 'there is no standby region: set dr.standbyRegion or drop dr.mode' },
    ]);
  });

  test('the active region is the region or the standby region', () => {
    expect(problems({ standbyRegion: 'us-east-1', activeRegion: 'us-east-1' })).toEqual([]);
    expect(problems({ standbyRegion: 'us-east-1', activeRegion: 'eu-west-1' })).toEqual([
      {
        path: 'dr.activeRegion',
        value: 'eu-west-1',
        rule: '"eu-west-1" must be the region or the standby region ("us-west-2" or "us-east-1")',
      },
    ]);
    expect(problems({ activeRegion: 'us-west-2' })).toEqual([]);
  });

  test('reseeds need a standby region and PostgreSQL', () => {
    expect(problems({ standbyRegion: 'us-east-1', reseeds: 1 })).toEqual([]);
    expect(problems({ reseeds: 1 }, { postgres: undefined })).toEqual([
      { path: 'dr.reseeds', value: 1, rule: 'there is no standby region: set dr.standbyRegion or drop dr.reseeds' },
      { path: 'dr.reseeds', value: 1, rule: 'there is no PostgreSQL to re-seed: define postgres or drop dr.reseeds' },
    ]);
    expect(problems({ reseeds: -1 }).map((x) => x.rule)).toEqual(['-1 must be an integer >= 0']);
  });

  test('drain needs a standby region', () => {
    expect(problems({ drain: true })).toEqual([
      { path: 'dr.drain', value: true, rule: 'there is no standby region to fail over to: set dr.standbyRegion or drop dr.drain' },
    ]);
    expect(problems({ drain: true, standbyRegion: 'us-east-1' })).toEqual([]);
    expect(problems({ drain: false })).toEqual([]);
  });
});

describe('the standby network (AWS)', () => {
  test("the standby VPC's range must not overlap the primary's", () => {
    expect(problems({ standbyRegion: 'us-east-1', aws: { standbyNetworkCidr: '10.1.0.0/16' } })).toEqual([]);
    expect(problems({ standbyRegion: 'us-east-1', aws: { standbyNetworkCidr: '10.0.128.0/17' } })).toEqual([
      {
        path: 'dr.aws.standbyNetworkCidr',
        value: '10.0.128.0/17',
        rule: '"10.0.128.0/17" overlaps cluster.networkCidr (10.0.0.0/16): the peered VPCs need distinct ranges',
      },
    ]);
  });

  test('it is a CIDR, and splits into the subnets of its zones', () => {
    expect(problems({ standbyRegion: 'us-east-1', aws: { standbyNetworkCidr: '10.1.0.0' } })).toEqual([
      { path: 'dr.aws.standbyNetworkCidr', value: '10.1.0.0', rule: '"10.1.0.0" must be an IPv4 CIDR such as "10.1.0.0/16"' },
    ]);
    expect(problems({ standbyRegion: 'us-east-1', aws: { standbyNetworkCidr: '10.2.0.0/15' } })).toEqual([
      {
        path: 'dr.aws.standbyNetworkCidr',
        value: '10.2.0.0/15',
        rule: '"10.2.0.0/15" must have a prefix between /16 and /28 (AWS limits)',
      },
    ]);
  });

  test('it needs a standby region; on GCP, which does not read it (a spec shared by both clouds), it need only be a CIDR', () => {
    expect(problems({ aws: { standbyNetworkCidr: '10.1.0.0/16' } })).toEqual([
      {
        path: 'dr.aws.standbyNetworkCidr',
        value: '10.1.0.0/16',
        rule: 'there is no standby region: set dr.standbyRegion or drop dr.aws.standbyNetworkCidr',
      },
    ]);
    const onGcp = { cloud: 'gcp', region: 'us-central1' } as const;
    // the primary's own range would overlap on AWS: GCP does not peer two VPCs
    expect(problems({ standbyRegion: 'us-east1', aws: { standbyNetworkCidr: '10.0.0.0/16' } }, onGcp)).toEqual([]);
    expect(problems({ standbyRegion: 'us-east1', aws: { standbyNetworkCidr: '10.1.0' } }, onGcp)).toEqual([
      { path: 'dr.aws.standbyNetworkCidr', value: '10.1.0', rule: '"10.1.0" must be an IPv4 CIDR such as "10.1.0.0/16"' },
    ]);
    expect(problems({ standbyRegion: 'us-east1', aws: 'peered' }, onGcp)).toEqual([
      { path: 'dr.aws', value: 'peered', rule: '"peered" must be an object' },
    ]);
  });

  test('a primary range with no free block of its size left in RFC 1918 space is refused at the standby range', () => {
    const found = problems({ standbyRegion: 'us-east-1' }, { cluster: { networkCidr: '10.0.0.0/8' } });
    expect(at(found, 'dr.aws.standbyNetworkCidr').map((x) => x.rule)).toEqual([
      'no free block as large as 10.0.0.0/8 in RFC 1918 space for the standby VPC: give dr.aws.standbyNetworkCidr',
    ]);
  });
});

describe('failover DNS', () => {
  const dns = {
    zoneId: 'Z0123456789ABCDEFGHIJ',
    name: 'shop.example.com',
    targets: { 'us-west-2': 'a.example.com', 'us-east-1': 'b.example.com' },
  };
  const standby = (d: Obj, extra: Obj = {}) => ({ standbyRegion: 'us-east-1', dns: { ...dns, ...d }, ...extra });

  test('a record of a routed host with both regions as targets passes', () => {
    expect(problems(standby({}))).toEqual([]);
  });

  test('it needs a standby region', () => {
    expect(problems({ dns })).toEqual([
      { path: 'dr.dns', value: '{...}', rule: 'failover records need a standby region: set dr.standbyRegion or drop dr.dns' },
      { path: 'dr.dns.targets.us-east-1', value: 'b.example.com', rule: 'us-east-1 is neither the region nor the standby region' },
    ]);
  });

  test('the zone is a Route 53 hosted zone ID on AWS, a managed zone name on GCP', () => {
    expect(at(problems(standby({ zoneId: 'example-com' })), 'dr.dns.zoneId')).toEqual([
      {
        path: 'dr.dns.zoneId',
        value: 'example-com',
        rule: '"example-com" must be a Route 53 hosted zone ID such as "Z0123456789ABCDEFGHIJ"',
      },
    ]);
    const gcp = { cloud: 'gcp', region: 'us-central1' };
    const gcpDns = {
      standbyRegion: 'us-east1',
      dns: { ...dns, zoneId: 'Z0123', targets: { 'us-central1': '203.0.113.1', 'us-east1': '203.0.113.2' } },
    };
    expect(at(problems(gcpDns, gcp), 'dr.dns.zoneId')).toEqual([
      { path: 'dr.dns.zoneId', value: 'Z0123', rule: '"Z0123" must be the name of a Cloud DNS managed zone such as "example-com"' },
    ]);
    expect(problems({ ...gcpDns, dns: { ...gcpDns.dns, zoneId: 'example-com' } }, gcp)).toEqual([]);
  });

  test('on GCP a target is an IPv4 address; on AWS a host name', () => {
    const gcp = { cloud: 'gcp', region: 'us-central1' };
    const targets = { 'us-central1': '203.0.113.256', 'us-east1': 'lb.example.com' };
    expect(problems({ standbyRegion: 'us-east1', dns: { ...dns, zoneId: 'example-com', targets } }, gcp).map((x) => x.path)).toEqual([
      'dr.dns.targets.us-central1',
      'dr.dns.targets.us-east1',
    ]);
    expect(
      at(problems(standby({ targets: { 'us-west-2': '203.0.113.1x', 'us-east-1': 'B.example.com' } })), 'dr.dns.targets.us-east-1'),
    ).toEqual([
      {
        path: 'dr.dns.targets.us-east-1',
        value: 'B.example.com',
        rule: '"B.example.com" must be a host name, e.g. a load balancer DNS name',
      },
    ]);
  });

  test('the name is a host name that a route of the stack serves, with a route at "/"', () => {
    expect(at(problems(standby({ name: 'shop' })), 'dr.dns.name').map((x) => x.rule)).toEqual([
      '"shop" must be a host name such as "app.example.com" (lowercase, no wildcard)',
    ]);
    expect(at(problems(standby({ name: 'www.example.com' })), 'dr.dns.name').map((x) => x.rule)).toEqual([
      '"www.example.com" is the host of no route: the failover record must name what both regions serve; use a routed host ("shop.example.com") or route this host',
    ]);
    expect(
      at(problems(standby({}), { services: [{ ...api, route: { host: 'shop.example.com', path: '/api' } }] }), 'dr.dns.name').map(
        (x) => x.rule,
      ),
    ).toEqual([
      '"shop.example.com" has no route at "/": the health checks of both regions request the readiness path of the service that serves "/" of the failover host; route "/" of it (a service route without path, or an edge route)',
    ]);
    expect(at(problems(standby({}), { services: [] }), 'dr.dns.name').map((x) => x.rule)).toEqual([
      '"shop.example.com" is the host of no route: the failover record must name what both regions serve; nothing is routed: give a service a route with this host',
    ]);
  });

  test('an edge route of "/" for every method and header serves the name\'s root', () => {
    const edge = { routes: [{ name: 'web', host: 'shop.example.com', backends: [{ service: 'api' }] }] };
    expect(problems(standby({}), { services: [{ ...api, route: undefined }], edge })).toEqual([]);
  });

  test('a shared gateway serves no failover record', () => {
    expect(
      at(problems(standby({}), { edge: { sharedGateway: { name: 'gw', namespace: 'gw' } } }), 'dr.dns.name').map((x) => x.rule),
    ).toEqual([
      '"shop.example.com" would be served by the shared gateway (edge.sharedGateway), whose addresses and certificates are its owner\'s: failover records need the stack\'s own gateway; drop edge.sharedGateway or dr.dns',
    ]);
  });

  test("on AWS, a routed host that is a region's health-check host is refused", () => {
    const services = [api, { name: 'web', ports: [{ name: 'http', port: 80 }], route: { host: 'us-east-1.shop.example.com' } }];
    expect(at(problems(standby({}), { services }), 'dr.dns.name').map((x) => x.rule)).toEqual([
      '"shop.example.com" makes "us-east-1.shop.example.com" the host of us-east-1\'s health check, a record the stack writes: it must not be routed too; rename the route\'s host',
    ]);
  });

  test('the other hosts are routed host names, not the name itself, each once', () => {
    const services = [api, { name: 'web', ports: [{ name: 'http', port: 80 }], route: { host: 'www.example.com' } }];
    expect(problems(standby({ hosts: ['www.example.com'] }), { services })).toEqual([]);
    expect(
      problems(standby({ hosts: ['*.example.com', 'shop.example.com', 'docs.example.com', 'www.example.com', 'www.example.com'] }), {
        services,
      }),
    ).toEqual([
      {
        path: 'dr.dns.hosts[0]',
        value: '*.example.com',
        rule: '"*.example.com" must be a host name such as "api.example.com" (lowercase, no wildcard)',
      },
      { path: 'dr.dns.hosts[1]', value: 'shop.example.com', rule: '"shop.example.com" is dr.dns.name itself: list the other hosts only' },
      {
        path: 'dr.dns.hosts[2]',
        value: 'docs.example.com',
        rule: '"docs.example.com" is the host of no route: a host that fails over must be served by both regions',
      },
      { path: 'dr.dns.hosts', value: 'www.example.com', rule: 'host "www.example.com" is used more than once' },
    ]);
  });

  test("the health check path is an HTTP path, not the service's metrics path", () => {
    expect(problems(standby({ healthCheckPath: '/readyz' }))).toEqual([]);
    expect(at(problems(standby({ healthCheckPath: 'readyz' })), 'dr.dns.healthCheckPath')).toHaveLength(1);
    const services = [{ ...api, ports: [{ name: 'http', port: 8080 }], metrics: { port: 'http' } }];
    expect(problems(standby({ healthCheckPath: '/metrics?x=1' }), { services })).toEqual([
      {
        path: 'dr.dns.healthCheckPath',
        value: '/metrics?x=1',
        rule: '"/metrics?x=1" is where api serves its metrics, which the edge never serves: check its readiness path',
      },
    ]);
  });
});

describe('serving from the replica', () => {
  const warm = { standbyRegion: 'us-east-1', mode: 'warm-standby' };
  const reader = { name: 'api', serveFromReplica: true, postgres: { access: 'readonly' } };

  test('a read-only service in a warm standby passes', () => {
    expect(problems(warm, { services: [reader] })).toEqual([]);
  });

  test('it needs a warm standby', () => {
    expect(problems({ standbyRegion: 'us-east-1' }, { services: [reader] })).toEqual([
      {
        path: 'services[0].serveFromReplica',
        value: true,
        rule: "there is no warm standby to serve from: it applies with dr.standbyRegion and dr.mode 'warm-standby'; drop it",
      },
    ]);
  });

  test('a service that writes cannot: a migration, a database role that may write, a queue, NATS publishing', () => {
    const writer = { ...reader, migration: { command: ['m'] }, postgres: {}, queue: {}, nats: { publish: ['orders.x'] } };
    expect(problems(warm, { services: [writer] }).map((x) => x.rule)).toEqual([
      'the service has a migration, which writes: a service that serves from a read-only replica cannot own one',
      `the service's database role may write (postgres.access "readwrite"): while its region is drained it would write where the failover loses it; give it postgres.access 'readonly'`,
      'the service works a queue, which writes: it cannot serve from a read-only replica',
      'the service publishes to NATS, whose streams a failover loses: a service that serves from the replica only reads',
    ]);
    expect(problems(warm, { services: [{ ...reader, postgres: { access: 'owner' }, nats: { publish: [] } }] }).map((x) => x.rule)).toEqual([
      `the service's database role may write (postgres.access "owner"): while its region is drained it would write where the failover loses it; give it postgres.access 'readonly'`,
    ]);
    expect(problems(warm, { services: [{ name: 'api', serveFromReplica: true }] })).toEqual([]);
  });

  test("in a warm standby with a failover record, the service serving the name's root must serve from the replica", () => {
    const dns = { zoneId: 'Z0123', name: 'shop.example.com', targets: {} };
    expect(problems({ ...warm, dns }, { services: [{ name: 'x' }, api] })).toEqual([
      {
        path: 'services[1].serveFromReplica',
        value: undefined,
        rule: "api serves / of the failover host shop.example.com, where the failover record sends clients (and the health check) in the warm standby: it must serve from the replica (serveFromReplica: true), or they get errors there; use dr.mode 'pilot-light' if it writes",
      },
    ]);
    expect(problems({ ...warm, dns }, { services: [{ ...api, ...reader }] })).toEqual([]);
    expect(problems({ standbyRegion: 'us-east-1', dns }, { services: [api] })).toEqual([]);
  });
});
