import type { ResolvedStack } from '../core/defaults';
import { DEFAULTS } from '../core/defaults';

/** Name of the NATS cluster's objects in the stack's namespace. */
export const NATS_NAME = 'nats';

/** The client URL services use to reach the stack's NATS. */
export function natsUrl(stack: ResolvedStack): string {
  return `nats://${NATS_NAME}.${stack.namespace}.svc.cluster.local:${DEFAULTS.nats.clientPort}`;
}
