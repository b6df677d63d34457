/**
 * Mute windows as Alertmanager reads them: the stack's AlertmanagerConfig translated the way prometheus-operator
 * writes it into alertmanager.yml (test/support/alertmanager-config.ts: `mute_time_intervals`,
 * `times[].start_time/end_time`, the name prefixed with the namespace and the object's name, the warning route's
 * `mute_time_intervals`), checked by `amtool check-config` (Debian's prometheus-alertmanager; bash scripts/engines.sh installs it).
 * Every window validation accepts, the operator and Alertmanager accept; every window validation refuses (a weekday
 * range past Saturday, a time range across midnight), the operator refuses (it would drop the stack's whole
 * AlertmanagerConfig), and Alertmanager refuses too, given the window as it is.
 */
import { type ProductionStackProps, check } from 'production-stack';
import { alertmanagerConfigsOf, deployedBase, forAlertmanager025, operatorConfig } from '../support/alertmanager-config';
import { checkConfig } from '../support/alertmanager';
import { type Manifest, synth } from '../support/synth';
import { loadedSpec } from './fixtures';

type Window = { weekdays?: string[]; times?: { start: string; end: string }[] };

/** The spec with `windows` as its warnings' mute windows. */
function withWindows(windows: Window[]): ProductionStackProps {
  const spec = loadedSpec();
  return { ...spec, monitoring: { ...spec.monitoring, alerting: { ...spec.monitoring!.alerting!, muteWarnings: windows } } };
}

/** The spec's alertmanager.yml as the operator writes it (for Debian's Alertmanager 0.25: Teams as a webhook). */
function translate(spec: ProductionStackProps, amcs: Manifest[], checkIntervals = true) {
  return forAlertmanager025(operatorConfig(amcs, { base: deployedBase(spec), checkIntervals }));
}

/** `amtool check-config` on the synthesized AlertmanagerConfig of `spec`, translated. */
const amtool = (spec: ProductionStackProps) => checkConfig(translate(spec, alertmanagerConfigsOf(synth(spec))));

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

test.each(ACCEPTED.map((w) => [JSON.stringify(w), w]))(
  '%s: validation accepts it, and so do the operator and Alertmanager',
  (_, windows) => {
    const spec = withWindows(windows as Window[]);
    expect(check(spec)).toEqual([]);
    expect(amtool(spec)).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
  },
);

const REFUSED: [Window, string, RegExp][] = [
  [{ weekdays: ['saturday:sunday'] }, 'monitoring.alerting.muteWarnings[0].weekdays[0]', /runs past Saturday/],
  [{ weekdays: ['friday:monday'] }, 'monitoring.alerting.muteWarnings[0].weekdays[0]', /"friday:saturday" and "sunday:monday"/],
  [{ times: [{ start: '22:00', end: '06:00' }] }, 'monitoring.alerting.muteWarnings[0].times[0]', /across midnight is two/],
  [{ times: [{ start: '09:00', end: '09:00' }] }, 'monitoring.alerting.muteWarnings[0].times[0]', /ends before it starts/],
];

test.each(REFUSED.map(([w, at, rule]) => [JSON.stringify(w), w, at, rule] as const))(
  '%s: validation refuses it, naming the field, as the operator and Alertmanager do',
  (_, window, at, rule) => {
    const problems = check(withWindows([window]));
    expect(problems.map((p) => p.path)).toEqual([at]);
    expect(problems[0]!.rule).toMatch(rule);
    // the AlertmanagerConfig as it would have been written without validation
    const spec = withWindows([{ weekdays: ['monday'] }]);
    const amcs = alertmanagerConfigsOf(synth(spec)).map((o) => ({
      ...o,
      spec: {
        ...o.spec,
        muteTimeIntervals: [
          {
            name: 'warnings-muted',
            timeIntervals: [
              {
                ...(window.weekdays ? { weekdays: window.weekdays } : {}),
                ...(window.times ? { times: window.times.map((t) => ({ startTime: t.start, endTime: t.end })) } : {}),
              },
            ],
          },
        ],
      },
    }));
    const refusal = /start day cannot be before end day|start time \d+ cannot be equal or greater than end time \d+/;
    // the operator refuses it (and so drops the stack's routing) ...
    expect(() => translate(spec, amcs)).toThrow(refusal);
    // ... and so would Alertmanager
    const r = checkConfig(translate(spec, amcs, false));
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/start day cannot be before end day|start time cannot be equal or greater than end time/);
  },
);
