/**
 * The rules of a node pool (lib/core/validation/node-pool.ts): one set for the spec's `cluster.nodes` (check) and a
 * cluster component's `nodes` argument (resolveNodePool), which report the same problems at their own path. Each
 * rule is stated by a failing pool, its exact problem, and the corrected pool, which has none.
 */
import { ValidationError, check, resolveNodePool } from 'production-stack';
import type { Cloud, NodePoolSpec } from 'production-stack';
import { Problems } from '../../lib/core/validation/problems';
import { checkNodePool } from '../../lib/core/validation/node-pool';
import { baseSpec } from '../support/spec';

type Pool = Record<string, unknown>;

/** The problems of the spec's check under `cluster.nodes`, as `path: rule`. */
function specProblems(nodes: Pool, cloud: Cloud): string[] {
  const spec = { ...baseSpec(), cloud, region: cloud === 'aws' ? 'us-east-1' : 'us-central1', cluster: { nodes } };
  return check(spec as never)
    .filter((p) => p.path.startsWith('cluster.nodes'))
    .map((p) => `${p.path}: ${p.rule}`);
}

/** The problems resolveNodePool throws for the pool, as `path: rule`; none when it returns. */
function componentProblems(nodes: Pool, cloud: Cloud): string[] {
  try {
    resolveNodePool(nodes as NodePoolSpec, cloud, { owner: 'aws.Cluster "prod"', path: 'nodes' });
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems.map((p) => `${p.path}: ${p.rule}`);
  }
}

const KARPENTER =
  "on AWS it must be a c, m or r instance type of a standard size (m5.xlarge, c6i.2xlarge, r7g.large): Karpenter's NodePool takes its category, generation, architecture and limits from it";

type Case = [rule: string, cloud: Cloud, bad: Pool, good: Pool, problems: string[]];
const cases: Case[] = [
  [
    'min above max',
    'aws',
    { minSize: 5, maxSize: 4, desiredSize: 4 },
    { minSize: 4, maxSize: 4, desiredSize: 4 },
    ['nodes: minSize (5) must be <= maxSize (4)'],
  ],
  [
    'desired below min (max the default 10)',
    'aws',
    { minSize: 3, desiredSize: 2 },
    { minSize: 3, desiredSize: 3 },
    ['nodes.desiredSize: 2 must be between minSize (3) and maxSize (10)'],
  ],
  [
    'desired above max',
    'gcp',
    { maxSize: 4, desiredSize: 5 },
    { maxSize: 5, desiredSize: 5 },
    ['nodes.desiredSize: 5 must be between minSize (2) and maxSize (4)'],
  ],
  ['a negative minimum', 'aws', { minSize: -1 }, { minSize: 0 }, ['nodes.minSize: -1 must be an integer between 0 and 1000']],
  ['a fractional size', 'aws', { desiredSize: 2.5 }, { desiredSize: 3 }, ['nodes.desiredSize: 2.5 must be an integer between 0 and 1000']],
  [
    'no node at most',
    'aws',
    { minSize: 0, desiredSize: 0, maxSize: 0 },
    { minSize: 0, desiredSize: 0, maxSize: 1 },
    ['nodes.maxSize: 0 must be an integer between 1 and 1000'],
  ],
  ['more than 1000 nodes', 'gcp', { maxSize: 1001 }, { maxSize: 1000 }, ['nodes.maxSize: 1001 must be an integer between 1 and 1000']],
  ['a disk under 20 GiB', 'aws', { diskSizeGiB: 19 }, { diskSizeGiB: 20 }, ['nodes.diskSizeGiB: 19 must be an integer >= 20']],
  [
    'an empty instance type',
    'gcp',
    { instanceType: '' },
    { instanceType: 'n2-standard-8' },
    ['nodes.instanceType: "" must be a non-empty string'],
  ],
  // a blank one passed the spec's check on GCP and failed at the GKE API; one with spaces around it passed on AWS
  [
    'a blank instance type',
    'gcp',
    { instanceType: ' ' },
    { instanceType: 'e2-standard-4' },
    ['nodes.instanceType: " " must be a machine type, without spaces'],
  ],
  [
    'spaces around it',
    'aws',
    { instanceType: ' m5.xlarge ' },
    { instanceType: 'm5.xlarge' },
    ['nodes.instanceType: " m5.xlarge " must be an instance type, without spaces'],
  ],
  ['a pool that is not an object', 'aws', 3 as unknown as Pool, {}, ['nodes: 3 must be an object']],
];

describe.each(cases)('%s', (_, cloud, bad, good, problems) => {
  test('resolveNodePool reports it at nodes', () => {
    expect(componentProblems(bad, cloud)).toEqual(problems);
    expect(componentProblems(good, cloud)).toEqual([]);
  });

  test("the spec's check reports the same at cluster.nodes", () => {
    expect(specProblems(bad, cloud)).toEqual(problems.map((p) => `cluster.${p}`));
    expect(specProblems(good, cloud)).toEqual([]);
  });
});

test("Karpenter's instance types are the stack's rule (its add-ons run Karpenter on AWS), not a cluster's on its own", () => {
  expect(specProblems({ instanceType: 't3.medium' }, 'aws')).toEqual([`cluster.nodes.instanceType: "t3.medium": ${KARPENTER}`]);
  expect(specProblems({ instanceType: 'm6i.large' }, 'aws')).toEqual([]);
  expect(componentProblems({ instanceType: 't3.medium' }, 'aws')).toEqual([]);
  expect(specProblems({ instanceType: 't2d-standard-4' }, 'gcp')).toEqual([]);
});

test('the error names its owner and lists every problem at once', () => {
  const pool = { minSize: 5, maxSize: 4, diskSizeGiB: 10 };
  expect(() => resolveNodePool(pool, 'aws', { owner: 'aws.Standby "prod"', path: 'cluster.nodes' })).toThrow(
    'aws.Standby "prod" is invalid (2 problems):\n' +
      '  - cluster.nodes.diskSizeGiB: 10 must be an integer >= 20\n' +
      '  - cluster.nodes: minSize (5) must be <= maxSize (4)',
  );
  // without an owner: "The node pool", its fields under "nodes"
  expect(() => resolveNodePool({ desiredSize: -1 }, 'gcp')).toThrow(
    'The node pool is invalid (1 problem):\n  - nodes.desiredSize: -1 must be an integer between 0 and 1000',
  );
});

test('a cloud that is neither is refused by name (an older call passed an instance type there)', () => {
  expect(() => resolveNodePool(undefined, 'm6i.large' as Cloud)).toThrow(
    'The node pool is invalid (1 problem):\n  - cloud: "m6i.large" must be "aws" or "gcp"',
  );
});

test("the defaults are the cloud's", () => {
  expect(resolveNodePool(undefined, 'aws')).toEqual({
    instanceType: 'm5.xlarge',
    desiredSize: 3,
    minSize: 2,
    maxSize: 10,
    diskSizeGiB: 100,
  });
  expect(resolveNodePool({ desiredSize: 5 }, 'gcp')).toEqual({
    instanceType: 'n2-standard-4',
    desiredSize: 5,
    minSize: 2,
    maxSize: 10,
    diskSizeGiB: 100,
  });
});

test('an unresolved token is not compared', () => {
  const p = new Problems();
  checkNodePool(p, 'nodes', { minSize: '${Token[TOKEN.1]}' as unknown as number, maxSize: 1 }, 'aws', true);
  expect(p.all.map((x) => x.path)).not.toContain('nodes');
});

test('a minimum above the maximum is reported on the pool, with both sizes as its value', () => {
  const p = new Problems();
  checkNodePool(p, 'nodes', { minSize: 5, maxSize: 4, desiredSize: 4 }, 'aws', true);
  expect(p.all).toEqual([{ path: 'nodes', value: { minSize: 5, maxSize: 4 }, rule: 'minSize (5) must be <= maxSize (4)' }]);
});
