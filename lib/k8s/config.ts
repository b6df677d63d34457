/** ConfigMaps for a service's plain environment and its mounted files. Never secrets: those come from External Secrets. */
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { imageVersion, serviceLabels } from './labels';
import { ConfigMap } from './api-object';

/** The ConfigMaps of a service (each only when it has content). */
export interface ServiceConfig {
  readonly env?: k8s.KubeConfigMap;
  readonly files?: k8s.KubeConfigMap;
}

/** Creates the service's ConfigMaps. */
export function serviceConfig(scope: Construct, stack: ResolvedStack, service: ResolvedService): ServiceConfig {
  const labels = serviceLabels(stack.name, service.name, imageVersion(service.image));
  const env =
    Object.keys(service.env).length > 0
      ? new ConfigMap(scope, 'Config', {
          metadata: { name: k8sNames.config(service.name), namespace: stack.namespace, labels },
          data: { ...service.env },
        })
      : undefined;
  const files = service.configFiles
    ? new ConfigMap(scope, 'Files', {
        metadata: { name: k8sNames.files(service.name), namespace: stack.namespace, labels },
        data: { ...service.configFiles.files },
      })
    : undefined;
  return { env, files };
}
