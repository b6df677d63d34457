/**
 * Pulumi mocks with plausible cloud outputs: IDs and ARNs in each service's
 * format, EKS endpoints and OIDC issuers, GCP self links, the zones of a
 * region. Deterministic (hashes of type and name), so two plans of the same
 * program are identical.
 */
import type * as pulumi from '@pulumi/pulumi';
import { awsCall, awsResource } from './mocks/aws';
import { type Inputs, type Made, hex } from './mocks/common';
import { gcpCall, gcpResource } from './mocks/gcp';
import { kubernetesResource } from './mocks/kubernetes';

export { MOCK_AWS_ACCOUNT, MOCK_AWS_REGION } from './mocks/aws';
export { MOCK_GCP_PROJECT, MOCK_GCP_PROJECT_NUMBER, MOCK_GCP_REGION } from './mocks/gcp';
export { mockLoadBalancerHostname } from './mocks/kubernetes';

/**
 * Random values (@pulumi/random): `result` is a deterministic string of the
 * length asked, letters and digits only, so connection documents built from a
 * generated password can be checked whole.
 */
function randomResource(type: string, name: string, inputs: Inputs): Made {
  const length = typeof inputs.length === 'number' ? inputs.length : 16;
  const seed = `${type}::${name}`;
  let result = '';
  for (let i = 0; result.length < length; i++) result += hex(`${seed}:${i}`, 64);
  return { id: `${name}-${hex(seed, 8)}`, state: { result: result.slice(0, length) } };
}

function otherResource(type: string, name: string): Made {
  return { id: `${name}-${hex(`${type}::${name}`, 8)}`, state: {} };
}

/** Each provider's mocked resources, by type token prefix. */
const RESOURCES: readonly [string, (type: string, name: string, inputs: Inputs, id?: string) => Made][] = [
  ['aws:', awsResource],
  ['gcp:', gcpResource],
  ['kubernetes:', kubernetesResource],
  ['random:', randomResource],
];

/**
 * Mocks whose resources echo their inputs plus the outputs the cloud would
 * add, and whose calls answer like the cloud APIs. Unknown resource types get
 * an ID derived from their name; unknown calls an empty result. Zone lookups filtered on availability leave
 * out `unavailableZones`.
 */
export function planMocks(unavailableZones: readonly string[] = []): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
      const inputs = (args.inputs ?? {}) as Inputs;
      const mock = RESOURCES.find(([prefix]) => args.type.startsWith(prefix))?.[1];
      // A resource read by its ID (`Resource.get`) has one; a created one does not.
      const made = mock ? mock(args.type, args.name, inputs, args.id || undefined) : otherResource(args.type, args.name);
      return { id: made.id, state: { ...inputs, ...made.state } };
    },
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
      const inputs = (args.inputs ?? {}) as Inputs;
      return awsCall(args.token, inputs, unavailableZones) ?? gcpCall(args.token, inputs, unavailableZones) ?? {};
    },
  };
}
