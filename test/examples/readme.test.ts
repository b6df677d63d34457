/**
 * The example READMEs stay true to their code: every `spec.ts#L..` link points
 * at lines that exist and are not blank, and the embedded Mermaid diagram is
 * the one `npm run synth` writes for the example today.
 */
import * as fs from 'fs';
import * as path from 'path';
import { architectureDiagram, resolve } from 'production-stack';
import { examples } from '../../examples';

const root = path.join(__dirname, '..', '..', 'examples');
/** The folder whose README documents an example (the GCP variant of Ralph lives with its AWS spec). */
const folder = (name: string): string => (name === 'ralph-orchestrator-gcp' ? 'ralph-orchestrator' : name);
const readme = (dir: string): string => fs.readFileSync(path.join(root, dir, 'README.md'), 'utf8');

test.each([...new Set(Object.keys(examples).map(folder))])('%s/README.md links to existing, non-blank lines of spec.ts', (dir) => {
  const lines = fs.readFileSync(path.join(root, dir, 'spec.ts'), 'utf8').split('\n');
  const links = [...readme(dir).matchAll(/\(spec\.ts#L(\d+)(?:-L(\d+))?\)/g)];
  expect(links.length).toBeGreaterThan(5);
  for (const [link, from, to = from] of links) {
    const [a, b] = [Number(from), Number(to)];
    expect({ link, ok: a >= 1 && a <= b && b <= lines.length && lines[a - 1].trim() !== '' && lines[b - 1].trim() !== '' }).toEqual({
      link,
      ok: true,
    });
  }
});

test.each(Object.keys(examples))('the README of %s embeds its current architecture diagram', (name) => {
  const diagram = architectureDiagram(resolve(examples[name])).trim();
  expect(readme(folder(name))).toContain('```mermaid\n' + diagram + '\n```');
});
