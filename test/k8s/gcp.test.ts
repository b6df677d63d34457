/** What differs on GCP: where the managed datastores are, and how Secret Manager names secrets. */
import { check, datastoreEndpoints, resolve } from 'production-stack/core';
import { baseSpec } from '../support/spec';
import { find, synth } from '../support/synth';
import { type Manifest } from '../support/synth';

const gcpSpec = { ...baseSpec(), cloud: 'gcp' as const, region: 'europe-west1' };
const objects = synth(gcpSpec);

test('pods reach Cloud SQL and Memorystore in the private services range, Memorystore on its TLS port', () => {
  const egress = find(objects, 'NetworkPolicy', 'api').spec.egress as Manifest[];
  // 10.0.0.0/16 for nodes; pods and services take the next ranges; Google's services the first free /16 after them
  expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.2.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] });
  expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.2.0.0/16' } }], ports: [{ protocol: 'TCP', port: 6378 }] });
});

test('the range is the one the Pulumi side reserves for the same network', () => {
  const stack = resolve({ ...gcpSpec, cluster: { networkCidr: '172.16.0.0/16' } });
  const endpoints = datastoreEndpoints(stack);
  expect(endpoints.postgres.cidr).toBe(endpoints.redis.cidr);
  expect(endpoints.postgres.cidr).not.toBe('172.16.0.0/16');
  expect(datastoreEndpoints(resolve(baseSpec()))).toEqual({
    postgres: { cidr: '10.0.0.0/16', port: 5432 },
    redis: { cidr: '10.0.0.0/16', port: 6379 },
  });
});

test('External Secrets read Secret Manager IDs: every "/" of a key becomes "-"', () => {
  const keys = (name: string) => find(objects, 'ExternalSecret', name).spec.data.map((d: Manifest) => d.remoteRef.key);
  expect(new Set(keys('shop-postgres-svc-api'))).toEqual(new Set(['shop-production-postgres']));
  expect(new Set(keys('shop-postgres-admin'))).toEqual(new Set(['shop-production-postgres']));
  expect(new Set(keys('shop-secrets'))).toEqual(new Set(['shop-production-app']));
  // AWS Secrets Manager takes the key as is
  expect(find(synth(baseSpec()), 'ExternalSecret', 'shop-postgres-svc-api').spec.data[0].remoteRef.key).toBe('shop/production/postgres');
});

test('fails when a secret key cannot name a Secret Manager secret on GCP', () => {
  const problems = check({ ...gcpSpec, secrets: [{ name: 'shop-secrets', remoteKey: 'shop/prod.app', keys: ['api-token'] }] });
  expect(problems.map((p) => p.path)).toContain('secrets[0].remoteKey');
  expect(check({ ...baseSpec(), secrets: [{ name: 'shop-secrets', remoteKey: 'shop/prod.app', keys: ['api-token'] }] })).toEqual([]);
});

test("pods with a cloud identity reach GKE's metadata server for their tokens, and HTTPS for the APIs; the others do not", () => {
  const metadata = [
    { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: [{ protocol: 'TCP', port: 80 }] },
    { to: [{ ipBlock: { cidr: '169.254.169.252/32' } }], ports: [{ protocol: 'TCP', port: 988 }] },
  ];
  for (const name of ['shop-pg-backup', 'shop-pg-restore-drill']) {
    const egress = find(objects, 'NetworkPolicy', name).spec.egress;
    expect(egress).toEqual(
      expect.arrayContaining([
        ...metadata,
        {
          to: [
            {
              ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'] },
            },
          ],
          ports: [{ protocol: 'TCP', port: 443 }],
        },
      ]),
    );
  }
  // web has a cloud identity (an IAM role ARN, in the base spec): on GCP that would be a service account, but the rule follows the identity
  expect(find(objects, 'NetworkPolicy', 'web').spec.egress).toEqual(expect.arrayContaining(metadata));
  expect(find(objects, 'NetworkPolicy', 'api').spec.egress).not.toEqual(expect.arrayContaining([metadata[0]]));
});
