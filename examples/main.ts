/**
 * The cdk8s app behind `npm run synth` (see cdk8s.yaml): synthesizes every
 * example's manifests into `dist/<example>/`.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { ProductionStack } from 'production-stack';
import { examples } from './index';

const outdir = process.env.CDK8S_OUTDIR ?? 'dist';

for (const [name, spec] of Object.entries(examples)) {
  const app = new App({ outdir: path.join(outdir, name) });
  new ProductionStack(app, spec.name, spec);
  app.synth();
}
