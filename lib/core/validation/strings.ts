/**
 * Every string of the spec reaches a manifest, a runbook or a cloud API as
 * written. Here each one (map keys too) must be read back as the same string
 * by the manifests' YAML readers, kubectl's (go-yaml v2) and kustomize's
 * (go-yaml v3): no character that go-yaml takes as a line break (U+0085,
 * U+2028, U+2029) or refuses (control characters), no value that cdk8s writes
 * unquoted but go-yaml reads as a number (`0o17`, `0b-1`), and none that cdk8s
 * writes in a form go-yaml cannot read (a tab at the start of a block scalar's
 * first line). The sink check in the chart (`ProductionStack.toJson`) is the
 * second line.
 */
import { isUnresolved } from '../tokens';
import { stringMisreadings, unreadableCharacter } from '../yaml-readers';
import type { Problems } from './problems';

function checkString(p: Problems, path: string, s: string, what: 'the value' | 'the key'): void {
  const bad = unreadableCharacter(s);
  if (bad) {
    const why = /^U\+(0085|2028|2029)$/.test(bad) ? 'a line break for' : 'a character refused by';
    p.add(path, s, `${what} {value} holds ${bad}, ${why} kubectl's YAML reader (go-yaml): remove it`);
    return;
  }
  const [misread] = stringMisreadings(s, what === 'the key' ? 'key' : 'value');
  if (misread) p.add(path, s, `${what} {value} ${misread.read} by ${misread.reader}: spell it another way`);
}

/** Checks every string (values and keys) of plain data (the spec after plainSpec, or a synthesized object), with paths under `root`. */
export function checkStrings(p: Problems, value: unknown, root = ''): void {
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      if (!isUnresolved(v)) checkString(p, path, v, 'the value');
      return;
    }
    if (typeof v !== 'object' || v === null || isUnresolved(v)) return;
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${path}[${i}]`));
    else
      for (const [k, item] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        checkString(p, at, k, 'the key');
        walk(item, at);
      }
  };
  walk(value, root);
}
