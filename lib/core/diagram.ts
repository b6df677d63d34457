/**
 * The architecture of a stack as a Mermaid `architecture-beta` diagram: the
 * edge and its hosts (the gateway's HTTPS listeners), the cluster with its services and NATS, the
 * managed datastores and the backup bucket, monitoring, and the standby
 * region. Pure: drawn from the resolved spec.
 */
import type { ResolvedService, ResolvedStack } from './resolve';

const CLUSTER = { aws: 'EKS', gcp: 'GKE' } as const;
const POSTGRES = { aws: 'RDS PostgreSQL', gcp: 'Cloud SQL PostgreSQL' } as const;
const REDIS = { aws: 'ElastiCache Redis', gcp: 'Memorystore Redis' } as const;
const BUCKET = { aws: 'S3', gcp: 'GCS' } as const;

/** A Mermaid identifier for a name. */
function ident(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/**
 * Text that stays a label (every label of the diagram goes through this): letters, digits, spaces
 * and `. _ * / + -`; every other character (brackets, quotes, colons, backticks, `<`, `#`, `;`,
 * line breaks: Mermaid syntax, markup or entities) is shown as a space.
 */
function label(text: string): string {
  return text
    .replace(/[^A-Za-z0-9 ._*/+-]+/g, ' ')
    .replace(/ +/g, ' ')
    .trim();
}

function replicas(s: ResolvedService): string {
  const range = s.autoscaling ?? s.queue;
  return range ? `${range.minReplicas} to ${range.maxReplicas}` : `x${s.replicas}`;
}

/** The Mermaid source of a stack's architecture. */
export function architectureDiagram(stack: ResolvedStack): string {
  const c = stack.cloud;
  const lines = ['architecture-beta'];
  // hosts by position: two hosts may differ only in characters an identifier cannot hold
  const hosts = stack.edge.hosts;
  const hostId = (host: string) => `host_${hosts.indexOf(host)}`;
  if (hosts.length > 0) {
    lines.push('  group edge(internet)[Edge]');
    for (const h of hosts) lines.push(`  service ${hostId(h)}(internet)[${label(`${h} TLS`)}] in edge`);
  }
  lines.push(`  group cluster(cloud)[${label(`${CLUSTER[c]} ${stack.region} namespace ${stack.namespace}`)}]`);
  for (const s of stack.services) lines.push(`  service ${ident('svc', s.name)}(server)[${label(`${s.name} ${replicas(s)}`)}] in cluster`);
  if (stack.nats) lines.push(`  service nats(server)[${label(`NATS JetStream x${stack.nats.replicas}`)}] in cluster`);
  lines.push(`  service prometheus(server)[Prometheus and Alertmanager] in cluster`);
  const data = stack.postgres || stack.redis || stack.dr.logicalBackups;
  if (data) lines.push(`  group data(cloud)[${label(`Managed data ${stack.region}`)}]`);
  if (stack.postgres) {
    const ha = stack.postgres.highAvailability ? ' HA' : '';
    lines.push(`  service postgres(database)[${label(`${POSTGRES[c]} ${stack.postgres.engineVersion}${ha}`)}] in data`);
  }
  if (stack.redis) lines.push(`  service redis(database)[${label(`${REDIS[c]} ${stack.redis.engineVersion}`)}] in data`);
  if (stack.dr.logicalBackups) lines.push(`  service backups(disk)[${label(`${BUCKET[c]} ${stack.dr.backupBucket}`)}] in data`);
  if (stack.dr.standbyRegion) {
    lines.push(`  group standby(cloud)[${label(`Standby ${stack.dr.standbyRegion}`)}]`);
    if (stack.dr.logicalBackups) lines.push(`  service backup_replica(disk)[Backup replica] in standby`);
  }
  const routed = stack.edge.routes.flatMap((r) => r.backends.map((b) => `  ${hostId(r.host)}:B --> T:${ident('svc', b.service)}`));
  lines.push(...new Set(routed));
  for (const s of stack.services) {
    const svc = ident('svc', s.name);
    if (s.postgres && stack.postgres) lines.push(`  ${svc}:R --> L:postgres`);
    if (s.redis && stack.redis) lines.push(`  ${svc}:R --> L:redis`);
    if (s.nats && stack.nats) lines.push(`  ${svc}:B --> T:nats`);
    lines.push(`  prometheus:T --> B:${svc}`);
  }
  if (stack.dr.logicalBackups) lines.push('  postgres:B --> T:backups');
  if (stack.dr.standbyRegion && stack.dr.logicalBackups) lines.push('  backups:R --> L:backup_replica');
  return `${lines.join('\n')}\n`;
}
