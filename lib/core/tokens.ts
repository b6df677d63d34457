/**
 * Values not known until deploy time: cdk8s tokens (`${TOKEN[...]}` strings),
 * Pulumi Outputs and promises. Validation skips them instead of rejecting them.
 */
export function isUnresolved(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${TOKEN[');
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { __pulumiOutput?: unknown; then?: unknown };
  return v.__pulumiOutput === true || typeof v.then === 'function';
}
