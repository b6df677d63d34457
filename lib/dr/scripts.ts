/**
 * The shell scripts of the backup and restore-drill jobs. POSIX sh, kept
 * shellcheck-clean and run against a real PostgreSQL by the tests. Paths and
 * targets come from the environment the jobs set: `DATABASE_URL`,
 * `BACKUP_DIR`, `CHECKS_DIR`, `BUCKET`, `PREFIX`.
 */
import type { Cloud } from '../core/spec/stack';
import { cloudProfile } from '../core/cloud';

/**
 * `put FILE KEY` and `get KEY FILE` for the cloud's object storage, through its
 * CLI and the pod's workload identity (no keys). Both encrypt with the
 * bucket's default encryption (on S3, its customer KMS key: asking for
 * `--sse aws:kms` without a key ID would pick the AWS-managed key instead).
 */
export function storagePrelude(cloud: Cloud): string {
  const { scheme, copy, quiet } = cloudProfile(cloud).storage;
  const cp = copy.join(' ');
  return [`put() { ${cp} "$1" "${scheme}://$BUCKET/$2" ${quiet}; }`, `get() { ${cp} "${scheme}://$BUCKET/$1" "$2" ${quiet}; }`].join('\n');
}

/** Dumps the database (custom format, compressed), checks the archive reads back, and names it by the UTC time. */
export const DUMP_SCRIPT = `set -eu
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
pg_dump --dbname="$DATABASE_URL" --format=custom --compress=9 --no-owner --no-privileges --file="$BACKUP_DIR/$stamp.dump.partial"
pg_restore --list "$BACKUP_DIR/$stamp.dump.partial" > /dev/null
mv "$BACKUP_DIR/$stamp.dump.partial" "$BACKUP_DIR/$stamp.dump"
printf '%s\\n' "$stamp" > "$BACKUP_DIR/STAMP"
echo "dumped $(wc -c < "$BACKUP_DIR/$stamp.dump") bytes"
`;

/** Uploads the dump under `<prefix>/<date>/<stamp>.dump`, then points `<prefix>/LATEST` at it. */
export const UPLOAD_SCRIPT = `set -eu
stamp=$(cat "$BACKUP_DIR/STAMP")
key="$PREFIX/\${stamp%%T*}/$stamp.dump"
put "$BACKUP_DIR/$stamp.dump" "$key"
printf '%s\\n' "$key" > "$BACKUP_DIR/LATEST"
put "$BACKUP_DIR/LATEST" "$PREFIX/LATEST"
echo "uploaded $key"
`;

/** Downloads the backup `<prefix>/LATEST` points at. */
export const DOWNLOAD_SCRIPT = `set -eu
get "$PREFIX/LATEST" "$BACKUP_DIR/LATEST"
key=$(cat "$BACKUP_DIR/LATEST")
get "$key" "$BACKUP_DIR/latest.dump"
echo "downloaded $key"
`;

/**
 * Restores the downloaded backup into a fresh database of the scratch server
 * (PGHOST/PGPORT/PGUSER), runs every check (`CHECKS_DIR/<name>.sql`, each
 * returning one boolean), and exits non-zero when the restore or a check fails.
 */
export const RESTORE_SCRIPT = `set -eu
start=$(date +%s)
until pg_isready --quiet; do sleep 1; done
createdb drill
pg_restore --exit-on-error --no-owner --no-privileges --dbname=drill "$BACKUP_DIR/latest.dump"
failed=0
for check in "$CHECKS_DIR"/*.sql; do
  name=$(basename "$check" .sql)
  result=$(psql --dbname=drill --no-psqlrc --tuples-only --no-align --set=ON_ERROR_STOP=1 --file="$check" 2>&1) || true
  if [ "$result" = t ]; then
    echo "check $name: ok"
  else
    echo "check $name: FAILED: $result"
    failed=1
  fi
done
echo "restored $(cat "$BACKUP_DIR/LATEST") in $(( $(date +%s) - start ))s"
exit "$failed"
`;
