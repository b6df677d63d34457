/** The kubeconfig of an EKS cluster, as a plain function of its endpoint. No Pulumi. */

/** What identifies an EKS cluster to kubectl. */
export interface EksKubeconfigArgs {
  /** Name of the EKS cluster (the context, cluster and user are named after it). */
  readonly clusterName: string;
  /** HTTPS endpoint of the API server. */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly certificateAuthorityData: string;
  /** Region of the cluster, passed to `aws eks get-token`. */
  readonly region: string;
}

/**
 * A kubeconfig that authenticates with `aws eks get-token` (the AWS CLI's
 * credentials, no static token), as a JSON string (valid YAML).
 */
export function eksKubeconfig(args: EksKubeconfigArgs): string {
  const name = args.clusterName;
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: args.endpoint, 'certificate-authority-data': args.certificateAuthorityData } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'aws',
            args: ['eks', 'get-token', '--cluster-name', name, '--region', args.region, '--output', 'json'],
            interactiveMode: 'Never',
          },
        },
      },
    ],
  });
}
