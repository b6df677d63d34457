/**
 * Markdown as a reader's renderer sees it, parsed by markdown-it (CommonMark with GitHub's tables and
 * strikethrough): its fenced shell blocks, and its structure.
 */
import MarkdownIt from 'markdown-it';

const parser = new MarkdownIt();

/** The content of every fenced block whose info string is `sh`, in order. */
export function shellBlocks(md: string): string[] {
  return parser
    .parse(md, {})
    .filter((t) => t.type === 'fence' && t.info === 'sh')
    .map((t) => t.content);
}

/** Inline tokens that are only text (escapes and entities included): what a value may become. */
const TEXT = new Set(['text', 'text_special']);

/**
 * The document's structure: every block (headings with their level, fences with their info string,
 * table cells, list items, HTML), and within each line of text every token that is not plain text
 * (code spans, emphasis, links, images, HTML). Two documents have the same structure when only
 * their text differs.
 */
export function structure(md: string): string[] {
  return parser.parse(md, {}).map((t) => {
    if (t.type !== 'inline') return `${t.type} ${t.tag} ${t.info}`.trim();
    const marks = (t.children ?? []).filter((c) => !TEXT.has(c.type)).map((c) => c.type);
    return `inline [${marks.join(' ')}]`;
  });
}
