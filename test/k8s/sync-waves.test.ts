/**
 * Argo CD's order, modelled: it applies the objects of a sync wave (`argocd.argoproj.io/sync-wave`, 0 without it),
 * waits until every one is healthy (a Job: complete), then applies the next wave. A Job can only complete if what its
 * pod needs exists before it: its namespace, its ServiceAccount (the job controller creates no pod without it), the
 * ConfigMaps and Secrets it reads (the kubelet starts no container without them; a synced Secret exists once its
 * ExternalSecret is applied), the NetworkPolicies that let it out, the Jobs it waits for; and a pod that connects
 * to PostgreSQL as a login role needs the bootstrap Job that creates the role to have completed. For every pod of
 * every example and of the all-options stacks, each of these must be in an earlier wave than the pod's object.
 * (Before this test, the migration Jobs were in wave -1 and everything they need in wave 0: a first sync could
 * never complete.)
 */
import { type ProductionStackProps, SYNC_WAVE_ANNOTATION, k8sNames } from 'production-stack';
import { examples } from '../../examples';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';
import { everything } from '../support/everything';
import { type Manifest, synth } from '../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

const wave = (o: Manifest): number => Number(o.metadata.annotations?.[SYNC_WAVE_ANNOTATION] ?? 0);

/** The pod template of an object that runs pods. */
function podTemplate(o: Manifest): any {
  return o.kind === 'CronJob'
    ? o.spec.jobTemplate.spec.template
    : /^(Deployment|StatefulSet|DaemonSet|Job)$/.test(o.kind)
      ? o.spec.template
      : undefined;
}

/** Whether a NetworkPolicy's selector selects pods with `labels`. */
function selects(policy: Manifest, labels: Record<string, string>): boolean {
  const selector = policy.spec.podSelector ?? {};
  if (selector.matchExpressions?.length) throw new Error(`${policy.metadata.name}: matchExpressions are not modelled`);
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

/** The chart's objects a pod of `o` needs before it can run, with why. */
function needs(o: Manifest, objects: readonly Manifest[], stack: string): [Manifest, string][] {
  const t = podTemplate(o);
  const pod = t.spec;
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  const named = (kind: string, name: string) =>
    objects.filter((x) => x.kind === kind && x.metadata.name === name && x.metadata.namespace === o.metadata.namespace);
  const out: [Manifest, string][] = [];
  const add = (found: Manifest[], why: string) => found.forEach((x) => out.push([x, why]));
  add(
    objects.filter((x) => x.kind === 'Namespace' && x.metadata.name === o.metadata.namespace),
    'its namespace',
  );
  add(named('ServiceAccount', pod.serviceAccountName ?? 'default'), 'its ServiceAccount');
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  for (const c of containers) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef) secrets.add(e.valueFrom.secretKeyRef.name);
      if (e.valueFrom?.configMapKeyRef) configMaps.add(e.valueFrom.configMapKeyRef.name);
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef) secrets.add(e.secretRef.name);
      if (e.configMapRef) configMaps.add(e.configMapRef.name);
    }
  }
  for (const v of pod.volumes ?? []) {
    if (v.secret) secrets.add(v.secret.secretName);
    if (v.configMap) configMaps.add(v.configMap.name);
    for (const s of v.projected?.sources ?? []) {
      if (s.secret) secrets.add(s.secret.name);
      if (s.configMap) configMaps.add(s.configMap.name);
    }
  }
  for (const s of secrets) {
    const writer = objects.filter(
      (x) => x.kind === 'ExternalSecret' && (x.spec.target?.name ?? x.metadata.name) === s && x.metadata.namespace === o.metadata.namespace,
    );
    add(writer, `the ExternalSecret of Secret ${s}`);
    // a login role's Secret: the role exists once the bootstrap Job has completed
    if (s.startsWith(`${stack}-postgres-`) && s !== k8sNames.postgresAdminSecret(stack))
      add(
        objects.filter((x) => x.kind === 'Job' && x.metadata.name.startsWith(`${k8sNames.postgresBootstrap(stack)}-`)),
        `the bootstrap Job that creates the login role of ${s}`,
      );
  }
  for (const m of configMaps) add(named('ConfigMap', m), `ConfigMap ${m}`);
  add(
    objects.filter(
      (x) => x.kind === 'NetworkPolicy' && x.metadata.namespace === o.metadata.namespace && selects(x, t.metadata.labels ?? {}),
    ),
    'a NetworkPolicy of its pods',
  );
  for (const c of pod.initContainers ?? []) {
    const waited = (c.args ?? []).find((a: string) => a.startsWith('job/'));
    if (c.args?.[0] === 'wait' && waited) add(named('Job', waited.slice(4)), `the Job its init container waits for`);
  }
  return out;
}

const stacks: [string, ProductionStackProps][] = [
  ...Object.entries(examples),
  ['every option on AWS', everything(awsFixture)],
  ['every option on GCP', everything(gcpFixture)],
];

/** Every need of every pod that is not in an earlier wave than the pod's object. */
function lateNeeds(objects: readonly Manifest[], stack: string): string[] {
  return objects
    .filter((o) => podTemplate(o) !== undefined)
    .flatMap((o) =>
      needs(o, objects, stack)
        .filter(([x]) => wave(x) >= wave(o))
        .map(([x, why]) => `${o.kind}/${o.metadata.name} (wave ${wave(o)}) needs ${why}, ${x.kind}/${x.metadata.name}, in wave ${wave(x)}`),
    );
}

test.each(stacks)('%s: whatever a pod needs is applied, and healthy, in an earlier sync wave', (_, spec) => {
  const objects = synth(spec);
  expect(lateNeeds(objects, spec.name)).toEqual([]);
  // the model saw the Jobs this is about
  if (spec.postgres)
    expect(objects.some((o) => o.kind === 'Job' && o.metadata.name.startsWith(`${spec.name}-postgres-bootstrap-`))).toBe(true);
});

test('the model catches the ordering that deadlocked a first sync: a Job before what it needs', () => {
  const objects = synth(examples.qbitel);
  // the waves as they were: only the migrations early
  const before = objects.map((o) =>
    o.kind === 'Job' && o.metadata.name.includes('-migrate-')
      ? o
      : { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [SYNC_WAVE_ANNOTATION]: '0' } } },
  );
  const late = lateNeeds(before, 'qbitel');
  expect(late.some((l) => /migrate.* needs its ServiceAccount/.test(l))).toBe(true);
  expect(late.some((l) => /migrate.* needs the ExternalSecret/.test(l))).toBe(true);
  // and a migration in the bootstrap's wave would connect before its role exists
  const same = objects.map((o) =>
    o.kind === 'Job' && o.metadata.name.includes('-migrate-')
      ? { ...o, metadata: { ...o.metadata, annotations: { [SYNC_WAVE_ANNOTATION]: '-2' } } }
      : o,
  );
  expect(lateNeeds(same, 'qbitel').some((l) => l.includes('the bootstrap Job that creates the login role'))).toBe(true);
});
