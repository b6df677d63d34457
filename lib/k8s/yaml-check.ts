/**
 * The manifests as their readers see them: written as `cdk8s synth` writes
 * them (cdk8s's own `Yaml.stringify`, YAML 1.1), then read back by models of
 * kubectl's YAML reader (go-yaml v2) and kustomize's (go-yaml v3); see
 * core/yaml-readers.
 */
import { Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { showValue } from '../core/validation/problems';
import { CDK8S_YAML_OPTIONS, yamlMisreadings } from '../core/yaml-readers';
import type { Manifest } from './manifest';

function describe(text: string, objects: readonly Manifest[]): string[] {
  return yamlMisreadings(text, objects).map((m) => {
    const o = objects[m.document];
    const read = m.read.replace(/"(?:[^"\\]|\\.)*"/g, (q) => showValue(JSON.parse(q)));
    return `${o?.kind}/${o?.metadata?.name}: ${m.field} ${showValue(m.written)} ${read} by ${m.reader}`;
  });
}

/** One line per object that a reader would read differently once `cdk8s synth` writes it: `Kind/name: .field "value" is read as ...`. */
export function manifestMisreadings(objects: readonly Manifest[]): string[] {
  return describe(Yaml.stringify(...objects), objects);
}

/** The same for a YAML file already written: what its writer meant (read with the YAML 1.1 schema cdk8s writes with) against what the readers read. */
export function fileMisreadings(text: string): string[] {
  const meant = YAML.parseAllDocuments(text, { version: CDK8S_YAML_OPTIONS.version }).map((d) => d.toJS() as Manifest);
  return describe(text, meant);
}
