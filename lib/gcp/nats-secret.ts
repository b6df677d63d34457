/** The NATS users' passwords in Secret Manager, where External Secrets reads them. */
import * as pulumi from '@pulumi/pulumi';
import type * as random from '@pulumi/random';
import { type NatsPublisherSecretArgs, natsPasswords, publisherCredentials } from '../nats/passwords';
import { type ConnectionSecret, connectionSecret } from './secrets';

/** Type token of {@link NatsSecret}. */
export const GCP_NATS_SECRET_TYPE = 'production-stack:gcp:NatsSecret';

/** Arguments of {@link NatsSecret}: the users, or the secret whose users and passwords it copies; where it is written. */
export interface NatsSecretArgs {
  /**
   * The NATS users, each given a generated password. ProductionStack gives `natsUsers(stack)`: the
   * services with a NATS client, the outside publishers and the JetStream controller. Leave it out with `source`.
   */
  readonly users?: readonly string[];
  /**
   * The NATS secret of another region (the primary's, for a standby region): this one stores its users'
   * passwords and generates none, so both regions' servers and clients share them.
   * @default - none: the passwords of `users` are generated here
   */
  readonly source?: NatsSecret;
  /**
   * Users (outside publishers, `nats.publishers`) whose credential is also stored alone, each in a Secret
   * Manager secret of its own (the ID of its `key`, global or regional as this one is) that the publishing
   * team is granted (the secret of every password is not theirs to read). With `source`, their passwords are
   * the source's.
   * @default - none
   */
  readonly publishers?: readonly NatsPublisherSecretArgs[];
  /**
   * The secret-manager key, `datastoreRemoteKey(stack, environment, 'nats')`; the Secret Manager secret ID
   * is this key with `/` replaced by `-` (see `secretId`), which the ExternalSecret `<stack>-nats` reads.
   */
  readonly secretKey: string;
  /**
   * Region of a regional secret, for a standby region (see `ConnectionSecretArgs.location`).
   * @default - a global secret with automatic replication
   */
  readonly secretLocation?: string;
  /**
   * Labels of the secret (GCP label rules apply).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Project of the secret.
   * @default - the provider's project
   */
  readonly project?: pulumi.Input<string>;
}

/**
 * The passwords of the NATS users in Secret Manager, as the datastores' connection details are:
 *
 * - a generated password per user (`${name}-password-<user>`, `NATS_PASSWORD`: letters only, which
 *   nats-server reads whole from the environment), kept only as a secret; none with `source`, whose
 *   passwords are stored instead;
 * - one JSON Secret Manager secret of exactly one property per user, its password ({@link connectionSecret}:
 *   `${name}-secret`, global with automatic replication, or regional with `secretLocation`, and its version
 *   `${name}-secret-version`, a secret);
 * - per publisher of `publishers`, its credential alone ({@link connectionSecret} `${name}-publisher-<user>`:
 *   `${name}-publisher-<user>-secret` and `-secret-version`, JSON `user`, `password`, `url`, `inboxPrefix`),
 *   for the publishing team to read.
 *
 * A new user adds a password and a version; no password changes unless its resource is replaced.
 *
 * Children are named `${name}-<role>`.
 */
export class NatsSecret extends pulumi.ComponentResource {
  /** The users, in the order given (the source's with `source`). */
  public readonly users: readonly string[];
  /** The generated passwords, by user (their `result` is a secret); empty with `source`. */
  public readonly passwords: Readonly<Record<string, random.RandomPassword>>;
  /** The document stored: each user's password, by user, as a secret. */
  public readonly document: pulumi.Output<Record<string, string>>;
  /** The Secret Manager secret (regional with `secretLocation`). */
  public readonly secret: ConnectionSecret['secret'];
  /** Its version holding the JSON: what the objects that read the synced Secret wait for. */
  public readonly version: ConnectionSecret['version'];
  /** Each outside publisher's own secret and its version, by user. */
  public readonly publisherSecrets: Readonly<Record<string, ConnectionSecret>>;

  constructor(name: string, args: NatsSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_NATS_SECRET_TYPE, name, {}, opts);
    const parent = { parent: this };
    const generated = natsPasswords(name, args, this);
    this.users = generated.users;
    this.passwords = generated.passwords;
    this.document = generated.document;
    const stored = connectionSecret(
      name,
      { key: args.secretKey, value: this.document, labels: args.labels, project: args.project, location: args.secretLocation },
      parent,
    );
    this.secret = stored.secret;
    this.version = stored.version;
    this.publisherSecrets = Object.fromEntries(
      publisherCredentials(name, generated, args.publishers ?? []).map(({ publisher, credential }) => [
        publisher.user,
        connectionSecret(
          `${name}-publisher-${publisher.user}`,
          { key: publisher.key, value: credential, labels: args.labels, project: args.project, location: args.secretLocation },
          parent,
        ),
      ]),
    );
    this.registerOutputs({
      secretId: this.secret.secretId,
      ...(args.publishers?.length
        ? { publisherSecretIds: Object.fromEntries(Object.entries(this.publisherSecrets).map(([u, s]) => [u, s.secret.secretId])) }
        : {}),
    });
  }
}
