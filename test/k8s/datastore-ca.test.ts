/**
 * Every container that receives a datastore connection can verify the server: read as the kubelet assembles
 * the pod. A container whose environment takes any key of the PostgreSQL connection secret (the URL names
 * `sslrootcert=POSTGRES_CA_FILE`) must have that file: a volume mounted at POSTGRES_CA_DIR whose source is
 * `ca` key of the same connection secret (its login role's), projected at the file's name (and no container-wide PGSSLROOTCERT). The
 * secret, in turn, must be synced with `ca` by its ExternalSecret. Across every example and the
 * all-options stack, on both clouds; jobs, CronJobs and the backup's dump container included.
 */
import { POSTGRES_CA_DIR, POSTGRES_CA_FILE, type ProductionStackProps, k8sNames } from 'production-stack';
import { examples } from '../../examples';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';
import { everything } from '../support/everything';
import { type Manifest, find, synth } from '../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Each pod template of the objects, with the object it belongs to. */
function podTemplates(objects: readonly Manifest[]): { owner: string; spec: any }[] {
  const out: { owner: string; spec: any }[] = [];
  for (const o of objects) {
    const spec = o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
    if (spec) out.push({ owner: `${o.kind}/${o.metadata.name}`, spec });
  }
  return out;
}

/** The file a container sees at `file`: the secret key projected there, or undefined. */
function fileSource(pod: any, container: any, file: string): { secret: string; key: string } | undefined {
  for (const m of container.volumeMounts ?? []) {
    if (!file.startsWith(`${m.mountPath}/`)) continue;
    const volume = (pod.volumes ?? []).find((v: any) => v.name === m.name);
    const rel = file.slice(m.mountPath.length + 1);
    const item = volume?.secret?.items?.find((i: any) => i.path === rel);
    if (item) return { secret: volume.secret.secretName, key: item.key };
  }
  return undefined;
}

/** QBITEL with its worker on a Redis list and a CronJob on PostgreSQL: the consumers no example has. */
function qbitelWithConsumers(): ProductionStackProps {
  const spec: any = JSON.parse(JSON.stringify(examples.qbitel));
  const worker = spec.services.find((s: any) => s.name === 'worker');
  worker.queue = { redis: { list: 'qbitel:jobs' }, targetPerReplica: 20, minReplicas: 2, maxReplicas: 6 };
  spec.cronJobs = [
    ...(spec.cronJobs ?? []),
    { name: 'purge', image: 'registry.example.com/qbitel/purge:1.0.0', schedule: '0 4 * * *', command: ['/bin/purge'], postgres: {} },
  ];
  return spec;
}

const stacks: [string, ProductionStackProps][] = [
  ...Object.entries(examples),
  ['every option on AWS', everything(awsFixture)],
  ['every option on GCP', everything(gcpFixture)],
  ['QBITEL with a Redis queue and a CronJob on PostgreSQL', qbitelWithConsumers()],
];

describe.each(stacks)('%s', (_, spec) => {
  const objects = synth(spec);
  // the PostgreSQL Secrets: one per login role, and the bootstrap Job's
  const pgSecrets = new Set(
    objects.filter((o) => o.kind === 'ExternalSecret' && o.metadata.name.startsWith(`${spec.name}-postgres-`)).map((o) => o.metadata.name),
  );
  const pgSecretOf = (c: any): string | undefined =>
    (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name).find((n: string | undefined) => n !== undefined && pgSecrets.has(n));
  const consumers = podTemplates(objects).flatMap(({ owner, spec: pod }) =>
    [...(pod.initContainers ?? []), ...pod.containers]
      .filter((c: any) => pgSecretOf(c) !== undefined)
      .map((c: any) => ({ owner, pod, container: c })),
  );

  test('every container with a PostgreSQL connection has the server CA where the URL names it', () => {
    if (!spec.postgres) return expect(consumers).toEqual([]);
    expect(consumers.length).toBeGreaterThan(0);
    for (const { owner, pod, container } of consumers) {
      const where = `${owner} container ${container.name}`;
      expect([where, fileSource(pod, container, POSTGRES_CA_FILE)]).toEqual([where, { secret: pgSecretOf(container), key: 'ca' }]);
      // no container-wide PGSSLROOTCERT: it would make libpq verify every other server against this CA
      expect([where, container.env.some((e: any) => e.name === 'PGSSLROOTCERT')]).toEqual([where, false]);
      expect(container.volumeMounts.find((m: any) => m.mountPath === POSTGRES_CA_DIR)?.readOnly).toBe(true);
    }
  });

  test('the connection secrets are synced with the CA', () => {
    const synced = objects.filter(
      (o) =>
        o.kind === 'ExternalSecret' && (pgSecrets.has(o.metadata.name) || o.metadata.name === k8sNames.datastoreSecret(spec.name, 'redis')),
    );
    if (spec.postgres) expect(synced.length).toBeGreaterThan(1);
    for (const es of synced) expect(es.spec.data.map((d: any) => [d.secretKey, d.remoteRef.property])).toContainEqual(['ca', 'ca']);
  });

  test('a KEDA Redis trigger verifies the server with the CA', () => {
    if (spec.name === 'qbitel' && spec.services.some((s) => s.queue?.redis)) {
      expect(objects.filter((o) => o.kind === 'TriggerAuthentication').length).toBeGreaterThan(0);
    }
    for (const auth of objects.filter((o) => o.kind === 'TriggerAuthentication' && o.spec.secretTargetRef)) {
      if (!auth.spec.secretTargetRef.some((r: any) => r.name === k8sNames.datastoreSecret(spec.name, 'redis'))) continue;
      expect(auth.spec.secretTargetRef).toContainEqual({ parameter: 'ca', name: k8sNames.datastoreSecret(spec.name, 'redis'), key: 'ca' });
    }
  });
});

test('a CronJob that is the only Redis user still gets the connection secret its variables read', () => {
  const spec: any = JSON.parse(JSON.stringify(examples.qbitel));
  for (const s of spec.services) delete s.redis;
  for (const s of spec.services) if (s.queue?.redis) delete s.queue;
  spec.cronJobs = [
    { name: 'warm', image: 'registry.example.com/qbitel/warm:1.0.0', schedule: '0 4 * * *', command: ['/bin/warm'], redis: {} },
  ];
  const objects = synth(spec);
  const cron = find(objects, 'CronJob', 'warm');
  const refs = cron.spec.jobTemplate.spec.template.spec.containers[0].env.map((e: any) => e.valueFrom?.secretKeyRef?.name);
  expect(refs).toContain(k8sNames.datastoreSecret(spec.name, 'redis'));
  expect(objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.metadata.name)).toContain(
    k8sNames.datastoreSecret(spec.name, 'redis'),
  );
});
