/**
 * The Q&A agent guide ("Production Deployment Considerations", seed 001)
 * against the example's synthesized manifests and offline plan. Expected
 * values are the guide's, quoted next to each assertion.
 */
import { examples } from '../../examples';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { inputs } from '../support/plan';
import { type Manifest, find, synth } from '../support/synth';

const spec = examples['qna-agent'];
let objects: Manifest[];
let planned: PlanResource[];

beforeAll(async () => {
  objects = synth(spec);
  planned = await plan(() => new ProductionStack(spec.name, spec));
});

const pod = (): Manifest => find(objects, 'Deployment', 'qna-agent').spec.template.spec;
const container = (): Manifest => pod().containers[0];

test('Option B: the ExternalSecret of the guide', () => {
  expect(find(objects, 'ExternalSecret', 'qna-agent-secrets').spec).toMatchObject({
    refreshInterval: '1h', // "refreshInterval: 1h"
    secretStoreRef: { name: 'vault-backend', kind: 'ClusterSecretStore' }, // "name: vault-backend", "kind: ClusterSecretStore"
    target: { name: 'qna-agent-secrets' }, // "target: name: qna-agent-secrets"
    // "secretKey: openai-api-key", "key: secret/qna-agent", "property: api_key"
    data: [{ secretKey: 'openai-api-key', remoteRef: { key: 'secret/qna-agent', property: 'api_key' } }],
  });
  // "name: OPENAI_API_KEY ... secretKeyRef: name: qna-agent-secrets, key: openai-api-key"
  expect(container().env).toContainEqual({
    name: 'OPENAI_API_KEY',
    valueFrom: { secretKeyRef: { name: 'qna-agent-secrets', key: 'openai-api-key' } },
  });
});

test('probes and graceful shutdown', () => {
  // "livenessProbe: httpGet: path: /health, port: 8000, initialDelaySeconds: 10, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3"
  expect(container().livenessProbe).toMatchObject({
    httpGet: { path: '/health', port: 8000 },
    initialDelaySeconds: 10,
    periodSeconds: 15,
    timeoutSeconds: 5,
    failureThreshold: 3,
  });
  // "readinessProbe: httpGet: path: /ready, port: 8000, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3"
  expect(container().readinessProbe).toMatchObject({
    httpGet: { path: '/ready', port: 8000 },
    initialDelaySeconds: 5,
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold: 3,
  });
  // "startupProbe: httpGet: path: /health, port: 8000, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30"
  expect(container().startupProbe).toMatchObject({
    httpGet: { path: '/health', port: 8000 },
    initialDelaySeconds: 5,
    periodSeconds: 5,
    failureThreshold: 30,
  });
  expect(pod().terminationGracePeriodSeconds).toBe(30); // "terminationGracePeriodSeconds: 30"
});

test('example production values: resources and the HPA', () => {
  // "requests: memory: "256Mi", cpu: "100m"; limits: memory: "512Mi", cpu: "500m""
  expect(container().resources).toEqual({ requests: { memory: '256Mi', cpu: '100m' }, limits: { memory: '512Mi', cpu: '500m' } });
  const hpa = find(objects, 'HorizontalPodAutoscaler', 'qna-agent').spec;
  expect(hpa).toMatchObject({ minReplicas: 2, maxReplicas: 10 }); // "minReplicas: 2", "maxReplicas: 10"
  // "name: cpu ... averageUtilization: 70"
  expect(hpa.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
});

test('TLS at the gateway, the app on HTTP port 8000', () => {
  expect(container().ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]); // "Application always runs on HTTP (port 8000)"
  const gateway = find(objects, 'Gateway', 'qna-agent');
  expect(gateway.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod'); // "cert-manager.io/cluster-issuer: letsencrypt-prod"
  // "hosts: - qna-api.example.com, secretName: qna-agent-tls" (the gateway names each host's certificate after the host)
  expect(gateway.spec.listeners.find((l: Manifest) => l.hostname === 'qna-api.example.com').tls).toEqual({
    mode: 'Terminate',
    certificateRefs: [{ kind: 'Secret', name: 'qna-api.example.com-tls' }],
  });
  const rules = find(objects, 'HTTPRoute', 'qna-agent').spec.rules;
  // the app's metrics share port 8000: a first rule answers /metrics 404 at the edge
  expect(rules[0].matches[0].path.type).toBe('RegularExpression');
  expect(rules[1].matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]); // "path: /, pathType: Prefix"
  expect(rules[1].backendRefs).toEqual([{ name: 'qna-agent', port: 8000, weight: 1 }]);
});

test('knowledge base from a ConfigMap at /app/knowledge', () => {
  // "refund-policy.txt: | Our refund policy allows returns within 30 days..."
  const configMaps = objects.filter((o) => o.kind === 'ConfigMap' && o.data?.['refund-policy.txt'] !== undefined);
  expect(configMaps).toHaveLength(1);
  expect(configMaps[0].data['refund-policy.txt']).toMatch(/^Our refund policy allows returns within 30 days/);
  // "mountPath: /app/knowledge"
  expect(container().volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/app/knowledge', readOnly: true }));
});

test('checklist: PDB, network policy, service account without API access', () => {
  // "Pod Disruption Budget (for HA)", "Network policies", "Service account with minimal RBAC"
  expect(find(objects, 'PodDisruptionBudget', 'qna-agent').spec.maxUnavailable).toBe(1);
  expect(find(objects, 'NetworkPolicy', 'qna-agent').spec.policyTypes).toEqual(['Ingress', 'Egress']);
  expect(pod().automountServiceAccountToken).toBe(false);
  expect(objects.filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding')).toEqual([]);
});

test('metrics on /metrics from http_requests_total{status}, LLM call failures alerted', () => {
  expect(find(objects, 'ServiceMonitor', 'qna-agent').spec.endpoints[0].path).toBe('/metrics'); // "Add `/metrics` endpoint"
  const rules = objects
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((r) => r.spec.groups.flatMap((g: Manifest) => g.rules as Manifest[]));
  const expr = (alert: string): string => rules.find((r) => r.alert === alert)?.expr;
  // 'http_requests_total{method="POST", endpoint="/chats/{id}/messages", status="200"}': the status label carries the code
  expect(expr('RequestErrorRateHigh')).toContain('http_requests_total{namespace="qna-agent", service="qna-agent", status=~"5.."}');
  // 'llm_calls_total{status="success|error"}'
  expect(expr('LlmCallFailures')).toMatch(/llm_calls_total\{[^}]*status="error"\}/);
});

test('plan: a managed PostgreSQL with automatic backups, point-in-time recovery and high availability; etcd secrets encrypted', () => {
  // "cloud-managed: AWS RDS"; "Automatic backups", "Point-in-time recovery", "High availability"
  const db = inputs(planned, 'qna-agent-postgres-db');
  expect(db.engine).toBe('postgres');
  expect(db.backupRetentionPeriod).toBeGreaterThan(0);
  expect(db.multiAz).toBe(true);
  // "Enable encryption at rest for etcd"
  expect(inputs(planned, 'qna-agent-cluster-eks').encryptionConfig.resources).toEqual(['secrets']);
});
