/** Shared pieces of the plan mocks: deterministic IDs and input helpers. */
import { createHash } from 'crypto';

export type State = Record<string, unknown>;
export type Inputs = Record<string, unknown>;

export function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

export function str(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

export function fakeCertificate(seed: string): string {
  const body = Buffer.from(`mock certificate authority ${hex(seed, 32)}`).toString('base64');
  return Buffer.from(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`).toString('base64');
}

/**
 * A real, self-signed CA certificate (P-256, valid to 2126), for the mocked datastores' server CAs: the library
 * reads those as X.509 (a bundle without a root is refused), so a text that only looks like one would not do.
 */
export const MOCK_SERVER_CA = `-----BEGIN CERTIFICATE-----
MIIBpjCCAU2gAwIBAgIUBnPm7/BKj9ksucllXWhcJ/NCINEwCgYIKoZIzj0EAwIw
KDEmMCQGA1UEAwwdcHJvZHVjdGlvbi1zdGFjayBwbGFuIG1vY2sgQ0EwIBcNMjYx
MjA3MDQ0NTQwWhgPMjEyNjExMTMwNDQ1NDBaMCgxJjAkBgNVBAMMHXByb2R1Y3Rp
b24tc3RhY2sgcGxhbiBtb2NrIENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
EeDJE3s750P4bRjiDzSxC6bYs1tCYuzQsGmT1CTiQCqMXE/1sHLSBDwc1nplYdD6
AMQg75VdqKuEfa4TtrCJ76NTMFEwHQYDVR0OBBYEFMaSRNu2ecNRo+o9T2TL7Pqo
exZfMB8GA1UdIwQYMBaAFMaSRNu2ecNRo+o9T2TL7PqoexZfMA8GA1UdEwEB/wQF
MAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgQAgIrPgS3waGb9F/u3JTqWQ2DSYZ45mw
9AW5BTxMb9kCICLlqAGWzdsg1fzMI1GSUfGeWnG0LmDNpoVQ8q9F0Fk2
-----END CERTIFICATE-----\n`;

/** What a mocked resource returns: its ID and the outputs the cloud adds. */
export interface Made {
  readonly id: string;
  readonly state: State;
}
