/** What of the stack's PostgreSQL spec the RDS and Cloud SQL components take. */
import type { PostgresSpec } from '../core/spec/datastores';

/**
 * `PostgresSpec` but what is set up inside the database (by the bootstrap Job: `extensions`, `schemas`,
 * `searchPath`): the instance's settings.
 */
export type PostgresInstanceSpec = Omit<PostgresSpec, 'extensions' | 'schemas' | 'searchPath'>;
