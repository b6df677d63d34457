/**
 * The region failover and failback sections of the runbook (lib/core/runbook-failover.ts), for the stack's state
 * now: which steps apply, in which order and numbered how, and the exact commands each runs for this stack's
 * names and regions. test/core/runbook.test.ts runs the commands (stubbed) with hostile values; these tests
 * state what each step says and when.
 */
import { type ProductionStackProps, resolve } from 'production-stack';
import { failoverSections } from '../../lib/core/runbook-failover';
import { baseSpec, type Loose, workerNamed } from '../support/spec';

/** The base spec on `cloud` with a standby region (us-east-1, or us-east1 on GCP) and `dr`, then `patch` applied. */
function spec(cloud: 'aws' | 'gcp', dr: Loose = {}, patch: Loose = {}): ProductionStackProps {
  const base: Loose = baseSpec();
  const onCloud =
    cloud === 'aws'
      ? { ...base, dr: { standbyRegion: 'us-east-1', ...dr } }
      : {
          ...base,
          cloud,
          region: 'us-central1',
          services: base.services.map((s: Loose) => ({ ...s, cloudIdentity: undefined })),
          dr: { standbyRegion: 'us-east1', ...dr },
        };
  return { ...onCloud, ...patch };
}

/** The failover sections, one line each. */
const sections = (props: ProductionStackProps): string[] => failoverSections(resolve(props));

/** The lines of the step or paragraph that starts with `start`, up to the next numbered step, heading or "Then". */
function step(lines: readonly string[], start: string, nth = 0): string[] {
  const at = lines.map((l, i) => (l.startsWith(start) ? i : -1)).filter((i) => i >= 0)[nth];
  if (at === undefined) throw new Error(`no line starts with ${start}`);
  const end = lines.findIndex((l, i) => i > at && /^(\d+\. |#{2,3} |Then |Fail back |After the failover)/.test(l));
  return lines.slice(at, end < 0 ? undefined : end);
}

const AWS_DNS = { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' };
const GCP_DNS = { zoneId: 'shop-zone', name: 'shop.example.com', targets: { 'us-central1': '203.0.113.10', 'us-east1': '203.0.113.20' } };
const REGION_RPO = { objectives: [{ scenario: 'region', rtoMinutes: 240, rpoMinutes: 60 }] };
/** A stack of each cloud with every part of the sections: PostgreSQL, Redis (a cache), logical backups, failover DNS, an RPO. */
const full = (cloud: 'aws' | 'gcp', dr: Loose = {}, patch: Loose = {}) =>
  spec(cloud, { logicalBackups: true, dns: cloud === 'aws' ? AWS_DNS : GCP_DNS, ...REGION_RPO, ...dr }, patch);

const CURL = "curl -fsS -o /dev/null -w '%{http_code}\\n' https://shop.example.com/readyz";
const AWS_PROMOTED = [
  'aws rds describe-db-instances --region us-east-1 --db-instance-identifier shop-standby-postgres \\',
  "  --query 'DBInstances[0].ReadReplicaSourceDBInstanceIdentifier'   # empty: promoted",
];
const GCP_FIND = (region: string) =>
  `REPLICA=$(gcloud sql instances list --filter='labels.stack=shop AND region:${region}' --format="value(name)")`;
const GCP_PROMOTED = [
  GCP_FIND('us-east1'),
  'gcloud sql instances describe "$REPLICA" --format="value(instanceType)"   # CLOUD_SQL_INSTANCE: promoted',
];
const AWS_LAG = (region: string, id: string) => [
  `aws cloudwatch get-metric-statistics --region ${region} --namespace AWS/RDS --metric-name ReplicaLag \\`,
  `  --dimensions Name=DBInstanceIdentifier,Value=${id} --statistics Maximum --period 60 \\`,
  `  --start-time "$(date -u -d '-15 min' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)"`,
];
const GCP_LAG = (region: string) => [
  GCP_FIND(region),
  'PROJECT=$(gcloud config get-value project)',
  'curl -fsS -G -H "Authorization: Bearer $(gcloud auth print-access-token)" "https://monitoring.googleapis.com/v3/projects/$PROJECT/timeSeries" \\',
  '  --data-urlencode "filter=metric.type=\\"cloudsql.googleapis.com/database/replication/replica_lag\\" AND resource.labels.database_id=\\"$PROJECT:$REPLICA\\"" \\',
  '  --data-urlencode "interval.startTime=$(date -u -d \'-15 min\' +%FT%TZ)" --data-urlencode "interval.endTime=$(date -u +%FT%TZ)"   # seconds behind',
];
const sh = (...lines: string[]) => ['```sh', ...lines, '```', ''];

/** The numbered steps, as `<n>. <first words>`. */
const steps = (lines: readonly string[]): string[] => lines.filter((l) => /^\d+\. /.test(l)).map((l) => l.split(/[:;,(]/)[0]!.trim());

describe('a database that diverged at the last failover: re-seed it, then fail back as a planned failover', () => {
  const diverged = () => sections(spec('aws', { activeRegion: 'us-east-1' }));

  test('the planned failover continues the re-seed’s numbering: steps 4 to 9', () => {
    expect(steps(diverged())).toEqual([
      '1. When us-west-2 is healthy again',
      '2. Re-seed',
      '3. Wait until it has caught up',
      '4. Pick a quiet hour',
      '5. Drain us-east-1',
      '6. Wait until the us-west-2 replica has received every write',
      '7. Flip while drained',
      '8. Serve',
      '9. Verify',
    ]);
  });

  test('the drain says how long nothing takes writes by the serve step’s own number (8), not the 5 of a failover alone', () => {
    expect(
      diverged()
        .filter((l) => /Until step \d+/.test(l))
        .map((l) => /Until step \d+/.exec(l)![0]),
    ).toEqual(['Until step 8']);
    expect(
      sections(spec('aws'))
        .filter((l) => /Until step \d+/.test(l))
        .map((l) => /Until step \d+/.exec(l)![0]),
    ).toEqual(['Until step 5']);
  });
});

describe('the state the sections are rendered for', () => {
  test('without a standby region there is no failover: losing the region means rebuilding it from the backups', () => {
    expect(sections(spec('aws', { standbyRegion: undefined }))).toEqual([
      '## Region failover',
      '',
      'The stack has no standby region (`dr.standbyRegion`): losing the region means rebuilding it from the backups.',
      '',
    ]);
  });

  test('the state line: the active and standby regions, the standby’s mode (pilot-light by default) and the re-seeds so far', () => {
    expect(sections(full('aws')).slice(0, 4)).toEqual([
      '## Region failover',
      '',
      'Active region now: **us-west-2**; standby: **us-east-1** (pilot-light); re-seeds so far: 0.',
      '',
    ]);
  });

  test('a drained active region is said so, with the mode given', () => {
    expect(sections(full('aws', { activeRegion: 'us-east-1', reseeds: 1, mode: 'warm-standby', drain: true }))[2]).toBe(
      'Active region now: **us-east-1**; standby: **us-west-2** (warm-standby); re-seeds so far: 1. **us-east-1 is drained** (`dr.drain`): its services that write are at zero.',
    );
  });

  test('which case applies, planned or unplanned, with the RPO stated for losing the region', () => {
    expect(step(sections(full('aws')), 'Which case')).toEqual([
      'Which case you are in: us-west-2 still answers (maintenance, a region degrading, a drill), so fail over **planned**: drain it first and lose nothing; or us-west-2 is down, so fail over **unplanned**: flip alone and lose what the replica had not received at the outage (the RPO stated for losing the region: 60 minutes).',
      '',
    ]);
  });

  test('an RPO of another scenario is not the region’s: the clause is left out', () => {
    const objectives = [{ scenario: 'database', rtoMinutes: 60, rpoMinutes: 5 }];
    expect(step(sections(full('aws', { objectives })), 'Which case')[0]).toMatch(/had not received at the outage\.$/);
    expect(step(sections(full('aws', { objectives })), '2. Check how far')[0]).toBe(
      '2. Check how far the us-east-1 replica lags: the writes it has not received are lost:',
    );
  });

  test('the sections in order: failover (planned, then unplanned), then failback', () => {
    expect(sections(full('aws')).filter((l) => /^#{2,3} /.test(l))).toEqual([
      '## Region failover',
      '### Planned: drain, wait for the replica, flip, serve',
      '### Unplanned: the flip alone',
      '## Failback',
    ]);
    expect(steps(sections(full('aws')))).toEqual([
      '1. Pick a quiet hour',
      '2. Drain us-west-2',
      '3. Wait until the us-east-1 replica has received every write',
      '4. Flip while drained',
      '5. Serve',
      '6. Verify',
      '1. Confirm us-west-2 is down',
      '2. Check how far the us-east-1 replica lags',
      '3. Flip alone',
      '4. Verify',
      '1. When us-west-2 is healthy again',
      '2. Re-seed',
      '3. Wait until it has caught up',
      '4. Fail back to `us-west-2` as the planned failover above',
    ]);
  });
});

describe('the planned failover: drain, wait for the replica, flip, serve', () => {
  test('1: check every host of the gateway answers, at the readiness path of the service routed at /', () => {
    expect(step(sections(full('aws')), '1. Pick')).toEqual([
      '1. Pick a quiet hour; us-west-2 serves until the drain. Check the services answer:',
      '',
      ...sh(CURL),
    ]);
  });

  test('2: drain, then wait until no pod of a service or a job is left', () => {
    expect(step(sections(full('aws')), '2. Drain')).toEqual([
      '2. Drain us-west-2: `dr: { ..., drain: true }`, then apply. Its services that write scale to zero (KEDA paused at zero), and its CronJobs and migrations are suspended; its datastores, NATS and gateway keep running. Until step 5, nothing takes writes: clients get errors (plan the window). Suspending a CronJob does not stop a run in progress (nor does a migration Job finish once suspended), and pods take their grace period to stop: wait until none of theirs is left:',
      '',
      ...sh(
        'pulumi preview --diff   # expect: replicas 0, suspend true, the autoscalers paused; nothing replaced',
        'pulumi up',
        'kubectl -n shop get deployments,statefulsets,cronjobs,jobs,pods   # on the drained cluster: no pod of a service or a job left',
      ),
    ]);
  });

  test('3 on AWS: wait until the source’s replication slot lag (the WAL the replica has yet to receive) reads 0', () => {
    expect(step(sections(full('aws')), '3. Wait')).toEqual([
      '3. Wait until the us-east-1 replica has received every write: run this until it reads 0 twice, a minute apart (the metric is sampled every minute):',
      '',
      ...sh(
        'aws cloudwatch get-metric-statistics --region us-west-2 --namespace AWS/RDS --metric-name OldestReplicationSlotLag \\',
        '  --dimensions Name=DBInstanceIdentifier,Value=shop-postgres --statistics Maximum --period 60 \\',
        `  --start-time "$(date -u -d '-5 min' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)" \\`,
        "  --query 'sort_by(Datapoints, &Timestamp)[-1].Maximum' --output text   # WAL the replica has yet to receive: wait for 0.0 (None: no datapoint yet)",
      ),
      '   Redis is a cache: the us-east-1 Redis starts empty, and the services rebuild it (expect a cold-cache load).',
      '',
    ]);
  });

  test('3 on GCP: wait until the source’s replica_byte_lag at the replay position reads 0', () => {
    expect(step(sections(full('gcp')), '3. Wait').slice(0, 11)).toEqual([
      '3. Wait until the us-east1 replica has received every write: run this until it reads 0 twice, a minute apart (the metric is sampled every minute):',
      '',
      ...sh(
        `SOURCE=$(gcloud sql instances list --filter='labels.stack=shop AND region:us-central1' --format="value(name)")`,
        'PROJECT=$(gcloud config get-value project)',
        'curl -fsS -G -H "Authorization: Bearer $(gcloud auth print-access-token)" "https://monitoring.googleapis.com/v3/projects/$PROJECT/timeSeries" \\',
        '  --data-urlencode "filter=metric.type=\\"cloudsql.googleapis.com/database/postgresql/replication/replica_byte_lag\\" AND resource.labels.database_id=\\"$PROJECT:$SOURCE\\" AND metric.labels.replica_lag_type=\\"replay_location\\"" \\',
        `  --data-urlencode "interval.startTime=$(date -u -d '-5 min' +%FT%TZ)" --data-urlencode "interval.endTime=$(date -u +%FT%TZ)" \\`,
        "  | jq -r '[.timeSeries[]?.points[0].value.int64Value | tonumber] | max'   # bytes the replica has not replayed: wait for 0",
      ),
    ]);
  });

  test('4 on AWS: flip while drained; RDS notifies the events topic in the new region', () => {
    expect(step(sections(full('aws')), '4. Flip')).toEqual([
      "4. Flip while drained: `dr: { ..., activeRegion: 'us-east-1', drain: true }`, then apply. It promotes the replica, points the failover DNS record at us-east-1, scales us-east-1's nodes to production size, and RDS notifies `shop-dr-events` in us-east-1 of the promotion; nothing writes anywhere meanwhile:",
      '',
      ...sh('pulumi preview --diff   # expect: replica promoted, failover DNS record flipped, nodes scaled; no replacement', 'pulumi up'),
    ]);
  });

  test("4 on GCP: Cloud SQL's audit log notifies the events topic", () => {
    expect(step(sections(full('gcp')), '4. Flip')[0]).toBe(
      "4. Flip while drained: `dr: { ..., activeRegion: 'us-east1', drain: true }`, then apply. It promotes the replica, points the failover DNS record at us-east1, scales us-east1's nodes to production size, and Cloud SQL's audit log notifies `shop-dr-events` of the promotion; nothing writes anywhere meanwhile:",
    );
  });

  test('5: serve, by dropping drain', () => {
    expect(step(sections(full('aws')), '5. Serve')).toEqual([
      "5. Serve: drop `drain` (`dr: { ..., activeRegion: 'us-east-1' }`), then apply. The us-east-1 services start against the promoted database:",
      '',
      ...sh('pulumi up'),
    ]);
  });

  test('6 on AWS: verify the promotion, the failover record, the services; then start the new primary’s backups', () => {
    expect(step(sections(full('aws')), '6. Verify')).toEqual([
      '6. Verify (the failover record now answers with the us-east-1 target):',
      '',
      ...sh(...AWS_PROMOTED, 'dig +short shop.example.com', CURL),
      "   The logical backups now run in us-east-1 and write to `shop-production-db-backups-replica` there; start the new primary's series now, on the us-east-1 cluster:",
      '',
      ...sh('kubectl -n shop create job --from=cronjob/shop-pg-backup "backup-after-failover-$(date +%s)"'),
    ]);
  });

  test('6 on GCP: the promotion is the instance type; the backups keep their one bucket', () => {
    expect(step(sections(full('gcp')), '6. Verify')).toEqual([
      '6. Verify (the failover record now answers with the us-east1 target):',
      '',
      ...sh(...GCP_PROMOTED, 'dig +short shop.example.com', CURL),
      "   The logical backups now run in us-east1 and write to `shop-production-db-backups` there; start the new primary's series now, on the us-east1 cluster:",
      '',
      ...sh('kubectl -n shop create job --from=cronjob/shop-pg-backup "backup-after-failover-$(date +%s)"'),
    ]);
  });

  test('without logical backups there is no backup to start after the flip', () => {
    expect(step(sections(full('aws', { logicalBackups: false })), '6. Verify')).toEqual([
      '6. Verify (the failover record now answers with the us-east-1 target):',
      '',
      ...sh(...AWS_PROMOTED, 'dig +short shop.example.com', CURL),
    ]);
  });
});

describe('the unplanned failover: the flip alone', () => {
  test('1: confirm the region is down, not just one check', () => {
    expect(step(sections(full('aws')), '1. Confirm')).toEqual(['1. Confirm us-west-2 is down, not just one check:', '', ...sh(CURL)]);
  });

  test('2 on AWS: the lag of the replica (ReplicaLag) is the data lost', () => {
    expect(step(sections(full('aws')), '2. Check')).toEqual([
      '2. Check how far the us-east-1 replica lags: the writes it has not received are lost (the RPO stated for losing the region: 60 minutes):',
      '',
      ...sh(...AWS_LAG('us-east-1', 'shop-standby-postgres')),
      '   Redis is a cache: the us-east-1 Redis starts empty, and the services rebuild it (expect a cold-cache load).',
      '',
    ]);
  });

  test('2 on GCP: the replica’s replica_lag, in seconds', () => {
    expect(step(sections(full('gcp')), '2. Check').slice(2, 10)).toEqual(sh(...GCP_LAG('us-east1')));
  });

  test('3: flip alone, without drain, continuing past the unreachable region’s objects', () => {
    expect(step(sections(full('aws')), '3. Flip')).toEqual([
      "3. Flip alone: `dr: { ..., activeRegion: 'us-east-1' }`, without `drain` (drop it, if a planned failover left it set: it would hold the promotion until us-west-2's workloads are at zero), then apply. It promotes the replica, points the failover DNS record at us-east-1, scales us-east-1's nodes to production size, and RDS notifies `shop-dr-events` in us-east-1 of the promotion. The us-east-1 services start once the promotion is done. The us-west-2 cluster cannot be reached: its objects fail, and everything else goes on. Until an `up` reaches us-west-2 again (and scales its services to zero), whatever still runs there writes to a database the failover has left: salvage it at the failback.",
      '',
      ...sh(
        'pulumi preview --diff   # expect: replica promoted, failover DNS record flipped, nodes scaled; no replacement',
        'pulumi up --continue-on-error',
      ),
      "   The stack reads us-west-2's load balancer name from its cluster: if the up fails on that read, give it for this up, as `dr: { ..., dns: { ..., targets: { 'us-west-2': '<name>' } } }`, with the name its own record leads to:",
      '',
      ...sh('dig +short CNAME us-west-2.shop.example.com'),
    ]);
  });

  test('on AWS with the lost region’s target given, and on GCP (targets always given), nothing is read from the lost cluster', () => {
    const given = full('aws', { dns: { ...AWS_DNS, targets: { 'us-west-2': 'lb.example.com' } } });
    expect(step(sections(given), '3. Flip').slice(1)).toEqual([
      '',
      ...sh(
        'pulumi preview --diff   # expect: replica promoted, failover DNS record flipped, nodes scaled; no replacement',
        'pulumi up --continue-on-error',
      ),
    ]);
    expect(sections(full('gcp')).join('\n')).not.toContain('CNAME');
  });

  test('4: verify as after a planned flip', () => {
    expect(step(sections(full('gcp')), '4. Verify')).toEqual(step(sections(full('gcp')), '6. Verify').map((l) => l.replace(/^6\./, '4.')));
  });
});

describe('without failover DNS, PostgreSQL or Redis', () => {
  const bare = (cloud: 'aws' | 'gcp') => spec(cloud, {}, { postgres: undefined, redis: undefined });

  test('the flip scales the old region down and the nodes up; the operator points clients at the new gateway', () => {
    const lines = sections(bare('aws'));
    expect(step(lines, '4. Flip')).toEqual([
      "4. Flip while drained: `dr: { ..., activeRegion: 'us-east-1', drain: true }`, then apply. It scales the us-west-2 workloads down, scales us-east-1's nodes to production size; nothing writes anywhere meanwhile:",
      '',
      ...sh('pulumi preview --diff   # expect: nodes scaled; no replacement', 'pulumi up'),
      '   The stack has no failover DNS record (`dr.dns`): point clients at the us-east-1 gateway yourself.',
      '',
    ]);
    expect(step(lines, '3. Flip').slice(-7)).toEqual([
      ...sh('pulumi preview --diff   # expect: nodes scaled; no replacement', 'pulumi up --continue-on-error'),
      '   The stack has no failover DNS record (`dr.dns`): point clients at the us-east-1 gateway yourself.',
      '',
    ]);
  });

  test('nothing replicates: the wait and the lag check are skipped, and there is no Redis to lose', () => {
    const lines = sections(bare('aws'));
    expect([step(lines, '3. Nothing'), step(lines, '2. Nothing')]).toEqual([
      ['3. Nothing replicates between the regions: go on.', ''],
      ['2. Nothing replicates between the regions: go on.', ''],
    ]);
    expect(lines.join('\n')).not.toContain('Redis');
  });

  test('verify the services only; there is no database to re-seed at the failback', () => {
    const lines = sections(bare('gcp'));
    expect(step(lines, '6. Verify')).toEqual(['6. Verify:', '', ...sh(CURL)]);
    expect(lines.slice(lines.indexOf('## Failback'))).toEqual([
      '## Failback',
      '',
      'Fail back to `us-central1` as the planned failover above, in a quiet hour.',
      '',
    ]);
  });

  test('with a database but no failover DNS: the flip still promotes, the preview expects no record', () => {
    const lines = sections(spec('aws'));
    expect(step(lines, '4. Flip')[0]).toBe(
      "4. Flip while drained: `dr: { ..., activeRegion: 'us-east-1', drain: true }`, then apply. It promotes the replica, scales the us-west-2 workloads down, scales us-east-1's nodes to production size, and RDS notifies `shop-dr-events` in us-east-1 of the promotion; nothing writes anywhere meanwhile:",
    );
    expect(step(lines, '4. Flip')[3]).toBe('pulumi preview --diff   # expect: replica promoted, nodes scaled; no replacement');
  });
});

describe('what the flip loses of Redis, which starts empty in the new region', () => {
  /** The base spec with `n` workers draining a Redis list (none: a Redis said to be a queue). */
  const queue = (n: number) =>
    full(
      'aws',
      {},
      {
        redis: n === 0 ? { role: 'queue' } : {},
        services: [
          ...baseSpec().services,
          ...['mailer', 'indexer'].slice(0, n).map((name) => ({
            ...workerNamed(name),
            queue: { redis: { list: `shop:${name}` }, targetPerReplica: 20, minReplicas: 1, maxReplicas: 4 },
          })),
        ],
      },
    );
  const planned = (props: ProductionStackProps) => step(sections(props), '3. Wait').at(-2);
  const unplanned = (props: ProductionStackProps) => step(sections(props), '2. Check').at(-2);

  test('a queue, planned: the jobs still queued at the drain are lost, so drain when its one worker has emptied it', () => {
    expect(planned(queue(1))).toBe(
      '   Redis is a queue, and the us-east-1 Redis starts empty: the jobs still queued in us-west-2 when it drains are lost. Drain when `mailer` has emptied it (check its length first), or re-enqueue them from their source after the flip.',
    );
  });

  test('a queue of two workers: when both have emptied it', () => {
    expect(planned(queue(2))).toMatch(/ Drain when `mailer`, `indexer` have emptied it \(check its length first\)/);
  });

  test('a queue no worker of the spec drains: when its workers have emptied it', () => {
    expect(planned(queue(0))).toMatch(/ Drain when its workers have emptied it \(check its length first\)/);
  });

  test('a queue, unplanned: the jobs not yet run are lost, the queue’s backlog at the outage', () => {
    expect(unplanned(queue(1))).toBe(
      "   Redis is a queue, and the us-east-1 Redis starts empty: the jobs queued in us-west-2 and not yet run are lost (the recovery point of the jobs is the queue's backlog at the outage); re-enqueue them from their source if it can.",
    );
  });
});

describe('what serves while the active region is drained', () => {
  const readers = (names: string[]) =>
    full(
      'aws',
      { mode: 'warm-standby' },
      { services: [...baseSpec().services, ...names.map((name) => ({ ...workerNamed(name), serveFromReplica: true }))] },
    );
  const until = (props: ProductionStackProps) => /Until step 5, ([^.]*)\./.exec(step(sections(props), '2. Drain')[0]!)![1];

  test('a warm standby’s services that serve from the replica keep serving reads; nothing takes writes', () => {
    expect(until(readers(['catalog']))).toBe('`catalog` keeps serving reads in us-west-2, and nothing takes writes');
    expect(until(readers(['catalog', 'search']))).toBe('`catalog`, `search` keep serving reads in us-west-2, and nothing takes writes');
  });

  test('without them, clients get errors: plan the window', () => {
    expect(until(full('aws'))).toBe('nothing takes writes: clients get errors (plan the window)');
  });
});

describe('the health checks: every host of the gateway but a wildcard, at the readiness path of the service routed at /', () => {
  test('a wildcard host names no host to request; another host is checked at its own service’s readiness path', () => {
    const services = [
      ...baseSpec().services.filter((s) => s.name !== 'web'),
      { ...workerNamed('web'), role: undefined, ports: [{ name: 'http', port: 3000 }], route: { host: '*.example.com' } },
      {
        ...workerNamed('docs'),
        role: undefined,
        ports: [{ name: 'http', port: 3000 }],
        probes: { readiness: { type: 'http', path: '/ready2', port: 'http' } },
        route: { host: 'www.example.com' },
      },
    ];
    expect(step(sections(full('aws', {}, { services })), '1. Confirm')).toEqual([
      '1. Confirm us-west-2 is down, not just one check:',
      '',
      ...sh(CURL, "curl -fsS -o /dev/null -w '%{http_code}\\n' https://www.example.com/ready2"),
    ]);
  });

  test('every host of the failover record is looked up after the flip', () => {
    const lines = sections(full('aws', { dns: { ...AWS_DNS, hosts: ['api.example.com'] } }));
    expect(step(lines, '6. Verify').filter((l) => l.startsWith('dig'))).toEqual([
      'dig +short shop.example.com',
      'dig +short api.example.com',
    ]);
  });
});

describe('the re-seed of a diverged database, and the failback', () => {
  test('after a failover, the failback re-seeds the old primary, then fails back as a planned failover', () => {
    const lines = sections(full('aws'));
    expect(step(lines, 'After the failover')).toEqual([
      'After the failover, the us-west-2 database holds the data as of the failover (a promotion is one-way): once us-west-2 is back, re-seed it from us-east-1, then fail back as a planned failover (drain, wait for the replica, flip, serve). This runbook, rendered again after the failover, gives the steps; they are:',
      '',
    ]);
    expect(lines.slice(-2)).toEqual(['4. Fail back to `us-west-2` as the planned failover above, in a quiet hour.', '']);
  });

  test('on AWS: rename the diverged instance (its identifier is freed), then lift the state’s protection of it', () => {
    expect(step(sections(full('aws', { activeRegion: 'us-east-1' })), '1. When')).toEqual([
      "1. When us-west-2 is healthy again, move its diverged database out of the way (renamed, which frees its identifier) and lift Pulumi's protection of it in the state, so that the re-seed may replace it. Replacing it only forgets it (`retainOnDelete`): it stays, with its deletion protection and the writes it took after the last replication, if any, for you to salvage and then delete:",
      '',
      ...sh(
        '# first, with the spec as it is: the state then holds retainOnDelete and the re-seed trigger of every database (no change expected)',
        'pulumi up',
        'DIVERGED=shop-postgres-diverged-"$(date +%Y%m%d)"',
        'aws rds modify-db-instance --region us-west-2 --db-instance-identifier shop-postgres \\',
        '  --new-db-instance-identifier "$DIVERGED" --apply-immediately',
        '# the new identifier takes effect after a moment: wait for it, then for the instance',
        'until aws rds describe-db-instances --region us-west-2 --db-instance-identifier "$DIVERGED" >/dev/null 2>&1; do sleep 15; done',
        'aws rds wait db-instance-available --region us-west-2 --db-instance-identifier "$DIVERGED"',
        `pulumi state unprotect "$(pulumi stack export | jq -r --arg name ::shop-postgres-db '.deployment.resources[].urn | select(endswith($name))')"`,
      ),
    ]);
  });

  test('on AWS: re-seed (the next count), expecting the instance replaced, then wait for the replica to catch up', () => {
    const lines = sections(full('aws', { activeRegion: 'us-east-1' }));
    expect(step(lines, '2. Re-seed')).toEqual([
      "2. Re-seed: `dr: { ..., reseeds: 1 }`, then apply. It replaces the us-west-2 database with a cross-region replica of us-east-1's, and points its connection secret at it. Expect `shop-postgres-db` replaced (the old one only forgotten) and its connection secret's value; nothing else replaced:",
      '',
      ...sh('pulumi preview --diff', 'pulumi up'),
    ]);
    expect(step(lines, '3. Wait until it')).toEqual([
      '3. Wait until it has caught up (a lag of seconds):',
      '',
      ...sh(...AWS_LAG('us-west-2', 'shop-postgres')),
    ]);
    expect(step(lines, 'Then')).toEqual(['Then fail back as a planned failover, in a quiet hour:', '']);
  });

  test('the diverged case offers no failover target', () => {
    expect(sections(full('aws', { activeRegion: 'us-east-1' })).slice(0, 8)).toEqual([
      '## Region failover',
      '',
      'Active region now: **us-east-1**; standby: **us-west-2** (pilot-light); re-seeds so far: 0.',
      '',
      'No failover target: the us-west-2 database holds the data as of the last failover. Re-seed it, then fail back (below).',
      '',
      '## Failback',
      '',
    ]);
  });

  test('on GCP: relabel the diverged instance; the primary’s re-seed also forgets its database resource, which the replica inherits', () => {
    const lines = sections(full('gcp', { activeRegion: 'us-east1' }));
    expect(step(lines, '1. When')).toEqual([
      "1. When us-central1 is healthy again, move its diverged database out of the way (relabelled; the new instance gets a new generated name, as Cloud SQL does not reuse one for a week) and lift Pulumi's protection of it in the state, so that the re-seed may replace it. Replacing it only forgets it (`retainOnDelete`): it stays, with its deletion protection and the writes it took after the last replication, if any, for you to salvage and then delete:",
      '',
      ...sh(
        '# first, with the spec as it is: the state then holds retainOnDelete and the re-seed trigger of every database (no change expected)',
        'pulumi up',
        `DIVERGED=$(gcloud sql instances list --filter='labels.stack=shop AND region:us-central1' --format="value(name)")`,
        'gcloud sql instances patch "$DIVERGED" --remove-labels=stack --update-labels=diverged-from=shop',
        `pulumi state unprotect "$(pulumi stack export | jq -r --arg name ::shop-postgres-instance '.deployment.resources[].urn | select(endswith($name))')"`,
        `pulumi state unprotect "$(pulumi stack export | jq -r --arg name ::shop-postgres-database '.deployment.resources[].urn | select(endswith($name))')"`,
      ),
    ]);
    expect(step(lines, '2. Re-seed')[0]).toBe(
      "2. Re-seed: `dr: { ..., reseeds: 1 }`, then apply. It replaces the us-central1 database with a cross-region replica of us-east1's, and points its connection secret at it. Expect `shop-postgres-instance` replaced (the old one only forgotten) and its connection secret's value, its database and user forgotten (the replica inherits them); nothing else replaced:",
    );
    expect(step(lines, '3. Wait until it').slice(2)).toEqual(sh(...GCP_LAG('us-central1')));
  });

  test('on GCP, the standby’s re-seed (after a failback) has no inherited database: only its instance is unprotected', () => {
    const lines = sections(full('gcp', { activeRegion: 'us-central1', reseeds: 1 }));
    expect(lines.filter((l) => l.startsWith('pulumi state unprotect'))).toEqual([
      `pulumi state unprotect "$(pulumi stack export | jq -r --arg name ::shop-standby-postgres-instance '.deployment.resources[].urn | select(endswith($name))')"`,
    ]);
    expect(step(lines, '2. Re-seed')[0]).toBe(
      "2. Re-seed: `dr: { ..., reseeds: 2 }`, then apply. It replaces the us-east1 database with a cross-region replica of us-central1's, and points its connection secret at it. Expect `shop-standby-postgres-instance` replaced (the old one only forgotten) and its connection secret's value; nothing else replaced:",
    );
  });

  test('without PostgreSQL nothing diverges: after a failover, the next one is an ordinary flip back', () => {
    const lines = sections(spec('aws', { activeRegion: 'us-east-1' }, { postgres: undefined }));
    expect(steps(lines).slice(0, 2)).toEqual(['1. Pick a quiet hour', '2. Drain us-east-1']);
    expect(lines.at(-2)).toBe('Fail back to `us-east-1` as the planned failover above, in a quiet hour.');
  });
});

describe('the remaining rules of the sections', () => {
  test('each failover heading is followed by a blank line, then its first step', () => {
    const lines = sections(full('aws'));
    const after = (heading: string) => lines.slice(lines.indexOf(heading), lines.indexOf(heading) + 3);
    expect([after('### Planned: drain, wait for the replica, flip, serve'), after('### Unplanned: the flip alone')]).toEqual([
      [
        '### Planned: drain, wait for the replica, flip, serve',
        '',
        '1. Pick a quiet hour; us-west-2 serves until the drain. Check the services answer:',
      ],
      ['### Unplanned: the flip alone', '', '1. Confirm us-west-2 is down, not just one check:'],
    ]);
  });

  test('the failback after an ordinary failover re-seeds with the next count (reseeds: 1 after none)', () => {
    expect(step(sections(full('aws')), '2. Re-seed')[0]).toMatch(
      /^2\. Re-seed: `dr: \{ \.\.\., reseeds: 1 \}`, then apply\. It replaces the us-west-2 database/,
    );
    expect(step(sections(full('aws', { reseeds: 2 })), '2. Re-seed')[0]).toMatch(/^2\. Re-seed: `dr: \{ \.\.\., reseeds: 3 \}`/);
  });

  test('on GCP nothing is read from the lost cluster, even without a target for it: the step is AWS’s alone', () => {
    const props = full('gcp', { dns: { zoneId: 'shop-zone', name: 'shop.example.com', targets: { 'us-east1': '203.0.113.20' } } });
    expect(sections(props).join('\n')).not.toContain('CNAME');
  });

  test('a standby whose mode is unset is a pilot light', () => {
    const stack = resolve(full('aws'));
    expect(failoverSections({ ...stack, dr: { ...stack.dr, mode: undefined } })[2]).toBe(
      'Active region now: **us-west-2**; standby: **us-east-1** (pilot-light); re-seeds so far: 0.',
    );
  });
});
