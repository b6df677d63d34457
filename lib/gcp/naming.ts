/** GCP naming rules. Pure, no Pulumi. */
import { createHash } from 'crypto';

/** What GCP requires of a service account ID: 6 to 30 characters, lowercase letters, digits and "-", starting with a letter. */
export const SERVICE_ACCOUNT_ID = /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/;

/**
 * A valid service account ID derived from a logical name, deterministically:
 * the name itself when it fits, else its first characters plus a short hash
 * of the whole name (so two long names sharing a prefix do not collide).
 */
export function serviceAccountId(name: string): string {
  let id = name.toLowerCase().replace(/[^-a-z0-9]/g, '-');
  if (!/^[a-z]/.test(id)) id = `sa-${id}`;
  id = id.replace(/-+$/, '');
  if (id.length > 30) {
    const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
    id = `${id.slice(0, 23).replace(/-+$/, '')}-${hash}`;
  }
  while (id.length < 6) id = `${id}-sa`.replace(/^-/, '');
  return id;
}

/** What GCP requires of most resource names (RFC 1035): 1 to 63 lowercase letters, digits and "-", starting with a letter, not ending with "-". */
export const RESOURCE_NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A valid resource name (such as an address's) derived from a logical name, deterministically: the name
 * itself when it fits, else its first characters plus a short hash of the whole name.
 */
export function resourceName(name: string): string {
  let id = name.toLowerCase().replace(/[^-a-z0-9]/g, '-');
  if (!/^[a-z]/.test(id)) id = `r-${id}`;
  id = id.replace(/-+$/, '');
  if (id.length > 63) {
    const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
    id = `${id.slice(0, 54).replace(/-+$/, '')}-${hash}`;
  }
  return id;
}
