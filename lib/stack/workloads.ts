/**
 * The stack's Kubernetes objects deployed by Pulumi: the objects the cdk8s
 * `ProductionStack` chart synthesizes, built in memory from the same spec and
 * registered one Pulumi resource per object.
 */
import type * as k8s from '../sdk/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import type { WorkloadScale } from '../core/standby';
import { k8sNames } from '../core/naming';
import { resolve } from '../core/resolve';
import { postgresRoles } from '../core/postgres-roles';
import {
  FORCE_SYNC_ANNOTATION,
  isBootstrapPrerequisite,
  isPostgresBootstrap,
  isPostgresSecret,
  withCredentials,
} from './postgres-bootstrap';
import type { ProductionStackProps } from '../core/spec/stack';
import { type ChartOptions, ProductionStack as ProductionStackChart } from './k8s';

/** Type token of {@link Workloads}. */
export const WORKLOADS_TYPE = 'production-stack:index:Workloads';

/** A Kubernetes object as the chart synthesizes it. */
export interface KubernetesManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [k: string]: unknown };
  readonly [k: string]: unknown;
}

/** The objects of the cdk8s chart for `spec` (with `options`), synthesized in memory (nothing is written). */
export function chartManifests(spec: ProductionStackProps, options?: ChartOptions): KubernetesManifest[] {
  const chart = new ProductionStackChart(new App(), spec.name, spec, options);
  return chart.toJson() as KubernetesManifest[];
}

/**
 * Pulumi type token of a Kubernetes object, as @pulumi/kubernetes names it:
 * `kubernetes:<group>/<version>:<Kind>`, the core group being `core`.
 */
export function kubernetesType(apiVersion: string, kind: string): string {
  return `kubernetes:${apiVersion.includes('/') ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

/** Logical name of an object: `<prefix>-<kind>-<namespace>-<name>` (`<prefix>-<kind>-<name>` when cluster-scoped), lowercase. */
export function objectName(prefix: string, manifest: KubernetesManifest): string {
  const parts = [prefix, manifest.kind, manifest.metadata.namespace, manifest.metadata.name].filter((p): p is string => !!p);
  return parts.join('-').toLowerCase();
}

/**
 * Objects whose deletion loses data, which Pulumi never deletes
 * (`retainOnDelete`): the namespace (deleting it deletes every PVC and synced
 * Secret in it) and StatefulSets with volume claim templates (NATS JetStream,
 * services with `storage`). `retainOnDelete` rather than `protect`: a
 * `pulumi destroy` of the stack still completes (the cluster's own deletion
 * protection is what guards it) and a replacement still applies, but the
 * objects, their pods and their volumes stay until someone deletes them on
 * purpose.
 */
export function holdsData(manifest: KubernetesManifest): boolean {
  if (manifest.kind === 'Namespace') return true;
  const spec = manifest.spec as { volumeClaimTemplates?: unknown[] } | undefined;
  return manifest.kind === 'StatefulSet' && (spec?.volumeClaimTemplates?.length ?? 0) > 0;
}

/**
 * The Secrets (in its own namespace) an object reads, by name: wherever its spec refers to one, as a pod
 * does in `env[].valueFrom.secretKeyRef`, `envFrom[].secretRef` and `volumes[].secret.secretName`, and a
 * custom resource in a `secret: { name }` reference (NACK's Account); and for an ExternalSecret, the Secret
 * it writes (`spec.target.name`, by default its own name).
 */
export function secretsRead(manifest: KubernetesManifest): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v));
    if (value === null || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    const name = key === 'secret' ? (o.secretName ?? o.name) : key === 'secretKeyRef' || key === 'secretRef' ? o.name : undefined;
    if (typeof name === 'string') names.add(name);
    for (const [k, v] of Object.entries(o)) visit(v, k);
  };
  visit(manifest.spec);
  if (manifest.kind === 'ExternalSecret') {
    const target = (manifest.spec as { target?: { name?: string } } | undefined)?.target?.name;
    names.add(target ?? manifest.metadata.name);
  }
  return names;
}

/** Throws when an object would write a secret value (only ExternalSecrets may bring secrets). */
export function assertNoSecretValues(manifests: readonly KubernetesManifest[]): void {
  const offending = manifests.filter(
    (m) =>
      m.kind === 'Secret' && (Object.keys((m.data as object) ?? {}).length > 0 || Object.keys((m.stringData as object) ?? {}).length > 0),
  );
  if (offending.length > 0)
    throw new Error(
      `refusing to deploy Secret values (${offending.map((m) => `${m.metadata.namespace}/${m.metadata.name}`).join(', ')}): secrets come from the secret manager through ExternalSecrets`,
    );
}

/**
 * One Kubernetes object, registered under the @pulumi/kubernetes type token of
 * its kind (`kubernetes:apps/v1:Deployment`, `kubernetes:external-secrets.io/v1:ExternalSecret`),
 * with the object as its inputs: what the typed classes and `yaml.ConfigGroup` register.
 */
export class KubernetesObject extends pulumi.CustomResource {
  constructor(name: string, manifest: DeployedManifest, opts: pulumi.CustomResourceOptions) {
    super(kubernetesType(manifest.apiVersion, manifest.kind), name, { ...manifest }, opts);
  }
}

/** A Kubernetes object as deployed: the chart's, whose metadata may depend on cloud outputs. */
export interface DeployedManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: pulumi.Input<KubernetesManifest['metadata']>;
  readonly [k: string]: unknown;
}

/**
 * `manifest` with `annotations` merged into its metadata (over the chart's own annotations
 * of the same keys), or `manifest` itself when there are none.
 */
export function annotated(
  manifest: KubernetesManifest,
  annotations: pulumi.Input<Readonly<Record<string, string>>> | undefined,
): DeployedManifest {
  if (annotations === undefined) return manifest;
  return {
    ...manifest,
    metadata: pulumi.output(annotations).apply((extra) => ({
      ...manifest.metadata,
      annotations: { ...(manifest.metadata.annotations as Record<string, string> | undefined), ...extra },
    })),
  };
}

/** The annotation that makes pulumi-kubernetes replace, rather than await again, an object that is not ready (a failed Job). */
export const REPLACE_UNREADY = 'pulumi.com/replaceUnready';

/**
 * The annotation that makes Pulumi wait, when it deploys an object, until a JSONPath of the object exists
 * (pulumi-kubernetes' user-defined await logic).
 */
export const PULUMI_WAIT_FOR = 'pulumi.com/waitFor';

/**
 * What the ExternalSecrets of the spec's own `secrets` are awaited for: External Secrets has synced them (their
 * `Ready` condition). The stack never writes these; in a passive standby region nothing reads them until a failover
 * (the workloads are at zero), so without the wait a secret missing there would surface only then, as pods that
 * cannot start. With it, the `up` that deploys the region fails, naming the ExternalSecret.
 */
export const SECRET_SYNCED_PATH = 'jsonpath={.status.conditions[?(@.type=="Ready")].status}=True';

/** Whether an object is the ExternalSecret of one of the spec's own `secrets` (not a datastore's, which the stack writes). */
function isUserSecret(spec: ProductionStackProps, m: KubernetesManifest): boolean {
  return m.kind === 'ExternalSecret' && (spec.secrets ?? []).some((s) => s.name === m.metadata.name);
}

/** What the stack's Gateway is awaited for (see {@link WorkloadsArgs.awaitGatewayAddress}): the address of its load balancer. */
export const GATEWAY_ADDRESS_PATH = 'jsonpath={.status.addresses[0].value}';

/** Whether an object is the stack's own Gateway (the chart has at most one). */
function isGateway(m: KubernetesManifest): boolean {
  return m.kind === 'Gateway' && m.apiVersion.startsWith('gateway.networking.k8s.io/');
}

/** Whether an object is the EnvoyProxy of the stack's own Gateway (the chart has at most one). */
function isEnvoyProxy(m: KubernetesManifest): boolean {
  return m.kind === 'EnvoyProxy' && m.apiVersion.startsWith('gateway.envoyproxy.io/');
}

/**
 * `manifest`, an EnvoyProxy, with its Service's load balancer address set to `ip`
 * (`spec.provider.kubernetes.envoyService.loadBalancerIP`), over the chart's.
 */
export function withLoadBalancerIP(manifest: KubernetesManifest, ip: pulumi.Input<string>): DeployedManifest {
  type Spec = {
    provider?: { kubernetes?: { envoyService?: Record<string, unknown> } & Record<string, unknown> } & Record<string, unknown>;
  };
  const spec = (manifest.spec ?? {}) as Spec;
  const provider = spec.provider ?? {};
  const kubernetes = provider.kubernetes ?? {};
  return {
    ...manifest,
    spec: pulumi.output(ip).apply((loadBalancerIP) => ({
      ...spec,
      provider: { ...provider, kubernetes: { ...kubernetes, envoyService: { ...kubernetes.envoyService, loadBalancerIP } } },
    })),
  };
}

export type { WorkloadScale } from '../core/standby';

/** The kinds of the objects a cluster's role may size (lib/stack/scale.ts), and which a promotion and the scaled objects' dependencies look for. */
export const SCALED_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'HorizontalPodAutoscaler', 'ScaledObject', 'CronJob', 'Job'];

export { KEDA_PAUSED_REPLICAS, PULUMI_PATCH_FORCE, PULUMI_SKIP_AWAIT, warmReplicas } from './scale';

/** Arguments of {@link Workloads}. */
export interface WorkloadsArgs {
  /** The stack's spec: the same props as the cdk8s chart's. */
  readonly spec: ProductionStackProps;
  /** Provider of the cluster the objects go to. */
  readonly provider: k8s.Provider;
  /**
   * What every object waits for: the cluster add-ons, whose CRDs, webhooks and controllers the objects
   * need (ExternalSecrets, Certificates, monitors, NACK resources).
   * @default - nothing
   */
  readonly addons?: pulumi.Resource;
  /**
   * What the objects `scale` sizes ({@link SCALED_KINDS}) also wait for. ProductionStack gives both
   * regions' database instances with a standby region: a promotion or replication change that fails
   * (say, a failback before the re-seed) then holds back the flip's scaling, so no region's workloads
   * start writing to a stale database, nor stop serving.
   * @default - nothing
   */
  readonly scaledAfter?: readonly pulumi.Resource[];
  /**
   * What the objects that read a Secret synced by one of the chart's ExternalSecrets also wait for, by the
   * Secret's name: the secret-manager version it is synced from. Both the ExternalSecret that writes the
   * Secret and every object that reads it (see {@link secretsRead}) wait, so External Secrets finds a value
   * to sync and the pods a Secret to start with. ProductionStack gives `<stack>-nats` the version of the
   * NATS users' passwords in the cluster's region, and `<stack>-postgres` / `<stack>-redis` the versions of
   * the connection secrets the region's datastores write (see `datastoreSecretsAfter`).
   * @default - nothing
   */
  readonly secretsAfter?: Readonly<Record<string, readonly pulumi.Resource[]>>;
  /**
   * The digest of the PostgreSQL login roles' credentials in the document this cluster's ExternalSecrets read
   * (`credentialsDigest`): the chart's bootstrap Job waits until External Secrets has synced that document, and runs
   * again when the digest or `scale` changes (see lib/stack/postgres-bootstrap.ts); the PostgreSQL ExternalSecrets
   * get it as `force-sync`.
   * @default - the Job runs again only when its script changes
   */
  readonly postgresCredentials?: pulumi.Input<string>;
  /**
   * What the PostgreSQL bootstrap Job also waits for: ProductionStack gives a passive standby cluster's the primary's
   * bootstrap Job, whose roles its replica must have received (it checks, and retries only about a minute); never
   * an active one's, which must not wait for a region that may be down.
   * @default - nothing
   */
  readonly postgresBootstrapAfter?: readonly pulumi.Resource[];
  /**
   * Annotations to merge into ServiceAccounts of the chart, by ServiceAccount name (in the
   * stack's namespace), from values known only at deploy time: ProductionStack binds
   * `<stack>-backup` to the identity it creates for the logical backups
   * (`eks.amazonaws.com/role-arn` or `iam.gke.io/gcp-service-account`). They win over the
   * chart's annotations of the same keys. A name that is not a ServiceAccount of the chart
   * throws.
   * @default - the ServiceAccounts as the chart synthesizes them
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, pulumi.Input<Readonly<Record<string, string>>>>>;
  /**
   * How much of the workloads this cluster runs, by its role: `full` for the serving region,
   * `pilot-light` or `warm-standby` for a passive one (the chart's option of the same name: replicas,
   * HPA minimums and CronJob suspension change; names and the set of objects never do).
   * ProductionStack sets it from `dr.mode` and `dr.activeRegion` for each of its two clusters.
   * @default 'full'
   */
  readonly scale?: WorkloadScale;
  /**
   * The bucket this cluster's backup and restore-drill jobs use, over the spec's `dr.backupBucket`: the
   * chart's option of the same name ({@link ChartOptions.backupBucket}), which ProductionStack sets for the
   * standby cluster on AWS.
   * @default - `dr.backupBucket`
   */
  readonly backupBucket?: string;
  /**
   * The address of the stack's gateway load balancer on this cluster, set on the EnvoyProxy of its Gateway
   * (`spec.provider.kubernetes.envoyService.loadBalancerIP`) over the chart's: ProductionStack gives each
   * GKE cluster the static address it reserves as the region's failover target. Throws when the chart has
   * no EnvoyProxy (no Gateway of its own).
   * @default - the chart's (none, or the region's `dr.dns.targets` address on GCP)
   */
  readonly loadBalancerIP?: pulumi.Input<string>;
  /**
   * Make Pulumi wait, when it deploys the stack's Gateway, until the Gateway has the address of its load
   * balancer (the annotation {@link PULUMI_WAIT_FOR}), so that the address can be read right after:
   * ProductionStack reads each EKS region's Network Load Balancer host name for the failover record.
   * Throws when the chart has no Gateway of its own.
   * @default false
   */
  readonly awaitGatewayAddress?: boolean;
}

/**
 * The Kubernetes objects of the cdk8s `ProductionStack` chart for the same
 * spec, deployed onto the cluster: one Pulumi resource per object, named
 * `${name}-<kind>-<namespace>-<name>` (lowercase), through `provider`, each
 * waiting for the add-ons, every namespaced object for the namespace,
 * the objects that read a synced Secret for its version (`secretsAfter`), and
 * the pods that connect to PostgreSQL as a login role for the bootstrap Job
 * that creates the roles (Pulumi awaits a Job's completion).
 * The namespace and data-holding StatefulSets are retained on delete (see
 * {@link holdsData}). No Secret with a value is ever deployed: credentials
 * reach the namespace through ExternalSecrets only. With `scale`, the
 * objects are sized for the cluster's role (a passive standby region), by
 * changing replica counts only (the chart's `scale`, lib/stack/scale.ts).
 */
export class Workloads extends pulumi.ComponentResource {
  /** The objects as deployed: synthesized by the chart with `backupBucket` and `scale`, in the chart's order. */
  public readonly manifests: readonly KubernetesManifest[];
  /** How much of the workloads this cluster runs. */
  public readonly scale: WorkloadScale;
  /** The Pulumi resource of each object, by logical name. */
  public readonly objects: ReadonlyMap<string, KubernetesObject>;
  /** The stack's own Gateway, when the chart has one. */
  public readonly gateway?: KubernetesObject;
  /** The PostgreSQL bootstrap Job, when the chart has one. */
  public readonly postgresBootstrap?: KubernetesObject;
  /**
   * The objects `scale` sizes ({@link SCALED_KINDS}) but the PostgreSQL bootstrap: what may write, and what a
   * drained flip's promotion waits for in the region that stops serving (see ProductionStack).
   */
  public readonly sized: readonly KubernetesObject[];

  constructor(name: string, args: WorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(WORKLOADS_TYPE, name, {}, opts);
    this.scale = args.scale ?? 'full';
    this.manifests = chartManifests(args.spec, { backupBucket: args.backupBucket, scale: this.scale });
    assertNoSecretValues(this.manifests);
    const extraAnnotations = args.serviceAccountAnnotations ?? {};
    const serviceAccounts = this.manifests.filter((m) => m.kind === 'ServiceAccount').map((m) => m.metadata.name);
    const unknown = Object.keys(extraAnnotations).filter((n) => !serviceAccounts.includes(n));
    if (unknown.length > 0)
      throw new Error(
        `serviceAccountAnnotations: ${unknown.join(', ')} is not a ServiceAccount of the chart (it has ${serviceAccounts.join(', ')})`,
      );
    for (const [option, given, present] of [
      ['loadBalancerIP', args.loadBalancerIP !== undefined, this.manifests.some(isEnvoyProxy)],
      ['awaitGatewayAddress', args.awaitGatewayAddress === true, this.manifests.some(isGateway)],
    ] as const) {
      if (given && !present)
        throw new Error(`${option}: the chart has no Gateway of its own (the stack has no routes, or a shared gateway)`);
    }
    // The chart's object as deployed: with the deploy-time annotations and addresses.
    const credentials = args.postgresCredentials;
    const deployed = (m: KubernetesManifest): DeployedManifest => {
      if (m.kind === 'ServiceAccount') return annotated(m, extraAnnotations[m.metadata.name]);
      // the bootstrap, failed, is replaced by the next up rather than awaited again (not a migration: a Job still
      // running is "unready" too, and a migration may outlast an up)
      if (isPostgresBootstrap(m)) {
        const job = annotated(m, { [REPLACE_UNREADY]: 'true' }) as KubernetesManifest;
        return credentials !== undefined ? withCredentials(job, credentials, this.scale) : job;
      }
      if (credentials !== undefined && isPostgresSecret(args.spec, m))
        return annotated(
          m,
          pulumi.output(credentials).apply((c) => ({ [FORCE_SYNC_ANNOTATION]: c })),
        );
      if (isEnvoyProxy(m) && args.loadBalancerIP !== undefined) return withLoadBalancerIP(m, args.loadBalancerIP);
      if (isGateway(m) && args.awaitGatewayAddress) return annotated(m, { [PULUMI_WAIT_FOR]: GATEWAY_ADDRESS_PATH });
      if (isUserSecret(args.spec, m)) return annotated(m, { [PULUMI_WAIT_FOR]: SECRET_SYNCED_PATH });
      return m;
    };
    const after = args.addons ? [args.addons] : [];
    const scaledAfter = [...after, ...(args.scaledAfter ?? [])];
    const secretsAfter = args.secretsAfter ?? {};
    const objects = new Map<string, KubernetesObject>();
    const namespaces = new Map<string, KubernetesObject>();
    const register = (m: KubernetesManifest, dependsOn: pulumi.Resource[], extra: pulumi.CustomResourceOptions = {}): KubernetesObject => {
      const logical = objectName(name, m);
      if (objects.has(logical)) throw new Error(`two objects of the chart have the logical name ${logical}`);
      const o = new KubernetesObject(logical, deployed(m), {
        parent: this,
        provider: args.provider,
        dependsOn,
        ...(holdsData(m) ? { retainOnDelete: true } : {}),
        ...extra,
      });
      objects.set(logical, o);
      return o;
    };
    for (const m of this.manifests.filter((x) => x.kind === 'Namespace')) namespaces.set(m.metadata.name, register(m, after));
    const bootstrap = this.manifests.find(isPostgresBootstrap);
    const roleSecrets = new Set(postgresRoles(resolve(args.spec)).map((r) => k8sNames.postgresRoleSecret(args.spec.name, r.name)));
    const waitsFor = (m: KubernetesManifest, more: pulumi.Resource[] = []): pulumi.Resource[] => {
      const ns = m.metadata.namespace !== undefined ? namespaces.get(m.metadata.namespace) : undefined;
      const read = [...secretsRead(m)];
      // a pod that connects as a login role waits until the bootstrap Job (which Pulumi awaits) has created it
      const role = m.kind !== 'ExternalSecret' && read.some((s) => roleSecrets.has(s)) && bootstrap ? [bootstrapObject!] : [];
      return [
        // the bootstrap too waits for the databases: after a promotion it must reach the promoted one
        ...(SCALED_KINDS.includes(m.kind) || m === bootstrap ? scaledAfter : after),
        ...read.flatMap((secret) => secretsAfter[secret] ?? []),
        ...(ns ? [ns] : []),
        ...role,
        ...more,
      ];
    };
    // the bootstrap after its own ServiceAccount, NetworkPolicy and Secret (a pod started before its egress policy
    // would spend its retries on a refused connection); replaced (see lib/stack/postgres-bootstrap.ts) by deleting
    // it first, as the new Job takes its name
    const prerequisites = bootstrap
      ? this.manifests.filter((m) => isBootstrapPrerequisite(args.spec, m)).map((m) => register(m, waitsFor(m)))
      : [];
    const bootstrapObject =
      bootstrap &&
      register(bootstrap, waitsFor(bootstrap, [...prerequisites, ...(args.postgresBootstrapAfter ?? [])]), { deleteBeforeReplace: true });
    this.postgresBootstrap = bootstrapObject;
    const registered = new Set(objects.keys());
    for (const m of this.manifests.filter((x) => x.kind !== 'Namespace' && !registered.has(objectName(name, x)))) register(m, waitsFor(m));
    this.objects = objects;
    this.sized = this.manifests
      .filter((m) => SCALED_KINDS.includes(m.kind) && m !== bootstrap)
      .map((m) => objects.get(objectName(name, m))!);
    const gateway = this.manifests.find(isGateway);
    if (gateway) this.gateway = objects.get(objectName(name, gateway));
    this.registerOutputs({});
  }
}
