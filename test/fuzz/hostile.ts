/**
 * The values the fuzz suite plants in specs: hostile strings (YAML line
 * breaks, shell and Markdown injections, YAML 1.1 look-alikes, names the
 * library reserves), junk of every type, and canary secrets.
 * `{stack}` in a string stands for the stack's name.
 */

/** A Unicode line break that YAML 1.2 readers take as text and go-yaml v2 (kubectl) as a new line. */
const BREAKS = ['\u2028', '\u2029', '\u0085'] as const;

/** Every canary secret; a literal secret in the output is one of these, verbatim. */
export const CANARY_SECRETS = [
  'hunter2-CANARY',
  'https://hooks.slack.com/services/T0CANARY/B0CANARY/CANARYcanaryCANARYcanary',
  'ghp_CANARYcanaryCANARYcanaryCANARYcanary12',
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANCANARY\n-----END PRIVATE KEY-----\n',
] as const;

/** Environment variable names that hold a secret (some of which the plaintext-secret rule knew, some not). */
export const SECRET_NAMES = [
  'DB_PASSWORD',
  'N8N_SMTP_PASS',
  'DB_PWD',
  'TLS_KEY_PEM',
  'JWT_PRIVATE_KEY',
  'GITHUB_PAT',
  'SLACK_WEBHOOK_URL',
  'AWS_SECRET_ACCESS_KEY',
  'STRIPE_API_KEY',
  'SMTP_PASSWD',
] as const;

/**
 * YAML line-break injections, each written for one place of the output: a NetworkPolicy peer (its list at 8
 * spaces), a ConfigMap key (2), a container's env entry (12 in a Deployment, 16 in a CronJob), a new document.
 * A colon is followed by the break, not a space, so that a YAML 1.2 writer sees no reason to quote the string.
 */
const YAML_INJECTIONS = BREAKS.flatMap((br) => [
  `${br}        - ipBlock:${br}            cidr:${br}              0.0.0.0/0`,
  `${br}- ipBlock:${br}    cidr:${br}      0.0.0.0/0`,
  `${br}  DB_PASSWORD:${br}    hunter2-CANARY`,
  `${br}            - name:${br}                DB_PASSWORD${br}              value:${br}                hunter2-CANARY`,
  `${br}                - name:${br}                    DB_PASSWORD${br}                  value:${br}                    hunter2-CANARY`,
  `${br}---${br}apiVersion:${br}  v1${br}kind:${br}  Secret${br}metadata:${br}  name:${br}    x${br}stringData:${br}  DB_PASSWORD:${br}    hunter2-CANARY`,
  `${br}- ipBlock: {cidr: 0.0.0.0/0}`,
  br,
  `a${br}b`,
]);

/** Shell and Markdown injections: each tries to create the file `$CANARY` when a runbook command is run. */
export const SHELL_INJECTIONS = [
  '$(touch $CANARY)',
  '`touch $CANARY`',
  "'; touch $CANARY; '",
  '"; touch $CANARY; "',
  '; touch $CANARY',
  ' && touch $CANARY #',
  '|touch $CANARY',
  '\ntouch $CANARY\n',
  '$(touch CANARY)',
  '\n```sh\ntouch CANARY\n```\n',
  '\n```\n\n```sh\ntouch CANARY\n```\n',
  '`id`',
] as const;

/** Strings YAML 1.1 or Go readers take for something else, and other oddities. */
const LOOKALIKES = [
  '0o17',
  '0O17',
  '0B1',
  '+0o7',
  '017',
  '1_000',
  '1e5',
  '+Inf',
  '.inf',
  'yes',
  'on',
  'y',
  '~',
  'null',
  '*',
  '>',
  '<<',
  '$JS.API.>',
  '../../',
  '..',
  '/',
  ' ',
  '\t',
  '\n',
  '#',
  '- x',
  'a: b',
  '{x}',
  '@',
  '%',
  '\u0000',
  '\u00e9',
  '\ud83d\ude00',
] as const;

/** Names the library gives its own objects, and namespaces it must not take over. */
export const RESERVED_NAMES = [
  'kube-system',
  'kube-public',
  'default',
  'monitoring',
  'cert-manager',
  'istio-system',
  'external-secrets',
  'default-deny',
  'nats',
  'nats-box',
  'jetstream-controller',
  '{stack}',
  '{stack}-backup',
  '{stack}-pg-backup',
  '{stack}-pg-restore-drill',
  '{stack}-config',
  '{stack}-postgres',
  '{stack}-redis',
  '{stack}-dashboard',
  '{stack}-alerts',
] as const;

/** A long string, with the expression that builds it (for printing reproductions). */
function long(expr: string, value: string): readonly [string, string] {
  return [value, expr] as const;
}

/** Long strings: names over their limits. */
const LONG: readonly (readonly [string, string])[] = [
  long(`'a'.repeat(64)`, 'a'.repeat(64)),
  long(`'a'.repeat(254)`, 'a'.repeat(254)),
  long(`'a'.repeat(63) + '.b'.repeat(4) + '.example.com'`, 'a'.repeat(63) + '.b'.repeat(4) + '.example.com'),
  long(`'x'.repeat(1100)`, 'x'.repeat(1100)),
];

/** Strings of 128 KB: rarely drawn (each is slow to synthesize), inputs for slow regular expressions. */
const HUGE: readonly (readonly [string, string])[] = [
  long(`'a'.repeat(131072)`, 'a'.repeat(131072)),
  long(`'a://' + ':'.repeat(131072)`, `a://${':'.repeat(131072)}`),
  long(`' '.repeat(131072) + 'x'`, `${' '.repeat(131072)}x`),
  long(`'a.'.repeat(65536)`, 'a.'.repeat(65536)),
  long(`'-'.repeat(131072)`, '-'.repeat(131072)),
];

export const LONG_STRINGS: readonly string[] = LONG.map(([v]) => v);
export const HUGE_STRINGS: readonly string[] = HUGE.map(([v]) => v);

/** The expression that builds each long string. */
export const LONG_STRING_SOURCE: ReadonlyMap<string, string> = new Map([...LONG, ...HUGE]);

/** Every hostile string but the huge ones. */
export const HOSTILE_STRINGS: readonly string[] = [
  ...YAML_INJECTIONS,
  ...SHELL_INJECTIONS,
  ...LOOKALIKES,
  ...RESERVED_NAMES,
  ...LONG_STRINGS,
  '',
];

/** Values of other types than the one expected. */
export const JUNK: readonly unknown[] = [
  null,
  undefined,
  0,
  NaN,
  -1,
  0.5,
  2 ** 31,
  2 ** 53 + 2,
  1e21,
  Infinity,
  true,
  false,
  '',
  'x',
  '1',
  [],
  [null],
  [undefined],
  [''],
  [[]],
  {},
  { '': null },
  { name: null },
  { a: [{ b: null }, 1, 'x'] },
];

/** Values JSON cannot hold: what a JavaScript caller may still pass. */
export const EXOTIC: readonly (() => unknown)[] = [
  () => new Map([['k', 'v']]),
  () => new Set(['x']),
  () => Object.assign(Object.create(null), { name: 'x' }),
  () => new Date(0),
  () => Symbol('fuzz'),
  () => 10n,
  () => () => 'x',
];
