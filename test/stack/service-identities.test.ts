/**
 * Services that call cloud APIs (`cloudAccess`) get an identity created by the
 * Pulumi ProductionStack, scoped to exactly what the spec lists, and their
 * deployed ServiceAccount carries it. Under mocks.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { inputs, names } from '../support/plan';

const reports = { actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::shop-reports/*'] };

function withAccess(spec: ProductionStackProps): ProductionStackProps {
  return {
    ...spec,
    services: spec.services.map((s, i) =>
      i === 0 ? { ...s, cloudAccess: { aws: [reports], gcp: ['roles/pubsub.subscriber', 'roles/pubsub.publisher'] } } : s,
    ),
  };
}

async function planned(spec: ProductionStackProps): Promise<{ resources: PlanResource[]; identity: string }> {
  let stack: ProductionStack | undefined;
  const resources = await plan(() => {
    stack = new ProductionStack(spec.name, spec);
  });
  const annotations = stack!.serviceIdentities.get('api')!.serviceAccountAnnotations as pulumi.Output<Record<string, string>>;
  const identity = await new Promise<string>((done) => annotations.apply((a) => done(Object.values(a)[0])));
  return { resources, identity };
}

const SERVICE_ACCOUNT = 'shop-workloads-serviceaccount-shop-api';

test('AWS: an IRSA role trusted only by the service account, allowed exactly its permissions, annotated on the ServiceAccount', async () => {
  const { resources, identity } = await planned(withAccess(awsSpec));
  const role = inputs(resources, 'shop-api-irsa');
  const trust = JSON.parse(role.assumeRolePolicy);
  expect(Object.values(trust.Statement[0].Condition.StringEquals)).toContain('system:serviceaccount:shop:api');
  expect(JSON.parse(inputs(resources, 'shop-api-irsa-policy').policy).Statement).toEqual([
    { Effect: 'Allow', Action: reports.actions, Resource: reports.resources },
  ]);
  expect(identity).toMatch(/^arn:aws:iam::123456789012:role\/shop-api-irsa/);
  expect(inputs(resources, SERVICE_ACCOUNT).metadata.annotations).toMatchObject({ 'eks.amazonaws.com/role-arn': identity });
  // the GCP roles of the same spec create nothing on AWS
  expect(names(resources).filter((n) => n.startsWith('shop-api'))).toEqual(['shop-api-irsa', 'shop-api-irsa-policy']);
});

test('GCP: a Google service account with exactly its roles and the Workload Identity binding, annotated on the ServiceAccount', async () => {
  const { resources, identity } = await planned(withAccess(gcpSpec));
  expect(inputs(resources, 'shop-api-pubsub-subscriber')).toMatchObject({ role: 'roles/pubsub.subscriber' });
  expect(inputs(resources, 'shop-api-pubsub-publisher')).toMatchObject({ role: 'roles/pubsub.publisher' });
  expect(inputs(resources, 'shop-api-workload-identity').member).toMatch(/\[shop\/api\]$/);
  expect(identity).toMatch(/^shop-api@.*\.iam\.gserviceaccount\.com$/);
  expect(inputs(resources, SERVICE_ACCOUNT).metadata.annotations).toMatchObject({ 'iam.gke.io/gcp-service-account': identity });
});

test('services without cloudAccess get no identity', async () => {
  const resources = await plan(() => new ProductionStack(awsSpec.name, awsSpec));
  expect(names(resources).filter((n) => n.startsWith('shop-api'))).toEqual([]);
});

test('AWS with a standby region: the role trusts both clusters, and the standby ServiceAccount carries it too', async () => {
  const spec = withAccess({ ...awsSpec, dr: { ...awsSpec.dr, standbyRegion: 'us-east-1' } });
  const { resources, identity } = await planned(spec);
  const trust = JSON.parse(inputs(resources, 'shop-api-irsa').assumeRolePolicy);
  const issuers = trust.Statement.map((s: { Principal: { Federated: string } }) => s.Principal.Federated);
  expect(issuers).toHaveLength(2);
  expect(new Set(issuers).size).toBe(2);
  for (const s of trust.Statement) expect(Object.values(s.Condition.StringEquals)).toContain('system:serviceaccount:shop:api');
  expect(inputs(resources, 'shop-standby-workloads-serviceaccount-shop-api').metadata.annotations).toMatchObject({
    'eks.amazonaws.com/role-arn': identity,
  });
});
