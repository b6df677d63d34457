import { Testing } from 'cdk8s';
import { JsonPatch } from 'cdk8s';
import { ProductionStack } from 'production-stack';
import { baseSpec } from '../support/spec';
import { find, synth } from '../support/synth';

const objects = synth(baseSpec());
const container = (kind: string, name: string) => find(objects, kind, name).spec.template.spec.containers[0];

describe('namespace', () => {
  const ns = find(objects, 'Namespace', 'shop');

  test('enforces, audits and warns at the restricted Pod Security Standard', () => {
    for (const mode of ['enforce', 'audit', 'warn']) expect(ns.metadata.labels[`pod-security.kubernetes.io/${mode}`]).toBe('restricted');
  });

  test('has a quota sized from peak replicas plus surge, with 25% headroom', () => {
    // api: 10 max + 1 surge = 11 pods; worker: 2 + 1 = 3; web: 3 + 1 = 4; 18 pods * 1.25 = 22.5 -> 23
    // CPU requests 18 x 500m = 9000m -> 11250m; memory requests 18 x 512Mi = 9216Mi -> 11520Mi
    const hard = find(objects, 'ResourceQuota', 'production-stack').spec.hard;
    expect(hard.pods).toBe('23');
    expect(hard['requests.cpu']).toBe('11250m');
    expect(hard['requests.memory']).toBe('11520Mi');
    expect(hard['services.loadbalancers']).toBe('0');
    // worker: 2 PVCs of 20Gi -> 3 PVCs, 50Gi with headroom
    expect(hard.persistentvolumeclaims).toBe('3');
    expect(hard['requests.storage']).toBe('50Gi');
  });

  test('denies all ingress and egress by default', () => {
    const deny = find(objects, 'NetworkPolicy', 'default-deny');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });
});

describe('deployment', () => {
  const deployment = find(objects, 'Deployment', 'api');

  test('rolls out with no unavailability and keeps history for rollback', () => {
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(deployment.spec.revisionHistoryLimit).toBe(10);
  });

  test('leaves replicas to the HPA when autoscaled', () => {
    expect(deployment.spec.replicas).toBeUndefined();
    expect(find(objects, 'Deployment', 'web').spec.replicas).toBe(3);
  });

  test('pauses before SIGTERM with the native preStop sleep', () => {
    expect(container('Deployment', 'api').lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(30);
  });

  test('derives liveness /healthz, readiness /readyz and a startup probe from the http port', () => {
    const c = container('Deployment', 'api');
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 8080 });
    expect(c.startupProbe).toMatchObject({ httpGet: { path: '/healthz' }, periodSeconds: 5, failureThreshold: 30 });
  });

  test('spreads across zones and nodes, and honours required anti-affinity', () => {
    const keys = deployment.spec.template.spec.topologySpreadConstraints.map((t: { topologyKey: string }) => t.topologyKey);
    expect(keys).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    const web = find(objects, 'Deployment', 'web').spec.template.spec.affinity;
    expect(web.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
  });

  test('reads plain config from its ConfigMap and secrets by reference only', () => {
    const c = container('Deployment', 'api');
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'api-config' } }]);
    expect(c.env).toContainEqual({ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'shop-secrets', key: 'api-token' } } });
    expect(c.env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'shop-postgres', key: 'url' } } });
    expect(c.env).toContainEqual({ name: 'REDIS_URL', valueFrom: { secretKeyRef: { name: 'shop-redis', key: 'url' } } });
    expect(c.env).toContainEqual({ name: 'NATS_URL', value: 'nats://nats.shop.svc.cluster.local:4222' });
    expect(find(objects, 'ConfigMap', 'api-config').data).toEqual({ LOG_LEVEL: 'info' });
  });

  test('mounts a writable /tmp and its config files read-only on a read-only root', () => {
    const c = container('Deployment', 'api');
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.volumeMounts).toEqual([
      { name: 'writable-0', mountPath: '/tmp' },
      { name: 'config-files', mountPath: '/etc/shop', readOnly: true },
    ]);
  });

  test('mounts secrets read-only with mode 0400', () => {
    const spec = find(objects, 'Deployment', 'web').spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'secret-0', secret: { secretName: 'shop-secrets', defaultMode: 0o400 } });
  });

  test('rolls its pods when the config changes', () => {
    const changed = baseSpec();
    const services = changed.services.map((s) => (s.name === 'api' ? { ...s, env: { LOG_LEVEL: 'debug' } } : s));
    const after = find(synth({ ...changed, services }), 'Deployment', 'api');
    const key = 'production-stack.dev/config-checksum';
    expect(after.spec.template.metadata.annotations[key]).not.toBe(deployment.spec.template.metadata.annotations[key]);
  });
});

describe('statefulset', () => {
  const sts = find(objects, 'StatefulSet', 'worker');

  test('is used for a service with storage, and retains its volumes', () => {
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/worker' });
  });

  test('a worker gets no Service', () => {
    expect(objects.filter((o) => o.kind === 'Service' && o.metadata.name === 'worker')).toEqual([]);
  });
});

describe('service and ingress', () => {
  test('names its ports and declares gRPC as h2c', () => {
    const ports = find(objects, 'Service', 'api').spec.ports;
    expect(ports).toContainEqual({ name: 'grpc', port: 9090, targetPort: 'grpc', protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' });
  });

  test('ingress-nginx: TLS from cert-manager and a forced HTTPS redirect', () => {
    const ing = find(objects, 'Ingress', 'api');
    expect(ing.spec.ingressClassName).toBe('nginx');
    expect(ing.metadata.annotations).toMatchObject({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
    });
    expect(ing.metadata.annotations['kubernetes.io/ingress.class']).toBeUndefined();
    expect(ing.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'api-tls' }]);
  });

  test('gce: HTTP disabled and gRPC backends declared', () => {
    const spec = baseSpec();
    const services = spec.services.map((s) => (s.name === 'api' ? { ...s, ingress: { host: 'shop.example.com', className: 'gce', port: 'grpc' } } : s));
    const gce = synth({ ...spec, cloud: 'gcp', region: 'us-central1', services });
    const ing = find(gce, 'Ingress', 'api');
    expect(ing.metadata.annotations['kubernetes.io/ingress.allow-http']).toBe('false');
    expect(ing.spec.rules[0].http.paths[0].backend.service.port).toEqual({ name: 'grpc' });
  });
});

describe('autoscaling and disruption', () => {
  test('HPA targets CPU and memory with the default scaling behaviour', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'api');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.metrics.map((m: { resource: { name: string; target: { averageUtilization: number } } }) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([
      ['cpu', 70],
      ['memory', 80],
    ]);
    expect(hpa.spec.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] });
    expect(hpa.spec.behavior.scaleUp).toEqual({ stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }] });
  });

  test.each(['api', 'worker', 'web'])('the PDB of %s never blocks a drain', (name) => {
    const pdb = find(objects, 'PodDisruptionBudget', name);
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.minAvailable).toBeUndefined();
    expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
  });
});

describe('network policy', () => {
  const ports = (rule: { ports: { port: number }[] }) => rule.ports.map((p) => p.port);

  test('admits the ingress controller, Prometheus and named callers only', () => {
    const np = find(objects, 'NetworkPolicy', 'api');
    expect(np.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9091 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'partners' } } }], ports: [{ protocol: 'TCP', port: 9090 }] },
    ]);
  });

  test('lets a service reach DNS, its datastores and NATS, and nothing else', () => {
    const egress = find(objects, 'NetworkPolicy', 'api').spec.egress;
    expect(egress.map(ports)).toEqual([[53, 53], [5432], [6379], [4222], [443, 6443]]);
    expect(egress[1].to).toEqual([{ ipBlock: { cidr: '10.0.0.0/16' } }]);
  });

  test('opens the caller side of an allowFrom rule too', () => {
    const spec = baseSpec();
    const services = spec.services.map((s) => (s.name === 'api' ? { ...s, allowFrom: [{ service: 'web', ports: ['grpc'] }] } : s));
    const out = synth({ ...spec, services });
    const web = find(out, 'NetworkPolicy', 'web').spec.egress;
    expect(web).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'shop' } } }],
      ports: [{ protocol: 'TCP', port: 9090 }],
    });
    expect(find(out, 'NetworkPolicy', 'api').spec.ingress).toContainEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop' } } }],
      ports: [{ protocol: 'TCP', port: 9090 }],
    });
  });
});

describe('identity and secrets', () => {
  test('mounts no API token unless the service asks for API access, then grants exactly its rules', () => {
    expect(find(objects, 'ServiceAccount', 'web').automountServiceAccountToken).toBe(false);
    expect(find(objects, 'ServiceAccount', 'api').automountServiceAccountToken).toBe(true);
    expect(find(objects, 'Role', 'api').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]);
    expect(find(objects, 'RoleBinding', 'api').subjects).toEqual([{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }]);
  });

  test('every secret comes from the cloud secret manager through External Secrets', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const es = find(objects, 'ExternalSecret', 'shop-postgres');
    expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-secrets-manager' });
    expect(es.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['url', 'host', 'port', 'database', 'user', 'password']);
    expect(es.spec.data[0].remoteRef).toEqual({ key: 'shop/production/postgres', property: 'url' });
  });

  test('uses the GCP secret store on GCP', () => {
    const gcp = synth({ ...baseSpec(), cloud: 'gcp', region: 'us-central1' });
    expect(find(gcp, 'ExternalSecret', 'shop-secrets').spec.secretStoreRef.name).toBe('gcp-secret-manager');
  });
});

test('an escape hatch reaches the output, even for a field newer than the typed API', () => {
  const stack = new ProductionStack(Testing.app(), 'shop', baseSpec());
  const api = stack.services.get('api')!;
  api.workload.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'business-critical'));
  api.workload.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/resizePolicy', [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }]));
  const out = find(Testing.synth(stack), 'Deployment', 'api');
  expect(out.spec.template.spec.priorityClassName).toBe('business-critical');
  expect(out.spec.template.spec.containers[0].resizePolicy).toEqual([{ resourceName: 'cpu', restartPolicy: 'NotRequired' }]);
});

test('an invalid spec synthesizes nothing and throws the validation error', () => {
  const app = Testing.app();
  expect(() => new ProductionStack(app, 'bad', { ...baseSpec(), name: 'Bad' })).toThrow(/name: "Bad" must be a DNS-1123 label/);
  expect(app.charts).toHaveLength(0);
});
