/**
 * The stack's own Gateway (Gateway API, implemented by Envoy Gateway): an HTTPS listener per host with a
 * certificate from cert-manager (its gateway-shim reads the listeners), a plain HTTP listener that
 * redirects to HTTPS and carries ACME HTTP-01 challenges, the Envoy fleet behind the cloud's L4 load
 * balancer (EnvoyProxy), and the TLS settings of every connection (ClientTrafficPolicy).
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { ENVOY_GATEWAY, envoyProxyLabels, envoyServiceName } from '../core/edge';
import { k8sNames } from '../core/naming';
import { stackLabels } from './labels';
import { cloudProfile } from '../core/cloud';

/** API groups of the edge's objects. */
export const GATEWAY_API = 'gateway.networking.k8s.io';
export const ENVOY_GATEWAY_API = 'gateway.envoyproxy.io';

/** Seconds an Envoy replica keeps accepting connections after its shutdown starts (Envoy Gateway's default: 10). */
export const MIN_DRAIN_SECONDS = 30;

/** The user and group Envoy runs as (the image's non-root user). */
const ENVOY_USER = 65532;

/**
 * Requests and memory limit of each Envoy proxy's `envoy` container. Envoy Gateway adds its shutdown manager
 * beside it (10m and 32 MiB requested by default), which {@link ENVOY_POD_REQUESTS} counts.
 */
export const ENVOY_RESOURCES = { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '1Gi' } } as const;
/** What one Envoy proxy pod requests, its containers together. */
export const ENVOY_POD_REQUESTS: readonly { cpu: string; memory: string }[] = [ENVOY_RESOURCES.requests, { cpu: '10m', memory: '32Mi' }];

/** Annotations of the Envoy fleet's LoadBalancer Service: a Network Load Balancer on AWS (cross-zone). */
function loadBalancerAnnotations(stack: ResolvedStack): Record<string, string> {
  return { ...cloudProfile(stack.cloud).loadBalancerAnnotations };
}

/**
 * The static address of the gateway's load balancer on GKE: the region's failover target (`dr.dns.targets`,
 * a reserved regional address), so that the failover record points at what this region serves.
 */
function staticAddress(stack: ResolvedStack): string | undefined {
  return stack.cloud === 'gcp' ? stack.dr.dns?.targets?.[stack.region] : undefined;
}

/**
 * The EnvoyProxy of the stack's Gateway: `edge.replicas` Envoy pods spread over zones and nodes behind a
 * PodDisruptionBudget, the restricted security context (a writable root filesystem: Envoy writes its log and
 * admin socket there), requests and a memory limit; a LoadBalancer Service
 * with a fixed name that keeps client addresses (`externalTrafficPolicy: Local`, which the per-client rate
 * limits need); `edge.drainSeconds` of draining on shutdown; with Istio, pods in the mesh that reach
 * Services (not pod IPs) so their sidecar applies mTLS.
 */
export function envoyProxy(scope: Construct, stack: ResolvedStack): ApiObject {
  const { gateway } = stack.edge;
  const selector = { matchLabels: envoyProxyLabels(gateway) };
  const spread = (topologyKey: string, whenUnsatisfiable: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: selector,
  });
  const mesh = stack.serviceMesh === 'istio';
  const address = staticAddress(stack);
  return new ApiObject(scope, 'EnvoyProxy', {
    apiVersion: `${ENVOY_GATEWAY_API}/v1alpha1`,
    kind: 'EnvoyProxy',
    metadata: { name: gateway.name, namespace: gateway.namespace, labels: stackLabels(stack.name) },
    spec: {
      ...(mesh ? { routingType: 'Service' } : {}),
      // keep accepting for 30 s (or the whole drain) after shutdown starts: the cloud load balancers take
      // 20 to 30 s of failed health checks (externalTrafficPolicy: Local) to stop sending to a node
      shutdown: {
        drainTimeout: `${stack.edge.drainSeconds}s`,
        minDrainDuration: `${Math.min(MIN_DRAIN_SECONDS, stack.edge.drainSeconds)}s`,
      },
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyDeployment: {
            replicas: stack.edge.replicas,
            pod: {
              ...(mesh
                ? {
                    labels: { 'sidecar.istio.io/inject': 'true' },
                    // the sidecar handles the Envoy's outbound traffic only: clients reach Envoy directly
                    // nor Envoy's configuration channel to the controller (xDS on 18000, mTLS of Envoy Gateway's own)
                    annotations: {
                      'traffic.sidecar.istio.io/includeInboundPorts': '',
                      'traffic.sidecar.istio.io/excludeOutboundPorts': String(ENVOY_GATEWAY.xdsPort),
                    },
                  }
                : {}),
              securityContext: {
                runAsNonRoot: true,
                runAsUser: ENVOY_USER,
                runAsGroup: ENVOY_USER,
                fsGroup: ENVOY_USER,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              topologySpreadConstraints: [
                spread('topology.kubernetes.io/zone', 'ScheduleAnyway'),
                spread('kubernetes.io/hostname', 'ScheduleAnyway'),
              ],
            },
            container: {
              resources: ENVOY_RESOURCES,
              // Envoy Gateway's own, pinned: the restricted profile; the root filesystem stays writable, since
              // Envoy writes its log file and admin socket there (expectedEnvoySecurityContext in Envoy Gateway)
              securityContext: {
                allowPrivilegeEscalation: false,
                privileged: false,
                runAsNonRoot: true,
                runAsUser: ENVOY_USER,
                runAsGroup: ENVOY_USER,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
            },
          },
          // one replica at a time may go; a single replica gets no budget (it would block every node drain)
          ...(stack.edge.replicas > 1 ? { envoyPDB: { minAvailable: 1 } } : {}),
          envoyService: {
            name: envoyServiceName(gateway),
            type: 'LoadBalancer',
            externalTrafficPolicy: 'Local',
            annotations: loadBalancerAnnotations(stack),
            ...(address ? { loadBalancerIP: address } : {}),
          },
        },
      },
    },
  });
}

/**
 * The stack's Gateway: the `http` listener (port 80: the redirect to HTTPS and ACME HTTP-01 challenges)
 * and one HTTPS listener per host (port 443, TLS terminated with the host's certificate, which
 * cert-manager issues from `edge.clusterIssuer` into the Secret the listener names). Routes attach from
 * the stack's namespace only.
 */
export function gateway(scope: Construct, stack: ResolvedStack): ApiObject {
  const { gateway: gw } = stack.edge;
  const sameNamespace = { namespaces: { from: 'Same' } };
  return new ApiObject(scope, 'Gateway', {
    apiVersion: `${GATEWAY_API}/v1`,
    kind: 'Gateway',
    metadata: {
      name: gw.name,
      namespace: gw.namespace,
      labels: stackLabels(stack.name),
      annotations: { 'cert-manager.io/cluster-issuer': stack.edge.clusterIssuer },
    },
    spec: {
      gatewayClassName: ENVOY_GATEWAY.gatewayClass,
      infrastructure: { parametersRef: { group: ENVOY_GATEWAY_API, kind: 'EnvoyProxy', name: gw.name } },
      listeners: [
        { name: k8sNames.httpListener, port: 80, protocol: 'HTTP', allowedRoutes: sameNamespace },
        ...stack.edge.hosts.map((host) => ({
          name: k8sNames.httpsListener(host),
          hostname: host,
          port: 443,
          protocol: 'HTTPS',
          tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: k8sNames.tls(host) }] },
          allowedRoutes: sameNamespace,
        })),
      ],
    },
  });
}

/** TLS of every client connection to the Gateway: `edge.minTlsVersion` and up; escaped slashes in paths refused. */
export function clientTrafficPolicy(scope: Construct, stack: ResolvedStack): ApiObject {
  const { gateway: gw } = stack.edge;
  return new ApiObject(scope, 'ClientTrafficPolicy', {
    apiVersion: `${ENVOY_GATEWAY_API}/v1alpha1`,
    kind: 'ClientTrafficPolicy',
    metadata: { name: gw.name, namespace: gw.namespace, labels: stackLabels(stack.name) },
    spec: {
      targetRefs: [{ group: GATEWAY_API, kind: 'Gateway', name: gw.name }],
      tls: { minVersion: stack.edge.minTlsVersion },
      // `%2F` in a path could reach a backend as `/` behind a prefix the edge matched differently
      path: { escapedSlashesAction: 'RejectRequest' },
    },
  });
}

/** Hostnames an HTTPRoute holds (Gateway API). */
export const ROUTE_HOSTNAMES = 16;

/**
 * Plain HTTP to every host is redirected to HTTPS (301): one HTTPRoute per 16 hosts (a route holds at most
 * 16 hostnames), `<stack>-https-redirect`, then `-2` to `-4`. The hosts are named, not left open: Envoy
 * Gateway makes a virtual host of each hostname, and while cert-manager's challenge route for a host is
 * attached, a redirect without hostnames would not be in that host's virtual host (plain HTTP would answer
 * 404 but for the challenge); the challenge route's exact path wins over the redirect's prefix.
 */
export function httpsRedirects(scope: Construct, stack: ResolvedStack): ApiObject[] {
  const { gateway: gw } = stack.edge;
  const chunks: string[][] = [];
  for (let i = 0; i < stack.edge.hosts.length; i += ROUTE_HOSTNAMES) chunks.push(stack.edge.hosts.slice(i, i + ROUTE_HOSTNAMES));
  return chunks.map(
    (hostnames, i) =>
      new ApiObject(scope, `HttpsRedirect${i === 0 ? '' : i + 1}`, {
        apiVersion: `${GATEWAY_API}/v1`,
        kind: 'HTTPRoute',
        metadata: { name: k8sNames.httpsRedirect(stack.name, i), namespace: stack.namespace, labels: stackLabels(stack.name) },
        spec: {
          parentRefs: [{ group: GATEWAY_API, kind: 'Gateway', name: gw.name, sectionName: k8sNames.httpListener }],
          hostnames,
          rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
        },
      }),
  );
}
