/**
 * Inputs whose change makes Pulumi replace a resource, by type token: the providers' ForceNew fields
 * (pulumi-aws, pulumi-gcp) and any input of a random password. The Pulumi tests compare these across
 * plans (a resize, a failover, a re-seed) with `replacementInputs`: a protected resource must keep them.
 */

/** AWS (and @pulumi/random). */
export const AWS_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  'aws:rds/instance:Instance': [
    'identifier',
    'engine',
    'dbName',
    'username',
    'kmsKeyId',
    'storageEncrypted',
    'dbSubnetGroupName',
    'availabilityZone',
    'characterSetName',
    'snapshotIdentifier',
    'timezone',
  ],
  'aws:rds/parameterGroup:ParameterGroup': ['name', 'family', 'description'],
  'aws:rds/subnetGroup:SubnetGroup': ['name'],
  'aws:elasticache/replicationGroup:ReplicationGroup': [
    'replicationGroupId',
    'engine',
    'subnetGroupName',
    'atRestEncryptionEnabled',
    'kmsKeyId',
    'port',
    'snapshotArns',
  ],
  'aws:elasticache/parameterGroup:ParameterGroup': ['name', 'family', 'description'],
  'aws:elasticache/subnetGroup:SubnetGroup': ['name'],
  'aws:ec2/securityGroup:SecurityGroup': ['name', 'description', 'vpcId'],
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': ['securityGroupId'],
  'aws:kms/key:Key': ['keyUsage', 'customerMasterKeySpec', 'multiRegion', 'region'],
  'aws:s3/bucket:Bucket': ['bucket', 'region'],
  'aws:eks/cluster:Cluster': ['name', 'roleArn', 'region'],
  'aws:eks/nodeGroup:NodeGroup': ['clusterName', 'nodeRoleArn', 'subnetIds', 'instanceTypes', 'amiType', 'capacityType'],
  'aws:ec2/vpc:Vpc': ['cidrBlock', 'region'],
  'aws:ec2/subnet:Subnet': ['cidrBlock', 'availabilityZone', 'vpcId'],
  'aws:route53/record:Record': ['zoneId', 'name', 'type', 'setIdentifier'],
  'aws:route53/healthCheck:HealthCheck': ['type', 'requestInterval'],
  'aws:sns/topic:Topic': ['name', 'region'],
  'aws:secretsmanager/secret:Secret': ['name'],
  'aws:secretsmanager/secretVersion:SecretVersion': ['secretId'],
  'random:index/randomPassword:RandomPassword': ['length', 'special', 'overrideSpecial', 'minLower', 'minUpper', 'minNumeric', 'keepers'],
};

/**
 * GCP. A Cloud SQL instance's `masterInstanceName` is left out: setting it replaces the instance, but removing
 * it (with `instanceType` CLOUD_SQL_INSTANCE) is the promotion, done in place; test/gcp/reseed.test.ts checks both.
 */
export const GCP_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  'gcp:sql/databaseInstance:DatabaseInstance': ['name', 'region', 'databaseVersion', 'project', 'encryptionKeyName'],
  'gcp:sql/database:Database': ['name', 'instance'],
  'gcp:sql/user:User': ['name', 'instance'],
  'gcp:redis/instance:Instance': ['region', 'tier', 'transitEncryptionMode', 'connectMode', 'authorizedNetwork', 'reservedIpRange'],
  'gcp:compute/network:Network': ['name', 'autoCreateSubnetworks'],
  'gcp:compute/subnetwork:Subnetwork': ['network', 'region', 'ipCidrRange'],
  'gcp:container/cluster:Cluster': ['location', 'network', 'subnetwork', 'privateClusterConfig'],
  'gcp:container/nodePool:NodePool': ['cluster', 'location', 'nodeConfig'],
  'gcp:kms/cryptoKey:CryptoKey': ['keyRing', 'purpose'],
  'gcp:dns/recordSet:RecordSet': ['managedZone', 'name', 'type'],
  'gcp:compute/address:Address': ['name', 'region', 'address', 'addressType', 'networkTier', 'ipVersion', 'description', 'project'],
  'gcp:secretmanager/secret:Secret': ['secretId', 'replication'],
  'gcp:secretmanager/regionalSecret:RegionalSecret': ['secretId', 'location'],
  'gcp:pubsub/topic:Topic': ['name'],
  'gcp:storage/bucket:Bucket': ['name', 'location', 'customPlacementConfig'],
};
