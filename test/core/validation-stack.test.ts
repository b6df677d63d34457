/**
 * The rules of the stack as a whole (lib/core/validation/stack.ts): identity, cluster, secrets, NATS and
 * monitoring. Sources: the Kubernetes support table of lib/core/support.ts as of the tests' pinned day
 * (2026-12-06: 1.34 ended on EKS 2026-12-02, 1.35 is supported); GCP regions' zones (three, us-central1 four);
 * AWS VPC CIDRs (/16 to /28); Kubernetes Secret keys (`[-._a-zA-Z0-9]+`); JetStream (a RAFT quorum needs an odd
 * number of servers; a stream's replicas live on distinct servers, 5 at most); External Secrets' refresh.
 */
import { checkCluster, checkIdentity, checkMonitoring, checkNats, checkSecrets, vpcLayout } from 'production-stack/core/validation/stack';
import { Problems } from 'production-stack/core/validation/problems';

type Obj = Record<string, unknown>;
type Found = { path: string; value: unknown; rule: string };

function run(f: (p: Problems) => void): Found[] {
  const p = new Problems();
  f(p);
  return [...p.all];
}
const at = (found: Found[], path: string) => found.filter((x) => x.path === path);

describe('identity', () => {
  const identity = (patch: Obj) => run((p) => checkIdentity(p, { name: 'shop', cloud: 'aws', region: 'us-west-2', ...patch }));

  test('a name, a cloud and its region pass', () => {
    expect(identity({})).toEqual([]);
    expect(
      identity({
        cloud: 'gcp',
        region: 'us-central1',
        environment: 'staging',
        namespace: 'shop-eu',
        secretStore: 'vault',
        serviceMesh: 'istio',
      }),
    ).toEqual([]);
  });

  test.each(['production', 'staging', 'development'])('the environment %j passes', (environment) => {
    expect(identity({ environment })).toEqual([]);
  });

  test('another environment is refused', () => {
    expect(identity({ environment: 'prod' })).toEqual([
      { path: 'environment', value: 'prod', rule: '"prod" must be "production", "staging" or "development"' },
    ]);
  });

  test('the cloud is aws or gcp', () => {
    expect(at(identity({ cloud: 'azure' }), 'cloud')).toEqual([{ path: 'cloud', value: 'azure', rule: '"azure" must be "aws" or "gcp"' }]);
    expect(at(identity({ cloud: undefined }), 'cloud')).toEqual([
      { path: 'cloud', value: undefined, rule: 'undefined must be "aws" or "gcp"' },
    ]);
  });

  test("the region is required and the cloud's", () => {
    expect(identity({ region: undefined })).toEqual([{ path: 'region', value: undefined, rule: 'undefined must be a non-empty string' }]);
    expect(identity({ region: 'us-central1' })).toEqual([
      { path: 'region', value: 'us-central1', rule: '"us-central1" is not an AWS region name such as "us-west-2"' },
    ]);
  });

  test('the name is a required DNS label; namespace and secretStore optional ones', () => {
    expect(identity({ name: undefined }).map((x) => x.path)).toEqual(['name']);
    expect(identity({ namespace: 'Shop', secretStore: 'Vault' }).map((x) => x.path)).toEqual(['namespace', 'secretStore']);
  });

  test('serviceMesh is istio', () => {
    expect(identity({ serviceMesh: 'linkerd' })).toEqual([{ path: 'serviceMesh', value: 'linkerd', rule: '"linkerd" must be "istio"' }]);
  });
});

describe('cluster', () => {
  const cluster = (c: unknown, patch: Obj = {}) => run((p) => checkCluster(p, { cloud: 'aws', region: 'us-west-2', cluster: c, ...patch }));

  test('no cluster section, or the defaults written out, break no rule', () => {
    expect(cluster(undefined)).toEqual([]);
    expect(
      cluster({
        kubernetesVersion: '1.35',
        networkCidr: '10.0.0.0/16',
        availabilityZones: 3,
        nodes: { minSize: 2, maxSize: 10, desiredSize: 3 },
      }),
    ).toEqual([]);
    expect(cluster('x')).toEqual([{ path: 'cluster', value: 'x', rule: '"x" must be an object' }]);
  });

  test('the Kubernetes version is a minor version "1.NN"', () => {
    for (const v of ['1.35.1', 'v1.35', '1.3', 135])
      expect(cluster({ kubernetesVersion: v })).toEqual([
        { path: 'cluster.kubernetesVersion', value: v, rule: `${JSON.stringify(v)} must be a Kubernetes minor version such as "1.35"` },
      ]);
  });

  test("a version past its cloud's support is refused, naming its end and the supported ones", () => {
    expect(cluster({ kubernetesVersion: '1.34' })).toEqual([
      {
        path: 'cluster.kubernetesVersion',
        value: '1.34',
        rule: '"1.34" is past EKS standard support (it ended 2026-12-02); supported today: 1.35 (and newer minors than this release knows, taken as they are)',
      },
    ]);
    expect(cluster({ kubernetesVersion: '1.34' }, { cloud: 'gcp', region: 'us-east1' })[0].rule).toBe(
      '"1.34" is past GKE support (it ended 2026-10-01); supported today: 1.35 (and newer minors than this release knows, taken as they are)',
    );
  });

  test('a version older than the table has no end date to name', () => {
    expect(cluster({ kubernetesVersion: '1.20' })[0].rule).toBe(
      '"1.20" is past EKS standard support; supported today: 1.35 (and newer minors than this release knows, taken as they are)',
    );
  });

  test('a newer minor than the table is taken as it is; without a cloud, no support is judged', () => {
    expect(cluster({ kubernetesVersion: '1.40' })).toEqual([]);
    expect(cluster({ kubernetesVersion: '1.20' }, { cloud: undefined })).toEqual([]);
  });

  test('when the default version has ended, the message says it is the default and that none is supported', () => {
    const before = process.env.PRODUCTION_STACK_TODAY;
    process.env.PRODUCTION_STACK_TODAY = '2027-04-01'; // after 1.35's EKS end (2027-03-27)
    try {
      expect(cluster(undefined)).toEqual([
        {
          path: 'cluster.kubernetesVersion',
          value: '1.35',
          rule: '"1.35" (the default of this library release) is past EKS standard support (it ended 2027-03-27); supported today: none of the versions this release knows: upgrade production-stack',
        },
      ]);
    } finally {
      process.env.PRODUCTION_STACK_TODAY = before;
    }
  });

  test('networkCidr and publicAccessCidrs are IPv4 CIDRs', () => {
    expect(cluster({ networkCidr: '10.0.0.0' }, { cloud: 'gcp', region: 'us-east1' })).toEqual([
      { path: 'cluster.networkCidr', value: '10.0.0.0', rule: '"10.0.0.0" must be an IPv4 CIDR such as "10.0.0.0/16"' },
    ]);
    expect(cluster({ publicAccessCidrs: ['203.0.113.0/24', 'office'] })).toEqual([
      { path: 'cluster.publicAccessCidrs[1]', value: 'office', rule: '"office" must be an IPv4 CIDR such as "10.0.0.0/16"' },
    ]);
  });

  test('on AWS the VPC range splits into the subnets of its zones: /15 is refused, /16 passes', () => {
    expect(at(cluster({ networkCidr: '10.0.0.0/15' }), 'cluster.networkCidr').map((x) => x.rule)).toEqual([
      '"10.0.0.0/15" must have a prefix between /16 and /28 (AWS limits)',
    ]);
    // GCP makes no such subnets from it
    expect(cluster({ networkCidr: '10.0.0.0/15' }, { cloud: 'gcp', region: 'us-east1' })).toEqual([]);
  });

  test('vpcLayout takes the zones given (1 to 6), else the default 3, and leaves a non-CIDR to the format rule', () => {
    const layout = (v: unknown, zones: unknown) => run((p) => vpcLayout(p, 'cidr', v, zones));
    expect(layout('10.0.0.0/16', 6)).toEqual([]);
    expect(layout('x', 3)).toEqual([]);
    const small = layout('10.0.0.0/26', 6);
    expect(small.map((x) => x.path)).toEqual(['cidr']);
    expect(small[0].rule.startsWith('"10.0.0.0/26" ')).toBe(true);
    // an invalid zone count is the default's layout, not an error of its own here
    expect(layout('10.0.0.0/26', 7)).toEqual(layout('10.0.0.0/26', 3));
    expect(layout('10.0.0.0/26', 0)).toEqual(layout('10.0.0.0/26', 3));
    expect(layout('10.0.0.0/26', 2.5)).toEqual(layout('10.0.0.0/26', 3));
  });

  test('availabilityZones is 1 to 6; GCP regions have 3 (us-central1 4); production needs 2 (validation-rules)', () => {
    expect(cluster({ availabilityZones: 7 }, { cloud: 'gcp', region: 'us-east1' })).toEqual([
      { path: 'cluster.availabilityZones', value: 7, rule: '7 must be an integer between 1 and 6' },
      { path: 'cluster.availabilityZones', value: 7, rule: '7 zones: GCP region us-east1 has 3' },
    ]);
    expect(cluster({ availabilityZones: 1 })).toEqual([]);
    expect(cluster({ availabilityZones: 0 })).toEqual([
      { path: 'cluster.availabilityZones', value: 0, rule: '0 must be an integer between 1 and 6' },
    ]);
    expect(cluster({ availabilityZones: 4 }, { cloud: 'gcp', region: 'us-east1' })).toEqual([
      { path: 'cluster.availabilityZones', value: 4, rule: '4 zones: GCP region us-east1 has 3' },
    ]);
    expect(cluster({ availabilityZones: 3 }, { cloud: 'gcp', region: 'us-east1' })).toEqual([]);
    expect(cluster({ availabilityZones: 4 }, { cloud: 'gcp', region: 'us-central1' })).toEqual([]);
    expect(cluster({ availabilityZones: 5 }, { cloud: 'gcp', region: 'us-central1' })).toEqual([
      { path: 'cluster.availabilityZones', value: 5, rule: '5 zones: GCP region us-central1 has 4' },
    ]);
    // AWS regions vary: checked at plan time
    expect(cluster({ availabilityZones: 5, networkCidr: '10.0.0.0/16' })).toEqual([]);
  });

  test("the AWS network's singleNatGateway and interfaceEndpoints are booleans, under an object", () => {
    expect(cluster({ aws: { singleNatGateway: 'yes', interfaceEndpoints: 1 } }).map((x) => x.path)).toEqual([
      'cluster.aws.singleNatGateway',
      'cluster.aws.interfaceEndpoints',
    ]);
    expect(cluster({ aws: { singleNatGateway: true, interfaceEndpoints: false } })).toEqual([]);
    expect(cluster({ aws: 'cheap' })).toEqual([{ path: 'cluster.aws', value: 'cheap', rule: '"cheap" must be an object' }]);
  });

  test('on AWS the instance type is one Karpenter can derive its NodePool from', () => {
    expect(cluster({ nodes: { instanceType: 'm5.xlarge' } })).toEqual([]);
    expect(cluster({ nodes: { instanceType: 't3.micro' } })).toEqual([
      {
        path: 'cluster.nodes.instanceType',
        value: 't3.micro',
        rule: `"t3.micro": on AWS it must be a c, m or r instance type of a standard size (m5.xlarge, c6i.2xlarge, r7g.large): Karpenter's NodePool takes its category, generation, architecture and limits from it`,
      },
    ]);
    expect(cluster({ nodes: { instanceType: 't3.micro' } }, { cloud: 'gcp', region: 'us-east1' })).toEqual([]);
    expect(cluster({ nodes: { instanceType: '' } }).map((x) => x.rule)).toEqual(['"" must be a non-empty string']);
  });

  test('node counts: min 0-1000, max 1-1000, desired 0-1000, disk at least 20 GiB', () => {
    expect(cluster({ nodes: { minSize: 0, maxSize: 1, desiredSize: 0 } })).toEqual([]);
    expect(cluster({ nodes: { minSize: 0, maxSize: 1000, desiredSize: 1000, diskSizeGiB: 20 } })).toEqual([]);
    expect(cluster({ nodes: { minSize: -1, maxSize: 0, desiredSize: 1001, diskSizeGiB: 19 } })).toEqual([
      { path: 'cluster.nodes.minSize', value: -1, rule: '-1 must be an integer between 0 and 1000' },
      { path: 'cluster.nodes.maxSize', value: 0, rule: '0 must be an integer between 1 and 1000' },
      { path: 'cluster.nodes.desiredSize', value: 1001, rule: '1001 must be an integer between 0 and 1000' },
      { path: 'cluster.nodes.diskSizeGiB', value: 19, rule: '19 must be an integer >= 20' },
    ]);
  });

  test('minSize <= maxSize (equal passes), and desiredSize between them, defaults counted', () => {
    expect(cluster({ nodes: { minSize: 5, maxSize: 4 } })).toEqual([
      { path: 'cluster.nodes', value: { minSize: 5, maxSize: 4 }, rule: 'minSize (5) must be <= maxSize (4)' },
    ]);
    expect(cluster({ nodes: { minSize: 4, maxSize: 4, desiredSize: 4 } })).toEqual([]);
    // the default desiredSize (3) below minSize 4
    expect(cluster({ nodes: { minSize: 4 } })).toEqual([
      { path: 'cluster.nodes.desiredSize', value: 3, rule: '3 must be between minSize (4) and maxSize (10)' },
    ]);
    expect(cluster({ nodes: { desiredSize: 11 } })).toEqual([
      { path: 'cluster.nodes.desiredSize', value: 11, rule: '11 must be between minSize (2) and maxSize (10)' },
    ]);
    expect(cluster({ nodes: { desiredSize: 10 } })).toEqual([]);
    expect(cluster({ nodes: { desiredSize: 2 } })).toEqual([]);
    expect(cluster({ nodes: { desiredSize: 1 } }).map((x) => x.path)).toEqual(['cluster.nodes.desiredSize']);
  });

  test('an invalid count is not also compared', () => {
    expect(cluster({ nodes: { minSize: 5, maxSize: 0 } }).map((x) => x.path)).toEqual(['cluster.nodes.maxSize']);
    expect(cluster({ nodes: { minSize: 'x', desiredSize: 1 } }).map((x) => x.path)).toEqual(['cluster.nodes.minSize']);
  });
});

describe('secrets', () => {
  const secret = { name: 'app', remoteKey: 'shop/app', keys: ['token', 'db.url'] };
  const secrets = (list: unknown, patch: Obj = {}) => run((p) => checkSecrets(p, { name: 'shop', cloud: 'aws', secrets: list, ...patch }));

  test('a secret with a name, a remote key and keys passes', () => {
    expect(secrets([{ ...secret, properties: { token: 'TOKEN' }, refreshMinutes: 1440 }])).toEqual([]);
    expect(secrets(undefined)).toEqual([]);
  });

  test('a secret needs at least one key', () => {
    for (const keys of [[], undefined])
      expect(secrets([{ ...secret, keys }])).toEqual([{ path: 'secrets[0].keys', value: keys, rule: 'a secret needs at least one key' }]);
  });

  test('a key is letters, digits, "-", "_" or "." (a Kubernetes Secret key), and unique', () => {
    expect(secrets([{ ...secret, keys: ['a/b', 'a b', 'ok', 'ok'] }])).toEqual([
      { path: 'secrets[0].keys[0]', value: 'a/b', rule: '"a/b" must consist of letters, digits, "-", "_" or "."' },
      { path: 'secrets[0].keys[1]', value: 'a b', rule: '"a b" must consist of letters, digits, "-", "_" or "."' },
      { path: 'secrets[0].keys', value: 'ok', rule: 'key "ok" is used more than once' },
    ]);
    expect(secrets([{ ...secret, keys: ['x/'] }]).map((x) => x.path)).toEqual(['secrets[0].keys[0]']);
    expect(secrets([{ ...secret, keys: ['/x'] }]).map((x) => x.path)).toEqual(['secrets[0].keys[0]']);
  });

  test("a property names one of the secret's keys", () => {
    expect(secrets([{ ...secret, properties: { tokn: 'TOKEN' } }])).toEqual([
      { path: 'secrets[0].properties.tokn', value: 'tokn', rule: `"tokn" is not one of the secret's keys` },
    ]);
  });

  test('refreshMinutes is 1 to 1440 (a day)', () => {
    expect(secrets([{ ...secret, refreshMinutes: 1 }])).toEqual([]);
    expect(secrets([{ ...secret, refreshMinutes: 1441 }])).toEqual([
      { path: 'secrets[0].refreshMinutes', value: 1441, rule: '1441 must be an integer between 1 and 1440' },
    ]);
  });

  test('the name is a DNS label and the remote key valid for the cloud', () => {
    expect(secrets([{ ...secret, name: 'App', remoteKey: 'shop/*' }]).map((x) => x.path)).toEqual([
      'secrets[0].name',
      'secrets[0].remoteKey',
    ]);
    expect(secrets([{ ...secret, remoteKey: 'shop+app' }], { cloud: 'gcp' }).map((x) => x.path)).toEqual(['secrets[0].remoteKey']);
  });

  test('secret names are unique', () => {
    expect(secrets([secret, secret, 'x'])).toContainEqual({
      path: 'secrets',
      value: 'app',
      rule: 'secret name "app" is used more than once',
    });
  });

  test.each(['postgres', 'redis'])("<stack>-%s is reserved for the datastore's connection details", (store) => {
    expect(secrets([{ ...secret, name: `shop-${store}` }])).toEqual([
      { path: 'secrets', value: `shop-${store}`, rule: `secret name "shop-${store}" is reserved for the ${store} connection details` },
    ]);
    expect(secrets([{ ...secret, name: `shop-${store}` }], { name: 'web' })).toEqual([]);
  });
});

describe('NATS', () => {
  const stream = { name: 'orders', subjects: ['orders.>'] };
  const nats = (n: unknown, patch: Obj = {}) =>
    run((p) =>
      checkNats(p, { name: 'shop', cloud: 'aws', services: [{ name: 'api', nats: { publish: ['orders.>'] } }], nats: n, ...patch }),
    );

  test('no nats is not checked; a stream with a producer passes', () => {
    expect(run((p) => checkNats(p, { name: 'shop' }))).toEqual([]);
    expect(nats({ streams: [stream] })).toEqual([]);
  });

  test('the image and the TLS issuer', () => {
    expect(nats({ streams: [stream], image: 'nats' }).map((x) => x.path)).toEqual(['nats.image']);
    expect(nats({ streams: [stream], tls: { clusterIssuer: 'Letsencrypt' } })).toEqual([
      { path: 'nats.tls.clusterIssuer', value: 'Letsencrypt', rule: '"Letsencrypt" must be a ClusterIssuer name (a DNS-1123 subdomain)' },
    ]);
    expect(nats({ streams: [stream], tls: { clusterIssuer: 'letsencrypt.prod' } })).toEqual([]);
    expect(nats({ streams: [stream], tls: {} }).map((x) => x.path)).toEqual(['nats.tls.clusterIssuer']);
  });

  test('replicas are 1 to 9 (a JetStream quorum in production: validation-rules)', () => {
    expect(nats({ streams: [{ ...stream, replicas: 1 }], replicas: 5 })).toEqual([]);
    expect(nats({ streams: [{ ...stream, replicas: 1 }], replicas: 1 })).toEqual([]);
    expect(nats({ streams: [{ ...stream, replicas: 1 }], replicas: 0 })).toEqual([
      { path: 'nats.replicas', value: 0, rule: '0 must be an integer between 1 and 9' },
    ]);
    expect(nats({ streams: [{ ...stream, replicas: 1 }], replicas: 10 })).toEqual([
      { path: 'nats.replicas', value: 10, rule: '10 must be an integer between 1 and 9' },
    ]);
    expect(nats({ streams: [{ ...stream, replicas: 1 }], replicas: 9 })).toEqual([]);
  });

  test('memory and storage are quantities', () => {
    expect(nats({ streams: [stream], memory: '1GB', storage: 'big' }).map((x) => x.path)).toEqual(['nats.memory', 'nats.storage']);
    expect(nats({ streams: [stream], storage: '100GB' }).map((x) => x.path)).toEqual(['nats.storage']);
    // a number is refused once
    expect(nats({ streams: [stream], storage: 50 })).toEqual([
      { path: 'nats.storage', value: 50, rule: '50 is not a Kubernetes quantity (e.g. "500m", "2", "512Mi", "4Gi")' },
    ]);
    expect(nats({ streams: [stream], storage: '${TOKEN[Token.1]}' })).toEqual([]);
  });

  test('a stream name is letters, digits, "-" or "_"; it needs a subject; maxAgeHours >= 1', () => {
    expect(nats({ streams: [{ ...stream, name: 'orders.eu', maxAgeHours: 0 }] })).toEqual([
      { path: 'nats.streams[0].name', value: 'orders.eu', rule: '"orders.eu" must consist of letters, digits, "-" or "_"' },
      { path: 'nats.streams[0].maxAgeHours', value: 0, rule: '0 must be an integer >= 1' },
    ]);
    expect(at(nats({ streams: [{ name: 'orders', subjects: [] }] }), 'nats.streams[0].subjects')).toEqual([
      { path: 'nats.streams[0].subjects', value: [], rule: 'a stream needs at least one subject' },
    ]);
  });

  test("a stream's maxBytes fits 90% of a node's store (default storage 50Gi: 45Gi)", () => {
    expect(nats({ streams: [{ ...stream, maxBytes: '45Gi', replicas: 1 }] })).toEqual([]);
    expect(nats({ streams: [{ ...stream, maxBytes: '46Gi', replicas: 1 }] })).toEqual([
      { path: 'nats.streams[0].maxBytes', value: '46Gi', rule: '"46Gi" exceeds the JetStream file store of each node (90% of 50Gi)' },
    ]);
    expect(nats({ streams: [{ ...stream, maxBytes: '90Gi', replicas: 1 }], storage: '100Gi' })).toEqual([]);
    expect(nats({ streams: [{ ...stream, maxBytes: 'lots' }] }).map((x) => x.path)).toEqual(['nats.streams[0].maxBytes']);
  });

  test("a stream's replicas are 1 to 5 and at most the cluster's nodes", () => {
    expect(nats({ streams: [{ ...stream, replicas: 5 }], replicas: 5 })).toEqual([]);
    expect(nats({ streams: [{ ...stream, replicas: 6 }], replicas: 7 })).toEqual([
      { path: 'nats.streams[0].replicas', value: 6, rule: '6 must be an integer between 1 and 5' },
    ]);
    expect(nats({ streams: [{ ...stream, replicas: 4 }] })).toEqual([
      { path: 'nats.streams[0].replicas', value: 4, rule: "4 exceeds the cluster's 3 nodes" },
    ]);
  });

  test("together, the streams' bytes x replicas fit the cluster's stores (3 x 45Gi = 135Gi)", () => {
    const streams = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}`, subjects: [`orders.s${i}`] }));
    // each default stream holds 10Gi on 3 replicas: 30Gi
    const producing = (n: number) => ({ services: [{ name: 'api', nats: { publish: streams(n).map((x) => x.subjects[0]) } }] });
    expect(nats({ streams: streams(4) }, producing(4))).toEqual([]);
    expect(nats({ streams: streams(5) }, producing(5))).toEqual([
      {
        path: 'nats.streams',
        value: '150Gi',
        rule: "the streams can hold 150Gi (maxBytes x replicas) but the cluster's JetStream stores hold 135.0Gi (3 x 90% of 50Gi)",
      },
    ]);
  });

  test('stream names are unique, and so are their Kubernetes names', () => {
    expect(at(nats({ streams: [stream, stream] }), 'nats.streams')).toContainEqual({
      path: 'nats.streams',
      value: 'orders',
      rule: 'stream name "orders" is used more than once',
    });
    expect(
      at(
        nats({
          streams: [
            { ...stream, name: 'Orders_EU' },
            { name: 'orders-eu', subjects: ['orders.eu'] },
          ],
        }),
        'nats.streams',
      ),
    ).toEqual([{ path: 'nats.streams', value: 'orders-eu', rule: 'Kubernetes name of stream "orders-eu" is used more than once' }]);
  });

  test('consumers: names, their stream, unique, positive limits', () => {
    const consumer = { name: 'fulfil', stream: 'orders', ackWaitSeconds: 1, maxDeliver: 1, maxAckPending: 1 };
    expect(nats({ streams: [stream], consumers: [consumer] })).toEqual([]);
    expect(
      nats({ streams: [stream], consumers: [{ name: 'ful.fil', stream: 'order', ackWaitSeconds: 0, maxDeliver: 0, maxAckPending: 0 }] }),
    ).toEqual([
      { path: 'nats.consumers[0].name', value: 'ful.fil', rule: '"ful.fil" must consist of letters, digits, "-" or "_"' },
      { path: 'nats.consumers[0].stream', value: 'order', rule: 'stream "order" is not defined in nats.streams (orders)' },
      { path: 'nats.consumers[0].ackWaitSeconds', value: 0, rule: '0 must be an integer >= 1' },
      { path: 'nats.consumers[0].maxDeliver', value: 0, rule: '0 must be an integer >= 1' },
      { path: 'nats.consumers[0].maxAckPending', value: 0, rule: '0 must be an integer >= 1' },
    ]);
    expect(at(nats({ consumers: [consumer] }, { services: [] }), 'nats.consumers[0].stream')[0].rule).toBe(
      'stream "orders" is not defined in nats.streams (none)',
    );
    expect(at(nats({ streams: [stream], consumers: [consumer, consumer] }), 'nats.consumers')).toEqual([
      { path: 'nats.consumers', value: 'fulfil', rule: 'consumer name "fulfil" is used more than once' },
    ]);
  });

  test('the controller namespace is a DNS label', () => {
    expect(nats({ streams: [stream], controllerNamespace: 'NATS' }).map((x) => x.path)).toEqual(['nats.controllerNamespace']);
  });

  describe("the services' NATS clients", () => {
    const svc = (n: unknown, others: Obj[] = []) =>
      run((p) =>
        checkNats(p, {
          name: 'shop',
          // auditor reads what the publisher p publishes
          services: [{ name: 'api', nats: n }, { name: 'auditor', nats: { subscribe: ['audit.*'] } }, ...others],
          nats: {
            streams: [stream],
            consumers: [{ name: 'fulfil', stream: 'orders' }],
            publishers: [{ name: 'p', namespace: 'p', subjects: ['audit.x'] }],
          },
        }),
      );

    test.each(['urlEnv', 'userEnv', 'passwordEnv', 'inboxPrefixEnv'])('%s is an environment variable name', (e) => {
      expect(svc({ publish: ['orders.x'], [e]: 'NATS_URL_1' })).toEqual([]);
      expect(svc({ publish: ['orders.x'], [e]: '1NATS' })).toEqual([
        { path: `services[0].nats.${e}`, value: '1NATS', rule: '"1NATS" is not a valid environment variable name' },
      ]);
      expect(svc({ publish: ['orders.x'], [e]: 'NATS-URL' }).map((x) => x.path)).toEqual([`services[0].nats.${e}`]);
    });

    test('a published subject is captured by a stream or subscribed to by another service', () => {
      expect(svc({ publish: ['orders.x', 'billing.x'] })).toEqual([
        {
          path: 'services[0].nats.publish[1]',
          value: 'billing.x',
          rule: '"billing.x" is captured by no stream and subscribed to by no service',
        },
      ]);
      expect(svc({ publish: ['orders.x', 'billing.x'] }, [{ name: 'billing', nats: { subscribe: ['billing.*'] } }])).toEqual([]);
      expect(svc({ publish: ['orders.x', 'billing.>'] }, [{ name: 'billing', nats: { subscribe: ['billing.x'] } }])).toEqual([]);
      // its own subscription is no reader
      expect(svc({ publish: ['orders.x', 'billing.x'], subscribe: ['billing.x'] }).map((x) => x.path)).toContain(
        'services[0].nats.publish[1]',
      );
    });

    test('a subscribed subject is captured by a stream, or published by a service or a publisher', () => {
      expect(svc({ publish: ['orders.x'], subscribe: ['orders.*', 'audit.x', 'metrics.x'] })).toEqual([
        {
          path: 'services[0].nats.subscribe[2]',
          value: 'metrics.x',
          rule: '"metrics.x" is captured by no stream and published by no service or nats.publishers entry',
        },
      ]);
      expect(svc({ publish: ['orders.x'], subscribe: ['metrics.>'] }, [{ name: 'm', nats: { publish: ['metrics.cpu'] } }])).toEqual([]);
    });

    test('a consumer the service reads is defined', () => {
      expect(svc({ publish: ['orders.x'], consumers: ['fulfil', 'ship'] })).toEqual([
        { path: 'services[0].nats.consumers[1]', value: 'ship', rule: 'consumer "ship" is not defined in nats.consumers (fulfil)' },
      ]);
    });

    test("a service's nats is an object", () => {
      expect(svc('orders')).toContainEqual({ path: 'services[0].nats', value: 'orders', rule: '"orders" must be an object' });
    });
  });
});

describe('monitoring', () => {
  const monitoring = (m: unknown) => run((p) => checkMonitoring(p, { monitoring: m }));

  test('the Prometheus selector, the namespace and tracing', () => {
    expect(
      monitoring({ prometheusSelector: { release: 'kps' }, namespace: 'obs', tracing: { endpoint: 'http://otel:4317', sampleRatio: 1 } }),
    ).toEqual([]);
    expect(monitoring({ prometheusSelector: { 'bad key': 'x' }, namespace: 'Obs', tracing: { sampleRatio: 1.1 } })).toEqual([
      {
        path: 'monitoring.prometheusSelector.bad key',
        value: 'bad key',
        rule: '"bad key" is not a label name such as "release" or "example.com/team"',
      },
      {
        path: 'monitoring.namespace',
        value: 'Obs',
        rule: '"Obs" must be a DNS-1123 label: at most 63 lowercase letters, digits or "-", starting and ending alphanumeric',
      },
      { path: 'monitoring.tracing.endpoint', value: undefined, rule: 'undefined must be a non-empty string' },
      { path: 'monitoring.tracing.sampleRatio', value: 1.1, rule: '1.1 must be a number between 0 and 1' },
    ]);
    expect(monitoring({ tracing: { endpoint: 'x', sampleRatio: 0 } })).toEqual([]);
    expect(monitoring({ tracing: 'x' }).map((x) => x.path)).toEqual(['monitoring.tracing', 'monitoring.tracing.endpoint']);
  });

  test('the monitoring spec and alert names are checked too', () => {
    const p = new Problems();
    checkMonitoring(p, {
      monitoring: { thresholds: { memoryRatio: 2 } },
      services: [{ alerts: [{ name: 'A' }] }, { alerts: [{ name: 'A' }] }],
    });
    expect(p.all.map((x) => x.path)).toEqual(['monitoring.thresholds.memoryRatio', 'services']);
  });
});
