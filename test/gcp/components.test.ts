/** The GCP Network and Cluster components and the ACME challenge zone, planned against mocks. */
import * as pulumi from '@pulumi/pulumi';
import { Cluster, type ClusterArgs, Network, type NetworkArgs, acmeChallengeZone } from '../../lib/gcp';
import { type PlanResource, plan } from '../../lib/plan';
import { inputs, resource } from '../support/plan';

const NETWORK = {
  networkId: 'projects/p/global/networks/vpc',
  subnetworkId: 'projects/p/regions/europe-west1/subnetworks/nodes',
  cidr: '10.0.0.0/16',
  podsRangeName: 'pods',
  servicesRangeName: 'services',
};

async function network(args: Partial<NetworkArgs> = {}): Promise<PlanResource[]> {
  return plan(() => new Network('net', { region: 'europe-west1', ...args }));
}

async function cluster(args: Partial<ClusterArgs> = {}): Promise<PlanResource[]> {
  return plan(() => new Cluster('k8s', { network: NETWORK, region: 'europe-west1', ...args }));
}

describe('Network', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await network();
  });

  test('children: custom-mode VPC, regional subnet, router and NAT, all parented to the component', () => {
    expect(planned.map((r) => [r.type, r.name, r.parent])).toEqual([
      ['production-stack:gcp:Network', 'net', null],
      ['gcp:compute/routerNat:RouterNat', 'net-nat', 'net'],
      ['gcp:compute/router:Router', 'net-router', 'net'],
      ['gcp:compute/subnetwork:Subnetwork', 'net-subnet', 'net'],
      ['gcp:compute/network:Network', 'net-vpc', 'net'],
    ]);
    expect(inputs(planned, 'net-vpc')).toMatchObject({ autoCreateSubnetworks: false, routingMode: 'REGIONAL' });
  });

  test('the subnet has Private Google Access, flow logs and the pods and services ranges', () => {
    const subnet = inputs(planned, 'net-subnet');
    expect(subnet).toMatchObject({
      region: 'europe-west1',
      ipCidrRange: '10.0.0.0/16',
      privateIpGoogleAccess: true,
      secondaryIpRanges: [
        { rangeName: 'pods', ipCidrRange: '10.4.0.0/14' },
        { rangeName: 'services', ipCidrRange: '10.1.0.0/20' },
      ],
      logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
    });
    expect(subnet.network).toMatch(/^projects\/plan-project\/global\/networks\/net-vpc-/);
  });

  test('Cloud NAT on the router covers every range of the subnet and logs errors', () => {
    expect(inputs(planned, 'net-router').network).toBe(inputs(planned, 'net-subnet').network);
    const nat = inputs(planned, 'net-nat');
    expect(nat).toMatchObject({
      region: 'europe-west1',
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });
    expect(nat.router).toMatch(/^net-router-/);
  });

  test('given CIDRs, sampling and project reach the subnet', async () => {
    const custom = await network({
      cidr: '172.16.0.0/20',
      podsCidr: '172.20.0.0/16',
      servicesCidr: '172.21.0.0/22',
      flowLogSampling: 0.1,
      project: 'shop-prod',
    });
    expect(inputs(custom, 'net-subnet')).toMatchObject({
      ipCidrRange: '172.16.0.0/20',
      secondaryIpRanges: [
        { rangeName: 'pods', ipCidrRange: '172.20.0.0/16' },
        { rangeName: 'services', ipCidrRange: '172.21.0.0/22' },
      ],
      logConfig: { flowSampling: 0.1 },
      project: 'shop-prod',
    });
  });

  test.each([
    ['fails when the pods range overlaps the subnet', { podsCidr: '10.0.0.0/14' }, 'the pods range 10.0.0.0/14 overlaps the primary range'],
    [
      'fails when the flow log sampling is out of range',
      { flowLogSampling: 0 },
      'flowLogSampling (0) must be greater than 0 and at most 1',
    ],
  ])('%s', async (_, args: Partial<NetworkArgs>, message) => {
    await expect(network(args)).rejects.toThrow(message);
  });
});

describe('Cluster', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await cluster({ labels: { team: 'platform' } });
  });

  test('children are parented to the component', () => {
    expect(planned.map((r) => [r.type, r.name, r.parent])).toEqual([
      ['production-stack:gcp:Cluster', 'k8s', null],
      ['gcp:container/cluster:Cluster', 'k8s-gke', 'k8s'],
      ['gcp:kms/keyRing:KeyRing', 'k8s-keyring', 'k8s'],
      ['gcp:container/nodePool:NodePool', 'k8s-nodes', 'k8s'],
      ['gcp:serviceaccount/account:Account', 'k8s-nodes-sa', 'k8s'],
      ['gcp:projects/iAMMember:IAMMember', 'k8s-nodes-sa-artifact-registry-reader', 'k8s'],
      ['gcp:projects/iAMMember:IAMMember', 'k8s-nodes-sa-default-node', 'k8s'],
      ['gcp:kms/cryptoKey:CryptoKey', 'k8s-secrets-key', 'k8s'],
      ['gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember', 'k8s-secrets-key-gke', 'k8s'],
    ]);
  });

  test('a regional cluster with private nodes and a private endpoint reachable from the subnet only', () => {
    expect(inputs(planned, 'k8s-gke')).toMatchObject({
      location: 'europe-west1',
      network: NETWORK.networkId,
      subnetwork: NETWORK.subnetworkId,
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: { clusterSecondaryRangeName: 'pods', servicesSecondaryRangeName: 'services' },
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: [{ cidrBlock: '10.0.0.0/16', displayName: 'subnet' }],
        gcpPublicCidrsAccessEnabled: false,
      },
    });
  });

  test('hardening: Workload Identity, Dataplane V2, shielded nodes, release channel, deletion protection, no client certificate', () => {
    expect(inputs(planned, 'k8s-gke')).toMatchObject({
      workloadIdentityConfig: { workloadPool: 'plan-project.svc.id.goog' },
      datapathProvider: 'ADVANCED_DATAPATH',
      enableShieldedNodes: true,
      releaseChannel: { channel: 'REGULAR' },
      minMasterVersion: '1.35',
      deletionProtection: true,
      enableLegacyAbac: false,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      securityPostureConfig: { mode: 'BASIC' },
      resourceLabels: { team: 'platform' },
    });
  });

  test('the default pool is removed; its settings are ignored afterwards', () => {
    const gke = resource(planned, 'k8s-gke');
    expect(gke.inputs).toMatchObject({ removeDefaultNodePool: true, initialNodeCount: 1 });
    expect(gke.options.ignoreChanges).toEqual(['nodeConfig', 'initialNodeCount']);
  });

  test('Secrets are encrypted with a rotated Cloud KMS key the GKE service agent may use, granted before the cluster', () => {
    const gke = resource(planned, 'k8s-gke');
    const key = resource(planned, 'k8s-secrets-key');
    expect(key.inputs).toMatchObject({ purpose: 'ENCRYPT_DECRYPT', rotationPeriod: '7776000s', labels: { team: 'platform' } });
    expect(key.inputs.keyRing).toMatch(/^projects\/plan-project\/locations\/europe-west1\/keyRings\/k8s-keyring-/);
    expect(gke.inputs.databaseEncryption).toEqual({ state: 'ENCRYPTED', keyName: expect.stringMatching(/\/cryptoKeys\/k8s-secrets-key-/) });
    expect(inputs(planned, 'k8s-secrets-key-gke')).toEqual({
      cryptoKeyId: gke.inputs.databaseEncryption.keyName,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: 'serviceAccount:service-111122223333@container-engine-robot.iam.gserviceaccount.com',
    });
    expect(gke.options.dependsOn).toEqual(['k8s-nodes-sa-artifact-registry-reader', 'k8s-nodes-sa-default-node', 'k8s-secrets-key-gke']);
  });

  test('nodes run as a dedicated least-privilege service account', () => {
    expect(inputs(planned, 'k8s-nodes-sa')).toMatchObject({ accountId: 'k8s-nodes', project: 'plan-project' });
    const email = 'k8s-nodes@plan-project.iam.gserviceaccount.com';
    for (const [name, role] of [
      ['k8s-nodes-sa-default-node', 'roles/container.defaultNodeServiceAccount'],
      ['k8s-nodes-sa-artifact-registry-reader', 'roles/artifactregistry.reader'],
    ]) {
      expect(inputs(planned, name)).toEqual({ project: 'plan-project', role, member: `serviceAccount:${email}` });
    }
    expect(inputs(planned, 'k8s-nodes').nodeConfig).toMatchObject({
      serviceAccount: email,
      oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
    });
  });

  test('the node pool: autoscaling over the zones, auto-repair, auto-upgrade, surge upgrades, shielded COS nodes, GKE metadata server', () => {
    const pool = resource(planned, 'k8s-nodes');
    expect(pool.inputs).toMatchObject({
      location: 'europe-west1',
      nodeLocations: ['europe-west1-a', 'europe-west1-b', 'europe-west1-c'],
      initialNodeCount: 1,
      autoscaling: { totalMinNodeCount: 2, totalMaxNodeCount: 10, locationPolicy: 'BALANCED' },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: 'n2-standard-4',
        diskSizeGb: 100,
        diskType: 'pd-balanced',
        imageType: 'COS_CONTAINERD',
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        metadata: { 'disable-legacy-endpoints': 'true' },
        resourceLabels: { team: 'platform' },
      },
    });
    expect(pool.inputs.cluster).toMatch(/^k8s-gke-/);
    expect(pool.options.ignoreChanges).toEqual(['initialNodeCount']);
  });
});

describe('Cluster arguments', () => {
  test.each([
    ['one CIDR', ['203.0.113.0/24']],
    ['two CIDRs', ['203.0.113.0/24', '198.51.100.7/32']],
  ])('a public endpoint authorizes only the given CIDRs: %s', async (_, cidrs) => {
    const planned = await cluster({ publicAccessCidrs: cidrs });
    expect(inputs(planned, 'k8s-gke')).toMatchObject({
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: cidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: `public-${i + 1}` })),
        gcpPublicCidrsAccessEnabled: false,
      },
    });
  });

  test('peer subnets: authorized networks of the private endpoint, reached from their regions through global access', async () => {
    const planned = await cluster({ peerSubnets: [{ region: 'europe-west4', cidr: '10.3.0.0/16' }] });
    expect(inputs(planned, 'k8s-gke')).toMatchObject({
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true, masterGlobalAccessConfig: { enabled: true } },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: [
          { cidrBlock: '10.0.0.0/16', displayName: 'subnet' },
          { cidrBlock: '10.3.0.0/16', displayName: 'subnet-europe-west4' },
        ],
      },
    });
    // without peers, the endpoint stays regional; so does a public one, which the runner reaches from publicAccessCidrs
    expect(inputs(await cluster({}), 'k8s-gke').privateClusterConfig).not.toHaveProperty('masterGlobalAccessConfig');
    const open = await cluster({ peerSubnets: [{ region: 'europe-west4', cidr: '10.3.0.0/16' }], publicAccessCidrs: ['203.0.113.0/24'] });
    expect(inputs(open, 'k8s-gke').privateClusterConfig).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: false });
  });

  test.each([
    ['defaults over 3 zones', {}, 3, 1, 2, 10, 'n2-standard-4', 100],
    [
      'a bigger pool',
      { nodes: { desiredSize: 6, minSize: 3, maxSize: 12, instanceType: 'n2-standard-8', diskSizeGiB: 200 } },
      3,
      2,
      3,
      12,
      'n2-standard-8',
      200,
    ],
    ['two zones', { availabilityZones: 2, nodes: { desiredSize: 3 } }, 2, 2, 2, 10, 'n2-standard-4', 100],
  ])('node sizes come from the spec: %s', async (_, args: Partial<ClusterArgs>, zones, perZone, min, max, machineType, disk) => {
    const planned = await cluster(args);
    const pool = inputs(planned, 'k8s-nodes');
    expect(pool.nodeLocations).toHaveLength(zones);
    expect(pool).toMatchObject({
      initialNodeCount: perZone,
      autoscaling: { totalMinNodeCount: min, totalMaxNodeCount: max },
      nodeConfig: { machineType, diskSizeGb: disk },
    });
  });

  test('release channel, version, deletion protection and project are configurable', async () => {
    const planned = await cluster({ releaseChannel: 'STABLE', kubernetesVersion: '1.32', deletionProtection: false, project: 'shop-prod' });
    expect(inputs(planned, 'k8s-gke')).toMatchObject({
      releaseChannel: { channel: 'STABLE' },
      minMasterVersion: '1.32',
      deletionProtection: false,
      project: 'shop-prod',
      workloadIdentityConfig: { workloadPool: 'shop-prod.svc.id.goog' },
    });
  });

  test('fails when the node sizes contradict each other', async () => {
    await expect(cluster({ nodes: { desiredSize: 12 } })).rejects.toThrow(
      'gcp.Cluster "k8s" is invalid (1 problem):\n  - nodes.desiredSize: 12 must be between minSize (2) and maxSize (10)',
    );
  });
});

describe('Cluster outputs', () => {
  test('the kubeconfig is a secret that authenticates with gke-gcloud-auth-plugin', async () => {
    let out: pulumi.Output<string> | undefined;
    await plan(() => {
      out = new Cluster('k8s', { network: NETWORK, region: 'europe-west1' }).kubeconfig;
    });
    const kubeconfig = out as pulumi.Output<string>;
    expect(await pulumi.isSecret(kubeconfig)).toBe(true);
    const config = JSON.parse(await new Promise<string>((resolve) => kubeconfig.apply(resolve)));
    expect(config['current-context']).toMatch(/^gke_plan-project_europe-west1_k8s-gke-/);
    expect(config.clusters[0].cluster.server).toMatch(/^https:\/\/192\.0\.2\.\d+$/);
    expect(config.users[0].user.exec).toMatchObject({
      command: 'gke-gcloud-auth-plugin',
      provideClusterInfo: true,
      interactiveMode: 'Never',
    });
  });
});

describe('acmeChallengeZone', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await plan(() => {
      const parent = new pulumi.ComponentResource('test:index:Parent', 'stack');
      acmeChallengeZone(
        'stack-acme',
        {
          parentZone: 'example-com',
          managedZone: 'stack-acme',
          dnsName: 'acme.a.example.com.',
          hosts: ['a.example.com', 'b.example.com'],
        },
        parent,
      );
    });
  });

  test('a public zone, delegated from the parent zone to its own name servers, with a CNAME per host into it', () => {
    const children = planned.filter((r) => r.parent === 'stack').map((r) => [r.type, r.name]);
    expect(children.sort((a, b) => a[1].localeCompare(b[1]))).toEqual([
      ['gcp:dns/recordSet:RecordSet', 'stack-acme-cname-a.example.com'],
      ['gcp:dns/recordSet:RecordSet', 'stack-acme-cname-b.example.com'],
      ['gcp:dns/recordSet:RecordSet', 'stack-acme-delegation'],
      ['gcp:dns/managedZone:ManagedZone', 'stack-acme-zone'],
    ]);
    expect(inputs(planned, 'stack-acme-zone')).toMatchObject({ name: 'stack-acme', dnsName: 'acme.a.example.com.', visibility: 'public' });
    expect(inputs(planned, 'stack-acme-delegation')).toMatchObject({
      managedZone: 'example-com',
      name: 'acme.a.example.com.',
      type: 'NS',
      rrdatas: expect.arrayContaining([expect.stringMatching(/\.googledomains\.com\.$/)]),
    });
    // every host's challenge leads to one name of the challenge zone, where cert-manager adds each challenge's value
    for (const [name, record] of [
      ['stack-acme-cname-a.example.com', '_acme-challenge.a.example.com.'],
      ['stack-acme-cname-b.example.com', '_acme-challenge.b.example.com.'],
    ])
      expect(inputs(planned, name)).toMatchObject({
        managedZone: 'example-com',
        name: record,
        type: 'CNAME',
        rrdatas: ['_acme-challenge.acme.a.example.com.'],
      });
  });
});
