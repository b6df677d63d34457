/** Every Kubernetes object of one service, hardened by default. */
import type { ApiObject } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { autoscaler } from './autoscaler';
import { scaledObject } from './scaled-object';
import { serviceConfig } from './config';
import { disruptionBudget } from './disruption-budget';
import { identity } from './identity';
import { migrationJob } from './jobs';
import { serviceMesh } from './mesh';
import { type CalleeIndex, servicePolicy } from './network-policy';
import { clusterService } from './service';
import { workload } from './workload';

/** Props of {@link ProductionService}. */
export interface ProductionServiceProps {
  /** The resolved stack the service belongs to. */
  readonly stack: ResolvedStack;
  /** The resolved service. */
  readonly service: ResolvedService;
  /** Who may call whom in the stack (see `calleeIndex`). */
  readonly callees: CalleeIndex;
}

/**
 * A service's workload (Deployment, or StatefulSet with storage), Service,
 * HPA, PDB, NetworkPolicy, ServiceAccount/RBAC and ConfigMaps. The
 * objects are public so that an escape hatch (`addJsonPatch`) can reach them.
 */
export class ProductionService extends Construct {
  /** The Deployment or StatefulSet. */
  public readonly workload: k8s.KubeDeployment | k8s.KubeStatefulSet;
  /** The ClusterIP Service (servers only). */
  public readonly service?: k8s.KubeService;
  /** The HPA, when the service autoscales. */
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** KEDA's ScaledObject, for a worker with a `queue` (then there is no HPA of the library's). */
  public readonly scaledObject?: ApiObject;
  /** The TriggerAuthentication of a Redis queue: the Redis host, port and password from the datastore Secret. */
  public readonly triggerAuthentication?: ApiObject;
  /** The PodDisruptionBudget. */
  public readonly disruptionBudget: k8s.KubePodDisruptionBudget;
  /** The NetworkPolicy selecting the service's pods. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The ServiceAccount. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The Role, when the service asks for API access. */
  public readonly role?: k8s.KubeRole;
  /** The RoleBinding, when the service asks for API access. */
  public readonly roleBinding?: k8s.KubeRoleBinding;
  /** The ConfigMap of plain environment variables, when there are any. */
  public readonly config?: k8s.KubeConfigMap;
  /** The ConfigMap of mounted files, when there are any. */
  public readonly files?: k8s.KubeConfigMap;
  /** The migration Job of this version, when the service has a migration. */
  public readonly migration?: k8s.KubeJob;
  /** Istio objects (DestinationRule, PeerAuthentication), when the stack is in the mesh. */
  public readonly mesh: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: ProductionServiceProps) {
    super(scope, id);
    const { stack, service, callees } = props;
    const config = serviceConfig(this, stack, service);
    this.config = config.env;
    this.files = config.files;
    const ids = identity(this, stack, service);
    this.serviceAccount = ids.serviceAccount;
    this.role = ids.role;
    this.roleBinding = ids.roleBinding;
    if (service.migration) this.migration = migrationJob(this, stack, service);
    this.workload = workload(this, stack, service);
    if (service.role === 'server' && service.ports.length > 0) this.service = clusterService(this, stack, service);
    if (service.autoscaling) this.autoscaler = autoscaler(this, stack, service);
    if (service.queue)
      ({ scaledObject: this.scaledObject, triggerAuthentication: this.triggerAuthentication } = scaledObject(this, stack, service));
    this.disruptionBudget = disruptionBudget(this, stack, service);
    this.networkPolicy = servicePolicy(this, stack, service, callees);
    this.mesh = stack.serviceMesh === 'istio' ? serviceMesh(this, stack, service, this.service !== undefined) : [];
  }
}
