/**
 * The typed Kubernetes objects the library creates. cdk8s' generated classes
 * map their output through the typed schema of Kubernetes 1.28, which drops
 * any field the schema does not know, including ones added by `addJsonPatch`.
 * These subclasses apply JSON patches after that mapping, so an escape hatch
 * (or a field newer than 1.28, such as the native preStop `sleep`) always
 * reaches the manifest.
 *
 * The custom resources generated from the vendored CRDs (lib/imports, `npm run
 * import-crds`) map their output the same way, through their CRD's schema, and
 * worse: an int-or-string field (a PrometheusRule's `expr`) is written from the
 * `.value` of its wrapper, so a patch that sets it to a plain string would drop
 * it. They get the same subclasses. Each such kind is created only through the
 * class here, never as a plain `ApiObject` (test/k8s/custom-resources.test.ts).
 */
import { type ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import * as certManager from '../imports/cert-manager.io';
import * as externalSecrets from '../imports/external-secrets.io';
import * as jetstream from '../imports/jetstream.nats.io';
import * as prometheusOperator from '../imports/monitoring.coreos.com';

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

// Custom resources. Each is also a type, the generated class (which it extends).
export const Certificate = patchedAfterMapping(certManager.Certificate) as unknown as typeof certManager.Certificate;
export type Certificate = certManager.Certificate;
export const ExternalSecret = patchedAfterMapping(externalSecrets.ExternalSecret) as unknown as typeof externalSecrets.ExternalSecret;
export type ExternalSecret = externalSecrets.ExternalSecret;
export const JetStreamAccount = patchedAfterMapping(jetstream.Account) as unknown as typeof jetstream.Account;
export type JetStreamAccount = jetstream.Account;
export const JetStreamStream = patchedAfterMapping(jetstream.Stream) as unknown as typeof jetstream.Stream;
export type JetStreamStream = jetstream.Stream;
export const JetStreamConsumer = patchedAfterMapping(jetstream.Consumer) as unknown as typeof jetstream.Consumer;
export type JetStreamConsumer = jetstream.Consumer;
export const PrometheusRule = patchedAfterMapping(prometheusOperator.PrometheusRule) as unknown as typeof prometheusOperator.PrometheusRule;
export type PrometheusRule = prometheusOperator.PrometheusRule;
export const ServiceMonitor = patchedAfterMapping(prometheusOperator.ServiceMonitor) as unknown as typeof prometheusOperator.ServiceMonitor;
export type ServiceMonitor = prometheusOperator.ServiceMonitor;
export const PodMonitor = patchedAfterMapping(prometheusOperator.PodMonitor) as unknown as typeof prometheusOperator.PodMonitor;
export type PodMonitor = prometheusOperator.PodMonitor;
