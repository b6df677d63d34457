/**
 * The layers of lib/ as ESLint enforces them (eslint.config.mjs): the core imports nothing else of the library,
 * GCP nothing of AWS, the cdk8s constructs nothing of lib/nats, and the provider SDKs come through lib/sdk; lib/monitoring
 * builds every PrometheusRule, ServiceMonitor, PodMonitor and alert.
 * Each rule is shown refusing an import it must refuse, and allowing one it must allow.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

const refused: [string, string, string][] = [
  ['lib/core/probe.ts', "import { x } from '../k8s/labels';", 'the core imports nothing of the library outside lib/core'],
  ['lib/core/spec/probe.ts', "import { x } from '../../stack/aws';", 'the core imports nothing of the library outside lib/core'],
  ['lib/gcp/probe.ts', "import { x } from '../aws/cluster';", 'GCP imports nothing of AWS'],
  ['lib/k8s/probe.ts', "import { x } from '../nats/config';", 'the cdk8s constructs import nothing of lib/nats'],
  ['lib/stack/probe.ts', "import * as x from '@pulumi/aws';", 'import @pulumi/aws through lib/sdk'],
  ['lib/gcp/probe.ts', "import * as x from '@pulumi/gcp/compute';", 'add the module to lib/sdk'],
  // written another way: the library's index, a detour, another entry, the AWS SDK itself
  ['lib/core/probe.ts', "import { x } from '..';", 'the core imports nothing of the library outside lib/core'],
  ['lib/core/probe.ts', "import { x } from '../k8s/labels';", 'the core imports nothing of the library outside lib/core'],
  ['lib/gcp/probe.ts', "import { x } from '../aws/cluster';", 'GCP imports nothing of AWS'],
  ['lib/gcp/probe.ts', "import { x } from '../sdk/aws';", 'GCP imports nothing of AWS'],
  ['lib/gcp/probe.ts', "import { x } from 'production-stack/aws';", 'GCP imports nothing of AWS'],
  ['lib/k8s/probe.ts', "export * from '../nats/config';\nconst x = 1;", 'the cdk8s constructs import nothing of lib/nats'],
  // a rule or monitor without a static import: a raw object of their group or kind, or a module loaded with import()
  ['lib/dr/probe.ts', "const x = { apiVersion: 'monitoring.coreos.com/v1' };", 'lib/monitoring builds every PrometheusRule'],
  ['lib/nats/probe.ts', "const x = { kind: 'PodMonitor' };", 'lib/monitoring builds every PrometheusRule'],
  ['lib/k8s/probe.ts', "const x = import('../monitoring/rules');", 'lib/monitoring builds every PrometheusRule'],
  ['lib/stack/probe.ts', "const x = import('../imports/monitoring.coreos.com.js');", 'lib/monitoring builds every PrometheusRule'],
  // written another way: a quoted key, a template, `as const`, the barrel, a template path
  ['lib/dr/probe.ts', "const x = { 'kind': 'PodMonitor' };", 'lib/monitoring builds every PrometheusRule'],
  ['lib/dr/probe.ts', 'const x = { kind: `ServiceMonitor` };', 'lib/monitoring builds every PrometheusRule'],
  ['lib/dr/probe.ts', "const x = { apiVersion: 'monitoring.coreos.com/v1' as const };", 'lib/monitoring builds every PrometheusRule'],
  ['lib/dr/probe.ts', "const x = import('../monitoring');", 'lib/monitoring builds every PrometheusRule'],
  ['lib/dr/probe.ts', 'const x = import(`../monitoring/rules`);', 'lib/monitoring builds every PrometheusRule'],
  // lib/monitoring keeps the layers' other rules
  ['lib/monitoring/probe.ts', "const x = import('@pulumi/aws');", 'import the provider SDKs through lib/sdk'],
  // import() as an expression and as a type
  ['lib/gcp/probe.ts', "const x = import('../aws/cluster');", 'GCP imports nothing of AWS'],
  [
    'lib/stack/probe.ts',
    "type X = import('@pulumi/aws').ec2.Vpc;\nconst x: X | undefined = undefined;",
    'import the provider SDKs through lib/sdk',
  ],
  [
    'lib/core/spec/probe.ts',
    "type X = import('../../k8s/labels').Labels;\nconst x: X | undefined = undefined;",
    'the core imports nothing',
  ],
  // a rule or monitor built outside lib/monitoring (as NATS' and the backups' once were)
  ['lib/nats/probe.ts', "import { PodMonitor as x } from '../k8s/api-object';", 'lib/monitoring builds every PrometheusRule'],
  ['lib/k8s/probe.ts', "import { PrometheusRule as x } from './api-object';", 'lib/monitoring builds every PrometheusRule'],
  ['lib/dr/probe.ts', "import { ruleObject as x } from '../monitoring/prometheus-rule';", 'write the alerts in lib/monitoring'],
  ['lib/dr/probe.ts', "import { alertingRule as x } from '../monitoring/rules';", 'write the alerts in lib/monitoring'],
  // through the barrel, or with the .js of an ES module path
  ['lib/dr/probe.ts', "import { alertingRule as x } from '../monitoring';", 'write the alerts in lib/monitoring'],
  ['lib/nats/probe.ts', "import { PodMonitor as x } from '../k8s/api-object.js';", 'lib/monitoring builds every PrometheusRule'],
];
const allowed: [string, string][] = [
  ['lib/core/probe.ts', "import { x } from './resolve';"],
  ['lib/core/spec/probe.ts', "import { x } from '../resolve';"],
  ['lib/gcp/probe.ts', "import { x } from '../core/zones';"],
  ['lib/nats/probe.ts', "import { x } from '../k8s/labels';"],
  ['lib/aws/probe.ts', "import * as x from '../sdk/aws';"],
  ['lib/sdk/probe.ts', "import * as x from '@pulumi/aws/ec2';"],
  ['lib/aws/probe.ts', "type X = import('./nats-secret').NatsSecret;\nconst x: X | undefined = undefined;"],
  ['lib/k8s/probe.ts', "import { x } from '../core/nats-users';"],
  ['lib/k8s/probe.ts', "import { x } from './nats-address';"],
  ['lib/dr/probe.ts', "import type { PrometheusRule as x } from '../k8s/api-object';"],
  ['lib/nats/probe.ts', "import { natsMonitoring as x } from '../monitoring/nats-alerts';"],
  ['lib/monitoring/probe.ts', "import { PodMonitor as x } from '../k8s/api-object';"],
  ['lib/stack/probe.ts', "import { StackMonitoring as x } from '../monitoring';"],
  ['lib/monitoring/probe.ts', "const x = { apiVersion: 'monitoring.coreos.com/v1alpha1', kind: 'PodMonitor' };"],
  ['lib/monitoring/probe.ts', "const x = import('./rules');"],
  ['lib/dr/probe.ts', "const x = { kind: 'PodMonitors', apiVersion: 'v1' };"],
];

// ESLint's verdicts on every probe, from one process (test/support/eslint-probe.mjs)
const verdicts: string[][] = JSON.parse(
  execFileSync(process.execPath, [path.join(__dirname, '..', 'support', 'eslint-probe.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    input: JSON.stringify(
      [...refused, ...allowed].map(([file, source]) => ({ file: path.join(ROOT, file), source: `${source}\nexport const probe = x;\n` })),
    ),
  }),
);

test.each(refused.map((r, i) => [...r, verdicts[i]] as const))('%s: %s is refused', (_, __, message, found) => {
  expect(found).toHaveLength(1);
  expect(found[0]).toContain(message);
});

test.each(allowed.map((a, i) => [...a, verdicts[refused.length + i]] as const))('%s: %s is allowed', (_, __, found) => {
  expect(found).toEqual([]);
});
