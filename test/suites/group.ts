/**
 * Runs the test files of several folders as one Jest suite. Every file of a
 * suite shares one module registry, so the Pulumi SDKs (seconds to load under
 * Jest) load once per suite instead of once per file. Each file's tests keep
 * their own `describe`, so its hooks stay scoped to it. A file or folder named on
 * the command line (`npx jest test/aws/postgres.test.ts`) runs on its own instead
 * (jest.config.js).
 */
import * as fs from 'fs';
import * as path from 'path';
import GROUPED from './grouped.json';

/** A folder (under test/) whose `*.test.ts` files the suites run: one of grouped.json, which jest.config.js ignores on their own. */
export type Folder = 'aws' | 'gcp' | 'plan' | 'stack' | 'addons' | 'examples';

/** Declares every `*.test.ts` of the folders, each in a describe named `<folder>/<file>`. */
export function group(folders: readonly Folder[]): void {
  for (const folder of folders) {
    // a folder jest.config.js does not ignore on its own would run twice
    if (!GROUPED.includes(folder)) throw new Error(`test/${folder} is not in test/suites/grouped.json`);
    const dir = path.join(__dirname, '..', folder);
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .sort()) {
      describe(`${folder}/${file.replace(/\.test\.ts$/, '')}`, () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(path.join(dir, file));
      });
    }
  }
}
