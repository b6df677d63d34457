/**
 * Where pods reach the managed datastores, by cloud: the addresses and ports
 * the Pulumi side provisions them on, and the NetworkPolicies admit.
 */
import type { ResolvedStack } from './defaults';
import { DEFAULTS } from './defaults';
import { privateServicesRange, secondaryRanges } from './gcp-ranges';

/** Port of Memorystore with transit encryption (it serves TLS on 6378, not 6379). */
export const MEMORYSTORE_TLS_PORT = 6378;

/** Where a datastore listens: the CIDR its addresses come from, and its port. */
export interface DatastoreEndpoint {
  readonly cidr: string;
  readonly port: number;
}

/**
 * The endpoints of the stack's PostgreSQL and Redis. On AWS, RDS and
 * ElastiCache sit in the VPC's private subnets; on GCP, Cloud SQL and
 * Memorystore take addresses in the private services range peered with the
 * VPC (the range `lib/gcp`'s Network reserves from the same network CIDR).
 */
export function datastoreEndpoints(stack: Pick<ResolvedStack, 'cloud' | 'cluster'>): Record<'postgres' | 'redis', DatastoreEndpoint> {
  const network = stack.cluster.networkCidr;
  if (stack.cloud === 'aws') {
    return { postgres: { cidr: network, port: DEFAULTS.postgres.port }, redis: { cidr: network, port: DEFAULTS.redis.port } };
  }
  const cidr = privateServicesRange(network, secondaryRanges(network));
  return { postgres: { cidr, port: DEFAULTS.postgres.port }, redis: { cidr, port: MEMORYSTORE_TLS_PORT } };
}
