/** The ClusterIP Service of a server, with named ports and their app protocols. */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/defaults';
import { k8sNames } from '../core/naming';
import { imageVersion, selectorLabels, serviceLabels } from './labels';
import { Service } from './api-object';
import { portNumber } from './pod';

const APP_PROTOCOL = { http: 'http', grpc: 'kubernetes.io/h2c', tcp: undefined } as const;

/**
 * GKE annotations for a Service behind a `gce` ingress: container-native load
 * balancing through NEGs, and HTTP/2 to gRPC ports.
 */
export function gkeServiceAnnotations(service: ResolvedService): Record<string, string> | undefined {
  if (service.ingress?.className !== 'gce') return undefined;
  const annotations: Record<string, string> = { 'cloud.google.com/neg': '{"ingress": true}' };
  if (gkeBackendConfig(service))
    annotations['cloud.google.com/backend-config'] = JSON.stringify({ default: k8sNames.workload(service.name) });
  const grpc = service.ports.filter((p) => p.protocol === 'grpc');
  if (grpc.length) annotations['cloud.google.com/app-protocols'] = JSON.stringify(Object.fromEntries(grpc.map((p) => [p.name, 'HTTP2'])));
  return annotations;
}

/** Creates the Service of a server. */
export function clusterService(scope: Construct, stack: ResolvedStack, service: ResolvedService): k8s.KubeService {
  return new Service(scope, 'Service', {
    metadata: {
      name: k8sNames.workload(service.name),
      namespace: stack.namespace,
      labels: serviceLabels(stack.name, service.name, imageVersion(service.image)),
      annotations: gkeServiceAnnotations(service),
    },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(stack.name, service.name),
      ports: service.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: k8s.IntOrString.fromString(p.name),
        protocol: 'TCP',
        appProtocol: APP_PROTOCOL[p.protocol],
      })),
    },
  });
}

/**
 * The BackendConfig spec of a `gce` ingress's Service: the health check from
 * the HTTP readiness probe (GKE cannot infer one for a gRPC backend, and its
 * default `GET /` on the serving port fails against a gRPC server), the
 * backend timeout and connection draining the spec asks for. Undefined when
 * there is nothing to set.
 */
export function gkeBackendConfig(service: ResolvedService): Record<string, unknown> | undefined {
  const ingress = service.ingress;
  if (ingress?.className !== 'gce') return undefined;
  const readiness = service.probes.readiness;
  const spec: Record<string, unknown> = {
    ...(readiness?.type === 'http'
      ? {
          healthCheck: {
            type: 'HTTP',
            requestPath: readiness.path,
            port: portNumber(service, readiness.port, 'http'),
            checkIntervalSec: readiness.periodSeconds ?? 10,
            timeoutSec: readiness.timeoutSeconds ?? 5,
          },
        }
      : {}),
    ...(ingress.timeoutSeconds !== undefined ? { timeoutSec: ingress.timeoutSeconds } : {}),
    ...(ingress.drainingSeconds !== undefined ? { connectionDraining: { drainingTimeoutSec: ingress.drainingSeconds } } : {}),
  };
  return Object.keys(spec).length > 0 ? spec : undefined;
}

/** The BackendConfig of a `gce` ingress's Service (see {@link gkeBackendConfig}). */
export function backendConfig(scope: Construct, stack: ResolvedStack, service: ResolvedService): ApiObject | undefined {
  const spec = gkeBackendConfig(service);
  if (!spec) return undefined;
  return new ApiObject(scope, 'BackendConfig', {
    apiVersion: 'cloud.google.com/v1',
    kind: 'BackendConfig',
    metadata: {
      name: k8sNames.workload(service.name),
      namespace: stack.namespace,
      labels: serviceLabels(stack.name, service.name, imageVersion(service.image)),
    },
    spec,
  });
}
