/**
 * The extensions `postgres.extensions` accepts: those RDS for PostgreSQL and Cloud SQL for PostgreSQL both offer on
 * every major the library supports (15 to 18), and that the master user creates in the application database with
 * no server flag or preloaded library beyond the clouds' defaults (`pg_stat_statements` is preloaded on both).
 * Left out on purpose: `pg_cron` (created in the `postgres` database only, and a flag on Cloud SQL), `pgaudit` and
 * `pg_hint_plan` (a preloaded library), `pglogical` and `pg_partman`'s background worker (flags), and any extension
 * one of the clouds lacks. One `CREATE EXTENSION` that fails rolls the whole bootstrap back, so a name is checked
 * here, before anything is deployed. As of 2026-12 (the clouds' extension lists).
 */
export const POSTGRES_EXTENSIONS: readonly string[] = [
  'bloom',
  'btree_gin',
  'btree_gist',
  'citext',
  'cube',
  'dblink',
  'earthdistance',
  'fuzzystrmatch',
  'hstore',
  'intarray',
  'isn',
  'lo',
  'ltree',
  'pg_buffercache',
  'pg_prewarm',
  'pg_stat_statements',
  'pg_trgm',
  'pgcrypto',
  'pgrowlocks',
  'pgstattuple',
  'postgis',
  'postgres_fdw',
  'seg',
  'tablefunc',
  'tsm_system_rows',
  'tsm_system_time',
  'unaccent',
  'uuid-ossp',
  'vector',
];
