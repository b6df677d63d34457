/**
 * The names of a container's environment variables and where each comes from
 * in the spec: `env` (a ConfigMap through envFrom), `secretEnv`, the
 * datastore clients' variables, NATS's and tracing's. Kubernetes keeps one
 * value per name without a word (an `env` entry beats `envFrom`, a later
 * entry an earlier one), so validation refuses a name given twice; lib/k8s/env
 * builds the same names, and test/k8s/env-names.test.ts holds the two together.
 */
import { clientEnvNames } from './resolve';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The variables tracing sets in every container. */
export const TRACING_ENV = [
  'OTEL_SERVICE_NAME',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_RESOURCE_ATTRIBUTES',
] as const;

/** Each variable of a service or job `s` (raw spec, at `path`) of stack `props`, with the spec path that sets it. */
export function envNameSources(props: Obj, s: Obj, path: string): [name: string, from: string][] {
  const out: [string, string][] = [];
  const keys = (v: unknown, at: string) => {
    if (isObj(v)) for (const k of Object.keys(v)) out.push([k, `${at}.${k}`]);
  };
  keys(s.env, `${path}.env`);
  keys(s.secretEnv, `${path}.secretEnv`);
  // the spec's names where it gives them as it should, else the defaults the containers get
  const given = (v: unknown) => (isObj(v) ? Object.fromEntries(Object.entries(v).filter(([, n]) => typeof n === 'string')) : undefined);
  const names = clientEnvNames({
    postgres: isObj(s.postgres) ? { env: isObj(s.postgres.env) ? (s.postgres.env as Record<string, string>) : undefined } : undefined,
    redis: isObj(s.redis) ? { env: isObj(s.redis.env) ? (s.redis.env as Record<string, string>) : undefined } : undefined,
    nats: isObj(s.nats) && isObj(props.nats) ? given(s.nats) : undefined,
  });
  for (const store of ['postgres', 'redis'] as const) {
    for (const [part, name] of Object.entries(names[store])) if (typeof name === 'string') out.push([name, `${path}.${store}.env.${part}`]);
  }
  if (names.nats && isObj(props.nats)) {
    for (const [field, name] of Object.entries(names.nats)) out.push([name, `${path}.nats.${field}`]);
    if (props.nats.tls !== undefined && props.nats.tls !== false) out.push([names.natsCaFile, 'nats.tls']);
  }
  if (isObj(props.monitoring) && props.monitoring.tracing !== undefined) {
    for (const name of TRACING_ENV) out.push([name, 'monitoring.tracing']);
  }
  return out;
}
