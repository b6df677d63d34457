/**
 * The formats of the strings that reach a shell or Markdown (the runbook) and the diagram: real
 * names pass, and nothing a shell or Markdown acts on does.
 */
import { Region as AwsRegion } from '@pulumi/aws/types/enums';
import { isHttpPath, isPlainText, isRegion } from '../../lib/core/formats';

/** Every GCP region (https://cloud.google.com/about/locations, 2026-12). */
const GCP_REGIONS = [
  ...['africa-south1', 'asia-east1', 'asia-east2', 'asia-northeast1', 'asia-northeast2', 'asia-northeast3', 'asia-south1'],
  ...['asia-south2', 'asia-southeast1', 'asia-southeast2', 'asia-southeast3', 'australia-southeast1', 'australia-southeast2'],
  ...['europe-central2', 'europe-north1', 'europe-north2', 'europe-southwest1', 'europe-west1', 'europe-west2', 'europe-west3'],
  ...['europe-west4', 'europe-west6', 'europe-west8', 'europe-west9', 'europe-west10', 'europe-west12', 'me-central1'],
  ...['me-central2', 'me-west1', 'northamerica-northeast1', 'northamerica-northeast2', 'northamerica-south1'],
  ...['southamerica-east1', 'southamerica-west1', 'us-central1', 'us-east1', 'us-east4', 'us-east5', 'us-south1', 'us-west1'],
  ...['us-west2', 'us-west3', 'us-west4'],
];

describe('regions', () => {
  test('every AWS region the provider knows (commercial, China, GovCloud, ISO, European Sovereign Cloud) is an AWS region, not a GCP one', () => {
    const regions = Object.values(AwsRegion);
    expect(regions).toEqual(expect.arrayContaining(['us-west-2', 'cn-northwest-1', 'us-gov-west-1', 'us-isob-east-1', 'eusc-de-east-1']));
    expect(regions.filter((r) => !isRegion('aws', r) || isRegion('gcp', r))).toEqual([]);
  });

  test('every GCP region is a GCP region, not an AWS one', () => {
    expect(GCP_REGIONS.filter((r) => !isRegion('gcp', r) || isRegion('aws', r))).toEqual([]);
  });

  test.each([
    '',
    'us-west-2 ',
    'US-WEST-2',
    'us_west_2',
    'us-west',
    'us-west-2a',
    'us-west-2;touch x',
    'us-west-2$(id)',
    'us-west-2\nus-east-1',
    'us-west-1\u2028',
    '-us-west-2',
  ])('%j is a region of neither cloud', (v) => {
    expect([isRegion('aws', v), isRegion('gcp', v), isRegion(undefined, v)]).toEqual([false, false, false]);
  });
});

describe('HTTP paths', () => {
  test.each([
    ['/', false],
    ['/healthz', false],
    ['/api/v1/', false],
    ['/~user/a.b_c-d:e@f+g,h=i', false],
    ['/caf%C3%A9', false],
    ['/healthz?verbose', true],
    ['/healthz?js-enabled-only=true', true],
    ['/q?next=/a/b?c', true],
  ])('%s is an HTTP path (query allowed: %s)', (v, query) => {
    expect(isHttpPath(v, query)).toBe(true);
  });

  test.each([
    ['healthz', 'relative'],
    ['', 'empty'],
    ['/a b', 'a space'],
    ['/a\nb', 'a newline'],
    ["/a'b", 'a single quote'],
    ['/a"b', 'a double quote'],
    ['/$(touch x)', 'a command substitution'],
    ['/`id`', 'a backtick'],
    ['/a;b', 'a semicolon'],
    ['/a|b', 'a pipe'],
    ['/a&b', 'an ampersand'],
    ['/a*', 'a glob'],
    ['/a!b', 'a history expansion'],
    ['/a\\b', 'a backslash'],
    ['/a#b', 'a fragment'],
    ['/a%zz', 'a bad escape'],
    ['/a%2Fb', 'an encoded slash'],
    ['//a', 'an empty segment'],
    ['/a/../b', 'a .. segment'],
    ['/a/%2e%2E', 'an encoded .. segment'],
    ['/a/./b', 'a . segment'],
    ['/caf\u00e9', 'a non-ASCII letter'],
  ])('%j is not an HTTP path: %s', (v) => {
    expect([isHttpPath(v, false), isHttpPath(v, true)]).toEqual([false, false]);
  });

  test.each(['/healthz?a=1&b=2', '/healthz?a b', '/healthz?$(id)', "/healthz?'", '/healthz?a#b'])(
    '%j has a query a shell acts on: refused',
    (v) => {
      expect(isHttpPath(v, true)).toBe(false);
    },
  );

  test('a route or metrics path has no query', () => {
    expect(isHttpPath('/healthz?verbose', false)).toBe(false);
  });
});

describe('one-line text', () => {
  test.each(['database', 'region', 'availability zone', "ransomware (bucket encrypted), tenant's data", 'perte de la région'])(
    '%j is one line of plain text',
    (v) => {
      expect(isPlainText(v, 60)).toBe(true);
    },
  );

  test.each([
    ['', 'empty'],
    [' region', 'a leading space'],
    ['a\nb', 'a newline'],
    ['a\rb', 'a carriage return'],
    ['a\u2028b', 'a line separator'],
    ['a\u0085b', 'a next-line character'],
    ['a\u202eb', 'a bidirectional override'],
    ['a\u0000b', 'a NUL'],
    ['```sh', 'a fence'],
    ['a|b', 'a table cell'],
    ['<img src=x>', 'HTML'],
    ['x'.repeat(61), 'too long'],
  ])('%j is not one line of plain text: %s', (v) => {
    expect(isPlainText(v, 60)).toBe(false);
  });
});
