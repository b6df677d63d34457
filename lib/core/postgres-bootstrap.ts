/**
 * The bootstrap SQL of the stack's PostgreSQL: the psql script the bootstrap Job (lib/k8s/postgres-bootstrap.ts)
 * runs as the master user before any migration, which makes the roles of lib/core/postgres-roles.ts and their
 * grants. The Job runs it as
 * `psql --no-psqlrc -v ON_ERROR_STOP=1 -v verifier_<role>=<SCRAM verifier> … -f -`, connected to the
 * application database, at every deploy that changes it: it is idempotent, on a fresh database as on a deployed
 * one, and runs in one transaction (an error leaves nothing half done).
 *
 * The master user is not a superuser (RDS: `rds_superuser`; Cloud SQL: `cloudsqlsuperuser`): it has CREATEROLE
 * and CREATEDB, and owns the database (RDS) or is a member of its owner (Cloud SQL: `cloudsqlsuperuser`). So the script uses nothing a superuser alone may do, and works the same on
 * PostgreSQL 15 and on 16+, where CREATEROLE changed: the creator of a role gets ADMIN OPTION on it but may not
 * SET ROLE to it until it grants it to itself, and `ALTER … OWNER TO r` needs that SET.
 *
 * In order:
 * 1. on a server in recovery (the cross-region read replica in the standby region) it stops: successfully when
 *    the plan's login roles have replicated from the primary, with an error (the Job retries) while they have not;
 * 2. it creates the groups `app_readwrite` and `app_readonly` and `app_migrate` (NOLOGIN until the plan has it),
 *    then every login role of the plan, and sets each one's attributes and password (its SCRAM verifier, psql
 *    variable {@link verifierVariable}: the plaintext password never reaches the server, lib/core/scram.ts);
 * 3. the master grants itself `app_migrate` (to hand objects to it), and `app_migrate` gets CREATE on the
 *    database and on schema `public`; then the spec's extensions (created by the master: `pg_stat_statements` is
 *    not one a plain owner may create), schemas (owned by `app_migrate`) and the database's `search_path`;
 * 4. every object the master owns in the application's schemas goes to `app_migrate`: migrations used to run
 *    as the master, so a deployed database has master-owned tables the new owner must be able to ALTER.
 *    Objects of extensions stay as they are, and so does anything outside this database (no REASSIGN OWNED);
 * 5. the groups get their privileges on the existing objects (`app_readwrite`: SELECT, INSERT, UPDATE, DELETE,
 *    and the sequences; `app_readonly`: SELECT) and, through `ALTER DEFAULT PRIVILEGES FOR ROLE app_migrate`,
 *    on the objects later migrations create; never TRUNCATE, REFERENCES or TRIGGER;
 * 6. each login role is a member of its group (`app_backup` of `app_readonly`, and of `pg_read_all_data` where
 *    the master may grant it; `app_monitor` of none: what postgres_exporter's alerts read, any role may), and of no
 *    other; one another role granted, which PostgreSQL 16+ does not let the master revoke, is an error;
 * 7. a `svc_`/`job_` role of a group that the plan no longer has, and `app_migrate`, `app_backup` or
 *    `app_monitor` when the plan does not have them, lose LOGIN: their credential stops working, nothing is dropped.
 *
 * test/core/postgres-bootstrap.test.ts runs it through psql, as a CREATEROLE master modelled on the clouds',
 * against a real PostgreSQL, and logs in as every role over SCRAM.
 */
import { BACKUP_ROLE, MIGRATE_ROLE, MONITOR_ROLE, POSTGRES_GROUPS, type PostgresRole, ROLE_PREFIX } from './postgres-roles';

/** The psql variable (`-v <name>=<verifier>`) that holds a login role's SCRAM verifier for the script. */
export function verifierVariable(role: string): string {
  return `verifier_${role}`;
}

/** `name` as an SQL identifier, in double quotes. */
function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `text` as an SQL string literal. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** An SQL `text[]` of `names`. */
function textArray(names: readonly string[]): string {
  return `ARRAY[${names.map(literal).join(', ')}]::text[]`;
}

/**
 * The groups (and predefined roles) a role of the plan is a member of. `app_backup` reads through `app_readonly`
 * (every table and sequence `app_migrate` owns) and `pg_read_all_data` (the rest) where the master may grant it:
 * on PostgreSQL 16+ that takes ADMIN on it, which RDS's `rds_superuser` holds and Cloud SQL's `cloudsqlsuperuser`
 * may not. `app_monitor` is a member of nothing: the metrics the alerts read (`pg_stat_database`'s session counts,
 * the replica's replay position, the settings) any role may read, and `pg_monitor` would show it every session's
 * query text.
 */
function groupsOf(role: PostgresRole): string[] {
  switch (role.access) {
    case 'readwrite':
      return [POSTGRES_GROUPS.readwrite];
    case 'readonly':
      return [POSTGRES_GROUPS.readonly];
    case 'backup':
      return [POSTGRES_GROUPS.readonly, READ_ALL_DATA];
    case 'monitor':
    case 'owner':
      return [];
  }
}

/** PostgreSQL's predefined role that reads every table, view and sequence (not large objects, not past RLS). */
const READ_ALL_DATA = 'pg_read_all_data';

/** Throws unless the plan's roles have names the script can use and that match their access. */
function checkRoles(roles: readonly PostgresRole[]): void {
  const seen = new Set<string>();
  for (const r of roles) {
    if (!/^[a-z_][a-z0-9_]*$/.test(r.name) || r.name.length > 63)
      throw new Error(`PostgreSQL role "${r.name}": not a lowercase identifier of at most 63 bytes`);
    if (seen.has(r.name)) throw new Error(`PostgreSQL role "${r.name}" appears twice`);
    seen.add(r.name);
    const fits =
      r.access === 'owner'
        ? r.name === MIGRATE_ROLE
        : r.access === 'backup'
          ? r.name === BACKUP_ROLE
          : r.access === 'monitor'
            ? r.name === MONITOR_ROLE
            : Object.values(ROLE_PREFIX).some((p) => r.name.startsWith(p));
    if (!fits) throw new Error(`PostgreSQL role "${r.name}": a name that does not fit its access "${r.access}"`);
  }
}

/** Whether the schema `n` (a pg_namespace row) is one of the application's: public, or no system or extension schema. */
function applicationSchema(n: string): string {
  return (
    `(${n}.nspname = 'public' OR (${n}.nspname NOT LIKE 'pg\\_%' AND ${n}.nspname <> 'information_schema'` +
    ` AND NOT EXISTS (SELECT FROM pg_extension e WHERE e.extnamespace = ${n}.oid) AND NOT ${extensionMember('pg_namespace', `${n}.oid`)}))`
  );
}

/** Whether the object `oid` of `catalog` belongs to an extension. */
function extensionMember(catalog: string, oid: string): string {
  return `EXISTS (SELECT FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
}

/** The script's first part: nothing to do on a server in recovery; else one transaction, one run at a time, in the right database. */
function preamble(database: string, roles: readonly PostgresRole[]): string {
  return `-- production-stack: the roles and grants of the application's PostgreSQL (lib/core/postgres-bootstrap.ts)
-- the system catalog first and only: app_migrate may create in public, and a function or operator of its own that
-- shadowed a built-in would run as the master (then as whatever the master may grant)
SET search_path = pg_catalog, pg_temp;
SELECT pg_is_in_recovery() AS in_recovery \\gset
\\if :in_recovery
DO $bootstrap$
DECLARE
  missing text := (SELECT string_agg(r, ', ') FROM unnest(${textArray(roles.map((r) => r.name))}) AS r
    WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r AND rolcanlogin));
BEGIN
  -- the primary's bootstrap has not reached this replica yet: fail, and the Job retries
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'production-stack bootstrap: read replica without the login roles % yet (they replicate from the primary)', missing;
  END IF;
END
$bootstrap$;
\\echo 'production-stack bootstrap - this server is a read replica (in recovery) - its roles and grants replicate from the primary - nothing to do'
\\quit
\\endif
BEGIN;
-- handing a table over takes an ACCESS EXCLUSIVE lock: behind a long query, fail (the Job retries) rather than stall traffic
SET LOCAL lock_timeout = '10s';
DO $bootstrap$
BEGIN
  IF current_database() <> ${literal(database)} THEN
    RAISE EXCEPTION 'production-stack bootstrap: connected to database %, not %', current_database(), ${literal(database)};
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('production-stack postgres bootstrap'));
END
$bootstrap$;
`;
}

/** Step 2: the groups, `app_migrate` and the plan's login roles, created when missing, with their attributes and passwords. */
function createRoles(roles: readonly PostgresRole[]): string {
  const always = [POSTGRES_GROUPS.readwrite, POSTGRES_GROUPS.readonly, MIGRATE_ROLE];
  const names = [...new Set([...always, ...roles.map((r) => r.name)])];
  const alter = roles
    .map((r) => `ALTER ROLE ${ident(r.name)} WITH LOGIN INHERIT NOCREATEDB NOCREATEROLE PASSWORD :'${verifierVariable(r.name)}';`)
    .join('\n');
  return `-- the roles, NOLOGIN when created (defaults: NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION NOBYPASSRLS)
DO $bootstrap$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ${textArray(names)} LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
  -- a non-superuser can neither remove these attributes nor alter such a role: refuse, loudly
  FOR r IN SELECT rolname FROM pg_roles WHERE rolname = ANY (${textArray(names)}) AND (rolsuper OR rolreplication OR rolbypassrls) LOOP
    RAISE EXCEPTION 'production-stack bootstrap: role % is SUPERUSER, REPLICATION or BYPASSRLS; a superuser must remove that first', r;
  END LOOP;
END
$bootstrap$;
${alter}
`;
}

/** Step 3: the master may act as `app_migrate` (SET ROLE, ALTER … OWNER TO), which may create in the database and in public. */
function migrateRoleGrants(database: string): string {
  const m = MIGRATE_ROLE;
  return `-- PostgreSQL 16+: a CREATEROLE creator has ADMIN OPTION on the role but no SET: it grants itself SET
DO $bootstrap$
BEGIN
  IF current_setting('server_version_num')::int >= 160000 THEN
    IF NOT pg_has_role(current_user, ${literal(m)}, 'SET') THEN
      EXECUTE format('GRANT %I TO %I WITH SET TRUE', ${literal(m)}, current_user);
    END IF;
  ELSIF NOT pg_has_role(current_user, ${literal(m)}, 'MEMBER') THEN
    EXECUTE format('GRANT %I TO %I', ${literal(m)}, current_user);
  END IF;
END
$bootstrap$;
GRANT CREATE ON DATABASE ${ident(database)} TO ${ident(m)};
-- a database from before PostgreSQL 15 lets every role create in public: only the owner's role may (only public's
-- owner can take it back: say so when the master could not)
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $bootstrap$
BEGIN
  IF EXISTS (SELECT FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE') THEN
    RAISE WARNING 'production-stack bootstrap: every role may still create in schema public (owner %): REVOKE CREATE ON SCHEMA public FROM PUBLIC as its owner',
      (SELECT nspowner::regrole FROM pg_namespace WHERE nspname = 'public');
  END IF;
END
$bootstrap$;
GRANT USAGE, CREATE ON SCHEMA public TO ${ident(m)};
GRANT USAGE ON SCHEMA public TO ${ident(POSTGRES_GROUPS.readwrite)}, ${ident(POSTGRES_GROUPS.readonly)};
`;
}

/** What the database is set up with besides the roles: the spec's `postgres.extensions`, `schemas` and `searchPath`. */
export interface DatabaseSetup {
  /** Extensions created (as the master: `CREATE EXTENSION IF NOT EXISTS`), in the default schema. */
  readonly extensions: readonly string[];
  /** Schemas created, owned by `app_migrate`. */
  readonly schemas: readonly string[];
  /** The database's `search_path` (`ALTER DATABASE … SET`); empty leaves it as it is (the server's `"$user", public`). */
  readonly searchPath: readonly string[];
}

/**
 * An extension's script runs with `public` first on its search path, some (the trusted ones) as the bootstrap
 * superuser: a function, operator or type another role put in `public` could stand in for one the script calls.
 * Before creating an extension the database lacks, refuse while any role but the master (and the server's own) owns
 * one there; the first deploy creates them before any migration ran.
 */
function extensionGuard(extensions: readonly string[]): string {
  return `DO $bootstrap$
DECLARE
  owners text;
BEGIN
  IF NOT EXISTS (SELECT FROM unnest(${textArray(extensions)}) AS x WHERE NOT EXISTS (SELECT FROM pg_extension WHERE extname = x)) THEN
    RETURN;
  END IF;
  SELECT string_agg(DISTINCT o::regrole::text, ', ') INTO owners FROM (
    SELECT proowner FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND NOT ${extensionMember('pg_proc', 'pg_proc.oid')}
    UNION ALL SELECT oprowner FROM pg_operator WHERE oprnamespace = 'public'::regnamespace AND NOT ${extensionMember('pg_operator', 'pg_operator.oid')}
    UNION ALL SELECT typowner FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typrelid = 0 AND NOT ${extensionMember('pg_type', 'pg_type.oid')}
  ) AS f(o) WHERE o <> (SELECT oid FROM pg_roles WHERE rolname = current_user) AND o <> 10;
  IF owners IS NOT NULL THEN
    RAISE EXCEPTION 'production-stack bootstrap: % own functions, operators or types in schema public, which a new extension''s script could call in place of its own: create the extension by hand as the master, after checking them', owners;
  END IF;
END
$bootstrap$;`;
}

/** Step 3b: the extensions (the master's to create: some are untrusted), the schemas (`app_migrate`'s) and the search path. */
function databaseSetup(database: string, setup: DatabaseSetup): string {
  return [
    "-- the extensions, schemas and search path the spec gives (without IF NOT EXISTS's NOTICE at every run)",
    ...(setup.extensions.length > 0 ? [extensionGuard(setup.extensions)] : []),
    'SET LOCAL client_min_messages = warning;',
    ...setup.extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS ${ident(e)} SCHEMA public CASCADE;`),
    ...setup.schemas.map((s) => `CREATE SCHEMA IF NOT EXISTS ${ident(s)} AUTHORIZATION ${ident(MIGRATE_ROLE)};`),
    ...(setup.searchPath.length > 0
      ? [`ALTER DATABASE ${ident(database)} SET search_path TO ${setup.searchPath.map(ident).join(', ')};`]
      : []),
    'RESET client_min_messages;',
    '',
  ].join('\n');
}

/** Step 4: what the master owns in the application's schemas goes to `app_migrate`, but for the objects of extensions. */
function transferOwnership(): string {
  const m = literal(MIGRATE_ROLE);
  return `-- the master's objects go to ${MIGRATE_ROLE}: schemas first (an owner must be able to create in the schema)
DO $bootstrap$
DECLARE
  me oid := (SELECT oid FROM pg_roles WHERE rolname = current_user);
  o record;
BEGIN
  FOR o IN
    SELECT n.nspname FROM pg_namespace n
    WHERE n.nspowner = me AND n.nspname <> 'public' AND ${applicationSchema('n')}
    ORDER BY 1
  LOOP
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', o.nspname, ${m});
  END LOOP;
  FOR o IN
    SELECT n.oid AS nsp, n.nspname, format('%s %I.%I', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
      WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname) AS object
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relowner = me AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${applicationSchema('n')}
      AND NOT ${extensionMember('pg_class', 'c.oid')}
      -- a sequence owned by a column (serial, identity) follows its table
      AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
        AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
    UNION ALL
    SELECT n.oid, n.nspname, format('ROUTINE %s', p.oid::regprocedure)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.proowner = me AND ${applicationSchema('n')} AND NOT ${extensionMember('pg_proc', 'p.oid')}
    UNION ALL
    -- enums, domains, ranges, multiranges (PostgreSQL 15 does not move a range's with it) and standalone
    -- composites; array types follow their element, a table's row type its table
    SELECT n.oid, n.nspname, format('%s %s', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype)
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typowner = me AND ${applicationSchema('n')} AND NOT ${extensionMember('pg_type', 't.oid')}
      AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
        -- PostgreSQL 17 moves a multirange with its range, and refuses to alter one on its own
        OR (t.typtype = 'm' AND current_setting('server_version_num')::int < 170000))
      AND NOT EXISTS (SELECT FROM pg_range g WHERE g.rngmultitypid = t.oid AND ${extensionMember('pg_type', 'g.rngtypid')})
    UNION ALL
    SELECT n.oid, n.nspname, format('STATISTICS %I.%I', n.nspname, s.stxname)
    FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
    WHERE s.stxowner = me AND ${applicationSchema('n')} AND NOT ${extensionMember('pg_statistic_ext', 's.oid')}
    ORDER BY 3
  LOOP
    IF has_schema_privilege(${m}, o.nsp, 'CREATE') THEN
      EXECUTE format('ALTER %s OWNER TO %I', o.object, ${m});
    ELSE
      RAISE WARNING 'production-stack bootstrap: % stays the master''s: % may not create in schema %', o.object, ${m}, o.nspname;
    END IF;
  END LOOP;
END
$bootstrap$;
`;
}

/** Step 5: the groups' privileges on `app_migrate`'s objects, existing (as `app_migrate`, their owner) and future. */
function groupPrivileges(): string {
  const [m, rw, ro] = [MIGRATE_ROLE, POSTGRES_GROUPS.readwrite, POSTGRES_GROUPS.readonly];
  const defaults = [
    `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${ident(rw)}`,
    `GRANT SELECT ON TABLES TO ${ident(ro)}`,
    `GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${ident(rw)}`,
    `GRANT SELECT ON SEQUENCES TO ${ident(ro)}`,
    `GRANT USAGE ON SCHEMAS TO ${ident(rw)}, ${ident(ro)}`,
  ];
  return `-- the groups' privileges, granted by ${m} as the owner: on what exists, in public and in ${m}'s schemas
SET ROLE ${ident(m)};
DO $bootstrap$
DECLARE
  me oid := (SELECT oid FROM pg_roles WHERE rolname = current_user);
  o record;
BEGIN
  FOR o IN SELECT nspname FROM pg_namespace WHERE nspowner = me ORDER BY 1 LOOP
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I, %I', o.nspname, ${literal(rw)}, ${literal(ro)});
  END LOOP;
  FOR o IN
    SELECT c.relkind, format('%I.%I', n.nspname, c.relname) AS rel
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relowner = me AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND (n.nspname = 'public' OR n.nspowner = me)
    ORDER BY 2
  LOOP
    IF o.relkind = 'S' THEN
      EXECUTE format('GRANT USAGE, SELECT, UPDATE ON SEQUENCE %s TO %I', o.rel, ${literal(rw)});
      EXECUTE format('GRANT SELECT ON SEQUENCE %s TO %I', o.rel, ${literal(ro)});
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %s TO %I', o.rel, ${literal(rw)});
      EXECUTE format('GRANT SELECT ON TABLE %s TO %I', o.rel, ${literal(ro)});
    END IF;
  END LOOP;
END
$bootstrap$;
-- and on what later migrations create
${defaults.map((d) => `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(m)} ${d};`).join('\n')}
RESET ROLE;
`;
}

/** Step 6: each login role in its groups and in no other of the library's; a membership that stays is an error. */
function memberships(roles: readonly PostgresRole[]): string {
  const managed = [POSTGRES_GROUPS.readwrite, POSTGRES_GROUPS.readonly, READ_ALL_DATA];
  const rows = roles.flatMap((r) => groupsOf(r).map((g) => `(${literal(r.name)}, ${literal(g)})`));
  const plan =
    rows.length > 0
      ? `(VALUES ${rows.join(', ')}) AS plan(member, grp)`
      : `(SELECT NULL::text, NULL::text WHERE false) AS plan(member, grp)`;
  const members = textArray(roles.map((r) => r.name));
  // the memberships of the plan's roles in the managed groups that the plan does not give
  const extra = `SELECT u.rolname AS member, g.rolname AS grp
    FROM pg_auth_members a JOIN pg_roles u ON u.oid = a.member JOIN pg_roles g ON g.oid = a.roleid
    WHERE u.rolname = ANY (${members}) AND g.rolname = ANY (${textArray(managed)})
      AND NOT EXISTS (SELECT FROM ${plan} WHERE plan.member = u.rolname AND plan.grp = g.rolname)`;
  // the same, through any chain of memberships: what the role can still use
  const stillMember = `SELECT u.rolname AS member, g.rolname AS grp
    FROM pg_roles u CROSS JOIN pg_roles g
    WHERE u.rolname = ANY (${members}) AND g.rolname = ANY (${textArray(managed)}) AND pg_has_role(u.oid, g.oid, 'USAGE')
      AND NOT EXISTS (SELECT FROM ${plan} WHERE plan.member = u.rolname AND plan.grp = g.rolname)`;
  return `-- memberships: each login role in its groups (PostgreSQL 16+: with INHERIT), out of the others
DO $bootstrap$
DECLARE
  m record;
BEGIN
  FOR m IN SELECT member, grp FROM ${plan} WHERE NOT pg_has_role(member, grp, 'USAGE') LOOP
    IF m.grp = ${literal(READ_ALL_DATA)} AND NOT pg_has_role(current_user, m.grp, 'MEMBER WITH ADMIN OPTION')
      AND current_setting('server_version_num')::int >= 160000 THEN
      RAISE WARNING 'production-stack bootstrap: the master may not grant %; % reads the application''s schemas through %',
        m.grp, m.member, ${literal(POSTGRES_GROUPS.readonly)};
      CONTINUE;
    END IF;
    EXECUTE format('GRANT %I TO %I', m.grp, m.member)
      || CASE WHEN current_setting('server_version_num')::int >= 160000 THEN ' WITH INHERIT TRUE' ELSE '' END;
  END LOOP;
  FOR m IN ${extra} ORDER BY 1, 2 LOOP
    EXECUTE format('REVOKE %I FROM %I', m.grp, m.member);
  END LOOP;
  -- PostgreSQL 16+ revokes only the master's own grants (and warns for another grantor's), and a role may reach a
  -- group through another: a role moved to readonly that still writes is an error, not a warning
  FOR m IN ${stillMember} ORDER BY 1, 2 LOOP
    RAISE EXCEPTION 'production-stack bootstrap: % is still a member of % (granted by another role): revoke it as that role', m.member, m.grp;
  END LOOP;
END
$bootstrap$;
`;
}

/** Step 7: the library's login roles the plan no longer has lose LOGIN. */
function retire(roles: readonly PostgresRole[]): string {
  const groups = [POSTGRES_GROUPS.readwrite, POSTGRES_GROUPS.readonly];
  return `-- roles the plan no longer has: NOLOGIN, nothing dropped
DO $bootstrap$
DECLARE
  r text;
BEGIN
  FOR r IN
    SELECT u.rolname FROM pg_roles u
    WHERE u.rolcanlogin AND u.rolname <> ALL (${textArray(roles.map((x) => x.name))})
      AND (u.rolname = ANY (${textArray([MIGRATE_ROLE, BACKUP_ROLE, MONITOR_ROLE])})
        OR (left(u.rolname, 4) = ANY (${textArray(Object.values(ROLE_PREFIX))}) AND EXISTS (
          SELECT FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid
          WHERE a.member = u.oid AND g.rolname = ANY (${textArray(groups)}))))
    ORDER BY 1
  LOOP
    EXECUTE format('ALTER ROLE %I NOLOGIN', r);
    RAISE NOTICE 'production-stack bootstrap: role % is no longer used: NOLOGIN', r;
  END LOOP;
END
$bootstrap$;
`;
}

/**
 * The bootstrap psql script for the application database `database` and the login roles `roles`
 * (`postgresRoles`), and its `setup`: run by the master user, connected to `database`, with `-v ON_ERROR_STOP=1` and one
 * `-v verifier_<role>=<SCRAM verifier>` per role ({@link verifierVariable}, `scramVerifier`). Throws for a
 * role whose name is not a lowercase identifier or does not fit its access, or a database name holding `$`.
 */
export function bootstrapSql(database: string, roles: readonly PostgresRole[], setup: DatabaseSetup): string {
  if (database.length === 0 || Buffer.byteLength(database) > 63 || /[$\0]/.test(database))
    throw new Error(`PostgreSQL database "${database}": not a name the bootstrap script can hold`);
  checkRoles(roles);
  return [
    preamble(database, roles),
    createRoles(roles),
    migrateRoleGrants(database),
    databaseSetup(database, setup),
    transferOwnership(),
    groupPrivileges(),
    memberships(roles),
    retire(roles),
    'COMMIT;\n',
  ].join('');
}
