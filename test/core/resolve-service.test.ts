/**
 * Services and cron jobs with their defaults (lib/core/resolve/service.ts). The default values are the spec's
 * `@default` tags (ServiceSpec, CronJobSpec and their parts): 3 replicas, 500m/512Mi requested and 2 CPUs/2Gi the
 * limit, probes on the first HTTP port (/healthz, /readyz; gRPC's health check without one), a startup probe from
 * the liveness one every 5 s for 30 tries, UID 10001, /tmp writable, 30 s to stop after a 5 s pre-stop sleep, one
 * pod surged and none unavailable, 70% CPU for autoscaling, 10 messages per replica of a queue; metrics at
 * /metrics every 30s; cron jobs in Etc/UTC, Forbid, 300 s to start, 3600 s to run, 2 retries, 3 kept, 100m/256Mi
 * requested and 1Gi the limit; the client variables DATABASE_URL, REDIS_URL and NATS_*.
 */
import {
  clientConnections,
  clientEnvNames,
  cronJobResources,
  resolveCronJob,
  resolveRequestMetrics,
  resolveService,
  serviceReplicas,
  serviceResources,
  sloWindowDays,
  terminationGracePeriodSeconds,
} from 'production-stack/core/resolve/service';

const base = { name: 'api', image: 'registry.example.com/api:1.0.0' };

describe('a service with nothing but a name and an image', () => {
  const s = resolveService(base);

  test('a server of 3 replicas, no ports, no probes, no metrics', () => {
    expect([s.role, s.replicas, s.ports, s.probes, s.metrics]).toEqual([
      'server',
      3,
      [],
      { liveness: undefined, readiness: undefined, startup: undefined },
      undefined,
    ]);
  });

  test('the documented defaults of the pod', () => {
    expect(s.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect([s.runAsUser, s.writablePaths, s.terminationGracePeriodSeconds, s.preStopSleepSeconds, s.maxSurge, s.maxUnavailable]).toEqual([
      10001,
      ['/tmp'],
      30,
      5,
      1,
      0,
    ]);
    expect([s.env, s.secretEnv, s.secretMounts, s.allowFrom, s.egress, s.alerts, s.serveFromReplica]).toEqual([
      {},
      {},
      [],
      [],
      [],
      [],
      false,
    ]);
    expect([s.autoscaling, s.queue, s.migration, s.slo]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('ports and probes', () => {
  test('a port named grpc is gRPC, any other HTTP, unless its protocol is given', () => {
    const s = resolveService({
      ...base,
      ports: [
        { name: 'grpc', port: 9090 },
        { name: 'web', port: 80 },
        { name: 'raw', port: 1, protocol: 'tcp' },
      ],
    });
    expect(s.ports.map((p) => p.protocol)).toEqual(['grpc', 'http', 'tcp']);
  });

  test('probes on the first HTTP port that is not metrics: /healthz and /readyz; startup every 5 s, 30 tries', () => {
    const s = resolveService({
      ...base,
      ports: [
        { name: 'metrics', port: 9091 },
        { name: 'grpc', port: 9090 },
        { name: 'http', port: 8080 },
      ],
    });
    expect(s.probes.liveness).toEqual({ type: 'http', path: '/healthz', port: 'http' });
    expect(s.probes.readiness).toEqual({ type: 'http', path: '/readyz', port: 'http' });
    expect(s.probes.startup).toEqual({
      type: 'http',
      path: '/healthz',
      port: 'http',
      initialDelaySeconds: 0,
      periodSeconds: 5,
      failureThreshold: 30,
      successThreshold: 1,
    });
  });

  test('without an HTTP port, the gRPC port, by the gRPC health check', () => {
    const s = resolveService({ ...base, ports: [{ name: 'grpc', port: 9090 }] });
    expect([s.probes.liveness, s.probes.readiness]).toEqual([
      { type: 'grpc', port: 'grpc' },
      { type: 'grpc', port: 'grpc' },
    ]);
  });

  test('a metrics port alone gets no probe', () => {
    expect(resolveService({ ...base, ports: [{ name: 'metrics', port: 9091 }] }).probes.liveness).toBeUndefined();
  });

  test('probes given are kept; the startup probe follows the liveness one given', () => {
    const liveness = { type: 'exec' as const, command: ['/bin/ok'] };
    const s = resolveService({ ...base, ports: [{ name: 'http', port: 8080 }], probes: { liveness } });
    expect(s.probes.liveness).toEqual(liveness);
    expect(s.probes.readiness).toEqual({ type: 'http', path: '/readyz', port: 'http' });
    expect(s.probes.startup).toMatchObject({ ...liveness, periodSeconds: 5, failureThreshold: 30 });
    const startup = { type: 'exec' as const, command: ['/bin/started'] };
    expect(resolveService({ ...base, probes: { liveness, startup } }).probes.startup).toEqual(startup);
  });
});

describe('replicas, autoscaling and queues', () => {
  test('replicas given are kept; autoscaling starts at minReplicas; a queue at its minReplicas', () => {
    expect(resolveService({ ...base, replicas: 1 }).replicas).toBe(1);
    expect(resolveService({ ...base, replicas: 5, autoscaling: { minReplicas: 2, maxReplicas: 4 } }).replicas).toBe(2);
    expect(resolveService({ ...base, role: 'worker', queue: { nats: { consumer: 'c' }, minReplicas: 4, maxReplicas: 8 } }).replicas).toBe(
      4,
    );
  });

  test('autoscaling at 70% CPU with the default scale-up and scale-down behaviour, unless given', () => {
    const a = resolveService({ ...base, autoscaling: { minReplicas: 2, maxReplicas: 4 } }).autoscaling!;
    expect(a.cpuUtilization).toBe(70);
    expect(a.scaleUp).toEqual({ stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }] });
    expect(a.scaleDown).toEqual({ stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] });
    const up = { stabilizationWindowSeconds: 10, policies: [] };
    const given = resolveService({
      ...base,
      autoscaling: { minReplicas: 2, maxReplicas: 4, cpuUtilization: 50, scaleUp: up, scaleDown: up },
    }).autoscaling!;
    expect([given.cpuUtilization, given.scaleUp, given.scaleDown]).toEqual([50, up, up]);
  });

  test('a queue drains 10 messages per replica unless given, with the default scaling behaviour', () => {
    const q = resolveService({ ...base, role: 'worker', queue: { nats: { consumer: 'c' }, minReplicas: 1, maxReplicas: 3 } }).queue!;
    expect([q.targetPerReplica, q.minReplicas, q.maxReplicas]).toEqual([10, 1, 3]);
    expect(q.scaleDown).toEqual({ stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] });
    expect(q.scaleUp).toEqual({ stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }] });
    expect(
      resolveService({ ...base, role: 'worker', queue: { nats: { consumer: 'c' }, minReplicas: 1, maxReplicas: 3, targetPerReplica: 50 } })
        .queue!.targetPerReplica,
    ).toBe(50);
  });
});

describe('metrics, SLO, migration', () => {
  test('a port named metrics is scraped at /metrics every 30s; metrics given override', () => {
    expect(resolveService({ ...base, ports: [{ name: 'metrics', port: 9091 }] }).metrics).toEqual({
      port: 'metrics',
      path: '/metrics',
      interval: '30s',
    });
    expect(
      resolveService({ ...base, ports: [{ name: 'http', port: 8080 }], metrics: { port: 'http', path: '/prom', interval: '1m' } }).metrics,
    ).toEqual({
      port: 'http',
      path: '/prom',
      interval: '1m',
    });
  });

  test('the metrics port is the one named metrics, wherever it is; without one and without metrics, none', () => {
    const ports = [
      { name: 'http', port: 8080 },
      { name: 'metrics', port: 9091 },
    ];
    expect(resolveService({ ...base, ports }).metrics!.port).toBe('metrics');
    expect(resolveService({ ...base, ports: [{ name: 'http', port: 8080 }] }).metrics).toBeUndefined();
  });

  test('an SLO is over 30 days unless given', () => {
    expect(resolveService({ ...base, slo: { availability: 99.9 } }).slo).toEqual({ availability: 99.9, windowDays: 30 });
    expect(resolveService({ ...base, slo: { availability: 99.9, windowDays: 7 } }).slo!.windowDays).toBe(7);
  });

  test("a migration runs the service's image for 600 s at most, retried 3 times, unless given", () => {
    expect(resolveService({ ...base, migration: { command: ['migrate'] } }).migration).toEqual({
      command: ['migrate'],
      args: undefined,
      image: base.image,
      timeoutSeconds: 600,
      backoffLimit: 3,
    });
    const given = { command: ['m'], args: ['up'], image: 'registry.example.com/m:1', timeoutSeconds: 60, backoffLimit: 0 };
    expect(resolveService({ ...base, migration: given }).migration).toEqual(given);
  });

  test("the request metrics are the Prometheus client libraries' names and buckets unless given", () => {
    expect(resolveRequestMetrics(undefined)).toEqual({
      requests: 'http_requests_total',
      duration: 'http_request_duration_seconds',
      statusLabel: 'code',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    const given = { requests: 'r', duration: 'd', statusLabel: 'status', buckets: [1] };
    expect(resolveRequestMetrics(given)).toEqual(given);
  });
});

describe('what is given is kept', () => {
  test('every field of a service spec passes through', () => {
    const given = {
      ...base,
      role: 'worker' as const,
      command: ['run'],
      args: ['--x'],
      env: { A: '1' },
      secretEnv: { B: { secret: 's', key: 'k' } },
      secretMounts: [{ secret: 's', mountPath: '/s' }],
      writablePaths: ['/data'],
      allowFrom: [{ namespace: 'n' }],
      egress: [{ cidr: '10.0.0.0/8', ports: [443] }],
      maxSurge: 0,
      maxUnavailable: 1,
      terminationGracePeriodSeconds: 60,
      preStopSleepSeconds: 0,
      runAsUser: 2000,
      serveFromReplica: true,
      alerts: [],
    };
    expect(resolveService(given)).toMatchObject(given);
  });
});

describe('a cron job', () => {
  const job = { name: 'report', image: 'registry.example.com/r:1', schedule: '0 3 * * *', command: ['/bin/report'] };

  test('with nothing else given, the documented defaults', () => {
    expect(resolveCronJob(job)).toEqual({
      ...job,
      timeZone: 'Etc/UTC',
      args: undefined,
      env: {},
      secretEnv: {},
      postgres: undefined,
      redis: undefined,
      egress: [],
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: undefined, memory: '1Gi' } },
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      activeDeadlineSeconds: 3600,
      backoffLimit: 2,
      historyLimit: 3,
      runAsUser: 10001,
    });
  });

  test('each setting given is kept', () => {
    const given = {
      ...job,
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Allow' as const,
      startingDeadlineSeconds: 10,
      activeDeadlineSeconds: 1,
      backoffLimit: 0,
      historyLimit: 1,
      runAsUser: 1,
      env: { A: '1' },
      egress: [{ cidr: '10.0.0.0/8', ports: [443] }],
    };
    expect(resolveCronJob(given)).toMatchObject(given);
  });
});

describe('resources', () => {
  test('a service: each value given is kept, the others defaulted', () => {
    expect(serviceResources({ requests: { cpu: '1' } })).toEqual({
      requests: { cpu: '1', memory: '512Mi' },
      limits: { cpu: '2', memory: '2Gi' },
    });
    expect(serviceResources({ requests: { memory: '1Gi' } }).requests).toEqual({ cpu: '500m', memory: '1Gi' });
  });

  test('a service with limits that omit the CPU has no CPU limit; the memory limit defaults', () => {
    expect(serviceResources({ limits: { memory: '4Gi' } }).limits).toEqual({ cpu: undefined, memory: '4Gi' });
    expect(serviceResources({ limits: { cpu: '4' } }).limits).toEqual({ cpu: '4', memory: '2Gi' });
  });

  test('a cron job: no CPU limit unless given; the memory limit 1Gi unless given', () => {
    expect(cronJobResources({ limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '1Gi' } })).toEqual({
      requests: { cpu: '1', memory: '1Gi' },
      limits: { cpu: '1', memory: '2Gi' },
    });
  });
});

test('the client variables: DATABASE_URL, REDIS_URL and NATS_*, only for the clients the workload has', () => {
  expect(clientEnvNames({})).toEqual({ postgres: {}, redis: {}, nats: undefined, natsCaFile: 'NATS_CA_FILE' });
  expect(clientEnvNames({ postgres: {}, redis: {}, nats: {} })).toEqual({
    postgres: { url: 'DATABASE_URL' },
    redis: { url: 'REDIS_URL' },
    nats: { urlEnv: 'NATS_URL', userEnv: 'NATS_USER', passwordEnv: 'NATS_PASSWORD', inboxPrefixEnv: 'NATS_INBOX_PREFIX' },
    natsCaFile: 'NATS_CA_FILE',
  });
  const nats = { urlEnv: 'U', userEnv: 'V', passwordEnv: 'W', inboxPrefixEnv: 'X' };
  expect(clientEnvNames({ postgres: { env: { host: 'PGHOST' } }, redis: { env: { url: 'CACHE' } }, nats })).toMatchObject({
    postgres: { host: 'PGHOST' },
    redis: { url: 'CACHE' },
    nats,
  });
});

test('the small defaults: 3 replicas, 30 s to stop, 10 client connections, a 30-day SLO window; each given kept', () => {
  expect([
    serviceReplicas(undefined),
    terminationGracePeriodSeconds(undefined),
    clientConnections(undefined),
    sloWindowDays(undefined),
  ]).toEqual([3, 30, 10, 30]);
  expect([serviceReplicas(0), terminationGracePeriodSeconds(0), clientConnections(1), sloWindowDays(7)]).toEqual([0, 0, 1, 7]);
});
