/** What a service port speaks, decided once for every reader (defaults, the edge, validation). */
import type { PortProtocol, PortSpec } from './spec/service';

/** The port's protocol: as given, else `grpc` for a port named `grpc`, else `http`. */
export function portProtocol(port: Pick<PortSpec, 'name' | 'protocol'>): PortProtocol {
  return port.protocol ?? (port.name === 'grpc' ? 'grpc' : 'http');
}

/** PostgreSQL's port (RDS and Cloud SQL). */
export const POSTGRES_PORT = 5432;

/** Redis's port on ElastiCache (Memorystore with TLS listens on 6378). */
export const REDIS_PORT = 6379;

/** The NATS client port. */
export const NATS_CLIENT_PORT = 4222;
