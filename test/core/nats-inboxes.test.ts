/**
 * Reply inboxes: each NATS user (a service, an outside publisher) hears its replies on its own inbox,
 * `_INBOX_<name>.>`, which the library grants it alone, and the controller on the default `_INBOX.>`. No subject
 * of the spec may name one (a first token starting with `_INBOX`): a service subscribing there, or a stream
 * capturing it, would read other clients' replies, messages they pull from consumers included; a publish there
 * would forge them. Names are unique across services and publishers, so no two users share an inbox.
 */
import { check } from 'production-stack';
import { type Mutation, broken } from '../support/spec';

const PUBLISHER = { name: 'partner-feed', subjects: ['orders.>'], namespace: 'partners' };

test.each<[string, Mutation, string, RegExp]>([
  [
    "a service subscribes to another service's inbox",
    (s) => (s.services[1].nats.subscribe = ['orders.>', '_INBOX_api.>']),
    'services[1].nats.subscribe[1]',
    /^"_INBOX_api\.>" is where NATS clients receive their replies .*: subscribing there reads another's, messages pulled from its consumers included/,
  ],
  [
    "a service subscribes to the controller's inbox",
    (s) => (s.services[1].nats.subscribe = ['orders.>', '_INBOX.>']),
    'services[1].nats.subscribe[1]',
    /^"_INBOX\.>" is where NATS clients receive their replies/,
  ],
  [
    "a service subscribes to an outside publisher's inbox",
    (s) => {
      s.nats.publishers = [PUBLISHER];
      s.services[1].nats.subscribe = ['orders.>', '_INBOX_partner-feed.*.*'];
    },
    'services[1].nats.subscribe[1]',
    /^"_INBOX_partner-feed\.\*\.\*" is where NATS clients receive their replies/,
  ],
  [
    "a stream captures a service's inbox",
    (s) => s.nats.streams.push({ name: 'replies', subjects: ['_INBOX_worker.>'] }),
    'nats.streams[1].subjects[0]',
    /^"_INBOX_worker\.>" is where NATS clients receive their replies .*: a stream capturing it would store them for its consumers to read$/,
  ],
  [
    'a consumer filters on an inbox',
    (s) => (s.nats.consumers[0].filterSubject = '_INBOX_api.x'),
    'nats.consumers[0].filterSubject',
    /^"_INBOX_api\.x" is where NATS clients receive their replies/,
  ],
  [
    "a service publishes to another service's inbox",
    (s) => (s.services[0].nats.publish = ['orders.>', '_INBOX_worker.abc.1']),
    'services[0].nats.publish[1]',
    /^"_INBOX_worker\.abc\.1" is where other services receive their replies: publishing there lets the service forge them/,
  ],
  [
    'an outside publisher is named like a service (one user, one inbox, for both)',
    (s) => (s.nats.publishers = [{ ...PUBLISHER, name: 'api' }]),
    'nats.publishers[0].name',
    /^"api" is the name of a service of the stack/,
  ],
])('refused: %s', (_, mutate, path, rule) => {
  const problems = check(broken(mutate));
  expect(problems.filter((p) => p.path === path).map((p) => p.rule)).toContainEqual(expect.stringMatching(rule));
});

test('a subject that merely starts like an inbox in a later token is fine, as are the base spec and a publisher', () => {
  expect(check(broken((s) => (s.nats.publishers = [PUBLISHER])))).toEqual([]);
  expect(
    check(
      broken((s) => {
        s.nats.streams[0].subjects = ['orders.>', 'replies._INBOX_x.>'];
        s.services[0].nats.publish = ['orders.>', 'replies._INBOX_x.y'];
      }),
    ),
  ).toEqual([]);
});
