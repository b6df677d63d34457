/**
 * The production readiness report of a synthesized stack: what was generated,
 * the checks it passed, and warnings. `npm run synth` prints it for every
 * example and fails when a check fails; users call it on their own charts.
 */
import type { ResolvedStack } from '../core/resolve';
import { isSecretLikeEnvName } from '../core/names';
import { recoveryPoint } from '../core/recovery';
import { today } from '../core/clock';
import { tracingDestination } from '../core/endpoints';
import { kubernetesSupport, postgresSupport, redisSupport } from '../core/support';
import { literalSecretArguments, literalSecretAssignments } from '../core/secret-assignments';
import { secretMaterial, stringLeaves } from '../core/secret-material';
import type { ProductionStackProps } from '../core/spec/stack';
import { connectionDemands, reservedConnections } from '../core/validation/datastores';
import { availabilityViolations, podSpecOf, restrictedViolations } from './checks';
import type { Manifest } from './manifest';
import { capacityCheck } from './capacity';
import { routeProblems, tlsProblems } from './edge-checks';
import { fileMisreadings, manifestMisreadings } from './yaml-check';
import { cloudProfile } from '../core/cloud';

/** One check of the report: its name, what it found wrong (nothing when it passed), and a detail when it passed. */
export interface ReadinessCheck {
  readonly name: string;
  readonly problems: readonly string[];
  readonly detail?: string;
}

/** The report of one stack. */
export interface ReadinessReport {
  readonly stack: string;
  /** Objects by kind. */
  readonly objects: Readonly<Record<string, number>>;
  readonly checks: readonly ReadinessCheck[];
  readonly warnings: readonly string[];
  /** True when every check passed (warnings do not fail a stack). */
  readonly ok: boolean;
}

function id(o: Manifest): string {
  return `${o.kind}/${o.metadata?.name}`;
}

/** Containers of an object's pod template (init containers first). */
function containersOf(o: Manifest): Manifest[] {
  const pod = podSpecOf(o)?.spec;
  return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
}

/**
 * Literal secrets: a Secret with values; a variable named like a secret given a
 * literal value, in a container or in a ConfigMap the containers read with
 * `envFrom`; a name of a secret given a literal on a container's command line
 * or in a line of a ConfigMap's file; and secret material (private keys, URLs with a password,
 * tokens...) in any string of any other object, whatever its name.
 */
function plaintextSecretProblems(objects: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const envConfigMaps = new Set(
    objects.flatMap((o) =>
      containersOf(o).flatMap((c) =>
        (c.envFrom ?? [])
          .filter((f: Manifest) => f.configMapRef?.name)
          .map((f: Manifest) => `${o.metadata?.namespace}/${f.configMapRef.name}`),
      ),
    ),
  );
  for (const o of objects) {
    if (o.kind === 'Secret') {
      if (o.data || o.stringData) problems.push(`${id(o)}: a Secret with values in the manifest`);
      continue;
    }
    for (const c of containersOf(o)) {
      for (const e of c.env ?? []) {
        if (e.value !== undefined && isSecretLikeEnvName(e.name)) problems.push(`${id(o)}: container ${c.name} has ${e.name} as a literal`);
      }
      const argv = [...(c.command ?? []), ...(c.args ?? [])].filter((x): x is string => typeof x === 'string');
      for (const a of literalSecretArguments(argv))
        problems.push(`${id(o)}: container ${c.name} has ${a.name} as a literal on its command line`);
    }
    if (o.kind === 'ConfigMap') {
      for (const [file, text] of Object.entries(o.data ?? {})) {
        if (typeof text !== 'string') continue;
        for (const a of literalSecretAssignments(text, file)) problems.push(`${id(o)}: ${file} line ${a.line} gives ${a.name} a literal`);
      }
    }
    if (o.kind === 'ConfigMap' && envConfigMaps.has(`${o.metadata?.namespace}/${o.metadata?.name}`)) {
      for (const k of Object.keys(o.data ?? {})) {
        if (isSecretLikeEnvName(k)) problems.push(`${id(o)}: ${k} as a literal (read by envFrom)`);
      }
    }
    for (const [path, value] of stringLeaves(o)) {
      const what = secretMaterial(value);
      if (what) problems.push(`${id(o)}: ${path} holds ${what}`);
    }
  }
  return problems;
}

function recoveryCheck(props: ProductionStackProps, stack: ResolvedStack, objects: readonly Manifest[]): ReadinessCheck {
  const problems: string[] = [];
  const met: string[] = [];
  for (const o of stack.dr.objectives) {
    const point = recoveryPoint(props, o.scenario);
    if (point === undefined) continue;
    if (point.minutes > o.rpoMinutes)
      problems.push(`${o.scenario}: RPO ${o.rpoMinutes} min, but ${point.by} loses up to ${point.minutes} min`);
    else met.push(`${o.scenario} RPO ${o.rpoMinutes} min (${point.by})`);
  }
  if (stack.dr.logicalBackups && !objects.some((o) => o.kind === 'CronJob' && o.metadata?.name === `${stack.name}-pg-backup`)) {
    problems.push('the logical backup CronJob is missing');
  }
  return { name: 'backups meet the recovery objectives', problems, detail: met.join('; ') || undefined };
}

function budgetCheck(props: ProductionStackProps, stack: ResolvedStack): ReadinessCheck | undefined {
  if (!stack.postgres) return undefined;
  const demands = connectionDemands(props as unknown as Record<string, unknown>) ?? [];
  const used = demands.reduce((sum, d) => sum + d.count * d.pool, 0);
  const max = stack.postgres.maxConnections;
  const reserved = reservedConnections(max);
  const problems = used + reserved > max ? [`${used} + ${reserved} reserved connections exceed max_connections ${max}`] : [];
  return { name: 'connection budget', problems, detail: `${used} + ${reserved} reserved of max_connections ${max}` };
}

/** The capacity arithmetic (lib/k8s/capacity.ts); none when this release does not know the instance type. */
function nodeCapacity(stack: ResolvedStack): ReadinessCheck | undefined {
  const c = capacityCheck(stack);
  return c && { name: 'node capacity', problems: c.problems.map((p) => `${p.path}: ${p.rule}`), detail: c.detail };
}

/**
 * The tracing endpoint's collector, when it is a Service in the cluster that the stack does not deploy (its own
 * services are the only Services of its namespace it creates; no add-on of the stack is an OpenTelemetry
 * collector): the OTLP exporters then drop every span, retrying and logging, until one listens there.
 */
function undeployedCollector(stack: ResolvedStack): string | undefined {
  const tracing = stack.monitoring.tracing;
  if (!tracing) return undefined;
  const { to, port, host } = tracingDestination(tracing.endpoint, stack.namespace);
  if (!('namespace' in to)) return undefined;
  const service = host.split('.')[0];
  const own = to.namespace === stack.namespace && stack.services.some((s) => s.name === service && s.ports.some((p) => p.port === port));
  if (own) return undefined;
  return `monitoring.tracing.endpoint ${tracing.endpoint}: a collector in namespace ${to.namespace}, which this stack does not deploy: spans are dropped until one listens there`;
}

function warnings(stack: ResolvedStack): string[] {
  const out: string[] = [];
  if (stack.environment !== 'production') out.push(`environment is ${stack.environment}: production-only rules are relaxed`);
  if (stack.postgres && !stack.postgres.highAvailability) out.push('PostgreSQL runs in one zone (allowSingleZoneInProduction)');
  if (stack.redis && !stack.redis.highAvailability) out.push('Redis runs without failover (allowSingleZoneInProduction)');
  if (!stack.monitoring.alerting) out.push('no monitoring.alerting: alerts reach only the cluster default Alertmanager route');
  const collector = undeployedCollector(stack);
  if (collector) out.push(collector);
  if (stack.postgres && !stack.dr.logicalBackups) out.push('logical backups are off: only the managed service backups protect the data');
  if (stack.dr.objectives.length === 0) out.push('no dr.objectives: recovery objectives are neither stated nor checked');
  if (!capacityCheck(stack))
    out.push(`node capacity not checked: this release does not know the size of ${stack.cluster.nodes.instanceType} (lib/core/nodes.ts)`);
  const support = kubernetesSupport(stack.cluster.kubernetesVersion, stack.cloud, today());
  if (support.status === 'ending')
    out.push(
      `Kubernetes ${stack.cluster.kubernetesVersion} leaves ${cloudProfile(stack.cloud).names.kubernetesSupport} on ${support.until}: plan the upgrade`,
    );
  const pg = stack.postgres && postgresSupport(stack.postgres.engineVersion, today());
  if (pg?.status === 'ending')
    out.push(`PostgreSQL ${stack.postgres!.engineVersion} leaves community support on ${pg.until}: plan the major upgrade`);
  const redis = stack.redis && redisSupport(stack.redis.engineVersion, stack.cloud, today());
  if (redis?.status === 'ending')
    out.push(
      `Redis ${stack.redis!.engineVersion} leaves ${cloudProfile(stack.cloud).names.redis} standard support on ${redis.until}: plan the upgrade`,
    );
  return out;
}

/** Objects that share an identity (API group, kind, namespace, name): the later one replaces the earlier on apply. */
function duplicateProblems(objects: readonly Manifest[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const o of objects) {
    const group = String(o.apiVersion ?? '').includes('/') ? String(o.apiVersion).split('/')[0] : '';
    const key = `${group}|${o.kind}|${o.metadata?.namespace ?? ''}|${o.metadata?.name}`;
    if (seen.has(key))
      problems.push(`${id(o)}: defined more than once${o.metadata?.namespace ? ` in namespace ${o.metadata.namespace}` : ''}`);
    seen.add(key);
  }
  return problems;
}

/**
 * The checks that need only the manifests (not the spec): what the cdk8s
 * validation plugin runs on any chart. Each problem starts with `Kind/name: `.
 * `text` is the YAML file the objects were read from, when they were; by default they are checked as
 * `cdk8s synth` writes them.
 */
export function manifestChecks(objects: readonly Manifest[], text?: string): ReadinessCheck[] {
  const misread = text === undefined ? manifestMisreadings(objects) : fileMisreadings(text);
  return [
    { name: 'manifests read back as written (kubectl, kustomize)', problems: misread },
    { name: 'one object per identity', problems: duplicateProblems(objects) },
    { name: 'restricted Pod Security Standard', problems: objects.flatMap((o) => restrictedViolations(o)) },
    { name: 'probes, resources, PDBs, NetworkPolicies, topology spread', problems: availabilityViolations(objects) },
    { name: 'TLS on every host', problems: tlsProblems(objects) },
    { name: 'routes reach Service ports, one route per host and match', problems: routeProblems(objects) },
    { name: 'no plaintext secrets', problems: plaintextSecretProblems(objects) },
  ];
}

/** The readiness report of a stack's synthesized objects. */
export function readinessReport(props: ProductionStackProps, stack: ResolvedStack, objects: readonly Manifest[]): ReadinessReport {
  const counts: Record<string, number> = {};
  for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  const checks: ReadinessCheck[] = [
    ...manifestChecks(objects),
    recoveryCheck(props, stack, objects),
    ...[budgetCheck(props, stack), nodeCapacity(stack)].filter((c): c is ReadinessCheck => c !== undefined),
  ];
  return { stack: stack.name, objects: counts, checks, warnings: warnings(stack), ok: checks.every((c) => c.problems.length === 0) };
}

/** The report as text: a line per check (✓ or ✗ with its problems), then warnings. */
export function renderReadinessReport(report: ReadinessReport): string {
  const total = Object.values(report.objects).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(report.objects)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const lines = [`${report.stack}: ${total} objects (${kinds})`];
  for (const c of report.checks) {
    lines.push(`  ${c.problems.length === 0 ? '✓' : '✗'} ${c.name}${c.problems.length === 0 && c.detail ? `: ${c.detail}` : ''}`);
    for (const p of c.problems) lines.push(`      ${p}`);
  }
  for (const w of report.warnings) lines.push(`  ! ${w}`);
  return lines.join('\n');
}
