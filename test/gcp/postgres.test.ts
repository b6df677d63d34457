/** Cloud SQL for PostgreSQL: the Postgres component under mocks, and the settings it derives from the spec. */
import * as pulumi from '@pulumi/pulumi';
import {
  type PrivateServiceAccess,
  Postgres,
  type PostgresArgs,
  cloudSqlEdition,
  cloudSqlFlagValue,
  cloudSqlVersion,
  databaseFlags,
  defaultMaintenanceWindow,
  transactionLogRetentionDays,
} from '../../lib/gcp';
import { type PlanResource, plan, planDocument, renderPlan } from '../../lib/plan';
import { inputs, resource } from '../support/plan';
import { privateServicesDnsName } from '../../lib/gcp/cloudsql-dns';

/** A network as `Network.privateServiceAccess` gives it, with a stand-in connection resource. */
/** Stands for the Service Networking connection of a network. */
class StubConnection extends pulumi.CustomResource {
  constructor(name: string) {
    super('gcp:servicenetworking/connection:Connection', name, { network: 'vpc' });
  }
}

function access(): PrivateServiceAccess {
  return {
    networkId: 'projects/p/global/networks/vpc',
    rangeName: 'vpc-private-services',
    cidr: '10.2.0.0/16',
    connection: new StubConnection('psa'),
  };
}

async function postgres(args: Partial<PostgresArgs> = {}): Promise<{ planned: PlanResource[]; component: Postgres }> {
  let component: Postgres | undefined;
  const planned = await plan(() => {
    component = new Postgres('db', { network: access(), region: 'europe-west1', secretKey: 'shop/production/postgres', ...args });
  });
  return { planned, component: component! };
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((done) => output.apply(done));
}

describe('Postgres', () => {
  let planned: PlanResource[];
  let component: Postgres;
  beforeAll(async () => {
    ({ planned, component } = await postgres({
      engineVersion: '15.4',
      instanceClass: 'db-custom-4-16384',
      backupWindow: '03:00-04:00',
      backupRetentionDays: 30,
      maxConnections: 200,
      parameters: { shared_buffers: '2GB', work_mem: '16MB', random_page_cost: 1.1 },
      databaseName: 'ralph_production',
      username: 'ralph',
      labels: { stack: 'shop' },
    }));
  });

  test('children are parented to the component', () => {
    expect(planned.filter((r) => r.name !== 'psa').map((r) => [r.type, r.name, r.parent])).toEqual([
      ['production-stack:gcp:Postgres', 'db', null],
      ['gcp:sql/database:Database', 'db-database', 'db'],
      ['gcp:dns/managedZone:ManagedZone', 'db-dns', 'db'],
      ['gcp:dns/recordSet:RecordSet', 'db-dns-record', 'db'],
      ['gcp:sql/databaseInstance:DatabaseInstance', 'db-instance', 'db'],
      ['random:index/randomPassword:RandomPassword', 'db-password', 'db'],
      ['gcp:secretmanager/secret:Secret', 'db-secret', 'db'],
      ['gcp:secretmanager/secretVersion:SecretVersion', 'db-secret-version', 'db'],
      ['gcp:sql/user:User', 'db-user', 'db'],
    ]);
  });

  test('the guide instance: POSTGRES_15, 4 vCPU / 16 GB on Enterprise, REGIONAL, SSD growing up to the limit', () => {
    expect(inputs(planned, 'db-instance')).toMatchObject({
      databaseVersion: 'POSTGRES_15',
      region: 'europe-west1',
      settings: {
        tier: 'db-custom-4-16384',
        edition: 'ENTERPRISE',
        availabilityType: 'REGIONAL',
        diskType: 'PD_SSD',
        diskSize: 100,
        diskAutoresize: true,
        diskAutoresizeLimit: 1000,
        userLabels: { stack: 'shop' },
      },
    });
  });

  test('private IP only, in the private services range, TLS required, a certificate of the shared CA that names the instance', () => {
    expect(inputs(planned, 'db-instance').settings.ipConfiguration).toEqual({
      ipv4Enabled: false,
      privateNetwork: 'projects/p/global/networks/vpc',
      allocatedIpRange: 'vpc-private-services',
      sslMode: 'ENCRYPTED_ONLY',
      serverCaMode: 'GOOGLE_MANAGED_CAS_CA',
      // the shared CA's certificates last a year: renewed only with automatic rotation
      serverCertificateRotationMode: 'AUTOMATIC_ROTATION_DURING_MAINTENANCE',
      enablePrivatePathForGoogleCloudServices: false,
    });
    expect(inputs(planned, 'db-instance').settings).not.toHaveProperty('ipConfiguration.authorizedNetworks');
  });

  test('backups at the window asked, with retention, point-in-time recovery and log retention; kept on delete', () => {
    const settings = inputs(planned, 'db-instance').settings;
    expect(settings.backupConfiguration).toEqual({
      enabled: true,
      startTime: '03:00',
      pointInTimeRecoveryEnabled: true,
      transactionLogRetentionDays: 7,
      backupRetentionSettings: { retainedBackups: 30, retentionUnit: 'COUNT' },
    });
    expect(settings.retainBackupsOnDelete).toBe(true);
  });

  test('database flags: max_connections and the parameters in Cloud SQL units, sorted', () => {
    expect(inputs(planned, 'db-instance').settings.databaseFlags).toEqual([
      { name: 'max_connections', value: '200' },
      { name: 'random_page_cost', value: '1.1' },
      { name: 'shared_buffers', value: '262144' },
      { name: 'work_mem', value: '16384' },
    ]);
  });

  test('Query Insights and a weekly maintenance window after the backups', () => {
    const settings = inputs(planned, 'db-instance').settings;
    expect(settings.insightsConfig).toEqual({
      queryInsightsEnabled: true,
      queryPlansPerMinute: 5,
      queryStringLength: 1024,
      recordApplicationTags: true,
      recordClientAddress: true,
    });
    expect(settings.maintenanceWindow).toEqual({ day: 7, hour: 4, updateTrack: 'stable' });
  });

  test('deletion protection in the API, in the provider and as protect; the disk size is left to autoresize', () => {
    const instance = resource(planned, 'db-instance');
    expect(instance.inputs.deletionProtection).toBe(true);
    expect(instance.inputs.settings.deletionProtectionEnabled).toBe(true);
    expect(instance.options.protect).toBe(true);
    expect(instance.options.ignoreChanges).toEqual(['settings.diskSize']);
    expect(resource(planned, 'db-database').options.protect).toBe(true);
  });

  test('the instance is created after the private service access connection', () => {
    expect(resource(planned, 'db-instance').options.dependsOn).toEqual(['psa']);
  });

  test('the database and the user on the instance, the password generated and secret', () => {
    const instanceName = inputs(planned, 'db-database').instance;
    expect(instanceName).toMatch(/^db-instance-/);
    expect(inputs(planned, 'db-database')).toEqual({ instance: instanceName, name: 'ralph_production', deletionPolicy: 'ABANDON' });
    expect(inputs(planned, 'db-user')).toEqual({ instance: instanceName, name: 'ralph', password: '[secret]', deletionPolicy: 'ABANDON' });
    expect(inputs(planned, 'db-password')).toEqual({ length: 32, special: false });
  });

  test('the connection details: one Secret Manager secret, automatic replication, its data secret and never plain', async () => {
    expect(inputs(planned, 'db-secret')).toEqual({
      secretId: 'shop-production-postgres',
      replication: { auto: {} },
      labels: { stack: 'shop' },
    });
    expect(inputs(planned, 'db-secret-version')).toEqual({
      secret: 'projects/plan-project/secrets/shop-production-postgres',
      secretData: '[secret]',
    });
    expect(resource(planned, 'db-secret-version').options.dependsOn).toEqual(['db-database', 'db-dns-record', 'db-user']);
    expect(await pulumi.isSecret(component.secretVersion.secretData)).toBe(true);
    // The stored JSON has the contract's properties and the instance's DNS name (the mocks give no generated password).
    const data = JSON.parse((await resolved(component.secretVersion.secretData)) ?? '{}');
    const host = await resolved(component.host);
    expect(host).toMatch(/^[0-9a-f]+\.[0-9a-f]+\.europe-west1\.sql-psa\.goog$/);
    expect(data).toMatchObject({ host, port: '5432', database: 'ralph_production', admin: { user: 'ralph' } });
    expect(data.ca).toContain('-----BEGIN CERTIFICATE-----');
    expect(data.admin.url).toMatch(
      new RegExp(
        `^postgresql://ralph:.*@${host.replace(/\./g, '\\.')}:5432/ralph_production\\?sslmode=verify-full&sslrootcert=/etc/postgres-ca/ca\\.crt$`,
      ),
    );
    expect(JSON.stringify(planDocument(planned)) + renderPlan(planned)).not.toContain(data.ca.split('\n')[1] as string);
  });

  test('the name the certificate holds resolves, in the VPC only, to the private IP: a private zone of exactly that name', async () => {
    const instance = await resolved(component.instance.dnsNames);
    const name = instance?.find((n) => n.connectionType === 'PRIVATE_SERVICES_ACCESS')?.name;
    expect(name).toMatch(/\.sql-psa\.goog\.$/);
    expect(inputs(planned, 'db-dns')).toMatchObject({
      dnsName: name,
      visibility: 'private',
      privateVisibilityConfig: { networks: [{ networkUrl: 'projects/p/global/networks/vpc' }] },
    });
    expect(inputs(planned, 'db-dns-record')).toMatchObject({
      managedZone: expect.stringMatching(/^db-dns-/),
      name,
      type: 'A',
      rrdatas: [await resolved(component.instance.privateIpAddress)],
    });
    expect(await resolved(component.host)).toBe(name?.slice(0, -1));
  });

  test('outputs: connection name, host, port, secret ID', async () => {
    expect(await resolved(component.connectionName)).toMatch(/^plan-project:europe-west1:db-instance-/);
    expect(component.port).toBe(5432);
    expect(await resolved(component.secretId)).toBe('shop-production-postgres');
  });

  test('defaults: POSTGRES_15, db-custom-4-16384, REGIONAL, 30 backups from 03:00, 200 connections, database after the component', async () => {
    const { planned: defaults } = await postgres();
    expect(inputs(defaults, 'db-instance')).toMatchObject({
      databaseVersion: 'POSTGRES_15',
      settings: {
        tier: 'db-custom-4-16384',
        availabilityType: 'REGIONAL',
        backupConfiguration: { startTime: '03:00', backupRetentionSettings: { retainedBackups: 30 } },
        databaseFlags: [{ name: 'max_connections', value: '200' }],
      },
    });
    expect(inputs(defaults, 'db-database').name).toBe('db');
    expect(inputs(defaults, 'db-user').name).toBe('app');
  });

  test.each([
    ['highAvailability: false gives a ZONAL instance', { highAvailability: false }, { settings: { availabilityType: 'ZONAL' } }],
    [
      'an Enterprise Plus tier keeps 35 days of logs',
      { instanceClass: 'db-perf-optimized-N-4', backupRetentionDays: 35 },
      { settings: { edition: 'ENTERPRISE_PLUS', backupConfiguration: { transactionLogRetentionDays: 35 } } },
    ],
    [
      'a maintenance window given is used',
      { maintenanceWindow: { day: 'SATURDAY', hourUtc: 22 } },
      { settings: { maintenanceWindow: { day: 6, hour: 22 } } },
    ],
    [
      'PostgreSQL 16 stays on Enterprise for a custom tier',
      { engineVersion: '16' },
      { databaseVersion: 'POSTGRES_16', settings: { edition: 'ENTERPRISE' } },
    ],
  ] as [string, Partial<PostgresArgs>, object][])('%s', async (_, args, expected) => {
    const { planned: custom } = await postgres(args);
    expect(inputs(custom, 'db-instance')).toMatchObject(expected);
  });

  test('deletionProtection: false turns off every level of protection', async () => {
    const { planned: unprotected } = await postgres({ deletionProtection: false });
    const instance = resource(unprotected, 'db-instance');
    expect(instance.inputs.deletionProtection).toBe(false);
    expect(instance.inputs.settings.deletionProtectionEnabled).toBe(false);
    expect(instance.options.protect).toBeUndefined();
    expect(resource(unprotected, 'db-database').options.protect).toBeUndefined();
  });

  test.each([
    [
      'fails when a parameter sets max_connections',
      { parameters: { max_connections: 500 } },
      'set max_connections through postgres.maxConnections',
    ],
    ['fails when the backup window is malformed', { backupWindow: '3am' }, 'backupWindow "3am" must be a UTC window'],
    ['fails when a size is not whole in the unit', { parameters: { shared_buffers: '1000B' } }, 'not a whole number of 8 kB units'],
  ])('%s', async (_, args: Partial<PostgresArgs>, message) => {
    await expect(postgres(args)).rejects.toThrow(message);
  });
});

describe('Cloud SQL settings', () => {
  test.each([
    ['15', 'POSTGRES_15'],
    ['15.4', 'POSTGRES_15'],
    ['16', 'POSTGRES_16'],
    ['POSTGRES_14', 'POSTGRES_14'],
  ])('engine version %s is %s', (version, expected) => {
    expect(cloudSqlVersion(version)).toBe(expected);
  });

  test.each([
    ['db-custom-4-16384', 'ENTERPRISE'],
    ['db-g1-small', 'ENTERPRISE'],
    ['db-perf-optimized-N-8', 'ENTERPRISE_PLUS'],
  ])('tier %s is %s', (tier, edition) => {
    expect(cloudSqlEdition(tier)).toBe(edition);
  });

  test.each([
    [30, 'ENTERPRISE', 7],
    [3, 'ENTERPRISE', 3],
    [30, 'ENTERPRISE_PLUS', 30],
  ] as const)('%d days of backups on %s keep %d days of logs', (days, edition, expected) => {
    expect(transactionLogRetentionDays(days, edition)).toBe(expected);
  });

  // The CQAR guide's postgresql.conf, as Cloud SQL takes it.
  test.each([
    ['shared_buffers', '2GB', '262144'],
    ['effective_cache_size', '6GB', '786432'],
    ['work_mem', '16MB', '16384'],
    ['wal_buffers', '16MB', '2048'],
    ['checkpoint_timeout', '15min', '900'],
    ['max_wal_size', '2GB', '2048'],
    ['random_page_cost', 1.1, '1.1'],
    ['effective_io_concurrency', 200, '200'],
    ['log_min_duration_statement', 1000, '1000'],
    ['log_min_duration_statement', '1s', '1000'],
    ['maintenance_work_mem', '1GB', '1048576'],
    ['log_statement', 'ddl', 'ddl'],
    ['work_mem', '4096', '4096'],
    ['statement_timeout', '30s', '30000'],
    ['jit', 'false', 'off'],
  ])('%s = %s is sent as %s', (name, value, expected) => {
    expect(cloudSqlFlagValue(name, value)).toBe(expected);
  });

  test.each([
    ['fails for a parameter the library does not know', 'some_size', '2GB', 'unknown parameter "some_size"'],
    ['fails when a duration is given for a size', 'work_mem', '5min', 'must be a size'],
    ['fails when a size is given for a duration', 'statement_timeout', '1GB', 'must be a duration'],
    ['fails when the value is not whole in the unit', 'checkpoint_timeout', '1500ms', 'not a whole number of s'],
    ['fails for a unit PostgreSQL does not read', 'checkpoint_timeout', '15m', 'has no unit PostgreSQL reads'],
    ['fails for a flag Cloud SQL does not take', 'shared_preload_libraries', 'pg_stat_statements', 'Cloud SQL does not let you set'],
  ])('%s', (_, name, value, message) => {
    expect(() => cloudSqlFlagValue(name, value)).toThrow(message);
  });

  test('flags are sorted by name, max_connections among them', () => {
    expect(databaseFlags(100, { work_mem: '8MB', autovacuum_naptime: '30s' }).map((f) => f.name)).toEqual([
      'autovacuum_naptime',
      'max_connections',
      'work_mem',
    ]);
  });

  test('the default maintenance window is Sunday at the end of the backup window', () => {
    expect(defaultMaintenanceWindow('03:00-04:00')).toEqual({ day: 'SUNDAY', hourUtc: 4 });
    expect(defaultMaintenanceWindow('23:00-00:30')).toEqual({ day: 'SUNDAY', hourUtc: 0 });
  });

  test("the instance's own name on private services access: not a cluster-scoped write endpoint, not another connection type", () => {
    const names = [
      { name: 'x.global.sql-psa.goog.', connectionType: 'PRIVATE_SERVICES_ACCESS', dnsScope: 'CLUSTER' },
      { name: 'p.psc.goog.', connectionType: 'PRIVATE_SERVICE_CONNECT', dnsScope: 'INSTANCE' },
      { name: 'a.b.europe-west1.sql-psa.goog.', connectionType: 'PRIVATE_SERVICES_ACCESS', dnsScope: 'INSTANCE' },
    ];
    expect(privateServicesDnsName(names)).toBe('a.b.europe-west1.sql-psa.goog.');
    expect(privateServicesDnsName(names.slice(0, 2))).toBeUndefined();
    expect(privateServicesDnsName(undefined)).toBeUndefined();
  });
});
