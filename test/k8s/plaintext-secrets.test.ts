/**
 * The readiness report's "no plaintext secrets" check on charts the spec did
 * not validate: broken through the escape hatches, or composed by hand (what
 * the cdk8s validation plugin runs). It uses the value rule of validation
 * (lib/core/secret-material.ts), so a secret is caught whatever its name.
 */
import { JsonPatch, Testing } from 'cdk8s';
import { ProductionStack, readinessReport } from 'production-stack';
import type { Manifest } from '../../lib/k8s/manifest';
import { manifestChecks } from '../../lib/k8s/readiness';
import { baseSpec } from '../support/spec';

/** Fake credentials, built at run time so that no secret scanner flags this file. */
const github = 'ghp' + '_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const pem = '-----BEGIN ' + 'EC PRIVATE KEY-----\nMHcCAQEEIA\n-----END EC PRIVATE KEY-----\n';

function plaintextProblems(breakIt: (stack: ProductionStack) => void): readonly string[] {
  const props = baseSpec();
  const stack = new ProductionStack(Testing.app(), props.name, props);
  breakIt(stack);
  const report = readinessReport(props, stack.spec, stack.toJson());
  return report.checks.find((c) => c.name === 'no plaintext secrets')!.problems;
}

function configMap(stack: ProductionStack, name: string): { addJsonPatch(...ops: JsonPatch[]): void } {
  return stack.node
    .findAll()
    .find((c) => (c as { kind?: string; name?: string }).kind === 'ConfigMap' && (c as { name?: string }).name === name) as never;
}

test('the base stack has no plaintext secret', () => {
  expect(plaintextProblems(() => undefined)).toEqual([]);
});

test.each<[string, (stack: ProductionStack) => void, string]>([
  [
    'an innocently named variable holds a token',
    (stack) =>
      stack.services
        .get('api')!
        .workload.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env/-', { name: 'GIT_AUTH', value: github })),
    'Deployment/api: spec.template.spec.containers[0].env[7].value holds a GitHub token',
  ],
  [
    'a container argument carries a URL with a password',
    (stack) =>
      stack.services
        .get('api')!
        .workload.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/args', ['--db', 'postgres://app:hunter2@db/app'])),
    'Deployment/api: spec.template.spec.containers[0].args[1] holds a URL with a password',
  ],
  [
    'the env ConfigMap holds a variable named like a secret',
    (stack) => configMap(stack, 'api-config').addJsonPatch(JsonPatch.add('/data/N8N_SMTP_PASS', 'hunter2')),
    'ConfigMap/api-config: N8N_SMTP_PASS as a literal (read by envFrom)',
  ],
  [
    'a mounted file holds a private key',
    (stack) => configMap(stack, 'api-files').addJsonPatch(JsonPatch.add('/data/tls.key', pem)),
    'ConfigMap/api-files: data.tls.key holds a PEM private key',
  ],
  [
    'a mounted dotenv file sets a password',
    (stack) => configMap(stack, 'api-files').addJsonPatch(JsonPatch.add('/data/.env', 'LOG_LEVEL=info\nDB_PASSWORD=hunter2\n')),
    'ConfigMap/api-files: .env line 2 gives DB_PASSWORD a literal',
  ],
  [
    'a mounted properties file sets a password',
    (stack) =>
      configMap(stack, 'api-files').addJsonPatch(JsonPatch.add('/data/application.properties', 'spring.datasource.password=hunter2\n')),
    'ConfigMap/api-files: application.properties line 1 gives spring.datasource.password a literal',
  ],
  [
    'a container flag gives a password',
    (stack) =>
      stack.services.get('api')!.workload.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/args', ['--db-password=hunter2'])),
    'Deployment/api: container api has --db-password as a literal on its command line',
  ],
  [
    'a container shell script sets PGPASSWORD',
    (stack) =>
      stack.services
        .get('api')!
        .workload.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/command', ['sh', '-c', 'PGPASSWORD=hunter2 exec app'])),
    'Deployment/api: container api has PGPASSWORD as a literal on its command line',
  ],
  [
    'a mounted file holds a JDBC URL with a password',
    (stack) =>
      configMap(stack, 'api-files').addJsonPatch(JsonPatch.add('/data/db.url', 'jdbc:postgresql://db/app?user=app&password=hunter2')),
    'ConfigMap/api-files: data.db.url holds a connection string with a password',
  ],
])('fails when %s', (_what, breakIt, problem) => {
  expect(plaintextProblems(breakIt)).toContain(problem);
});

test('fails when a chart composed by hand holds secrets under any name', () => {
  const objects: Manifest[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'n8n', namespace: 'tools' },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'n8n',
                env: [
                  { name: 'DB_PWD', value: 'hunter2' },
                  { name: 'NOTIFY', value: 'https://hooks.slack.com/' + 'services/T000/B000/XXXXXXXX' },
                ],
                envFrom: [{ configMapRef: { name: 'n8n-env' } }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'n8n-env', namespace: 'tools' },
      data: { GITHUB_PAT: 'x', LOG_LEVEL: 'info' },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other', namespace: 'tools' }, data: { SMTP_PASS_HINT_FILE: '/run/x' } },
  ];
  const problems = manifestChecks(objects).find((c) => c.name === 'no plaintext secrets')!.problems;
  expect(problems).toEqual([
    'Deployment/n8n: container n8n has DB_PWD as a literal',
    'Deployment/n8n: spec.template.spec.containers[0].env[1].value holds a Slack webhook URL',
    'ConfigMap/n8n-env: GITHUB_PAT as a literal (read by envFrom)',
  ]);
});
