import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ProductionReadinessValidation, type PluginContext } from '../../lib/k8s/validation-plugin';

function run(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-'));
  const violations: Parameters<PluginContext['report']['addViolation']>[0][] = [];
  let status = '';
  const context: PluginContext = {
    manifests: Object.entries(files).map(([name, text]) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    }),
    parseManifest: (p) => parseAllDocuments(fs.readFileSync(p, 'utf8')).map((d) => d.toJSON()),
    report: { addViolation: (v) => violations.push(v), submit: (s) => (status = s) },
  };
  return new ProductionReadinessValidation().validate(context).then(() => ({ status, violations }));
}

test("every example's manifests pass", async () => {
  const golden = path.join(__dirname, '..', 'golden');
  const files = Object.fromEntries(fs.readdirSync(golden).map((f) => [f, fs.readFileSync(path.join(golden, f), 'utf8')]));
  expect(await run(files)).toEqual({ status: 'success', violations: [] });
});

test('a hand-written chart with a privileged, unprobed pod and a plaintext Secret fails, naming each resource', async () => {
  const bad = `apiVersion: apps/v1
kind: Deployment
metadata: { name: legacy }
spec:
  selector: { matchLabels: { app: legacy } }
  template:
    metadata: { labels: { app: legacy } }
    spec:
      containers:
        - name: app
          image: legacy:1.0
          securityContext: { privileged: true }
---
apiVersion: v1
kind: Secret
metadata: { name: creds }
stringData: { password: hunter2 }
`;
  const { status, violations } = await run({ 'legacy.k8s.yaml': bad });
  expect(status).toBe('failure');
  expect(violations.map((v) => [v.ruleName, v.violatingResources.map((r) => r.resourceName)])).toEqual([
    ['restricted Pod Security Standard', ['Deployment/legacy']],
    ['probes, resources, PDBs, NetworkPolicies, topology spread', ['Deployment/legacy']],
    ['no plaintext secrets', ['Secret/creds']],
  ]);
  expect(violations[0].recommendation).toMatch(/privileged/);
  expect(violations.every((v) => v.fix.length > 0 && v.violatingResources[0].manifestPath.endsWith('legacy.k8s.yaml'))).toBe(true);
});
