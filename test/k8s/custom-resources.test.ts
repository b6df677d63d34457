/**
 * Each custom resource kind is built one way (#19). A kind generated from its CRD into lib/imports is created
 * only through its class, as lib/k8s/api-object.ts wraps it (escape hatches are applied after the class maps its
 * output), never as a plain ApiObject, and lib/imports holds no class the library does not create. Every other
 * kind (the AlertmanagerConfig; the edge's Gateway API and Envoy Gateway objects; KEDA's and Istio's) is a plain
 * ApiObject, checked against its CRD (test/support/schema.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { ProductionStack, type ProductionStackProps } from 'production-stack';
import { examples } from '../../examples';
import { loadedSpec } from '../monitoring/fixtures';
import { validateObjects } from '../support/schema';
import { baseSpec } from '../support/spec';
import { type Manifest, find } from '../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

type Generated = (abstract new (...args: any[]) => ApiObject) & { GVK: { apiVersion: string; kind: string } };

/**
 * Whether `o` is an instance of `cls`. Not `instanceof`: ApiObject's `Symbol.hasInstance`, which every generated
 * class inherits, is true for any ApiObject.
 */
const isA = (o: unknown, cls: { prototype: object }): boolean => Object.prototype.isPrototypeOf.call(cls.prototype, o as object);

/** Every class generated from a CRD, by `<apiVersion>/<kind>`. */
const generated = new Map<string, Generated>(
  fs
    .readdirSync(path.join(__dirname, '..', '..', 'lib', 'imports'))
    .filter((f) => f.endsWith('.ts'))
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .flatMap((f) => Object.values<any>(require(`production-stack/imports/${f.slice(0, -3)}`)))
    .filter((c): c is Generated => typeof c === 'function' && isA(c.prototype, ApiObject) && typeof c.GVK?.kind === 'string')
    .map((c) => [`${c.GVK.apiVersion}/${c.GVK.kind}`, c]),
);

/** The loaded monitoring spec with NATS over TLS, and streams and consumers with every option set and not. */
function natsSpec(): ProductionStackProps {
  const spec = loadedSpec();
  return {
    ...spec,
    nats: {
      tls: { clusterIssuer: 'internal-ca' },
      // both under the `orders.>` the api publishes to
      streams: [
        { name: 'orders', subjects: ['orders.created.>'], retainOnDelete: false, maxBytes: '1Gi', maxAgeHours: 12, replicas: 3 },
        { name: 'audit_log', subjects: ['orders.audit.>'] },
      ],
      consumers: [
        { name: 'fulfil', stream: 'orders', filterSubject: 'orders.created.eu', ackWaitSeconds: 45, maxDeliver: 7, maxAckPending: 50 },
        { name: 'AUDIT_reader', stream: 'audit_log' },
      ],
    },
    monitoring: { ...spec.monitoring, ruleInterval: '1m' },
  };
}

/** Alert routing in each shape: every receiver type, mute windows or none, an inhibit rule or none. */
function alertingSpecs(): [string, ProductionStackProps][] {
  const base = baseSpec();
  const noSlo = loadedSpec();
  return [
    ['every receiver type, muted warnings, the SLO inhibit rule', loadedSpec()],
    [
      'warnings to the critical receiver, no SLO so no inhibit rule',
      { ...base, monitoring: { alerting: { critical: [{ type: 'webhook', url: { secret: 'shop-secrets', key: 'api-token' } }] } } },
    ],
    [
      'warnings muted at night only',
      {
        ...noSlo,
        services: noSlo.services.map(({ slo: _slo, ...s }) => s),
        monitoring: {
          alerting: {
            critical: [{ type: 'slack', webhookUrl: { secret: 'shop-secrets', key: 'api-token' }, channel: '#oncall' }],
            warning: [{ type: 'msteams', webhookUrl: { secret: 'shop-secrets', key: 'api-token' } }],
            groupBy: ['alertname'],
            muteWarnings: [{ times: [{ start: '00:00', end: '06:00' }] }],
          },
        },
      },
    ],
  ];
}

const specs: [string, ProductionStackProps][] = [
  ...Object.entries(examples),
  ['the base spec', baseSpec()],
  ['NATS over TLS with streams', natsSpec()],
  ...alertingSpecs(),
];

const stacks = specs.map(([name, spec]) => [name, new ProductionStack(Testing.app(), spec.name, spec)] as const);

const apiObjects = (stack: ProductionStack): ApiObject[] => stack.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));

test.each(stacks)('%s: every object of a kind generated into lib/imports is made through its class', (_name, stack) => {
  const plain = apiObjects(stack)
    .filter((o) => {
      const cls = generated.get(`${o.apiVersion}/${o.kind}`);
      return cls !== undefined && !isA(o, cls);
    })
    .map((o) => `${o.kind}/${o.metadata.name} (${o.node.path})`);
  expect(plain).toEqual([]);
});

test('lib/imports holds only classes the library creates', () => {
  const used = [...generated].filter(([, cls]) => stacks.some(([, stack]) => apiObjects(stack).some((o) => isA(o, cls))));
  expect(generated.size).toBeGreaterThan(0);
  expect([...generated.keys()].filter((k) => !used.some(([u]) => u === k))).toEqual([]);
});

test.each(stacks)('%s: every object, custom resources written as plain objects included, passes its schema', (_name, stack) => {
  expect(validateObjects(Testing.synth(stack))).toEqual([]);
});

test('the AlertmanagerConfigs checked against the CRD cover every receiver type, mute windows and an inhibit rule', () => {
  const configs = stacks.flatMap(([, stack]) => Testing.synth(stack).filter((o) => o.kind === 'AlertmanagerConfig'));
  const receivers = new Set(configs.flatMap((c) => c.spec.receivers.flatMap((r: Manifest) => Object.keys(r))));
  expect([...receivers].sort()).toEqual(['msteamsv2Configs', 'name', 'pagerdutyConfigs', 'slackConfigs', 'webhookConfigs']);
  expect(configs.some((c) => c.spec.muteTimeIntervals?.length > 0)).toBe(true);
  expect(configs.some((c) => c.spec.muteTimeIntervals === undefined)).toBe(true);
  expect(configs.some((c) => c.spec.inhibitRules.length > 0)).toBe(true);
  expect(configs.some((c) => c.spec.inhibitRules.length === 0)).toBe(true);
});

describe('an escape hatch on a generated class reaches the manifest', () => {
  const stack = new ProductionStack(Testing.app(), 'shop', natsSpec());
  const typed = apiObjects(stack).filter((o) => [...generated.values()].some((cls) => isA(o, cls)));
  // a field the CRD's schema does not have, which the class's own mapping would drop
  for (const o of typed) o.addJsonPatch(JsonPatch.add('/spec/escapeHatch', o.node.path));
  // an int-or-string field set to a plain string, which the class's mapping would read `.value` of
  stack.monitoring.rules.addJsonPatch(JsonPatch.replace('/spec/groups/0/rules/0/expr', 'vector(1)'));
  const out = Testing.synth(stack);

  test('on every object of a generated kind', () => {
    expect(new Set(typed.map((o) => o.kind))).toEqual(new Set([...generated.values()].map((c) => c.GVK.kind)));
    const lost = typed.filter((o) => find(out, o.kind, o.metadata.name!).spec.escapeHatch !== o.node.path).map((o) => o.node.path);
    expect(lost).toEqual([]);
  });

  test('replacing a PrometheusRule expression', () => {
    expect(find(out, 'PrometheusRule', 'shop').spec.groups[0].rules[0].expr).toBe('vector(1)');
  });

  test('through the public fields, which hold the generated classes', () => {
    const kindOf = (o: unknown) => [...generated.values()].find((cls) => isA(o, cls))?.GVK.kind;
    expect(
      [
        stack.nats!.certificate,
        stack.monitoring.rules,
        stack.monitoring.monitors.get('api'),
        stack.monitoring.monitors.get('worker'),
        stack.secrets.get('shop-secrets'),
        stack.backups!.rules,
        ...stack.nats!.jetstream,
        ...stack.nats!.monitoring,
      ].map(kindOf),
    ).toEqual([
      'Certificate',
      'PrometheusRule',
      'ServiceMonitor',
      'PodMonitor',
      'ExternalSecret',
      'PrometheusRule',
      'Account',
      'Stream',
      'Stream',
      'Consumer',
      'Consumer',
      'PodMonitor',
      'PrometheusRule',
    ]);
  });
});
