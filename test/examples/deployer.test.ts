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
import { resource } from '../plan/helpers';

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
