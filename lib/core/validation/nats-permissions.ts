/**
 * Rules for the NATS subjects of a spec: the streams' subjects, the consumers'
 * filters and each service's publish and subscribe permissions, which
 * `lib/nats/config.ts` copies into its nats-server user.
 *
 * A user-written subject never covers a subject of the server itself: the
 * JetStream API (`$JS.API.>`, which deletes streams), acknowledgements
 * (`$JS.ACK.>`), the system account (`$SYS.>`), KV and object stores (`$KV.>`,
 * `$O.>`). Tokens may not hold `$`, so only a subject whose first token is a
 * wildcard (`>`, `*.>`, `*.API.>`) could cover them: such subjects are refused.
 * The JetStream API subjects a service needs are granted by the library, from
 * its `nats.consumers`, one consumer at a time.
 */
import { isObject } from './checks';
import type { Problems } from './problems';

/** Longest subject accepted (nats-server's own limit is the 4 KB control line; a longer subject is a mistake). */
export const SUBJECT_MAX_LENGTH = 255;

/** One token of a subject: letters, digits, `-` and `_`; or a wildcard (`*` one token, `>` the rest, only last). */
const TOKEN = /^[A-Za-z0-9_-]+$/;

/** First tokens reserved for the server and the library's request-reply inboxes. */
const INBOX = '_INBOX';

/** What kind of subject is checked: `publish` also refuses the reply inboxes of other services. */
type Use = 'publish' | 'subscribe' | 'stream' | 'filter';

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
  if (use === 'publish' && tokens[0] === INBOX) {
    return "{value} is where other services receive their replies: publishing there lets the service forge them (the replies to the service's own requests reach it without a permission)";
  }
  return undefined;
}

/** Checks every subject of the spec: streams, consumer filters, services' publish and subscribe (other rules report non-strings). */
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
}
