/**
 * Resource names are a public contract: a renamed object is a new object, and
 * a renamed StatefulSet or PVC loses its data. This list is written by hand;
 * if it fails, the change renames deployed objects. Do not update it without
 * a migration note.
 */
import { createHash } from 'crypto';
import { baseSpec } from '../support/spec';
import { synth } from '../support/synth';

test('ProductionStack creates exactly these objects, with these names', () => {
  const names = synth(baseSpec()).map((o) =>
    `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`
      .replace(/-migrate-[0-9a-f]{8}$/, '-migrate-MIGRATION_HASH')
      .replace(/-bootstrap-[0-9a-f]{8}$/, '-bootstrap-SCRIPT_HASH'),
  );
  expect(names.sort()).toEqual(
    [
      'Namespace -/shop',
      'ResourceQuota shop/production-stack',
      'LimitRange shop/production-stack',
      'NetworkPolicy shop/default-deny',
      'ExternalSecret shop/shop-secrets',
      'ExternalSecret shop/shop-redis',
      // PostgreSQL (issue #18, replacing 'ExternalSecret shop/shop-postgres', the master user's, which every pod read):
      // a Secret per login role, and the bootstrap Job that creates the roles, with its own Secret, identity and policy
      'ExternalSecret shop/shop-postgres-app-migrate',
      'ExternalSecret shop/shop-postgres-svc-api',
      'ExternalSecret shop/shop-postgres-job-report',
      'ExternalSecret shop/shop-postgres-app-backup',
      'ExternalSecret shop/shop-postgres-app-monitor',
      'ExternalSecret shop/shop-postgres-admin',
      'Job shop/shop-postgres-bootstrap-SCRIPT_HASH',
      'ServiceAccount shop/shop-postgres-bootstrap',
      'NetworkPolicy shop/shop-postgres-bootstrap',
      // api: a server with a route, autoscaling, config, files and API access
      'ConfigMap shop/api-config',
      'ConfigMap shop/api-files',
      'ServiceAccount shop/api',
      'Role shop/api',
      'RoleBinding shop/api',
      'Deployment shop/api',
      'Service shop/api',
      'HorizontalPodAutoscaler shop/api',
      'PodDisruptionBudget shop/api',
      'NetworkPolicy shop/api',
      // the edge (issue #16, replacing 'Ingress shop/api' and its 'api-tls' certificate): the stack's Gateway with
      // its Envoy fleet and TLS policy (named after the stack), the redirect to HTTPS, api's route and its traffic
      // policy (named after the service), and the policy that lets the gateway reach cert-manager's solver
      'Gateway shop/shop',
      'EnvoyProxy shop/shop',
      'ClientTrafficPolicy shop/shop',
      'HTTPRoute shop/shop-https-redirect',
      'HTTPRoute shop/api',
      'BackendTrafficPolicy shop/api',
      'NetworkPolicy shop/acme-http01-solver',
      // api's migration: a Job per image and command, and its egress policy
      'Job shop/api-migrate-MIGRATION_HASH',
      'NetworkPolicy shop/api-migrate',
      // worker: storage makes it a StatefulSet; a worker has no Service
      'ServiceAccount shop/worker',
      'StatefulSet shop/worker',
      'PodDisruptionBudget shop/worker',
      'NetworkPolicy shop/worker',
      // web: a plain server
      'ServiceAccount shop/web',
      'Deployment shop/web',
      'Service shop/web',
      'PodDisruptionBudget shop/web',
      'NetworkPolicy shop/web',
      // NATS JetStream: the servers, their config, Services, PDB and policy; the controller's Account,
      // the stream and consumer; scraping and alerts; the passwords
      'ConfigMap shop/nats-config',
      'StatefulSet shop/nats',
      'Service shop/nats-headless',
      'Service shop/nats',
      'PodDisruptionBudget shop/nats',
      'NetworkPolicy shop/nats',
      'Account shop/shop-nats',
      'Stream shop/orders',
      'Consumer shop/fulfil',
      'PodMonitor shop/nats',
      'PrometheusRule shop/nats',
      'ExternalSecret shop/shop-nats',
      // the report cron job
      'ServiceAccount shop/report',
      'CronJob shop/report',
      'NetworkPolicy shop/report',
      // monitoring: api scraped through its Service (worker and web expose no metrics), the stack's rules,
      // a dashboard per service and the stack overview (no AlertmanagerConfig: the spec has no `monitoring.alerting`)
      'ServiceMonitor shop/api',
      'PrometheusRule shop/shop',
      'ConfigMap shop/api-dashboard',
      'ConfigMap shop/worker-dashboard',
      'ConfigMap shop/web-dashboard',
      'ConfigMap shop/shop-dashboard-overview',
      // logical backups of the database and their restore drill: one identity, two CronJobs, their policies and alerts
      'ServiceAccount shop/shop-backup',
      'ServiceAccount shop/shop-restore-drill',
      'CronJob shop/shop-pg-backup',
      'NetworkPolicy shop/shop-pg-backup',
      'CronJob shop/shop-pg-restore-drill',
      'NetworkPolicy shop/shop-pg-restore-drill',
      'ConfigMap shop/shop-pg-restore-drill-checks',
      'PrometheusRule shop/shop-backups',
      // the managed datastores' exporters (issue #19): each a Deployment with its identity, policy, PDB and PodMonitor
      'ServiceAccount shop/shop-postgres-exporter',
      'Deployment shop/shop-postgres-exporter',
      'NetworkPolicy shop/shop-postgres-exporter',
      'PodDisruptionBudget shop/shop-postgres-exporter',
      'PodMonitor shop/shop-postgres-exporter',
      'ServiceAccount shop/shop-redis-exporter',
      'Deployment shop/shop-redis-exporter',
      'NetworkPolicy shop/shop-redis-exporter',
      'PodDisruptionBudget shop/shop-redis-exporter',
      'PodMonitor shop/shop-redis-exporter',
    ].sort(),
  );
});

test('a worker with metrics gets a PodMonitor, and alert routing an AlertmanagerConfig, named after the service and the stack', () => {
  const base = baseSpec();
  const names = synth({
    ...base,
    secrets: [...base.secrets!, { name: 'shop-alerting', remoteKey: 'shop/production/alerting', keys: ['pagerduty'] }],
    monitoring: { alerting: { critical: [{ type: 'pagerduty', routingKey: { secret: 'shop-alerting', key: 'pagerduty' } }] } },
    services: base.services.map((s) => (s.name === 'worker' ? { ...s, ports: [{ name: 'metrics', port: 9091 }] } : s)),
  })
    .filter((o) => ['PodMonitor', 'AlertmanagerConfig'].includes(o.kind))
    .map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
  expect(names.sort()).toEqual([
    'AlertmanagerConfig shop/shop',
    'PodMonitor shop/nats',
    'PodMonitor shop/shop-postgres-exporter',
    'PodMonitor shop/shop-redis-exporter',
    'PodMonitor shop/worker',
  ]);
});

test('the selector labels, which Kubernetes never lets change, are pinned', () => {
  const deployment = synth(baseSpec()).find((o) => o.kind === 'Deployment' && o.metadata.name === 'api')!;
  expect(deployment.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'shop' } });
});

test.each(['worker', 'nats'])('the volume claim template of StatefulSet %s, which names its PVCs, is pinned', (name) => {
  const sts = synth(baseSpec()).find((o) => o.kind === 'StatefulSet' && o.metadata.name === name)!;
  expect(sts.spec.volumeClaimTemplates.map((t: { metadata: { name: string } }) => t.metadata.name)).toEqual(['data']);
});

test('the migration Job is named after the image and command, so each version gets its own', () => {
  const name = (spec: ReturnType<typeof baseSpec>) =>
    synth(spec).find((o) => o.kind === 'Job' && o.metadata.name.startsWith('api-migrate-'))!.metadata.name;
  const base = baseSpec();
  // sha256 of ["registry.example.com/shop/api:1.4.2",["migrate","up"],[]], first 8 hex digits
  expect(name(base)).toBe(
    'api-migrate-' + createHash('sha256').update('["registry.example.com/shop/api:1.4.2",["migrate","up"],[]]').digest('hex').slice(0, 8),
  );
  const bumped = {
    ...base,
    services: base.services.map((s) => (s.name === 'api' ? { ...s, image: 'registry.example.com/shop/api:1.4.3' } : s)),
  };
  expect(name(bumped)).not.toBe(name(base));
  const resized = { ...base, services: base.services.map((s) => (s.name === 'api' ? { ...s, resources: { requests: { cpu: '1' } } } : s)) };
  expect(name(resized)).toBe(name(base));
});
