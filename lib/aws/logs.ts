/** CloudWatch Logs rules. Pure, no Pulumi. */

/** The retention periods CloudWatch Logs accepts, in days (0, "never expire", is deliberately not offered). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Returns `days` when CloudWatch accepts it as a retention period; throws naming the accepted values otherwise. */
export function checkRetentionDays(what: string, days: number): number {
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
    throw new Error(`${what} (${days}) must be one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  return days;
}
