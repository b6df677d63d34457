/**
 * Secret material in a string, whatever its field's name (lib/core/secret-material.ts): each credential format at
 * its documented prefix and length (one character short is no match), URLs and connection strings with a
 * password, chat webhooks, PEM private keys and JWTs. The tokens here are made up to the formats' shapes.
 */
import {
  CONNECTION_PASSWORD_KEYS,
  hasConnectionPassword,
  hasUrlPassword,
  secretMaterial,
  stringLeaves,
} from 'production-stack/core/secret-material';

const r = (n: number, s = 'a') => s.repeat(n);
const mixed = (n: number) => 'aB3'.repeat(Math.ceil(n / 3)).slice(0, n);
const hex = (n: number) => r(n, 'f');

describe('credential formats: the format at its length, none one character short', () => {
  test.each<[string, string, string]>([
    ['a GitHub token', `ghp_${mixed(30)}`, `ghp_${mixed(29)}`],
    ['a GitHub token', `gho_${mixed(30)}`, `ghx_${mixed(30)}`],
    ['a GitHub token', `ghu_${mixed(30)}`, `gh_${mixed(30)}`],
    ['a GitHub token', `ghs_${mixed(30)}`, `ghs-${mixed(30)}`],
    ['a GitHub token', `ghr_${mixed(30)}`, `xghr_${mixed(30)}`],
    ['a GitHub token', `github_pat_${mixed(22)}`, `github_pat_${mixed(21)}`],
    ['a Slack token', `xoxb-${r(10, '1')}`, `xoxb-${r(9, '1')}`],
    ['a Slack token', `xoxp-${r(10, '1')}`, `xoxc-${r(10, '1')}`],
    ['a Slack token', `xapp-1-${r(10, 'A')}`, `xapp-x-${r(10, 'A')}`],
    ['a Stripe live key', `sk_live_${mixed(16)}`, `sk_live_${mixed(15)}`],
    ['a Stripe live key', `rk_live_${mixed(16)}`, `sk_test_${mixed(16)}`],
    ['an Anthropic API key', `sk-ant-${mixed(20)}`, `sk-ant-${mixed(19)}`],
    ['an OpenAI API key', `sk-${mixed(32)}`, `sk-${mixed(31)}`],
    ['an OpenAI API key', `sk-proj-${mixed(32)}`, `sk-${r(32, 'a')}`],
    ['an AWS access key ID', `AKIA${r(16, 'A')}`, `AKIA${r(15, 'A')}`],
    ['an AWS access key ID', `ASIA${r(16, '7')}`, `AKIA${r(17, 'A')}`],
    ['a Google API key', `AIza${mixed(35)}`, `AIza${mixed(34)}`],
    ['a GitLab token', `glpat-${mixed(20)}`, `glpat-${mixed(19)}`],
    ['a GitLab token', `glsoat-${mixed(20)}`, `glx-${mixed(20)}`],
    ['an npm token', `npm_${mixed(36)}`, `npm_${mixed(35)}`],
    ['an npm token', `npm_${mixed(36)}`, `npm_${mixed(37)}`],
    ['a Hugging Face token', `hf_${r(15, 'aB')}`.slice(0, 33), `hf_${r(30, 'a')}`],
    ['a PyPI token', `pypi-AgEIcHlwaS5vcmc${mixed(50)}`, `pypi-AgEIcHlwaS5vcmc${mixed(49)}`],
    ['a Shopify token', `shpat_${hex(32)}`, `shpat_${hex(31)}`],
    ['a Shopify token', `shpss_${hex(32)}`, `shpxx_${hex(32)}`],
    ['a DigitalOcean token', `dop_v1_${hex(64)}`, `dop_v1_${hex(63)}`],
    ['a DigitalOcean token', `dor_v1_${hex(64)}`, `dox_v1_${hex(64)}`],
    ['a Databricks token', `dapi${hex(32)}`, `dapi${hex(31)}`],
    ['a Databricks token', `dapi${hex(32)}-2`, `dapi${hex(32)}-x2`],
    ['a Postman API key', `PMAK-${hex(24)}-${hex(34)}`, `PMAK-${hex(24)}-${hex(33)}`],
    ['a Grafana service account token', `glsa_${mixed(32)}_${hex(8)}`, `glsa_${mixed(32)}_${hex(7)}`],
    ['an age secret key', `AGE-SECRET-KEY-1${r(58, 'Q')}`, `AGE-SECRET-KEY-1${r(57, 'Q')}`],
    ['a SendGrid API key', `SG.${mixed(22)}.${mixed(43)}`, `SG.${mixed(21)}.${mixed(43)}`],
    ['a SendGrid API key', `key: SG.${mixed(22)}.${mixed(43)}`, `SG.${mixed(22)}`],
    ['a HashiCorp Vault token', `hvs.${mixed(24)}`, `hvs.${mixed(23)}`],
    ['a HashiCorp Vault token', `hvb.${mixed(24)}`, `hvx.${mixed(24)}`],
  ])('%s: %s, not %s', (what, yes, no) => {
    expect([secretMaterial(yes), secretMaterial(no)]).toEqual([what, undefined]);
  });

  test('a token inside text, after a dot or quote, is found', () => {
    expect(secretMaterial(`token "ghp_${mixed(30)}" here`)).toBe('a GitHub token');
    expect(secretMaterial(`x.AKIA${r(16, 'B')}`)).toBe('an AWS access key ID');
  });

  test('Hugging Face tokens are letters of both cases; OpenAI keys mix cases and digits', () => {
    expect(secretMaterial(`hf_${r(15, 'aB')}`)).toBe('a Hugging Face token');
    expect(secretMaterial(`hf_${r(30, 'A')}`)).toBeUndefined();
    expect(secretMaterial(`hf_${r(30, 'a')}`)).toBeUndefined();
    expect(secretMaterial(`hf_${r(29, 'A')}b`)).toBe('a Hugging Face token');
    expect(secretMaterial(`sk-${r(16, 'aB')}`)).toBeUndefined();
    expect(secretMaterial(`sk-${r(11, 'a3b')}`)).toBeUndefined();
    expect(secretMaterial(`sk-${r(11, 'AB3')}`)).toBeUndefined();
    expect(secretMaterial(`sk-proj-${r(11, 'AB3')}`)).toBeUndefined();
    expect(secretMaterial(`sk-proj-${r(10, 'AB3')}a3B`)).toBe('an OpenAI API key');
  });
});

test('a JWT: two base64url JSON parts of 10 characters or more, and a signature', () => {
  expect(secretMaterial('eyJhbGciOi.eyJzdWIiOi.c2ln')).toBe('a JWT');
  expect(secretMaterial('Bearer eyJhbGciOi.eyJzdWIiOi.c2ln')).toBe('a JWT');
  expect(secretMaterial('eyJhbGciO.eyJzdWIiOi.c2ln')).toBeUndefined();
  expect(secretMaterial('eyJhbGciOi.eyJzdWIiO.c2ln')).toBeUndefined();
  expect(secretMaterial('eyJhbGciOi.eyJzdWIiOi')).toBeUndefined();
  expect(secretMaterial('eyJhbGciOi.abcdefghijk.c2ln')).toBeUndefined();
  expect(secretMaterial('abcdefghijk.eyJzdWIiOi.c2ln')).toBeUndefined();
});

test('a PEM private key of any kind; a public key or the words alone are none', () => {
  for (const kind of ['RSA ', 'EC ', 'OPENSSH ', 'ENCRYPTED ', ''])
    expect(secretMaterial(`x\n-----BEGIN ${kind}PRIVATE KEY-----\nMII`)).toBe('a PEM private key');
  expect(secretMaterial('-----BEGIN PGP PRIVATE KEY BLOCK-----')).toBe('a PEM private key');
  expect(secretMaterial('-----BEGIN PUBLIC KEY-----')).toBeUndefined();
  expect(secretMaterial('mount the PRIVATE KEY here')).toBeUndefined();
  expect(secretMaterial(`-----BEGIN ${r(41, 'A')}PRIVATE KEY-----`)).toBeUndefined();
});

describe('URLs with a password', () => {
  test.each([
    'postgres://app:s3cret@db/app',
    'redis://:pw@host:6379',
    'see http://a/ and amqp://u:p@b',
    'x://u:p@h?q',
    'x://u:p@h#f',
    'x://u:pass@host',
  ])('%j has one', (v) => {
    expect(hasUrlPassword(v)).toBe(true);
    expect(secretMaterial(v)).toBe('a URL with a password');
  });

  test.each([
    'https://user@host/x',
    'postgres://app:$(DB_PASSWORD)@db',
    'postgres://app:${DB_PASSWORD}@db',
    'postgres://app:$DB_PASSWORD@db',
    'postgres://app:@db',
    'http://host/path?x=a:b@c',
    'http://host?x=a:b@c',
    'http://host#a:b@c',
    'x://@host',
    'x://u:p "@h"',
    "x://u:p'@h",
    'x://u:p<@h>',
    'x://u:p\u007f@h',
    'x://u:p @h',
    'x://u:p>@h',
    'x://u:p"@h',
    'http://host/a:b@c',
    'no url at all',
  ])('%j has none', (v) => {
    expect(hasUrlPassword(v)).toBe(false);
  });

  test('a password that only looks like a reference is a password', () => {
    expect(hasUrlPassword('x://u:a$B@h')).toBe(true);
    expect(hasUrlPassword('://u:p@h')).toBe(true);
    expect(hasUrlPassword('x://u:$(a-b)@h')).toBe(true);
    expect(hasUrlPassword('x://u:$1abc@h')).toBe(true);
    expect(hasUrlPassword('x://u:${A}x@h')).toBe(true);
  });
});

describe('connection strings with a password', () => {
  test('the keys: password, passwd, pwd, sslpassword, client_secret', () => {
    expect(CONNECTION_PASSWORD_KEYS).toEqual(['password', 'passwd', 'pwd', 'sslpassword', 'client_secret']);
  });

  test.each([
    'host=db password=x',
    'Server=db;Password=x;',
    'PWD=x',
    'password = x',
    'password=\tx',
    'a&password=x',
    'jdbc:postgresql://db/app?user=app&passwd=x',
    'sslpassword=x',
    'client_secret=x',
    'password="x"',
    'password= "x"',
    'jdbc:x?password=y',
    'password\t=x',
    "password='x'",
    'x\npassword=y',
  ])('%j has one', (v) => {
    expect(hasConnectionPassword(v)).toBe(true);
    expect(secretMaterial(v)).toBe('a connection string with a password');
  });

  test.each([
    'password=',
    'password= ',
    'password=$(PW)',
    'password={pw}',
    'password=%(pw)s',
    'password=""',
    "password=''",
    'password=;',
    'password=&x',
    'mypassword=x',
    'password:x',
    'password',
    'user=x',
    'password password=',
    'password=\nx',
  ])('%j has none', (v) => {
    expect(hasConnectionPassword(v)).toBe(false);
  });

  test('a key found once without a value and again with one', () => {
    expect(hasConnectionPassword('password_hint=1;password=x')).toBe(true);
    expect(hasConnectionPassword('xpassword=1 password=x')).toBe(true);
  });
});

test.each<[string, string]>([
  ['a Slack webhook URL', 'https://hooks.slack.com/services/T0/B0/x'],
  ['a Slack webhook URL', 'https://hooks.slack.com/workflows/T0/x'],
  ['a Slack webhook URL', 'https://hooks.slack.com/triggers/T0/x'],
  ['a Discord webhook URL', 'https://discord.com/api/webhooks/1/x'],
  ['a Discord webhook URL', 'https://DISCORDAPP.com/api/webhooks/1/x'],
  ['a Microsoft Teams webhook URL', 'https://acme.webhook.office.com/webhookb2/x'],
])('%s: %s', (what, v) => {
  expect(secretMaterial(v)).toBe(what);
});

test('the checks in order: a PEM key first, then a URL, a connection string, a webhook', () => {
  expect(secretMaterial('-----BEGIN PRIVATE KEY----- postgres://a:b@c')).toBe('a PEM private key');
  expect(secretMaterial('postgres://a:b@c?password=x')).toBe('a URL with a password');
  expect(secretMaterial('password=x https://hooks.slack.com/services/a')).toBe('a connection string with a password');
  expect(secretMaterial(`https://hooks.slack.com/services/ghp_${mixed(30)}`)).toBe('a Slack webhook URL');
});

test('plain values hold none', () => {
  for (const v of [
    'hello world',
    'https://example.com/path',
    'a.b.c',
    '',
    'eyJ',
    'SG',
    'hvs.',
    'hvb',
    'x.hvb',
    'key=value',
    'hooks.slack.com/other',
  ])
    expect([v, secretMaterial(v)]).toEqual([v, undefined]);
});

describe('string leaves', () => {
  test('every string under arrays and plain objects, with its path, in order', () => {
    expect([...stringLeaves({ a: { b: ['x', { c: 'y' }, 3] }, d: 'z', e: null, f: true })]).toEqual([
      ['a.b[0]', 'x'],
      ['a.b[1].c', 'y'],
      ['d', 'z'],
    ]);
    expect([...stringLeaves({ a: 'x' }, 'spec')]).toEqual([['spec.a', 'x']]);
    expect([...stringLeaves('x', 'spec')]).toEqual([['spec', 'x']]);
    expect([...stringLeaves(['x'])]).toEqual([['[0]', 'x']]);
  });

  test('objects without a prototype are read; class instances are not; each object once', () => {
    const bare = Object.assign(Object.create(null) as object, { k: 'v' });
    expect([...stringLeaves({ bare, date: new Date(0), map: new Map([['a', 'b']]) })]).toEqual([['bare.k', 'v']]);
    const loop: Record<string, unknown> = { s: 'x' };
    loop.self = loop;
    loop.again = [loop];
    expect([...stringLeaves(loop)]).toEqual([['s', 'x']]);
  });
});

test('a format starts its token: with a character before its prefix it is none; a fixed-length one ends it', () => {
  const starts = [
    `ghp_${mixed(30)}`,
    `github_pat_${mixed(22)}`,
    `xoxb-${r(10, '1')}`,
    `xapp-1-${r(10, 'A')}`,
    `sk_live_${mixed(16)}`,
    `sk-ant-${mixed(20)}`,
    `AKIA${r(16, 'A')}`,
    `AIza${mixed(35)}`,
    `glpat-${mixed(20)}`,
    `npm_${mixed(36)}`,
    `hf_${r(15, 'aB')}`,
    `pypi-AgEIcHlwaS5vcmc${mixed(50)}`,
    `shpat_${hex(32)}`,
    `dop_v1_${hex(64)}`,
    `dapi${hex(32)}`,
    `PMAK-${hex(24)}-${hex(34)}`,
    `glsa_${mixed(32)}_${hex(8)}`,
    `AGE-SECRET-KEY-1${r(58, 'Q')}`,
  ];
  expect(starts.filter((t) => secretMaterial(`9${t}`) !== undefined)).toEqual([]);
  const fixed = [
    `AKIA${r(16, 'A')}A`,
    `npm_${mixed(36)}a`,
    `hf_${r(15, 'aB')}1`,
    `shpat_${hex(32)}f`,
    `dop_v1_${hex(64)}f`,
    `dapi${hex(32)}f`,
    `dapi${hex(32)}-22`,
  ];
  expect(
    fixed
      .concat([`PMAK-${hex(24)}-${hex(34)}f`, `glsa_${mixed(32)}_${hex(8)}f`, `AGE-SECRET-KEY-1${r(58, 'Q')}Q`])
      .filter((t) => secretMaterial(t) !== undefined),
  ).toEqual([]);
});

test('a SendGrid key’s parts are exactly 22 and 43 characters', () => {
  expect(secretMaterial(`SG.${mixed(23)}.${mixed(43)}`)).toBeUndefined();
  expect(secretMaterial(`SG.${mixed(22)}.${mixed(44)}`)).toBeUndefined();
});

test('a class instance’s own strings are not read', () => {
  class Holder {
    readonly s = 'x';
  }
  expect([...stringLeaves({ h: new Holder() })]).toEqual([]);
});
