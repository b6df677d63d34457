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
import { arr, obj, strings } from './checks';
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
    actions: ['createfunction', 'updatefunctioncode', 'updatefunctionconfiguration', 'addpermission', 'createeventsourcemapping'],
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
    actions: ['sendcommand', 'startsession', 'startautomationexecution'],
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
  const entry = AWS_ESCALATIONS.find((e) => e.service === service);
  if (!entry) return undefined;
  const escalates =
    entry.actions === 'all'
      ? true
      : entry.actions === 'writes'
        ? wildcard || !/^(get|list)/.test(name)
        : entry.actions.some((a) => (wildcard ? a.startsWith(prefix) : a === name));
  return escalates ? entry.why : undefined;
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
    role: /^roles\/(deploymentmanager\.editor|cloudbuild\.builds\.editor|dataproc\.(editor|admin)|dataflow\.developer)$/,
    why: "what it creates runs as the project's service accounts",
  },
];

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
    });
  });
  strings(p, `${path}.cloudAccess.gcp`, a.gcp).forEach((r, j) => {
    const why = GCP_ESCALATIONS.find((e) => e.role.test(r))?.why;
    if (!/^(roles|projects\/[a-z0-9-]+\/roles|organizations\/\d+\/roles)\/[A-Za-z0-9_.]+$/.test(r)) {
      p.add(`${path}.cloudAccess.gcp[${j}]`, r, '{value} must be an IAM role such as "roles/storage.objectViewer"');
    } else if (['roles/owner', 'roles/editor', 'roles/viewer'].includes(r)) {
      p.add(`${path}.cloudAccess.gcp[${j}]`, r, '{value} is a basic role: grant a predefined or custom role (least privilege)');
    } else if (why) {
      p.add(
        `${path}.cloudAccess.gcp[${j}]`,
        r,
        `{value} lets the service give itself more access (${why}): grant a role without IAM administration or impersonation (least privilege)`,
      );
    }
  });
}
