/** Connection details of a datastore in Secret Manager, where External Secrets reads them. */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

import { secretId } from '../core/naming';

export { SECRET_ID, secretId } from '../core/naming';

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
