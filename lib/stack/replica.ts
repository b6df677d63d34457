/** What a standby region and its database replica take from the stack's spec, on either cloud. */
import * as pulumi from '@pulumi/pulumi';
import { type ResolvedStack, standbyMode } from '../core/resolve';
import { type StandbyRoles, regionDatabases } from '../core/standby';

/**
 * The spec's database settings the instance takes: not what the bootstrap Job sets up inside the database
 * (`extensions`, `schemas`, `searchPath`).
 */
export function instanceSettings(pg: NonNullable<ResolvedStack['postgres']>) {
  const { extensions: _extensions, schemas: _schemas, searchPath: _searchPath, ...settings } = pg;
  return settings;
}

/** The primary's database settings a replica takes (the database and user come from the primary itself). */
export function replicaSettings(pg: NonNullable<ResolvedStack['postgres']>) {
  const { allowSingleZoneInProduction: _optOut, databaseName: _database, username: _user, ...settings } = instanceSettings(pg);
  return settings;
}

/** The roles of the stack's standby region `standbyRegion`: which region serves, how the standby waits, the re-seeds. */
export function standbyRoles(spec: ResolvedStack, standbyRegion: string): Required<StandbyRoles> {
  return {
    region: standbyRegion,
    primaryRegion: spec.region,
    activeRegion: spec.dr.activeRegion,
    mode: standbyMode(spec.dr),
    reseeds: spec.dr.reseeds ?? 0,
  };
}

/** The primary region's database as a re-seed of the standby's: promoted or not, and its source, given once the standby exists. */
export interface PrimarySeed {
  /** Promoted: the re-seeded database serves, or has diverged since (see `regionDatabases`). */
  readonly promoted: boolean;
  /** How many times it has been re-seeded: a new value re-creates the instance. */
  readonly generation: number;
  /** The standby database's identity the cloud replicates from (RDS: its ARN; Cloud SQL: its name). */
  readonly source: pulumi.Output<string>;
  /** Sets {@link source}, once the standby's database exists. */
  readonly resolve: (source: pulumi.Output<string>) => void;
}

/**
 * The seed of the primary region's database when `dr.reseeds` has re-seeded it (odd counts, and even
 * ones since): none before its first re-seed. The standby's replica is built from the primary's
 * database (its source, password and user), so the standby's identity does not exist yet when the
 * primary's is built: `source` is a deferred output, resolved once the standby exists, which keeps
 * the dependency on it. Only the last seeded database replicates, so the two never wait on each other.
 */
export function primarySeed(spec: ResolvedStack): PrimarySeed | undefined {
  const standbyRegion = spec.dr.standbyRegion;
  if (standbyRegion === undefined || spec.postgres === undefined) return undefined;
  const primary = regionDatabases(standbyRoles(spec, standbyRegion)).primary;
  if (!primary.seeded) return undefined;
  const [source, resolve] = pulumi.deferredOutput<string>();
  return { promoted: !primary.replicating, generation: primary.generation, source, resolve };
}
