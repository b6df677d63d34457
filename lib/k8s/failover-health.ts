/**
 * The HTTPRoute Route 53's health check of a region reaches (AWS, with `dr.dns`): the region's own host
 * `<region>.<name>` ({@link regionHealthHost}) on the gateway's plain HTTP listener, the health check's path
 * only (`GET`, exact), to the first backend of the route that serves `/` of the failover name. Route 53 cannot
 * check over HTTPS with the served name (it would present the region's host, for which the gateway has no
 * certificate); over plain HTTP the redirect to HTTPS answers every other host and path, so this one route is
 * what lets a check measure the service rather than the load balancer. It serves nothing else: any other path of
 * that host has no route (404).
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { failoverRoute, regionHealthHost } from '../core/standby';
import { GATEWAY_API } from './gateway';
import { stackLabels } from './labels';
import { backendRefs } from './routes';

/** The route, for a stack on AWS with a standby region, failover DNS and a gateway of its own; else undefined. */
export function failoverHealthRoute(scope: Construct, stack: ResolvedStack): ApiObject | undefined {
  const dns = stack.dr.dns;
  if (stack.cloud !== 'aws' || dns === undefined || !stack.edge.gateway.own) return undefined;
  const route = failoverRoute(dns.name, stack.edge.routes);
  // validation requires one (dr.dns.name); a gRPC backend would refuse a GET: nothing to route then
  if (route === undefined || route.kind !== 'http') return undefined;
  const [backend] = backendRefs({ ...route, backends: route.backends.slice(0, 1) });
  return new ApiObject(scope, 'FailoverHealth', {
    apiVersion: `${GATEWAY_API}/v1`,
    kind: 'HTTPRoute',
    metadata: { name: k8sNames.failoverHealth(stack.name), namespace: stack.namespace, labels: stackLabels(stack.name) },
    spec: {
      parentRefs: [{ group: GATEWAY_API, kind: 'Gateway', name: stack.edge.gateway.name, sectionName: k8sNames.httpListener }],
      hostnames: [regionHealthHost(stack.region, dns.name)],
      // the path without its query (Route 53 requests both; a Gateway API path match holds no `?`)
      rules: [
        {
          matches: [{ path: { type: 'Exact', value: dns.healthCheckPath.split('?')[0] }, method: 'GET' }],
          backendRefs: [{ ...backend, weight: 1 }],
        },
      ],
    },
  });
}
