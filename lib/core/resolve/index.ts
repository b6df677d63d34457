/**
 * The spec's defaults and the resolvers that apply them: one per section of the spec, which the Pulumi
 * components call too, and {@link resolve}, which applies them all. Defaults are merged into what the user
 * gives, never replace it. Nothing outside this folder writes a default of the spec (the components' own
 * options, such as a snapshot window, have theirs beside them).
 */
import type { ProductionStackProps } from '../spec/stack';
import { resolveCluster } from './cluster';
import { resolvePostgres, resolveRedis } from './datastores';
import { DEFAULTS } from './defaults';
import { resolveDr } from './dr';
import { resolveEdge } from './edge';
import { resolveEnvironment } from './environment';
import { resolveMonitoring } from './monitoring';
import { resolveNats } from './nats';
import { resolveCronJob, resolveService } from './service';
import type { ResolvedStack } from './types';

export { DEFAULTS, EDGE_DEFAULTS, CLIENT_ENV_DEFAULTS } from './defaults';
export type * from './types';
export * from './cluster';
export * from './datastores';
export * from './dr';
export * from './edge';
export * from './environment';
export * from './monitoring';
export * from './nats';
export * from './service';

/** Applies every default to a spec. Call `validate` first: resolving assumes a valid spec. */
export function resolve(props: ProductionStackProps): ResolvedStack {
  const cloud = props.cloud;
  const services = props.services.map(resolveService);
  const namespace = props.namespace ?? props.name;
  const edge = resolveEdge(props, namespace);
  return {
    name: props.name,
    environment: resolveEnvironment(props.environment),
    cloud,
    region: props.region,
    namespace,
    cluster: resolveCluster(props.cluster, cloud),
    serviceMesh: props.serviceMesh,
    services,
    edge,
    cronJobs: (props.cronJobs ?? []).map(resolveCronJob),
    secretStore: props.secretStore ?? DEFAULTS.secretStore[cloud],
    secrets: (props.secrets ?? []).map((s) => ({
      ...s,
      properties: s.properties ?? {},
      refreshMinutes: s.refreshMinutes ?? DEFAULTS.secretRefreshMinutes,
    })),
    postgres: props.postgres && resolvePostgres(props.postgres, cloud, props.name),
    redis: props.redis && resolveRedis(props.redis, cloud, services),
    nats: props.nats && resolveNats(props.nats),
    monitoring: resolveMonitoring(props.monitoring),
    dr: resolveDr(props, services, edge),
  };
}
