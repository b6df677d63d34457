/**
 * The PostgreSQL server's CA in the pods that connect: the connection secret's `ca`, mounted where the URL's
 * `sslrootcert` names it (`POSTGRES_CA_FILE`). A container that receives the URL without the file cannot
 * connect at all (libpq and node-postgres fail on a missing root certificate), so every container with a
 * PostgreSQL connection gets it; test/k8s/datastore-ca.test.ts holds every such container of every example
 * to it. No `PGSSLROOTCERT`: libpq would apply it to every connection of the container, and turn a
 * `sslmode=require` to another server (under another CA) into a verification that fails.
 */
import type { k8s } from 'cdk8s-plus-28';
import { POSTGRES_CA_DIR, POSTGRES_CA_FILE } from '../core/datastore-connection';

/** The volume's name in a pod. */
export const POSTGRES_CA_VOLUME = 'postgres-ca';

/** The volume of the server CA, from the connection Secret `secretName` (the pod's login role's), and its mount. */
export function postgresCa(secretName: string): { volume: k8s.Volume; mount: k8s.VolumeMount } {
  return {
    volume: {
      name: POSTGRES_CA_VOLUME,
      secret: {
        secretName,
        items: [{ key: 'ca', path: POSTGRES_CA_FILE.slice(POSTGRES_CA_DIR.length + 1) }],
        defaultMode: 0o444,
      },
    },
    mount: { name: POSTGRES_CA_VOLUME, mountPath: POSTGRES_CA_DIR, readOnly: true },
  };
}
