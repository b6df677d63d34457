import * as fs from 'fs';
import * as path from 'path';
import { examples } from '../../examples';
import { renderExample } from '../../examples/render';

test.each(Object.keys(examples))('the golden manifests of %s are up to date', (name) => {
  const file = path.join(__dirname, '..', 'golden', `${name}.k8s.yaml`);
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (committed !== renderExample(name)) {
    throw new Error(`test/golden/${name}.k8s.yaml is stale: run \`npm run golden\` and review the diff`);
  }
});
