/**
 * The passwords of a PostgreSQL database's login roles (Pulumi side; lib/core/postgres-roles.ts names the roles), which
 * the RDS and Cloud SQL components write into their connection documents, and a replica's document copies.
 */
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';

/** The generated passwords, by role, and the map of their values (a secret). */
export interface RolePasswords {
  /** The generated passwords (their `result` is a secret). */
  readonly passwords: Readonly<Record<string, random.RandomPassword>>;
  /** Each role's password, by role, as a secret. */
  readonly values: pulumi.Output<Readonly<Record<string, string>>>;
}

/**
 * One generated password per role, `${name}-role-<role>-password`: 32 letters and digits (about 190 bits; nothing to
 * escape in a URL, and nothing for SCRAM's SASLprep to normalize).
 */
export function rolePasswords(name: string, roles: readonly string[], parent: pulumi.Resource): RolePasswords {
  const passwords = Object.fromEntries(
    roles.map((role) => [role, new random.RandomPassword(`${name}-role-${role}-password`, { length: 32, special: false }, { parent })]),
  );
  return { passwords, values: pulumi.secret(pulumi.output(Object.fromEntries(roles.map((r) => [r, passwords[r]!.result])))) };
}
