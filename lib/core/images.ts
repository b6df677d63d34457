/**
 * The images the library runs besides the spec's own: tools and sidecars the spec does not choose (the NATS
 * server's image, which it does, is `nats.image`). Pinned by tag, upgraded here.
 */
export const IMAGES = {
  /** kubectl, in the init container that waits for a migration Job. */
  kubectl: 'registry.k8s.io/kubectl:v1.33.4',
  /** The NATS exporter beside each server. */
  natsExporter: 'natsio/prometheus-nats-exporter:0.15.0',
  /** Signals the NATS server to reload when its certificate is renewed (with `nats.tls`). */
  natsReloader: 'natsio/nats-server-config-reloader:0.16.0',
  /** Uploads and downloads the backups on AWS. */
  awsCli: 'amazon/aws-cli:2.22.35',
  /** Uploads and downloads the backups on GCP. */
  gcloudCli: 'gcr.io/google.com/cloudsdktool/google-cloud-cli:502.0.0-slim',
} as const;
