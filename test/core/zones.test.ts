/** Picking a region's zones (lib/core/zones.ts): the first ones, in the region's order, or a failure that says why. */
import { pickZones } from 'production-stack/core/zones';

const ZONES = ['us-west-2a', 'us-west-2b', 'us-west-2c'];

test('the first zones asked for, in the order the region lists them', () => {
  expect(pickZones(ZONES, 2)).toEqual(['us-west-2a', 'us-west-2b']);
  expect(pickZones(['b', 'a', 'c'], 2)).toEqual(['b', 'a']);
});

test('as many zones as the region has: all of them', () => {
  expect(pickZones(ZONES, 3)).toEqual(ZONES);
});

test('one zone more than the region has: refused, naming the zones it has and the count asked for', () => {
  expect(() => pickZones(ZONES, 4)).toThrow(
    new Error('the region has 3 available zones (us-west-2a, us-west-2b, us-west-2c); 4 were asked for'),
  );
});

test('a region without zones says none', () => {
  expect(() => pickZones([], 1)).toThrow(new Error('the region has 0 available zones (none); 1 were asked for'));
  expect(pickZones([], 0)).toEqual([]);
});
