import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { examples } from '../../examples';
import { renderExample } from '../../examples/render';
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

test("every example's manifests pass, as the library renders them now (not the committed golden files)", async () => {
  const files = Object.fromEntries(Object.keys(examples).map((name) => [`${name}.k8s.yaml`, renderExample(name)]));
  expect(Object.keys(files).length).toBeGreaterThanOrEqual(6);
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

test('a hand-written file that kubectl reads differently from a JavaScript reader fails, naming the field', async () => {
  // U+2028 is a line break for go-yaml: kubectl sees a second egress peer, 0.0.0.0/0, that cdk8s never wrote.
  const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector: {}
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              team: a\u2028        - ipBlock:\u2028            cidr:\u2028              0.0.0.0/0
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: flags
data:
  MODE: 0o17
`;
  const { status, violations } = await run({ 'hand.k8s.yaml': text });
  expect(status).toBe('failure');
  const yaml = violations.find((v) => v.ruleName === 'manifests read back as written (kubectl, kustomize)')!;
  expect(yaml.violatingResources.map((r) => r.resourceName)).toEqual(['NetworkPolicy/api', 'ConfigMap/flags']);
  expect(yaml.recommendation).toMatch(
    /^NetworkPolicy\/api: \.spec\.egress\.0\.to\.0\.namespaceSelector\.matchLabels\.team .* is read as "a" by kubectl's YAML reader/m,
  );
  expect(yaml.recommendation).toMatch(
    /^ConfigMap\/flags: \.data\.MODE "0o17" is written unquoted and is read as 15 by kubectl's YAML reader \(go-yaml v2\)$/m,
  );
});
