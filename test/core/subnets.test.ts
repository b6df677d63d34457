/**
 * The subnet plan of a VPC (lib/core/subnets.ts): private subnets in the lower half, as large as the zone count
 * allows; public ones at the start of the upper half, eight times smaller; within AWS's limits (the VPC User Guide:
 * a VPC's and a subnet's prefix is /16 to /28).
 */
import { MAX_SUBNET_PREFIX, MAX_ZONES, MIN_VPC_PREFIX, subnetLayout } from 'production-stack/core/subnets';

test('AWS’s limits: /16 to /28; six zones at most', () => {
  expect([MIN_VPC_PREFIX, MAX_SUBNET_PREFIX, MAX_ZONES]).toEqual([16, 28, 6]);
});

test('10.0.0.0/16 over 3 zones: /19 private subnets below 10.0.128.0, /22 public ones from it', () => {
  expect(subnetLayout('10.0.0.0/16', 3)).toEqual({
    private: ['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19'],
    public: ['10.0.128.0/22', '10.0.132.0/22', '10.0.136.0/22'],
  });
});

test('one zone takes the whole lower half; two zones a quarter each; four a /19 each as three do', () => {
  expect(subnetLayout('10.0.0.0/16', 1)).toEqual({ private: ['10.0.0.0/17'], public: ['10.0.128.0/20'] });
  expect(subnetLayout('10.0.0.0/16', 2)).toEqual({
    private: ['10.0.0.0/18', '10.0.64.0/18'],
    public: ['10.0.128.0/21', '10.0.136.0/21'],
  });
  expect(subnetLayout('10.0.0.0/16', 4).private).toEqual(['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19', '10.0.96.0/19']);
});

test('six zones, the most, take /20 private subnets', () => {
  expect(subnetLayout('172.16.0.0/16', 6).private).toEqual([
    '172.16.0.0/20',
    '172.16.16.0/20',
    '172.16.32.0/20',
    '172.16.48.0/20',
    '172.16.64.0/20',
    '172.16.80.0/20',
  ]);
});

test('a public subnet is never smaller than /28: it is capped there', () => {
  // /24 over 2 zones: private /26, public would be /29
  expect(subnetLayout('10.1.2.0/24', 2)).toEqual({
    private: ['10.1.2.0/26', '10.1.2.64/26'],
    public: ['10.1.2.128/28', '10.1.2.144/28'],
  });
});

describe('the VPC prefix', () => {
  test('/15 is refused, /16 accepted', () => {
    expect(() => subnetLayout('10.0.0.0/15', 1)).toThrow(
      new Error('VPC CIDR "10.0.0.0/15" must have a prefix between /16 and /28 (AWS limits)'),
    );
    expect(subnetLayout('10.0.0.0/16', 1).private).toEqual(['10.0.0.0/17']);
  });

  test('/27 holds one zone (two /28 halves); /28 is in the limits yet too small for any zone; /29 is refused', () => {
    expect(subnetLayout('10.0.0.0/27', 1)).toEqual({ private: ['10.0.0.0/28'], public: ['10.0.0.16/28'] });
    expect(() => subnetLayout('10.0.0.0/28', 1)).toThrow(
      new Error(
        'VPC CIDR "10.0.0.0/28" is too small for 1 availability zones: each private subnet would be a /29, ' +
          'and AWS subnets must be /28 or larger; use a larger networkCidr or fewer zones',
      ),
    );
    expect(() => subnetLayout('10.0.0.0/29', 1)).toThrow(
      new Error('VPC CIDR "10.0.0.0/29" must have a prefix between /16 and /28 (AWS limits)'),
    );
  });

  test('a /26 holds two zones (/28 private) and not three', () => {
    expect(subnetLayout('10.0.0.0/26', 2).private).toEqual(['10.0.0.0/28', '10.0.0.16/28']);
    expect(() => subnetLayout('10.0.0.0/26', 3)).toThrow(/too small for 3 availability zones: each private subnet would be a \/29,/);
  });
});

test.each([0, 7, 1.5, -1, Number.NaN])('%p zones are refused: an integer from 1 to 6', (zones) => {
  expect(() => subnetLayout('10.0.0.0/16', zones)).toThrow(new Error(`availability zones (${zones}) must be an integer from 1 to 6`));
});
