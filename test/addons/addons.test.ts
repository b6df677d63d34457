/**
 * The cluster add-ons under Pulumi mocks: pinned Helm releases, the
 * ClusterSecretStore of each cloud, the External Secrets controller's cloud
 * identity, the ClusterIssuers and the monitoring selectors.
 */
import { secretsCondition } from '../../lib/gcp/addon-identity';
import { acmeChallengeRecordName, route53Dns01Policy } from '../../lib/aws/addon-identity';
import {
  CERT_MANAGER_FS_GROUP,
  CHARTS,
  LETSENCRYPT_PRODUCTION,
  LETSENCRYPT_STAGING,
  acmeServer,
  awsSecretStore,
  clusterIssuers,
  dns01Hosts,
  gcpSecretStore,
} from '../../lib/addons';
import { type ProductionStackProps, resolve } from '../../lib/core';
import { MOCK_AWS_ACCOUNT, MOCK_GCP_PROJECT, MOCK_GCP_PROJECT_NUMBER, type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as cqar } from '../../examples/cqar/spec';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { inputs, ofType, resource } from '../plan/helpers';
import { validateObjects } from '../support/schema';

/** The AWS fixture with an nginx ingress, a second issuer and a secret outside the stack's prefix. */
const awsWeb: ProductionStackProps = {
  ...awsSpec,
  secrets: [{ name: 'payments', remoteKey: 'shared/payments/stripe', keys: ['api-key'] }],
  services: [
    { ...awsSpec.services[0], ingress: { host: 'shop.example.com' }, secretEnv: { STRIPE_KEY: { secret: 'payments', key: 'api-key' } } },
    {
      name: 'admin',
      image: 'registry.example.com/shop/admin:2.0.1',
      ports: [{ name: 'http', port: 8080 }],
      ingress: { host: 'admin.example.com', clusterIssuer: 'letsencrypt-staging' },
    },
  ],
};

/** The same with a standby region, and failover DNS for the first ingress's host. */
const awsFailover: ProductionStackProps = {
  ...awsWeb,
  dr: { standbyRegion: 'us-east-2', dns: { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' } },
};

/** The GCP fixture with a standby region and failover DNS (Cloud DNS) for its nginx ingress's host. */
const gcpFailover: ProductionStackProps = {
  ...gcpSpec,
  services: gcpSpec.services.map((s) => ({ ...s, ingress: { host: 'shop.example.com', className: 'nginx' } })),
  dr: {
    standbyRegion: 'europe-west4',
    dns: { zoneId: 'example-com', name: 'shop.example.com', targets: { 'europe-west1': '203.0.113.10', 'europe-west4': '198.51.100.20' } },
  },
};

const plans: Record<'aws' | 'awsWeb' | 'awsFailover' | 'gcp' | 'gcpFailover' | 'cqar', PlanResource[]> = {
  aws: [],
  awsWeb: [],
  awsFailover: [],
  gcp: [],
  gcpFailover: [],
  cqar: [],
};
beforeAll(async () => {
  const run = (spec: ProductionStackProps) => plan(() => new ProductionStack(spec.name, spec));
  plans.aws = await run(awsSpec);
  plans.awsWeb = await run(awsWeb);
  plans.awsFailover = await run(awsFailover);
  plans.gcp = await run(gcpSpec);
  plans.gcpFailover = await run(gcpFailover);
  plans.cqar = await run(cqar);
});

const RELEASE = 'kubernetes:helm.sh/v3:Release';
const releases = (planned: PlanResource[]): string[] =>
  ofType(planned, RELEASE)
    .map((r) => r.inputs.chart as string)
    .sort();

describe('Helm releases', () => {
  test.each([
    ['AWS fixture', 'aws', ['cert-manager', 'external-secrets', 'kube-prometheus-stack', 'metrics-server']],
    [
      'AWS with nginx ingresses',
      'awsWeb',
      ['cert-manager', 'external-secrets', 'ingress-nginx', 'kube-prometheus-stack', 'metrics-server'],
    ],
    ['GCP fixture (GKE ships metrics-server)', 'gcp', ['cert-manager', 'external-secrets', 'kube-prometheus-stack']],
    ['CQAR (GCP, gce ingress, NATS)', 'cqar', ['cert-manager', 'external-secrets', 'kube-prometheus-stack', 'nack']],
  ] as const)('%s installs exactly the add-ons it needs', (_, key, expected) => {
    expect(releases(plans[key])).toEqual(expected);
  });

  test.each(['aws', 'awsWeb', 'gcp', 'cqar'] as const)(
    '%s: every release is a pinned chart from its repository, atomic, in its own namespace',
    (key) => {
      for (const r of ofType(plans[key], RELEASE)) {
        const pinned = Object.values(CHARTS).find((c) => c.chart === r.inputs.chart)!;
        expect(r.inputs).toMatchObject({
          name: pinned.release,
          version: pinned.version,
          repositoryOpts: { repo: pinned.repo },
          atomic: true,
          cleanupOnFail: true,
          timeout: 900,
          createNamespace: false,
          skipCrds: false,
        });
        expect(r.inputs.version).toMatch(/^v?\d+\.\d+\.\d+$/);
        expect(r.options.provider).toBe(`${r.name.split('-addons-')[0]}-k8s`);
        if (r.inputs.namespace !== 'kube-system') {
          const ns = ofType(plans[key], 'kubernetes:core/v1:Namespace').find((n) => n.inputs.metadata.name === r.inputs.namespace);
          expect(ns).toBeDefined();
          expect(r.options.dependsOn).toContain(ns!.name);
        }
      }
    },
  );

  test('HA where it matters: two replicas and PDBs for the webhooks, controllers, Prometheus and the ingress controller', () => {
    const values = (chart: string) => ofType(plans.awsWeb, RELEASE).find((r) => r.inputs.chart === chart)!.inputs.values;
    expect(values('external-secrets')).toMatchObject({
      replicaCount: 2,
      leaderElect: true,
      webhook: { replicaCount: 2 },
      installCRDs: true,
    });
    expect(values('cert-manager')).toMatchObject({ replicaCount: 2, crds: { enabled: true, keep: true }, webhook: { replicaCount: 2 } });
    expect(values('ingress-nginx').controller).toMatchObject({ replicaCount: 2, minAvailable: 1, allowSnippetAnnotations: false });
    expect(values('metrics-server')).toMatchObject({ replicas: 2, podDisruptionBudget: { enabled: true } });
    expect(values('kube-prometheus-stack').prometheus.prometheusSpec).toMatchObject({ replicas: 2 });
    for (const r of ofType(plans.awsWeb, RELEASE)) expect(JSON.stringify(r.inputs.values)).toContain('"requests"');
  });

  test("Prometheus, Alertmanager and Grafana select what the library labels, with the spec's own selector", async () => {
    const custom = await plan(
      () =>
        new ProductionStack(gcpSpec.name, {
          ...gcpSpec,
          monitoring: { prometheusSelector: { prometheus: 'main' }, grafanaDashboardLabels: { dashboards: 'shop' } },
        }),
    );
    const values = ofType(custom, RELEASE).find((r) => r.inputs.chart === 'kube-prometheus-stack')!.inputs.values;
    const selector = { matchLabels: { prometheus: 'main' } };
    expect(values.prometheus.prometheusSpec).toMatchObject({
      serviceMonitorSelector: selector,
      podMonitorSelector: selector,
      ruleSelector: selector,
      serviceMonitorNamespaceSelector: {},
      serviceMonitorSelectorNilUsesHelmValues: false,
    });
    expect(values.alertmanager.alertmanagerSpec.alertmanagerConfigSelector).toEqual(selector);
    expect(values.commonLabels).toEqual({ prometheus: 'main' });
    expect(values.grafana.sidecar.dashboards).toMatchObject({ searchNamespace: 'ALL', label: 'dashboards', labelValue: 'shop' });
    // The stack's PrometheusRule carries the labels Prometheus selects.
    expect(inputs(custom, 'shop-workloads-prometheusrule-shop-shop').metadata.labels).toMatchObject({ prometheus: 'main' });
  });

  test("NACK goes to the spec's controller namespace and watches every namespace", () => {
    const nack = ofType(plans.cqar, RELEASE).find((r) => r.inputs.chart === 'nack')!;
    expect(nack.inputs.namespace).toBe(resolve(cqar).nats!.controllerNamespace);
    expect(nack.inputs.values).toMatchObject({ namespaced: false, jetstream: { enabled: true } });
  });
});

describe('ClusterSecretStore', () => {
  test('AWS: Secrets Manager in the stack region, through the controller ServiceAccount token (IRSA)', () => {
    const store = resource(plans.aws, 'shop-addons-secret-store', 'kubernetes:external-secrets.io/v1:ClusterSecretStore');
    expect(store.inputs.metadata.name).toBe('aws-secrets-manager');
    expect(store.inputs.spec.provider).toEqual({
      aws: {
        service: 'SecretsManager',
        region: 'eu-west-1',
        auth: { jwt: { serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
      },
    });
    expect(store.options.dependsOn).toContain('shop-addons-external-secrets');
  });

  test('GCP: Secret Manager of the project, through Workload Identity', () => {
    const store = resource(plans.gcp, 'shop-addons-secret-store');
    expect(store.inputs.metadata.name).toBe('gcp-secret-manager');
    expect(store.inputs.spec.provider.gcpsm).toEqual({
      projectID: MOCK_GCP_PROJECT,
      auth: {
        workloadIdentity: {
          clusterProjectID: MOCK_GCP_PROJECT,
          clusterName: expect.stringMatching(/^shop-cluster-gke/),
          clusterLocation: 'europe-west1',
          serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' },
        },
      },
    });
  });

  test("a custom store name is the one the stack's ExternalSecrets read through", async () => {
    const planned = await plan(() => new ProductionStack(awsWeb.name, { ...awsWeb, secretStore: 'vault-backed' }));
    expect(inputs(planned, 'shop-addons-secret-store').metadata.name).toBe('vault-backed');
    const es = ofType(planned, 'kubernetes:external-secrets.io/v1:ExternalSecret');
    expect(es.length).toBeGreaterThan(0);
    for (const e of es) expect(e.inputs.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault-backed' });
  });

  test('both stores and every ClusterIssuer are valid against the vendored CRD schemas', () => {
    const spec = resolve(awsWeb);
    const gke = { project: 'p', clusterName: 'c', clusterLocation: 'europe-west1' };
    expect(
      validateObjects([
        awsSecretStore(spec, 'external-secrets'),
        gcpSecretStore(spec, 'external-secrets', gke),
        ...clusterIssuers(spec, 'ops@example.com'),
      ]),
    ).toEqual([]);
  });
});

describe('External Secrets controller identity', () => {
  test('AWS: the role trusts only the controller ServiceAccount tokens of the cluster OIDC provider', () => {
    const trust = JSON.parse(inputs(plans.awsWeb, 'shop-addons-external-secrets-role').assumeRolePolicy);
    const oidc = inputs(plans.awsWeb, 'shop-cluster-oidc-provider');
    expect(trust.Statement).toHaveLength(1);
    const [s] = trust.Statement;
    expect(s.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(s.Principal.Federated).toMatch(new RegExp(`^arn:aws:iam::${MOCK_AWS_ACCOUNT}:oidc-provider/oidc\\.eks\\.`));
    const issuer = Object.keys(s.Condition.StringEquals)[0].replace(/:sub$/, '');
    expect(oidc.url).toBe(`https://${issuer}`);
    expect(s.Condition).toEqual({
      StringEquals: {
        [`${issuer}:sub`]: 'system:serviceaccount:external-secrets:external-secrets',
        [`${issuer}:aud`]: 'sts.amazonaws.com',
      },
    });
  });

  test("AWS: the role reads only the stack's prefix and the declared secrets, decrypts the datastores' secrets, and the controller ServiceAccount assumes it", () => {
    const policy = JSON.parse(inputs(plans.awsWeb, 'shop-addons-external-secrets-policy').policy);
    const arn = `arn:aws:secretsmanager:eu-west-1:${MOCK_AWS_ACCOUNT}:secret:`;
    expect(policy.Statement).toEqual([
      {
        Sid: 'ReadStackSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: [`${arn}shop/production/*`, `${arn}shared/payments/stripe-??????`],
      },
      {
        // the datastores' connection secrets are encrypted with their customer keys
        Sid: 'DecryptStackSecrets',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [
          expect.stringMatching(/^arn:aws:kms:eu-west-1:\d{12}:key\//),
          expect.stringMatching(/^arn:aws:kms:eu-west-1:\d{12}:key\//),
        ],
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      },
    ]);
    expect(new Set(policy.Statement[1].Resource).size).toBe(2);
    const eso = ofType(plans.awsWeb, RELEASE).find((r) => r.inputs.chart === 'external-secrets')!;
    expect(eso.inputs.values.serviceAccount).toEqual({
      create: true,
      name: 'external-secrets',
      annotations: { 'eks.amazonaws.com/role-arn': expect.stringMatching(/^arn:aws:iam::\d+:role\/shop-addons-external-secrets-role/) },
    });
  });

  test('GCP: a Google service account reading Secret Manager, impersonated by the controller ServiceAccount', () => {
    const sa = inputs(plans.gcp, 'shop-addons-external-secrets-sa');
    expect(inputs(plans.gcp, 'shop-addons-external-secrets-secret-accessor')).toMatchObject({
      project: MOCK_GCP_PROJECT,
      role: 'roles/secretmanager.secretAccessor',
      member: `serviceAccount:${sa.accountId}@${MOCK_GCP_PROJECT}.iam.gserviceaccount.com`,
      // not every secret of the project: the stack's own, by ID prefix (versions included)
      condition: {
        title: 'stack-secrets',
        expression: `resource.name.startsWith("projects/${MOCK_GCP_PROJECT_NUMBER}/secrets/shop-production-")`,
      },
    });
    expect(inputs(plans.gcp, 'shop-addons-external-secrets-workload-identity')).toMatchObject({
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${MOCK_GCP_PROJECT}.svc.id.goog[external-secrets/external-secrets]`,
    });
    const eso = ofType(plans.gcp, RELEASE).find((r) => r.inputs.chart === 'external-secrets')!;
    expect(eso.inputs.values.serviceAccount.annotations).toEqual({
      'iam.gke.io/gcp-service-account': `${sa.accountId}@${MOCK_GCP_PROJECT}.iam.gserviceaccount.com`,
    });
  });
});

describe('ClusterIssuers', () => {
  test('none without ingresses', () => {
    expect(ofType(plans.aws, 'kubernetes:cert-manager.io/v1:ClusterIssuer')).toEqual([]);
  });

  test('one ACME issuer per issuer name the ingresses use, solving HTTP-01 through their class, after cert-manager and the ingress controller', () => {
    const issuers = ofType(plans.awsWeb, 'kubernetes:cert-manager.io/v1:ClusterIssuer');
    expect(issuers.map((i) => i.inputs.metadata.name).sort()).toEqual(['letsencrypt-prod', 'letsencrypt-staging']);
    expect(inputs(plans.awsWeb, 'shop-addons-issuer-letsencrypt-prod').spec.acme).toEqual({
      server: LETSENCRYPT_PRODUCTION,
      privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
      solvers: [{ selector: { dnsNames: ['shop.example.com'] }, http01: { ingress: { ingressClassName: 'nginx' } } }],
    });
    expect(inputs(plans.awsWeb, 'shop-addons-issuer-letsencrypt-staging').spec.acme.server).toBe(LETSENCRYPT_STAGING);
    for (const i of issuers)
      expect(i.options.dependsOn).toEqual(expect.arrayContaining(['shop-addons-cert-manager', 'shop-addons-ingress-nginx']));
  });

  test('GKE ingresses get no ClusterIssuer: a Google-managed certificate is deployed instead', () => {
    expect(ofType(plans.cqar, 'kubernetes:cert-manager.io/v1:ClusterIssuer')).toEqual([]);
    expect(ofType(plans.cqar, 'kubernetes:networking.gke.io/v1:ManagedCertificate').map((r) => r.inputs.spec)).toEqual([
      { domains: ['cqar.example.com'] },
    ]);
  });

  test.each([
    ['letsencrypt-prod', LETSENCRYPT_PRODUCTION],
    ['letsencrypt-staging', LETSENCRYPT_STAGING],
    ['acme-Staging', LETSENCRYPT_STAGING],
  ])('issuer %s uses %s', (name, server) => {
    expect(acmeServer(name)).toBe(server);
  });

  test('the ACME account has a contact address only when one is given', () => {
    const spec = resolve(awsWeb);
    expect(clusterIssuers(spec)[0].spec).not.toHaveProperty('acme.email');
    expect(clusterIssuers(spec, 'ops@example.com')[0].spec).toHaveProperty('acme.email', 'ops@example.com');
  });
});

describe('the failover name: DNS-01 through Route 53 on both clusters (AWS, dr.dns)', () => {
  const CLUSTERS = [
    ['primary', 'shop-addons', 'eu-west-1'],
    ['standby', 'shop-standby-addons', 'us-east-2'],
  ] as const;
  const ROUTE53_SOLVER = { selector: { dnsNames: ['shop.example.com'] }, dns01: { route53: { hostedZoneID: 'Z0123456789ABCDEFGHIJ' } } };

  test.each(CLUSTERS)(
    '%s cluster: the issuer of the failover name solves it with DNS-01 in its zone, the other hosts keep HTTP-01',
    (_, addons) => {
      expect(inputs(plans.awsFailover, `${addons}-issuer-letsencrypt-prod`).spec.acme.solvers).toEqual([ROUTE53_SOLVER]);
      expect(inputs(plans.awsFailover, `${addons}-issuer-letsencrypt-staging`).spec.acme.solvers).toEqual([
        { selector: { dnsNames: ['admin.example.com'] }, http01: { ingress: { ingressClassName: 'nginx' } } },
      ]);
    },
  );

  test.each(CLUSTERS)(
    "%s cluster: cert-manager's role is trusted only by that cluster's cert-manager ServiceAccount",
    (_, addons, region) => {
      const trust = JSON.parse(inputs(plans.awsFailover, `${addons}-cert-manager-role`).assumeRolePolicy);
      expect(trust.Statement).toHaveLength(1);
      const [s] = trust.Statement;
      expect(s.Principal.Federated).toContain(`oidc.eks.${region}.amazonaws.com`);
      const issuer = Object.keys(s.Condition.StringEquals)[0].replace(/:sub$/, '');
      expect(s.Condition.StringEquals).toEqual({
        [`${issuer}:sub`]: 'system:serviceaccount:cert-manager:cert-manager',
        [`${issuer}:aud`]: 'sts.amazonaws.com',
      });
    },
  );

  test.each(CLUSTERS)('%s cluster: the role may write only the TXT record of the challenge, in the one zone', (_, addons) => {
    const zone = 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ';
    expect(JSON.parse(inputs(plans.awsFailover, `${addons}-cert-manager-policy`).policy).Statement).toEqual([
      {
        Sid: 'AcmeChallengeRecords',
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets'],
        Resource: [zone],
        Condition: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'],
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_acme-challenge.shop.example.com'],
          },
        },
      },
      { Sid: 'ReadZoneRecords', Effect: 'Allow', Action: ['route53:ListResourceRecordSets'], Resource: [zone] },
      { Sid: 'FollowChanges', Effect: 'Allow', Action: ['route53:GetChange'], Resource: ['arn:aws:route53:::change/*'] },
    ]);
  });

  test.each(CLUSTERS)(
    "%s cluster: cert-manager's ServiceAccount carries the role, its pods the token-reading group, and it waits for the policy",
    (_, addons) => {
      const release = resource(plans.awsFailover, `${addons}-cert-manager`);
      expect(release.inputs.values).toMatchObject({
        serviceAccount: {
          create: true,
          name: 'cert-manager',
          annotations: {
            'eks.amazonaws.com/role-arn': expect.stringMatching(new RegExp(`^arn:aws:iam::\\d+:role/${addons}-cert-manager-role`)),
          },
        },
        securityContext: { fsGroup: CERT_MANAGER_FS_GROUP },
      });
      expect(release.options.dependsOn).toContain(`${addons}-cert-manager-policy`);
    },
  );

  test('without dr.dns, cert-manager has no cloud identity and HTTP-01 solves every host', () => {
    for (const key of ['awsWeb', 'gcp'] as const) {
      expect(plans[key].filter((r) => /-cert-manager-(role|policy|sa|dns|workload-identity)$/.test(r.name))).toEqual([]);
      const values = ofType(plans[key], RELEASE).find((r) => r.inputs.chart === 'cert-manager')!.inputs.values;
      expect([values.serviceAccount, values.securityContext]).toEqual([undefined, undefined]);
    }
  });

  test.each<[string, ProductionStackProps, string[]]>([
    ['the failover name of an AWS ingress', awsFailover, ['shop.example.com']],
    ['no failover DNS', awsWeb, []],
    [
      'a failover name no ingress serves',
      { ...awsFailover, dr: { ...awsFailover.dr, dns: { zoneId: 'Z1', name: 'www.example.com' } } },
      [],
    ],
    ['the failover name of a GCP nginx ingress', gcpFailover, ['shop.example.com']],
  ])('dns01Hosts with %s', (_, spec, hosts) => {
    expect(dns01Hosts(resolve(spec))).toEqual(hosts);
  });

  test('the issuers with a DNS-01 solver are valid against the vendored CRD schema', () => {
    expect(validateObjects(clusterIssuers(resolve(awsFailover), 'ops@example.com'))).toEqual([]);
  });

  test('challenge record names are normalized as Route 53 conditions compare them: lowercase, no final dot', () => {
    expect(acmeChallengeRecordName('Shop.Example.com.')).toBe('_acme-challenge.shop.example.com');
    const names = route53Dns01Policy('aws-cn', 'Z1', ['b.example.com', 'a.example.com', 'b.example.com']).Statement[0].Condition;
    expect(names?.['ForAllValues:StringEquals']?.['route53:ChangeResourceRecordSetsNormalizedRecordNames']).toEqual([
      '_acme-challenge.a.example.com',
      '_acme-challenge.b.example.com',
    ]);
  });
});

describe('the failover name: DNS-01 through Cloud DNS on both clusters (GCP, dr.dns)', () => {
  const CLUSTERS = [
    ['primary', 'shop-addons'],
    ['standby', 'shop-standby-addons'],
  ] as const;

  test.each(CLUSTERS)('%s cluster: the issuer solves the failover name with DNS-01 in the managed zone of the project', (_, addons) => {
    expect(inputs(plans.gcpFailover, `${addons}-issuer-letsencrypt-prod`).spec.acme.solvers).toEqual([
      { selector: { dnsNames: ['shop.example.com'] }, dns01: { cloudDNS: { project: MOCK_GCP_PROJECT, hostedZoneName: 'example-com' } } },
    ]);
  });

  test.each(CLUSTERS)(
    "%s cluster: cert-manager's Google service account may administer that one zone, impersonated by cert-manager's ServiceAccount only",
    (_, addons) => {
      const account = inputs(plans.gcpFailover, `${addons}-cert-manager-sa`);
      expect(account.accountId.length).toBeLessThanOrEqual(30);
      const email = `${account.accountId}@${MOCK_GCP_PROJECT}.iam.gserviceaccount.com`;
      expect(inputs(plans.gcpFailover, `${addons}-cert-manager-dns`)).toMatchObject({
        project: MOCK_GCP_PROJECT,
        managedZone: 'example-com',
        role: 'roles/dns.admin',
        member: `serviceAccount:${email}`,
      });
      expect(inputs(plans.gcpFailover, `${addons}-cert-manager-workload-identity`)).toMatchObject({
        role: 'roles/iam.workloadIdentityUser',
        member: `serviceAccount:${MOCK_GCP_PROJECT}.svc.id.goog[cert-manager/cert-manager]`,
      });
      // no project-wide grant: the zone's IAM only
      expect(
        ofType(plans.gcpFailover, 'gcp:projects/iAMMember:IAMMember').filter((r) => r.name.startsWith(`${addons}-cert-manager`)),
      ).toEqual([]);
      const release = resource(plans.gcpFailover, `${addons}-cert-manager`);
      expect(release.inputs.values.serviceAccount).toEqual({
        create: true,
        name: 'cert-manager',
        annotations: { 'iam.gke.io/gcp-service-account': email },
      });
      expect(release.options.dependsOn).toEqual(
        expect.arrayContaining([`${addons}-cert-manager-dns`, `${addons}-cert-manager-workload-identity`]),
      );
    },
  );

  test('the issuers with a Cloud DNS solver are valid against the vendored CRD schema', () => {
    expect(validateObjects(clusterIssuers(resolve(gcpFailover), undefined, 'my-project'))).toEqual([]);
  });
});

test('GCP: declared secrets outside the prefix are added to the condition one by one', () => {
  expect(secretsCondition('42', 'shop-production-', ['shop-production-postgres', 'shared-payments-stripe'])).toBe(
    'resource.name.startsWith("projects/42/secrets/shop-production-") || ' +
      'resource.name == "projects/42/secrets/shared-payments-stripe" || resource.name.startsWith("projects/42/secrets/shared-payments-stripe/")',
  );
});

test('AWS: a default StorageClass, encrypted gp3 whose volumes are retained, before the monitoring stack; GKE ships its own', () => {
  const [sc] = ofType(plans.aws, 'kubernetes:storage.k8s.io/v1:StorageClass');
  expect(sc.inputs).toMatchObject({
    metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'ebs.csi.aws.com',
    parameters: { encrypted: 'true', type: 'gp3' },
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  expect(resource(plans.aws, 'shop-addons-kube-prometheus-stack').options.dependsOn).toEqual(
    expect.arrayContaining(['shop-addons-storage-class']),
  );
  expect(ofType(plans.gcp, 'kubernetes:storage.k8s.io/v1:StorageClass')).toEqual([]);
});
