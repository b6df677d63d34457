/** Mermaid's own parser (@mermaid-js/parser, ESM only), run in its own process by mermaid.mjs. */
import { execFileSync } from 'child_process';
import * as path from 'path';

/** Mermaid's parser's verdict on each architecture diagram: null when it parses, else the error. */
export function parseMermaid(sources: readonly string[]): (string | null)[] {
  const input = JSON.stringify(sources.map((text) => ({ type: 'architecture', text })));
  return JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'mermaid.mjs')], { input, encoding: 'utf8' }));
}
