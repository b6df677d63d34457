/**
 * The cloud resource names that grow with the stack's name, and the longest each provider takes. The
 * Pulumi side names a resource `<stack>-<role>` (a standby region's `<stack>-standby-<role>`); most are
 * auto-named, which appends `-` and 7 random characters. A name valid by the stack's own rules can thus
 * pass a provider's limit only once created: Memorystore and GKE take 40 characters, IAM roles 64. Each
 * row is the longest name of its kind (`test/plan/name-limits.test.ts` plans stacks at the longest name
 * validation accepts and holds every physical name of the plan to the providers' limits). Pure data.
 */
import type { Cloud } from './spec/stack';

/** What Pulumi's auto-naming appends to a logical name: `-` and 7 random characters. */
export const AUTONAME_SUFFIX = '-xxxxxxx';

/** What of the spec a row's name depends on, besides the stack's name. */
export interface NameContext {
  readonly cloud: Cloud;
  /** The stack has a standby region (`dr.standbyRegion`). */
  readonly standby: boolean;
  readonly postgres: boolean;
  readonly redis: boolean;
}

/** One kind of cloud name that prefixes the stack's name. */
export interface CloudNameLimit {
  readonly cloud: Cloud;
  /** The resource, as its provider calls it. */
  readonly what: string;
  /** The longest name the provider takes. */
  readonly max: number;
  /** The role appended to the stack's name, `-` first (`-redis-instance`). */
  readonly role: string;
  /** The name is auto-named (Pulumi appends {@link AUTONAME_SUFFIX}). */
  readonly autonamed: boolean;
  /** The standby region has one too, named `<stack>-standby<role>`. */
  readonly inStandby: boolean;
  /** Whether the stack has the resource. */
  readonly when?: (c: NameContext) => boolean;
}

/**
 * The longest name of each kind that binds the stack's name. Sources: the providers' API references (GKE
 * cluster and node pool names 1-40 characters; Memorystore instance IDs 1-40; IAM role names 1-64; EKS
 * node group names 1-63; GCE resource names RFC 1035, 1-63; Cloud SQL counts `project:instance` to 98, and a
 * project ID has up to 30 characters; EventBridge rule names 1-64).
 */
export const CLOUD_NAME_LIMITS: readonly CloudNameLimit[] = [
  { cloud: 'aws', what: 'IAM role', max: 64, role: '-addons-external-secrets-role', autonamed: true, inStandby: true },
  { cloud: 'aws', what: 'EKS node group', max: 63, role: '-cluster-nodes', autonamed: true, inStandby: true },
  // Karpenter's interruption rules (`-health`, `-spot`, `-rebalance`, `-state`, `-reservation`: the longest)
  { cloud: 'aws', what: 'EventBridge rule', max: 64, role: '-addons-karpenter-reservation', autonamed: true, inStandby: true },
  {
    cloud: 'aws',
    what: 'RDS instance identifier',
    max: 63,
    role: '-postgres',
    autonamed: false,
    inStandby: true,
    when: (c) => c.postgres,
  },
  {
    cloud: 'gcp',
    what: 'Memorystore instance',
    max: 40,
    role: '-redis-instance',
    autonamed: true,
    inStandby: true,
    when: (c) => c.redis,
  },
  { cloud: 'gcp', what: 'GKE node pool', max: 40, role: '-cluster-nodes', autonamed: true, inStandby: true },
  { cloud: 'gcp', what: 'GKE cluster', max: 40, role: '-cluster-gke', autonamed: true, inStandby: true },
  {
    cloud: 'gcp',
    what: 'Cloud SQL instance',
    max: 98 - 31,
    role: '-postgres-instance',
    autonamed: true,
    inStandby: true,
    when: (c) => c.postgres,
  },
  {
    cloud: 'gcp',
    what: 'Compute Engine address range',
    max: 63,
    role: '-network-private-services-range',
    autonamed: true,
    inStandby: false,
  },
  { cloud: 'gcp', what: 'KMS key', max: 63, role: '-cluster-secrets-key', autonamed: true, inStandby: true },
];

/** A name of a row, for a stack: the longest one (the standby's when there is one). */
export function cloudNameOf(stack: string, row: CloudNameLimit, c: NameContext): string {
  const standby = c.standby && row.inStandby ? '-standby' : '';
  return `${stack}${standby}${row.role}${row.autonamed ? AUTONAME_SUFFIX : ''}`;
}

/** The rows that apply to a stack. */
export function cloudNameLimits(c: NameContext): CloudNameLimit[] {
  return CLOUD_NAME_LIMITS.filter((r) => r.cloud === c.cloud && (r.when?.(c) ?? true));
}

/** The longest stack name whose every cloud name fits. */
export function maxStackName(c: NameContext): number {
  return Math.min(...cloudNameLimits(c).map((r) => r.max - cloudNameOf('', r, c).length));
}

/** The IAM role of a service's IRSA (AWS): `<stack>-<service>-irsa`, auto-named, at most 64 characters. */
export const IRSA_ROLE = {
  what: 'IAM role',
  max: 64,
  name: (stack: string, service: string) => `${stack}-${service}-irsa${AUTONAME_SUFFIX}`,
};
