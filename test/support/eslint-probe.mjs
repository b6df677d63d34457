// Lints sources as if they were files of the repository, with its eslint.config.mjs (ESLint loads that
// config as an ES module: run in its own process, outside Jest). Reads a JSON array of { file, source } on
// stdin; prints a JSON array of each one's restricted-import messages (no-restricted-imports, its typescript-eslint
// form, no-restricted-syntax). Without type information: the probes are not files of the TypeScript project.
import { ESLint } from 'eslint';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: false } },
    rules: { '@pulumi/no-output-in-template-literal': 'off', '@pulumi/no-output-instance-in-template-literal': 'off' },
  },
});
const RESTRICTING = ['no-restricted-imports', '@typescript-eslint/no-restricted-imports', 'no-restricted-syntax'];
const results = [];
for (const { file, source } of JSON.parse(input)) {
  const [result] = await eslint.lintText(source, { filePath: file });
  results.push(result.messages.filter((m) => RESTRICTING.includes(m.ruleId)).map((m) => m.message));
}
process.stdout.write(JSON.stringify(results));
