import {
  type Dashboard,
  type Panel,
  type ProductionStackProps,
  dashboard,
  dashboardQueries,
  dashboardUid,
  promqlProblem,
  resolve,
  serviceDashboard,
  stackDashboard,
  stat,
  timeseries,
} from 'production-stack';
import { examples } from '../../examples';
import { baseSpec } from '../support/spec';
import { type Manifest, synth } from '../support/synth';
import { dashboardsOf, loadedSpec } from './fixtures';

const specs: [string, ProductionStackProps][] = [['base', baseSpec()], ['loaded', loadedSpec()], ...Object.entries(examples)];
const outputs: [string, ProductionStackProps, Manifest[]][] = specs.map(([name, spec]) => [name, spec, synth(spec)]);

const panelsOf = (d: Dashboard) => d.panels.filter((p): p is Panel => p.type !== 'row');
const titles = (d: Dashboard) => d.panels.map((p) => p.title);

describe.each(outputs)('%s', (_name, spec, objects) => {
  const stack = resolve(spec);
  const dashboards = dashboardsOf(objects);

  test('has a dashboard per service and one overview, labelled for the Grafana sidecar', () => {
    expect(dashboards.map((d) => d.name).sort()).toEqual(
      [...stack.services.map((s) => `${s.name}-dashboard`), `${stack.name}-dashboard-overview`].sort(),
    );
    for (const d of dashboards) expect(d.labels).toMatchObject(stack.monitoring.grafanaDashboardLabels);
  });

  test.each(dashboardsOf(objects).map((d) => [d.name, d.json]))('%s is valid JSON whose every query parses', (_n, json) => {
    const d = JSON.parse(json) as Dashboard;
    const queries = dashboardQueries(d);
    expect(queries.length).toBeGreaterThan(5);
    expect(queries.map((q) => [q, promqlProblem(q)]).filter(([, p]) => p)).toEqual([]);
    for (const q of queries) expect(q).toContain(`namespace="${stack.namespace}"`);
  });

  test('dashboards have unique uids, sequential panel ids and panels that fit the grid without overlapping', () => {
    const parsed = dashboards.map((d) => JSON.parse(d.json) as Dashboard);
    const uids = parsed.map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const d of parsed) {
      expect(d.uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
      expect(d.panels.map((p) => p.id)).toEqual(d.panels.map((_p, i) => i + 1));
      const overlaps = d.panels.flatMap((a, i) =>
        d.panels.slice(i + 1).flatMap((b) => {
          const [p, q] = [a.gridPos, b.gridPos];
          return p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h ? [`${a.title} / ${b.title}`] : [];
        }),
      );
      expect(overlaps).toEqual([]);
      expect(d.panels.filter((p) => p.gridPos.x + p.gridPos.w > 24)).toEqual([]);
    }
  });
});

describe('what a service dashboard shows', () => {
  const stack = resolve(loadedSpec());
  const api = serviceDashboard(
    stack,
    stack.services.find((s) => s.name === 'api')!,
  );
  const web = serviceDashboard(
    stack,
    stack.services.find((s) => s.name === 'web')!,
  );

  test('traffic, errors, p50/p95/p99 latency, SLO and budget, saturation, and the datastores it uses', () => {
    expect(titles(api)).toEqual(
      expect.arrayContaining([
        'Traffic, errors and latency',
        'Requests per second',
        'Errors',
        'Latency',
        'SLO: availability, 99.9% of requests succeed over 30d',
        'SLO: latency, 95% of requests faster than 0.5s over 30d',
        'Error budget remaining',
        'Burn rate',
        'Saturation',
        'CPU',
        'Memory of limit',
        'CPU throttling',
        'Restarts',
        'Replicas',
        'Datastores',
        'PostgreSQL connections',
        'Redis memory of maxmemory',
      ]),
    );
    const latency = panelsOf(api).find((p) => p.title === 'Latency')!;
    expect(latency.targets.map((t) => [t.legendFormat, t.expr.slice(0, 24)])).toEqual([
      ['p50', 'histogram_quantile(0.5, '],
      ['p95', 'histogram_quantile(0.95,'],
      ['p99', 'histogram_quantile(0.99,'],
    ]);
  });

  test('a service without metrics, SLO or datastores gets saturation only', () => {
    expect(titles(web)).toEqual(['Saturation', 'CPU', 'Memory of limit', 'CPU throttling', 'Restarts', 'Replicas']);
  });

  test('the overview shows every service, the SLOs, the workloads and the datastores', () => {
    expect(titles(stackDashboard(stack))).toEqual(
      expect.arrayContaining([
        'Services',
        'SLOs',
        'Error budget remaining',
        'Workloads',
        'Firing alerts',
        'Datastores',
        'PostgreSQL connections',
        'Redis evictions',
      ]),
    );
    expect(titles(stackDashboard(resolve(baseSpec())))).not.toContain('SLOs');
  });

  test('the output is deterministic', () => {
    expect(JSON.stringify(serviceDashboard(resolve(loadedSpec()), resolve(loadedSpec()).services[0]))).toBe(
      JSON.stringify(serviceDashboard(stack, stack.services[0])),
    );
  });
});

describe('the panel builders', () => {
  test('lay rows and panels out left to right, wrapping at 24 columns, numbering from 1', () => {
    const d = dashboard({
      uid: 'x',
      title: 'x',
      description: '',
      tags: [],
      rows: [
        {
          title: 'one',
          panels: [
            timeseries('a', 'short', [{ expr: 'up' }]),
            timeseries('b', 'short', [{ expr: 'up' }]),
            timeseries('c', 'short', [{ expr: 'up' }]),
          ],
        },
        { title: 'two', panels: [stat('d', 'percentunit', [{ expr: 'up' }]), stat('e', 'percentunit', [{ expr: 'up' }], { width: 24 })] },
      ],
    });
    expect(d.panels.map((p) => [p.id, p.type, p.title, p.gridPos])).toEqual([
      [1, 'row', 'one', { x: 0, y: 0, w: 24, h: 1 }],
      [2, 'timeseries', 'a', { x: 0, y: 1, w: 12, h: 8 }],
      [3, 'timeseries', 'b', { x: 12, y: 1, w: 12, h: 8 }],
      [4, 'timeseries', 'c', { x: 0, y: 9, w: 12, h: 8 }],
      [5, 'row', 'two', { x: 0, y: 17, w: 24, h: 1 }],
      [6, 'stat', 'd', { x: 0, y: 18, w: 6, h: 5 }],
      [7, 'stat', 'e', { x: 0, y: 23, w: 24, h: 5 }],
    ]);
    const s = d.panels[5] as Panel;
    expect(s.targets[0]).toEqual({ refId: 'A', expr: 'up', legendFormat: '__auto', instant: true, range: false });
    expect(s.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
  });

  test.each([
    [['shop', 'api'], 'shop-api'],
    [['a'.repeat(30), 'b'.repeat(20)], `${'a'.repeat(30)}--`],
  ])('dashboardUid(%j) is at most 40 characters', (parts, prefix) => {
    const uid = dashboardUid(...parts);
    expect(uid.length).toBeLessThanOrEqual(40);
    expect(uid.startsWith(prefix)).toBe(true);
  });
});
