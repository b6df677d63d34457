/**
 * The rules over the resolved spec (lib/core/validation/rules.ts): each stated by a failing input, the exact
 * problem it produces, and the corrected input, which has none at that path; then what makes them rules over the
 * resolved spec: they read the defaults (an unset field is its default, an unset environment is production), and
 * a rule is not checked when a field it reads has a problem of its own.
 */
import { checkRules } from 'production-stack/core/validation/rules';
import { Problems } from 'production-stack/core/validation/problems';
import { check } from 'production-stack/core/validation';
import { baseSpec } from '../support/spec';

type Obj = Record<string, unknown>;

/** What `checkRules` finds in `props`, after the field checks found `earlier` (paths). */
function rules(props: Obj, earlier: string[] = []): { path: string; value: unknown; rule: string }[] {
  const p = new Problems();
  for (const path of earlier) p.add(path, '?', 'a field check');
  checkRules(p, { cloud: 'aws', ...props });
  return p.all.slice(earlier.length).map((x) => ({ path: x.path, value: x.value, rule: x.rule }));
}

const postgresOutage = 'a zone outage then takes the database down until it is restored';
const redisOutage = 'a zone outage then takes the cache down and empties it';
const quorum = (n: number) => `${n} nodes cannot keep a JetStream quorum: production needs an odd number, 3 or more`;
const drain = 'production needs at least 2 gateway replicas: one would take every host down during a node drain';

type Case = [rule: string, bad: Obj, good: Obj, problem: { path: string; value: unknown; rule: string }];

describe('each rule', () => {
  test.each<Case>([
    [
      'a single-zone database in production needs the opt-out',
      { postgres: { highAvailability: false } },
      { postgres: { highAvailability: false, allowSingleZoneInProduction: true } },
      {
        path: 'postgres.highAvailability',
        value: false,
        rule: `false in production needs the explicit opt-out postgres.allowSingleZoneInProduction: true (${postgresOutage})`,
      },
    ],
    [
      'outside production a single-zone database needs no opt-out',
      { environment: 'production', postgres: { highAvailability: false } },
      { environment: 'staging', postgres: { highAvailability: false } },
      {
        path: 'postgres.highAvailability',
        value: false,
        rule: `false in production needs the explicit opt-out postgres.allowSingleZoneInProduction: true (${postgresOutage})`,
      },
    ],
    [
      "the database's opt-out alone does nothing (high availability is on by default)",
      { postgres: { allowSingleZoneInProduction: true } },
      { postgres: { allowSingleZoneInProduction: false } },
      { path: 'postgres.allowSingleZoneInProduction', value: true, rule: 'true has no effect while highAvailability is on: remove it' },
    ],
    [
      "the database's opt-out with high availability off is what the opt-out is for",
      { postgres: { highAvailability: true, allowSingleZoneInProduction: true } },
      { postgres: { highAvailability: false, allowSingleZoneInProduction: true } },
      { path: 'postgres.allowSingleZoneInProduction', value: true, rule: 'true has no effect while highAvailability is on: remove it' },
    ],
    [
      'a single-zone cache in production needs the opt-out',
      { redis: { highAvailability: false } },
      { redis: { highAvailability: false, allowSingleZoneInProduction: true } },
      {
        path: 'redis.highAvailability',
        value: false,
        rule: `false in production needs the explicit opt-out redis.allowSingleZoneInProduction: true (${redisOutage})`,
      },
    ],
    [
      "the cache's opt-out alone does nothing",
      { environment: 'staging', redis: { allowSingleZoneInProduction: true } },
      { environment: 'staging', redis: { highAvailability: false, allowSingleZoneInProduction: true } },
      { path: 'redis.allowSingleZoneInProduction', value: true, rule: 'true has no effect while highAvailability is on: remove it' },
    ],
    [
      'production needs two availability zones',
      { cluster: { availabilityZones: 1 } },
      { cluster: { availabilityZones: 2 } },
      { path: 'cluster.availabilityZones', value: 1, rule: 'production needs at least 2 availability zones' },
    ],
    [
      'one zone is for staging and development',
      { environment: 'production', cluster: { availabilityZones: 1 } },
      { environment: 'development', cluster: { availabilityZones: 1 } },
      { path: 'cluster.availabilityZones', value: 1, rule: 'production needs at least 2 availability zones' },
    ],
    [
      'a JetStream quorum needs an odd number of nodes',
      { nats: { replicas: 4 } },
      { nats: { replicas: 5 } },
      { path: 'nats.replicas', value: 4, rule: quorum(4) },
    ],
    [
      'a JetStream quorum needs 3 nodes or more',
      { nats: { replicas: 1 } },
      { nats: { replicas: 3 } },
      { path: 'nats.replicas', value: 1, rule: quorum(1) },
    ],
    [
      'one NATS node is for staging',
      { nats: { replicas: 1 } },
      { environment: 'staging', nats: { replicas: 1 } },
      { path: 'nats.replicas', value: 1, rule: quorum(1) },
    ],
    [
      'production needs two gateway replicas',
      { edge: { replicas: 1 } },
      { edge: { replicas: 2 } },
      { path: 'edge.replicas', value: 1, rule: drain },
    ],
    [
      'one gateway replica is for development',
      { edge: { replicas: 1 } },
      { environment: 'development', edge: { replicas: 1 } },
      { path: 'edge.replicas', value: 1, rule: drain },
    ],
  ])('%s', (_rule, bad, good, problem) => {
    expect(rules(bad)).toEqual([problem]);
    expect(rules(good)).toEqual([]);
  });
});

describe('over the resolved spec', () => {
  test("an unset field is its default, which every rule accepts: a production stack's defaults break none", () => {
    expect(rules({ postgres: {}, redis: {}, nats: {}, edge: {}, cluster: {} })).toEqual([]);
    expect(rules({})).toEqual([]);
  });

  test("NATS' default of 3 nodes keeps the quorum; 2 given is reported as given", () => {
    expect(rules({ nats: { replicas: undefined } })).toEqual([]);
    expect(rules({ nats: { replicas: 2 } })).toEqual([{ path: 'nats.replicas', value: 2, rule: quorum(2) }]);
  });

  test('an unset environment is production, for every rule alike', () => {
    const bad = { postgres: { highAvailability: false }, cluster: { availabilityZones: 1 }, nats: { replicas: 2 }, edge: { replicas: 1 } };
    const paths = ['cluster.availabilityZones', 'postgres.highAvailability', 'nats.replicas', 'edge.replicas'];
    expect(rules(bad).map((x) => x.path)).toEqual(paths);
    expect(rules({ ...bad, environment: 'production' }).map((x) => x.path)).toEqual(paths);
    expect(rules({ ...bad, environment: 'staging' })).toEqual([]);
  });

  test('the resolvers read what the field checks have not ruled out: a service that is no object is skipped, not read', () => {
    // a Redis's role follows from the services that drain a queue in it; the field checks report these items
    expect(rules({ redis: {}, services: [null, 'api', { queue: { redis: { list: 'jobs' } } }] })).toEqual([]);
  });

  test('a datastore the spec does not have breaks no datastore rule', () => {
    expect(rules({ postgres: undefined, redis: undefined, nats: undefined })).toEqual([]);
  });
});

describe('a rule is checked only when the fields it reads passed the field checks', () => {
  const bad = { postgres: { highAvailability: false }, cluster: { availabilityZones: 1 }, nats: { replicas: 2 }, edge: { replicas: 1 } };

  test.each([
    ['the environment (every production rule reads it)', 'environment', []],
    ['the field itself', 'nats.replicas', ['cluster.availabilityZones', 'postgres.highAvailability', 'edge.replicas']],
    [
      'a field it reads besides its own',
      'postgres.allowSingleZoneInProduction',
      ['cluster.availabilityZones', 'nats.replicas', 'edge.replicas'],
    ],
    ['the section around it', 'cluster', ['postgres.highAvailability', 'nats.replicas', 'edge.replicas']],
    ['a field under it', 'edge.replicas.value', ['cluster.availabilityZones', 'postgres.highAvailability', 'nats.replicas']],
  ])('a problem at %s', (_what, earlier, left) => {
    expect(rules(bad, [earlier as string]).map((x) => x.path)).toEqual(left);
  });

  test('a problem at a neighbouring field of the same prefix does not hold a rule back', () => {
    // "edge.replicasX" is not under "edge.replicas", nor "nats.replicas" under "nats.replica"
    expect(rules(bad, ['edge.replicasX', 'nats.replica']).map((x) => x.path)).toEqual([
      'cluster.availabilityZones',
      'postgres.highAvailability',
      'nats.replicas',
      'edge.replicas',
    ]);
  });

  test('a value known only at deploy time (a token) is checked when it is resolved, not before', () => {
    expect(rules({ nats: { replicas: '${TOKEN[Token.1]}' }, edge: { replicas: '${TOKEN[Token.2]}' } })).toEqual([]);
    expect(rules({ environment: '${TOKEN[Token.3]}', cluster: { availabilityZones: 1 } })).toEqual([]);
  });

  test('a list item of a field it reads holds it back', () => {
    expect(rules(bad, ['edge.replicas[0]']).map((x) => x.path)).not.toContain('edge.replicas');
  });

  test('through check: an environment that is none is one problem, not a production rule broken besides', () => {
    const spec = { ...baseSpec(), environment: 'prod', cluster: { availabilityZones: 1 }, edge: { replicas: 1 } };
    expect(check(spec).map((x) => x.path)).toEqual(['environment']);
  });

  test('through check: a wrong type is reported once, by the field check', () => {
    const spec = { ...baseSpec(), postgres: { highAvailability: 'no', allowSingleZoneInProduction: true } };
    expect(check(spec).map((x) => `${x.path}: ${x.rule}`)).toEqual(['postgres.highAvailability: "no" must be true or false']);
  });
});
