/**
 * The region failover and failback sections of a stack's runbook: the flip of
 * `dr.activeRegion`, and the re-seed (`dr.reseeds`) that must come before a
 * region whose database has diverged can serve again. Rendered for the stack's
 * current state (which region serves, which database replicates).
 */
import type { ResolvedStack } from './defaults';
import { cloudName, k8sNames, regionBackupBucket } from './naming';
import { regionDatabases } from './standby';

/** A fenced shell block. */
export function code(lines: readonly string[]): string[] {
  return ['```sh', ...lines, '```', ''];
}

/** Checks of every ingress host: its readiness path over HTTPS. */
export function healthChecks(stack: ResolvedStack): string[] {
  const hosts = stack.services.filter((s) => s.ingress);
  return hosts.map((s) => {
    const readiness = s.probes.readiness;
    const path = readiness?.type === 'http' ? readiness.path : '/';
    return `curl -fsS -o /dev/null -w '%{http_code}\\n' https://${s.ingress!.host}${path}`;
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
        `aws cloudwatch get-metric-statistics --region ${region} --namespace AWS/RDS --metric-name ReplicaLag \\`,
        `  --dimensions Name=DBInstanceIdentifier,Value=${id} --statistics Maximum --period 60 \\`,
        `  --start-time "$(date -u -d '-15 min' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)"`,
      ],
      promoted: [
        `aws rds describe-db-instances --region ${region} --db-instance-identifier ${id} \\`,
        `  --query 'DBInstances[0].ReadReplicaSourceDBInstanceIdentifier'   # empty: promoted`,
      ],
    };
  }
  const find = `REPLICA=$(gcloud sql instances list --filter="labels.stack=${stack.name} AND region:${region}" --format="value(name)")`;
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
 * The steps that make `to` the serving region, numbered from 1: confirm, check the lag, flip
 * `dr.activeRegion`, verify. `planned` for a failback (the serving region is healthy).
 */
function flipSteps(stack: ResolvedStack, from: string, to: string, planned: boolean): string[] {
  const db = databaseCommands(stack, to);
  const dns = stack.dr.dns;
  const effects = [
    ...(stack.postgres ? ['promotes the replica'] : []),
    dns ? `points the failover DNS record at ${to}` : `scales the ${from} workloads down`,
    `scales ${to} to production size`,
    ...(stack.postgres
      ? [
          stack.cloud === 'aws'
            ? `and RDS notifies \`${cloudName(stack.name, 'dr-events')}\` in ${to} of the promotion`
            : `and Cloud SQL's audit log notifies \`${cloudName(stack.name, 'dr-events')}\` of the promotion`,
        ]
      : []),
  ];
  const lines = planned
    ? [`1. Pick a quiet hour; ${from} serves until the flip. Check the services answer:`, '', ...code(healthChecks(stack))]
    : [`1. Confirm ${from} is down, not just one check:`, '', ...code(healthChecks(stack))];
  if (stack.postgres) lines.push(`2. Check how far the ${to} replica lags (the data the flip loses):`, '', ...code(db.lag));
  lines.push(
    `3. Flip the roles in the spec: \`dr: { ..., activeRegion: '${to}' }\`, then apply. It ${effects.join(', ')}:`,
    '',
    ...code([
      `pulumi preview --diff   # expect: ${stack.postgres ? 'replica promoted, ' : ''}${dns ? `DNS towards ${to}, ` : ''}nodes scaled; no replacement`,
      'pulumi up',
    ]),
    ...(dns ? [] : [`   The stack has no failover DNS record (\`dr.dns\`): point clients at the ${to} ingress yourself.`, '']),
    '4. Verify:',
    '',
    ...code([
      ...(stack.postgres ? db.promoted : []),
      ...(dns ? [`dig +short ${dns.name}   # the ${to} target`] : []),
      ...healthChecks(stack),
    ]),
  );
  if (stack.dr.logicalBackups && stack.postgres) {
    lines.push(
      `   The logical backups now run in ${to} and write to \`${regionBackupBucket(stack, to)}\` there; start the new primary's series now, on the ${to} cluster:`,
      '',
      ...code([
        `kubectl -n ${stack.namespace} create job --from=cronjob/${k8sNames.backup(stack.name)} "backup-after-failover-$(date +%s)"`,
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
  const urn = (name: string) => `"$(pulumi stack export | jq -r '.deployment.resources[].urn | select(endswith("::${name}"))')"`;
  // A re-seeded Cloud SQL primary inherits its database: the stack drops that resource (deleting it only forgets it).
  const inherited = !aws && region === stack.region ? [`${databaseName(stack, region)}-database`] : [];
  const moveAway = aws
    ? [
        `DIVERGED="${databaseName(stack, region)}-diverged-$(date +%Y%m%d)"`,
        `aws rds modify-db-instance --region ${region} --db-instance-identifier ${databaseName(stack, region)} \\`,
        '  --new-db-instance-identifier "$DIVERGED" --apply-immediately',
        '# the new identifier takes effect after a moment: wait for it, then for the instance',
        `until aws rds describe-db-instances --region ${region} --db-instance-identifier "$DIVERGED" >/dev/null 2>&1; do sleep 15; done`,
        `aws rds wait db-instance-available --region ${region} --db-instance-identifier "$DIVERGED"`,
      ]
    : [
        `DIVERGED=$(gcloud sql instances list --filter="labels.stack=${stack.name} AND region:${region}" --format="value(name)")`,
        `gcloud sql instances patch "$DIVERGED" --remove-labels=stack --update-labels=diverged-from=${stack.name}`,
      ];
  const db = databaseCommands(stack, region);
  return [
    `1. When ${region} is healthy again, move its diverged database out of the way (${aws ? 'renamed, which frees its identifier' : 'relabelled; the new instance gets a new generated name, as Cloud SQL does not reuse one for a week'}) and lift Pulumi's protection of it in the state, so that the re-seed may replace it. Replacing it only forgets it (\`retainOnDelete\`): it stays, with its deletion protection and the writes it took after the last replication, if any, for you to salvage and then delete:`,
    '',
    ...code([
      '# first, with the spec as it is: the state then holds retainOnDelete and the re-seed trigger of every database (no change expected)',
      'pulumi up',
      ...moveAway,
      ...[logical, ...inherited].map((name) => `pulumi state unprotect ${urn(name)}`),
    ]),
    `2. Re-seed: \`dr: { ..., reseeds: ${next} }\`, then apply. It replaces the ${region} database with a cross-region replica of ${from}'s, and points its connection secret at it:`,
    '',
    ...code([
      `pulumi preview --diff   # expect: ${logical} replaced (the old one only forgotten) and its connection secret's value${inherited.length > 0 ? ', its database and user forgotten (the replica inherits them)' : ''}; nothing else replaced`,
      'pulumi up',
    ]),
    '3. Wait until it has caught up (a lag of seconds):',
    '',
    ...code(db.lag),
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
  const state = `Active region now: **${active}**; standby: **${passive}** (${stack.dr.mode ?? 'pilot-light'}); re-seeds so far: ${reseeds}.`;
  const diverged = stack.postgres !== undefined && (passive === stack.region ? databases.primary : databases.standby).diverged;
  const renumbered = (lines: string[], offset: number) =>
    lines.map((l) => l.replace(/^(\d+)\. /, (_, n: string) => `${Number(n) + offset}. `));
  if (diverged) {
    return [
      '## Region failover',
      '',
      state,
      '',
      `No failover target: the ${passive} database holds the data as of the last failover. Re-seed it, then fail back (below).`,
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
          `After the failover, the ${active} database holds the data as of the failover (a promotion is one-way): once ${active} is back, re-seed it from ${passive}, then flip back. This runbook, rendered again after the failover, gives the steps; they are:`,
          '',
          ...reseedSteps(stack, active, passive, reseeds + 1),
          `4. Flip \`dr.activeRegion\` back to \`${active}\` as in the failover above, in a quiet hour.`,
          '',
        ]
      : [`Flip \`dr.activeRegion\` back to \`${active}\` as in the failover above, in a quiet hour.`, '']),
  ];
}
