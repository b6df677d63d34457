/**
 * The destinations of egress rules, read as a pod and the CNI read them: a public range never reaches the
 * private ranges inside it, and the trace collector is where the endpoint's host resolves from a pod.
 */
import { clusterNetworks, publicExcept, tracingDestination } from '../../lib/core';
import { resolve } from '../../lib/core';
import { baseSpec } from '../support/spec';

test.each<[string, string, string[]]>([
  ['0.0.0.0/0', '10.0.0.0/16', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16']],
  ['0.0.0.0/1', '10.0.0.0/16', ['10.0.0.0/8', '100.64.0.0/10']], // 0.0.0.0–127.255.255.255: 10/8 and CGNAT
  ['128.0.0.0/1', '10.0.0.0/16', ['172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']],
  ['10.0.0.0/8', '10.0.0.0/16', ['10.0.0.0/16']], // a private range keeps its addresses, but not the cluster's own network
  ['10.20.0.0/16', '10.0.0.0/16', []],
  ['203.0.113.0/24', '10.0.0.0/16', []],
  ['0.0.0.0/0', '198.18.0.0/16', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '198.18.0.0/16']],
])('%s with the cluster on %s leaves out %j', (cidr, network, except) => {
  expect(publicExcept(cidr, network)).toEqual(except);
});

test.each<[string, object, number]>([
  ['http://otel-collector.observability:4317', { namespace: 'observability' }, 4317],
  ['otel-collector:4317', { namespace: 'shop' }, 4317], // one label: a Service of the stack's namespace
  ['http://otel-collector.observability.svc.cluster.local:4318/v1/traces', { namespace: 'observability' }, 4318],
  ['http://otel-collector.observability.svc:4317', { namespace: 'observability' }, 4317],
  ['https://api.honeycomb.io:443', { internet: true }, 443],
  ['https://api.honeycomb.io', { internet: true }, 443], // the scheme's port, as the exporters take it (found by review)
  ['http://otel-collector.observability', { namespace: 'observability' }, 80],
  ['signoz.io.:4317', { internet: true }, 4317], // a public two-label name, written absolute
  ['signoz.io:4317', { namespace: 'io' }, 4317], // as a pod's resolver tries it first: Service signoz in namespace io
  ['http://10.3.4.5:4317', { cidr: '10.3.4.5/32' }, 4317],
])('the trace endpoint %s is %j on %d', (endpoint, to, port) => {
  const { host, ...destination } = tracingDestination(endpoint, 'shop');
  expect(destination).toEqual({ to, port });
  // the host as written, as the readiness report names the collector's Service by it
  expect(endpoint.toLowerCase()).toContain(host);
});

test("the clusters' node networks: the standby region's own VPC on AWS, its second subnet of the VPC on GCP", () => {
  const aws = resolve({ ...baseSpec(), dr: { standbyRegion: 'us-east-1' } });
  expect(clusterNetworks(aws)).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
  expect(clusterNetworks(resolve(baseSpec()))).toEqual(['10.0.0.0/16']);
  const gcp = resolve({ ...baseSpec(), cloud: 'gcp', region: 'us-central1', dr: { standbyRegion: 'us-east1' } });
  const [first, second] = clusterNetworks(gcp);
  expect(first).toBe('10.0.0.0/16');
  expect(second).toMatch(/^10\.\d+\.0\.0\/16$/);
  expect(second).not.toBe(first);
});
