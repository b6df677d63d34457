/**
 * KEDA, the queue-driven autoscaler of workers with a `queue`: where its operator runs (the add-on installs it
 * there, the stack's NetworkPolicies admit it from there) and the fields of the ScaledObjects it reads. No
 * cdk8s, no Pulumi.
 */

/** Namespace of KEDA's operator, metrics server and webhooks (reserved: a stack cannot take it). */
export const KEDA_NAMESPACE = 'keda';

/**
 * Labels of KEDA's operator pods, the ones that poll the queues (the chart's `operator.name`, default
 * `keda-operator`, as `app` and `app.kubernetes.io/name`).
 */
export const KEDA_OPERATOR_LABELS: Readonly<Record<string, string>> = { app: 'keda-operator' };

/**
 * The NATS account of the stack's services: nats.conf lists its users under `authorization`, which puts them
 * (and their JetStream streams) in the server's global account `$G`, the account `/jsz?acc=` reports.
 */
export const NATS_GLOBAL_ACCOUNT = '$G';

/** Seconds between two polls of a queue (KEDA's `pollingInterval` default). */
export const KEDA_POLLING_SECONDS = 30;

/** A Redis key the library passes to KEDA as a list name: printable, no spaces or quotes. */
export const REDIS_LIST_KEY = /^[A-Za-z0-9_.:{}/-]{1,256}$/;

/** True when some service of the stack is scaled on a queue (KEDA is then installed). */
export function usesKeda(stack: { readonly services: readonly { readonly queue?: unknown }[] }): boolean {
  return stack.services.some((s) => s.queue !== undefined);
}
