/** Arguments a cloud's component takes flat that the spec holds in a section: refused by the section's name. */
import { ValidationError } from './problems';

/**
 * Throws when a component's `args` hold one of the spec's cloud sections (`aws`, `gcp`: README, "Cloud-only
 * fields"), whose fields the component takes as arguments of their own (`nodeType`, `memorySizeGiB`). TypeScript
 * refuses a section in an object literal, but not through a spread (`{ ...spec.redis, network }`) or JavaScript;
 * dropped, it would leave the instance at the default size (ElastiCache's node type, Memorystore's 5 GiB), and
 * resize one that was larger.
 */
export function refuseCloudSections(owner: string, args: object): void {
  const given = args as Readonly<Record<string, unknown>>;
  const problems = ['aws', 'gcp']
    .filter((section) => given[section] !== undefined)
    .map((section) => ({
      path: section,
      value: given[section],
      rule: `is the spec's section of ${section} settings: pass its fields as arguments of their own (README: "Cloud-only fields")`,
    }));
  if (problems.length > 0) throw new ValidationError(owner, problems, owner);
}
