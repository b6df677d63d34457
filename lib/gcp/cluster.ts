/** The GKE cluster of a stack: regional, private nodes, Workload Identity, Dataplane V2, encrypted Secrets. */
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';
import { type ResolvedNodePool, resolveCluster } from '../core/resolve';
import { resolveNodePool } from '../core/validation/node-pool';
import { pickZones } from '../core/zones';
import type { NodePoolSpec } from '../core/spec/stack';
import { gkeKubeconfig } from './kubeconfig';
import { serviceAccountId } from './naming';
import { initialNodesPerZone } from './nodes';

/** Where the cluster runs: what {@link Network} provides. */
export interface ClusterNetwork {
  /** ID or self link of the VPC network. */
  readonly networkId: pulumi.Input<string>;
  /** ID or self link of the subnet of the nodes. */
  readonly subnetworkId: pulumi.Input<string>;
  /** Primary range of the subnet: allowed to reach the private API endpoint. */
  readonly cidr: string;
  /** Name of the subnet's secondary range for pods. */
  readonly podsRangeName: string;
  /** Name of the subnet's secondary range for Services. */
  readonly servicesRangeName: string;
}

/** A subnet of another region in the cluster's VPC (a standby region's), whose nodes and runners reach the cluster's API. */
export interface PeerSubnet {
  /** Its region. */
  readonly region: string;
  /** Its primary range. */
  readonly cidr: string;
}

/** GKE release channels. */
export type ReleaseChannel = 'RAPID' | 'REGULAR' | 'STABLE';

/** Arguments of {@link Cluster}. */
export interface ClusterArgs {
  /** The network, typically a {@link Network}. */
  readonly network: ClusterNetwork;
  /** Region of the (regional) cluster. */
  readonly region: pulumi.Input<string>;
  /**
   * Kubernetes minor version: the control plane's minimum, within the release channel.
   * @default '1.35' (see lib/core/support.ts)
   */
  readonly kubernetesVersion?: string;
  /**
   * CIDRs allowed to reach the Kubernetes API from the internet. The endpoint
   * is private (reachable from the subnet only) unless this lists at least one CIDR.
   * @default - private endpoint only
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * Subnets of the stack's other regions in this VPC (a standby region's): authorized networks of the private
   * endpoint beside the cluster's own subnet, reached from their regions through control-plane global access
   * (on whenever this lists a subnet), so a deployer in either region reaches both clusters. Not with
   * `publicAccessCidrs`, whose endpoint admits those CIDRs only.
   * @default - none: the cluster's own subnet only, from its region
   */
  readonly peerSubnets?: readonly PeerSubnet[];
  /**
   * How many of the region's zones the nodes span.
   * @default 3
   */
  readonly availabilityZones?: number;
  /**
   * The node pool. Sizes are totals over all zones.
   * @default - `n2-standard-4`, 3 nodes (2 to 10), 100 GiB disks
   */
  readonly nodes?: NodePoolSpec;
  /**
   * Release channel: GKE upgrades the cluster and nodes within it.
   * @default 'REGULAR'
   */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * Refuse to delete the cluster until this is turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Labels of the cluster, its nodes and its key (GCP label rules apply).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Project of every resource.
   * @default - the provider's project
   */
  readonly project?: pulumi.Input<string>;
}

/** Roles of the nodes' service account: GKE's least-privilege node role and pulling images from Artifact Registry. */
export const NODE_SERVICE_ACCOUNT_ROLES = [
  { role: 'roles/container.defaultNodeServiceAccount', id: 'default-node' },
  { role: 'roles/artifactregistry.reader', id: 'artifact-registry-reader' },
] as const;

/** Scope of the nodes' credentials; what they may do is limited by the service account's roles. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** Rotation period of the Secrets key: 90 days. */
export const SECRETS_KEY_ROTATION = '7776000s';

/**
 * Who reaches the API endpoint: the public CIDRs when given, else the subnet and the `peers` (other regions'
 * subnets, `subnet-<region>`) through the private endpoint.
 */
export function apiEndpointAccess(
  publicAccessCidrs: readonly string[],
  subnetCidr: string,
  peers: readonly PeerSubnet[] = [],
): { enablePrivateEndpoint: boolean; cidrBlocks: { cidrBlock: string; displayName: string }[] } {
  return publicAccessCidrs.length > 0
    ? { enablePrivateEndpoint: false, cidrBlocks: publicAccessCidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: `public-${i + 1}` })) }
    : {
        enablePrivateEndpoint: true,
        cidrBlocks: [
          { cidrBlock: subnetCidr, displayName: 'subnet' },
          ...peers.map((peer) => ({ cidrBlock: peer.cidr, displayName: `subnet-${peer.region}` })),
        ],
      };
}

/** The GKE service agent of a project, which encrypts Secrets with the cluster's key. */
export function gkeServiceAgent(projectNumber: string): string {
  return `serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
}

/**
 * A regional GKE Standard cluster:
 *
 * - private nodes; the API endpoint private unless `publicAccessCidrs`, which
 *   are then the only authorized networks (Google Cloud's public ranges are not); a private one admits
 *   the subnet and `peerSubnets`, from their regions too (control-plane global access),
 * - the Gateway API's standard-channel CRDs, installed and kept by GKE (the stack's Envoy Gateway serves them),
 * - Workload Identity, Dataplane V2 (eBPF, network policies enforced), shielded
 *   nodes with secure boot, release channel, deletion protection,
 * - Secrets encrypted at the application layer with a Cloud KMS key (90-day rotation),
 * - no client certificate, no legacy ABAC, security posture (configuration audit) on,
 * - the default node pool removed for a separate pool with autoscaling over
 *   the zones, auto-repair and auto-upgrade, surge upgrades, a dedicated
 *   least-privilege service account, the GKE metadata server.
 *
 * Its lookups (the region's zones, the project's number) wait for the component's `dependsOn`, such as
 * the project's services ({@link ProjectServices}). Children are named `${name}-<role>`.
 */
export class Cluster extends pulumi.ComponentResource {
  /** Service account of the nodes. */
  public readonly nodeServiceAccount: gcp.serviceaccount.Account;
  /** Project roles of the nodes' service account. */
  public readonly nodeServiceAccountRoles: readonly gcp.projects.IAMMember[];
  /** Key ring of the Secrets key. Key rings cannot be deleted in GCP; destroying the stack forgets it. */
  public readonly keyRing: gcp.kms.KeyRing;
  /** Key that encrypts the Kubernetes Secrets. */
  public readonly secretsKey: gcp.kms.CryptoKey;
  /** The GKE service agent's use of the Secrets key. */
  public readonly secretsKeyGrant: gcp.kms.CryptoKeyIAMMember;
  /** The GKE cluster. */
  public readonly gkeCluster: gcp.container.Cluster;
  /** The node pool. */
  public readonly nodePool: gcp.container.NodePool;

  /** The node pool with its defaults applied. */
  public readonly nodes: ResolvedNodePool;
  /** Name of the GKE cluster. */
  public readonly clusterName: pulumi.Output<string>;
  /** IP of the API server (private when the endpoint is private). */
  public readonly endpoint: pulumi.Output<string>;
  /** Base64 PEM of the cluster CA. */
  public readonly clusterCaCertificate: pulumi.Output<string>;
  /** A kubeconfig using `gke-gcloud-auth-plugin`, as a secret. */
  public readonly kubeconfig: pulumi.Output<string>;
  /**
   * Workload Identity pool (`<project>.svc.id.goog`): Kubernetes service accounts are `serviceAccount:<pool>[<namespace>/<name>]`.
   * Read from the GKE cluster, which creates the pool: a binding whose member is built from it waits for the cluster.
   */
  public readonly workloadPool: pulumi.Output<string>;
  /** Zones the nodes run in. */
  public readonly nodeLocations: pulumi.Output<string[]>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('production-stack:gcp:Cluster', name, {}, opts);
    const parent = { parent: this };
    // The lookups call the project's APIs: they wait for what the component waits for (the project's services).
    const lookups = { parent: this, dependsOn: opts?.dependsOn };
    const region = args.region;
    const defaults = resolveCluster({ availabilityZones: args.availabilityZones, kubernetesVersion: args.kubernetesVersion }, 'gcp');
    const zones = defaults.availabilityZones;
    const labels = args.labels ?? {};
    this.nodes = resolveNodePool(args.nodes, 'gcp', { owner: `gcp.Cluster "${name}"`, path: 'nodes' });
    const project = args.project !== undefined ? pulumi.output(args.project) : gcp.organizations.getClientConfigOutput(parent).project;
    const projectNumber = gcp.organizations.getProjectOutput({ projectId: project }, lookups).number;
    const workloadPool = pulumi.interpolate`${project}.svc.id.goog`;
    // Every zone of the region, whatever its status: a zone down during a failover's `up` would otherwise move
    // the node pool to another zone.
    this.nodeLocations = gcp.compute.getZonesOutput({ region, project }, lookups).names.apply((names) => pickZones(names, zones));

    // A least-privilege identity for the nodes instead of the default compute service account.
    this.nodeServiceAccount = new gcp.serviceaccount.Account(
      `${name}-nodes-sa`,
      { accountId: serviceAccountId(`${name}-nodes`), displayName: `GKE nodes of ${name}`, project },
      parent,
    );
    this.nodeServiceAccountRoles = NODE_SERVICE_ACCOUNT_ROLES.map(
      ({ role, id }) =>
        new gcp.projects.IAMMember(`${name}-nodes-sa-${id}`, { project, role, member: this.nodeServiceAccount.member }, parent),
    );

    // Application-layer encryption of Secrets.
    this.keyRing = new gcp.kms.KeyRing(`${name}-keyring`, { location: region, project }, parent);
    this.secretsKey = new gcp.kms.CryptoKey(
      `${name}-secrets-key`,
      { keyRing: this.keyRing.id, purpose: 'ENCRYPT_DECRYPT', rotationPeriod: SECRETS_KEY_ROTATION, labels },
      // deleting it would leave every Secret of the cluster undecryptable (CryptoKey has no deletion protection of its own)
      { ...parent, protect: true },
    );
    this.secretsKeyGrant = new gcp.kms.CryptoKeyIAMMember(
      `${name}-secrets-key-gke`,
      { cryptoKeyId: this.secretsKey.id, role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', member: projectNumber.apply(gkeServiceAgent) },
      parent,
    );

    const nodeIdentity = {
      serviceAccount: this.nodeServiceAccount.email,
      oauthScopes: [CLOUD_PLATFORM_SCOPE],
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
    };
    const peers = args.peerSubnets ?? [];
    const access = apiEndpointAccess(args.publicAccessCidrs ?? [], args.network.cidr, peers);
    this.gkeCluster = new gcp.container.Cluster(
      `${name}-gke`,
      {
        description: `Kubernetes cluster of ${name}`,
        location: region,
        project,
        minMasterVersion: defaults.kubernetesVersion,
        releaseChannel: { channel: args.releaseChannel ?? 'REGULAR' },
        network: args.network.networkId,
        subnetwork: args.network.subnetworkId,
        networkingMode: 'VPC_NATIVE',
        ipAllocationPolicy: {
          clusterSecondaryRangeName: args.network.podsRangeName,
          servicesSecondaryRangeName: args.network.servicesRangeName,
        },
        privateClusterConfig: {
          enablePrivateNodes: true,
          enablePrivateEndpoint: access.enablePrivateEndpoint,
          // the private endpoint is an internal load balancer: other regions reach it only with global access
          // (a public endpoint needs none: the runner reaches it from publicAccessCidrs)
          ...(peers.length > 0 && access.enablePrivateEndpoint ? { masterGlobalAccessConfig: { enabled: true } } : {}),
        },
        masterAuthorizedNetworksConfig: { cidrBlocks: access.cidrBlocks, gcpPublicCidrsAccessEnabled: false },
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        enableLegacyAbac: false,
        workloadIdentityConfig: { workloadPool },
        datapathProvider: 'ADVANCED_DATAPATH',
        enableShieldedNodes: true,
        databaseEncryption: { state: 'ENCRYPTED', keyName: this.secretsKey.id },
        securityPostureConfig: { mode: 'BASIC' },
        // GKE installs and owns the Gateway API CRDs (standard channel; from 1.35 it refuses experimental ones)
        gatewayApiConfig: { channel: 'CHANNEL_STANDARD' },
        deletionProtection: args.deletionProtection ?? true,
        // GKE insists on creating a default pool; it is removed once the cluster exists.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        nodeConfig: nodeIdentity,
        resourceLabels: labels,
      },
      {
        parent: this,
        // GKE must be able to use the key, and the nodes' identity must hold its roles, at creation.
        dependsOn: [this.secretsKeyGrant, ...this.nodeServiceAccountRoles],
        // Both only describe the removed default pool.
        ignoreChanges: ['nodeConfig', 'initialNodeCount'],
      },
    );

    this.nodePool = new gcp.container.NodePool(
      `${name}-nodes`,
      {
        cluster: this.gkeCluster.name,
        location: this.gkeCluster.location,
        project,
        nodeLocations: this.nodeLocations,
        initialNodeCount: initialNodesPerZone(this.nodes.desiredSize, this.nodes.maxSize, zones),
        autoscaling: { totalMinNodeCount: this.nodes.minSize, totalMaxNodeCount: this.nodes.maxSize, locationPolicy: 'BALANCED' },
        management: { autoRepair: true, autoUpgrade: true },
        upgradeSettings: { strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 },
        nodeConfig: {
          ...nodeIdentity,
          machineType: this.nodes.instanceType,
          diskSizeGb: this.nodes.diskSizeGiB,
          diskType: 'pd-balanced',
          imageType: 'COS_CONTAINERD',
          metadata: { 'disable-legacy-endpoints': 'true' },
          resourceLabels: labels,
        },
      },
      {
        parent: this,
        // The initial count is where the pool starts (and forces a new pool when changed); afterwards the autoscaler owns it.
        ignoreChanges: ['initialNodeCount'],
      },
    );

    this.workloadPool = this.gkeCluster.workloadIdentityConfig.apply((config) => {
      if (!config?.workloadPool) throw new Error(`the GKE cluster ${name}-gke reports no Workload Identity pool`);
      return config.workloadPool;
    });
    this.clusterName = this.gkeCluster.name;
    this.endpoint = this.gkeCluster.endpoint;
    this.clusterCaCertificate = this.gkeCluster.masterAuth.apply((auth) => auth.clusterCaCertificate ?? '');
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([this.gkeCluster.name, this.gkeCluster.location, project, this.endpoint, this.clusterCaCertificate])
        .apply(([clusterName, location, p, endpoint, ca]) =>
          gkeKubeconfig({ name: `gke_${p}_${location}_${clusterName}`, endpoint, clusterCaCertificate: ca }),
        ),
    );
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      workloadPool: this.workloadPool,
    });
  }
}
