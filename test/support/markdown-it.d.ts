/** The part of markdown-it's API the tests use (the package ships no types). */
declare module 'markdown-it' {
  interface Token {
    readonly type: string;
    readonly tag: string;
    readonly info: string;
    readonly content: string;
    readonly children: Token[] | null;
  }
  export default class MarkdownIt {
    parse(src: string, env: object): Token[];
  }
}
