/** Rules for the stack's CronJobs. */
import { arr, cronSchedule, dnsLabel, int, isObject, obj, str, strings, unique } from './checks';
import { DEFAULTS } from '../defaults';
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
    resources(p, `${path}.resources`, job.resources);
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

/** Names that become object names in the namespace (ServiceAccounts, NetworkPolicies) must not collide, with each other or the library's. */
export function checkObjectNames(p: Problems, props: Record<string, unknown>): void {
  const names: string[] = [];
  for (const s of Array.isArray(props.services) ? props.services.filter(isObject) : []) {
    if (typeof s.name !== 'string') continue;
    names.push(s.name);
    if (s.migration !== undefined) names.push(`${s.name}-migrate`);
  }
  for (const j of Array.isArray(props.cronJobs) ? props.cronJobs.filter(isObject) : []) if (typeof j.name === 'string') names.push(j.name);
  const services = new Set(names);
  if (services.size !== names.length) unique(p, 'cronJobs', names, 'name (of a service, a migration or a cron job)');
  checkReservedNames(p, props);
}

/** The spec's objects must not replace the library's, and the stack must not take a system or add-on namespace. */
function checkReservedNames(p: Problems, props: Record<string, unknown>): void {
  if (typeof props.name !== 'string') return;
  const stack = props.name;
  for (const [key, objects] of [
    ['services', ENTRY_OBJECTS.service],
    ['cronJobs', ENTRY_OBJECTS.cronJob],
    ['secrets', ENTRY_OBJECTS.secret],
  ] as const) {
    (Array.isArray(props[key]) ? (props[key] as unknown[]) : []).forEach((e, i) => {
      if (!isObject(e) || typeof e.name !== 'string') return;
      const taken = objects(e.name)
        .map(([name, kinds]) => [name, reservedFor(stack, name, kinds)])
        .find(([, owner]) => owner !== undefined);
      if (taken)
        p.add(
          `${key}[${i}].name`,
          e.name,
          `{value} would replace ${taken[1]} ("${taken[0]}"), which the library creates: choose another name`,
        );
    });
  }
  const fixed = FIXED_NAMES.get(stack);
  if (fixed?.kinds.some((k) => STACK_OBJECT_KINDS.includes(k)))
    p.add(
      'name',
      stack,
      `{value} would give the stack's objects the name of ${fixed.owner}, which the library creates: choose another name`,
    );
  const namespace = typeof props.namespace === 'string' ? props.namespace : props.name;
  const system = RESERVED_NAMESPACES.get(namespace);
  if (system)
    p.add(
      props.namespace === undefined ? 'name' : 'namespace',
      namespace,
      `namespace {value} belongs to ${system}: a stack gets a namespace of its own`,
    );
  for (const [path, other] of [
    [
      'monitoring.namespace',
      isObject(props.monitoring) ? (props.monitoring.namespace ?? DEFAULTS.monitoring.namespace) : DEFAULTS.monitoring.namespace,
    ],
    ['nats.controllerNamespace', isObject(props.nats) ? (props.nats.controllerNamespace ?? DEFAULTS.nats.controllerNamespace) : undefined],
  ] as const) {
    if (other === namespace)
      p.add(
        props.namespace === undefined ? 'name' : 'namespace',
        namespace,
        `namespace {value} is also ${path}: a stack gets a namespace of its own`,
      );
  }
}
