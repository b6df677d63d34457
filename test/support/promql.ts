/** PromQL checked with Prometheus's own grammar (the parser behind the Prometheus UI). */
import { parser } from '@prometheus-io/lezer-promql';

/** Where an expression fails to parse, or undefined when it parses. */
export function promqlError(expr: string): string | undefined {
  const tree = parser.parse(expr);
  let error: string | undefined;
  tree.iterate({
    enter: (node) => {
      if (node.type.isError && error === undefined) error = `syntax error at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 10), node.to + 10))}`;
    },
  });
  return error;
}
