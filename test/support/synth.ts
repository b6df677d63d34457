/** Synthesizes specs the way `cdk8s synth` does, for assertions on the manifests. */
import { Testing } from 'cdk8s';
import { type Manifest, ProductionStack, type ProductionStackProps } from 'production-stack';

export type { Manifest } from 'production-stack';

/** The manifests of one stack. */
export function synth(props: ProductionStackProps): Manifest[] {
  return Testing.synth(new ProductionStack(Testing.app(), props.name, props));
}

/** The one object of a kind and name; fails the test when there is not exactly one. */
export function find(objects: readonly Manifest[], kind: string, name: string): Manifest {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0];
}
