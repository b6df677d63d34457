import { ValidationError, validate } from 'production-stack/core';
import { restrictedViolations } from 'production-stack/k8s';
import { baseSpec } from '../support/spec';
import { parseNatsConf } from '../support/nats-conf';
import { validateObjects } from '../support/schema';
import { find, synth } from '../support/synth';

const spec = baseSpec();
const objects = synth({ ...spec, nats: { ...spec.nats, tls: { clusterIssuer: 'internal-ca' } } });
const config = parseNatsConf(find(objects, 'ConfigMap', 'nats-config').data['nats.conf']);
const pod = find(objects, 'StatefulSet', 'nats').spec.template.spec;

test('a cert-manager Certificate from the private CA covers the client Service and every route name', () => {
  const cert = find(objects, 'Certificate', 'nats-tls');
  expect(cert.spec.issuerRef).toEqual({ kind: 'ClusterIssuer', group: 'cert-manager.io', name: 'internal-ca' });
  expect(cert.spec.secretName).toBe('nats-tls');
  expect(cert.spec.dnsNames).toEqual(expect.arrayContaining(['nats.shop.svc.cluster.local', '*.nats-headless.shop.svc.cluster.local']));
  // every route URL's host is covered by a name of the certificate (one wildcard level)
  for (const route of config.cluster.routes as string[]) {
    const host = new URL(route).hostname;
    expect(cert.spec.dnsNames.some((n: string) => n === host || (n.startsWith('*.') && host.slice(host.indexOf('.')) === n.slice(1)))).toBe(
      true,
    );
  }
  expect(cert.spec.usages).toEqual(expect.arrayContaining(['server auth', 'client auth']));
  expect(cert.spec.privateKey.rotationPolicy).toBe('Always');
});

test('the server config serves TLS to clients and verifies both ends of every route', () => {
  const files = { cert_file: '/etc/nats-tls/tls.crt', key_file: '/etc/nats-tls/tls.key', ca_file: '/etc/nats-tls/ca.crt' };
  expect(config.tls).toMatchObject(files);
  expect(config.cluster.tls).toMatchObject({ ...files, verify: true });
  const mount = pod.containers[0].volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/etc/nats-tls');
  expect(pod.volumes.find((v: { name: string }) => v.name === mount.name).secret.secretName).toBe('nats-tls');
});

test('a reloader sidecar watches the certificate and signals the server, which shares its process namespace', () => {
  expect(pod.shareProcessNamespace).toBe(true);
  const reloader = pod.containers.find((c: { name: string }) => c.name === 'reloader');
  const watched = reloader.args.filter((_: string, i: number) => reloader.args[i - 1] === '-config');
  expect(watched).toEqual(['/etc/nats/nats.conf', '/etc/nats-tls/tls.crt', '/etc/nats-tls/tls.key', '/etc/nats-tls/ca.crt']);
  expect(reloader.args.slice(0, 2)).toEqual(['-pid', '/var/run/nats/nats.pid']);
});

test('services connect over tls:// and trust the CA mounted from the certificate Secret; the controller too', () => {
  const api = find(objects, 'Deployment', 'api').spec.template.spec;
  const env = Object.fromEntries(
    api.containers[0].env.filter((e: { value?: string }) => e.value).map((e: { name: string; value: string }) => [e.name, e.value]),
  );
  expect(env.NATS_URL).toBe('tls://nats.shop.svc.cluster.local:4222');
  expect(env.NATS_CA_FILE).toBe('/etc/nats-ca/ca.crt');
  const volume = api.volumes.find((v: { name: string }) => v.name === 'nats-ca');
  expect(volume.secret).toMatchObject({ secretName: 'nats-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }] });
  expect(find(objects, 'Account', 'shop-nats').spec).toMatchObject({
    servers: ['tls://nats.shop.svc.cluster.local:4222'],
    tls: { secret: { name: 'nats-tls' }, ca: 'ca.crt' },
  });
  // a service that does not use NATS gets neither
  const web = find(objects, 'Deployment', 'web').spec.template.spec;
  expect((web.volumes ?? []).map((v: { name: string }) => v.name)).not.toContain('nats-ca');
});

test('the output stays schema-valid and restricted', () => {
  expect(validateObjects(objects)).toEqual([]);
  expect(objects.flatMap((o) => restrictedViolations(o))).toEqual([]);
});

test('without tls nothing of it is generated', () => {
  const plain = synth(spec);
  expect(plain.filter((o) => o.kind === 'Certificate')).toEqual([]);
  expect(find(plain, 'StatefulSet', 'nats').spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual([
    'nats',
    'exporter',
  ]);
});

test('fails when the ClusterIssuer is not a valid name, naming the field', () => {
  expect(() => validate({ ...spec, nats: { ...spec.nats, tls: { clusterIssuer: 'Internal CA' } } })).toThrow(ValidationError);
  expect(() => validate({ ...spec, nats: { ...spec.nats, tls: { clusterIssuer: 'Internal CA' } } })).toThrow(
    /nats\.tls\.clusterIssuer: "Internal CA" must be a ClusterIssuer name/,
  );
});

test("the namespace quota counts the config reloader beside each server (10m and 16Mi requested), with the quota's 25% headroom", () => {
  // the base stack's peak without TLS: 11170m and 16352Mi (test/k8s/workloads.test.ts); 3 reloaders add 30m and 48Mi
  const hard = find(objects, 'ResourceQuota', 'production-stack').spec.hard;
  expect(hard['requests.cpu']).toBe(`${(11170 + 30) * 1.25}m`);
  expect(hard['requests.memory']).toBe(`${(16352 + 48) * 1.25}Mi`);
});
