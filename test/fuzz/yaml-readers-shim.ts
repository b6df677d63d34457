/**
 * Stand-in for `lib/k8s/yaml-readers.ts` (`yamlMisreadings`), which the fix of
 * the YAML line-break injection adds to the library: the same signature,
 * built on this suite's reader models. Delete it once the library exports it.
 */
import { Yaml } from 'cdk8s';
import { asWritten, describeDifference, firstDifference, readAsKubectl, readYaml12 } from './yaml-model';

/** How the objects, written by cdk8s's own `Yaml.stringify`, read back differently (empty when every reader reads them as they are). */
export function yamlMisreadings(objects: readonly unknown[]): string[] {
  const text = Yaml.stringify(...objects);
  const expected = objects.map(asWritten);
  const problems: string[] = [];
  for (const [reader, read] of [
    ['YAML 1.2', readYaml12],
    ['go-yaml v2 (kubectl)', readAsKubectl],
  ] as const) {
    const result = read(text);
    if ('error' in result) {
      problems.push(`${reader}: does not parse: ${result.error}`);
      continue;
    }
    const d = firstDifference(result.objects, expected);
    if (d !== undefined) problems.push(`${reader} reads ${describeDifference(d)}`);
  }
  return problems;
}
