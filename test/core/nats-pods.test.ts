/**
 * What a NATS server pod requests (lib/core/nats-pods.ts), container by container: the server (its CPU, and the
 * memory the spec gives), the exporter and, with TLS only, the config reloader. The sizes are the library's own.
 */
import { NATS_EXPORTER_REQUESTS, NATS_SERVER_CPU, RELOADER_REQUESTS, natsPodRequests } from 'production-stack/core/nats-pods';

test('without TLS: the server with the spec’s memory, and the exporter', () => {
  expect(natsPodRequests('2Gi', false)).toEqual([
    { cpu: '500m', memory: '2Gi' },
    { cpu: '10m', memory: '32Mi' },
  ]);
});

test('with TLS the reloader is added', () => {
  expect(natsPodRequests('1Gi', true)).toEqual([
    { cpu: '500m', memory: '1Gi' },
    { cpu: '10m', memory: '32Mi' },
    { cpu: '10m', memory: '16Mi' },
  ]);
});

test('the constants are the requests the pod lists', () => {
  expect(NATS_SERVER_CPU).toBe('500m');
  expect(NATS_EXPORTER_REQUESTS).toEqual({ cpu: '10m', memory: '32Mi' });
  expect(RELOADER_REQUESTS).toEqual({ cpu: '10m', memory: '16Mi' });
});
