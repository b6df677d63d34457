/** PromQL checked with Prometheus's own grammar (@prometheus-io/lezer-promql, the parser of the Prometheus UI). */
import { parser } from '@prometheus-io/lezer-promql';

/** Why an expression does not parse, or `undefined` when it does. */
export function promqlProblem(expr: string): string | undefined {
  let at: number | undefined;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError && at === undefined) at = node.from;
    },
  });
  if (at === undefined) return undefined;
  return `is not valid PromQL: syntax error at offset ${at} (near ${JSON.stringify(expr.slice(Math.max(0, at - 10), at + 10))})`;
}
