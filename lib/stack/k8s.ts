/** The cdk8s side of ProductionStack: one Chart with every Kubernetes object of the stack. */
import type { ApiObject } from 'cdk8s';
import { Chart } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { type ResolvedStack, resolve } from '../core/resolve';
import type { ProductionStackProps } from '../core/spec/stack';
import { ValidationError, validate } from '../core/validation';
import { isBucketName } from '../core/names';
import { Problems } from '../core/validation/problems';
import { checkStrings } from '../core/validation/strings';
import type { ExternalSecret } from '../k8s/api-object';
import { externalSecret, secretSources } from '../k8s/external-secret';
import { Edge } from '../k8s/edge';
import { StackCronJob } from '../k8s/jobs';
import { assertFits } from '../k8s/capacity';
import { strictMtls } from '../k8s/mesh';
import { StackNamespace } from '../k8s/namespace';
import { PostgresBootstrap } from '../k8s/postgres-bootstrap';
import { DatastoreExporter } from '../k8s/datastore-exporter';
import { type ExportedStore, exportedStores } from '../core/exporters';
import { withSyncWave } from '../k8s/sync-waves';
import { needsBootstrap } from '../core/postgres-roles';
import { acmeSolverPolicy, calleeIndex, defaultDeny } from '../k8s/network-policy';
import { ProductionService } from '../k8s/production-service';
import { DatabaseBackups } from '../dr/backup';
import { StackMonitoring } from '../monitoring/stack-monitoring';
import { NatsCluster } from '../nats/cluster';
import type { WorkloadScale } from '../core/standby';
import { sizeChart } from './scale';

/** What differs between the clusters of one spec: the options of the {@link ProductionStack} chart. */
export interface ChartOptions {
  /**
   * The bucket this cluster's backup and restore-drill jobs use, over the spec's `dr.backupBucket`: the
   * Pulumi side gives the standby cluster on AWS the replica in its region, which S3 replication fills and
   * which is reachable when the primary region is not (`regionBackupBucket`).
   * @default - `dr.backupBucket`
   */
  readonly backupBucket?: string;
  /**
   * How much of the workloads this cluster runs, by its role (see lib/stack/scale.ts): `full` for the serving
   * region, `drained` while its writers stop for a planned failover, `pilot-light` or `warm-standby` for a
   * passive one. Replicas, autoscaler minimums, pauses and suspensions change; names and the set of objects never.
   *
   * Made for the Pulumi side, which sets it for each region's cluster: the sized objects carry pulumi-kubernetes'
   * annotations (`pulumi.com/patchForce`, so that its server-side apply takes `spec.replicas` from the autoscaler
   * that owns it; `pulumi.com/skipAwait` on a suspended migration). Another applier needs the same:
   * `kubectl apply --server-side --force-conflicts`, and an Argo CD that does not wait for a suspended Job.
   * @default 'full'
   */
  readonly scale?: WorkloadScale;
}

/**
 * A production deployment as a cdk8s Chart: the namespace with its guard
 * rails, a default-deny network policy, the secrets (External Secrets),
 * every service's hardened objects, the public edge (Gateway API on Envoy Gateway), and their monitoring (scraping, alerts,
 * SLOs, dashboards and alert routing).
 *
 * The props are validated first; an invalid spec throws one
 * `ValidationError` listing every problem, and nothing is synthesized.
 *
 * @example
 * const app = new App();
 * new ProductionStack(app, 'cqar', { name: 'cqar', cloud: 'aws', region: 'us-west-2', services: [...] });
 * app.synth();
 */
export class ProductionStack extends Chart {
  /** The spec with every default applied. */
  public readonly spec: ResolvedStack;
  /** The namespace, its ResourceQuota and LimitRange. */
  public readonly stackNamespace: StackNamespace;
  /** The namespace's default-deny NetworkPolicy. */
  public readonly defaultDeny: k8s.KubeNetworkPolicy;
  /** The NetworkPolicy that admits the gateway's Envoy pods to cert-manager's HTTP-01 solver pods, when the stack has its own gateway. */
  public readonly acmeSolverPolicy?: k8s.KubeNetworkPolicy;
  /** The public edge: the Gateway, its Envoy fleet, the routes and their policies. */
  public readonly edge: Edge;
  /** The namespace-wide STRICT mTLS PeerAuthentication, when the stack is in the Istio mesh. */
  public readonly peerAuthentication?: ApiObject;
  /** The ExternalSecrets, by Kubernetes Secret name. */
  public readonly secrets: ReadonlyMap<string, ExternalSecret>;
  /** Each service's objects, by service name. */
  public readonly services: ReadonlyMap<string, ProductionService>;
  /** The CronJobs, by name. */
  public readonly cronJobs: ReadonlyMap<string, StackCronJob>;
  /** The NATS JetStream cluster, when the spec has `nats`. */
  public readonly nats?: NatsCluster;
  /**
   * Monitoring: ServiceMonitors and PodMonitors, the stack's PrometheusRule (alerts, SLO recordings and
   * burn-rate alerts), Grafana dashboards, and the AlertmanagerConfig when the spec has `monitoring.alerting`.
   */
  public readonly monitoring: StackMonitoring;
  /** Logical backups of the PostgreSQL database and their restore drill, unless `dr.logicalBackups` is false. */
  public readonly backups?: DatabaseBackups;
  /** The Job that creates the PostgreSQL login roles, when anything connects to PostgreSQL. */
  public readonly postgresBootstrap?: PostgresBootstrap;
  /** The exporters of the managed datastores, by store: postgres_exporter with PostgreSQL, redis_exporter with Redis. */
  public readonly exporters: ReadonlyMap<ExportedStore, DatastoreExporter>;

  constructor(scope: Construct, id: string, props: ProductionStackProps, options: ChartOptions = {}) {
    // Validate before the chart joins the app, so an invalid spec leaves nothing behind to synthesize; build from
    // the plain copy that was checked. Names are explicit and pinned by tests: never hashed.
    const checked = validate(props);
    if (options.backupBucket !== undefined && !isBucketName(options.backupBucket)) {
      const rule = `${JSON.stringify(options.backupBucket)} must be a bucket name: 3 to 63 lowercase letters, digits, "-" or "."`;
      throw new ValidationError(props.name, [{ path: 'options.backupBucket', value: options.backupBucket, rule }]);
    }
    const resolved = resolve(checked);
    const backupBucket = options.backupBucket ?? resolved.dr.backupBucket;
    const spec: ResolvedStack = { ...resolved, dr: { ...resolved.dr, backupBucket } };
    assertFits(spec);
    super(scope, id, { disableResourceNameHashes: true });
    this.spec = spec;
    const stack = this.spec;
    this.stackNamespace = new StackNamespace(this, 'Namespace', { stack });
    this.defaultDeny = defaultDeny(this, stack);
    this.acmeSolverPolicy = acmeSolverPolicy(this, stack);
    if (stack.serviceMesh === 'istio') this.peerAuthentication = strictMtls(this, stack);
    if (needsBootstrap(stack)) this.postgresBootstrap = new PostgresBootstrap(this, 'PostgresBootstrap', stack);
    this.secrets = new Map(
      secretSources(stack).map((source) => [source.name, externalSecret(this, `Secret-${source.name}`, stack, source)]),
    );
    const callees = calleeIndex(stack);
    this.services = new Map(
      stack.services.map((service) => [service.name, new ProductionService(this, service.name, { stack, service, callees })]),
    );
    this.edge = new Edge(this, 'Edge', { stack });
    if (stack.nats) this.nats = new NatsCluster(this, 'Nats', { stack });
    this.cronJobs = new Map(stack.cronJobs.map((job) => [job.name, new StackCronJob(this, `CronJob-${job.name}`, stack, job)]));
    this.monitoring = new StackMonitoring(this, 'Monitoring', { stack });
    this.exporters = new Map(exportedStores(stack).map((store) => [store, new DatastoreExporter(this, `Exporter-${store}`, stack, store)]));
    if (stack.dr.logicalBackups) this.backups = new DatabaseBackups(this, 'Backups', { stack });
    sizeChart(this, options.scale ?? 'full');
  }

  /**
   * The chart's objects, as `cdk8s synth` and the Pulumi side take them, each in its Argo CD sync wave
   * (lib/k8s/sync-waves.ts). Throws a `ValidationError`
   * when a string in them would not be read back as written by kubectl's YAML reader (go-yaml v2) or
   * kustomize's (go-yaml v3) once written as cdk8s writes it: validation refuses such strings in the spec, and
   * this refuses them from anywhere else (an escape hatch, a patch), so no misread manifest is emitted.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of Chart.toJson
  public override toJson(): any[] {
    const objects = super.toJson().map(withSyncWave);
    const p = new Problems();
    for (const o of objects) checkStrings(p, o, `${o?.kind}/${o?.metadata?.name}`);
    if (p.all.length > 0) throw new ValidationError(this.spec.name, p.all);
    return objects;
  }
}
