/** What a service port speaks, decided once for every reader (defaults, the edge, validation). */
import type { PortProtocol, PortSpec } from './spec/service';

/** The port's protocol: as given, else `grpc` for a port named `grpc`, else `http`. */
export function portProtocol(port: Pick<PortSpec, 'name' | 'protocol'>): PortProtocol {
  return port.protocol ?? (port.name === 'grpc' ? 'grpc' : 'http');
}
