/**
 * Every stream has a producer (issue #19): a service whose `nats.publish` may publish to one of its subjects, or
 * an outside publisher of `nats.publishers`. A stream nothing may publish to is refused, with its consumers named;
 * the publishers' own fields are checked like the rest of the spec.
 */
import { check, type ProductionStackProps, validate, ValidationError } from 'production-stack';
import { subjectsOverlap } from '../../lib/core/validation/nats-producers';
import { type Loose, type Mutation, broken } from '../support/spec';

/** The base spec without its producer: `api` reads the consumer `fulfil` instead of publishing to `orders.>`. */
const withoutProducer: Mutation = (s) => (s.services[0].nats = { consumers: ['fulfil'] });

/** The problems of a path. */
const at = (spec: Loose, path: string): string[] => check(spec).flatMap((p) => (p.path === path ? [p.rule] : []));

const PUBLISHER = { name: 'partner-feed', subjects: ['orders.>'], namespace: 'partners' };

describe('a stream needs a producer', () => {
  test('a consumed stream that no service and no publisher may publish to is refused, naming the stream, its subjects and its consumer', () => {
    expect(check(broken(withoutProducer))).toEqual([
      {
        path: 'nats.streams[0].subjects',
        value: ['orders.>'],
        rule: '["orders.>"]: no service\'s nats.publish and no nats.publishers entry may publish to these subjects, so stream "orders" would never hold a message, and its consumer "fulfil" never deliver one: add them to the nats.publish of the service that produces them, or declare the producer outside the stack in nats.publishers',
      },
    ]);
  });

  test('validate throws it in the one ValidationError, beside the other problems', () => {
    const spec = broken((s) => {
      withoutProducer(s);
      s.name = 'Bad Name';
    }) as ProductionStackProps;
    let error: unknown;
    try {
      validate(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as ValidationError).message;
    expect(message).toContain('ProductionStack "Bad Name" is invalid (2 problems)');
    expect(message).toContain('  - name: "Bad Name" must be a DNS-1123 label');
    expect(message).toContain(
      '  - nats.streams[0].subjects: ["orders.>"]: no service\'s nats.publish and no nats.publishers entry may publish to these subjects, so stream "orders" would never hold a message, and its consumer "fulfil" never deliver one',
    );
  });

  test('a stream without consumers needs one too, and each stream is judged on its own', () => {
    const problems = check(
      broken((s) => {
        s.nats.streams.push({ name: 'audit', subjects: ['audit.>', 'audit-legacy.*'] });
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'nats.streams[1].subjects',
        value: ['audit.>', 'audit-legacy.*'],
        rule: expect.stringMatching(/^\["audit\.>","audit-legacy\.\*"\]: .* so stream "audit" would never hold a message: add them/),
      }),
    ]);
  });

  test.each<[string, readonly string[]]>([
    ['the very subjects', ['orders.>']],
    ['one subject of the stream', ['orders.created']],
    ['a single-token wildcard inside it', ['orders.*.eu']],
    ['any one-token subject under it', ['orders.*']],
  ])('a service that may publish %s is a producer', (_, publish) => {
    expect(check(broken((s) => (s.services[0].nats = { publish })))).toEqual([]);
  });

  test.each<[string, Mutation]>([
    [
      'a service publishes only other subjects (orders alone, which orders.> does not capture)',
      (s) => (s.services[0].nats.publish = ['orders']),
    ],
    ['the only client of the stream subscribes to it', (s) => (s.services[0].nats = { subscribe: ['orders.>'] })],
  ])('is refused when %s', (_, mutate) => {
    expect(at(broken(mutate), 'nats.streams[0].subjects')).toEqual([expect.stringMatching(/would never hold a message/)]);
  });

  test('an outside publisher of the subjects is a producer', () => {
    expect(
      check(
        broken((s) => {
          withoutProducer(s);
          s.nats.publishers = [{ ...PUBLISHER, subjects: ['orders.created'] }];
        }),
      ),
    ).toEqual([]);
  });
});

test.each<[string, string, boolean]>([
  ['orders.>', 'orders.>', true],
  ['orders.created', 'orders.>', true],
  ['orders.>', 'orders.created.eu', true],
  ['orders.*.eu', 'orders.created.>', true],
  ['orders.*', 'orders.>', true],
  ['*.created', 'orders.>', true],
  ['orders', 'orders.>', false],
  ['orders.*', 'orders.created.eu', false],
  ['orders.created', 'orders.deleted', false],
  ['orders.*.eu', 'orders.created.us', false],
  ['payments.>', 'orders.>', false],
])('subjects %s and %s overlap: %s (both ways)', (a, b, expected) => {
  expect([subjectsOverlap(a, b), subjectsOverlap(b, a)]).toEqual([expected, expected]);
});

describe('nats.publishers', () => {
  const withPublisher =
    (patch: Record<string, unknown>): Mutation =>
    (s) =>
      (s.nats.publishers = [{ ...PUBLISHER, ...patch }]);

  test('a publisher with narrowed pods is valid', () => {
    expect(check(broken(withPublisher({ podLabels: { 'app.kubernetes.io/name': 'feed' } })))).toEqual([]);
  });

  test.each<[string, Mutation, string, string]>([
    [
      'its name is a service',
      withPublisher({ name: 'worker' }),
      'nats.publishers[0].name',
      '"worker" is the name of a service of the stack',
    ],
    [
      "its name is the controller's user",
      withPublisher({ name: 'jetstream-controller' }),
      'nats.publishers[0].name',
      '"jetstream-controller" is the NATS user of the library\'s JetStream controller',
    ],
    ['its name is no DNS label', withPublisher({ name: 'Feed_1' }), 'nats.publishers[0].name', '"Feed_1" must be a DNS-1123 label'],
    [
      'two publishers share a name',
      (s) => (s.nats.publishers = [PUBLISHER, PUBLISHER]),
      'nats.publishers',
      'publisher name "partner-feed" is used more than once',
    ],
    ['it has no subject', withPublisher({ subjects: [] }), 'nats.publishers[0].subjects', 'a publisher needs at least one subject'],
    [
      'a subject is captured by nothing',
      withPublisher({ subjects: ['audit.log'] }),
      'nats.publishers[0].subjects[0]',
      '"audit.log" is captured by no stream and subscribed to by no service',
    ],
    ['a subject covers everything', withPublisher({ subjects: ['>'] }), 'nats.publishers[0].subjects[0]', '">" covers every subject'],
    [
      "a subject is the JetStream API's",
      withPublisher({ subjects: ['$JS.API.STREAM.DELETE.orders'] }),
      'nats.publishers[0].subjects[0]',
      'is a subject of the NATS server itself',
    ],
    [
      "a subject is other clients' replies",
      withPublisher({ subjects: ['_INBOX.abc'] }),
      'nats.publishers[0].subjects[0]',
      'is where other services receive their replies',
    ],
    [
      "it runs in the stack's namespace",
      withPublisher({ namespace: 'shop' }),
      'nats.publishers[0].namespace',
      '"shop" is the stack\'s own namespace: a workload there is a service of the stack',
    ],
    [
      'it has no namespace',
      withPublisher({ namespace: undefined }),
      'nats.publishers[0].namespace',
      'undefined must be a non-empty string',
    ],
    [
      'a pod label is no label value',
      withPublisher({ podLabels: { app: 'feed/1' } }),
      'nats.publishers[0].podLabels.app',
      '"feed/1" is not a label value',
    ],
    [
      'a field is misspelt',
      withPublisher({ subject: ['orders.>'] }),
      'nats.publishers[0].subject',
      'unknown field "subject" (did you mean "subjects"?)',
    ],
  ])('fails when %s', (_, mutate, path, rule) => {
    const problems = check(broken(mutate));
    const match = problems.find((p) => p.path === path && p.rule.includes(rule));
    if (!match)
      throw new Error(`expected a problem at ${path} containing ${rule}, got:\n${problems.map((p) => `${p.path}: ${p.rule}`).join('\n')}`);
  });

  test("no service may publish to a publisher's inbox (it would forge its acknowledgements)", () => {
    const spec = broken((s) => {
      s.nats.publishers = [PUBLISHER];
      s.services[0].nats.publish = ['orders.>', '_INBOX_partner-feed.x'];
    });
    expect(at(spec, 'services[0].nats.publish[1]')).toContainEqual(
      expect.stringMatching(/^"_INBOX_partner-feed.x" is where other services receive their replies/),
    );
  });

  test('a service may subscribe to what only a publisher publishes (a subject no stream captures)', () => {
    const spec = broken((s) => {
      s.services[1].nats = { subscribe: ['orders.>', 'partners.ping'] };
      s.nats.publishers = [{ ...PUBLISHER, subjects: ['partners.ping'] }];
    });
    expect(check(spec)).toEqual([]);
  });
});
