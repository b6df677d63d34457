/** AWS tags helpers. */
import type * as pulumi from '@pulumi/pulumi';

/** Tags of a resource: the caller's tags plus a `Name` tag (what the AWS console shows). */
export type Tags = Readonly<Record<string, pulumi.Input<string>>>;

/** `tags` with `Name` set to the resource's logical name, plus any extra tags (such as the EKS subnet roles). */
export function named(tags: Tags, name: string, extra: Tags = {}): Record<string, pulumi.Input<string>> {
  return { ...tags, ...extra, Name: name };
}
