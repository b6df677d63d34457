/** GCP resources and calls, as the plan mocks answer them. */
import { type Inputs, type Made, MOCK_SERVER_CA, type State, fakeCertificate, hex, str } from './common';
import { resolveCluster } from '../../core/resolve';

/** Project ID of the mocked GCP project. */
export const MOCK_GCP_PROJECT = 'plan-project';
/** Project number of the mocked GCP project. */
export const MOCK_GCP_PROJECT_NUMBER = '111122223333';
/** Region of GCP resources and calls that name none. */
export const MOCK_GCP_REGION = 'us-central1';

/** A private IP in the range private service access takes by default (10.2.0.0/16). */
function privateIp(seed: string): string {
  return `10.2.${parseInt(hex(seed, 2), 16) % 256}.${(parseInt(hex(seed, 4).slice(2), 16) % 253) + 2}`;
}

/** A managed instance's server CA certificate, as Cloud SQL and Memorystore list them. */
function serverCa(seed: string): State {
  return {
    cert: MOCK_SERVER_CA,
    createTime: '2025-01-01T00:00:00Z',
    expireTime: '2035-01-01T00:00:00Z',
    sha1Fingerprint: hex(`${seed}::ca`, 40),
    serialNumber: '0',
  };
}

/** A GCP resource: its ID and outputs. */
export function gcpResource(type: string, name: string, inputs: Inputs): Made {
  const seed = `${type}::${name}`;
  const project = str(inputs.project, MOCK_GCP_PROJECT);
  const region = str(inputs.region, str(inputs.location, MOCK_GCP_REGION));
  const physical = str(inputs.name, `${name}-${hex(seed, 7)}`);
  const selfLink = (path: string): string => `https://www.googleapis.com/compute/v1/${path}`;
  const withLink = (path: string, extra: State = {}): { id: string; state: State } => ({
    id: path,
    state: { name: physical, project, selfLink: selfLink(path), ...extra },
  });
  switch (type) {
    case 'gcp:compute/network:Network':
      return withLink(`projects/${project}/global/networks/${physical}`);
    case 'gcp:compute/subnetwork:Subnetwork':
      return withLink(`projects/${project}/regions/${region}/subnetworks/${physical}`, { region });
    case 'gcp:compute/router:Router':
      return withLink(`projects/${project}/regions/${region}/routers/${physical}`, { region });
    case 'gcp:compute/routerNat:RouterNat':
      return { id: `${project}/${region}/${str(inputs.router, 'router')}/${physical}`, state: { name: physical, project, region } };
    case 'gcp:serviceaccount/account:Account': {
      const email = `${str(inputs.accountId, physical)}@${project}.iam.gserviceaccount.com`;
      const id = `projects/${project}/serviceAccounts/${email}`;
      return { id, state: { name: id, email, member: `serviceAccount:${email}`, uniqueId: String(parseInt(hex(seed, 12), 16)), project } };
    }
    case 'gcp:kms/keyRing:KeyRing':
      return { id: `projects/${project}/locations/${region}/keyRings/${physical}`, state: { name: physical, project } };
    case 'gcp:kms/cryptoKey:CryptoKey':
      return { id: `${str(inputs.keyRing, 'keyRing')}/cryptoKeys/${physical}`, state: { name: physical } };
    case 'gcp:container/cluster:Cluster': {
      const id = `projects/${project}/locations/${region}/clusters/${physical}`;
      const version = str(inputs.minMasterVersion, resolveCluster(undefined, 'gcp').kubernetesVersion);
      return {
        id,
        state: {
          name: physical,
          project,
          location: region,
          endpoint: `192.0.2.${(parseInt(hex(seed, 2), 16) % 254) + 1}`,
          masterAuth: { clusterCaCertificate: fakeCertificate(seed), clientCertificateConfig: { issueClientCertificate: false } },
          masterVersion: `${version}.5-gke.1000000`,
          selfLink: `https://container.googleapis.com/v1/${id}`,
        },
      };
    }
    case 'gcp:container/nodePool:NodePool': {
      const cluster = str(inputs.cluster, 'cluster');
      const location = str(inputs.location, region);
      return {
        id: `projects/${project}/locations/${location}/clusters/${cluster}/nodePools/${physical}`,
        state: { name: physical, project },
      };
    }
    case 'gcp:compute/address:Address':
      // An external regional address, in the documentation range 203.0.113.0/24 (RFC 5737).
      return withLink(`projects/${project}/regions/${region}/addresses/${physical}`, {
        region,
        address: str(inputs.address, `203.0.113.${(parseInt(hex(seed, 2), 16) % 254) + 1}`),
        addressType: str(inputs.addressType, 'EXTERNAL'),
      });
    case 'gcp:compute/globalAddress:GlobalAddress':
      return withLink(`projects/${project}/global/addresses/${physical}`, {
        address: str(inputs.address, '10.2.0.0'),
        addressType: str(inputs.addressType, 'EXTERNAL'),
      });
    case 'gcp:servicenetworking/connection:Connection':
      // The provider's ID is "<network>:<service>"; the peering is named after the service.
      return {
        id: `${str(inputs.network, 'network')}:${str(inputs.service, 'servicenetworking.googleapis.com')}`,
        state: { peering: 'servicenetworking-googleapis-com' },
      };
    case 'gcp:sql/databaseInstance:DatabaseInstance': {
      const ip = privateIp(seed);
      // the shared CA's certificates hold a DNS name, which Cloud SQL lists (no DNS record is made for it)
      const settings = (inputs.settings ?? {}) as { ipConfiguration?: { serverCaMode?: string } };
      const dnsName = `${hex(seed, 12)}.${hex(`${seed}#dns`, 13)}.${region}.sql-psa.goog.`;
      const cas = settings.ipConfiguration?.serverCaMode === 'GOOGLE_MANAGED_CAS_CA';
      return {
        id: physical,
        state: {
          name: physical,
          project,
          region,
          connectionName: `${project}:${region}:${physical}`,
          privateIpAddress: ip,
          publicIpAddress: '',
          firstIpAddress: ip,
          ipAddresses: [{ ipAddress: ip, type: 'PRIVATE' }],
          serverCaCerts: [serverCa(seed)],
          dnsName: cas ? dnsName : '',
          dnsNames: cas ? [{ name: dnsName, connectionType: 'PRIVATE_SERVICES_ACCESS', dnsScope: 'INSTANCE' }] : [],
          serviceAccountEmailAddress: `p${MOCK_GCP_PROJECT_NUMBER}-${hex(seed, 6)}@gcp-sa-cloud-sql.iam.gserviceaccount.com`,
          selfLink: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${project}/instances/${physical}`,
        },
      };
    }
    case 'gcp:sql/database:Database': {
      const instance = str(inputs.instance, 'instance');
      return { id: `projects/${project}/instances/${instance}/databases/${physical}`, state: { name: physical, project } };
    }
    case 'gcp:sql/user:User':
      return { id: `${physical}//${str(inputs.instance, 'instance')}`, state: { name: physical, project } };
    case 'gcp:redis/instance:Instance': {
      const id = `projects/${project}/locations/${region}/instances/${physical}`;
      const tls = inputs.transitEncryptionMode === 'SERVER_AUTHENTICATION';
      // with read replicas, a read endpoint spreading reads over the replicas (Standard tier only)
      const reads = inputs.readReplicasMode === 'READ_REPLICAS_ENABLED';
      return {
        id,
        state: {
          name: physical,
          project,
          region,
          host: privateIp(seed),
          port: tls ? 6378 : 6379,
          readEndpoint: reads ? privateIp(`${seed}::read`) : '',
          readEndpointPort: reads ? (tls ? 6378 : 6379) : 0,
          authString: inputs.authEnabled === true ? `${hex(`${seed}::auth`, 8)}-${hex(`${seed}::auth`, 36).slice(8, 12)}-plan-auth` : '',
          currentLocationId: `${region}-a`,
          serverCaCerts: tls ? [serverCa(seed)] : [],
          persistenceIamIdentity: `serviceAccount:service-${MOCK_GCP_PROJECT_NUMBER}@cloud-redis.iam.gserviceaccount.com`,
        },
      };
    }
    case 'gcp:dns/managedZone:ManagedZone':
      // A public zone is served by one of Cloud DNS's name server shards.
      return {
        id: `projects/${project}/managedZones/${physical}`,
        state: { name: physical, project, nameServers: [1, 2, 3, 4].map((n) => `ns-cloud-a${n}.googledomains.com.`) },
      };
    case 'gcp:storage/bucket:Bucket':
      return {
        id: physical,
        state: { name: physical, project, url: `gs://${physical}`, selfLink: `https://www.googleapis.com/storage/v1/b/${physical}` },
      };
    case 'gcp:secretmanager/secret:Secret': {
      const secretId = str(inputs.secretId, physical);
      return {
        id: `projects/${project}/secrets/${secretId}`,
        state: { secretId, name: `projects/${MOCK_GCP_PROJECT_NUMBER}/secrets/${secretId}`, project },
      };
    }
    case 'gcp:secretmanager/secretVersion:SecretVersion': {
      const secret = str(inputs.secret, `projects/${project}/secrets/secret`);
      return { id: `${secret}/versions/1`, state: { name: `${secret}/versions/1`, version: '1' } };
    }
    default:
      // IAM members and other bindings: an ID made of what they bind, as the provider does.
      return { id: `${physical}`, state: { name: physical, etag: `BwY${hex(seed, 8)}` } };
  }
}

/** A GCP function call's result, or undefined when not mocked. */
export function gcpCall(token: string, inputs: Inputs, unavailableZones: readonly string[] = []): State | undefined {
  switch (token) {
    case 'gcp:compute/getZones:getZones': {
      const region = str(inputs.region, MOCK_GCP_REGION);
      return {
        id: `projects/${str(inputs.project, MOCK_GCP_PROJECT)}/regions/${region}`,
        // `status: 'UP'` leaves out zones that are down
        names: ['a', 'b', 'c', 'f'].map((z) => `${region}-${z}`).filter((z) => inputs.status !== 'UP' || !unavailableZones.includes(z)),
      };
    }
    case 'gcp:organizations/getClientConfig:getClientConfig':
      return {
        id: MOCK_GCP_PROJECT,
        project: MOCK_GCP_PROJECT,
        region: MOCK_GCP_REGION,
        zone: `${MOCK_GCP_REGION}-a`,
        accessToken: 'plan-token',
        defaultLabels: {},
      };
    case 'gcp:organizations/getProject:getProject': {
      const projectId = str(inputs.projectId, MOCK_GCP_PROJECT);
      return { id: `projects/${projectId}`, projectId, name: projectId, number: MOCK_GCP_PROJECT_NUMBER };
    }
    default:
      return undefined;
  }
}
