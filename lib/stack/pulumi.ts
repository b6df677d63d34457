/** The Pulumi side of ProductionStack: the cloud resources a spec describes. */
import { credentialsDigest } from '../core/datastore-connection';
import * as k8s from '../sdk/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ClusterAddons } from '../addons/cluster-addons';
import type { ClusterPeering } from '../aws/peering';
import { datastoreSecretsAfter } from './datastore-secrets';
import { type ResolvedStack, resolve } from '../core/resolve';
import { ENVOY_GATEWAY, envoyServiceName } from '../core/edge';
import { cloudName, k8sNames, regionBackupBucket } from '../core/naming';
import type { Cloud, ProductionStackProps } from '../core/spec/stack';
import { validate } from '../core/validation';
import { assertFits } from '../k8s/capacity';
import { provisionAws } from './aws';
import { requireProjectServices, type ProjectServices } from '../gcp/project-services';
import { provisionGcp, provisionProjectServices } from './gcp';
import { type NatsSecrets, natsSecretAfter, natsSecretKeyArns, provisionNatsSecrets } from './nats-secrets';
import { type ServiceIdentity, serviceIdentities } from './service-identities';
import { Workloads } from './workloads';
import { type WorkloadScale, regionScale } from '../core/standby';
import { standbyRoles } from './replica';
import { drainOrder } from './drain-order';

import { cloudLabels } from './cloud-labels';

export { cloudLabels } from './cloud-labels';

/** Arguments of the Pulumi {@link ProductionStack}: the same spec as the cdk8s chart's props. */
export type ProductionStackArgs = ProductionStackProps;

/** Type token of {@link ProductionStack}. */
export const PRODUCTION_STACK_TYPE = 'production-stack:index:ProductionStack';

import type { CloudResources } from '../core/clouds';

/**
 * How much of the workloads `region`'s cluster runs: `full` without a standby region, else by its role
 * ({@link regionScale}: `full` or `drained` while it serves, a passive size otherwise).
 */
export function clusterScale(spec: ResolvedStack, region: string): WorkloadScale {
  const standby = spec.dr.standbyRegion;
  if (standby === undefined) return 'full';
  return regionScale({ ...standbyRoles(spec, standby), drain: spec.dr.drain }, region, spec.postgres !== undefined);
}

/**
 * The spec as the standby region's cluster runs it: `region` is the standby region and
 * `dr.standbyRegion` the primary's (the chart's objects do not depend on it today; this keeps the
 * spec valid and the region right for anything that will); on AWS, likewise the VPC ranges (see
 * {@link standbyNetworks}): its NetworkPolicies reach the datastores in the standby's own VPC.
 */
export function standbySpec(props: ProductionStackProps, standbyRegion: string): ProductionStackProps {
  const dr = { ...props.dr, standbyRegion: props.region };
  const networks = standbyNetworks(resolve(props));
  if (networks.dr.aws === undefined) return { ...props, region: standbyRegion, dr };
  return {
    ...props,
    region: standbyRegion,
    cluster: { ...props.cluster, networkCidr: networks.cluster.networkCidr },
    dr: { ...dr, aws: networks.dr.aws },
  };
}

/**
 * The stack's networks as the standby cluster sees them: on AWS its own VPC's range is the cluster's network
 * (where its datastores and interface endpoints are) and the primary's the other one; unchanged on GCP (one VPC).
 */
export function standbyNetworks(spec: ResolvedStack): ResolvedStack {
  const standby = spec.dr.aws?.standbyNetworkCidr;
  if (standby === undefined) return spec;
  return {
    ...spec,
    cluster: { ...spec.cluster, networkCidr: standby },
    dr: { ...spec.dr, aws: { standbyNetworkCidr: spec.cluster.networkCidr } },
  };
}

/** What a deployer's connection through a peering needs: the acceptance, the routes and the API rules. */
function peeringPath(p: ClusterPeering): pulumi.Resource[] {
  return [p.accepter, ...p.routes, ...p.apiIngress];
}

/**
 * The host name of the Network Load Balancer of the stack's gateway on an EKS cluster, read from the
 * LoadBalancer Service Envoy Gateway runs for it (`envoy-gateway-system/<envoyServiceName>`), once
 * `workloads` has deployed the Gateway and it has its address (`awaitGatewayAddress`). The read is named
 * `<workloadsName>-envoy-service`; before the Gateway exists (a first preview) the host name is unknown.
 */
export function gatewayHostname(
  workloadsName: string,
  workloads: Workloads,
  spec: ResolvedStack,
  provider: k8s.Provider,
): pulumi.Output<string> {
  const gateway = workloads.gateway;
  if (!gateway) throw new Error(`the stack ${spec.name} has no gateway of its own: its failover record needs dr.dns.targets`);
  const service = `${ENVOY_GATEWAY.namespace}/${envoyServiceName(spec.edge.gateway)}`;
  // The ID waits for the Gateway's: unknown in a preview that creates it, so the read waits for the deployment.
  const read = k8s.core.v1.Service.get(
    `${workloadsName}-envoy-service`,
    gateway.id.apply(() => service),
    { parent: workloads, provider, dependsOn: [gateway] },
  );
  return read.status.apply((status) => {
    const hostname = status?.loadBalancer?.ingress?.find((i) => i.hostname)?.hostname;
    if (!hostname)
      throw new Error(`the gateway's load balancer Service ${service} has no host name: is its Network Load Balancer provisioned?`);
    return hostname;
  });
}

/**
 * A production deployment on AWS or GCP, from the same spec as the cdk8s
 * `ProductionStack` chart: the network and the Kubernetes cluster of
 * `spec.cloud`, in `spec.region`; then, on that cluster, the add-ons the
 * stack needs ({@link ClusterAddons}: External Secrets and its secret store,
 * cert-manager and issuers, Envoy Gateway, metrics-server,
 * kube-prometheus-stack, NACK, Istio, Karpenter on EKS) and the chart's Kubernetes objects
 * ({@link Workloads}). One `pulumi up` yields a running system.
 *
 * The spec is validated first: an invalid spec throws one `ValidationError`
 * listing every problem, and nothing is registered. Children are named
 * `cloudName(spec.name, <role>)` (`<name>-network`, `<name>-cluster`,
 * `<name>-k8s`, `<name>-addons`, `<name>-workloads`, with logical backups
 * `<name>-backups`, with a standby region `<name>-standby`, with `nats` `<name>-nats`, on GCP with
 * `dr.dns` the zone of cert-manager's DNS-01 challenges `<name>-acme-*`); these names are a public
 * contract, pinned by a test.
 *
 * With `nats`, the NATS users' passwords are generated and written to the secret manager under
 * `datastoreRemoteKey(name, environment, 'nats')`, one JSON property per user, where the ExternalSecret
 * `<name>-nats` reads them (the component `<name>-nats`, see {@link provisionNatsSecrets}; with a standby region,
 * the same passwords in that region too, `<name>-standby-nats`). The objects that read the synced Secret (the
 * ExternalSecret, the NATS servers, their clients, the JetStream Account) wait for the version of their region.
 *
 * On GCP, the stack enables the project services (APIs) its resources call, `<name>-apis-<api>` under
 * `<name>-apis` (see `gcp.ProjectServices` and `gcp.PROJECT_SERVICES`): each GCP resource of the stack
 * depends on the services of its type, so a first `pulumi up` in a fresh project enables them first.
 *
 * With a standby region, the standby cluster gets the same add-ons and objects, as
 * children of `<name>-standby`: the provider `<name>-standby-k8s`, the add-ons
 * `<name>-standby-addons` (the secret store reading the standby region's secrets: Secrets
 * Manager there on AWS, regional Secret Manager secrets on GCP, where the replica and the Redis
 * write their connection details under the primary's names) and the objects
 * `<name>-standby-workloads`. Each region's workloads are sized by its role
 * ({@link regionScale}): the active region's at full size, the other's at the passive size of
 * `dr.mode`. A flip of `dr.activeRegion` changes replica counts only, never a name.
 *
 * The failover record of `dr.dns` points at each region's gateway unless `dr.dns.targets` names another
 * target: on GCP at the static address the standby component reserves in each region
 * (`<name>-standby-address-<region>`), which that region's EnvoyProxy gives its load balancer; on AWS at
 * the host name of each region's Network Load Balancer, read from the gateway's Service once the region's
 * objects are deployed (see {@link gatewayHostname}; the first `pulumi up` waits for the load balancer).
 *
 * @example
 * new ProductionStack(spec.name, spec);
 */
export class ProductionStack extends pulumi.ComponentResource {
  /** The spec with every default applied. */
  public readonly spec: ResolvedStack;
  /** The cloud resources: network and cluster, typed by cloud (narrow on `cloud`). */
  public readonly cloud: CloudResources;
  /** Name of the Kubernetes cluster. */
  public readonly clusterName: pulumi.Output<string>;
  /** Kubeconfig of the cluster (exec-based credentials), as a secret. */
  public readonly kubeconfig: pulumi.Output<string>;
  /**
   * Kubernetes provider of the cluster, from {@link kubeconfig}. It waits for the
   * whole cluster (nodes included), and is replaced only if the cluster's name changes.
   */
  public readonly k8sProvider: k8s.Provider;
  /** The cluster add-ons, installed through {@link k8sProvider}. */
  public readonly addons: ClusterAddons;
  /**
   * With `nats`, the NATS users' passwords in each region's secret manager (`<name>-nats`, and with a standby
   * region `<name>-standby-nats`), which the ExternalSecret `<name>-nats` syncs; the objects reading it wait for them.
   */
  public readonly natsSecrets?: NatsSecrets;
  /** The cloud identities created for the services that ask for `cloudAccess`, by service name. */
  public readonly serviceIdentities: ReadonlyMap<string, ServiceIdentity>;
  /**
   * The chart's Kubernetes objects, deployed through {@link k8sProvider} once the add-ons are installed;
   * scaled down to `dr.mode`'s passive size when `dr.activeRegion` is the standby region.
   */
  public readonly workloads: Workloads;
  /** Kubernetes provider of the standby cluster (`<name>-standby-k8s`), with a standby region. */
  public readonly standbyK8sProvider?: k8s.Provider;
  /** The standby cluster's add-ons (`<name>-standby-addons`), reading the standby region's (regional) secrets. */
  public readonly standbyAddons?: ClusterAddons;
  /**
   * The chart's objects on the standby cluster (`<name>-standby-workloads`): at `dr.mode`'s passive
   * size while the primary serves, at full size once `dr.activeRegion` is the standby region.
   */
  public readonly standbyWorkloads?: Workloads;

  /**
   * The only cloud this class provisions, when it is one cloud's (`production-stack/pulumi/aws` or
   * `/gcp`): a spec for the other is a validation problem at `cloud`.
   */
  protected static readonly provisions?: Cloud;

  constructor(name: string, args: ProductionStackArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate (throwing one ValidationError listing every problem) before anything registers, and build
    // from the plain copy that was checked, so that a getter cannot answer differently the second time.
    const checked = validate(args, { cloud: (new.target as typeof ProductionStack).provisions });
    assertFits(resolve(checked));
    // On GCP, each descendant waits for the project services its type needs, enabled as first needed.
    let services: ProjectServices | undefined;
    const order = drainOrder(resolve(checked));
    const transformations = [...(opts?.transformations ?? []), requireProjectServices(() => services), order.transformation];
    super(PRODUCTION_STACK_TYPE, name, {}, { ...opts, transformations });
    this.spec = resolve(checked);
    if (this.spec.cloud === 'gcp') services = provisionProjectServices(this.spec, this);
    this.cloud = services ? provisionGcp(this.spec, this, services) : provisionAws(this.spec, this);
    this.clusterName = this.cloud.cluster.clusterName;
    this.kubeconfig = this.cloud.cluster.kubeconfig;
    this.natsSecrets = provisionNatsSecrets(this.spec, this.cloud, this);
    this.k8sProvider = new k8s.Provider(
      cloudName(this.spec.name, 'k8s'),
      { kubeconfig: this.kubeconfig, clusterIdentifier: this.clusterName },
      { parent: this, dependsOn: [this.cloud.cluster] },
    );
    this.addons = new ClusterAddons(
      cloudName(this.spec.name, 'addons'),
      {
        spec: this.spec,
        provider: this.k8sProvider,
        cluster: this.cloud.cluster,
        secretKmsKeyArns:
          this.cloud.cloud === 'aws'
            ? [this.cloud.postgres?.key.arn, this.cloud.redis?.key.arn, ...natsSecretKeyArns(this.natsSecrets?.primary)].filter(
                (k) => k !== undefined,
              )
            : [],
        labels: cloudLabels(this.spec),
        acmeChallengeZone: this.cloud.cloud === 'gcp' ? this.cloud.acmeChallengeZone : undefined,
      },
      { parent: this },
    );
    this.serviceIdentities = serviceIdentities(this.spec, this.cloud, this);
    const backupAnnotations = this.cloud.backups?.serviceAccountAnnotations;
    const annotations: Record<string, pulumi.Output<Record<string, string>>> = Object.fromEntries(
      [...this.serviceIdentities].map(([service, id]) => [k8sNames.workload(service), id.serviceAccountAnnotations]),
    );
    if (backupAnnotations) annotations[k8sNames.backupServiceAccount(this.spec.name)] = backupAnnotations;
    const drillAnnotations = this.cloud.backups?.drillServiceAccountAnnotations;
    if (drillAnnotations) annotations[k8sNames.restoreDrillServiceAccount(this.spec.name)] = drillAnnotations;
    // With a standby region, both clusters' scaled objects wait for both databases: a failed promotion holds back a flip.
    const standby = this.cloud.standby;
    const cloud = this.cloud;
    // The failover record's targets each region's gateway gives: a reserved address to take (GCP), or a host name to read (AWS).
    const gatewayTarget = (region: string) => (cloud.cloud === 'aws' ? cloud.gatewayTargets.find((t) => t.region === region) : undefined);
    const reservedAddress = (region: string) => (cloud.cloud === 'gcp' ? cloud.standby?.addresses[region]?.address : undefined);
    const edgeArgs = (region: string) => ({
      ...(reservedAddress(region) ? { loadBalancerIP: reservedAddress(region) } : {}),
      ...(gatewayTarget(region) ? { awaitGatewayAddress: true } : {}),
    });
    const databases = standby ? [this.cloud.postgres?.instance, standby.postgres?.instance].filter((i) => i !== undefined) : [];
    // A drained flip's promotion waits for the passive region's sized objects (drainOrder), which then wait for no
    // database, nor for the datastores' secret versions (which wait for their database): a flip taken while drained,
    // even in one step, promotes once the old region is at zero. Its objects exist from before, at zero replicas.
    const ordersPromotion = (region: string) => order.ordered && region !== this.spec.dr.activeRegion;
    const scaledAfter = (region: string) => (ordersPromotion(region) ? [] : databases);
    const storeSecretsAfter = (region: string, stores: Parameters<typeof datastoreSecretsAfter>[1]) =>
      ordersPromotion(region) ? {} : datastoreSecretsAfter(this.spec, stores);
    // both regions' bootstrap Jobs run again when a login role's password is generated anew (the standby's does nothing on a
    // replica); the digest reveals no credential, and a plan shows its change
    const pg = this.cloud.postgres;
    const database = this.spec.postgres?.databaseName;
    const credentials =
      pg && database !== undefined
        ? { postgresCredentials: pulumi.unsecret(pg.roles.values.apply((p) => credentialsDigest(database, p))) }
        : {};
    this.workloads = new Workloads(
      cloudName(this.spec.name, 'workloads'),
      {
        spec: checked,
        provider: this.k8sProvider,
        addons: this.addons,
        scaledAfter: scaledAfter(this.spec.region),
        secretsAfter: {
          ...natsSecretAfter(this.spec, this.natsSecrets?.primary),
          ...storeSecretsAfter(this.spec.region, { postgres: this.cloud.postgres, redis: this.cloud.redis }),
        },
        // Services with cloudAccess, and the logical backups (unless the spec gives dr.backupIdentity), carry the identities created for them.
        serviceAccountAnnotations: annotations,
        scale: clusterScale(this.spec, this.spec.region),
        ...credentials,
        ...edgeArgs(this.spec.region),
      },
      { parent: this },
    );
    gatewayTarget(this.spec.region)?.resolve(
      gatewayHostname(cloudName(this.spec.name, 'workloads'), this.workloads, this.spec, this.k8sProvider),
    );
    if (standby && this.spec.dr.standbyRegion !== undefined) {
      const region = this.spec.dr.standbyRegion;
      const parent = { parent: standby };
      this.standbyK8sProvider = new k8s.Provider(
        cloudName(this.spec.name, 'standby-k8s'),
        { kubeconfig: standby.cluster.kubeconfig, clusterIdentifier: standby.cluster.clusterName },
        // on AWS the deployer reaches a private standby endpoint through the peering: its routes and rules first
        { ...parent, dependsOn: [standby.cluster, ...('peering' in standby && standby.peering ? peeringPath(standby.peering) : [])] },
      );
      this.standbyAddons = new ClusterAddons(
        cloudName(this.spec.name, 'standby-addons'),
        {
          // the primary's spec (its region decides which secrets are regional), with the standby's view of the VPCs
          spec: standbyNetworks(this.spec),
          provider: this.standbyK8sProvider,
          cluster: standby.cluster,
          region,
          secretKmsKeyArns:
            this.cloud.cloud === 'aws' && this.cloud.standby
              ? [
                  this.cloud.standby.postgres?.key.arn,
                  this.cloud.standby.redis?.key.arn,
                  ...natsSecretKeyArns(this.natsSecrets?.standby),
                ].filter((k) => k !== undefined)
              : [],
          labels: cloudLabels(this.spec),
          acmeChallengeZone: this.cloud.cloud === 'gcp' ? this.cloud.acmeChallengeZone : undefined,
        },
        parent,
      );
      // The services' and the backups' identities trust both clusters (AWS: both OIDC providers; GCP: the
      // project's Workload Identity pool). The standby's backup jobs use the bucket in its region: on AWS the
      // replica, on GCP the same dual-region bucket.
      this.standbyWorkloads = new Workloads(
        cloudName(this.spec.name, 'standby-workloads'),
        {
          spec: standbySpec(checked, region),
          provider: this.standbyK8sProvider,
          addons: this.standbyAddons,
          scaledAfter: scaledAfter(region),
          secretsAfter: {
            ...natsSecretAfter(this.spec, this.natsSecrets?.standby),
            ...storeSecretsAfter(region, { postgres: standby.postgres, redis: standby.redis }),
          },
          serviceAccountAnnotations: annotations,
          scale: clusterScale(this.spec, region),
          ...credentials,
          // a passive standby's replica gets its roles from the primary's bootstrap; an active one waits for no other
          // region, nor a passive one whose database has diverged (no replica: it waits for nothing of the other region)
          ...(this.workloads.postgresBootstrap && !standby.active && !ordersPromotion(region)
            ? { postgresBootstrapAfter: [this.workloads.postgresBootstrap] }
            : {}),
          ...(this.spec.dr.logicalBackups ? { backupBucket: regionBackupBucket(this.spec, region) } : {}),
          ...edgeArgs(region),
        },
        parent,
      );
      gatewayTarget(region)?.resolve(
        gatewayHostname(cloudName(this.spec.name, 'standby-workloads'), this.standbyWorkloads, this.spec, this.standbyK8sProvider),
      );
    }
    const passive = this.spec.dr.activeRegion === this.spec.region ? this.standbyWorkloads : this.workloads;
    order.resolve(passive?.sized ?? []);
    this.registerOutputs({ clusterName: this.clusterName, kubeconfig: this.kubeconfig });
  }
}
