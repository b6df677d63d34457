/**
 * The multi-window, multi-burn-rate alerts of the Google SRE workbook
 * ("Alerting on SLOs", table 5-8), as Sloth and Pyrra generate them: each
 * alerts when `budgetShare` of the error budget would be spent within
 * `longWindowHours` at the current rate. The burn-rate factor, the short
 * window (1/12 of the long one) and the `for` (half the short window, in
 * whole minutes, as Pyrra does) are derived from these by `burnRateWindows`
 * (lib/monitoring/slo.ts); validation refuses an objective whose alerts could never fire.
 */
export const BURN_RATE_POLICY = [
  { severity: 'critical', budgetShare: 0.02, longWindowHours: 1 }, // page: 2% in 1h
  { severity: 'critical', budgetShare: 0.05, longWindowHours: 6 }, // page: 5% in 6h
  { severity: 'warning', budgetShare: 0.1, longWindowHours: 24 }, // ticket: 10% in 1d
  { severity: 'warning', budgetShare: 0.1, longWindowHours: 72 }, // ticket: 10% in 3d
] as const satisfies readonly {
  readonly severity: 'critical' | 'warning';
  readonly budgetShare: number;
  readonly longWindowHours: number;
}[];

/** One policy of {@link BURN_RATE_POLICY}. */
export type BurnRatePolicy = (typeof BURN_RATE_POLICY)[number];

/** The policies whose long window fits an SLO window of `windowDays` days (the others are dropped). */
export function burnRatePolicies(windowDays: number): BurnRatePolicy[] {
  return BURN_RATE_POLICY.filter((p) => p.longWindowHours <= windowDays * 24);
}

/**
 * The burn rate that spends a policy's `budgetShare` within its long window: `budgetShare × SLO window / long window`
 * (2% of a 30-day budget in 1h: 14.4; over 28 days, 13.44).
 */
export function burnFactor(p: BurnRatePolicy, windowDays: number): number {
  return Number(((p.budgetShare * windowDays * 24) / p.longWindowHours).toPrecision(12));
}

/**
 * The error ratio above which the burn-rate alerts of an objective (`target`, a share such as 0.999) over
 * `windowDays` fire: `budget × burn factor` for each policy whose long window fits the window. An error ratio never
 * exceeds 1, so an alert whose threshold is 1 or more can never fire.
 */
export function burnThresholds(target: number, windowDays: number): { readonly longWindowHours: number; readonly threshold: number }[] {
  return burnRatePolicies(windowDays).map((p) => ({
    longWindowHours: p.longWindowHours,
    threshold: (1 - target) * burnFactor(p, windowDays),
  }));
}
