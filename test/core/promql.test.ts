/** PromQL checked with Prometheus's grammar (lib/core/promql.ts): where the first error is, and the text around it. */
import { promqlProblem } from 'production-stack/core/promql';

test('a valid expression has no problem', () => {
  expect(promqlProblem('up')).toBeUndefined();
  expect(promqlProblem('sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) > 0.05')).toBeUndefined();
});

test('the first error’s offset, with up to ten characters on each side of it', () => {
  // 'rate(x[5m]) > > 1': the second '>' (offset 14) cannot follow the first; offsets 4 to 23 are shown
  expect(promqlProblem('rate(x[5m]) > > 1')).toBe('is not valid PromQL: syntax error at offset 14 (near "(x[5m]) > > 1")');
  // a missing ')' is found at the end (offset 33): the ten characters before it, none after
  expect(promqlProblem('sum(rate(http_requests_total[5m])')).toBe('is not valid PromQL: syntax error at offset 33 (near "total[5m])")');
});

test('an error within the first ten characters shows the text from its start', () => {
  expect(promqlProblem('up{')).toBe('is not valid PromQL: syntax error at offset 3 (near "up{")');
});

test('the first of several errors is the one named', () => {
  // two misplaced '>', at offsets 14 and 20
  expect(promqlProblem('rate(x[5m]) > > 1 > > 2')).toBe('is not valid PromQL: syntax error at offset 14 (near "(x[5m]) > > 1 > > 2")');
});
