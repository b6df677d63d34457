/** Peering of two regions' EKS networks, so a deployer inside either VPC reaches both clusters' private API endpoints. */
import * as aws from '../sdk/aws';
import type * as pulumi from '@pulumi/pulumi';
import { overlaps, parseCidr } from '../core/cidr';
import type { Cluster } from './cluster';
import type { Network } from './network';
import { type Tags, named } from './tags';

/** Port of the EKS API endpoint: the only one a peer's range is admitted on. */
export const API_ENDPOINT_PORT = 443;

/** One end of a {@link peerClusterNetworks}: a VPC, the EKS cluster in it, their region and role. */
export interface PeeredCluster {
  /** The VPC: its ID, its range, and the route tables of its private subnets (nodes, runners, the API endpoint's interfaces). */
  readonly network: Pick<Network, 'vpcId' | 'cidr' | 'privateRouteTables'>;
  /** The cluster, whose security group admits the other end's range on {@link API_ENDPOINT_PORT}. */
  readonly cluster: Pick<Cluster, 'clusterSecurityGroupId'>;
  /** Region of both. */
  readonly region: string;
  /** Names this end's routes and rule (`primary`, `standby`). */
  readonly role: string;
}

/** What {@link peerClusterNetworks} creates. */
export interface ClusterPeering {
  /** The peering connection, requested from the requester's region. */
  readonly connection: aws.ec2.VpcPeeringConnection;
  /** Its acceptance, in the accepter's region. */
  readonly accepter: aws.ec2.VpcPeeringConnectionAccepter;
  /** A route to the other end's range through the connection on each private route table of both ends. */
  readonly routes: readonly aws.ec2.Route[];
  /** Each cluster security group's rule admitting the other end's range on {@link API_ENDPOINT_PORT}. */
  readonly apiIngress: readonly aws.vpc.SecurityGroupIngressRule[];
}

/**
 * Peers `requester`'s VPC with `accepter`'s, in another region: the connection `name` in the requester's region
 * (a cross-region request cannot accept itself), `${name}-accepter` accepting it in the accepter's region; on
 * each end, a route to the other's range on every private route table (`${name}-<role>-<n>-route`) and a rule on
 * the cluster security group admitting the other's range on TCP 443 only (`${name}-<role>-api-ingress`).
 * A private-only EKS endpoint's name resolves to its private addresses everywhere, so a client in either VPC
 * reaches both; an endpoint with public access resolves to its public addresses outside its VPC. Children of
 * `parent`; throws when the two ranges overlap (AWS refuses to peer them).
 */
export function peerClusterNetworks(
  name: string,
  requester: PeeredCluster,
  accepter: PeeredCluster,
  labels: Tags,
  parent: pulumi.Resource,
): ClusterPeering {
  if (overlaps(parseCidr(requester.network.cidr), parseCidr(accepter.network.cidr)))
    throw new Error(
      `the ${accepter.role} network ${accepter.network.cidr} overlaps the ${requester.role} network ${requester.network.cidr}: peered VPCs need distinct ranges`,
    );
  const opts = { parent };
  const connection = new aws.ec2.VpcPeeringConnection(
    name,
    {
      vpcId: requester.network.vpcId,
      peerVpcId: accepter.network.vpcId,
      peerRegion: accepter.region,
      region: requester.region,
      tags: named(labels, name),
    },
    opts,
  );
  const accepted = new aws.ec2.VpcPeeringConnectionAccepter(
    `${name}-accepter`,
    { vpcPeeringConnectionId: connection.id, autoAccept: true, region: accepter.region, tags: named(labels, name) },
    opts,
  );
  const ends = [
    [requester, accepter],
    [accepter, requester],
  ] as const;
  const routes = ends.flatMap(([end, other]) =>
    end.network.privateRouteTables.map(
      (table, i) =>
        new aws.ec2.Route(
          `${name}-${end.role}-${i + 1}-route`,
          {
            routeTableId: table.id,
            destinationCidrBlock: other.network.cidr,
            // through the accepted connection (its ID, read from the acceptance): routes wait for it
            vpcPeeringConnectionId: accepted.vpcPeeringConnectionId,
            region: end.region,
          },
          opts,
        ),
    ),
  );
  const apiIngress = ends.map(([end, other]) => {
    const ruleName = `${name}-${end.role}-api-ingress`;
    return new aws.vpc.SecurityGroupIngressRule(
      ruleName,
      {
        securityGroupId: end.cluster.clusterSecurityGroupId,
        description: `Kubernetes API from the ${other.role} VPC (a deployer there)`,
        ipProtocol: 'tcp',
        fromPort: API_ENDPOINT_PORT,
        toPort: API_ENDPOINT_PORT,
        cidrIpv4: other.network.cidr,
        region: end.region,
        tags: named(labels, ruleName),
      },
      opts,
    );
  });
  return { connection, accepter: accepted, routes, apiIngress };
}
