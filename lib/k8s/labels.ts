/** Standard Kubernetes labels. Selector labels never change once deployed (selectors are immutable). */

export const MANAGED_BY = 'production-stack';

/** Labels that select a service's pods: stable for the life of the workload. */
export function selectorLabels(stack: string, service: string): Record<string, string> {
  return { 'app.kubernetes.io/name': service, 'app.kubernetes.io/instance': stack };
}

/** Labels on every object of a service. */
export function serviceLabels(stack: string, service: string, version: string): Record<string, string> {
  return {
    ...selectorLabels(stack, service),
    'app.kubernetes.io/version': version,
    'app.kubernetes.io/part-of': stack,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

/** Labels on stack-wide objects (namespace, quota, default policies). */
export function stackLabels(stack: string): Record<string, string> {
  return { 'app.kubernetes.io/part-of': stack, 'app.kubernetes.io/managed-by': MANAGED_BY };
}

/** The tag (or short digest) of an image, as a label value. */
export function imageVersion(image: string): string {
  const at = image.indexOf('@sha256:');
  if (at >= 0) return image.slice(at + 8, at + 8 + 12);
  const last = image.slice(image.lastIndexOf('/') + 1);
  const tag = last.slice(last.lastIndexOf(':') + 1);
  // A label value: at most 63 of [A-Za-z0-9._-], starting and ending alphanumeric (cut first, then trimmed).
  return (
    tag
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 63)
      .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '') || 'unversioned'
  );
}
