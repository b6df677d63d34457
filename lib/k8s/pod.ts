/** The pod template of a service: its container, probes, env, volumes and placement. */
import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { clientRole } from '../core/postgres-roles';
import type { ProbeSpec } from '../core/spec/service';
import { env, nonEmpty } from './env';
import { postgresCa } from './datastore-ca';
import { apiTokenVolume, waitForMigration } from './jobs';
import { imageVersion, selectorLabels, serviceLabels } from './labels';
import { NATS_CA_DIR, NATS_TLS_SECRET } from './nats-address';
import { containerSecurityContext, podSecurityContext } from './security';

/** A port reference turned into what a probe handler takes (gRPC probes need the number). */
/** The container port a probe targets: its number, its name, or the first port of the protocol. */
export function portNumber(service: ResolvedService, port: string | number | undefined, protocol: 'http' | 'grpc'): number {
  if (typeof port === 'number') return port;
  const found = port === undefined ? service.ports.find((p) => p.protocol === protocol) : service.ports.find((p) => p.name === port);
  // validation guarantees the port exists
  return found ? found.port : 0;
}

function probe(service: ResolvedService, spec: ProbeSpec | undefined): k8s.Probe | undefined {
  if (!spec) return undefined;
  const timings = {
    initialDelaySeconds: spec.initialDelaySeconds,
    periodSeconds: spec.periodSeconds,
    timeoutSeconds: spec.timeoutSeconds,
    failureThreshold: spec.failureThreshold,
    successThreshold: spec.successThreshold,
  };
  switch (spec.type) {
    case 'http':
      return {
        ...timings,
        httpGet: { path: spec.path, port: k8s.IntOrString.fromNumber(portNumber(service, spec.port, 'http')), scheme: 'HTTP' },
      };
    case 'grpc':
      return { ...timings, grpc: { port: portNumber(service, spec.port, 'grpc'), service: spec.service } };
    case 'tcp':
      return { ...timings, tcpSocket: { port: k8s.IntOrString.fromNumber(portNumber(service, spec.port, 'http')) } };
    case 'exec':
      return { ...timings, exec: { command: [...spec.command] } };
  }
}

interface Mounts {
  readonly volumes: k8s.Volume[];
  readonly volumeMounts: k8s.VolumeMount[];
}

function mounts(stack: ResolvedStack, service: ResolvedService): Mounts {
  const volumes: k8s.Volume[] = [];
  const volumeMounts: k8s.VolumeMount[] = [];
  service.writablePaths.forEach((mountPath, i) => {
    volumes.push({ name: `writable-${i}`, emptyDir: {} });
    volumeMounts.push({ name: `writable-${i}`, mountPath });
  });
  if (service.configFiles) {
    volumes.push({ name: 'config-files', configMap: { name: k8sNames.files(service.name) } });
    volumeMounts.push({ name: 'config-files', mountPath: service.configFiles.mountPath, readOnly: true });
  }
  service.secretMounts.forEach((m, i) => {
    volumes.push({ name: `secret-${i}`, secret: { secretName: m.secret, defaultMode: m.mode ?? 0o400 } });
    volumeMounts.push({ name: `secret-${i}`, mountPath: m.mountPath, readOnly: true });
  });
  if (service.nats && stack.nats?.tls) {
    volumes.push({
      name: 'nats-ca',
      secret: { secretName: NATS_TLS_SECRET, items: [{ key: 'ca.crt', path: 'ca.crt' }], defaultMode: 0o444 },
    });
    volumeMounts.push({ name: 'nats-ca', mountPath: NATS_CA_DIR, readOnly: true });
  }
  if (service.postgres) {
    const ca = postgresCa(k8sNames.postgresRoleSecret(stack.name, clientRole('service', service.name, service.postgres.access)));
    volumes.push(ca.volume);
    volumeMounts.push(ca.mount);
  }
  if (service.storage) volumeMounts.push({ name: 'data', mountPath: service.storage.mountPath });
  return { volumes, volumeMounts };
}

/** Hash of what the pod reads at start, so a config change rolls the pods. */
export function configChecksum(service: ResolvedService): string {
  return createHash('sha256')
    .update(JSON.stringify([service.env, service.configFiles ?? null]))
    .digest('hex')
    .slice(0, 16);
}

/** Pods of `selector` spread over zones, then nodes, as evenly as the scheduler can without refusing to place one. */
export function topologySpread(selector: k8s.LabelSelector): k8s.TopologySpreadConstraint[] {
  return ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: selector,
  }));
}

function placement(stack: ResolvedStack, service: ResolvedService): Pick<k8s.PodSpec, 'topologySpreadConstraints' | 'affinity'> {
  const selector = { matchLabels: selectorLabels(stack.name, service.name) };
  const term = { labelSelector: selector, topologyKey: 'kubernetes.io/hostname' };
  const podAntiAffinity: k8s.PodAntiAffinity | undefined =
    service.antiAffinity === 'required'
      ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
      : service.antiAffinity === 'preferred'
        ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] }
        : undefined;
  return {
    topologySpreadConstraints: topologySpread(selector),
    affinity: podAntiAffinity ? { podAntiAffinity } : undefined,
  };
}

/** The container of a service. */
export function container(stack: ResolvedStack, service: ResolvedService, volumeMounts: k8s.VolumeMount[]): k8s.Container {
  const { requests, limits } = service.resources;
  const q = (v: string): k8s.Quantity => k8s.Quantity.fromString(v);
  const hasConfig = Object.keys(service.env).length > 0;
  return {
    name: service.name,
    image: service.image,
    imagePullPolicy: 'IfNotPresent',
    command: service.command ? [...service.command] : undefined,
    args: service.args ? [...service.args] : undefined,
    ports: service.ports.length ? service.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })) : undefined,
    envFrom: hasConfig ? [{ configMapRef: { name: k8sNames.config(service.name) } }] : undefined,
    env: nonEmpty(env(stack, service, service.postgres && clientRole('service', service.name, service.postgres.access))),
    resources: {
      requests: { cpu: q(requests.cpu), memory: q(requests.memory) },
      limits: limits.cpu ? { cpu: q(limits.cpu), memory: q(limits.memory) } : { memory: q(limits.memory) },
    },
    startupProbe: probe(service, service.probes.startup),
    livenessProbe: probe(service, service.probes.liveness),
    readinessProbe: probe(service, service.probes.readiness),
    securityContext: containerSecurityContext(service.runAsUser),
    volumeMounts,
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

/** The whole pod template. */
export function podTemplate(stack: ResolvedStack, service: ResolvedService, serviceAccountName: string): k8s.PodTemplateSpec {
  const { volumes, volumeMounts } = mounts(stack, service);
  if (service.migration) volumes.push(apiTokenVolume());
  return {
    metadata: {
      labels: serviceLabels(stack.name, service.name, imageVersion(service.image)),
      annotations: { 'production-stack.dev/config-checksum': configChecksum(service) },
    },
    spec: {
      serviceAccountName,
      automountServiceAccountToken: service.rbac !== undefined,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: service.terminationGracePeriodSeconds,
      securityContext: podSecurityContext(service.runAsUser),
      initContainers: service.migration ? [waitForMigration(service)] : undefined,
      containers: [container(stack, service, volumeMounts)],
      volumes: volumes.length ? volumes : undefined,
      ...placement(stack, service),
    },
  };
}

/** JSON pointer of the container's lifecycle, for the native preStop sleep (not in the 1.28 typed API). */
export const PRESTOP_PATH = '/spec/template/spec/containers/0/lifecycle';

/** The preStop hook: a native sleep so endpoints drain before SIGTERM. */
export function preStop(service: ResolvedService): unknown {
  return service.preStopSleepSeconds > 0 ? { preStop: { sleep: { seconds: service.preStopSleepSeconds } } } : undefined;
}
