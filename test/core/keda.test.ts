/** KEDA (lib/core/keda.ts): where its operator runs, what it reads, and when a stack needs it. */
import {
  KEDA_NAMESPACE,
  KEDA_OPERATOR_LABELS,
  KEDA_POLLING_SECONDS,
  NATS_GLOBAL_ACCOUNT,
  REDIS_LIST_KEY,
  usesKeda,
} from 'production-stack/core/keda';

test('KEDA’s operator runs in namespace keda, labelled app=keda-operator (the chart’s defaults)', () => {
  // kedacore/charts: the install docs use namespace keda; operator.name defaults to keda-operator, set as `app`
  expect(KEDA_NAMESPACE).toBe('keda');
  expect(KEDA_OPERATOR_LABELS).toEqual({ app: 'keda-operator' });
});

test('a ScaledObject polls every 30 s (KEDA’s pollingInterval default) the NATS global account $G', () => {
  // KEDA docs (ScaledObject spec): pollingInterval defaults to 30; NATS docs: users without an account are in $G
  expect(KEDA_POLLING_SECONDS).toBe(30);
  expect(NATS_GLOBAL_ACCOUNT).toBe('$G');
});

describe('a Redis list key', () => {
  test.each(['jobs', 'queue:emails', 'a.b_c-d/e', '{tenant}:jobs', 'x', 'k'.repeat(256)])('%j is one', (key) => {
    expect(REDIS_LIST_KEY.test(key)).toBe(true);
  });

  test.each([
    ['', 'empty'],
    ['k'.repeat(257), '257 characters'],
    ['my jobs', 'a space'],
    ['jobs"', 'a quote'],
    ["jobs'", 'a single quote'],
    ['jobs\n', 'a trailing newline'],
    ['\njobs', 'a leading newline'],
    ['jobs$x', 'a dollar'],
  ])('%j is not: %s', (key) => {
    expect(REDIS_LIST_KEY.test(key)).toBe(false);
  });
});

test('a stack uses KEDA when some service has a queue, and only then', () => {
  expect(usesKeda({ services: [{}, { queue: { type: 'nats' } }] })).toBe(true);
  expect(usesKeda({ services: [{ queue: null }] })).toBe(true);
  expect(usesKeda({ services: [{}, { queue: undefined }] })).toBe(false);
  expect(usesKeda({ services: [] })).toBe(false);
});
