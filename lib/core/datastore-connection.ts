/**
 * The connection documents of the managed datastores, the same on both clouds: the Pulumi side writes one
 * to the cloud secret manager, External Secrets syncs it (`DATASTORE_KEYS`), and the services read it.
 *
 * Every document carries `ca`, the PEM bundle of the server's CA, and the PostgreSQL URL verifies the server
 * with it (`sslmode=verify-full`, `sslrootcert`): libpq, psycopg, pgx and node-postgres read both from the
 * URL, and node-postgres treats any weaker `sslmode` in a URL as verify-full anyway. Every pod that receives
 * the connection mounts the CA at {@link POSTGRES_CA_FILE} (lib/k8s/datastore-ca.ts), which the URL names.
 * The host is a DNS name the server's certificate holds: the RDS endpoint, and on GCP the Cloud SQL
 * instance's DNS name (a private zone points it at the private IP). test/core/datastore-connection.test.ts
 * connects to a real PostgreSQL with the URL, through libpq and node-postgres.
 */

import { createHash } from 'crypto';
import { scramVerifier } from './scram';

/** The directory every pod with a PostgreSQL connection mounts its server CA in. */
export const POSTGRES_CA_DIR = '/etc/postgres-ca';
/** The file of the server CA, which the URL's `sslrootcert` names. */
export const POSTGRES_CA_FILE = `${POSTGRES_CA_DIR}/ca.crt`;

/** One login role's part of a PostgreSQL connection document. */
export type PostgresRoleConnection = {
  /** `postgresql://user:password@host:port/database?sslmode=verify-full&sslrootcert=…`, user, password and database percent-encoded. */
  readonly url: string;
  /** The role. */
  readonly user: string;
  /** Its password. */
  readonly password: string;
  /** Its SCRAM-SHA-256 verifier, which the bootstrap Job sets (so the server never receives the password itself). */
  readonly verifier: string;
};

/**
 * The connection document of a PostgreSQL database, a type, so it is a JSON record. Each use reads its own
 * part through External Secrets (`postgresProperty`): the shared `host`, `port`, `database`, `ca`, and its
 * role's `roles.<role>.url|user|password`; only the bootstrap Job reads `admin` and the verifiers.
 */
export type PostgresConnection = {
  /** DNS name of the server, as its certificate names it. */
  readonly host: string;
  /** The port, as a string (External Secrets copies strings). */
  readonly port: string;
  /** The application database. */
  readonly database: string;
  /** PEM bundle of the server's CA. */
  readonly ca: string;
  /** The master user, and the digest of the roles' credentials ({@link credentialsDigest}): for the bootstrap Job alone. */
  readonly admin: Omit<PostgresRoleConnection, 'verifier'> & { readonly credentials: string };
  /** The login roles (lib/core/postgres-roles.ts), by name. */
  readonly roles: Readonly<Record<string, PostgresRoleConnection>>;
};

/** The connection document of a Redis instance (keys: `DATASTORE_KEYS.redis`); a type, so it is a JSON record. */
export type RedisConnection = {
  /** `rediss://:password@host:port/0` (TLS), the password percent-encoded. */
  readonly url: string;
  /** Address of the primary endpoint. */
  readonly host: string;
  /** The port, as a string. */
  readonly port: string;
  /** The AUTH token. */
  readonly password: string;
  /** PEM bundle of the server's CA. */
  readonly ca: string;
};

/** What a PostgreSQL connection document is made of. */
export interface PostgresConnectionArgs {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** The master user. */
  readonly user: string;
  /** The master user's password. */
  readonly password: string;
  readonly ca: string;
  /**
   * The login roles' passwords, by role (generated alphanumeric by the Pulumi side).
   * @default - none
   */
  readonly roles?: Readonly<Record<string, string>>;
}

/** The URL of a PostgreSQL connection: TLS with the server verified against the mounted CA. */
export function postgresUrl(c: Omit<PostgresConnectionArgs, 'ca' | 'roles'>): string {
  const auth = `${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}`;
  return `postgresql://${auth}@${c.host}:${c.port}/${encodeURIComponent(c.database)}?sslmode=verify-full&sslrootcert=${POSTGRES_CA_FILE}`;
}

/** The document a PostgreSQL connection secret holds: the master user's URL, and each role's with its verifier. */
export function postgresConnection(c: PostgresConnectionArgs): PostgresConnection {
  const verifiers = roleVerifiers(c.database, c.roles ?? {});
  const roles = Object.entries(c.roles ?? {}).map(([user, password]) => [
    user,
    { url: postgresUrl({ ...c, user, password }), user, password, verifier: verifiers[user]! },
  ]);
  return {
    host: c.host,
    port: String(c.port),
    database: c.database,
    ca: c.ca,
    admin: { url: postgresUrl(c), user: c.user, password: c.password, credentials: verifiersDigest(verifiers) },
    roles: Object.fromEntries(roles),
  };
}

/**
 * A digest of the login roles' credentials (their verifiers, from `passwords` by role). The document carries it
 * (`admin.credentials`), and the Pulumi side gives the bootstrap Job the value it wrote: the Job waits until External
 * Secrets has synced the document it was written for, and runs again when it changes (a password generated anew),
 * which its name (a hash of its script, which holds no credential) would not make it do.
 */
export function credentialsDigest(database: string, passwords: Readonly<Record<string, string>>): string {
  return verifiersDigest(roleVerifiers(database, passwords));
}

/** Each role's SCRAM verifier, by role. */
function roleVerifiers(database: string, passwords: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(passwords).map(([role, password]) => [role, scramVerifier(password, role, database)]));
}

/** The digest of the verifiers, by role, in the roles' order. */
function verifiersDigest(verifiers: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(verifiers)
    .sort()
    .map((role) => [role, verifiers[role]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/** A key of a use's PostgreSQL Secret (`DATASTORE_KEYS.postgres`). */
export type PostgresKey = 'url' | 'host' | 'port' | 'database' | 'user' | 'password' | 'ca';

/**
 * The property of the connection document (a GJSON path, which External Secrets' AWS and GCP providers read)
 * that a use's Secret key comes from: the role's own `roles.<role>.url|user|password|verifier`, or a shared field.
 */
export function postgresProperty(role: string, key: PostgresKey | 'verifier'): string {
  return key === 'url' || key === 'user' || key === 'password' || key === 'verifier' ? `roles.${role}.${key}` : key;
}

/** The document a Redis connection secret holds; the URL uses TLS (`rediss://`) and the AUTH token. */
export function redisConnection(c: { host: string; port: number; password: string; ca: string }): RedisConnection {
  return {
    url: `rediss://:${encodeURIComponent(c.password)}@${c.host}:${c.port}/0`,
    host: c.host,
    port: String(c.port),
    password: c.password,
    ca: c.ca,
  };
}
