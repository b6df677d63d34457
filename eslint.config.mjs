// ESLint flat config: @eslint/js and typescript-eslint recommended, Pulumi's
// rule against Outputs in template literals, then eslint-config-prettier last
// so formatting is left to Prettier (`npm run lint` runs both).
import js from '@eslint/js';
import pulumi from '@pulumi/eslint-plugin';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Code that can hold Pulumi Outputs. */
const PULUMI_FILES = [
  'lib/pulumi.ts',
  'lib/pulumi/**/*.ts',
  'lib/sdk/**/*.ts',
  'lib/stack/clouds.ts',
  'lib/stack/pulumi.ts',
  'lib/aws/**/*.ts',
  'lib/gcp/**/*.ts',
  'lib/plan/**/*.ts',
  'lib/addons/**/*.ts',
  'lib/stack/workloads.ts',
  'lib/stack/aws.ts',
  'lib/stack/gcp.ts',
  'lib/stack/service-identities.ts',
  'test/addons/**/*.ts',
  'test/stack/**/*.ts',
  'examples/**/pulumi.ts',
  'scripts/plan.ts',
  'test/aws/**/*.ts',
  'test/gcp/**/*.ts',
  'test/plan/**/*.ts',
  'test/fixtures/**/*.ts',
];

/** The provider SDKs' roots, which lib/sdk alone imports (by module). */
const SDK = [String.raw`^@pulumi\x2F(aws|gcp|kubernetes)(\x2F|$)`, 'import the provider SDKs through lib/sdk, by module'];

/**
 * What builds a PrometheusRule, ServiceMonitor or PodMonitor without a static import, which the import rule below
 * sees: an object of their API group or kind (a raw ApiObject), or a module of lib/monitoring's or the generated
 * classes loaded with import(). Outside lib/monitoring, each is refused.
 */
const MONITORING_MESSAGE = 'lib/monitoring builds every PrometheusRule, ServiceMonitor and PodMonitor; call it';
const MONITORING_VALUES = {
  apiVersion: String.raw`/^monitoring\.coreos\.com\x2F/`,
  kind: String.raw`/^(PrometheusRule|ServiceMonitor|PodMonitor)$/`,
};
const MONITORING_SYNTAX = [
  // the key named or quoted; the value a string, a string `as const`, or a template without expressions
  ...Object.entries(MONITORING_VALUES).flatMap(([key, value]) =>
    [`key.name='${key}'`, `key.value='${key}'`].flatMap((k) => [
      `Property[${k}][value.value=${value}]`,
      `Property[${k}] > TSAsExpression > Literal[value=${value}]`,
      `Property[${k}] > TemplateLiteral > TemplateElement[value.cooked=${value}]`,
    ]),
  ),
  String.raw`ImportExpression[source.value=/(^|\x2F)(monitoring(\x2F(index|prometheus-rule|rules|scrape))?|imports\x2Fmonitoring\.coreos\.com)(\.js)?$/]`,
  String.raw`ImportExpression > TemplateLiteral > TemplateElement[value.cooked=/(^|\x2F)(monitoring|imports\x2Fmonitoring\.coreos\.com)(\x2F|\.|$)/]`,
].map((selector) => ({ selector, message: MONITORING_MESSAGE }));

export default defineConfig(
  {
    // Generated or vendored: never linted.
    ignores: [
      'build/',
      'dist/',
      'node_modules/',
      'crds/',
      'lib/imports/',
      'coverage/',
      '.jest-cache/',
      'scratch/',
      '.stryker-tmp/',
      'reports/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Node ES modules (the test helper that runs Mermaid's ESM-only parser).
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  // The layers of lib/: the core imports nothing else of the library, GCP nothing of AWS, the cdk8s constructs
  // nothing of NATS (which builds on them); and the provider SDKs come by module, from lib/sdk only (their roots
  // declare every service, and a user's program type-checks whatever the library's declarations import).
  // Static imports and exports by pattern (no-restricted-imports); `import(...)`, as an expression or a type, by
  // the same rule as a regular expression (no-restricted-syntax). One block per set of files: ESLint takes a
  // rule's options from the last block that sets it.
  ...[
    { files: ['lib/**/*.ts'], ignores: ['lib/sdk/**'], layers: [] },
    {
      files: ['lib/core/*.ts'],
      layers: [
        [['..', '../', '../*', './../*'], String.raw`^(\.\x2F)?\.\.(\x2F|$)`, 'the core imports nothing of the library outside lib/core'],
      ],
    },
    {
      files: ['lib/core/*/**/*.ts'],
      layers: [
        [['../..', '../../', '../../*'], String.raw`^\.\.\x2F\.\.(\x2F|$)`, 'the core imports nothing of the library outside lib/core'],
      ],
    },
    {
      files: ['lib/gcp/**/*.ts'],
      layers: [[['**/aws', '**/aws/**'], String.raw`(^|\x2F)aws(\x2F|$)`, 'GCP imports nothing of AWS: what both use belongs in lib/core']],
    },
    {
      files: ['lib/k8s/**/*.ts'],
      layers: [
        [
          ['**/nats', '**/nats/**'],
          String.raw`(^|\x2F)nats(\x2F|$)`,
          'the cdk8s constructs import nothing of lib/nats, which builds on them',
        ],
      ],
    },
  ].map(({ files, ignores, layers }) => {
    const dynamic = [SDK, ...layers.map(([, regex, message]) => [regex, message])].flatMap(([regex, message]) => [
      { selector: `ImportExpression[source.value=/${regex}/]`, message },
      { selector: `TSImportType[argument.literal.value=/${regex}/]`, message },
    ]);
    return {
      files,
      ...(ignores ? { ignores } : {}),
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: ['@pulumi/aws', '@pulumi/gcp', '@pulumi/kubernetes'].map((name) => ({
              name,
              message: `import ${name} through lib/sdk (by module), not its root`,
            })),
            patterns: [
              {
                group: ['@pulumi/aws/*', '@pulumi/gcp/*', '@pulumi/kubernetes/*'],
                message: 'add the module to lib/sdk and import it from there',
              },
              ...layers.map(([group, , message]) => ({ group, message })),
            ],
          },
        ],
        'no-restricted-syntax': ['error', ...dynamic, ...MONITORING_SYNTAX],
      },
    };
  }),
  {
    // lib/monitoring builds them: the layers' rules of every file of lib/ (the first block above) without those
    files: ['lib/monitoring/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression[source.value=/${SDK[0]}/]`, message: SDK[1] },
        { selector: `TSImportType[argument.literal.value=/${SDK[0]}/]`, message: SDK[1] },
      ],
    },
  },
  {
    // lib/monitoring builds every rule and monitor (their labels, the evaluation interval, the runbook links):
    // elsewhere their classes are types only.
    files: ['lib/**/*.ts'],
    ignores: ['lib/monitoring/**', 'lib/k8s/api-object.ts', 'lib/imports/**', 'lib/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/k8s/api-object', './api-object', '**/imports/monitoring.coreos.com'].flatMap((g) => [g, `${g}.js`]),
              importNames: ['PrometheusRule', 'ServiceMonitor', 'PodMonitor'],
              allowTypeImports: true,
              message: 'lib/monitoring builds every PrometheusRule, ServiceMonitor and PodMonitor; call it',
            },
            {
              // the barrel too (from a folder of lib/, `../monitoring`), which re-exports them
              group: ['**/monitoring/prometheus-rule', '**/monitoring/rules', '../monitoring', '../monitoring/index'].flatMap((g) => [
                g,
                `${g}.js`,
              ]),
              importNames: ['ruleObject', 'alertingRule', 'standardAlert'],
              message: 'write the alerts in lib/monitoring, beside the others',
            },
          ],
        },
      ],
    },
  },
  {
    // `${output}` renders "Calling [toString] on an [Output<T>] is not supported": use pulumi.interpolate or .apply.
    // The rules need type information, which costs a TypeScript program (the Pulumi SDKs' types are large).
    // Only the code that can hold Outputs is linted with it (the cdk8s side never sees one), and with
    // `project` rather than `projectService`: `eslint .` takes ~20 s this way, ~40 s with types everywhere.
    files: PULUMI_FILES,
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    plugins: { '@pulumi': pulumi },
    rules: {
      '@pulumi/no-output-in-template-literal': 'error',
      '@pulumi/no-output-instance-in-template-literal': 'error',
    },
  },
  prettier,
);
