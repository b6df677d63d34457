/**
 * The stacks whose alerts the promtool cases cover: every example, the every-option stacks of both clouds, and the
 * all-options monitoring spec (`loadedSpec`: SLOs, a service's own alert, runbooks; with NATS, PostgreSQL backups,
 * restore drills checked against a database RTO, migrations, a CronJob and a gateway certificate).
 */
import { type ProductionStackProps, type ResolvedStack, resolve } from 'production-stack';
import { examples } from '../../../examples';
import { spec as awsFixture } from '../../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../../fixtures/pulumi-gcp/spec';
import { everything } from '../../support/everything';
import { type Manifest, synth } from '../../support/synth';
import { loadedSpec } from '../fixtures';

/** One stack, synthesized. */
export interface StackUnderTest {
  readonly name: string;
  readonly spec: ProductionStackProps;
  readonly stack: ResolvedStack;
  readonly objects: readonly Manifest[];
}

/** The all-options spec: `loadedSpec`, with a database RTO so that the restore drill's duration alert exists too. */
export function allOptionsSpec(): ProductionStackProps {
  return { ...loadedSpec(), dr: { objectives: [{ scenario: 'database', rtoMinutes: 30, rpoMinutes: 360 }] } };
}

let memo: StackUnderTest[] | undefined;

/** Every stack, synthesized once per test file. */
export function stacksUnderTest(): readonly StackUnderTest[] {
  memo ??= (
    [
      ...Object.entries(examples),
      ['every option on AWS', everything(awsFixture)],
      ['every option on GCP', everything(gcpFixture)],
      ['all options', allOptionsSpec()],
    ] as [string, ProductionStackProps][]
  ).map(([name, spec]) => ({ name, spec, stack: resolve(spec), objects: synth(spec) }));
  return memo;
}

/** The rule groups of every PrometheusRule of the stack, with the PrometheusRule's name. */
export function ruleGroups(objects: readonly Manifest[]): { rule: string; group: { name: string; rules: Manifest[] } }[] {
  return objects
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o) => o.spec.groups.map((group: { name: string; rules: Manifest[] }) => ({ rule: o.metadata.name as string, group })));
}

/** The rule group `name` of the stack, if it has one. */
export function ruleGroup(objects: readonly Manifest[], name: string): { name: string; rules: Manifest[] } | undefined {
  const found = ruleGroups(objects).filter((g) => g.group.name === name);
  if (found.length > 1) throw new Error(`${found.length} rule groups named ${name}`);
  return found[0]?.group;
}

/** The alert names of a rule group, in order, once each. */
export function alertNames(group: { rules: readonly Manifest[] }): string[] {
  return [...new Set(group.rules.filter((r) => 'alert' in r).map((r) => r.alert as string))];
}
