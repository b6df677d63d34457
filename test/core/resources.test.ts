/**
 * A request above the limit the container gets is refused, and that limit is the one the resolver gives the
 * workload: a cron job's defaults (a 1Gi memory limit, no CPU limit) differ from a service's (2 CPUs, 2Gi).
 * Validation once compared a cron job's requests with a service's default limits, so a 1.5Gi request without
 * limits passed and synthesized a Job the API server refuses (requests.memory above limits.memory).
 */
import { check, formatProblem, resolve } from 'production-stack';
import { broken } from '../support/spec';

const problemsAt = (spec: ReturnType<typeof broken>, path: string) => check(spec as never).filter((p) => p.path === path);

describe("a cron job's requests against the limits it gets", () => {
  const job = (resources: unknown) => broken((s) => ((s.cronJobs as Record<string, unknown>[])[0].resources = resources));

  test('a memory request above the default 1Gi limit is refused, with the limit named', () => {
    const spec = job({ requests: { memory: '1.5Gi' } });
    expect(resolve(job({ requests: { memory: '1Gi' } }) as never).cronJobs[0].resources.limits).toEqual({ memory: '1Gi' });
    expect(problemsAt(spec, 'cronJobs[0].resources.requests.memory').map(formatProblem)).toEqual([
      'cronJobs[0].resources.requests.memory: memory request "1.5Gi" must be <= its limit (1Gi)',
    ]);
  });

  test('a request equal to the limit passes, and so does a larger one with a larger limit', () => {
    expect(problemsAt(job({ requests: { memory: '1Gi' } }), 'cronJobs[0].resources.requests.memory')).toEqual([]);
    expect(check(job({ requests: { memory: '1.5Gi' }, limits: { memory: '2Gi' } }) as never)).toEqual([]);
  });

  test('a CPU request is bounded by no default limit (a cron job gets none)', () => {
    expect(check(job({ requests: { cpu: '3' } }) as never)).toEqual([]);
  });

  test("the same request is a service's right: its default limit is 2Gi", () => {
    const spec = broken((s) => {
      const api = (s.services as Record<string, unknown>[])[0];
      api.resources = { requests: { memory: '1.5Gi' } };
    });
    expect(check(spec as never)).toEqual([]);
    expect(resolve(spec as never).services[0].resources.limits).toEqual({ cpu: '2', memory: '2Gi' });
  });
});

describe('what the request rule does not add', () => {
  // limits given are the only ones that count: a malformed or incomplete limits object is its own problem
  test.each([
    ['limits null', null, ['services[0].resources.limits']],
    ['limits without memory', { cpu: '4' }, ['services[0].resources.limits.memory']],
  ])('%s: only the shape problem, no comparison with a default limit', (_, limits, paths) => {
    const spec = broken(
      (s) => ((s.services as Record<string, unknown>[])[0].resources = { requests: { cpu: '3', memory: '3Gi' }, limits }),
    );
    expect(check(spec as never).map((p) => p.path)).toEqual(paths);
  });

  test("a stream's maxBytes given as null is reported as no quantity, not read as the default", () => {
    const spec = broken((s) => ((s.nats as { streams: Record<string, unknown>[] }).streams[0].maxBytes = null));
    expect(check(spec as never).map(formatProblem)).toEqual([expect.stringMatching(/^nats\.streams\[0\]\.maxBytes: null /)]);
  });
});
