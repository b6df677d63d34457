/**
 * The rules of the NATS subjects of a spec (lib/core/validation/nats-permissions.ts): the streams' subjects, the
 * consumers' filters, the services' publish and subscribe permissions and the outside publishers' subjects.
 * Source of the subject syntax: the NATS docs, "Subject-Based Messaging" (tokens separated by ".", `*` matches
 * one whole token, `>` the rest and only as the last token); `$JS.`, `$SYS.`, `$KV.` and `$O.` are the server's
 * own subjects (JetStream API, system account, KV and object stores); `_INBOX.` is the clients' default reply
 * prefix (nats.go `InboxPrefix`). 255 characters is the library's limit, not the server's.
 */
import { SUBJECT_MAX_LENGTH, checkNatsSubjects, subjectProblem } from 'production-stack/core/validation/nats-permissions';
import { Problems } from 'production-stack/core/validation/problems';

type Obj = Record<string, unknown>;

const SERVER =
  '{value} is a subject of the NATS server itself (JetStream API, system events): a service is granted the JetStream API subjects it needs from its nats.consumers';
const SYNTAX =
  '{value} must be a NATS subject: tokens of letters, digits, "-" or "_" separated by ".", with "*" as a whole token and ">" only as the last';
const wildcard = (example: string) =>
  `{value} covers every subject, the JetStream API ($JS.API.>) and system ($SYS.>) ones included: name the subjects of a stream, such as "${example}"`;

describe('subjectProblem', () => {
  test.each(['orders', 'orders.>', 'orders.*.created', 'Orders-EU_1.*', 'a.*.>'])('%j is a subject a user may name', (subject) => {
    for (const use of ['publish', 'subscribe', 'stream', 'filter'] as const) expect(subjectProblem(subject, use, 'x.>')).toBeUndefined();
  });

  test('255 characters is the longest subject; 256 are refused', () => {
    expect(SUBJECT_MAX_LENGTH).toBe(255);
    expect(subjectProblem('a'.repeat(255), 'publish', '')).toBeUndefined();
    expect(subjectProblem('a'.repeat(256), 'publish', '')).toBe('{value} must be at most 255 characters');
  });

  test.each(['$JS.API.>', '$SYS.>', '$KV.config.>', '$O.files.>', '$foo'])('%j, a subject of the server, is refused', (subject) => {
    expect(subjectProblem(subject, 'subscribe', '')).toBe(SERVER);
  });

  test.each(['orders..created', 'orders.', '.orders', 'orders.>.x', 'ord*', 'orders.*x', 'or ders', 'orders.$JS', '>.x', ''])(
    '%j is no NATS subject',
    (subject) => {
      expect(subjectProblem(subject, 'publish', '')).toBe(SYNTAX);
    },
  );

  test.each(['>', '*', '*.>', '*.API.>'])('%j, whose first token is a wildcard, covers the server subjects and is refused', (subject) => {
    expect(subjectProblem(subject, 'subscribe', 'orders.>')).toBe(wildcard('orders.>'));
  });

  describe('an inbox subject, whose first token starts with _INBOX, is refused for each use with its reason', () => {
    test.each([
      [
        'publish',
        '{value} is where other services receive their replies: publishing there lets the service forge them (its own replies reach it on its own inbox, which the library grants)',
      ],
      [
        'subscribe',
        "{value} is where NATS clients receive their replies (`_INBOX_<service>.`, `_INBOX_<publisher>.`, the controller's `_INBOX.`): subscribing there reads another's, messages pulled from its consumers included; the service's own inbox is granted by the library (nats.inboxPrefixEnv)",
      ],
      [
        'stream',
        '{value} is where NATS clients receive their replies (`_INBOX_<service>.`, `_INBOX_<publisher>.`, `_INBOX.`): a stream capturing it would store them for its consumers to read',
      ],
      [
        'filter',
        '{value} is where NATS clients receive their replies (`_INBOX_<service>.`, `_INBOX_<publisher>.`, `_INBOX.`): no stream may capture it, so no consumer reads it',
      ],
    ] as const)('%s', (use, rule) => {
      for (const subject of ['_INBOX.>', '_INBOX_api.*', '_INBOX']) expect(subjectProblem(subject, use, '')).toBe(rule);
    });

    test('an inbox name in a later token, or a first token that only contains it, is an ordinary subject', () => {
      expect(subjectProblem('replies._INBOX', 'subscribe', '')).toBeUndefined();
      expect(subjectProblem('my_INBOX.x', 'subscribe', '')).toBeUndefined();
    });
  });
});

describe('checkNatsSubjects', () => {
  function problems(props: Obj) {
    const p = new Problems();
    checkNatsSubjects(p, props);
    return p.all;
  }

  test('every subject of the spec is checked at its path', () => {
    const props = {
      nats: {
        streams: [{ name: 'orders', subjects: ['orders.>', '$JS.API.>'] }],
        consumers: [{ name: 'c', stream: 'orders', filterSubject: '_INBOX.>' }],
        publishers: [{ name: 'partner', subjects: ['orders.created', 'a..b'] }],
      },
      services: [{ name: 'api', nats: { publish: ['orders.>', '>'], subscribe: ['_INBOX_worker.>'] } }],
    };
    expect(problems(props).map((x) => [x.path, x.value])).toEqual([
      ['nats.streams[0].subjects[1]', '$JS.API.>'],
      ['nats.consumers[0].filterSubject', '_INBOX.>'],
      ['services[0].nats.publish[1]', '>'],
      ['services[0].nats.subscribe[0]', '_INBOX_worker.>'],
      ['nats.publishers[0].subjects[1]', 'a..b'],
    ]);
  });

  test("each use's reason is the one given: a service's publish and subscribe, a publisher's subjects as publish", () => {
    const props = {
      nats: { streams: [{ subjects: ['_INBOX.a'] }], publishers: [{ subjects: ['_INBOX.b'] }] },
      services: [{ nats: { publish: ['_INBOX.c'], subscribe: ['_INBOX.d'] } }],
    };
    const rule = (use: 'publish' | 'subscribe' | 'stream') => subjectProblem('_INBOX.x', use, '')!.replace('{value}', '');
    expect(problems(props).map((x) => [x.value, x.rule.slice(x.rule.indexOf(' '))])).toEqual([
      ['_INBOX.a', rule('stream')],
      ['_INBOX.c', rule('publish')],
      ['_INBOX.d', rule('subscribe')],
      ['_INBOX.b', rule('publish')],
    ]);
  });

  test("a full wildcard is refused naming the stack's first valid stream subject as the alternative", () => {
    const props = {
      nats: { streams: [{ subjects: [3, '>', 'orders.>'] }, { subjects: ['audit.>'] }] },
      services: [{ nats: { subscribe: ['*.>'] } }],
    };
    expect(problems(props).find((x) => x.path === 'services[0].nats.subscribe[0]')).toEqual({
      path: 'services[0].nats.subscribe[0]',
      value: '*.>',
      rule: wildcard('orders.>').replace('{value}', '"*.>"'),
    });
  });

  test('without a valid stream subject, the alternative named is "<app>.events.>"', () => {
    const props = { nats: { streams: [{ subjects: ['_INBOX.>'] }, 'x'] }, services: [{ nats: { publish: ['>'] } }] };
    expect(problems(props).find((x) => x.path === 'services[0].nats.publish[0]')!.rule).toBe(
      wildcard('<app>.events.>').replace('{value}', '">"'),
    );
  });

  test('values that are no subject, no list or no object are left to the other rules', () => {
    const props = {
      nats: {
        streams: ['orders', { subjects: 'orders.>' }, { subjects: [42] }],
        consumers: ['c', { filterSubject: 7 }],
        publishers: [null, { subjects: '>' }],
      },
      services: [null, { nats: 'orders' }, { nats: { publish: '>', subscribe: [null] } }],
    };
    expect(problems(props)).toEqual([]);
    expect(problems({ nats: 'x', services: 'y' })).toEqual([]);
    expect(problems({})).toEqual([]);
  });

  test('valid subjects everywhere pass', () => {
    const props = {
      nats: {
        streams: [{ subjects: ['orders.>'] }],
        consumers: [{ filterSubject: 'orders.created' }],
        publishers: [{ subjects: ['orders.partner.*'] }],
      },
      services: [{ nats: { publish: ['orders.>'], subscribe: ['orders.*.created'] } }],
    };
    expect(problems(props)).toEqual([]);
  });
});
