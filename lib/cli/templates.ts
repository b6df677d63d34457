/** The files `production-stack init` writes: a minimal project using the library from cdk8s and Pulumi. */
import type { Cloud } from '../core/spec/stack';
import { resolveService } from '../core/resolve';

/** The probe paths the library derives for an HTTP service, which the template spells out where a user changes them. */
const PROBE_PATHS = (() => {
  const { liveness, readiness } = resolveService({ name: 'api', image: 'api', ports: [{ name: 'http', port: 8080 }] }).probes;
  const path = (p: typeof liveness) => (p?.type === 'http' ? p.path : undefined);
  return { liveness: path(liveness), readiness: path(readiness) };
})();

/** What the project is called and where it runs. */
export interface InitOptions {
  /** Stack name: a DNS-1123 label. */
  readonly name: string;
  /** Cloud of the Pulumi side. */
  readonly cloud: Cloud;
  /** The `production-stack` dependency: a version range, or `file:<path>` for a local checkout (relative to the project). */
  readonly dependency: string;
  /**
   * The library's peer dependencies and their ranges (`@pulumi/pulumi`, `cdk8s`, `constructs`): the project
   * depends on them itself, so that its program and the library share one copy of each.
   */
  readonly peers: Readonly<Record<string, string>>;
}

/** Where a stack's network is, by cloud: the identifier the Pulumi program exports, typed by its cloud's entry point. */
const NETWORK_OUTPUT: Record<Cloud, string> = { aws: 'stack.cloud.network.vpc.id', gcp: 'stack.cloud.network.network.id' };

const REGION: Record<Cloud, string> = { aws: 'us-west-2', gcp: 'us-west1' };

/** Every file, by path relative to the project root. */
export function templates(o: InitOptions): Record<string, string> {
  return {
    'package.json': `${JSON.stringify(
      {
        name: o.name,
        private: true,
        scripts: {
          synth: 'cdk8s synth --check-upgrade=false',
          plan: 'production-stack plan',
          preview: 'pulumi preview',
          typecheck: 'tsc --noEmit',
        },
        dependencies: { 'production-stack': o.dependency, ...o.peers },
        devDependencies: { 'cdk8s-cli': '^2.200.0', tsx: '^4.19.0', typescript: '~5.9.0', '@types/node': '^20.0.0' },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'node16',
          moduleResolution: 'node16',
          strict: true,
          esModuleInterop: true,
          skipLibCheck: true,
        },
        include: ['*.ts'],
      },
      null,
      2,
    )}\n`,
    'cdk8s.yaml':
      '# `npm run synth`: tsx runs main.ts without type-checking it (`npm run typecheck` does that).\nlanguage: typescript\napp: npx tsx main.ts\noutput: dist\n',
    'Pulumi.yaml': `name: ${o.name}\ndescription: ${o.name} on ${o.cloud.toUpperCase()}, from spec.ts\nruntime:\n  name: nodejs\nmain: pulumi.ts\n`,
    'spec.ts': `/** The production deployment of ${o.name}: one spec for the Kubernetes YAML (main.ts) and the cloud (pulumi.ts). */
import type { ProductionStackProps } from 'production-stack';

export const spec: ProductionStackProps = {
  name: '${o.name}',
  cloud: '${o.cloud}',
  region: '${REGION[o.cloud]}',
  postgres: {},
  services: [
    {
      name: 'api',
      image: 'registry.example.com/${o.name}/api:1.0.0',
      ports: [
        { name: 'http', port: 8080 },
        { name: 'metrics', port: 9090 },
      ],
      autoscaling: { minReplicas: 3, maxReplicas: 10 },
      probes: { liveness: { type: 'http', path: '${PROBE_PATHS.liveness}' }, readiness: { type: 'http', path: '${PROBE_PATHS.readiness}' } },
      postgres: { maxConnections: 10 },
      route: { host: '${o.name}.example.com' },
    },
  ],
};
`,
    'main.ts': `/**
 * \`npm run synth\`: the Kubernetes YAML of the stack into dist/, with its architecture diagram (Mermaid) and
 * failover runbook beside it, and its production readiness report (exit 1 when a check fails).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { ProductionStack, architectureDiagram, failoverRunbook, readinessReport, renderReadinessReport } from 'production-stack';
import { spec } from './spec';

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'dist' });
const stack = new ProductionStack(app, spec.name, spec);
app.synth();
fs.writeFileSync(path.join(app.outdir, 'architecture.mmd'), architectureDiagram(stack.spec));
fs.writeFileSync(path.join(app.outdir, 'RUNBOOK.md'), failoverRunbook(spec, stack.spec));
const report = readinessReport(spec, stack.spec, stack.toJson());
console.error(renderReadinessReport(report));
if (!report.ok) process.exitCode = 1;
`,
    'pulumi.ts': `/**
 * \`pulumi up\`: the network, cluster, databases and add-ons, and the same Kubernetes objects on the new
 * cluster. \`npm run plan\` shows what it would create, offline. production-stack/pulumi/${o.cloud} loads the ${o.cloud.toUpperCase()}
 * SDK only (a faster type-check) and types \`stack.cloud\` for ${o.cloud.toUpperCase()}.
 */
import { ProductionStack } from 'production-stack/pulumi/${o.cloud}';
import { spec } from './spec';

const stack = new ProductionStack(spec.name, spec);

export const clusterName = stack.clusterName;
export const kubeconfig = stack.kubeconfig;
export const networkId = ${NETWORK_OUTPUT[o.cloud]};
`,
    '.gitignore': 'node_modules/\ndist/\n',
  };
}
