/** Certificates for the real servers the tests start on the loopback, as cert-manager would issue them (openssl). */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Manifest } from './synth';

/**
 * The Secret cert-manager would write for `certificate` (a cert-manager Certificate: its dnsNames, usages and
 * private key algorithm and size), issued by a fresh CA, into `dir` (`tls.crt`, `tls.key`, `ca.crt`). The loopback
 * names (`localhost`, IP 127.0.0.1) are added, since the nodes reach each other and are reached there.
 */
export function issueCertificate(certificate: Manifest, dir: string): void {
  const spec = certificate.spec;
  const ossl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (file: string) => {
    if (spec.privateKey?.algorithm === 'ECDSA') {
      const curve = { 256: 'prime256v1', 384: 'secp384r1' }[spec.privateKey.size as 256 | 384];
      if (!curve) throw new Error(`ECDSA size ${spec.privateKey.size}`);
      ossl(['ecparam', '-name', curve, '-genkey', '-noout', '-out', file]);
    } else {
      ossl(['genrsa', '-out', file, String(spec.privateKey?.size ?? 2048)]);
    }
  };
  fs.mkdirSync(dir, { recursive: true });
  key('ca.key');
  ossl(['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '1', '-subj', '/CN=loopback-test-ca', '-out', 'ca.crt']);
  key('tls.key');
  ossl(['req', '-new', '-key', 'tls.key', '-subj', `/CN=${spec.dnsNames[0]}`, '-out', 'tls.csr']);
  const eku = (spec.usages as string[])
    .map((u) => ({ 'server auth': 'serverAuth', 'client auth': 'clientAuth' })[u as 'server auth'])
    .filter(Boolean);
  const ku = (spec.usages as string[]).includes('digital signature') ? 'keyUsage=critical,digitalSignature\n' : '';
  const sans = [...(spec.dnsNames as string[]).map((d) => `DNS:${d}`), 'DNS:localhost', 'IP:127.0.0.1'];
  fs.writeFileSync(path.join(dir, 'tls.ext'), `subjectAltName=${sans.join(',')}\nextendedKeyUsage=${eku.join(',')}\n${ku}`);
  ossl([
    'x509',
    '-req',
    '-in',
    'tls.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-sha256',
    '-extfile',
    'tls.ext',
    '-out',
    'tls.crt',
  ]);
}
