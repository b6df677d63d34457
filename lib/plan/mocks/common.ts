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

/** What a mocked resource returns: its ID and the outputs the cloud adds. */
export interface Made {
  readonly id: string;
  readonly state: State;
}
