/**
 * The NATS server configuration format: a superset of JSON with unquoted
 * keys, `key: value` pairs and `$VARIABLE` references resolved from the
 * environment. The library renders configuration from plain objects, so that
 * it is built (and tested) as data, not as text.
 */

/** A reference to an environment variable, rendered unquoted (`$NAME`) so the server resolves it. */
export class EnvRef {
  constructor(public readonly name: string) {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`invalid environment variable name for a NATS config reference: ${name}`);
  }
}

/** A value of the configuration. */
export type ConfValue = string | number | boolean | EnvRef | readonly ConfValue[] | { readonly [key: string]: ConfValue | undefined };

function render(value: ConfValue, indent: string): string {
  if (value instanceof EnvRef) return `$${value.name}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${render(v, inner)}`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, ConfValue | undefined>).filter(
    (e): e is [string, ConfValue] => e[1] !== undefined,
  );
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${render(v, inner)}`).join('\n')}\n${indent}}`;
}

/** Renders a configuration object as a NATS config file (top-level keys without braces). */
export function renderConf(config: { readonly [key: string]: ConfValue | undefined }): string {
  return (
    Object.entries(config)
      .filter((e): e is [string, ConfValue] => e[1] !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${render(v, '')}`)
      .join('\n') + '\n'
  );
}
