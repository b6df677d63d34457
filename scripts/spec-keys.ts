/**
 * Generates lib/core/spec/keys.generated.ts, the keys the spec allows at each point (the data behind
 * the unknown-key rule, lib/core/validation/unknown-keys.ts), from the TypeScript types of
 * lib/core/spec. Run by `npm run spec-keys`; test/tooling/spec-keys.test.ts regenerates it and fails
 * when the committed file differs.
 *
 * The walk starts at `ProductionStackProps` and follows every property's declared type:
 * - a primitive, a literal or a list of them has no keys (`null`); `Readonly<Record<string, T>>` is a
 *   map whose keys are the user's (`{ map: T }`);
 * - an interface or a type alias declared in lib/core/spec becomes a named entry of `types`, any other
 *   object type is written in place;
 * - a union of object types is `oneOf` its variants: by a field every variant has with a distinct
 *   string literal (`type`), else by the one key each variant alone has (`service` / `namespace`).
 * A type it cannot express (`any`, `unknown`, `object`, a function, a tuple, an object with both
 * properties and an index signature, a union whose variants cannot be told apart) fails the generation:
 * extend this script rather than let a field go unchecked.
 *
 * The output is laid out as Prettier would (objects one key per line), so `prettier --check` holds
 * without running Prettier here.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import type { KeyShape, ObjectKeys, SpecKeys } from '../lib/core/validation/unknown-keys';
import { repoRoot } from './sync-crds';

/** The root of the spec. */
export const ROOT = 'ProductionStackProps';

/** The generated file, relative to the repository. */
export const OUTPUT = 'lib/core/spec/keys.generated.ts';

const SPEC_DIR = 'lib/core/spec';

/** The keys of the spec, read from the types in `<root>/lib/core/spec`. */
export function specKeys(root: string = repoRoot(__dirname)): SpecKeys {
  const specDir = path.join(root, SPEC_DIR);
  const files = fs
    .readdirSync(specDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.generated.ts'))
    .map((f) => path.join(specDir, f));
  const program = ts.createProgram(files, { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const inSpec = (d: ts.Declaration): boolean => path.resolve(d.getSourceFile().fileName).startsWith(specDir + path.sep);

  const rootDecl = files
    .flatMap((f) => program.getSourceFile(f)?.statements ?? [])
    .find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === ROOT);
  if (!rootDecl) throw new Error(`spec keys: no interface ${ROOT} in ${SPEC_DIR}`);

  const types: Record<string, ObjectKeys> = {};
  const pending = new Set<string>();

  /** The name of a type's own interface or alias in lib/core/spec, if it has one. */
  const specName = (type: ts.Type): string | undefined => {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const decl = symbol?.declarations?.[0];
    if (!symbol || !decl || !inSpec(decl)) return undefined;
    return ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl) ? symbol.getName() : undefined;
  };

  const isKeyless = (t: ts.Type): boolean =>
    (t.flags &
      (ts.TypeFlags.StringLike |
        ts.TypeFlags.NumberLike |
        ts.TypeFlags.BooleanLike |
        ts.TypeFlags.BigIntLike |
        ts.TypeFlags.EnumLike |
        ts.TypeFlags.Null |
        ts.TypeFlags.Undefined |
        ts.TypeFlags.Void)) !==
    0;

  /** The declared type of a property (keeping the alias, e.g. `ProbeSpec`, that `T | undefined` loses). */
  const propertyType = (prop: ts.Symbol): ts.Type => {
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    if (decl && (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) && decl.type)
      return checker.getTypeFromTypeNode(decl.type);
    if (!decl) throw new Error(`spec keys: property ${prop.getName()} has no declaration`);
    return checker.getTypeOfSymbolAtLocation(prop, decl);
  };

  const shapeOf = (type: ts.Type, where: string): KeyShape => {
    // (before narrowing: NonNullable<unknown> is `{}`)
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
      throw new Error(`spec keys: ${where} is ${checker.typeToString(type)}: give it a type whose keys can be checked`);
    }
    const t = checker.getNonNullableType(type);
    if (t.flags & (ts.TypeFlags.NonPrimitive | ts.TypeFlags.Never)) {
      throw new Error(`spec keys: ${where} is ${checker.typeToString(t)}: give it a type whose keys can be checked`);
    }
    if (isKeyless(t)) return null;
    if (t.isUnion()) {
      const objects = t.types.filter((m) => !isKeyless(m));
      if (objects.length === 0) return null;
      if (objects.length === 1) return shapeOf(objects[0], where);
      return named(t, () => unionKeys(objects, where));
    }
    if (checker.isTupleType(t)) throw new Error(`spec keys: ${where} is a tuple`);
    if (checker.isArrayType(t)) {
      const item = shapeOf(checker.getTypeArguments(t as ts.TypeReference)[0], `${where}[]`);
      return item === null ? null : { list: item };
    }
    if (t.getCallSignatures().length > 0 || t.getConstructSignatures().length > 0) throw new Error(`spec keys: ${where} is a function`);
    const props = checker.getPropertiesOfType(t);
    const indexes = checker.getIndexInfosOfType(t);
    if (indexes.length > 0) {
      if (props.length > 0 || indexes.length > 1 || !(indexes[0].keyType.flags & ts.TypeFlags.String)) {
        throw new Error(`spec keys: ${where} mixes named keys and an index signature`);
      }
      return { map: shapeOf(indexes[0].type, `${where}.*`) };
    }
    if (props.length === 0) throw new Error(`spec keys: ${where} is an object type without properties`);
    return named(t, () => ({
      fields: Object.fromEntries(props.map((prop) => [prop.getName(), shapeOf(propertyType(prop), `${where}.${prop.getName()}`)])),
    }));
  };

  /** A spec interface or alias becomes a named entry (computed once), anything else is written in place. */
  const named = (t: ts.Type, keys: () => ObjectKeys): KeyShape => {
    const name = specName(t);
    if (name === undefined) return keys();
    if (!types[name] && !pending.has(name)) {
      pending.add(name);
      types[name] = keys();
      pending.delete(name);
    }
    return name;
  };

  const unionKeys = (variants: readonly ts.Type[], where: string): ObjectKeys => {
    const shapes = variants.map((v, i) => shapeOf(v, `${where}|${i}`));
    shapes.forEach((shape, i) => {
      if (shape === null || (typeof shape === 'object' && ('list' in shape || 'map' in shape))) {
        throw new Error(`spec keys: variant ${i} of ${where} is not an object: a union may mix objects with primitives only`);
      }
    });
    const literal = (v: ts.Type, k: string): string | undefined => {
      const prop = checker.getPropertyOfType(v, k);
      const t = prop && checker.getNonNullableType(propertyType(prop));
      return t?.isStringLiteral() && !(prop!.flags & ts.SymbolFlags.Optional) ? t.value : undefined;
    };
    const keysOf = (v: ts.Type): string[] => checker.getPropertiesOfType(v).map((p) => p.getName());
    // A tag: a required field every variant has, with a string literal of its own.
    for (const by of keysOf(variants[0])) {
      const tags = variants.map((v) => literal(v, by));
      if (tags.every((x) => x !== undefined) && new Set(tags).size === tags.length) {
        return { by, oneOf: Object.fromEntries(tags.map((tag, i) => [tag!, shapes[i]])) };
      }
    }
    // Else each variant is named by the one required key no other variant has.
    const names = variants.map((v, i) => {
      const others = new Set(variants.filter((_, j) => j !== i).flatMap(keysOf));
      const mine = checker
        .getPropertiesOfType(v)
        .filter((p) => !(p.flags & ts.SymbolFlags.Optional) && !others.has(p.getName()))
        .map((p) => p.getName());
      if (mine.length !== 1) {
        throw new Error(`spec keys: variant ${i} of ${where} has ${mine.length} required keys of its own: it needs exactly one, or a tag`);
      }
      return mine[0];
    });
    return { oneOf: Object.fromEntries(names.map((n, i) => [n, shapes[i]])) };
  };

  shapeOf(checker.getTypeAtLocation(rootDecl.name), ROOT);
  return { root: ROOT, types };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k: string): string => (IDENTIFIER.test(k) ? k : `'${k.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);

/** A shape as TypeScript source, laid out as Prettier lays it out. */
function print(shape: KeyShape | ObjectKeys, indent: string): string {
  if (shape === null) return 'null';
  if (typeof shape === 'string') return `'${shape}'`;
  const inner = indent + '  ';
  const entries = (o: Readonly<Record<string, KeyShape>>): string =>
    `{\n${Object.entries(o)
      .map(([k, v]) => `${inner}  ${key(k)}: ${print(v, inner + '  ')},\n`)
      .join('')}${inner}}`;
  if ('list' in shape || 'map' in shape) {
    const [k, v] = 'list' in shape ? ['list', shape.list] : ['map', shape.map];
    if (v === null || typeof v === 'string') return `{ ${k}: ${print(v, indent)} }`;
    return `{\n${inner}${k}: ${print(v, inner)},\n${indent}}`;
  }
  if ('fields' in shape) return `{\n${inner}fields: ${entries(shape.fields)},\n${indent}}`;
  return `{\n${shape.by === undefined ? '' : `${inner}by: '${shape.by}',\n`}${inner}oneOf: ${entries(shape.oneOf)},\n${indent}}`;
}

/** The content of {@link OUTPUT}. */
export function generateSpecKeys(root: string = repoRoot(__dirname)): string {
  const keys = specKeys(root);
  const types = Object.keys(keys.types)
    .sort()
    .map((name) => `    ${name}: ${print(keys.types[name], '    ')},\n`)
    .join('');
  return [
    '// Generated by `npm run spec-keys` (scripts/spec-keys.ts) from the types in lib/core/spec.',
    '// Do not edit: change the types and regenerate.',
    "import type { SpecKeys } from '../validation/unknown-keys';",
    '',
    '/** The keys the spec allows at each point (see lib/core/validation/unknown-keys.ts). */',
    'export const SPEC_KEYS: SpecKeys = {',
    `  root: '${keys.root}',`,
    '  types: {',
    `${types}  },`,
    '};',
    '',
  ].join('\n');
}

function main(): void {
  const started = Date.now();
  const root = repoRoot();
  const text = generateSpecKeys(root);
  fs.writeFileSync(path.join(root, OUTPUT), text);
  console.log(`wrote ${OUTPUT} (${text.split('\n').length} lines) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
