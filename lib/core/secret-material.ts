/**
 * Secret material in a string, whatever the name of the field that holds it:
 * private keys, URLs and connection strings with a password, chat webhook URLs
 * and credentials with a well-known format. Validation refuses such a value anywhere in a spec, and
 * the readiness report anywhere in a chart (`lib/k8s/readiness.ts`), since
 * nothing in a manifest is secret.
 *
 * Every check runs in time linear in the length of the string: substring
 * searches (each connection-string key once), one pass over the URLs'
 * authorities, and anchored patterns on
 * each token, which never overlap. No pattern backtracks over the whole value
 * (a 128 KB value costs about as much as reading it).
 */

/** A credential format recognised by its prefix, at the start of a token of `[A-Za-z0-9_-]`. */
interface TokenFormat {
  readonly what: string;
  readonly pattern: RegExp;
  /** A further test of the token, for prefixes that ordinary words may start with. */
  readonly also?: (token: string) => boolean;
}

/** Upper case, lower case and digits: what a generated key has and a hyphenated name rarely does. */
function mixed(token: string): boolean {
  return /[A-Z]/.test(token) && /[a-z]/.test(token) && /\d/.test(token);
}

/** Well-known credential formats, by prefix and length (first match wins: `sk-ant-` before `sk-`). */
export const TOKEN_FORMATS: readonly TokenFormat[] = [
  { what: 'a GitHub token', pattern: /^gh[pousr]_[A-Za-z0-9]{30,}/ },
  { what: 'a GitHub token', pattern: /^github_pat_[A-Za-z0-9_]{22,}/ },
  { what: 'a Slack token', pattern: /^xox[abprs]-[A-Za-z0-9-]{10,}/ },
  { what: 'a Slack token', pattern: /^xapp-\d-[A-Za-z0-9-]{10,}/ },
  { what: 'a Stripe live key', pattern: /^[rs]k_live_[A-Za-z0-9]{16,}/ },
  { what: 'an Anthropic API key', pattern: /^sk-ant-[A-Za-z0-9_-]{20,}/ },
  // mixed in the key after its prefix (`sk-` and the kind are lower case)
  {
    what: 'an OpenAI API key',
    pattern: /^sk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/,
    also: (t) => mixed(t.replace(/^sk-(proj-|svcacct-|admin-)?/, '')),
  },
  { what: 'an AWS access key ID', pattern: /^(AKIA|ASIA)[A-Z0-9]{16}$/ },
  { what: 'a Google API key', pattern: /^AIza[A-Za-z0-9_-]{35}/ },
  { what: 'a GitLab token', pattern: /^gl(pat|dt|rt|ptt|soat|ft|imt)-[A-Za-z0-9_-]{20,}/ },
  { what: 'an npm token', pattern: /^npm_[A-Za-z0-9]{36}$/ },
  // both cases in the letters after `hf_` (the prefix itself is lower case)
  { what: 'a Hugging Face token', pattern: /^hf_[A-Za-z]{30,}$/, also: (t) => /[A-Z]/.test(t) && /[a-z]/.test(t.slice(3)) },
  { what: 'a PyPI token', pattern: /^pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/ },
  { what: 'a Shopify token', pattern: /^shp(at|ca|pa|ss)_[a-fA-F0-9]{32}$/ },
  { what: 'a DigitalOcean token', pattern: /^do[opr]_v1_[a-f0-9]{64}$/ },
  { what: 'a Databricks token', pattern: /^dapi[a-f0-9]{32}(-\d)?$/ },
  { what: 'a Postman API key', pattern: /^PMAK-[a-f0-9]{24}-[a-f0-9]{34}$/ },
  { what: 'a Grafana service account token', pattern: /^glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}$/ },
  { what: 'an age secret key', pattern: /^AGE-SECRET-KEY-1[A-Z0-9]{58}$/ },
];

/**
 * Credential formats whose parts are separated by dots (SendGrid `SG.<22>.<43>`,
 * HashiCorp Vault `hvs.<...>`): the first part, then a pattern per following part.
 */
export const DOTTED_FORMATS: readonly { readonly what: string; readonly first: string; readonly rest: readonly RegExp[] }[] = [
  { what: 'a SendGrid API key', first: 'SG', rest: [/^[A-Za-z0-9_-]{22}$/, /^[A-Za-z0-9_-]{43}$/] },
  { what: 'a HashiCorp Vault token', first: 'hvs', rest: [/^[A-Za-z0-9_-]{24,}$/] },
  { what: 'a HashiCorp Vault token', first: 'hvb', rest: [/^[A-Za-z0-9_-]{24,}$/] },
];

/**
 * Keys of a password in a URL's query (`jdbc:postgresql://db/app?user=app&password=x`),
 * a libpq conninfo (`host=db password=x`) or an ADO.NET or ODBC connection
 * string (`Server=db;User Id=app;Password=x;`, `PWD=x`). Matched in the
 * lower-cased value.
 */
export const CONNECTION_PASSWORD_KEYS: readonly string[] = ['password', 'passwd', 'pwd', 'sslpassword', 'client_secret'];

/** Characters that may precede a connection-string key: the start, `?`, `&`, `;` or whitespace. */
function startsParameter(value: string, at: number): boolean {
  if (at === 0) return true;
  const c = value.charCodeAt(at - 1);
  return c === 0x3f || c === 0x26 || c === 0x3b || c <= 0x20;
}

/**
 * True when a connection string or URL query in `value` gives a password as a
 * literal (not empty, not a `$...` reference, not `{...}` or `%(...)`
 * placeholders; quoted or not). Each key is searched once through the value.
 */
export function hasConnectionPassword(value: string): boolean {
  const lower = value.toLowerCase();
  for (const key of CONNECTION_PASSWORD_KEYS) {
    for (let at = lower.indexOf(key); at >= 0; at = lower.indexOf(key, at + key.length)) {
      if (!startsParameter(lower, at)) continue;
      let i = at + key.length;
      while (lower[i] === ' ' || lower[i] === '\t') i++;
      if (lower[i] !== '=') continue;
      i++;
      while (lower[i] === ' ' || lower[i] === '\t') i++;
      let c = lower[i];
      // a quoted value: its first character, unless the quotes are empty
      if (c === '"' || c === "'") c = lower[i + 1] === c ? ';' : lower[i + 1];
      if (c === undefined || c === ';' || c === '&' || c === '$' || c === '{' || c === '%' || c <= ' ') continue;
      return true;
    }
  }
  return false;
}

/** Chat webhook URLs: whoever holds one posts in the channel. Matched in the lower-cased value. */
export const WEBHOOK_MARKERS: readonly { readonly what: string; readonly marker: string }[] = [
  { what: 'a Slack webhook URL', marker: 'hooks.slack.com/services/' },
  { what: 'a Slack webhook URL', marker: 'hooks.slack.com/workflows/' },
  { what: 'a Slack webhook URL', marker: 'hooks.slack.com/triggers/' },
  { what: 'a Discord webhook URL', marker: 'discord.com/api/webhooks/' },
  { what: 'a Discord webhook URL', marker: 'discordapp.com/api/webhooks/' },
  { what: 'a Microsoft Teams webhook URL', marker: '.webhook.office.com/webhookb2/' },
];

/** A PEM private key block: RSA, EC, OPENSSH, ENCRYPTED, PGP (`... PRIVATE KEY BLOCK`). */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----/;

/** A password that is a variable reference (`$(DB_PASSWORD)`, `${DB_PASSWORD}`, `$DB_PASSWORD`), expanded where it runs. */
const REFERENCE = /^\$(\([A-Za-z_][A-Za-z0-9_]*\)|\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

/** Characters that end a URL's authority (`/ ? #`, whitespace, quotes and brackets). */
function endsAuthority(c: number): boolean {
  return c === 0x2f || c === 0x3f || c === 0x23 || c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x3c || c === 0x3e || c === 0x7f;
}

/**
 * True when some URL of `value` carries a password (`scheme://user:pass@host`,
 * `redis://:pass@host`); `scheme://user@host` and a password that is a
 * variable reference are fine. Each authority is scanned once: the next `://`
 * is searched from where the previous authority ended.
 */
export function hasUrlPassword(value: string): boolean {
  let from = 0;
  for (;;) {
    const scheme = value.indexOf('://', from);
    if (scheme < 0) return false;
    const start = scheme + 3;
    let end = start;
    let at = -1;
    while (end < value.length && !endsAuthority(value.charCodeAt(end))) {
      if (value.charCodeAt(end) === 0x40) at = end;
      end++;
    }
    if (at > start) {
      const userinfo = value.slice(start, at);
      const colon = userinfo.indexOf(':');
      if (colon >= 0 && colon < userinfo.length - 1 && !REFERENCE.test(userinfo.slice(colon + 1))) return true;
    }
    from = Math.max(end, start);
  }
}

/** The credential format of one token (a run of `[A-Za-z0-9_-]`), if any. */
function tokenFormat(token: string): string | undefined {
  for (const f of TOKEN_FORMATS) if (f.pattern.test(token) && (f.also?.(token) ?? true)) return f.what;
  return undefined;
}

/** A JWT among consecutive `.`-separated tokens: two base64url JSON objects (`eyJ`) and a signature part. */
function isJwt(parts: readonly string[], i: number): boolean {
  return (
    i + 2 < parts.length &&
    parts[i].startsWith('eyJ') &&
    parts[i].length >= 10 &&
    parts[i + 1].startsWith('eyJ') &&
    parts[i + 1].length >= 10
  );
}

/**
 * What secret material `value` holds, in words ("a PEM private key", "a URL
 * with a password", "a GitHub token"...), or `undefined` when it holds none.
 */
export function secretMaterial(value: string): string | undefined {
  if (value.includes('PRIVATE KEY') && PEM_PRIVATE_KEY.test(value)) return 'a PEM private key';
  if (hasUrlPassword(value)) return 'a URL with a password';
  if (value.includes('=') && hasConnectionPassword(value)) return 'a connection string with a password';
  if (value.includes('/')) {
    const lower = value.toLowerCase();
    const hook = WEBHOOK_MARKERS.find((w) => lower.includes(w.marker));
    if (hook) return hook.what;
  }
  // runs of token characters and dots, each split at the dots (a JWT's parts, a token after "x.")
  const runs = /[A-Za-z0-9_.-]+/g;
  for (let m = runs.exec(value); m !== null; m = runs.exec(value)) {
    const parts = m[0].split('.');
    for (let i = 0; i < parts.length; i++) {
      if (isJwt(parts, i)) return 'a JWT';
      const dotted = DOTTED_FORMATS.find(
        (f) => parts[i] === f.first && i + f.rest.length < parts.length && f.rest.every((r, k) => r.test(parts[i + 1 + k])),
      );
      if (dotted) return dotted.what;
      const what = tokenFormat(parts[i]);
      if (what) return what;
    }
  }
  return undefined;
}

/** Strings under `root`, with their paths (`a.b[0].c`); arrays and plain objects only, iteratively (no recursion limit), each object once. */
export function* stringLeaves(root: unknown, rootPath = ''): Generator<[string, string]> {
  const seen = new Set<object>();
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      yield [path, v];
      continue;
    }
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i][1], path ? `${path}.${entries[i][0]}` : entries[i][0]]);
    }
  }
}
