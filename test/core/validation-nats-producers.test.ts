/**
 * The rules of who writes to the stack's NATS streams (lib/core/validation/nats-producers.ts). Subject matching
 * follows the NATS docs ("Subject-Based Messaging", "Wildcards"): `*` matches exactly one token, `>` one or more
 * tokens and only last; two subjects overlap when some subject matches both (nats-server's SubjectsCollide).
 */
import { checkNatsProducers, checkNatsPublishers, subjectCovers, subjectsOverlap } from 'production-stack/core/validation/nats-producers';
import { Problems } from 'production-stack/core/validation/problems';

type Obj = Record<string, unknown>;

describe('subjectCovers: the filter matches every subject the subject can stand for', () => {
  test.each<[string, string, boolean]>([
    ['orders.created', 'orders.created', true],
    ['orders.created', 'orders.deleted', false],
    ['orders.created', 'orders.*', false],
    ['orders.*', 'orders.created', true],
    ['orders.*', 'orders.*', true],
    ['orders.*', 'orders.>', false], // `>` may stand for two tokens, `*` matches one
    ['orders.*', 'orders', false],
    ['orders.*', 'orders.created.eu', false],
    ['orders.>', 'orders.created', true],
    ['orders.>', 'orders.created.eu', true],
    ['orders.>', 'orders.*', true],
    ['orders.>', 'orders.>', true],
    ['orders.>', 'orders', false], // `>` needs at least one token
    ['*.created', 'orders.created', true],
    ['*.created', 'orders.deleted', false],
    ['orders.created.eu', 'orders.created', false],
    ['>', 'orders', true],
    ['orders', 'orders.created', false],
  ])('%j covers %j: %s', (filter, subject, covers) => {
    expect(subjectCovers(filter, subject)).toBe(covers);
  });
});

describe('subjectsOverlap: some subject matches both', () => {
  test.each<[string, string, boolean]>([
    ['orders.*.eu', 'orders.created.>', true], // orders.created.eu
    ['orders.created', 'orders.created', true],
    ['orders.created', 'orders.deleted', false],
    ['orders.*', 'orders.created', true],
    ['orders.created', 'orders.*', true],
    ['*', 'orders', true],
    ['*', 'orders.created', false],
    ['orders.>', 'orders', false],
    ['orders', 'orders.>', false],
    ['orders.>', 'orders.a.b', true],
    ['orders.a.b', 'orders.>', true],
    ['>', 'x.y', true],
    ['orders.b.>', 'orders.*', false], // three tokens or more against exactly two
    ['orders.*', 'orders.b.c', false],
    ['a.b', 'a.b.c', false],
  ])('%j and %j: %s', (a, b, overlap) => {
    expect(subjectsOverlap(a, b)).toBe(overlap);
  });
});

describe('checkNatsPublishers', () => {
  const publisher = { name: 'partner', subjects: ['orders.partner'], namespace: 'partners' };
  const stack = (publishers: unknown, patch: Obj = {}): Obj => ({
    name: 'shop',
    services: [{ name: 'api', nats: { subscribe: ['audit.*'] } }, { name: 'w', nats: 'x' }, 'x'],
    nats: { publishers },
    ...patch,
  });
  function problems(props: Obj, streamSubjects: readonly string[] = ['orders.>']) {
    const p = new Problems();
    checkNatsPublishers(p, props, streamSubjects);
    return p.all;
  }

  test('a publisher of a subject a stream captures, in a namespace of its own, passes', () => {
    expect(problems(stack([publisher]))).toEqual([]);
  });

  test('publishers is a list; each is an object', () => {
    expect(problems(stack('partner'))).toEqual([{ path: 'nats.publishers', value: 'partner', rule: '"partner" must be a list' }]);
    expect(problems(stack(['partner'])).map((x) => [x.path, x.rule])).toContainEqual(['nats.publishers[0]', '"partner" must be an object']);
  });

  test('no nats, or no publishers, has nothing to check', () => {
    expect(problems({ name: 'shop' })).toEqual([]);
    expect(problems({ name: 'shop', nats: 'x' })).toEqual([]);
  });

  test("a publisher's name is a DNS label", () => {
    expect(problems(stack([{ ...publisher, name: 'Partner' }])).map((x) => [x.path, x.value])).toEqual([
      ['nats.publishers[0].name', 'Partner'],
    ]);
  });

  test('a publisher named like a service is refused (one NATS user per name)', () => {
    expect(problems(stack([{ ...publisher, name: 'api' }]))).toEqual([
      {
        path: 'nats.publishers[0].name',
        value: 'api',
        rule: '"api" is the name of a service of the stack: a NATS user per name, choose another',
      },
    ]);
  });

  test.each(['jetstream-controller', 'jetstream-controller-user'])("%j, the controller's NATS user (or its key), is refused", (name) => {
    expect(problems(stack([{ ...publisher, name }]))).toEqual([
      {
        path: 'nats.publishers[0].name',
        value: name,
        rule: `"${name}" is the NATS user of the library's JetStream controller: choose another name`,
      },
    ]);
  });

  test('two publishers with one name are refused', () => {
    expect(
      problems(stack([publisher, { ...publisher, namespace: 'other' }, 'x', { name: 3 }])).filter((x) => x.path === 'nats.publishers'),
    ).toEqual([{ path: 'nats.publishers', value: 'partner', rule: 'publisher name "partner" is used more than once' }]);
  });

  test('a publisher needs at least one subject', () => {
    for (const subjects of [[], undefined])
      expect(problems(stack([{ ...publisher, subjects }]))).toEqual([
        { path: 'nats.publishers[0].subjects', value: subjects, rule: 'a publisher needs at least one subject' },
      ]);
  });

  test('subjects are a list', () => {
    expect(problems(stack([{ ...publisher, subjects: 'orders.partner' }]))).toEqual([
      { path: 'nats.publishers[0].subjects', value: 'orders.partner', rule: '"orders.partner" must be a list' },
      { path: 'nats.publishers[0].subjects', value: 'orders.partner', rule: 'a publisher needs at least one subject' },
    ]);
  });

  test('a subject no stream captures is refused when no service subscribes at all', () => {
    // (">" is refused by the subject rules; here it shows that a service without nats subscribes to nothing)
    const props = { name: 'shop', services: [{ name: 'api' }], nats: { publishers: [{ ...publisher, subjects: ['billing.x', '>'] }] } };
    expect(problems(props, []).map((x) => x.path)).toEqual(['nats.publishers[0].subjects[0]', 'nats.publishers[0].subjects[1]']);
  });

  test('one subscriber of the subject is enough, whatever the others subscribe to', () => {
    const props = stack([{ ...publisher, subjects: ['billing.x'] }], {
      services: [
        { name: 'a', nats: { subscribe: ['audit.*'] } },
        { name: 'b', nats: { subscribe: [3, 'billing.x'] } },
      ],
    });
    expect(problems(props, [])).toEqual([]);
  });

  test('uniqueness is judged on names that are strings (others are refused by the name rule)', () => {
    expect(
      problems(
        stack([
          { ...publisher, name: 3 },
          { ...publisher, name: 3 },
        ]),
      ).filter((x) => x.path === 'nats.publishers'),
    ).toEqual([]);
  });

  test('a subject captured by no stream and subscribed to by no service is refused', () => {
    expect(problems(stack([{ ...publisher, subjects: ['orders.partner', 'billing.x'] }]))).toEqual([
      {
        path: 'nats.publishers[0].subjects[1]',
        value: 'billing.x',
        rule: '"billing.x" is captured by no stream and subscribed to by no service',
      },
    ]);
  });

  test('a subject a service subscribes to passes, whichever is the wider', () => {
    // the service subscribes to audit.*
    expect(problems(stack([{ ...publisher, subjects: ['audit.login'] }]), [])).toEqual([]);
    expect(problems(stack([{ ...publisher, subjects: ['audit.>'] }]), [])).toEqual([]);
    expect(problems(stack([{ ...publisher, subjects: ['audit.login.eu'] }]), []).map((x) => x.path)).toEqual([
      'nats.publishers[0].subjects[0]',
    ]);
  });

  test('a stream must cover the whole subject: a narrower stream does not capture a wider subject', () => {
    expect(problems(stack([{ ...publisher, subjects: ['orders.>'] }]), ['orders.partner']).map((x) => x.value)).toEqual(['orders.>']);
  });

  test("a publisher's namespace is required, a DNS label, and not the stack's", () => {
    expect(problems(stack([{ ...publisher, namespace: undefined }]))).toEqual([
      { path: 'nats.publishers[0].namespace', value: undefined, rule: 'undefined must be a non-empty string' },
    ]);
    const rule = "is the stack's own namespace: a workload there is a service of the stack (declare it in services, with nats.publish)";
    expect(problems(stack([{ ...publisher, namespace: 'shop' }]))).toEqual([
      { path: 'nats.publishers[0].namespace', value: 'shop', rule: `"shop" ${rule}` },
    ]);
    expect(problems(stack([{ ...publisher, namespace: 'apps' }], { namespace: 'apps' }))).toEqual([
      { path: 'nats.publishers[0].namespace', value: 'apps', rule: `"apps" ${rule}` },
    ]);
    expect(problems(stack([{ ...publisher, namespace: 'shop' }], { namespace: 'apps' }))).toEqual([]);
  });

  test("a publisher's podLabels are Kubernetes labels", () => {
    expect(problems(stack([{ ...publisher, podLabels: { app: 'partner feed' } }])).map((x) => x.path)).toEqual([
      'nats.publishers[0].podLabels.app',
    ]);
  });
});

describe('checkNatsProducers: every stream has a producer', () => {
  function problems(props: Obj) {
    const p = new Problems();
    checkNatsProducers(p, props);
    return p.all;
  }
  const rule = (subjects: string, consequence: string) =>
    `${subjects}: no service's nats.publish and no nats.publishers entry may publish to these subjects, so ${consequence}: add them to the nats.publish of the service that produces them, or declare the producer outside the stack in nats.publishers`;

  test('a stream without producer or consumers would never hold a message', () => {
    const props = { nats: { streams: [{ name: 'orders', subjects: ['orders.>'] }] } };
    expect(problems(props)).toEqual([
      { path: 'nats.streams[0].subjects', value: ['orders.>'], rule: rule('["orders.>"]', 'stream "orders" would never hold a message') },
    ]);
  });

  test('its consumers are named: one consumer, then several', () => {
    const props = (consumers: Obj[]) => ({ nats: { streams: [{ name: 'orders', subjects: ['orders.>'] }], consumers } });
    expect(problems(props([{ name: 'fulfil', stream: 'orders' }, { name: 'x', stream: 'other' }, { stream: 'orders' }]))[0].rule).toBe(
      rule('["orders.>"]', 'stream "orders" would never hold a message, and its consumer "fulfil" never deliver one'),
    );
    expect(
      problems(
        props([
          { name: 'fulfil', stream: 'orders' },
          { name: 'audit', stream: 'orders' },
        ]),
      )[0].rule,
    ).toBe(rule('["orders.>"]', 'stream "orders" would never hold a message, and its consumers "fulfil", "audit" never deliver one'));
  });

  test('a stream without a name is named by its index', () => {
    const props = { nats: { streams: [{ name: 'a', subjects: ['a'] }, { subjects: ['b'] }] }, services: [{ nats: { publish: ['a'] } }] };
    expect(problems(props)).toEqual([
      { path: 'nats.streams[1].subjects', value: ['b'], rule: rule('["b"]', 'nats.streams[1] would never hold a message') },
    ]);
  });

  test("a service's publish or a publisher's subject overlapping any one subject of the stream is a producer", () => {
    const streams = [{ name: 'orders', subjects: ['orders.created', 'orders.*.eu'] }];
    expect(problems({ nats: { streams }, services: [{ nats: { publish: ['orders.created.>'] } }] })).toEqual([]);
    expect(problems({ nats: { streams, publishers: [{ subjects: ['orders.created'] }] } })).toEqual([]);
    expect(problems({ nats: { streams }, services: [{ nats: { publish: ['orders.deleted'] } }] }).map((x) => x.path)).toEqual([
      'nats.streams[0].subjects',
    ]);
  });

  test('a subject known only at deployment may be anything: no stream is judged', () => {
    const streams = [{ name: 'orders', subjects: ['orders.>'] }];
    expect(problems({ nats: { streams }, services: [{ nats: { publish: ['${TOKEN[Token.1]}'] } }] })).toEqual([]);
    expect(problems({ nats: { streams: [{ name: 'o', subjects: ['${TOKEN[Token.1]}'] }] } })).toEqual([]);
  });

  test('a publish item that is no string is skipped', () => {
    const streams = [{ name: 'orders', subjects: ['orders.>'] }];
    expect(problems({ nats: { streams }, services: [{ nats: { publish: [3, 'orders.x'] } }] })).toEqual([]);
  });

  test('a stream with any subject known only at deployment is not judged', () => {
    expect(problems({ nats: { streams: [{ name: 'o', subjects: ['${TOKEN[Token.1]}', 'orders.x'] }] } })).toEqual([]);
  });

  test('an empty or broken stream is left to its own rules', () => {
    for (const subjects of [[], [''], ['a', 3], 'a.>']) expect(problems({ nats: { streams: [{ name: 'o', subjects }, 'x'] } })).toEqual([]);
  });

  test('entries that are no object, or publish lists that are no list, publish nothing', () => {
    // a stream on ">" overlaps any subject at all: it is refused here only when nothing is published
    const props = {
      nats: { streams: [{ name: 'o', subjects: ['>'] }], publishers: ['x', { subjects: 'o' }] },
      services: ['x', { nats: 'o' }],
    };
    expect(problems(props).map((x) => x.path)).toEqual(['nats.streams[0].subjects']);
    expect(problems({ ...props, services: [{ nats: { publish: 'o' } }] }).map((x) => x.path)).toEqual(['nats.streams[0].subjects']);
    expect(problems({ nats: 'x' })).toEqual([]);
  });
});
