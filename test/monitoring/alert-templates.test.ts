/**
 * Alert annotations are Go templates that Prometheus parses when it loads the rules: one that does not
 * parse makes it refuse the stack's whole PrometheusRule. lib/core/alert-template.ts must refuse what
 * Prometheus refuses. Each case is also checked with `promtool check rules` (Debian: `apt-get install
 * prometheus`; bash scripts/engines.sh installs it), so that the verdicts below are Prometheus' own.
 */
import { alertTemplateProblem } from '../../lib/core/alert-template';
import { checkRules, output } from '../support/promtool';

/** Templates and whether Prometheus parses them. */
const CASES: readonly [string, boolean][] = [
  ['Backlog is {{ $value }}', true],
  ['{{ $labels.instance }} of {{ $labels.job }} is down', true],
  ['{{ $value | humanizePercentage }} of requests fail', true],
  ['a }} b {{ "}}" }} {{ `}}` }} {{ \'}\' }}', true],
  ['{{ if gt $value 1.0 }}high{{ else if gt $value 0.5 }}mid{{ else }}low{{ end }}', true],
  ['{{ with $labels.pod }}pod {{ . }}{{ end }}', true],
  ['{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}', true],
  ['{{/* a comment */}}text', true],
  ['{{- /* a comment */ -}}text', true],
  ['{{ printf "%.2f" (humanize $value) }}', true],
  ['{{ $value\n }}', true],
  ['{{-3}}', true],
  ['{{ .Labels.query }} {{ $query := 1 }}{{ $query }}', true],
  ['Backlog is {{ $value }', false],
  ['Backlog is {{ $value', false],
  ['{{/* unterminated', false],
  ['{{/* a */ x }}', false],
  ['{{ "unterminated }}', false],
  ['{{ `unterminated }}', false],
  ['{{ printf "%s" (humanize $value }}', false],
  ['{{ humanize $value) }}', false],
  ['{{ if gt $value 1.0 }}x', false],
  ['{{ end }}', false],
  ['{{ if true }}{{ end }}{{ end }}', false],
  ['{{ else }}', false],
  ['{{ /* a comment needs no space */ }}', false],
  ['{{ define "x" }}a{{ end }}{{ template "x" }}', true],
  ['{{ {{ }}', false],
  ["{{ 'ab' }}", false],
  ["{{ 'a' }} {{ '\\n' }}", true],
  ['{{ "a\\"b" }}', true],
  ['{{ else if true }}x{{ end }}', false],
  ['{{ break }}', false],
  ['{{ range $labels }}{{ break }}{{ end }}', true],
  ['{{ $value }}}', true],
  ['{{}}', false],
  ['{{ }}', false],
  ['{{ - }}', false],
  ['{{ 1 }} {{', false],
  ['{{ "x" | printf "%s" }}', true],
  ['{{ (1 }}', false],
  ['{{ $labels.foo-bar }}', false],
  ['{{ index $labels "a" }}', true],
  ['{{ if }}{{ end }}', false],
  ['{{ with $x := 1 }}{{ $x }}{{ end }}', true],
  ['{{ $value -}} left {{- $value }}', true],
  ['{{ $x := -1.5 }}{{ $x }}', true],
  ['{{ $labels@x }}', false],
];

/** Prometheus' verdict on each template (true: parses), from one rule file; throws without promtool. */
function promtoolVerdicts(templates: readonly string[]): boolean[] {
  const rules = templates.map(
    (t, i) => `      - alert: A${i}\n        expr: up == 0\n        annotations:\n          description: ${JSON.stringify(t)}`,
  );
  const r = checkRules(`groups:\n  - name: t\n    rules:\n${rules.join('\n')}\n`);
  return templates.map((_, i) => !new RegExp(`"A${i}": annotation`).test(output(r)));
}

test.each(CASES)('%p parses: %p', (template, parses) => {
  expect(alertTemplateProblem(template) === undefined).toBe(parses);
});

test('Prometheus (promtool check rules) agrees with every case', () => {
  const verdicts = promtoolVerdicts(CASES.map(([t]) => t));
  expect(CASES.map(([t], i) => [t, verdicts[i]])).toEqual(CASES.map(([t, parses]) => [t, parses]));
});

test('the query function is refused, though Prometheus parses it', () => {
  const calls = [
    '{{ with query "up" }}{{ . | first | value }}{{ end }}',
    '{{ "up" | query }}',
    '{{- query "up" | first | value -}}',
    '{{ printf "%.0f" (query "up" | first | value) }}',
    '{{\tquery "up" }}',
    'https://runbooks.example.com/{{"up"|query|first|value}}#a',
  ];
  for (const t of calls) expect(alertTemplateProblem(t)).toMatch(/^calls query/);
  expect(promtoolVerdicts(calls)).toEqual(calls.map(() => true));
});
