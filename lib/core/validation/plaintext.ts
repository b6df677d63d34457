/**
 * No secret material in a spec: every string of it ends up in a manifest, the
 * runbook or a cloud resource in plain text. Names are checked where they are
 * given (`env` in service.ts: a variable named like a secret needs
 * `secretEnv`); values here, wherever they are (env values, config files,
 * command and args, endpoints...), with the predicate the readiness report
 * also runs on the synthesized objects.
 */
import { secretMaterial, stringLeaves } from '../secret-material';
import { isUnresolved } from '../tokens';
import type { Problems } from './problems';

/** The rule broken by a value holding `what` (see {@link secretMaterial}). */
export function plaintextRule(what: string): string {
  return what === 'a URL with a password'
    ? "the URL carries a password: read it from a secret with secretEnv (or use the service's postgres/redis wiring)"
    : `the value holds ${what}: read it from a secret (secretEnv, secretMounts), never from the spec`;
}

/** Reports each string of the spec that holds secret material, redacted. */
export function checkPlaintextSecrets(p: Problems, props: Record<string, unknown>): void {
  for (const [path, value] of stringLeaves(props)) {
    if (isUnresolved(value)) continue;
    const what = secretMaterial(value);
    if (what) p.add(path, '<redacted>', plaintextRule(what));
  }
}
