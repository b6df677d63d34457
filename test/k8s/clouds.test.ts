/**
 * One spec, two clouds: switching `cloud` changes only what is cloud-specific
 * in the Kubernetes objects (identity annotations, the secret store, Secret
 * Manager IDs, where the managed datastores are, ingress and load-balancer
 * annotations). Everything else is identical, object for object.
 */
import type { ProductionStackProps } from 'production-stack';
import { examples } from '../../examples';
import { type Manifest, synth } from '../support/synth';

/** Replaces what legitimately differs by cloud with a marker, so the rest can be compared. */
function normalized(objects: Manifest[]): Manifest[] {
  return JSON.parse(
    JSON.stringify(objects, (key, value) => {
      if (key === 'annotations' && value && typeof value === 'object') {
        const kept = Object.fromEntries(
          Object.entries(value).filter(
            ([k]) => !/^(eks\.amazonaws\.com|iam\.gke\.io|cloud\.google\.com|service\.beta\.kubernetes\.io)\//.test(k),
          ),
        );
        return Object.keys(kept).length ? kept : undefined;
      }
      if (key === 'secretStoreRef') return '<secret store>';
      // a gRPC route is a GRPCRoute, but an HTTPRoute on GKE (whose Gateway API has no GRPCRoute)
      if (key === 'kind' && (value === 'GRPCRoute' || value === 'HTTPRoute')) return '<route>';
      // GKE's metadata server (Workload Identity tokens) is GCP's alone; the private ranges of a rule differ by cloud
      // (AWS's API endpoints are in the VPC, a GCP standby region's nodes in a second range), so they count once,
      // and not at all next to the internet
      if (key === 'egress' && Array.isArray(value)) {
        return value
          .filter((r: Manifest) => !r.to?.some((t: Manifest) => t.ipBlock?.cidr?.startsWith('169.254.')))
          .map((r: Manifest) => {
            if (!r.to) return r;
            const internet = r.to.some((t: Manifest) => t.ipBlock?.cidr === '0.0.0.0/0');
            const peers = r.to.map((t: Manifest) =>
              t.ipBlock && t.ipBlock.cidr !== '0.0.0.0/0' ? (internet ? undefined : { ipBlock: { cidr: '<range>' } }) : t,
            );
            return {
              ...r,
              to: [...new Set<string>(peers.filter(Boolean).map((t: Manifest) => JSON.stringify(t)))].map((t) => JSON.parse(t)),
            };
          });
      }
      if (key === 'remoteRef') return { ...value, key: '<remote key>' };
      if (key === 'ipBlock' && value?.cidr && value.cidr !== '0.0.0.0/0') return { cidr: '<private range>' };
      if (key === 'port' && (value === 6378 || value === 6379)) return '<redis port>';
      if (key === 'image' && typeof value === 'string' && /aws-cli|google-cloud-cli/.test(value)) return '<cloud cli>';
      if (key === 'command' && Array.isArray(value) && /aws s3|gcloud storage/.test(value.join(' '))) return '<upload or download>';
      return value;
    }),
  );
}

const [, ralph] = Object.entries(examples).find(([name]) => name === 'ralph-orchestrator')!;

/**
 * The spec moved to a cloud; instance classes, cache sizes and the failover DNS zone are cloud-specific (and
 * shape no Kubernetes object of the chart), so they go.
 */
function onCloud(spec: ProductionStackProps, cloud: 'aws' | 'gcp', region: string): Manifest[] {
  const postgres = spec.postgres && { ...spec.postgres, instanceClass: undefined };
  const redis = spec.redis && { ...spec.redis, nodes: undefined, aws: undefined, gcp: undefined };
  // the standby region's name in the cloud's spelling: us-east-1 (AWS) is us-east1 (GCP)
  const standbyRegion =
    spec.dr?.standbyRegion &&
    (cloud === 'gcp' ? spec.dr.standbyRegion.replace(/-(\d+)$/, '$1') : spec.dr.standbyRegion.replace(/(\d+)$/, '-$1').replace('--', '-'));
  const dr = spec.dr && { ...spec.dr, dns: undefined, standbyRegion };
  return synth({ ...spec, cloud, region, postgres, redis, dr });
}

test.each([
  ['ralph-orchestrator', ralph],
  ['cqar', examples.cqar],
])('%s: the same spec on AWS and GCP gives the same objects apart from the cloud-specific parts', (_, spec) => {
  const onAws = onCloud(spec, 'aws', 'us-west-2');
  const onGcp = onCloud(spec, 'gcp', 'us-west1');
  const ids = (objects: Manifest[]) => objects.map((o) => `${/Route$/.test(o.kind) ? '<route>' : o.kind}/${o.metadata.name}`);
  expect(ids(onGcp)).toEqual(ids(onAws));
  expect(normalized(onGcp)).toEqual(normalized(onAws));
});

test('the cloud-specific parts do differ, so the comparison hides something real', () => {
  const onAws = onCloud(examples.cqar, 'aws', 'us-west-2');
  const onGcp = onCloud(examples.cqar, 'gcp', 'us-west1');
  expect(JSON.stringify(onGcp)).not.toEqual(JSON.stringify(onAws));
});
