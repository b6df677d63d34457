/** Rules that tie services to the rest of the stack: secrets, datastores, callers. */
import { envNameSources } from '../env-names';
import { arr, dnsLabel, isObject, strings } from './checks';
import type { Problems } from './problems';

type Obj = Record<string, unknown>;

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function usesDefined(p: Problems, path: string, user: Obj, props: Obj): void {
  for (const store of ['postgres', 'redis', 'nats'] as const) {
    if (user[store] !== undefined && props[store] === undefined) {
      p.add(
        `${path}.${store}`,
        store,
        `${path.startsWith('cronJobs') ? 'the job' : 'the service'} uses ${store} but the stack defines no ${store}`,
      );
    }
  }
}

/** A container keeps one value per variable: every name it gets from the spec must be set once. */
function uniqueEnv(p: Problems, props: Obj, s: Obj, path: string): void {
  const first = new Map<string, string>();
  for (const [name, from] of envNameSources(props, s, path)) {
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, from);
    else p.add(from, name, `{value} is also set by ${earlier}: a container keeps one value per variable, so one would be lost`);
  }
}

/** Checks that every name a service or job refers to is defined by the stack. */
export function checkReferences(p: Problems, props: Obj): void {
  const services = list(props.services);
  const secrets = new Map(list(props.secrets).map((s) => [s.name, Array.isArray(s.keys) ? (s.keys as unknown[]) : []]));
  const serviceByName = new Map(services.map((s) => [s.name, s]));
  const secretNames = [...secrets.keys()].map(String).join(', ') || 'none';

  const refSecret = (at: string, name: unknown, key?: unknown): void => {
    if (typeof name !== 'string') return;
    const keys = secrets.get(name);
    if (!keys) p.add(at, name, `secret {value} is not defined in the stack's secrets (defined: ${secretNames})`);
    else if (typeof key === 'string' && !keys.includes(key))
      p.add(at, key, `key {value} is not one of secret "${name}"'s keys (${keys.join(', ')})`);
  };
  const refSecretEnv = (path: string, v: unknown): void => {
    if (!isObject(v)) return;
    for (const [k, ref] of Object.entries(v)) if (isObject(ref)) refSecret(`${path}.${k}`, ref.secret, ref.key);
  };
  const alerting = isObject(props.monitoring) && isObject(props.monitoring.alerting) ? props.monitoring.alerting : {};
  for (const severity of ['critical', 'warning']) {
    list(alerting[severity]).forEach((r, i) => {
      for (const field of ['routingKey', 'webhookUrl', 'url']) {
        const ref = r[field];
        if (isObject(ref)) refSecret(`monitoring.alerting.${severity}[${i}].${field}`, ref.secret, ref.key);
      }
    });
  }
  list(props.cronJobs).forEach((j, i) => {
    refSecretEnv(`cronJobs[${i}].secretEnv`, j.secretEnv);
    usesDefined(p, `cronJobs[${i}]`, j, props);
    uniqueEnv(p, props, j, `cronJobs[${i}]`);
  });

  services.forEach((s, i) => {
    const path = `services[${i}]`;
    refSecretEnv(`${path}.secretEnv`, s.secretEnv);
    list(s.secretMounts).forEach((m, j) => refSecret(`${path}.secretMounts[${j}].secret`, m.secret));

    usesDefined(p, path, s, props);
    uniqueEnv(p, props, s, path);

    const ownPorts = new Set(list(s.ports).map((x) => x.name));
    arr(p, `${path}.allowFrom`, s.allowFrom).forEach((c, j) => {
      const at = `${path}.allowFrom[${j}]`;
      if (!isObject(c)) return p.add(at, c, '{value} must be an object: { service } or { namespace }');
      const hasService = typeof c.service === 'string';
      const hasNamespace = typeof c.namespace === 'string';
      if (hasService === hasNamespace) {
        p.add(at, c, 'a caller names exactly one of "service" or "namespace"');
      } else if (hasService) {
        const caller = serviceByName.get(c.service);
        if (!caller)
          p.add(
            `${at}.service`,
            c.service,
            `caller {value} is not a service of this stack (services: ${[...serviceByName.keys()].join(', ')})`,
          );
      }
      if (hasNamespace) dnsLabel(p, `${at}.namespace`, c.namespace);
      strings(p, `${at}.ports`, c.ports).forEach((port, k) => {
        if (!ownPorts.has(port)) p.add(`${at}.ports[${k}]`, port, "{value} is not one of the service's port names");
      });
    });
    if (s.role === 'worker' && list(s.allowFrom).length > 0) {
      p.add(`${path}.allowFrom`, '<callers>', 'a worker has no Service to call');
    }
  });
}
