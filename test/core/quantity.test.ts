/**
 * Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity): a decimal number, then either a
 * decimal SI suffix (m k M G T P E), a binary SI suffix (Ki Mi Gi Ti Pi Ei), a decimal exponent (e3, E-3) or
 * nothing. The values below are the quantity's value in base units (cores, bytes).
 */
import { parseQuantity, quantityGiB } from '../../lib/core/quantity';

describe('a quantity is read as Kubernetes reads it', () => {
  test.each<[string, number]>([
    ['2', 2],
    ['0', 0],
    ['12', 12],
    ['0.5', 0.5],
    ['1.', 1],
    ['.5', 0.5],
    ['.25', 0.25],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['2.25Mi', 2.25 * 2 ** 20],
  ])('%s is %d', (q, value) => {
    expect(parseQuantity(q)).toBe(value);
  });

  test.each<[string, number]>([
    ['1k', 1e3],
    ['1M', 1e6],
    ['1G', 1e9],
    ['1T', 1e12],
    ['1P', 1e15],
    ['1E', 1e18],
    ['1Ki', 1024],
    ['1Mi', 1024 ** 2],
    ['1Gi', 1024 ** 3],
    ['1Ti', 1024 ** 4],
    ['1Pi', 1024 ** 5],
    ['1Ei', 1024 ** 6],
  ])('each suffix has its SI or binary multiplier: %s is %d', (q, value) => {
    expect(parseQuantity(q)).toBe(value);
  });

  test.each<[string, number]>([
    ['500m', 0.5],
    ['1m', 0.001],
    ['1500m', 1.5],
  ])('m is a thousandth: %s is %d', (q, value) => {
    expect(parseQuantity(q)).toBeCloseTo(value, 12);
  });

  test.each<[string, number]>([
    ['1e3', 1000],
    ['1E3', 1000],
    ['1e+3', 1000],
    ['5e0', 5],
    ['1.5e3', 1500],
    ['12e2', 1200],
    ['1e12', 1e12],
  ])('a decimal exponent multiplies by a power of ten: %s is %d', (q, value) => {
    expect(parseQuantity(q)).toBe(value);
  });

  test('a negative exponent divides: 1e-3 is a thousandth, and 2E-1 a fifth', () => {
    expect(parseQuantity('1e-3')).toBeCloseTo(0.001, 12);
    expect(parseQuantity('2E-1')).toBeCloseTo(0.2, 12);
  });

  test('E alone is the exa suffix, E with digits an exponent', () => {
    expect(parseQuantity('2E')).toBe(2e18);
    expect(parseQuantity('2E2')).toBe(200);
  });
});

describe('a malformed quantity has no value', () => {
  test.each([
    '',
    ' ',
    'Gi',
    'm',
    '.',
    'e3',
    '1 Gi',
    ' 1',
    '1 ',
    '1Gi ',
    '1gi',
    '1GB',
    '512MB',
    '1K',
    '1mi',
    '1Gib',
    '1iGi',
    '1Gi1',
    '1e',
    '1e+',
    '1e3Gi',
    '1e3.5',
    '1.5.5',
    '1..5',
    '1,5',
    '0x10',
    'x1',
    '1x',
    'a',
    'ab',
    '-',
    '1-',
    '1/2',
  ])('%j', (q) => {
    expect(parseQuantity(q)).toBeUndefined();
  });
});

describe('a quantity in GiB', () => {
  test.each<[string, number]>([
    ['1Gi', 1],
    ['512Mi', 0.5],
    ['1.5Gi', 1.5],
    ['2Ti', 2048],
    ['1073741824', 1],
  ])('%s is %d GiB', (q, gib) => {
    expect(quantityGiB(q)).toBe(gib);
  });

  test('a decimal gigabyte is less than a GiB: 1G is 10^9 / 2^30 GiB', () => {
    expect(quantityGiB('1G')).toBe(1e9 / 2 ** 30);
  });

  test('a malformed quantity has no GiB value', () => {
    expect(quantityGiB('20GB')).toBeUndefined();
    expect(quantityGiB('')).toBeUndefined();
  });
});
