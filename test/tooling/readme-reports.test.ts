/**
 * The readiness reports the READMEs quote are the library's: each quoted line is a line of the example's
 * report as `npm run synth` prints it (a line ending in `...` or `...)` quotes the start of one).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { ProductionStack, readinessReport, renderReadinessReport } from 'production-stack';
import { examples } from '../../examples';

const ROOT = path.join(__dirname, '..', '..');

/** The `text` blocks of a Markdown file that quote a report: they start with `[i/n] <example>` or `<stack>: N objects`. */
function quotedReports(file: string): string[][] {
  const blocks = [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/```text\n([\s\S]*?)```/g)].map((m) =>
    m[1].trimEnd().split('\n'),
  );
  return blocks.filter((lines) => /^(\[\d+\/\d+\] \S+|\S+: \d+ objects)/.test(lines[0]));
}

function report(example: string): string[] {
  const spec = examples[example];
  const stack = new ProductionStack(new App({ outdir: 'unused' }), spec.name, spec);
  return renderReadinessReport(readinessReport(spec, stack.spec, stack.toJson())).split('\n');
}

test.each([
  ['README.md', 'ralph-orchestrator'],
  ['examples/ralph-orchestrator/README.md', 'ralph-orchestrator'],
])("%s quotes %s's readiness report as it is", (file, example) => {
  const blocks = quotedReports(file);
  expect(blocks.length).toBeGreaterThan(0);
  const lines = report(example);
  for (const quoted of blocks.flat().filter((l) => !l.startsWith('['))) {
    const prefix = quoted.replace(/\.\.\.\)?$/, '');
    const found = quoted === prefix ? lines.includes(quoted) : lines.some((l) => l.startsWith(prefix));
    expect([quoted, found]).toEqual([quoted, true]);
  }
});
