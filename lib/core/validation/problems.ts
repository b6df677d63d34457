/** One thing wrong with a spec: where, what was given, and the rule it breaks. */
export interface Problem {
  /** Path of the field, e.g. `services[0].autoscaling.minReplicas`. */
  readonly path: string;
  /** The value given. */
  readonly value: unknown;
  /** The rule, in words that show the value and what was expected. */
  readonly rule: string;
}

/** Characters JSON leaves as they are but a terminal or a YAML reader would act on: shown escaped. */
const INVISIBLE = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

/** A value as problems show it: JSON, invisible characters escaped, at most 80 characters. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const s = (JSON.stringify(value) ?? String(value)).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

/** Renders a problem as one line: `path: rule`. */
export function formatProblem(p: Problem): string {
  return `${p.path}: ${p.rule}`;
}

/**
 * Thrown when a spec is invalid. It holds every problem found, not just the
 * first, and its message lists them one per line.
 */
export class ValidationError extends Error {
  /** Every problem found. */
  public readonly problems: readonly Problem[];

  /** `subject` is what was invalid, in the message: by default the stack, `ProductionStack "<stackName>"`. */
  constructor(stackName: string, problems: readonly Problem[], subject = `ProductionStack "${stackName}"`) {
    const n = problems.length;
    super(`${subject} is invalid (${n} problem${n === 1 ? '' : 's'}):\n` + problems.map((p) => `  - ${formatProblem(p)}`).join('\n'));
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** Collects problems while the rules run. */
export class Problems {
  private readonly list: Problem[] = [];

  /** Records a problem; `rule` may use `{value}` for the given value. */
  add(path: string, value: unknown, rule: string): void {
    // A function, so that `$&`, `$'` or `$$` in the value are not read as replacement patterns.
    this.list.push({ path, value, rule: rule.replace('{value}', () => showValue(value)) });
  }

  get all(): readonly Problem[] {
    return this.list;
  }
}
