/**
 * Karpenter on EKS, planned against mocks: the controller's IAM policy against Karpenter's own "Getting started"
 * CloudFormation template (v1.14, vendored in test/fixtures/karpenter-1.14.1), its IRSA trust, the interruption
 * queue and its EventBridge rules, the discovery tags on the private subnets and the cluster security group,
 * the chart's values against the chart's values.yaml, the EC2NodeClass and NodePool against the release's CRDs
 * (structural schema and CEL rules), what they derive from the node pool, and the order of a first `up`.
 */
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { CHARTS, KARPENTER_AMI_ALIAS, ec2NodeClass, karpenterReplicas, karpenterValues, nodePool } from '../../lib/addons';
import { INTERRUPTION_EVENTS, Network, interruptionQueuePolicy, karpenterControllerPolicy } from '../../lib/aws';
import { KARPENTER_DISCOVERY_TAG, type ProductionStackProps, check, ec2InstanceShape, karpenterLimits } from '../../lib/core';
import { MOCK_AWS_ACCOUNT, type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { unknownKeys, vendoredChart } from '../support/chart-values';
import { AWS_FORCE_NEW } from '../support/force-new';
import { closure, identities, inputs, ofType, replacementInputs, resource } from '../support/plan';
import { validateAgainstSchema } from '../support/schema';

/* eslint-disable @typescript-eslint/no-explicit-any */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'karpenter-1.14.1');

/** The `v1` openAPIV3Schema of a vendored CRD. */
function crdSchema(file: string): object {
  const crd = YAML.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
  return crd.spec.versions.find((v: any) => v.name === 'v1').schema.openAPIV3Schema;
}
const NODE_POOL_SCHEMA = crdSchema('karpenter.sh_nodepools.yaml');
const NODE_CLASS_SCHEMA = crdSchema('karpenter.k8s.aws_ec2nodeclasses.yaml');

/** The vendored CloudFormation template, its intrinsic functions kept as `{ fn, value }`. */
const CFN: any = YAML.parse(fs.readFileSync(path.join(FIXTURES, 'cloudformation.yaml'), 'utf8'), {
  customTags: ['Sub', 'GetAtt', 'Ref'].map((fn) => ({
    tag: `!${fn}`,
    resolve: (value: string) => ({ fn, value }),
  })),
});

/** `${...}` of a `!Sub` string, replaced as the template's stack would. */
function sub(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([^}]+)\}/g, (_, k: string) => {
    if (!(k in vars)) throw new Error(`no value for \${${k}} in the template`);
    return vars[k];
  });
}

const SCOPE = {
  partition: 'aws',
  region: 'eu-west-1',
  accountId: MOCK_AWS_ACCOUNT,
  clusterName: 'shop-cluster',
  nodeRoleArn: `arn:aws:iam::${MOCK_AWS_ACCOUNT}:role/shop-cluster-node-role-abc1234`,
  queueArn: `arn:aws:sqs:eu-west-1:${MOCK_AWS_ACCOUNT}:shop-addons-karpenter-queue-abc1234`,
};

/** The statements of the template's controller policies (all but Zonal Shift, which the library leaves off), for `SCOPE`. */
function templateStatements(): any[] {
  const vars = {
    'AWS::Partition': SCOPE.partition,
    'AWS::Region': SCOPE.region,
    'AWS::AccountId': SCOPE.accountId,
    ClusterName: SCOPE.clusterName,
    'KarpenterNodeRole.Arn': SCOPE.nodeRoleArn,
    'KarpenterInterruptionQueue.Arn': SCOPE.queueArn,
  };
  return Object.entries(CFN.Resources)
    .filter(([id, r]: [string, any]) => r.Type === 'AWS::IAM::ManagedPolicy' && id !== 'ZonalShiftPolicy')
    .flatMap(([, r]: [string, any]) => JSON.parse(sub(r.Properties.PolicyDocument.value, vars)).Statement);
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v : [v]) as string[];
const bySid = (statements: readonly any[]) => Object.fromEntries(statements.map((s) => [s.Sid, s]));

/** A statement as IAM compares it: lists as sets. */
function normalized(s: any): any {
  const sortDeep = (v: any): any =>
    Array.isArray(v)
      ? [...v].map(sortDeep).sort()
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sortDeep(x)]))
        : v;
  return sortDeep({ ...s, Action: asList(s.Action), Resource: asList(s.Resource) });
}

describe('the controller policy', () => {
  const ours = karpenterControllerPolicy(SCOPE).Statement;

  test("is the Getting started template's controller policies, statement for statement (Zonal Shift left out)", () => {
    const theirs = templateStatements();
    expect(Object.keys(bySid(ours)).sort()).toEqual(Object.keys(bySid(theirs)).sort());
    for (const [sid, s] of Object.entries(bySid(theirs))) expect([sid, normalized(bySid(ours)[sid])]).toEqual([sid, normalized(s)]);
  });

  test('launches nothing on `*`: every RunInstances/CreateFleet on what it creates needs the cluster tags', () => {
    const launch = ours.filter((s) => asList(s.Action).some((a) => a === 'ec2:RunInstances' || a === 'ec2:CreateFleet'));
    expect(launch).toHaveLength(3);
    for (const s of launch) expect(asList(s.Resource)).not.toContain('*');
    const owned = `kubernetes.io/cluster/${SCOPE.clusterName}`;
    for (const s of launch) {
      const created = asList(s.Resource).filter((r) =>
        /:(instance|fleet|volume|network-interface|launch-template|spot-instances-request)\//.test(r),
      );
      if (created.length === 0) continue; // images, snapshots, subnets, security groups: used, not created
      const tags = { ...s.Condition?.StringEquals };
      expect(tags[`aws:RequestTag/${owned}`] ?? tags[`aws:ResourceTag/${owned}`]).toBe('owned');
      expect(s.Condition?.StringLike).toHaveProperty([
        tags[`aws:RequestTag/${owned}`] ? 'aws:RequestTag/karpenter.sh/nodepool' : 'aws:ResourceTag/karpenter.sh/nodepool',
      ]);
    }
  });

  test('terminates, deletes and tags only what carries the cluster and NodePool tags', () => {
    for (const s of ours.filter((x) =>
      asList(x.Action).some((a) => /^ec2:(TerminateInstances|DeleteLaunchTemplate|CreateTags)$/.test(a)),
    )) {
      const equals = JSON.stringify(s.Condition?.StringEquals ?? {});
      expect(equals).toContain(`kubernetes.io/cluster/${SCOPE.clusterName}`);
      expect(Object.keys(s.Condition?.StringLike ?? {}).some((k) => k.endsWith('karpenter.sh/nodepool'))).toBe(true);
    }
  });

  test('passes only the node role, and only to EC2', () => {
    const pass = ours.filter((s) => asList(s.Action).includes('iam:PassRole'));
    expect(pass).toEqual([
      expect.objectContaining({
        Resource: SCOPE.nodeRoleArn,
        Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
      }),
    ]);
  });

  test('on `*`, only reads (EC2 describes in its region, prices, the instance profile list)', () => {
    const wildcard = ours.filter((s) => asList(s.Resource).includes('*')).flatMap((s) => asList(s.Action));
    expect(wildcard.filter((a) => !/^(ec2:Describe\w+|pricing:GetProducts|iam:ListInstanceProfiles)$/.test(a))).toEqual([]);
  });

  test('instance profiles only tagged with the cluster and region; SQS only on its queue; EKS only its cluster; SSM only AWS parameters', () => {
    for (const s of ours.filter((x) =>
      asList(x.Action).some((a) => /^iam:(Create|Tag|AddRoleTo|RemoveRoleFrom|Delete)\w*InstanceProfile$/.test(a)),
    )) {
      expect(JSON.stringify(s.Condition)).toContain(`"kubernetes.io/cluster/${SCOPE.clusterName}`.slice(1));
      expect(JSON.stringify(s.Condition)).toContain(`topology.kubernetes.io/region":"${SCOPE.region}"`);
    }
    const on = (prefix: string) =>
      ours.filter((s) => asList(s.Action).some((a) => a.startsWith(prefix))).flatMap((s) => asList(s.Resource));
    expect(on('sqs:')).toEqual([SCOPE.queueArn]);
    expect(on('eks:')).toEqual([`arn:aws:eks:eu-west-1:${MOCK_AWS_ACCOUNT}:cluster/shop-cluster`]);
    expect(on('ssm:')).toEqual(['arn:aws:ssm:eu-west-1::parameter/aws/service/*']);
  });

  test('fits in one inline policy (IAM: 10,240 characters for all of a role, whitespace not counted)', () => {
    expect(JSON.stringify(karpenterControllerPolicy(SCOPE)).length).toBeLessThan(10240);
  });
});

describe('the interruption queue and its rules', () => {
  test("the queue policy is the template's: EventBridge may send, nothing without TLS", () => {
    const theirs = CFN.Resources.KarpenterInterruptionQueuePolicy.Properties.PolicyDocument;
    const ours = interruptionQueuePolicy(SCOPE.queueArn);
    expect(ours.Id).toBe(theirs.Id);
    expect(ours.Statement[0]).toMatchObject({ Effect: 'Allow', Principal: theirs.Statement[0].Principal, Action: 'sqs:SendMessage' });
    expect(ours.Statement[1]).toMatchObject({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  test("the rules are the template's, one each", () => {
    const theirs = Object.values(CFN.Resources)
      .filter((r: any) => r.Type === 'AWS::Events::Rule')
      .map((r: any) => JSON.stringify(r.Properties.EventPattern))
      .sort();
    const ours = Object.values(INTERRUPTION_EVENTS)
      .map((e) => JSON.stringify({ source: [e.source], 'detail-type': [e.detailType] }))
      .sort();
    expect(ours).toEqual(theirs);
  });
});

describe('instance types and limits', () => {
  test.each([
    ['m5.xlarge', { family: 'm5', category: 'm', generation: 5, arch: 'amd64', vcpu: 4, memoryGiB: 16 }],
    ['m6i.large', { family: 'm6i', category: 'm', generation: 6, arch: 'amd64', vcpu: 2, memoryGiB: 8 }],
    ['m7g.2xlarge', { family: 'm7g', category: 'm', generation: 7, arch: 'arm64', vcpu: 8, memoryGiB: 32 }],
    ['c6in.4xlarge', { family: 'c6in', category: 'c', generation: 6, arch: 'amd64', vcpu: 16, memoryGiB: 32 }],
    ['r7g.medium', { family: 'r7g', category: 'r', generation: 7, arch: 'arm64', vcpu: 1, memoryGiB: 8 }],
    ['m7i-flex.xlarge', { family: 'm7i-flex', category: 'm', generation: 7, arch: 'amd64', vcpu: 4, memoryGiB: 16 }],
    ['c5.18xlarge', { family: 'c5', category: 'c', generation: 5, arch: 'amd64', vcpu: 72, memoryGiB: 144 }],
  ])('%s', (type, shape) => {
    expect(ec2InstanceShape(type)).toEqual(shape);
  });

  test.each(['t3.large', 'g5.xlarge', 'm5.metal', 'x2idn.16xlarge', 'n2-standard-4', 'm5'])('fails when the type is %s', (type) => {
    expect(ec2InstanceShape(type)).toBeUndefined();
    expect(() => karpenterLimits({ instanceType: type, desiredSize: 3, maxSize: 10 })).toThrow(/c, m or r instance type/);
  });

  test('validation refuses on AWS what the NodePool cannot derive from, and only on AWS', () => {
    const withType = (spec: ProductionStackProps, instanceType: string): ProductionStackProps => ({
      ...spec,
      cluster: { ...spec.cluster, nodes: { ...spec.cluster?.nodes, instanceType } },
    });
    expect(check(withType(awsSpec, 't3.large'))).toEqual([
      expect.objectContaining({ path: 'cluster.nodes.instanceType', rule: expect.stringMatching(/Karpenter/) }),
    ]);
    expect(check(withType(awsSpec, 'c7g.xlarge'))).toEqual([]);
    expect(check(withType(gcpSpec, 'n2-standard-4'))).toEqual([]);
  });

  test('the limits are what the managed node group leaves of maxSize, in vCPUs and GiB of the instance type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('m5.xlarge', 'c6i.2xlarge', 'r7g.large', 'm6g.medium'),
        fc.nat(20),
        fc.nat(20),
        (type, desiredSize, extra) => {
          const shape = ec2InstanceShape(type)!;
          const limits = karpenterLimits({ instanceType: type, desiredSize, maxSize: desiredSize + extra });
          expect(limits).toEqual({ nodes: extra, cpu: extra * shape.vcpu, memoryGiB: extra * shape.memoryGiB });
        },
      ),
    );
    expect(karpenterLimits({ instanceType: 'm5.xlarge', desiredSize: 3, maxSize: 10 })).toEqual({ nodes: 7, cpu: 28, memoryGiB: 112 });
  });
});

describe('the custom resources against the 1.14.1 CRDs (structural schema and CEL rules)', () => {
  const pool = nodePool({ instanceType: 'm5.xlarge', desiredSize: 3, maxSize: 10 });
  const nodeClass = ec2NodeClass({
    clusterName: 'shop-cluster',
    nodeRoleName: 'shop-cluster-node-role-abc1234',
    diskSizeGiB: 100,
    labels: { stack: 'shop' },
  });

  test('the NodePool and the EC2NodeClass are valid', () => {
    expect(validateAgainstSchema(NODE_POOL_SCHEMA, pool)).toEqual([]);
    expect(validateAgainstSchema(NODE_CLASS_SCHEMA, nodeClass)).toEqual([]);
  });

  test.each([
    [
      'a requirement on a label Karpenter reserves',
      (p: any) => p.spec.template.spec.requirements.push({ key: 'karpenter.sh/nodepool', operator: 'In', values: ['x'] }),
    ],
    ['a Gt with two values', (p: any) => (p.spec.template.spec.requirements[4].values = ['4', '5'])],
    ['a budget that is not a count or a percentage', (p: any) => (p.spec.disruption.budgets = [{ nodes: 'one' }])],
  ])('fails when the NodePool has %s', (_, mutate) => {
    const bad = structuredClone(pool);
    mutate(bad);
    expect(validateAgainstSchema(NODE_POOL_SCHEMA, bad)).not.toEqual([]);
  });

  test.each([
    ['an alias with another selector', (c: any) => c.spec.amiSelectorTerms.push({ id: 'ami-0123456789abcdef0' })],
    ['a volume size without unit', (c: any) => (c.spec.blockDeviceMappings[0].ebs.volumeSize = '100')],
    ['both a role and an instance profile', (c: any) => (c.spec.instanceProfile = 'nodes')],
    ['a tag Karpenter reserves', (c: any) => (c.spec.tags = { 'karpenter.sh/nodepool': 'x' })],
  ])('fails when the EC2NodeClass has %s', (_, mutate) => {
    const bad = structuredClone(nodeClass);
    mutate(bad);
    expect(validateAgainstSchema(NODE_CLASS_SCHEMA, bad)).not.toEqual([]);
  });

  test('the AMI is Amazon Linux 2023 pinned to a release, never latest', () => {
    expect(KARPENTER_AMI_ALIAS).toMatch(/^al2023@v\d{8}$/);
    expect((nodeClass.spec as any).amiSelectorTerms).toEqual([{ alias: KARPENTER_AMI_ALIAS }]);
  });
});

describe('ProductionStack on AWS', () => {
  const plans: Record<'aws' | 'gcp' | 'single' | 'graviton', PlanResource[]> = { aws: [], gcp: [], single: [], graviton: [] };
  const withNodes = (nodes: object): ProductionStackProps => ({ ...awsSpec, cluster: { nodes: { ...awsSpec.cluster!.nodes, ...nodes } } });
  beforeAll(async () => {
    const run = (spec: ProductionStackProps) => plan(() => new ProductionStack(spec.name, spec));
    plans.aws = await run(awsSpec);
    plans.gcp = await run(gcpSpec);
    // one node (large enough to hold the fixture alone)
    plans.single = await run(withNodes({ instanceType: 'm6i.8xlarge', desiredSize: 1, minSize: 1 }));
    plans.graviton = await run(withNodes({ instanceType: 'm7g.2xlarge' }));
  });

  const release = (planned: PlanResource[]) => resource(planned, 'shop-addons-karpenter', 'kubernetes:helm.sh/v3:Release');
  const custom = (planned: PlanResource[], kind: string) => ofType(planned, `kubernetes:karpenter.${kind}`)[0]!;

  test('only on AWS: GKE autoscales its own node pool', () => {
    expect(plans.gcp.filter((r) => r.name.includes('karpenter'))).toEqual([]);
    expect(plans.aws.filter((r) => r.name.includes('karpenter')).length).toBeGreaterThan(0);
  });

  test('the chart is pinned, from its OCI registry, in a namespace enforcing restricted', () => {
    expect(CHARTS.karpenter).toEqual({
      repo: 'oci://public.ecr.aws/karpenter',
      chart: 'karpenter',
      version: '1.14.1',
      release: 'karpenter',
    });
    expect(release(plans.aws).inputs).toMatchObject({
      name: 'karpenter',
      chart: 'oci://public.ecr.aws/karpenter/karpenter',
      version: '1.14.1',
      namespace: 'karpenter',
      atomic: true,
      skipCrds: false,
    });
    expect(inputs(plans.aws, 'shop-addons-karpenter-namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  test("the chart's pod meets restricted as the chart sets it, and the values leave that alone", () => {
    const chart = vendoredChart('karpenter-1.14.1.values.yaml').parsed;
    expect(chart.podSecurityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(chart.hostNetwork).toBe(false);
    const values = release(plans.aws).inputs.values;
    for (const key of ['podSecurityContext', 'hostNetwork', 'initContainers', 'extraVolumes']) expect(values).not.toHaveProperty([key]);
    expect(values.controller).not.toHaveProperty(['securityContext']);
  });

  test('the values name the cluster, the queue and the IRSA role, and are all keys of the chart', () => {
    const values = release(plans.aws).inputs.values;
    expect(values.settings).toEqual({
      clusterName: inputs(plans.aws, 'shop-cluster-eks').name,
      interruptionQueue: expect.stringMatching(/^shop-addons-karpenter-queue-/),
    });
    expect(values.serviceAccount).toEqual({
      create: true,
      name: 'karpenter',
      annotations: { 'eks.amazonaws.com/role-arn': expect.stringMatching(/^arn:aws:iam::123456789012:role\/shop-addons-karpenter-role-/) },
    });
    const { raw, parsed } = vendoredChart('karpenter-1.14.1.values.yaml');
    expect(unknownKeys(values, parsed, raw, [])).toEqual([]);
    expect(unknownKeys({ settings: { clusterNam: 'x' } }, parsed, raw, [])).toEqual(['settings.clusterNam']);
  });

  test('two replicas behind a PDB, with requests and a memory limit, only on the managed node group, one a node, over zones', () => {
    const values = release(plans.aws).inputs.values;
    expect(values).toMatchObject({ replicas: 2, podDisruptionBudget: { name: 'karpenter', maxUnavailable: 1 } });
    expect(values.controller.resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } });
    expect(values.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      {
        matchExpressions: [
          { key: 'karpenter.sh/nodepool', operator: 'DoesNotExist' },
          { key: 'eks.amazonaws.com/nodegroup', operator: 'Exists' },
        ],
      },
    ]);
    expect(values.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { topologyKey: 'kubernetes.io/hostname' },
    ]);
    expect(values.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
    ]);
  });

  test('one replica when the managed node group may have a single node (the anti-affinity would leave the second Pending)', () => {
    expect(release(plans.single).inputs.values.replicas).toBe(1);
    expect([0, 1, 2, 3, 9].map(karpenterReplicas)).toEqual([1, 1, 2, 2, 2]);
    expect(karpenterValues({ clusterName: 'c', interruptionQueue: 'q', serviceAccountAnnotations: {} }).replicas).toBe(2);
  });

  test('the IRSA role is trusted only by karpenter/karpenter tokens of this cluster, and holds the controller policy', () => {
    const trust = JSON.parse(inputs(plans.aws, 'shop-addons-karpenter-role').assumeRolePolicy);
    expect(trust.Statement).toHaveLength(1);
    // the provider of this cluster: the one the External Secrets controller's role trusts
    const esoTrust = JSON.parse(inputs(plans.aws, 'shop-addons-external-secrets-role').assumeRolePolicy);
    expect(trust.Statement[0].Principal.Federated).toBe(esoTrust.Statement[0].Principal.Federated);
    expect(trust.Statement[0].Principal.Federated).toMatch(/oidc-provider\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\//);
    expect(Object.values(trust.Statement[0].Condition.StringEquals).sort()).toEqual([
      'sts.amazonaws.com',
      'system:serviceaccount:karpenter:karpenter',
    ]);
    const policy = JSON.parse(inputs(plans.aws, 'shop-addons-karpenter-policy').policy);
    const nodeRole = resource(plans.aws, 'shop-cluster-node-role');
    const pass = policy.Statement.find((s: any) => s.Action === 'iam:PassRole');
    expect(pass.Resource).toMatch(new RegExp(`^arn:aws:iam::${MOCK_AWS_ACCOUNT}:role/shop-cluster-node-role-`));
    expect(closure(plans.aws, resource(plans.aws, 'shop-addons-karpenter-policy')).map((r) => r.name)).toContain(nodeRole.name);
    expect(JSON.stringify(policy)).toContain(`"aws:RequestTag/kubernetes.io/cluster/shop-cluster":"owned"`);
    const queue = resource(plans.aws, 'shop-addons-karpenter-queue');
    expect(policy.Statement.find((s: any) => s.Sid === 'AllowInterruptionQueueActions').Resource).toMatch(
      /^arn:aws:sqs:eu-west-1:123456789012:shop-addons-karpenter-queue-/,
    );
    expect(closure(plans.aws, resource(plans.aws, 'shop-addons-karpenter-policy'))).toContain(queue);
  });

  test('the queue keeps messages 5 minutes, encrypted (SSE-SQS), in the cluster region; each rule targets it', () => {
    expect(inputs(plans.aws, 'shop-addons-karpenter-queue')).toMatchObject({
      messageRetentionSeconds: 300,
      sqsManagedSseEnabled: true,
      region: 'eu-west-1',
    });
    const queuePolicy = inputs(plans.aws, 'shop-addons-karpenter-queue-policy');
    expect(JSON.parse(queuePolicy.policy).Statement[0].Principal.Service).toContain('events.amazonaws.com');
    const rules = ofType(plans.aws, 'aws:cloudwatch/eventRule:EventRule');
    expect(rules.map((r) => r.name).sort()).toEqual(
      Object.keys(INTERRUPTION_EVENTS)
        .map((id) => `shop-addons-karpenter-${id}`)
        .sort(),
    );
    for (const rule of rules) {
      const target = inputs(plans.aws, `${rule.name}-target`);
      expect(target.rule).toMatch(new RegExp(`^${rule.name}-`));
      expect(target.arn).toMatch(/^arn:aws:sqs:eu-west-1:123456789012:shop-addons-karpenter-queue-/);
      expect(rule.inputs.region).toBe('eu-west-1');
    }
  });

  test('the private subnets and the cluster security group carry the discovery tag; the public subnets do not', () => {
    for (const i of [1, 2, 3]) {
      expect(inputs(plans.aws, `shop-network-private-${i}`).tags).toMatchObject({ [KARPENTER_DISCOVERY_TAG]: 'shop-cluster' });
      expect(inputs(plans.aws, `shop-network-public-${i}`).tags).not.toHaveProperty([KARPENTER_DISCOVERY_TAG]);
    }
    const tag = inputs(plans.aws, 'shop-cluster-sg-discovery-tag');
    expect(tag).toMatchObject({ key: KARPENTER_DISCOVERY_TAG, value: 'shop-cluster', region: 'eu-west-1' });
    expect(tag.resourceId).toMatch(/^sg-/);
    expect(resource(plans.aws, 'shop-cluster-sg-discovery-tag').dependencies).toContain('shop-cluster-eks');
  });

  test('the discovery tag replaces nothing and renames nothing: a network without it differs in the subnet tags only', async () => {
    const net = (clusterName?: string) => plan(() => new Network('net', { region: 'eu-west-1', ...(clusterName ? { clusterName } : {}) }));
    const [without, tagged] = [await net(), await net('shop-cluster')];
    expect(identities(tagged)).toEqual(identities(without));
    expect(replacementInputs(tagged, AWS_FORCE_NEW)).toEqual(replacementInputs(without, AWS_FORCE_NEW));
    const changed = tagged.filter((r, i) => JSON.stringify(r.inputs) !== JSON.stringify(without[i]!.inputs)).map((r) => r.name);
    expect(changed).toEqual(['net-private-1', 'net-private-2', 'net-private-3']);
    expect(AWS_FORCE_NEW['aws:ec2/subnet:Subnet']).not.toContain('tags');
  });

  test('the EC2NodeClass: the node role, the discovery tag, the launch template settings of the managed nodes; valid', () => {
    const cr = custom(plans.aws, 'k8s.aws/v1:EC2NodeClass');
    const object = { apiVersion: cr.inputs.apiVersion, kind: cr.inputs.kind, metadata: cr.inputs.metadata, spec: cr.inputs.spec };
    expect(validateAgainstSchema(NODE_CLASS_SCHEMA, object)).toEqual([]);
    const spec = cr.inputs.spec;
    expect(spec.role).toMatch(/^shop-cluster-node-role-/);
    expect(spec.subnetSelectorTerms).toEqual([{ tags: { [KARPENTER_DISCOVERY_TAG]: 'shop-cluster' } }]);
    expect(spec.securityGroupSelectorTerms).toEqual([{ tags: { [KARPENTER_DISCOVERY_TAG]: 'shop-cluster' } }]);
    const template = inputs(plans.aws, 'shop-cluster-node-template');
    const { httpEndpoint, httpTokens, httpPutResponseHopLimit } = template.metadataOptions;
    expect(spec.metadataOptions).toMatchObject({ httpEndpoint, httpTokens, httpPutResponseHopLimit });
    const ebs = template.blockDeviceMappings[0].ebs;
    expect(spec.blockDeviceMappings).toEqual([
      {
        deviceName: template.blockDeviceMappings[0].deviceName,
        rootVolume: true,
        ebs: {
          volumeSize: `${ebs.volumeSize}Gi`,
          volumeType: ebs.volumeType,
          encrypted: ebs.encrypted === 'true',
          deleteOnTermination: true,
        },
      },
    ]);
    expect(spec.tags).toEqual({ stack: 'shop', environment: 'production', 'managed-by': 'production-stack' });
  });

  test('the NodePool: on-demand, the node pool type category and generation, limits from maxSize - desiredSize; valid', () => {
    const cr = custom(plans.aws, 'sh/v1:NodePool');
    const object = { apiVersion: cr.inputs.apiVersion, kind: cr.inputs.kind, metadata: cr.inputs.metadata, spec: cr.inputs.spec };
    expect(validateAgainstSchema(NODE_POOL_SCHEMA, object)).toEqual([]);
    const { requirements } = cr.inputs.spec.template.spec;
    // m6i.large, 4 of 9 nodes in the managed group: 5 more, 2 vCPU and 8 GiB each
    expect(requirements).toEqual([
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
      { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
      { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['m'] },
      { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['5'] },
    ]);
    expect(cr.inputs.spec.limits).toEqual({ cpu: '20', memory: '80Gi' });
    expect(cr.inputs.spec.disruption).toEqual({
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      consolidateAfter: '5m',
      budgets: [{ nodes: '1' }],
    });
    expect(cr.inputs.spec.template.spec.expireAfter).toBe('720h');
    const graviton = custom(plans.graviton, 'sh/v1:NodePool').inputs.spec;
    expect(graviton.template.spec.requirements[0].values).toEqual(['arm64']);
    expect(graviton.limits).toEqual({ cpu: '40', memory: '160Gi' });
  });

  test('a first up: the release waits for its role policy, queue and namespace; the EC2NodeClass and NodePool for the release', () => {
    const r = release(plans.aws);
    expect(r.options.dependsOn).toEqual(
      expect.arrayContaining(['shop-addons-karpenter-namespace', 'shop-addons-karpenter-policy', 'shop-addons-karpenter-queue-policy']),
    );
    const before = closure(plans.aws, r).map((x) => x.name);
    expect(before).toEqual(expect.arrayContaining(['shop-addons-karpenter-role', 'shop-addons-karpenter-queue']));
    for (const kind of ['k8s.aws/v1:EC2NodeClass', 'sh/v1:NodePool']) {
      expect(closure(plans.aws, custom(plans.aws, kind)).map((x) => x.name)).toContain('shop-addons-karpenter');
    }
    expect(closure(plans.aws, custom(plans.aws, 'sh/v1:NodePool')).map((x) => x.name)).toContain('shop-addons-karpenter-node-class');
    // through its Kubernetes provider, which waits for the whole cluster, the discovery tag of its security group included
    expect(String(r.options.provider)).toMatch(/shop-k8s/);
    expect(closure(plans.aws, resource(plans.aws, 'shop-k8s')).map((x) => x.name)).toContain('shop-cluster-sg-discovery-tag');
  });

  test('the managed node group keeps its sizes; its desired size is where it starts (ignored afterwards)', () => {
    const nodes = resource(plans.aws, 'shop-cluster-nodes');
    expect(nodes.inputs.scalingConfig).toEqual({ desiredSize: 4, minSize: 3, maxSize: 9 });
    expect(nodes.options.ignoreChanges).toEqual(['scalingConfig.desiredSize']);
  });
});
