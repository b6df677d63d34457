/** The NATS users of a stack and their inboxes (lib/core/nats-users.ts). */
import type { ResolvedStack } from 'production-stack/core/resolve';
import {
  CONTROLLER_USER,
  CONTROLLER_USER_KEY,
  natsInbox,
  natsPublishers,
  natsUsers,
  publisherInbox,
} from 'production-stack/core/nats-users';

/** The parts of a resolved stack the users are read from. */
const stack = (services: { name: string; nats?: object }[], publishers?: string[]) =>
  ({ services, nats: publishers ? { publishers: publishers.map((name) => ({ name })) } : {} }) as unknown as ResolvedStack;

test('the services with a NATS client, in the spec’s order, then the publishers, then the JetStream controller', () => {
  const s = stack([{ name: 'web' }, { name: 'worker', nats: {} }, { name: 'api', nats: {} }], ['billing', 'audit']);
  expect(natsUsers(s)).toEqual(['worker', 'api', 'billing', 'audit', 'jetstream-controller']);
  expect(natsPublishers(s)).toEqual(['billing', 'audit']);
});

test('without publishers (or without NATS) there are none, and the controller is still a user', () => {
  expect(natsPublishers(stack([{ name: 'api', nats: {} }]))).toEqual([]);
  expect(natsUsers(stack([{ name: 'api', nats: {} }]))).toEqual(['api', 'jetstream-controller']);
  const noNats = { services: [], nats: undefined } as unknown as ResolvedStack;
  expect(natsPublishers(noNats)).toEqual([]);
});

test('the controller is jetstream-controller, its name under the key jetstream-controller-user', () => {
  expect(CONTROLLER_USER).toBe('jetstream-controller');
  expect(CONTROLLER_USER_KEY).toBe('jetstream-controller-user');
});

test('a user’s inbox prefix is _INBOX_<user>: one subject token of its own', () => {
  expect(natsInbox('api')).toBe('_INBOX_api');
  expect(publisherInbox('billing')).toBe('_INBOX_billing');
  expect(natsInbox('ab')).toBe('_INBOX_ab');
});
