/**
 * Mute windows as Alertmanager reads them: the AlertmanagerConfig's `muteTimeIntervals`, translated the way
 * prometheus-operator writes them into alertmanager.yaml (`time_intervals`, `times[].start_time/end_time`, the name
 * prefixed with the namespace and the object's name, the route's `mute_time_intervals`), checked by `amtool
 * check-config` (Debian's prometheus-alertmanager; .ci/run installs it). Every window validation accepts, Alertmanager
 * accepts; every window validation refuses (a weekday range past Saturday, a time range across midnight), Alertmanager
 * refuses too: the operator would otherwise drop the stack's whole routing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type ProductionStackProps, check } from 'production-stack';
import { synth } from '../support/synth';
import { loadedSpec } from './fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

type Window = { weekdays?: string[]; times?: { start: string; end: string }[] };

/** The spec with `windows` as its warnings' mute windows. */
function withWindows(windows: Window[]): ProductionStackProps {
  const spec = loadedSpec();
  return { ...spec, monitoring: { ...spec.monitoring, alerting: { ...spec.monitoring!.alerting!, muteWarnings: windows } } };
}

/** An AlertmanagerConfig's time intervals as prometheus-operator writes them into alertmanager.yaml. */
function operatorIntervals(namespace: string, name: string, intervals: any[]): object[] {
  return intervals.map((i) => ({
    name: `${namespace}/${name}/${i.name}`,
    time_intervals: i.timeIntervals.map((t: any) => ({
      ...(t.weekdays ? { weekdays: t.weekdays } : {}),
      ...(t.times ? { times: t.times.map((x: any) => ({ start_time: x.startTime, end_time: x.endTime })) } : {}),
    })),
  }));
}

/** `amtool check-config` on a configuration with these time intervals, muting a route. */
function amtool(intervals: object[]): { status: number | null; out: string } {
  const config = {
    route: {
      receiver: 'null',
      routes: [{ receiver: 'null', matchers: ['severity="warning"'], mute_time_intervals: intervals.map((i: any) => i.name) }],
    },
    receivers: [{ name: 'null' }],
    time_intervals: intervals,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtool-'));
  const file = path.join(dir, 'alertmanager.yml');
  fs.writeFileSync(file, JSON.stringify(config));
  const r = spawnSync('amtool', ['check-config', file], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.error) throw new Error(`amtool not found: apt-get install prometheus-alertmanager (.ci/run does): ${r.error.message}`);
  return { status: r.status, out: r.stdout + r.stderr };
}

/** The mute intervals of the synthesized AlertmanagerConfig, as the operator writes them. */
function synthesized(spec: ProductionStackProps): object[] {
  const cfg = synth(spec).find((o) => o.kind === 'AlertmanagerConfig')!;
  return operatorIntervals(cfg.metadata.namespace, cfg.metadata.name, cfg.spec.muteTimeIntervals);
}

const ACCEPTED: Window[][] = [
  [{ weekdays: ['saturday', 'sunday'] }],
  [{ weekdays: ['monday:friday'], times: [{ start: '00:00', end: '07:00' }] }],
  [{ weekdays: ['sunday:saturday'] }],
  [
    {
      times: [
        { start: '22:00', end: '24:00' },
        { start: '00:00', end: '06:00' },
      ],
    },
  ],
  [{ weekdays: ['friday:saturday', 'sunday'], times: [{ start: '18:00', end: '24:00' }] }],
  [{ weekdays: ['monday', 'wednesday:thursday'] }, { times: [{ start: '12:00', end: '13:00' }] }],
];

test.each(ACCEPTED.map((w) => [JSON.stringify(w), w]))('%s: validation accepts it, and so does Alertmanager', (_, windows) => {
  const spec = withWindows(windows as Window[]);
  expect(check(spec)).toEqual([]);
  expect(amtool(synthesized(spec))).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
});

const REFUSED: [Window, string, RegExp][] = [
  [{ weekdays: ['saturday:sunday'] }, 'monitoring.alerting.muteWarnings[0].weekdays[0]', /runs past Saturday/],
  [{ weekdays: ['friday:monday'] }, 'monitoring.alerting.muteWarnings[0].weekdays[0]', /"friday:saturday" and "sunday:monday"/],
  [{ times: [{ start: '22:00', end: '06:00' }] }, 'monitoring.alerting.muteWarnings[0].times[0]', /across midnight is two/],
  [{ times: [{ start: '09:00', end: '09:00' }] }, 'monitoring.alerting.muteWarnings[0].times[0]', /ends before it starts/],
];

test.each(REFUSED.map(([w, at, rule]) => [JSON.stringify(w), w, at, rule] as const))(
  '%s: validation refuses it, naming the field, as Alertmanager does',
  (_, window, at, rule) => {
    const problems = check(withWindows([window]));
    expect(problems.map((p) => p.path)).toEqual([at]);
    expect(problems[0]!.rule).toMatch(rule);
    // the window as it would have been written, given to Alertmanager
    const raw = operatorIntervals('shop', 'shop', [
      {
        name: 'warnings-muted',
        timeIntervals: [
          {
            ...(window.weekdays ? { weekdays: window.weekdays } : {}),
            ...(window.times ? { times: window.times.map((t) => ({ startTime: t.start, endTime: t.end })) } : {}),
          },
        ],
      },
    ]);
    const r = amtool(raw);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/start day cannot be before end day|start time cannot be equal or greater than end time/);
  },
);
