/**
 * The stack's public edge: its Gateway with the Envoy fleet and TLS settings (when it owns one and has
 * hosts), the HTTP-to-HTTPS redirect, every route with its traffic policy, and the 404 filter for the
 * paths the edge never serves.
 */
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { clientTrafficPolicy, envoyProxy, gateway, httpsRedirects } from './gateway';
import { backendTrafficPolicy, notFoundFilter, routeObject } from './routes';
import { failoverHealthRoute } from './failover-health';

/** Props of {@link Edge}. */
export interface EdgeProps {
  /** The resolved stack. */
  readonly stack: ResolvedStack;
}

/** The edge's Gateway API and Envoy Gateway objects (see the module). */
export class Edge extends Construct {
  /** The stack's Gateway; undefined with a shared gateway. */
  public readonly gateway?: ApiObject;
  /** Its EnvoyProxy (the Envoy fleet and its load balancer). */
  public readonly envoyProxy?: ApiObject;
  /** Its ClientTrafficPolicy (TLS versions, path handling). */
  public readonly clientTrafficPolicy?: ApiObject;
  /** The HTTPRoutes that redirect plain HTTP to HTTPS (one per 16 hosts). */
  public readonly httpsRedirects: readonly ApiObject[];
  /** The HTTPRoute of the region's failover health check (AWS, with `dr.dns`; see failover-health.ts). */
  public readonly failoverHealthRoute?: ApiObject;
  /** The HTTPRoutes and GRPCRoutes, by route name. */
  public readonly routes: ReadonlyMap<string, ApiObject>;
  /** The routes' BackendTrafficPolicies, by route name. */
  public readonly trafficPolicies: ReadonlyMap<string, ApiObject>;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const { stack } = props;
    if (stack.edge.gateway.own && stack.edge.hosts.length > 0) {
      this.envoyProxy = envoyProxy(this, stack);
      this.gateway = gateway(this, stack);
      this.clientTrafficPolicy = clientTrafficPolicy(this, stack);
    }
    this.httpsRedirects = this.gateway ? httpsRedirects(this, stack) : [];
    this.failoverHealthRoute = this.gateway ? failoverHealthRoute(this, stack) : undefined;
    if (stack.edge.routes.some((r) => r.blockedPaths.length > 0)) notFoundFilter(this, stack);
    this.routes = new Map(stack.edge.routes.map((r) => [r.name, routeObject(this, stack, r)]));
    const policies = new Map<string, ApiObject>();
    for (const r of stack.edge.routes) {
      const policy = backendTrafficPolicy(this, stack, r);
      if (policy) policies.set(r.name, policy);
    }
    this.trafficPolicies = policies;
  }
}
