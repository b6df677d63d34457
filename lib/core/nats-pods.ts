/**
 * What a NATS server pod requests, container by container: pure data, which the NATS StatefulSet sets and the
 * namespace quota and the node capacity check count.
 * @module
 */

/** CPU a NATS server requests (its memory is `nats.memory`, requested and limit). */
export const NATS_SERVER_CPU = '500m';
/** What the metrics exporter beside each server requests. */
export const NATS_EXPORTER_REQUESTS = { cpu: '10m', memory: '32Mi' } as const;

/** What one NATS server pod requests, its containers together: the server, the exporter and, with TLS, the reloader. */
export function natsPodRequests(memory: string, tls: boolean): { cpu: string; memory: string }[] {
  return [{ cpu: NATS_SERVER_CPU, memory }, NATS_EXPORTER_REQUESTS, ...(tls ? [RELOADER_REQUESTS] : [])];
}

/** What the config reloader requests. */
export const RELOADER_REQUESTS = { cpu: '10m', memory: '16Mi' } as const;
