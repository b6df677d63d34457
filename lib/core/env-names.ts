/**
 * The names of a container's environment variables and where each comes from
 * in the spec: `env` (a ConfigMap through envFrom), `secretEnv`, the
 * datastore clients' variables, NATS's and tracing's. Kubernetes keeps one
 * value per name without a word (an `env` entry beats `envFrom`, a later
 * entry an earlier one), so validation refuses a name given twice; lib/k8s/env
 * builds the same names, and test/k8s/env-names.test.ts holds the two together.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Default variable names of the datastore clients and NATS. */
export const CLIENT_ENV_DEFAULTS = {
  postgres: { url: 'DATABASE_URL' },
  redis: { url: 'REDIS_URL' },
  nats: { urlEnv: 'NATS_URL', userEnv: 'NATS_USER', passwordEnv: 'NATS_PASSWORD', inboxPrefixEnv: 'NATS_INBOX_PREFIX' },
  natsCaFile: 'NATS_CA_FILE',
} as const;

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
  for (const store of ['postgres', 'redis'] as const) {
    if (!isObj(s[store])) continue;
    const env = (s[store] as Obj).env;
    const names = isObj(env) ? env : CLIENT_ENV_DEFAULTS[store];
    for (const [part, name] of Object.entries(names)) if (typeof name === 'string') out.push([name, `${path}.${store}.env.${part}`]);
  }
  if (isObj(s.nats) && isObj(props.nats)) {
    const nats = s.nats;
    for (const [field, name] of Object.entries(CLIENT_ENV_DEFAULTS.nats)) {
      out.push([typeof nats[field] === 'string' ? (nats[field] as string) : name, `${path}.nats.${field}`]);
    }
    if (props.nats.tls !== undefined && props.nats.tls !== false) out.push([CLIENT_ENV_DEFAULTS.natsCaFile, 'nats.tls']);
  }
  if (isObj(props.monitoring) && props.monitoring.tracing !== undefined) {
    for (const name of TRACING_ENV) out.push([name, 'monitoring.tracing']);
  }
  return out;
}
