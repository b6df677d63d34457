/**
 * The clouds as data (lib/core/cloud): each cloud states every field of its profile, the values are the clouds'
 * own (sources in the comments), and no file of lib/ outside lib/core/cloud writes a profile's value as a literal
 * again (a ternary on the cloud that copies it is how the copies drifted).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CLOUD_PROFILES, cloudProfile } from 'production-stack';

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

test('the storage commands are the CLIs, on the bucket URL schemes', () => {
  expect(cloudProfile('aws').storage).toMatchObject({ scheme: 's3', copy: ['aws', 's3', 'cp'], quiet: '--only-show-errors' });
  expect(cloudProfile('aws').storage.cliImage).toMatch(/^amazon\/aws-cli:2\./);
  expect(cloudProfile('gcp').storage).toMatchObject({ scheme: 'gs', copy: ['gcloud', 'storage', 'cp'], quiet: '--quiet' });
  expect(cloudProfile('gcp').storage.cliImage).toMatch(/^gcr\.io\/google\.com\/cloudsdktool\/google-cloud-cli:/);
});

test('the capacity baseline, the routes, the metadata server and the API endpoints', () => {
  expect([cloudProfile('aws').baselineNodes, cloudProfile('gcp').baselineNodes]).toEqual(['desiredSize', 'minSize']);
  expect([cloudProfile('aws').grpcRoute, cloudProfile('gcp').grpcRoute]).toEqual([true, false]);
  expect(cloudProfile('aws').metadataServer).toEqual([]);
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
  const outside = files(lib).filter((f) => !f.startsWith(path.join(lib, 'core', 'cloud') + path.sep));
  const literals = Object.values(CLOUD_PROFILES).flatMap((p) => [
    p.identityAnnotation,
    p.names.kubernetesSupport,
    p.names.postgres,
    p.names.redis,
    ...Object.keys(p.loadBalancerAnnotations),
  ]);

  test.each(literals)('%s', (literal) => {
    // as a string literal in code (comments and longer strings may name it)
    const quoted = new RegExp(`['"\`]${literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}['"\`]`);
    const code = (f: string) =>
      fs
        .readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
    const copies = outside.filter((f) => quoted.test(code(f))).map((f) => path.relative(lib, f));
    expect(copies).toEqual([]);
  });
});
