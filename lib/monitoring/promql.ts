/** Small builders for the PromQL the rules and dashboards share. Expressions are plain strings. */
import { parser } from '@prometheus-io/lezer-promql';

/** `label="value"`. */
export function eq(label: string, value: string): string {
  return `${label}=${JSON.stringify(value)}`;
}

/** `label=~"regex"` (fully anchored, RE2). */
export function re(label: string, regex: string): string {
  return `${label}=~${JSON.stringify(regex)}`;
}

/** `label!="value"`. */
export function ne(label: string, value: string): string {
  return `${label}!=${JSON.stringify(value)}`;
}

/** `metric{matchers}`. */
export function selector(metric: string, ...matchers: readonly string[]): string {
  return `${metric}{${matchers.join(', ')}}`;
}

/** Adds (or overwrites) label `target` with the first group of `regex` matched against `source`; series whose `source` does not match keep their labels. */
export function labelFrom(expr: string, target: string, source: string, regex: string): string {
  return `label_replace(${expr}, ${JSON.stringify(target)}, "$1", ${JSON.stringify(source)}, ${JSON.stringify(regex)})`;
}

/** A number without floating-point noise: 14.4, not 14.399999999999999. */
export function num(x: number): string {
  return String(Number(x.toPrecision(12)));
}

const UNITS: readonly [string, number][] = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/** A Prometheus duration in its largest whole unit: 300 → `5m`, 2592000 → `30d`. */
export function duration(seconds: number): string {
  for (const [unit, size] of UNITS) if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  return `${Math.round(seconds * 1000)}ms`;
}

/** Seconds of a Prometheus duration such as `5m` or `1h30m`. */
export function seconds(d: string): number {
  const size: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  let total = 0;
  for (const m of d.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * size[m[2]];
  return total;
}

/**
 * Scopes an expression to one namespace, as prom-label-proxy does: every
 * series selector gets `namespace="<namespace>"`, replacing a namespace
 * matcher it already has. Used on the expressions a spec writes itself (the
 * guides' alerts), which name no namespace.
 */
export function scopeToNamespace(expr: string, namespace: string): string {
  const matcher = eq('namespace', namespace);
  const edits: { from: number; to: number; text: string }[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return;
      const matchers = node.node.getChild('LabelMatchers');
      if (!matchers) {
        edits.push({ from: node.to, to: node.to, text: `{${matcher}}` });
        return false;
      }
      const existing = [...matchers.getChildren('UnquotedLabelMatcher'), ...matchers.getChildren('QuotedLabelMatcher')].find((m) => {
        const name = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
        return name !== null && expr.slice(name.from, name.to).replace(/"/g, '') === 'namespace';
      });
      if (existing) edits.push({ from: existing.from, to: existing.to, text: matcher });
      else {
        const empty = expr.slice(matchers.from + 1, matchers.to - 1).trim() === '';
        edits.push({ from: matchers.from + 1, to: matchers.from + 1, text: empty ? matcher : `${matcher}, ` });
      }
      return false;
    },
  });
  let out = expr;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}
