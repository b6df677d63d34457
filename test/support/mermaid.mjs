// Parses Mermaid sources with Mermaid's own parser (@mermaid-js/parser, ESM only: run in its own process).
// Reads a JSON array of { type, text } on stdin; prints a JSON array of error messages (null when it parses).
import { parse } from '@mermaid-js/parser';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const { type, text } of JSON.parse(input)) {
  try {
    await parse(type, text);
    results.push(null);
  } catch (e) {
    results.push(String(e.message ?? e));
  }
}
process.stdout.write(JSON.stringify(results));
