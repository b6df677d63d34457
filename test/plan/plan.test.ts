/** The offline plan itself: what it records, how it masks secrets, captures options, waits for applies and reports errors. */
import * as pulumi from '@pulumi/pulumi';
import { type PlanResource, PlanError, decodeInput, flattenInputs, plan, planDocument, planMocks, renderPlan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { resource } from '../support/plan';

const { specialSigKey, specialSecretSig, specialResourceSig, specialOutputValueSig, unknownValue } = pulumi.runtime;

describe('plan of a program with secrets, options and resources created in apply', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    planned = await plan(() => require('../fixtures/pulumi-options/pulumi'));
  });

  test('records every resource, including the one created inside apply, in tree order', () => {
    expect(planned.map((r) => [r.type, r.name, r.parent])).toEqual([
      ['aws:cloudwatch/logGroup:LogGroup', 'audit', null],
      ['aws:cloudwatch/logStream:LogStream', 'audit-stream', null],
      ['aws:ssm/parameter:Parameter', 'token', null],
      ['pulumi:providers:aws', 'west', null],
    ]);
    expect(resource(planned, 'audit-stream').inputs.logGroupName).toMatch(/^audit-[0-9a-f]{7}$/);
  });

  test('secret inputs are masked, everything else is shown', () => {
    expect(resource(planned, 'token').inputs).toEqual({ type: 'SecureString', value: '[secret]', tags: { owner: 'platform' } });
    const everything = JSON.stringify(planDocument(planned)) + renderPlan(planned);
    expect(everything).not.toContain('s3cr3t-value');
    expect(everything).toContain('[secret]');
  });

  test('resource options are captured: provider, protect, retainOnDelete, customTimeouts, dependsOn, ignoreChanges', () => {
    expect(resource(planned, 'audit').options).toEqual({
      protect: true,
      provider: 'west',
      retainOnDelete: true,
      customTimeouts: { create: '5m' },
    });
    // The SDK adds the outputs its schema marks secret; the plan shows options as the engine receives them.
    expect(resource(planned, 'token').options).toEqual({
      provider: 'west',
      dependsOn: ['audit'],
      ignoreChanges: ['value'],
      additionalSecretOutputs: ['value', 'valueWo'],
    });
    expect(resource(planned, 'audit-stream').options).toEqual({ provider: 'west' });
    expect(resource(planned, 'west').inputs).toMatchObject({ region: 'us-west-2' });
  });

  test('dependencies: through dependsOn, and none for a resource built from a plain value inside apply', () => {
    expect(resource(planned, 'token').dependencies).toEqual(['audit']);
    // the engine cannot know what an apply's callback read: `pulumi state delete --target-dependents` would not follow it
    expect(resource(planned, 'audit-stream').dependencies).toEqual([]);
  });

  test('the JSON document has exactly type, name, parent, inputs, options and dependencies for each resource', () => {
    const document = JSON.parse(JSON.stringify(planDocument(planned)));
    expect(Object.keys(document)).toEqual(['resources']);
    for (const r of document.resources) {
      expect(Object.keys(r)).toEqual(['type', 'name', 'parent', 'inputs', 'options', 'dependencies']);
      expect(typeof r.type).toBe('string');
      expect(typeof r.name).toBe('string');
      expect(r.parent === null || typeof r.parent === 'string').toBe(true);
      expect(typeof r.inputs).toBe('object');
      expect(typeof r.options).toBe('object');
    }
    expect(document.resources).toEqual(planned);
  });

  test('the text tree shows types, names, inputs and options', () => {
    const text = renderPlan(planned, 'Plan of fixture');
    expect(text).toContain('Plan of fixture: 4 resources to create');
    expect(text).toContain(
      '+ aws:ssm/parameter:Parameter  token\n' +
        '      tags.owner: "platform"\n      type: "SecureString"\n      value: "[secret]"\n' +
        '      [provider: west]\n      [dependsOn: audit]\n      [ignoreChanges: value]\n      [additionalSecretOutputs: value, valueWo]\n',
    );
    expect(text).toContain('      [protect]\n');
  });
});

describe('plan of a ProductionStack', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await plan(() => new ProductionStack(gcpSpec.name, gcpSpec));
  });

  test('children are indented under their parents; the stack resource itself is left out', () => {
    expect(planned[0]).toMatchObject({ type: 'production-stack:index:ProductionStack', name: 'shop', parent: null });
    expect(planned.some((r) => r.type === 'pulumi:pulumi:Stack')).toBe(false);
    const lines = renderPlan(planned).split('\n');
    expect(lines[0]).toBe(`Plan: ${planned.length} resources to create`);
    expect(lines).toContain('+ production-stack:index:ProductionStack  shop');
    expect(lines).toContain('  + production-stack:gcp:Cluster  shop-cluster');
    expect(lines).toContain('    + gcp:container/cluster:Cluster  shop-cluster-gke');
    expect(lines).toContain('          privateClusterConfig.enablePrivateNodes: true');
    expect(lines).toContain('          [ignoreChanges: nodeConfig, initialNodeCount]');
    expect(lines).toContain('  + production-stack:gcp:Network  shop-network');
    expect(lines).toContain('    + gcp:compute/network:Network  shop-network-vpc');
  });

  test('a second plan of the same program is identical', async () => {
    expect(await plan(() => new ProductionStack(gcpSpec.name, gcpSpec))).toEqual(planned);
  });
});

describe('plan errors', () => {
  test('fails when the spec is invalid, with every problem, and registers nothing', async () => {
    const error = await plan(
      () => new ProductionStack('bad', { ...awsSpec, name: 'Bad_Name', cluster: { nodes: { minSize: 5, maxSize: 2 } } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanError);
    const message = (error as PlanError).message;
    expect(message).toContain('ProductionStack "Bad_Name" is invalid (2 problems)');
    expect(message).toContain('name: "Bad_Name" must be a DNS-1123 label');
    expect(message).toContain('cluster.nodes: minSize (5) must be <= maxSize (2)');
  });

  test('fails when the program throws, with its message', async () => {
    await expect(
      plan(() => {
        throw new Error('no such example setting');
      }),
    ).rejects.toThrow(new PlanError(['no such example setting']));
  });

  test('concurrent plans are queued and each records only its own program', async () => {
    const component = (name: string) => () => new pulumi.ComponentResource('test:index:Thing', name);
    const [first, second] = await Promise.all([plan(component('first')), plan(component('second'))]);
    expect(first.map((r) => r.name)).toEqual(['first']);
    expect(second.map((r) => r.name)).toEqual(['second']);
  });

  test('configuration is visible to the program', async () => {
    const planned = await plan(
      () => {
        const config = new pulumi.Config('shop');
        return new pulumi.ComponentResource('test:index:Configured', config.require('name'));
      },
      { config: { 'shop:name': 'from-config' } },
    );
    expect(planned.map((r) => r.name)).toEqual(['from-config']);
  });
});

describe('decodeInput', () => {
  test.each([
    ['a secret', { [specialSigKey]: specialSecretSig, value: 'hunter2' }, '[secret]'],
    ['a secret output value', { [specialSigKey]: specialOutputValueSig, value: 'hunter2', secret: true }, '[secret]'],
    ['a known output value', { [specialSigKey]: specialOutputValueSig, value: 'plain' }, 'plain'],
    ['an unknown output value', { [specialSigKey]: specialOutputValueSig }, '[unknown]'],
    ['an unknown', unknownValue, '[unknown]'],
    [
      'a resource reference',
      { [specialSigKey]: specialResourceSig, urn: 'urn:pulumi:s::p::aws:ec2/vpc:Vpc::main', id: 'vpc-1' },
      '[resource main]',
    ],
    [
      'nested values',
      { a: [1, { b: { [specialSigKey]: specialSecretSig, value: 'x' } }], c: null },
      { a: [1, { b: '[secret]' }], c: null },
    ],
  ])('%s', (_, value, decoded) => {
    expect(decodeInput(value)).toEqual(decoded);
  });
});

describe('flattenInputs', () => {
  test('walks objects and arrays of objects, keeps maps and plain arrays whole, truncates long values', () => {
    expect(
      flattenInputs({
        vpcConfig: { endpointPrivateAccess: true, subnetIds: ['a', 'b'] },
        ranges: [{ rangeName: 'pods' }],
        tags: { 'kubernetes.io/role/elb': '1' },
        policy: 'x'.repeat(200),
        empty: {},
      }),
    ).toEqual([
      ['vpcConfig.endpointPrivateAccess', 'true'],
      ['vpcConfig.subnetIds', '["a","b"]'],
      ['ranges[0].rangeName', '"pods"'],
      ['tags', '{"kubernetes.io/role/elb":"1"}'],
      ['policy', `"${'x'.repeat(118)}… (202 chars)`],
      ['empty', '{}'],
    ]);
  });
});

test('generated passwords have a deterministic result of the length asked', () => {
  const mocks = planMocks();
  const make = (name: string, length: number) =>
    mocks.newResource({ type: 'random:index/randomPassword:RandomPassword', name, inputs: { length }, custom: true }) as unknown as {
      state: { result: string };
    };
  const a = make('shop-postgres-password', 40).state.result;
  expect(a).toMatch(/^[0-9a-f]{40}$/);
  expect(make('shop-postgres-password', 40).state.result).toBe(a);
  expect(make('shop-redis-auth', 64).state.result).toHaveLength(64);
  expect(make('shop-redis-auth', 64).state.result).not.toBe(a);
});

/** A custom resource of a made-up type (the mocks create anything). */
class Thing extends pulumi.CustomResource {
  constructor(name: string) {
    super('test:index:Thing', name, {});
  }
}

test('a recorder that sees no registration (the SDK registering elsewhere after an upgrade) fails the plan, not an empty plan', async () => {
  // the recorder hooks the monitor getMonitor() returns: give it one the SDK does not use
  const decoy = {
    registerResource: () => undefined,
    invoke: () => undefined,
    readResource: () => undefined,
    registerResourceOutputs: () => undefined,
  };
  const spy = jest
    .spyOn(pulumi.runtime, 'getMonitor')
    .mockReturnValueOnce(decoy as unknown as ReturnType<typeof pulumi.runtime.getMonitor>);
  try {
    await expect(plan(() => new Thing('thing'))).rejects.toThrow("the plan saw no registration, not even the root stack's");
  } finally {
    spy.mockRestore();
  }
  // and with the real monitor, the same program plans its one resource
  expect((await plan(() => new Thing('thing'))).map((r) => r.name)).toEqual(['thing']);
});
