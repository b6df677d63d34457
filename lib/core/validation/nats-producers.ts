/**
 * Who writes to the stack's streams. A stream no one may publish to never holds a message, and its consumers
 * never deliver one: every stream needs a producer, a service whose `nats.publish` may publish to one of its
 * subjects, or a producer outside the stack declared in `nats.publishers` (a NATS user the library creates,
 * allowed exactly its subjects). The publishers themselves are checked here too.
 */
import { NATS_RESERVED } from '../reserved';
import { isUnresolved } from '../tokens';
import { arr, dnsLabel, isObject, labels, obj, strings, unique } from './checks';
import type { Problems } from './problems';

type Obj = Record<string, unknown>;

/** True when a subject filter (`a.*.c`, `a.>`) matches every subject `subject` can stand for. */
export function subjectCovers(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return i < s.length;
    if (i >= s.length) return false;
    if (s[i] === '>') return false;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

/**
 * True when some subject matches both `a` and `b` (each may hold `*`, one token, and a last `>`, one or more
 * tokens): nats-server's `SubjectsCollide`. A publish permission `a` lets a client publish its messages into a
 * stream capturing `b` exactly when they overlap (`orders.*.eu` and `orders.created.>` overlap on
 * `orders.created.eu`). That is the subject of what it publishes; the reply subject is not checked, so any client
 * can make JetStream write into any stream all the same: a publish's acknowledgement (its JSON, not the client's
 * content), a message pulled from a consumer it reads (a message of that consumer's stream) (see
 * `NatsPublisherSpec`). Who produces a stream's messages is what this decides, not who can
 * reach it.
 */
export function subjectsOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === '>' || y[i] === '>') return true;
    if (x[i] !== '*' && y[i] !== '*' && x[i] !== y[i]) return false;
  }
  return x.length === y.length;
}

const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const stringsOf = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

/** The NATS user a publisher may not take: the controller's, and the key its user name is templated under. */
const RESERVED_USERS: readonly string[] = [NATS_RESERVED.controllerUser, `${NATS_RESERVED.controllerUser}-user`];

/**
 * Checks `nats.publishers`: names (DNS labels, unique, no service's or the controller's), subjects (each
 * captured by a stream or subscribed to by a service, as a service's `nats.publish`), the namespace its pods
 * run in (another one than the stack's) and their labels. Subject syntax is `checkNatsSubjects`'s.
 */
export function checkNatsPublishers(p: Problems, props: Obj, streamSubjects: readonly string[]): void {
  const n = isObject(props.nats) ? props.nats : {};
  const services = list(props.services).filter(isObject);
  const serviceNames = services.map((s) => s.name).filter((x): x is string => typeof x === 'string');
  const subscribed = services.flatMap((s) => (isObject(s.nats) ? stringsOf(s.nats.subscribe) : []));
  const stackNamespace = typeof props.namespace === 'string' ? props.namespace : props.name;
  const publishers = arr(p, 'nats.publishers', n.publishers);
  publishers.forEach((e, i) => {
    const path = `nats.publishers[${i}]`;
    const o = obj(p, path, e);
    if (dnsLabel(p, `${path}.name`, o.name)) {
      if (serviceNames.includes(o.name))
        p.add(`${path}.name`, o.name, '{value} is the name of a service of the stack: a NATS user per name, choose another');
      else if (RESERVED_USERS.includes(o.name))
        p.add(`${path}.name`, o.name, "{value} is the NATS user of the library's JetStream controller: choose another name");
    }
    const subjects = strings(p, `${path}.subjects`, o.subjects);
    if (subjects.length === 0) p.add(`${path}.subjects`, o.subjects, 'a publisher needs at least one subject');
    subjects.forEach((subject, j) => {
      const captured = streamSubjects.some((f) => subjectCovers(f, subject));
      const read = subscribed.some((f) => subjectCovers(f, subject) || subjectCovers(subject, f));
      if (!captured && !read) p.add(`${path}.subjects[${j}]`, subject, '{value} is captured by no stream and subscribed to by no service');
    });
    if (dnsLabel(p, `${path}.namespace`, o.namespace) && o.namespace === stackNamespace)
      p.add(
        `${path}.namespace`,
        o.namespace,
        "{value} is the stack's own namespace: a workload there is a service of the stack (declare it in services, with nats.publish)",
      );
    labels(p, `${path}.podLabels`, o.podLabels);
  });
  unique(
    p,
    'nats.publishers',
    publishers
      .filter(isObject)
      .map((e) => e.name)
      .filter((x): x is string => typeof x === 'string'),
    'publisher name',
  );
}

/**
 * Every stream must have a producer: some subject of `services[].nats.publish` or `nats.publishers[].subjects`
 * overlapping one of its subjects ({@link subjectsOverlap}). One problem per stream, at its subjects.
 */
export function checkNatsProducers(p: Problems, props: Obj): void {
  const n = isObject(props.nats) ? props.nats : {};
  const services = list(props.services).filter(isObject);
  const fromServices = services.map((s) => (isObject(s.nats) ? list(s.nats.publish) : []));
  const fromPublishers = list(n.publishers).map((e) => (isObject(e) ? list(e.subjects) : []));
  const all = [...fromServices, ...fromPublishers].flat();
  // a subject known only at deploy time could be anything: nothing to judge
  if (all.some(isUnresolved)) return;
  const publishable = all.filter((x): x is string => typeof x === 'string');
  const consumers = list(n.consumers).filter(isObject);
  list(n.streams).forEach((s, i) => {
    if (!isObject(s) || !Array.isArray(s.subjects)) return;
    const subjects = s.subjects.filter((x): x is string => typeof x === 'string' && x !== '');
    // an empty or broken stream is reported by the stream's own rules
    if (subjects.length === 0 || subjects.length !== s.subjects.length || s.subjects.some(isUnresolved)) return;
    if (subjects.some((subject) => publishable.some((x) => subjectsOverlap(x, subject)))) return;
    const readers = consumers.filter((c) => c.stream === s.name && typeof c.name === 'string').map((c) => `"${String(c.name)}"`);
    const name = typeof s.name === 'string' ? `stream "${s.name}"` : `nats.streams[${i}]`;
    const consequence =
      readers.length === 0
        ? `${name} would never hold a message`
        : `${name} would never hold a message, and its consumer${readers.length === 1 ? '' : 's'} ${readers.join(', ')} never deliver one`;
    p.add(
      `nats.streams[${i}].subjects`,
      s.subjects,
      `{value}: no service's nats.publish and no nats.publishers entry may publish to these subjects, so ${consequence}: add them to the nats.publish of the service that produces them, or declare the producer outside the stack in nats.publishers`,
    );
  });
}
