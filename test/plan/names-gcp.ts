/**
 * Pinned type tokens and logical names of what ProductionStack creates for the
 * GCP fixture spec (test/fixtures/pulumi-gcp), written out and reviewed. See
 * names.test.ts: a deliberate rename ships with an `aliases` option and an
 * update of this list.
 */
export const GCP_NAMES: [string, string][] = [
  ['production-stack:index:ProductionStack', 'shop'],
  ['production-stack:gcp:Cluster', 'shop-cluster'],
  ['gcp:container/cluster:Cluster', 'shop-cluster-gke'],
  ['gcp:kms/keyRing:KeyRing', 'shop-cluster-keyring'],
  ['gcp:container/nodePool:NodePool', 'shop-cluster-nodes'],
  ['gcp:serviceaccount/account:Account', 'shop-cluster-nodes-sa'],
  ['gcp:projects/iAMMember:IAMMember', 'shop-cluster-nodes-sa-artifact-registry-reader'],
  ['gcp:projects/iAMMember:IAMMember', 'shop-cluster-nodes-sa-default-node'],
  ['gcp:kms/cryptoKey:CryptoKey', 'shop-cluster-secrets-key'],
  ['gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember', 'shop-cluster-secrets-key-gke'],
  ['production-stack:gcp:Network', 'shop-network'],
  ['gcp:compute/routerNat:RouterNat', 'shop-network-nat'],
  ['gcp:servicenetworking/connection:Connection', 'shop-network-private-services'],
  ['gcp:compute/globalAddress:GlobalAddress', 'shop-network-private-services-range'],
  ['gcp:compute/router:Router', 'shop-network-router'],
  ['gcp:compute/subnetwork:Subnetwork', 'shop-network-subnet'],
  ['gcp:compute/network:Network', 'shop-network-vpc'],
  ['production-stack:gcp:Postgres', 'shop-postgres'],
  ['gcp:sql/database:Database', 'shop-postgres-database'],
  // the private zone of the name the instance's certificate holds (new with #18: verified TLS)
  ['gcp:dns/managedZone:ManagedZone', 'shop-postgres-dns'],
  ['gcp:dns/recordSet:RecordSet', 'shop-postgres-dns-record'],
  ['gcp:sql/databaseInstance:DatabaseInstance', 'shop-postgres-instance'],
  ['random:index/randomPassword:RandomPassword', 'shop-postgres-password'],
  // the login role of the logical backups (the fixture's one service does not use PostgreSQL)
  ['random:index/randomPassword:RandomPassword', 'shop-postgres-role-app_backup-password'],
  ['random:index/randomPassword:RandomPassword', 'shop-postgres-role-app_monitor-password'],
  ['gcp:secretmanager/secret:Secret', 'shop-postgres-secret'],
  ['gcp:secretmanager/secretVersion:SecretVersion', 'shop-postgres-secret-version'],
  ['gcp:sql/user:User', 'shop-postgres-user'],
  ['production-stack:gcp:Redis', 'shop-redis'],
  ['gcp:redis/instance:Instance', 'shop-redis-instance'],
  ['gcp:secretmanager/secret:Secret', 'shop-redis-secret'],
  ['gcp:secretmanager/secretVersion:SecretVersion', 'shop-redis-secret-version'],
  // The project services the fixture's resources call (see PROJECT_SERVICES), among them those of its add-ons'
  // Workload Identity bindings (iamcredentials) and of its backups' bucket (storage).
  ['production-stack:gcp:ProjectServices', 'shop-apis'],
  ['gcp:projects/service:Service', 'shop-apis-cloudkms'],
  ['gcp:projects/service:Service', 'shop-apis-cloudresourcemanager'],
  ['gcp:projects/service:Service', 'shop-apis-compute'],
  ['gcp:projects/service:Service', 'shop-apis-container'],
  ['gcp:projects/service:Service', 'shop-apis-dns'],
  ['gcp:projects/service:Service', 'shop-apis-iam'],
  ['gcp:projects/service:Service', 'shop-apis-iamcredentials'],
  ['gcp:projects/service:Service', 'shop-apis-logging'],
  ['gcp:projects/service:Service', 'shop-apis-monitoring'],
  ['gcp:projects/service:Service', 'shop-apis-redis'],
  ['gcp:projects/service:Service', 'shop-apis-secretmanager'],
  ['gcp:projects/service:Service', 'shop-apis-servicenetworking'],
  ['gcp:projects/service:Service', 'shop-apis-sqladmin'],
  ['gcp:projects/service:Service', 'shop-apis-storage'],
];
