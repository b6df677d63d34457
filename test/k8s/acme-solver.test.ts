/**
 * The HTTP-01 path of cert-manager under the stack's NetworkPolicies (issue #16's finding): cert-manager
 * creates its solver pods in the stack's namespace, labelled acme.cert-manager.io/http01-solver=true and
 * serving the challenge on 8089, and ingress-nginx must reach them there, or no certificate is issued.
 * Checked with a model of NetworkPolicy evaluation (test/support/netpol.ts) over the synthesized objects.
 */
import { Testing } from 'cdk8s';
import { ProductionStack, resolve } from 'production-stack';
import { ACME_SOLVER } from 'production-stack/k8s';
import { examples } from '../../examples';
import { type Pod, canConnect } from '../support/netpol';
import { synth } from '../support/synth';

const nginx: Pod = {
  namespace: 'ingress-nginx',
  namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
  labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
};

const viaNginx = Object.entries(examples).filter(([, spec]) => spec.services.some((s) => s.ingress && s.ingress.className !== 'gce'));

function pods(name: string) {
  const spec = examples[name];
  const ns = resolve(spec).namespace;
  const at = (labels: Record<string, string>): Pod => ({ namespace: ns, namespaceLabels: { 'kubernetes.io/metadata.name': ns }, labels });
  // the labels cert-manager's acmesolver pods carry (pkg/issuer/acme/http/pod.go)
  const solver = at({ [ACME_SOLVER.label]: 'true', 'acme.cert-manager.io/http-domain': '1', 'acme.cert-manager.io/http-token': '2' });
  const service = spec.services.find((s) => s.ingress)!;
  const workload = at({ 'app.kubernetes.io/instance': spec.name, 'app.kubernetes.io/name': service.name });
  return { objects: synth(spec), solver, workload };
}

test('the examples cover the nginx path', () => {
  expect(viaNginx.length).toBeGreaterThanOrEqual(3);
});

test.each(viaNginx.map(([name]) => name))('%s: ingress-nginx reaches the HTTP-01 solver pods, and nothing else does', (name) => {
  const { objects, solver, workload } = pods(name);
  expect(canConnect(objects, nginx, solver, ACME_SOLVER.port)).toBe(true);
  // only that port, only from ingress-nginx, and only the solver pods
  expect(canConnect(objects, nginx, solver, 8080)).toBe(false);
  expect(canConnect(objects, workload, solver, ACME_SOLVER.port)).toBe(false);
  expect(canConnect(objects, nginx, workload, ACME_SOLVER.port)).toBe(false);
  // the solver pods reach nothing
  expect(canConnect(objects, solver, workload, 8080)).toBe(false);
});

test.each(viaNginx.map(([name]) => name))('%s: without that policy, the default-deny policy blocks the challenge', (name) => {
  const { objects, solver } = pods(name);
  expect(
    canConnect(
      objects.filter((o) => o.metadata.name !== 'acme-http01-solver'),
      nginx,
      solver,
      ACME_SOLVER.port,
    ),
  ).toBe(false);
});

test('a stack served only by GKE load balancers gets no solver policy', () => {
  const gce = Object.entries(examples).find(([, spec]) => spec.services.every((s) => !s.ingress || s.ingress.className === 'gce'))!;
  expect(synth(gce[1]).filter((o) => o.metadata.name === 'acme-http01-solver')).toEqual([]);
  expect(new ProductionStack(Testing.app(), gce[1].name, gce[1]).acmeSolverPolicy).toBeUndefined();
});
