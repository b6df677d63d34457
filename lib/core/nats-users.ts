/**
 * The NATS users of a stack and their names: who connects (the services with a NATS client, the outside
 * publishers, the JetStream controller), under which secret keys and with which inbox prefix. Pure, no cdk8s:
 * the constructs (External Secrets, the containers' environment), the NATS configuration and the Pulumi side
 * (the passwords) read them.
 * @module
 */
import type { ResolvedStack } from './resolve';

/** The NATS user of the JetStream controller (NACK), which manages streams and consumers. */
export const CONTROLLER_USER = 'jetstream-controller';

/** Key of the NATS secret holding the controller's user name (templated by External Secrets). */
export const CONTROLLER_USER_KEY = `${CONTROLLER_USER}-user`;

/**
 * The NATS users, in the order of the server configuration (`users` in lib/nats/config.ts): one per service with a NATS
 * client (named after it), one per outside publisher (`nats.publishers`), then the JetStream controller.
 * Each is a key of the stack's secret-manager entry `datastoreRemoteKey(stack, environment, 'nats')` holding
 * the user's password, which the Pulumi side writes and the ExternalSecret `<stack>-nats` syncs under the
 * same key.
 */
export function natsUsers(stack: ResolvedStack): string[] {
  return [...stack.services.filter((s) => s.nats).map((s) => s.name), ...natsPublishers(stack), CONTROLLER_USER];
}

/** The users of the outside publishers (`nats.publishers`), in the spec's order: each also has a secret of its own. */
export function natsPublishers(stack: ResolvedStack): string[] {
  return (stack.nats?.publishers ?? []).map((p) => p.name);
}

/**
 * The inbox prefix of the NATS user `user`, a service or an outside publisher: `_INBOX_<user>`. Its client sets
 * it (nats.go `nats.CustomInboxPrefix`, nats.js `inboxPrefix`, nats.py `inbox_prefix`), and the server answers
 * its requests under it: JetStream publish acknowledgements, JetStream API replies, the messages it pulls from a
 * consumer. The user may subscribe to its own inbox only, so no client sees another's replies: the prefixes of
 * two users never overlap (the first token differs, `_INBOX_a` and `_INBOX_ab` too; names are unique across
 * services and publishers), nor the controller's default `_INBOX`. A service gets it in its environment
 * (`nats.inboxPrefixEnv`, `NATS_INBOX_PREFIX`), a publisher in its secret (`inboxPrefix`).
 */
export function natsInbox(user: string): string {
  return `_INBOX_${user}`;
}

/** The inbox prefix of an outside publisher ({@link natsInbox}), which its own secret carries as `inboxPrefix`. */
export function publisherInbox(name: string): string {
  return natsInbox(name);
}
