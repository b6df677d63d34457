/**
 * NATS JetStream run in the cluster, as the CQAR guide asks: a StatefulSet of
 * an odd number of servers with routes between them, JetStream on retained
 * volumes, a PDB that keeps quorum, the restricted profile, lame-duck
 * shutdown, a rollout on every configuration change, the Prometheus exporter,
 * and the streams and consumers as JetStream controller resources.
 */
import { IMAGES } from '../core/images';
import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { KEDA_NAMESPACE, KEDA_OPERATOR_LABELS } from '../core/keda';
import { k8sNames } from '../core/naming';
import { NATS_EXPORTER_REQUESTS, NATS_SERVER_CPU } from '../core/nats-pods';
import { natsUsers } from '../core/nats-users';
import { parseQuantity } from '../core/quantity';
import {
  type Certificate,
  ConfigMap,
  type JetStreamAccount,
  type JetStreamConsumer,
  type JetStreamStream,
  NetworkPolicy,
  PodDisruptionBudget,
  type PodMonitor,
  type PrometheusRule,
  Service,
  StatefulSet,
} from '../k8s/api-object';
import { imageVersion, selectorLabels, serviceLabels } from '../k8s/labels';
import { NATS_NAME } from '../k8s/nats-address';
import { dnsEgressRule } from '../k8s/network-policy';
import { containerSecurityContext, podSecurityContext } from '../k8s/security';
import { natsMonitoring } from '../monitoring/nats-alerts';
import { renderConf } from './conf';
import { HEADLESS_NAME, NATS_PORTS, PID_FILE, natsConfig, passwordEnv } from './config';
import { streamResources } from './streams';
import { natsCertificate, reloaderContainer, tlsVolume } from './tls';

/** UID of the NATS containers. */
const NATS_UID = 1000;

const port = (n: number) => k8s.IntOrString.fromNumber(n);
const tcp = (n: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: port(n) });
const q = (v: string) => k8s.Quantity.fromString(v);

/** Props of {@link NatsCluster}. */
export interface NatsClusterProps {
  /** The resolved stack; its `nats` is set. */
  readonly stack: ResolvedStack;
}

/** The stack's NATS JetStream cluster. */
export class NatsCluster extends Construct {
  /** The rendered nats-server configuration. */
  public readonly config: string;
  /** The ConfigMap holding it. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The StatefulSet. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The headless Service for routes and stable names. */
  public readonly headless: k8s.KubeService;
  /** The client Service. */
  public readonly service: k8s.KubeService;
  /** The PDB that keeps quorum. */
  public readonly disruptionBudget: k8s.KubePodDisruptionBudget;
  /** The NetworkPolicy of the servers. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The Account, Stream and Consumer resources for the JetStream controller. */
  public readonly jetstream: readonly (JetStreamAccount | JetStreamStream | JetStreamConsumer)[];
  /** The PodMonitor and PrometheusRule. */
  public readonly monitoring: readonly [PodMonitor, PrometheusRule];
  /** The servers' cert-manager Certificate, with `nats.tls`. */
  public readonly certificate?: Certificate;
  /**
   * In the Istio mesh: the servers' STRICT mTLS with the metrics port PERMISSIVE, which Prometheus (outside the
   * mesh) scrapes, and with a worker scaled on a NATS consumer the monitoring port too, which KEDA's operator
   * (outside the mesh) reads the consumers' lag from.
   */
  public readonly meshPolicy?: ApiObject;

  constructor(scope: Construct, id: string, props: NatsClusterProps) {
    super(scope, id);
    const { stack } = props;
    const n = stack.nats!;
    const ns = stack.namespace;
    const labels = serviceLabels(stack.name, NATS_NAME, imageVersion(n.image));
    const selector = selectorLabels(stack.name, NATS_NAME);
    this.config = renderConf(natsConfig(stack));
    const checksum = createHash('sha256').update(this.config).digest('hex').slice(0, 16);

    this.configMap = new ConfigMap(this, 'Config', {
      metadata: { name: `${NATS_NAME}-config`, namespace: ns, labels },
      data: { 'nats.conf': this.config },
    });

    const users = natsUsers(stack);
    const secret = k8sNames.datastoreSecret(stack.name, 'nats');
    const goMemLimit = Math.floor(0.9 * (parseQuantity(n.memory) ?? 0));
    const healthz = (query: string): k8s.HttpGetAction => ({ path: `/healthz?${query}`, port: port(NATS_PORTS.monitor) });
    const tls = n.tls ? tlsVolume() : undefined;
    if (n.tls) this.certificate = natsCertificate(this, stack, labels);

    this.statefulSet = new StatefulSet(this, 'Resource', {
      metadata: { name: NATS_NAME, namespace: ns, labels },
      spec: {
        serviceName: HEADLESS_NAME,
        replicas: n.replicas,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels, annotations: { 'production-stack.dev/config-checksum': checksum } },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            // the reloader signals the server's PID on certificate renewal
            ...(tls ? { shareProcessNamespace: true } : {}),
            // lame duck mode (30s) plus its grace period, with headroom
            terminationGracePeriodSeconds: 60,
            securityContext: podSecurityContext(NATS_UID),
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: selector },
              },
            ],
            // two servers on one node would lose quorum with that node
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' },
                ],
              },
            },
            containers: [
              {
                name: 'nats',
                image: n.image,
                args: ['--config', '/etc/nats/nats.conf'],
                ports: [
                  { name: 'client', containerPort: NATS_PORTS.client },
                  { name: 'cluster', containerPort: NATS_PORTS.cluster },
                  { name: 'monitor', containerPort: NATS_PORTS.monitor },
                ],
                env: [
                  { name: 'SERVER_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'GOMEMLIMIT', value: String(goMemLimit) },
                  ...users.map((u) => ({ name: passwordEnv(u), valueFrom: { secretKeyRef: { name: secret, key: u } } })),
                ],
                resources: { requests: { cpu: q(NATS_SERVER_CPU), memory: q(n.memory) }, limits: { memory: q(n.memory) } },
                startupProbe: { httpGet: healthz('js-enabled-only=true'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 90 },
                livenessProbe: { httpGet: healthz('js-enabled-only=true'), periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
                readinessProbe: { httpGet: healthz('js-server-only=true'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                lifecycle: { preStop: { exec: { command: ['nats-server', `--signal=ldm=${PID_FILE}`] } } },
                securityContext: containerSecurityContext(NATS_UID),
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/nats', readOnly: true },
                  { name: 'data', mountPath: '/data' },
                  { name: 'pid', mountPath: '/var/run/nats' },
                  ...(tls ? [tls.mount] : []),
                ],
              },
              ...(tls ? [reloaderContainer(NATS_UID)] : []),
              {
                name: 'exporter',
                image: IMAGES.natsExporter,
                args: [
                  '-connz',
                  '-routez',
                  '-subz',
                  '-varz',
                  '-jsz=all',
                  '-healthz',
                  `-port=${NATS_PORTS.metrics}`,
                  `http://localhost:${NATS_PORTS.monitor}`,
                ],
                ports: [{ name: 'metrics', containerPort: NATS_PORTS.metrics }],
                resources: {
                  requests: { cpu: q(NATS_EXPORTER_REQUESTS.cpu), memory: q(NATS_EXPORTER_REQUESTS.memory) },
                  limits: { memory: q('128Mi') },
                },
                livenessProbe: { tcpSocket: { port: port(NATS_PORTS.metrics) }, periodSeconds: 30 },
                readinessProbe: { tcpSocket: { port: port(NATS_PORTS.metrics) }, periodSeconds: 10 },
                securityContext: containerSecurityContext(NATS_UID),
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: `${NATS_NAME}-config` } },
              { name: 'pid', emptyDir: {} },
              ...(tls ? [tls.volume] : []),
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: selector },
            spec: { accessModes: ['ReadWriteOnce'], storageClassName: n.storageClass, resources: { requests: { storage: q(n.storage) } } },
          },
        ],
      },
    });

    // NATS is server-first (the server sends INFO before the client says anything, on the client and the route
    // port alike), which Istio's protocol sniffing cannot handle (istio.io, protocol selection: "server first
    // protocols"): the ports say their protocol, `tcp`, and the monitoring port is HTTP.
    const ports: k8s.ServicePort[] = [
      { name: 'client', port: NATS_PORTS.client, targetPort: k8s.IntOrString.fromString('client'), appProtocol: 'tcp' },
      { name: 'cluster', port: NATS_PORTS.cluster, targetPort: k8s.IntOrString.fromString('cluster'), appProtocol: 'tcp' },
      { name: 'monitor', port: NATS_PORTS.monitor, targetPort: k8s.IntOrString.fromString('monitor'), appProtocol: 'http' },
    ];
    this.headless = new Service(this, 'Headless', {
      metadata: { name: HEADLESS_NAME, namespace: ns, labels },
      spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector, ports },
    });
    this.service = new Service(this, 'Service', {
      metadata: { name: NATS_NAME, namespace: ns, labels },
      spec: { type: 'ClusterIP', selector, ports: [ports[0]] },
    });
    // One server at a time: a 3-node cluster keeps 2 and its quorum.
    this.disruptionBudget = new PodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: { name: NATS_NAME, namespace: ns, labels },
      spec: { maxUnavailable: port(1), selector: { matchLabels: selector } },
    });

    const clients = stack.services.filter((s) => s.nats).map((s) => ({ podSelector: { matchLabels: selectorLabels(stack.name, s.name) } }));
    const ownNamespace = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
    // outside publishers: their namespace, and within it their pods when the spec names their labels
    const publishers = n.publishers.map((p) => ({
      ...ownNamespace(p.namespace),
      ...(p.podLabels ? { podSelector: { matchLabels: { ...p.podLabels } } } : {}),
    }));
    this.networkPolicy = new NetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: NATS_NAME, namespace: ns, labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: selector } }], ports: [tcp(NATS_PORTS.client), tcp(NATS_PORTS.cluster)] },
          ...(clients.length ? [{ from: clients, ports: [tcp(NATS_PORTS.client)] }] : []),
          ...(publishers.length ? [{ from: publishers, ports: [tcp(NATS_PORTS.client)] }] : []),
          { from: [ownNamespace(n.controllerNamespace)], ports: [tcp(NATS_PORTS.client)] },
          { from: [ownNamespace(stack.monitoring.namespace)], ports: [tcp(NATS_PORTS.metrics), tcp(NATS_PORTS.monitor)] },
          // KEDA's operator reads the consumers' lag of the workers scaled on them (`/jsz`)
          ...(stack.services.some((s) => s.queue?.nats)
            ? [
                {
                  from: [{ ...ownNamespace(KEDA_NAMESPACE), podSelector: { matchLabels: { ...KEDA_OPERATOR_LABELS } } }],
                  ports: [tcp(NATS_PORTS.monitor)],
                },
              ]
            : []),
        ],
        egress: [dnsEgressRule(), { to: [{ podSelector: { matchLabels: selector } }], ports: [tcp(NATS_PORTS.cluster)] }],
      },
    });
    this.jetstream = streamResources(this, stack);
    this.monitoring = natsMonitoring(this, stack);
    if (stack.serviceMesh === 'istio') {
      const outsideTheMesh = [NATS_PORTS.metrics, ...(stack.services.some((s) => s.queue?.nats) ? [NATS_PORTS.monitor] : [])];
      this.meshPolicy = new ApiObject(this, 'PeerAuthentication', {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: NATS_NAME, namespace: ns, labels },
        spec: {
          selector: { matchLabels: selector },
          mtls: { mode: 'STRICT' },
          portLevelMtls: Object.fromEntries(outsideTheMesh.map((p) => [String(p), { mode: 'PERMISSIVE' }])),
        },
      });
    }
  }
}
