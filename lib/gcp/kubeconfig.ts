/** The kubeconfig of a GKE cluster, as a plain function of its endpoint. No Pulumi. */

/** What identifies a GKE cluster to kubectl. */
export interface GkeKubeconfigArgs {
  /** Name of the context, cluster and user. */
  readonly name: string;
  /** IP or host of the API server (GKE's `endpoint`, without scheme). */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly clusterCaCertificate: string;
}

/**
 * A kubeconfig that authenticates with `gke-gcloud-auth-plugin` (gcloud's
 * credentials, no static token), as a JSON string (valid YAML).
 */
export function gkeKubeconfig(args: GkeKubeconfigArgs): string {
  const name = args.name;
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: `https://${args.endpoint}`, 'certificate-authority-data': args.clusterCaCertificate } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'gke-gcloud-auth-plugin',
            installHint: 'Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin',
            provideClusterInfo: true,
            interactiveMode: 'Never',
          },
        },
      },
    ],
  });
}
