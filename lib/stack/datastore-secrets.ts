/**
 * What the objects reading a datastore's synced Secret wait for on a region's cluster (`Workloads`'
 * `secretsAfter`): the version of the connection secret the region's datastore writes, under the names of
 * the Secrets synced from it (PostgreSQL's per login role and the bootstrap's, `<stack>-redis`). RDS, Cloud SQL and Memorystore take 15 to 30 minutes to create;
 * without this, the ExternalSecret, the migration Job and the Deployments would be created long before
 * the secret exists and time out waiting for it on a first `pulumi up`.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { postgresSources } from '../k8s/external-secret';

/** A datastore component of either cloud, primary or replica: the version of its connection secret. */
export type ConnectionSecretOf = { readonly connectionSecretVersion: pulumi.Resource } | { readonly secretVersion: pulumi.Resource };

const versionOf = (store: ConnectionSecretOf): pulumi.Resource =>
  'connectionSecretVersion' in store ? store.connectionSecretVersion : store.secretVersion;

/** The `secretsAfter` entries of a region's datastores (none for a datastore the region does not have). */
export function datastoreSecretsAfter(
  spec: ResolvedStack,
  stores: { readonly postgres?: ConnectionSecretOf; readonly redis?: ConnectionSecretOf },
): Record<string, pulumi.Resource[]> {
  const out: Record<string, pulumi.Resource[]> = {};
  const postgres = stores.postgres;
  if (postgres) for (const source of postgresSources(spec)) out[source.name] = [versionOf(postgres)];
  if (stores.redis) out[k8sNames.datastoreSecret(spec.name, 'redis')] = [versionOf(stores.redis)];
  return out;
}
