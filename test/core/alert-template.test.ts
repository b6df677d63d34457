/**
 * Alert annotations as Prometheus parses them (lib/core/alert-template.ts): what Go's text/template refuses, each
 * with where it is, and the query function refused though it parses. Every verdict is also Prometheus' own
 * (`promtool check rules` on the same templates).
 */
import { QUERY_PROBLEM, alertTemplateProblem } from 'production-stack/core/alert-template';
import { checkRules, output } from '../support/promtool';

/** Templates Prometheus parses. */
const PARSE = [
  'Backlog is {{ $value }}',
  '{{ $labels.instance }} of {{ $labels.job }} is down',
  'a }} b {{ "}}" }} {{ `}}` }} {{ \'}\' }}',
  '{{ if gt $value 1.0 }}high{{ else if gt $value 0.5 }}mid{{ else }}low{{ end }}',
  '{{ with $labels.pod }}pod {{ . }}{{ else }}none{{ end }}',
  '{{ range $k, $v := $labels }}{{ $k }}={{ $v }}{{ else }}-{{ end }}',
  '{{ range $labels }}{{ if true }}{{ break }}{{ end }}{{ continue }}{{ end }}',
  '{{/* a comment */}}text',
  '{{- /* a comment */ -}}text',
  '{{/* a comment */ -}}text',
  '{{-3}} {{ -.5 }} {{ +1 }} {{ 1e3 }}',
  '{{ $value -}} left {{- $value }} {{ 3 -}}',
  '{{\t$value\r}}',
  // a line break is white space inside an action too (Go 1.16 on)
  '{{ $value\n}}',
  // a trim marker is "-" then a space: a "." then a space is the dot
  '{{. }}',
  '{{ .Labels.query }} {{ $query := 1 }}{{ $query }} {{ .end }} {{ $end := 2 }}{{ $end }}',
  '{{ define "x" }}a{{ end }}{{ template "x" }}{{ block "y" . }}b{{ end }}',
  "{{ 'a' }} {{ '\\n' }} {{ \"a\\\"b\" }}",
  '{{ printf "%.2f" (humanize (index $labels "a")) }}',
  '{{ $value }}}',
  'no action at all',
];

/** Templates Prometheus refuses, and why. */
const REFUSE: [string, string][] = [
  ['Backlog is {{ $value }', 'the "{{" at character 12 has no "}}" (one "}" closes nothing)'],
  ['Backlog is {{ $value', 'the "{{" at character 12 has no "}}"'],
  ['{{ 1 }} {{', 'the "{{" at character 9 has no "}}"'],
  ['{{/* unterminated', 'the comment at character 1 is never closed ("*/}}")'],
  ['{{/*/}}', 'the comment at character 1 is never closed ("*/}}")'],
  ['{{/* a */ x }}', 'the comment at character 1 must end at its "}}" ("*/}}")'],
  ['x {{/* a */ - }}', 'the comment at character 3 must end at its "}}" ("*/}}")'],
  // after a comment only " -" may come before "}}", not any space and character
  ['{{/* a */ x}}', 'the comment at character 1 must end at its "}}" ("*/}}")'],
  ['{{ "unterminated }}', 'the action at character 1 has an unterminated quoted string'],
  ['{{ "a\nb" }}', 'the action at character 1 has an unterminated quoted string'],
  // a line break ends the string unterminated, even when "}}" follows it
  ['{{ "a\n}}', 'the action at character 1 has an unterminated quoted string'],
  ['{{ `unterminated }}', 'the action at character 1 has an unterminated raw string'],
  ["{{ 'ab' }}", 'the action at character 1 has a malformed character constant'],
  ["{{ '' }}", 'the action at character 1 has a malformed character constant'],
  ['{{ printf "%s" (humanize $value }}', 'the action at character 1 closes with a "(" still open'],
  ['{{ humanize $value) }}', 'the action at character 1 closes a ")" it never opened'],
  ['{{ $labels.foo-bar }}', 'the action at character 1 has a "-" that starts no number'],
  ['{{ - }}', 'the action at character 1 has a "-" that starts no number'],
  ['{{ 1 + 2 }}', 'the action at character 1 has a "+" that starts no number'],
  ['{{ {{ }}', 'the action at character 1 holds "{", which no action may hold outside a string'],
  ['{{ $labels@x }}', 'the action at character 1 holds "@", which no action may hold outside a string'],
  ['{{ /* a comment needs no space */ }}', 'the action at character 1 holds "/", which no action may hold outside a string'],
  ['{{}}', 'the action at character 1 is empty'],
  ['a {{ }}', 'the action at character 3 is empty'],
  ['{{ if }}{{ end }}', 'the {{ if }} at character 1 needs a value'],
  ['{{ range }}{{ end }}', 'the {{ range }} at character 1 needs a value'],
  ['{{ with }}{{ end }}', 'the {{ with }} at character 1 needs a value'],
  ['{{ define }}{{ end }}', 'the {{ define }} at character 1 needs a value'],
  ['{{ block }}{{ end }}', 'the {{ block }} at character 1 needs a value'],
  ['{{ template }}', 'the {{ template }} at character 1 needs a value'],
  ['{{ end }}', 'the {{ end }} at character 1 closes no if, range, with, define or block'],
  ['{{ if true }}{{ end }}{{ end }}', 'the {{ end }} at character 23 closes no if, range, with, define or block'],
  ['{{ else }}', 'the {{ else }} at character 1 is outside an if, range or with'],
  ['{{ else if true }}x{{ end }}', 'the {{ else }} at character 1 is outside an if, range or with'],
  ['{{ define "x" }}{{ else }}{{ end }}', 'the {{ else }} at character 17 is outside an if, range or with'],
  ['{{ break }}', 'the {{ break }} at character 1 is outside a range'],
  ['{{ if true }}{{ continue }}{{ end }}', 'the {{ continue }} at character 14 is outside a range'],
  ['{{ if gt $value 1.0 }}x', '{{ if }} has no {{ end }}'],
  ['{{ range $labels }}x', '{{ range }} has no {{ end }}'],
  ['{{ block "y" . }}x', '{{ block }} has no {{ end }}'],
  ['{{ if 1 }}{{ with 2 }}', '{{ with }} has no {{ end }}'],
  ['{{ if 1 }}{{ with 2 }}{{ end }}', '{{ if }} has no {{ end }}'],
];

test.each(PARSE)('%j parses', (template) => {
  expect(alertTemplateProblem(template)).toBeUndefined();
});

test.each(REFUSE)('%j is refused: %s', (template, problem) => {
  expect(alertTemplateProblem(template)).toBe(problem);
});

test.each([
  '{{ query "up" }}',
  '{{ "up" | query }}',
  '{{- query "up" | first | value -}}',
  '{{ printf "%.0f" (query "up" | first | value) }}',
])('%j calls query: refused', (template) => {
  expect(alertTemplateProblem(template)).toBe(QUERY_PROBLEM);
});

test('the query problem says why', () => {
  expect(QUERY_PROBLEM).toBe(
    "calls query, which runs PromQL of its own across every namespace, past the scoping of the stack's rules: use $value and $labels",
  );
});

test('Prometheus (promtool check rules) parses the first and refuses the others', () => {
  const templates = [...PARSE, ...REFUSE.map(([t]) => t)];
  const rules = templates.map(
    (t, i) => `      - alert: A${i}\n        expr: up == 0\n        annotations:\n          description: ${JSON.stringify(t)}`,
  );
  const out = output(checkRules(`groups:\n  - name: t\n    rules:\n${rules.join('\n')}\n`));
  const verdicts = templates.map((t, i) => [t, !new RegExp(`"A${i}": annotation`).test(out)]);
  expect(verdicts).toEqual(templates.map((t, i) => [t, i < PARSE.length]));
});
