/** GCP as a {@link CloudProfile}. */
import { GKE_METADATA_SERVER } from '../endpoints';
import { IMAGES } from '../images';
import type { CloudProfile } from './profile';

export const GCP: CloudProfile = {
  cloud: 'gcp',
  names: { kubernetesSupport: 'GKE support', postgres: 'Cloud SQL', redis: 'Memorystore' },
  identityAnnotation: 'iam.gke.io/gcp-service-account',
  storage: { scheme: 'gs', cliImage: IMAGES.gcloudCli, copy: ['gcloud', 'storage', 'cp'], quiet: '--quiet' },
  databaseInstanceSuffix: 'instance',
  loadBalancerAnnotations: {},
  baselineNodes: 'minSize',
  // envoyproxy/gateway#9583: GKE's managed Gateway API CRDs (the only ones it admits) have no GRPCRoute
  grpcRoute: false,
  // the CNI binaries are in /home/kubernetes/bin (https://istio.io/latest/docs/ambient/install/platform-prerequisites/)
  istioPlatform: 'gke',
  apisInNetwork: false,
  metadataServer: GKE_METADATA_SERVER,
};
