/**
 * Rules for `cloudAccess`: the permissions the Pulumi side grants a service's
 * cloud identity (AWS: the inline policy of its IRSA role, `lib/aws/service-identity.ts`;
 * GCP: project roles of its Google service account, `lib/gcp/service-identity.ts`).
 *
 * Least privilege: each AWS action is one action or one prefix of actions
 * (`s3:Get*`), each resource a full ARN that names something; no permission
 * lets the service give itself more than it was granted (the escalation
 * tables below: grant those to a deployment role, never to a workload).
 */
import type { Environment } from '../spec/stack';
import { resolveEnvironment } from '../resolve';
import { backupReplicaBucket, datastoreRemoteKey, defaultBackupBucket } from '../naming';
import { arr, isObject, obj, strings } from './checks';
import type { Problems } from './problems';

/** An IAM action: `service:Name`, or `service:Prefix*` (one `*`, last, after a non-empty prefix). */
const AWS_ACTION = /^[a-z0-9-]+:[A-Za-z][A-Za-z0-9]*\*?$/;

/**
 * An ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. Region and
 * account may be empty (S3, IAM), the account may be `aws` (AWS managed
 * policies); the resource part is checked on its own.
 */
const ARN = /^arn:aws(-[a-z]+)*:[a-z0-9-]+:([a-z]{2}(-[a-z]+)+-\d+)?:(\d{12}|aws)?:(\S+)$/;

/** AWS actions by which an identity gives itself more access, by service. */
interface AwsEscalation {
  /** Service prefix of the actions. */
  readonly service: string;
  /** Why the actions escalate, shown in the error. */
  readonly why: string;
  /**
   * The escalating actions (lower case); `'all'` every action of the service;
   * `'writes'` every action but exact reads (`Get...`, `List...`, allowed one by one).
   */
  readonly actions: readonly string[] | 'all' | 'writes';
}

/**
 * The known privilege-escalation actions (Rhino Security Labs' AWS IAM
 * privilege escalation methods; EKS access entries; KMS grants). `iam:PassRole`
 * is here, so the methods that need it with another action (ec2:RunInstances,
 * lambda:CreateFunction, glue:CreateDevEndpoint, cloudformation:CreateStack)
 * are closed by refusing it.
 */
export const AWS_ESCALATIONS: readonly AwsEscalation[] = [
  { service: 'iam', actions: 'writes', why: 'IAM writes change permissions: attach or put policies, pass roles, create keys' },
  { service: 'organizations', actions: 'all', why: 'Organizations controls the accounts and their policies' },
  { service: 'sso', actions: 'all', why: 'IAM Identity Center permission sets grant access to accounts' },
  {
    service: 'sts',
    actions: ['assumerole', 'assumerolewithsaml', 'assumerolewithwebidentity', 'assumeroot', 'getfederationtoken'],
    why: "assuming a role takes that role's permissions",
  },
  { service: 'kms', actions: ['creategrant', 'putkeypolicy', 'replicatekey'], why: 'a key grant or key policy gives access to a key' },
  {
    service: 'lambda',
    actions: [
      'createfunction',
      'updatefunctioncode',
      'updatefunctionconfiguration',
      'addpermission',
      'createeventsourcemapping',
      'createfunctionurlconfig',
      'updatefunctionurlconfig',
    ],
    why: "changing a function's code runs it with the function's role",
  },
  {
    service: 'cloudformation',
    actions: ['createstack', 'updatestack', 'createchangeset', 'executechangeset', 'createstackset', 'updatestackset', 'setstackpolicy'],
    why: "a stack acts with the stack's service role",
  },
  { service: 'glue', actions: ['createdevendpoint', 'updatedevendpoint'], why: "a dev endpoint runs with its role's permissions" },
  {
    service: 'ssm',
    actions: ['sendcommand', 'startsession', 'startautomationexecution', 'createassociation', 'updateassociation'],
    why: "commands run on an instance with its role's permissions",
  },
  {
    service: 'ec2-instance-connect',
    actions: ['sendsshpublickey', 'sendserialconsolesshpublickey'],
    why: "a shell on an instance has its role's permissions",
  },
  {
    service: 'codebuild',
    actions: ['createproject', 'updateproject', 'startbuild', 'startbuildbatch'],
    why: "a build runs with the project's role",
  },
  {
    service: 'ecs',
    actions: ['executecommand', 'runtask', 'starttask'],
    why: "a shell or a command override in a container runs with its task's role",
  },
  {
    service: 'ec2',
    actions: [
      'modifyinstanceattribute',
      'createlaunchtemplateversion',
      'modifylaunchtemplate',
      'modifysnapshotattribute',
      'modifyimageattribute',
    ],
    why: "new user data or launch templates run with the instance's role; snapshot and image attributes share them with other accounts",
  },
  {
    service: 'eks',
    actions: ['updateclusterconfig', 'associateidentityproviderconfig'],
    why: "it changes who reaches the cluster's Kubernetes API",
  },
  {
    service: 'sagemaker',
    actions: ['createpresignednotebookinstanceurl', 'createpresigneddomainurl'],
    why: "a notebook runs with its role's permissions",
  },
  {
    service: 'rds',
    actions: [
      'modifydbinstance',
      'modifydbcluster',
      'restoredbinstancefromdbsnapshot',
      'restoredbclusterfromsnapshot',
      'modifydbsnapshotattribute',
      'modifydbclustersnapshotattribute',
    ],
    why: "it resets a database's master password (a restored copy's too) or shares its snapshots, the stack's database included",
  },
  {
    service: 'elasticache',
    actions: ['modifyreplicationgroup', 'modifycachecluster', 'modifyuser', 'modifyusergroup'],
    why: "it changes a cache's AUTH token or users, the stack's Redis included",
  },
  // resource policies: a policy on a resource grants access to any principal, another account's included
  ...(
    [
      [
        's3',
        [
          'putbucketpolicy',
          'deletebucketpolicy',
          'putbucketacl',
          'putaccesspointpolicy',
          'putbucketpublicaccessblock',
          'putaccountpublicaccessblock',
          'putmultiregionaccesspointpolicy',
        ],
      ],
      ['secretsmanager', ['putresourcepolicy', 'deleteresourcepolicy']],
      ['sqs', ['setqueueattributes', 'addpermission']],
      ['sns', ['settopicattributes', 'addpermission']],
      ['ecr', ['setrepositorypolicy', 'putregistrypolicy']],
      ['logs', ['putresourcepolicy']],
      ['events', ['putpermission']],
      ['glacier', ['setvaultaccesspolicy']],
      ['backup', ['putbackupvaultaccesspolicy']],
      ['elasticfilesystem', ['putfilesystempolicy']],
      ['dynamodb', ['putresourcepolicy']],
      ['kinesis', ['putresourcepolicy']],
      ['ram', ['createresourceshare', 'associateresourceshare']],
    ] as const
  ).map(([service, actions]) => ({
    service,
    actions,
    why: "a resource policy, ACL or share grants access to the resource to any principal, another account's included",
  })),
  {
    service: 'eks',
    actions: [
      'createaccessentry',
      'updateaccessentry',
      'associateaccesspolicy',
      'createpodidentityassociation',
      'updatepodidentityassociation',
    ],
    why: 'an access entry or pod identity maps an IAM principal to cluster or AWS permissions',
  },
];

/** Why `action` (`service:Name` or `service:Prefix*`) lets a service escalate, or `undefined`. IAM action names ignore case. */
export function awsEscalation(action: string): string | undefined {
  const colon = action.indexOf(':');
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1).toLowerCase();
  const wildcard = name.endsWith('*');
  const prefix = wildcard ? name.slice(0, -1) : name;
  const escalates = (entry: AwsEscalation): boolean =>
    entry.actions === 'all'
      ? true
      : entry.actions === 'writes'
        ? wildcard || !/^(get|list)/.test(name)
        : entry.actions.some((a) => (wildcard ? a.startsWith(prefix) : a === name));
  return AWS_ESCALATIONS.find((e) => e.service === service && escalates(e))?.why;
}

/**
 * GCP roles by which a service account gives itself more access: the basic
 * roles, impersonation of other service accounts (Prowler's list of roles
 * dangerous at project level), IAM and resource manager administration, and
 * roles whose resources run as the project's service accounts.
 */
export const GCP_ESCALATIONS: readonly { readonly role: RegExp; readonly why: string }[] = [
  {
    role: /^roles\/iam\.(serviceAccountUser|serviceAccountTokenCreator|serviceAccountOpenIdTokenCreator|workloadIdentityUser)$/,
    why: 'it acts as any service account of the project',
  },
  { role: /^roles\/(iam|resourcemanager)\.[A-Za-z]*[Aa]dmin$/, why: 'it administers IAM: it can grant any role, to its own account too' },
  {
    role: /^roles\/(resourcemanager\.tagUser|orgpolicy\.policyAdmin|compute\.securityAdmin|logging\.admin)$/,
    why: "it changes the policies, tags, firewall rules or audit logs that the project's other grants and defences rest on",
  },
  { role: /^roles\/gkebackup\.[A-Za-z]*[Aa]dmin$/, why: 'it backs up and restores the cluster, its Secrets included' },
  {
    role: /^roles\/(deploymentmanager\.editor|cloudbuild\.builds\.editor|dataproc\.(editor|admin)|dataflow\.developer)$/,
    why: "what it creates runs as the project's service accounts",
  },
];

/**
 * GCP roles that are too wide for a grant on the whole project, which is how
 * the library grants `cloudAccess.gcp` (`lib/gcp/service-identity.ts`: one
 * IAM member per role on the project): each would reach every resource of its
 * kind in the project, the stack's own included (the datastore credentials in
 * Secret Manager, the database backups in Cloud Storage, the cluster's
 * Kubernetes API and nodes). Grant such a role on one resource instead, to
 * an identity of your own (`cloudIdentity`).
 *
 * `roles/cloudsql.client` (and `instanceUser`) stay allowed: connecting to an
 * instance still takes a database user and password, which only services
 * wired to `postgres` receive. Viewer roles of metadata
 * (`roles/secretmanager.viewer`) stay allowed too.
 *
 * Custom roles (`projects/<id>/roles/<name>`, `organizations/<id>/roles/<name>`)
 * are accepted: validation cannot see their permissions (the project is known
 * only at deploy time, from the cluster), they exist only if the project's IAM
 * administrators defined them, IAM grants a project's custom role on that
 * project only (another project's fails at apply time, it widens nothing),
 * and they are how least privilege goes below the predefined roles. Defining
 * them is the platform team's decision, and so is what they hold.
 */
export const GCP_PROJECT_WIDE: readonly { readonly role: RegExp; readonly why: string }[] = [
  {
    role: /^roles\/(container\.[A-Za-z.]+|gkehub\.gateway[A-Za-z]+)$/,
    why: "reaches the cluster's Kubernetes API or its configuration, beyond what the service's rbac grants",
  },
  {
    role: /^roles\/secretmanager\.(?!viewer$)[A-Za-z.]+$/,
    why: "reads or writes every secret, the stack's datastore credentials included",
  },
  {
    role: /^roles\/storage\.(admin|object[A-Za-z]*|folderAdmin|managedFolder[A-Za-z]*|hmacKeyAdmin)$/,
    why: "reads or writes every object of every bucket, the stack's database backups included",
  },
  {
    role: /^roles\/(cloudsql\.(admin|editor)|alloydb\.admin|redis\.admin|memcache\.admin)$/,
    why: "administers every database and cache: it resets their users' passwords and reads their AUTH strings, the stack's included",
  },
  {
    role: /^roles\/compute\.(admin|instanceAdmin(\.v1)?|osAdminLogin|osLogin)$/,
    why: "logs in to or rewrites the project's VMs, the cluster's nodes included, and so reaches every pod on them",
  },
  {
    role: /^roles\/cloudkms\.([A-Za-z]*Decrypter[A-Za-z]*|cryptoOperator)$/,
    why: 'decrypts with every key of the project',
  },
  {
    role: /^roles\/cloudkms\.admin$/,
    why: 'administers every key of the project, and so grants itself decryption with them',
  },
];

/** An AWS resource part whose name starts with a wildcard (`secret:*`, `key/*`, `*-jobs`), as shown in the error, or `undefined`. */
function wildcardId(service: string, regionless: boolean, resource: string): string | undefined {
  const wild = (x: string) => x.startsWith('*') || x.startsWith('?');
  // S3 `bucket/key` (no region, no account) and API Gateway `api-id/stage/...`: the first segment is the name
  if ((service === 's3' && regionless) || service === 'execute-api') {
    const first = resource.split('/')[0];
    return wild(first) ? first : undefined;
  }
  if (wild(resource)) return resource;
  // `type/id` or `type:id`
  const m = /^[A-Za-z][A-Za-z0-9-]*[:/]/.exec(resource);
  return m && wild(resource.slice(m[0].length)) ? resource : undefined;
}

/** Checks one service's `cloudAccess` (and that it does not also give `cloudIdentity`). */
export function cloudAccess(p: Problems, path: string, s: Record<string, unknown>): void {
  const a = obj(p, `${path}.cloudAccess`, s.cloudAccess);
  if (s.cloudIdentity !== undefined) {
    p.add(
      `${path}.cloudAccess`,
      '<cloudAccess>',
      'give either cloudIdentity (an identity you manage) or cloudAccess (one the library creates), not both',
    );
  }
  arr(p, `${path}.cloudAccess.aws`, a.aws).forEach((st, i) => {
    const at = `${path}.cloudAccess.aws[${i}]`;
    const o = obj(p, at, st);
    const actions = strings(p, `${at}.actions`, o.actions);
    if (actions.length === 0) p.add(`${at}.actions`, o.actions, 'a permission needs at least one action');
    actions.forEach((x, j) => {
      const why = AWS_ACTION.test(x) ? awsEscalation(x) : undefined;
      if (x === '*' || /^[a-z0-9-]+:\*$/.test(x))
        p.add(`${at}.actions[${j}]`, x, '{value} grants every action of the service: list the actions (least privilege)');
      else if (!AWS_ACTION.test(x))
        p.add(
          `${at}.actions[${j}]`,
          x,
          '{value} must be an IAM action such as "s3:GetObject", or a prefix of one such as "s3:Get*" (one "*", last)',
        );
      else if (why)
        p.add(
          `${at}.actions[${j}]`,
          x,
          `{value} lets the service give itself more access (${why}): grant it to a deployment role, not to a workload`,
        );
    });
    const resources = strings(p, `${at}.resources`, o.resources);
    if (resources.length === 0) p.add(`${at}.resources`, o.resources, 'a permission needs at least one resource ARN');
    resources.forEach((x, j) => {
      const arn = ARN.exec(x);
      if (x === '*') p.add(`${at}.resources[${j}]`, x, '"*" is every resource: name the ARNs (least privilege)');
      else if (!arn)
        p.add(
          `${at}.resources[${j}]`,
          x,
          '{value} must be a full ARN "arn:<partition>:<service>:<region>:<account>:<resource>", such as "arn:aws:s3:::my-bucket/*"',
        );
      else if (!/[^*?/:]/.test(arn[5]))
        p.add(`${at}.resources[${j}]`, x, '{value} names every resource of the service: name the resources (least privilege)');
      else if (x.includes('$'))
        p.add(
          `${at}.resources[${j}]`,
          x,
          '{value} holds a policy variable ("${...}"), which IAM fills in at request time: name the resources',
        );
      else if (x.length > 2048) p.add(`${at}.resources[${j}]`, '<resource>', 'a resource ARN is at most 2048 characters');
      else {
        const id = wildcardId(x.split(':')[2], arn[2] === undefined && arn[4] === undefined, arn[5]);
        if (id)
          p.add(
            `${at}.resources[${j}]`,
            x,
            `{value} names every resource of its type (${id}): name the resources, or a prefix of their names (least privilege)`,
          );
      }
    });
  });
  strings(p, `${path}.cloudAccess.gcp`, a.gcp).forEach((r, j) => {
    // Compared as IAM spells the predefined roles: a role in another case is found too (and refused below).
    const known = [...GCP_ESCALATIONS, ...GCP_PROJECT_WIDE].map((e) => e.role);
    const spelled = r.startsWith('roles/') ? r : undefined;
    if (spelled && !known.some((re) => re.test(r)) && known.some((re) => new RegExp(re.source, 'i').test(r)))
      p.add(`${path}.cloudAccess.gcp[${j}]`, r, '{value} is a predefined role in the wrong case: IAM role names are case-sensitive');
    const why = GCP_ESCALATIONS.find((e) => e.role.test(r))?.why;
    const wide = GCP_PROJECT_WIDE.find((e) => e.role.test(r))?.why;
    if (!/^(roles|projects\/[a-z0-9-]+\/roles|organizations\/\d+\/roles)\/[A-Za-z0-9_.]+$/.test(r)) {
      p.add(`${path}.cloudAccess.gcp[${j}]`, r, '{value} must be an IAM role such as "roles/pubsub.publisher"');
    } else if (['roles/owner', 'roles/editor', 'roles/viewer'].includes(r)) {
      p.add(`${path}.cloudAccess.gcp[${j}]`, r, '{value} is a basic role: grant a predefined or custom role (least privilege)');
    } else if (why) {
      p.add(
        `${path}.cloudAccess.gcp[${j}]`,
        r,
        `{value} lets the service give itself more access (${why}): grant a role without IAM administration or impersonation (least privilege)`,
      );
    } else if (wide) {
      p.add(
        `${path}.cloudAccess.gcp[${j}]`,
        r,
        `{value} is granted on the whole project, where it ${wide}: give cloudIdentity, an identity granted on the resources themselves`,
      );
    }
  });
}

/**
 * True when the IAM resource pattern `pattern` (`*` any run of characters, `/`
 * included; `?` one character) matches some string that starts with
 * `prefix`, or, when `exact`, `prefix` itself. The set of positions of the
 * pattern reachable after each character of `prefix` is kept, so the cost is
 * at most the product of the two lengths (a resource is at most 2048
 * characters, the prefix a bucket or secret name).
 */
export function globReaches(pattern: string, prefix: string, exact = false): boolean {
  // positions of `pattern` reachable so far, each `*` also skipped
  const closure = (set: Set<number>): Set<number> => {
    for (const i of set) if (pattern[i] === '*') set.add(i + 1);
    return set;
  };
  let at = closure(new Set([0]));
  for (const c of prefix) {
    const next = new Set<number>();
    for (const i of at) {
      if (i >= pattern.length) continue;
      if (pattern[i] === '*') next.add(i);
      else if (pattern[i] === '?' || pattern[i] === c) next.add(i + 1);
    }
    if (next.size === 0) return false;
    at = closure(next);
  }
  return exact ? at.has(pattern.length) : at.size > 0;
}

/**
 * The stack's own resources that no service's `cloudAccess.aws` may cover,
 * even through a wildcard: the logical backups' bucket and its replica (only
 * the backup jobs' identity reads and writes the database dumps), and the
 * secret-manager keys of the datastores' connection details (services receive
 * them through their `postgres`, `redis` and `nats` wiring; the NATS entry
 * holds every user's password). On GCP, the project-wide roles that would
 * reach them are refused per role ({@link GCP_PROJECT_WIDE}).
 */
export function checkCloudAccessTargets(p: Problems, props: Record<string, unknown>): void {
  if (typeof props.name !== 'string') return;
  const environment = resolveEnvironment(typeof props.environment === 'string' ? (props.environment as Environment) : undefined);
  const dr = isObject(props.dr) ? props.dr : {};
  const bucket = typeof dr.backupBucket === 'string' ? dr.backupBucket : defaultBackupBucket(props.name, environment);
  const buckets = [bucket, backupReplicaBucket(bucket)];
  const keys = (['postgres', 'redis', 'nats'] as const).map((store) => datastoreRemoteKey(props.name as string, environment, store));
  const services = Array.isArray(props.services) ? props.services : [];
  services.forEach((s, i) => {
    if (!isObject(s) || !isObject(s.cloudAccess) || !Array.isArray(s.cloudAccess.aws)) return;
    s.cloudAccess.aws.forEach((st, j) => {
      if (!isObject(st) || !Array.isArray(st.resources)) return;
      st.resources.forEach((x, k) => {
        if (typeof x !== 'string' || x.length > 2048) return;
        const arn = ARN.exec(x);
        if (!arn) return;
        const service = x.split(':')[2];
        const at = `services[${i}].cloudAccess.aws[${j}].resources[${k}]`;
        const b = service === 's3' ? buckets.find((name) => globReaches(arn[5], name, true) || globReaches(arn[5], `${name}/`)) : undefined;
        const key = service === 'secretsmanager' ? keys.find((name) => globReaches(arn[5], `secret:${name}`)) : undefined;
        if (b) p.add(at, x, `{value} covers the stack's database backups (bucket ${b}): only the backup jobs reach them`);
        else if (key)
          p.add(
            at,
            x,
            `{value} covers the stack's datastore credentials (${key}): a service receives them through its postgres, redis and nats wiring`,
          );
      });
    });
  });
}

/**
 * The names under `<stack>-` of the Google service accounts the library creates itself (the account ID is made
 * from that name, lib/gcp/naming.ts): the backup's and the drill's, the nodes' of each cluster, and each add-on's
 * on each cluster. A service's own account is `<stack>-<service>`, so a service named like one of them would get
 * the same account ID, and Google refuses the second account (409) in the middle of `pulumi up`.
 */
export const LIBRARY_ACCOUNT_NAMES = [/^backups(-drill)?$/, /^(standby-)?cluster-nodes$/, /^(standby-)?addons-/];

/** On GCP, a service with `cloudAccess.gcp` may not take the name of one of the library's own Google service accounts. */
export function checkGcpAccountNames(p: Problems, props: Record<string, unknown>): void {
  if (props.cloud !== 'gcp' || !Array.isArray(props.services)) return;
  props.services.forEach((s, i) => {
    if (!isObject(s) || typeof s.name !== 'string' || !isObject(s.cloudAccess) || !Array.isArray(s.cloudAccess.gcp)) return;
    if (LIBRARY_ACCOUNT_NAMES.some((re) => re.test(s.name as string)))
      p.add(
        `services[${i}].name`,
        s.name,
        `{value} with cloudAccess.gcp would get the Google service account ${String(props.name)}-${s.name}, which the library creates for itself: choose another name`,
      );
  });
}
