/** The AWS Cluster component, planned against mocks: EKS hardening, the node group, IRSA and the outputs. */
import * as pulumi from '@pulumi/pulumi';
import { Cluster, type ClusterArgs } from '../../lib/aws';
import { type PlanResource, plan } from '../../lib/plan';
import { inputs, ofType, resource } from '../support/plan';

const SUBNETS = ['subnet-0a', 'subnet-0b', 'subnet-0c'];

async function cluster(args: Partial<ClusterArgs> = {}): Promise<PlanResource[]> {
  return plan(() => new Cluster('k8s', { network: { privateSubnetIds: SUBNETS }, region: 'eu-west-1', ...args }));
}

/** Resolves an output of a component built under the plan's mocks. */
async function output<T>(build: () => pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
  let out: pulumi.Output<T> | undefined;
  await plan(() => {
    out = build();
  });
  const o = out as pulumi.Output<T>;
  return { value: await new Promise<T>((resolve) => o.apply(resolve)), secret: await pulumi.isSecret(o) };
}

describe('Cluster', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await cluster({ labels: { team: 'platform' } });
  });

  test('is a component whose children all have it as parent', () => {
    expect(resource(planned, 'k8s')).toMatchObject({ type: 'production-stack:aws:Cluster', parent: null });
    for (const r of planned.filter((x) => x.name !== 'k8s')) expect(r.parent).toBe('k8s');
  });

  test('the API endpoint is private by default, in the private subnets', () => {
    expect(inputs(planned, 'k8s-eks').vpcConfig).toEqual({ subnetIds: SUBNETS, endpointPrivateAccess: true, endpointPublicAccess: false });
  });

  test('the EBS CSI driver provisions volumes, as its own IRSA role trusted only by its controller, once nodes exist', () => {
    const addon = resource(planned, 'k8s-ebs-csi', 'aws:eks/addon:Addon');
    expect(addon.inputs).toMatchObject({ addonName: 'aws-ebs-csi-driver', clusterName: inputs(planned, 'k8s-eks').name });
    expect(addon.inputs.serviceAccountRoleArn).toMatch(/^arn:aws:iam::123456789012:role\/k8s-ebs-csi-role/);
    expect(addon.options.dependsOn).toEqual(expect.arrayContaining(['k8s-nodes']));
    const trust = JSON.parse(inputs(planned, 'k8s-ebs-csi-role').assumeRolePolicy).Statement[0];
    expect(Object.values(trust.Condition.StringEquals)).toContain('system:serviceaccount:kube-system:ebs-csi-controller-sa');
  });

  test('the VPC CNI add-on enforces NetworkPolicies (EKS leaves them unenforced by default)', () => {
    const cni = inputs(planned, 'k8s-vpc-cni');
    expect(cni).toMatchObject({ addonName: 'vpc-cni', resolveConflictsOnCreate: 'OVERWRITE', resolveConflictsOnUpdate: 'OVERWRITE' });
    expect(JSON.parse(cni.configurationValues)).toEqual({ enableNetworkPolicy: 'true' });
    expect(cni.clusterName).toBe(inputs(planned, 'k8s-eks').name);
  });

  test('Secrets are envelope-encrypted with a rotated KMS key the control plane may use', () => {
    const key = resource(planned, 'k8s-secrets-key', 'aws:kms/key:Key');
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    expect(key.options.protect).toBe(true); // losing it would leave every Secret undecryptable
    const eks = inputs(planned, 'k8s-eks');
    expect(eks.encryptionConfig.resources).toEqual(['secrets']);
    expect(eks.encryptionConfig.provider.keyArn).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
    const grant = JSON.parse(inputs(planned, 'k8s-control-plane-role-secrets-key').policy);
    expect(grant.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
        Resource: eks.encryptionConfig.provider.keyArn,
      },
    ]);
  });

  test('control-plane logs go to a log group created first, with a bounded retention', () => {
    const eks = resource(planned, 'k8s-eks');
    expect(eks.inputs.enabledClusterLogTypes).toEqual(['api', 'audit', 'authenticator']);
    expect(inputs(planned, 'k8s-control-plane-logs')).toMatchObject({ name: '/aws/eks/k8s/cluster', retentionInDays: 90 });
    expect(eks.options.dependsOn).toEqual([
      'k8s-control-plane-logs',
      'k8s-control-plane-role-eks-cluster',
      'k8s-control-plane-role-secrets-key',
    ]);
    // The name is fixed (the log group is named after it), so a replacement must delete first.
    expect(eks.inputs.name).toBe('k8s');
    expect(eks.options.deleteBeforeReplace).toBe(true);
  });

  test('the pinned version, standard support, access entries and deletion protection', () => {
    expect(inputs(planned, 'k8s-eks')).toMatchObject({
      version: '1.35',
      upgradePolicy: { supportType: 'STANDARD' },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
      deletionProtection: true,
      region: 'eu-west-1',
      tags: { team: 'platform', Name: 'k8s-eks' },
    });
  });

  test('IAM roles: EKS trusts the cluster role, EC2 the node role, each with the standard managed policies', () => {
    const trust = (name: string): unknown => JSON.parse(inputs(planned, name).assumeRolePolicy).Statement[0].Principal;
    expect(trust('k8s-control-plane-role')).toEqual({ Service: 'eks.amazonaws.com' });
    expect(trust('k8s-node-role')).toEqual({ Service: 'ec2.amazonaws.com' });
    const attachments = ofType(planned, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').map((a) => [a.name, a.inputs.policyArn]);
    expect(attachments).toEqual([
      ['k8s-control-plane-role-eks-cluster', 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy'],
      ['k8s-ebs-csi-role-ebs-csi', 'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'],
      ['k8s-node-role-ecr-read-only', 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly'],
      ['k8s-node-role-eks-cni', 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy'],
      ['k8s-node-role-eks-worker-node', 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy'],
    ]);
    const nodeRole = inputs(planned, 'k8s-node-role');
    for (const a of ofType(planned, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').filter((x) =>
      x.name.startsWith('k8s-node-role'),
    )) {
      expect(a.inputs.role).toMatch(/^k8s-node-role-/);
    }
    expect(nodeRole.description).toBe('Worker nodes of EKS cluster k8s');
  });

  test('the node group: private subnets, the cluster version, AL2023, auto-repair, one node at a time, after its policies', () => {
    const group = resource(planned, 'k8s-nodes', 'aws:eks/nodeGroup:NodeGroup');
    expect(group.inputs).toMatchObject({
      clusterName: 'k8s',
      version: '1.35',
      subnetIds: SUBNETS,
      instanceTypes: ['m5.xlarge'],
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      scalingConfig: { desiredSize: 3, minSize: 2, maxSize: 10 },
      updateConfig: { maxUnavailable: 1 },
      nodeRepairConfig: { enabled: true },
      launchTemplate: { version: '1' },
    });
    expect(group.inputs.launchTemplate.id).toMatch(/^lt-/);
    expect(group.inputs.nodeRoleArn).toMatch(/^arn:aws:iam::123456789012:role\/k8s-node-role-/);
    expect(group.options).toEqual({
      dependsOn: ['k8s-node-role-ecr-read-only', 'k8s-node-role-eks-cni', 'k8s-node-role-eks-worker-node'],
      ignoreChanges: ['scalingConfig.desiredSize'],
    });
  });

  test('nodes: encrypted gp3 root disk of the spec size, IMDSv2 only with a hop limit of 1', () => {
    expect(inputs(planned, 'k8s-node-template')).toMatchObject({
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { volumeSize: 100, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' } },
      ],
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      updateDefaultVersion: true,
    });
  });

  test('IRSA: an OIDC provider for the cluster issuer, audience sts.amazonaws.com, no pinned thumbprint', () => {
    const oidc = inputs(planned, 'k8s-oidc-provider');
    expect(oidc.url).toMatch(/^https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    expect(oidc.clientIdLists).toEqual(['sts.amazonaws.com']);
    expect(oidc).not.toHaveProperty('thumbprintLists');
  });
});

describe('Cluster arguments', () => {
  test.each([
    ['one CIDR', ['203.0.113.0/24']],
    ['two CIDRs', ['203.0.113.0/24', '198.51.100.7/32']],
  ])('a public endpoint is opened only to the given CIDRs: %s', async (_, cidrs) => {
    const planned = await cluster({ publicAccessCidrs: cidrs });
    expect(inputs(planned, 'k8s-eks').vpcConfig).toEqual({
      subnetIds: SUBNETS,
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: cidrs,
    });
  });

  test.each([
    ['defaults', {}, { desiredSize: 3, minSize: 2, maxSize: 10 }, 'm5.xlarge', 100, 'AL2023_x86_64_STANDARD'],
    [
      'a bigger pool',
      { desiredSize: 6, minSize: 4, maxSize: 20, instanceType: 'm6i.2xlarge', diskSizeGiB: 200 },
      { desiredSize: 6, minSize: 4, maxSize: 20 },
      'm6i.2xlarge',
      200,
      'AL2023_x86_64_STANDARD',
    ],
    [
      'Graviton nodes',
      { instanceType: 'm7g.xlarge' },
      { desiredSize: 3, minSize: 2, maxSize: 10 },
      'm7g.xlarge',
      100,
      'AL2023_ARM_64_STANDARD',
    ],
  ])('node sizes come from the spec: %s', async (_, nodes, scaling, instanceType, disk, amiType) => {
    const planned = await cluster({ nodes });
    expect(inputs(planned, 'k8s-nodes')).toMatchObject({ scalingConfig: scaling, instanceTypes: [instanceType], amiType });
    expect(inputs(planned, 'k8s-node-template').blockDeviceMappings[0].ebs.volumeSize).toBe(disk);
  });

  test('version, cluster name, log retention and deletion protection are configurable', async () => {
    const planned = await cluster({
      kubernetesVersion: '1.32',
      clusterName: 'shop-production',
      logRetentionDays: 365,
      deletionProtection: false,
    });
    expect(inputs(planned, 'k8s-eks')).toMatchObject({ version: '1.32', name: 'shop-production', deletionProtection: false });
    expect(inputs(planned, 'k8s-control-plane-logs')).toMatchObject({ name: '/aws/eks/shop-production/cluster', retentionInDays: 365 });
  });

  test.each([
    [
      'fails when the node sizes contradict each other',
      { nodes: { minSize: 5, maxSize: 3 } },
      // the spec's rules and format (lib/core/validation/node-pool.ts), naming the component
      'aws.Cluster "k8s" is invalid (1 problem):\n  - nodes: minSize (5) must be <= maxSize (3)',
    ],
    ['fails when the log retention is not a CloudWatch period', { logRetentionDays: 45 }, 'logRetentionDays (45)'],
  ])('%s', async (_, args: Partial<ClusterArgs>, message) => {
    await expect(cluster(args)).rejects.toThrow(message);
  });
});

describe('Cluster outputs', () => {
  test('the kubeconfig is a secret that authenticates with aws eks get-token', async () => {
    const { value, secret } = await output(
      () => new Cluster('k8s', { network: { privateSubnetIds: SUBNETS }, region: 'eu-west-1' }).kubeconfig,
    );
    expect(secret).toBe(true);
    const config = JSON.parse(value);
    expect(config['current-context']).toBe('k8s');
    expect(config.clusters[0].cluster.server).toMatch(/^https:\/\/[0-9A-F]{32}\.gr7\.eu-west-1\.eks\.amazonaws\.com$/);
    expect(config.clusters[0].cluster['certificate-authority-data']).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(config.users[0].user.exec).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', 'k8s', '--region', 'eu-west-1', '--output', 'json'],
      interactiveMode: 'Never',
    });
  });

  test('the OIDC provider URL has no scheme, as IRSA condition keys need', async () => {
    const { value } = await output(
      () => new Cluster('k8s', { network: { privateSubnetIds: SUBNETS }, region: 'eu-west-1' }).oidcProviderUrl,
    );
    expect(value).toMatch(/^oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
  });

  test('without a region the kubeconfig uses the provider region', async () => {
    const { value } = await output(() => new Cluster('k8s', { network: { privateSubnetIds: SUBNETS } }).kubeconfig);
    expect(JSON.parse(value).users[0].user.exec.args).toContain('us-east-1');
  });
});
