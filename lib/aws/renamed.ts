/** Arguments the AWS components renamed, refused by their old name rather than dropped. */
import { ValidationError } from '../core/validation/problems';

/** The renamed arguments (README, "Where each concern lives", migration note): old name to new. */
const RENAMED = { tags: 'labels', secretName: 'secretKey' } as const;

/**
 * Throws when `args` still holds one of `names` by its old name. TypeScript refuses it in an object literal, but
 * not through a spread, a variable or JavaScript, and dropped silently a `secretName` would rename (and so
 * replace) the connection secret, and a `tags` untag every resource.
 */
export function refuseRenamedArgs(owner: string, args: object, names: readonly (keyof typeof RENAMED)[]): void {
  const given = args as Readonly<Record<string, unknown>>;
  const problems = names
    .filter((old) => given[old] !== undefined)
    .map((old) => ({ path: old, value: given[old], rule: `renamed ${RENAMED[old]}: pass the same value as ${RENAMED[old]}` }));
  if (problems.length > 0) throw new ValidationError(owner, problems, owner);
}
