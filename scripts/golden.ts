/**
 * Regenerates the committed golden manifests of every example
 * (test/golden/<example>.k8s.yaml). Run by `npm run golden`; a test fails when
 * they are stale, so every change to the output is reviewed in the diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import { examples } from '../examples';
import { renderExample } from '../examples/render';

const dir = path.join(__dirname, '..', '..', 'test', 'golden');
fs.mkdirSync(dir, { recursive: true });
for (const name of Object.keys(examples)) {
  fs.writeFileSync(path.join(dir, `${name}.k8s.yaml`), renderExample(name));
  console.log(`wrote test/golden/${name}.k8s.yaml`);
}
