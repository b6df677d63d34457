/** Kubernetes resources, as the plan mocks answer them: objects echo their metadata, Helm releases report a deployed status. */
import { type Inputs, type Made, hex, str } from './common';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A Kubernetes resource (`kubernetes:*`): its ID (`<namespace>/<name>` or `<name>`) and outputs. */
export function kubernetesResource(type: string, name: string, inputs: Inputs): Made {
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
