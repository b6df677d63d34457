/**
 * The region failover and failback sections of a stack's runbook: the flip of
 * `dr.activeRegion`, and the re-seed (`dr.reseeds`) that must come before a
 * region whose database has diverged can serve again. Rendered for the stack's
 * current state (which region serves, which database replicates).
 */
import type { ResolvedStack } from './defaults';
import { mdCode, mdShell, mdText } from './markdown';
import { cloudName, k8sNames, regionBackupBucket } from './naming';
import { sh } from './shell';
import { failoverHealthCheckPath, regionDatabases } from './standby';

/** Checks of every host of the stack's gateway (wildcards aside): over HTTPS, the readiness path of the service routed at `/` (else `/`). */
function healthChecks(stack: ResolvedStack): string[] {
  return stack.edge.hosts
    .filter((host) => !host.startsWith('*'))
    .map((host) => {
      const path = failoverHealthCheckPath(host, stack.edge.routes, stack.services);
      return sh`curl -fsS -o /dev/null -w '%{http_code}\\n' ${`https://${host}${path}`}`;
    });
}

/** The component name of a region's database: `<stack>-postgres` in the primary region, `<stack>-standby-postgres` in the standby. */
function databaseName(stack: ResolvedStack, region: string): string {
  return cloudName(stack.name, region === stack.region ? 'postgres' : 'standby-postgres');
}

/** The Pulumi logical name of a region's database instance. */
function instanceLogicalName(stack: ResolvedStack, region: string): string {
  return `${databaseName(stack, region)}-${stack.cloud === 'aws' ? 'db' : 'instance'}`;
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
 * jobs queued in `from` and not yet run are lost, which a planned flip avoids by draining them first.
 */
function redisLoss(stack: ResolvedStack, from: string, to: string, planned: boolean): string {
  if (stack.redis!.role === 'cache')
    return `   Redis is a cache: the ${mdText(to)} Redis starts empty, and the services rebuild it (expect a cold-cache load).`;
  const workers = stack.services.filter((s) => s.queue?.redis).map((s) => mdCode(s.name));
  const drain = workers.length > 0 ? `let ${workers.join(', ')} drain it` : 'let its workers drain it';
  return planned
    ? `   Redis is a queue, and the ${mdText(to)} Redis starts empty: before the flip, stop what enqueues jobs and ${drain} to zero, or the jobs still queued in ${mdText(from)} are lost.`
    : `   Redis is a queue, and the ${mdText(to)} Redis starts empty: the jobs queued in ${mdText(from)} and not yet run are lost (the recovery point of the jobs is the queue's backlog at the outage); re-enqueue them from their source if it can.`;
}

/**
 * The steps that make `to` the serving region, numbered from 1: confirm, check the lag, flip
 * `dr.activeRegion`, verify. `planned` for a failback (the serving region is healthy).
 */
function flipSteps(stack: ResolvedStack, from: string, to: string, planned: boolean): string[] {
  const db = databaseCommands(stack, to);
  const dns = stack.dr.dns;
  const events = mdCode(cloudName(stack.name, 'dr-events'));
  const effects = [
    ...(stack.postgres ? ['promotes the replica'] : []),
    dns ? `points the failover DNS record at ${mdText(to)}` : `scales the ${mdText(from)} workloads down`,
    `scales ${mdText(to)} to production size`,
    ...(stack.postgres
      ? [
          stack.cloud === 'aws'
            ? `and RDS notifies ${events} in ${mdText(to)} of the promotion`
            : `and Cloud SQL's audit log notifies ${events} of the promotion`,
        ]
      : []),
  ];
  const lines = planned
    ? [`1. Pick a quiet hour; ${mdText(from)} serves until the flip. Check the services answer:`, '', ...mdShell(healthChecks(stack))]
    : [`1. Confirm ${mdText(from)} is down, not just one check:`, '', ...mdShell(healthChecks(stack))];
  if (stack.postgres) lines.push(`2. Check how far the ${mdText(to)} replica lags (the data the flip loses):`, '', ...mdShell(db.lag));
  if (stack.redis) lines.push(redisLoss(stack, from, to, planned), '');
  lines.push(
    `3. Flip the roles in the spec: ${mdCode(`dr: { ..., activeRegion: '${to}' }`)}, then apply. It ${effects.join(', ')}:`,
    '',
    ...mdShell([
      `pulumi preview --diff   # expect: ${stack.postgres ? 'replica promoted, ' : ''}${dns ? 'failover DNS record flipped, ' : ''}nodes scaled; no replacement`,
      'pulumi up',
    ]),
    ...(dns ? [] : [`   The stack has no failover DNS record (\`dr.dns\`): point clients at the ${mdText(to)} gateway yourself.`, '']),
    dns ? `4. Verify (the failover record now answers with the ${mdText(to)} target):` : '4. Verify:',
    '',
    ...mdShell([...(stack.postgres ? db.promoted : []), ...(dns ? [sh`dig +short ${dns.name}`] : []), ...healthChecks(stack)]),
  );
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
 * The re-seed of `region`'s diverged database from `from`'s, as re-seed number `next`: move the
 * diverged instance out of the way (kept, for what only it holds), let the stack create the replica,
 * wait for it to catch up.
 */
function reseedSteps(stack: ResolvedStack, region: string, from: string, next: number): string[] {
  const logical = instanceLogicalName(stack, region);
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
  const state = `Active region now: **${mdText(active)}**; standby: **${mdText(passive)}** (${mdText(stack.dr.mode ?? 'pilot-light')}); re-seeds so far: ${reseeds}.`;
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
      ...renumbered(flipSteps(stack, active, passive, true), 3),
    ];
  }
  return [
    '## Region failover',
    '',
    state,
    '',
    ...flipSteps(stack, active, passive, false),
    '## Failback',
    '',
    ...(stack.postgres
      ? [
          `After the failover, the ${mdText(active)} database holds the data as of the failover (a promotion is one-way): once ${mdText(active)} is back, re-seed it from ${mdText(passive)}, then flip back. This runbook, rendered again after the failover, gives the steps; they are:`,
          '',
          ...reseedSteps(stack, active, passive, reseeds + 1),
          `4. Flip \`dr.activeRegion\` back to ${mdCode(active)} as in the failover above, in a quiet hour.`,
          '',
        ]
      : [`Flip \`dr.activeRegion\` back to ${mdCode(active)} as in the failover above, in a quiet hour.`, '']),
  ];
}
