/**
 * The names the library takes for itself (lib/core/reserved.ts): a spec entry that created an object of the
 * same kind and name would replace the library's, so validation refuses it, naming what it would replace.
 * test/k8s/reserved.test.ts holds the table to what the constructs really create; these tests state the
 * table and how a name is looked up in it.
 */
import {
  ENTRY_OBJECTS,
  FIXED_NAMES,
  MESH_POLICY_NAME,
  NAMESPACE_GUARD_NAME,
  NATS_RESERVED,
  NATS_USER,
  RESERVED_NAMESPACES,
  STACK_OBJECT_KINDS,
  reservedFor,
  reservedNames,
  reservedPrefix,
} from 'production-stack/core/reserved';

const EXPORTER_KINDS = ['Deployment', 'ServiceAccount', 'NetworkPolicy', 'PodDisruptionBudget', 'PodMonitor'];
const SECRET_KINDS = ['ExternalSecret', 'Secret'];

describe("the library's own names in a stack's namespace", () => {
  test('the names that do not depend on the stack: the default-deny and ACME policies, the quota, NATS, the mesh policy', () => {
    expect(Object.fromEntries([...FIXED_NAMES].map(([name, r]) => [name, r.kinds]))).toEqual({
      'default-deny': ['NetworkPolicy'],
      'acme-http01-solver': ['NetworkPolicy'],
      'production-stack': ['ResourceQuota', 'LimitRange'],
      nats: ['StatefulSet', 'Service', 'NetworkPolicy', 'PodDisruptionBudget', 'PodMonitor', 'PrometheusRule', 'PeerAuthentication'],
      'nats-headless': ['Service'],
      'nats-config': ['ConfigMap'],
      'nats-tls': ['Certificate', 'Secret'],
      default: ['PeerAuthentication'],
      'jetstream-controller': ['NatsUser'],
    });
  });

  test('the names are those of the NATS objects, Istio’s convention for a namespace-wide policy (default) and the quota’s', () => {
    expect(NATS_RESERVED).toEqual({
      cluster: 'nats',
      headless: 'nats-headless',
      config: 'nats-config',
      tls: 'nats-tls',
      controllerUser: 'jetstream-controller',
    });
    expect([MESH_POLICY_NAME, NAMESPACE_GUARD_NAME, NATS_USER]).toEqual(['default', 'production-stack', 'NatsUser']);
  });

  test("the names made of the stack's name (shop), with the kinds of object each is, and the fixed ones after them", () => {
    expect(Object.fromEntries([...reservedNames('shop')].map(([name, r]) => [name, r.kinds]))).toEqual({
      shop: ['PrometheusRule', 'AlertmanagerConfig', 'Gateway', 'EnvoyProxy', 'ClientTrafficPolicy'],
      'shop-https-redirect': ['HTTPRoute'],
      'shop-https-redirect-2': ['HTTPRoute'],
      'shop-https-redirect-3': ['HTTPRoute'],
      'shop-https-redirect-4': ['HTTPRoute'],
      'shop-not-found': ['HTTPRouteFilter'],
      'shop-backups': ['PrometheusRule'],
      'shop-dashboard-overview': ['ConfigMap'],
      'shop-pg-backup': ['CronJob', 'NetworkPolicy'],
      'shop-pg-restore-drill': ['CronJob', 'NetworkPolicy'],
      'shop-pg-restore-drill-checks': ['ConfigMap'],
      'shop-backup': ['ServiceAccount'],
      'shop-restore-drill': ['ServiceAccount'],
      'shop-postgres-admin': SECRET_KINDS,
      'shop-postgres-bootstrap': ['ServiceAccount', 'NetworkPolicy'],
      'shop-redis': SECRET_KINDS,
      'shop-postgres-exporter': EXPORTER_KINDS,
      'shop-redis-exporter': EXPORTER_KINDS,
      'shop-nats': ['ExternalSecret', 'Secret', 'Account'],
      ...Object.fromEntries([...FIXED_NAMES].map(([name, r]) => [name, r.kinds])),
    });
    expect(STACK_OBJECT_KINDS).toEqual(reservedNames('shop').get('shop')!.kinds);
  });

  test('each says what the object is, which the refusal names', () => {
    expect(Object.fromEntries([...reservedNames('shop')].map(([name, r]) => [name, r.owner]))).toEqual({
      shop: "the stack's PrometheusRule, AlertmanagerConfig and Gateway (with its EnvoyProxy and ClientTrafficPolicy)",
      'shop-https-redirect': "the gateway's redirect to HTTPS",
      'shop-https-redirect-2': "the gateway's redirect to HTTPS",
      'shop-https-redirect-3': "the gateway's redirect to HTTPS",
      'shop-https-redirect-4': "the gateway's redirect to HTTPS",
      'shop-not-found': "the edge's 404 for metrics paths",
      'shop-backups': "the backups' PrometheusRule",
      'shop-dashboard-overview': "the stack's overview dashboard",
      'shop-pg-backup': 'the logical backup CronJob',
      'shop-pg-restore-drill': 'the restore-drill CronJob',
      'shop-pg-restore-drill-checks': "the restore drill's checks",
      'shop-backup': "the backup job's ServiceAccount (and its cloud identity)",
      'shop-restore-drill': "the restore drill's ServiceAccount (and its cloud identity)",
      'shop-postgres-admin': "the PostgreSQL bootstrap Job's secret (the master user)",
      'shop-postgres-bootstrap': "the PostgreSQL bootstrap Job's ServiceAccount and NetworkPolicy",
      'shop-redis': "Redis's connection secret",
      'shop-postgres-exporter': 'the postgres exporter',
      'shop-redis-exporter': 'the redis exporter',
      'shop-nats': "the NATS users' secret and JetStream Account",
      'default-deny': "the namespace's default-deny NetworkPolicy",
      'acme-http01-solver': "the NetworkPolicy of cert-manager's HTTP-01 solver pods",
      'production-stack': "the namespace's ResourceQuota and LimitRange",
      nats: "the NATS cluster's objects",
      'nats-headless': "the NATS cluster's headless Service",
      'nats-config': "the NATS cluster's configuration",
      'nats-tls': "the NATS servers' certificate (cert-manager writes its key there)",
      default: "the namespace's STRICT mTLS policy",
      'jetstream-controller': "the NATS JetStream controller's user",
    });
  });
});

describe('the PostgreSQL login roles’ Secrets, reserved by prefix', () => {
  test('<stack>-postgres (the old shared one) and every <stack>-postgres-<role> are the roles’ connection Secrets', () => {
    const roles = { kinds: SECRET_KINDS, owner: "the PostgreSQL login roles' connection Secrets" };
    expect([reservedPrefix('shop', 'shop-postgres'), reservedPrefix('shop', 'shop-postgres-api')]).toEqual([roles, roles]);
  });

  test('a name that only looks like one is free: another stack’s, a longer word, the prefix elsewhere in the name', () => {
    expect(
      ['other-postgres-api', 'shop-postgresql', 'shop-postgres2', 'api-shop-postgres-x', 'shop'].map((n) => reservedPrefix('shop', n)),
    ).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('an entry’s object replaces the library’s only when it has the same name and one of its kinds', () => {
  test('a CronJob named like the backup CronJob replaces it; a Secret of that name does not', () => {
    expect(reservedFor('shop', 'shop-pg-backup', ['CronJob', 'NetworkPolicy', 'ServiceAccount'])).toBe('the logical backup CronJob');
    expect(reservedFor('shop', 'shop-pg-backup', SECRET_KINDS)).toBeUndefined();
  });

  test('one kind in common is enough: a Service named nats replaces the NATS cluster’s', () => {
    expect(reservedFor('shop', 'nats', ['Service'])).toBe("the NATS cluster's objects");
  });

  test('a name of the table is looked up before the prefix: shop-postgres-admin is the master user’s secret, not a role’s', () => {
    expect(reservedFor('shop', 'shop-postgres-admin', ['Secret'])).toBe("the PostgreSQL bootstrap Job's secret (the master user)");
    expect(reservedFor('shop', 'shop-postgres-api', ['Secret'])).toBe("the PostgreSQL login roles' connection Secrets");
  });

  test('a name the library does not use is free, whatever its kinds', () => {
    expect(reservedFor('shop', 'api', ['Deployment', 'Secret', 'CronJob'])).toBeUndefined();
  });
});

describe('the objects a spec entry creates', () => {
  const service = [
    ['api', ['Deployment', 'StatefulSet', 'Service', 'ServiceAccount', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy']],
    ['api', ['ServiceMonitor', 'PodMonitor', 'Role', 'RoleBinding', 'DestinationRule', 'PeerAuthentication', 'NatsUser']],
  ];
  const route = ['api', ['HTTPRoute', 'GRPCRoute', 'BackendTrafficPolicy']];
  const configMaps = [
    ['api-config', ['ConfigMap']],
    ['api-files', ['ConfigMap']],
    ['api-dashboard', ['ConfigMap']],
  ];
  const migration = ['api-migrate', ['NetworkPolicy', 'ServiceAccount']];

  test('a service: its workload and policies, its route, its ConfigMaps and its migration’s objects (both by default)', () => {
    expect(ENTRY_OBJECTS.service('api')).toEqual([...service, route, ...configMaps, migration]);
  });

  test('a service without a migration has no <name>-migrate objects; without a route, no route objects', () => {
    expect(ENTRY_OBJECTS.service('api', false, true)).toEqual([...service, route, ...configMaps]);
    expect(ENTRY_OBJECTS.service('api', true, false)).toEqual([...service, ...configMaps, migration]);
  });

  test('a cron job, a secret and an edge route', () => {
    expect(ENTRY_OBJECTS.cronJob('report')).toEqual([['report', ['CronJob', 'NetworkPolicy', 'ServiceAccount']]]);
    expect(ENTRY_OBJECTS.secret('app')).toEqual([['app', SECRET_KINDS]]);
    expect(ENTRY_OBJECTS.route('docs')).toEqual([['docs', ['HTTPRoute', 'GRPCRoute', 'BackendTrafficPolicy']]]);
  });
});

test("the namespaces a stack must not take: Kubernetes' own and the add-ons', each saying whose it is", () => {
  expect(Object.fromEntries(RESERVED_NAMESPACES)).toEqual({
    default: "Kubernetes' default namespace",
    'kube-system': "Kubernetes' system components (CoreDNS, metrics-server)",
    'kube-public': "Kubernetes' public namespace",
    'kube-node-lease': "Kubernetes' node heartbeats",
    'cert-manager': 'the cert-manager add-on',
    'external-secrets': 'the External Secrets add-on',
    'envoy-gateway-system': 'the Envoy Gateway add-on (the gateways and their Envoy replicas)',
    'istio-system': 'Istio',
    karpenter: 'the Karpenter add-on (EKS)',
    keda: 'the KEDA add-on (queue-driven scaling of workers)',
    'gmp-system': "GKE's managed Prometheus",
    'gmp-public': "GKE's managed Prometheus",
  });
});
