/**
 * What the add-ons and identities need of a GKE cluster: plain inputs, which a `gcp.Cluster` provides.
 * Apart from the components (and free of the GCP SDK's types), so the shared add-ons can name them.
 * @module
 */
import type * as pulumi from '@pulumi/pulumi';

/** What Workload Identity needs of the cluster: what `Cluster` provides. */
export interface WorkloadIdentityCluster {
  /** Workload Identity pool, `<project>.svc.id.goog`. */
  readonly workloadPool: pulumi.Input<string>;
}
