import { createHash } from 'crypto';
import { Testing } from 'cdk8s';
import { JsonPatch } from 'cdk8s';
import { ProductionStack } from 'production-stack';
import { validateObjects } from '../support/schema';
import { baseSpec } from '../support/spec';
import { type Manifest, find, synth } from '../support/synth';

const objects = synth(baseSpec());
const container = (kind: string, name: string) => find(objects, kind, name).spec.template.spec.containers[0];

describe('namespace', () => {
  const ns = find(objects, 'Namespace', 'shop');

  test('enforces, audits and warns at the restricted Pod Security Standard', () => {
    for (const mode of ['enforce', 'audit', 'warn']) expect(ns.metadata.labels[`pod-security.kubernetes.io/${mode}`]).toBe('restricted');
  });

  test('has a quota sized from peak replicas plus surge, NATS and one pod per job and per exporter, with 25% headroom', () => {
    // api: 10 max + 1 surge = 11 pods; worker: 2 + 1 = 3; web: 3 + 1 = 4; NATS: 3; the api migration and the report job: 2;
    // the postgres and redis exporters: 2. 25 pods * 1.25 = 31.25 -> 32.
    // CPU: 18 x 500m + 3 x (500m + 10m exporter) + 500m (migration) + 100m (report) + 2 x 20m = 11170m -> 13962.5 -> 13963m.
    // Memory: 18 x 512Mi + 3 x (2048Mi + 32Mi) + 512Mi + 256Mi + 2 x 64Mi = 16352Mi -> 20440Mi.
    const hard = find(objects, 'ResourceQuota', 'production-stack').spec.hard;
    expect(hard.pods).toBe('32');
    expect(hard['requests.cpu']).toBe('13963m');
    expect(hard['requests.memory']).toBe('20440Mi');
    expect(hard['services.loadbalancers']).toBe('0');
    // worker: 2 PVCs of 20Gi, NATS: 3 of 50Gi -> 5 PVCs, 190Gi; with headroom 7 and 238Gi
    expect(hard.persistentvolumeclaims).toBe('7');
    expect(hard['requests.storage']).toBe('238Gi');
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
    // api's own login role, never the master user
    expect(c.env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'shop-postgres-svc-api', key: 'url' } } });
    expect(c.env).toContainEqual({ name: 'REDIS_URL', valueFrom: { secretKeyRef: { name: 'shop-redis', key: 'url' } } });
    expect(c.env).toContainEqual({ name: 'NATS_URL', value: 'nats://nats.shop.svc.cluster.local:4222' });
    expect(find(objects, 'ConfigMap', 'api-config').data).toEqual({ LOG_LEVEL: 'info' });
  });

  test('mounts a writable /tmp, its config files and the database CA read-only on a read-only root', () => {
    const c = container('Deployment', 'api');
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.volumeMounts).toEqual([
      { name: 'writable-0', mountPath: '/tmp' },
      { name: 'config-files', mountPath: '/etc/shop', readOnly: true },
      { name: 'postgres-ca', mountPath: '/etc/postgres-ca', readOnly: true },
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

describe('service, gateway and routes', () => {
  test('names its ports and declares gRPC as h2c', () => {
    const ports = find(objects, 'Service', 'api').spec.ports;
    expect(ports).toContainEqual({ name: 'grpc', port: 9090, targetPort: 'grpc', protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' });
  });

  test("the route: an HTTPRoute on the host's HTTPS listener, to the first http port, with HSTS and a 60 s timeout", () => {
    const r = find(objects, 'HTTPRoute', 'api');
    expect(r.spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop', sectionName: 'https-shop-example-com' },
    ]);
    expect(r.spec.hostnames).toEqual(['shop.example.com']);
    const main = r.spec.rules[r.spec.rules.length - 1];
    expect(main.matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
    expect(main.backendRefs).toEqual([{ name: 'api', port: 8080, weight: 1 }]);
    expect(main.filters).toEqual([
      {
        type: 'ResponseHeaderModifier',
        responseHeaderModifier: { set: [{ name: 'Strict-Transport-Security', value: 'max-age=31536000' }] },
      },
    ]);
    expect(find(objects, 'BackendTrafficPolicy', 'api').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'api' }],
      timeout: { http: { requestTimeout: '60s' } },
    });
    // metrics on their own port: nothing to block on the routed one
    expect(r.spec.rules).toHaveLength(1);
  });

  test('the gateway: HTTP and one HTTPS listener per host, certificates from letsencrypt-prod, TLS 1.2+', () => {
    const gw = find(objects, 'Gateway', 'shop');
    expect(gw.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(gw.spec.gatewayClassName).toBe('envoy-gateway');
    expect(gw.spec.infrastructure).toEqual({ parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'shop' } });
    expect(gw.spec.listeners.map((l: Manifest) => [l.name, l.port, l.protocol, l.hostname, l.tls?.certificateRefs?.[0]?.name])).toEqual([
      ['http', 80, 'HTTP', undefined, undefined],
      ['https-shop-example-com', 443, 'HTTPS', 'shop.example.com', 'shop.example.com-tls'],
    ]);
    expect(find(objects, 'ClientTrafficPolicy', 'shop').spec.tls).toEqual({ minVersion: '1.2' });
    expect(find(objects, 'HTTPRoute', 'shop-https-redirect').spec).toMatchObject({
      parentRefs: [{ name: 'shop', sectionName: 'http' }],
      hostnames: ['shop.example.com'],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
  });

  test('the Envoy fleet: two replicas over zones, a PDB, the restricted profile, an NLB on AWS that keeps client IPs', () => {
    const proxy = find(objects, 'EnvoyProxy', 'shop').spec.provider.kubernetes;
    expect(proxy.envoyDeployment.replicas).toBe(2);
    expect(proxy.envoyPDB).toEqual({ minAvailable: 1 });
    expect(proxy.envoyDeployment.container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    // Envoy writes its log and admin socket to its root filesystem (Envoy Gateway leaves it writable too)
    expect(proxy.envoyDeployment.container.securityContext.readOnlyRootFilesystem).toBeUndefined();
    expect(proxy.envoyDeployment.pod.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(proxy.envoyService).toMatchObject({
      // the stack's name and 8 hex digits of the SHA-256 of "<namespace>/<gateway>" (unique in envoy-gateway-system)
      name: `envoy-shop-${createHash('sha256').update('shop/shop').digest('hex').slice(0, 8)}`,
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
    });
  });

  test('route options: rate limit, body size, retries, cookie affinity and CORS', () => {
    const spec = baseSpec();
    const route = {
      host: 'shop.example.com',
      timeoutSeconds: 30,
      maxBodySize: '8Mi',
      rateLimit: { requestsPerSecond: 50 },
      retries: { attempts: 2, perAttemptTimeoutSeconds: 5 },
      sessionCookie: 'shop-session',
      cors: { allowOrigins: ['https://app.example.com'], allowHeaders: ['Authorization'] },
    };
    const out = synth({ ...spec, services: spec.services.map((s) => (s.name === 'api' ? { ...s, route } : s)) });
    expect(find(out, 'BackendTrafficPolicy', 'api').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'api' }],
      timeout: { http: { requestTimeout: '30s' } },
      requestBuffer: { limit: '8Mi' },
      rateLimit: {
        type: 'Local',
        local: {
          rules: [{ clientSelectors: [{ sourceCIDR: { type: 'Distinct', value: '0.0.0.0/0' } }], limit: { requests: 50, unit: 'Second' } }],
        },
      },
      retry: {
        numRetries: 2,
        retryOn: { triggers: ['connect-failure', 'refused-stream', 'reset-before-request'] },
        perRetry: { timeout: '5s' },
      },
      loadBalancer: { type: 'ConsistentHash', consistentHash: { type: 'Cookie', cookie: { name: 'shop-session', ttl: '3600s' } } },
    });
    const filters = find(out, 'HTTPRoute', 'api').spec.rules[0].filters;
    expect(filters).toContainEqual({
      type: 'CORS',
      cors: {
        allowOrigins: ['https://app.example.com'],
        allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowHeaders: ['Authorization'],
        allowCredentials: false,
        maxAge: 5,
      },
    });
    expect(validateObjects(out)).toEqual([]);
  });

  test('edge routes: two services on one host by path, a weighted canary, and metrics refused at the edge', () => {
    const spec = baseSpec();
    const canary = { name: 'web-canary', image: 'registry.example.com/shop/web:2.1.0', ports: [{ name: 'http', port: 3000 }], replicas: 2 };
    // metrics on the port it serves
    const admin = {
      name: 'admin',
      image: 'registry.example.com/shop/admin:1.0.0',
      ports: [{ name: 'http', port: 8000 }],
      metrics: { port: 'http' },
    };
    const out = synth({
      ...spec,
      services: [...spec.services, canary, admin],
      edge: {
        routes: [
          {
            name: 'storefront',
            host: 'www.example.com',
            backends: [
              { service: 'web', weight: 9 },
              { service: 'web-canary', weight: 1 },
            ],
          },
          { name: 'orders', host: 'www.example.com', match: { method: 'POST' }, backends: [{ service: 'admin' }] },
          { name: 'reports', host: 'www.example.com', match: { path: '/reports' }, backends: [{ service: 'admin' }] },
        ],
      },
    });
    expect(find(out, 'HTTPRoute', 'storefront').spec.rules[0].backendRefs).toEqual([
      { name: 'web', port: 3000, weight: 9 },
      { name: 'web-canary', port: 3000, weight: 1 },
    ]);
    // a route to a port that serves metrics, whose path covers the metrics path, answers 404 there; one whose path does not needs no block
    const orders = find(out, 'HTTPRoute', 'orders').spec.rules;
    expect(orders[0].matches[0].path.type).toBe('RegularExpression');
    expect(orders[1].matches).toEqual([{ path: { type: 'PathPrefix', value: '/' }, method: 'POST' }]);
    expect(find(out, 'HTTPRoute', 'reports').spec.rules.map((r: Manifest) => r.matches)).toEqual([
      [{ path: { type: 'PathPrefix', value: '/reports' } }],
    ]);
    expect(find(out, 'Gateway', 'shop').spec.listeners.map((l: Manifest) => l.hostname)).toEqual([
      undefined,
      'shop.example.com',
      'www.example.com',
    ]);
    expect(validateObjects(out)).toEqual([]);
  });

  test('more than 16 hosts: a redirect route per 16 (a route holds 16 hostnames), each valid', () => {
    const spec = baseSpec();
    const routes = Array.from({ length: 17 }, (_, i) => ({
      name: `site-${i}`,
      host: `site-${i}.example.com`,
      backends: [{ service: 'web' }],
    }));
    const out = synth({ ...spec, edge: { routes } });
    const redirects = out.filter((o) => o.kind === 'HTTPRoute' && o.metadata.name.startsWith('shop-https-redirect'));
    expect(redirects.map((r) => [r.metadata.name, r.spec.hostnames.length])).toEqual([
      ['shop-https-redirect', 16],
      ['shop-https-redirect-2', 2],
    ]);
    expect(validateObjects(out)).toEqual([]);
  });

  test('a single Envoy replica (outside production) gets no PodDisruptionBudget: it would block every node drain', () => {
    const out = synth({ ...baseSpec(), environment: 'staging', edge: { replicas: 1 } });
    expect(find(out, 'EnvoyProxy', 'shop').spec.provider.kubernetes.envoyPDB).toBeUndefined();
  });

  test('a shared gateway: routes attach to it by namespace, and the stack creates no gateway of its own', () => {
    const spec = { ...baseSpec(), edge: { sharedGateway: { name: 'public', namespace: 'edge' } } };
    const out = synth(spec);
    expect(out.filter((o) => ['Gateway', 'EnvoyProxy', 'ClientTrafficPolicy'].includes(o.kind))).toEqual([]);
    expect(out.filter((o) => o.metadata.name === 'acme-http01-solver')).toEqual([]);
    expect(find(out, 'HTTPRoute', 'api').spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'edge' },
    ]);
    // the shared gateway's Envoy pods, not the stack's, reach the service
    expect(find(out, 'NetworkPolicy', 'api').spec.ingress[0].from[0].podSelector.matchLabels).toMatchObject({
      'gateway.envoyproxy.io/owning-gateway-name': 'public',
      'gateway.envoyproxy.io/owning-gateway-namespace': 'edge',
    });
  });
});

describe('autoscaling and disruption', () => {
  test('HPA targets CPU and memory with the default scaling behaviour', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'api');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(
      hpa.spec.metrics.map((m: { resource: { name: string; target: { averageUtilization: number } } }) => [
        m.resource.name,
        m.resource.target.averageUtilization,
      ]),
    ).toEqual([
      ['cpu', 70],
      ['memory', 80],
    ]);
    expect(hpa.spec.behavior.scaleDown).toEqual({
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Min',
      policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
    });
    expect(hpa.spec.behavior.scaleUp).toEqual({
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }],
    });
  });

  test.each(['api', 'worker'])('the PDB of %s lets one pod go at a time, whatever the replica count', (name) => {
    const pdb = find(objects, 'PodDisruptionBudget', name);
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.minAvailable).toBeUndefined();
    expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
  });

  test('a PDB with minAvailable keeps what the spec asks (validation keeps it below the replicas)', () => {
    const pdb = find(objects, 'PodDisruptionBudget', 'web');
    expect(pdb.spec).toMatchObject({ minAvailable: 2, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(pdb.spec.maxUnavailable).toBeUndefined();
  });
});

describe('network policy', () => {
  const ports = (rule: { ports: { port: number }[] }) => rule.ports.map((p) => p.port);

  test("admits the gateway's Envoy pods, Prometheus and named callers only", () => {
    const np = find(objects, 'NetworkPolicy', 'api');
    expect(np.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/component': 'proxy',
                'app.kubernetes.io/managed-by': 'envoy-gateway',
                'gateway.envoyproxy.io/owning-gateway-name': 'shop',
                'gateway.envoyproxy.io/owning-gateway-namespace': 'shop',
              },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ protocol: 'TCP', port: 9091 }],
      },
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'partners' } } }],
        ports: [{ protocol: 'TCP', port: 9090 }],
      },
    ]);
  });

  test('lets a service reach DNS, its datastores and NATS, and nothing else', () => {
    const egress = find(objects, 'NetworkPolicy', 'api').spec.egress;
    expect(egress.map(ports)).toEqual([[53, 53], [5432], [6379], [4222], [443]]);
    expect(egress[0].to[0]).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    });
    expect(egress[1].to).toEqual([{ ipBlock: { cidr: '10.0.0.0/16' } }]);
    // the API server (it has RBAC rules): its private addresses in the cluster's network, and the `kubernetes`
    // Service's address in either range EKS picks (the VPC CNI judges the connection before translating it)
    expect(egress[4].to).toEqual([
      { ipBlock: { cidr: '10.0.0.0/16' } },
      { ipBlock: { cidr: '172.20.0.1/32' } },
      { ipBlock: { cidr: '10.100.0.1/32' } },
    ]);
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
    expect(find(objects, 'Role', 'api').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(find(objects, 'RoleBinding', 'api').subjects).toEqual([{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }]);
  });

  test('every secret comes from the cloud secret manager through External Secrets', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const es = find(objects, 'ExternalSecret', 'shop-postgres-svc-api');
    expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-secrets-manager' });
    expect(es.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual([
      'url',
      'host',
      'port',
      'database',
      'user',
      'password',
      'ca',
    ]);
    // the role's own URL, user and password out of the stack's one document; the server's details shared
    expect(es.spec.data.map((d: { remoteRef: object }) => d.remoteRef)).toEqual([
      { key: 'shop/production/postgres', property: 'roles.svc_api.url' },
      { key: 'shop/production/postgres', property: 'host' },
      { key: 'shop/production/postgres', property: 'port' },
      { key: 'shop/production/postgres', property: 'database' },
      { key: 'shop/production/postgres', property: 'roles.svc_api.user' },
      { key: 'shop/production/postgres', property: 'roles.svc_api.password' },
      { key: 'shop/production/postgres', property: 'ca' },
    ]);
  });

  test('binds the ServiceAccount to its cloud identity', () => {
    expect(find(objects, 'ServiceAccount', 'web').metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '-3',
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/shop-web',
    });
    const spec = baseSpec();
    const services = spec.services.map((s) =>
      s.name === 'web' ? { ...s, cloudIdentity: 'shop-web@my-project.iam.gserviceaccount.com' } : s,
    );
    const gcp = synth({ ...spec, cloud: 'gcp', region: 'us-central1', services });
    expect(find(gcp, 'ServiceAccount', 'web').metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '-3',
      'iam.gke.io/gcp-service-account': 'shop-web@my-project.iam.gserviceaccount.com',
    });
  });

  test('uses the GCP secret store on GCP', () => {
    const gcp = synth({ ...baseSpec(), cloud: 'gcp', region: 'us-central1' });
    expect(find(gcp, 'ExternalSecret', 'shop-secrets').spec.secretStoreRef.name).toBe('gcp-secret-manager');
  });
});

describe('jobs', () => {
  const job = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('api-migrate-'))!;

  test("the migration Job runs the command with the service's database wiring, one sync wave early", () => {
    expect(job.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-1' });
    const c = job.spec.template.spec.containers[0];
    expect(c.command).toEqual(['migrate', 'up']);
    expect(c.image).toBe('registry.example.com/shop/api:1.4.2');
    // as the schema's owner, the one role that may change it
    expect(c.env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'shop-postgres-app-migrate', key: 'url' } } });
    expect(job.spec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 600 });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  test("migration pods never join the service's selector", () => {
    const labels = job.spec.template.metadata.labels;
    expect(labels['app.kubernetes.io/name']).toBe('api-migrate');
  });

  test('each pod of the service waits for the migration, with an API token only the init container sees', () => {
    const spec = find(objects, 'Deployment', 'api').spec.template.spec;
    expect(spec.initContainers).toHaveLength(1);
    expect(spec.initContainers[0].args).toEqual(['wait', '--for=condition=complete', '--timeout=600s', `job/${job.metadata.name}`]);
    expect(spec.initContainers[0].volumeMounts).toEqual([
      { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
    ]);
    expect(spec.containers[0].volumeMounts.map((m: { name: string }) => m.name)).not.toContain('kube-api-access');
    expect(
      spec.volumes.find((v: { name: string }) => v.name === 'kube-api-access').projected.sources[0].serviceAccountToken.expirationSeconds,
    ).toBe(3607);
  });

  test('the migration may reach only DNS and the database', () => {
    const egress = find(objects, 'NetworkPolicy', 'api-migrate').spec.egress;
    expect(egress.map((r: { ports: { port: number }[] }) => r.ports.map((p) => p.port))).toEqual([[53, 53], [5432]]);
  });

  test('a CronJob runs on its schedule, never concurrently, with history and deadlines', () => {
    const cron = find(objects, 'CronJob', 'report');
    expect(cron.spec).toMatchObject({
      schedule: '0 3 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
    });
    expect(cron.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 3600 });
    const c = cron.spec.jobTemplate.spec.template.spec.containers[0];
    expect(c.env).toEqual([
      { name: 'REPORT_FORMAT', value: 'csv' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'shop-secrets', key: 'api-token' } } },
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'shop-postgres-job-report', key: 'url' } } },
    ]);
    expect(find(objects, 'ServiceAccount', 'report').automountServiceAccountToken).toBe(false);
  });
});

test('an escape hatch reaches the output, even for a field newer than the typed API', () => {
  const stack = new ProductionStack(Testing.app(), 'shop', baseSpec());
  const api = stack.services.get('api')!;
  api.workload.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'business-critical'));
  api.workload.addJsonPatch(
    JsonPatch.add('/spec/template/spec/containers/0/resizePolicy', [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }]),
  );
  const out = find(Testing.synth(stack), 'Deployment', 'api');
  expect(out.spec.template.spec.priorityClassName).toBe('business-critical');
  expect(out.spec.template.spec.containers[0].resizePolicy).toEqual([{ resourceName: 'cpu', restartPolicy: 'NotRequired' }]);
});

test('an invalid spec synthesizes nothing and throws the validation error', () => {
  const app = Testing.app();
  expect(() => new ProductionStack(app, 'bad', { ...baseSpec(), name: 'Bad' })).toThrow(/name: "Bad" must be a DNS-1123 label/);
  expect(app.charts).toHaveLength(0);
});
