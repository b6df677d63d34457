/**
 * The failover runbook names what the stack really creates: its commands use
 * the RDS identifiers, bucket, CronJobs and Secret of the offline plan and the
 * synthesized manifests, and its shell is shellcheck-clean.
 */
import { spawnSync } from 'child_process';
import { type ProductionStackProps, failoverRunbook, resolve } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { examples } from '../../examples';
import { shellBlocks } from '../support/markdown';
import { synth } from '../support/synth';
import { inputs } from '../support/plan';

const spec = examples['ralph-orchestrator'];
const text = failoverRunbook(spec, resolve(spec));
let planned: PlanResource[];
beforeAll(async () => {
  planned = await plan(() => new ProductionStack(spec.name, spec));
}, 60_000);

test('its RDS identifiers, bucket and regions are those of the plan', () => {
  const rds = planned.filter((r) => r.type === 'aws:rds/instance:Instance').map((r) => [r.inputs.identifier, r.inputs.region]);
  expect(rds).toEqual(
    expect.arrayContaining([
      ['ralph-postgres', 'us-west-2'],
      ['ralph-standby-postgres', 'us-east-1'],
    ]),
  );
  expect(text).toContain('--source-db-instance-identifier ralph-postgres ');
  expect(text).toContain('--region us-east-1 --db-instance-identifier ralph-standby-postgres');
  expect(text).toContain(`s3://${inputs(planned, 'ralph-backups-bucket').bucket}`);
});

test('its CronJobs and Secret are those of the manifests', () => {
  const objects = synth(spec);
  const has = (kind: string, name: string) => objects.some((o) => o.kind === kind && o.metadata.name === name);
  for (const name of text.match(/cronjob[/ ]([a-z0-9-]+)/g)!.map((m) => m.split(/[/ ]/)[1]))
    expect([name, has('CronJob', name)]).toEqual([name, true]);
  // the restore connects as the master user (the bootstrap's secret) and restores as the schema's owner
  expect(text).toContain('get secret ralph-postgres-admin ');
  expect(has('ExternalSecret', 'ralph-postgres-admin')).toBe(true);
  expect(text).toContain('--role=app_migrate');
});

test('it states the objectives with what bounds them, and the failover and failback steps', () => {
  expect(text).toContain('| region | 240 min | 60 min | the cross-region RDS replica in us-east-1 |');
  expect(text).toMatch(/## Failback/);
});

/** The positions of `marks` in `md`, each after the one before; -1 for one missing or out of order. */
function inOrder(md: string, marks: readonly string[]): number[] {
  let from = 0;
  return marks.map((m) => {
    const i = md.indexOf(m, from);
    if (i >= 0) from = i + m.length;
    return i;
  });
}

test("the planned failover drains, waits for the primary's replication slot to reach 0, flips while drained, then serves", () => {
  const section = text.slice(text.indexOf('### Planned'), text.indexOf('### Unplanned'));
  const marks = [
    '`dr: { ..., drain: true }`',
    'pulumi up',
    // the source the replica streams from: the plan's primary instance, in its region
    '--region us-west-2 --namespace AWS/RDS --metric-name OldestReplicationSlotLag',
    'Value=ralph-postgres --statistics Maximum',
    "`dr: { ..., activeRegion: 'us-east-1', drain: true }`",
    'pulumi up',
    "`dr: { ..., activeRegion: 'us-east-1' }`",
    'pulumi up',
    '--db-instance-identifier ralph-standby-postgres',
  ];
  expect(inOrder(section, marks).every((i) => i >= 0)).toBe(true);
  expect(inputs(planned, 'ralph-postgres-db').identifier).toBe('ralph-postgres');
});

test("the unplanned failover flips alone, states the loss against the region's RPO, and goes on past the unreachable region", () => {
  const unplanned = text.slice(text.indexOf('### Unplanned'), text.indexOf('## Failback'));
  expect(unplanned).toContain('the writes it has not received are lost (the RPO stated for losing the region: 60 minutes)');
  expect(unplanned).toContain("`dr: { ..., activeRegion: 'us-east-1' }`");
  expect(unplanned).not.toContain('drain: true');
  expect(unplanned).toContain('pulumi up --continue-on-error');
});

test('a drained stack says so in its state line', () => {
  const drained = { ...spec, dr: { ...spec.dr, drain: true } };
  expect(failoverRunbook(drained, resolve(drained))).toContain(
    '**us-west-2 is drained** (`dr.drain`): its services that write are at zero.',
  );
});

test("after the failover, the backups are those of the plan's replica bucket, where the standby's jobs write", async () => {
  const flipped = { ...spec, dr: { ...spec.dr, activeRegion: 'us-east-1' } };
  const after = failoverRunbook(flipped, resolve(flipped));
  const replica = inputs(planned, 'ralph-backups-replica-bucket').bucket;
  expect(replica).toBe(`${inputs(planned, 'ralph-backups-bucket').bucket}-replica`);
  // the restore reads the bucket of the serving region
  expect(after).toContain(`aws s3 cp s3://${replica}/"$(aws s3 cp s3://${replica}/postgres/`);
  expect(text).not.toContain(`s3://${replica}`);
  // the failover step says where the next backups go
  expect(text).toContain(`write to \`${replica}\` there`);
});

/** The example's runbook in another state of the cycle (active region, re-seeds). */
const at = (activeRegion: string, reseeds: number) => {
  const props = { ...spec, dr: { ...spec.dr, activeRegion, reseeds } };
  return failoverRunbook(props, resolve(props));
};

test('after the failover: no failover target, and the failback re-seeds the planned primary instance first', () => {
  const after = at('us-east-1', 0);
  expect(after).toContain('No failover target: the us-west-2 database holds the data as of the last failover');
  const failback = after.slice(after.indexOf('## Failback'));
  // the instance it moves away and makes Pulumi forget is the plan's primary instance, by identifier and logical name
  expect(inputs(planned, 'ralph-postgres-db').identifier).toBe('ralph-postgres');
  expect(failback).toContain('aws rds modify-db-instance --region us-west-2 --db-instance-identifier ralph-postgres \\');
  expect(failback).toContain('--arg name ::ralph-postgres-db ');
  // then the re-seed, the lag of that instance, and the flip back
  const order = ['reseeds: 1', 'Value=ralph-postgres --statistics', "activeRegion: 'us-west-2'"].map((t) => failback.indexOf(t));
  expect(order.every((i) => i >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
});

test('once re-seeded, the primary region is a failover target again; the next failback re-seeds the standby', () => {
  const reseeded = at('us-east-1', 1);
  expect(reseeded).not.toContain('No failover target');
  expect(reseeded).toContain("activeRegion: 'us-west-2'");
  const backAgain = at('us-west-2', 1);
  expect(backAgain).toContain('No failover target: the us-east-1 database');
  expect(backAgain).toContain('--arg name ::ralph-standby-postgres-db ');
  expect(backAgain).toContain('reseeds: 2');
});

test.each([
  ...Object.keys(examples).map((name): [string, ProductionStackProps] => [name, examples[name]]),
  ['ralph-orchestrator after its failover', { ...spec, dr: { ...spec.dr, activeRegion: 'us-east-1' } }],
  ['ralph-orchestrator drained', { ...spec, dr: { ...spec.dr, drain: true } }],
  [
    'ralph-orchestrator-gcp after its failover',
    { ...examples['ralph-orchestrator-gcp'], dr: { ...examples['ralph-orchestrator-gcp'].dr, activeRegion: 'us-east1' } },
  ],
])("the %s runbook's shell is shellcheck-clean", (_, props) => {
  const md = failoverRunbook(props, resolve(props));
  // placeholders such as <UTC time ...> are for the operator to fill in
  const script = shellBlocks(md)
    .join('\n')
    .replace(/<[^>\n]+>/g, '2026-12-01T09:55:00Z');
  const r = spawnSync('shellcheck', ['--shell=bash', '--severity=warning', '-'], { input: `#!/bin/bash\n${script}`, encoding: 'utf8' });
  expect(r.stdout).toBe('');
});
