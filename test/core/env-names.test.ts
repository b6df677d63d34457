/**
 * The names of a container's environment variables and the spec path that sets each (lib/core/env-names.ts), read
 * from the raw spec, as validation reads it before anything is resolved: a value of the wrong shape gives no name.
 */
import { TRACING_ENV, envNameSources } from 'production-stack/core/env-names';

const P = 'services[0]';

test('env and secretEnv: each key, at its path, env first', () => {
  expect(envNameSources({}, { secretEnv: { S: 'x' }, env: { A: '1', B: '2' } }, P)).toEqual([
    ['A', 'services[0].env.A'],
    ['B', 'services[0].env.B'],
    ['S', 'services[0].secretEnv.S'],
  ]);
});

test('env or secretEnv that is no object (a list, a string, null) gives no name', () => {
  expect(envNameSources({}, { env: ['A'], secretEnv: 'S' }, P)).toEqual([]);
  expect(envNameSources({}, { env: null, secretEnv: undefined }, P)).toEqual([]);
});

describe('the datastore clients', () => {
  test('a client without env gets the default names: DATABASE_URL, REDIS_URL', () => {
    expect(envNameSources({}, { postgres: {}, redis: {} }, P)).toEqual([
      ['DATABASE_URL', 'services[0].postgres.env.url'],
      ['REDIS_URL', 'services[0].redis.env.url'],
    ]);
  });

  test('a client’s env gives its names, each at its part; a name that is no string is none', () => {
    expect(envNameSources({}, { postgres: { env: { url: 'PG_URL', password: 'PG_PASSWORD', host: 5 } } }, P)).toEqual([
      ['PG_URL', 'services[0].postgres.env.url'],
      ['PG_PASSWORD', 'services[0].postgres.env.password'],
    ]);
    expect(envNameSources({}, { redis: { env: { host: 'REDIS_HOST' } } }, P)).toEqual([['REDIS_HOST', 'services[0].redis.env.host']]);
  });

  test('an env that is no object is the defaults; a client that is no object, no client', () => {
    expect(envNameSources({}, { postgres: { env: 'PG' }, redis: { env: ['R'] } }, P)).toEqual([
      ['DATABASE_URL', 'services[0].postgres.env.url'],
      ['REDIS_URL', 'services[0].redis.env.url'],
    ]);
    expect(envNameSources({}, { postgres: true, redis: 'yes' }, P)).toEqual([]);
  });
});

describe('NATS', () => {
  test('a NATS client of a stack with NATS: its four names, defaults where it gives none or no string', () => {
    expect(envNameSources({ nats: {} }, { nats: { urlEnv: 'BUS_URL', userEnv: 5 } }, 'jobs[1]')).toEqual([
      ['BUS_URL', 'jobs[1].nats.urlEnv'],
      ['NATS_USER', 'jobs[1].nats.userEnv'],
      ['NATS_PASSWORD', 'jobs[1].nats.passwordEnv'],
      ['NATS_INBOX_PREFIX', 'jobs[1].nats.inboxPrefixEnv'],
    ]);
  });

  test('without NATS in the stack, or without a client object, none', () => {
    expect(envNameSources({}, { nats: {} }, P)).toEqual([]);
    expect(envNameSources({ nats: 'yes' }, { nats: {} }, P)).toEqual([]);
    expect(envNameSources({ nats: {} }, { nats: true }, P)).toEqual([]);
  });

  test('with NATS TLS (true or its options) the CA file’s name, NATS_CA_FILE, set by nats.tls; not with tls false', () => {
    const names = (tls: unknown) => envNameSources({ nats: { tls } }, { nats: {} }, P).slice(4);
    expect(names(true)).toEqual([['NATS_CA_FILE', 'nats.tls']]);
    expect(names({ issuer: 'x' })).toEqual([['NATS_CA_FILE', 'nats.tls']]);
    expect(names(false)).toEqual([]);
    expect(names(undefined)).toEqual([]);
    expect(envNameSources({ nats: { tls: true } }, {}, P)).toEqual([]);
  });
});

test('tracing sets the OpenTelemetry SDK’s variables in every container, set by monitoring.tracing', () => {
  // the OpenTelemetry specification, "Environment Variable Specification" and the OTLP exporter's
  expect(TRACING_ENV).toEqual([
    'OTEL_SERVICE_NAME',
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'OTEL_TRACES_SAMPLER',
    'OTEL_TRACES_SAMPLER_ARG',
    'OTEL_RESOURCE_ATTRIBUTES',
  ]);
  expect(envNameSources({ monitoring: { tracing: {} } }, {}, P)).toEqual(TRACING_ENV.map((n) => [n, 'monitoring.tracing']));
  expect(envNameSources({ monitoring: {} }, {}, P)).toEqual([]);
  expect(envNameSources({ monitoring: 'on' }, {}, P)).toEqual([]);
});

test('in order: env, secretEnv, PostgreSQL, Redis, NATS, the NATS CA, tracing', () => {
  const names = envNameSources(
    { nats: { tls: true }, monitoring: { tracing: { endpoint: 'x' } } },
    { env: { A: '1' }, secretEnv: { S: 'x' }, postgres: {}, redis: {}, nats: {} },
    P,
  ).map(([name]) => name);
  expect(names).toEqual([
    'A',
    'S',
    'DATABASE_URL',
    'REDIS_URL',
    'NATS_URL',
    'NATS_USER',
    'NATS_PASSWORD',
    'NATS_INBOX_PREFIX',
    'NATS_CA_FILE',
    ...TRACING_ENV,
  ]);
});
