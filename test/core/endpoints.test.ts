/**
 * Where pods reach the managed datastores, the cluster's DNS, GKE's metadata server and the API server
 * (lib/core/endpoints.ts), as the NetworkPolicies admit them.
 */
import type { ResolvedStack } from 'production-stack/core/resolve';
import {
  CLUSTER_DNS,
  EKS_KUBERNETES_SERVICE_IPS,
  GKE_METADATA_SERVER,
  MEMORYSTORE_TLS_PORT,
  apiServerAddresses,
  clusterNetworks,
  datastoreEndpoints,
  tracingDestination,
} from 'production-stack/core/endpoints';

type Net = Parameters<typeof clusterNetworks>[0];
const stack = (cloud: 'aws' | 'gcp', o: { standby?: string; standbyNetwork?: string; postgres?: boolean; redis?: boolean } = {}) =>
  ({
    cloud,
    cluster: { networkCidr: '10.0.0.0/16' },
    dr: { standbyRegion: o.standby, aws: { standbyNetworkCidr: o.standbyNetwork } },
    postgres: o.postgres ? {} : undefined,
    redis: o.redis ? {} : undefined,
  }) as unknown as Net & Pick<ResolvedStack, 'cloud' | 'cluster'>;

test('the cluster DNS: kube-dns pods of kube-system, NodeLocal DNSCache and the metadata server, on 53', () => {
  // Kubernetes' NodeLocal DNSCache docs: 169.254.20.10; GKE's Cloud DNS answers at the metadata server
  expect(CLUSTER_DNS).toEqual({
    namespace: 'kube-system',
    podLabels: { 'k8s-app': 'kube-dns' },
    nodeAddresses: ['169.254.20.10/32', '169.254.169.254/32'],
    port: 53,
  });
});

test('GKE’s metadata server: 169.254.169.254 on 80, and 169.254.169.252 on 988 with Dataplane V2', () => {
  expect(GKE_METADATA_SERVER).toEqual([
    { cidr: '169.254.169.254/32', port: 80 },
    { cidr: '169.254.169.252/32', port: 988 },
  ]);
});

describe('the datastores’ endpoints', () => {
  test('on AWS, the VPC on 5432 and 6379', () => {
    expect(datastoreEndpoints(stack('aws'))).toEqual({
      postgres: { cidr: '10.0.0.0/16', port: 5432 },
      redis: { cidr: '10.0.0.0/16', port: 6379 },
    });
  });

  test('on GCP, the private services range (10.2.0.0/16 of 10.0.0.0/16) on 5432, and Memorystore’s TLS port 6378', () => {
    expect(MEMORYSTORE_TLS_PORT).toBe(6378);
    expect(datastoreEndpoints(stack('gcp'))).toEqual({
      postgres: { cidr: '10.2.0.0/16', port: 5432 },
      redis: { cidr: '10.2.0.0/16', port: 6378 },
    });
  });
});

describe('the trace collector, as a pod resolves the endpoint’s host', () => {
  test.each<[string, object, number, string]>([
    ['otel-collector', { namespace: 'shop' }, 4317, 'otel-collector'],
    ['HTTPS://Collector.Observability', { namespace: 'observability' }, 443, 'collector.observability'],
    ['grpc://collector.observability', { namespace: 'observability' }, 4317, 'collector.observability'],
    ['  http://collector.obs:4318/v1/traces  ', { namespace: 'obs' }, 4318, 'collector.obs'],
    ['collector.obs.svc', { namespace: 'obs' }, 4317, 'collector.obs.svc'],
    ['collector.obs.svc.cluster.local', { namespace: 'obs' }, 4317, 'collector.obs.svc.cluster.local'],
    ['collector.obs.svc.example.com', { internet: true }, 4317, 'collector.obs.svc.example.com'],
    ['collector.obs.cluster.local', { internet: true }, 4317, 'collector.obs.cluster.local'],
    ['a.b.c.d', { internet: true }, 4317, 'a.b.c.d'],
    ['api.honeycomb.io.', { internet: true }, 4317, 'api.honeycomb.io'],
    ['collector.', { internet: true }, 4317, 'collector'],
    ['10.3.4.5:4317', { cidr: '10.3.4.5/32' }, 4317, '10.3.4.5'],
    ['http://10.3.4.5', { cidr: '10.3.4.5/32' }, 80, '10.3.4.5'],
    ['10.3.4.5.6', { internet: true }, 4317, '10.3.4.5.6'],
    ['http://10.123.45.67:4318', { cidr: '10.123.45.67/32' }, 4318, '10.123.45.67'],
    // three labels not under .svc: a public name, though not written absolute
    ['api.honeycomb.io', { internet: true }, 4317, 'api.honeycomb.io'],
    // .svc.cluster.local is only a Service's name with the namespace right before .svc
    ['a.b.c.svc.cluster.local', { internet: true }, 4317, 'a.b.c.svc.cluster.local'],
    // validation asks only for a non-empty string: an endpoint naming no host reads as none, in the stack's namespace
    ['/v1/traces', { namespace: 'shop' }, 4317, ''],
    ['http://collector?x=1', { namespace: 'shop' }, 80, 'collector'],
    ['http://collector#f', { namespace: 'shop' }, 80, 'collector'],
  ])('%j is %j on %d (host %s)', (endpoint, to, port, host) => {
    expect(tracingDestination(endpoint, 'shop')).toEqual({ to, port, host });
  });
});

describe('the clusters’ node networks and the API server', () => {
  test('one cluster: its network', () => {
    expect(clusterNetworks(stack('aws'))).toEqual(['10.0.0.0/16']);
    expect(clusterNetworks(stack('gcp', { postgres: true }))).toEqual(['10.0.0.0/16']);
  });

  test('AWS with a standby region: its own VPC, when it has one', () => {
    expect(clusterNetworks(stack('aws', { standby: 'us-east-1', standbyNetwork: '10.1.0.0/16' }))).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
    expect(clusterNetworks(stack('aws', { standby: 'us-east-1' }))).toEqual(['10.0.0.0/16']);
  });

  test('GCP with a standby region: the second subnet, past the pods, services and (with a datastore) private services ranges', () => {
    // 10.0.0.0/16: pods 10.4.0.0/14, services 10.1.0.0/20, private services 10.2.0.0/16
    expect(clusterNetworks(stack('gcp', { standby: 'us-east1' }))).toEqual(['10.0.0.0/16', '10.2.0.0/16']);
    expect(clusterNetworks(stack('gcp', { standby: 'us-east1', postgres: true }))).toEqual(['10.0.0.0/16', '10.3.0.0/16']);
    expect(clusterNetworks(stack('gcp', { standby: 'us-east1', redis: true }))).toEqual(['10.0.0.0/16', '10.3.0.0/16']);
  });

  test('the API server: the node networks, and on EKS the kubernetes Service’s address in either default range', () => {
    expect(EKS_KUBERNETES_SERVICE_IPS).toEqual(['172.20.0.1/32', '10.100.0.1/32']);
    expect(apiServerAddresses(stack('aws'))).toEqual(['10.0.0.0/16', '172.20.0.1/32', '10.100.0.1/32']);
    expect(apiServerAddresses(stack('gcp'))).toEqual(['10.0.0.0/16']);
  });
});
