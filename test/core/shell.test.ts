/** A quoted value is one shell word that holds exactly the value, in every POSIX shell at hand. */
import { execFileSync } from 'child_process';
import fc from 'fast-check';
import { sh, shellQuote } from 'production-stack/core/shell';

/** The words `line` gives `shell` as arguments, read back exactly (NUL-separated). */
function words(shell: string, line: string): string[] {
  return execFileSync(shell, ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' })
    .split('\0')
    .slice(0, -1);
}

/** Strings of any characters but NUL (which no argument can hold): ASCII-heavy, with every Unicode plane. */
const values = fc.sample(
  fc
    .oneof(fc.string({ unit: 'binary-ascii', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 12 }))
    .map((s) => s.replace(/\0/g, '')),
  { numRuns: 400, seed: 15 },
);
const tricky = [
  "'",
  "''",
  "a'b",
  '$(id)',
  '`id`',
  '"$HOME"',
  '\\',
  '\n',
  '\r',
  '\x1b[2K',
  '\u202e',
  '\u2028',
  '*',
  '~',
  '!',
  '#',
  '-n',
  '',
];

test.each(['dash', 'bash'])('%s reads every quoted value back as one word, byte for byte', (shell) => {
  const all = [...tricky, ...values];
  expect(words(shell, all.map(shellQuote).join(' '))).toEqual(all);
});

test('safe words stay bare; anything else is quoted and shows no invisible character', () => {
  expect(['us-west-2', 's3://b/k', 'a=b,c', 'x@y:1%+'].map(shellQuote)).toEqual(['us-west-2', 's3://b/k', 'a=b,c', 'x@y:1%+']);
  expect(["it's", 'a b', '', '*'].map(shellQuote)).toEqual([`'it'\\''s'`, `'a b'`, `''`, `'*'`]);
  for (const v of values) expect(shellQuote(v)).not.toMatch(/[^\P{C}\n\t]|[\p{Zl}\p{Zp}]/u);
});

test('sh`` quotes each value into one word and each item of a list into its own', () => {
  const line = sh`--region ${'us-east-1; id'} ${['a b', 'c']}`;
  expect(line).toBe(`--region 'us-east-1; id' 'a b' c`);
  expect(words('dash', line)).toEqual(['--region', 'us-east-1; id', 'a b', 'c']);
});

test('an invisible character is written as printf’s three-digit octal escapes of its UTF-8 bytes', () => {
  // ESC is byte 27, octal 033; U+202E (right-to-left override) is UTF-8 E2 80 AE, octal 342 200 256.
  expect(shellQuote('\x1b[2K')).toBe(`''"$(printf '\\033')"'[2K'`);
  expect(shellQuote('a\u202eb')).toBe(`'a'"$(printf '\\342\\200\\256')"'b'`);
  expect(shellQuote('\x01')).toBe(`''"$(printf '\\001')"''`);
});
