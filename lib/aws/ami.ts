/** Which EKS-optimized AMI a managed node group uses for an instance type. Pure, no Pulumi. */

/** The EKS AMI types this library picks from (Amazon Linux 2023; AL2 ends with Kubernetes 1.32). */
export type AmiType =
  'AL2023_x86_64_STANDARD' | 'AL2023_ARM_64_STANDARD' | 'AL2023_x86_64_NVIDIA' | 'AL2023_ARM_64_NVIDIA' | 'AL2023_x86_64_NEURON';

/**
 * The AMI type matching an instance type's CPU architecture and accelerator:
 * Graviton families (a `g` after the generation: `m7g`, `c6gn`, `t4g`, and
 * `a1`) get ARM, GPU families (`g`, `p`) get the NVIDIA variant, Inferentia
 * and Trainium (`inf`, `trn`) the Neuron one, everything else x86-64.
 */
export function amiTypeFor(instanceType: string): AmiType {
  const family = instanceType.split('.')[0].toLowerCase();
  const m = /^([a-z-]+?)(\d+)([a-z-]*)$/.exec(family);
  const series = m ? m[1] : family;
  const attributes = m ? m[3] : '';
  const arm = family === 'a1' || attributes.includes('g');
  if (series === 'p' || series === 'g') return arm ? 'AL2023_ARM_64_NVIDIA' : 'AL2023_x86_64_NVIDIA';
  if (series === 'inf' || series === 'trn') return 'AL2023_x86_64_NEURON';
  return arm ? 'AL2023_ARM_64_STANDARD' : 'AL2023_x86_64_STANDARD';
}
