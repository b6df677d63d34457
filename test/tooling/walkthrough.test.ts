/**
 * The new user's walk (scripts/walkthrough.ts) against the packed library: init, npm install, synth, plan,
 * typecheck, on AWS and on GCP, each step checked by what it left, as its consumer reads it (npm's tree,
 * the files the synth writes, the plan's JSON, the files tsc loads). Needs the npm registry or a warm npm
 * cache (CI's npm ci leaves one). `npm run bench` prints the same walk's timings.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { type Step, type Walk, walk } from '../../scripts/walkthrough';
import { parseMermaid } from '../support/mermaid-parser';

jest.setTimeout(600_000);

let w: Walk;
beforeAll(() => {
  w = walk();
});

/** The step, which must have exited 0 (else its output is the failure). */
function ok(step: Step): Step {
  expect({ command: step.command, status: step.status, stderr: step.status === 0 ? '' : step.stderr }).toEqual({
    command: step.command,
    status: 0,
    stderr: '',
  });
  return step;
}

/** Every package.json of `name` under a project's node_modules: one copy, or several. */
function copies(dir: string, name: string): string[] {
  const found: string[] = [];
  const visit = (modules: string) => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules)) {
      const scoped = entry.startsWith('@') ? fs.readdirSync(path.join(modules, entry)).map((e) => `${entry}/${e}`) : [entry];
      for (const pkg of scoped) {
        const at = path.join(modules, pkg);
        if (pkg === name) found.push(at);
        visit(path.join(at, 'node_modules'));
      }
    }
  };
  visit(path.join(dir, 'node_modules'));
  return found;
}

describe.each(['aws', 'gcp'] as const)('a new project on %s', (cloud) => {
  const walked = () => w[cloud];

  test('synth writes the YAML, the runbook and the diagram, and prints the readiness report', () => {
    const { dir, steps } = walked();
    ok(steps.init);
    const synth = ok(steps.synth);
    expect(fs.readdirSync(path.join(dir, 'dist')).sort()).toEqual(['RUNBOOK.md', 'architecture.mmd', 'shop.k8s.yaml']);
    const objects = parseAllDocuments(fs.readFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'NetworkPolicy', 'ExternalSecret']));
    expect(fs.readFileSync(path.join(dir, 'dist', 'RUNBOOK.md'), 'utf8')).toMatch(/^# /);
    // the diagram as Mermaid reads it
    expect(parseMermaid([fs.readFileSync(path.join(dir, 'dist', 'architecture.mmd'), 'utf8')])).toEqual([null]);
    expect(synth.stderr + synth.stdout).toMatch(/^shop: \d+ objects/m);
  });

  test('plan writes the offline plan as JSON: the cloud resources and the same names as a deploy, secrets masked', () => {
    const { dir, steps } = walked();
    expect(ok(steps.plan).stdout).toMatch(/Plan of shop \(stack dev, offline, mocked cloud\): \d+ resources to create/);
    const document = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8'));
    expect(Object.keys(document)).toEqual(['resources']);
    const resources: { type: string; name: string; inputs: Record<string, unknown> }[] = document.resources;
    expect(resources[0]).toMatchObject({ type: 'production-stack:index:ProductionStack', name: 'shop', parent: null });
    const cluster = cloud === 'aws' ? 'aws:eks/cluster:Cluster shop-cluster-eks' : 'gcp:container/cluster:Cluster shop-cluster-gke';
    expect(resources.map((r) => `${r.type} ${r.name}`)).toContain(cluster);
    expect(resources.filter((r) => r.type.startsWith(cloud === 'aws' ? 'gcp:' : 'aws:'))).toEqual([]);
    // what the stack writes to the secret manager (the database's connection, with its generated password) is masked
    const [type, field] =
      cloud === 'aws'
        ? ['aws:secretsmanager/secretVersion:SecretVersion', 'secretString']
        : ['gcp:secretmanager/secretVersion:SecretVersion', 'secretData'];
    const versions = resources.filter((r) => r.type === type);
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) expect([v.name, v.inputs[field]]).toEqual([v.name, '[secret]']);
  });

  test("typecheck passes, loading this cloud's provider SDK and not the other's", () => {
    const { steps } = walked();
    ok(steps.typecheck);
    const files = ok(steps.files).stdout.split('\n');
    const own = cloud === 'aws' ? '/node_modules/@pulumi/aws/' : '/node_modules/@pulumi/gcp/';
    const other = cloud === 'aws' ? '/node_modules/@pulumi/gcp/' : '/node_modules/@pulumi/aws/';
    expect(files.filter((f) => f.includes(own)).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.includes(other))).toEqual([]);
  });
});

test('npm install gives the project one copy of each peer dependency, and the command on its path', () => {
  ok(w.aws.steps.install);
  for (const name of ['@pulumi/pulumi', 'cdk8s', 'constructs'])
    expect([name, copies(w.aws.dir, name)]).toEqual([name, [expect.any(String)]]);
  const pkg = JSON.parse(fs.readFileSync(path.join(w.aws.dir, 'package.json'), 'utf8'));
  expect(pkg.dependencies['production-stack']).toBe(`file:../${path.basename(w.tarball)}`);
  const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  expect(ok(w.aws.steps.version).stdout.trim()).toBe(version);
});

describe('a project whose program is wrong', () => {
  /** A copy of the AWS project with `spec.ts` edited, sharing its node_modules; then `npm run <script>`. */
  function runEdited(script: string, edit: (spec: string) => string) {
    const dir = fs.mkdtempSync(path.join(path.dirname(w.aws.dir), 'edited-'));
    for (const f of ['package.json', 'tsconfig.json', 'cdk8s.yaml', 'Pulumi.yaml', 'main.ts', 'pulumi.ts'])
      fs.copyFileSync(path.join(w.aws.dir, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'spec.ts'), edit(fs.readFileSync(path.join(w.aws.dir, 'spec.ts'), 'utf8')));
    fs.symlinkSync(path.join(w.aws.dir, 'node_modules'), path.join(dir, 'node_modules'));
    return spawnSync('npm', ['run', '--silent', script], { cwd: dir, encoding: 'utf8' });
  }

  test('plan and synth exit 1 on an invalid spec, naming the field', () => {
    const invalid = (spec: string) => spec.replace('minReplicas: 3', 'minReplicas: 0');
    for (const script of ['plan', 'synth']) {
      const r = runEdited(script, invalid);
      expect([script, r.status]).toEqual([script, 1]);
      expect(r.stderr).toContain('ProductionStack "shop" is invalid');
      expect(r.stderr).toContain('services[0].autoscaling.minReplicas');
    }
  });

  test("the AWS entry point's stack refuses a GCP spec, at cloud", () => {
    const r = runEdited('plan', (spec) =>
      spec.replace("cloud: 'aws'", "cloud: 'gcp'").replace("region: 'us-west-2'", "region: 'us-west1'"),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cloud: "gcp" is not "aws": this ProductionStack provisions aws only (production-stack/pulumi/aws)');
  });
});
