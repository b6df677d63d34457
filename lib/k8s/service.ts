/** The ClusterIP Service of a server, with named ports and their app protocols (`kubernetes.io/h2c`: Envoy speaks HTTP/2 to gRPC ports). */
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { imageVersion, selectorLabels, serviceLabels } from './labels';
import { Service } from './api-object';

const APP_PROTOCOL = { http: 'http', grpc: 'kubernetes.io/h2c', tcp: undefined } as const;

/** Creates the Service of a server. */
export function clusterService(scope: Construct, stack: ResolvedStack, service: ResolvedService): k8s.KubeService {
  return new Service(scope, 'Service', {
    metadata: {
      name: k8sNames.workload(service.name),
      namespace: stack.namespace,
      labels: serviceLabels(stack.name, service.name, imageVersion(service.image)),
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
