/** What a cross-region database replica takes from the stack's PostgreSQL settings, on either cloud. */
import type { ResolvedStack } from '../core/defaults';

/** The primary's database settings a replica takes (the database and user come from the primary itself). */
export function replicaSettings(pg: NonNullable<ResolvedStack['postgres']>) {
  const { allowSingleZoneInProduction: _optOut, databaseName: _database, username: _user, ...settings } = pg;
  return settings;
}
