/** Name rules of Kubernetes and of the clouds. */

/** RFC 1123 label: what Kubernetes requires of most object names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 subdomain, optionally a leading wildcard: an ingress host. */
export const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** IANA service name: what Kubernetes requires of port names. */
export const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** POSIX-ish environment variable name. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` is a DNS-1123 label of at most 63 characters. */
export function isDns1123Label(name: string): boolean {
  return name.length <= 63 && DNS1123_LABEL.test(name);
}

/** True when `name` is a DNS-1123 subdomain (at most 253 characters): what Kubernetes requires of most other names. */
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && name.split('.').every((part) => DNS1123_LABEL.test(part));
}

/** True when `v` is an IAM role ARN (AWS, for IRSA) or a Google service account email (GCP, for Workload Identity). */
export function isCloudIdentity(v: string): boolean {
  return (
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(v) ||
    /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/.test(v)
  );
}

/** True when `v` is a bucket name both S3 and GCS accept (lowercase letters, digits, `-`, `.`; 3 to 63 characters). */
export function isBucketName(v: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) && !v.includes('..');
}

/** True when `name` is a valid port name (at most 15 characters). */
export function isPortName(name: string): boolean {
  return name.length <= 15 && IANA_SVC_NAME.test(name) && !name.includes('--');
}

/** Words that name secret material wherever they stand in a name (DB_PASSWORD_OLD, SECRET_KEY_BASE, DB_CREDS). */
const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'PASSPHRASE',
  'SECRET',
  'TOKEN',
  'CREDENTIAL',
  'CREDENTIALS',
  'CRED',
  'CREDS',
  'DSN',
  'APIKEY',
  'PRIVKEY',
  'PRIVATEKEY',
]);

/**
 * Words that name secret material when they end the name, once encodings and
 * qualifiers are dropped: API_KEY, SMTP_PASS, DB_PWD, DB_PW, GITHUB_PAT,
 * HASH_SALT, TLS_KEY_PEM, CLIENT_CERT_P12, SLACK_WEBHOOK, BASIC_AUTH.
 * Elsewhere they are ordinary words (SALT_ROUNDS, PASS_THROUGH, KEY_FILE, AUTH_MODE).
 */
const SECRET_LAST_WORDS = new Set(['KEY', 'KEYS', 'PASS', 'PWD', 'PW', 'PAT', 'SALT', 'PEPPER', 'PEM', 'P12', 'PFX', 'WEBHOOK', 'AUTH']);

/** Words before a final AUTH that make it a switch, not a credential (DISABLE_AUTH, REQUIRE_AUTH). */
const AUTH_SWITCHES = new Set([
  'ENABLE',
  'ENABLED',
  'DISABLE',
  'DISABLED',
  'REQUIRE',
  'REQUIRED',
  'USE',
  'SKIP',
  'NO',
  'ALLOW',
  'FORCE',
  'WITH',
]);

/** Words that say how material is encoded, dropped from the end first: SSH_PRIVATE_KEY_B64 is a KEY. */
const ENCODINGS = new Set(['B64', 'BASE64', 'HEX', 'RAW', 'DATA', 'CONTENT', 'CONTENTS', 'JSON', 'VALUE', 'STR', 'STRING', 'DER']);

/** Words that tell one secret from another of its kind, dropped from the end too: API_KEY_PRIMARY, SESSION_KEY_1, TOKEN_V2. */
const QUALIFIERS = new Set([
  'PRIMARY',
  'SECONDARY',
  'OLD',
  'NEW',
  'CURRENT',
  'PREV',
  'PREVIOUS',
  'NEXT',
  'ALT',
  'BACKUP',
  'FALLBACK',
  'LEGACY',
  'ROTATED',
  'MAIN',
]);

/**
 * Words that end the name of where material is, or of what names it, not of
 * the material: DB_PASSWORD_FILE (the `_FILE` convention of container
 * images), PRIVATE_KEY_PATH, SECRET_NAME, TOKEN_URL, CLIENT_SECRET_ARN,
 * PASSWORD_STDIN. A WEBHOOK_URL is the secret itself.
 */
const LOCATION_WORDS = new Set(['FILE', 'FILES', 'FILENAME', 'PATH', 'DIR', 'STDIN', 'NAME', 'REF', 'ID', 'ARN', 'URL', 'URI', 'ENDPOINT']);

/**
 * Words that end the name of a setting about a secret, not of the secret:
 * TOKEN_TTL, PASSWORD_MIN_LENGTH, TOKEN_AUDIENCE, SECRET_STORE,
 * PASSWORD_POLICY, PASSWORD_HASH_ALGORITHM.
 */
const SETTING_WORDS = new Set([
  'TTL',
  'EXPIRY',
  'EXPIRATION',
  'LIFETIME',
  'TIMEOUT',
  'LENGTH',
  'POLICY',
  'TYPE',
  'MODE',
  'AUDIENCE',
  'ISSUER',
  'SCOPE',
  'SCOPES',
  'ALGORITHM',
  'FORMAT',
  'HEADER',
  'PROVIDER',
  'STORE',
  'BACKEND',
  'ENABLED',
  'DISABLED',
  'REQUIRED',
  'LIMIT',
  'INTERVAL',
]);

/** Ends of names written as one word (dbPassword, SLACKTOKEN, AWSSECRETACCESSKEY). */
const SECRET_SUFFIXES = [
  'PASSWORD',
  'PASSWD',
  'SECRET',
  'TOKEN',
  'APIKEY',
  'PRIVATEKEY',
  'SECRETKEY',
  'ACCESSKEY',
  'SIGNINGKEY',
  'ENCRYPTIONKEY',
];

/**
 * True when an environment variable name says it holds a secret: a word such
 * as PASSWORD, SECRET, TOKEN or CREDS anywhere; a name ending in KEY (API_KEY,
 * ENCRYPTION_KEY_HEX, API_KEY_PRIMARY, SESSION_KEY_1), PASS, PWD, PW, PAT,
 * SALT, PEM, AUTH or another word of key material, or in WEBHOOK(_URL); or one
 * word ending in PASSWORD, TOKEN, SECRETKEY... Such a variable must come from
 * a secret, never a literal. Names of where material is (TLS_KEY_FILE,
 * DB_PASSWORD_FILE, PRIVATE_KEY_PATH, SECRET_NAME) and of settings about it
 * (TOKEN_TTL, PASSWORD_POLICY, TOKEN_AUDIENCE) are not secrets. Config
 * keys (`db-password`, `spring.datasource.password`) go through
 * {@link isSecretLikeKey}.
 */
export function isSecretLikeEnvName(name: string): boolean {
  const words = name.toUpperCase().split('_').filter(Boolean);
  const core = [...words];
  while (
    core.length > 1 &&
    (ENCODINGS.has(core[core.length - 1]) || QUALIFIERS.has(core[core.length - 1]) || /^V?\d+$/.test(core[core.length - 1]))
  )
    core.pop();
  if (core.length === 0) return false;
  // KEY2, TOKEN3: a number glued to a last word of key material (not P12)
  const glued = core[core.length - 1].replace(/(\D)\d+$/, '$1');
  const last = SECRET_LAST_WORDS.has(glued) || SECRET_WORDS.has(glued) ? glued : core[core.length - 1];
  const before = core.length >= 2 ? core[core.length - 2] : undefined;
  if (LOCATION_WORDS.has(last)) return before === 'WEBHOOK' && (last === 'URL' || last === 'URI');
  if (SETTING_WORDS.has(last)) return false;
  if (words.some((w) => SECRET_WORDS.has(w) || SECRET_SUFFIXES.some((s) => w.endsWith(s)))) return true;
  if (last === 'PWD' && words.length === 1) return false; // the shell's working directory
  if (last === 'AUTH') return before !== undefined && !AUTH_SWITCHES.has(before);
  // SECRET_WORDS.has(last): a secret word with a number glued to it (TOKEN3), which the word test above misses
  return SECRET_LAST_WORDS.has(last) || SECRET_WORDS.has(last) || (before === 'WEBHOOK' && last === 'URLS');
}

/**
 * True when a key of a configuration file or a command-line flag names a
 * secret, by the rule of {@link isSecretLikeEnvName}: `db-password`,
 * `dbPassword`, `spring.datasource.password` (the last `.` segment),
 * `--api-key`, `DB_PASSWORD`. A lone `key` or `keys` is not one: in a
 * configuration file it is as often the key of a map entry or a toleration.
 */
export function isSecretLikeKey(key: string): boolean {
  const last = key
    .slice(key.lastIndexOf('.') + 1)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_');
  return !/^keys?$/i.test(last) && isSecretLikeEnvName(last);
}

/**
 * A container image reference as the container runtime parses it (github.com/distribution/reference, which
 * containerd and the kubelet use): `[domain[:port]/]path[:tag][@digest]`, the path's components lowercase
 * letters and digits joined by `.`, `_`, `__` or dashes, the tag at most 128 word characters, `.` or `-` (not
 * first). A reference it refuses is the pod's `InvalidImageName`, found only at deploy time.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([^@]*))?$`);
/** The digest the library takes: sha256, the only algorithm registries serve images by, as 64 lowercase hex digits. */
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
/** The longest image path the runtime takes, its registry aside (distribution/reference since v0.6.0). */
const MAX_IMAGE_PATH = 255;

/**
 * The path of an image name as the runtime counts it: without its registry, which the first component is when it
 * has a `.` or `:`, is `localhost` or has a capital; and a name without one is Docker Hub's, whose one-component
 * names are under `library/` (`nginx` is `docker.io/library/nginx`).
 */
function imagePath(name: string): string {
  const slash = name.indexOf('/');
  if (slash < 0) return `library/${name}`;
  const first = name.slice(0, slash);
  const registry = /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase();
  return registry ? name.slice(slash + 1) : name;
}

/**
 * What is wrong with a container image reference, or `undefined` when it is a reference the runtime parses and is
 * pinned: it needs a tag other than `latest`, or a sha256 digest.
 */
export function imageProblem(image: string): string | undefined {
  const ref = IMAGE_REFERENCE.exec(image);
  if (!ref) return 'must be a container image reference: [registry/]name[:tag][@sha256:digest], the name in lowercase';
  const [, name, tag, digest] = ref;
  if (imagePath(name).length > MAX_IMAGE_PATH) return `has a path longer than ${MAX_IMAGE_PATH} characters (its registry aside)`;
  if (digest !== undefined) return SHA256_DIGEST.test(digest) ? undefined : 'has a digest that is not sha256: and 64 lowercase hex digits';
  if (tag === undefined) return 'must be pinned to a tag or digest';
  if (tag === 'latest') return 'must not use the mutable tag "latest"';
  return undefined;
}
