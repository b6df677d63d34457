/** Rules for the stack's CronJobs. */
import { arr, cronSchedule, int, isObject, obj, str, strings, unique } from './checks';
import type { Problems } from './problems';
import { clients, egress, env, image, name, resources, secretEnv } from './service';

export function checkCronJobs(p: Problems, props: Record<string, unknown>): void {
  const jobs = arr(p, 'cronJobs', props.cronJobs);
  jobs.forEach((j, i) => {
    const path = `cronJobs[${i}]`;
    const job = obj(p, path, j);
    name(p, `${path}.name`, job.name);
    if (typeof job.name === 'string' && job.name.length > 52)
      p.add(`${path}.name`, job.name, '{value} must be at most 52 characters (Kubernetes appends a timestamp to the Jobs it creates)');
    image(p, `${path}.image`, job.image);
    cronSchedule(p, `${path}.schedule`, job.schedule, true);
    if (job.timeZone !== undefined) str(p, `${path}.timeZone`, job.timeZone);
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

/** Names that become object names in the namespace (ServiceAccounts, NetworkPolicies) must not collide. */
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
}
