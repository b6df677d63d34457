/**
 * The annotations of an alert (`services[].alerts[].summary`, `description`)
 * are Go templates that Prometheus parses when it loads the rules. One that
 * does not parse makes Prometheus refuse the whole rule file, the stack's
 * PrometheusRule, and so every alert of the stack with it. This is a minimal
 * lexer of Go's text/template, enough to find what breaks parsing in
 * practice: an action `{{` without its `}}`, an empty action, an
 * unterminated comment, string or character, a character no action may hold
 * (`/`, `{`, `-` outside a number...), unbalanced parentheses, `{{ end }}`
 * without its `if`, `range`, `with`, `define` or `block` (and the reverse),
 * `{{ else }}`, `{{ break }}` or `{{ continue }}` outside their block.
 * test/monitoring/alert-templates.test.ts holds each case to `promtool check
 * rules`. It does not know the template functions (Prometheus refuses an
 * undefined one too; which exist depends on its version).
 *
 * It also refuses the `query` function: it runs any PromQL at evaluation time,
 * across every namespace, past the scoping of the stack's rules to its own.
 *
 * One pass over the text, each character read once.
 */

/** The problem of a template that parses but calls `query`. */
export const QUERY_PROBLEM =
  "calls query, which runs PromQL of its own across every namespace, past the scoping of the stack's rules: use $value and $labels";

const OPENS_BLOCK = new Set(['if', 'range', 'with', 'define', 'block']);
const NEEDS_OPERAND = new Set(['if', 'range', 'with', 'define', 'block', 'template']);

/** What an action holds: its first word (a keyword or a function), how many tokens, and whether `query` is called. */
interface Action {
  readonly end: number;
  readonly first?: string;
  readonly tokens: number;
  readonly callsQuery: boolean;
}

/** Characters an action may hold outside strings, besides letters, digits and white space. */
const ACTION_PUNCTUATION = new Set(['.', '$', '|', '(', ')', ':', '=', ',', '_', '+', '-']);

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

/** What is wrong with `text` as a Prometheus alert template, in words, or `undefined`. */
export function alertTemplateProblem(text: string): string | undefined {
  const blocks: string[] = [];
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    i = open + 2;
    // a trim marker: "{{- " (a "-" then a space; "{{-3}}" is the number -3); a comment starts right after either
    if (text[i] === '-' && isSpace(text[i + 1])) i += 2;
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return `the comment at character ${open + 1} is never closed ("*/}}")`;
      i = end + 2;
      if (isSpace(text[i]) && text[i + 1] === '-') i += 2;
      if (!text.startsWith('}}', i)) return `the comment at character ${open + 1} must end at its "}}" ("*/}}")`;
      i += 2;
      continue;
    }
    const action = readAction(text, i);
    if (typeof action === 'string') return action.replace('{at}', String(open + 1));
    i = action.end;
    const { first, tokens } = action;
    if (action.callsQuery) return QUERY_PROBLEM;
    if (tokens === 0) return `the action at character ${open + 1} is empty`;
    if (first !== undefined && NEEDS_OPERAND.has(first) && tokens === 1) return `the {{ ${first} }} at character ${open + 1} needs a value`;
    if (first !== undefined && OPENS_BLOCK.has(first)) blocks.push(first);
    else if (first === 'end') {
      if (blocks.pop() === undefined) return `the {{ end }} at character ${open + 1} closes no if, range, with, define or block`;
    } else if (first === 'else') {
      const top = blocks[blocks.length - 1];
      if (top !== 'if' && top !== 'with' && top !== 'range')
        return `the {{ else }} at character ${open + 1} is outside an if, range or with`;
    } else if ((first === 'break' || first === 'continue') && !blocks.includes('range')) {
      return `the {{ ${first} }} at character ${open + 1} is outside a range`;
    }
  }
  if (blocks.length > 0) return `{{ ${blocks[blocks.length - 1]} }} has no {{ end }}`;
  return undefined;
}

/**
 * Reads one action from `from` (after `{{` and its trim marker) to its `}}`:
 * strings, raw strings, characters, parentheses, numbers and identifiers.
 * Returns the action, or a problem (with `{at}` for where it starts).
 */
function readAction(text: string, from: number): Action | string {
  let depth = 0;
  let first: string | undefined;
  let tokens = 0;
  let callsQuery = false;
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '}' && text[i + 1] === '}') {
      if (depth > 0) return 'the action at character {at} closes with a "(" still open';
      return { end: i + 2, first, tokens, callsQuery };
    }
    if (isSpace(c)) {
      // a trim marker: " -}}"
      if (text[i + 1] === '-' && text.startsWith('}}', i + 2)) i += 2;
      else i++;
      continue;
    }
    tokens++;
    if (c === '"' || c === "'") {
      // an interpreted string or a character: backslash escapes, no line break
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length || text[j] !== c) return 'the action at character {at} has an unterminated quoted string';
      if (c === "'" && j - i !== 2 && text[i + 1] !== '\\') return 'the action at character {at} has a malformed character constant';
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = text.indexOf('`', i + 1);
      if (j < 0) return 'the action at character {at} has an unterminated raw string';
      i = j + 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return 'the action at character {at} closes a ")" it never opened';
      depth--;
    } else if ((c === '-' || c === '+') && (isWordChar(text[i - 1]) || !/[0-9.]/.test(text[i + 1] ?? ''))) {
      // a sign starts a number, never follows a name
      return `the action at character {at} has a "${c}" that starts no number`;
    } else if (isWordChar(c)) {
      let j = i + 1;
      while (isWordChar(text[j])) j++;
      const prev = text[i - 1];
      // a field (.Labels.x), a variable ($x) or a number (1e3) is no function or keyword
      if (prev !== '.' && prev !== '$' && /[A-Za-z_]/.test(c)) {
        const word = text.slice(i, j);
        if (word === 'query') callsQuery = true;
        if (tokens === 1) first = word;
      }
      i = j;
      continue;
    } else if (c === '}') {
      return 'the "{{" at character {at} has no "}}" (one "}" closes nothing)';
    } else if (!ACTION_PUNCTUATION.has(c)) {
      return `the action at character {at} holds ${JSON.stringify(c)}, which no action may hold outside a string`;
    }
    i++;
  }
  return 'the "{{" at character {at} has no "}}"';
}
