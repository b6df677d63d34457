/**
 * The rules of the stack's CronJobs and of the names its entries give objects (lib/core/validation/jobs.ts).
 * Sources: Kubernetes' CronJob docs (a CronJob name has at most 52 characters, since the controller appends 11 to
 * the Jobs it creates; a `startingDeadlineSeconds` below 10 may keep a job from ever being scheduled, as the
 * controller checks every 10 seconds; `concurrencyPolicy` is Allow, Forbid or Replace; `timeZone` is an IANA
 * zone). The library's own bounds: `backoffLimit` 0-10 and `historyLimit` 1-20.
 */
import { checkCronJobs, checkObjectNames } from 'production-stack/core/validation/jobs';
import { Problems } from 'production-stack/core/validation/problems';

type Obj = Record<string, unknown>;

const job: Obj = { name: 'report', image: 'registry.example.com/shop/report:1.0.0', schedule: '0 3 * * *', command: ['/bin/report'] };

function jobProblems(patch: Obj) {
  const p = new Problems();
  checkCronJobs(p, { cronJobs: [{ ...job, ...patch }] });
  return p.all;
}
const at = (patch: Obj, path: string) => jobProblems(patch).filter((x) => x.path === `cronJobs[0].${path}`);

describe('checkCronJobs', () => {
  test('a job with a name, an image, a schedule and a command breaks no rule', () => {
    expect(jobProblems({})).toEqual([]);
  });

  test('cronJobs is a list of objects', () => {
    const p = new Problems();
    checkCronJobs(p, { cronJobs: 'report' });
    expect(p.all).toEqual([{ path: 'cronJobs', value: 'report', rule: '"report" must be a list' }]);
    const q = new Problems();
    checkCronJobs(q, { cronJobs: [job, 'x'] });
    expect(q.all.map((x) => x.path)).toContain('cronJobs[1]');
    expect(q.all.filter((x) => x.path.startsWith('cronJobs[0]'))).toEqual([]);
  });

  test('a name of 52 characters passes; 53 are refused (the controller appends 11 to its Jobs)', () => {
    expect(at({ name: 'a'.repeat(52) }, 'name')).toEqual([]);
    expect(at({ name: 'a'.repeat(53) }, 'name')).toEqual([
      {
        path: 'cronJobs[0].name',
        value: 'a'.repeat(53),
        rule: `"${'a'.repeat(53)}" must be at most 52 characters (Kubernetes appends a timestamp to the Jobs it creates)`,
      },
    ]);
  });

  test('the name is a DNS label', () => {
    expect(at({ name: 'Report' }, 'name').map((x) => x.rule)).toEqual([
      '"Report" must be a DNS-1123 label: at most 63 lowercase letters, digits or "-", starting and ending alphanumeric',
    ]);
  });

  test('the image and the schedule are required', () => {
    expect(at({ image: undefined }, 'image')).toEqual([
      { path: 'cronJobs[0].image', value: undefined, rule: 'undefined must be a non-empty string' },
    ]);
    expect(at({ schedule: undefined }, 'schedule')).toEqual([
      { path: 'cronJobs[0].schedule', value: undefined, rule: 'undefined must be a non-empty string' },
    ]);
  });

  test('a time zone is an IANA zone', () => {
    expect(at({ timeZone: 'CEST' }, 'timeZone')).toEqual([
      { path: 'cronJobs[0].timeZone', value: 'CEST', rule: '"CEST" is not an IANA time zone such as "Europe/Berlin" or "Etc/UTC"' },
    ]);
    expect(at({ timeZone: 'Europe/Berlin' }, 'timeZone')).toEqual([]);
    expect(at({ timeZone: '' }, 'timeZone')).toEqual([{ path: 'cronJobs[0].timeZone', value: '', rule: '"" must be a non-empty string' }]);
  });

  test('a job needs a command: none, an empty list, or a list with a bad item are refused', () => {
    expect(at({ command: undefined }, 'command')).toEqual([
      { path: 'cronJobs[0].command', value: undefined, rule: 'a job needs a command' },
    ]);
    expect(at({ command: [] }, 'command')).toEqual([{ path: 'cronJobs[0].command', value: [], rule: 'a job needs a command' }]);
    expect(jobProblems({ command: [''] }).map((x) => x.path)).toEqual(['cronJobs[0].command[0]', 'cronJobs[0].command']);
  });

  test('args are strings', () => {
    expect(at({ args: [3] }, 'args[0]')).toEqual([{ path: 'cronJobs[0].args[0]', value: 3, rule: '3 must be a non-empty string' }]);
  });

  test.each(['Forbid', 'Replace', 'Allow'])('concurrencyPolicy %j passes', (policy) => {
    expect(jobProblems({ concurrencyPolicy: policy })).toEqual([]);
  });

  test('another concurrencyPolicy is refused', () => {
    expect(at({ concurrencyPolicy: 'forbid' }, 'concurrencyPolicy')).toEqual([
      { path: 'cronJobs[0].concurrencyPolicy', value: 'forbid', rule: '"forbid" must be "Forbid", "Replace" or "Allow"' },
    ]);
  });

  test.each<[string, number, number, string]>([
    ['startingDeadlineSeconds', 9, 10, '9 must be an integer >= 10'],
    ['activeDeadlineSeconds', 0, 1, '0 must be an integer >= 1'],
    ['backoffLimit', -1, 0, '-1 must be an integer between 0 and 10'],
    ['backoffLimit', 11, 10, '11 must be an integer between 0 and 10'],
    ['historyLimit', 0, 1, '0 must be an integer between 1 and 20'],
    ['historyLimit', 21, 20, '21 must be an integer between 1 and 20'],
    ['runAsUser', -1, 1, '-1 must be an integer >= 1'],
  ])('%s %j is refused; %j passes', (field, bad, good, rule) => {
    expect(at({ [field]: bad }, field)).toEqual([{ path: `cronJobs[0].${field}`, value: bad, rule }]);
    expect(at({ [field]: good }, field)).toEqual([]);
  });

  test('a job does not run as root (UID 0)', () => {
    expect(at({ runAsUser: 0 }, 'runAsUser')).toEqual([
      { path: 'cronJobs[0].runAsUser', value: 0, rule: 'containers must not run as root (UID 0)' },
    ]);
  });

  test("the job's env, secretEnv, datastore clients, egress and resources are checked at its path", () => {
    const problems = jobProblems({
      env: 'x',
      secretEnv: 'x',
      postgres: { access: 'admin' },
      egress: 'x',
      resources: { requests: { cpu: 'lots' } },
    });
    expect(problems.map((x) => x.path)).toEqual([
      'cronJobs[0].env',
      'cronJobs[0].secretEnv',
      'cronJobs[0].postgres.access',
      'cronJobs[0].egress',
      'cronJobs[0].resources.requests.cpu',
    ]);
  });
});

describe('checkObjectNames', () => {
  function problems(props: Obj) {
    const p = new Problems();
    checkObjectNames(p, { name: 'shop', ...props });
    return p.all;
  }

  test('distinct names break no rule', () => {
    expect(
      problems({
        services: [{ name: 'api' }],
        cronJobs: [{ name: 'report' }],
        secrets: [{ name: 'app' }],
        edge: { routes: [{ name: 'docs' }] },
      }),
    ).toEqual([]);
  });

  test('a stack without a name string is not checked', () => {
    const p = new Problems();
    checkObjectNames(p, { name: 3, services: [{ name: 'default-deny' }] });
    expect(p.all).toEqual([]);
  });

  test("an entry that would replace one of the library's objects is refused, naming it", () => {
    expect(problems({ services: [{ name: 'default-deny' }] })).toEqual([
      {
        path: 'services[0].name',
        value: 'default-deny',
        rule: `"default-deny" would replace the namespace's default-deny NetworkPolicy ("default-deny"), which the library creates: choose another name`,
      },
    ]);
    expect(problems({ cronJobs: [{ name: 'shop-pg-backup' }] })).toEqual([
      {
        path: 'cronJobs[0].name',
        value: 'shop-pg-backup',
        rule: `"shop-pg-backup" would replace the logical backup CronJob ("shop-pg-backup"), which the library creates: choose another name`,
      },
    ]);
  });

  test('a name the library uses for other kinds is free: a Secret named like the backup CronJob passes', () => {
    expect(problems({ secrets: [{ name: 'shop-pg-backup' }] })).toEqual([]);
  });

  test("a service's derived names are checked too: 'nats' + '-config' is the NATS cluster's ConfigMap", () => {
    expect(problems({ services: [{ name: 'nats-con' }, { name: 'nats' }] }).map((x) => [x.path, x.value])).toEqual([
      ['services[1].name', 'nats'],
    ]);
  });

  test("a service's migration objects (<name>-migrate: a NetworkPolicy, a ServiceAccount) exist only when it has a migration", () => {
    expect(problems({ services: [{ name: 'api', migration: {} }], cronJobs: [{ name: 'api-migrate' }] })).toEqual([
      {
        path: 'cronJobs[0].name',
        value: 'api-migrate',
        rule: '"api-migrate" would create the same object as another entry (NetworkPolicy "api-migrate" of services[0]): choose another name',
      },
    ]);
    expect(problems({ services: [{ name: 'api' }], cronJobs: [{ name: 'api-migrate' }] })).toEqual([]);
  });

  test('a cron job named like a service shares its NetworkPolicy and ServiceAccount, and is refused', () => {
    expect(problems({ services: [{ name: 'api' }], cronJobs: [{ name: 'api' }] })).toEqual([
      {
        path: 'cronJobs[0].name',
        value: 'api',
        rule: '"api" would create the same object as another entry (ServiceAccount "api" of services[0]): choose another name',
      },
    ]);
  });

  test("a secret named like a service's config ConfigMap is another kind and passes; two entries of one list are left to uniqueness", () => {
    expect(problems({ services: [{ name: 'api' }], secrets: [{ name: 'api-config' }] })).toEqual([]);
    expect(problems({ services: [{ name: 'api' }, { name: 'api' }] })).toEqual([]);
  });

  test('a route named like a routed service is refused; like a service without a route it passes', () => {
    expect(problems({ services: [{ name: 'api', route: {} }], edge: { routes: [{ name: 'api' }] } })).toEqual([
      {
        path: 'edge.routes[0].name',
        value: 'api',
        rule: '"api" would create the same object as another entry (HTTPRoute "api" of services[0]): choose another name',
      },
    ]);
    expect(problems({ services: [{ name: 'api' }], edge: { routes: [{ name: 'api' }] } })).toEqual([]);
  });

  test('entries that are no object or have no name string are skipped', () => {
    expect(problems({ services: ['default-deny', { name: 3 }], cronJobs: 'x', edge: 'x' })).toEqual([]);
  });

  describe('the namespace', () => {
    test('a stack named like a fixed object of the kinds named after the stack is refused', () => {
      // "nats" is the NATS cluster's PrometheusRule (among others); the stack's PrometheusRule is named after the stack
      const p = new Problems();
      checkObjectNames(p, { name: 'nats', namespace: 'apps' });
      expect(p.all).toEqual([
        {
          path: 'name',
          value: 'nats',
          rule: `"nats" would give the stack's objects the name of the NATS cluster's objects, which the library creates: choose another name`,
        },
      ]);
      // "default" is the mesh's PeerAuthentication, a kind no object named after the stack has
      const q = new Problems();
      checkObjectNames(q, { name: 'default', namespace: 'apps' });
      expect(q.all).toEqual([]);
    });

    test.each([
      ['kube-system', "Kubernetes' system components (CoreDNS, metrics-server)"],
      ['default', "Kubernetes' default namespace"],
      ['keda', 'the KEDA add-on (queue-driven scaling of workers)'],
    ])('the namespace %j is refused', (namespace, owner) => {
      expect(problems({ namespace })).toEqual([
        { path: 'namespace', value: namespace, rule: `namespace "${namespace}" belongs to ${owner}: a stack gets a namespace of its own` },
      ]);
    });

    test("without a namespace, the stack's name is its namespace and is reported at name", () => {
      const p = new Problems();
      checkObjectNames(p, { name: 'istio-system' });
      expect(p.all).toEqual([
        { path: 'name', value: 'istio-system', rule: 'namespace "istio-system" belongs to Istio: a stack gets a namespace of its own' },
      ]);
    });

    test('the monitoring namespace (default "monitoring") and the NATS controller\'s (default "nats-system") are not the stack\'s', () => {
      expect(problems({ namespace: 'monitoring' })).toEqual([
        {
          path: 'namespace',
          value: 'monitoring',
          rule: 'namespace "monitoring" is also monitoring.namespace: a stack gets a namespace of its own',
        },
      ]);
      expect(problems({ namespace: 'obs', monitoring: { namespace: 'obs' } }).map((x) => x.rule)).toEqual([
        'namespace "obs" is also monitoring.namespace: a stack gets a namespace of its own',
      ]);
      expect(problems({ namespace: 'nats-system', nats: {} })).toEqual([
        {
          path: 'namespace',
          value: 'nats-system',
          rule: 'namespace "nats-system" is also nats.controllerNamespace: a stack gets a namespace of its own',
        },
      ]);
      // without nats there is no controller
      expect(problems({ namespace: 'nats-system' })).toEqual([]);
      const p = new Problems();
      checkObjectNames(p, { name: 'monitoring' });
      expect(p.all.map((x) => x.path)).toEqual(['name']);
    });
  });
});
