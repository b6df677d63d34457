/**
 * Istio, opt-in: STRICT mTLS between the stack's pods and ISTIO_MUTUAL
 * DestinationRules, as the QBITEL guide asks. Prometheus (outside the mesh)
 * keeps scraping: metrics ports stay PERMISSIVE. Istio itself (base, istiod,
 * istio-cni) is installed by the Pulumi side's add-ons (`lib/addons/istio.ts`).
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { parseQuantity } from '../core/quantity';
import { imageVersion, selectorLabels, serviceLabels, stackLabels } from './labels';

/** Namespace of istiod, which sidecars reach for configuration and certificates. */
export const ISTIO_NAMESPACE = 'istio-system';
/** istiod's xDS and CA port. */
export const ISTIOD_PORT = 15012;

/**
 * Requests and memory limit of every injected sidecar (`istio-proxy`), as the add-ons configure istiod's
 * injection (`global.proxy.resources`, Istio's own defaults; the chart's 2-CPU limit stays). The
 * `istio-validation` init container gets the same, and adds nothing to a pod's requests: an init container
 * runs alone, before the others. The namespace's ResourceQuota counts the sidecars ({@link sidecarUsage}).
 */
export const SIDECAR_RESOURCES = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { memory: '1024Mi' },
} as const;

/**
 * What the sidecars of `pods` pods add to the namespace's use (millicores and MiB requested, MiB of memory
 * limit): nothing without the mesh. The ResourceQuota is checked after the injection webhook has added them.
 */
export function sidecarUsage(stack: ResolvedStack, pods: number): { cpuMillis: number; memoryMi: number; memoryLimitMi: number } {
  if (stack.serviceMesh !== 'istio') return { cpuMillis: 0, memoryMi: 0, memoryLimitMi: 0 };
  const mi = (q: string) => (parseQuantity(q) ?? 0) / 2 ** 20;
  return {
    cpuMillis: pods * (parseQuantity(SIDECAR_RESOURCES.requests.cpu) ?? 0) * 1000,
    memoryMi: pods * mi(SIDECAR_RESOURCES.requests.memory),
    memoryLimitMi: pods * mi(SIDECAR_RESOURCES.limits.memory),
  };
}

/** Namespace labels turning on sidecar injection. */
export function meshNamespaceLabels(stack: ResolvedStack): Record<string, string> {
  return stack.serviceMesh === 'istio' ? { 'istio-injection': 'enabled' } : {};
}

/** The namespace-wide STRICT mTLS policy. */
export function strictMtls(scope: Construct, stack: ResolvedStack): ApiObject {
  return new ApiObject(scope, 'PeerAuthentication', {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: stack.namespace, labels: stackLabels(stack.name) },
    spec: { mtls: { mode: 'STRICT' } },
  });
}

/**
 * A service's mesh objects: a DestinationRule when it has a Service, and a
 * PERMISSIVE metrics port when Prometheus scrapes it (workers included, whose
 * PodMonitor reaches the pods directly).
 */
export function serviceMesh(scope: Construct, stack: ResolvedStack, service: ResolvedService, hasService: boolean): ApiObject[] {
  const name = k8sNames.workload(service.name);
  const labels = serviceLabels(stack.name, service.name, imageVersion(service.image));
  const objects: ApiObject[] = [];
  if (hasService) {
    objects.push(
      new ApiObject(scope, 'DestinationRule', {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'DestinationRule',
        metadata: { name, namespace: stack.namespace, labels },
        spec: { host: `${name}.${stack.namespace}.svc.cluster.local`, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
      }),
    );
  }
  const metrics = service.metrics && service.ports.find((p) => p.name === service.metrics!.port);
  if (metrics) {
    objects.push(
      new ApiObject(scope, 'PeerAuthentication', {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name, namespace: stack.namespace, labels },
        spec: {
          selector: { matchLabels: selectorLabels(stack.name, service.name) },
          mtls: { mode: 'STRICT' },
          portLevelMtls: { [String(metrics.port)]: { mode: 'PERMISSIVE' } },
        },
      }),
    );
  }
  return objects;
}
