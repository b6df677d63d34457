/**
 * Names the library takes for itself: the objects it creates in a stack's
 * namespace that are not named after a spec entry (with their kinds), and the
 * namespaces it must not manage. A service, cron job or secret of the spec
 * that created an object of the same kind and name would replace the
 * library's (the default-deny policy, the backup jobs' ServiceAccount and so
 * their cloud identity, the NATS controller's user), so validation refuses
 * it. test/k8s/reserved.test.ts synthesizes a stack with every feature and
 * pins this table against what the constructs really create.
 */
import { k8sNames } from './naming';

/** One of the library's own names: the kinds of object it names, and what they are. */
export interface ReservedName {
  readonly kinds: readonly string[];
  readonly owner: string;
}

/** A NATS user (nats.conf), which services with a NATS client are too. */
export const NATS_USER = 'NatsUser';

/** The NATS cluster's objects, and the user of its JetStream controller (NACK). */
export const NATS_RESERVED = {
  cluster: 'nats',
  headless: 'nats-headless',
  config: 'nats-config',
  tls: 'nats-tls',
  controllerUser: 'jetstream-controller',
} as const;

/** The namespace-wide STRICT mTLS PeerAuthentication of a stack in the Istio mesh (Istio's convention: `default`). */
export const MESH_POLICY_NAME = 'default';

/** The name of the namespace's ResourceQuota and LimitRange. */
export const NAMESPACE_GUARD_NAME = 'production-stack';

const reserved = (owner: string, ...kinds: string[]): ReservedName => ({ kinds, owner });

/** The library's object names that do not depend on the stack. */
export const FIXED_NAMES: ReadonlyMap<string, ReservedName> = new Map([
  [k8sNames.defaultDeny, reserved("the namespace's default-deny NetworkPolicy", 'NetworkPolicy')],
  [k8sNames.acmeSolver, reserved("the NetworkPolicy of cert-manager's HTTP-01 solver pods", 'NetworkPolicy')],
  [NAMESPACE_GUARD_NAME, reserved("the namespace's ResourceQuota and LimitRange", 'ResourceQuota', 'LimitRange')],
  [
    NATS_RESERVED.cluster,
    reserved(
      "the NATS cluster's objects",
      'StatefulSet',
      'Service',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'PodMonitor',
      'PrometheusRule',
      'PeerAuthentication',
    ),
  ],
  [NATS_RESERVED.headless, reserved("the NATS cluster's headless Service", 'Service')],
  [NATS_RESERVED.config, reserved("the NATS cluster's configuration", 'ConfigMap')],
  [NATS_RESERVED.tls, reserved("the NATS servers' certificate (cert-manager writes its key there)", 'Certificate', 'Secret')],
  [MESH_POLICY_NAME, reserved("the namespace's STRICT mTLS policy", 'PeerAuthentication')],
  [NATS_RESERVED.controllerUser, reserved("the NATS JetStream controller's user", NATS_USER)],
]);

/** The kinds of the objects named after the stack itself. */
export const STACK_OBJECT_KINDS: readonly string[] = [
  'PrometheusRule',
  'AlertmanagerConfig',
  'Gateway',
  'EnvoyProxy',
  'ClientTrafficPolicy',
];

/**
 * The library's names that depend on the spec, by prefix: the Secrets of the PostgreSQL login roles,
 * `<stack>-postgres-<role>` (`k8sNames.postgresRoleSecret`), the old shared `<stack>-postgres` included.
 */
export function reservedPrefix(stack: string, name: string): ReservedName | undefined {
  return name === `${stack}-postgres` || name.startsWith(`${stack}-postgres-`)
    ? reserved("the PostgreSQL login roles' connection Secrets", 'ExternalSecret', 'Secret')
    : undefined;
}

/** Every name the library gives its own objects in the namespace of stack `stack` (and {@link reservedPrefix}). */
export function reservedNames(stack: string): ReadonlyMap<string, ReservedName> {
  const secret = (what: string) => reserved(what, 'ExternalSecret', 'Secret');
  return new Map([
    [
      stack,
      reserved(
        "the stack's PrometheusRule, AlertmanagerConfig and Gateway (with its EnvoyProxy and ClientTrafficPolicy)",
        ...STACK_OBJECT_KINDS,
      ),
    ],
    ...[0, 1, 2, 3].map((i): [string, ReservedName] => [
      k8sNames.httpsRedirect(stack, i),
      reserved("the gateway's redirect to HTTPS", 'HTTPRoute'),
    ]),
    [k8sNames.notFound(stack), reserved("the edge's 404 for metrics paths", 'HTTPRouteFilter')],
    [`${stack}-backups`, reserved("the backups' PrometheusRule", 'PrometheusRule')],
    [`${stack}-dashboard-overview`, reserved("the stack's overview dashboard", 'ConfigMap')],
    [k8sNames.backup(stack), reserved('the logical backup CronJob', 'CronJob', 'NetworkPolicy')],
    [k8sNames.restoreDrill(stack), reserved('the restore-drill CronJob', 'CronJob', 'NetworkPolicy')],
    [k8sNames.restoreDrillChecks(stack), reserved("the restore drill's checks", 'ConfigMap')],
    [k8sNames.backupServiceAccount(stack), reserved("the backup job's ServiceAccount (and its cloud identity)", 'ServiceAccount')],
    [k8sNames.restoreDrillServiceAccount(stack), reserved("the restore drill's ServiceAccount (and its cloud identity)", 'ServiceAccount')],
    [k8sNames.postgresAdminSecret(stack), secret("the PostgreSQL bootstrap Job's secret (the master user)")],
    [
      k8sNames.postgresBootstrap(stack),
      reserved("the PostgreSQL bootstrap Job's ServiceAccount and NetworkPolicy", 'ServiceAccount', 'NetworkPolicy'),
    ],
    [k8sNames.datastoreSecret(stack, 'redis'), secret("Redis's connection secret")],
    ...(['postgres', 'redis'] as const).map((store): [string, ReservedName] => [
      k8sNames.datastoreExporter(stack, store),
      reserved(`the ${store} exporter`, 'Deployment', 'ServiceAccount', 'NetworkPolicy', 'PodDisruptionBudget', 'PodMonitor'),
    ]),
    [
      k8sNames.datastoreSecret(stack, 'nats'),
      reserved("the NATS users' secret and JetStream Account", 'ExternalSecret', 'Secret', 'Account'),
    ],
    ...FIXED_NAMES,
  ]);
}

/** The kinds of a route's objects (an HTTPRoute or a GRPCRoute, and its BackendTrafficPolicy). */
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'BackendTrafficPolicy'];

/**
 * The objects a spec entry creates, by name, with their kinds (a service's migration objects only when it
 * has a migration, its route's only when it has a `route`).
 */
export const ENTRY_OBJECTS = {
  service: (name: string, migration = true, routed = true): [string, readonly string[]][] => [
    [name, ['Deployment', 'StatefulSet', 'Service', 'ServiceAccount', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy']],
    [name, ['ServiceMonitor', 'PodMonitor', 'Role', 'RoleBinding', 'DestinationRule', 'PeerAuthentication', NATS_USER]],
    ...(routed ? [[name, ROUTE_KINDS] as [string, readonly string[]]] : []),
    [k8sNames.config(name), ['ConfigMap']],
    [k8sNames.files(name), ['ConfigMap']],
    [`${name}-dashboard`, ['ConfigMap']],
    ...(migration ? [[`${name}-migrate`, ['NetworkPolicy', 'ServiceAccount']] as [string, readonly string[]]] : []),
  ],
  cronJob: (name: string): [string, readonly string[]][] => [[name, ['CronJob', 'NetworkPolicy', 'ServiceAccount']]],
  secret: (name: string): [string, readonly string[]][] => [[name, ['ExternalSecret', 'Secret']]],
  route: (name: string): [string, readonly string[]][] => [[name, ROUTE_KINDS]],
} as const;

/** What the library's object of that name is, when an object of one of `kinds` named `name` would replace it. */
export function reservedFor(stack: string, name: string, kinds: readonly string[]): string | undefined {
  const r = reservedNames(stack).get(name) ?? reservedPrefix(stack, name);
  return r && r.kinds.some((k) => kinds.includes(k)) ? r.owner : undefined;
}

/**
 * Namespaces a stack must not take: Kubernetes' own and the cluster add-ons' (the stack would put its
 * restricted Pod Security labels, default-deny policy and quota on them). `monitoring.namespace` and
 * `nats.controllerNamespace` are checked against the stack's namespace separately.
 */
export const RESERVED_NAMESPACES: ReadonlyMap<string, string> = new Map([
  ['default', "Kubernetes' default namespace"],
  ['kube-system', "Kubernetes' system components (CoreDNS, metrics-server)"],
  ['kube-public', "Kubernetes' public namespace"],
  ['kube-node-lease', "Kubernetes' node heartbeats"],
  ['cert-manager', 'the cert-manager add-on'],
  ['external-secrets', 'the External Secrets add-on'],
  ['envoy-gateway-system', 'the Envoy Gateway add-on (the gateways and their Envoy replicas)'],
  ['istio-system', 'Istio'],
  ['karpenter', 'the Karpenter add-on (EKS)'],
  ['keda', 'the KEDA add-on (queue-driven scaling of workers)'],
  ['gmp-system', "GKE's managed Prometheus"],
  ['gmp-public', "GKE's managed Prometheus"],
]);
