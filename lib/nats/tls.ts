/**
 * TLS of the NATS cluster (opt-in, `nats.tls`): one cert-manager Certificate
 * for clients and routes, and the reloader sidecar that makes the servers
 * pick up a renewed certificate without a restart.
 */
import { IMAGES } from '../core/images';
import { RELOADER_REQUESTS } from '../core/nats-pods';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import {
  CertificateSpecPrivateKeyAlgorithm,
  CertificateSpecPrivateKeyRotationPolicy,
  CertificateSpecUsages,
} from '../imports/cert-manager.io';
import { Certificate } from '../k8s/api-object';
import { NATS_NAME, NATS_TLS_SECRET } from '../k8s/nats-address';
import { containerSecurityContext } from '../k8s/security';
import { HEADLESS_NAME, PID_FILE, TLS_DIR } from './config';

/** The certificate's lifetime and when cert-manager renews it. */
const DURATION = '2160h'; // 90 days
const RENEW_BEFORE = '360h'; // 15 days

/** The DNS names clients (the Service) and routes (each pod behind the headless Service) use. */
export function tlsDnsNames(stack: ResolvedStack): string[] {
  const ns = stack.namespace;
  return [
    NATS_NAME,
    `${NATS_NAME}.${ns}`,
    `${NATS_NAME}.${ns}.svc`,
    `${NATS_NAME}.${ns}.svc.cluster.local`,
    `*.${HEADLESS_NAME}.${ns}.svc`,
    `*.${HEADLESS_NAME}.${ns}.svc.cluster.local`,
  ];
}

/** The servers' certificate, written by cert-manager to `nats-tls` (tls.crt, tls.key, ca.crt). */
export function natsCertificate(scope: Construct, stack: ResolvedStack, labels: Record<string, string>): Certificate {
  return new Certificate(scope, 'Certificate', {
    metadata: { name: NATS_TLS_SECRET, namespace: stack.namespace, labels },
    spec: {
      secretName: NATS_TLS_SECRET,
      issuerRef: { kind: 'ClusterIssuer', group: 'cert-manager.io', name: stack.nats!.tls!.clusterIssuer },
      dnsNames: tlsDnsNames(stack),
      duration: DURATION,
      renewBefore: RENEW_BEFORE,
      // Route connections authenticate both ends with this certificate.
      usages: [CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.CLIENT_AUTH, CertificateSpecUsages.DIGITAL_SIGNATURE],
      privateKey: {
        algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA,
        size: 256,
        rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS,
      },
    },
  });
}

/** The servers' volume and mount of the certificate Secret. */
export function tlsVolume(): { volume: k8s.Volume; mount: k8s.VolumeMount } {
  return {
    volume: { name: 'tls', secret: { secretName: NATS_TLS_SECRET, defaultMode: 0o440 } },
    mount: { name: 'tls', mountPath: TLS_DIR, readOnly: true },
  };
}

/**
 * The config reloader: watches the config and the certificate files and
 * signals the server (through the shared process namespace) to reload.
 */
export function reloaderContainer(uid: number): k8s.Container {
  const { mount } = tlsVolume();
  return {
    name: 'reloader',
    image: IMAGES.natsReloader,
    args: [
      '-pid',
      PID_FILE,
      '-config',
      '/etc/nats/nats.conf',
      ...['tls.crt', 'tls.key', 'ca.crt'].flatMap((f) => ['-config', `${TLS_DIR}/${f}`]),
    ],
    resources: {
      requests: { cpu: k8s.Quantity.fromString(RELOADER_REQUESTS.cpu), memory: k8s.Quantity.fromString(RELOADER_REQUESTS.memory) },
      limits: { memory: k8s.Quantity.fromString('64Mi') },
    },
    securityContext: containerSecurityContext(uid),
    volumeMounts: [{ name: 'config', mountPath: '/etc/nats', readOnly: true }, { name: 'pid', mountPath: '/var/run/nats' }, mount],
  };
}
