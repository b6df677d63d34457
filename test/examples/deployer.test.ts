/**
 * The examples' way in for a first `pulumi up` from outside the network it creates: the stack's `deployerCidrs`
 * config admits those addresses to the clusters' API endpoints (examples/deployer.ts); without it they stay
 * private. Planned under Pulumi's mocks.
 */
import { plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { withDeployer } from '../../examples/deployer';
import { spec as cqar } from '../../examples/cqar/spec';
import { spec as qbitel } from '../../examples/qbitel/spec';
import { specFor as ralph } from '../../examples/ralph-orchestrator/spec';
import { resource } from '../support/plan';

const config = { 'production-stack:deployerCidrs': '["203.0.113.7/32"]' };

test('GKE: the deployer is an authorized network of a public endpoint; without the config the endpoint stays private', async () => {
  const given = await plan(() => new ProductionStack(cqar.name, withDeployer(cqar)), { config });
  const gke = resource(given, 'cqar-cluster-gke').inputs;
  expect(gke.privateClusterConfig.enablePrivateEndpoint).toBe(false);
  expect(gke.masterAuthorizedNetworksConfig.cidrBlocks).toEqual([{ cidrBlock: '203.0.113.7/32', displayName: 'public-1' }]);
  const without = await plan(() => new ProductionStack(cqar.name, withDeployer(cqar)));
  expect(resource(without, 'cqar-cluster-gke').inputs.privateClusterConfig.enablePrivateEndpoint).toBe(true);
});

test('EKS: the deployer reaches the public endpoint, and only the deployer', async () => {
  const given = await plan(() => new ProductionStack(qbitel.name, withDeployer(qbitel)), { config });
  const vpc = resource(given, 'qbitel-cluster-eks').inputs.vpcConfig;
  expect(vpc).toMatchObject({ endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['203.0.113.7/32'] });
});

describe('with a standby region, the deployer reaches both clusters', () => {
  test.each(['aws', 'gcp'] as const)('%s: both clusters admit the deployer on a public endpoint', async (cloud) => {
    const spec = ralph(cloud);
    const given = await plan(() => new ProductionStack(spec.name, withDeployer(spec)), { config });
    const clusters = given.filter((r) => r.type === (cloud === 'aws' ? 'aws:eks/cluster:Cluster' : 'gcp:container/cluster:Cluster'));
    expect(clusters.map((c) => c.name)).toEqual([
      `${spec.name}-cluster-${cloud === 'aws' ? 'eks' : 'gke'}`,
      `${spec.name}-standby-cluster-${cloud === 'aws' ? 'eks' : 'gke'}`,
    ]);
    for (const c of clusters) {
      if (cloud === 'aws')
        expect(c.inputs.vpcConfig).toMatchObject({
          endpointPublicAccess: true,
          endpointPrivateAccess: true,
          publicAccessCidrs: ['203.0.113.7/32'],
        });
      else {
        expect((c.inputs.privateClusterConfig as Record<string, unknown>).enablePrivateEndpoint).toBe(false);
        expect((c.inputs.masterAuthorizedNetworksConfig as Record<string, unknown>).cidrBlocks).toEqual([
          { cidrBlock: '203.0.113.7/32', displayName: 'public-1' },
        ]);
      }
    }
  });
});
