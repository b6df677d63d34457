/**
 * Every literal `@default` tag of the spec's documentation (`@default 3`, `@default '1.35'`, not the prose of
 * `@default - ...`) is what the resolver of its section gives for an empty input: the documentation of a field
 * and the value the library applies are held together, so that neither changes alone.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import {
  resolveCluster,
  resolveCronJob,
  resolveEdge,
  resolveMonitoring,
  resolveNats,
  resolvePostgres,
  resolveRedis,
  resolveRequestMetrics,
  resolveService,
  resolveStream,
  resolve,
} from '../../lib/core/resolve';
import { baseSpec } from '../support/spec';

const SPEC_DIR = path.join(__dirname, '../../lib/core/spec');

/**
 * A tag's text as a literal (a number, a quoted string, true/false, an array or an object), or undefined for
 * prose: `- none`, or a value with a condition (`3 when autoscaling is not set`), which the resolver's tests state.
 */
function literal(text: string): { of: unknown } | undefined {
  if (text.startsWith('-') || text.startsWith('`')) return undefined;
  try {
    return { of: Function(`"use strict"; return (${text});`)() as unknown };
  } catch {
    return undefined;
  }
}

/** Each literal `@default` of the spec's interfaces: interface, field, and the value the tag states. */
function literalDefaults(): { type: string; field: string; value: unknown }[] {
  const out: { type: string; field: string; value: unknown }[] = [];
  for (const file of fs.readdirSync(SPEC_DIR).filter((f) => f.endsWith('.ts') && !f.includes('generated'))) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(SPEC_DIR, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      for (const member of node.members) {
        if (!ts.isPropertySignature(member)) continue;
        for (const tag of ts.getJSDocTags(member).filter((t) => t.tagName.text === 'default')) {
          const text = ts.getTextOfJSDocComment(tag.comment)?.trim() ?? '';
          const value = literal(text.replace(/\s*\([^()]*\)$/, ''));
          if (value !== undefined) out.push({ type: node.name.text, field: member.name.getText(source), value: value.of });
        }
      }
    });
  }
  return out;
}

type Resolver = (given: Record<string, unknown>) => Record<string, unknown>;

/** Each section's resolver, by the spec interface it resolves, called with `given` over a minimal input. */
function resolvers(): Record<string, Resolver> {
  const minimal = { name: 'x', image: 'registry.example.com/x:1' };
  const r = <T>(f: (given: never) => T): Resolver => f as unknown as Resolver;
  const service = (extra: object) => (g: Record<string, unknown>) => resolveService({ ...minimal, ...extra, ...g } as never);
  return {
    ProductionStackProps: r((g: object) => resolve({ ...baseSpec(), environment: undefined, ...g } as never)),
    ClusterSpec: r((g: object) => resolveCluster(g, 'aws')),
    NodePoolSpec: r((g: object) => resolveCluster({ nodes: g }, 'aws').nodes),
    AwsClusterSpec: r((g: object) => resolveCluster({ aws: g }, 'aws').aws),
    PostgresSpec: r((g: object) => resolvePostgres(g, 'aws', 'x')),
    RedisSpec: r((g: object) => resolveRedis(g, 'aws', [])),
    AwsRedisSpec: r((g: object) => resolveRedis({ aws: g }, 'aws', []).aws),
    GcpRedisSpec: r((g: object) => resolveRedis({ gcp: g }, 'gcp', []).gcp),
    NatsSpec: r((g: object) => resolveNats(g)),
    NatsStreamSpec: r((g: object) => resolveStream({ name: 's', subjects: ['s.>'], ...g })),
    NatsConsumerSpec: r((g: object) => resolveNats({ consumers: [{ name: 'c', stream: 's', ...g }] }).consumers[0]),
    MonitoringSpec: r((g: object) => resolveMonitoring(g)),
    AlertThresholds: r((g: object) => resolveMonitoring({ thresholds: g }).thresholds),
    RequestMetricsSpec: r((g: object) => resolveRequestMetrics(g)),
    ServiceSpec: r(service({})),
    AutoscalingSpec: r((g: object) => service({ autoscaling: { minReplicas: 1, maxReplicas: 2, ...g } })({}).autoscaling),
    QueueSpec: r((g: object) => service({ queue: { minReplicas: 1, maxReplicas: 2, ...g } })({}).queue),
    MigrationSpec: r((g: object) => service({ migration: { command: ['m'], ...g } })({}).migration),
    CronJobSpec: r((g: object) => resolveCronJob({ ...minimal, schedule: '@daily', command: ['run'], ...g })),
    EdgeSpec: r((g: object) => resolveEdge({ ...baseSpec(), edge: g } as never, 'x')),
  };
}

describe('the @default tags of the spec', () => {
  const tags = literalDefaults();
  const resolve = resolvers();
  const resolved = Object.fromEntries(Object.entries(resolve).map(([type, f]) => [type, f({})]));
  const checked = tags.filter((t) => t.type in resolved && t.field in resolved[t.type]);

  test('most literal defaults are checked against a resolver', () => {
    // the tags whose interface has no resolver here (or whose field the resolved form renames) are listed, so
    // that a new one is seen: each states a default applied elsewhere (a builder of lib/k8s, a route option)
    const unchecked = tags.filter((t) => !checked.includes(t)).map((t) => `${t.type}.${t.field}`);
    expect(checked.length).toBeGreaterThanOrEqual(60);
    expect(unchecked.length).toBeLessThan(tags.length / 2);
  });

  test.each(checked.map((t) => [`${t.type}.${t.field}`, t] as const))('%s', (_, t) => {
    expect(resolved[t.type][t.field]).toEqual(t.value);
    // given as undefined (a program passing on an optional variable), the field keeps its default
    expect(resolve[t.type]({ [t.field]: undefined })[t.field]).toEqual(t.value);
  });
});

describe('one place for the defaults', () => {
  // every table of defaults (DEFAULTS, EDGE_DEFAULTS, CLIENT_ENV_DEFAULTS) is read by the resolvers only
  const lib = path.join(__dirname, '../../lib');
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));

  test('no file of lib/ outside lib/core/resolve reads a table of defaults', () => {
    const readers = files(lib)
      .filter((f) => f.endsWith('.ts') && !f.startsWith(path.join(lib, 'core', 'resolve') + path.sep))
      .filter((f) => /DEFAULTS\./.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(lib, f));
    expect(readers).toEqual([]);
  });
});
