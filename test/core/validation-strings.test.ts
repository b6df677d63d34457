/**
 * The rules of the spec's strings (lib/core/validation/strings.ts, checkStrings): every string, map keys too,
 * must be read back as written by kubectl's and kustomize's YAML readers (go-yaml v2 and v3). Each rule is
 * stated by a failing input, the exact problem (path, value and rule) and a corrected input with no problem.
 * Where the readers' behaviour is the source: go-yaml's scannerc.go takes NEL (U+0085), LS (U+2028) and PS
 * (U+2029) as line breaks and refuses other non-printable characters; YAML 1.1's merge key is `<<`.
 */
import { checkStrings } from 'production-stack/core/validation/strings';
import { Problems } from 'production-stack/core/validation/problems';

/** The problems of `value` checked under `root` (checkStrings' default root when `root` is undefined). */
function problems(value: unknown, root?: string) {
  const p = new Problems();
  if (root === undefined) checkStrings(p, value);
  else checkStrings(p, value, root);
  return p.all;
}

const KUBECTL_V2 = "kubectl's YAML reader (go-yaml v2)";

describe('characters go-yaml takes as a line break', () => {
  test.each([
    ['U+0085', '\u0085', '\\u0085'],
    ['U+2028', '\u2028', '\\u2028'],
    ['U+2029', '\u2029', '\\u2029'],
  ])('a value holding %s is refused, as a line break; without it the value passes', (code, char, shown) => {
    expect(problems({ note: `a${char}b` })).toEqual([
      {
        path: 'note',
        value: `a${char}b`,
        rule: `the value "a${shown}b" holds ${code}, a line break for kubectl's YAML reader (go-yaml): remove it`,
      },
    ]);
    expect(problems({ note: 'ab' })).toEqual([]);
  });
});

describe('characters go-yaml refuses', () => {
  test('a control character (U+0007) is refused, not as a line break', () => {
    expect(problems({ note: 'a\u0007' })).toEqual([
      {
        path: 'note',
        value: 'a\u0007',
        rule: 'the value "a\\u0007" holds U+0007, a character refused by kubectl\'s YAML reader (go-yaml): remove it',
      },
    ]);
  });

  test('a character that is both refused and misread is reported once, for the character', () => {
    // "0o17" alone is read as 15 (below); with U+0007 in it the character is the one problem to fix first.
    expect(problems({ note: '0o17\u0007' }).map((x) => x.rule)).toEqual([
      'the value "0o17\\u0007" holds U+0007, a character refused by kubectl\'s YAML reader (go-yaml): remove it',
    ]);
  });
});

describe('strings the readers misread', () => {
  test('a value written unquoted that go-yaml reads as a number is refused; spelled another way it passes', () => {
    expect(problems({ mode: '0o17' })).toEqual([
      {
        path: 'mode',
        value: '0o17',
        rule: `the value "0o17" is written unquoted and is read as 15 by ${KUBECTL_V2}: spell it another way`,
      },
    ]);
    expect(problems({ mode: '017' })).toEqual([]);
  });

  test('a key is checked as a key: "<<" is a merge key to go-yaml, refused as a key and accepted as a value', () => {
    expect(problems({ '<<': 'x' })).toEqual([
      {
        path: '<<',
        value: '<<',
        rule: `the key "<<" cannot be read (map merge requires map or sequence of maps as the value) by ${KUBECTL_V2}: spell it another way`,
      },
    ]);
    expect(problems({ x: '<<' })).toEqual([]);
  });

  test('a key holding a line break is refused as a key, and its value is checked under it', () => {
    expect(problems({ 'A\u2028B': 'x\u2029' })).toEqual([
      {
        path: 'A\u2028B',
        value: 'A\u2028B',
        rule: 'the key "A\\u2028B" holds U+2028, a line break for kubectl\'s YAML reader (go-yaml): remove it',
      },
      {
        path: 'A\u2028B',
        value: 'x\u2029',
        rule: 'the value "x\\u2029" holds U+2029, a line break for kubectl\'s YAML reader (go-yaml): remove it',
      },
    ]);
  });
});

describe('where the strings are', () => {
  test('every string is reached, through lists and maps, each named by its path under the root', () => {
    const spec = { services: [{ env: { MODE: '0o17' } }, { command: ['ok', 'a\u0007'] }] };
    expect(problems(spec, 'spec').map((x) => [x.path, x.value])).toEqual([
      ['spec.services[0].env.MODE', '0o17'],
      ['spec.services[1].command[1]', 'a\u0007'],
    ]);
    // Without a root, the top-level keys are the paths' first names (no leading ".").
    expect(problems(spec).map((x) => x.path)).toEqual(['services[0].env.MODE', 'services[1].command[1]']);
  });

  test('a string at the root is checked at the root path', () => {
    expect(problems('a\u0007', 'label')).toEqual([
      {
        path: 'label',
        value: 'a\u0007',
        rule: 'the value "a\\u0007" holds U+0007, a character refused by kubectl\'s YAML reader (go-yaml): remove it',
      },
    ]);
  });

  test('numbers, booleans, null and undefined hold no string and pass', () => {
    expect(problems({ a: 1, b: true, c: null, d: undefined, e: [null, 2] })).toEqual([]);
  });
});

describe('values not known until deployment are not checked', () => {
  test('a cdk8s token string is skipped; the same text without the token is refused', () => {
    expect(problems({ note: '${TOKEN[Token.1]}\u2028' })).toEqual([]);
    expect(problems({ note: '{TOKEN[Token.1]}\u2028' }).map((x) => x.path)).toEqual(['note']);
  });

  test('a Pulumi output is not walked into; a plain object with the same keys is', () => {
    expect(problems({ out: { __pulumiOutput: true, v: 'a\u0007' } })).toEqual([]);
    expect(problems({ out: { __pulumiOutput: false, v: 'a\u0007' } }).map((x) => x.path)).toEqual(['out.v']);
  });

  test('a promise is not walked into', () => {
    const promise = Object.assign(Promise.resolve('x'), { v: 'a\u0007' });
    expect(problems({ out: promise })).toEqual([]);
  });
});
