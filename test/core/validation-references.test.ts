/**
 * The rules that tie services and jobs to the rest of the stack (lib/core/validation/references.ts,
 * checkReferences): the secrets and keys they read are defined, the datastores they use exist, each variable is
 * set once, and the callers they allow are services of the stack or namespaces, on ports the service has.
 */
import { checkReferences } from 'production-stack/core/validation/references';
import { Problems } from 'production-stack/core/validation/problems';

type Obj = Record<string, unknown>;

const secrets = [
  { name: 'app', keys: ['token', 'dsn'] },
  { name: 'tls', keys: ['crt'] },
];
const api: Obj = {
  name: 'api',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'grpc', port: 9090 },
  ],
};
const stack = (patch: Obj): Obj => ({ secrets, services: [api], ...patch });

function problems(props: Obj) {
  const p = new Problems();
  checkReferences(p, props);
  return p.all;
}

describe('secrets a service or job reads are defined, with the key read', () => {
  test("a secretEnv's secret not in the stack's secrets is refused, naming those defined", () => {
    const props = stack({ services: [{ ...api, secretEnv: { TOKEN: { secret: 'ap', key: 'token' } } }] });
    expect(problems(props)).toEqual([
      { path: 'services[0].secretEnv.TOKEN', value: 'ap', rule: `secret "ap" is not defined in the stack's secrets (defined: app, tls)` },
    ]);
    expect(problems(stack({ services: [{ ...api, secretEnv: { TOKEN: { secret: 'app', key: 'token' } } }] }))).toEqual([]);
  });

  test('with no secrets, "none" are defined', () => {
    const props = { services: [{ ...api, secretEnv: { TOKEN: { secret: 'app', key: 'token' } } }] };
    expect(problems(props).map((x) => x.rule)).toEqual([`secret "app" is not defined in the stack's secrets (defined: none)`]);
  });

  test("a key that is not one of the secret's is refused, naming its keys", () => {
    const props = stack({ services: [{ ...api, secretEnv: { TOKEN: { secret: 'app', key: 'tok' } } }] });
    expect(problems(props)).toEqual([
      { path: 'services[0].secretEnv.TOKEN', value: 'tok', rule: `key "tok" is not one of secret "app"'s keys (token, dsn)` },
    ]);
  });

  test('a secret whose keys are no list has no key', () => {
    const props = stack({
      secrets: [{ name: 'app', keys: 'token' }],
      services: [{ ...api, secretEnv: { T: { secret: 'app', key: 'token' } } }],
    });
    expect(problems(props).map((x) => x.rule)).toEqual([`key "token" is not one of secret "app"'s keys ()`]);
  });

  test("a cron job's secretEnv is checked at its path", () => {
    const props = stack({ cronJobs: [{ name: 'r' }, { name: 'report', secretEnv: { T: { secret: 'nope', key: 'x' } } }] });
    expect(problems(props).map((x) => [x.path, x.value])).toEqual([['cronJobs[1].secretEnv.T', 'nope']]);
  });

  test("a secret mount's secret is defined (no key is read)", () => {
    const props = stack({ services: [{ ...api, secretMounts: [{ secret: 'tls' }, { secret: 'certs' }] }] });
    expect(problems(props)).toEqual([
      {
        path: 'services[0].secretMounts[1].secret',
        value: 'certs',
        rule: `secret "certs" is not defined in the stack's secrets (defined: app, tls)`,
      },
    ]);
  });

  test("an alert receiver's routingKey, webhookUrl or url from a secret is defined, for each severity", () => {
    const ref = (secret: string, key: string) => ({ secret, key });
    const props = stack({
      monitoring: {
        alerting: {
          critical: [{ routingKey: ref('app', 'token') }, { routingKey: ref('pd', 'k') }],
          warning: [{ webhookUrl: ref('app', 'hook') }, { url: ref('x', 'y'), webhookUrl: 'https://example.com' }],
        },
      },
    });
    expect(problems(props).map((x) => [x.path, x.value])).toEqual([
      ['monitoring.alerting.critical[1].routingKey', 'pd'],
      ['monitoring.alerting.warning[0].webhookUrl', 'hook'],
      ['monitoring.alerting.warning[1].url', 'x'],
    ]);
  });

  test('references that are no object or no string name are left to the other rules', () => {
    const props = stack({
      services: [{ ...api, secretEnv: { A: 'app', B: { secret: 3 } }, secretMounts: [{}] }, 'x'],
      cronJobs: [{ secretEnv: 'x' }],
      monitoring: { alerting: { critical: 'x', warning: [{ url: 'https://x' }] } },
    });
    expect(problems(props)).toEqual([]);
    expect(problems({ monitoring: { alerting: 'x' }, secrets: 'x', services: 'x', cronJobs: 'x' })).toEqual([]);
    // null entries too (the other rules report them), wherever they are
    expect(
      problems({
        secrets: [null, ...secrets],
        services: [null, { ...api, secretMounts: [null] }],
        cronJobs: [null],
        monitoring: { alerting: { critical: [null] } },
      }),
    ).toEqual([]);
  });
});

describe('the datastores a service or job uses are defined by the stack', () => {
  test.each(['postgres', 'redis', 'nats'])('a service using %s without the stack defining it is refused', (store) => {
    expect(problems(stack({ services: [{ ...api, [store]: {} }] }))).toEqual([
      { path: `services[0].${store}`, value: store, rule: `the service uses ${store} but the stack defines no ${store}` },
    ]);
    expect(problems(stack({ services: [{ ...api, [store]: {} }], [store]: {} }))).toEqual([]);
  });

  test('a job using one is refused as "the job"', () => {
    expect(problems(stack({ cronJobs: [{ name: 'r', postgres: {} }] }))).toEqual([
      { path: 'cronJobs[0].postgres', value: 'postgres', rule: 'the job uses postgres but the stack defines no postgres' },
    ]);
  });
});

describe('a container keeps one value per variable', () => {
  test('a variable set in env and again in secretEnv is refused where it is set the second time', () => {
    const props = stack({ services: [{ ...api, env: { TOKEN: 'x' }, secretEnv: { TOKEN: { secret: 'app', key: 'token' } } }] });
    expect(problems(props)).toEqual([
      {
        path: 'services[0].secretEnv.TOKEN',
        value: 'TOKEN',
        rule: '"TOKEN" is also set by services[0].env.TOKEN: a container keeps one value per variable, so one would be lost',
      },
    ]);
  });

  test("a variable the service's postgres wiring sets is refused in env", () => {
    const props = stack({ postgres: {}, services: [{ ...api, postgres: { env: { host: 'DB_HOST' } }, env: { DB_HOST: 'x' } }] });
    expect(problems(props)).toEqual([
      {
        path: 'services[0].postgres.env.host',
        value: 'DB_HOST',
        rule: '"DB_HOST" is also set by services[0].env.DB_HOST: a container keeps one value per variable, so one would be lost',
      },
    ]);
  });

  test("a cron job's variables are checked at its path", () => {
    const props = stack({ cronJobs: [{ name: 'r', env: { A: '1' }, secretEnv: { A: { secret: 'app', key: 'token' } } }] });
    expect(problems(props).map((x) => [x.path, x.rule])).toEqual([
      ['cronJobs[0].secretEnv.A', '"A" is also set by cronJobs[0].env.A: a container keeps one value per variable, so one would be lost'],
    ]);
  });

  test('two services may each set the same variable', () => {
    expect(
      problems(
        stack({
          services: [
            { ...api, env: { A: '1' } },
            { name: 'w', env: { A: '2' } },
          ],
        }),
      ),
    ).toEqual([]);
  });
});

describe('callers (allowFrom)', () => {
  const allow = (allowFrom: unknown, patch: Obj = {}) => stack({ services: [{ ...api, allowFrom, ...patch }, { name: 'web' }] });

  test('a service or a namespace of the stack, on ports of the service, passes', () => {
    expect(problems(allow([{ service: 'web' }, { namespace: 'partners', ports: ['grpc', 'http'] }]))).toEqual([]);
  });

  test('a caller is an object', () => {
    expect(problems(allow(['web']))).toEqual([
      { path: 'services[0].allowFrom[0]', value: 'web', rule: '"web" must be an object: { service } or { namespace }' },
    ]);
  });

  test('allowFrom is a list', () => {
    expect(problems(allow('web'))).toEqual([{ path: 'services[0].allowFrom', value: 'web', rule: '"web" must be a list' }]);
  });

  test('a caller names exactly one of service or namespace', () => {
    for (const c of [{}, { service: 'web', namespace: 'partners' }])
      expect(problems(allow([c]))).toEqual([
        { path: 'services[0].allowFrom[0]', value: c, rule: 'a caller names exactly one of "service" or "namespace"' },
      ]);
  });

  test('a caller service not in the stack is refused, naming its services', () => {
    expect(problems(allow([{ service: 'webb' }]))).toEqual([
      {
        path: 'services[0].allowFrom[0].service',
        value: 'webb',
        rule: 'caller "webb" is not a service of this stack (services: api, web)',
      },
    ]);
  });

  test('a caller namespace is a DNS-1123 label', () => {
    expect(problems(allow([{ namespace: 'Partners' }]))).toEqual([
      {
        path: 'services[0].allowFrom[0].namespace',
        value: 'Partners',
        rule: '"Partners" must be a DNS-1123 label: at most 63 lowercase letters, digits or "-", starting and ending alphanumeric',
      },
    ]);
  });

  test("a caller's port that is not one of the service's port names is refused", () => {
    expect(problems(allow([{ service: 'web', ports: ['http', 'admin'] }]))).toEqual([
      { path: 'services[0].allowFrom[0].ports[1]', value: 'admin', rule: `"admin" is not one of the service's port names` },
    ]);
  });

  test("a caller's ports are a list of port names", () => {
    expect(problems(allow([{ service: 'web', ports: 'http' }]))).toEqual([
      { path: 'services[0].allowFrom[0].ports', value: 'http', rule: '"http" must be a list' },
    ]);
  });

  test('a worker has no Service to call: callers are refused, none passes', () => {
    expect(problems(allow([{ service: 'web' }], { role: 'worker' }))).toEqual([
      { path: 'services[0].allowFrom', value: '<callers>', rule: 'a worker has no Service to call' },
    ]);
    expect(problems(allow([], { role: 'worker' }))).toEqual([]);
    expect(problems(allow([{ service: 'web' }], { role: 'server' }))).toEqual([]);
  });
});
