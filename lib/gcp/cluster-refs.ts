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

/**
 * What cert-manager's Cloud DNS solver needs of the zone of the DNS-01 challenges: what `acmeChallengeZone`
 * returns (the zone it may administer, and the records leading to it, which it waits for).
 */
export interface AcmeChallengeZoneRef {
  /** The challenge zone: its managed zone's name. */
  readonly zone: { readonly name: pulumi.Input<string> };
  /** Its delegation from the parent zone. */
  readonly delegation: pulumi.Resource;
  /** Each host's `_acme-challenge` CNAME to it. */
  readonly challenges: readonly pulumi.Resource[];
}
