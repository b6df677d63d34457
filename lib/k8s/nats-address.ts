/** How services reach the stack's NATS: its name, URL and, with TLS, the CA they trust. */
import { NATS_CLIENT_PORT } from '../core/ports';
import type { ResolvedStack } from '../core/resolve';

/** Name of the NATS cluster's objects in the stack's namespace. */
export const NATS_NAME = 'nats';

/** The NATS servers' monitoring port (nats.conf `http_port`, plain HTTP), served on the headless Service. */
export const NATS_MONITOR_PORT = 8222;

/** The Secret cert-manager writes the servers' certificate (and its CA) to, with `nats.tls`. */
export const NATS_TLS_SECRET = `${NATS_NAME}-tls`;

/** Where services mount the CA of the NATS certificate, with `nats.tls`. */
export const NATS_CA_DIR = '/etc/nats-ca';

/** The client URL services use to reach the stack's NATS (`tls://` when it serves TLS). */
export function natsUrl(stack: ResolvedStack): string {
  const scheme = stack.nats?.tls ? 'tls' : 'nats';
  return `${scheme}://${NATS_NAME}.${stack.namespace}.svc.cluster.local:${NATS_CLIENT_PORT}`;
}
