/**
 * `npm run bench` runs outside the test suite; its stacks must still be ones the library builds. The node
 * capacity check once refused the 10-service stack (it broke the bench, found by running it): every size the
 * bench measures is valid and fits its nodes.
 */
import { check, resolve } from 'production-stack';
import { capacityCheck } from '../../lib/k8s/capacity';
import { benchSpec } from '../../scripts/bench-case';

test.each([10, 100, 1000])('the %i-service bench stack is valid and fits its nodes', (n) => {
  const spec = benchSpec(n);
  expect(check(spec)).toEqual([]);
  expect(capacityCheck(resolve(spec))?.problems).toEqual([]);
});
