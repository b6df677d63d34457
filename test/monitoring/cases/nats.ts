/**
 * promtool cases of the NATS alerts (lib/monitoring/nats-alerts.ts), for the `<stack>.nats` group of every stack under test
 * with NATS. The input is prometheus-nats-exporter's (the `exporter` sidecar of each server pod, run with
 * `-varz -healthz -jsz=all ...`), labelled as the stack's PodMonitor `nats` scrapes it: the exporter's own labels
 * (`server_id`; the JetStream ones for `jetstream_*`: collector/jsz.go) and the Prometheus Operator's target
 * labels (`namespace`, `pod`, `container`, `endpoint`, `instance`, `job` = `<namespace>/nats`).
 *
 * - `gnatsd_healthz_status` is 0 when the server's /healthz says ok, 1 otherwise, and absent when the exporter
 *   (its pod) is down (collector/healthz.go).
 * - A healthy server of an N-server cluster holds (N - 1) x (pool_size + 1) routes: the pool of nats.conf's
 *   `cluster.pool_size` to each peer, plus the system account's dedicated route nats-server 2.10 adds with pooling.
 * - Thresholds: NATS_ALERT_THRESHOLDS (reviewed: 80% of the file store; 10000 pending messages; 100 redelivered,
 *   unacknowledged messages). Durations: FOR_MINUTES below.
 */
import { NATS_ALERT_THRESHOLDS, type ResolvedStack } from 'production-stack';
import {
  type AlertCase,
  type AlertRule,
  type AlertSuite,
  expectedAlert,
  firingCase,
  num,
  ruleOf,
  series,
  silentCase,
  values,
} from '../../support/alert-cases';
import type { Manifest } from '../../support/synth';
import { alertNames, ruleGroup, stacksUnderTest } from './stacks';
import { dedupe } from './workloads';

/** Minutes each NATS condition must hold: a lost quorum pages after 2, a lost route warns after 5, the rest after 10. */
const FOR_MINUTES: Readonly<Record<string, number>> = {
  NatsJetStreamStorageNearLimit: 10,
  NatsQuorumLost: 2,
  NatsRouteDisconnected: 5,
  NatsConsumerLagHigh: 10,
  NatsConsumerRedeliveries: 10,
};

const ONSET = 10;
type Series = { series: string; values: string };

interface Context {
  readonly stack: ResolvedStack;
  readonly rule: AlertRule;
  readonly alertname: string;
  readonly for: number;
  readonly replicas: number;
  readonly poolSize: number;
  /** The target labels of server `i`'s exporter, with its `server_id`. */
  readonly server: (i: number) => Record<string, string>;
}

const span = (c: Context) => ONSET + c.for + 12;
const at = (c: Context) => [ONSET + c.for, ONSET + c.for + 10];
const gauge = (c: Context, labels: Record<string, string>, metric: string, f: (m: number) => number | 'stale' | undefined) => ({
  series: series(metric, labels),
  values: values(Array.from({ length: span(c) }, (_, m) => f(m))),
});
const servers = (c: Context) => Array.from({ length: c.replicas }, (_, i) => i);

const BUILDERS: Readonly<Record<string, (c: Context) => AlertCase[]>> = {
  NatsJetStreamStorageNearLimit(c) {
    const t = NATS_ALERT_THRESHOLDS.storageRatio;
    const max = 48 * 2 ** 30;
    const input = (ratio: (i: number, m: number) => number): Series[] =>
      servers(c).flatMap((i) => [
        gauge(c, c.server(i), 'gnatsd_varz_jetstream_config_max_storage', () => max),
        gauge(c, c.server(i), 'gnatsd_varz_jetstream_stats_storage', (m) => Math.round(max * ratio(i, m))),
      ]);
    const high = (t + 1) / 2;
    return [
      firingCase({
        alertname: c.alertname,
        name: `every server's file store ${num(high * 100)}% full`,
        input: input((_, m) => (m < ONSET ? 0.4 : high)),
        onset: ONSET,
        forMinutes: c.for,
        expected: servers(c).map((i) =>
          expectedAlert(c.rule, c.server(i), Math.round(max * high) / max, 'JetStream storage is nearly full'),
        ),
      }),
      silentCase({
        alertname: c.alertname,
        name: `${num(t * 98)}% full, just under the threshold`,
        input: input(() => t * 0.98),
        at: at(c),
      }),
    ];
  },

  NatsQuorumLost(c) {
    const quorum = Math.floor(c.replicas / 2) + 1;
    /** Each server's healthz: 0 (ok) while up, absent (the pod and its exporter down) while down. */
    const input = (down: (i: number, m: number) => boolean): Series[] =>
      servers(c).map((i) => gauge(c, c.server(i), 'gnatsd_healthz_status', (m) => (down(i, m) ? (m === 0 ? undefined : 'stale') : 0)));
    const summary = 'NATS JetStream has lost quorum';
    const lost = c.replicas - quorum + 1; // servers down to lose quorum
    return [
      firingCase({
        alertname: c.alertname,
        name: `${lost} of ${c.replicas} servers down`,
        input: input((i, m) => i < lost && m >= ONSET),
        onset: ONSET,
        forMinutes: c.for,
        expected: [expectedAlert(c.rule, {}, quorum - 1, summary)],
      }),
      firingCase({
        alertname: c.alertname,
        name: `all ${c.replicas} servers down (no series at all)`,
        input: input((_, m) => m >= ONSET),
        onset: ONSET,
        forMinutes: c.for,
        expected: [expectedAlert(c.rule, {}, 0, summary)],
      }),
      firingCase({
        alertname: c.alertname,
        name: `${lost} of ${c.replicas} servers up but unhealthy (healthz not ok)`,
        input: servers(c).map((i) => gauge(c, c.server(i), 'gnatsd_healthz_status', (m) => (i < lost && m >= ONSET ? 1 : 0))),
        onset: ONSET,
        forMinutes: c.for,
        expected: [expectedAlert(c.rule, {}, quorum - 1, summary)],
      }),
      silentCase({
        alertname: c.alertname,
        name: `${c.replicas - quorum} of ${c.replicas} down: the others still a majority`,
        input: input((i, m) => i < c.replicas - quorum && m >= ONSET),
        at: at(c),
      }),
    ];
  },

  NatsRouteDisconnected(c) {
    const healthy = (c.replicas - 1) * (c.poolSize + 1);
    const input = (routes: (i: number, m: number) => number): Series[] =>
      servers(c).map((i) => gauge(c, c.server(i), 'gnatsd_varz_routes', (m) => routes(i, m)));
    // server 0 lost every route to one peer
    const lostPeer = healthy - (c.poolSize + 1);
    return [
      firingCase({
        alertname: c.alertname,
        name: `a server lost its ${c.poolSize + 1} routes to a peer`,
        input: input((i, m) => (i === 0 && m >= ONSET ? lostPeer : healthy)),
        onset: ONSET,
        forMinutes: c.for,
        expected: [expectedAlert(c.rule, c.server(0), lostPeer, 'A NATS server lost a cluster route')],
      }),
      silentCase({ alertname: c.alertname, name: `every server with its ${healthy} routes`, input: input(() => healthy), at: at(c) }),
      silentCase({
        alertname: c.alertname,
        name: 'a route lost for 4 minutes (a peer restarting)',
        input: input((i, m) => (i === 0 && m >= ONSET && m < ONSET + 4 ? healthy - 1 : healthy)),
        at: [ONSET + 3, ...at(c)],
      }),
    ];
  },

  NatsConsumerLagHigh: (c) =>
    consumerCases(c, 'jetstream_consumer_num_pending', NATS_ALERT_THRESHOLDS.consumerPending, 'A JetStream consumer is falling behind'),
  NatsConsumerRedeliveries: (c) =>
    consumerCases(c, 'jetstream_consumer_num_redelivered', NATS_ALERT_THRESHOLDS.redeliveries, 'A JetStream consumer keeps redelivering'),
};

/** A gauge of a consumer, as every server holding a replica of it reports it (`-jsz=all`): over its threshold, at it, briefly over. */
function consumerCases(c: Context, metric: string, threshold: number, summary: string): AlertCase[] {
  const consumer = c.stack.nats!.consumers[0] ?? { name: 'consumer', stream: c.stack.nats!.streams[0]?.name ?? 'stream' };
  const labels = (i: number) => ({
    ...c.server(i),
    server_name: `nats-${i}`,
    cluster: c.stack.name,
    domain: '',
    meta_leader: 'nats-0',
    is_meta_leader: String(i === 0),
    account: '$G',
    account_name: '$G',
    account_id: '$G',
    stream_name: consumer.stream,
    stream_leader: 'nats-0',
    is_stream_leader: String(i === 0),
    stream_raft_group: 'S-R3F-dN6bK2pQ',
    consumer_name: consumer.name,
    consumer_leader: 'nats-1',
    is_consumer_leader: String(i === 1),
    consumer_desc: '',
  });
  const input = (level: (m: number) => number): Series[] => servers(c).map((i) => gauge(c, labels(i), metric, level));
  const high = threshold * 5;
  return [
    firingCase({
      alertname: c.alertname,
      name: `${high} messages on consumer ${consumer.name}`,
      input: input((m) => (m < ONSET ? 0 : high)),
      onset: ONSET,
      forMinutes: c.for,
      expected: servers(c).map((i) => expectedAlert(c.rule, labels(i), high, summary)),
    }),
    silentCase({
      alertname: c.alertname,
      name: `${threshold} messages: not more than ${threshold}`,
      input: input(() => threshold),
      at: at(c),
    }),
    silentCase({
      alertname: c.alertname,
      name: `${high} messages for ${c.for - 2} minutes`,
      input: input((m) => (m >= ONSET && m < ONSET + c.for - 2 ? high : 0)),
      at: [ONSET + c.for - 3, ...at(c)],
    }),
  ];
}

/** nats.conf's `cluster.pool_size` (NATS' default, 3, when it sets none). */
function poolSize(objects: readonly Manifest[], namespace: string): number {
  const conf = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === namespace && o.metadata.name === 'nats-config')
    ?.data?.['nats.conf'] as string | undefined;
  const m = conf && /"?pool_size"?\s*[:=]\s*(\d+)/.exec(conf);
  return m ? Number(m[1]) : 3;
}

function suiteOf(name: string, stack: ResolvedStack, objects: readonly Manifest[]): AlertSuite | undefined {
  const group = ruleGroup(objects, `${stack.name}.nats`);
  if (!group || !stack.nats) return undefined;
  const ruleFile = { groups: [group] };
  const sts = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.namespace === stack.namespace && o.metadata.name === 'nats');
  const replicas = (sts?.spec.replicas ?? stack.nats.replicas) as number;
  const server = (i: number) => ({
    container: 'exporter',
    endpoint: 'metrics',
    instance: `10.0.5.${10 + i}:7777`,
    job: `${stack.namespace}/nats`,
    namespace: stack.namespace,
    pod: `nats-${i}`,
    server_id: `NDJWE4SOUJOJT2TY5Y2YQEOAHGAK5VIGXTGKWJSFHVCII4ITI3LBHSP${i}`,
  });
  const cases = alertNames(group).flatMap((alertname) => {
    const build = BUILDERS[alertname];
    if (!build) return []; // alert-coverage.test.ts reports it
    return build({
      stack,
      rule: ruleOf(ruleFile, alertname),
      alertname,
      for: FOR_MINUTES[alertname],
      replicas,
      poolSize: poolSize(objects, stack.namespace),
      server,
    });
  });
  return { name: `${name}: ${group.name}`, ruleFile, cases };
}

/** The NATS suites of every stack under test with NATS. */
export function natsSuites(): AlertSuite[] {
  return dedupe(stacksUnderTest().flatMap((s) => suiteOf(s.name, s.stack, s.objects) ?? []));
}
