/**
 * The model of kubectl's and kustomize's YAML readers (lib/core/yaml-readers.ts) against the real ones:
 * go-yaml v2 through sigs.k8s.io/yaml's YAMLToJSON, and go-yaml v3 (Debian's packages, built from
 * test/support/goyaml; the test fails, naming the packages, when they are missing).
 *
 * - A corpus of several thousand strings (test/support/yaml-corpus.ts), each written by cdk8s's own
 *   `Yaml.stringify` in four places: a value and a nested key (exactly what `stringMisreadings` writes), a
 *   key at the start of a document, and a list item beside a key inside a list. For each reader, the model
 *   reports a misreading exactly when the real reader reads the document back differently or fails, and
 *   no string the fast path lets through is misread anywhere.
 * - Every example's manifests: both real readers read them back as written, and so does the model.
 */
import { isDeepStrictEqual } from 'util';
import { Yaml } from 'cdk8s';
import { examples } from '../../examples';
import { isPlainText, stringMisreadings, yamlMisreadings, type Misreading } from '../../lib/core/yaml-readers';
import { goYamlBinary, readWithGo, type GoDocument } from '../support/goyaml';
import { synth } from '../support/synth';
import { yamlCorpus } from '../support/yaml-corpus';

const READERS = [
  ['kubectl', "kubectl's YAML reader (go-yaml v2)"],
  ['v3', "kustomize's YAML reader (go-yaml v3)"],
] as const;

let binary: string;
beforeAll(() => {
  binary = goYamlBinary();
});

/** How a real reader misread a document written from `expected`; undefined when it read it back as written. */
function realMisreading(docs: readonly GoDocument[], expected: unknown): string | undefined {
  if (docs.length !== 1) return `reads ${docs.length} documents`;
  if (docs[0].error !== undefined) return `fails: ${docs[0].error}`;
  return isDeepStrictEqual(docs[0].value, expected) ? undefined : `reads ${JSON.stringify(docs[0].value)}`;
}

const FORMS: readonly ((s: string) => object)[] = [
  (s) => ({ v: s }),
  (s) => ({ v: { [s]: '' } }),
  (s) => ({ [s]: 'x' }),
  (s) => ({ a: [s, { [s]: s }] }),
];

function model(s: string, form: number, text: string, object: object): Misreading[] {
  if (form === 0) return stringMisreadings(s);
  if (form === 1) return stringMisreadings(s, 'key');
  return yamlMisreadings(text, [object]);
}

test('the model misreads a corpus string exactly where go-yaml v2 or v3 does, wherever cdk8s writes it', async () => {
  const corpus = yamlCorpus();
  expect(corpus.length).toBeGreaterThan(7000);
  const cases = corpus.flatMap((s) =>
    FORMS.map((form, f) => {
      const object = form(s);
      return { s, f, object, text: Yaml.stringify(object) };
    }),
  );
  const texts = cases.map((c) => c.text);
  const real = { kubectl: [] as GoDocument[][], v3: [] as GoDocument[][] };
  [real.kubectl, real.v3] = await Promise.all([readWithGo(binary, 'kubectl', texts), readWithGo(binary, 'v3', texts)]);

  const disagreements: string[] = [];
  const fastPathMisread: string[] = [];
  let misread = 0;
  cases.forEach((c, i) => {
    const modelled = model(c.s, c.f, c.text, c.object);
    const expected = JSON.parse(JSON.stringify(c.object));
    for (const [reader, name] of READERS) {
      const actual = realMisreading(real[reader][i], expected);
      const predicted = modelled.find((m) => m.reader === name);
      if (actual) misread++;
      if (!!actual !== !!predicted) {
        disagreements.push(
          `${JSON.stringify(c.text)}: ${reader} ${actual ?? 'reads it back'}; the model says it ${predicted?.read ?? 'reads it back'}`,
        );
      }
      if (actual && isPlainText(c.s)) fastPathMisread.push(`${JSON.stringify(c.text)}: ${reader} ${actual}`);
    }
  });
  expect(disagreements.slice(0, 20)).toEqual([]);
  expect(fastPathMisread.slice(0, 20)).toEqual([]);
  // The corpus does reach both sides: thousands of misread documents, thousands of fast-path strings.
  expect(misread).toBeGreaterThan(5000);
  expect(corpus.filter(isPlainText).length).toBeGreaterThan(1000);
});

describe("every example's manifests", () => {
  test.each(Object.keys(examples))('%s: both real readers read them back as written, as the model does', async (name) => {
    const objects = synth(examples[name]);
    const text = Yaml.stringify(...objects);
    const expected = JSON.parse(JSON.stringify(objects));
    const [[kubectl], [v3]] = await Promise.all([readWithGo(binary, 'kubectl', [text]), readWithGo(binary, 'v3', [text])]);
    expect(kubectl.map((d) => d.error ?? d.value)).toEqual(expected);
    expect(v3.map((d) => d.error ?? d.value)).toEqual(expected);
    expect(yamlMisreadings(text, objects)).toEqual([]);
  });
});
