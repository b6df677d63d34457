/** A small valid spec that exercises every object kind, for tests to start from and break. */
import type { ProductionStackProps, ServiceSpec } from 'production-stack';

export const api: ServiceSpec = {
  name: 'api',
  image: 'registry.example.com/shop/api:1.4.2',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'grpc', port: 9090 },
    { name: 'metrics', port: 9091 },
  ],
  autoscaling: { minReplicas: 3, maxReplicas: 10, memoryUtilization: 80 },
  env: { LOG_LEVEL: 'info' },
  secretEnv: { API_TOKEN: { secret: 'shop-secrets', key: 'api-token' } },
  configFiles: { mountPath: '/etc/shop', files: { 'app.yaml': 'a: 1\n' } },
  postgres: { maxConnections: 15 },
  redis: {},
  nats: { publish: ['orders.>'] },
  route: { host: 'shop.example.com' },
  allowFrom: [{ namespace: 'partners', ports: ['grpc'] }],
  rbac: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  migration: { command: ['migrate', 'up'] },
};

export const worker: ServiceSpec = {
  name: 'worker',
  image: 'registry.example.com/shop/worker@sha256:' + 'a'.repeat(64),
  role: 'worker',
  replicas: 2,
  probes: { liveness: { type: 'exec', command: ['/bin/healthcheck'] } },
  storage: { size: '20Gi', mountPath: '/var/lib/worker' },
  nats: { subscribe: ['orders.>'] },
  egress: [{ cidr: '0.0.0.0/0', ports: [443] }],
};

export const web: ServiceSpec = {
  name: 'web',
  image: 'registry.example.com/shop/web:2.0.0',
  ports: [{ name: 'http', port: 3000 }],
  replicas: 3,
  antiAffinity: 'required',
  allowFrom: [],
  secretMounts: [{ secret: 'shop-secrets', mountPath: '/run/secrets/shop' }],
  minAvailable: 2,
  cloudIdentity: 'arn:aws:iam::123456789012:role/shop-web',
};

/** The valid base spec. */
export function baseSpec(): ProductionStackProps {
  return {
    name: 'shop',
    cloud: 'aws',
    region: 'us-west-2',
    // the default nodes (3 on EKS, at least 2 on GKE) are short of this stack with the mesh or on GKE (node capacity)
    cluster: { nodes: { desiredSize: 5, minSize: 4 } },
    secrets: [{ name: 'shop-secrets', remoteKey: 'shop/production/app', keys: ['api-token'] }],
    postgres: {},
    redis: {},
    nats: { streams: [{ name: 'orders', subjects: ['orders.>'] }], consumers: [{ name: 'fulfil', stream: 'orders' }] },
    services: [api, worker, { ...web, allowFrom: [] }],
    cronJobs: [
      {
        name: 'report',
        image: 'registry.example.com/shop/report:1.0.0',
        schedule: '0 3 * * *',
        command: ['/bin/report'],
        env: { REPORT_FORMAT: 'csv' },
        secretEnv: { API_TOKEN: { secret: 'shop-secrets', key: 'api-token' } },
        postgres: {},
      },
    ],
  };
}

/** A minimal valid worker named `name`, to add to the base spec. */
export function workerNamed(name: string): ServiceSpec {
  return {
    name,
    image: 'registry.example.com/a:1.0.0',
    role: 'worker',
    replicas: 2,
    probes: { liveness: { type: 'exec', command: ['/bin/healthcheck'] } },
  };
}

/** A spec as parsed JSON: tests break it in ways the types forbid. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;
/** A change to a spec, made in place. */
export type Mutation = (spec: Loose) => unknown;

/** Applies a mutation to a deep copy of the valid base spec. */
export function broken(mutate: Mutation): Loose {
  const spec = JSON.parse(JSON.stringify(baseSpec()));
  mutate(spec);
  return spec;
}

/** Replaces service 0 (the api) with the api plus `patch`. */
export function apiWith(patch: Record<string, unknown>): Mutation {
  return (s) => {
    (s.services as unknown[])[0] = { ...api, ...patch };
  };
}
