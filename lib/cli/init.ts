/** `production-stack init`: writes a new project from {@link templates}, refusing to overwrite a file. */
import * as fs from 'fs';
import * as path from 'path';
import { isDns1123Label } from '../core/names';
import { type InitOptions, templates } from './templates';

/** Writes the project into `dir` (created if needed); returns the paths written. Throws, writing nothing, when a file exists. */
export function init(dir: string, options: InitOptions): string[] {
  if (!isDns1123Label(options.name)) throw new Error(`--name "${options.name}" must be a DNS-1123 label (lowercase letters, digits, "-")`);
  const files = templates(options);
  const existing = Object.keys(files).filter((f) => fs.existsSync(path.join(dir, f)));
  if (existing.length > 0) throw new Error(`${dir} already has ${existing.join(', ')}: nothing written`);
  fs.mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([file, text]) => {
    fs.writeFileSync(path.join(dir, file), text);
    return path.join(dir, file);
  });
}
