/**
 * The rules over the resolved spec. Validation checks the raw input field by field first (types, ranges, formats:
 * what a value must be wherever it is); these rules then read the spec with its defaults applied, by the section
 * resolvers of lib/core/resolve, so each says once what it refuses whatever was left unset: "production" is the
 * resolved environment for every rule, a datastore's high availability is on unless turned off, NATS has its
 * default three nodes. A rule is checked only when the fields it reads passed the field checks: one with a
 * problem has been reported, and a rule over it would say nothing true.
 */
import { resolveCluster, resolveEnvironment, resolveNatsServers, resolvePostgres, resolveProxy, resolveRedis } from '../resolve';
import type { ResolvedRedis, ResolvedStack } from '../resolve/types';
import type { PostgresSpec, RedisSpec } from '../spec/datastores';
import type { EdgeSpec } from '../spec/edge';
import type { NatsSpec } from '../spec/nats';
import type { Cloud, ClusterSpec, Environment } from '../spec/stack';
import { isUnresolved } from '../tokens';
import { isObject } from './checks';
import type { Problems } from './problems';

type Obj = Record<string, unknown>;

/** The resolved sections the rules read. */
export interface RuleInput {
  readonly environment: Environment;
  readonly cluster: ResolvedStack['cluster'];
  readonly postgres?: Required<PostgresSpec>;
  readonly redis?: ResolvedRedis;
  readonly nats?: { readonly replicas: number };
  readonly edge: { readonly replicas: number };
}

/** One rule: the field it is reported at, the fields it reads, whether it holds, and what it says. */
export interface Rule {
  /** The field a problem is reported at, with its resolved value. */
  readonly path: string;
  /** The raw fields it reads besides `path` (a field, or a section and everything under it). */
  readonly reads: readonly string[];
  /** Whether the rule holds for the resolved spec. */
  readonly test: (s: RuleInput) => boolean;
  /** What it says when it does not, `{value}` standing for the value at `path`. */
  readonly message: string;
}

const production = (s: RuleInput): boolean => s.environment === 'production';

/** A datastore's two rules: no single zone in production without the opt-out, and no opt-out that does nothing. */
function singleZoneRules(store: 'postgres' | 'redis', outage: string): Rule[] {
  const optOut = `${store}.allowSingleZoneInProduction`;
  return [
    {
      path: `${store}.highAvailability`,
      reads: ['environment', optOut],
      test: (s) => !production(s) || s[store]?.highAvailability !== false || s[store]?.allowSingleZoneInProduction === true,
      message: `{value} in production needs the explicit opt-out ${optOut}: true (${outage})`,
    },
    {
      path: optOut,
      reads: [`${store}.highAvailability`],
      test: (s) => s[store]?.allowSingleZoneInProduction !== true || s[store]?.highAvailability === false,
      message: '{value} has no effect while highAvailability is on: remove it',
    },
  ];
}

/** The rules, in the order their problems are listed. */
export const RULES: readonly Rule[] = [
  {
    path: 'cluster.availabilityZones',
    reads: ['environment'],
    test: (s) => !production(s) || s.cluster.availabilityZones >= 2,
    message: 'production needs at least 2 availability zones',
  },
  ...singleZoneRules('postgres', 'a zone outage then takes the database down until it is restored'),
  ...singleZoneRules('redis', 'a zone outage then takes the cache down and empties it'),
  {
    path: 'nats.replicas',
    reads: ['environment'],
    test: (s) => !production(s) || s.nats === undefined || (s.nats.replicas >= 3 && s.nats.replicas % 2 === 1),
    message: '{value} nodes cannot keep a JetStream quorum: production needs an odd number, 3 or more',
  },
  {
    path: 'edge.replicas',
    reads: ['environment'],
    test: (s) => !production(s) || s.edge.replicas >= 2,
    message: 'production needs at least 2 gateway replicas: one would take every host down during a node drain',
  },
];

/** Whether a problem at path `problem` concerns the field `read`: at it, under it, or at one of its sections. */
function concerns(problem: string, read: string): boolean {
  return problem === read || problem.startsWith(`${read}.`) || problem.startsWith(`${read}[`) || read.startsWith(`${problem}.`);
}

/**
 * The resolved sections the rules read, from the raw input: each resolver only fills what is unset, so it takes
 * any value (a rule whose fields have a problem is not checked).
 */
function ruleInput(props: Obj): RuleInput {
  const cloud = props.cloud as Cloud;
  const services = Array.isArray(props.services) ? props.services.filter(isObject) : [];
  return {
    environment: resolveEnvironment(props.environment as Environment | undefined),
    cluster: resolveCluster(isObject(props.cluster) ? (props.cluster as ClusterSpec) : undefined, cloud),
    postgres: isObject(props.postgres) ? resolvePostgres(props.postgres as PostgresSpec, cloud, '') : undefined,
    redis: isObject(props.redis) ? resolveRedis(props.redis as RedisSpec, cloud, services) : undefined,
    nats: isObject(props.nats) ? resolveNatsServers(props.nats as NatsSpec) : undefined,
    edge: resolveProxy(isObject(props.edge) ? (props.edge as EdgeSpec) : {}),
  };
}

/** The value at a dotted path of the spec or of its resolved sections. */
function valueAt(s: object, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), s);
}

/**
 * Records a problem for every rule of {@link RULES} that does not hold, among those whose fields have no problem
 * yet and hold no value known only at deploy time (a token, checked when it is resolved).
 */
export function checkRules(p: Problems, props: Obj): void {
  const found = p.all.map((x) => x.path);
  const ready = (read: string): boolean => !found.some((f) => concerns(f, read)) && !isUnresolved(valueAt(props, read));
  const checked = RULES.filter((r) => [r.path, ...r.reads].every(ready));
  if (checked.length === 0) return;
  const s = ruleInput(props);
  for (const r of checked) if (!r.test(s)) p.add(r.path, valueAt(s, r.path), r.message);
}
