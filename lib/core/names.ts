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

const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'CREDENTIAL', 'CREDENTIALS', 'DSN', 'APIKEY']);

/**
 * True when an environment variable name says it holds a secret: a word such
 * as PASSWORD, SECRET or TOKEN, or a name ending in KEY/KEYS (API_KEY,
 * ENCRYPTION_KEY). Such a variable must come from a secret, never a literal.
 */
export function isSecretLikeEnvName(name: string): boolean {
  const words = name.toUpperCase().split('_').filter(Boolean);
  const last = words[words.length - 1];
  return words.some((w) => SECRET_WORDS.has(w)) || last === 'KEY' || last === 'KEYS';
}

/** True when a value is a URL that carries a password (`scheme://user:pass@host`). */
export function hasUrlCredentials(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i.test(value);
}

/**
 * What is wrong with a container image reference, or `undefined` when it is
 * pinned: it needs a tag other than `latest`, or a digest.
 */
export function imageProblem(image: string): string | undefined {
  if (image.length === 0 || /\s/.test(image)) return 'must be a container image reference';
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return undefined;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0 || colon === lastSegment.length - 1) return 'must be pinned to a tag or digest';
  if (lastSegment.slice(colon + 1) === 'latest') return 'must not use the mutable tag "latest"';
  return undefined;
}
