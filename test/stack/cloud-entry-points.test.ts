/**
 * The per-cloud entry points (`production-stack/pulumi/aws`, `/gcp`): their ProductionStack is the shared one
 * restricted to its cloud. A spec for the other cloud is a validation problem at `cloud`, reported with every
 * other problem before anything registers; a spec for its cloud plans exactly what `production-stack/pulumi`
 * plans (same types, names, inputs and options). Under mocks.
 */
import { ValidationError, type ProductionStackProps } from '../../lib/core';
import { plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import * as awsEntry from '../../lib/pulumi/aws';
import * as gcpEntry from '../../lib/pulumi/gcp';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';

const entries = [
  ['aws', awsEntry.ProductionStack, awsSpec, gcpSpec],
  ['gcp', gcpEntry.ProductionStack, gcpSpec, awsSpec],
] as const;

describe.each(entries)('production-stack/pulumi/%s', (cloud, Stack, own, other) => {
  test('plans its cloud exactly as production-stack/pulumi does', async () => {
    const viaEntry = await plan(() => new Stack(own.name, own));
    const shared = await plan(() => new ProductionStack(own.name, own));
    expect(viaEntry.length).toBeGreaterThan(50);
    expect(viaEntry).toEqual(shared);
  });

  test('refuses a spec for the other cloud at cloud, with the other problems, registering nothing', async () => {
    const wrong: ProductionStackProps = { ...other, services: [{ ...other.services[0], name: 'API' }, ...other.services.slice(1)] };
    let error: unknown;
    const resources = await plan(() => {
      try {
        new Stack(wrong.name, wrong);
      } catch (e) {
        error = e;
      }
    });
    expect(resources).toEqual([]);
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems.map((p) => p.path);
    expect(problems).toContain('cloud');
    expect(problems).toContain('services[0].name');
    expect((error as ValidationError).message).toContain(
      `cloud: "${other.cloud}" is not "${cloud}": this ProductionStack provisions ${cloud} only (production-stack/pulumi/${cloud})`,
    );
  });
});
