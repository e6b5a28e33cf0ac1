/**
 * Turns the agreement Markdown into the few kinds of block the PDF layout
 * knows how to draw. The Markdown is parsed by marked's lexer; this module
 * only flattens its tokens, so that the layout code never sees Markdown
 * syntax and escaped user values (`\*Jo\*`) arrive as the literal text.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { SIGNATURE_MARKER } from '../signature-marker.js';

export interface TextRun {
  text: string;
  bold: boolean;
  italic: boolean;
}

export interface ListItemBlock {
  runs: TextRun[];
  /** Nested lists of this item, drawn indented below it. */
  children: ListBlock[];
}

export interface ListBlock {
  kind: 'list';
  ordered: boolean;
  /** How an ordered list's items are labelled: 1. 2. 3. or a. b. c. (see takeLetteredList). */
  numbering: 'decimal' | 'lower-alpha';
  start: number;
  items: ListItemBlock[];
}

export type Block =
  | { kind: 'heading'; depth: 1 | 2 | 3; runs: TextRun[] }
  | { kind: 'paragraph'; runs: TextRun[] }
  | ListBlock
  | { kind: 'table'; header: TextRun[][]; rows: TextRun[][][] }
  | { kind: 'rule' };

export interface AgreementBlocks {
  blocks: Block[];
  /** Whether the document had a `<!-- signatures -->` marker, after which nothing is kept. */
  hasSignatureMarker: boolean;
}

interface InlineStyle {
  bold: boolean;
  italic: boolean;
}

const PLAIN: InlineStyle = { bold: false, italic: false };

/**
 * Parses the Markdown of an agreement. Everything from the signature marker
 * to the end is dropped: it is the plain-text version of the signature
 * blocks, which the PDF draws itself from the signers.
 */
export function parseAgreementMarkdown(markdown: string): AgreementBlocks {
  const tokens = Lexer.lex(markdown);
  const blocks: Block[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.type === 'html' && SIGNATURE_MARKER.test(token.text.trim())) {
      return { blocks, hasSignatureMarker: true };
    }
    const lettered = takeLetteredList(tokens, index);
    if (lettered) {
      blocks.push(lettered.list);
      index = lettered.next - 1;
      continue;
    }
    appendBlockToken(token, blocks);
  }
  return { blocks, hasSignatureMarker: false };
}

/** An item of a lettered list: a lower-case letter, a full stop and a space at the start of a line. */
const LETTER_MARKER = /^([a-z])\. +(?=\S)/;

/**
 * A lettered list ("a. …", "b. …", "c. …"), as the source documents letter
 * the exceptions to confidentiality. CommonMark has no such list, so the
 * templates write each item as a paragraph of its own (pandoc's fancy_lists
 * read these as the list they are; any other viewer shows the letters as
 * written, each item on its own line). Here paragraphs in a row, or the
 * lines of one paragraph, that start with a., b., c. in turn become one list:
 * at least two items, from "a.", so that a paragraph which merely starts
 * "a. " stays a paragraph. Answers cannot make one: escape-markdown.ts writes
 * an answer's leading "a." as "a\.". Returns the list and the index of the
 * first token after it, or undefined if no such list starts at `start`.
 */
function takeLetteredList(tokens: readonly Token[], start: number): { list: ListBlock; next: number } | undefined {
  const items: string[] = [];
  let next = start;
  for (let index = start; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.type === 'space' && items.length > 0) continue;
    if (token.type !== 'paragraph') break;
    const lines = (token as Tokens.Paragraph).text.split('\n');
    const expected = String.fromCharCode('a'.charCodeAt(0) + items.length);
    if (LETTER_MARKER.exec(lines[0]!)?.[1] !== expected) break;
    // A line's hard break (two spaces or a backslash at its end) only ends the item, as the next letter does.
    for (const line of lines.map((text) => text.replace(/(?: {2,}|\\)$/, ''))) {
      const marker = LETTER_MARKER.exec(line);
      const letter = String.fromCharCode('a'.charCodeAt(0) + items.length);
      if (marker && marker[1] === letter) items.push(line.slice(marker[0].length));
      else items[items.length - 1] += ` ${line.trim()}`;
    }
    next = index + 1;
  }
  if (items.length < 2) return undefined;
  return {
    list: {
      kind: 'list',
      ordered: true,
      numbering: 'lower-alpha',
      start: 1,
      items: items.map((text) => ({ runs: flattenInline(Lexer.lexInline(text), PLAIN), children: [] })),
    },
    next,
  };
}

function appendBlockToken(token: Token, blocks: Block[]): void {
  switch (token.type) {
    case 'heading': {
      const heading = token as Tokens.Heading;
      // Deeper headings than ### are not used by the templates; they are
      // drawn as sub-headings rather than lost.
      const depth = Math.min(Math.max(heading.depth, 1), 3) as 1 | 2 | 3;
      blocks.push({ kind: 'heading', depth, runs: flattenInline(heading.tokens, PLAIN) });
      return;
    }
    case 'paragraph':
      blocks.push({ kind: 'paragraph', runs: flattenInline((token as Tokens.Paragraph).tokens, PLAIN) });
      return;
    case 'text': {
      const text = token as Tokens.Text;
      const runs = text.tokens ? flattenInline(text.tokens, PLAIN) : [plainRun(text.text)];
      blocks.push({ kind: 'paragraph', runs });
      return;
    }
    case 'list':
      blocks.push(convertList(token as Tokens.List));
      return;
    case 'table': {
      const table = token as Tokens.Table;
      blocks.push({
        kind: 'table',
        header: table.header.map((cell) => flattenInline(cell.tokens, PLAIN)),
        rows: table.rows.map((row) => row.map((cell) => flattenInline(cell.tokens, PLAIN))),
      });
      return;
    }
    case 'blockquote':
      for (const child of (token as Tokens.Blockquote).tokens) appendBlockToken(child, blocks);
      return;
    case 'code':
      blocks.push({ kind: 'paragraph', runs: [plainRun((token as Tokens.Code).text)] });
      return;
    case 'hr':
      blocks.push({ kind: 'rule' });
      return;
    case 'html': {
      // Comments are notes for template maintainers; other raw HTML is
      // printed as written rather than silently dropped.
      const html = (token as Tokens.HTML).text.trim();
      if (html && !html.startsWith('<!--')) blocks.push({ kind: 'paragraph', runs: [plainRun(html)] });
      return;
    }
    default:
      return;
  }
}

function convertList(list: Tokens.List): ListBlock {
  const start = typeof list.start === 'number' ? list.start : 1;
  const items = list.items.map((item): ListItemBlock => {
    const runs: TextRun[] = [];
    const children: ListBlock[] = [];
    for (const child of item.tokens) {
      if (child.type === 'list') {
        children.push(convertList(child as Tokens.List));
        continue;
      }
      const inner = child as Tokens.Text | Tokens.Paragraph;
      const childRuns = inner.tokens ? flattenInline(inner.tokens, PLAIN) : [plainRun(inner.text ?? '')];
      // Loose items hold several paragraphs; they are joined into one line
      // of text because a list body is drawn as a single paragraph.
      if (runs.length > 0 && childRuns.length > 0) runs.push(plainRun(' '));
      runs.push(...childRuns);
    }
    return { runs: mergeRuns(runs), children };
  });
  return { kind: 'list', ordered: list.ordered, numbering: 'decimal', start, items };
}

function flattenInline(tokens: readonly Token[] | undefined, style: InlineStyle): TextRun[] {
  const runs: TextRun[] = [];
  for (const token of tokens ?? []) appendInlineToken(token, style, runs);
  return mergeRuns(runs);
}

function appendInlineToken(token: Token, style: InlineStyle, runs: TextRun[]): void {
  switch (token.type) {
    case 'strong':
      for (const t of (token as Tokens.Strong).tokens) appendInlineToken(t, { ...style, bold: true }, runs);
      return;
    case 'em':
      for (const t of (token as Tokens.Em).tokens) appendInlineToken(t, { ...style, italic: true }, runs);
      return;
    case 'link': {
      const link = token as Tokens.Link;
      // A bare web address in an answer (marked's GFM autolink, whose text is
      // its source) arrives with the answer's Markdown escapes still in it:
      // `a\_b`. A reader of the Markdown sees `a_b`, so the PDF must too.
      if (link.raw === link.text) runs.push({ text: removeBackslashEscapes(link.text), ...style });
      else for (const t of link.tokens) appendInlineToken(t, style, runs);
      return;
    }
    case 'del':
      for (const t of (token as Tokens.Del).tokens) appendInlineToken(t, style, runs);
      return;
    case 'text': {
      const text = token as Tokens.Text;
      if (text.tokens) {
        for (const t of text.tokens) appendInlineToken(t, style, runs);
      } else {
        runs.push({ text: joinSoftBreaks(decodeEntities(text.text)), ...style });
      }
      return;
    }
    case 'escape':
      runs.push({ text: (token as Tokens.Escape).text, ...style });
      return;
    case 'codespan':
      runs.push({ text: joinSoftBreaks(decodeEntities((token as Tokens.Codespan).text)), ...style });
      return;
    case 'br':
      runs.push({ text: '\n', ...style });
      return;
    case 'image':
      runs.push({ text: (token as Tokens.Image).text, ...style });
      return;
    case 'html': {
      // `<br>` is a line break, as a Markdown viewer shows it: the only one a table cell can hold, so how a
      // long answer's lines are kept apart there (answer-line-breaks.ts). Other HTML is printed as written.
      const html = (token as Tokens.Tag).text;
      runs.push({ text: LINE_BREAK_TAG.test(html) ? '\n' : html, ...style });
      return;
    }
    default:
      if ('text' in token && typeof token.text === 'string') runs.push({ text: token.text, ...style });
      return;
  }
}

const LINE_BREAK_TAG = /^<br\s*\/?>$/i;

/** Joins neighbouring runs of the same style so each is drawn in one go. */
function mergeRuns(runs: readonly TextRun[]): TextRun[] {
  const merged: TextRun[] = [];
  for (const run of runs) {
    if (run.text === '') continue;
    const last = merged[merged.length - 1];
    if (last && last.bold === run.bold && last.italic === run.italic) {
      last.text += run.text;
    } else {
      merged.push({ ...run });
    }
  }
  return merged;
}

/**
 * A line break inside a paragraph's source is a soft break, which CommonMark
 * reads as a space: a pack wrapped at 80 columns in its editor is one flowing
 * paragraph, not lines cut short in the PDF. A hard break (two trailing
 * spaces or a backslash, as escapeMarkdownBlock writes between an answer's
 * lines) is a `br` token, and stays a line break.
 */
function joinSoftBreaks(text: string): string {
  return text.includes('\n') ? text.replace(/[ \t]*\n[ \t]*/g, ' ') : text;
}

function plainRun(text: string): TextRun {
  return { text, bold: false, italic: false };
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  hellip: '\u2026',
  pound: '\u00a3',
  euro: '\u20ac',
  copy: '\u00a9',
};

/**
 * marked leaves entity references in text for the HTML renderer to pass on;
 * CommonMark says they stand for the character, so they are decoded here.
 * Handlebars' default escaping produces exactly these forms.
 */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const hex = body[1] === 'x' || body[1] === 'X';
      const codePoint = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/** The plain text of a run list, as a reader would read it. */
export function joinRuns(runs: readonly TextRun[]): string {
  return runs.map((run) => run.text).join('');
}

/** CommonMark's backslash escapes (a backslash before ASCII punctuation) read as the character itself. */
function removeBackslashEscapes(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
