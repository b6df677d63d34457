/**
 * A parser for the NATS server configuration format (the subset nats-server
 * accepts that the library writes: JSON values with `key: value` pairs,
 * newline-separated entries, `#` comments and unquoted `$VARIABLE`
 * references), so tests read the rendered configuration as data.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface VarRef {
  readonly $var: string;
}

export function parseNatsConf(text: string): Record<string, any> {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`NATS config: ${what} at offset ${i}: ${JSON.stringify(text.slice(i, i + 30))}`);
  };
  const skip = () => {
    for (;;) {
      while (i < text.length && /[\s,;]/.test(text[i])) i++;
      if (text[i] === '#' || (text[i] === '/' && text[i + 1] === '/')) {
        while (i < text.length && text[i] !== '\n') i++;
      } else return;
    }
  };
  const key = (): string => {
    skip();
    if (text[i] === '"') return string();
    const m = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(text.slice(i));
    if (!m) fail('expected a key');
    i += m![0].length;
    return m![0];
  };
  const string = (): string => {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
    if (!m) fail('unterminated string');
    i += m![0].length;
    return JSON.parse(m![0]);
  };
  const separator = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === ':' || text[i] === '=') i++;
  };
  const map = (close: string | undefined): Record<string, any> => {
    const out: Record<string, any> = {};
    for (;;) {
      skip();
      if (close ? text[i] === close : i >= text.length) {
        if (close) i++;
        return out;
      }
      if (i >= text.length) fail('unterminated block');
      const k = key();
      separator();
      out[k] = value();
    }
  };
  const value = (): any => {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      return map('}');
    }
    if (c === '[') {
      i++;
      const out: any[] = [];
      for (;;) {
        skip();
        if (text[i] === ']') {
          i++;
          return out;
        }
        if (i >= text.length) fail('unterminated array');
        out.push(value());
      }
    }
    if (c === '"') return string();
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
      if (!m) fail('bad variable');
      i += m![0].length;
      return { $var: m![1] } satisfies VarRef;
    }
    const m = /^[^\s,;}\]]+/.exec(text.slice(i));
    if (!m) fail('expected a value');
    i += m![0].length;
    const raw = m![0];
    if (raw === 'true' || raw === 'false') return raw === 'true';
    if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
    return raw;
  };
  return map(undefined);
}
