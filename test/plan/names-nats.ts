/**
 * Pinned type tokens and logical names of what `nats` adds to the fixture specs
 * (test/fixtures/pulumi-aws, pulumi-gcp) with {@link withNats}: the NATS users'
 * passwords and their secret in each region's secret manager, the NACK add-on and
 * the chart's NATS objects on each cluster. Written out and reviewed; see
 * names-nats.test.ts. The AWS secrets' KMS keys are protected: a rename would try
 * to replace them, and a renamed password resource is a new password, so a
 * deliberate rename ships with `aliases`.
 */
import type { ProductionStackProps } from '../../lib/core';
import { NACK_POLICY_NAMES, addonPolicyNames } from './names-cluster';

/** The fixture `spec` with a NATS cluster of one stream, and its service `api` publishing to it. */
export function withNats(spec: ProductionStackProps): ProductionStackProps {
  return {
    ...spec,
    nats: { streams: [{ name: 'orders', subjects: ['shop.orders.>'] }] },
    services: spec.services.map((s) => ({ ...s, nats: { publish: ['shop.orders.>'] } })),
  };
}

/** The standby region of the pinned specs with a standby region, by cloud. */
export const NATS_STANDBY_REGION = { aws: 'us-east-2', gcp: 'europe-west4' } as const;

/**
 * The primary region's NATS secret (`<stack>-nats`, a child of the stack): a password per user (the
 * services with a NATS client, `api`, and the JetStream controller), named after the user, and the secret
 * `shop/production/nats` (Secrets Manager, with its KMS key) or `shop-production-nats` (Secret Manager).
 */
const PRIMARY: Readonly<Record<'aws' | 'gcp', [string, string][]>> = {
  aws: [
    ['production-stack:aws:NatsSecret', 'shop-nats'],
    ['aws:secretsmanager/secret:Secret', 'shop-nats-connection'],
    ['aws:secretsmanager/secretVersion:SecretVersion', 'shop-nats-connection-value'],
    ['aws:kms/key:Key', 'shop-nats-key'],
    ['random:index/randomPassword:RandomPassword', 'shop-nats-password-api'],
    ['random:index/randomPassword:RandomPassword', 'shop-nats-password-jetstream-controller'],
  ],
  gcp: [
    ['production-stack:gcp:NatsSecret', 'shop-nats'],
    ['random:index/randomPassword:RandomPassword', 'shop-nats-password-api'],
    ['random:index/randomPassword:RandomPassword', 'shop-nats-password-jetstream-controller'],
    ['gcp:secretmanager/secret:Secret', 'shop-nats-secret'],
    ['gcp:secretmanager/secretVersion:SecretVersion', 'shop-nats-secret-version'],
  ],
};

/**
 * With a standby region, its NATS secret (`<stack>-standby-nats`, a child of `<stack>-standby`): the primary's
 * passwords (no password of its own) under the same name, in Secrets Manager there with a KMS key of that
 * region, or in a regional secret there.
 */
const STANDBY: Readonly<Record<'aws' | 'gcp', [string, string][]>> = {
  aws: [
    ['production-stack:aws:NatsSecret', 'shop-standby-nats'],
    ['aws:secretsmanager/secret:Secret', 'shop-standby-nats-connection'],
    ['aws:secretsmanager/secretVersion:SecretVersion', 'shop-standby-nats-connection-value'],
    ['aws:kms/key:Key', 'shop-standby-nats-key'],
  ],
  gcp: [
    ['production-stack:gcp:NatsSecret', 'shop-standby-nats'],
    ['gcp:secretmanager/regionalSecret:RegionalSecret', 'shop-standby-nats-secret'],
    ['gcp:secretmanager/regionalSecretVersion:RegionalSecretVersion', 'shop-standby-nats-secret-version'],
  ],
};

/**
 * What NATS adds on a cluster whose add-ons and objects are named under `prefix` (`shop`, `shop-standby`),
 * on both clouds: the NACK release, its namespace and its NetworkPolicy, and the chart's NATS objects (the Workloads rule
 * `<kind>-<namespace>-<name>`): the StatefulSet `nats` and what goes with it, the ExternalSecret and the
 * JetStream Account `shop-nats`, and the stream.
 */
export function natsClusterNames(prefix: string): [string, string][] {
  return [
    ['kubernetes:helm.sh/v3:Release', `${prefix}-addons-nack`],
    ['kubernetes:core/v1:Namespace', `${prefix}-addons-nack-namespace`],
    ...addonPolicyNames(prefix, NACK_POLICY_NAMES),
    ['kubernetes:jetstream.nats.io/v1beta2:Account', `${prefix}-workloads-account-shop-shop-nats`],
    ['kubernetes:core/v1:ConfigMap', `${prefix}-workloads-configmap-shop-nats-config`],
    ['kubernetes:external-secrets.io/v1:ExternalSecret', `${prefix}-workloads-externalsecret-shop-shop-nats`],
    ['kubernetes:networking.k8s.io/v1:NetworkPolicy', `${prefix}-workloads-networkpolicy-shop-nats`],
    ['kubernetes:policy/v1:PodDisruptionBudget', `${prefix}-workloads-poddisruptionbudget-shop-nats`],
    ['kubernetes:monitoring.coreos.com/v1:PodMonitor', `${prefix}-workloads-podmonitor-shop-nats`],
    ['kubernetes:monitoring.coreos.com/v1:PrometheusRule', `${prefix}-workloads-prometheusrule-shop-nats`],
    ['kubernetes:core/v1:Service', `${prefix}-workloads-service-shop-nats`],
    ['kubernetes:core/v1:Service', `${prefix}-workloads-service-shop-nats-headless`],
    ['kubernetes:apps/v1:StatefulSet', `${prefix}-workloads-statefulset-shop-nats`],
    ['kubernetes:jetstream.nats.io/v1beta2:Stream', `${prefix}-workloads-stream-shop-orders`],
  ];
}

/** What `nats` adds to the fixture of `cloud`, without and with a standby region. */
export function natsNames(cloud: 'aws' | 'gcp', standby: boolean): [string, string][] {
  return [...PRIMARY[cloud], ...natsClusterNames('shop'), ...(standby ? [...STANDBY[cloud], ...natsClusterNames('shop-standby')] : [])];
}
