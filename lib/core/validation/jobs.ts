/** Rules for the stack's CronJobs. */
import { arr, cronSchedule, dnsLabel, int, isObject, obj, str, strings } from './checks';
import { cronJobResources, resolveMonitoring, resolveNatsServers } from '../resolve';
import type { MonitoringSpec } from '../spec/monitoring';
import { ENTRY_OBJECTS, FIXED_NAMES, RESERVED_NAMESPACES, STACK_OBJECT_KINDS, reservedFor } from '../reserved';
import { isTimeZone } from '../formats';
import type { Problems } from './problems';
import { clients, egress, env, image, resources, secretEnv } from './service';

export function checkCronJobs(p: Problems, props: Record<string, unknown>): void {
  const jobs = arr(p, 'cronJobs', props.cronJobs);
  jobs.forEach((j, i) => {
    const path = `cronJobs[${i}]`;
    const job = obj(p, path, j);
    dnsLabel(p, `${path}.name`, job.name);
    if (typeof job.name === 'string' && job.name.length > 52)
      p.add(`${path}.name`, job.name, '{value} must be at most 52 characters (Kubernetes appends a timestamp to the Jobs it creates)');
    image(p, `${path}.image`, job.image);
    cronSchedule(p, `${path}.schedule`, job.schedule, true);
    if (job.timeZone !== undefined && str(p, `${path}.timeZone`, job.timeZone) && !isTimeZone(job.timeZone))
      p.add(`${path}.timeZone`, job.timeZone, '{value} is not an IANA time zone such as "Europe/Berlin" or "Etc/UTC"');
    if (strings(p, `${path}.command`, job.command).length === 0) p.add(`${path}.command`, job.command, 'a job needs a command');
    strings(p, `${path}.args`, job.args);
    env(p, `${path}.env`, job.env);
    secretEnv(p, `${path}.secretEnv`, job.secretEnv);
    clients(p, path, job);
    egress(p, `${path}.egress`, job.egress);
    resources(p, `${path}.resources`, job.resources, cronJobResources);
    if (job.concurrencyPolicy !== undefined && !['Forbid', 'Replace', 'Allow'].includes(job.concurrencyPolicy as string)) {
      p.add(`${path}.concurrencyPolicy`, job.concurrencyPolicy, '{value} must be "Forbid", "Replace" or "Allow"');
    }
    int(p, `${path}.startingDeadlineSeconds`, job.startingDeadlineSeconds, 10);
    int(p, `${path}.activeDeadlineSeconds`, job.activeDeadlineSeconds, 1);
    int(p, `${path}.backoffLimit`, job.backoffLimit, 0, 10);
    int(p, `${path}.historyLimit`, job.historyLimit, 1, 20);
    if (job.runAsUser === 0) p.add(`${path}.runAsUser`, 0, 'containers must not run as root (UID 0)');
    else int(p, `${path}.runAsUser`, job.runAsUser, 1);
  });
}

/**
 * The objects the spec's entries create in the namespace must not collide: with each other across services,
 * cron jobs and secrets (a cron job named like a service shares its NetworkPolicy and ServiceAccount, a secret
 * named like a service's TLS secret overwrites its key), or with the library's own.
 */
export function checkObjectNames(p: Problems, props: Record<string, unknown>): void {
  if (typeof props.name !== 'string') return;
  const stack = props.name;
  const created = new Map<string, { readonly path: string; readonly kinds: readonly string[] }[]>();
  const edge = isObject(props.edge) ? props.edge : {};
  for (const [key, entries, objects] of [
    [
      'services',
      props.services,
      (e: Record<string, unknown>, name: string) => ENTRY_OBJECTS.service(name, e.migration !== undefined, e.route !== undefined),
    ],
    ['cronJobs', props.cronJobs, (_: Record<string, unknown>, name: string) => ENTRY_OBJECTS.cronJob(name)],
    ['secrets', props.secrets, (_: Record<string, unknown>, name: string) => ENTRY_OBJECTS.secret(name)],
    ['edge.routes', edge.routes, (_: Record<string, unknown>, name: string) => ENTRY_OBJECTS.route(name)],
  ] as const) {
    (Array.isArray(entries) ? (entries as unknown[]) : []).forEach((e, i) => {
      if (!isObject(e) || typeof e.name !== 'string') return;
      const path = `${key}[${i}].name`;
      const mine = objects(e, e.name);
      const reserved = mine.map(([name, kinds]) => [name, reservedFor(stack, name, kinds)]).find(([, owner]) => owner !== undefined);
      if (reserved) {
        p.add(path, e.name, `{value} would replace ${reserved[1]} ("${reserved[0]}"), which the library creates: choose another name`);
        return;
      }
      const clash = mine.flatMap(([name, kinds]) =>
        (created.get(name) ?? [])
          .filter((other) => !other.path.startsWith(`${key}[`) && other.kinds.some((k) => kinds.includes(k)))
          .map((other) => `${other.kinds.find((k) => kinds.includes(k))} "${name}" of ${other.path.replace(/\.name$/, '')}`),
      )[0];
      if (clash) p.add(path, e.name, `{value} would create the same object as another entry (${clash}): choose another name`);
      for (const [name, kinds] of mine) created.set(name, [...(created.get(name) ?? []), { path, kinds }]);
    });
  }
  checkNamespace(p, props, stack);
}

/** The stack must not take a name the library's objects already use, or a system or add-on namespace. */
function checkNamespace(p: Problems, props: Record<string, unknown>, stack: string): void {
  const fixed = FIXED_NAMES.get(stack);
  if (fixed?.kinds.some((k) => STACK_OBJECT_KINDS.includes(k)))
    p.add(
      'name',
      stack,
      `{value} would give the stack's objects the name of ${fixed.owner}, which the library creates: choose another name`,
    );
  const namespace = typeof props.namespace === 'string' ? props.namespace : stack;
  const system = RESERVED_NAMESPACES.get(namespace);
  if (system)
    p.add(
      props.namespace === undefined ? 'name' : 'namespace',
      namespace,
      `namespace {value} belongs to ${system}: a stack gets a namespace of its own`,
    );
  for (const [path, other] of [
    ['monitoring.namespace', resolveMonitoring(isObject(props.monitoring) ? (props.monitoring as MonitoringSpec) : undefined).namespace],
    ['nats.controllerNamespace', isObject(props.nats) ? resolveNatsServers(props.nats).controllerNamespace : undefined],
  ] as const) {
    if (other === namespace)
      p.add(
        props.namespace === undefined ? 'name' : 'namespace',
        namespace,
        `namespace {value} is also ${path}: a stack gets a namespace of its own`,
      );
  }
}
