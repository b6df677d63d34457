/** Connection details of a datastore in Secret Manager, where External Secrets reads them. */
import { X509Certificate } from 'crypto';
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';

import { secretId } from '../core/naming';

export { SECRET_ID, secretId } from '../core/naming';

/** Arguments of {@link connectionSecret}. */
export interface ConnectionSecretArgs {
  /** The secret-manager key (`stack/environment/store`); see {@link secretId}. */
  readonly key: string;
  /** The JSON document stored (a connection document); the whole version is stored as a secret. */
  readonly value: pulumi.Input<object>;
  /** Labels of the secret. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Project of the secret. */
  readonly project?: pulumi.Input<string>;
  /**
   * Region of a regional secret, stored and served in that region only: a standby region's
   * connection details, under the same ID as the primary's global secret (External Secrets
   * reads them through a store with that `location`).
   * @default - a global secret with automatic replication
   */
  readonly location?: string;
  /**
   * What the version waits for (the database user whose password it carries). Only the version: the
   * secret itself depends on nothing of the datastore's instance, so re-creating that instance (a
   * re-seed) or dropping its user never touches the secret, only its version.
   * @default - nothing beyond its value's resources
   */
  readonly versionAfter?: readonly pulumi.Resource[];
}

/** A Secret Manager secret and its current version. */
export interface ConnectionSecret {
  /** The secret: global (automatic replication), or regional with `location`. */
  readonly secret: gcp.secretmanager.Secret | gcp.secretmanager.RegionalSecret;
  /** The version holding the JSON. */
  readonly version: gcp.secretmanager.SecretVersion | gcp.secretmanager.RegionalSecretVersion;
}

/**
 * Stores `value` as JSON in a Secret Manager secret, global with automatic
 * replication or regional with `location`: `${name}-secret` (ID
 * {@link secretId} of `key`) and its version `${name}-secret-version`, whose
 * data is a Pulumi secret, so it is encrypted in the state and masked in
 * plans. A changed value adds a version.
 */
export function connectionSecret(name: string, args: ConnectionSecretArgs, opts: pulumi.CustomResourceOptions): ConnectionSecret {
  const common = { secretId: secretId(args.key), labels: { ...args.labels }, project: args.project };
  const secretData = pulumi.secret(pulumi.output(args.value).apply((v) => JSON.stringify(v)));
  const versionOpts = args.versionAfter?.length ? { ...opts, dependsOn: [...args.versionAfter] } : opts;
  if (args.location !== undefined) {
    const secret = new gcp.secretmanager.RegionalSecret(`${name}-secret`, { ...common, location: args.location }, opts);
    return {
      secret,
      version: new gcp.secretmanager.RegionalSecretVersion(`${name}-secret-version`, { secret: secret.id, secretData }, versionOpts),
    };
  }
  const secret = new gcp.secretmanager.Secret(`${name}-secret`, { ...common, replication: { auto: {} } }, opts);
  return { secret, version: new gcp.secretmanager.SecretVersion(`${name}-secret-version`, { secret: secret.id, secretData }, versionOpts) };
}

/** Every certificate of a PEM text (a field may hold a chain). */
function pemCertificates(text: string): X509Certificate[] {
  return (text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).map((pem) => new X509Certificate(pem));
}

/**
 * The server CA bundle of an instance: every current certificate, so clients keep verifying across a CA
 * rotation. Clients verify up to a root they trust, so a bundle with no self-signed certificate (an
 * intermediate alone) would have every client refused: that is an error of the `up`, before the document is
 * written, naming `what`.
 */
export function caBundle(certs: readonly { cert?: string }[] | undefined, what: string): string {
  const bundle = (certs ?? [])
    .map((c) => c.cert?.trim() ?? '')
    .filter((c) => c !== '')
    .join('\n');
  const selfSigned = pemCertificates(bundle).some((c) => c.subject === c.issuer && c.verify(c.publicKey));
  if (!selfSigned) throw new Error(`the server CAs of ${what} hold no root (self-signed) certificate: clients could not verify the server`);
  return bundle;
}
