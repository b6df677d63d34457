/** Connection details of a datastore in Secret Manager, where External Secrets reads them. */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

/** What GCP allows in a Secret Manager secret ID: 1 to 255 letters, digits, `-` and `_`. */
export const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The Secret Manager secret ID of a secret-manager key such as
 * `datastoreRemoteKey(stack, env, 'postgres')` (`shop/production/postgres`):
 * each `/` becomes `-` (`shop-production-postgres`), as secret IDs allow no `/`.
 * No two datastore keys collide: the stack name is a DNS label and the
 * environment and store are single words, so the ID splits back from the right.
 * External Secrets' GCP provider must use this ID as the `remoteRef.key`.
 * Pure, no Pulumi.
 */
export function secretId(key: string): string {
  const id = key.replace(/\//g, '-');
  if (!SECRET_ID.test(id))
    throw new Error(`secret-manager key "${key}" gives "${id}", not a valid Secret Manager secret ID (${SECRET_ID.source})`);
  return id;
}

/** Arguments of {@link connectionSecret}. */
export interface ConnectionSecretArgs {
  /** The secret-manager key (`stack/environment/store`); see {@link secretId}. */
  readonly key: string;
  /** The JSON object stored, each value possibly secret; the whole version is stored as a secret. */
  readonly value: pulumi.Input<Record<string, pulumi.Input<string | number>>>;
  /** Labels of the secret. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Project of the secret. */
  readonly project?: pulumi.Input<string>;
}

/** A Secret Manager secret and its current version. */
export interface ConnectionSecret {
  /** The secret (automatic replication). */
  readonly secret: gcp.secretmanager.Secret;
  /** The version holding the JSON. */
  readonly version: gcp.secretmanager.SecretVersion;
}

/**
 * Stores `value` as JSON in a Secret Manager secret with automatic
 * replication: `${name}-secret` (ID {@link secretId} of `key`) and its
 * version `${name}-secret-version`, whose data is a Pulumi secret, so it is
 * encrypted in the state and masked in plans. A changed value adds a version.
 */
export function connectionSecret(name: string, args: ConnectionSecretArgs, opts: pulumi.CustomResourceOptions): ConnectionSecret {
  const secret = new gcp.secretmanager.Secret(
    `${name}-secret`,
    { secretId: secretId(args.key), replication: { auto: {} }, labels: { ...args.labels }, project: args.project },
    opts,
  );
  const version = new gcp.secretmanager.SecretVersion(
    `${name}-secret-version`,
    { secret: secret.id, secretData: pulumi.secret(pulumi.output(args.value).apply((v) => JSON.stringify(v))) },
    opts,
  );
  return { secret, version };
}

/** The server CA bundle of an instance: every current certificate, so clients keep verifying across a CA rotation. */
export function caBundle(certs: readonly { cert?: string }[] | undefined): string {
  return (certs ?? [])
    .map((c) => c.cert?.trim() ?? '')
    .filter((c) => c !== '')
    .join('\n');
}
