/**
 * The stack's flows that go through a Service's address rather than a pod's: NATS's client Service, each callee's
 * Service (its callers reach it by name), and the cluster DNS Service (`kube-dns` in kube-system, selecting
 * `k8s-app: kube-dns`). On EKS the VPC CNI judges the caller's egress on the ClusterIP, before it is translated,
 * and its network policy controller grants a rule that address only when the rule's pod selector matches the
 * Service's selector and a rule port maps onto a Service port (test/support/netpol.ts, `canConnectToService`);
 * on GKE (Cilium) the address is translated first and the pod-level rules decide. Every flow the spec intends
 * must pass both ways, and the Service addresses must not open what the pods are closed to.
 */
import type { ProductionStackProps } from 'production-stack';
import { resolve } from '../../lib/core';
import { examples } from '../../examples';
import { type Backend, type Cni, type Pod, type Service, canConnectToService, kubeDnsService, serviceOf } from '../support/netpol';
import { type Manifest, synth } from '../support/synth';

const nsLabels = (name: string) => ({ 'kubernetes.io/metadata.name': name });

const kubeDns = kubeDnsService;

/** The pods of the synthesized stack, by their `app.kubernetes.io/name`. */
function stackPods(objects: readonly Manifest[]): Map<string, Pod> {
  const pods = new Map<string, Pod>();
  for (const o of objects) {
    const template =
      o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : /^(Deployment|StatefulSet|Job)$/.test(o.kind) ? o.spec.template : undefined;
    if (!template) continue;
    const labels = template.metadata.labels;
    pods.set(labels['app.kubernetes.io/name'], {
      namespace: o.metadata.namespace,
      namespaceLabels: nsLabels(o.metadata.namespace),
      labels,
    });
  }
  return pods;
}

/** Each probe's verdict against the intended one, on one CNI; the mismatches. */
function mismatches(spec: ProductionStackProps, cni: Cni): string[] {
  const stack = resolve(spec);
  const objects = synth(spec);
  const pods = stackPods(objects);
  // the stack's Services with an address of their own, each given one
  const services = new Map<string, Service>(
    objects
      .filter((o) => o.kind === 'Service' && o.spec.clusterIP !== 'None')
      .map((o, i): [string, Service] => [o.metadata.name, serviceOf(o, `172.20.40.${i + 1}`)]),
  );
  const out: string[] = [];
  const probe = (what: string, source: Pod, service: Service, port: number, want: boolean, protocol = 'TCP') => {
    if (canConnectToService(objects, source, service, port, { cni, protocol }) !== want)
      out.push(`${what}:${port}/${protocol} ${want ? 'closed' : 'open'}, meant ${want ? 'open' : 'closed'}`);
  };
  // every pod of the stack resolves names through the DNS Service, on 53 only
  for (const [name, pod] of pods) {
    for (const dns of [kubeDns('numbers'), kubeDns('names')]) {
      probe(`${name} → kube-dns (${dns.ports[0].targetPort === 53 ? 'numbered' : 'named'} targetPorts)`, pod, dns, 53, true, 'UDP');
      probe(`${name} → kube-dns`, pod, dns, 53, true, 'TCP');
      probe(`${name} → kube-dns`, pod, dns, 9153, false);
    }
  }
  // NATS's client Service: from the services that use NATS only
  const nats = services.get('nats');
  if (nats) {
    for (const s of stack.services) probe(`${s.name} → the nats Service`, pods.get(s.name)!, nats, 4222, !!s.nats);
  }
  // each server's Service: from the callers its `allowFrom` names, on the ports it names; from no other service
  for (const callee of stack.services) {
    const service = [...services.values()].find(
      (s) => s.namespace === stack.namespace && s.selector['app.kubernetes.io/name'] === callee.name,
    );
    if (!service) continue;
    for (const caller of stack.services) {
      if (caller === callee) continue;
      for (const p of callee.ports) {
        const admitted = callee.allowFrom.some(
          (c) => 'service' in c && c.service === caller.name && (!c.ports || c.ports.includes(p.name)),
        );
        probe(`${caller.name} → the ${callee.name} Service`, pods.get(caller.name)!, service, p.port, admitted);
      }
    }
  }
  return out;
}

const EXAMPLES = Object.entries(examples) as [string, ProductionStackProps][];

describe.each<[string, Cni]>([
  ['EKS (the VPC CNI judges egress on the ClusterIP)', 'aws-vpc'],
  ['GKE (Cilium translates the address first)', 'cilium'],
])('%s', (_, cni) => {
  test.each(EXAMPLES)('%s: DNS, NATS and the callees through their Services, as intended', (_name, spec) => {
    expect(mismatches(spec, cni)).toEqual([]);
  });
});

test('the examples have flows through Services to check: NATS clients and callers', () => {
  const stacks = EXAMPLES.map(([, spec]) => resolve(spec));
  expect(stacks.some((s) => s.services.some((x) => x.nats))).toBe(true);
  expect(stacks.some((s) => s.services.some((x) => x.allowFrom.some((c) => 'service' in c)))).toBe(true);
});

describe("the model of the VPC CNI's Service step (aws/amazon-network-policy-controller-k8s, pkg/resolvers/endpoints.go)", () => {
  const at = (labels: Record<string, string>, namespace = 'app'): Backend => ({ namespace, namespaceLabels: nsLabels(namespace), labels });
  const client = at({ app: 'client' });
  const server: Backend = { ...at({ app: 'server', tier: 'api', version: 'v1' }), ports: [{ name: 'http', containerPort: 8080 }] };
  const service: Service = {
    namespace: 'app',
    selector: { app: 'server', tier: 'api' },
    clusterIP: '172.20.50.5',
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    pods: [server],
  };
  const egress = (to: object[] | undefined, ports?: object[]) => [
    {
      kind: 'NetworkPolicy',
      metadata: { name: 'client', namespace: 'app' },
      spec: {
        podSelector: { matchLabels: { app: 'client' } },
        policyTypes: ['Egress'],
        egress: [{ ...(to ? { to } : {}), ...(ports ? { ports } : {}) }],
      },
    },
  ];
  const eks = (objects: readonly object[], svc: Service = service, port = 80) =>
    canConnectToService(objects, client, svc, port, { cni: 'aws-vpc' });
  const cilium = (objects: readonly object[], svc: Service = service, port = 80) =>
    canConnectToService(objects, client, svc, port, { cni: 'cilium' });
  const tcp8080 = [{ protocol: 'TCP', port: 8080 }];

  test("a peer's matchLabels must all be in the Service's selector; the selector may have more", () => {
    expect(eks(egress([{ podSelector: { matchLabels: { app: 'server', tier: 'api' } } }], tcp8080))).toBe(true);
    expect(eks(egress([{ podSelector: { matchLabels: { app: 'server' } } }], tcp8080))).toBe(true);
    // the pods have `version`, the selector does not: the pods are reachable, the Service's address is not
    const withVersion = egress([{ podSelector: { matchLabels: { app: 'server', version: 'v1' } } }], tcp8080);
    expect(cilium(withVersion)).toBe(true);
    expect(eks(withVersion)).toBe(false);
  });

  test('matchExpressions are read on the selector; a peer without a podSelector takes every Service of its namespaces', () => {
    expect(eks(egress([{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api'] }] } }], tcp8080))).toBe(true);
    expect(eks(egress([{ podSelector: { matchExpressions: [{ key: 'version', operator: 'Exists' }] } }], tcp8080))).toBe(false);
    expect(eks(egress([{ namespaceSelector: { matchLabels: nsLabels('app') } }], tcp8080))).toBe(true);
    expect(eks(egress([{ namespaceSelector: { matchLabels: nsLabels('other') } }], tcp8080))).toBe(false);
  });

  test("the rule's port is the pod's: it admits the Service port that targets it, by number or by name", () => {
    expect(eks(egress([{ podSelector: { matchLabels: { app: 'server' } } }], [{ protocol: 'TCP', port: 80 }]))).toBe(false);
    const named: Service = { ...service, ports: [{ name: 'http', port: 80, targetPort: 'http' }] };
    expect(eks(egress([{ podSelector: { matchLabels: { app: 'server' } } }], tcp8080), named)).toBe(true);
    expect(eks(egress([{ podSelector: { matchLabels: { app: 'server' } } }], [{ protocol: 'TCP', port: 'http' }]), named)).toBe(true);
    // a named targetPort some pod gives to a port the rule does not admit: the controller leaves the Service port out
    const other: Backend = { ...server, ports: [{ name: 'http', containerPort: 9000 }] };
    expect(eks(egress([{ podSelector: { matchLabels: { app: 'server' } } }], tcp8080), { ...named, pods: [server, other] })).toBe(false);
  });

  test('ipBlocks and rules without peers match the ClusterIP on the Service port; no ports is any port', () => {
    expect(eks(egress([{ ipBlock: { cidr: '172.20.0.0/16' } }], [{ protocol: 'TCP', port: 80 }]))).toBe(true);
    expect(eks(egress([{ ipBlock: { cidr: '172.20.0.0/16' } }], tcp8080))).toBe(false);
    expect(eks(egress([{ ipBlock: { cidr: '172.20.0.0/16', except: ['172.20.50.0/24'] } }]))).toBe(false);
    expect(eks(egress(undefined, [{ protocol: 'TCP', port: 80 }]))).toBe(true);
    expect(eks(egress([{ podSelector: { matchLabels: { app: 'server' } } }]))).toBe(true);
    // on Cilium the same ipBlock is judged on the pod's address, which it does not hold
    expect(cilium(egress([{ ipBlock: { cidr: '172.20.0.0/16' } }], [{ protocol: 'TCP', port: 80 }]))).toBe(false);
  });

  test('a headless Service has no address to judge', () => {
    expect(() => eks(egress([]), { ...service, clusterIP: 'None' })).toThrow(/headless/);
  });
});
