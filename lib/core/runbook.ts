/**
 * The failover and failback runbook of a stack, as Markdown: the exact
 * commands for this stack's names, regions and hosts, and the checks to run
 * at each step. Pure: drawn from the resolved spec and the naming contract.
 * `npm run synth` writes it next to each example's manifests. Every spec value
 * reaches it through the sinks that keep it a value: one quoted shell word
 * ({@link sh}), Markdown text or a code span ({@link mdText}, {@link mdCode}).
 */
import type { ResolvedStack } from './resolve';
import { mdCode, mdShell, mdText } from './markdown';
import { cloudName, k8sNames, regionBackupBucket } from './naming';
import { failoverSections } from './runbook-failover';
import { recoveryPoint } from './recovery';
import { sh } from './shell';
import type { ProductionStackProps } from './spec/stack';
import { RDS_CA_IDENTIFIER } from './aws-ca';
import { MIGRATE_ROLE } from './postgres-roles';
import { cloudProfile } from './cloud';

function objectives(props: ProductionStackProps, stack: ResolvedStack): string[] {
  if (stack.dr.objectives.length === 0) return ['No recovery objectives are stated (`dr.objectives`).', ''];
  return [
    '| scenario | RTO | RPO | what bounds the data lost |',
    '| --- | ---: | ---: | --- |',
    ...stack.dr.objectives.map((o) => {
      const point = recoveryPoint(props, o.scenario);
      const cells = [o.scenario, `${o.rtoMinutes} min`, `${o.rpoMinutes} min`, point ? point.by : 'not modelled'];
      return `| ${cells.map(mdText).join(' | ')} |`;
    }),
    '',
  ];
}

function databaseRestore(stack: ResolvedStack): string[] {
  if (!stack.postgres) return [];
  const ns = stack.namespace;
  const lines = ['## Restore the database (the `database` scenario)', ''];
  if (stack.cloud === 'aws') {
    const id = cloudName(stack.name, 'postgres');
    lines.push(
      "Point-in-time recovery into a new instance, in the source's subnets, security group and parameters (a restore takes the account's defaults otherwise) and with the CA the connection documents verify, then point the connection secret at it:",
      '',
      ...mdShell([
        sh`aws rds describe-db-instances --region ${stack.region} --db-instance-identifier ${id} --output json > source.json`,
        `SUBNETS=$(jq -r '.DBInstances[0].DBSubnetGroup.DBSubnetGroupName' source.json)`,
        `SECURITY_GROUPS=$(jq -r '[.DBInstances[0].VpcSecurityGroups[].VpcSecurityGroupId] | join(" ")' source.json)`,
        `PARAMETERS=$(jq -r '.DBInstances[0].DBParameterGroups[0].DBParameterGroupName' source.json)`,
        sh`aws rds restore-db-instance-to-point-in-time --region ${stack.region} \\`,
        sh`  --source-db-instance-identifier ${id} --target-db-instance-identifier ${`${id}-restored`} \\`,
        // $SECURITY_GROUPS unquoted: one argument per group
        `  --db-subnet-group-name "$SUBNETS" --vpc-security-group-ids $SECURITY_GROUPS --db-parameter-group-name "$PARAMETERS" \\`,
        sh`  --no-publicly-accessible --multi-az --ca-certificate-identifier ${RDS_CA_IDENTIFIER} \\`,
        `  --restore-time <UTC time before the damage, e.g. 2026-12-01T09:55:00Z>`,
        sh`aws rds wait db-instance-available --region ${stack.region} --db-instance-identifier ${`${id}-restored`}`,
      ]),
    );
  } else {
    lines.push(
      "Point-in-time recovery into a clone, then give the clone's DNS name (the one its certificate holds, which the connection URL verifies) a private zone on the VPC, as the stack does for its instance, and point the connection secret at that name:",
      '',
      ...mdShell([
        sh`INSTANCE=$(gcloud sql instances list --filter=${`labels.stack=${stack.name}`} --format="value(name)" | head -1)`,
        `gcloud sql instances clone "$INSTANCE" "$INSTANCE-restored" --point-in-time <UTC time before the damage>`,
        `gcloud sql instances describe "$INSTANCE-restored" --format=json > restored.json`,
        `NAME=$(jq -r '.dnsNames[]? | select(.connectionType == "PRIVATE_SERVICES_ACCESS" and .dnsScope == "INSTANCE") | .name' restored.json)`,
        `[ -n "$NAME" ] || echo "the clone lists no DNS name: gcloud sql instances patch $INSTANCE-restored --server-ca-mode=GOOGLE_MANAGED_CAS_CA, then describe it again" >&2`,
        `IP=$(jq -r '.ipAddresses[] | select(.type == "PRIVATE") | .ipAddress' restored.json)`,
        `NETWORK=$(jq -r '.settings.ipConfiguration.privateNetwork' restored.json)`,
        `gcloud dns managed-zones create "$INSTANCE-restored-dns" --dns-name="$NAME" --visibility=private --networks="$NETWORK" --description="The restored clone's name"`,
        `gcloud dns record-sets create "$NAME" --zone="$INSTANCE-restored-dns" --type=A --ttl=300 --rrdatas="$IP"`,
        `echo "the connection secret's host: \${NAME%.}"`,
      ]),
    );
  }
  if (stack.dr.logicalBackups) {
    // the bucket of the serving region: on AWS after a failover, the replica in the standby region
    const { scheme, copy } = cloudProfile(stack.cloud).storage;
    const bucket = `${scheme}://${regionBackupBucket(stack, stack.dr.activeRegion)}`;
    const prefix = `postgres/${stack.postgres.databaseName}`;
    const latest = `${bucket}/${prefix}/LATEST`;
    const drill = `cronjob/${k8sNames.restoreDrill(stack.name)}`;
    lines.push(
      `Or from the latest logical backup (${mdCode(`${prefix}/LATEST`)} in ${mdCode(bucket)}): first prove it restores (the restore drill, now), then load it into the target database:`,
      '',
      ...mdShell([
        'JOB="restore-check-$(date +%s)"',
        sh`kubectl -n ${ns} create job --from=${drill} "$JOB"`,
        sh`kubectl -n ${ns} wait --for=condition=complete --timeout=4h "job/$JOB" && kubectl -n ${ns} logs "job/$JOB" --all-containers`,
        sh`${copy} ${`${bucket}/`}"$(${copy} ${latest} -)" latest.dump`,
        sh`DATABASE_URL=$(kubectl -n ${ns} get secret ${k8sNames.postgresAdminSecret(stack.name)} -o jsonpath='{.data.url}' | base64 -d)`,
        // the URL verifies the server with the CA file pods mount: here, a local copy of it
        sh`kubectl -n ${ns} get secret ${k8sNames.postgresAdminSecret(stack.name)} -o jsonpath='{.data.ca}' | base64 -d > postgres-ca.crt`,
        'DATABASE_URL="${DATABASE_URL%%sslrootcert=*}sslrootcert=$PWD/postgres-ca.crt"',
        // as the schema's owner, so the default privileges give the services their grants on what it restores
        sh`pg_restore --clean --if-exists --no-owner --no-privileges --role=${MIGRATE_ROLE} --exit-on-error --dbname "$DATABASE_URL" latest.dump`,
      ]),
    );
  }
  return lines;
}

/** The runbook of a stack, as Markdown. */
export function failoverRunbook(props: ProductionStackProps, stack: ResolvedStack): string {
  const ns = stack.namespace;
  const lines = [
    `# Runbook: ${mdText(stack.name)} (${mdText(stack.cloud.toUpperCase())}, ${mdText(stack.region)})`,
    '',
    '<!-- Generated by production-stack from the stack spec. -->',
    '',
    '## Recovery objectives',
    '',
    ...objectives(props, stack),
    '## Before anything: is the last backup good?',
    '',
    ...mdShell(
      stack.dr.logicalBackups
        ? [
            sh`kubectl -n ${ns} get cronjob ${k8sNames.backup(stack.name)} ${k8sNames.restoreDrill(stack.name)} \\`,
            `  -o custom-columns=NAME:.metadata.name,LAST_SUCCESS:.status.lastSuccessfulTime`,
          ]
        : ['# logical backups are off (dr.logicalBackups: false): rely on the managed service backups'],
    ),
    ...databaseRestore(stack),
    ...failoverSections(stack),
  ];
  // one blank line between blocks; lines are joined only now, so no value (a quoted shell word may hold newlines) is touched
  const blocks = lines.filter((line, i) => line !== '' || (i > 0 && lines[i - 1] !== ''));
  while (blocks[blocks.length - 1] === '') blocks.pop();
  return `${blocks.join('\n')}\n`;
}
