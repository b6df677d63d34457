/** The AWS Postgres component, planned against mocks: RDS hardening, network isolation, parameters and the connection secret. */
import * as pulumi from '@pulumi/pulumi';
import { Postgres, type PostgresArgs, postgresFamily, postgresParameters, rdsParameterValue } from '../../lib/aws';
import { maintenanceWindowAfter } from '../../lib/aws/datastore';
import { type PlanResource, plan } from '../../lib/plan';
import { inputs, resource } from '../support/plan';

const NETWORK = { vpcId: 'vpc-0data', privateSubnetIds: ['subnet-0a', 'subnet-0b', 'subnet-0c'] };
const CLIENTS = { clusterSecurityGroupId: 'sg-0cluster' };

function postgres(args: Partial<PostgresArgs> = {}): Promise<PlanResource[]> {
  return plan(() => new Postgres('db', { network: NETWORK, clients: CLIENTS, region: 'eu-west-1', ...args }));
}

describe('Postgres', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await postgres({
      secretKey: 'shop/production/postgres',
      parameters: { shared_buffers: '4GB', work_mem: '64MB', random_page_cost: 1.1 },
      labels: { team: 'platform' },
    });
  });

  test('is a component whose children all have it as parent', () => {
    expect(resource(planned, 'db')).toMatchObject({ type: 'production-stack:aws:Postgres', parent: null });
    for (const r of planned.filter((x) => x.name !== 'db')) expect([r.name, r.parent]).toEqual([r.name, 'db']);
  });

  test('the instance: engine, class, gp3 with a ceiling, Multi-AZ, private, encrypted with the customer key', () => {
    const db = inputs(planned, 'db-db');
    expect(db).toMatchObject({
      identifier: 'db',
      engine: 'postgres',
      engineVersion: '15',
      instanceClass: 'db.r6g.xlarge',
      allocatedStorage: 100,
      maxAllocatedStorage: 1000,
      storageType: 'gp3',
      storageEncrypted: true,
      multiAz: true,
      publiclyAccessible: false,
      port: 5432,
      region: 'eu-west-1',
      tags: { team: 'platform', Name: 'db-db' },
    });
    const key = resource(planned, 'db-key', 'aws:kms/key:Key');
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    expect(db.kmsKeyId).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
    expect(db.performanceInsightsKmsKeyId).toBe(db.kmsKeyId);
  });

  test('backups, PITR, final snapshot, deletion protection, logs, Performance Insights, upgrades', () => {
    expect(inputs(planned, 'db-db')).toMatchObject({
      backupRetentionPeriod: 30,
      backupWindow: '03:00-04:00',
      maintenanceWindow: 'sun:05:00-sun:06:00',
      deleteAutomatedBackups: false,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: 'db-final',
      copyTagsToSnapshot: true,
      deletionProtection: true,
      enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
      performanceInsightsEnabled: true,
      performanceInsightsRetentionPeriod: 7,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
    });
  });

  test('protect on the instance and the key', () => {
    expect(resource(planned, 'db-db').options.protect).toBe(true);
    expect(resource(planned, 'db-key').options.protect).toBe(true);
  });

  test('private subnets, and a security group admitting only the cluster security group on 5432', () => {
    const db = inputs(planned, 'db-db');
    expect(inputs(planned, 'db-subnet-group').subnetIds).toEqual(NETWORK.privateSubnetIds);
    expect(db.dbSubnetGroupName).toMatch(/^db-subnet-group-/);
    const sg = inputs(planned, 'db-sg');
    expect(sg.vpcId).toBe('vpc-0data');
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    expect(db.vpcSecurityGroupIds).toEqual([expect.stringMatching(/^sg-/)]);
    const rules = planned.filter((r) => r.type.startsWith('aws:vpc/securityGroup'));
    expect(rules.map((r) => r.name)).toEqual(['db-ingress-cluster']);
    expect(rules[0]?.inputs).toMatchObject({
      securityGroupId: db.vpcSecurityGroupIds[0],
      referencedSecurityGroupId: 'sg-0cluster',
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
    });
    expect(rules[0]?.inputs.cidrIpv4).toBeUndefined();
  });

  test('the parameter group: family of the major version, TLS forced, max_connections and the tuning in RDS units', () => {
    const params = inputs(planned, 'db-params');
    expect(params.family).toBe('postgres15');
    expect(params.parameters).toEqual([
      { name: 'max_connections', value: '200', applyMethod: 'pending-reboot' },
      { name: 'random_page_cost', value: '1.1', applyMethod: 'immediate' },
      { name: 'rds.force_ssl', value: '1', applyMethod: 'immediate' },
      { name: 'shared_buffers', value: '524288', applyMethod: 'pending-reboot' },
      { name: 'work_mem', value: '65536', applyMethod: 'immediate' },
    ]);
    expect(inputs(planned, 'db-db').parameterGroupName).toMatch(/^db-params-/);
  });

  test('a static parameter waits for the next reboot: `immediate` on a static one fails the whole update', () => {
    const applied = Object.fromEntries(
      postgresParameters(200, { 'pg_stat_statements.max': 10000, track_commit_timestamp: 'on', work_mem: '64MB' }).map((p) => [
        p.name,
        [p.value, p.applyMethod],
      ]),
    );
    expect(applied).toMatchObject({
      'pg_stat_statements.max': ['10000', 'pending-reboot'],
      track_commit_timestamp: ['1', 'pending-reboot'], // RDS takes booleans as 1/0
      work_mem: ['65536', 'immediate'],
    });
  });

  test('durations reach RDS as bare numbers of the parameter unit (RDS refuses 15min and 30s)', async () => {
    const timed = await postgres({
      parameters: {
        checkpoint_timeout: '15min',
        statement_timeout: '30s',
        idle_in_transaction_session_timeout: '5min',
        log_min_duration_statement: '250ms',
      },
    });
    expect(inputs(timed, 'db-params').parameters).toEqual(
      expect.arrayContaining([
        { name: 'checkpoint_timeout', value: '900', applyMethod: 'immediate' },
        { name: 'idle_in_transaction_session_timeout', value: '300000', applyMethod: 'immediate' },
        { name: 'log_min_duration_statement', value: '250', applyMethod: 'immediate' },
        { name: 'statement_timeout', value: '30000', applyMethod: 'immediate' },
      ]),
    );
  });

  test('a parameter or value the engine would refuse fails the component, naming it', async () => {
    expect(() => postgresParameters(200, { checkpoint_timeout: '15m' })).toThrow(/checkpoint_timeout: "15m" has no unit PostgreSQL reads/);
    expect(() => postgresParameters(200, { wrk_mem: '16MB' })).toThrow(/unknown parameter "wrk_mem"/);
  });

  test('changes apply during the up, not at the next maintenance window, unless asked', async () => {
    expect(inputs(planned, 'db-db').applyImmediately).toBe(true);
    expect(inputs(await postgres({ applyImmediately: false }), 'db-db').applyImmediately).toBe(false);
  });

  test('the password is generated, URL-safe, and secret wherever it goes', () => {
    const password = resource(planned, 'db-password', 'random:index/randomPassword:RandomPassword');
    expect(password.inputs).toMatchObject({ length: 32, special: true, overrideSpecial: '-_.~' });
    expect(password.options.additionalSecretOutputs).toContain('result');
    expect(inputs(planned, 'db-db').password).toBe('[secret]');
    expect(JSON.stringify(planned)).not.toMatch(/"password":"(?!\[secret\])/);
  });

  test('the connection document goes to the named secret, encrypted with the key, with a recovery window, as a secret', () => {
    const secret = inputs(planned, 'db-connection');
    expect(secret).toMatchObject({ name: 'shop/production/postgres', recoveryWindowInDays: 30 });
    expect(secret.kmsKeyId).toBe(inputs(planned, 'db-db').kmsKeyId);
    const version = inputs(planned, 'db-connection-value');
    expect(version.secretString).toBe('[secret]');
    expect(version.secretId).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop\/production\/postgres-/);
  });

  test('the connection output is a secret, and the address is the instance endpoint', async () => {
    let db: Postgres | undefined;
    await plan(() => {
      db = new Postgres('db', { network: NETWORK, clients: CLIENTS, databaseName: 'shop' });
    });
    const connection = (db as Postgres).connection;
    expect(await pulumi.isSecret(connection)).toBe(true);
    const host = await new Promise((resolve) => (db as Postgres).address.apply(resolve));
    expect(host).toMatch(/^db\.c[0-9a-f]{12}\.us-east-1\.rds\.amazonaws\.com$/);
  });

  test('a given spec reaches the instance; a major version picks its family', async () => {
    const custom = await postgres({
      engineVersion: '16.4',
      instanceClass: 'db.m7g.large',
      storageGiB: 200,
      maxStorageGiB: 2000,
      highAvailability: false,
      backupRetentionDays: 7,
      backupWindow: '22:30-23:30',
      maxConnections: 500,
      databaseName: 'orders',
      username: 'orders_app',
    });
    expect(inputs(custom, 'db-db')).toMatchObject({
      engineVersion: '16.4',
      instanceClass: 'db.m7g.large',
      allocatedStorage: 200,
      maxAllocatedStorage: 2000,
      multiAz: false,
      backupRetentionPeriod: 7,
      backupWindow: '22:30-23:30',
      maintenanceWindow: 'mon:00:30-mon:01:30',
      dbName: 'orders',
      username: 'orders_app',
    });
    expect(inputs(custom, 'db-params')).toMatchObject({ family: 'postgres16' });
    expect(inputs(custom, 'db-params').parameters).toContainEqual({ name: 'max_connections', value: '500', applyMethod: 'pending-reboot' });
  });
});

describe('Postgres helpers', () => {
  test.each([
    ['shared_buffers', '4GB', '524288'],
    ['effective_cache_size', '12GB', '1572864'],
    ['work_mem', '64MB', '65536'],
    ['maintenance_work_mem', '1GB', '1048576'],
    ['max_wal_size', '2GB', '2048'],
    ['work_mem', 65536, '65536'],
    ['random_page_cost', 1.1, '1.1'],
    ['log_min_duration_statement', '500', '500'],
    ['checkpoint_timeout', '15min', '900'],
    ['statement_timeout', '30s', '30000'],
    ['jit', 'off', '0'],
  ])('rdsParameterValue(%s, %s) = %s', (name, value, expected) => {
    expect(rdsParameterValue(name, value)).toBe(expected);
  });

  test('a memory size that is not a whole number of units is refused', () => {
    expect(() => rdsParameterValue('shared_buffers', '12kB')).toThrow(/not a whole number of 8 kB units/);
  });

  test('max_connections and rds.force_ssl are always set; parameters are sorted', () => {
    expect(postgresParameters(100).map((p) => [p.name, p.value])).toEqual([
      ['max_connections', '100'],
      ['rds.force_ssl', '1'],
    ]);
    expect(postgresFamily('15')).toBe('postgres15');
    expect(postgresFamily('14.12')).toBe('postgres14');
  });

  test.each([
    ['03:00-04:00', 'sun:05:00-sun:06:00'],
    ['22:30-23:30', 'mon:00:30-mon:01:30'],
    ['23:00-00:00', 'sun:01:00-sun:02:00'],
  ])('the maintenance window after backups %s is %s', (backup, maintenance) => {
    expect(maintenanceWindowAfter(backup)).toBe(maintenance);
  });
});
