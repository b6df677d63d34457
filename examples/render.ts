/** One example's manifests as the YAML `npm run synth` writes. */
import { App } from 'cdk8s';
import { ProductionStack } from 'production-stack';
import { examples } from './index';

/** Renders an example to multi-document YAML. */
export function renderExample(name: string): string {
  const spec = examples[name];
  const app = new App({ outdir: 'unused' });
  new ProductionStack(app, spec.name, spec);
  return app.synthYaml();
}
