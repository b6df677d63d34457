/**
 * The Pod Security Standard "restricted" profile, applied to every pod and
 * container the library creates (init containers and jobs included).
 */
import type { k8s } from 'cdk8s-plus-28';

/** Pod-level security context: non-root with a fixed UID/GID and the runtime's default seccomp profile. */
export function podSecurityContext(uid: number): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level security context: no privilege, no escalation, every capability dropped, read-only root. */
export function containerSecurityContext(uid: number): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
