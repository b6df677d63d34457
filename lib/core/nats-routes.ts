/**
 * The route connections of a NATS cluster: pure arithmetic, which the server configuration sets and the
 * route alert counts.
 * @module
 */

/** Route connections between each pair of servers (NATS 2.10 pooling), set explicitly so alerts can count them. */
export const ROUTE_POOL_SIZE = 3;

/** The system account's dedicated route to each peer (nats-server 2.10+, with route pooling on). */
const SYSTEM_ACCOUNT_ROUTES = 1;

/**
 * Route connections each server of a healthy cluster of `replicas` servers holds, as nats-server 2.10 and later
 * count them (`/varz` `routes`, which the exporter exports as `gnatsd_varz_routes`: `Server.numRoutes()`, every
 * pooled and every per-account route): to each other server, the {@link ROUTE_POOL_SIZE} pooled routes plus one
 * route of the system account, which 2.10 pins to a dedicated route by default whenever pooling is on
 * (server/opts.go, setBaselineOptions, adds `$SYS` to `cluster.accounts`; pinned accounts do not take a connection
 * of the pool; the server's own tests expect `routesPoolSize + len(accRoutes)` per peer, routes_test.go
 * checkClusterFormed). A 3-node cluster: 2 x (3 + 1) = 8. (nats-server 2.9 had one route per peer: 2.)
 */
export function natsRouteConnections(replicas: number): number {
  return (replicas - 1) * (ROUTE_POOL_SIZE + SYSTEM_ACCOUNT_ROUTES);
}
