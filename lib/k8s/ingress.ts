/**
 * HTTPS ingress per ingress class: ingress-nginx with a cert-manager
 * certificate; GKE's `gce` class with a Google-managed certificate (cert-manager's
 * HTTP-01 challenge cannot pass a load balancer that serves no plain HTTP).
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/defaults';
import { k8sNames } from '../core/naming';
import { imageVersion, serviceLabels } from './labels';
import { meshIngressAnnotations } from './mesh';
import { Ingress } from './api-object';

/** Annotations of an ingress for its class: TLS only, gRPC backends where the port speaks gRPC. */
export function ingressAnnotations(stack: ResolvedStack, service: ResolvedService): Record<string, string> {
  const ingress = service.ingress!;
  const grpc = service.ports.find((p) => p.name === ingress.port)?.protocol === 'grpc';
  if (ingress.className === 'gce') {
    return { 'kubernetes.io/ingress.allow-http': 'false', 'networking.gke.io/managed-certificates': k8sNames.tls(service.name) };
  }
  const annotations: Record<string, string> = { 'cert-manager.io/cluster-issuer': ingress.clusterIssuer };
  const nginx = (key: string, value: string | number) => (annotations[`nginx.ingress.kubernetes.io/${key}`] = String(value));
  nginx('ssl-redirect', 'true');
  nginx('force-ssl-redirect', 'true');
  if (grpc) nginx('backend-protocol', 'GRPC');
  if (ingress.rateLimitRps !== undefined) {
    nginx('limit-rps', ingress.rateLimitRps);
    if (ingress.rateLimitBurst !== undefined)
      nginx('limit-burst-multiplier', Math.max(1, Math.ceil(ingress.rateLimitBurst / ingress.rateLimitRps)));
  }
  if (ingress.timeoutSeconds !== undefined) {
    nginx('proxy-read-timeout', ingress.timeoutSeconds);
    nginx('proxy-send-timeout', ingress.timeoutSeconds);
  }
  if (ingress.maxBodySize !== undefined) nginx('proxy-body-size', ingress.maxBodySize);
  return { ...annotations, ...meshIngressAnnotations(stack, service) };
}

/** Creates the Ingress of a server with `ingress` set. */
export function ingress(scope: Construct, stack: ResolvedStack, service: ResolvedService): k8s.KubeIngress {
  const spec = service.ingress!;
  return new Ingress(scope, 'Ingress', {
    metadata: {
      name: k8sNames.workload(service.name),
      namespace: stack.namespace,
      labels: serviceLabels(stack.name, service.name, imageVersion(service.image)),
      annotations: ingressAnnotations(stack, service),
    },
    spec: {
      ingressClassName: spec.className,
      tls: spec.className === 'gce' ? undefined : [{ hosts: [spec.host], secretName: k8sNames.tls(service.name) }],
      rules: [
        {
          host: spec.host,
          http: {
            paths: [
              {
                path: spec.path,
                pathType: 'Prefix',
                backend: { service: { name: k8sNames.workload(service.name), port: { name: spec.port } } },
              },
            ],
          },
        },
      ],
    },
  });
}

/** The Google-managed certificate of a `gce` ingress's host, named like the TLS Secret of the other classes. */
export function managedCertificate(scope: Construct, stack: ResolvedStack, service: ResolvedService): ApiObject {
  return new ApiObject(scope, 'ManagedCertificate', {
    apiVersion: 'networking.gke.io/v1',
    kind: 'ManagedCertificate',
    metadata: {
      name: k8sNames.tls(service.name),
      namespace: stack.namespace,
      labels: serviceLabels(stack.name, service.name, imageVersion(service.image)),
    },
    spec: { domains: [service.ingress!.host] },
  });
}
