/**
 * What a stack's backups and replication can actually recover, per failure
 * scenario: the data it may lose (achievable RPO), checked against the
 * objectives the spec states.
 */
import { cronIntervalMinutes } from './cron';
import { backupSchedule } from './resolve';
import type { ProductionStackProps } from './spec/stack';
import { cloudProfile } from './cloud';

/** How a scenario's data loss is bounded, and by how many minutes at most. */
export interface RecoveryPoint {
  /** Minutes of data that may be lost; `Infinity` when nothing survives the scenario. */
  readonly minutes: number;
  /** What bounds it, in words (for errors and the runbook). */
  readonly by: string;
}

/** Loss bound of managed point-in-time recovery (RDS and Cloud SQL replay their write-ahead log about every 5 minutes). */
export const PITR_RPO_MINUTES = 5;

/** The longest a backup or restore drill run may take (its Job's `activeDeadlineSeconds`): then it fails. */
export const BACKUP_RUN_DEADLINE_SECONDS = 6 * 3600;

/**
 * The achievable RPO of a scenario the library reasons about, or undefined
 * for the others (recorded, not checked):
 * - `database`: the best of managed point-in-time recovery and the logical
 *   backups' interval;
 * - `region`: with a standby region, the best of the cross-region database
 *   replica (RDS or Cloud SQL; asynchronous, bounded like point-in-time
 *   recovery) and the logical backups replicated there
 *   (the backup bucket's replica); without one, nothing survives.
 */
export function recoveryPoint(props: ProductionStackProps, scenario: string): RecoveryPoint | undefined {
  const logical = props.postgres !== undefined && props.dr?.logicalBackups !== false;
  const schedule = backupSchedule(props.dr);
  // (validation calls this on unchecked input: a schedule that is not a string bounds nothing)
  const interval = logical && typeof schedule === 'string' ? cronIntervalMinutes(schedule) : undefined;
  const candidates: RecoveryPoint[] = interval === undefined ? [] : [{ minutes: interval, by: `logical backups on "${schedule}"` }];
  switch (scenario) {
    case 'database':
      if (props.postgres === undefined) return undefined;
      candidates.push({ minutes: PITR_RPO_MINUTES, by: 'managed point-in-time recovery' });
      break;
    case 'region':
      if (props.dr?.standbyRegion === undefined) {
        return { minutes: Infinity, by: 'no standby region: no replica or copy of the backups outlives the region' };
      }
      if (candidates.length > 0) candidates[0] = { ...candidates[0], by: `${candidates[0].by}, replicated to ${props.dr.standbyRegion}` };
      if (props.postgres !== undefined) {
        // (validation calls this on unchecked input: another cloud is reported by its own rule)
        const replica = props.cloud === 'aws' || props.cloud === 'gcp' ? cloudProfile(props.cloud).names.postgres : 'managed PostgreSQL';
        candidates.push({ minutes: PITR_RPO_MINUTES, by: `the cross-region ${replica} replica in ${props.dr.standbyRegion}` });
      }
      break;
    default:
      return undefined;
  }
  return candidates.sort((a, b) => a.minutes - b.minutes)[0];
}
