/**
 * The clouds as data (lib/core/cloud): each cloud states every field of its profile, the values are the clouds'
 * own (sources in the comments), and no file of lib/ outside lib/core/cloud writes a profile's value as a literal
 * again (a ternary on the cloud that copies it is how the copies drifted).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { CLOUD_PROFILES, check, cloudProfile } from 'production-stack';
import { baseSpec } from '../support/spec';

test('each profile is its cloud and states every field', () => {
  expect(Object.keys(CLOUD_PROFILES).sort()).toEqual(['aws', 'gcp']);
  const fields = (c: 'aws' | 'gcp') =>
    Object.keys(cloudProfile(c))
      .filter((k) => k !== 'istioPlatform')
      .sort();
  expect(cloudProfile('aws').cloud).toBe('aws');
  expect(cloudProfile('gcp').cloud).toBe('gcp');
  expect(fields('aws')).toEqual(fields('gcp'));
});

test("the identity annotations are the clouds' own", () => {
  // IRSA: https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
  expect(cloudProfile('aws').identityAnnotation).toBe('eks.amazonaws.com/role-arn');
  // GKE Workload Identity: https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
  expect(cloudProfile('gcp').identityAnnotation).toBe('iam.gke.io/gcp-service-account');
});

test('the managed products’ names, as messages and runbooks write them, and the database instance’s logical name suffix', () => {
  expect(cloudProfile('aws').names).toEqual({ kubernetesSupport: 'EKS standard support', postgres: 'RDS', redis: 'ElastiCache' });
  expect(cloudProfile('gcp').names).toEqual({ kubernetesSupport: 'GKE support', postgres: 'Cloud SQL', redis: 'Memorystore' });
  // a pinned Pulumi name: changing it would replace the database
  expect([cloudProfile('aws').databaseInstanceSuffix, cloudProfile('gcp').databaseInstanceSuffix]).toEqual(['db', 'instance']);
});

test('the gateway’s load balancer: on AWS a Network Load Balancer across zones, on GCP the default', () => {
  // https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/
  expect(cloudProfile('aws').loadBalancerAnnotations).toEqual({
    'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
    'service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled': 'true',
  });
  expect(cloudProfile('gcp').loadBalancerAnnotations).toEqual({});
});

test('Istio’s platform: gke on GCP (its CNI binaries are elsewhere), none on AWS', () => {
  expect(cloudProfile('gcp').istioPlatform).toBe('gke');
  expect('istioPlatform' in cloudProfile('aws')).toBe(false);
});

test('the storage commands are the CLIs, on the bucket URL schemes', () => {
  expect(cloudProfile('aws').storage).toMatchObject({ scheme: 's3', copy: ['aws', 's3', 'cp'], quiet: '--only-show-errors' });
  expect(cloudProfile('aws').storage.cliImage).toMatch(/^amazon\/aws-cli:2\./);
  expect(cloudProfile('gcp').storage).toMatchObject({ scheme: 'gs', copy: ['gcloud', 'storage', 'cp'], quiet: '--quiet' });
  expect(cloudProfile('gcp').storage.cliImage).toMatch(/^gcr\.io\/google\.com\/cloudsdktool\/google-cloud-cli:/);
  // S3 replicates into a bucket of the other region; the GCS bucket of a stack with a standby region is dual-region
  expect([cloudProfile('aws').storage.standbyBucket, cloudProfile('gcp').storage.standbyBucket]).toEqual(['replica', 'same']);
});

test('the capacity baseline, the routes, the metadata server and the API endpoints', () => {
  expect([cloudProfile('aws').baselineNodes, cloudProfile('gcp').baselineNodes]).toEqual(['desiredSize', 'minSize']);
  expect([cloudProfile('aws').grpcRoute, cloudProfile('gcp').grpcRoute]).toEqual([true, false]);
  // https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways (GKE installs and upgrades the Gateway
  // API CRDs); EKS has none, so Envoy Gateway's chart brings them
  expect([cloudProfile('aws').gatewayApiCrds, cloudProfile('gcp').gatewayApiCrds]).toEqual(['chart', 'cloud']);
  // https://docs.aws.amazon.com/eks/latest/userguide/metrics-server.html (not installed by default);
  // https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler (GKE autoscales its node pools)
  expect([cloudProfile('aws').installs, cloudProfile('gcp').installs]).toEqual([
    { metricsServer: true, karpenter: true },
    { metricsServer: false, karpenter: false },
  ]);
  expect(cloudProfile('aws').metadataServer).toEqual([]);
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html (the cluster's own port);
  // https://cloud.google.com/memorystore/docs/redis/in-transit-encryption (6378 with transit encryption)
  expect([cloudProfile('aws').redisPort, cloudProfile('gcp').redisPort]).toEqual([6379, 6378]);
  // aws/aws-network-policy-agent#549: the `kubernetes` Service in either range EKS picks (172.20.0.0/16 or 10.100.0.0/16)
  expect([cloudProfile('aws').kubernetesServiceAddresses, cloudProfile('gcp').kubernetesServiceAddresses]).toEqual([
    ['172.20.0.1/32', '10.100.0.1/32'],
    [],
  ]);
  // https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy#network-policy-and-workload-identity
  expect(cloudProfile('gcp').metadataServer).toEqual([
    { cidr: '169.254.169.254/32', port: 80 },
    { cidr: '169.254.169.252/32', port: 988 },
  ]);
  expect([cloudProfile('aws').apisInNetwork, cloudProfile('gcp').apisInNetwork]).toEqual([true, false]);
});

describe('no copy of a profile value outside lib/core/cloud', () => {
  const lib = path.join(__dirname, '../../lib');
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      .filter((f) => f.endsWith('.ts') && !f.includes(`${path.sep}imports${path.sep}`));

  /** Every string and template literal part of a file, as TypeScript parses it (comments are not literals). */
  function literals(file: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) found.push(node.text);
      node.forEachChild(visit);
    };
    visit(source);
    return found;
  }
  const code = new Map(
    files(lib)
      // the plan's mocks answer as the clouds' APIs do (a bucket's gs:// URL): the cloud's side, not a copy
      .filter((f) => !f.startsWith(path.join(lib, 'core', 'cloud') + path.sep) && !f.startsWith(path.join(lib, 'plan', 'mocks') + path.sep))
      .map((f) => [path.relative(lib, f), literals(f)]),
  );
  const profiles = Object.values(CLOUD_PROFILES);
  // values no other text holds: found inside any literal
  const distinctive = profiles.flatMap((p) => [
    p.identityAnnotation,
    p.names.kubernetesSupport,
    p.storage.copy.join(' '),
    ...Object.keys(p.loadBalancerAnnotations),
    ...p.metadataServer.map((m) => m.cidr.replace(/\/32$/, '')),
  ]);
  // short names messages may hold among other words: found as a whole literal
  const whole = profiles.flatMap((p) => [p.names.postgres, p.names.redis, `${p.storage.scheme}://`]);

  // the same address for another purpose: with Cloud DNS for GKE the metadata server answers DNS too (port 53),
  // which every pod's DNS egress admits (CLUSTER_DNS)
  const otherUse: Record<string, string[]> = { '169.254.169.254': ['core/endpoints.ts'] };

  test.each(distinctive)('%s, inside any literal', (value) => {
    const copies = [...code].filter(([, found]) => found.some((l) => l.includes(value))).map(([f]) => f);
    expect(copies).toEqual(otherUse[value] ?? []);
  });

  test.each(whole)('%s, as a whole literal', (value) => {
    const copies = [...code].filter(([, found]) => found.includes(value)).map(([f]) => f);
    expect(copies).toEqual([]);
  });

  test('the reader finds literals inside template strings and after an ARN with /* in it', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'profile-')), 'probe.ts');
    fs.writeFileSync(
      file,
      "const arn = `${bucket}/*`;\nconst key = `x ${1} eks.amazonaws.com/role-arn`;\n// 'iam.gke.io/gcp-service-account'\n",
    );
    expect(literals(file)).toEqual(['', '/*', 'x ', ' eks.amazonaws.com/role-arn']);
  });
});

test('another cloud has no profile: refused by name, and validation reports it rather than throwing', () => {
  expect(() => cloudProfile('azure' as never)).toThrow('cloud "azure" must be "aws" or "gcp"');
  expect(() => cloudProfile('toString' as never)).toThrow('cloud "toString" must be "aws" or "gcp"');
  // recoveryPoint names the cloud's replica for the region scenario, on input validation has not checked yet
  for (const cloud of ['azure', 'AWS', undefined]) {
    const spec = {
      ...baseSpec(),
      cloud,
      postgres: {},
      dr: { standbyRegion: 'us-west-2', objectives: [{ scenario: 'region', rtoMinutes: 60, rpoMinutes: 60 }] },
    };
    expect(check(spec as never).map((p) => p.path)).toContain('cloud');
  }
});
