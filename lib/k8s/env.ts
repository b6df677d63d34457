/** A container's environment: secrets by reference, datastore connections and tracing settings. */
import type { k8s } from 'cdk8s-plus-28';
import { type ResolvedService, type ResolvedStack, clientEnvNames } from '../core/resolve';
import { TRACING_ENV } from '../core/env-names';
import { k8sNames } from '../core/naming';
import { natsInbox } from '../core/nats-users';
import { imageVersion } from './labels';
import { NATS_CA_DIR, natsUrl } from './nats-address';

function secretEnv(name: string, secret: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** What a container's environment is built from: a service's or a job's connections. */
export type EnvSource = Pick<ResolvedService, 'name' | 'image' | 'secretEnv' | 'postgres' | 'redis'> &
  Partial<Pick<ResolvedService, 'nats'>>;

/**
 * Environment variables: secrets by reference, datastore connections (PostgreSQL's from the Secret of the login
 * role `postgresRole` the container connects as), tracing. Plain config comes from a ConfigMap.
 */
export function env(stack: ResolvedStack, service: EnvSource, postgresRole: string | undefined): k8s.EnvVar[] {
  const vars: k8s.EnvVar[] = [];
  for (const [name, ref] of Object.entries(service.secretEnv)) vars.push(secretEnv(name, ref.secret, ref.key));
  const names = clientEnvNames(service);
  if (service.postgres && postgresRole) {
    const pgSecret = k8sNames.postgresRoleSecret(stack.name, postgresRole);
    for (const [part, name] of Object.entries(names.postgres)) if (name) vars.push(secretEnv(name, pgSecret, part));
  }
  const redisSecret = k8sNames.datastoreSecret(stack.name, 'redis');
  for (const [part, name] of Object.entries(names.redis)) if (name) vars.push(secretEnv(name, redisSecret, part));
  if (names.nats && stack.nats) {
    vars.push(
      { name: names.nats.urlEnv, value: natsUrl(stack) },
      { name: names.nats.userEnv, value: service.name },
      secretEnv(names.nats.passwordEnv, k8sNames.datastoreSecret(stack.name, 'nats'), service.name),
      // the only inbox its NATS user may subscribe to: a client that keeps the default `_INBOX` is refused its replies
      { name: names.nats.inboxPrefixEnv, value: natsInbox(service.name) },
    );
    if (stack.nats.tls) vars.push({ name: names.natsCaFile, value: `${NATS_CA_DIR}/ca.crt` });
  }
  const tracing = stack.monitoring.tracing;
  if (tracing) {
    const values: Record<(typeof TRACING_ENV)[number], string> = {
      OTEL_SERVICE_NAME: service.name,
      OTEL_EXPORTER_OTLP_ENDPOINT: tracing.endpoint,
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: String(tracing.sampleRatio),
      OTEL_RESOURCE_ATTRIBUTES: `service.namespace=${stack.namespace},deployment.environment=${stack.environment},service.version=${imageVersion(service.image)}`,
    };
    vars.push(...TRACING_ENV.map((name) => ({ name, value: values[name] })));
  }
  return vars;
}

/** The list, or undefined when it is empty (keeps `env: []` out of manifests). */
export function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}
