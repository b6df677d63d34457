/** GKE node pool sizing across zones. Pure, no Pulumi. */

/**
 * Nodes each zone starts with (GKE counts `initialNodeCount` per zone), so the
 * pool starts with at least `desired` nodes in total when that fits under
 * `max`, and never more than `max`.
 */
export function initialNodesPerZone(desired: number, max: number, zones: number): number {
  let perZone = Math.ceil(desired / zones);
  while (perZone > 0 && perZone * zones > max) perZone--;
  return perZone;
}
