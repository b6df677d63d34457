/**
 * A secret held in the cloud secret manager (AWS Secrets Manager, GCP Secret
 * Manager or Vault) and synced into the namespace by an ExternalSecret.
 * Its value never appears in a manifest.
 */
export interface SecretSpec {
  /** Name of the Kubernetes Secret created (a DNS-1123 label). */
  readonly name: string;
  /** Key of the secret in the secret manager, e.g. `cqar/production/api-keys`: one secret's name, no wildcard (`*`, `?`). */
  readonly remoteKey: string;
  /**
   * Keys of the Kubernetes Secret; each is read from the property of the same
   * name of the remote JSON secret unless mapped in `properties`.
   */
  readonly keys: readonly string[];
  /**
   * Kubernetes key to remote property, where they differ.
   * @default - same names
   */
  readonly properties?: Readonly<Record<string, string>>;
  /**
   * How often External Secrets re-reads the secret, in minutes.
   * @default 60
   */
  readonly refreshMinutes?: number;
}
