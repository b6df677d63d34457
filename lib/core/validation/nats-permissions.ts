/**
 * Rules for the NATS subjects of a spec: the streams' subjects, the consumers'
 * filters, each service's publish and subscribe permissions and each outside
 * publisher's subjects, which `lib/nats/config.ts` copies into their nats-server users.
 *
 * A user-written subject never covers a subject of the server itself: the
 * JetStream API (`$JS.API.>`, which deletes streams), acknowledgements
 * (`$JS.ACK.>`), the system account (`$SYS.>`), KV and object stores (`$KV.>`,
 * `$O.>`). Tokens may not hold `$`, so only a subject whose first token is a
 * wildcard (`>`, `*.>`, `*.API.>`) could cover them: such subjects are refused.
 * The JetStream API subjects a service needs are granted by the library, from
 * its `nats.consumers`, one consumer at a time.
 *
 * Nor does one name a reply inbox, a subject whose first token starts with
 * `_INBOX`: each client's replies arrive under its own (`_INBOX_<user>.`), which
 * the library grants it alone, so that no service reads another's.
 */
import { isObject } from './checks';
import type { Problems } from './problems';

/** Longest subject accepted (nats-server's own limit is the 4 KB control line; a longer subject is a mistake). */
export const SUBJECT_MAX_LENGTH = 255;

/** One token of a subject: letters, digits, `-` and `_`; or a wildcard (`*` one token, `>` the rest, only last). */
const TOKEN = /^[A-Za-z0-9_-]+$/;

/**
 * First token (or its start: `_INBOX_<user>`) of the clients' request-reply inboxes: each service's and outside
 * publisher's own `_INBOX_<name>`, which the library grants it alone (`natsInbox`), and the controller's `_INBOX`.
 */
const INBOX = '_INBOX';

/** What kind of subject is checked. */
type Use = 'publish' | 'subscribe' | 'stream' | 'filter';

/** Why each use of an inbox subject is refused. */
const INBOX_PROBLEM: Record<Use, string> = {
  publish:
    '{value} is where other services receive their replies: publishing there lets the service forge them (its own replies reach it on its own inbox, which the library grants)',
  subscribe:
    "{value} is where NATS clients receive their replies (`_INBOX_<service>.`, `_INBOX_<publisher>.`, the controller's `_INBOX.`): subscribing there reads another's, messages pulled from its consumers included; the service's own inbox is granted by the library (nats.inboxPrefixEnv)",
  stream:
    '{value} is where NATS clients receive their replies (`_INBOX_<service>.`, `_INBOX_<publisher>.`, `_INBOX.`): a stream capturing it would store them for its consumers to read',
  filter:
    '{value} is where NATS clients receive their replies (`_INBOX_<service>.`, `_INBOX_<publisher>.`, `_INBOX.`): no stream may capture it, so no consumer reads it',
};

/**
 * What is wrong with a subject, or `undefined`. `example` is a subject of the
 * stack's streams, named in the message as the stream-scoped alternative to a
 * full wildcard.
 */
export function subjectProblem(subject: string, use: Use, example: string): string | undefined {
  if (subject.length > SUBJECT_MAX_LENGTH) return `{value} must be at most ${SUBJECT_MAX_LENGTH} characters`;
  const tokens = subject.split('.');
  if (tokens[0].startsWith('$')) {
    return '{value} is a subject of the NATS server itself (JetStream API, system events): a service is granted the JetStream API subjects it needs from its nats.consumers';
  }
  const valid = tokens.every((t, i) => TOKEN.test(t) || t === '*' || (t === '>' && i === tokens.length - 1));
  if (!valid) {
    return '{value} must be a NATS subject: tokens of letters, digits, "-" or "_" separated by ".", with "*" as a whole token and ">" only as the last';
  }
  if (tokens[0] === '*' || tokens[0] === '>') {
    return `{value} covers every subject, the JetStream API ($JS.API.>) and system ($SYS.>) ones included: name the subjects of a stream, such as "${example}"`;
  }
  // `_INBOX_<name>.` holds a service's or an outside publisher's replies, `_INBOX.` the controller's
  if (tokens[0].startsWith(INBOX)) return INBOX_PROBLEM[use];
  return undefined;
}

/**
 * Checks every subject of the spec: streams, consumer filters, services' publish and subscribe, outside
 * publishers' subjects (other rules report non-strings).
 */
export function checkNatsSubjects(p: Problems, props: Record<string, unknown>): void {
  const n = isObject(props.nats) ? props.nats : {};
  const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
  const firstSubject = list(n.streams)
    .flatMap((s) => (isObject(s) ? list(s.subjects) : []))
    .find((x): x is string => typeof x === 'string' && subjectProblem(x, 'stream', '') === undefined);
  const example = firstSubject ?? '<app>.events.>';
  const each = (path: string, subjects: unknown, use: Use): void =>
    list(subjects).forEach((x, j) => {
      if (typeof x !== 'string') return;
      const problem = subjectProblem(x, use, example);
      if (problem) p.add(`${path}[${j}]`, x, problem);
    });
  list(n.streams).forEach((s, i) => isObject(s) && each(`nats.streams[${i}].subjects`, s.subjects, 'stream'));
  list(n.consumers).forEach((c, i) => {
    if (!isObject(c) || typeof c.filterSubject !== 'string') return;
    const problem = subjectProblem(c.filterSubject, 'filter', example);
    if (problem) p.add(`nats.consumers[${i}].filterSubject`, c.filterSubject, problem);
  });
  list(props.services).forEach((s, i) => {
    if (!isObject(s) || !isObject(s.nats)) return;
    for (const use of ['publish', 'subscribe'] as const) each(`services[${i}].nats.${use}`, s.nats[use], use);
  });
  list(n.publishers).forEach((e, i) => isObject(e) && each(`nats.publishers[${i}].subjects`, e.subjects, 'publish'));
}
