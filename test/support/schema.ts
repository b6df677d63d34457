/**
 * Validates manifests against the schemas a cluster would apply, for tests.
 *
 * - Built-in kinds: the JSON schemas of kubernetes-models (Kubernetes' OpenAPI),
 *   looked up from apiVersion and kind.
 * - Istio kinds: @kubernetes-models/istio.
 * - Custom resources: ajv against the `openAPIV3Schema` of the matching, served
 *   version of a CRD in the vendored crds/, with the API server's structural
 *   rules: unknown fields are errors (kubectl's default `--validate=strict`)
 *   except under `x-kubernetes-preserve-unknown-fields`, `nullable`,
 *   `x-kubernetes-int-or-string`, and `x-kubernetes-list-type` set/map
 *   uniqueness; the schema's `default`s are applied first, as the API server
 *   does. The CEL rules (`x-kubernetes-validations`) are evaluated as on
 *   create ({@link evaluateRules} in ./cel): a rule that cannot be evaluated
 *   is itself a problem, never skipped.
 * - A few rules a controller enforces that its CRD cannot express
 *   ({@link CONTROLLER_RULES}), e.g. an ExternalSecret needs a store.
 * - Every object: a name, valid for its kind, and valid label keys and values.
 *
 * An object whose apiVersion/kind has no schema is itself a problem: nothing
 * passes unvalidated. Each schema is compiled once per process.
 */
import Ajv, { type ErrorObject, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { evaluateRules, type Rule } from './cel';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */

const CRDS_DIR = path.join(__dirname, '..', '..', 'crds');

/** One error as ajv and kubernetes-models report it. */
type SchemaError = Pick<ErrorObject, 'instancePath' | 'keyword' | 'params' | 'message'> & { schemaPath?: string; data?: unknown };

/** Checks one object (without name and kind); returns its problems. */
type Check = (obj: any) => string[];

// ---------------------------------------------------------------------------
// Messages

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, pointer: string): unknown {
  let v: any = root;
  for (const part of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

/** One branch of a failed anyOf/oneOf, as a noun: `integer`, `a quantity string`. */
function branch(e: SchemaError): string {
  if (e.keyword === 'type') return String(e.params.type);
  if (e.keyword === 'format') return `a ${e.params.format} string`;
  return e.message ?? e.keyword;
}

/**
 * Readable messages for schema errors. The errors of the branches of a failed
 * anyOf/oneOf come right before it, at its path or below (their schemaPath is
 * not always under the union's: kubernetes-models validates each branch with
 * its own function), and are folded into one line.
 */
function describe(errors: readonly SchemaError[], root: unknown): string[] {
  const owner = new Map<SchemaError, SchemaError>();
  errors.forEach((u, k) => {
    if (u.keyword !== 'anyOf' && u.keyword !== 'oneOf') return;
    for (let i = k - 1; i >= 0; i--) {
      const e = errors[i];
      const within = e.instancePath === u.instancePath || e.instancePath.startsWith(`${u.instancePath}/`);
      if (!within || ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && e.instancePath === u.instancePath)) break;
      if (!owner.has(e)) owner.set(e, u); // else it belongs to a nested union, itself a branch of this one
    }
  });
  const unionOf = (e: SchemaError) => owner.get(e);
  const out: string[] = [];
  for (const e of errors) {
    if (unionOf(e)) continue;
    const at = e.instancePath || '/';
    const got = ` (got ${show(valueAt(root, e.instancePath))})`;
    switch (e.keyword) {
      case 'additionalProperties':
        out.push(`${e.instancePath}/${e.params.additionalProperty}: unknown field`);
        break;
      case 'required':
        out.push(`${at}: missing required field "${e.params.missingProperty}"`);
        break;
      case 'enum':
        out.push(`${at}: must be one of ${(e.params.allowedValues as unknown[]).map(show).join(', ')}${got}`);
        break;
      case 'anyOf':
      case 'oneOf': {
        const branches = [...new Set(errors.filter((s) => unionOf(s) === e).map(branch))];
        out.push(`${at}: ${branches.length ? `must be ${branches.join(' or ')}` : e.message}${got}`);
        break;
      }
      default:
        out.push(`${at}: ${e.message}${e.keyword === 'type' || e.keyword === 'format' || e.keyword === 'pattern' ? got : ''}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Names and labels (what the API server checks on every object)

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

function nameProblem(apiVersion: string, kind: string, name: string): string | undefined {
  if (apiVersion.startsWith('rbac.authorization.k8s.io/')) {
    return name === '.' || name === '..' || /[/%]/.test(name) ? 'must be a valid path segment (no "/" or "%", not "." or "..")' : undefined;
  }
  if (apiVersion === 'v1' && kind === 'Service') {
    return DNS1035_LABEL.test(name) && name.length <= 63
      ? undefined
      : 'must be a DNS-1035 label (lowercase letters, digits and "-", starting with a letter, at most 63 characters)';
  }
  if (apiVersion === 'v1' && kind === 'Namespace') {
    return DNS1123_LABEL.test(name) && name.length <= 63
      ? undefined
      : 'must be a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)';
  }
  return DNS1123_SUBDOMAIN.test(name) && name.length <= 253
    ? undefined
    : 'must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)';
}

function metadataProblems(obj: any): string[] {
  const problems: string[] = [];
  const meta = obj.metadata;
  if (meta === null || typeof meta !== 'object') return ['/metadata: missing required field'];
  if (typeof meta.name === 'string') {
    const p = nameProblem(obj.apiVersion, obj.kind, meta.name);
    if (p) problems.push(`/metadata/name: ${p} (got ${show(meta.name)})`);
  } else if (typeof meta.generateName !== 'string') {
    problems.push('/metadata/name: missing required field "name"');
  }
  if (typeof meta.namespace === 'string' && !(DNS1123_LABEL.test(meta.namespace) && meta.namespace.length <= 63)) {
    problems.push(`/metadata/namespace: must be a DNS-1123 label (got ${show(meta.namespace)})`);
  }
  if (meta.labels && typeof meta.labels === 'object') {
    for (const [key, value] of Object.entries(meta.labels)) {
      const slash = key.lastIndexOf('/');
      const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
      const name = key.slice(slash + 1);
      if (
        (prefix !== undefined && !(DNS1123_SUBDOMAIN.test(prefix) && prefix.length <= 253)) ||
        !LABEL_NAME.test(name) ||
        name.length > 63
      ) {
        problems.push(`/metadata/labels: invalid label key ${show(key)}`);
      }
      if (typeof value === 'string' && !(LABEL_VALUE.test(value) && value.length <= 63)) {
        problems.push(
          `/metadata/labels/${key}: invalid label value (at most 63 characters of letters, digits, "-", "_", ".", starting and ending alphanumeric) (got ${show(value)})`,
        );
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Built-in and Istio kinds: kubernetes-models

/** Models that serve a newer apiVersion with the schema of an older one: Istio promoted these to v1 unchanged, and @kubernetes-models/istio 2.3 only has v1beta1. */
const MODEL_ALIASES: Readonly<Record<string, string>> = {
  'security.istio.io/v1/PeerAuthentication': 'security.istio.io/v1beta1/PeerAuthentication',
};

const MODEL_PACKAGES = ['kubernetes-models', '@kubernetes-models/istio'];

function modelCheck(apiVersion: string, kind: string): Check | undefined {
  const key = MODEL_ALIASES[`${apiVersion}/${kind}`] ?? `${apiVersion}/${kind}`;
  if (!/^([a-z0-9.-]+\/)?v[0-9a-z]+\/[A-Z][A-Za-z0-9]*$/.test(key)) return undefined;
  for (const pkg of MODEL_PACKAGES) {
    let model: any;
    try {
      model = require(`${pkg}/${key}`)[kind];
    } catch {
      continue;
    }
    // The folders also hold the kinds' parts (DeploymentSpec...): only a resource has its own apiVersion and kind.
    if (typeof model !== 'function' || model.kind !== kind || typeof model.apiVersion !== 'string') continue;
    const modelApiVersion: string = model.apiVersion;
    return (obj) => {
      try {
        new model({ ...obj, apiVersion: modelApiVersion }).validate();
        return [];
      } catch (err: any) {
        if (Array.isArray(err?.errors)) return describe(err.errors, obj);
        return [`${err?.message ?? err}`];
      }
    };
  }
  return undefined;
}

/** A custom resource's metadata, which its CRD leaves to the API server, against ObjectMeta. */
function objectMetaProblems(obj: any): string[] {
  const { ObjectMeta } = require('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta');
  try {
    new ObjectMeta(obj.metadata).validate();
    return [];
  } catch (err: any) {
    if (!Array.isArray(err?.errors)) return [`/metadata: ${err?.message ?? err}`];
    return describe(
      err.errors.map((e: SchemaError) => ({
        ...e,
        instancePath: `/metadata${e.instancePath}`,
        schemaPath: e.schemaPath && `/metadata${e.schemaPath}`,
      })),
      obj,
    );
  }
}

// ---------------------------------------------------------------------------
// Custom resources: CRDs in crds/

const crdTexts = new Map<string, string>();
const crdFiles = new Map<string, any[]>();

function crdText(file: string): string {
  let text = crdTexts.get(file);
  if (text === undefined) crdTexts.set(file, (text = fs.readFileSync(file, 'utf8')));
  return text;
}

function crdDocs(file: string): any[] {
  let docs = crdFiles.get(file);
  if (!docs) {
    docs = YAML.parseAllDocuments(crdText(file))
      .map((d) => d.toJSON())
      .filter((d) => d?.kind === 'CustomResourceDefinition');
    crdFiles.set(file, docs);
  }
  return docs;
}

/**
 * CRDs of add-ons that are not among the team's shared crds/ (which crds/ must equal): vendored beside their
 * tests, read after crds/.
 */
const FIXTURE_CRD_DIRS = [path.join(__dirname, '..', 'fixtures', 'keda-2.20.2')];

/** The CRD of a group and kind in crds/ (or {@link FIXTURE_CRD_DIRS}). Only files that mention the kind are parsed (the files are large). */
function findCrd(group: string, kind: string): any | undefined {
  const mention = new RegExp(`^\\s*kind: ${kind.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm');
  const files = [CRDS_DIR, ...FIXTURE_CRD_DIRS]
    .filter((dir) => fs.existsSync(dir))
    .flatMap((dir) =>
      fs
        .readdirSync(dir)
        .sort()
        .map((f) => path.join(dir, f)),
    );
  for (const file of files) {
    if (!/\.ya?ml$/.test(file) || !mention.test(crdText(file))) continue;
    const crd = crdDocs(file).find((c) => c.spec?.group === group && c.spec?.names?.kind === kind);
    if (crd) return crd;
  }
  return undefined;
}

const ANNOTATIONS = [
  'example',
  'x-kubernetes-map-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
];

let ajvInstance: Ajv | undefined;

function ajv(): Ajv {
  if (!ajvInstance) {
    ajvInstance = new Ajv({
      allErrors: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
      allowUnionTypes: true,
      // No unicode mode: it rejects escapes such as \- that Go's RE2 accepts.
      unicodeRegExp: false,
      code: { regExp: re2 },
    });
    addFormats(ajvInstance);
    for (const keyword of ANNOTATIONS) ajvInstance.addKeyword({ keyword });
    ajvInstance.addKeyword({ keyword: 'x-kubernetes-list-type', type: 'array', errors: true, validate: listTypeUnique });
    ajvInstance.addKeyword({ keyword: 'x-kubernetes-validations', errors: true, validate: celRules });
  }
  return ajvInstance;
}

/**
 * Kubernetes' patterns are Go (RE2) regular expressions. JavaScript has no
 * inline flag groups such as `(?i)` (scoped to the rest of their group in RE2),
 * so a pattern with one is matched case-insensitively as a whole: more
 * permissive, never stricter than the API server.
 */
const re2 = Object.assign(
  (pattern: string, flags: string): RegExp => {
    const insensitive = pattern.includes('(?i)');
    return new RegExp(pattern.replace(/\(\?i\)/g, ''), insensitive ? `${flags}i` : flags);
  },
  { code: 're2' },
);

/** `x-kubernetes-list-type`: the items of a `set`, and the keys of the items of a `map`, are unique. */
const listTypeUnique: SchemaValidateFunction = function (mode: string, items: any[], parent?: any) {
  listTypeUnique.errors = [];
  if (mode !== 'set' && mode !== 'map') return true;
  const keys: string[] = parent?.['x-kubernetes-list-map-keys'] ?? [];
  const identity = (item: any) =>
    mode === 'set' ? JSON.stringify(item) : JSON.stringify(keys.map((k) => item?.[k] ?? parent?.items?.properties?.[k]?.default));
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const id = identity(item);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else {
      const by = mode === 'map' ? ` by ${keys.join(', ')}` : '';
      listTypeUnique.errors!.push({
        keyword: 'x-kubernetes-list-type',
        params: {},
        message: `items ${first} and ${i} are duplicates${by}: ${id}`,
      });
    }
  });
  return listTypeUnique.errors.length === 0;
};

/**
 * `x-kubernetes-validations`: the node's CEL rules hold for its value. The
 * rules are evaluated against the CRD's own (structural) schema of the node,
 * which gives `self` its CEL type; a failure is reported at the node, or below
 * it by the rule's `fieldPath`.
 */
const celRules: SchemaValidateFunction = function (rules: Rule[], data: unknown, parentSchema?: any, cxt?: any) {
  const failures = evaluateRules(rules, (parentSchema && structuralNodes.get(parentSchema)) ?? parentSchema, data);
  celRules.errors = failures.map((f) => ({
    keyword: 'x-kubernetes-validations',
    params: { rule: f.rule },
    message: f.message,
    ...(f.path ? { instancePath: `${cxt?.instancePath ?? ''}${f.path}` } : {}),
  }));
  return failures.length === 0;
};

/** The CRD's schema node of each JSON Schema node that has CEL rules. */
const structuralNodes = new WeakMap<object, any>();

/**
 * The API server's defaulting (before it validates): a property or item that is
 * absent, or null without `nullable`, gets the schema's `default`, and the
 * defaults are themselves defaulted. Mutates `x`.
 */
function applyDefaults(x: unknown, s: any): void {
  if (!s || typeof s !== 'object' || x === null || typeof x !== 'object') return;
  const missing = (v: unknown, sub: any) => v === undefined || (v === null && sub.nullable !== true);
  const copy = (v: unknown) => JSON.parse(JSON.stringify(v));
  if (Array.isArray(x)) {
    const items = s.items;
    if (!items || typeof items !== 'object') return;
    for (let i = 0; i < x.length; i++) {
      if (x[i] === null && missing(x[i], items) && items.default !== undefined) x[i] = copy(items.default);
      applyDefaults(x[i], items);
    }
    return;
  }
  const obj = x as Record<string, unknown>;
  for (const [k, prop] of Object.entries<any>(s.properties ?? {})) {
    if (prop?.default !== undefined && missing(obj[k], prop)) obj[k] = copy(prop.default);
  }
  const extra = s.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  for (const k of Object.keys(obj)) {
    const prop = s.properties?.[k];
    if (prop) applyDefaults(obj[k], prop);
    else if (extra) {
      if (obj[k] === null && missing(obj[k], extra) && extra.default !== undefined) obj[k] = copy(extra.default);
      applyDefaults(obj[k], extra);
    }
  }
}

/** The CRD's structural schema as plain JSON Schema: nullable, int-or-string, unknown fields rejected unless preserved. */
function toJsonSchema(schema: any, formats: Set<string>, root = false): any {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, formats));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' || k === 'patternProperties' || k === 'definitions') {
      out[k] = Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, toJsonSchema(s, formats)]));
    } else if (
      k === 'default' ||
      k === 'example' ||
      k === 'enum' ||
      k === 'x-kubernetes-validations' ||
      k === 'x-kubernetes-list-map-keys'
    ) {
      out[k] = v;
    } else if (k !== 'nullable') {
      out[k] = toJsonSchema(v, formats);
    }
  }
  if (typeof out.format === 'string') formats.add(out.format);
  if (out['x-kubernetes-validations']) structuralNodes.set(out, schema);
  if (out['x-kubernetes-int-or-string'] && !out.type && !out.anyOf) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  if (out['x-kubernetes-embedded-resource'] && out.properties) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
  }
  if (root) out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields'])
    out.additionalProperties = false;
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.type === undefined) return { anyOf: [{ type: 'null' }, out] };
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

function crdCheck(group: string, version: string, kind: string): Check | string | undefined {
  const crd = findCrd(group, kind);
  if (!crd) return undefined;
  const versions: any[] = crd.spec.versions ?? [];
  const served = versions.filter((v) => v.served !== false).map((v) => v.name);
  const crdVersion = versions.find((v) => v.name === version);
  if (!crdVersion) return `${group}/${version} is not a version of ${kind} in crds/ (served: ${served.join(', ')})`;
  if (crdVersion.served === false) return `${group}/${version} of ${kind} is not served (served: ${served.join(', ')})`;
  const openApi = crdVersion.schema?.openAPIV3Schema;
  if (!openApi) return `the CRD of ${kind} has no openAPIV3Schema for ${version}`;
  return openApiCheck(openApi, `${group}/${version} ${kind} in crds/`);
}

/** The check of a custom resource against a CRD version's `openAPIV3Schema`, or why there is none. */
function openApiCheck(openApi: any, what: string): Check | string {
  const formats = new Set<string>();
  const schema = toJsonSchema(openApi, formats, true);
  const a = ajv();
  // Kubernetes ignores formats it does not know; so does this.
  for (const f of formats) if (!a.formats[f]) a.addFormat(f, true);
  let validate: ValidateFunction;
  try {
    validate = a.compile(schema);
  } catch (err: any) {
    return `the schema of ${what} does not compile: ${err?.message ?? err}`;
  }
  return (obj) => {
    let defaulted: any;
    try {
      defaulted = structuredClone(obj);
    } catch {
      defaulted = JSON.parse(JSON.stringify(obj));
    }
    applyDefaults(defaulted, openApi);
    return [
      ...(validate(defaulted) ? [] : describe(validate.errors ?? [], defaulted)),
      ...(obj.metadata && typeof obj.metadata === 'object' ? objectMetaProblems(obj) : []),
    ];
  };
}

const openApiChecks = new WeakMap<object, Check | string>();

/**
 * Problems of a custom resource against a given `openAPIV3Schema` (as
 * {@link validateObject} reports them, with the same structural rules, defaults
 * and CEL rules), for a schema that is not in crds/.
 */
export function validateAgainstSchema(openAPIV3Schema: object, obj: any): string[] {
  let check = openApiChecks.get(openAPIV3Schema);
  if (check === undefined) openApiChecks.set(openAPIV3Schema, (check = openApiCheck(openAPIV3Schema, 'the custom resource')));
  const at = label(obj, 0);
  if (typeof check === 'string') return [`${at}: ${check}`];
  return [...metadataProblems(obj), ...check(obj)].map((p) => `${at}: ${p}`);
}

// ---------------------------------------------------------------------------
// Rules a controller enforces that its CRD schema cannot express

/** Extra checks by `apiVersion/kind` (without version: every served version). */
const CONTROLLER_RULES: Readonly<Record<string, Check>> = {
  // The v1 schema leaves secretStoreRef optional because each entry may name its own store; without either, nothing can be fetched.
  'external-secrets.io/ExternalSecret': (obj) => {
    const entries = [...(obj.spec?.data ?? []), ...(obj.spec?.dataFrom ?? [])];
    const ownStore = entries.length > 0 && entries.every((e: any) => e?.sourceRef?.storeRef || e?.sourceRef?.generatorRef);
    return obj.spec?.secretStoreRef || ownStore
      ? []
      : ['/spec: missing required field "secretStoreRef" (required unless every data and dataFrom entry sets sourceRef)'];
  },
};

function controllerRules(obj: any): string[] {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.lastIndexOf('/')) : '';
  return CONTROLLER_RULES[`${group}/${obj.kind}`]?.(obj) ?? [];
}

// ---------------------------------------------------------------------------
// Lookup

const checks = new Map<string, Check | string>();

/** The check for an apiVersion/kind, or why there is none. Compiled once and cached. */
function checkFor(apiVersion: string, kind: string): Check | string {
  const key = `${apiVersion}/${kind}`;
  let check = checks.get(key);
  if (check === undefined) {
    const slash = apiVersion.lastIndexOf('/');
    const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
    const version = apiVersion.slice(slash + 1);
    check =
      (group.includes('.') ? crdCheck(group, version, kind) : undefined) ??
      modelCheck(apiVersion, kind) ??
      `unknown apiVersion/kind ${apiVersion} ${kind}: no schema in kubernetes-models, @kubernetes-models/istio or crds/`;
    checks.set(key, check);
  }
  return check;
}

/** `<kind>/<name>`; `#<index>` stands in for a missing name, `object #<index>` for a missing kind. */
function label(obj: any, index: number): string {
  const name = typeof obj?.metadata?.name === 'string' ? obj.metadata.name : obj?.metadata?.generateName;
  if (typeof obj?.kind !== 'string') return name === undefined ? `object #${index}` : `object #${index}/${name}`;
  return `${obj.kind}/${name ?? `#${index}`}`;
}

/** Problems of one object, each `<kind>/<name>: <path>: <error>`. */
export function validateObject(obj: any, index = 0): string[] {
  const at = label(obj, index);
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [`${at}: not an object (got ${show(obj)})`];
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return [`${at}: missing apiVersion or kind`];
  const check = checkFor(obj.apiVersion, obj.kind);
  if (typeof check === 'string') return [`${at}: ${check}`];
  return [...metadataProblems(obj), ...check(obj), ...controllerRules(obj)].map((p) => `${at}: ${p}`);
}

/** Problems of all objects, one message per problem: `<kind>/<name>: <path>: <error>`. Empty when every object is valid. */
export function validateObjects(objects: readonly any[]): string[] {
  return objects.flatMap((obj, i) => validateObject(obj, i));
}

/** {@link validateObjects} for a multi-document YAML text; empty documents are skipped and YAML syntax errors are problems. */
export function validateYaml(text: string): string[] {
  const problems: string[] = [];
  const objects: any[] = [];
  YAML.parseAllDocuments(text).forEach((doc, i) => {
    for (const e of doc.errors) problems.push(`document #${i}: ${e.message}`);
    const obj = doc.toJSON();
    if (obj !== null && obj !== undefined) objects.push(obj);
  });
  return [...problems, ...validateObjects(objects)];
}
