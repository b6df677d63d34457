/**
 * Rules for `services[].rbac`: the Role the library binds to a service's
 * ServiceAccount (`lib/k8s/identity.ts`). A rule must not give the service a
 * way to more than it was granted: Kubernetes' "RBAC good practices"
 * (kubernetes.io/docs/concepts/security/rbac-good-practices, "Kubernetes
 * privilege escalation risks") lists the permissions that do (reading
 * Secrets, creating workloads, minting tokens, the `escalate`, `bind` and
 * `impersonate` verbs, node proxy, CSRs, admission webhooks, namespace
 * labels, persistent volumes), and the table below adds what the same
 * reasoning finds in this stack's namespace: the subresources that run
 * commands in other pods, the objects that redirect traffic past the
 * default-deny policy, and the add-ons' resources that read Secrets on the
 * service's behalf (External Secrets, the Prometheus operator, cert-manager,
 * the JetStream controller).
 *
 * A rule is matched per resource, verb and API group. Built-in resources are
 * matched by name in any API group (a custom `jobs` that runs pods is refused
 * as the batch one is); the add-ons' by group too. Cluster-scoped resources
 * mean nothing in a Role, and are refused all the same: the rule is wrong.
 * The good practices' denial-of-service risk (creating many objects) is the
 * namespace quota's to bound, not this table's. A custom resource whose
 * controller runs pods or reads Secrets and that is not in the table (Argo
 * Workflows, Tekton...) is not known here: review such rules.
 */
import { k8sNames } from '../naming';
import { isUnresolved } from '../tokens';
import { ENTRY_OBJECTS, reservedNames, reservedPrefix } from '../reserved';
import { type PostgresAccess, clientRole } from '../postgres-roles';
import { arr, isObject, obj, strings } from './checks';
import type { Problems } from './problems';

type Obj = Record<string, unknown>;

/** The verbs that change objects. */
const WRITES = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;
/** The verbs that read objects. */
const READS = ['get', 'list', 'watch'] as const;

/** One way a Role rule lets a workload act beyond its own permissions. */
export interface RbacEscalation {
  /** Resources (`pods`, `pods/exec`), as RBAC names them. */
  readonly resources: readonly string[];
  /** API groups (`''` is the core group); omitted: the resource name in any group. */
  readonly groups?: readonly string[];
  /** The verbs that escalate; `'any'` every verb. */
  readonly verbs: readonly string[] | 'any';
  /**
   * `resourceNames` can narrow the rule to named objects, which are then
   * checked against the library's own and other services' objects
   * ({@link checkRbacNames}); `create` and `deletecollection` cannot be
   * narrowed by name (Kubernetes ignores the names for them).
   */
  readonly byName?: boolean;
  /** What the permission lets the service do, shown in the error. */
  readonly why: string;
}

const EXTERNAL_SECRETS = ['external-secrets.io', 'generators.external-secrets.io'];
const PROMETHEUS_OPERATOR = ['monitoring.coreos.com'];
const CERT_MANAGER = ['cert-manager.io', 'acme.cert-manager.io'];
const JETSTREAM = ['jetstream.nats.io'];

/** The permissions refused in `services[].rbac`, with why (first match wins). */
export const RBAC_ESCALATIONS: readonly RbacEscalation[] = [
  // RBAC good practices: "Listing secrets"
  {
    resources: ['secrets'],
    verbs: READS,
    byName: true,
    why: 'reads every Secret of the namespace, the datastore credentials included',
  },
  // "Token request", through the legacy token Secret: the token controller fills one in for any ServiceAccount named
  {
    resources: ['secrets'],
    verbs: ['create', 'deletecollection'],
    why: 'creates Secrets, and a Secret of type kubernetes.io/service-account-token receives a token of any ServiceAccount of the namespace',
  },
  {
    resources: ['secrets'],
    verbs: WRITES,
    byName: true,
    why: 'rewrites the Secrets other workloads read, the datastore connections included',
  },
  {
    resources: ['configmaps'],
    verbs: ['update', 'patch', 'delete', 'deletecollection'],
    byName: true,
    why: "rewrites other services' configuration and the NATS server's (nats.conf, with its users)",
  },
  // "Token request"
  {
    resources: ['serviceaccounts/token'],
    verbs: 'any',
    why: "mints a token for any ServiceAccount of the namespace, the backup jobs' included, and with it that account's cloud identity",
  },
  {
    resources: ['serviceaccounts'],
    verbs: WRITES,
    why: 'rewrites ServiceAccounts, whose annotations bind cloud identities (IRSA, Workload Identity)',
  },
  // "Workload creation"
  {
    resources: ['pods'],
    verbs: ['create', 'update', 'patch'],
    why: 'runs code as any ServiceAccount of the namespace (a new pod, or a new image in a running one), with its Secrets and cloud identity',
  },
  {
    resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'replicationcontrollers'],
    verbs: ['create', 'update', 'patch'],
    why: 'runs pods as any ServiceAccount of the namespace, with its Secrets and cloud identity',
  },
  {
    resources: ['pods/exec', 'pods/attach', 'pods/ephemeralcontainers'],
    verbs: 'any',
    why: "runs commands in any pod of the namespace, the backup jobs' included",
  },
  {
    resources: ['pods/portforward', 'pods/proxy', 'services/proxy'],
    verbs: 'any',
    why: "reaches any pod's ports through the API server, past the NetworkPolicies",
  },
  // "Access to proxy subresource of Nodes"
  { resources: ['nodes/proxy'], verbs: 'any', why: "runs commands in any pod of the node through the kubelet's API" },
  // "Escalate verb", "Bind verb": writes to RBAC itself
  {
    resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
    verbs: [...WRITES, 'bind', 'escalate'],
    why: 'grants itself any permission of the namespace',
  },
  // "Persistent volume creation"
  {
    resources: ['persistentvolumes'],
    verbs: ['create', 'update', 'patch'],
    why: "a hostPath volume mounts the node's file system",
  },
  // "CSRs and certificate issuing"
  {
    resources: ['certificatesigningrequests', 'certificatesigningrequests/approval', 'certificatesigningrequests/status', 'signers'],
    verbs: [...WRITES, 'approve', 'sign'],
    why: 'has client certificates issued for any user of the cluster',
  },
  // "Control admission webhooks"
  {
    resources: [
      'mutatingwebhookconfigurations',
      'validatingwebhookconfigurations',
      'mutatingadmissionpolicies',
      'mutatingadmissionpolicybindings',
      'validatingadmissionpolicies',
      'validatingadmissionpolicybindings',
    ],
    verbs: WRITES,
    why: 'reads or rewrites every object sent to the API server',
  },
  // "Namespace modification"
  {
    resources: ['namespaces'],
    verbs: WRITES,
    why: "removes the namespace's Pod Security labels",
  },
  // The namespace's guard rails and traffic
  {
    resources: ['networkpolicies'],
    verbs: WRITES,
    why: "rewrites the namespace's NetworkPolicies, the default-deny one included",
  },
  {
    resources: ['services', 'endpoints', 'endpointslices'],
    verbs: ['create', 'update', 'patch'],
    why: "takes other services' traffic (a selector, endpoints or externalIPs of its choosing: CVE-2020-8554)",
  },
  {
    resources: ['ingresses'],
    verbs: ['create', 'update', 'patch'],
    why: 'exposes any Service of the namespace through whatever ingress controller the cluster runs',
  },
  {
    resources: ['resourcequotas', 'limitranges'],
    verbs: WRITES,
    why: "lifts the namespace's quota and limits",
  },
  // Add-ons that read Secrets or act with their own identity on the service's behalf
  {
    resources: ['externalsecrets', 'clusterexternalsecrets', 'secretstores', 'clustersecretstores', 'pushsecrets', 'clusterpushsecrets'],
    groups: EXTERNAL_SECRETS,
    verbs: WRITES,
    why: 'External Secrets copies any secret its store can read (the datastore credentials included) into the namespace',
  },
  {
    resources: ['servicemonitors', 'podmonitors', 'probes', 'scrapeconfigs', 'alertmanagerconfigs'],
    groups: PROMETHEUS_OPERATOR,
    verbs: WRITES,
    why: 'the Prometheus operator reads the Secrets they name (bearer tokens, passwords) and sends them to the targets they name',
  },
  {
    resources: ['prometheusrules'],
    groups: PROMETHEUS_OPERATOR,
    verbs: WRITES,
    why: "rewrites or deletes the stack's alerts",
  },
  {
    resources: ['certificates', 'certificaterequests', 'issuers', 'clusterissuers', 'orders', 'challenges'],
    groups: CERT_MANAGER,
    verbs: WRITES,
    why: "has TLS certificates issued for any host the cluster's issuers serve, other services' included",
  },
  {
    resources: ['prometheuses', 'alertmanagers', 'prometheusagents', 'thanosrulers'],
    groups: PROMETHEUS_OPERATOR,
    verbs: WRITES,
    why: 'the Prometheus operator runs them as StatefulSets with the ServiceAccount and extra containers they name (any ServiceAccount of the namespace)',
  },
  // Traffic: the mesh's and the edge's routing and security objects (as Services, Ingresses and NetworkPolicies above)
  {
    resources: [
      'virtualservices',
      'destinationrules',
      'serviceentries',
      'envoyfilters',
      'sidecars',
      'authorizationpolicies',
      'peerauthentications',
      'requestauthentications',
      'gateways',
    ],
    groups: ['networking.istio.io', 'security.istio.io'],
    verbs: WRITES,
    why: "redirects other services' traffic or weakens the mesh's STRICT mTLS and authorization",
  },
  {
    resources: ['httproutes', 'grpcroutes', 'tlsroutes', 'tcproutes', 'udproutes', 'gateways', 'referencegrants', 'backendtlspolicies'],
    groups: ['gateway.networking.k8s.io'],
    verbs: WRITES,
    why: "routes the edge's traffic for any host to any service",
  },
  {
    resources: [
      'envoypatchpolicies',
      'envoyextensionpolicies',
      'securitypolicies',
      'backendtrafficpolicies',
      'clienttrafficpolicies',
      'backends',
      'httproutefilters',
      'envoyproxies',
    ],
    groups: ['gateway.envoyproxy.io'],
    verbs: WRITES,
    why: "rewrites the edge proxy's configuration or security for other services' routes",
  },
  {
    resources: ['pods/status'],
    groups: [''],
    verbs: WRITES,
    why: "rewrites a pod's IPs, which Services route to",
  },
  {
    resources: ['streams', 'consumers', 'keyvalues', 'objectstores', 'accounts'],
    groups: JETSTREAM,
    verbs: WRITES,
    why: "the JetStream controller acts with its own NATS user on any stream, other services' included",
  },
];

/** Verbs that escalate whatever the resource ("Escalate verb", "Bind verb", "Impersonate verb"), with why. */
export const RBAC_ESCALATING_VERBS: ReadonlyMap<string, string> = new Map([
  ['escalate', 'grants itself permissions it does not hold'],
  ['bind', 'binds itself to roles with permissions it does not hold'],
  ['impersonate', 'acts as another user, group or ServiceAccount, with its permissions'],
]);

/** An RBAC resource: a lower-case plural, optionally `/` and a subresource. */
const RESOURCE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[a-z]+)?$/;
/** An API group: `''` (core) or a DNS subdomain. */
const API_GROUP = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$/;

/** One escalating permission found in a rule: the verb and resource, and why. */
export interface RbacFinding {
  readonly verb: string;
  readonly resource: string;
  readonly why: string;
  /** The finding goes away when the rule names its objects (then {@link checkRbacNames} checks the names). */
  readonly byName: boolean;
}

/** Every escalating verb and resource of a Role rule (no wildcards: those are refused on their own). */
export function rbacFindings(rule: {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}): RbacFinding[] {
  const found: RbacFinding[] = [];
  for (const verb of rule.verbs) {
    const why = RBAC_ESCALATING_VERBS.get(verb);
    if (why) found.push({ verb, resource: rule.resources.join(', '), why, byName: false });
  }
  for (const resource of rule.resources) {
    for (const verb of rule.verbs) {
      if (RBAC_ESCALATING_VERBS.has(verb)) continue;
      const e = RBAC_ESCALATIONS.find(
        (x) =>
          x.resources.includes(resource) &&
          (x.verbs === 'any' || x.verbs.includes(verb)) &&
          (x.groups === undefined || rule.apiGroups.some((g) => x.groups!.includes(g))),
      );
      if (e) found.push({ verb, resource, why: e.why, byName: e.byName === true });
    }
  }
  return found;
}

/** Checks the rules of `services[i].rbac` on their own: their shape, wildcards and the escalation table. */
export function rbacRules(p: Problems, path: string, v: unknown): void {
  arr(p, path, v).forEach((r, i) => {
    const at = `${path}[${i}]`;
    const rr = obj(p, at, r);
    // '' is the core group: a list of strings, empty ones included
    const groups = arr(p, `${at}.apiGroups`, rr.apiGroups ?? NaN).filter((g, j): g is string => {
      if (typeof g !== 'string') p.add(`${at}.apiGroups[${j}]`, g, '{value} must be a string ("" for the core group)');
      return typeof g === 'string' && !isUnresolved(g);
    });
    const resources = strings(p, `${at}.resources`, rr.resources);
    const verbs = strings(p, `${at}.verbs`, rr.verbs);
    const names = strings(p, `${at}.resourceNames`, rr.resourceNames);
    if (resources.length === 0) p.add(`${at}.resources`, rr.resources, 'a rule needs at least one resource');
    if (verbs.length === 0) p.add(`${at}.verbs`, rr.verbs, 'a rule needs at least one verb');
    if (verbs.includes('*') || resources.some((x) => x.includes('*'))) {
      p.add(at, '*', 'wildcards are not least privilege: name the resources and verbs');
      return;
    }
    groups.forEach((g, j) => {
      if (g === '*') p.add(`${at}.apiGroups[${j}]`, g, '{value} is every API group, those a CRD adds later included: name the groups');
      else if (!API_GROUP.test(g)) p.add(`${at}.apiGroups[${j}]`, g, '{value} must be an API group such as "" (core) or "apps"');
    });
    resources.forEach((x, j) => {
      if (!RESOURCE.test(x))
        p.add(`${at}.resources[${j}]`, x, '{value} must be a resource as RBAC names it, such as "configmaps" or "pods/log" (lower case)');
    });
    verbs.forEach((x, j) => {
      if (!/^[a-z]+$/.test(x)) p.add(`${at}.verbs[${j}]`, x, '{value} must be a verb such as "get" or "list" (lower case)');
    });
    if (groups.includes('*')) return;
    // one problem per resource and reason, with its verbs
    const grouped = new Map<string, RbacFinding[]>();
    for (const f of rbacFindings({ apiGroups: groups, resources, verbs })) {
      if (f.byName && names.length > 0) continue;
      const key = `${f.resource}\n${f.why}`;
      grouped.set(key, [...(grouped.get(key) ?? []), f]);
    }
    for (const fs of grouped.values()) {
      const f = fs[0];
      const fix = !f.byName
        ? 'grant it to a deployment tool, not to a workload'
        : f.resource === 'secrets'
          ? 'name the objects in resourceNames, or read Secrets through secretEnv and secretMounts'
          : "name the service's own objects in resourceNames";
      p.add(at, `${fs.map((x) => x.verb).join(', ')} ${f.resource}`, `{value} ${f.why}: ${fix}`);
    }
  });
}

/** The Secrets and ConfigMaps of the namespace a service's rules must not name (with whose they are), and the Secrets it may read. */
interface Protected {
  readonly secrets: ReadonlyMap<string, string>;
  readonly configMaps: ReadonlyMap<string, string>;
  readonly readable: ReadonlySet<string>;
}

function protectedObjects(props: Obj, self: Obj): Protected {
  const stack = typeof props.name === 'string' ? props.name : '';
  const secrets = new Map<string, string>();
  const configMaps = new Map<string, string>();
  for (const [name, r] of reservedNames(stack)) {
    if (r.kinds.includes('Secret')) secrets.set(name, r.owner);
    if (r.kinds.includes('ConfigMap')) configMaps.set(name, r.owner);
  }
  const services = Array.isArray(props.services) ? props.services.filter(isObject) : [];
  for (const s of services) {
    if (s === self || typeof s.name !== 'string') continue;
    for (const [name, kinds] of ENTRY_OBJECTS.service(s.name)) {
      if (kinds.includes('ConfigMap')) configMaps.set(name, `service ${s.name}'s configuration`);
    }
  }
  // the certificates and keys of the stack's own gateway, one Secret per host (cert-manager writes them)
  const edge = isObject(props.edge) ? props.edge : {};
  if (edge.sharedGateway === undefined) {
    const hosts = [
      ...services.map((s) => (isObject(s.route) ? s.route.host : undefined)),
      ...(Array.isArray(edge.routes) ? edge.routes.filter(isObject).map((r) => r.host) : []),
    ];
    for (const host of hosts)
      if (typeof host === 'string') secrets.set(k8sNames.tls(host), `the gateway's TLS certificate and key for ${host}`);
  }
  // reading the connection Secret of a datastore the service is wired to gives it nothing new (writing it does)
  const wired = (store: 'postgres' | 'redis') => self[store] !== undefined && props[store] !== undefined;
  const readable = new Set([
    ...(wired('postgres') && typeof self.name === 'string'
      ? [
          k8sNames.postgresRoleSecret(
            stack,
            clientRole('service', self.name, isObject(self.postgres) ? (self.postgres.access as PostgresAccess) : undefined),
          ),
        ]
      : []),
    ...(wired('redis') ? [k8sNames.datastoreSecret(stack, 'redis')] : []),
  ]);
  return { secrets, configMaps, readable };
}

/**
 * Checks the `resourceNames` of each service's rules on Secrets and
 * ConfigMaps: none may name an object the library creates (the datastore
 * connections, the NATS users' passwords, the NATS server's and the restore
 * drill's configuration, the gateway's TLS keys) or another service's (its
 * configuration). A service may read the connection Secret of a datastore it
 * is wired to (`postgres`, `redis`): it receives those values anyway. The NATS
 * secret holds every user's password, so it is never readable.
 */
export function checkRbacNames(p: Problems, props: Obj): void {
  const services = Array.isArray(props.services) ? props.services : [];
  services.forEach((s, i) => {
    if (!isObject(s) || !Array.isArray(s.rbac)) return;
    const { secrets, configMaps, readable } = protectedObjects(props, s);
    s.rbac.forEach((r, j) => {
      if (!isObject(r) || !Array.isArray(r.resourceNames) || !Array.isArray(r.resources) || !Array.isArray(r.verbs)) return;
      const verbs = r.verbs.filter((v): v is string => typeof v === 'string');
      const resources: readonly unknown[] = r.resources;
      const writes = verbs.some((v) => (WRITES as readonly string[]).includes(v));
      const reads = verbs.some((v) => (READS as readonly string[]).includes(v));
      r.resourceNames.forEach((name, k) => {
        if (typeof name !== 'string') return;
        const at = `services[${i}].rbac[${j}].resourceNames[${k}]`;
        const library = secrets.get(name) ?? reservedPrefix(typeof props.name === 'string' ? props.name : '', name)?.owner;
        if (resources.includes('secrets') && library !== undefined && (writes || (reads && !readable.has(name)))) {
          p.add(at, name, `{value} is ${library}, which the library creates: a service reads only its own Secrets`);
        } else if (resources.includes('configmaps') && configMaps.has(name) && writes) {
          p.add(at, name, `{value} is ${configMaps.get(name)}, which the library writes: a service changes only its own ConfigMaps`);
        }
      });
    });
  });
}
