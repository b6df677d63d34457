/** Renders a plan: a readable tree for the terminal, and the JSON document of `--json`. */
import type { PlanResource } from './plan';

/** The JSON document of a plan. */
export interface PlanDocument {
  readonly resources: readonly PlanResource[];
}

/** The JSON document of a plan (`--json FILE`). */
export function planDocument(resources: readonly PlanResource[]): PlanDocument {
  return { resources };
}

/** Longest value shown on one line of the tree; the JSON document has everything. */
export const MAX_VALUE_LENGTH = 120;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(value: unknown): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return s.length > MAX_VALUE_LENGTH ? `${s.slice(0, MAX_VALUE_LENGTH - 1)}… (${s.length} chars)` : s;
}

/**
 * Flattens inputs into `path: value` lines. Objects with identifier keys and
 * arrays of objects are walked (`vpcConfig.endpointPrivateAccess`,
 * `secondaryIpRanges[0].rangeName`); maps such as tags, and arrays of plain
 * values, stay whole on one line.
 */
export function flattenInputs(inputs: Readonly<Record<string, unknown>>, prefix = ''): [string, string][] {
  const lines: [string, string][] = [];
  for (const [key, value] of Object.entries(inputs)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isRecord(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => IDENTIFIER.test(k))) {
      lines.push(...flattenInputs(value, path));
    } else if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) {
      value.forEach((item, i) => lines.push(...flattenInputs(item as Record<string, unknown>, `${path}[${i}]`)));
    } else {
      lines.push([path, show(value)]);
    }
  }
  return lines;
}

function optionLines(options: PlanResource['options']): string[] {
  return Object.entries(options).map(([k, v]) => {
    if (v === true) return k;
    if (Array.isArray(v)) return `${k}: ${v.join(', ')}`;
    return `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`;
  });
}

/**
 * The plan as a tree, the way `pulumi preview` lists it: `+ <type> <name>`
 * indented under its parent, then its inputs and its options.
 */
export function renderPlan(resources: readonly PlanResource[], title = 'Plan'): string {
  const depth = new Map<string, number>();
  const lines = [`${title}: ${resources.length} resource${resources.length === 1 ? '' : 's'} to create`, ''];
  for (const r of resources) {
    const level = r.parent === null ? 0 : (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.name, level);
    const indent = '  '.repeat(level);
    lines.push(`${indent}+ ${r.type}  ${r.name}`);
    for (const [path, value] of flattenInputs(r.inputs)) lines.push(`${indent}      ${path}: ${value}`);
    for (const option of optionLines(r.options)) lines.push(`${indent}      [${option}]`);
  }
  return `${lines.join('\n')}\n`;
}
