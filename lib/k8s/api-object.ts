/**
 * The typed Kubernetes objects the library creates. cdk8s' generated classes
 * map their output through the typed schema of Kubernetes 1.28, which drops
 * any field the schema does not know, including ones added by `addJsonPatch`.
 * These subclasses apply JSON patches after that mapping, so an escape hatch
 * (or a field newer than 1.28, such as the native preStop `sleep`) always
 * reaches the manifest.
 */
import { type ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ApiObjectClass = abstract new (...args: any[]) => ApiObject;

const PATCHES = Symbol('production-stack.patches');

function patchedAfterMapping<T extends ApiObjectClass>(Base: T) {
  abstract class Patched extends Base {
    public [PATCHES]: JsonPatch[] = [];

    public override addJsonPatch(...ops: JsonPatch[]): void {
      this[PATCHES].push(...ops);
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    public override toJson(): any {
      const json = super.toJson();
      return this[PATCHES].length ? JsonPatch.apply(json, ...this[PATCHES]) : json;
    }
  }
  return Patched;
}

export const Deployment = patchedAfterMapping(k8s.KubeDeployment) as unknown as typeof k8s.KubeDeployment;
export const StatefulSet = patchedAfterMapping(k8s.KubeStatefulSet) as unknown as typeof k8s.KubeStatefulSet;
export const Service = patchedAfterMapping(k8s.KubeService) as unknown as typeof k8s.KubeService;
export const Ingress = patchedAfterMapping(k8s.KubeIngress) as unknown as typeof k8s.KubeIngress;
export const HorizontalPodAutoscaler = patchedAfterMapping(
  k8s.KubeHorizontalPodAutoscalerV2,
) as unknown as typeof k8s.KubeHorizontalPodAutoscalerV2;
export const PodDisruptionBudget = patchedAfterMapping(k8s.KubePodDisruptionBudget) as unknown as typeof k8s.KubePodDisruptionBudget;
export const NetworkPolicy = patchedAfterMapping(k8s.KubeNetworkPolicy) as unknown as typeof k8s.KubeNetworkPolicy;
export const ServiceAccount = patchedAfterMapping(k8s.KubeServiceAccount) as unknown as typeof k8s.KubeServiceAccount;
export const Role = patchedAfterMapping(k8s.KubeRole) as unknown as typeof k8s.KubeRole;
export const RoleBinding = patchedAfterMapping(k8s.KubeRoleBinding) as unknown as typeof k8s.KubeRoleBinding;
export const ConfigMap = patchedAfterMapping(k8s.KubeConfigMap) as unknown as typeof k8s.KubeConfigMap;
export const Namespace = patchedAfterMapping(k8s.KubeNamespace) as unknown as typeof k8s.KubeNamespace;
export const ResourceQuota = patchedAfterMapping(k8s.KubeResourceQuota) as unknown as typeof k8s.KubeResourceQuota;
export const Job = patchedAfterMapping(k8s.KubeJob) as unknown as typeof k8s.KubeJob;
export const CronJob = patchedAfterMapping(k8s.KubeCronJob) as unknown as typeof k8s.KubeCronJob;
export const LimitRange = patchedAfterMapping(k8s.KubeLimitRange) as unknown as typeof k8s.KubeLimitRange;
