/**
 * Who connects to PostgreSQL as whom, read from the synthesized pods as the kubelet resolves them: every container
 * that reads a PostgreSQL Secret reads its own login role's, which its ExternalSecret fills from that role's part of
 * the connection document (as External Secrets resolves the GJSON path); the master user's Secret reaches the
 * bootstrap Job alone. Across every example and the all-options stacks, and for each `access`.
 */
import { type ProductionStackProps, check, k8sNames, postgresConnection, postgresRoles, resolve } from 'production-stack';
import { examples } from '../../examples';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';
import { everything } from '../support/everything';
import { baseSpec } from '../support/spec';
import { type Manifest, synth } from '../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Each container with the PostgreSQL Secret it reads, by its owner (`Kind/name`). */
function postgresReaders(objects: readonly Manifest[], stack: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const o of objects) {
    const pod = o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
    if (!pod) continue;
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const read = (c.env ?? [])
        .map((e: any) => e.valueFrom?.secretKeyRef?.name)
        .filter((n: string | undefined) => n !== undefined && n.startsWith(`${stack}-postgres-`));
      if (read.length === 0) continue;
      const key = `${o.kind}/${o.metadata.name.replace(/-[0-9a-f]{8}$/, '')}`;
      out.set(key, new Set([...(out.get(key) ?? []), ...read]));
    }
  }
  return out;
}

/** The role a use connects as, by its owner: what the spec says, independently of the library's code. */
function expectedReaders(spec: ProductionStackProps): Map<string, string> {
  const out = new Map<string, string>();
  const secret = (role: string) => `${spec.name}-postgres-${role.replace(/_/g, '-')}`;
  const id = (n: string) => n.replace(/-/g, '_');
  for (const s of spec.services) {
    if (!s.postgres) continue;
    const kind = s.storage ? 'StatefulSet' : 'Deployment';
    out.set(`${kind}/${s.name}`, secret(s.postgres.access === 'owner' ? 'app_migrate' : `svc_${id(s.name)}`));
    if (s.migration) out.set(`Job/${s.name}-migrate`, secret('app_migrate'));
  }
  for (const j of spec.cronJobs ?? [])
    if (j.postgres) out.set(`CronJob/${j.name}`, secret(j.postgres.access === 'owner' ? 'app_migrate' : `job_${id(j.name)}`));
  if (spec.postgres && spec.dr?.logicalBackups !== false) out.set(`CronJob/${spec.name}-pg-backup`, secret('app_backup'));
  // the stack's postgres_exporter (issue #19): server statistics, as app_monitor
  if (spec.postgres) out.set(`Deployment/${spec.name}-postgres-exporter`, secret('app_monitor'));
  if (out.size > 0) out.set(`Job/${spec.name}-postgres-bootstrap`, `${spec.name}-postgres-admin`);
  return out;
}

const stacks: [string, ProductionStackProps][] = [
  ...Object.entries(examples),
  ['every option on AWS', everything(awsFixture)],
  ['every option on GCP', everything(gcpFixture)],
];

describe.each(stacks)('%s', (_, spec) => {
  const objects = synth(spec);

  test('each pod reads its own login role, and only the bootstrap Job the master user', () => {
    const readers = postgresReaders(objects, spec.name);
    expect(Object.fromEntries([...readers].map(([k, v]) => [k, [...v]]))).toEqual(
      Object.fromEntries([...expectedReaders(spec)].map(([k, v]) => [k, [v]])),
    );
  });

  test("each role's Secret resolves, through its ExternalSecret's GJSON paths, to that role's credentials", () => {
    if (!spec.postgres) return;
    const stack = resolve(spec);
    const passwords = Object.fromEntries(postgresRoles(stack).map((r) => [r.name, `P${r.name.replace(/_/g, '')}0`]));
    const doc = postgresConnection({
      host: 'db.internal',
      port: 5432,
      database: 'db',
      user: 'master',
      password: 'M',
      ca: 'CA',
      roles: passwords,
    });
    const at = (path: string): unknown => path.split('.').reduce<any>((o, k) => o?.[k], doc);
    for (const role of postgresRoles(stack)) {
      const es = objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === k8sNames.postgresRoleSecret(spec.name, role.name))!;
      const secret = Object.fromEntries(es.spec.data.map((d: any) => [d.secretKey, at(d.remoteRef.property)]));
      expect(secret).toMatchObject({ user: role.name, password: passwords[role.name], host: 'db.internal', ca: 'CA' });
      expect(secret.url).toContain(`://${role.name}:${passwords[role.name]}@`);
      expect(JSON.stringify(secret)).not.toContain('master');
    }
    // the bootstrap's: the master's URL, and a verifier for every role (never a role's password)
    const admin = objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === k8sNames.postgresAdminSecret(spec.name))!;
    const values = Object.fromEntries(admin.spec.data.map((d: any) => [d.secretKey, at(d.remoteRef.property)]));
    expect(values.url).toContain('://master:M@');
    for (const role of postgresRoles(stack)) expect(values[`verifier_${role.name}`]).toMatch(/^SCRAM-SHA-256\$4096:/);
    for (const p of Object.values(passwords)) expect(JSON.stringify(values)).not.toContain(p);
  });
});

describe('access', () => {
  const withAccess = (access: string): ProductionStackProps => {
    const spec = baseSpec();
    return {
      ...spec,
      services: spec.services.map((s) => (s.name === 'api' ? { ...s, postgres: { ...s.postgres, access } } : s)),
    } as ProductionStackProps;
  };

  test.each([
    ['readwrite', 'shop-postgres-svc-api'],
    ['readonly', 'shop-postgres-svc-api'],
    ['owner', 'shop-postgres-app-migrate'],
  ])('%s: api connects through %s', (access, secret) => {
    const objects = synth(withAccess(access));
    expect([...postgresReaders(objects, 'shop').get('Deployment/api')!]).toEqual([secret]);
    const roles = postgresRoles(resolve(withAccess(access)));
    expect(roles.find((r) => r.name === 'svc_api')?.access).toBe(access === 'owner' ? undefined : access);
    // an owner is the migrations' role, which the bootstrap gives LOGIN
    expect(roles.find((r) => r.name === 'app_migrate')?.usedBy).toMatch(
      access === 'owner' ? /service "api"/ : /migration of service "api"/,
    );
  });

  test('an unknown access is refused, naming the field', () => {
    expect(check(withAccess('admin'))).toContainEqual({
      path: 'services[0].postgres.access',
      value: 'admin',
      rule: '"admin" must be "readwrite", "readonly" or "owner"',
    });
  });
});

describe('validation of the names the roles and the bootstrap take', () => {
  test('a service too long for its role name is refused', () => {
    const spec = baseSpec();
    const long = 'a'.repeat(60);
    const problems = check({
      ...spec,
      services: [...spec.services, { ...spec.services[2]!, name: long, postgres: {} }],
    } as ProductionStackProps);
    expect(problems.map((p) => [p.path, p.rule])).toContainEqual([
      `services[${spec.services.length}].name`,
      `"${long}" is too long for a user of PostgreSQL: at most 59 characters, so that its login role fits PostgreSQL's 63-byte names`,
    ]);
  });

  test.each(['app_migrate', 'app_readonly', 'svc_admin', 'job_x'])('the master user may not be the library role %s', (username) => {
    const spec = baseSpec();
    const problems = check({ ...spec, postgres: { ...spec.postgres, username } });
    expect(problems.map((p) => p.path)).toEqual(['postgres.username']);
  });

  test('a misspelt extension is refused with the name it resembles', () => {
    const spec = baseSpec();
    expect(check({ ...spec, postgres: { ...spec.postgres, extensions: ['uuid_ossp'] } })).toEqual([
      {
        path: 'postgres.extensions[0]',
        value: 'uuid_ossp',
        rule: '"uuid_ossp" is not an extension both RDS and Cloud SQL create in the application database without a server flag (did you mean "uuid-ossp"?)',
      },
    ]);
  });

  test.each<[string, unknown, string]>([
    ['extensions', ['uuid-ossp', 'UUID'], 'postgres.extensions[1]'],
    ['extensions', ['pgcrypto', 'pgcrypto'], 'postgres.extensions[1]'],
    // created in the postgres database only, and a flag on Cloud SQL: the bootstrap would fail
    ['extensions', ['pg_cron'], 'postgres.extensions[0]'],
    ['schemas', ['public'], 'postgres.schemas[0]'],
    ['schemas', ['pg_app'], 'postgres.schemas[0]'],
    ['schemas', ['a;drop'], 'postgres.schemas[0]'],
    ['searchPath', ['ralph', '$user'], 'postgres.searchPath[1]'],
    ['searchPath', 'ralph', 'postgres.searchPath'],
  ])('postgres.%s %j is refused at %s', (key, value, path) => {
    const spec = baseSpec();
    const problems = check({ ...spec, postgres: { ...spec.postgres, [key]: value } } as ProductionStackProps);
    expect(problems.map((p) => p.path)).toEqual([path]);
  });
});
