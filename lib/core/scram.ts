/**
 * PostgreSQL's SCRAM-SHA-256 password verifier (RFC 5802, RFC 7677), the text `pg_authid.rolpassword` holds:
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, all three base64. The Pulumi side computes
 * each login role's verifier from the password it generated, and the bootstrap Job sets it with
 * `ALTER ROLE … PASSWORD '<verifier>'` (lib/core/postgres-bootstrap.ts): the server stores a string of this
 * form as it is, so the plaintext password never reaches the server, and `log_statement`, pgaudit or an
 * error message can log only the verifier, never the password.
 *
 * The salt is deterministic, not random: the Pulumi side recomputes the verifier at every `up`, and a random
 * salt would be a diff (and a bootstrap run) every time. It is derived from the database and the role only,
 * never from the password: the server sends the salt to any client that starts a SCRAM exchange as the role,
 * before authentication, so a salt computed from the password would let anyone who can reach the server test
 * password guesses offline without the verifier. A salt's job is that no two verifiers share precomputed work;
 * it is unique per role of a database, and the passwords are generated, 32 random alphanumeric characters
 * (about 190 bits), which no precomputation reaches.
 *
 * The passwords are alphanumeric, so SASLprep (which PostgreSQL applies to the password, and which leaves
 * ASCII alone) does nothing, and this module does not implement it: it throws for a non-ASCII password.
 * test/core/postgres-bootstrap.test.ts holds the computation to the verifier a real PostgreSQL computes from
 * the same password and salt, and logs in over SCRAM with a verifier set this way.
 */
import { createHash, createHmac, pbkdf2Sync } from 'crypto';

/** The PBKDF2 iteration count: PostgreSQL's default (`scram_iterations`). */
export const SCRAM_ITERATIONS = 4096;

/** The length of the salt, in bytes: PostgreSQL's. */
export const SCRAM_SALT_BYTES = 16;

/** The text hashed, with the database and the role, into the salt of {@link scramVerifier}. */
const SALT_CONTEXT = 'production-stack SCRAM salt';

/** Throws unless `password` is a non-empty ASCII string (SASLprep is then the identity). */
function checkPassword(password: string): void {
  if (password.length === 0) throw new Error('SCRAM verifier: empty password');
  if (/\P{ASCII}/u.test(password)) throw new Error('SCRAM verifier: the password must be ASCII (SASLprep is not implemented)');
}

/**
 * The SCRAM-SHA-256 verifier of `password` with a given salt: SaltedPassword = PBKDF2-HMAC-SHA256(password,
 * salt, 4096), ClientKey = HMAC(SaltedPassword, "Client Key"), StoredKey = SHA-256(ClientKey), ServerKey =
 * HMAC(SaltedPassword, "Server Key"). Throws for an empty or non-ASCII password.
 */
export function scramVerifierWithSalt(password: string, salt: Buffer): string {
  checkPassword(password);
  if (salt.length === 0) throw new Error('SCRAM verifier: empty salt');
  const salted = pbkdf2Sync(password, salt, SCRAM_ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${SCRAM_ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** The deterministic salt of a role of a database: the first 16 bytes of SHA-256 of the context, the database and the role. */
export function scramSalt(database: string, role: string): Buffer {
  return createHash('sha256').update(`${SALT_CONTEXT}\0${database}\0${role}`).digest().subarray(0, SCRAM_SALT_BYTES);
}

/**
 * The SCRAM-SHA-256 verifier of the password of `role` in `database`, with the deterministic salt
 * {@link scramSalt}: the same password, database and role always give the same verifier. Throws for an empty or
 * non-ASCII password.
 */
export function scramVerifier(password: string, role: string, database: string): string {
  return scramVerifierWithSalt(password, scramSalt(database, role));
}
