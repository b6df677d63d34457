/**
 * Pinned type tokens and logical names of the standby region for one spec:
 * the AWS fixture (test/fixtures/pulumi-aws, PostgreSQL and Redis) with
 * `dr.standbyRegion: 'us-east-2'` and `dr.dns` (see {@link STANDBY_SPEC_DR}), its
 * service `api` with a route for the failover name ({@link STANDBY_SPEC_SERVICES}).
 * Written out and reviewed; see names-standby.test.ts. None of them depends on
 * `dr.activeRegion` or `dr.mode` (the failover changes inputs only), except the
 * SECONDARY failover record, which only a warm standby has while the primary
 * serves ({@link SECONDARY_RECORD}); the database replica, the Redis and their keys
 * are protected, so a rename would try to replace them: a deliberate one ships
 * with `aliases`.
 */
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import {
  CERT_MANAGER_POLICY_NAMES,
  EXTERNAL_SECRETS_POLICY_NAMES,
  addonPolicyNames,
  karpenterNames,
  monitoringNames,
  routeNames,
} from './names-cluster';

/**
 * The services of the pinned spec: the fixture's, with the route that serves the failover name
 * (`dr.dns.name` must be a routed host).
 */
export const STANDBY_SPEC_SERVICES = awsSpec.services.map((s) => ({ ...s, route: { host: 'shop.example.com' } }));

/** The `dr` section of the pinned spec. */
export const STANDBY_SPEC_DR = {
  standbyRegion: 'us-east-2',
  dns: { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' },
} as const;

/** The component, its notification topics, the database's event subscription. */
const STANDBY: [string, string][] = [
  ['production-stack:aws:Standby', 'shop-standby'],
  ['aws:rds/eventSubscription:EventSubscription', 'shop-standby-db-events'],
  ['aws:sns/topic:Topic', 'shop-standby-events'],
  ['aws:sns/topic:Topic', 'shop-standby-health'],
  // the primary database's events, in the primary region (a failback's promotion)
  ['aws:rds/eventSubscription:EventSubscription', 'shop-standby-primary-db-events'],
  ['aws:sns/topic:Topic', 'shop-standby-primary-events'],
];

/** The SECONDARY failover record: a warm standby's while the primary serves; neither a passive pilot light nor the old primary after a flip has one. */
export const SECONDARY_RECORD: [string, string] = ['aws:route53/record:Record', 'shop-standby-record-secondary'];

/** The health checks and alarms of the regions, named after the region, and the failover records, named after their role. */
const DNS: [string, string][] = [
  ['aws:route53/healthCheck:HealthCheck', 'shop-standby-health-eu-west-1'],
  ['aws:cloudwatch/metricAlarm:MetricAlarm', 'shop-standby-health-eu-west-1-alarm'],
  ['aws:route53/healthCheck:HealthCheck', 'shop-standby-health-us-east-2'],
  ['aws:cloudwatch/metricAlarm:MetricAlarm', 'shop-standby-health-us-east-2-alarm'],
  ['aws:route53/record:Record', 'shop-standby-record-primary'],
  SECONDARY_RECORD,
  // each region's own host, which its health check requests
  ['aws:route53/record:Record', 'shop-standby-region-record-eu-west-1'],
  ['aws:route53/record:Record', 'shop-standby-region-record-us-east-2'],
];

/** The standby VPC: the primary's layout (three zones, a NAT gateway per zone, the endpoints, flow logs). */
const NETWORK: [string, string][] = [
  ['production-stack:aws:Network', 'shop-standby-network'],
  ['aws:ec2/defaultSecurityGroup:DefaultSecurityGroup', 'shop-standby-network-default-sg'],
  ['aws:ec2/vpcEndpoint:VpcEndpoint', 'shop-standby-network-endpoint-ecr-api'],
  ['aws:ec2/vpcEndpoint:VpcEndpoint', 'shop-standby-network-endpoint-ecr-dkr'],
  ['aws:ec2/vpcEndpoint:VpcEndpoint', 'shop-standby-network-endpoint-logs'],
  ['aws:ec2/vpcEndpoint:VpcEndpoint', 'shop-standby-network-endpoint-s3'],
  ['aws:ec2/vpcEndpoint:VpcEndpoint', 'shop-standby-network-endpoint-secretsmanager'],
  ['aws:ec2/vpcEndpoint:VpcEndpoint', 'shop-standby-network-endpoint-sts'],
  ['aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule', 'shop-standby-network-endpoints-ingress-vpc'],
  ['aws:ec2/securityGroup:SecurityGroup', 'shop-standby-network-endpoints-sg'],
  ['aws:ec2/flowLog:FlowLog', 'shop-standby-network-flow-log'],
  ['aws:cloudwatch/logGroup:LogGroup', 'shop-standby-network-flow-log-group'],
  ['aws:iam/rolePolicy:RolePolicy', 'shop-standby-network-flow-log-policy'],
  ['aws:iam/role:Role', 'shop-standby-network-flow-log-role'],
  ['aws:ec2/internetGateway:InternetGateway', 'shop-standby-network-igw'],
  ['aws:ec2/natGateway:NatGateway', 'shop-standby-network-nat-1'],
  ['aws:ec2/natGateway:NatGateway', 'shop-standby-network-nat-2'],
  ['aws:ec2/natGateway:NatGateway', 'shop-standby-network-nat-3'],
  ['aws:ec2/eip:Eip', 'shop-standby-network-nat-eip-1'],
  ['aws:ec2/eip:Eip', 'shop-standby-network-nat-eip-2'],
  ['aws:ec2/eip:Eip', 'shop-standby-network-nat-eip-3'],
  ['aws:ec2/subnet:Subnet', 'shop-standby-network-private-1'],
  ['aws:ec2/route:Route', 'shop-standby-network-private-1-nat-route'],
  ['aws:ec2/routeTable:RouteTable', 'shop-standby-network-private-1-rt'],
  ['aws:ec2/routeTableAssociation:RouteTableAssociation', 'shop-standby-network-private-1-rta'],
  ['aws:ec2/subnet:Subnet', 'shop-standby-network-private-2'],
  ['aws:ec2/route:Route', 'shop-standby-network-private-2-nat-route'],
  ['aws:ec2/routeTable:RouteTable', 'shop-standby-network-private-2-rt'],
  ['aws:ec2/routeTableAssociation:RouteTableAssociation', 'shop-standby-network-private-2-rta'],
  ['aws:ec2/subnet:Subnet', 'shop-standby-network-private-3'],
  ['aws:ec2/route:Route', 'shop-standby-network-private-3-nat-route'],
  ['aws:ec2/routeTable:RouteTable', 'shop-standby-network-private-3-rt'],
  ['aws:ec2/routeTableAssociation:RouteTableAssociation', 'shop-standby-network-private-3-rta'],
  ['aws:ec2/subnet:Subnet', 'shop-standby-network-public-1'],
  ['aws:ec2/routeTableAssociation:RouteTableAssociation', 'shop-standby-network-public-1-rta'],
  ['aws:ec2/subnet:Subnet', 'shop-standby-network-public-2'],
  ['aws:ec2/routeTableAssociation:RouteTableAssociation', 'shop-standby-network-public-2-rta'],
  ['aws:ec2/subnet:Subnet', 'shop-standby-network-public-3'],
  ['aws:ec2/routeTableAssociation:RouteTableAssociation', 'shop-standby-network-public-3-rta'],
  ['aws:ec2/route:Route', 'shop-standby-network-public-internet-route'],
  ['aws:ec2/routeTable:RouteTable', 'shop-standby-network-public-rt'],
  ['aws:ec2/vpc:Vpc', 'shop-standby-network-vpc'],
];

/** The standby EKS cluster (the EKS name is `shop-standby-cluster`). */
const CLUSTER: [string, string][] = [
  ['production-stack:aws:Cluster', 'shop-standby-cluster'],
  ['aws:cloudwatch/logGroup:LogGroup', 'shop-standby-cluster-control-plane-logs'],
  ['aws:iam/role:Role', 'shop-standby-cluster-control-plane-role'],
  ['aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'shop-standby-cluster-control-plane-role-eks-cluster'],
  ['aws:iam/rolePolicy:RolePolicy', 'shop-standby-cluster-control-plane-role-secrets-key'],
  ['aws:eks/cluster:Cluster', 'shop-standby-cluster-eks'],
  ['aws:iam/role:Role', 'shop-standby-cluster-node-role'],
  ['aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'shop-standby-cluster-node-role-ecr-read-only'],
  ['aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'shop-standby-cluster-node-role-eks-cni'],
  ['aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'shop-standby-cluster-node-role-eks-worker-node'],
  ['aws:ec2/launchTemplate:LaunchTemplate', 'shop-standby-cluster-node-template'],
  ['aws:eks/nodeGroup:NodeGroup', 'shop-standby-cluster-nodes'],
  ['aws:iam/openIdConnectProvider:OpenIdConnectProvider', 'shop-standby-cluster-oidc-provider'],
  ['aws:kms/key:Key', 'shop-standby-cluster-secrets-key'],
  ['aws:eks/addon:Addon', 'shop-standby-cluster-ebs-csi'],
  ['aws:iam/role:Role', 'shop-standby-cluster-ebs-csi-role'],
  ['aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'shop-standby-cluster-ebs-csi-role-ebs-csi'],
  ['aws:eks/addon:Addon', 'shop-standby-cluster-vpc-cni'],
  ['aws:ec2/tag:Tag', 'shop-standby-cluster-sg-discovery-tag'],
];

/**
 * The peering of the primary's VPC with the standby's (requested in the primary region, accepted in the
 * standby's): on each end a route per private route table and the cluster security group's rule for the
 * other VPC, named after the end's role (fixed, whichever region serves).
 */
const PEERING: [string, string][] = [
  ['aws:ec2/vpcPeeringConnection:VpcPeeringConnection', 'shop-standby-peering'],
  ['aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter', 'shop-standby-peering-accepter'],
  ...['primary', 'standby'].flatMap((role): [string, string][] => [
    ...[1, 2, 3].map((zone): [string, string] => ['aws:ec2/route:Route', `shop-standby-peering-${role}-${zone}-route`]),
    ['aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule', `shop-standby-peering-${role}-api-ingress`],
  ]),
];

/** The cross-region read replica (RDS identifier `shop-standby-postgres`). */
const POSTGRES: [string, string][] = [
  ['production-stack:aws:PostgresReplica', 'shop-standby-postgres'],
  ['aws:secretsmanager/secret:Secret', 'shop-standby-postgres-connection'],
  ['aws:secretsmanager/secretVersion:SecretVersion', 'shop-standby-postgres-connection-value'],
  ['aws:rds/instance:Instance', 'shop-standby-postgres-db'],
  ['aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule', 'shop-standby-postgres-ingress-cluster'],
  ['aws:kms/key:Key', 'shop-standby-postgres-key'],
  ['aws:rds/parameterGroup:ParameterGroup', 'shop-standby-postgres-params'],
  ['aws:ec2/securityGroup:SecurityGroup', 'shop-standby-postgres-sg'],
  ['aws:rds/subnetGroup:SubnetGroup', 'shop-standby-postgres-subnet-group'],
];

/** The standby Redis (replication group `shop-standby-redis`). */
const REDIS: [string, string][] = [
  ['production-stack:aws:Redis', 'shop-standby-redis'],
  ['random:index/randomPassword:RandomPassword', 'shop-standby-redis-auth-token'],
  ['aws:secretsmanager/secret:Secret', 'shop-standby-redis-connection'],
  ['aws:secretsmanager/secretVersion:SecretVersion', 'shop-standby-redis-connection-value'],
  ['aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule', 'shop-standby-redis-ingress-cluster'],
  ['aws:kms/key:Key', 'shop-standby-redis-key'],
  ['aws:elasticache/parameterGroup:ParameterGroup', 'shop-standby-redis-params'],
  ['aws:elasticache/replicationGroup:ReplicationGroup', 'shop-standby-redis-replication-group'],
  ['aws:ec2/securityGroup:SecurityGroup', 'shop-standby-redis-sg'],
  ['aws:elasticache/subnetGroup:SubnetGroup', 'shop-standby-redis-subnet-group'],
];

/**
 * What `<stack>-standby` deploys onto the standby cluster: its Kubernetes provider, the add-ons
 * (with their own IRSA role, trusted by the standby cluster) and the chart's objects; the same
 * objects as on the primary cluster (names-cluster.ts), under `shop-standby-`. The set is the
 * same for either active region and either mode: a flip only changes replica counts.
 */
const STANDBY_CLUSTER: [string, string][] = [
  ['production-stack:index:ClusterAddons', 'shop-standby-addons'],
  ['kubernetes:helm.sh/v3:Release', 'shop-standby-addons-cert-manager'],
  ['kubernetes:core/v1:Namespace', 'shop-standby-addons-cert-manager-namespace'],
  ...addonPolicyNames('shop-standby', CERT_MANAGER_POLICY_NAMES),
  ['kubernetes:helm.sh/v3:Release', 'shop-standby-addons-external-secrets'],
  ['kubernetes:core/v1:Namespace', 'shop-standby-addons-external-secrets-namespace'],
  ...addonPolicyNames('shop-standby', EXTERNAL_SECRETS_POLICY_NAMES),
  ['kubernetes:helm.sh/v3:Release', 'shop-standby-addons-kube-prometheus-stack'],
  ['kubernetes:core/v1:Namespace', 'shop-standby-addons-kube-prometheus-stack-namespace'],
  ...monitoringNames('shop-standby'),
  ['kubernetes:external-secrets.io/v1:ClusterSecretStore', 'shop-standby-addons-secret-store'],
  // the ServiceAccount the store authenticates as (new: the controller's own carries no cloud identity)
  ['kubernetes:core/v1:ServiceAccount', 'shop-standby-addons-serviceaccount-external-secrets-store'],
  ['pulumi:providers:kubernetes', 'shop-standby-k8s'],
  ['aws:iam/rolePolicy:RolePolicy', 'shop-standby-addons-external-secrets-policy'],
  ['aws:iam/role:Role', 'shop-standby-addons-external-secrets-role'],
  ['kubernetes:helm.sh/v3:Release', 'shop-standby-addons-metrics-server'],
  ['kubernetes:storage.k8s.io/v1:StorageClass', 'shop-standby-addons-storage-class'],
  ...karpenterNames('shop-standby'),
  ['production-stack:index:Workloads', 'shop-standby-workloads'],
  ['kubernetes:core/v1:ConfigMap', 'shop-standby-workloads-configmap-shop-api-dashboard'],
  ['kubernetes:core/v1:ConfigMap', 'shop-standby-workloads-configmap-shop-shop-dashboard-overview'],
  ['kubernetes:apps/v1:Deployment', 'shop-standby-workloads-deployment-shop-api'],
  ['kubernetes:core/v1:LimitRange', 'shop-standby-workloads-limitrange-shop-production-stack'],
  ['kubernetes:core/v1:Namespace', 'shop-standby-workloads-namespace-shop'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-standby-workloads-networkpolicy-shop-api'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-standby-workloads-networkpolicy-shop-default-deny'],
  ['kubernetes:policy/v1:PodDisruptionBudget', 'shop-standby-workloads-poddisruptionbudget-shop-api'],
  ['kubernetes:monitoring.coreos.com/v1:PrometheusRule', 'shop-standby-workloads-prometheusrule-shop-shop'],
  ['kubernetes:core/v1:ResourceQuota', 'shop-standby-workloads-resourcequota-shop-production-stack'],
  ['kubernetes:core/v1:Service', 'shop-standby-workloads-service-shop-api'],
  ['kubernetes:core/v1:ServiceAccount', 'shop-standby-workloads-serviceaccount-shop-api'],
  // the backup role's connection secret; the bootstrap Job (a no-op on the replica), with the master user's secret
  ['kubernetes:external-secrets.io/v1:ExternalSecret', 'shop-standby-workloads-externalsecret-shop-shop-postgres-app-backup'],
  ['kubernetes:external-secrets.io/v1:ExternalSecret', 'shop-standby-workloads-externalsecret-shop-shop-postgres-admin'],
  ['kubernetes:batch/v1:Job', 'shop-standby-workloads-job-shop-shop-postgres-bootstrap-<hash>'],
  ['kubernetes:core/v1:ServiceAccount', 'shop-standby-workloads-serviceaccount-shop-shop-postgres-bootstrap'],
  // the managed datastores' exporters (issue #19): each with its role's (or Redis's) secret, identity, policy, PDB and PodMonitor
  ['kubernetes:external-secrets.io/v1:ExternalSecret', 'shop-standby-workloads-externalsecret-shop-shop-postgres-app-monitor'],
  ['kubernetes:external-secrets.io/v1:ExternalSecret', 'shop-standby-workloads-externalsecret-shop-shop-redis'],
  ['kubernetes:apps/v1:Deployment', 'shop-standby-workloads-deployment-shop-shop-postgres-exporter'],
  ['kubernetes:core/v1:ServiceAccount', 'shop-standby-workloads-serviceaccount-shop-shop-postgres-exporter'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-standby-workloads-networkpolicy-shop-shop-postgres-exporter'],
  ['kubernetes:policy/v1:PodDisruptionBudget', 'shop-standby-workloads-poddisruptionbudget-shop-shop-postgres-exporter'],
  ['kubernetes:monitoring.coreos.com/v1:PodMonitor', 'shop-standby-workloads-podmonitor-shop-shop-postgres-exporter'],
  ['kubernetes:apps/v1:Deployment', 'shop-standby-workloads-deployment-shop-shop-redis-exporter'],
  ['kubernetes:core/v1:ServiceAccount', 'shop-standby-workloads-serviceaccount-shop-shop-redis-exporter'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-standby-workloads-networkpolicy-shop-shop-redis-exporter'],
  ['kubernetes:policy/v1:PodDisruptionBudget', 'shop-standby-workloads-poddisruptionbudget-shop-shop-redis-exporter'],
  ['kubernetes:monitoring.coreos.com/v1:PodMonitor', 'shop-standby-workloads-podmonitor-shop-shop-redis-exporter'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-standby-workloads-networkpolicy-shop-shop-postgres-bootstrap'],
  // the backup and restore-drill jobs
  ['kubernetes:core/v1:ServiceAccount', 'shop-standby-workloads-serviceaccount-shop-shop-backup'],
  ['kubernetes:core/v1:ServiceAccount', 'shop-standby-workloads-serviceaccount-shop-shop-restore-drill'],
  ['kubernetes:batch/v1:CronJob', 'shop-standby-workloads-cronjob-shop-shop-pg-backup'],
  ['kubernetes:batch/v1:CronJob', 'shop-standby-workloads-cronjob-shop-shop-pg-restore-drill'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-standby-workloads-networkpolicy-shop-shop-pg-backup'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-standby-workloads-networkpolicy-shop-shop-pg-restore-drill'],
  ['kubernetes:core/v1:ConfigMap', 'shop-standby-workloads-configmap-shop-shop-pg-restore-drill-checks'],
  ['kubernetes:monitoring.coreos.com/v1:PrometheusRule', 'shop-standby-workloads-prometheusrule-shop-shop-backups'],
];

/**
 * What the route of the failover name adds on each cluster, the primary's (`shop-`) and the standby's
 * (`shop-standby-`): what any route adds ({@link routeNames}; its ClusterIssuer solves the failover name
 * with DNS-01 through Route 53), and cert-manager's IRSA role that may write the name's challenge record.
 */
export const FAILOVER_ROUTE_NAMES: [string, string][] = ['shop', 'shop-standby'].flatMap((prefix): [string, string][] => [
  ['aws:iam/rolePolicy:RolePolicy', `${prefix}-addons-cert-manager-policy`],
  ['aws:iam/role:Role', `${prefix}-addons-cert-manager-role`],
  ...routeNames(prefix, 'aws'),
  // the route of the region's health check (its own host, on plain HTTP)
  ['kubernetes:gateway.networking.k8s.io/v1:HTTPRoute', `${prefix}-workloads-httproute-shop-shop-failover-health`],
]);

/** Everything `<stack>-standby` creates for the pinned spec. */
export const STANDBY_NAMES: [string, string][] = [
  ...STANDBY,
  ...DNS,
  ...NETWORK,
  ...CLUSTER,
  ...PEERING,
  ...POSTGRES,
  ...REDIS,
  ...STANDBY_CLUSTER,
];
