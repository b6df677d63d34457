/** Recovery objectives for one failure scenario. */
export interface RecoveryObjective {
  /** What fails, e.g. `database`, `cluster`, `region`. */
  readonly scenario: string;
  /** Longest acceptable time to recover, in minutes. */
  readonly rtoMinutes: number;
  /** Most data that may be lost, in minutes. */
  readonly rpoMinutes: number;
}

/** Backups, recovery objectives and the standby region. */
export interface DisasterRecoverySpec {
  /**
   * Recovery objectives the stack must meet, checked against its backups and replication.
   * @default - none stated
   */
  readonly objectives?: readonly RecoveryObjective[];
  /**
   * Cron schedule (UTC) of the logical database backup.
   * @default '0 2 * * *'
   */
  readonly backupSchedule?: string;
  /**
   * Days logical backups are kept.
   * @default 30
   */
  readonly backupRetentionDays?: number;
  /**
   * Region of the standby deployment.
   * @default - no standby region
   */
  readonly standbyRegion?: string;
}
