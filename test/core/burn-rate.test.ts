/**
 * The multi-window, multi-burn-rate alerts (lib/core/burn-rate.ts), by the Google SRE workbook ("Alerting on
 * SLOs", table 5-8: 2% of the budget in 1 h and 5% in 6 h page, 10% in 3 days files a ticket; burn rates 14.4, 6
 * and 1 over 30 days), with a ticket for 10% in 1 day added (burn rate 3).
 */
import { BURN_RATE_POLICY, burnFactor, burnRatePolicies, burnThresholds } from 'production-stack/core/burn-rate';

test('the policy: two pages, two tickets', () => {
  expect(BURN_RATE_POLICY).toEqual([
    { severity: 'critical', budgetShare: 0.02, longWindowHours: 1 },
    { severity: 'critical', budgetShare: 0.05, longWindowHours: 6 },
    { severity: 'warning', budgetShare: 0.1, longWindowHours: 24 },
    { severity: 'warning', budgetShare: 0.1, longWindowHours: 72 },
  ]);
});

test('over 30 days the burn rates are the workbook’s: 14.4, 6, 3 and 1', () => {
  expect(BURN_RATE_POLICY.map((p) => burnFactor(p, 30))).toEqual([14.4, 6, 3, 1]);
});

test('over 28 days: 13.44, 5.6, 2.8 and 0.933333333333 (rounded to 12 digits, no float noise)', () => {
  expect(BURN_RATE_POLICY.map((p) => burnFactor(p, 28))).toEqual([13.44, 5.6, 2.8, 0.933333333333]);
});

describe('a policy is kept when its long window fits the SLO window', () => {
  const windows = (days: number) => burnRatePolicies(days).map((p) => p.longWindowHours);

  test('a window of exactly 3 days keeps the 3-day policy; a shorter one drops it', () => {
    expect(windows(3)).toEqual([1, 6, 24, 72]);
    expect(windows(2.99)).toEqual([1, 6, 24]);
  });

  test('a window of exactly 1 day keeps the 1-day policy; 6 hours keeps the 6-hour one only', () => {
    expect(windows(1)).toEqual([1, 6, 24]);
    expect(windows(0.99)).toEqual([1, 6]);
    expect(windows(0.25)).toEqual([1, 6]);
    expect(windows(0.2)).toEqual([1]);
  });
});

test('the threshold is the error budget times the burn rate, one per kept policy', () => {
  // 99.9% over 30 days: a budget of 0.001
  const t = burnThresholds(0.999, 30);
  expect(t.map((x) => x.longWindowHours)).toEqual([1, 6, 24, 72]);
  expect(t.map((x) => x.threshold)).toEqual([
    expect.closeTo(0.0144, 12),
    expect.closeTo(0.006, 12),
    expect.closeTo(0.003, 12),
    expect.closeTo(0.001, 12),
  ]);
  // 90% over 1 day: 0.1 × 24 × 0.02 = 0.048, 0.1 × 4 × 0.05 = 0.02, 0.1 × 1 × 0.1 = 0.01
  expect(burnThresholds(0.9, 1)).toEqual([
    { longWindowHours: 1, threshold: expect.closeTo(0.048, 12) },
    { longWindowHours: 6, threshold: expect.closeTo(0.02, 12) },
    { longWindowHours: 24, threshold: expect.closeTo(0.01, 12) },
  ]);
});
