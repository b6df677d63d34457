/**
 * API.md is what `npm run docs` generates from the current doc comments.
 * typedoc builds a TypeScript program of the public entry points (the Pulumi
 * SDK's types are large), so this takes about 15 s.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generateApiMarkdown } from '../../scripts/docs';
import { repoRoot } from '../../scripts/sync-crds';

const root = repoRoot(__dirname);

test('API.md is up to date', async () => {
  const { markdown } = await generateApiMarkdown(root);
  const file = path.join(root, 'API.md');
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (committed !== markdown) {
    const a = committed.split('\n');
    const b = markdown.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    const at = line < 0 ? b.length : line;
    throw new Error(
      `API.md is stale: run npm run docs\nfirst difference at line ${at + 1}:\n- ${a[at] ?? '(end of file)'}\n+ ${b[at] ?? '(end of file)'}`,
    );
  }
}, 180_000);
