/**
 * The formats of the strings that reach a shell or Markdown (the runbook) and the diagram: real
 * names pass, and nothing a shell or Markdown acts on does.
 */
import { Region as AwsRegion } from '@pulumi/aws/types/enums';
import { isCidr, isCronSchedule, isHttpPath, isPlainText, isRegion, isTimeZone } from 'production-stack/core/formats';

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

describe('IPv4 CIDRs', () => {
  test.each(['10.0.0.0/16', '0.0.0.0/0', '255.255.255.255/32', '192.168.1.0/24', '1.2.3.4/9'])('%s is a CIDR', (v) => {
    expect(isCidr(v)).toBe(true);
  });

  test.each([
    ['256.0.0.0/8', 'a first octet above 255'],
    ['10.256.0.0/16', 'a second octet above 255'],
    ['10.0.256.0/24', 'a third octet above 255'],
    ['10.0.0.256/32', 'a fourth octet above 255'],
    ['10.0.0.0/33', 'a prefix above 32'],
    ['1000.0.0.0/8', 'an octet of four digits'],
    ['10.0.0.0/100', 'a prefix of three digits'],
    ['10.0.0.0', 'no prefix'],
    ['10.0.0/8', 'three octets'],
    [' 10.0.0.0/16', 'a leading space'],
    ['10.0.0.0/16 ', 'a trailing space'],
    ['10.0.0.0/16\n', 'a trailing newline'],
    ['fd00::/8', 'IPv6'],
  ])('%j is not an IPv4 CIDR: %s', (v) => {
    expect(isCidr(v)).toBe(false);
  });
});

test('a cron schedule is five fields within their ranges, or a macro (robfig/cron v3, which Kubernetes parses)', () => {
  expect(['0 3 * * *', '*/15 * * * 1-5', '59 23 31 12 6', '@daily'].map(isCronSchedule)).toEqual([true, true, true, true]);
  expect(['60 3 * * *', '0 24 * * *', '0 3 * *', '@fortnightly', ''].map(isCronSchedule)).toEqual([false, false, false, false, false]);
});

describe('time zones', () => {
  // IANA names Go's time.LoadLocation finds in the tz database (what a CronJob's timeZone is read with)
  test.each(['Europe/Berlin', 'UTC', 'Etc/GMT+5', 'Etc/GMT-14', 'America/Port-au-Prince', 'Asia/Kolkata', 'Asia/Calcutta'])(
    '%s is a time zone',
    (v) => {
      expect(isTimeZone(v)).toBe(true);
    },
  );

  test('a part of 14 characters is accepted, of 15 refused (the tz database’s Theory file: at most 14)', () => {
    // America/Argentina/ComodRivadavia is a link of the database; its last part is 14 characters long
    expect(isTimeZone('America/Argentina/ComodRivadavia')).toBe(true);
    expect(isTimeZone('America/Argentina/ComodRivadaviaX')).toBe(false);
  });

  test.each([
    ['Local', 'the local zone, which Kubernetes refuses'],
    ['SystemV/AST4', 'a name ICU knows and the tz database dropped'],
    ['US/Pacific-New', 'a name ICU resolves and the tz database dropped'],
    ['europe/berlin', 'a name spelled in another case (Go is case-sensitive)'],
    ['utc', 'UTC in lower case'],
    ['asia/kolkata', 'a link spelled in another case'],
    ['Asia/kolkata', 'a link with a part in lower case'],
    ['Europe/Nowhere', 'a name the database does not have'],
    ['Europe/Berlin/', 'an empty part'],
    ['/Europe/Berlin', 'a leading slash'],
    ['Europe/../Berlin', 'a .. part'],
    ['./UTC', 'a . part'],
    ['-', 'a part that is only a dash'],
    ['Europe/Berlin ', 'a trailing space'],
    ['Europe/Berlin;id', 'a semicolon'],
  ])('%j is not a time zone: %s', (v) => {
    expect(isTimeZone(v)).toBe(false);
  });
});

test('without a cloud (or another one), a region of either cloud is a region', () => {
  expect([isRegion(undefined, 'us-west-2'), isRegion(undefined, 'us-central1'), isRegion('azure', 'europe-west1')]).toEqual([
    true,
    true,
    true,
  ]);
  expect([isRegion(undefined, 'westeurope'), isRegion('azure', 'us_west')]).toEqual([false, false]);
});

test('a segment that only starts or ends with a dot is a name, not a dot segment (RFC 8615’s /.well-known)', () => {
  expect(['/.well-known/acme-challenge/x', '/files/a.', '/a/..b', '/a/b..', '/%2ea'].map((v) => isHttpPath(v, false))).toEqual([
    true,
    true,
    true,
    true,
    true,
  ]);
  expect(['/a/.', '/a/..', '/a/%2E', '/..', '/a/.../b'].map((v) => isHttpPath(v, false))).toEqual([false, false, false, false, true]);
});

test('plain text of exactly the most characters allowed passes', () => {
  expect(isPlainText('x'.repeat(60), 60)).toBe(true);
  expect(isPlainText('x'.repeat(61), 60)).toBe(false);
});

test('a region number of two digits is a region on either cloud, of three none', () => {
  expect([isRegion('aws', 'ap-southeast-10'), isRegion('gcp', 'europe-west12')]).toEqual([true, true]);
  expect([isRegion('aws', 'ap-southeast-100'), isRegion('gcp', 'europe-west100')]).toEqual([false, false]);
});

test('a link in another case is refused when any part starts in lower case, wherever its capitals are', () => {
  expect(['aSia/Kolkata', 'Asia/kOLKATA', 'us/Eastern'].map(isTimeZone)).toEqual([false, false, false]);
  expect(['US/Eastern', 'Europe/Kyiv'].map(isTimeZone)).toEqual([true, true]);
});

test('a name in the database spelled in another case is refused, even with every part capitalised (Europe/BERLIN)', () => {
  expect(isTimeZone('Europe/BERLIN')).toBe(false);
});

describe('the name rules hold whatever the ICU at hand knows (Node builds ship different ICU data)', () => {
  // an ICU that knows every name, as it is spelled: only the rules of the module decide
  beforeEach(() => {
    jest
      .spyOn(Intl, 'DateTimeFormat')
      .mockImplementation((_locale, options) => ({ resolvedOptions: () => ({ timeZone: options?.timeZone }) }) as Intl.DateTimeFormat);
  });
  afterEach(() => jest.restoreAllMocks());

  test('Kubernetes refuses Local; the database dropped SystemV/*, US/Pacific-New and Canada/East-Saskatchewan', () => {
    expect(['Local', 'SystemV/AST4', 'SystemV/X', 'US/Pacific-New', 'Canada/East-Saskatchewan'].map(isTimeZone)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['Europe/Berlin', 'xSystemV/AST4', 'US/Pacific-Newer', 'Locals'].map(isTimeZone)).toEqual([true, true, true, true]);
  });

  test('each part 1 to 14 of letters, digits, . _ + -, and not . .. or -', () => {
    expect(
      [
        'America/Argentina/ComodRivadaviaX',
        'Europe/Berlin ',
        ' Europe/Berlin',
        'Europe//Berlin',
        'Europe/./Berlin',
        'Europe/../Berlin',
        'Etc/-',
        'a:b',
      ].map(isTimeZone),
    ).toEqual([false, false, false, false, false, false, false, false]);
    expect(['America/Argentina/ComodRivadavia', 'Etc/GMT+5', 'A/B.c_d-1'].map(isTimeZone)).toEqual([true, true, true]);
  });
});
