/**
 * README's "Identities and what each may do" names every identity a stack creates or hands a credential to.
 * For every example and a stack with every option on each cloud, the offline plan's identities must each match a
 * name the section gives in backquotes (`<stack>-backups-role`, `<stack>[-standby]-cluster-node-role`,
 * `<stack>-<service>-irsa`):
 *
 * - IAM roles, OIDC providers, Google service accounts and every IAM grant (project, bucket, key, topic, zone and
 *   Workload Identity members), by logical name; the AWS managed policies attached to a role and the Google roles
 *   granted must be named too (a service's own `cloudAccess.gcp` roles aside: they are the spec's);
 * - generated credentials (passwords, tokens) and Cloud SQL users, by logical name;
 * - Kubernetes ServiceAccounts, Roles and RoleBindings, by object name (`<service>`, `<cronjob>`, `<stack>-backup`);
 * - add-on Helm releases, by release name.
 *
 * And every `<stack>` name of the section must still be in some plan, so that it does not outlive what it names.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { examples } from '../../examples';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';
import { everything } from '../support/everything';

/* eslint-disable @typescript-eslint/no-explicit-any */

const HEADING = '### Identities and what each may do';

/** The section: from its heading to the next heading of level 1 to 3. */
function identitiesSection(readme: string): string {
  const start = readme.indexOf(`\n${HEADING}\n`);
  if (start < 0) throw new Error(`README.md has no "${HEADING}" section`);
  const rest = readme.slice(start + 1 + HEADING.length);
  const end = rest.search(/\n#{1,3} /);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The backquoted spans of a text. */
const spans = (text: string): string[] => [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);

const SPECS: readonly [string, ProductionStackProps][] = [
  ...Object.entries(examples),
  ['every option on AWS', everything(awsFixture)],
  ['every option on GCP', everything(gcpFixture)],
];

/** Identities named by their Pulumi logical name. */
const BY_LOGICAL_NAME =
  /^(aws:iam\/(role:Role|openIdConnectProvider:)|gcp:serviceaccount\/account:Account$|gcp:[a-z]+\/[A-Za-z]*I[Aa][Mm](Member|Binding):|random:index\/random(Password|String):|gcp:sql\/user:User$|gcp:logging\/projectSink:)/;
/** Kubernetes identities, named by their object name. */
const BY_OBJECT_NAME = /^kubernetes:(core\/v1:ServiceAccount|rbac\.authorization\.k8s\.io\/v1:(Cluster)?Role(Binding)?)$/;
const HELM_RELEASE = 'kubernetes:helm.sh/v3:Release';
const POLICY_ATTACHMENT = 'aws:iam/rolePolicyAttachment:RolePolicyAttachment';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (names: readonly string[]) => (names.length > 0 ? `(?:${names.map(escape).join('|')})` : '(?!)');

/** The placeholders a name of the section may hold, as regular expressions for one spec. */
function placeholders(spec: ProductionStackProps): Record<string, string> {
  const services = spec.services.map((s) => s.name);
  return {
    '<stack>': escape(spec.name),
    '[-standby]': '(?:-standby)?',
    '<service>': anyOf(services),
    '<cronjob>': anyOf((spec.cronJobs ?? []).map((j) => j.name)),
    '<user>': anyOf([
      ...spec.services.filter((s) => s.nats).map((s) => s.name),
      ...(spec.nats?.publishers ?? []).map((p) => p.name),
      'jetstream-controller',
    ]),
    '<role>': '[a-z0-9-]+',
    // a PostgreSQL login role (lib/core/postgres-roles.ts)
    '<login>': '(?:app_migrate|app_backup|app_monitor|svc_[a-z0-9_]+|job_[a-z0-9_]+)',
  };
}

const PLACEHOLDER = /(<stack>|\[-standby\]|<service>|<cronjob>|<user>|<role>|<login>)/;

/**
 * A name of the section as a whole-name regex for one spec, or undefined for a span that names no resource (a key
 * prefix, an action, a placeholder the plans cannot resolve).
 */
function patternOf(span: string, spec: ProductionStackProps): RegExp | undefined {
  if (!/^[<[a-z][-a-z0-9<>[\]]*$/.test(span)) return undefined;
  // odd parts are the placeholders, even ones the literal text between them
  const parts = span.split(PLACEHOLDER);
  if (parts.some((part, i) => i % 2 === 0 && /[<>[\]]/.test(part))) return undefined;
  const ph = placeholders(spec);
  return new RegExp(`^${parts.map((part, i) => (i % 2 === 1 ? ph[part] : escape(part))).join('')}$`);
}

/** The section's names, as whole-name regexes for one spec. */
function namePatterns(section: string, spec: ProductionStackProps): { span: string; re: RegExp }[] {
  return [...new Set(spans(section))].flatMap((span) => {
    const re = patternOf(span, spec);
    return re ? [{ span, re }] : [];
  });
}

/** What a plan holds that the section must name: `what` is shown in a failure. */
interface Identity {
  readonly what: string;
  readonly name: string;
}

function identities(planned: readonly PlanResource[]): Identity[] {
  const out: Identity[] = [];
  for (const r of planned) {
    if (BY_LOGICAL_NAME.test(r.type)) out.push({ what: `${r.type} ${r.name}`, name: r.name });
    else if (BY_OBJECT_NAME.test(r.type)) {
      const m = (r.inputs as any).metadata ?? {};
      out.push({ what: `${r.type} ${m.namespace}/${m.name} (${r.name})`, name: String(m.name) });
    } else if (r.type === HELM_RELEASE) {
      const name = String((r.inputs as any).name);
      out.push({ what: `Helm release ${name} (${r.name})`, name });
    }
  }
  return out;
}

/** What the plan's identities may do that the section must name: attached AWS managed policies and granted Google roles. */
function permissions(planned: readonly PlanResource[], spec: ProductionStackProps): Identity[] {
  const specRoles = new Set(spec.services.flatMap((s) => s.cloudAccess?.gcp ?? []));
  const out: Identity[] = [];
  for (const r of planned) {
    const inputs = r.inputs as any;
    if (r.type === POLICY_ATTACHMENT) {
      const policy = String(inputs.policyArn).split('/').pop()!;
      out.push({ what: `managed policy ${policy} of ${r.name}`, name: policy });
    } else if (/^gcp:/.test(r.type) && typeof inputs.role === 'string' && !specRoles.has(inputs.role)) {
      out.push({ what: `${inputs.role} of ${r.name}`, name: inputs.role });
    }
  }
  return out;
}

/** Every name a plan gives: logical names, physical names, object names, account IDs. */
function planNames(planned: readonly PlanResource[]): string[] {
  return planned.flatMap((r) => {
    const i = r.inputs as any;
    return [r.name, i.name, i.metadata?.name, i.accountId].filter((n): n is string => typeof n === 'string');
  });
}

/** The section's failures on one plan: identities and permissions it does not name. */
function undocumented(section: string, spec: ProductionStackProps, planned: readonly PlanResource[]): string[] {
  const patterns = namePatterns(section, spec);
  const named = new Set(spans(section));
  return [
    ...identities(planned)
      .filter((id) => !patterns.some((p) => p.re.test(id.name)))
      .map((id) => `${id.what}: not named in README's "Identities and what each may do"`),
    ...permissions(planned, spec)
      .filter((p) => !named.has(p.name))
      .map((p) => `${p.what}: not named in README's "Identities and what each may do"`),
  ];
}

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README names every identity of the plans', () => {
  let section = '';
  const plans = new Map<string, PlanResource[]>();
  beforeAll(async () => {
    section = identitiesSection(readme);
    for (const [label, spec] of SPECS) plans.set(label, await plan(() => new ProductionStack(spec.name, spec)));
  });

  test.each(SPECS)('%s: every identity, grant and credential is in the section', (label, spec) => {
    const planned = plans.get(label)!;
    expect(undocumented(section, spec, planned)).toEqual([]);
    // the plan has identities to check
    expect(identities(planned).length).toBeGreaterThan(10);
  });

  test('every <stack> name of the section is in some plan', () => {
    const stale = namePatterns(section, SPECS[0][1])
      .map((p) => p.span)
      .filter((span) => span.includes('<stack>'))
      .filter((span) => !SPECS.some(([label, spec]) => planNames(plans.get(label)!).some((n) => patternOf(span, spec)!.test(n))));
    expect(stale).toEqual([]);
  });

  test('the every-option plans hold every kind of identity the section describes', () => {
    const kinds = (label: string) => new Set(plans.get(label)!.map((r) => r.type));
    for (const type of ['aws:iam/role:Role', 'aws:iam/openIdConnectProvider:OpenIdConnectProvider', POLICY_ATTACHMENT])
      expect(kinds('every option on AWS')).toContain(type);
    for (const type of [
      'gcp:serviceaccount/account:Account',
      'gcp:projects/iAMMember:IAMMember',
      'gcp:serviceaccount/iAMMember:IAMMember',
      'gcp:storage/bucketIAMMember:BucketIAMMember',
      'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember',
      'gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember',
      'gcp:pubsub/topicIAMMember:TopicIAMMember',
    ])
      expect(kinds('every option on GCP')).toContain(type);
    for (const label of ['every option on AWS', 'every option on GCP'])
      for (const type of ['kubernetes:core/v1:ServiceAccount', 'kubernetes:rbac.authorization.k8s.io/v1:Role', HELM_RELEASE])
        expect(kinds(label)).toContain(type);
  });

  test('a section without one identity fails', () => {
    const [label, spec] = SPECS.find(([l]) => l === 'every option on AWS')!;
    const without = section.replaceAll('`<stack>-backups-role`', '');
    expect(undocumented(without, spec, plans.get(label)!)).toEqual([
      `aws:iam/role:Role shop-backups-role: not named in README's "Identities and what each may do"`,
    ]);
  });
});
