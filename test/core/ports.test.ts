/** What a service port speaks (lib/core/ports.ts), and the datastores' ports. */
import { NATS_CLIENT_PORT, POSTGRES_PORT, REDIS_PORT, portProtocol } from 'production-stack/core/ports';

test('a port speaks the protocol it is given, whatever its name', () => {
  expect(portProtocol({ name: 'grpc', protocol: 'http' })).toBe('http');
  expect(portProtocol({ name: 'web', protocol: 'grpc' })).toBe('grpc');
});

test('without one, a port named grpc speaks gRPC and any other HTTP', () => {
  expect(portProtocol({ name: 'grpc' })).toBe('grpc');
  expect(['http', 'grpc-web', 'GRPC', 'metrics'].map((name) => portProtocol({ name }))).toEqual(['http', 'http', 'http', 'http']);
});

test('the datastores’ ports are their servers’ defaults', () => {
  // PostgreSQL: 5432 (RDS and Cloud SQL); ElastiCache Redis: 6379; NATS clients: 4222 (the servers' documentation)
  expect([POSTGRES_PORT, REDIS_PORT, NATS_CLIENT_PORT]).toEqual([5432, 6379, 4222]);
});
