/** Kubernetes resources, as the plan mocks answer them: objects echo their metadata, Helm releases report a deployed status. */
import { type Inputs, type Made, hex, str } from './common';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The host name the mocks give the load balancer of a Service read under the logical name `name` (one
 * per cluster) by its ID (`<namespace>/<name>`), as the in-tree AWS cloud provider names a Network Load
 * Balancer: `a<31 hex>-<16 hex>.elb.amazonaws.com`.
 */
export function mockLoadBalancerHostname(name: string, serviceId: string): string {
  const seed = `${name}::${serviceId}`;
  return `a${hex(`lb::${seed}`, 31)}-${hex(`lb-dns::${seed}`, 16)}.elb.amazonaws.com`;
}

/**
 * A Kubernetes object read by its ID (`Resource.get`): its metadata, and for a Service the status of a
 * provisioned load balancer ({@link mockLoadBalancerHostname}).
 */
function readObject(type: string, name: string, id: string): Made {
  const [namespace, objectName] = id.includes('/') ? id.split('/', 2) : [undefined, id];
  const metadata = { name: objectName, ...(namespace ? { namespace } : {}), uid: hex(`${type}::${id}`, 32), resourceVersion: '1' };
  if (type !== 'kubernetes:core/v1:Service') return { id, state: { metadata } };
  return {
    id,
    state: {
      metadata,
      spec: { type: 'LoadBalancer' },
      status: { loadBalancer: { ingress: [{ hostname: mockLoadBalancerHostname(name, id) }] } },
    },
  };
}

/**
 * A Kubernetes resource (`kubernetes:*`): its ID (`<namespace>/<name>` or `<name>`) and outputs; `id` when
 * it is read rather than created.
 */
export function kubernetesResource(type: string, name: string, inputs: Inputs, id?: string): Made {
  if (id) return readObject(type, name, id);
  const seed = `${type}::${name}`;
  if (type === 'kubernetes:helm.sh/v3:Release') {
    const release = str(inputs.name, `${name}-${hex(seed, 8)}`);
    const namespace = str(inputs.namespace, 'default');
    return {
      id: `${namespace}/${release}`,
      state: {
        name: release,
        status: {
          name: release,
          namespace,
          chart: str(inputs.chart, ''),
          version: str(inputs.version, ''),
          appVersion: '',
          revision: 1,
          status: 'deployed',
        },
      },
    };
  }
  const metadata = record(inputs.metadata);
  const objectName = str(metadata.name, `${name}-${hex(seed, 8)}`);
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  return {
    id: namespace ? `${namespace}/${objectName}` : objectName,
    state: { metadata: { ...metadata, name: objectName, uid: hex(seed, 32), resourceVersion: '1' } },
  };
}
