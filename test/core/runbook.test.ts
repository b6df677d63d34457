/**
 * No spec value can run in an operator's shell or reshape the runbook: every value reaches a command
 * as one quoted word and the Markdown as text. Proven by running every shell block of the runbook
 * (bash and dash, the cloud and cluster CLIs stubbed, a canary file that only injected code creates)
 * and by parsing its Markdown, for specs as hostile as validation allows and, bypassing validation,
 * for values as hostile as can be.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type ProductionStackProps, check, failoverRunbook, resolve } from '../../lib/core';
import { RDS_CA_IDENTIFIER } from '../../lib/core/aws-ca';
import { shellBlocks, structure } from '../support/markdown';
import { baseSpec } from '../support/spec';
import { type Call, INJECTIONS, runStubbed } from '../support/stubbed-shell';

/** A spec as plain data, to set fields the types would not allow. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** A stack of each cloud with every runbook section: PostgreSQL, logical backups, a standby region, failover DNS, objectives. */
function stackSpec(cloud: 'aws' | 'gcp'): ProductionStackProps {
  const base = baseSpec();
  const dr = { logicalBackups: true, objectives: [{ scenario: 'region', rtoMinutes: 240, rpoMinutes: 60 }] };
  const web = { ...base.services[2], route: { host: 'www.example.com' } };
  if (cloud === 'aws') {
    return {
      ...base,
      services: [base.services[0], base.services[1], web],
      dr: { ...dr, standbyRegion: 'us-east-1', dns: { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' } },
    };
  }
  const targets = { 'us-central1': '203.0.113.10', 'us-east1': '203.0.113.20' };
  return {
    ...base,
    cloud,
    region: 'us-central1',
    services: [base.services[0], base.services[1], { ...web, cloudIdentity: undefined }],
    dr: { ...dr, standbyRegion: 'us-east1', dns: { zoneId: 'shop-zone', name: 'shop.example.com', targets } },
  };
}

/** A spec value the runbook names, and where it sits in the spec. */
interface Field {
  readonly name: string;
  /** The validation path of the field. */
  readonly path: string;
  readonly set: (spec: Loose, value: string) => void;
}

const FIELDS: readonly Field[] = [
  { name: 'name', path: 'name', set: (s, v) => (s.name = v) },
  { name: 'namespace', path: 'namespace', set: (s, v) => (s.namespace = v) },
  {
    name: 'region',
    path: 'region',
    set: (s, v) => {
      // the failover record's targets are keyed by region
      const targets = s.dr.dns.targets;
      if (targets) s.dr.dns.targets = { [v]: targets[s.region], [s.dr.standbyRegion]: targets[s.dr.standbyRegion] };
      s.region = v;
    },
  },
  {
    name: 'standby region',
    path: 'dr.standbyRegion',
    set: (s, v) => {
      const targets = s.dr.dns.targets;
      if (targets) s.dr.dns.targets = { [s.region]: targets[s.region], [v]: targets[s.dr.standbyRegion] };
      s.dr.standbyRegion = v;
    },
  },
  { name: 'backup bucket', path: 'dr.backupBucket', set: (s, v) => (s.dr.backupBucket = v) },
  { name: 'database name', path: 'postgres.databaseName', set: (s, v) => (s.postgres.databaseName = v) },
  {
    name: 'readiness path',
    path: 'services[0].probes.readiness.path',
    set: (s, v) => (s.services[0].probes = { readiness: { type: 'http', path: v, port: 'http' } }),
  },
  { name: 'route host', path: 'services[2].route.host', set: (s, v) => (s.services[2].route.host = v) },
  {
    name: 'failover DNS name',
    path: 'dr.dns.name',
    set: (s, v) => {
      s.dr.dns.name = v;
      s.services[0].route.host = v;
    },
  },
  { name: 'scenario', path: 'dr.objectives[0].scenario', set: (s, v) => (s.dr.objectives[0].scenario = v) },
];

/** A value of the field `tag` carrying every injection. */
const hostile = (tag: string) => `${tag} ${INJECTIONS.join(' ')}`;

/**
 * The candidates of each field, most hostile first: the first validation accepts is the field's
 * value in the spec "as hostile as validation allows". The last is plain.
 */
const CANDIDATES: Record<string, (spec: ProductionStackProps) => readonly string[]> = {
  name: () => [hostile('shop'), 'shop'],
  namespace: () => [hostile('shop'), 'shop'],
  region: (s) => [hostile(s.region), `${s.region}$(touch CANARY)`, s.region],
  'standby region': (s) => [hostile(s.dr!.standbyRegion!), `${s.dr!.standbyRegion}\ntouch CANARY`, s.dr!.standbyRegion!],
  'backup bucket': () => [hostile('backups'), 'shop.backups-1'],
  'database name': () => [hostile('shop'), 'shop_db'],
  'readiness path': () => [
    hostile('/readyz'),
    '/readyz?$(touch CANARY)',
    "/readyz?x=';touch CANARY;'",
    '/~ready/%24(touch%20CANARY)/a:b@c+d,e=f?next=/x?y',
    '/~ready/%24%28touch%20CANARY%29/a:b@c+d,e=f?next=/x?y',
    '/readyz',
  ],
  'route host': () => [hostile('www.example.com'), '*.example.com', 'www.example.com'],
  'failover DNS name': () => [hostile('shop.example.com'), 'shop.example.com'],
  scenario: () => [hostile('region'), 'zone `touch CANARY`', '$(touch CANARY);\'"\\*_[a](http://x.y)#!&amp;~~s~~ zone', 'zone'],
};

/** A deep copy of `spec` with each field set. */
function withValues(spec: ProductionStackProps, values: Readonly<Record<string, string>>): ProductionStackProps {
  const copy = JSON.parse(JSON.stringify(spec));
  for (const f of FIELDS) if (values[f.name] !== undefined) f.set(copy, values[f.name]);
  return copy;
}

/** The most hostile value of each field that validation accepts, the other fields plain. */
function validHostile(spec: ProductionStackProps): Record<string, string> {
  return Object.fromEntries(
    FIELDS.map((f) => {
      const candidates = CANDIDATES[f.name](spec);
      const accepted = candidates.find((v) => !check(withValues(spec, { [f.name]: v })).some((p) => p.path === f.path));
      return [f.name, accepted ?? candidates[candidates.length - 1]];
    }),
  );
}

/** Every field's most hostile candidate, for the renderer called without validation. */
function allHostile(spec: ProductionStackProps): Record<string, string> {
  return Object.fromEntries(FIELDS.map((f) => [f.name, CANDIDATES[f.name](spec)[0]]));
}

/** The runbook of `spec` in each state of the failover cycle: primary serving, after the failover, standby re-seeded. */
function runbooks(spec: ProductionStackProps): string[] {
  const standby = spec.dr!.standbyRegion!;
  return [
    { activeRegion: spec.region, reseeds: 0 },
    { activeRegion: standby, reseeds: 0 },
    { activeRegion: standby, reseeds: 1 },
  ].map((state) => {
    const props = { ...spec, dr: { ...spec.dr, ...state } };
    return failoverRunbook(props, resolve(props));
  });
}

/** The blocks as the operator runs them: with a time where the runbook asks for one. */
const runnable = (md: string) => shellBlocks(md).map((b) => b.replace(/<UTC time before the damage[^>]*>/g, '2026-12-01T09:55:00Z'));

/** The values that followed `flag` in the calls of `command` (for `--flag=value`, the value after `=`). */
function after(calls: readonly Call[], command: string, flag: string): string[] {
  return calls
    .filter((c) => c.command === command)
    .flatMap((c) =>
      c.args.flatMap((a, i) =>
        a === flag && i + 1 < c.args.length ? [c.args[i + 1]] : a.startsWith(`${flag}=`) ? [a.slice(flag.length + 1)] : [],
      ),
    );
}

/** The arguments each stubbed command must have received, whole: the values, not pieces of them. */
function expectedArguments(cloud: 'aws' | 'gcp', v: Readonly<Record<string, string>>): [string, string, string][] {
  const common: [string, string, string][] = [
    ['kubectl', '-n', v.namespace],
    ['kubectl', '--from', `cronjob/${v.name}-pg-restore-drill`],
    ['curl', '-w', '%{http_code}\\n'],
  ];
  if (cloud === 'aws') {
    return [
      ...common,
      ['aws', '--region', v.region],
      ['aws', '--region', v['standby region']],
      ['aws', '--source-db-instance-identifier', `${v.name}-postgres`],
      ['aws', '--dimensions', `Name=DBInstanceIdentifier,Value=${v.name}-standby-postgres`],
      ['aws', 'cp', `s3://${v['backup bucket']}/postgres/${v['database name']}/LATEST`],
      ['jq', 'name', `::${v.name}-postgres-db`],
    ];
  }
  return [
    ...common,
    ['gcloud', '--filter', `labels.stack=${v.name}`],
    ['gcloud', '--filter', `labels.stack=${v.name} AND region:${v['standby region']}`],
    ['gcloud', '--update-labels', `diverged-from=${v.name}`],
    ['gcloud', 'cp', `gs://${v['backup bucket']}/postgres/${v['database name']}/LATEST`],
    ['jq', 'name', `::${v.name}-postgres-instance`],
  ];
}

describe('the harness', () => {
  test('injected code does create the canary (the check is real)', () => {
    expect(runStubbed(['echo ok; touch CANARY']).canary).toBe(true);
  });

  test('each stub records its arguments exactly, newlines included', () => {
    const run = runStubbed([`aws s3 cp 'a b' "$(printf 'x\\ny')" ''`], ['dash']);
    expect(run.calls).toEqual([{ command: 'aws', args: ['s3', 'cp', 'a b', 'x\ny', ''] }]);
  });
});

describe.each(['aws', 'gcp'] as const)('on %s', (cloud) => {
  const plain = stackSpec(cloud);
  const plainRunbooks = runbooks(plain);

  test('the plain spec is valid, and its runbook runs with every CLI stubbed', () => {
    expect(check(plain)).toEqual([]);
    const run = runStubbed(plainRunbooks.flatMap(runnable));
    expect(run.failures).toEqual([]);
    expect(run.calls.map((c) => c.command)).toEqual(
      expect.arrayContaining(['aws', 'kubectl', 'curl', 'jq', 'pulumi'].map((c) => (c === 'aws' && cloud === 'gcp' ? 'gcloud' : c))),
    );
  });

  describe.each([
    ['as hostile as validation allows', validHostile],
    ['bypassing validation, as hostile as can be', allHostile],
  ])('with values %s', (what, values) => {
    const v = values(plain);
    const spec = withValues(plain, v);
    const md = runbooks(spec);

    if (values === validHostile) {
      test('the spec is valid', () => {
        expect(check(spec)).toEqual([]);
      });
    }

    test('running every shell block runs no injected code, and each value reaches its command as one argument, byte for byte', () => {
      const run = runStubbed(md.flatMap(runnable));
      expect(run.canary).toBe(false);
      expect(run.failures).toEqual([]);
      for (const [command, flag, value] of expectedArguments(cloud, v)) {
        const got =
          flag === 'cp' || flag === 'name'
            ? run.calls.filter((c) => c.command === command).flatMap((c) => c.args)
            : after(run.calls, command, flag);
        expect([command, flag, got]).toEqual([command, flag, expect.arrayContaining([value])]);
      }
      // every host of the gateway but a wildcard, which names no host to request
      for (const host of [v['route host'], v['failover DNS name']].filter((h) => !h.startsWith('*'))) {
        expect(run.calls.filter((c) => c.command === 'curl').flatMap((c) => c.args)).toContain(
          `https://${host}${host === v['failover DNS name'] ? v['readiness path'] : '/readyz'}`,
        );
      }
      expect(run.calls.filter((c) => c.command === 'dig').map((c) => c.args)).toContainEqual(['+short', v['failover DNS name']]);
    });

    test('its Markdown has the structure of the plain runbook: no value opens a fence, a heading, a table cell, a link or HTML', () => {
      expect(md.map(structure)).toEqual(plainRunbooks.map(structure));
      expect(md.map((m) => shellBlocks(m).length)).toEqual(plainRunbooks.map((m) => shellBlocks(m).length));
      // and it shows every character: none a reader cannot see or that a terminal acts on
      for (const m of md) expect(m).not.toMatch(/[^\P{C}\n]|[\p{Zl}\p{Zp}]/u);
    });

    test(`its shell is shellcheck-clean (${what})`, () => {
      const script = md.flatMap(runnable).join('\n');
      const r = spawnSync('shellcheck', ['--shell=bash', '--severity=warning', '-'], { input: `#!/bin/bash\n${script}`, encoding: 'utf8' });
      expect(r.stdout).toBe('');
    });
  });
});

/**
 * The runbook's lines that read `vars` with jq, run by bash (and the real jq) in a directory where the CLI's
 * output `described` is the file `file`: the variables' values, `|`-joined, and what bash wrote to stderr.
 */
function jqReads(md: string, vars: readonly string[], file: string, described: unknown): { stdout: string; stderr: string } {
  const reads = md.split('\n').filter((l) => vars.some((v) => l.startsWith(`${v}=$(jq `)));
  expect(reads).toHaveLength(vars.length);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-jq-'));
  fs.writeFileSync(path.join(dir, file), JSON.stringify(described));
  const print = `printf '${vars.map(() => '%s').join('|')}' ${vars.map((v) => `"$${v}"`).join(' ')}`;
  const r = spawnSync('bash', ['-euc', `${reads.join('\n')}\n${print}`], { cwd: dir, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { stdout: r.stdout, stderr: r.stderr };
}

test("GCP: the clone's name, address and network are read from `gcloud sql instances describe` as it prints them (real jq)", () => {
  // the shape of the Cloud SQL Admin API's instance resource: a cluster-scoped name may come first
  const described = {
    dnsNames: [
      { name: 'w.global.sql-psa.goog.', connectionType: 'PRIVATE_SERVICES_ACCESS', dnsScope: 'CLUSTER' },
      { name: 'a1.b2.europe-west1.sql-psa.goog.', connectionType: 'PRIVATE_SERVICES_ACCESS', dnsScope: 'INSTANCE' },
    ],
    ipAddresses: [{ type: 'PRIVATE', ipAddress: '10.2.0.9' }],
    settings: { ipConfiguration: { privateNetwork: 'projects/p/global/networks/shop-network-vpc' } },
  };
  expect(jqReads(runbooks(stackSpec('gcp'))[0]!, ['NAME', 'IP', 'NETWORK'], 'restored.json', described)).toEqual({
    stdout: 'a1.b2.europe-west1.sql-psa.goog.|10.2.0.9|projects/p/global/networks/shop-network-vpc',
    stderr: '',
  });
});

test("AWS: the restore reads the source's subnet group, security groups and parameter group from `aws rds describe-db-instances` (real jq)", () => {
  const md = runbooks(stackSpec('aws'))[0]!;
  const described = {
    DBInstances: [
      {
        DBSubnetGroup: { DBSubnetGroupName: 'shop-postgres-subnet-group-1a2b3c4' },
        VpcSecurityGroups: [
          { VpcSecurityGroupId: 'sg-0aaa', Status: 'active' },
          { VpcSecurityGroupId: 'sg-0bbb', Status: 'active' },
        ],
        DBParameterGroups: [{ DBParameterGroupName: 'shop-postgres-params-5d6e7f8', ParameterApplyStatus: 'in-sync' }],
      },
    ],
  };
  expect(jqReads(md, ['SUBNETS', 'SECURITY_GROUPS', 'PARAMETERS'], 'source.json', described)).toEqual({
    stdout: 'shop-postgres-subnet-group-1a2b3c4|sg-0aaa sg-0bbb|shop-postgres-params-5d6e7f8',
    stderr: '',
  });
  // the CA the documents' RDS roots verify
  expect(md).toContain(`--ca-certificate-identifier ${RDS_CA_IDENTIFIER}`);
});
