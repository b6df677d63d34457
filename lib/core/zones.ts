/** Picking a region's zones. Pure, no Pulumi; shared by the AWS and GCP components. */

/** The first `wanted` of a region's zones; fails when the region has fewer. */
export function pickZones(names: readonly string[], wanted: number): string[] {
  if (names.length < wanted) {
    throw new Error(`the region has ${names.length} available zones (${names.join(', ') || 'none'}); ${wanted} were asked for`);
  }
  return names.slice(0, wanted);
}
