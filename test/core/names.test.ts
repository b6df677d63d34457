/**
 * Name rules (lib/core/names.ts): Kubernetes' (RFC 1123 labels and subdomains, IANA service names for ports, the
 * apimachinery validation), the clouds' (IAM role ARNs, service account emails, bucket names) and the rule that
 * tells a variable or key holding secret material by its name.
 */
import {
  ENV_NAME,
  HOSTNAME,
  imageProblem,
  isBucketName,
  isCloudIdentity,
  isDns1123Label,
  isDns1123Subdomain,
  isPortName,
  isSecretLikeEnvName,
  isSecretLikeKey,
} from 'production-stack/core/names';

const all = (f: (v: string) => boolean, vs: string[]) => vs.filter((v) => !f(v));
const none = (f: (v: string) => boolean, vs: string[]) => vs.filter((v) => f(v));

test('a DNS-1123 label: lowercase alphanumerics and inner dashes, 1 to 63 characters', () => {
  expect(all(isDns1123Label, ['a', '0', 'a-b', 'a--b', 'x'.repeat(63)])).toEqual([]);
  expect(none(isDns1123Label, ['', '-a', 'a-', 'A', 'a_b', 'a.b', 'x'.repeat(64), 'a\n'])).toEqual([]);
});

test('a DNS-1123 subdomain: labels joined by dots, at most 253 characters', () => {
  const long = (n: number) =>
    Array.from({ length: 64 }, () => 'abc')
      .join('.')
      .slice(0, n);
  expect(long(253)).toHaveLength(253);
  expect(all(isDns1123Subdomain, ['a', 'a.b.c', 'shop-api.prod', long(253)])).toEqual([]);
  expect(none(isDns1123Subdomain, ['a..b', '.a', 'a.', 'A.b', 'a_b.c', `${long(253)}c`])).toEqual([]);
});

test('a host: a subdomain, with an optional leading wildcard label', () => {
  expect(all((v) => HOSTNAME.test(v), ['shop.example.com', '*.example.com', 'a', 'a-1.b'])).toEqual([]);
  expect(
    none((v) => HOSTNAME.test(v), ['*.', '*', 'a..b', '.a', 'a.', '**.a', 'a.*.b', 'Shop.com', '-a.com', 'a-.com', 'x*.a', 'a.com\n']),
  ).toEqual([]);
});

test('a port name: an IANA service name, 1 to 15 characters with a letter, no double dash', () => {
  expect(all(isPortName, ['http', 'grpc-web', 'h2c', '1a', 'a', 'x'.repeat(15)])).toEqual([]);
  expect(none(isPortName, ['123', 'a--b', 'x'.repeat(16), '-a', 'a-', 'HTTP', 'a_b', ''])).toEqual([]);
});

test('an environment variable name: a letter or _ then letters, digits and _', () => {
  expect(all((v) => ENV_NAME.test(v), ['A', '_X', 'a1', 'DB_URL'])).toEqual([]);
  expect(none((v) => ENV_NAME.test(v), ['1A', 'A-B', '', 'A B', 'A.B', 'A\n'])).toEqual([]);
});

describe('cloud identities', () => {
  test('an IAM role ARN of any partition, with a path; not a user, not an account of 11 digits', () => {
    expect(
      all(isCloudIdentity, [
        'arn:aws:iam::123456789012:role/app',
        'arn:aws-us-gov:iam::123456789012:role/path/app+x=y,z.w@q-1',
        'arn:aws-cn:iam::123456789012:role/app_1',
      ]),
    ).toEqual([]);
    expect(
      none(isCloudIdentity, [
        'arn:aws:iam::12345678901:role/app',
        'arn:aws:iam::1234567890123:role/app',
        'arn:aws:iam::123456789012:user/app',
        'arn:aws:iam::123456789012:role/',
        'arn:aws:iam::123456789012:role/a b',
        'xarn:aws:iam::123456789012:role/app',
        'arn:aws:iam::123456789012:role/app\n',
      ]),
    ).toEqual([]);
  });

  test('a Google service account email: an account ID and a project ID of 6 to 30 characters each', () => {
    const id = (n: number) => `a${'b'.repeat(n - 2)}c`;
    expect(
      all(isCloudIdentity, [
        `${id(6)}@${id(6)}.iam.gserviceaccount.com`,
        `${id(30)}@${id(30)}.iam.gserviceaccount.com`,
        'app-sa@my-project-1.iam.gserviceaccount.com',
      ]),
    ).toEqual([]);
    expect(
      none(isCloudIdentity, [
        `${id(5)}@${id(6)}.iam.gserviceaccount.com`,
        `${id(31)}@${id(6)}.iam.gserviceaccount.com`,
        `${id(6)}@${id(5)}.iam.gserviceaccount.com`,
        `${id(6)}@${id(31)}.iam.gserviceaccount.com`,
        'app-sa-@my-project.iam.gserviceaccount.com',
        '1app-sa@my-project.iam.gserviceaccount.com',
        'app-sa@my-project.iam.gserviceaccount.com.evil',
        'app-sa@my-project.gserviceaccount.com',
        'App-sa@my-project.iam.gserviceaccount.com',
      ]),
    ).toEqual([]);
  });
});

test('a bucket name S3 and GCS both accept: 3 to 63 of lowercase letters, digits, - and ., alphanumeric ends, no ..', () => {
  expect(all(isBucketName, ['abc', 'my.bucket-1', 'x'.repeat(63)])).toEqual([]);
  expect(none(isBucketName, ['ab', 'x'.repeat(64), 'a..b', '-ab', 'ab-', '.ab', 'ab.', 'My-bucket', 'a_b', 'abc\n'])).toEqual([]);
});

describe('a variable that holds secret material, by its name', () => {
  test.each([
    'PASSWORD',
    'PASSWD',
    'PASSPHRASE',
    'SECRET',
    'TOKEN',
    'CREDENTIAL',
    'CREDENTIALS',
    'CRED',
    'CREDS',
    'DSN',
    'APIKEY',
    'PRIVKEY',
    'PRIVATEKEY',
  ])('%s anywhere in the name makes it one (but not ending a location or setting)', (word) => {
    expect([isSecretLikeEnvName(`APP_${word}_OTHER`), isSecretLikeEnvName(`${word}`), isSecretLikeEnvName(`APP_${word}_FILE`)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  test.each(['KEY', 'KEYS', 'PASS', 'PWD', 'PW', 'PAT', 'SALT', 'PEPPER', 'PEM', 'P12', 'PFX', 'WEBHOOK'])(
    '%s makes it one when it ends the name, not elsewhere',
    (word) => {
      expect([isSecretLikeEnvName(`APP_${word}`), isSecretLikeEnvName(`${word}_ROUNDS`)]).toEqual([true, false]);
    },
  );

  test.each(['B64', 'BASE64', 'HEX', 'RAW', 'DATA', 'CONTENT', 'CONTENTS', 'JSON', 'VALUE', 'STR', 'STRING', 'DER'])(
    'an encoding (%s) after the material is dropped: TLS_KEY_<it> is a key',
    (encoding) => {
      expect([isSecretLikeEnvName(`TLS_KEY_${encoding}`), isSecretLikeEnvName(`MODE_${encoding}`)]).toEqual([true, false]);
    },
  );

  test.each([
    'PRIMARY',
    'SECONDARY',
    'OLD',
    'NEW',
    'CURRENT',
    'PREV',
    'PREVIOUS',
    'NEXT',
    'ALT',
    'BACKUP',
    'FALLBACK',
    'LEGACY',
    'ROTATED',
    'MAIN',
  ])('a qualifier (%s) after the material is dropped: API_KEY_<it> is a key', (qualifier) => {
    expect([isSecretLikeEnvName(`API_KEY_${qualifier}`), isSecretLikeEnvName(`REGION_${qualifier}`)]).toEqual([true, false]);
  });

  test.each(['FILE', 'FILES', 'FILENAME', 'PATH', 'DIR', 'STDIN', 'NAME', 'REF', 'ID', 'ARN', 'URL', 'URI', 'ENDPOINT'])(
    'a name ending in a location (%s) names where material is, not the material',
    (location) => {
      expect([isSecretLikeEnvName(`DB_PASSWORD_${location}`), isSecretLikeEnvName(`TLS_KEY_${location}`)]).toEqual([false, false]);
    },
  );

  test.each(
    [
      'TTL',
      'EXPIRY',
      'EXPIRATION',
      'LIFETIME',
      'TIMEOUT',
      'LENGTH',
      'POLICY',
      'TYPE',
      'MODE',
      'AUDIENCE',
      'ISSUER',
      'SCOPE',
      'SCOPES',
    ].concat(['ALGORITHM', 'FORMAT', 'HEADER', 'PROVIDER', 'STORE', 'BACKEND', 'ENABLED', 'DISABLED', 'REQUIRED', 'LIMIT', 'INTERVAL']),
  )('a name ending in a setting (%s) is a setting about a secret', (setting) => {
    expect([isSecretLikeEnvName(`TOKEN_${setting}`), isSecretLikeEnvName(`API_KEY_${setting}`)]).toEqual([false, false]);
  });

  test.each(['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'APIKEY', 'PRIVATEKEY', 'SECRETKEY', 'ACCESSKEY', 'SIGNINGKEY', 'ENCRYPTIONKEY'])(
    'one word ending in %s is one',
    (suffix) => {
      expect([isSecretLikeEnvName(`MY${suffix}`), isSecretLikeEnvName(`X_MY${suffix}_Y`)]).toEqual([true, true]);
    },
  );

  test('a webhook’s URL is the secret itself, and a list of them', () => {
    expect(['SLACK_WEBHOOK_URL', 'SLACK_WEBHOOK_URI', 'SLACK_WEBHOOK_URLS', 'SLACK_WEBHOOK'].map(isSecretLikeEnvName)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['SLACK_WEBHOOK_PATH', 'SLACK_URL', 'SLACK_URLS', 'WEBHOOK_URLS_X', 'URLS'].map(isSecretLikeEnvName)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test.each(['ENABLE', 'ENABLED', 'DISABLE', 'DISABLED', 'REQUIRE', 'REQUIRED', 'USE', 'SKIP', 'NO', 'ALLOW', 'FORCE', 'WITH'])(
    'AUTH after a switch (%s_AUTH) is a switch; after another word a credential',
    (word) => {
      expect([isSecretLikeEnvName(`${word}_AUTH`), isSecretLikeEnvName(`X_${word}_AUTH`)]).toEqual([false, false]);
    },
  );

  test('AUTH: BASIC_AUTH is a credential, AUTH alone or AUTH_MODE not', () => {
    expect(['BASIC_AUTH', 'PROXY_AUTH'].map(isSecretLikeEnvName)).toEqual([true, true]);
    expect(['AUTH', 'AUTH_MODE', '_AUTH'].map(isSecretLikeEnvName)).toEqual([false, false, false]);
  });

  test('numbers and versions after the material are dropped, or glued to it; P12 stays P12', () => {
    expect(
      ['API_KEY_1', 'SESSION_KEY_22', 'TOKEN_V2', 'API_KEY2', 'API_PASS3', 'CLIENT_CERT_P12', 'KEY_V2_B64'].map(isSecretLikeEnvName),
    ).toEqual([true, true, true, true, true, true, true]);
    expect(['REGION_2', 'V2', 'B64', '2', 'API_KEYX', 'P1', 'PORT_V2X'].map(isSecretLikeEnvName)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test('a number glued to a secret word is dropped too (TOKEN3, as KEY2): GITHUB_TOKEN2, DB_PASSWORD2, clientSecret2', () => {
    expect(['TOKEN3', 'GITHUB_TOKEN2', 'DB_PASSWORD2', 'API_SECRET_10'].map(isSecretLikeEnvName)).toEqual([true, true, true, true]);
    expect(isSecretLikeKey('clientSecret2')).toBe(true);
    expect(['DB_PASSWD2', 'X_APIKEY2', 'X_PRIVATEKEY3', 'BASIC_AUTH2', 'API_KEY22'].map(isSecretLikeEnvName)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['TOKEN3_FILE', 'PASSWORD2_TTL', 'REGION3', 'PASS2WORD', 'KEY2S'].map(isSecretLikeEnvName)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test('PWD alone is the shell’s working directory; lowercase is read as uppercase; empty words are skipped', () => {
    expect(['PWD', 'OLDPWD', '', '_', '__'].map(isSecretLikeEnvName)).toEqual([false, false, false, false, false]);
    expect(['DB_PWD', 'db_password', 'api__key', '_TOKEN_', 'PWD_1'].map(isSecretLikeEnvName)).toEqual([true, true, true, true, true]);
  });
});

describe('a configuration key or flag that names a secret', () => {
  test('by its last dotted segment, camelCase and dashes read as words', () => {
    expect(
      ['db-password', 'dbPassword', 'spring.datasource.password', 'api-key', 'DB_PASSWORD', 'a.b.apiKey', 'clientKey2'].map(
        isSecretLikeKey,
      ),
    ).toEqual([true, true, true, true, true, true, true]);
    expect(['password.file', 'passwordFile', 'db-password-file', 'keyboard', 'a.key.name', 'X9Token'].map(isSecretLikeKey)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  test('a lone key or keys (a map entry, a toleration) is not one; a dotted one neither', () => {
    expect(['key', 'keys', 'Key', 'KEYS', 'a.key', 'tolerations.key'].map(isSecretLikeKey)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['api.keyx', 'monkey', 'privateKey'].map(isSecretLikeKey)).toEqual([false, false, true]);
    expect(['keystore-password', 'basic-auth', 'smtp-pass'].map(isSecretLikeKey)).toEqual([true, true, true]);
    expect(['password_policy.enabled', 'token.ttl'].map(isSecretLikeKey)).toEqual([false, false]);
  });
});

describe('image references', () => {
  const NO_REFERENCE = 'must be a container image reference: [registry/]name[:tag][@sha256:digest], the name in lowercase';
  const sha = `sha256:${'0123456789abcdef'.repeat(4)}`;

  test('pinned to a tag or a digest', () => {
    expect(['nginx:1.27', 'registry:5000/team/app:v1', `app@sha256:${'a'.repeat(64)}`, 'a/b:latest-1'].map(imageProblem)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test('no tag, a port taken for a tag, or latest, refused; an empty tag is no reference', () => {
    expect(imageProblem('nginx')).toBe('must be pinned to a tag or digest');
    expect(imageProblem('nginx:')).toBe(NO_REFERENCE);
    expect(imageProblem('registry:5000/team/app')).toBe('must be pinned to a tag or digest');
    expect(imageProblem('nginx:latest')).toBe('must not use the mutable tag "latest"');
    expect(imageProblem('r/nginx:latest')).toBe('must not use the mutable tag "latest"');
  });

  test('empty or spaced is no reference', () => {
    expect(imageProblem('')).toBe(NO_REFERENCE);
    expect(imageProblem('nginx :1')).toBe(NO_REFERENCE);
    expect(imageProblem('nginx:1\n')).toBe(NO_REFERENCE);
  });

  // the runtime's grammar (github.com/distribution/reference): what it refuses is the pod's InvalidImageName
  test.each([
    ['a tag with no name', ':1.0'],
    ['a digest with no name', `@${sha}`],
    ['an uppercase path (the registry may be any case)', 'ghcr.io/Example/app:1.0'],
    ['an empty path component', 'ghcr.io//app:1.0'],
    ['a path ending in a separator', 'ghcr.io/app-:1.0'],
    ['a tag starting with a dot', 'app:.1'],
    ['a tag starting with a dash', 'app:-1'],
    ['two tags', 'app:1:2'],
    ['two digests', `app@${sha}@${sha}`],
    ['a tag of 129 characters', `app:${'1'.repeat(129)}`],
    ['a character no reference has', 'app:1.0!'],
  ])('%s is no reference', (_what, image) => {
    expect(imageProblem(image)).toBe(NO_REFERENCE);
  });

  test.each([
    ['the registry in any case, with a port', 'Registry.Example.com:5000/team/app:1.0'],
    ['an IPv6 registry', '[fd00::1]:5000/app:1.0'],
    ['separators inside a path component', 'ghcr.io/a.b_c__d--e/app:1.0'],
    ['a tag of 128 characters', `app:${'1'.repeat(128)}`],
    ['a tag and a digest (the digest pins it)', `app:1.0@${sha}`],
    ['a digest pins even latest', `app:latest@${sha}`],
  ])('%s is a pinned reference', (_what, image) => {
    expect(imageProblem(image)).toBeUndefined();
  });

  test('a digest is sha256 and 64 lowercase hex digits: the tag is no pin beside a bad one', () => {
    const bad = 'has a digest that is not sha256: and 64 lowercase hex digits';
    expect(imageProblem('app@sha256:abc')).toBe(bad);
    expect(imageProblem(`app:1.0@${sha.toUpperCase().replace('SHA256', 'sha256')}`)).toBe(bad);
    expect(imageProblem(`app@sha512:${'a'.repeat(128)}`)).toBe(bad);
    expect(imageProblem(`app@${sha}0`)).toBe(bad);
    expect(imageProblem(`app@x${sha}`)).toBe(bad);
    expect(imageProblem(`app@${sha}`)).toBeUndefined();
  });

  test('a path is at most 255 characters, its registry aside; a Docker Hub name is under library/', () => {
    const path = (n: number) => `team/${'a'.repeat(n - 5)}`;
    const tooLong = 'has a path longer than 255 characters (its registry aside)';
    // a long registry does not count (distribution/reference v0.6.0)
    expect(imageProblem(`${'r'.repeat(60)}.dkr.ecr.us-east-1.amazonaws.com/${path(255)}:1`)).toBeUndefined();
    expect(imageProblem(`registry.example.com/${path(256)}:1`)).toBe(tooLong);
    expect(imageProblem(`localhost/${path(256)}:1`)).toBe(tooLong);
    expect(imageProblem(`Registry/${path(255)}:1`)).toBeUndefined();
    // no registry: Docker Hub, the whole name its path
    expect(imageProblem(`${path(255)}:1`)).toBeUndefined();
    expect(imageProblem(`${path(256)}:1`)).toBe(tooLong);
    // one component: docker.io/library/<name>, 8 characters more
    expect(imageProblem(`${'a'.repeat(247)}:1`)).toBeUndefined();
    expect(imageProblem(`${'a'.repeat(248)}:1`)).toBe(tooLong);
  });

  test('a long reference that fails late is refused in linear time (no backtracking blow-up)', () => {
    // not timed: a pattern that backtracks exponentially would not answer these at all
    expect(imageProblem(`${'a-'.repeat(50_000)}!`)).toBe(NO_REFERENCE);
    expect(imageProblem(`${'a.'.repeat(50_000)}a/${'b_'.repeat(50_000)}!`)).toBe(NO_REFERENCE);
  });
});
