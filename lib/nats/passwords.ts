/**
 * The NATS users' passwords the clouds' `NatsSecret` components store (Pulumi side; the cdk8s entry point does
 * not load this file): one generated password per user, or another region's passwords copied; and each
 * outside publisher's credential, which they also store alone.
 */
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { publisherInbox } from '../core/nats-users';
import { NATS_PASSWORD, type NatsPublisherSecretArgs, type PublisherCredential } from './config';

export type { NatsPublisherSecretArgs } from './config';

/** Users and passwords to store, generated here or copied from another region's secret. */
export interface NatsPasswords {
  /** The users, in the order given (the source's with a source). */
  readonly users: readonly string[];
  /** The generated passwords, by user (their `result` is a secret); empty with a source. */
  readonly passwords: Readonly<Record<string, random.RandomPassword>>;
  /** Each user's password, by user, as a secret. */
  readonly document: pulumi.Output<Record<string, string>>;
}

/**
 * A generated password per user of `users` (`${name}-password-<user>`, `NATS_PASSWORD`: letters only, which
 * nats-server reads whole from the environment), or none and the passwords of `source`. Exactly one of the two.
 */
export function natsPasswords(
  name: string,
  args: { readonly users?: readonly string[]; readonly source?: NatsPasswords },
  parent: pulumi.Resource,
): NatsPasswords {
  if ((args.users === undefined) === (args.source === undefined))
    throw new Error(`NatsSecret ${name}: give either users (to generate their passwords) or source (to store its passwords)`);
  if (args.source) return { users: args.source.users, passwords: {}, document: args.source.document };
  const users = args.users ?? [];
  const passwords = Object.fromEntries(
    users.map((user) => [user, new random.RandomPassword(`${name}-password-${user}`, { ...NATS_PASSWORD }, { parent })]),
  );
  const document = pulumi.secret(pulumi.output(Object.fromEntries(users.map((u) => [u, passwords[u]!.result]))));
  return { users, passwords, document };
}

/**
 * Each publisher's credential ({@link PublisherCredential}: its user, its password from `passwords`, the URL
 * and its inbox prefix), as a secret, in the order given. Throws for a publisher that is not one of the users.
 */
export function publisherCredentials(
  name: string,
  passwords: NatsPasswords,
  publishers: readonly NatsPublisherSecretArgs[],
): { readonly publisher: NatsPublisherSecretArgs; readonly credential: pulumi.Output<PublisherCredential> }[] {
  return publishers.map((publisher) => {
    if (!passwords.users.includes(publisher.user))
      throw new Error(`NatsSecret ${name}: publisher ${publisher.user} is not one of its users (${passwords.users.join(', ')})`);
    const credential = pulumi.secret(
      passwords.document.apply((d) => ({
        user: publisher.user,
        password: d[publisher.user]!,
        url: publisher.url,
        inboxPrefix: publisherInbox(publisher.user),
      })),
    );
    return { publisher, credential };
  });
}
