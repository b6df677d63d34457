/**
 * A typed subset of Grafana's dashboard JSON model (schema version 39) and
 * small builders for it. Panels are declared in rows without ids or positions;
 * {@link dashboard} numbers them and lays them out on Grafana's 24-column grid
 * in declaration order, so the same input always gives the same JSON.
 */
import { createHash } from 'crypto';
import { DASHBOARD } from './settings';

/** Units the panels use (Grafana unit ids). */
export type Unit = 'reqps' | 'percentunit' | 's' | 'bytes' | 'short' | 'none' | 'ops';

/** A Prometheus datasource reference: the dashboard's `datasource` variable. */
export interface DatasourceRef {
  readonly type: 'prometheus';
  readonly uid: '${datasource}';
}

const DATASOURCE: DatasourceRef = { type: 'prometheus', uid: '${datasource}' };

/** One query of a panel (a range query unless `instant`; the panel's datasource). */
export interface Target {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat: string;
  readonly instant?: true;
  readonly range?: false;
}

/** A threshold step: the colour from `value` up (`null`: the base). */
export interface ThresholdStep {
  readonly color: string;
  readonly value: number | null;
}

/** A panel's position on the grid. */
export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A time series or stat panel, as Grafana stores it. */
export interface Panel {
  readonly id: number;
  readonly type: 'timeseries' | 'stat';
  readonly title: string;
  readonly description?: string;
  readonly datasource: DatasourceRef;
  readonly gridPos: GridPos;
  readonly targets: readonly Target[];
  readonly fieldConfig: {
    readonly defaults: {
      readonly unit: Unit;
      readonly min?: number;
      readonly max?: number;
      readonly decimals?: number;
      readonly thresholds?: { readonly mode: 'absolute'; readonly steps: readonly ThresholdStep[] };
    };
    readonly overrides: readonly unknown[];
  };
  readonly options: Readonly<Record<string, unknown>>;
}

/** A row header. */
export interface RowPanel {
  readonly id: number;
  readonly type: 'row';
  readonly title: string;
  readonly collapsed: false;
  readonly gridPos: GridPos;
  readonly panels: readonly [];
}

/** A dashboard, as the Grafana sidecar loads it. */
export interface Dashboard {
  readonly id: null;
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly timezone: 'utc';
  readonly editable: boolean;
  readonly graphTooltip: 1;
  readonly schemaVersion: number;
  readonly version: 1;
  readonly time: { readonly from: string; readonly to: 'now' };
  readonly refresh: string;
  readonly templating: { readonly list: readonly Readonly<Record<string, unknown>>[] };
  readonly annotations: { readonly list: readonly [] };
  readonly links: readonly [];
  readonly panels: readonly (Panel | RowPanel)[];
}

/** A query: PromQL and its legend. */
export interface Query {
  readonly expr: string;
  /** Legend, e.g. `{{pod}}`. @default - the series' labels */
  readonly legend?: string;
}

/** A panel before layout. */
export interface PanelSpec {
  readonly type: 'timeseries' | 'stat';
  readonly title: string;
  /** Shown on hover. @default - none */
  readonly description?: string;
  readonly unit: Unit;
  readonly queries: readonly Query[];
  /** Columns of 24. */
  readonly width: number;
  /** Grid rows. */
  readonly height: number;
  /** Lowest value of the axis or gauge. @default - from the data (0 for time series built by {@link timeseries}) */
  readonly min?: number;
  /** Highest value of the axis or gauge. @default - from the data */
  readonly max?: number;
  /** Decimals shown. @default - Grafana's choice */
  readonly decimals?: number;
  /** Colours by value. @default - Grafana's (green, red from 80) */
  readonly thresholds?: readonly ThresholdStep[];
}

/** Options of the panel builders. */
export type PanelOptions = Partial<Pick<PanelSpec, 'description' | 'width' | 'height' | 'min' | 'max' | 'decimals' | 'thresholds'>>;

/** A time series panel; half the width by default. */
export function timeseries(title: string, unit: Unit, queries: readonly Query[], options: PanelOptions = {}): PanelSpec {
  return { type: 'timeseries', title, unit, queries, width: 12, height: DASHBOARD.panelHeight, min: 0, ...options };
}

/** A stat panel showing the last value; a quarter of the width by default. */
export function stat(title: string, unit: Unit, queries: readonly Query[], options: PanelOptions = {}): PanelSpec {
  return { type: 'stat', title, unit, queries, width: 6, height: DASHBOARD.statHeight, ...options };
}

/** A titled row of panels. */
export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function panel(spec: PanelSpec, id: number, gridPos: GridPos): Panel {
  const instant = spec.type === 'stat';
  const targets: Target[] = spec.queries.map((q, i) => ({
    refId: REF_IDS[i % 26] + (i >= 26 ? String(Math.floor(i / 26)) : ''),
    expr: q.expr,
    legendFormat: q.legend ?? '__auto',
    ...(instant ? { instant: true as const, range: false as const } : {}),
  }));
  // Only what differs from Grafana's defaults.
  const options =
    spec.type === 'stat'
      ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, graphMode: 'none' }
      : { tooltip: { mode: 'multi', sort: 'desc' } };
  return {
    id,
    type: spec.type,
    title: spec.title,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    datasource: DATASOURCE,
    gridPos,
    targets,
    fieldConfig: {
      defaults: {
        unit: spec.unit,
        ...(spec.min === undefined ? {} : { min: spec.min }),
        ...(spec.max === undefined ? {} : { max: spec.max }),
        ...(spec.decimals === undefined ? {} : { decimals: spec.decimals }),
        ...(spec.thresholds === undefined ? {} : { thresholds: { mode: 'absolute' as const, steps: spec.thresholds } }),
      },
      overrides: [],
    },
    options,
  };
}

/** Numbers the rows and panels from 1 and places them left to right, top to bottom. */
export function layout(rows: readonly RowSpec[]): (Panel | RowPanel)[] {
  const out: (Panel | RowPanel)[] = [];
  let id = 0;
  let y = 0;
  for (const row of rows) {
    out.push({ id: ++id, type: 'row', title: row.title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    y += 1;
    let x = 0;
    let line = 0;
    for (const spec of row.panels) {
      const w = Math.min(24, spec.width);
      if (x + w > 24) {
        x = 0;
        y += line;
        line = 0;
      }
      out.push(panel(spec, ++id, { x, y, w, h: spec.height }));
      x += w;
      line = Math.max(line, spec.height);
    }
    y += line;
  }
  return out;
}

/** A Grafana uid (at most 40 of `[A-Za-z0-9_-]`) from parts; too long, it keeps a prefix and a hash of the whole. */
export function dashboardUid(...parts: readonly string[]): string {
  const uid = parts.join('-').replace(/[^A-Za-z0-9_-]/g, '-');
  if (uid.length <= 40) return uid;
  return `${uid.slice(0, 31)}-${createHash('sha256').update(uid).digest('hex').slice(0, 8)}`;
}

/** What a dashboard shows. */
export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly rows: readonly RowSpec[];
}

/** A dashboard with a Prometheus datasource variable, UTC, the rows laid out. */
export function dashboard(spec: DashboardSpec): Dashboard {
  return {
    id: null,
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: spec.tags,
    timezone: 'utc',
    editable: false,
    graphTooltip: 1,
    schemaVersion: DASHBOARD.schemaVersion,
    version: 1,
    time: { from: DASHBOARD.timeFrom, to: 'now' },
    refresh: DASHBOARD.refresh,
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Data source',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
          refresh: 1,
          regex: '',
          options: [],
        },
      ],
    },
    annotations: { list: [] },
    links: [],
    panels: layout(spec.rows),
  };
}

/** Every PromQL expression of a dashboard's panels. */
export function dashboardQueries(d: Dashboard): string[] {
  return d.panels.flatMap((p) => (p.type === 'row' ? [] : p.targets.map((t) => t.expr)));
}
