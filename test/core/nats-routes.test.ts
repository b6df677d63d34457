/**
 * The route connections of a NATS cluster (lib/core/nats-routes.ts), which the route alert compares
 * `gnatsd_varz_routes` with: nats-server 2.10 and later hold, to each other server, the pooled routes plus
 * one dedicated route of the system account.
 */
import { ROUTE_POOL_SIZE, natsRouteConnections } from 'production-stack/core/nats-routes';

test('the route pool is 3 connections to each peer (set explicitly, so the alert can count them)', () => {
  expect(ROUTE_POOL_SIZE).toBe(3);
});

test('a healthy 3-server cluster holds 2 peers x (3 pooled + 1 system account) = 8 routes on each server', () => {
  expect(natsRouteConnections(3)).toBe(8);
});

test('each server counts routes to the others only: 5 servers, 4 peers, 16 routes', () => {
  expect(natsRouteConnections(5)).toBe(16);
});

test('a single server has no peer and so no route', () => {
  expect(natsRouteConnections(1)).toBe(0);
});
