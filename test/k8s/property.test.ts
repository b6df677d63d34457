/**
 * Property: for any spec, ProductionStack either throws the library's
 * ValidationError, or synthesizes manifests that pass the Kubernetes (and CRD)
 * schemas and the restricted profile. Never any other exception.
 */
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { ProductionStack, type ProductionStackProps, ValidationError } from 'production-stack';
import { availabilityViolations, restrictedViolations } from 'production-stack/k8s';
import { validateObjects } from '../support/schema';

const name = fc.oneof(
  { weight: 30, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const quantity = (units: string[]) =>
  fc.oneof(
    { weight: 20, arbitrary: fc.tuple(fc.integer({ min: 1, max: 4096 }), fc.constantFrom(...units)).map(([n, u]) => `${n}${u}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  );
const cpu = quantity(['m', '']);
const memory = quantity(['Mi', 'Gi']);
// an image path as the runtime parses it (lowercase components joined by separators), or one it refuses or that is
// not pinned
const imagePath = fc.stringMatching(/^[a-z0-9]{1,6}([._-][a-z0-9]{1,6}){0,2}$/);
const image = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(imagePath, fc.stringMatching(/^v?[0-9]\.[0-9]{1,2}\.[0-9]$/)).map(([n, t]) => `registry.example.com/${n}:${t}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('nginx', 'nginx:latest', '', 'registry.example.com/App:1.0', 'app@sha256:abc') },
);
const port = fc.record({
  name: fc.oneof({ weight: 30, arbitrary: fc.constantFrom('http', 'grpc', 'metrics', 'admin') }, { weight: 1, arbitrary: name }),
  port: fc.oneof(
    { weight: 30, arbitrary: fc.integer({ min: 1024, max: 65535 }) },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: 70000 }) },
  ),
});
const probe = fc.oneof(
  fc.record({
    type: fc.constant('http' as const),
    path: fc.constantFrom('/healthz', '/ready', 'bad'),
    port: fc.option(fc.constantFrom('http', 'grpc', 8080), { nil: undefined }),
  }),
  fc.record({ type: fc.constant('grpc' as const), port: fc.option(fc.constantFrom('grpc', 9090), { nil: undefined }) }),
  fc.record({ type: fc.constant('exec' as const), command: fc.constant(['/bin/check']) }),
);
/** Present half of the time. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
/** Present one time in five: the fields whose random values are most often invalid. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const service = fc
  .record({
    name,
    image,
    role: rarely(fc.constant('worker' as const)),
    ports: fc.uniqueArray(port, { minLength: 1, maxLength: 3, selector: (p) => p.name }),
    scaling: fc.oneof(
      fc.record({
        replicas: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constant(0) }),
      }),
      fc.record({
        autoscaling: fc.record({
          minReplicas: fc.integer({ min: 1, max: 6 }),
          maxReplicas: fc.integer({ min: 1, max: 20 }),
          memoryUtilization: maybe(fc.integer({ min: 50, max: 95 })),
        }),
      }),
    ),
    resources: maybe(
      fc.record({ requests: fc.record({ cpu, memory }, { requiredKeys: [] }), limits: fc.record({ cpu: maybe(cpu), memory }) }),
    ),
    probes: rarely(fc.record({ liveness: probe, readiness: probe }, { requiredKeys: [] })),
    env: fc.dictionary(fc.stringMatching(/^[A-Z][A-Z_]{0,8}$/), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
    route: rarely(
      fc.record({
        host: fc.constantFrom('a.example.com', 'b.example.com', 'c.example.com', 'bad host', '*.example.com'),
        path: maybe(fc.constantFrom('/', '/api', '/metrics')),
        rateLimit: maybe(fc.record({ requestsPerSecond: fc.integer({ min: 0, max: 200 }) })),
      }),
    ),
    storage: maybe(fc.record({ size: memory, mountPath: fc.constant('/data') })),
    antiAffinity: maybe(fc.constantFrom('required' as const, 'preferred' as const)),
    postgres: maybe(fc.record({ maxConnections: fc.integer({ min: 1, max: 50 }) })),
    runAsUser: maybe(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1000, max: 70000 }) }, { weight: 1, arbitrary: fc.constant(0) })),
  })
  .map(({ scaling, ...s }) => ({ ...s, ...scaling }));

const spec = fc
  .record({
    // a stack name with "--" is refused (cloud names): kept out, so that enough specs are valid
    name: name.filter((n) => !n.includes('--')),
    // a region of the cloud, mostly: regions are checked against it
    location: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(['aws', 'us-west-2'] as const, ['gcp', 'us-central1'] as const) },
      { weight: 1, arbitrary: fc.constantFrom(['aws', 'us-central1'] as const, ['gcp', 'us-west-2'] as const) },
    ),
    services: fc.uniqueArray(service, { minLength: 1, maxLength: 3, selector: (s) => s.name }),
    postgres: fc.record({ maxConnections: fc.integer({ min: 50, max: 500 }) }),
  })
  .map(({ location, ...rest }) => ({ ...rest, cloud: location[0], region: location[1] }));

test('any spec either synthesizes schema-valid, restricted manifests or throws ValidationError', () => {
  let valid = 0;
  let invalid = 0;
  fc.assert(
    fc.property(spec, (props) => {
      let objects;
      try {
        objects = Testing.synth(new ProductionStack(Testing.app(), 'property', props as ProductionStackProps));
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        invalid++;
        return;
      }
      valid++;
      expect(validateObjects(objects)).toEqual([]);
      expect(objects.flatMap(restrictedViolations)).toEqual([]);
      expect(availabilityViolations(objects)).toEqual([]);
    }),
    { numRuns: 500, seed: 20261123 },
  );
  // The generators must reach both outcomes, or the property proves little.
  expect(valid).toBeGreaterThan(30);
  expect(invalid).toBeGreaterThan(30);
});
