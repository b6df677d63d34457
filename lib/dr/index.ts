/**
 * Disaster recovery on the Kubernetes side: logical backups of the stack's
 * PostgreSQL, restore drills, and their alerts.
 * @module dr
 */
export { DatabaseBackups, type DatabaseBackupsProps, backupPrefix } from './backup';
export { backupAlerts } from './alerts';
export { DOWNLOAD_SCRIPT, DUMP_SCRIPT, RESTORE_SCRIPT, UPLOAD_SCRIPT, storagePrelude } from './scripts';
