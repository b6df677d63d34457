/**
 * The readiness checks that need only manifests, as a cdk8s validation
 * plugin, for charts composed by hand. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/production-stack/build/lib/k8s/validation-plugin.js
 *     version: 0.1.0
 *     class: ProductionReadinessValidation
 * ```
 *
 * `cdk8s synth` then fails on a manifest that kubectl would read differently
 * from what was synthesized, two objects with one identity, a pod outside the restricted profile, a
 * workload without probes/resources/PDB/NetworkPolicy/topology spread, an
 * routed host without an issuable certificate, a route to a port no Service exposes, or a secret in plain text.
 */
import * as fs from 'fs';
import type { Manifest } from './manifest';
import { manifestChecks } from './readiness';

/** What the plugin uses of the cdk8s CLI's validation context (cdk8s-cli `ValidationContext`). */
export interface PluginContext {
  readonly manifests: readonly string[];
  parseManifest(manifestPath: string): Manifest[];
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: { resourceName: string; locations: string[]; manifestPath: string }[];
    }): void;
    submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
  };
}

const FIXES: Readonly<Record<string, string>> = {
  'manifests read back as written (kubectl, kustomize)':
    'Remove line-break characters (U+0085, U+2028, U+2029) and control characters from strings; spell number-like strings (0o17, 0b-1) another way; start no line of a multi-line string with a tab.',
  'one object per identity': 'Give each object its own name: the later of two objects with one identity replaces the earlier.',
  'restricted Pod Security Standard':
    'Build workloads with production-stack, or set runAsNonRoot, drop ALL capabilities, seccomp RuntimeDefault and no privilege escalation.',
  'probes, resources, PDBs, NetworkPolicies, topology spread':
    'Give every long-running workload probes, requests and a memory limit, a PodDisruptionBudget, a NetworkPolicy and a topology spread.',
  'TLS on every host':
    'Serve every routed host from an HTTPS listener with its hostname, a certificate Secret and a cert-manager issuer on the Gateway (no wildcard host over HTTP-01).',
  'routes reach Service ports, one route per host and match':
    'Route each host and match from one route only, to a port its Service exposes.',
  'no plaintext secrets': 'Read secrets through External Secrets; never put a value in a manifest.',
};

/** The cdk8s validation plugin (class name for cdk8s.yaml: `ProductionReadinessValidation`). */
export class ProductionReadinessValidation {
  async validate(context: PluginContext): Promise<void> {
    let failed = false;
    for (const manifestPath of context.manifests) {
      const objects = context.parseManifest(manifestPath).filter((o) => o);
      for (const check of manifestChecks(objects, fs.readFileSync(manifestPath, 'utf8'))) {
        if (check.problems.length === 0) continue;
        failed = true;
        context.report.addViolation({
          ruleName: check.name,
          recommendation: check.problems.join('\n'),
          fix: FIXES[check.name],
          violatingResources: [...new Set(check.problems.map((p) => p.split(': ')[0]))].map((resourceName) => ({
            resourceName,
            locations: [],
            manifestPath,
          })),
        });
      }
    }
    context.report.submit(failed ? 'failure' : 'success');
  }
}
