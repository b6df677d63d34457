/**
 * One plan measurement for `npm run bench`, in its own process: the Pulumi
 * ProductionStack of the bench spec with N services on AWS, run under the
 * plan mocks. Prints `{ services, ms, resources, peakRssMb }` as JSON.
 */
import { performance } from 'perf_hooks';
import { plan } from '../lib/plan/plan';
import { ProductionStack } from '../lib/pulumi';
import { benchSpec } from './bench-case';

async function main(): Promise<void> {
  const n = Number(process.argv[2]);
  const start = performance.now();
  const spec = benchSpec(n);
  const resources = await plan(() => new ProductionStack(spec.name, spec));
  const ms = performance.now() - start;
  console.log(JSON.stringify({ services: n, ms, resources: resources.length, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
