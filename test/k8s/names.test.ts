/**
 * Resource names are a public contract: a renamed object is a new object, and
 * a renamed StatefulSet or PVC loses its data. This list is written by hand;
 * if it fails, the change renames deployed objects. Do not update it without
 * a migration note.
 */
import { baseSpec } from '../support/spec';
import { synth } from '../support/synth';

test('ProductionStack creates exactly these objects, with these names', () => {
  const names = synth(baseSpec()).map((o) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`);
  expect(names.sort()).toEqual(
    [
      'Namespace -/shop',
      'ResourceQuota shop/production-stack',
      'LimitRange shop/production-stack',
      'NetworkPolicy shop/default-deny',
      'ExternalSecret shop/shop-secrets',
      'ExternalSecret shop/shop-postgres',
      'ExternalSecret shop/shop-redis',
      // api: a server with an ingress, autoscaling, config, files and API access
      'ConfigMap shop/api-config',
      'ConfigMap shop/api-files',
      'ServiceAccount shop/api',
      'Role shop/api',
      'RoleBinding shop/api',
      'Deployment shop/api',
      'Service shop/api',
      'Ingress shop/api',
      'HorizontalPodAutoscaler shop/api',
      'PodDisruptionBudget shop/api',
      'NetworkPolicy shop/api',
      // worker: storage makes it a StatefulSet; a worker has no Service
      'ServiceAccount shop/worker',
      'StatefulSet shop/worker',
      'PodDisruptionBudget shop/worker',
      'NetworkPolicy shop/worker',
      // web: a plain server
      'ServiceAccount shop/web',
      'Deployment shop/web',
      'Service shop/web',
      'PodDisruptionBudget shop/web',
      'NetworkPolicy shop/web',
    ].sort(),
  );
});

test('the selector labels, which Kubernetes never lets change, are pinned', () => {
  const deployment = synth(baseSpec()).find((o) => o.kind === 'Deployment' && o.metadata.name === 'api')!;
  expect(deployment.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'shop' } });
});

test('the StatefulSet volume claim template, which names the PVCs, is pinned', () => {
  const sts = synth(baseSpec()).find((o) => o.kind === 'StatefulSet')!;
  expect(sts.spec.volumeClaimTemplates.map((t: { metadata: { name: string } }) => t.metadata.name)).toEqual(['data']);
});
