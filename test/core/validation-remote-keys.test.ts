/**
 * The rules of a secret's remote key (lib/core/validation/remote-keys.ts): the name, in the cloud's secret
 * manager, of the secret External Secrets syncs, which also becomes part of the controller's IAM policy.
 * Sources of the limits: AWS Secrets Manager's CreateSecret API reference (Name: 1 to 512 characters, ASCII
 * letters, digits and `/_+=.@-`); GCP Secret Manager's secret ID (1 to 255 letters, digits, `-` and `_`), to
 * which the library maps each `/` of the key to `-` (lib/core/naming.ts secretId).
 */
import { AWS_SECRET_NAME, remoteKey, remoteKeyProblem } from 'production-stack/core/validation/remote-keys';
import { Problems } from 'production-stack/core/validation/problems';

const AWS_RULE =
  'cannot name a Secrets Manager secret: use 1 to 512 letters, digits or "/_+=.@-" (no "*" or "?": in the External Secrets policy they are wildcards over other secrets)';
const GCP_RULE = 'cannot name a Secret Manager secret: use letters, digits, "-", "_" and "/" (stored as "-")';

/** The problems of `key` as the remote key at `secrets[0].remoteKey`, on `cloud`. */
function problems(cloud: unknown, key: unknown) {
  const p = new Problems();
  remoteKey(p, 'secrets[0].remoteKey', key, cloud);
  return p.all;
}

describe('on AWS (Secrets Manager)', () => {
  test('every character Secrets Manager allows in a name passes', () => {
    expect(problems('aws', 'Shop/prod_app+v2=x.y@z-1')).toEqual([]);
    expect(AWS_SECRET_NAME.test('Shop/prod_app+v2=x.y@z-1')).toBe(true);
  });

  test.each(['*', 'shop/*', 'shop/app?', '${aws:username}', 'shop app', 'shop#1', 'shöp'])(
    '%j is refused: an IAM wildcard, a policy variable or a character Secrets Manager refuses',
    (key) => {
      expect(problems('aws', key)).toEqual([{ path: 'secrets[0].remoteKey', value: key, rule: `${JSON.stringify(key)} ${AWS_RULE}` }]);
    },
  );

  test('512 characters is the longest name; 513 is refused', () => {
    expect(problems('aws', 'a'.repeat(512))).toEqual([]);
    expect(remoteKeyProblem('aws', 'a'.repeat(513))).toBe(`{value} ${AWS_RULE}`);
  });

  test('the key is matched whole: a valid name with a refused character at either end is refused', () => {
    expect(remoteKeyProblem('aws', '*shop')).toBe(`{value} ${AWS_RULE}`);
    expect(remoteKeyProblem('aws', 'shop*')).toBe(`{value} ${AWS_RULE}`);
  });

  test('a stack with no cloud (or another value) is held to the AWS rules', () => {
    expect(remoteKeyProblem(undefined, 'shop+app')).toBeUndefined();
    expect(remoteKeyProblem(undefined, 'shop*')).toBe(`{value} ${AWS_RULE}`);
  });
});

describe('on GCP (Secret Manager)', () => {
  test('letters, digits, "-", "_" and "/" (each stored as "-") pass', () => {
    expect(problems('gcp', 'Shop_prod-app/v2/db')).toEqual([]);
  });

  test.each(['shop+app', 'shop.app', 'shop@app', 'shop=app', 'shop*'])(
    '%j is refused: Secret Manager IDs hold no such character',
    (key) => {
      expect(problems('gcp', key)).toEqual([{ path: 'secrets[0].remoteKey', value: key, rule: `${JSON.stringify(key)} ${GCP_RULE}` }]);
    },
  );

  test('a key valid on AWS is refused on GCP, and one valid on GCP passes on AWS', () => {
    expect(remoteKeyProblem('gcp', 'shop+app')).toBe(`{value} ${GCP_RULE}`);
    expect(remoteKeyProblem('aws', 'shop+app')).toBeUndefined();
  });

  test('255 characters is the longest ID; 256 is refused', () => {
    expect(remoteKeyProblem('gcp', 'a'.repeat(255))).toBeUndefined();
    expect(remoteKeyProblem('gcp', 'a'.repeat(256))).toBe(`{value} ${GCP_RULE}`);
  });

  test('a "/" is stored as "-": it counts as a character of the ID', () => {
    const key = (n: number) => `${'a'.repeat(100)}/${'a'.repeat(n - 101)}`;
    expect(remoteKeyProblem('gcp', key(255))).toBeUndefined();
    expect(remoteKeyProblem('gcp', key(256))).toBe(`{value} ${GCP_RULE}`);
  });
});

describe('a remote key is a required non-empty string', () => {
  test.each([undefined, '', 42])('%j is refused as no string', (key) => {
    expect(problems('aws', key)).toEqual([
      {
        path: 'secrets[0].remoteKey',
        value: key,
        rule: `${key === undefined ? 'undefined' : JSON.stringify(key)} must be a non-empty string`,
      },
    ]);
  });

  test('an empty name is no name for either cloud (Secrets Manager and Secret Manager names have at least 1 character)', () => {
    expect(remoteKeyProblem('aws', '')).toBe(`{value} ${AWS_RULE}`);
    expect(remoteKeyProblem('gcp', '')).toBe(`{value} ${GCP_RULE}`);
  });

  test('a token (known at deployment) is not checked', () => {
    expect(problems('aws', '${TOKEN[Token.7]}')).toEqual([]);
  });
});
