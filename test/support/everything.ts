/** A stack with every option, on either cloud, for the checks that walk whole plans. */
import type { ProductionStackProps } from '../../lib/core';

/**
 * Every option: both datastores, NATS, the mesh, a route under the failover name, a service's own cloud identity,
 * RBAC rules, a migration, a CronJob, a standby region.
 */
export function everything(base: ProductionStackProps): ProductionStackProps {
  const aws = base.cloud === 'aws';
  return {
    ...base,
    nats: { streams: [{ name: 'orders', subjects: ['orders.>'] }] },
    serviceMesh: 'istio',
    services: base.services.map((s) => ({
      ...s,
      route: { host: 'shop.example.com' },
      nats: { publish: ['orders.created'] },
      postgres: {},
      migration: { command: ['migrate', 'up'] },
      rbac: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
      cloudAccess: aws
        ? { aws: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::media/*'] }] }
        : { gcp: ['roles/pubsub.publisher'] },
    })),
    cronJobs: [{ name: 'report', image: 'registry.example.com/shop/report:1.0.0', schedule: '0 3 * * *', command: ['/bin/report'] }],
    dr: { standbyRegion: aws ? 'us-east-1' : 'europe-west4', dns: { zoneId: aws ? 'Z123' : 'example-com', name: 'shop.example.com' } },
  };
}
