/** A container's environment: secrets by reference, datastore connections and tracing settings. */
import type { k8s } from 'cdk8s-plus-28';
import type { ResolvedService, ResolvedStack } from '../core/defaults';
import { k8sNames } from '../core/naming';
import { imageVersion } from './labels';
import { NATS_CA_DIR, natsUrl } from './nats-address';

function secretEnv(name: string, secret: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** What a container's environment is built from: a service's or a job's connections. */
export type EnvSource = Pick<ResolvedService, 'name' | 'image' | 'secretEnv' | 'postgres' | 'redis'> &
  Partial<Pick<ResolvedService, 'nats'>>;

/** Environment variables: secrets by reference, datastore connections, tracing. Plain config comes from a ConfigMap. */
export function env(stack: ResolvedStack, service: EnvSource): k8s.EnvVar[] {
  const vars: k8s.EnvVar[] = [];
  for (const [name, ref] of Object.entries(service.secretEnv)) vars.push(secretEnv(name, ref.secret, ref.key));
  const pgSecret = k8sNames.datastoreSecret(stack.name, 'postgres');
  for (const [part, name] of Object.entries(service.postgres?.env ?? (service.postgres ? { url: 'DATABASE_URL' } : {}))) {
    if (name) vars.push(secretEnv(name, pgSecret, part));
  }
  const redisSecret = k8sNames.datastoreSecret(stack.name, 'redis');
  for (const [part, name] of Object.entries(service.redis?.env ?? (service.redis ? { url: 'REDIS_URL' } : {}))) {
    if (name) vars.push(secretEnv(name, redisSecret, part));
  }
  if (service.nats && stack.nats) {
    vars.push(
      { name: service.nats.urlEnv ?? 'NATS_URL', value: natsUrl(stack) },
      { name: service.nats.userEnv ?? 'NATS_USER', value: service.name },
      secretEnv(service.nats.passwordEnv ?? 'NATS_PASSWORD', k8sNames.datastoreSecret(stack.name, 'nats'), service.name),
    );
    if (stack.nats.tls) vars.push({ name: 'NATS_CA_FILE', value: `${NATS_CA_DIR}/ca.crt` });
  }
  const tracing = stack.monitoring.tracing;
  if (tracing) {
    vars.push(
      { name: 'OTEL_SERVICE_NAME', value: service.name },
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: tracing.endpoint },
      { name: 'OTEL_TRACES_SAMPLER', value: 'parentbased_traceidratio' },
      { name: 'OTEL_TRACES_SAMPLER_ARG', value: String(tracing.sampleRatio) },
      {
        name: 'OTEL_RESOURCE_ATTRIBUTES',
        value: `service.namespace=${stack.namespace},deployment.environment=${stack.environment},service.version=${imageVersion(service.image)}`,
      },
    );
  }
  return vars;
}

/** The list, or undefined when it is empty (keeps `env: []` out of manifests). */
export function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}
