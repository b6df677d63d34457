/**
 * Disaster recovery on the Kubernetes side: logical backups of the stack's
 * PostgreSQL and restore drills (their alerts are lib/monitoring's).
 * @module dr
 */
export { DatabaseBackups, type DatabaseBackupsProps, backupPrefix } from './backup';
export { DOWNLOAD_SCRIPT, DUMP_SCRIPT, RESTORE_SCRIPT, UPLOAD_SCRIPT, storagePrelude } from './scripts';
