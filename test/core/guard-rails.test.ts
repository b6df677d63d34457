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
import { alertTemplateProblem } from '../../lib/core/alert-template';
import { examples } from '../../examples';
import { api, baseSpec, type Loose, type Mutation, broken, apiWith } from '../support/spec';
import { synth } from '../support/synth';

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
  gitlab: 'glpat' + '-' + 'xYz12AbC34dEf56GhI78j',
  npm: 'npm' + '_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  huggingface: 'hf' + '_' + 'AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh',
  sendgrid: 'SG' + '.' + 'AbCdEfGhIjKlMnOpQrStUv' + '.' + 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE',
  vault: 'hvs' + '.' + 'CAESIAbCdEfGhIjKlMnOpQrStUvWxYz',
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
    expect(() => secretsCondition('42', [id])).toThrow(/not a Secret Manager secret ID/);
  });

  test('fails when the GCP secret condition is built from a location that is not a region name', () => {
    expect(() => secretsCondition('42', ['shop-production-postgres'], 'us-east1/secrets/x") || ("')).toThrow(
      /cannot be part of a secret's resource name/,
    );
    expect(secretsCondition('42', ['shop-production-postgres'], 'us-east1')).toBe(
      'resource.name == "projects/42/locations/us-east1/secrets/shop-production-postgres" || ' +
        'resource.name.startsWith("projects/42/locations/us-east1/secrets/shop-production-postgres/")',
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
    // the second review's gaps
    ['an action associates an SSM document with instances', aws(['ssm:CreateAssociation']), action, /give itself more access/],
    ['an action runs an ECS task with a command override', aws(['ecs:RunTask']), action, /give itself more access/],
    ['an action rewrites instance user data', aws(['ec2:ModifyInstanceAttribute']), action, /give itself more access/],
    ['an action shares a snapshot', aws(['ec2:ModifySnapshotAttribute']), action, /give itself more access/],
    ['an action restores a database with a new password', aws(['rds:RestoreDBInstanceFromDBSnapshot']), action, /give itself more access/],
    ['an action opens a Lambda URL', aws(['lambda:CreateFunctionUrlConfig']), action, /give itself more access/],
    ['an action changes who reaches the EKS API', aws(['eks:UpdateClusterConfig']), action, /give itself more access/],
    ['a GCP role tags resources', gcp('roles/resourcemanager.tagUser'), 'services[0].cloudAccess.gcp[0]', /give itself more access/],
    ['a GCP role restores the cluster', gcp('roles/gkebackup.admin'), 'services[0].cloudAccess.gcp[0]', /give itself more access/],
    [
      'a GCP role is a predefined role in lower case',
      gcp('roles/iam.serviceaccounttokencreator'),
      'services[0].cloudAccess.gcp[0]',
      /wrong case/,
    ],
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
    [
      'a resource is every secret of the account',
      aws(['secretsmanager:GetSecretValue'], ['arn:aws:secretsmanager:us-west-2:123456789012:secret:*']),
      resource,
      /^"arn:aws:secretsmanager:us-west-2:123456789012:secret:\*" names every resource of its type \(secret:\*\): name the resources, or a prefix of their names \(least privilege\)$/,
    ],
    [
      'a resource is every KMS key',
      aws(['kms:Decrypt'], ['arn:aws:kms:us-west-2:123456789012:key/*']),
      resource,
      /every resource of its type \(key\/\*\)/,
    ],
    [
      'a resource is every SSM parameter',
      aws(['ssm:GetParameter'], ['arn:aws:ssm:us-west-2:123456789012:parameter/*']),
      resource,
      /every resource of its type/,
    ],
    [
      'a resource id starts with a wildcard',
      aws(['dynamodb:Query'], ['arn:aws:dynamodb:us-west-2:123456789012:table/*-orders']),
      resource,
      /every resource of its type/,
    ],
    [
      'a queue name starts with a wildcard',
      aws(['sqs:SendMessage'], ['arn:aws:sqs:us-west-2:123456789012:*-jobs']),
      resource,
      /every resource/,
    ],
    ['a bucket name starts with a wildcard', aws(['s3:GetObject'], ['arn:aws:s3:::*-backups/*']), resource, /every resource/],
    [
      "a resource is the stack's backup bucket",
      aws(['s3:GetObject'], ['arn:aws:s3:::shop-production-db-backups/*']),
      resource,
      /^"arn:aws:s3:::shop-production-db-backups\/\*" covers the stack's database backups \(bucket shop-production-db-backups\): only the backup jobs reach them$/,
    ],
    [
      "a resource is the backup bucket's replica",
      aws(['s3:ListBucket'], ['arn:aws:s3:::shop-production-db-backups-replica']),
      resource,
      /covers the stack's database backups \(bucket shop-production-db-backups-replica\)/,
    ],
    [
      "a resource's prefix covers the backup bucket",
      aws(['s3:GetObject'], ['arn:aws:s3:::shop-*/*']),
      resource,
      /the stack's database backups/,
    ],
    [
      'a resource is a named backup bucket',
      (s) => {
        s.dr = { ...s.dr, backupBucket: 'acme-pg-dumps' };
        apiWith({ cloudAccess: { aws: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme-pg-dumps/daily/*'] }] } })(s);
      },
      resource,
      /the stack's database backups \(bucket acme-pg-dumps\)/,
    ],
    [
      "a resource covers the stack's own secrets",
      aws(['secretsmanager:GetSecretValue'], ['arn:aws:secretsmanager:us-west-2:123456789012:secret:shop/production/*']),
      resource,
      /^"arn:aws:secretsmanager:us-west-2:123456789012:secret:shop\/production\/\*" covers the stack's datastore credentials \(shop\/production\/postgres\): a service receives them through its postgres, redis and nats wiring$/,
    ],
    [
      "a resource is the NATS users' secret",
      aws(['secretsmanager:GetSecretValue'], ['arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/production/nats-??????']),
      resource,
      /the stack's datastore credentials \(shop\/production\/nats\)/,
    ],
    [
      'a resource holds a policy variable',
      aws(['s3:GetObject'], ['arn:aws:s3:::${aws:PrincipalTag/bucket}/*']),
      resource,
      /holds a policy variable/,
    ],
    [
      'a resource is longer than IAM allows',
      aws(['s3:GetObject'], [`arn:aws:s3:::b/${'k'.repeat(2048)}`]),
      resource,
      /at most 2048 characters/,
    ],
    ["an action writes a secret's resource policy", aws(['secretsmanager:PutResourcePolicy']), action, /resource policy/],
    ['an action writes a bucket policy', aws(['s3:PutBucketPolicy']), action, /resource policy/],
    ['an action covers bucket policy writes', aws(['s3:Put*']), action, /resource policy/],
    ['an action writes a bucket ACL', aws(['s3:PutBucketAcl']), action, /resource policy/],
    ['an action writes a queue policy', aws(['sqs:SetQueueAttributes']), action, /resource policy/],
    ['an action writes a topic policy', aws(['sns:SetTopicAttributes']), action, /resource policy/],
    ['an action writes a repository policy', aws(['ecr:SetRepositoryPolicy']), action, /resource policy/],
    ['an action opens a shell in an ECS task', aws(['ecs:ExecuteCommand']), action, /a shell or a command override in a container/],
    ['an action resets a database password', aws(['rds:ModifyDBInstance']), action, /master password/],
    ...['roles/container.admin', 'roles/container.developer', 'roles/container.clusterAdmin', 'roles/container.viewer'].map(
      (role): [string, Mutation, string, RegExp] => [
        `the GCP role is ${role}`,
        gcp(role),
        'services[0].cloudAccess.gcp[0]',
        /reaches the cluster's Kubernetes API/,
      ],
    ),
    ...[
      'roles/secretmanager.admin',
      'roles/secretmanager.secretAccessor',
      'roles/secretmanager.secretVersionManager',
      'roles/secretmanager.secretVersionAdder',
      'roles/storage.admin',
      'roles/storage.objectAdmin',
      'roles/storage.objectViewer',
      'roles/storage.objectCreator',
      'roles/storage.objectUser',
      'roles/cloudsql.admin',
      'roles/cloudsql.editor',
      'roles/redis.admin',
      'roles/compute.instanceAdmin',
      'roles/compute.instanceAdmin.v1',
      'roles/compute.osAdminLogin',
      'roles/cloudkms.cryptoKeyDecrypter',
      'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      'roles/cloudkms.admin',
    ].map((role): [string, Mutation, string, RegExp] => [
      `the project-wide GCP role is ${role}`,
      gcp(role),
      'services[0].cloudAccess.gcp[0]',
      /^".*" is granted on the whole project, where it (reads|writes|reaches|logs|decrypts|administers)/,
    ]),
    [
      'the GCP role reads every secret of the project',
      gcp('roles/secretmanager.secretAccessor'),
      'services[0].cloudAccess.gcp[0]',
      /^"roles\/secretmanager.secretAccessor" is granted on the whole project, where it reads or writes every secret, the stack's datastore credentials included: give cloudIdentity, an identity granted on the resources themselves$/,
    ],
  ])('fails when %s', (_what, mutate, path, rule) => expectProblem(mutate, path, rule));

  test.each<[string, Mutation]>([
    ['an exact action', aws(['s3:GetObject', 's3:PutObject'])],
    ['a prefix wildcard', aws(['s3:Get*', 'dynamodb:Query'], ['arn:aws:dynamodb:us-west-2:123456789012:table/orders'])],
    ['an exact IAM read', aws(['iam:GetRole'], ['arn:aws:iam::123456789012:role/shop-api'])],
    ['Lambda invocation', aws(['lambda:InvokeFunction'], ['arn:aws:lambda:us-west-2:123456789012:function:thumbnails'])],
    ['KMS decryption', aws(['kms:Decrypt'], ['arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'])],
    ['a GovCloud ARN', aws(['s3:GetObject'], ['arn:aws-us-gov:s3:::shop-uploads/*'])],
    ['a GCP role on one kind of data', gcp('roles/pubsub.publisher')],
    ['a custom GCP role', gcp('projects/my-project/roles/shopReader')],
    ['connecting to Cloud SQL (a database user and password are still needed)', gcp('roles/cloudsql.client')],
    ['reading secret metadata', gcp('roles/secretmanager.viewer')],
    [
      'a prefix of secret names',
      aws(['secretsmanager:GetSecretValue'], ['arn:aws:secretsmanager:us-west-2:123456789012:secret:shop/app-*']),
    ],
    [
      "another secret under the stack's prefix",
      aws(['secretsmanager:GetSecretValue'], ['arn:aws:secretsmanager:us-west-2:123456789012:secret:shop/production/app-??????']),
    ],
    ['objects of one bucket', aws(['s3:GetObject'], ['arn:aws:s3:::shop-uploads/*'])],
    ["a bucket whose name starts like the backups'", aws(['s3:GetObject'], ['arn:aws:s3:::shop-production-db-backups-archive/*'])],
    ['an API Gateway stage wildcard', aws(['execute-api:Invoke'], ['arn:aws:execute-api:us-west-2:123456789012:a1b2c3/*'])],
    ['a log group', aws(['logs:PutLogEvents'], ['arn:aws:logs:us-west-2:123456789012:log-group:/shop/api:*'])],
    ['object writes', aws(['s3:PutObject*'], ['arn:aws:s3:::shop-uploads/*'])],
  ])('accepts %s', (_what, mutate) => expectValid(mutate));
});

describe('Kubernetes API access (rbac)', () => {
  type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };
  const rbac = (...rules: Rule[]): Mutation => apiWith({ rbac: rules });
  const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): Rule => ({
    apiGroups,
    resources,
    verbs,
    ...(resourceNames ? { resourceNames } : {}),
  });
  const at = 'services[0].rbac[0]';

  test.each<[string, Mutation, string, RegExp]>([
    [
      "a rule mints tokens for the namespace's ServiceAccounts",
      rbac(rule([''], ['serviceaccounts/token'], ['create'])),
      at,
      /^"create serviceaccounts\/token" mints a token for any ServiceAccount of the namespace, the backup jobs' included/,
    ],
    [
      'a rule reads every Secret',
      rbac(rule([''], ['secrets'], ['get', 'list'])),
      at,
      /^"get, list secrets" reads every Secret of the namespace, the datastore credentials included: name the objects in resourceNames/,
    ],
    ['a rule watches every Secret', rbac(rule([''], ['secrets'], ['watch'])), at, /"watch secrets" reads every Secret/],
    ['a rule creates Secrets (a token Secret)', rbac(rule([''], ['secrets'], ['create'], ['x'])), at, /service-account-token/],
    ['a rule rewrites every Secret', rbac(rule([''], ['secrets'], ['patch'])), at, /rewrites the Secrets other workloads read/],
    ['a rule execs into pods, in every group', rbac(rule(['*'], ['pods/exec'], ['create'])), `${at}.apiGroups[0]`, /every API group/],
    ['a rule execs into pods', rbac(rule([''], ['pods/exec'], ['create'])), at, /runs commands in any pod of the namespace/],
    // the second review's gaps
    [
      'a rule creates a Prometheus',
      rbac(rule(['monitoring.coreos.com'], ['prometheuses'], ['create'])),
      at,
      /runs them as StatefulSets with the ServiceAccount/,
    ],
    [
      'a rule creates an Istio VirtualService',
      rbac(rule(['networking.istio.io'], ['virtualservices'], ['create'])),
      at,
      /redirects other services' traffic/,
    ],
    ['a rule weakens mTLS', rbac(rule(['security.istio.io'], ['peerauthentications'], ['patch'])), at, /weakens the mesh/],
    ['a rule writes HTTPRoutes', rbac(rule(['gateway.networking.k8s.io'], ['httproutes'], ['create'])), at, /routes the edge's traffic/],
    [
      'a rule patches an EnvoyPatchPolicy',
      rbac(rule(['gateway.envoyproxy.io'], ['envoypatchpolicies'], ['create'])),
      at,
      /edge proxy's configuration/,
    ],
    ["a rule rewrites pods' status", rbac(rule([''], ['pods/status'], ['patch'])), at, /rewrites a pod's IPs/],
    ['a rule execs into pods with GET', rbac(rule([''], ['pods/exec'], ['get'])), at, /runs commands in any pod/],
    ['a rule attaches to pods', rbac(rule([''], ['pods/attach'], ['create'])), at, /runs commands in any pod/],
    ['a rule adds ephemeral containers', rbac(rule([''], ['pods/ephemeralcontainers'], ['patch'])), at, /runs commands in any pod/],
    ['a rule port-forwards', rbac(rule([''], ['pods/portforward'], ['create'])), at, /past the NetworkPolicies/],
    ['a rule proxies to pods', rbac(rule([''], ['pods/proxy'], ['get'])), at, /past the NetworkPolicies/],
    ['a rule creates pods', rbac(rule([''], ['pods'], ['create'])), at, /runs code as any ServiceAccount of the namespace/],
    ['a rule patches pods (their image)', rbac(rule([''], ['pods'], ['patch'])), at, /a new image in a running one/],
    ...['deployments', 'statefulsets', 'daemonsets', 'replicasets'].map((r): [string, Mutation, string, RegExp] => [
      `a rule creates ${r}`,
      rbac(rule(['apps'], [r], ['create'])),
      at,
      /runs pods as any ServiceAccount of the namespace/,
    ]),
    ...['jobs', 'cronjobs'].map((r): [string, Mutation, string, RegExp] => [
      `a rule updates ${r}`,
      rbac(rule(['batch'], [r], ['update'])),
      at,
      /runs pods as any ServiceAccount/,
    ]),
    [
      'a rule creates jobs of another group (a custom resource that runs pods)',
      rbac(rule(['batch.volcano.sh'], ['jobs'], ['create'])),
      at,
      /runs pods/,
    ],
    ...['escalate', 'bind', 'impersonate'].map((v): [string, Mutation, string, RegExp] => [
      `a rule has the verb ${v}`,
      rbac(rule(['rbac.authorization.k8s.io', ''], ['roles', 'serviceaccounts'], [v])),
      at,
      new RegExp(`^"${v} roles, serviceaccounts" (grants|binds|acts)`),
    ]),
    ['a rule writes Roles', rbac(rule(['rbac.authorization.k8s.io'], ['roles'], ['create'])), at, /grants itself any permission/],
    [
      'a rule writes RoleBindings',
      rbac(rule(['rbac.authorization.k8s.io'], ['rolebindings'], ['patch'])),
      at,
      /grants itself any permission/,
    ],
    ['a rule creates ServiceAccounts', rbac(rule([''], ['serviceaccounts'], ['create'])), at, /bind cloud identities/],
    ['a rule patches ServiceAccounts', rbac(rule([''], ['serviceaccounts'], ['patch'])), at, /bind cloud identities/],
    ['a rule proxies to the kubelet', rbac(rule([''], ['nodes/proxy'], ['get'])), at, /through the kubelet/],
    ['a rule creates PersistentVolumes', rbac(rule([''], ['persistentvolumes'], ['create'])), at, /hostPath/],
    ['a rule creates CSRs', rbac(rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create'])), at, /client certificates/],
    [
      'a rule approves CSRs',
      rbac(rule(['certificates.k8s.io'], ['certificatesigningrequests/approval'], ['update'])),
      at,
      /client certificates/,
    ],
    [
      'a rule writes admission webhooks',
      rbac(rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], ['create'])),
      at,
      /every object sent to the API server/,
    ],
    ['a rule relabels the namespace', rbac(rule([''], ['namespaces'], ['patch'])), at, /Pod Security labels/],
    [
      'a rule rewrites NetworkPolicies',
      rbac(rule(['networking.k8s.io'], ['networkpolicies'], ['delete'])),
      at,
      /the default-deny one included/,
    ],
    ['a rule creates Services', rbac(rule([''], ['services'], ['create'])), at, /CVE-2020-8554/],
    [
      'a rule creates Ingresses',
      rbac(rule(['networking.k8s.io'], ['ingresses'], ['create'])),
      at,
      /whatever ingress controller the cluster runs/,
    ],
    ['a rule creates HTTPRoutes', rbac(rule(['gateway.networking.k8s.io'], ['httproutes'], ['create'])), at, /routes the edge's traffic/],
    [
      'a rule rewrites Envoy Gateway policies',
      rbac(rule(['gateway.envoyproxy.io'], ['backendtrafficpolicies'], ['patch'])),
      at,
      /rewrites the edge proxy's configuration/,
    ],
    ['a rule rewrites every ConfigMap', rbac(rule([''], ['configmaps'], ['update'])), at, /nats\.conf/],
    ['a rule creates ExternalSecrets', rbac(rule(['external-secrets.io'], ['externalsecrets'], ['create'])), at, /External Secrets copies/],
    ['a rule creates PodMonitors', rbac(rule(['monitoring.coreos.com'], ['podmonitors'], ['create'])), at, /sends them to the targets/],
    ['a rule creates Certificates', rbac(rule(['cert-manager.io'], ['certificates'], ['create'])), at, /TLS certificates/],
    ['a rule rewrites JetStream streams', rbac(rule(['jetstream.nats.io'], ['streams'], ['update'])), at, /JetStream controller/],
    ['a resource is a subresource wildcard', rbac(rule([''], ['*/exec'], ['create'])), at, /wildcards are not least privilege/],
    ['a resource is not in lower case', rbac(rule([''], ['Secrets'], ['get'])), `${at}.resources[0]`, /lower case/],
    [
      "a rule names the NATS users' secret",
      rbac(rule([''], ['secrets'], ['get'], ['shop-nats'])),
      `${at}.resourceNames[0]`,
      /^"shop-nats" is the NATS users' secret and JetStream Account, which the library creates: a service reads only its own Secrets$/,
    ],
    [
      "a service without postgres names a PostgreSQL role's secret",
      (s) => (s.services[2].rbac = [rule([''], ['secrets'], ['get'], ['shop-postgres-svc-api'])]),
      'services[2].rbac[0].resourceNames[0]',
      /PostgreSQL login roles' connection Secrets, which the library creates/,
    ],
    [
      "a service writes its PostgreSQL role's secret (which it may read)",
      rbac(rule([''], ['secrets'], ['get', 'patch'], ['shop-postgres-svc-api'])),
      `${at}.resourceNames[0]`,
      /PostgreSQL login roles' connection Secrets/,
    ],
    [
      "a service reads another PostgreSQL role's secret (the schema owner's)",
      rbac(rule([''], ['secrets'], ['get'], ['shop-postgres-app-migrate'])),
      `${at}.resourceNames[0]`,
      /PostgreSQL login roles' connection Secrets/,
    ],
    [
      "a service reads the PostgreSQL master user's secret",
      rbac(rule([''], ['secrets'], ['get'], ['shop-postgres-admin'])),
      `${at}.resourceNames[0]`,
      /PostgreSQL bootstrap Job's secret \(the master user\)/,
    ],
    [
      "a rule rewrites the NATS server's configuration",
      rbac(rule([''], ['configmaps'], ['patch'], ['nats-config'])),
      `${at}.resourceNames[0]`,
      /the NATS cluster's configuration, which the library writes/,
    ],
    [
      "a rule rewrites another service's configuration",
      rbac(rule([''], ['configmaps'], ['update'], ['web-config'])),
      `${at}.resourceNames[0]`,
      /service web's configuration/,
    ],
  ])('fails when %s', (_what, mutate, path, rule) => expectProblem(mutate, path, rule));

  // cert-manager writes the certificate and key of each host of the stack's gateway into `<host>-tls` (k8sNames.tls)
  test("fails when a rule names a gateway host's TLS key", () =>
    expectProblem(
      (s) => (s.services[2].rbac = [rule([''], ['secrets'], ['get'], ['shop.example.com-tls'])]),
      'services[2].rbac[0].resourceNames[0]',
      /the gateway's TLS certificate and key for shop\.example\.com/,
    ));

  test.each<[string, Mutation]>([
    ['reading ConfigMaps', rbac(rule([''], ['configmaps'], ['get', 'list', 'watch']))],
    ['reading named Secrets of its own', rbac(rule([''], ['secrets'], ['get'], ['shop-secrets']))],
    [
      'reading the connection Secret of a datastore it is wired to',
      rbac(rule([''], ['secrets'], ['get'], ['shop-postgres-svc-api', 'shop-redis'])),
    ],
    ['writing its own ConfigMap', rbac(rule([''], ['configmaps'], ['patch'], ['api-config']))],
    ['reading pods and their logs', rbac(rule([''], ['pods', 'pods/log'], ['get', 'list', 'watch']))],
    ['leader election', rbac(rule(['coordination.k8s.io'], ['leases'], ['get', 'create', 'update']))],
    ['reading jobs', rbac(rule(['batch'], ['jobs'], ['get', 'list', 'watch']))],
    ['scaling deployments', rbac(rule(['apps'], ['deployments/scale'], ['get', 'update']))],
    ['creating events', rbac(rule(['', 'events.k8s.io'], ['events'], ['create', 'patch']))],
    ['a secrets resource of an unrelated group', rbac(rule(['vault.example.com'], ['vaultpolicies'], ['create']))],
  ])('accepts %s', (_what, mutate) => expectValid(mutate));
});

describe('alert annotations', () => {
  const alert = (a: Record<string, string>): Mutation =>
    apiWith({ alerts: [{ name: 'Backlog', expr: 'nats_backlog > 100', severity: 'warning', summary: 'Backlog', description: 'x', ...a }] });
  const at = 'services[0].alerts[0]';

  test.each<[string, Mutation, string, RegExp]>([
    [
      'a description does not close its action',
      alert({ description: 'Backlog is {{ $value }' }),
      `${at}.description`,
      /^"Backlog is {{ \$value }" is not a template Prometheus can parse: the "{{" at character 12 has no "}}" \(one "}" closes nothing\); Prometheus would refuse the stack's whole PrometheusRule, and every alert with it$/,
    ],
    [
      'a summary opens a comment it never closes',
      alert({ summary: '{{/* note' }),
      `${at}.summary`,
      /the comment at character 1 is never closed/,
    ],
    [
      'a description has an unterminated string',
      alert({ description: '{{ printf "%.2f $value }}' }),
      `${at}.description`,
      /unterminated quoted string/,
    ],
    ['a description leaves an if open', alert({ description: '{{ if gt $value 1.0 }}high' }), `${at}.description`, /has no {{ end }}/],
    ['a description closes what it never opened', alert({ description: 'x{{ end }}' }), `${at}.description`, /closes no if/],
    [
      'a description runs its own query',
      alert({ description: '{{ with query "sum(secret_metric)" }}{{ . | first | value }}{{ end }}' }),
      `${at}.description`,
      /calls query, which runs PromQL of its own across every namespace, past the scoping of the stack's rules: use \$value and \$labels/,
    ],
    ...[
      ['in a pipeline', '{{ "up" | query | first | value }}'],
      ['with trim markers', 'Peers: {{- query "count(up)" | first | value -}}'],
      ['as an argument', '{{ printf "%.0f" (query "sum(secret_metric)" | first | value) }}'],
      ['after a tab', '{{\tquery "up" }}'],
      ['inside a block', '{{ if gt $value 1.0 }}{{ range query "up" }}{{ .Value }}{{ end }}{{ end }}'],
    ].map(([how, description]): [string, Mutation, string, RegExp] => [
      `a description calls query ${how}`,
      alert({ description }),
      `${at}.description`,
      new RegExp(`^${JSON.stringify(description).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} calls query, which runs PromQL of its own`),
    ]),
    ['a summary calls query', alert({ summary: 'Backlog of {{ "up" | query | len }} targets' }), `${at}.summary`, /calls query/],
    [
      "the runbook base URL calls query (it starts every alert's runbook_url)",
      (s) => (s.monitoring = { runbookBaseUrl: 'https://runbooks.example.com/{{"up"|query|first|value}}' }),
      'monitoring.runbookBaseUrl',
      /^"https:\/\/runbooks\.example\.com\/{{.*}}" calls query, which runs PromQL of its own/,
    ],
    [
      'the runbook base URL is no template Prometheus can parse',
      (s) => (s.monitoring = { runbookBaseUrl: 'https://runbooks.example.com/{{x' }),
      'monitoring.runbookBaseUrl',
      /is not a template Prometheus can parse: the "{{" at character 30 has no "}}"/,
    ],
  ])('fails when %s', (_what, mutate, path, rule) => expectProblem(mutate, path, rule));

  test.each<[string, Mutation]>([
    ['values and labels', alert({ description: '{{ $value | humanize }} messages wait on {{ $labels.stream }}' })],
    [
      'conditions and comments',
      alert({ summary: '{{/* why */}}Backlog', description: '{{ if gt $value 1000.0 }}high{{ else }}rising{{ end }}' }),
    ],
    ['braces outside actions', alert({ description: 'a }} b, and a {{ "{{" }} literal' })],
    ['a field or a variable named query', alert({ description: '{{ $labels.query }} {{ $query := $value }}{{ $query }} {{ "query" }}' })],
    [
      'the annotations the library writes itself',
      alert({ summary: '{{ $labels.pod }} restarts', description: '{{ $value | humanizePercentage }} of {{ $labels.service }} fails' }),
    ],
    ['a runbook base URL', (s) => (s.monitoring = { runbookBaseUrl: 'https://runbooks.example.com/shop' })],
  ])('accepts %s', (_what, mutate) => expectValid(mutate));

  test.each(Object.entries(examples))(
    "%s: every annotation and label of the library's own alerts passes, runbook_url included",
    (_, spec) => {
      const objects = synth({ ...spec, monitoring: { ...spec.monitoring, runbookBaseUrl: 'https://runbooks.example.com/shop' } });
      type Alert = { alert?: string; annotations: Record<string, string>; labels: Record<string, string> };
      const rules: Alert[] = objects
        .filter((o) => o.kind === 'PrometheusRule')
        .flatMap((o) => o.spec.groups.flatMap((g: { rules: Alert[] }) => g.rules))
        .filter((r: Alert) => r.alert !== undefined);
      expect(rules.length).toBeGreaterThan(10);
      const runbooks = rules.map((r) => r.annotations.runbook_url).filter((u) => u !== undefined);
      expect(runbooks.length).toBeGreaterThan(10);
      expect(runbooks.every((u) => u.startsWith('https://runbooks.example.com/shop#'))).toBe(true);
      const templates = rules.flatMap((r) => [...Object.values(r.annotations), ...Object.values(r.labels)]);
      expect(templates.some((t) => /{{ \$labels\.\w+ }}/.test(t)) && templates.some((t) => /{{ \$value/.test(t))).toBe(true);
      expect(templates.map((t) => [t, alertTemplateProblem(t)]).filter(([, why]) => why !== undefined)).toEqual([]);
    },
  );
});

describe('plaintext secrets', () => {
  test('fails when a variable passes a secret option (JAVA_TOOL_OPTIONS)', () => {
    expectProblem(
      apiWith({ env: { LOG_LEVEL: 'info', JAVA_TOOL_OPTIONS: '-Xmx1g -Dspring.datasource.password=hunter2' } }),
      'services[0].env.JAVA_TOOL_OPTIONS',
      /"-Dspring\.datasource\.password" names a secret: a literal value in the options this variable passes/,
    );
  });

  test('fails when a connection string has a tab before its password', () => {
    expectProblem(
      apiWith({ configFiles: { mountPath: '/etc/shop', files: { 'a.conf': 'url=jdbc:postgresql://db/app?user=a&password\t=hunter2\n' } } }),
      'services[0].configFiles.files.a.conf',
      /the connection string carries a password/,
    );
  });

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
    'PRIVATE_KEY_2',
    'API_KEY_PRIMARY',
    'SESSION_KEY_1',
    'API_KEY2',
    'TOKEN_V2',
    'DB_PW',
    'DB_CREDS',
    'BASIC_AUTH',
    'REDIS_AUTH',
    'ALERTS_WEBHOOK_URL',
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
    'DB_PASSWORD_FILE',
    'POSTGRES_PASSWORD_FILE',
    'SECRET_NAME',
    'TOKEN_URL',
    'ACCESS_KEY_ID',
    'DISABLE_AUTH',
    'AUTH',
    'TOKEN_TTL',
    'PASSWORD_MIN_LENGTH',
    'TOKEN_AUDIENCE',
    'SECRET_STORE',
    'PASSWORD_HASH_ALGORITHM',
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
    ['a JDBC URL with a password', 'jdbc:postgresql://db/app?user=app&password=hunter2', 'a connection string with a password'],
    ['an ADO.NET connection string', 'Server=db;Database=app;User Id=app;Password=hunter2;', 'a connection string with a password'],
    ['an ODBC connection string', 'DRIVER={PostgreSQL};SERVER=db;UID=app;PWD=hunter2', 'a connection string with a password'],
    ['a libpq conninfo', 'host=db user=app password=hunter2 dbname=app', 'a connection string with a password'],
    ['a quoted connection-string password', 'Server=db;Password="a;b";', 'a connection string with a password'],
    ['a GitLab token', fake.gitlab, 'a GitLab token'],
    ['an npm token', `//registry.npmjs.org/:_authToken=${fake.npm}`, 'an npm token'],
    ['a Hugging Face token', fake.huggingface, 'a Hugging Face token'],
    ['a SendGrid key', fake.sendgrid, 'a SendGrid API key'],
    ['a Vault token', fake.vault, 'a HashiCorp Vault token'],
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
    'jdbc:postgresql://db/app?user=app&password=$(DB_PASSWORD)',
    'jdbc:postgresql://db/app?user=app&sslmode=require',
    'Server=db;Database=app;User Id=app;Password=;',
    'password_reset_url=https://example.com/reset',
    'npm_package_config_port',
    'hf_hub_download_timeout_seconds',
    'SG.section.title',
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
      apiWith({ env: { GIT_REMOTE: fake.github } }),
      'services[0].env.GIT_REMOTE',
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

  const files = (f: Record<string, string>): Mutation => apiWith({ configFiles: { mountPath: '/etc/shop', files: f } });
  const literal = /line \d+ gives ".*", which names a secret, a literal value: mount the file from a secret/;
  const argument = /names a secret: a literal value in a command line is not allowed, pass "\$\(VAR\)" with VAR from secretEnv/;

  test.each<[string, Mutation, string, RegExp]>([
    [
      'a dotenv file sets a password',
      files({ '.env': 'LOG_LEVEL=info\nDB_PASSWORD=hunter2\n' }),
      'services[0].configFiles.files..env',
      /^line 2 gives "DB_PASSWORD"/,
    ],
    [
      'a properties file sets a password',
      files({ 'application.properties': 'spring.datasource.password=hunter2\n' }),
      'services[0].configFiles.files.application.properties',
      /^line 1 gives "spring.datasource.password"/,
    ],
    [
      'a YAML file sets a nested password',
      files({ 'app.yaml': 'db:\n  host: db\n  password: "hunter2"\n' }),
      'services[0].configFiles.files.app.yaml',
      /^line 3 gives "password"/,
    ],
    [
      'a YAML list item sets a token',
      files({ 'app.yaml': 'clients:\n  - token: abc123\n' }),
      'services[0].configFiles.files.app.yaml',
      literal,
    ],
    ['a YAML block scalar holds a key', files({ 'app.yaml': 'signingKey: |\n  abc\n' }), 'services[0].configFiles.files.app.yaml', literal],
    [
      'a TOML file sets a password',
      files({ 'app.toml': '[db]\npassword = "hunter2" # prod\n' }),
      'services[0].configFiles.files.app.toml',
      literal,
    ],
    ['an INI file sets an API key', files({ 'app.ini': '[mail]\napi-key = abc123\n' }), 'services[0].configFiles.files.app.ini', literal],
    [
      'a JSON file sets a secret',
      files({ 'app.json': '{\n  "clientSecret": "abc123",\n}' }),
      'services[0].configFiles.files.app.json',
      /^line 2 gives "clientSecret"/,
    ],
    ['a CRLF file sets a password', files({ '.env': 'DB_PASSWORD=hunter2\r\n' }), 'services[0].configFiles.files..env', literal],
    [
      'a shell argument sets PGPASSWORD',
      apiWith({ args: ['sh', '-c', 'PGPASSWORD=hunter2 psql -h db'] }),
      'services[0].args[2]',
      /^"PGPASSWORD" names a secret/,
    ],
    [
      'a flag gives a password inline',
      apiWith({ args: ['--db-password=hunter2'] }),
      'services[0].args[0]',
      /^"--db-password" names a secret/,
    ],
    [
      'a flag gives a password as the next argument',
      apiWith({ args: ['--password', 'hunter2'] }),
      'services[0].args[1]',
      /^"--password" names a secret/,
    ],
    ['a Go flag gives a token', apiWith({ command: ['/app', '-api-key', 'abc123'] }), 'services[0].command[2]', argument],
    ['a Java property gives a password', apiWith({ args: ['-Dspring.datasource.password=hunter2'] }), 'services[0].args[0]', argument],
    [
      'a command then its args give a password',
      apiWith({ command: ['/app', '--password'], args: ['hunter2'] }),
      'services[0].args[0]',
      argument,
    ],
    [
      "a migration's argument gives a password",
      apiWith({ migration: { command: ['migrate'], args: ['--password=hunter2'] } }),
      'services[0].migration.args[0]',
      argument,
    ],
    ['a cron job argument gives a token', (s) => (s.cronJobs[0].args = ['--api-token', 'abc123']), 'cronJobs[0].args[1]', argument],
    [
      'an exec probe gives a password',
      (s) => (s.services[1].probes.liveness.command = ['sh', '-c', 'REDISCLI_AUTH=hunter2 redis-cli ping']),
      'services[1].probes.liveness.command[2]',
      argument,
    ],
  ])('fails when %s', (_what, mutate, path, rule) => expectProblem(mutate, path, rule));

  test.each<[string, Mutation]>([
    ['a file reads its password from the environment', files({ 'app.yaml': 'db:\n  password: ${DB_PASSWORD}\n' })],
    [
      'a properties file with a default-less reference',
      files({ 'application.properties': 'spring.datasource.password=${DB_PASSWORD:}\n' }),
    ],
    ['a file names where the password is', files({ '.env': 'DB_PASSWORD_FILE=/run/secrets/db\nTLS_KEY=/etc/tls/tls.key\n' })],
    [
      'settings named like secrets',
      files({ 'app.yaml': 'token_ttl: 3600\ntoken_expiry: 15m\nrequire_password: true\npassword:\n  min_length: 12\n' }),
    ],
    ['a map entry named key', files({ 'app.yaml': 'tolerations:\n  - key: dedicated\n    value: shop\n' })],
    ['a template placeholder', files({ 'app.yaml.tmpl': 'password: {{ .Password }}\n' })],
    ['prose that mentions a password', files({ 'README.txt': 'Password: ask the on-call engineer.\n' })],
    ['a comment line', files({ '.env': '# DB_PASSWORD=set by the platform\n' })],
    ['a flag that reads from a variable', apiWith({ args: ['--password', '$(DB_PASSWORD)', '--token=$(API_TOKEN)'] })],
    ['a shell script that reads from a variable', apiWith({ args: ['sh', '-c', 'PGPASSWORD="$DB_PASSWORD" psql'] })],
    ['a flag naming where the password is', apiWith({ args: ['--password-file', '/run/secrets/db', '--token-ttl', '3600'] })],
    ['a flag read from stdin', apiWith({ args: ['login', '--password-stdin', 'registry.example.com'] })],
    ['a flag without a value, then another flag', apiWith({ args: ['--no-auth', '--verbose'] })],
    ['a flag of a setting about a token', apiWith({ args: ['--token-audience', 'sts.amazonaws.com', '--secret-store', 'vault'] })],
  ])('accepts %s', (_what, mutate) => expectValid(mutate));

  test('the secret material never appears in the error', () => {
    const problems = check(broken(apiWith({ env: { GIT_REMOTE: fake.github }, args: ['--token', fake.jwt] })));
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
        cloudAccess: {
          aws: [
            { actions: ['s3:*Object*'], resources: ['arn:*'] },
            { actions: ['secretsmanager:GetSecretValue'], resources: ['arn:aws:secretsmanager:us-west-2:123456789012:secret:*'] },
            { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::shop-production-db-backups/*'] },
          ],
          gcp: ['roles/iam.serviceAccountTokenCreator', 'roles/secretmanager.secretAccessor'],
        },
        rbac: [
          { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
          { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
          { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['shop-nats'] },
        ],
        env: { N8N_SMTP_PASS: 'x', NOTIFY: fake.slackHook },
        configFiles: { mountPath: '/etc/shop', files: { 'application.properties': 'spring.datasource.password=hunter2\n' } },
        args: ['--password', 'hunter2'],
        alerts: [
          { name: 'Backlog', expr: 'nats_backlog > 100', severity: 'warning', summary: 'Backlog', description: 'Backlog is {{ $value }' },
        ],
      },
    ],
  };
  const section = readme.slice(
    readme.indexOf('No single field can defeat the guard rails'),
    readme.indexOf('The readiness report (and the cdk8s validation plugin'),
  );
  const quoted = [...section.matchAll(/^ {2}`([a-z][\w.[\]]*: .*)`$/gm)].map((m) => m[1]);
  expect(quoted.length).toBe(17);
  const emitted = check(spec).map((p) => `${p.path}: ${p.rule}`);
  for (const line of quoted) expect(emitted).toContain(line);
});
