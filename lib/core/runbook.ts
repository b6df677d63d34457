/**
 * The failover and failback runbook of a stack, as Markdown: the exact
 * commands for this stack's names, regions and hosts, and the checks to run
 * at each step. Pure: drawn from the resolved spec and the naming contract.
 * `npm run synth` writes it next to each example's manifests.
 */
import type { ResolvedStack } from './defaults';
import { cloudName, k8sNames, regionBackupBucket } from './naming';
import { recoveryPoint } from './recovery';
import type { ProductionStackProps } from './spec/stack';

function code(lines: readonly string[]): string[] {
  return ['```sh', ...lines, '```', ''];
}

function objectives(props: ProductionStackProps, stack: ResolvedStack): string[] {
  if (stack.dr.objectives.length === 0) return ['No recovery objectives are stated (`dr.objectives`).', ''];
  return [
    '| scenario | RTO | RPO | what bounds the data lost |',
    '| --- | ---: | ---: | --- |',
    ...stack.dr.objectives.map((o) => {
      const point = recoveryPoint(props, o.scenario);
      return `| ${o.scenario} | ${o.rtoMinutes} min | ${o.rpoMinutes} min | ${point ? point.by : 'not modelled'} |`;
    }),
    '',
  ];
}

function healthChecks(stack: ResolvedStack): string[] {
  const hosts = stack.services.filter((s) => s.ingress);
  return hosts.map((s) => {
    const readiness = s.probes.readiness;
    const path = readiness?.type === 'http' ? readiness.path : '/';
    return `curl -fsS -o /dev/null -w '%{http_code}\\n' https://${s.ingress!.host}${path}`;
  });
}

function databaseRestore(stack: ResolvedStack): string[] {
  if (!stack.postgres) return [];
  const ns = stack.namespace;
  const lines = ['## Restore the database (the `database` scenario)', ''];
  if (stack.cloud === 'aws') {
    const id = cloudName(stack.name, 'postgres');
    lines.push(
      'Point-in-time recovery into a new instance, then point the connection secret at it:',
      '',
      ...code([
        `aws rds restore-db-instance-to-point-in-time --region ${stack.region} \\`,
        `  --source-db-instance-identifier ${id} --target-db-instance-identifier ${id}-restored \\`,
        `  --restore-time <UTC time before the damage, e.g. 2026-12-01T09:55:00Z>`,
        `aws rds wait db-instance-available --region ${stack.region} --db-instance-identifier ${id}-restored`,
      ]),
    );
  } else {
    lines.push(
      'Point-in-time recovery into a clone, then point the connection secret at it:',
      '',
      ...code([
        `INSTANCE=$(gcloud sql instances list --filter="labels.stack=${stack.name}" --format="value(name)" | head -1)`,
        `gcloud sql instances clone "$INSTANCE" "$INSTANCE-restored" --point-in-time <UTC time before the damage>`,
      ]),
    );
  }
  if (stack.dr.logicalBackups) {
    // the bucket of the serving region: on AWS after a failover, the replica in the standby region
    const bucket = `${stack.cloud === 'aws' ? 's3' : 'gs'}://${regionBackupBucket(stack, stack.dr.activeRegion)}`;
    const copy = stack.cloud === 'aws' ? 'aws s3 cp' : 'gcloud storage cp';
    const prefix = `postgres/${stack.postgres.databaseName}`;
    lines.push(
      `Or from the latest logical backup (\`${prefix}/LATEST\` in \`${bucket}\`): first prove it restores (the restore drill, now), then load it into the target database:`,
      '',
      ...code([
        'JOB="restore-check-$(date +%s)"',
        `kubectl -n ${ns} create job --from=cronjob/${k8sNames.restoreDrill(stack.name)} "$JOB"`,
        `kubectl -n ${ns} wait --for=condition=complete --timeout=4h "job/$JOB" && kubectl -n ${ns} logs "job/$JOB" --all-containers`,
        `${copy} "${bucket}/$(${copy} ${bucket}/${prefix}/LATEST -)" latest.dump`,
        `DATABASE_URL=$(kubectl -n ${ns} get secret ${k8sNames.datastoreSecret(stack.name, 'postgres')} -o jsonpath='{.data.url}' | base64 -d)`,
        'pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" latest.dump',
      ]),
    );
  }
  return lines;
}

function failover(stack: ResolvedStack): string[] {
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
  const lines = [
    '## Region failover',
    '',
    `Active region now: **${active}**; standby: **${passive}** (${stack.dr.mode ?? 'backups only'}).`,
    '',
  ];
  lines.push('1. Confirm the active region is down, not just one check:', '', ...code(healthChecks(stack)));
  const db = databaseCommands(stack, passive);
  if (stack.postgres) lines.push('2. Check how far the replica lags (the data a failover loses):', '', ...code(db.lag));
  lines.push(
    `3. Flip the roles in the spec: \`dr: { ..., activeRegion: '${passive}' }\`, then apply. It promotes the replica, ${stack.dr.dns ? `points the failover DNS record at ${passive}` : `scales the ${active} workloads down`}, scales the standby to production size, and notifies \`${cloudName(stack.name, 'dr-events')}\`:`,
    '',
    ...code([
      `pulumi preview --diff   # expect: replica promoted, ${stack.dr.dns ? `DNS towards ${passive}, ` : ''}nodes scaled; no replacement`,
      'pulumi up',
    ]),
    ...(stack.dr.dns
      ? []
      : [`   The stack has no failover DNS record (\`dr.dns\`): point clients at the ${passive} ingress yourself.`, '']),
    '4. Verify:',
    '',
    ...code([
      ...(stack.postgres ? db.promoted : []),
      ...(stack.dr.dns ? [`dig +short ${stack.dr.dns.name}   # the ${passive} target`] : []),
      ...healthChecks(stack),
    ]),
    ...(stack.dr.logicalBackups && stack.postgres
      ? [
          `   The logical backups now run in ${passive} and write to \`${regionBackupBucket(stack, passive)}\` there; start the new primary's series now, on the ${passive} cluster:`,
          '',
          ...code([
            `kubectl -n ${stack.namespace} create job --from=cronjob/${k8sNames.backup(stack.name)} "backup-after-failover-$(date +%s)"`,
          ]),
        ]
      : []),
    '## Failback',
    '',
    `1. When ${active} is healthy again, re-create a replica of the promoted database there (the old primary has diverged: do not resume it), and let it catch up.`,
    `2. Flip \`dr.activeRegion\` back to \`${active}\` in a quiet hour, \`pulumi up\`, and verify as above.`,
    '',
  );
  return lines;
}

/** The cloud's commands that show the standby database's replication lag, and that it was promoted. */
function databaseCommands(stack: ResolvedStack, region: string): { lag: string[]; promoted: string[] } {
  if (stack.cloud === 'aws') {
    const replica = cloudName(stack.name, 'standby-postgres');
    return {
      lag: [
        `aws cloudwatch get-metric-statistics --region ${region} --namespace AWS/RDS --metric-name ReplicaLag \\`,
        `  --dimensions Name=DBInstanceIdentifier,Value=${replica} --statistics Maximum --period 60 \\`,
        `  --start-time "$(date -u -d '-15 min' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)"`,
      ],
      promoted: [
        `aws rds describe-db-instances --region ${region} --db-instance-identifier ${replica} \\`,
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

/** The runbook of a stack, as Markdown. */
export function failoverRunbook(props: ProductionStackProps, stack: ResolvedStack): string {
  const ns = stack.namespace;
  const lines = [
    `# Runbook: ${stack.name} (${stack.cloud.toUpperCase()}, ${stack.region})`,
    '',
    '<!-- Generated by production-stack from the stack spec. -->',
    '',
    '## Recovery objectives',
    '',
    ...objectives(props, stack),
    '## Before anything: is the last backup good?',
    '',
    ...code(
      stack.dr.logicalBackups
        ? [
            `kubectl -n ${ns} get cronjob ${k8sNames.backup(stack.name)} ${k8sNames.restoreDrill(stack.name)} \\`,
            `  -o custom-columns=NAME:.metadata.name,LAST_SUCCESS:.status.lastSuccessfulTime`,
          ]
        : ['# logical backups are off (dr.logicalBackups: false): rely on the managed service backups'],
    ),
    ...databaseRestore(stack),
    ...failover(stack),
  ];
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
