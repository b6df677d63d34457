/** Tags (AWS) and labels (GCP) common to every cloud resource of a stack. */
import type { ResolvedStack } from '../core/resolve';

/**
 * Tags (AWS) and labels (GCP) of every resource of a stack. Keys and values
 * satisfy both clouds' rules (GCP labels: lowercase, digits, `-`, `_`).
 */
export function cloudLabels(spec: ResolvedStack): Record<string, string> {
  return { stack: spec.name, environment: spec.environment, 'managed-by': 'production-stack' };
}
