/**
 * The ClusterSecretStore serves the namespaces of the stack's ExternalSecrets and no other (`spec.conditions`):
 * over every example and a stack with every option on both clouds (a namespace of its own, both datastores,
 * NATS, logical backups and their restore drill, alert receivers reading secrets, a standby region), every
 * ExternalSecret the chart synthesizes is in a namespace the store names, and no other namespace is served.
 * External Secrets refuses an ExternalSecret in a namespace its ClusterSecretStore does not serve; the plans of
 * test/plan/deploy-model.test.ts hold the same for the stores ClusterAddons deploys, on both clusters.
 */
import { type ProductionStackProps, resolve } from 'production-stack';
import { awsSecretStore, gcpSecretStore, secretStoreConditions } from 'production-stack/addons/manifests';
import { examples } from '../../examples';
import { validateObjects } from '../support/schema';
import { baseSpec } from '../support/spec';
import { type Manifest, synth } from '../support/synth';

const everything = (cloud: 'aws' | 'gcp'): ProductionStackProps => ({
  ...baseSpec(),
  cloud,
  region: cloud === 'aws' ? 'us-west-2' : 'europe-west1',
  namespace: 'shop-prod',
  services: baseSpec().services.map((s) => ({ ...s, cloudIdentity: undefined })),
  monitoring: { alerting: { critical: [{ type: 'slack', webhookUrl: { secret: 'shop-secrets', key: 'api-token' }, channel: '#ops' }] } },
  dr: {
    standbyRegion: cloud === 'aws' ? 'us-east-1' : 'europe-west4',
    mode: 'warm-standby',
    restoreDrill: { checks: [{ name: 'orders', sql: 'SELECT count(*) > 0 FROM orders;' }] },
  },
});

const SPECS: [string, ProductionStackProps][] = [
  ...Object.entries(examples),
  ['every option on AWS', everything('aws')],
  ['every option on GCP', everything('gcp')],
];

/** The namespaces a store's conditions name (the library names them; a selector or regex would serve any). */
function served(store: Manifest): string[] {
  const conditions: Manifest[] = store.spec?.conditions ?? [];
  expect(conditions.length).toBeGreaterThan(0);
  expect(conditions.every((c) => c.namespaceSelector === undefined && c.namespaceRegexes === undefined)).toBe(true);
  return conditions.flatMap((c) => c.namespaces ?? []);
}

describe.each(SPECS)('%s', (_, props) => {
  const spec = resolve(props);
  const externalSecrets = synth(props).filter((o) => o.kind === 'ExternalSecret');
  const gke = { project: 'p', clusterName: 'c', clusterLocation: spec.region };
  const stores = [awsSecretStore(spec, 'external-secrets'), gcpSecretStore(spec, 'external-secrets', gke)];

  test("every ExternalSecret is in a namespace the store serves, and the store serves only the stack's namespace", () => {
    expect(externalSecrets.length).toBeGreaterThan(0);
    for (const store of stores) {
      const namespaces = served(store);
      expect(namespaces).toEqual([spec.namespace]);
      for (const es of externalSecrets) expect(namespaces).toContain(es.metadata.namespace);
      for (const other of ['default', 'kube-system', 'external-secrets', spec.monitoring.namespace, `${spec.namespace}-other`])
        expect(namespaces).not.toContain(other);
    }
  });

  test('the stores are valid against the vendored CRD schema', () => {
    expect(validateObjects(stores)).toEqual([]);
  });
});

test("the conditions follow the stack's namespace", () => {
  expect(secretStoreConditions(resolve({ ...everything('aws'), namespace: 'payments' }))).toEqual([{ namespaces: ['payments'] }]);
  expect(secretStoreConditions(resolve({ ...everything('aws'), namespace: undefined }))).toEqual([{ namespaces: ['shop'] }]);
});
