/** GCP resources and calls, as the plan mocks answer them. */
import { type Inputs, type Made, type State, fakeCertificate, hex, str } from './common';

/** Project ID of the mocked GCP project. */
export const MOCK_GCP_PROJECT = 'plan-project';
/** Project number of the mocked GCP project. */
export const MOCK_GCP_PROJECT_NUMBER = '111122223333';
/** Region of GCP resources and calls that name none. */
export const MOCK_GCP_REGION = 'us-central1';

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
      const version = str(inputs.minMasterVersion, '1.33');
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
    default:
      // IAM members and other bindings: an ID made of what they bind, as the provider does.
      return { id: `${physical}`, state: { name: physical, etag: `BwY${hex(seed, 8)}` } };
  }
}

/** A GCP function call's result, or undefined when not mocked. */
export function gcpCall(token: string, inputs: Inputs): State | undefined {
  switch (token) {
    case 'gcp:compute/getZones:getZones': {
      const region = str(inputs.region, MOCK_GCP_REGION);
      return {
        id: `projects/${str(inputs.project, MOCK_GCP_PROJECT)}/regions/${region}`,
        names: ['a', 'b', 'c', 'f'].map((z) => `${region}-${z}`),
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
