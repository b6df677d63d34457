/**
 * One benchmark case, run in its own process so its peak memory is its own:
 * `node build/scripts/bench-case.js <production-stack|cdk8s-plus> <services>`.
 * Prints one JSON line: wall time of construction + synthesis, objects, bytes and peak RSS.
 */
import { performance } from 'perf_hooks';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ProductionStack, type ProductionStackProps, type ServiceSpec } from '../lib';

/**
 * A realistic mix: a third routed from the edge (on at most 50 hosts, by path: a Gateway has 64 listeners), half autoscaled, secrets, metrics, datastores and NATS.
 */
export function benchSpec(services: number): ProductionStackProps {
  const list: ServiceSpec[] = Array.from({ length: services }, (_, i) => ({
    name: `svc-${i}`,
    image: `registry.example.com/bench/svc-${i}:1.0.${i}`,
    ports: [
      { name: 'http', port: 8080 },
      { name: 'metrics', port: 9091 },
    ],
    ...(i % 2 === 0 ? { autoscaling: { minReplicas: 3, maxReplicas: 10, memoryUtilization: 80 } } : { replicas: 3 }),
    ...(i % 3 === 0 ? { route: { host: `site-${i % 50}.example.com`, path: `/svc-${i}` } } : {}),
    env: { LOG_LEVEL: 'info', SERVICE_INDEX: String(i) },
    secretEnv: { API_TOKEN: { secret: 'bench-secrets', key: 'api-token' } },
    ...(i % 2 === 1 ? { postgres: { maxConnections: 1 } } : {}),
    ...(i % 4 === 0 ? { redis: {} } : {}),
    ...(i % 5 === 0 ? { nats: { publish: ['bench.>'] } } : {}),
    ...(i > 0 && i % 7 === 0 ? { allowFrom: [{ service: `svc-${i - 1}` }] } : {}),
  }));
  // nodes enough for the stack (node capacity): each service asks 3 × 500m; an m5.8xlarge holds 15 of them and the add-ons
  const nodes = Math.ceil(services / 15) + 3;
  return {
    name: 'bench',
    cloud: 'aws',
    region: 'us-west-2',
    cluster: { nodes: { instanceType: 'm5.8xlarge', desiredSize: nodes, minSize: nodes, maxSize: 2 * nodes } },
    secrets: [{ name: 'bench-secrets', remoteKey: 'bench/production/app', keys: ['api-token'] }],
    postgres: { maxConnections: 10000 },
    redis: {},
    nats: { streams: [{ name: 'bench', subjects: ['bench.>'] }] },
    services: list,
  };
}

/** The same services written directly with cdk8s-plus: Deployment, Service, ConfigMap, HPA where autoscaled, Ingress where exposed. */
function plusChart(app: App, services: number): void {
  const chart = new Chart(app, 'bench', { disableResourceNameHashes: true });
  for (let i = 0; i < services; i++) {
    const config = new kplus.ConfigMap(chart, `cm-${i}`, { data: { LOG_LEVEL: 'info', SERVICE_INDEX: String(i) } });
    const deployment = new kplus.Deployment(chart, `svc-${i}`, i % 2 === 0 ? {} : { replicas: 3 });
    deployment.addContainer({
      image: `registry.example.com/bench/svc-${i}:1.0.${i}`,
      ports: [
        { number: 8080, name: 'http' },
        { number: 9091, name: 'metrics' },
      ],
      envFrom: [kplus.Env.fromConfigMap(config)],
    });
    const service = deployment.exposeViaService({ ports: [{ port: 8080, name: 'http' }] });
    if (i % 2 === 0) new kplus.HorizontalPodAutoscaler(chart, `hpa-${i}`, { target: deployment, minReplicas: 3, maxReplicas: 10 });
    if (i % 3 === 0) {
      const ingress = new kplus.Ingress(chart, `ing-${i}`);
      ingress.addHostRule(`svc-${i}.example.com`, '/', kplus.IngressBackend.fromService(service));
    }
  }
}

function main(): void {
  const [kind, n] = [process.argv[2], Number(process.argv[3])];
  const start = performance.now();
  const app = new App({ outdir: 'unused' });
  if (kind === 'production-stack') new ProductionStack(app, 'bench', benchSpec(n));
  else plusChart(app, n);
  const yaml = app.synthYaml();
  const ms = performance.now() - start;
  const objects = (yaml.match(/^kind: /gm) ?? []).length;
  console.log(
    JSON.stringify({ kind, services: n, ms, objects, bytes: Buffer.byteLength(yaml), peakRssMb: process.resourceUsage().maxRSS / 1024 }),
  );
}

if (require.main === module) main();
