/** Checks over the whole synthesized output of every example, not construct by construct. */
import { Testing } from 'cdk8s';
import { ProductionStack } from 'production-stack';
import { availabilityViolations, podSpecOf, restrictedViolations } from 'production-stack/k8s';
import { examples } from '../../examples';
import type { Manifest } from '../support/synth';

const outputs: [string, Manifest[]][] = Object.entries(examples).map(([name, spec]) => [
  name,
  Testing.synth(new ProductionStack(Testing.app(), spec.name, spec)),
]);

describe.each(outputs)('%s', (_name, objects) => {
  test('every pod template passes the restricted Pod Security Standard', () => {
    expect(objects.filter((o) => podSpecOf(o)).length).toBeGreaterThan(0);
    expect(objects.flatMap(restrictedViolations)).toEqual([]);
  });

  test('every long-running workload has probes, requests, a memory limit, a PDB, its own NetworkPolicy and a zone spread', () => {
    expect(availabilityViolations(objects)).toEqual([]);
  });

  test('the namespace denies by default and enforces the restricted profile', () => {
    expect(objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny')).toBeDefined();
    expect(objects.find((o) => o.kind === 'Namespace')?.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('no manifest carries a secret value', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const o of objects) {
      for (const c of podSpecOf(o)?.spec.containers ?? []) {
        for (const e of c.env ?? []) {
          if (/PASSWORD|SECRET|TOKEN|_KEY$/.test(e.name)) expect(e.valueFrom?.secretKeyRef).toBeDefined();
        }
      }
    }
  });

  test('no Ingress; every routed host has an HTTPS listener with a certificate cert-manager issues', () => {
    expect(objects.filter((o) => o.kind === 'Ingress')).toEqual([]);
    const gateway = objects.find((o) => o.kind === 'Gateway')!;
    expect(gateway.metadata.annotations['cert-manager.io/cluster-issuer']).toBeDefined();
    // routes on the HTTPS listeners (the plain HTTP listener's: the redirect, and on AWS the failover health check)
    const hosts = objects
      .filter((o) => ['HTTPRoute', 'GRPCRoute'].includes(o.kind) && o.spec.parentRefs.every((p: Manifest) => p.sectionName !== 'http'))
      .flatMap((r) => r.spec.hostnames ?? []);
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts) {
      const listener = gateway.spec.listeners.find((l: Manifest) => l.hostname === host);
      expect([host, listener?.protocol, listener?.tls?.mode, listener?.tls?.certificateRefs?.length]).toEqual([
        host,
        'HTTPS',
        'Terminate',
        1,
      ]);
    }
  });
});

describe('the checks themselves', () => {
  const [, cqar] = outputs.find(([n]) => n === 'cqar')!;
  const clone = (): Manifest[] => JSON.parse(JSON.stringify(cqar));

  test('catch a privileged, root, escalating container', () => {
    const objects = clone();
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    deployment.spec.template.spec.containers[0].securityContext = { privileged: true, runAsUser: 0 };
    delete deployment.spec.template.spec.securityContext;
    const problems = restrictedViolations(deployment).join('\n');
    for (const what of ['is privileged', 'allowPrivilegeEscalation', 'runAsNonRoot', 'UID 0', 'seccomp', 'drop ALL', 'writable root'])
      expect(problems).toContain(what);
  });

  test('catch a hostPath volume', () => {
    const deployment = clone().find((o) => o.kind === 'Deployment')!;
    deployment.spec.template.spec.volumes = [{ name: 'host', hostPath: { path: '/' } }];
    expect(restrictedViolations(deployment)).toEqual(['Deployment/cqar: volume "host" has restricted-forbidden type hostPath']);
  });

  test('catch a workload without probes, PDB or policy', () => {
    const objects = clone().filter((o) => !(['PodDisruptionBudget', 'NetworkPolicy'].includes(o.kind) && o.metadata.name === 'cqar'));
    delete objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].readinessProbe;
    expect(availabilityViolations(objects)).toEqual([
      'Deployment/cqar: container "cqar" has no readiness probe',
      'Deployment/cqar: no PodDisruptionBudget selects it',
      'Deployment/cqar: no NetworkPolicy of its own selects it',
    ]);
  });
});
