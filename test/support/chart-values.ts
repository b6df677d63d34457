/** The vendored values.yaml of the add-ons' charts (test/fixtures/charts), and a check of Helm values against them. */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** A vendored values.yaml: its text (comments document optional keys) and its parsed values. */
export function vendoredChart(file: string): { raw: string; parsed: any } {
  const raw = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'charts', file), 'utf8');
  return { raw, parsed: YAML.parse(raw) };
}

/**
 * Whether every key of `values` is a key of the chart's values.yaml (`chart`): present there, or under a
 * map the chart leaves empty (free-form, such as `resources: {}`), a list, or one of `freeForm` (a subtree
 * the chart passes through, such as a controller's configuration); or documented there as a comment
 * (`# key:`), as charts do for optional keys. Returns the paths that are none of these.
 */
export function unknownKeys(values: unknown, chart: unknown, raw: string, freeForm: readonly string[], at = ''): string[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return [];
  if (freeForm.includes(at)) return [];
  const c = chart !== null && typeof chart === 'object' && !Array.isArray(chart) ? (chart as Record<string, unknown>) : undefined;
  if (at !== '' && (c === undefined || Object.keys(c).length === 0)) return [];
  return Object.entries(values as Record<string, unknown>).flatMap(([key, v]) => {
    const where = at ? `${at}.${key}` : key;
    if (c && key in c) return unknownKeys(v, c[key], raw, freeForm, where);
    return new RegExp(`^\\s*#\\s*${key}:`, 'm').test(raw) ? [] : [where];
  });
}
