/** GCP as a {@link CloudProfile}. */
import { IMAGES } from '../images';
import type { CloudProfile } from './profile';

export const GCP: CloudProfile = {
  cloud: 'gcp',
  names: { kubernetesSupport: 'GKE support', postgres: 'Cloud SQL', redis: 'Memorystore' },
  identityAnnotation: 'iam.gke.io/gcp-service-account',
  storage: {
    scheme: 'gs',
    cliImage: IMAGES.gcloudCli,
    copy: ['gcloud', 'storage', 'cp'],
    quiet: '--quiet',
    // a dual-region bucket serves both regions
    standbyBucket: 'same',
  },
  databaseInstanceSuffix: 'instance',
  loadBalancerAnnotations: {},
  baselineNodes: 'minSize',
  // envoyproxy/gateway#9583: GKE's managed Gateway API CRDs (the only ones it admits) have no GRPCRoute
  grpcRoute: false,
  // https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways: GKE installs and upgrades them
  gatewayApiCrds: 'cloud',
  // GKE ships metrics-server in kube-system and autoscales the node pool (cluster autoscaler)
  installs: { metricsServer: false, karpenter: false },
  // the CNI binaries are in /home/kubernetes/bin (https://istio.io/latest/docs/ambient/install/platform-prerequisites/)
  istioPlatform: 'gke',
  apisInNetwork: false,
  // Memorystore with transit encryption serves TLS on 6378, not 6379
  redisPort: 6378,
  // none besides the control plane's: the rules name GKE's private endpoint, in the nodes' subnet (clusterNetworks)
  kubernetesServiceAddresses: [],
  // GKE's metadata server, which hands a Workload Identity pod its Google tokens: 169.254.169.254 on 80, and
  // 169.254.169.252 on 988 with Dataplane V2 (the address the GKE metadata server listens on there)
  metadataServer: [
    { cidr: '169.254.169.254/32', port: 80 },
    { cidr: '169.254.169.252/32', port: 988 },
  ],
};
