/** Rules for the stack as a whole: identity, cluster, NATS and monitoring. */
import { resolveCluster, resolveNatsServers, resolveStream } from '../resolve';
import type { Cloud, ClusterSpec } from '../spec/stack';
import { today } from '../clock';
import { kubernetesSupport, supportedKubernetes } from '../support';
import { isDns1123Subdomain } from '../names';
import { quantityGiB } from '../quantity';
import { arr, bool, dnsLabel, int, isObject, labels, num, obj, quantity, regionName, str, strings, unique } from './checks';
import { isCidr } from '../formats';
import { subnetLayout } from '../subnets';
import { checkAlertNames, checkMonitoringSpec } from './monitoring';
import { checkNodePool } from './node-pool';
import { checkNatsSubjects } from './nats-permissions';
import { checkNatsProducers, checkNatsPublishers, subjectCovers } from './nats-producers';
export { subjectCovers } from './nats-producers';
import { remoteKey } from './remote-keys';
import { image } from './service';
import type { Problems } from './problems';
import { cloudProfile } from '../cloud';

type Obj = Record<string, unknown>;

/** Share of each NATS volume JetStream may fill (the rest is filesystem headroom). */
const JETSTREAM_FILE_SHARE = 0.9;

function cidr(p: Problems, path: string, v: unknown, required = true): void {
  if (str(p, path, v, required) && !isCidr(v)) p.add(path, v, '{value} must be an IPv4 CIDR such as "10.0.0.0/16"');
}

/**
 * On AWS, a VPC range (`cluster.networkCidr`, `dr.aws.standbyNetworkCidr`) must split into the subnets the network
 * makes for its zones ({@link subnetLayout}: /16 to /28, aligned, room for a private and a public subnet per
 * zone); otherwise `pulumi up` would fail midway. A value that is no CIDR is reported by the format's rule.
 */
export function vpcLayout(p: Problems, path: string, v: unknown, zones: unknown): void {
  if (typeof v !== 'string' || !isCidr(v)) return;
  const valid = typeof zones === 'number' && Number.isInteger(zones) && zones >= 1 && zones <= 6;
  const n = resolveCluster({ availabilityZones: valid ? zones : undefined }, 'aws').availabilityZones;
  try {
    subnetLayout(v, n);
  } catch (e) {
    p.add(path, v, (e as Error).message.replace(/^VPC CIDR "[^"]*" /, '{value} '));
  }
}

export function checkIdentity(p: Problems, props: Obj): void {
  dnsLabel(p, 'name', props.name);
  if (props.environment !== undefined && !['production', 'staging', 'development'].includes(props.environment as string)) {
    p.add('environment', props.environment, '{value} must be "production", "staging" or "development"');
  }
  if (props.cloud !== 'aws' && props.cloud !== 'gcp') p.add('cloud', props.cloud, '{value} must be "aws" or "gcp"');
  regionName(p, 'region', props.region, props.cloud, true);
  dnsLabel(p, 'namespace', props.namespace, false);
  dnsLabel(p, 'secretStore', props.secretStore, false);
  if (props.serviceMesh !== undefined && props.serviceMesh !== 'istio') p.add('serviceMesh', props.serviceMesh, '{value} must be "istio"');
}

/**
 * A stream's size as the rules count it: `maxBytes` as given (in GiB when it is a quantity string, else unknown:
 * the format's rule reports it) or its default, and its replicas as given or by default.
 */
function streamLimits(s: Record<string, unknown>): { maxBytes: unknown; bytes: number | undefined; replicas: number } {
  const d = resolveStream({ name: '', subjects: [] });
  const maxBytes = s.maxBytes === undefined ? d.maxBytes : s.maxBytes;
  return {
    maxBytes,
    bytes: typeof maxBytes === 'string' ? quantityGiB(maxBytes) : undefined,
    replicas: typeof s.replicas === 'number' ? s.replicas : d.replicas,
  };
}

/**
 * The cluster's Kubernetes version (the default's too) must be one the cloud supports today (the dated table
 * of lib/core/support.ts): EKS auto-upgrades a control plane past its end of standard support, so the next
 * `pulumi up` would plan a downgrade it refuses; GKE refuses to create a cluster at a version past its end.
 */
function checkKubernetesSupport(p: Problems, cloud: Cloud, version: unknown): void {
  const minor = resolveCluster({ kubernetesVersion: typeof version === 'string' ? version : undefined }, cloud).kubernetesVersion;
  const support = kubernetesSupport(minor, cloud, today());
  if (support.status !== 'ended') return;
  const supported = supportedKubernetes(cloud, today());
  p.add(
    'cluster.kubernetesVersion',
    minor,
    `{value}${version === undefined ? ' (the default of this library release)' : ''} is past ${cloudProfile(cloud).names.kubernetesSupport}${support.until ? ` (it ended ${support.until})` : ''}; supported today: ${supported.join(', ') || 'none of the versions this release knows: upgrade production-stack'}${supported.length > 0 ? ' (and newer minors than this release knows, taken as they are)' : ''}`,
  );
}

export function checkCluster(p: Problems, props: Obj): void {
  const c = obj(p, 'cluster', props.cluster);
  if (c.kubernetesVersion !== undefined && !(typeof c.kubernetesVersion === 'string' && /^1\.\d{2}$/.test(c.kubernetesVersion))) {
    p.add('cluster.kubernetesVersion', c.kubernetesVersion, '{value} must be a Kubernetes minor version such as "1.35"');
  } else if (props.cloud === 'aws' || props.cloud === 'gcp') {
    checkKubernetesSupport(p, props.cloud, c.kubernetesVersion);
  }
  cidr(p, 'cluster.networkCidr', c.networkCidr, false);
  int(p, 'cluster.availabilityZones', c.availabilityZones, 1, 6);
  if (props.cloud === 'aws') vpcLayout(p, 'cluster.networkCidr', resolveCluster(c as ClusterSpec, 'aws').networkCidr, c.availabilityZones);
  // GCP regions have three zones; us-central1 has four (AWS regions vary, from three to six: checked at plan time)
  const gcpZones = props.region === 'us-central1' ? 4 : 3;
  if (props.cloud === 'gcp' && typeof c.availabilityZones === 'number' && c.availabilityZones > gcpZones) {
    p.add('cluster.availabilityZones', c.availabilityZones, `{value} zones: GCP region ${String(props.region)} has ${gcpZones}`);
  }
  const aws = obj(p, 'cluster.aws', c.aws);
  bool(p, 'cluster.aws.singleNatGateway', aws.singleNatGateway);
  bool(p, 'cluster.aws.interfaceEndpoints', aws.interfaceEndpoints);
  strings(p, 'cluster.publicAccessCidrs', c.publicAccessCidrs).forEach((x, i) => cidr(p, `cluster.publicAccessCidrs[${i}]`, x));
  checkNodePool(p, 'cluster.nodes', c.nodes, props.cloud, props.cloud === 'aws');
}

export function checkSecrets(p: Problems, props: Obj): void {
  const secrets = arr(p, 'secrets', props.secrets);
  secrets.forEach((s, i) => {
    const path = `secrets[${i}]`;
    const o = obj(p, path, s);
    dnsLabel(p, `${path}.name`, o.name);
    remoteKey(p, `${path}.remoteKey`, o.remoteKey, props.cloud);
    const keys = strings(p, `${path}.keys`, o.keys);
    if (keys.length === 0) p.add(`${path}.keys`, o.keys, 'a secret needs at least one key');
    keys.forEach((k, j) => {
      if (!/^[-._a-zA-Z0-9]+$/.test(k)) p.add(`${path}.keys[${j}]`, k, '{value} must consist of letters, digits, "-", "_" or "."');
    });
    unique(p, `${path}.keys`, keys, 'key');
    for (const k of Object.keys(obj(p, `${path}.properties`, o.properties))) {
      if (!keys.includes(k)) p.add(`${path}.properties.${k}`, k, "{value} is not one of the secret's keys");
    }
    int(p, `${path}.refreshMinutes`, o.refreshMinutes, 1, 24 * 60);
  });
  const names = secrets
    .filter(isObject)
    .map((s) => s.name)
    .filter((n): n is string => typeof n === 'string');
  unique(p, 'secrets', names, 'secret name');
  for (const store of ['postgres', 'redis'] as const) {
    const reserved = `${String(props.name)}-${store}`;
    if (names.includes(reserved)) p.add('secrets', reserved, `secret name {value} is reserved for the ${store} connection details`);
  }
}

export function checkNats(p: Problems, props: Obj): void {
  if (props.nats === undefined) return;
  const n = obj(p, 'nats', props.nats);
  if (n.image !== undefined) image(p, 'nats.image', n.image);
  checkNatsSubjects(p, props);
  if (n.tls !== undefined) {
    const issuer = obj(p, 'nats.tls', n.tls).clusterIssuer;
    if (str(p, 'nats.tls.clusterIssuer', issuer) && !isDns1123Subdomain(issuer)) {
      p.add('nats.tls.clusterIssuer', issuer, '{value} must be a ClusterIssuer name (a DNS-1123 subdomain)');
    }
  }
  const servers = resolveNatsServers(n);
  // a node count out of range is reported once, not compared with the streams' replicas and sizes besides
  const replicas = int(p, 'nats.replicas', n.replicas, 1, 9) || n.replicas === undefined ? servers.replicas : undefined;
  quantity(p, 'nats.memory', n.memory);
  const storageGiB = typeof n.storage === 'string' ? quantityGiB(n.storage) : undefined;
  if (n.storage !== undefined && storageGiB === undefined) quantity(p, 'nats.storage', n.storage);
  const effStorage = n.storage === undefined ? quantityGiB(servers.storage) : storageGiB;
  const streams = arr(p, 'nats.streams', n.streams).map((s, i) => ({ s: obj(p, `nats.streams[${i}]`, s), i }));
  streams.forEach(({ s, i }) => {
    const path = `nats.streams[${i}]`;
    if (str(p, `${path}.name`, s.name) && !/^[A-Za-z0-9_-]+$/.test(s.name))
      p.add(`${path}.name`, s.name, '{value} must consist of letters, digits, "-" or "_"');
    if (strings(p, `${path}.subjects`, s.subjects).length === 0)
      p.add(`${path}.subjects`, s.subjects, 'a stream needs at least one subject');
    int(p, `${path}.maxAgeHours`, s.maxAgeHours, 1);
    const stream = streamLimits(s);
    const bytes = stream.bytes;
    if (s.maxBytes !== undefined && bytes === undefined) quantity(p, `${path}.maxBytes`, s.maxBytes);
    if (bytes !== undefined && effStorage !== undefined && bytes > effStorage * JETSTREAM_FILE_SHARE) {
      p.add(
        `${path}.maxBytes`,
        stream.maxBytes,
        `{value} exceeds the JetStream file store of each node (90% of ${String(servers.storage)})`,
      );
    }
    if (int(p, `${path}.replicas`, s.replicas, 1, 5) && typeof replicas === 'number' && s.replicas > replicas) {
      p.add(`${path}.replicas`, s.replicas, `{value} exceeds the cluster's ${replicas} nodes`);
    }
  });
  const streamNames = streams.map(({ s }) => s.name).filter((x): x is string => typeof x === 'string');
  unique(p, 'nats.streams', streamNames, 'stream name');
  unique(
    p,
    'nats.streams',
    streamNames.map((x) => x.toLowerCase().replace(/_/g, '-')),
    'Kubernetes name of stream',
  );
  // Every replica of every stream lives on some node: together they must fit the cluster's file stores.
  const perNodeGiB = effStorage === undefined ? undefined : effStorage * JETSTREAM_FILE_SHARE;
  const totalGiB = streams.reduce((sum, { s }) => {
    const { bytes, replicas: r } = streamLimits(s);
    return sum + (bytes ?? 0) * r;
  }, 0);
  if (perNodeGiB !== undefined && typeof replicas === 'number' && totalGiB > perNodeGiB * replicas) {
    p.add(
      'nats.streams',
      `${totalGiB}Gi`,
      `the streams can hold ${totalGiB}Gi (maxBytes x replicas) but the cluster's JetStream stores hold ${(perNodeGiB * replicas).toFixed(1)}Gi (${replicas} x 90% of ${String(servers.storage)})`,
    );
  }
  dnsLabel(p, 'nats.controllerNamespace', n.controllerNamespace, false);
  const consumerNames = arr(p, 'nats.consumers', n.consumers)
    .filter(isObject)
    .map((c) => c.name)
    .filter((x): x is string => typeof x === 'string');
  unique(p, 'nats.consumers', consumerNames, 'consumer name');
  checkNatsClients(
    p,
    props,
    streams.map(({ s }) => s),
    consumerNames,
  );
  checkNatsPublishers(
    p,
    props,
    streams.flatMap(({ s }) => (Array.isArray(s.subjects) ? s.subjects.filter((x): x is string => typeof x === 'string') : [])),
  );
  checkNatsProducers(p, props);
  arr(p, 'nats.consumers', n.consumers).forEach((c, i) => {
    const path = `nats.consumers[${i}]`;
    const o = obj(p, path, c);
    if (str(p, `${path}.name`, o.name) && !/^[A-Za-z0-9_-]+$/.test(o.name))
      p.add(`${path}.name`, o.name, '{value} must consist of letters, digits, "-" or "_"');
    if (str(p, `${path}.stream`, o.stream) && !streamNames.includes(o.stream)) {
      p.add(`${path}.stream`, o.stream, `stream {value} is not defined in nats.streams (${streamNames.join(', ') || 'none'})`);
    }
    int(p, `${path}.ackWaitSeconds`, o.ackWaitSeconds, 1);
    int(p, `${path}.maxDeliver`, o.maxDeliver, 1);
    int(p, `${path}.maxAckPending`, o.maxAckPending, 1);
  });
}

/** NATS users are the services: their subjects must be covered by a stream or another service's (or publisher's) publish, and their consumers must exist. */
function checkNatsClients(p: Problems, props: Obj, streams: Obj[], consumers: string[]): void {
  const services = Array.isArray(props.services) ? props.services.filter(isObject) : [];
  const streamSubjects = streams.flatMap((s) =>
    Array.isArray(s.subjects) ? s.subjects.filter((x): x is string => typeof x === 'string') : [],
  );
  const publishers = isObject(props.nats) && Array.isArray(props.nats.publishers) ? props.nats.publishers.filter(isObject) : [];
  const published = [...services.map((s) => (isObject(s.nats) ? s.nats.publish : undefined)), ...publishers.map((e) => e.subjects)].flatMap(
    (v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []),
  );
  services.forEach((s, i) => {
    if (s.nats === undefined) return;
    const c = obj(p, `services[${i}].nats`, s.nats);
    for (const e of ['urlEnv', 'userEnv', 'passwordEnv', 'inboxPrefixEnv']) {
      if (c[e] !== undefined && !(typeof c[e] === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(c[e] as string)))
        p.add(`services[${i}].nats.${e}`, c[e], '{value} is not a valid environment variable name');
    }
    strings(p, `services[${i}].nats.publish`, c.publish).forEach((subject, j) => {
      if (
        !streamSubjects.some((f) => subjectCovers(f, subject)) &&
        !services.some(
          (o) =>
            o !== s &&
            isObject(o.nats) &&
            Array.isArray(o.nats.subscribe) &&
            o.nats.subscribe.some((f) => typeof f === 'string' && (subjectCovers(f, subject) || subjectCovers(subject, f))),
        )
      ) {
        p.add(`services[${i}].nats.publish[${j}]`, subject, '{value} is captured by no stream and subscribed to by no service');
      }
    });
    strings(p, `services[${i}].nats.subscribe`, c.subscribe).forEach((subject, j) => {
      const covered = [...streamSubjects, ...published].some((f) => subjectCovers(f, subject) || subjectCovers(subject, f));
      if (!covered)
        p.add(
          `services[${i}].nats.subscribe[${j}]`,
          subject,
          '{value} is captured by no stream and published by no service or nats.publishers entry',
        );
    });
    strings(p, `services[${i}].nats.consumers`, c.consumers).forEach((name, j) => {
      if (!consumers.includes(name))
        p.add(
          `services[${i}].nats.consumers[${j}]`,
          name,
          `consumer {value} is not defined in nats.consumers (${consumers.join(', ') || 'none'})`,
        );
    });
  });
}

export function checkMonitoring(p: Problems, props: Obj): void {
  const m = obj(p, 'monitoring', props.monitoring);
  labels(p, 'monitoring.prometheusSelector', m.prometheusSelector);
  dnsLabel(p, 'monitoring.namespace', m.namespace, false);
  if (m.tracing !== undefined) {
    const t = obj(p, 'monitoring.tracing', m.tracing);
    str(p, 'monitoring.tracing.endpoint', t.endpoint);
    num(p, 'monitoring.tracing.sampleRatio', t.sampleRatio, 0, 1);
  }
  checkMonitoringSpec(p, props);
  checkAlertNames(p, props);
}
