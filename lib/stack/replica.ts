/** What a standby region and its database replica take from the stack's spec, on either cloud. */
import { DEFAULTS, type ResolvedStack } from '../core/defaults';
import type { StandbyRoles } from '../core/standby';

/** The primary's database settings a replica takes (the database and user come from the primary itself). */
export function replicaSettings(pg: NonNullable<ResolvedStack['postgres']>) {
  const { allowSingleZoneInProduction: _optOut, databaseName: _database, username: _user, ...settings } = pg;
  return settings;
}

/** The roles of the stack's standby region `standbyRegion`: which region serves, how the standby waits, the re-seeds. */
export function standbyRoles(spec: ResolvedStack, standbyRegion: string): Required<StandbyRoles> {
  return {
    region: standbyRegion,
    primaryRegion: spec.region,
    activeRegion: spec.dr.activeRegion,
    mode: spec.dr.mode ?? DEFAULTS.dr.standbyMode,
    reseeds: spec.dr.reseeds ?? 0,
  };
}
