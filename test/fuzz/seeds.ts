/** The valid specs the fuzz suite mutates: the test fixture, then every example's. */
import type { ProductionStackProps } from 'production-stack';
import { examples } from '../../examples';
import { baseSpec } from '../support/spec';

/** A seed spec and where it comes from. */
export interface Seed {
  readonly name: string;
  readonly spec: ProductionStackProps;
}

/** The fixture first: it is the smallest, and shrinking moves towards the first seed. */
export const SEEDS: readonly Seed[] = [
  { name: 'test/support/spec.ts baseSpec()', spec: baseSpec() },
  ...Object.entries(examples).map(([name, spec]) => ({ name: `examples/${name}`, spec })),
];

/** A deep copy of plain data (specs hold only objects, arrays and primitives), so that mutations never reach the seeds. */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  }
  return value;
}
