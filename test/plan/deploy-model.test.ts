/**
 * A model of a first `pulumi up` over the offline plan. Mocks accept any order and any reference; a real
 * engine creates a resource once those it depends on exist, and the API server, External Secrets and the
 * clouds then refuse or stall on what is missing. For every example and a stack with every option, on both
 * clouds, the model fails on what a real first `up` would hit:
 *
 * - a custom resource whose CRD no Helm release in its dependency closure installs, on the same cluster
 *   (the API server answers "no matches for kind");
 * - a Secret a pod reads (env, envFrom, volumes) that nothing in the plan creates in the pod's cluster and
 *   namespace (the pod never starts);
 * - an ExternalSecret remote key that no secret version in its dependency closure writes, in its cluster's
 *   region, and that is not one of the spec's own secrets (`secrets[].remoteKey`, which the README asks the
 *   user to write): External Secrets reports SecretSyncedError until someone writes it;
 * - an ExternalSecret in a namespace that the ClusterSecretStore it names, on its cluster, does not serve
 *   (External Secrets refuses it), and a store that serves any namespace besides the stack's (`spec.conditions`
 *   missing, a selector or pattern, or another name): there, anyone may read the stack's secrets;
 * - a ClusterSecretStore authenticating as a ServiceAccount it does not wait for (External Secrets reports it
 *   invalid), or as the ServiceAccount External Secrets' controller runs as, and a controller whose ServiceAccount
 *   carries a cloud identity: a namespaced SecretStore without `auth` authenticates as the controller pod, so the
 *   store's conditions would bind nothing;
 * - an IAM role trusting a cluster's OIDC provider, or a binding to a GKE Workload Identity pool, created
 *   before the provider or the cluster that creates the pool;
 * - an admission webhook or aggregated API of an add-on that the API server cannot reach (its calls time out,
 *   and pods, custom resources or HPAs are refused or stall): a NetworkPolicy isolating its pods, a GKE
 *   control plane on VPC peering, EKS nodes outside the cluster security group.
 */
import type { ProductionStackProps } from '../../lib/core';
import { resolve, secretManagerName } from '../../lib/core';
import { addonPods } from '../../lib/addons/capacity';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as cqar } from '../../examples/cqar/spec';
import { spec as qbitel } from '../../examples/qbitel/spec';
import { spec as qlrf } from '../../examples/ql-rf/spec';
import { spec as qna } from '../../examples/qna-agent/spec';
import { specFor as ralph } from '../../examples/ralph-orchestrator/spec';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';
import { type Inputs, closure } from '../support/plan';
import { everything } from '../support/everything';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Which chart installs the CRDs of each API group (from the charts' `crds/` and templates, written independently of lib/addons). */
const CRD_CHART: Readonly<Record<string, string>> = {
  'external-secrets.io': 'external-secrets',
  'cert-manager.io': 'cert-manager',
  'gateway.networking.k8s.io': 'gateway-helm',
  'gateway.envoyproxy.io': 'gateway-helm',
  'monitoring.coreos.com': 'kube-prometheus-stack',
  'jetstream.nats.io': 'nack',
  'networking.istio.io': 'base',
  'security.istio.io': 'base',
  'karpenter.sh': 'karpenter',
  'karpenter.k8s.aws': 'karpenter',
  'keda.sh': 'keda',
};

/**
 * On GKE: Envoy Gateway's CRDs come from their own chart, and the Gateway API's are GKE's (installed by the
 * cluster with `gatewayApiConfig`, standard channel; from 1.35 GKE refuses experimental-channel Gateway API CRDs
 * by admission policy, `enforce-gateway-standard-channel`).
 */
const CRD_CHART_GKE: Readonly<Record<string, string>> = {
  'gateway.envoyproxy.io': 'gateway-crds-helm',
  'gateway.networking.k8s.io': 'GKE',
};

/**
 * The Gateway API kinds GKE's managed CRDs serve: a curated subset of the standard channel, without GRPCRoute or
 * ListenerSet (envoyproxy/gateway#9583, on `gateway-api-crds` 1.5.0-gke.3503), and GKE admits no other owner.
 */
const GKE_GATEWAY_KINDS = new Set(['GatewayClass', 'Gateway', 'HTTPRoute', 'ReferenceGrant']);

/** API groups the API server serves itself. */
const BUILT_IN =
  /^(core|apps|batch|policy|autoscaling|networking\.k8s\.io|rbac\.authorization\.k8s\.io|storage\.k8s\.io|scheduling\.k8s\.io|admissionregistration\.k8s\.io)$/;

/** `kubernetes:<group>/<version>:<Kind>` → group. */
const groupOf = (type: string) => type.slice('kubernetes:'.length, type.lastIndexOf('/'));
const isK8s = (r: PlanResource) => r.type.startsWith('kubernetes:') && !r.type.startsWith('kubernetes:helm.sh/');
const chartOf = (r: PlanResource) => String(r.inputs.chart).split('/').pop();

/** The pod spec of a workload resource, if it has one. */
function podSpec(r: PlanResource): any {
  const spec = (r.inputs as Inputs).spec;
  if (r.type.endsWith(':CronJob')) return spec?.jobTemplate?.spec?.template?.spec;
  return /:(Deployment|StatefulSet|Job|DaemonSet)$/.test(r.type) ? spec?.template?.spec : undefined;
}

/** Names of the Secrets a pod spec reads, leaving out optional references. */
function podSecrets(pod: any): string[] {
  const names: string[] = [];
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    for (const e of c.env ?? [])
      if (e.valueFrom?.secretKeyRef && !e.valueFrom.secretKeyRef.optional) names.push(e.valueFrom.secretKeyRef.name);
    for (const e of c.envFrom ?? []) if (e.secretRef && !e.secretRef.optional) names.push(e.secretRef.name);
  }
  for (const v of pod.volumes ?? []) {
    if (v.secret && !v.secret.optional) names.push(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) if (s.secret && !s.secret.optional) names.push(s.secret.name);
  }
  return names;
}

/** `<provider>/<namespace>/<name>` of each Secret the plan makes exist: Secrets, ExternalSecrets' targets, Certificates' secrets. */
function producedSecrets(planned: readonly PlanResource[]): Set<string> {
  const out = new Set<string>();
  for (const r of planned.filter(isK8s)) {
    const i = r.inputs as Inputs;
    const at = (name: string) => out.add(`${r.options.provider}/${i.metadata?.namespace}/${name}`);
    if (r.type === 'kubernetes:core/v1:Secret') at(i.metadata.name);
    if (r.type.endsWith(':ExternalSecret')) at(i.spec?.target?.name ?? i.metadata.name);
    if (r.type.endsWith(':Certificate')) at(i.spec.secretName);
  }
  return out;
}

/** Where a secret version writes: the key and the region (AWS: `region`; GCP: a regional secret's location, else the primary's global secret). */
function writtenKeys(
  planned: readonly PlanResource[],
  v: PlanResource,
  primaryRegion: string,
): { key: string; region: string } | undefined {
  if (v.type === 'aws:secretsmanager/secretVersion:SecretVersion') {
    const secret = planned.find((s) => s.type === 'aws:secretsmanager/secret:Secret' && v.dependencies.includes(s.name));
    return secret && { key: String(secret.inputs.name), region: String(v.inputs.region ?? primaryRegion) };
  }
  if (
    v.type === 'gcp:secretmanager/secretVersion:SecretVersion' ||
    v.type === 'gcp:secretmanager/regionalSecretVersion:RegionalSecretVersion'
  ) {
    const secret = planned.find((s) => /:secretmanager\/(regionalSecret|secret):/.test(s.type) && v.dependencies.includes(s.name));
    return secret && { key: String(secret.inputs.secretId), region: String(secret.inputs.location ?? primaryRegion) };
  }
  return undefined;
}

/**
 * Whether External Secrets lets an ExternalSecret in `namespace` read through a ClusterSecretStore with these
 * `spec.conditions` (pkg/controllers/secretstore: any condition that names it, or whose selector or regex
 * matches it; every namespace without conditions). A selector or regex is taken to admit every namespace.
 */
function storeServes(conditions: any[] | undefined, namespace: string): boolean {
  if (!conditions || conditions.length === 0) return true;
  return conditions.some(
    (c) => c.namespaceSelector !== undefined || (c.namespaceRegexes ?? []).length > 0 || (c.namespaces ?? []).includes(namespace),
  );
}

/** The IAM condition of the GCP secret accessor of the cluster behind `provider` (`<prefix>-k8s`), if there is one. */
function gcpSecretGrant(planned: readonly PlanResource[], provider: unknown): string | undefined {
  const prefix = String(provider).split('::').pop()!.replace(/-k8s$/, '');
  const grant = planned.find((r) => r.name === `${prefix}-addons-external-secrets-secret-accessor`);
  return grant && String((grant.inputs as Inputs).condition?.expression ?? '');
}

/** What the model checked: custom resources, Secrets read by pods, remote keys, stores of ExternalSecrets, identity bindings. */
type Checked = Record<'customResources' | 'podSecrets' | 'remoteKeys' | 'secretStores' | 'storeIdentities' | 'identityBindings', number>;

/** Runs the model; returns every failure it finds, one line each, and what it checked. */
function deployModel(spec: ProductionStackProps, planned: readonly PlanResource[]): { failures: string[]; checked: Checked } {
  const failures: string[] = [];
  const checked: Checked = { customResources: 0, podSecrets: 0, remoteKeys: 0, secretStores: 0, storeIdentities: 0, identityBindings: 0 };
  const regionOf = (provider: unknown) => (String(provider).endsWith('-standby-k8s') ? spec.dr!.standbyRegion! : spec.region);

  const gke = spec.cloud === 'gcp';
  for (const r of planned.filter(isK8s)) {
    const group = groupOf(r.type);
    if (BUILT_IN.test(group)) continue;
    const chart = (gke && CRD_CHART_GKE[group]) || CRD_CHART[group];
    checked.customResources++;
    if (chart === 'GKE') {
      const kind = r.type.slice(r.type.lastIndexOf(':') + 1);
      if (!GKE_GATEWAY_KINDS.has(kind)) failures.push(`${r.name}: GKE's Gateway API CRDs have no ${kind}, and no other may be installed`);
      const clusters = planned.filter((c) => c.type === 'gcp:container/cluster:Cluster');
      if (!clusters.every((c) => (c.inputs as Inputs).gatewayApiConfig?.channel === 'CHANNEL_STANDARD'))
        failures.push(`${r.name}: its CRD (${group}) is GKE's, and a cluster of the plan does not install the Gateway API`);
      continue;
    }
    const installed = closure(planned, r).some(
      (d) => d.type.startsWith('kubernetes:helm.sh/') && chartOf(d) === chart && d.options.provider === r.options.provider,
    );
    if (!installed) failures.push(`${r.name}: its CRD (${group}) is installed by no release (${chart ?? 'unknown chart'}) it waits for`);
  }
  // GKE refuses the Gateway API's experimental channel, and a CRD it already keeps cannot be Helm's
  for (const r of planned.filter((x) => gke && x.type === 'kubernetes:helm.sh/v3:Release')) {
    const values = (r.inputs as Inputs).values ?? {};
    if (chartOf(r) === 'gateway-helm' && values.crds?.enabled !== false)
      failures.push(`${r.name}: installs the Gateway API's experimental-channel CRDs, which GKE refuses`);
    if (chartOf(r) === 'gateway-crds-helm' && values.crds?.gatewayAPI?.enabled !== false)
      failures.push(`${r.name}: installs Gateway API CRDs, which GKE keeps itself`);
  }

  const produced = producedSecrets(planned);
  for (const r of planned.filter(isK8s)) {
    const pod = podSpec(r);
    if (!pod) continue;
    for (const name of podSecrets(pod)) {
      checked.podSecrets++;
      if (!produced.has(`${r.options.provider}/${(r.inputs as Inputs).metadata?.namespace}/${name}`))
        failures.push(`${r.name}: reads Secret ${name}, which nothing in the plan creates in its cluster and namespace`);
    }
  }

  const userKeys = new Set((spec.secrets ?? []).map((s) => secretManagerName(spec.cloud, s.remoteKey)));
  for (const es of planned.filter((r) => r.type.endsWith(':ExternalSecret'))) {
    const region = regionOf(es.options.provider);
    const written = closure(planned, es)
      .map((d) => writtenKeys(planned, d, spec.region))
      .filter((w) => w !== undefined);
    const keys = new Set<string>(
      ((es.inputs as Inputs).spec?.data ?? [])
        .map((d: any) => d.remoteRef.key)
        .concat(((es.inputs as Inputs).spec?.dataFrom ?? []).map((d: any) => d.extract?.key)),
    );
    for (const key of keys) {
      checked.remoteKeys++;
      // on GCP the store's identity may read exactly the secrets its IAM condition names, in its cluster's region
      const grant = gcpSecretGrant(planned, es.options.provider);
      if (grant !== undefined) {
        const location = region === spec.region ? '' : `locations/${region}/`;
        if (!new RegExp(`resource\\.name == "projects/\\d+/${location}secrets/${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(grant))
          failures.push(`${es.name}: reads ${key} in ${region}, which the store's IAM condition does not grant`);
      }
      if (userKeys.has(key)) continue;
      if (!written.some((w) => w.key === key && w.region === region))
        failures.push(`${es.name}: reads ${key} in ${region}, which no secret version it waits for writes there`);
    }
  }

  const stores = planned.filter((r) => r.type === 'kubernetes:external-secrets.io/v1:ClusterSecretStore');
  for (const es of planned.filter((r) => r.type.endsWith(':ExternalSecret'))) {
    const i = es.inputs as Inputs;
    const ref = i.spec?.secretStoreRef;
    const store = stores.find((s) => s.options.provider === es.options.provider && (s.inputs as Inputs).metadata?.name === ref?.name);
    checked.secretStores++;
    if (ref?.kind !== 'ClusterSecretStore' || !store)
      failures.push(`${es.name}: reads through ${ref?.kind} ${ref?.name}, which its cluster does not have`);
    else if (!storeServes((store.inputs as Inputs).spec?.conditions, i.metadata?.namespace))
      failures.push(`${es.name}: is in namespace ${i.metadata?.namespace}, which ${store.name} does not serve`);
  }
  const own = resolve(spec).namespace;
  for (const store of stores) {
    const conditions: any[] = (store.inputs as Inputs).spec?.conditions ?? [];
    const open =
      conditions.length === 0 || conditions.some((c) => c.namespaceSelector !== undefined || (c.namespaceRegexes ?? []).length > 0);
    const others = [...new Set(conditions.flatMap((c) => c.namespaces ?? []))].filter((n) => n !== own);
    if (open || others.length > 0)
      failures.push(`${store.name}: serves ${open ? 'every namespace' : others.join(', ')} besides the stack's namespace ${own}`);
  }
  // the store's cloud identity is a ServiceAccount of its own, which exists first; the controller's carries none
  const CLOUD_IDENTITY = /^(eks\.amazonaws\.com\/role-arn|iam\.gke\.io\/gcp-service-account)$/;
  const controllers = planned.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release' && chartOf(r) === 'external-secrets');
  for (const c of controllers) {
    const annotations = Object.keys((c.inputs as Inputs).values?.serviceAccount?.annotations ?? {}).filter((k) => CLOUD_IDENTITY.test(k));
    if (annotations.length > 0)
      failures.push(`${c.name}: the controller's ServiceAccount carries a cloud identity (${annotations.join(', ')})`);
  }
  for (const store of stores) {
    const provider = (store.inputs as Inputs).spec?.provider ?? {};
    const ref = provider.aws?.auth?.jwt?.serviceAccountRef ?? provider.gcpsm?.auth?.workloadIdentity?.serviceAccountRef;
    if (!ref) continue;
    checked.storeIdentities++;
    const account = `${ref.namespace}/${ref.name}`;
    const created = closure(planned, store).some(
      (d) =>
        d.type === 'kubernetes:core/v1:ServiceAccount' &&
        d.options.provider === store.options.provider &&
        (d.inputs as Inputs).metadata?.name === ref.name &&
        (d.inputs as Inputs).metadata?.namespace === ref.namespace,
    );
    if (!created) failures.push(`${store.name}: authenticates as ServiceAccount ${account}, which it does not wait for`);
    const runsAs = controllers.find(
      (c) =>
        c.options.provider === store.options.provider &&
        (c.inputs as Inputs).namespace === ref.namespace &&
        (c.inputs as Inputs).values?.serviceAccount?.name === ref.name,
    );
    if (runsAs) failures.push(`${store.name}: authenticates as ServiceAccount ${account}, which the controller of ${runsAs.name} runs as`);
  }

  const oidcProviders = planned.filter((r) => r.type === 'aws:iam/openIdConnectProvider:OpenIdConnectProvider');
  for (const role of planned.filter((r) => r.type === 'aws:iam/role:Role')) {
    const trust = JSON.stringify(role.inputs.assumeRolePolicy ?? '');
    if (!/oidc|Federated/.test(trust)) continue;
    checked.identityBindings++;
    if (!closure(planned, role).some((d) => oidcProviders.includes(d)))
      failures.push(`${role.name}: trusts an OIDC provider it does not wait for`);
  }
  for (const b of planned.filter((r) => r.type.startsWith('gcp:') && JSON.stringify(r.inputs).includes('.svc.id.goog['))) {
    checked.identityBindings++;
    if (!closure(planned, b).some((d) => d.type === 'gcp:container/cluster:Cluster'))
      failures.push(`${b.name}: binds a Workload Identity pool before the GKE cluster that creates it`);
  }
  return { failures, checked };
}

const deployFailures = (spec: ProductionStackProps, planned: readonly PlanResource[]) => deployModel(spec, planned).failures;

/**
 * The pods that serve the API server (admission webhooks, aggregated APIs), by chart, with the labels and
 * port of each (from the charts' templates at their pinned versions, every label their pod templates set but
 * the version's, written independently of lib/addons). The API server calls them
 * on their pod IP and target port: on GKE (a private cluster on Private Service Connect, where the control
 * plane cannot open connections into the VPC) through the Konnectivity agents in `kube-system`, so from a
 * pod address; on EKS from the control plane's network interfaces in the VPC, which share the cluster
 * security group with the nodes. The other add-ons serve the API server nothing: Karpenter 1.14 (no
 * webhook, and its CRDs convert nothing), NACK, Envoy Gateway (its topology injector is off), and cert-manager's
 * controller and CA injector, External Secrets' controller and cert controller, KEDA's operator.
 */
const API_SERVER_BACKENDS: Readonly<Record<string, readonly { what: string; labels: Record<string, string>; port: number }[]>> = {
  istiod: [
    {
      what: 'the sidecar injector and config validation',
      labels: {
        app: 'istiod',
        istio: 'pilot',
        'istio.io/rev': 'default',
        'sidecar.istio.io/inject': 'false',
        'operator.istio.io/component': 'Pilot',
        'istio.io/dataplane-mode': 'none',
        'app.kubernetes.io/name': 'istiod',
      },
      port: 15017,
    },
  ],
  keda: [
    {
      what: 'the admission webhooks',
      labels: {
        app: 'keda-admission-webhooks',
        name: 'keda-admission-webhooks',
        'app.kubernetes.io/name': 'keda-admission-webhooks',
        'app.kubernetes.io/instance': 'keda',
      },
      port: 9443,
    },
    {
      what: 'the external metrics API',
      labels: {
        app: 'keda-operator-metrics-apiserver',
        'app.kubernetes.io/name': 'keda-operator-metrics-apiserver',
        'app.kubernetes.io/instance': 'keda',
      },
      port: 6443,
    },
  ],
  'cert-manager': [
    {
      what: 'the webhook',
      labels: {
        app: 'webhook',
        'app.kubernetes.io/name': 'webhook',
        'app.kubernetes.io/instance': 'cert-manager',
        'app.kubernetes.io/component': 'webhook',
      },
      port: 10250,
    },
  ],
  'external-secrets': [
    {
      what: 'the webhook',
      labels: {
        'app.kubernetes.io/name': 'external-secrets-webhook',
        'app.kubernetes.io/instance': 'external-secrets',
        'app.kubernetes.io/managed-by': 'Helm',
      },
      port: 10250,
    },
  ],
  'kube-prometheus-stack': [{ what: "the operator's webhook", labels: { app: 'kube-prometheus-stack-operator' }, port: 10250 }],
  'metrics-server': [{ what: 'the metrics API', labels: { 'app.kubernetes.io/name': 'metrics-server' }, port: 10250 }],
};

/** Whether a NetworkPolicy's pod selector may select a pod with `labels` (match expressions are taken to match). */
function mayMatch(selector: any, labels: Record<string, string>): boolean {
  return Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

/** Whether an ingress rule admits TCP `port` from every source. */
function admitsAnyone(rule: any, port: number): boolean {
  const fromAnyone = rule.from === undefined || rule.from.length === 0;
  const onPort = rule.ports === undefined || rule.ports.some((p: any) => p.port === undefined || p.port === port);
  return fromAnyone && onPort;
}

/**
 * What keeps the API server from its webhooks and aggregated APIs: NetworkPolicies that isolate one of
 * their pods for ingress, none of which admits its port from anywhere (Konnectivity's agents and the EKS control
 * plane are no peers a policy could name reliably), a GKE cluster on VPC peering (its control plane reaches
 * the nodes on 443 and 10250 only), or EKS nodes outside the cluster security group.
 */
function apiServerReach(planned: readonly PlanResource[]): { failures: string[]; backends: number } {
  const failures: string[] = [];
  let backends = 0;
  const policies = planned.filter((r) => r.type === 'kubernetes:networking.k8s.io/v1:NetworkPolicy');
  for (const release of planned.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release')) {
    const namespace = String(release.inputs.namespace);
    for (const backend of API_SERVER_BACKENDS[chartOf(release) ?? ''] ?? []) {
      backends++;
      const selecting = policies.filter((policy) => {
        const np = policy.inputs as Inputs;
        if (np.metadata?.namespace !== namespace || String(policy.options.provider) !== String(release.options.provider)) return false;
        return (np.spec?.policyTypes ?? ['Ingress']).includes('Ingress') && mayMatch(np.spec?.podSelector, backend.labels);
      });
      // policies add up: one of those selecting the pod that admits its port from anyone is enough (a default deny beside it)
      if (selecting.some((policy) => ((policy.inputs as Inputs).spec?.ingress ?? []).some((rule: any) => admitsAnyone(rule, backend.port))))
        continue;
      for (const policy of selecting)
        failures.push(`${policy.name}: isolates ${backend.what} of ${chartOf(release)} (port ${backend.port}) from the API server`);
    }
  }
  for (const cluster of planned.filter((r) => r.type === 'gcp:container/cluster:Cluster')) {
    if ((cluster.inputs as Inputs).privateClusterConfig?.masterIpv4CidrBlock !== undefined)
      failures.push(`${cluster.name}: a private cluster on VPC peering, whose control plane reaches the nodes on 443 and 10250 only`);
  }
  // EKS adds the cluster security group to a managed node group's nodes unless its launch template names groups
  for (const template of planned.filter((r) => r.type === 'aws:ec2/launchTemplate:LaunchTemplate')) {
    const t = template.inputs as Inputs;
    if (
      t.vpcSecurityGroupIds !== undefined ||
      t.securityGroupNames !== undefined ||
      t.networkInterfaces?.some((n: any) => n.securityGroups)
    )
      failures.push(`${template.name}: names security groups, so its nodes leave the cluster security group`);
  }
  return { failures, backends };
}

const SPECS: readonly [string, ProductionStackProps][] = [
  ['QL-RF', qlrf],
  ['Q&A agent', qna],
  ['Ralph Orchestrator on AWS', ralph('aws')],
  ['Ralph Orchestrator on GCP', ralph('gcp')],
  ['QBITEL', qbitel],
  ['CQAR', cqar],
  ['every option on AWS', everything(awsFixture)],
  ['every option on GCP', everything(gcpFixture)],
];

describe.each(SPECS)('%s', (_label, spec) => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await plan(() => new ProductionStack(spec.name, spec));
  });

  test('the node capacity check counts the pods of exactly the releases pulumi up installs (the CRD charts run none)', () => {
    const installed = planned
      .filter((r) => r.type === 'kubernetes:helm.sh/v3:Release' && !String(r.options.provider).endsWith('-standby-k8s'))
      .map((r) => String(r.inputs.name))
      .filter((name) => name !== 'istio-base' && name !== 'envoy-gateway-crds');
    const counted = addonPods(resolve(spec)).map((p) => p.what.split('.')[0]);
    expect([...new Set(counted)].sort()).toEqual([...new Set(installed)].sort());
  });

  test('a first pulumi up meets no missing CRD, Secret, remote secret or identity pool', () => {
    const { failures, checked } = deployModel(spec, planned);
    expect(failures).toEqual([]);
    // every example has custom resources, Secrets its pods read, remote keys and workload identities
    expect(Object.values(checked).every((n) => n > 0)).toBe(true);
  });

  test('the API server reaches every webhook and aggregated API the add-ons serve', () => {
    const { failures, backends } = apiServerReach(planned);
    expect(failures).toEqual([]);
    expect(backends).toBeGreaterThanOrEqual(3); // at least cert-manager, External Secrets, the Prometheus operator
  });
});

describe('the model fails on what a first up would hit', () => {
  let planned: PlanResource[];
  const spec = everything(awsFixture);
  beforeAll(async () => {
    planned = await plan(() => new ProductionStack(spec.name, spec));
  });

  /** The plan without the NetworkPolicies whose names match `name`. */
  const withoutPolicies = (name: RegExp) =>
    planned.filter((r) => !(r.type === 'kubernetes:networking.k8s.io/v1:NetworkPolicy' && name.test(r.name)));

  /** The plan with `name`'s dependencies on resources matching `drop` removed. */
  const without = (name: RegExp, drop: RegExp) =>
    planned.map((r) => (name.test(r.name) ? { ...r, dependencies: r.dependencies.filter((d) => !drop.test(d)) } : r));

  test('a custom resource that does not wait for the release installing its CRD', () => {
    expect(deployFailures(spec, without(/-workloads-/, /-addons-/)).some((f) => /its CRD \(external-secrets\.io\)/.test(f))).toBe(true);
  });

  test('an ExternalSecret that does not wait for its secret version', () => {
    expect(
      deployFailures(spec, without(/externalsecret/, /connection-value/)).some((f) =>
        /reads shop\/production\/postgres in eu-west-1/.test(f),
      ),
    ).toBe(true);
  });

  test("a standby cluster's ExternalSecret reading a version written in the primary region only", () => {
    const moved = planned.map((r) =>
      /standby-.*connection-value/.test(r.name) ? { ...r, inputs: { ...r.inputs, region: 'eu-west-1' } } : r,
    );
    expect(deployFailures(spec, moved).some((f) => /standby.*reads shop\/production\/postgres in us-east-1/.test(f))).toBe(true);
  });

  test('an ExternalSecret in a namespace its store does not serve', () => {
    const moved = planned.map((r) =>
      r.type.endsWith(':ExternalSecret') && /-workloads-.*postgres-app-backup$/.test(r.name) && !/standby/.test(r.name)
        ? { ...r, inputs: { ...r.inputs, metadata: { ...(r.inputs as Inputs).metadata, namespace: 'elsewhere' } } }
        : r,
    );
    expect(deployFailures(spec, moved).filter((f) => /does not serve/.test(f))).toEqual([
      expect.stringMatching(/postgres-app-backup: is in namespace elsewhere, which shop-addons-secret-store does not serve$/),
    ]);
  });

  test.each<[string, unknown]>([
    ['no conditions', undefined],
    ['empty conditions', []],
    ['a namespace selector', [{ namespaceSelector: { matchLabels: { team: 'shop' } } }]],
    ['another namespace by name', [{ namespaces: ['shop', 'default'] }]],
  ])("a ClusterSecretStore that serves namespaces besides the stack's: %s", (_, conditions) => {
    const widened = planned.map((r) =>
      r.name === 'shop-addons-secret-store' ? { ...r, inputs: { ...r.inputs, spec: { ...(r.inputs as Inputs).spec, conditions } } } : r,
    );
    expect(deployFailures(spec, widened)).toEqual([
      expect.stringMatching(/^shop-addons-secret-store: serves (every namespace|default) besides the stack's namespace shop$/),
    ]);
  });

  test('a ClusterSecretStore created before the ServiceAccount it authenticates as', () => {
    expect(deployFailures(spec, without(/-secret-store$/, /-serviceaccount-external-secrets-store$/))).toEqual(
      ['shop-addons', 'shop-standby-addons'].map(
        (addons) =>
          `${addons}-secret-store: authenticates as ServiceAccount external-secrets/external-secrets-store, which it does not wait for`,
      ),
    );
  });

  test("the store's cloud identity on the controller's ServiceAccount, the store authenticating as it", () => {
    // the earlier wiring: the chart's ServiceAccount annotated with the role, the store naming it
    const old = planned.map((r) => {
      const i = r.inputs as Inputs;
      if (r.type === 'kubernetes:helm.sh/v3:Release' && chartOf(r) === 'external-secrets') {
        const serviceAccount = { ...i.values.serviceAccount, annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/r' } };
        return { ...r, inputs: { ...i, values: { ...i.values, serviceAccount } } };
      }
      if (r.type.endsWith(':ClusterSecretStore')) {
        const aws = {
          ...i.spec.provider.aws,
          auth: { jwt: { serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
        };
        return { ...r, inputs: { ...i, spec: { ...i.spec, provider: { aws } } } };
      }
      return r;
    });
    expect(deployFailures(spec, old)).toEqual([
      "shop-addons-external-secrets: the controller's ServiceAccount carries a cloud identity (eks.amazonaws.com/role-arn)",
      "shop-standby-addons-external-secrets: the controller's ServiceAccount carries a cloud identity (eks.amazonaws.com/role-arn)",
      ...['shop-addons', 'shop-standby-addons'].flatMap((addons) => [
        `${addons}-secret-store: authenticates as ServiceAccount external-secrets/external-secrets, which it does not wait for`,
        `${addons}-secret-store: authenticates as ServiceAccount external-secrets/external-secrets, which the controller of ${addons}-external-secrets runs as`,
      ]),
    ]);
  });

  test('a pod reading a Secret nothing creates', () => {
    const renamed = planned.map((r) =>
      r.type.endsWith(':ExternalSecret') && /postgres-app-backup$/.test(r.name)
        ? { ...r, inputs: { ...r.inputs, spec: { ...(r.inputs as Inputs).spec, target: { name: 'elsewhere' } } } }
        : r,
    );
    expect(deployFailures(spec, renamed).some((f) => /reads Secret shop-postgres-app-backup/.test(f))).toBe(true);
  });

  test('an IRSA role created before the OIDC provider it trusts', () => {
    expect(deployFailures(spec, without(/-role$|-irsa$/, /oidc-provider/)).some((f) => /trusts an OIDC provider/.test(f))).toBe(true);
  });

  test('a NetworkPolicy that isolates a webhook from the API server', () => {
    const addons = planned.find((r) => r.type === 'kubernetes:helm.sh/v3:Release' && chartOf(r) === 'istiod')!;
    const deny = (ingress: unknown[]): PlanResource => ({
      ...addons,
      name: 'deny-istio-system',
      type: 'kubernetes:networking.k8s.io/v1:NetworkPolicy',
      inputs: { metadata: { name: 'deny', namespace: 'istio-system' }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress } },
    });
    // the plan without istio-system's own policies (which admit the webhook port, and would let a deny beside them pass)
    const withoutIstio = withoutPolicies(/-networkpolicy-istio-system-/);
    expect(apiServerReach([...withoutIstio, deny([])]).failures).toEqual([
      'deny-istio-system: isolates the sidecar injector and config validation of istiod (port 15017) from the API server',
    ]);
    // admitted from anywhere on its port: reachable
    expect(apiServerReach([...withoutIstio, deny([{ ports: [{ port: 15017, protocol: 'TCP' }] }])]).failures).toEqual([]);
    // admitted from the monitoring namespace only: not the API server
    expect(
      apiServerReach([...withoutIstio, deny([{ from: [{ namespaceSelector: {} }], ports: [{ port: 15017 }] }])]).failures,
    ).toHaveLength(1);
  });

  test.each<[string, RegExp, string]>([
    [
      'cert-manager',
      /-networkpolicy-cert-manager-webhook$/,
      'cert-manager-default-deny: isolates the webhook of cert-manager (port 10250)',
    ],
    [
      'External Secrets',
      /-networkpolicy-external-secrets-webhook$/,
      'external-secrets-default-deny: isolates the webhook of external-secrets (port 10250)',
    ],
    [
      'Istio',
      /-networkpolicy-istio-system-istiod$/,
      'istio-system-default-deny: isolates the sidecar injector and config validation of istiod (port 15017)',
    ],
  ])("%s's namespace: its default deny without the policy that admits the webhook", (_, policy, failure) => {
    // the primary's and the standby's
    expect(apiServerReach(withoutPolicies(policy)).failures).toEqual(
      ['shop-addons', 'shop-standby-addons'].map((addons) => `${addons}-networkpolicy-${failure} from the API server`),
    );
  });

  test("KEDA's namespace: its default deny without the policies that admit the webhooks and the metrics API", async () => {
    const planned = await plan(() => new ProductionStack(qbitel.name, qbitel));
    expect(apiServerReach(planned).failures).toEqual([]);
    const without = (name: RegExp) => planned.filter((r) => !name.test(r.name));
    expect(apiServerReach(without(/-networkpolicy-keda-admission-webhooks$/)).failures).toEqual([
      expect.stringMatching(/-networkpolicy-keda-default-deny: isolates the admission webhooks of keda \(port 9443\) from the API server$/),
    ]);
    expect(apiServerReach(without(/-networkpolicy-keda-metrics-apiserver$/)).failures).toEqual([
      expect.stringMatching(
        /-networkpolicy-keda-default-deny: isolates the external metrics API of keda \(port 6443\) from the API server$/,
      ),
    ]);
  });

  test("the monitoring namespace's default deny without the policy that admits the operator's webhook", () => {
    const withoutOperator = planned.filter((r) => !r.name.endsWith('-networkpolicy-monitoring-operator'));
    expect(apiServerReach(withoutOperator).failures).toEqual([
      "shop-addons-networkpolicy-monitoring-default-deny: isolates the operator's webhook of kube-prometheus-stack (port 10250) from the API server",
      "shop-standby-addons-networkpolicy-monitoring-default-deny: isolates the operator's webhook of kube-prometheus-stack (port 10250) from the API server",
    ]);
  });

  test('EKS nodes given their own security groups', () => {
    const grouped = planned.map((r) =>
      r.type === 'aws:ec2/launchTemplate:LaunchTemplate' ? { ...r, inputs: { ...r.inputs, vpcSecurityGroupIds: ['sg-1'] } } : r,
    );
    expect(apiServerReach(grouped).failures).toEqual([
      expect.stringMatching(/node-template: names security groups/),
      expect.stringMatching(/node-template: names security groups/),
    ]);
  });

  test("on GKE, a chart that installs the Gateway API's CRDs, or a cluster without GKE's", async () => {
    const gcp = everything(gcpFixture);
    const gcpPlan = await plan(() => new ProductionStack(gcp.name, gcp));
    expect(deployFailures(gcp, gcpPlan)).toEqual([]);
    const withCrds = gcpPlan.map((r) =>
      chartOf(r) === 'gateway-helm'
        ? { ...r, inputs: { ...r.inputs, values: { ...(r.inputs as Inputs).values, crds: { enabled: true } } } }
        : r,
    );
    // the primary's release and the standby's
    expect(deployFailures(gcp, withCrds)).toEqual([
      expect.stringMatching(/-addons-envoy-gateway: installs the Gateway API's experimental-channel CRDs/),
      expect.stringMatching(/-standby-addons-envoy-gateway: installs the Gateway API's experimental-channel CRDs/),
    ]);
    const noGatewayApi = gcpPlan.map((r) =>
      r.type === 'gcp:container/cluster:Cluster' ? { ...r, inputs: { ...r.inputs, gatewayApiConfig: undefined } } : r,
    );
    expect(deployFailures(gcp, noGatewayApi).some((f) => /\(gateway\.networking\.k8s\.io\) is GKE's/.test(f))).toBe(true);
    // a GRPCRoute, which GKE's curated CRDs leave out (found by review: CQAR's gRPC route)
    const grpc = gcpPlan.map((r) =>
      r.type === 'kubernetes:gateway.networking.k8s.io/v1:HTTPRoute'
        ? { ...r, type: 'kubernetes:gateway.networking.k8s.io/v1:GRPCRoute' }
        : r,
    );
    expect(deployFailures(gcp, grpc).some((f) => /GKE's Gateway API CRDs have no GRPCRoute/.test(f))).toBe(true);
  });

  test("on GCP, an ExternalSecret reading a secret its store's IAM condition does not grant", async () => {
    const gcp = everything(gcpFixture);
    const gcpPlan = await plan(() => new ProductionStack(gcp.name, gcp));
    expect(deployFailures(gcp, gcpPlan)).toEqual([]);
    // the condition of before: a prefix, which granted another stack's secrets too and names none exactly
    const prefixed = gcpPlan.map((r) =>
      /-external-secrets-secret-accessor$/.test(r.name)
        ? { ...r, inputs: { ...r.inputs, condition: { expression: 'resource.name.startsWith("projects/1/secrets/shop-production-")' } } }
        : r,
    );
    const failures = deployFailures(gcp, prefixed);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => /which the store's IAM condition does not grant/.test(f))).toBe(true);
    expect(failures.some((f) => /^shop-standby-/.test(f))).toBe(true);
  });

  test('a GKE cluster on VPC peering', async () => {
    const gcp = everything(gcpFixture);
    const gcpPlan = await plan(() => new ProductionStack(gcp.name, gcp));
    const peered = gcpPlan.map((r) =>
      r.type === 'gcp:container/cluster:Cluster'
        ? {
            ...r,
            inputs: {
              ...r.inputs,
              privateClusterConfig: { ...(r.inputs as Inputs).privateClusterConfig, masterIpv4CidrBlock: '172.16.0.0/28' },
            },
          }
        : r,
    );
    expect(apiServerReach(gcpPlan).failures).toEqual([]);
    // the primary and the standby cluster
    expect(apiServerReach(peered).failures).toEqual([
      expect.stringMatching(/-gke: .*on VPC peering/),
      expect.stringMatching(/-gke: .*on VPC peering/),
    ]);
  });
});
