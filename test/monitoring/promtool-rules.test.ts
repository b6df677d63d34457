/**
 * Prometheus' own parser on everything PromQL the charts emit, across every example and the all-options stacks:
 * each PrometheusRule's `spec.groups` as the rule file Prometheus loads (`promtool check rules`, duplicate rules
 * fatal), and each Grafana dashboard query, with Grafana's variables substituted as Grafana does before it sends
 * the query, as a recording rule (`dashboard:q<N>`) of a rule file checked the same way.
 */
import type { ProductionStackProps } from 'production-stack';
import { examples } from '../../examples';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';
import { everything } from '../support/everything';
import { checkRules, output, rulesFound } from '../support/promtool';
import { type Manifest, synth } from '../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

const stacks: [string, ProductionStackProps][] = [
  ...Object.entries(examples),
  ['every option on AWS', everything(awsFixture)],
  ['every option on GCP', everything(gcpFixture)],
];

/** One query of a dashboard panel, with Grafana's variables substituted. */
interface DashboardQuery {
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
}

/** The values Grafana gives its global variables: a 6h dashboard, a 1m step, a 30s scrape interval. */
const GLOBALS: Readonly<Record<string, string>> = {
  __interval: '1m',
  __interval_ms: '60000',
  __rate_interval: '5m',
  __range: '6h',
  __range_s: '21600',
  __range_ms: '21600000',
};

/**
 * The value Grafana substitutes for a template variable: its current value (a multi-value or "All" selection
 * becomes a regex alternation, as in `=~"$var"`), else its first option, else a plausible one.
 */
function variableValue(v: any, namespace: string): string {
  const current = v.current?.value;
  const values: string[] = Array.isArray(current) ? current : current !== undefined ? [String(current)] : [];
  const all = values.includes('$__all');
  if (all) return v.allValue ?? '.+';
  if (values.length > 0) return values.join('|');
  if (v.options?.length) return String(v.options[0].value);
  if (typeof v.query === 'string' && ['constant', 'textbox', 'custom', 'interval'].includes(v.type)) return v.query.split(',')[0].trim();
  return v.name === 'namespace' ? namespace : `${v.name}-example`;
}

/**
 * Substitutes `$name`, `${name}`, `${name:format}` and `[[name]]` as Grafana's template service does: only
 * variables it knows (the globals and the dashboard's own); any other `$x` (e.g. label_replace's `"$1"`) stays.
 */
function substitute(expr: string, variables: Readonly<Record<string, string>>): string {
  return expr.replace(/\$(\w+)|\[\[(\w+?)(?::\w+)?\]\]|\$\{(\w+)(?::[^}]+)?\}/g, (match, a?: string, b?: string, c?: string) => {
    const name = (a ?? b ?? c)!;
    return Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : match;
  });
}

/** The panels of a dashboard, including those inside collapsed rows. */
function panelsOf(panels: readonly any[]): any[] {
  return panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);
}

/** Every dashboard of the stack's ConfigMaps (any data value that is dashboard JSON), with its queries. */
function dashboardsOf(objects: readonly Manifest[]): { name: string; queries: DashboardQuery[] }[] {
  const out: { name: string; queries: DashboardQuery[] }[] = [];
  for (const o of objects.filter((x) => x.kind === 'ConfigMap')) {
    for (const [key, text] of Object.entries<string>(o.data ?? {})) {
      let d: any;
      try {
        d = JSON.parse(text);
      } catch {
        continue;
      }
      if (!Array.isArray(d?.panels)) continue;
      const variables: Record<string, string> = { ...GLOBALS };
      for (const v of d.templating?.list ?? []) variables[v.name] = variableValue(v, o.metadata.namespace);
      const queries = panelsOf(d.panels).flatMap((p) =>
        (p.targets ?? [])
          .filter((t: any) => typeof t.expr === 'string')
          .map((t: any) => ({ panel: `panel ${p.id} "${p.title}"`, refId: t.refId, expr: substitute(t.expr, variables) })),
      );
      out.push({ name: `ConfigMap ${o.metadata.namespace}/${o.metadata.name} ${key}`, queries });
    }
  }
  return out;
}

/** The rule file of dashboard queries: one group per panel, one recording rule per query. */
function queryRules(queries: readonly DashboardQuery[]) {
  const groups = new Map<string, { record: string; expr: string }[]>();
  queries.forEach((q, i) => groups.set(q.panel, [...(groups.get(q.panel) ?? []), { record: `dashboard:q${i + 1}`, expr: q.expr }]));
  return { groups: [...groups].map(([name, rules]) => ({ name, rules })) };
}

const cases = stacks.map(([name, spec]) => {
  const objects = synth(spec);
  const rules = objects
    .filter((o) => o.kind === 'PrometheusRule')
    .map((o) => ({
      name: `PrometheusRule ${o.metadata.namespace}/${o.metadata.name}`,
      groups: o.spec.groups,
      count: o.spec.groups.reduce((n: number, g: any) => n + g.rules.length, 0) as number,
    }));
  return { stack: name, rules, dashboards: dashboardsOf(objects) };
});

describe.each(cases)('$stack', ({ rules, dashboards }) => {
  test('has PrometheusRules and dashboards', () => {
    expect(rules.length).toBeGreaterThan(0);
    expect(dashboards.length).toBeGreaterThan(0);
  });

  test.each(rules.map((r) => [`${r.name} (${r.count} rules)`, r] as const))('%s: promtool check rules', (_, r) => {
    const result = checkRules({ groups: r.groups }, { lintFatal: true });
    expect({ status: result.status, output: output(result) }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    expect(rulesFound(result)).toBe(r.count);
    expect(r.count).toBeGreaterThan(0);
  });

  test.each(dashboards.map((d) => [`${d.name} (${d.queries.length} queries)`, d] as const))(
    '%s: every query parses as a recording rule',
    (_, d) => {
      expect(d.queries.length).toBeGreaterThan(0);
      const result = checkRules(queryRules(d.queries), { lintFatal: true });
      if (result.status !== 0) {
        // Which panel: each query on its own.
        const failures = d.queries.flatMap((q) => {
          const one = checkRules(queryRules([q]));
          return one.status === 0 ? [] : [`${q.panel} target ${q.refId}: ${q.expr}\n${output(one)}`];
        });
        expect(failures.length > 0 ? failures : [output(result)]).toEqual([]);
      }
      expect(rulesFound(result)).toBe(d.queries.length);
    },
  );
});

test('Grafana variables are substituted as Grafana does', () => {
  const vars = { ...GLOBALS, namespace: 'shop', service: 'api|web' };
  expect(
    substitute(
      'sum(rate(x{namespace="$namespace", service=~"${service:regex}"}[$__rate_interval])) / [[namespace]] $__range_s $__range $1 $unknown',
      vars,
    ),
  ).toBe('sum(rate(x{namespace="shop", service=~"api|web"}[5m])) / shop 21600 6h $1 $unknown');
});

test('there are rules and dashboard queries to check', () => {
  const ruleCount = cases.flatMap((c) => c.rules).reduce((n, r) => n + r.count, 0);
  const queryCount = cases.flatMap((c) => c.dashboards).reduce((n, d) => n + d.queries.length, 0);
  console.log(`promtool checked ${ruleCount} rules and ${queryCount} dashboard queries of ${cases.length} stacks`);
  expect(ruleCount).toBeGreaterThan(0);
  expect(queryCount).toBeGreaterThan(0);
});
