/**
 * The resources every managed datastore of a stack has (RDS Postgres, its
 * cross-region replica, ElastiCache Redis): its customer KMS key, and a
 * security group that admits the cluster's security group on its one port.
 * Each component names them `<name>-key`, `<name>-sg`, `<name>-ingress-cluster`.
 */
import * as aws from '../sdk/aws';
import type * as pulumi from '@pulumi/pulumi';
import type { DatastoreClients, DatastoreNetwork } from './datastore';
import { type Tags, named } from './tags';

/** Where and how a datastore's shared resources are created. */
export interface DatastoreContext {
  /** The component's name, prefix of every child. */
  readonly name: string;
  readonly region?: pulumi.Input<string>;
  readonly tags: Tags;
  /** The component. */
  readonly parent: pulumi.Resource;
}

/** The datastore's customer KMS key (rotation on, 30-day deletion window, protected). */
export function datastoreKey(c: DatastoreContext, description: string): aws.kms.Key {
  return new aws.kms.Key(
    `${c.name}-key`,
    { description, enableKeyRotation: true, deletionWindowInDays: 30, region: c.region, tags: named(c.tags, `${c.name}-key`) },
    { parent: c.parent, protect: true },
  );
}

/** What {@link clientSecurityGroup} admits, and says of it. */
export interface ClientAccess {
  readonly network: DatastoreNetwork;
  readonly clients: DatastoreClients;
  readonly port: number;
  /** Description of the security group (changing it replaces the group). */
  readonly description: string;
  /** Description of the ingress rule. */
  readonly ruleDescription: string;
}

/** The datastore's security group, and its one ingress rule: the clients' security group on `port`. */
export function clientSecurityGroup(
  c: DatastoreContext,
  a: ClientAccess,
): { securityGroup: aws.ec2.SecurityGroup; clientIngress: aws.vpc.SecurityGroupIngressRule } {
  const securityGroup = new aws.ec2.SecurityGroup(
    `${c.name}-sg`,
    { description: a.description, vpcId: a.network.vpcId, region: c.region, tags: named(c.tags, `${c.name}-sg`) },
    { parent: c.parent },
  );
  const clientIngress = new aws.vpc.SecurityGroupIngressRule(
    `${c.name}-ingress-cluster`,
    {
      securityGroupId: securityGroup.id,
      description: a.ruleDescription,
      ipProtocol: 'tcp',
      fromPort: a.port,
      toPort: a.port,
      referencedSecurityGroupId: a.clients.clusterSecurityGroupId,
      region: c.region,
      tags: named(c.tags, `${c.name}-ingress-cluster`),
    },
    { parent: c.parent },
  );
  return { securityGroup, clientIngress };
}
