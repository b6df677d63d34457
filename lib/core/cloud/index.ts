/**
 * The clouds as data: what the code shared by both clouds (the runbook, DR, the network policies, the capacity
 * check, …) needs to know of the stack's cloud, in one profile per cloud. Code that differs in what it does, not
 * in a value (the Pulumi components, the runbook's failover steps), stays in `lib/aws`, `lib/gcp` or its own branch.
 * @module
 */
import type { Cloud } from '../spec/stack';
import { AWS } from './aws';
import { GCP } from './gcp';
import type { CloudProfile } from './profile';

export type { CloudProfile } from './profile';

/** Every cloud's profile. */
export const CLOUD_PROFILES: Readonly<Record<Cloud, CloudProfile>> = { aws: AWS, gcp: GCP };

/** The profile of `cloud`; throws on another value (validation refuses it first: call this on checked input). */
export function cloudProfile(cloud: Cloud): CloudProfile {
  const profile = Object.hasOwn(CLOUD_PROFILES, cloud) ? CLOUD_PROFILES[cloud] : undefined;
  if (!profile) throw new Error(`cloud ${JSON.stringify(cloud)} must be "aws" or "gcp"`);
  return profile;
}
