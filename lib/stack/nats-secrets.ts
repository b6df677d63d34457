/**
 * The NATS users' passwords of a stack with `nats`, written where each region's External Secrets reads
 * them: `datastoreRemoteKey(stack, environment, 'nats')`, one JSON property per user
 * (`natsUsers(stack)`), which the ExternalSecret `<stack>-nats` syncs into the Secret the NATS servers,
 * their clients and the JetStream controller read. Each outside publisher's credential (`nats.publishers`)
 * is also stored alone, under `natsPublisherRemoteKey(stack, environment, name)`, in each region, for the
 * publishing team to read.
 */
import type * as pulumi from '@pulumi/pulumi';
import * as aws from '../aws';
import type { ResolvedStack } from '../core/resolve';
import { cloudName, datastoreRemoteKey, k8sNames } from '../core/naming';
import * as gcp from '../gcp';
import { natsPublishers, natsUsers } from '../core/nats-users';
import { natsPublisherRemoteKey } from '../nats/config';
import { natsUrl } from '../k8s/nats-address';
import { cloudLabels } from './cloud-labels';
import type { AnyCloudType, CloudResources } from '../core/clouds';

/** The NATS secret of one region, on either cloud. */
export type RegionNatsSecret = AnyCloudType<'natsSecret'>;

/** The NATS secret of each region of a stack. */
export interface NatsSecrets {
  /** The primary region's (`<stack>-nats`, a child of the stack): it generates the passwords. */
  readonly primary: RegionNatsSecret;
  /**
   * With a standby region, the standby region's (`<stack>-standby-nats`, a child of `<stack>-standby`):
   * the same passwords, in Secrets Manager there (AWS) or in a regional secret there (GCP), under the
   * primary's name, where the standby cluster's External Secrets reads them.
   */
  readonly standby?: RegionNatsSecret;
}

/**
 * Creates the NATS secrets of `spec` (see {@link NatsSecrets}), or nothing without `nats`: on AWS a Secrets
 * Manager secret under a KMS key of its own in each region ({@link aws.NatsSecret}); on GCP a global secret
 * with automatic replication and, with a standby region, a regional secret there ({@link gcp.NatsSecret}).
 */
export function provisionNatsSecrets(spec: ResolvedStack, cloud: CloudResources, parent: pulumi.Resource): NatsSecrets | undefined {
  if (!spec.nats) return undefined;
  const key = datastoreRemoteKey(spec.name, spec.environment, 'nats');
  const labels = cloudLabels(spec);
  const users = natsUsers(spec);
  const url = natsUrl(spec);
  const publishers = natsPublishers(spec).map((user) => ({ user, key: natsPublisherRemoteKey(spec.name, spec.environment, user), url }));
  const standbyRegion = spec.dr.standbyRegion;
  if (cloud.cloud === 'aws') {
    const primary = new aws.NatsSecret(
      cloudName(spec.name, 'nats'),
      { users, publishers, secretKey: key, region: spec.region, labels: labels },
      { parent },
    );
    if (!cloud.standby || standbyRegion === undefined) return { primary };
    const standby = new aws.NatsSecret(
      cloudName(spec.name, 'standby-nats'),
      { source: primary, publishers, secretKey: key, region: standbyRegion, labels: labels },
      { parent: cloud.standby },
    );
    return { primary, standby };
  }
  const primary = new gcp.NatsSecret(cloudName(spec.name, 'nats'), { users, publishers, secretKey: key, labels }, { parent });
  if (!cloud.standby || standbyRegion === undefined) return { primary };
  const standby = new gcp.NatsSecret(
    cloudName(spec.name, 'standby-nats'),
    { source: primary, publishers, secretKey: key, secretLocation: standbyRegion, labels },
    { parent: cloud.standby },
  );
  return { primary, standby };
}

/** The customer KMS key of a region's NATS secret, which its External Secrets controller must decrypt with (AWS only). */
export function natsSecretKeyArns(secret: RegionNatsSecret | undefined): pulumi.Output<string>[] {
  return secret instanceof aws.NatsSecret ? [secret.key.arn] : [];
}

/**
 * What the objects reading the stack's NATS Secret wait for on a region's cluster (`Workloads`'
 * `secretsAfter`): the version of the region's NATS secret, under the Secret's name `<stack>-nats`.
 */
export function natsSecretAfter(spec: ResolvedStack, secret: RegionNatsSecret | undefined): Record<string, pulumi.Resource[]> {
  return secret ? { [k8sNames.datastoreSecret(spec.name, 'nats')]: [secret.version] } : {};
}
