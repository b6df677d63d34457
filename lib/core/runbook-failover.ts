/**
 * The region failover and failback sections of a stack's runbook: the flip of
 * `dr.activeRegion`, and the re-seed (`dr.reseeds`) that must come before a
 * region whose database has diverged can serve again. Rendered for the stack's
 * current state (which region serves, which database replicates).
 */
import type { ResolvedStack } from './resolve';
import { mdCode, mdShell, mdText } from './markdown';
import { cloudName, databaseInstanceName, databaseName, k8sNames, regionBackupBucket } from './naming';
import { sh } from './shell';
import { failoverHealthCheckPath, regionDatabases, regionHealthHost } from './standby';

/** Checks of every host of the stack's gateway (wildcards aside): over HTTPS, the readiness path of the service routed at `/` (else `/`). */
function healthChecks(stack: ResolvedStack): string[] {
  return stack.edge.hosts
    .filter((host) => !host.startsWith('*'))
    .map((host) => {
      const path = failoverHealthCheckPath(host, stack.edge.routes, stack.services);
      return sh`curl -fsS -o /dev/null -w '%{http_code}\\n' ${`https://${host}${path}`}`;
    });
}

/**
 * The cloud's command that shows how much of `region`'s database's writes its cross-region replica has yet to
 * replay, read on the source (the replica's own lag in seconds grows on an idle source, and says nothing of
 * what it has received): RDS's `OldestReplicationSlotLag` (the replica streams through a replication slot of
 * the source; the largest of the source's slots, so a logical replication slot of your own keeps it above 0),
 * Cloud SQL's `replica_byte_lag` at the replay position.
 */
function sourceLag(stack: ResolvedStack, region: string): string[] {
  if (stack.cloud === 'aws') {
    return [
      sh`aws cloudwatch get-metric-statistics --region ${region} --namespace AWS/RDS --metric-name OldestReplicationSlotLag \\`,
      sh`  --dimensions Name=DBInstanceIdentifier,Value=${databaseName(stack, region)} --statistics Maximum --period 60 \\`,
      `  --start-time "$(date -u -d '-5 min' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)" \\`,
      `  --query 'sort_by(Datapoints, &Timestamp)[-1].Maximum' --output text   # WAL the replica has yet to receive: wait for 0.0 (None: no datapoint yet)`,
    ];
  }
  return [
    sh`SOURCE=$(gcloud sql instances list --filter=${`labels.stack=${stack.name} AND region:${region}`} --format="value(name)")`,
    'PROJECT=$(gcloud config get-value project)',
    `curl -fsS -G -H "Authorization: Bearer $(gcloud auth print-access-token)" "https://monitoring.googleapis.com/v3/projects/$PROJECT/timeSeries" \\`,
    `  --data-urlencode "filter=metric.type=\\"cloudsql.googleapis.com/database/postgresql/replication/replica_byte_lag\\" AND resource.labels.database_id=\\"$PROJECT:$SOURCE\\" AND metric.labels.replica_lag_type=\\"replay_location\\"" \\`,
    `  --data-urlencode "interval.startTime=$(date -u -d '-5 min' +%FT%TZ)" --data-urlencode "interval.endTime=$(date -u +%FT%TZ)" \\`,
    `  | jq -r '[.timeSeries[]?.points[0].value.int64Value | tonumber] | max'   # bytes the replica has not replayed: wait for 0`,
  ];
}

/** The cloud's commands that show a region's database replication lag, and that it was promoted. */
function databaseCommands(stack: ResolvedStack, region: string): { lag: string[]; promoted: string[] } {
  if (stack.cloud === 'aws') {
    const id = databaseName(stack, region);
    return {
      lag: [
        sh`aws cloudwatch get-metric-statistics --region ${region} --namespace AWS/RDS --metric-name ReplicaLag \\`,
        sh`  --dimensions Name=DBInstanceIdentifier,Value=${id} --statistics Maximum --period 60 \\`,
        `  --start-time "$(date -u -d '-15 min' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)"`,
      ],
      promoted: [
        sh`aws rds describe-db-instances --region ${region} --db-instance-identifier ${id} \\`,
        `  --query 'DBInstances[0].ReadReplicaSourceDBInstanceIdentifier'   # empty: promoted`,
      ],
    };
  }
  const find = sh`REPLICA=$(gcloud sql instances list --filter=${`labels.stack=${stack.name} AND region:${region}`} --format="value(name)")`;
  return {
    lag: [
      find,
      'PROJECT=$(gcloud config get-value project)',
      `curl -fsS -G -H "Authorization: Bearer $(gcloud auth print-access-token)" "https://monitoring.googleapis.com/v3/projects/$PROJECT/timeSeries" \\`,
      `  --data-urlencode "filter=metric.type=\\"cloudsql.googleapis.com/database/replication/replica_lag\\" AND resource.labels.database_id=\\"$PROJECT:$REPLICA\\"" \\`,
      `  --data-urlencode "interval.startTime=$(date -u -d '-15 min' +%FT%TZ)" --data-urlencode "interval.endTime=$(date -u +%FT%TZ)"   # seconds behind`,
    ],
    promoted: [find, `gcloud sql instances describe "$REPLICA" --format="value(instanceType)"   # CLOUD_SQL_INSTANCE: promoted`],
  };
}

/**
 * What the flip loses of Redis: the `to` region's Redis is its own and starts empty. A cache is rebuilt; a queue's
 * jobs still queued in `from` are lost, which a planned flip avoids by draining in a moment its queue is empty.
 */
function redisLoss(stack: ResolvedStack, from: string, to: string, planned: boolean): string {
  if (stack.redis!.role === 'cache')
    return `   Redis is a cache: the ${mdText(to)} Redis starts empty, and the services rebuild it (expect a cold-cache load).`;
  const workers = stack.services.filter((s) => s.queue?.redis).map((s) => mdCode(s.name));
  const drain =
    workers.length > 0 ? `${workers.join(', ')} ha${workers.length > 1 ? 've' : 's'} emptied it` : 'its workers have emptied it';
  return planned
    ? `   Redis is a queue, and the ${mdText(to)} Redis starts empty: the jobs still queued in ${mdText(from)} when it drains are lost. Drain when ${drain} (check its length first), or re-enqueue them from their source after the flip.`
    : `   Redis is a queue, and the ${mdText(to)} Redis starts empty: the jobs queued in ${mdText(from)} and not yet run are lost (the recovery point of the jobs is the queue's backlog at the outage); re-enqueue them from their source if it can.`;
}

/** The RPO the spec states for losing a region, as a clause: what an unplanned failover may lose at most. */
function regionRpo(stack: ResolvedStack): string {
  const region = stack.dr.objectives.find((o) => o.scenario === 'region');
  return region ? ` (the RPO stated for losing the region: ${region.rpoMinutes} minutes)` : '';
}

/** What serves while `from` is drained: its readers (a warm standby's `serveFromReplica` services), or nothing. */
function drainedService(stack: ResolvedStack, from: string): string {
  const readers = stack.services.filter((s) => s.serveFromReplica).map((s) => mdCode(s.name));
  const serve = readers.length > 1 ? 'keep' : 'keeps';
  return readers.length > 0
    ? `${readers.join(', ')} ${serve} serving reads in ${mdText(from)}, and nothing takes writes`
    : 'nothing takes writes: clients get errors (plan the window)';
}

/** What the flip does, as a clause: promotion, DNS, sizes, notification. */
function flipEffects(stack: ResolvedStack, from: string, to: string): string {
  const dns = stack.dr.dns;
  const events = mdCode(cloudName(stack.name, 'dr-events'));
  return [
    ...(stack.postgres ? ['promotes the replica'] : []),
    dns ? `points the failover DNS record at ${mdText(to)}` : `scales the ${mdText(from)} workloads down`,
    `scales ${mdText(to)}'s nodes to production size`,
    ...(stack.postgres
      ? [
          stack.cloud === 'aws'
            ? `and RDS notifies ${events} in ${mdText(to)} of the promotion`
            : `and Cloud SQL's audit log notifies ${events} of the promotion`,
        ]
      : []),
  ].join(', ');
}

/** The checks after a flip: promoted, the record's answer, the services; and the new primary's first backup. */
function verifySteps(stack: ResolvedStack, to: string, n: number): string[] {
  const dns = stack.dr.dns;
  const lines = [
    dns ? `${n}. Verify (the failover record now answers with the ${mdText(to)} target):` : `${n}. Verify:`,
    '',
    ...mdShell([
      ...(stack.postgres ? databaseCommands(stack, to).promoted : []),
      ...(dns ? [dns.name, ...dns.hosts].map((host) => sh`dig +short ${host}`) : []),
      ...healthChecks(stack),
    ]),
  ];
  if (stack.dr.logicalBackups && stack.postgres) {
    lines.push(
      `   The logical backups now run in ${mdText(to)} and write to ${mdCode(regionBackupBucket(stack, to))} there; start the new primary's series now, on the ${mdText(to)} cluster:`,
      '',
      ...mdShell([
        sh`kubectl -n ${stack.namespace} create job --from=cronjob/${k8sNames.backup(stack.name)} "backup-after-failover-$(date +%s)"`,
      ]),
    );
  }
  return lines;
}

/**
 * The planned flip from `from` (healthy) to `to`, numbered from 1: drain `from` (its writers stop), wait until
 * the replica has every write, flip while drained (the promotion, with nothing writing anywhere), serve.
 * `offset`: how far the caller renumbers the steps, which the drain step's reference to the serve step follows.
 */
function plannedSteps(stack: ResolvedStack, from: string, to: string, offset = 0): string[] {
  const noDns = stack.dr.dns
    ? []
    : [`   The stack has no failover DNS record (\`dr.dns\`): point clients at the ${mdText(to)} gateway yourself.`, ''];
  return [
    `1. Pick a quiet hour; ${mdText(from)} serves until the drain. Check the services answer:`,
    '',
    ...mdShell(healthChecks(stack)),
    `2. Drain ${mdText(from)}: \`dr: { ..., drain: true }\`, then apply. Its services that write scale to zero (KEDA paused at zero), and its CronJobs and migrations are suspended; its datastores, NATS and gateway keep running. Until step ${5 + offset}, ${drainedService(stack, from)}. Suspending a CronJob does not stop a run in progress (nor does a migration Job finish once suspended), and pods take their grace period to stop: wait until none of theirs is left:`,
    '',
    ...mdShell([
      'pulumi preview --diff   # expect: replicas 0, suspend true, the autoscalers paused; nothing replaced',
      'pulumi up',
      sh`kubectl -n ${stack.namespace} get deployments,statefulsets,cronjobs,jobs,pods   # on the drained cluster: no pod of a service or a job left`,
    ]),
    ...(stack.postgres
      ? [
          `3. Wait until the ${mdText(to)} replica has received every write: run this until it reads 0 twice, a minute apart (the metric is sampled every minute):`,
          '',
          ...mdShell(sourceLag(stack, from)),
        ]
      : [`3. Nothing replicates between the regions: go on.`, '']),
    ...(stack.redis ? [redisLoss(stack, from, to, true), ''] : []),
    `4. Flip while drained: ${mdCode(`dr: { ..., activeRegion: '${to}', drain: true }`)}, then apply. It ${flipEffects(stack, from, to)}; nothing writes anywhere meanwhile:`,
    '',
    ...mdShell([
      `pulumi preview --diff   # expect: ${stack.postgres ? 'replica promoted, ' : ''}${stack.dr.dns ? 'failover DNS record flipped, ' : ''}nodes scaled; no replacement`,
      'pulumi up',
    ]),
    ...noDns,
    `5. Serve: drop \`drain\` (${mdCode(`dr: { ..., activeRegion: '${to}' }`)}), then apply. The ${mdText(to)} services start against the promoted database:`,
    '',
    ...mdShell(['pulumi up']),
    ...verifySteps(stack, to, 6),
  ];
}

/**
 * On AWS, each region's target is read from its cluster unless `dr.dns.targets` gives it: the step for a lost
 * region's, whose read fails, from the region's own record (`<region>.<name>`), which still leads there.
 */
function unreadTarget(stack: ResolvedStack, from: string): string[] {
  const dns = stack.dr.dns!;
  if (stack.cloud !== 'aws' || dns.targets[from] !== undefined) return [];
  return [
    `   The stack reads ${mdText(from)}'s load balancer name from its cluster: if the up fails on that read, give it for this up, as ${mdCode(`dr: { ..., dns: { ..., targets: { '${from}': '<name>' } } }`)}, with the name its own record leads to:`,
    '',
    ...mdShell([sh`dig +short CNAME ${regionHealthHost(from, dns.name)}`]),
  ];
}

/**
 * The unplanned flip to `to`, `from` being down, numbered from 1: confirm, check the lag (the data lost), flip
 * alone, verify.
 */
function unplannedSteps(stack: ResolvedStack, from: string, to: string): string[] {
  return [
    `1. Confirm ${mdText(from)} is down, not just one check:`,
    '',
    ...mdShell(healthChecks(stack)),
    ...(stack.postgres
      ? [
          `2. Check how far the ${mdText(to)} replica lags: the writes it has not received are lost${regionRpo(stack)}:`,
          '',
          ...mdShell(databaseCommands(stack, to).lag),
        ]
      : ['2. Nothing replicates between the regions: go on.', '']),
    ...(stack.redis ? [redisLoss(stack, from, to, false), ''] : []),
    `3. Flip alone: ${mdCode(`dr: { ..., activeRegion: '${to}' }`)}, without \`drain\` (drop it, if a planned failover left it set: it would hold the promotion until ${mdText(from)}'s workloads are at zero), then apply. It ${flipEffects(stack, from, to)}. The ${mdText(to)} services start once the promotion is done. The ${mdText(from)} cluster cannot be reached: its objects fail, and everything else goes on. Until an \`up\` reaches ${mdText(from)} again (and scales its services to zero), whatever still runs there writes to a database the failover has left: salvage it at the failback.`,
    '',
    ...mdShell([
      `pulumi preview --diff   # expect: ${stack.postgres ? 'replica promoted, ' : ''}${stack.dr.dns ? 'failover DNS record flipped, ' : ''}nodes scaled; no replacement`,
      'pulumi up --continue-on-error',
    ]),
    ...(stack.dr.dns
      ? unreadTarget(stack, from)
      : [`   The stack has no failover DNS record (\`dr.dns\`): point clients at the ${mdText(to)} gateway yourself.`, '']),
    ...verifySteps(stack, to, 4),
  ];
}

/** The two ways to fail over from `from` to `to`, and how to tell which one applies. */
function flipSections(stack: ResolvedStack, from: string, to: string, level: string): string[] {
  return [
    `Which case you are in: ${mdText(from)} still answers (maintenance, a region degrading, a drill), so fail over **planned**: drain it first and lose nothing; or ${mdText(from)} is down, so fail over **unplanned**: flip alone and lose what the replica had not received at the outage${regionRpo(stack)}.`,
    '',
    `${level} Planned: drain, wait for the replica, flip, serve`,
    '',
    ...plannedSteps(stack, from, to),
    `${level} Unplanned: the flip alone`,
    '',
    ...unplannedSteps(stack, from, to),
  ];
}

/**
 * The re-seed of `region`'s diverged database from `from`'s, as re-seed number `next`: move the
 * diverged instance out of the way (kept, for what only it holds), let the stack create the replica,
 * wait for it to catch up.
 */
function reseedSteps(stack: ResolvedStack, region: string, from: string, next: number): string[] {
  const logical = databaseInstanceName(stack, region);
  const aws = stack.cloud === 'aws';
  const id = databaseName(stack, region);
  const unprotect = (name: string) =>
    sh`pulumi state unprotect "$(pulumi stack export | jq -r --arg name ${`::${name}`} '.deployment.resources[].urn | select(endswith($name))')"`;
  // A re-seeded Cloud SQL primary inherits its database: the stack drops that resource (deleting it only forgets it).
  const inherited = !aws && region === stack.region ? [`${id}-database`] : [];
  const moveAway = aws
    ? [
        sh`DIVERGED=${`${id}-diverged-`}"$(date +%Y%m%d)"`,
        sh`aws rds modify-db-instance --region ${region} --db-instance-identifier ${id} \\`,
        '  --new-db-instance-identifier "$DIVERGED" --apply-immediately',
        '# the new identifier takes effect after a moment: wait for it, then for the instance',
        sh`until aws rds describe-db-instances --region ${region} --db-instance-identifier "$DIVERGED" >/dev/null 2>&1; do sleep 15; done`,
        sh`aws rds wait db-instance-available --region ${region} --db-instance-identifier "$DIVERGED"`,
      ]
    : [
        sh`DIVERGED=$(gcloud sql instances list --filter=${`labels.stack=${stack.name} AND region:${region}`} --format="value(name)")`,
        sh`gcloud sql instances patch "$DIVERGED" --remove-labels=stack --update-labels=${`diverged-from=${stack.name}`}`,
      ];
  const db = databaseCommands(stack, region);
  return [
    `1. When ${mdText(region)} is healthy again, move its diverged database out of the way (${aws ? 'renamed, which frees its identifier' : 'relabelled; the new instance gets a new generated name, as Cloud SQL does not reuse one for a week'}) and lift Pulumi's protection of it in the state, so that the re-seed may replace it. Replacing it only forgets it (\`retainOnDelete\`): it stays, with its deletion protection and the writes it took after the last replication, if any, for you to salvage and then delete:`,
    '',
    ...mdShell([
      '# first, with the spec as it is: the state then holds retainOnDelete and the re-seed trigger of every database (no change expected)',
      'pulumi up',
      ...moveAway,
      ...[logical, ...inherited].map(unprotect),
    ]),
    `2. Re-seed: \`dr: { ..., reseeds: ${next} }\`, then apply. It replaces the ${mdText(region)} database with a cross-region replica of ${mdText(from)}'s, and points its connection secret at it. Expect ${mdCode(logical)} replaced (the old one only forgotten) and its connection secret's value${inherited.length > 0 ? ', its database and user forgotten (the replica inherits them)' : ''}; nothing else replaced:`,
    '',
    ...mdShell(['pulumi preview --diff', 'pulumi up']),
    '3. Wait until it has caught up (a lag of seconds):',
    '',
    ...mdShell(db.lag),
  ];
}

/** The failover and failback sections: for the stack's state now, with every name and command. */
export function failoverSections(stack: ResolvedStack): string[] {
  const standby = stack.dr.standbyRegion;
  if (!standby) {
    return [
      '## Region failover',
      '',
      'The stack has no standby region (`dr.standbyRegion`): losing the region means rebuilding it from the backups.',
      '',
    ];
  }
  const active = stack.dr.activeRegion;
  const passive = active === stack.region ? standby : stack.region;
  const reseeds = stack.dr.reseeds ?? 0;
  const roles = { region: standby, primaryRegion: stack.region, activeRegion: active, reseeds };
  const databases = regionDatabases(roles);
  const state = `Active region now: **${mdText(active)}**; standby: **${mdText(passive)}** (${mdText(stack.dr.mode ?? 'pilot-light')}); re-seeds so far: ${reseeds}.${stack.dr.drain ? ` **${mdText(active)} is drained** (\`dr.drain\`): its services that write are at zero.` : ''}`;
  const diverged = stack.postgres !== undefined && (passive === stack.region ? databases.primary : databases.standby).diverged;
  const renumbered = (lines: string[], offset: number) =>
    lines.map((l) => l.replace(/^(\d+)\. /, (_, n: string) => `${Number(n) + offset}. `));
  if (diverged) {
    return [
      '## Region failover',
      '',
      state,
      '',
      `No failover target: the ${mdText(passive)} database holds the data as of the last failover. Re-seed it, then fail back (below).`,
      '',
      '## Failback',
      '',
      ...reseedSteps(stack, passive, active, reseeds + 1),
      `Then fail back as a planned failover, in a quiet hour:`,
      '',
      ...renumbered(plannedSteps(stack, active, passive, 3), 3),
    ];
  }
  return [
    '## Region failover',
    '',
    state,
    '',
    ...flipSections(stack, active, passive, '###'),
    '## Failback',
    '',
    ...(stack.postgres
      ? [
          `After the failover, the ${mdText(active)} database holds the data as of the failover (a promotion is one-way): once ${mdText(active)} is back, re-seed it from ${mdText(passive)}, then fail back as a planned failover (drain, wait for the replica, flip, serve). This runbook, rendered again after the failover, gives the steps; they are:`,
          '',
          ...reseedSteps(stack, active, passive, reseeds + 1),
          `4. Fail back to ${mdCode(active)} as the planned failover above, in a quiet hour.`,
          '',
        ]
      : [`Fail back to ${mdCode(active)} as the planned failover above, in a quiet hour.`, '']),
  ];
}
