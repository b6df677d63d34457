/**
 * The guard rails a single spec field must not defeat (issue 15, "Guard rails bypassed"):
 * NATS permissions, External Secrets remote keys, least-privilege cloud access and
 * plaintext secrets. Each `fails when` case was accepted before the rule existed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check, resolve } from 'production-stack';
import { users } from '../../lib/nats/config';
import { secretArns } from '../../lib/aws/addon-identity';
import { secretsCondition } from '../../lib/gcp/addon-identity';
import { isSecretLikeEnvName } from '../../lib/core/names';
import { secretMaterial } from '../../lib/core/secret-material';
import { api, baseSpec } from '../support/spec';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
type Mutation = (spec: Loose) => unknown;

function broken(mutate: Mutation): unknown {
  const spec = JSON.parse(JSON.stringify(baseSpec()));
  mutate(spec);
  return spec;
}

function apiWith(patch: Record<string, unknown>): Mutation {
  return (s) => {
    (s.services as unknown[])[0] = { ...api, ...patch };
  };
}

function expectProblem(mutate: Mutation, path: string, rule: RegExp): void {
  const problems = check(broken(mutate));
  const match = problems.find((p) => p.path === path && rule.test(p.rule));
  if (!match)
    throw new Error(`expected a problem at ${path} matching ${rule}, got:\n${problems.map((p) => `${p.path}: ${p.rule}`).join('\n')}`);
}

function expectValid(mutate: Mutation): void {
  expect(check(broken(mutate)).map((p) => `${p.path}: ${p.rule}`)).toEqual([]);
}

/** Fake credentials, built at run time so that no secret scanner flags this file. */
const fake = {
  github: 'ghp' + '_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  githubFine: 'github' + '_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
  slack: 'xox' + 'b-' + '1234567890-0987654321-AbCdEfGhIjKl',
  stripe: 'sk' + '_live_' + '4eC39HqLyjWDarjtT1zdp7dc',
  anthropic: 'sk-' + 'ant-' + 'api03-AbCdEfGhIjKlMnOpQrStUvWx0123456789',
  openai: 'sk-' + 'proj-' + 'Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78',
  aws: 'AKIA' + 'IOSFODNN7EXAMPLE',
  google: 'AIza' + 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q',
  jwt: 'eyJ' + 'hbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ' + 'zdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZw',
  pem: '-----BEGIN ' + 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n',
  slackHook: 'https://hooks.slack.com/' + 'services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  discordHook: 'https://discord.com/api/' + 'webhooks/123456789012345678/AbCdEfGhIjKlMnOp',
};

describe('NATS permissions', () => {
  test.each<[string, Mutation, string, RegExp]>([
    ['a service publishes to ">"', apiWith({ nats: { publish: ['>'] } }), 'services[0].nats.publish[0]', /covers every subject/],
    ['a service publishes to "*.>"', apiWith({ nats: { publish: ['*.>'] } }), 'services[0].nats.publish[0]', /covers every subject/],
    [
      'a service publishes to a subject that starts with a wildcard',
      apiWith({ nats: { publish: ['*.API.STREAM.DELETE.*'] } }),
      'services[0].nats.publish[0]',
      /covers every subject, the JetStream API .* ones included: name the subjects of a stream, such as "orders.>"/,
    ],
    [
      'a service subscribes to ">"',
      (s) => (s.services[1].nats = { subscribe: ['>'] }),
      'services[1].nats.subscribe[0]',
      /covers every subject/,
    ],
    [
      'a service publishes to the JetStream API',
      apiWith({ nats: { publish: ['$JS.API.STREAM.DELETE.orders'] } }),
      'services[0].nats.publish[0]',
      /a subject of the NATS server itself/,
    ],
    [
      'a service publishes to the system account',
      apiWith({ nats: { publish: ['$SYS.REQ.SERVER.PING'] } }),
      'services[0].nats.publish[0]',
      /a subject of the NATS server itself/,
    ],
    [
      "a service publishes to other services' reply inboxes",
      apiWith({ nats: { publish: ['_INBOX.>'] } }),
      'services[0].nats.publish[0]',
      /where other services receive their replies/,
    ],
    [
      'a subject has an empty token',
      apiWith({ nats: { publish: ['orders..created'] } }),
      'services[0].nats.publish[0]',
      /must be a NATS subject/,
    ],
    [
      '">" is not the last token',
      apiWith({ nats: { publish: ['orders.>.created'] } }),
      'services[0].nats.publish[0]',
      /must be a NATS subject/,
    ],
    ['"*" is part of a token', apiWith({ nats: { publish: ['orders.new*'] } }), 'services[0].nats.publish[0]', /must be a NATS subject/],
    [
      'a subject holds a space',
      apiWith({ nats: { publish: ['orders.new created'] } }),
      'services[0].nats.publish[0]',
      /must be a NATS subject/,
    ],
    [
      'a subject holds a line separator',
      apiWith({ nats: { publish: ['orders.created\u2028'] } }),
      'services[0].nats.publish[0]',
      /must be a NATS subject/,
    ],
    [
      'a subject is too long',
      apiWith({ nats: { publish: [`orders.${'x'.repeat(300)}`] } }),
      'services[0].nats.publish[0]',
      /must be at most 255 characters/,
    ],
    ['a stream captures every subject', (s) => (s.nats.streams[0].subjects = ['>']), 'nats.streams[0].subjects[0]', /covers every subject/],
    [
      "a consumer's filter is not a subject",
      (s) => (s.nats.consumers[0].filterSubject = 'orders. created'),
      'nats.consumers[0].filterSubject',
      /must be a NATS subject/,
    ],
    ['the NATS image has no tag', (s) => (s.nats.image = 'nats'), 'nats.image', /must be pinned to a tag or digest/],
    ['the NATS image uses :latest', (s) => (s.nats.image = 'nats:latest'), 'nats.image', /must not use the mutable tag "latest"/],
  ])('fails when %s', (_what, mutate, path, rule) => expectProblem(mutate, path, rule));

  test.each<[string, Mutation]>([
    ['a wildcard inside a stream-scoped subject', apiWith({ nats: { publish: ['orders.*.created'] } })],
    ['a full wildcard under a stream-scoped prefix', apiWith({ nats: { publish: ['orders.>'] } })],
    ['a pinned NATS image', (s) => (s.nats.image = 'nats:2.10.24-alpine')],
  ])('accepts %s', (_what, mutate) => expectValid(mutate));

  test('fails when nats.conf is built from a full wildcard (the sink refuses it)', () => {
    const spec = baseSpec();
    const withWildcard = { ...spec, services: [{ ...api, nats: { publish: ['>'] } }, ...spec.services.slice(1)] };
    expect(() => users(resolve(withWildcard))).toThrow(/^NATS user api, publish: ">" covers every subject/);
    expect(() => users(resolve(spec))).not.toThrow();
  });
});

describe('External Secrets remote keys', () => {
  test.each<[string, Mutation, string, RegExp]>([
    [
      'an AWS remote key is a wildcard',
      (s) => (s.secrets[0].remoteKey = '*'),
      'secrets[0].remoteKey',
      /cannot name a Secrets Manager secret: .*no "\*" or "\?"/,
    ],
    ['an AWS remote key ends with a wildcard', (s) => (s.secrets[0].remoteKey = 'prod/*'), 'secrets[0].remoteKey', /Secrets Manager/],
    ['an AWS remote key holds "?"', (s) => (s.secrets[0].remoteKey = 'prod/db-??????'), 'secrets[0].remoteKey', /Secrets Manager/],
    [
      'an AWS remote key holds a policy variable',
      (s) => (s.secrets[0].remoteKey = '${aws:username}'),
      'secrets[0].remoteKey',
      /Secrets Manager/,
    ],
    ['an AWS remote key is too long', (s) => (s.secrets[0].remoteKey = 'a'.repeat(513)), 'secrets[0].remoteKey', /1 to 512/],
  ])('fails when %s', (_what, mutate, path, rule) => expectProblem(mutate, path, rule));

  const where = { partition: 'aws', region: 'us-west-2', accountId: '123456789012' };

  test('the External Secrets policy names each declared key, with only the random suffix wildcarded', () => {
    expect(secretArns(where, 'shop/production/', ['shop/production/app', 'shared/stripe'])).toEqual([
      'arn:aws:secretsmanager:us-west-2:123456789012:secret:shop/production/*',
      'arn:aws:secretsmanager:us-west-2:123456789012:secret:shared/stripe-??????',
    ]);
  });

  test.each(['*', 'shared/*', 'a?b', '${aws:username}', 'x y', ''])(
    'fails when the External Secrets policy is built from the remote key %p (the sink refuses it)',
    (key) => {
      expect(() => secretArns(where, 'shop/production/', [key])).toThrow(/not a Secrets Manager secret name/);
    },
  );

  test('fails when the External Secrets policy is built from a wildcard prefix', () => {
    expect(() => secretArns(where, 'shop/*/', [])).toThrow(/not a Secrets Manager secret name/);
  });

  test.each(['*', 'a")||true||("', 'a/b'])('fails when the GCP secret condition is built from the secret ID %p', (id) => {
    expect(() => secretsCondition('42', 'shop-production-', [id])).toThrow(/not a Secret Manager secret ID/);
  });

  test('fails when the GCP secret condition is built from a location that is not a region name', () => {
    expect(() => secretsCondition('42', 'shop-production-', [], 'us-east1/secrets/x") || ("')).toThrow(
      /cannot be part of a secret's resource name/,
    );
    expect(secretsCondition('42', 'shop-production-', [], 'us-east1')).toBe(
      'resource.name.startsWith("projects/42/locations/us-east1/secrets/shop-production-")',
    );
  });
});

describe('least-privilege cloud access', () => {
  const aws = (actions: string[], resources = ['arn:aws:s3:::shop-uploads/*']): Mutation =>
    apiWith({ cloudAccess: { aws: [{ actions, resources }] } });
  const gcp = (role: string): Mutation => apiWith({ cloudAccess: { gcp: [role] } });
  const action = 'services[0].cloudAccess.aws[0].actions[0]';
  const resource = 'services[0].cloudAccess.aws[0].resources[0]';

  test.each<[string, Mutation, string, RegExp]>([
    ['an action is "iam:**"', aws(['iam:**']), action, /must be an IAM action such as "s3:GetObject", or a prefix of one/],
    ['an action has a wildcard inside', aws(['s3:*Object*']), action, /must be an IAM action/],
    ['an action starts with a wildcard', aws(['s3:*Object']), action, /must be an IAM action/],
    ['an action passes a role', aws(['iam:PassRole']), action, /lets the service give itself more access \(.*role/],
    ['an action passes a role, in lower case', aws(['iam:passrole']), action, /give itself more access/],
    ['an action attaches policies', aws(['iam:Attach*']), action, /give itself more access/],
    ['an action puts inline policies', aws(['iam:PutRolePolicy']), action, /give itself more access/],
    ['an action creates IAM objects', aws(['iam:Create*']), action, /give itself more access/],
    ['an action reads IAM with a wildcard', aws(['iam:Get*']), action, /give itself more access/],
    ['an action assumes a role', aws(['sts:AssumeRole']), action, /give itself more access/],
    ['an action is any of Organizations', aws(['organizations:ListAccounts']), action, /give itself more access/],
    ['an action grants a KMS key', aws(['kms:CreateGrant']), action, /give itself more access/],
    ['an action rewrites a KMS key policy', aws(['kms:Put*']), action, /give itself more access/],
    ['an action replaces Lambda code', aws(['lambda:UpdateFunctionCode']), action, /give itself more access/],
    ['an action covers Lambda updates', aws(['lambda:Update*']), action, /give itself more access/],
    ['an action runs commands on instances', aws(['ssm:SendCommand']), action, /give itself more access/],
    ['an action maps itself into the EKS cluster', aws(['eks:AssociateAccessPolicy']), action, /give itself more access/],
    ['a resource is "arn:*"', aws(['s3:GetObject'], ['arn:*']), resource, /must be a full ARN/],
    ['a resource has no resource part', aws(['s3:GetObject'], ['arn:aws:s3']), resource, /must be a full ARN/],
    ['a resource names every resource of the service', aws(['s3:GetObject'], ['arn:aws:s3:::*']), resource, /names every resource/],
    ['a GCP role is the basic viewer role', gcp('roles/viewer'), 'services[0].cloudAccess.gcp[0]', /basic role/],
    ['a resource names every object of every bucket', aws(['s3:GetObject'], ['arn:aws:s3:::*/*']), resource, /names every resource/],
    ...[
      'roles/iam.serviceAccountTokenCreator',
      'roles/iam.serviceAccountUser',
      'roles/iam.serviceAccountKeyAdmin',
      'roles/iam.serviceAccountAdmin',
      'roles/iam.workloadIdentityUser',
      'roles/iam.securityAdmin',
      'roles/iam.roleAdmin',
      'roles/iam.organizationRoleAdmin',
      'roles/resourcemanager.projectIamAdmin',
      'roles/resourcemanager.organizationAdmin',
      'roles/resourcemanager.folderAdmin',
      'roles/deploymentmanager.editor',
      'roles/iam.denyAdmin',
    ].map((role): [string, Mutation, string, RegExp] => [
      `the GCP role is ${role}`,
      gcp(role),
      'services[0].cloudAccess.gcp[0]',
      /lets the service give itself more access/,
    ]),
  ])('fails when %s', (_what, mutate, path, rule) => expectProblem(mutate, path, rule));

  test.each<[string, Mutation]>([
    ['an exact action', aws(['s3:GetObject', 's3:PutObject'])],
    ['a prefix wildcard', aws(['s3:Get*', 'dynamodb:Query'], ['arn:aws:dynamodb:us-west-2:123456789012:table/orders'])],
    ['an exact IAM read', aws(['iam:GetRole'], ['arn:aws:iam::123456789012:role/shop-api'])],
    ['Lambda invocation', aws(['lambda:InvokeFunction'], ['arn:aws:lambda:us-west-2:123456789012:function:thumbnails'])],
    ['KMS decryption', aws(['kms:Decrypt'], ['arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'])],
    ['a GovCloud ARN', aws(['s3:GetObject'], ['arn:aws-us-gov:s3:::shop-uploads/*'])],
    ['a predefined GCP role', gcp('roles/storage.objectViewer')],
    ['a custom GCP role', gcp('projects/my-project/roles/shopReader')],
  ])('accepts %s', (_what, mutate) => expectValid(mutate));
});

describe('plaintext secrets', () => {
  test.each([
    'N8N_SMTP_PASS',
    'DB_PWD',
    'TLS_KEY_PEM',
    'CA_PEM',
    'SSH_PRIVATE_KEY_B64',
    'GCP_PRIVATE_KEY_BASE64',
    'GITHUB_PAT',
    'SLACK_WEBHOOK_URL',
    'DISCORD_WEBHOOK',
    'HASH_SALT',
    'COOKIESECRET',
    'ENCRYPTION_KEY_HEX',
    'SIGNING_KEY_DATA',
    'KEYSTORE_PASSPHRASE',
    'CLIENT_CERT_P12',
    'dbPassword',
    'SLACKTOKEN',
    'AWSSECRETACCESSKEY',
  ])('the name %s says it holds a secret', (name) => {
    expect(isSecretLikeEnvName(name)).toBe(true);
  });

  test.each([
    'TLS_KEY_FILE',
    'TLS_CERT_FILE',
    'PRIVATE_KEY_PATH',
    'RALPH_MAX_TOKENS',
    'SALT_ROUNDS',
    'PWD',
    'PASS_THROUGH',
    'USE_PRIVATE_IP',
    'PRIVATE_REGISTRY',
    'ENCRYPTION_ENABLED',
    'SIGNING_ALGORITHM',
    'COMPASS_URL',
    'TOKENIZER_MODEL',
    'RF_NOTIFICATION_APP_BASE_URL',
    'EVENTBUS_MAX_ACK_PENDING',
  ])('the name %s does not', (name) => {
    expect(isSecretLikeEnvName(name)).toBe(false);
  });

  test.each<[string, string, string]>([
    ['a PEM private key', fake.pem, 'a PEM private key'],
    ['an OpenSSH private key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA', 'a PEM private key'],
    ['a URL with a password', 'postgres://app:hunter2@db:5432/app', 'a URL with a password'],
    ['a Redis URL with only a password', 'rediss://:hunter2@cache:6379', 'a URL with a password'],
    ['a URL with a password, inside a file', 'db:\n  url: "mysql://root:toor@mysql/app"\n', 'a URL with a password'],
    ['a Slack webhook URL', fake.slackHook, 'a Slack webhook URL'],
    ['a Discord webhook URL', fake.discordHook, 'a Discord webhook URL'],
    ['a GitHub token', `token ${fake.github}`, 'a GitHub token'],
    ['a fine-grained GitHub token', fake.githubFine, 'a GitHub token'],
    ['a Slack token', fake.slack, 'a Slack token'],
    ['a Stripe live key', fake.stripe, 'a Stripe live key'],
    ['an Anthropic key', fake.anthropic, 'an Anthropic API key'],
    ['an OpenAI key', fake.openai, 'an OpenAI API key'],
    ['an AWS access key ID', `aws_access_key_id=${fake.aws}`, 'an AWS access key ID'],
    ['a Google API key', `https://maps.googleapis.com/maps/api/js?key=${fake.google}`, 'a Google API key'],
    ['a JWT', `Authorization: Bearer ${fake.jwt}`, 'a JWT'],
  ])('the value rule finds %s', (_what, value, what) => {
    expect(secretMaterial(value)).toBe(what);
  });

  test.each([
    'postgres://app@db:5432/app',
    'postgres://app:$(DB_PASSWORD)@db:5432/app',
    'https://example.com/path@v2:1',
    'http://otel-collector.observability.svc:4317',
    'sk-learn-classifier-model-version-two-2024',
    'task-runner',
    'registry.example.com/shop/worker@sha256:' + 'a'.repeat(64),
    '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    'AKIAIOSFODNN7EXAMPLEX',
    'ghp_short',
    'eyJhbGciOiJIUzI1NiJ9',
  ])('the value rule leaves %p alone', (value) => {
    expect(secretMaterial(value)).toBeUndefined();
  });

  test.each<[string, Mutation, string, RegExp]>([
    ['an SMTP password is a literal', apiWith({ env: { N8N_SMTP_PASS: 'hunter2' } }), 'services[0].env.N8N_SMTP_PASS', /names a secret/],
    ['a DB password is a literal', apiWith({ env: { DB_PWD: 'hunter2' } }), 'services[0].env.DB_PWD', /names a secret/],
    ['a PEM is a literal', apiWith({ env: { TLS_KEY_PEM: 'x' } }), 'services[0].env.TLS_KEY_PEM', /names a secret/],
    ['a GitHub PAT is a literal', apiWith({ env: { GITHUB_PAT: 'x' } }), 'services[0].env.GITHUB_PAT', /names a secret/],
    [
      'a webhook URL is a literal',
      apiWith({ env: { ALERTS_WEBHOOK_URL: 'https://x' } }),
      'services[0].env.ALERTS_WEBHOOK_URL',
      /names a secret/,
    ],
    [
      'an innocently named variable holds a GitHub token',
      apiWith({ env: { GIT_AUTH: fake.github } }),
      'services[0].env.GIT_AUTH',
      /the value holds a GitHub token: read it from a secret/,
    ],
    [
      'an innocently named variable holds a Slack webhook URL',
      apiWith({ env: { ALERTS: fake.slackHook } }),
      'services[0].env.ALERTS',
      /holds a Slack webhook URL/,
    ],
    [
      'a URL with a password sits after other text',
      apiWith({ env: { OPTS: `--db=postgres://app:hunter2@db/app` } }),
      'services[0].env.OPTS',
      /the URL carries a password/,
    ],
    [
      'a config file holds a private key',
      apiWith({ configFiles: { mountPath: '/etc/shop', files: { 'tls.key': fake.pem } } }),
      'services[0].configFiles.files.tls.key',
      /holds a PEM private key/,
    ],
    [
      'a config file holds a URL with a password',
      apiWith({ configFiles: { mountPath: '/etc/shop', files: { 'app.yaml': 'db: postgres://app:hunter2@db/app\n' } } }),
      'services[0].configFiles.files.app.yaml',
      /the URL carries a password/,
    ],
    ['an argument holds a JWT', apiWith({ args: ['--token', fake.jwt] }), 'services[0].args[1]', /holds a JWT/],
    [
      'a command holds an AWS key',
      apiWith({ command: ['/bin/app', `--key=${fake.aws}`] }),
      'services[0].command[1]',
      /an AWS access key ID/,
    ],
    [
      'a migration argument holds a token',
      apiWith({ migration: { command: ['migrate'], args: [fake.stripe] } }),
      'services[0].migration.args[0]',
      /Stripe/,
    ],
    ['a cron job argument holds a token', (s) => (s.cronJobs[0].args = [fake.anthropic]), 'cronJobs[0].args[0]', /Anthropic/],
    [
      'the tracing endpoint carries a password',
      (s) => (s.monitoring = { tracing: { endpoint: 'https://user:hunter2@otel.example.com:4317' } }),
      'monitoring.tracing.endpoint',
      /the URL carries a password/,
    ],
  ])('fails when %s', (_what, mutate, path, rule) => expectProblem(mutate, path, rule));

  test('the secret material never appears in the error', () => {
    const problems = check(broken(apiWith({ env: { GIT_AUTH: fake.github }, args: [fake.jwt] })));
    expect(problems.length).toBe(2);
    expect(JSON.stringify(problems)).not.toContain(fake.github);
    expect(JSON.stringify(problems)).not.toContain(fake.jwt.slice(0, 40));
  });

  test('a placeholder for a variable is not a password', () => {
    expectValid(apiWith({ env: { UPSTREAM_URL: 'postgres://app:$(DB_PASSWORD)@db:5432/app' } }));
  });
});

test('README "Invalid input" quotes the errors of these rules exactly', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const spec: Loose = {
    name: 'shop',
    cloud: 'aws',
    region: 'us-west-2',
    secrets: [{ name: 'shop-secrets', remoteKey: '*', keys: ['api-token'] }],
    nats: { image: 'nats:latest', streams: [{ name: 'orders', subjects: ['orders.>'] }] },
    services: [
      {
        name: 'api',
        image: 'registry.example.com/shop/api:1.4.2',
        ports: [{ name: 'http', port: 8080 }],
        nats: { publish: ['>'] },
        cloudAccess: { aws: [{ actions: ['s3:*Object*'], resources: ['arn:*'] }], gcp: ['roles/iam.serviceAccountTokenCreator'] },
        env: { N8N_SMTP_PASS: 'x', NOTIFY: fake.slackHook },
      },
    ],
  };
  const section = readme.slice(
    readme.indexOf('No single field can defeat the guard rails'),
    readme.indexOf('The readiness report (and the cdk8s validation plugin'),
  );
  const quoted = [...section.matchAll(/^ {2}`([a-z][\w.[\]]*: .*)`$/gm)].map((m) => m[1]);
  expect(quoted.length).toBe(8);
  const emitted = check(spec).map((p) => `${p.path}: ${p.rule}`);
  for (const line of quoted) expect(emitted).toContain(line);
});
