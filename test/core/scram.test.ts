/**
 * PostgreSQL's SCRAM-SHA-256 verifier (lib/core/scram.ts), held to RFC 7677's example exchange (section 3: user
 * "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations): a server holding the verifier
 * checks the client's proof and answers the signature the RFC shows.
 */
import { createHash, createHmac } from 'crypto';
import { SCRAM_ITERATIONS, SCRAM_SALT_BYTES, scramSalt, scramVerifier, scramVerifierWithSalt } from 'production-stack/core/scram';

const RFC_SALT = 'W22ZaJ0SNY7soEsUEjb6gQ==';
const NONCE = 'rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
const AUTH_MESSAGE = `n=user,r=rOprNGfwEbeRWgbNEkqO,r=${NONCE},s=${RFC_SALT},i=4096,c=biws,r=${NONCE}`;
const RFC_PROOF = 'dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const RFC_SIGNATURE = '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

test('the verifier of RFC 7677’s example verifies its client proof and gives its server signature', () => {
  const verifier = scramVerifierWithSalt('pencil', Buffer.from(RFC_SALT, 'base64'));
  const m = /^SCRAM-SHA-256\$4096:([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  expect(m?.[1]).toBe(RFC_SALT);
  const storedKey = Buffer.from(m![2]!, 'base64');
  const serverKey = Buffer.from(m![3]!, 'base64');
  // the server's checks (RFC 5802 section 3): ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage), H(ClientKey) = StoredKey
  const clientSignature = createHmac('sha256', storedKey).update(AUTH_MESSAGE).digest();
  const clientKey = Buffer.from(Buffer.from(RFC_PROOF, 'base64').map((b, i) => b ^ clientSignature[i]!));
  expect(createHash('sha256').update(clientKey).digest('base64')).toBe(storedKey.toString('base64'));
  expect(createHmac('sha256', serverKey).update(AUTH_MESSAGE).digest('base64')).toBe(RFC_SIGNATURE);
});

test('PostgreSQL’s defaults: 4096 iterations (scram_iterations), a 16-byte salt', () => {
  expect(SCRAM_ITERATIONS).toBe(4096);
  expect(SCRAM_SALT_BYTES).toBe(16);
});

describe('the salt', () => {
  test('16 bytes, the same for the same database and role, whatever the password', () => {
    expect(scramSalt('shop', 'api')).toHaveLength(16);
    expect(scramSalt('shop', 'api').equals(scramSalt('shop', 'api'))).toBe(true);
    const salt = (v: string) => v.split('$')[1];
    expect(salt(scramVerifier('a1', 'api', 'shop'))).toBe(salt(scramVerifier('b2', 'api', 'shop')));
    expect(scramVerifier('a1', 'api', 'shop')).toBe(scramVerifierWithSalt('a1', scramSalt('shop', 'api')));
  });

  test('another for another role or database, the two names kept apart (a/bc is not ab/c)', () => {
    const salts = [scramSalt('shop', 'api'), scramSalt('shop', 'worker'), scramSalt('bank', 'api'), scramSalt('api', 'shop')];
    expect(new Set(salts.map((s) => s.toString('hex'))).size).toBe(4);
    expect(scramSalt('a', 'bc').equals(scramSalt('ab', 'c'))).toBe(false);
  });

  test('pinned: a salt that changed would give every deployed role a new verifier (and rerun every bootstrap)', () => {
    // SHA-256 of "production-stack SCRAM salt\0shop\0api", its first 16 bytes
    expect(scramSalt('shop', 'api').toString('base64')).toBe('WYyNYGDbsdGv0+QYjIjQ0g==');
  });
});

describe('what it refuses', () => {
  test('an empty password', () => {
    expect(() => scramVerifier('', 'api', 'shop')).toThrow(new Error('SCRAM verifier: empty password'));
  });

  test('a non-ASCII password (SASLprep is not implemented); ASCII up to DEL passes', () => {
    expect(() => scramVerifier('pässword', 'api', 'shop')).toThrow(
      new Error('SCRAM verifier: the password must be ASCII (SASLprep is not implemented)'),
    );
    expect(() => scramVerifier('a\u0080', 'api', 'shop')).toThrow(/must be ASCII/);
    expect(scramVerifier('a\u007f~ ', 'api', 'shop')).toMatch(/^SCRAM-SHA-256\$4096:/);
  });

  test('an empty salt; a one-byte salt passes', () => {
    expect(() => scramVerifierWithSalt('pencil', Buffer.alloc(0))).toThrow(new Error('SCRAM verifier: empty salt'));
    expect(scramVerifierWithSalt('pencil', Buffer.from([7]))).toMatch(/^SCRAM-SHA-256\$4096:Bw==\$/);
  });
});
