/**
 * lib/core/spec/keys.generated.ts, the keys the unknown-key rule allows, is what `npm run spec-keys`
 * generates from the current types; it covers every interface and object type of lib/core/spec, with
 * exactly the fields each declares (read here from the source, independently of the generator); and
 * the generator refuses a type whose keys it could not check instead of letting it through.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { SPEC_KEYS } from '../../lib/core/spec/keys.generated';
import type { KeyShape, ObjectKeys } from '../../lib/core/validation/unknown-keys';
import { generateSpecKeys, OUTPUT, specKeys } from '../../scripts/spec-keys';
import { repoRoot } from '../../scripts/sync-crds';

const root = repoRoot(__dirname);
const specDir = path.join(root, 'lib', 'core', 'spec');

test(`${OUTPUT} is what npm run spec-keys generates from lib/core/spec`, () => {
  const generated = generateSpecKeys(root);
  const committed = fs.readFileSync(path.join(root, OUTPUT), 'utf8');
  if (committed !== generated) {
    const a = committed.split('\n');
    const b = generated.split('\n');
    const at = Math.max(
      0,
      a.findIndex((l, i) => l !== b[i]),
    );
    throw new Error(
      `${OUTPUT} is stale: run npm run spec-keys\nfirst difference at line ${at + 1}:\n- ${a[at] ?? '(end of file)'}\n+ ${b[at] ?? '(end of file)'}`,
    );
  }
});

/** Every interface and object type alias of lib/core/spec, read from the source alone. */
interface Declared {
  /** Property names it declares itself. */
  readonly members: string[];
  /** Interfaces it extends. */
  readonly bases: string[];
  readonly kind: 'interface' | 'union';
}

function declaredTypes(): Map<string, Declared> {
  const out = new Map<string, Declared>();
  const names = (members: ts.NodeArray<ts.TypeElement>): string[] =>
    members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier).text);
  for (const file of fs.readdirSync(specDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.generated.ts'))) {
    const sf = ts.createSourceFile(file, fs.readFileSync(path.join(specDir, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const s of sf.statements) {
      if (ts.isInterfaceDeclaration(s)) {
        const bases = (s.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(sf)));
        out.set(s.name.text, { members: names(s.members), bases, kind: 'interface' });
      } else if (ts.isTypeAliasDeclaration(s)) {
        const parts = ts.isUnionTypeNode(s.type) ? s.type.types : [s.type];
        // A union of objects (named or written in place); unions of string literals have no keys.
        if (parts.some((t) => ts.isTypeLiteralNode(t) || ts.isTypeReferenceNode(t))) {
          out.set(s.name.text, { members: [], bases: [], kind: 'union' });
        }
      }
    }
  }
  return out;
}

const declared = declaredTypes();

/** The names of a type and every interface it extends, transitively. */
function withBases(name: string): string[] {
  const d = declared.get(name);
  return [name, ...(d?.bases ?? []).flatMap(withBases)];
}

test('lib/core/spec declares the types the tests below expect (the source reader works)', () => {
  expect(declared.get('ProductionStackProps')?.members).toContain('services');
  expect(declared.get('HttpProbe')?.bases).toEqual(['ProbeTimings']);
  expect(declared.get('CallerSpec')?.kind).toBe('union');
  expect(declared.has('StandbyMode')).toBe(false);
});

test.each([...declared].filter(([, d]) => d.kind === 'interface'))(
  'every field of interface %s is in the generated keys, wherever the interface is used',
  (name) => {
    // An interface is an entry of its own or, as ProbeTimings, the base of entries.
    const entries = Object.keys(SPEC_KEYS.types).filter((t) => t === name || withBases(t).includes(name));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const keys = SPEC_KEYS.types[entry];
      expect('fields' in keys && Object.keys(keys.fields).sort()).toEqual(
        [...new Set(withBases(entry).flatMap((n) => declared.get(n)?.members ?? []))].sort(),
      );
    }
  },
);

test.each([...declared].filter(([, d]) => d.kind === 'union'))('union %s is in the generated keys with its variants', (name) => {
  const keys = SPEC_KEYS.types[name];
  expect(keys && 'oneOf' in keys && Object.keys(keys.oneOf).length).toBeGreaterThan(1);
});

test('the generated keys name no type that lib/core/spec does not declare, and every type is reachable from ProductionStackProps', () => {
  expect(Object.keys(SPEC_KEYS.types).filter((t) => !declared.has(t))).toEqual([]);
  const reached = new Set<string>();
  const visit = (shape: KeyShape | ObjectKeys): void => {
    if (shape === null) return;
    if (typeof shape === 'string') {
      if (reached.has(shape)) return;
      reached.add(shape);
      visit(SPEC_KEYS.types[shape]);
    } else if ('list' in shape) visit(shape.list);
    else if ('map' in shape) visit(shape.map);
    else Object.values('fields' in shape ? shape.fields : shape.oneOf).forEach(visit);
  };
  visit(SPEC_KEYS.root);
  expect(SPEC_KEYS.root).toBe('ProductionStackProps');
  expect(Object.keys(SPEC_KEYS.types).filter((t) => !reached.has(t))).toEqual([]);
});

describe('the generator', () => {
  let tmp: string;
  const keysOf = (source: string) => {
    fs.mkdirSync(path.join(tmp, 'lib', 'core', 'spec'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'lib', 'core', 'spec', 'stack.ts'), source);
    return specKeys(tmp);
  };
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-keys-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('writes named types, lists, maps, tagged and untagged unions and objects written in place', () => {
    const source = `
      export interface Item { readonly name: string; readonly tags?: readonly string[] }
      export type Probe = { readonly type: 'a'; readonly x: string } | { readonly type: 'b'; readonly y?: Item };
      export type Peer = { readonly service: string; readonly ports?: number[] } | { readonly cidr: string; readonly ports?: number[] };
      export interface ProductionStackProps {
        readonly items?: readonly Item[];
        readonly byName?: Readonly<Record<string, Item>>;
        readonly labels?: Readonly<Record<string, string>>;
        readonly probe?: Probe;
        readonly peers?: Peer[];
        readonly window?: { readonly start: string; readonly end: string };
        readonly port?: string | number;
      }`;
    expect(keysOf(source)).toEqual({
      root: 'ProductionStackProps',
      types: {
        Item: { fields: { name: null, tags: null } },
        Probe: { by: 'type', oneOf: { a: { fields: { type: null, x: null } }, b: { fields: { type: null, y: 'Item' } } } },
        Peer: { oneOf: { service: { fields: { service: null, ports: null } }, cidr: { fields: { cidr: null, ports: null } } } },
        ProductionStackProps: {
          fields: {
            items: { list: 'Item' },
            byName: { map: 'Item' },
            labels: { map: null },
            probe: 'Probe',
            peers: { list: 'Peer' },
            window: { fields: { start: null, end: null } },
            port: null,
          },
        },
      },
    });
  });

  test.each<[string, string, RegExp]>([
    ['any', 'readonly extra?: any', /extra is any/],
    ['unknown', 'readonly extra?: unknown', /extra is unknown/],
    ['object', 'readonly extra?: object', /extra is object/],
    ['named keys with an index signature', 'readonly extra?: { readonly a: string; readonly [k: string]: string }', /mixes named keys/],
    ['a function', 'readonly extra?: () => void', /extra is a function/],
    ['an object or a list', 'readonly extra?: { a: string } | { b: string }[]', /is not an object/],
    [
      'a union its variants cannot be told apart in',
      'readonly extra?: { a: string } | { a: string; b?: string }',
      /needs exactly one, or a tag/,
    ],
  ])('refuses a field typed %s', (_what, field, error) => {
    expect(() => keysOf(`export interface ProductionStackProps { readonly name: string; ${field} }`)).toThrow(error);
  });
});
