/**
 * Rules for the cloud names a stack's name becomes (lib/core/cloud-names.ts): each must fit its provider's
 * limit, or the first `pulumi up` fails at that resource, after the others were created.
 */
import type { Environment } from '../spec/stack';
import { type NameContext, IRSA_ROLE, cloudNameLimits, cloudNameOf, maxStackName } from '../cloud-names';
import { resolveEnvironment } from '../resolve';
import { isBucketName, isDns1123Label } from '../names';
import { backupReplicaBucket, defaultBackupBucket } from '../naming';
import { cloudProfile } from '../cloud';
import { isObject } from './checks';
import type { Problems } from './problems';

type Obj = Record<string, unknown>;

function context(props: Obj): NameContext | undefined {
  if (props.cloud !== 'aws' && props.cloud !== 'gcp') return undefined;
  return {
    cloud: props.cloud,
    standby: isObject(props.dr) && props.dr.standbyRegion !== undefined,
    postgres: props.postgres !== undefined,
    redis: props.redis !== undefined,
  };
}

const features = (c: NameContext) =>
  [c.standby && 'a standby region', c.postgres && 'PostgreSQL', c.redis && 'Redis'].filter(Boolean).join(', ') || 'no datastore';

/** The stack's name, each service's IRSA role, and the default backup bucket fit their providers' limits. */
export function checkCloudNames(p: Problems, props: Obj): void {
  const c = context(props);
  const stack = props.name;
  if (c === undefined || typeof stack !== 'string' || !isDns1123Label(stack)) return;
  if (!/^[a-z]/.test(stack) || stack.includes('--')) {
    p.add(
      'name',
      stack,
      '{value} must start with a letter and hold no "--": the names of the GKE cluster, the Cloud SQL and Memorystore instances and the RDS and ElastiCache identifiers begin with it, and their APIs refuse both',
    );
    return;
  }
  const over = cloudNameLimits(c)
    .map((row) => ({ row, name: cloudNameOf(stack, row, c) }))
    .find(({ row, name }) => name.length > row.max);
  if (over) {
    p.add(
      'name',
      stack,
      `{value} makes the ${over.row.what}'s name "${over.name}" ${over.name.length} characters long (${over.row.max} at most${over.row.autonamed ? ', with the 7 random characters Pulumi appends' : ''}): on ${c.cloud} with ${features(c)} a stack name has at most ${maxStackName(c)} characters`,
    );
    return;
  }
  if (c.cloud === 'aws' && Array.isArray(props.services)) {
    props.services.forEach((s, i) => {
      if (!isObject(s) || typeof s.name !== 'string' || !isObject(s.cloudAccess) || s.cloudAccess.aws === undefined) return;
      const role = IRSA_ROLE.name(stack, s.name);
      if (role.length > IRSA_ROLE.max) {
        p.add(
          `services[${i}].name`,
          s.name,
          `{value} makes its ${IRSA_ROLE.what}'s name "${role}" ${role.length} characters long (${IRSA_ROLE.max} at most, with the 7 random characters Pulumi appends): the stack's and the service's names together have at most ${IRSA_ROLE.max - IRSA_ROLE.name('', '').length} characters`,
        );
      }
    });
  }
  const dr = isObject(props.dr) ? props.dr : {};
  const environment = resolveEnvironment(typeof props.environment === 'string' ? (props.environment as Environment) : undefined);
  if (c.postgres && dr.backupBucket === undefined) {
    const bucket = defaultBackupBucket(stack, environment);
    const longest = c.standby && cloudProfile(c.cloud).storage.standbyBucket === 'replica' ? backupReplicaBucket(bucket) : bucket;
    if (!isBucketName(longest)) {
      p.add(
        'name',
        stack,
        `{value} makes the backup bucket's name "${longest}" ${longest.length} characters long (63 at most): give dr.backupBucket, or a shorter name`,
      );
    }
  }
}
