/** Lookups over a recorded plan, shared by the Pulumi tests. */
import type { ProductionStackProps } from '../../lib/core';
import type { PlanResource } from '../../lib/plan';
import { inputAt } from './force-new';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Inputs, typed loosely for assertions. */
export type Inputs = Record<string, any>;

/** The one resource of this name (and type, when given); fails the test when there is not exactly one. */
export function resource(resources: readonly PlanResource[], name: string, type?: string): PlanResource & { inputs: Inputs } {
  const found = resources.filter((r) => r.name === name && (type === undefined || r.type === type));
  if (found.length !== 1)
    throw new Error(`expected one resource ${type ?? ''} ${name}, found ${found.length}: ${names(resources).join(', ')}`);
  return found[0] as PlanResource & { inputs: Inputs };
}

/** Inputs of the one resource of this name. */
export function inputs(resources: readonly PlanResource[], name: string): Inputs {
  return resource(resources, name).inputs;
}

/** Resources of a type, in plan order. */
export function ofType(resources: readonly PlanResource[], type: string): (PlanResource & { inputs: Inputs })[] {
  return resources.filter((r) => r.type === type) as (PlanResource & { inputs: Inputs })[];
}

/** Logical names, in plan order. */
export function names(resources: readonly PlanResource[]): string[] {
  return resources.map((r) => r.name);
}

/** Every resource `r` depends on, directly or through others (by name, as the plan records dependencies). */
export function closure(planned: readonly PlanResource[], r: PlanResource): PlanResource[] {
  const byName = new Map<string, PlanResource[]>();
  for (const x of planned) byName.set(x.name, [...(byName.get(x.name) ?? []), x]);
  const seen = new Set<PlanResource>();
  const queue = [...r.dependencies];
  while (queue.length > 0) {
    for (const d of byName.get(queue.shift()!) ?? []) {
      if (seen.has(d)) continue;
      seen.add(d);
      queue.push(...d.dependencies);
    }
  }
  return [...seen];
}

/**
 * `[type, name]` of every resource, sorted: what a rename changes. A Job named after a hash of what it runs (the
 * PostgreSQL bootstrap's script, a migration's image and command) is meant to be replaced when that changes: its
 * hash reads `<hash>`.
 */
export function identities(resources: readonly PlanResource[]): [string, string][] {
  return resources
    .map((r): [string, string] => [r.type, r.name.replace(/-(postgres-bootstrap|migrate)-[0-9a-f]{8}$/, '-$1-<hash>')])
    .sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
}

/**
 * The inputs of every resource whose change would replace it (`replacedOn`: such inputs by type token, dotted
 * paths for fields inside an input), but those it ignores, with its `replacementTrigger` when set, by name.
 */
export function replacementInputs(
  resources: readonly PlanResource[],
  replacedOn: Readonly<Record<string, readonly string[]>>,
): Record<string, Record<string, unknown>> {
  const kept = (r: PlanResource, k: string) => !(r.options.ignoreChanges ?? []).some((i) => k === i || k.startsWith(`${i}.`));
  return Object.fromEntries(
    resources
      .filter((r) => replacedOn[r.type] !== undefined)
      .map((r) => [
        r.name,
        {
          ...Object.fromEntries((replacedOn[r.type] ?? []).filter((k) => kept(r, k)).map((k) => [k, inputAt(r.inputs, k)])),
          // a changed replacementTrigger replaces the resource whatever its inputs
          ...(r.options.replacementTrigger === undefined ? {} : { replacementTrigger: r.options.replacementTrigger }),
        },
      ]),
  );
}

/**
 * One whole failover and failback cycle of a stack with a standby region, as [label, dr.reseeds, active region]:
 * failover, re-seed of the primary region, failback, re-seed of the standby (back to the start).
 */
export function reseedCycle(primary: string, standby: string): readonly [string, number, string][] {
  return [
    ['the primary serves', 0, primary],
    ['failover', 0, standby],
    ['re-seed of the primary region', 1, standby],
    ['failback', 1, primary],
    ['re-seed of the standby region', 2, primary],
  ];
}

/**
 * The [primary's, standby's] database `replacementTrigger` at each step of {@link reseedCycle}: its re-seed
 * count, from 0 (Pulumi replaces nothing when a trigger first appears, only when its value changes).
 */
export const RESEED_GENERATIONS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 0],
  [1, 0],
  [1, 0],
  [1, 1],
];

/** `spec` with one more routed service, `hooks` at `host`, that fails over with the name (`dr.dns.hosts`). */
export function withFailoverHost(spec: ProductionStackProps, host: string): ProductionStackProps {
  const hooks = { name: 'hooks', image: 'registry.example.com/shop/hooks:1.0.0', ports: [{ name: 'http', port: 8080 }], route: { host } };
  return { ...spec, services: [...spec.services, hooks], dr: { ...spec.dr, dns: { ...spec.dr!.dns!, hosts: [host] } } };
}
