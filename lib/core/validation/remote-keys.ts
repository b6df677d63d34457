/**
 * The remote keys of `secrets[]`: the names, in the cloud's secret manager, of
 * the secrets External Secrets syncs. Each one also becomes part of the
 * controller's IAM policy (AWS: a secret ARN, `lib/aws/addon-identity.ts`
 * secretArns; GCP: an IAM condition on the secret ID, `lib/gcp/addon-identity.ts`
 * secretsCondition), so a key must name exactly one secret: in an ARN, `*` and
 * `?` are wildcards (`*` alone would let the controller read every secret of
 * the account and region), and `${...}` is a policy variable.
 */
import { SECRET_ID } from '../naming';
import { str } from './checks';
import type { Problems } from './problems';

/** What AWS Secrets Manager allows in a secret name: 1 to 512 letters, digits and `/_+=.@-` (no IAM wildcard, no `$`). */
export const AWS_SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** What is wrong with `key` as the remote key of a secret on `cloud`, or `undefined`. */
export function remoteKeyProblem(cloud: unknown, key: string): string | undefined {
  if (cloud === 'gcp') {
    return SECRET_ID.test(key.replace(/\//g, '-'))
      ? undefined
      : '{value} cannot name a Secret Manager secret: use letters, digits, "-", "_" and "/" (stored as "-")';
  }
  return AWS_SECRET_NAME.test(key)
    ? undefined
    : '{value} cannot name a Secrets Manager secret: use 1 to 512 letters, digits or "/_+=.@-" (no "*" or "?": in the External Secrets policy they are wildcards over other secrets)';
}

/** A required remote key, valid for the stack's cloud. */
export function remoteKey(p: Problems, path: string, v: unknown, cloud: unknown): void {
  if (!str(p, path, v)) return;
  const problem = remoteKeyProblem(cloud, v);
  if (problem) p.add(path, v, problem);
}
