/** The NATS users' passwords in Secrets Manager, where External Secrets reads them. */
import * as aws from '../sdk/aws';
import * as pulumi from '@pulumi/pulumi';
import type * as random from '@pulumi/random';
import { type NatsPublisherSecretArgs, natsPasswords, publisherCredentials } from '../nats/passwords';
import { datastoreKey } from './datastore-resources';
import { type Tags, named } from './tags';
import { refuseRenamedArgs } from './renamed';

/** Type token of {@link NatsSecret}. */
export const AWS_NATS_SECRET_TYPE = 'production-stack:aws:NatsSecret';

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
   * Users (outside publishers, `nats.publishers`) whose credential is also stored alone, each in a Secrets
   * Manager secret of its own that the publishing team is granted (the secret of every password is not theirs
   * to read). With `source`, their passwords are the source's.
   * @default - none
   */
  readonly publishers?: readonly NatsPublisherSecretArgs[];
  /**
   * Name of the Secrets Manager secret (JSON: one property per user, its password). ProductionStack uses
   * `datastoreRemoteKey(stack, environment, 'nats')`, which the ExternalSecret `<stack>-nats` reads.
   */
  readonly secretKey: string;
  /**
   * Days a deleted secret can still be restored (7 to 30).
   * @default 30
   */
  readonly secretRecoveryWindowDays?: number;
  /**
   * Region of every resource (the per-resource region of the AWS provider v7).
   * @default - the provider's region
   */
  readonly region?: pulumi.Input<string>;
  /**
   * Labels of every resource (AWS tags), besides the `Name` tag each one gets.
   * @default - only `Name`
   */
  readonly labels?: Tags;
}

/**
 * The passwords of the NATS users in Secrets Manager, as the datastores' connection secrets are:
 *
 * - a generated password per user (`${name}-password-<user>`, `NATS_PASSWORD`: letters only, which
 *   nats-server reads whole from the environment), kept only as a secret; none with `source`, whose
 *   passwords are stored instead;
 * - a customer KMS key of its own (`${name}-key`: yearly rotation, 30-day deletion window, protected);
 * - the Secrets Manager secret `secretKey` (`${name}-connection`), encrypted with that key, with a
 *   recovery window, and its version (`${name}-connection-value`): a JSON object of exactly one property
 *   per user, its password, as a secret. Readers need `secretsmanager:GetSecretValue` on the secret and
 *   `kms:Decrypt` on the key;
 * - per publisher of `publishers`, a Secrets Manager secret named its `key` (`${name}-publisher-<user>`),
 *   encrypted with the same KMS key, and its version (`${name}-publisher-<user>-value`): its credential alone,
 *   as a secret (JSON: `user`, `password`, `url`, `inboxPrefix`), for the publishing team to read (with
 *   `kms:Decrypt` on the key).
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
  /** KMS key of the secret. */
  public readonly key: aws.kms.Key;
  /** The Secrets Manager secret. */
  public readonly secret: aws.secretsmanager.Secret;
  /** The document's current version: what the objects that read the synced Secret wait for. */
  public readonly version: aws.secretsmanager.SecretVersion;
  /** Each outside publisher's own secret, by user. */
  public readonly publisherSecrets: Readonly<Record<string, aws.secretsmanager.Secret>>;
  /** Their versions, by user. */
  public readonly publisherVersions: Readonly<Record<string, aws.secretsmanager.SecretVersion>>;

  constructor(name: string, args: NatsSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AWS_NATS_SECRET_TYPE, name, {}, opts);
    refuseRenamedArgs(`aws.NatsSecret "${name}"`, args, ['tags', 'secretName']);
    const parent = { parent: this };
    const generated = natsPasswords(name, args, this);
    this.users = generated.users;
    this.passwords = generated.passwords;
    this.document = generated.document;
    const region = args.region;
    const tags = args.labels ?? {};
    this.key = datastoreKey({ name, region, tags, parent: this }, `NATS users' passwords in Secrets Manager secret ${args.secretKey}`);
    this.secret = new aws.secretsmanager.Secret(
      `${name}-connection`,
      {
        name: args.secretKey,
        description: 'Passwords of the NATS users (one property per user)',
        kmsKeyId: this.key.arn,
        recoveryWindowInDays: args.secretRecoveryWindowDays ?? 30,
        region,
        tags: named(tags, `${name}-connection`),
      },
      parent,
    );
    this.version = new aws.secretsmanager.SecretVersion(
      `${name}-connection-value`,
      { secretId: this.secret.id, secretString: pulumi.secret(this.document.apply((d) => JSON.stringify(d))), region },
      parent,
    );
    const publisherSecrets: Record<string, aws.secretsmanager.Secret> = {};
    const publisherVersions: Record<string, aws.secretsmanager.SecretVersion> = {};
    for (const { publisher, credential } of publisherCredentials(name, generated, args.publishers ?? [])) {
      const id = `${name}-publisher-${publisher.user}`;
      const secret = new aws.secretsmanager.Secret(
        id,
        {
          name: publisher.key,
          description: `NATS credential of the outside publisher ${publisher.user} (user, password, url, inboxPrefix)`,
          kmsKeyId: this.key.arn,
          recoveryWindowInDays: args.secretRecoveryWindowDays ?? 30,
          region,
          tags: named(tags, id),
        },
        parent,
      );
      publisherSecrets[publisher.user] = secret;
      publisherVersions[publisher.user] = new aws.secretsmanager.SecretVersion(
        `${id}-value`,
        { secretId: secret.id, secretString: pulumi.secret(credential.apply((c) => JSON.stringify(c))), region },
        parent,
      );
    }
    this.publisherSecrets = publisherSecrets;
    this.publisherVersions = publisherVersions;
    this.registerOutputs({
      secretArn: this.secret.arn,
      ...(args.publishers?.length
        ? { publisherSecretArns: Object.fromEntries(Object.entries(publisherSecrets).map(([u, s]) => [u, s.arn])) }
        : {}),
    });
  }
}
