/**
 * Lays the agreement out on pages: headings, paragraphs, lists, tables and
 * the signature blocks, each tagged in the structure tree in reading order,
 * then the running header and footer, marked as artifacts.
 *
 * Page breaks are decided here rather than left to pdfkit wherever a split
 * would look wrong: a heading is never left at the foot of a page, nor a
 * table's header row, which is drawn again at the top of each page the
 * table continues on; a signature block is never split, nor a table row
 * unless it is taller than a page (then it goes on with all its cells);
 * and the signatures heading and its sentence go to the page of the
 * signature blocks: all of them when they fit on one page, or the first.
 */
import { drawTextLine } from './draw-text.js';
import type { FaceName } from './fonts.js';
import { breakLines, widestUnbreakable, type MeasureText, type TextLine } from './line-breaking.js';
import type { Block, ListBlock, TextRun } from './markdown-blocks.js';
import { joinRuns } from './markdown-blocks.js';
import type { OutlineEntry } from './outline.js';
import type { PdfDocumentInternals, PdfStructContent, PdfStructElement } from './pdfkit-internals.js';
import { addDateField, addSignatureField, DATE_EXAMPLE } from './signature-fields.js';

type PdfDocument = PDFKit.PDFDocument;

export interface LayoutSigner {
  id: string;
  title: string;
  name: string;
  role?: string | undefined;
  email?: string | undefined;
}

export interface LayoutOptions {
  title: string;
  agency: string;
  signers: readonly LayoutSigner[];
  formFields: boolean;
  /** Whether the Markdown already had a Signatures heading before its marker. */
  hasSignatureHeading: boolean;
}

/** Page margins in points: generous, with the header and footer inside them. */
export const PAGE_MARGINS = { top: 84, bottom: 78, left: 68, right: 68 } as const;

const BODY_SIZE = 11;
const LINE_GAP = 3;
const PARAGRAPH_GAP = 8;
const HEADING_SIZES = { 1: 20, 2: 14.5, 3: 12.5 } as const;
const HEADING_SPACE_BEFORE = { 1: 0, 2: 16, 3: 10 } as const;
const HEADING_SPACE_AFTER = { 1: 14, 2: 6, 3: 4 } as const;
const LIST_INDENT = 20;
/** The least room between a list's widest label and its items' text. */
const LABEL_GAP = 6;
/** Space under each list item. */
const LIST_ITEM_GAP = 3;
/** The room a thematic break (`---`) takes: its rule, with space above and below it. */
const RULE_HEIGHT = 4 + PARAGRAPH_GAP + 4;
const FURNITURE_SIZE = 8.5;
/** The running header's title takes at most this share of the line; the agency has the rest but HEADER_GAP. */
const HEADER_TITLE_SHARE = 0.52;
const HEADER_GAP = 14;
const TEXT_COLOUR = '#1a1a1a';
const HEADING_COLOUR = '#14365d';
const RULE_COLOUR = '#8a8a8a';
const MUTED_COLOUR = '#4d4d4d';

/** Room kept above a heading when a bookmark goes to it, so that it does not touch the top of the viewer's window. */
const BOOKMARK_SPACE_ABOVE = 8;

/** Lines of the following paragraph that must fit under a heading on the same page. */
const LINES_KEPT_WITH_HEADING = 3;

const SIGNATURE_BLOCK = {
  titleSize: 12.5,
  /** Room left above the signature line for a handwritten or drawn signature. */
  signingSpace: 40,
  gapAfter: 22,
  dateFieldHeight: 20,
} as const;

interface LayoutContext {
  doc: PdfDocument;
  internals: PdfDocumentInternals;
  root: PdfStructElement;
  left: number;
  width: number;
  /** Each paragraph's lines, once broken (see layOutLines). */
  brokenLines: WeakMap<readonly TextRun[], { size: number; width: number; lines: TextLine[] }>;
  /** The headings drawn so far, for the document outline. */
  outline: OutlineEntry[];
}

function pageBottom(ctx: LayoutContext): number {
  return ctx.internals.page.maxY();
}

function pageTop(ctx: LayoutContext): number {
  return ctx.internals.page.margins.top;
}

function isAtPageTop(ctx: LayoutContext): boolean {
  return ctx.doc.y <= pageTop(ctx) + 0.5;
}

/** Starts a new page unless `height` points still fit on this one. */
function ensureSpace(ctx: LayoutContext, height: number): void {
  if (ctx.doc.y + height > pageBottom(ctx) && !isAtPageTop(ctx)) {
    ctx.doc.addPage();
  }
}

function lineHeight(ctx: LayoutContext, size: number, face: FaceName = 'regular'): number {
  ctx.doc.font(face).fontSize(size);
  return ctx.doc.currentLineHeight(true) + LINE_GAP;
}

/**
 * Widths of words by face and size, for the process: a width depends on
 * nothing else, and the same words recur in every agreement of a batch.
 * One map per face and size, keyed by the word itself: building a combined
 * key string for every lookup cost more than the lookup.
 */
const widthCaches = new Map<number, Record<FaceName, Map<string, number>>>();
const WIDTH_CACHE_LIMIT = 20_000;

function measureText(ctx: LayoutContext, size: number): MeasureText {
  let caches = widthCaches.get(size);
  if (!caches) {
    caches = { regular: new Map(), bold: new Map(), italic: new Map(), boldItalic: new Map() };
    widthCaches.set(size, caches);
  }
  const bySize = caches;
  return (text, face) => {
    const cache = bySize[face];
    let width = cache.get(text);
    if (width === undefined) {
      if (cache.size > WIDTH_CACHE_LIMIT) cache.clear();
      width = ctx.doc.font(face).fontSize(size).widthOfString(text);
      cache.set(text, width);
    }
    return width;
  };
}

/**
 * Lines of paragraphs already broken, for the process (or render thread):
 * the lines depend only on the text, its styles, the size and the width,
 * and the agreements of a batch share most of their paragraphs. Never
 * changed once made, so documents can share them. Emptied when full, like
 * the width caches.
 */
const sharedLines = new Map<string, TextLine[]>();
/**
 * Enough for both built-in packs' paragraphs and the changing ones of a few
 * agreements. Measured with two render threads: 400 cost ~6 MB of peak
 * memory against none kept, 1,000 cost ~19 MB and were no faster.
 */
const SHARED_LINES_LIMIT = 400;

/** Each run as its styles, its length and its text, so no two paragraphs share a key whatever characters they hold. */
function paragraphKey(runs: readonly TextRun[], size: number, width: number): string {
  let key = `${size}/${width}`;
  for (const run of runs) key += `|${run.bold ? 'b' : ''}${run.italic ? 'i' : ''}${run.text.length}:${run.text}`;
  return key;
}

/**
 * A paragraph is measured before it is drawn (to keep it with its heading,
 * or two of its lines on a page), and most paragraphs recur in every
 * agreement of a batch, so its lines are broken once: breaking lines was a
 * third of everything a PDF allocates.
 */
function layOutLines(ctx: LayoutContext, runs: readonly TextRun[], size: number, width: number): TextLine[] {
  const known = ctx.brokenLines.get(runs);
  if (known && known.size === size && known.width === width) return known.lines;
  const key = paragraphKey(runs, size, width);
  let lines = sharedLines.get(key);
  if (!lines) {
    lines = breakLines(runs, width, measureText(ctx, size));
    if (sharedLines.size >= SHARED_LINES_LIMIT) sharedLines.clear();
    sharedLines.set(key, lines);
  }
  ctx.brokenLines.set(runs, { size, width, lines });
  return lines;
}

/**
 * The height of the lines of a paragraph or list item that must start on the
 * same page: all of a paragraph of up to three lines, otherwise two, so that
 * a page break leaves at least two lines on each side (see drawTextBlock).
 */
function keptLinesHeight(ctx: LayoutContext, runs: readonly TextRun[], width: number): number {
  if (joinRuns(runs) === '') return 0;
  // Of an answer of several paragraphs, its first (see isParagraphGap).
  const count = paragraphEnd(layOutLines(ctx, runs, BODY_SIZE, width), 0);
  return (count <= 3 ? count : 2) * lineHeight(ctx, BODY_SIZE);
}

/** The exact height `runs` take when wrapped to `width`, as drawTextBlock draws them. */
function measureRuns(ctx: LayoutContext, runs: readonly TextRun[], size: number, width: number): number {
  if (joinRuns(runs) === '') return 0;
  const height = lineHeight(ctx, size);
  return layOutLines(ctx, runs, size, width).reduce((sum, line) => sum + (isParagraphGap(line) ? PARAGRAPH_GAP : height), 0);
}

/**
 * An empty line between two hard breaks: how escapeMarkdownBlock keeps an
 * answer's paragraphs apart inside the one Markdown paragraph it must stay
 * (a blank line could end the list item it sits in). It is drawn as the
 * gap between two paragraphs, not as a line: before, the paragraphs of a
 * "notes" answer ran together, the second reading as a line that started
 * early. (A table cell draws it as a line, see tableRowHeight and drawRowPart.)
 */
function isParagraphGap(line: TextLine): boolean {
  return line.segments.length === 0;
}

/** The index after the last line of the paragraph starting at `start`: that of the next paragraph gap, or the end. */
function paragraphEnd(lines: readonly TextLine[], start: number): number {
  let end = start;
  while (end < lines.length && !isParagraphGap(lines[end]!)) end++;
  return end;
}

/**
 * Draws styled runs as one paragraph from (x, doc.y), inside marked content
 * that becomes one structure element of type `tag` under `parent`. A page
 * break between lines closes the marked content and opens another on the
 * next page, both belonging to the same element.
 */
function drawTextBlock(
  ctx: LayoutContext,
  parent: PdfStructElement,
  tag: string,
  runs: readonly TextRun[],
  size: number,
  x: number,
  width: number,
  colour = TEXT_COLOUR,
): PdfStructElement {
  const { doc } = ctx;
  const lines = layOutLines(ctx, runs, size, width);
  const height = lineHeight(ctx, size);
  const contents: PdfStructContent[] = [];
  let content = doc.markStructureContent(tag) as unknown as PdfStructContent;
  doc.fillColor(colour);
  // Where the paragraph of the line being drawn starts and ends: an answer's paragraphs, between paragraph gaps, are each kept as a paragraph is.
  let start = 0;
  let end = paragraphEnd(lines, 0);
  lines.forEach((line, index) => {
    // Never a page break of its own: one there comes before the next line.
    if (isParagraphGap(line)) {
      doc.y += PARAGRAPH_GAP;
      start = index + 1;
      end = paragraphEnd(lines, start);
      return;
    }
    // The last line of a paragraph is not left alone at the top of a page:
    // the line before it goes over with it, if two stay behind.
    const lastTwo = index === end - 2 && index - start >= 2 && doc.y + 2 * height - LINE_GAP > pageBottom(ctx);
    // Nor, after a paragraph gap, is the first line of the next left alone at the foot of one (the
    // paragraph's start is kept by the block's start height otherwise), nor one of up to three lines split.
    const count = end - start;
    const firstLines = index === start && start > 0 && doc.y + (count <= 3 ? count : 2) * height - LINE_GAP > pageBottom(ctx);
    if ((lastTwo || firstLines || doc.y + height - LINE_GAP > pageBottom(ctx)) && !isAtPageTop(ctx)) {
      doc.endMarkedContent();
      contents.push(content);
      doc.addPage();
      content = doc.markStructureContent(tag) as unknown as PdfStructContent;
      doc.fillColor(colour);
    }
    const y = doc.y;
    drawTextLine(doc, ctx.internals, line.segments, x, y, size);
    doc.y = y + height;
  });
  doc.endMarkedContent();
  contents.push(content);
  doc.x = ctx.left;
  const element = doc.struct(tag, {}, contents as never[]) as unknown as PdfStructElement;
  parent.add(element);
  return element;
}

/**
 * Adds a bookmark to the heading about to be drawn at doc.y, on this page (see
 * outline.ts). Its title is the heading's text on one line.
 */
function bookmarkHeading(ctx: LayoutContext, title: string, depth: number): void {
  const text = title.replace(/\s+/g, ' ').trim();
  if (text === '') return;
  const page = ctx.internals.page;
  const top = Math.min(page.height, page.height - ctx.doc.y + BOOKMARK_SPACE_ABOVE);
  ctx.outline.push({ title: text, depth, page: page.dictionary, top: Math.round(top * 100) / 100 });
}

function drawArtifact(ctx: LayoutContext, draw: () => void): void {
  ctx.doc.markContent('Artifact', { type: 'Layout' } as PDFKit.Mixins.MarkingOptions);
  draw();
  ctx.doc.endMarkedContent();
}

function createElement(ctx: LayoutContext, parent: PdfStructElement, tag: string): PdfStructElement {
  const element = ctx.doc.struct(tag) as unknown as PdfStructElement;
  parent.add(element);
  return element;
}

/** Height of a heading with the space above and below it. */
function headingHeight(ctx: LayoutContext, block: Extract<Block, { kind: 'heading' }>): number {
  const runs = block.runs.map((run) => ({ ...run, bold: true }));
  return HEADING_SPACE_BEFORE[block.depth] + measureRuns(ctx, runs, HEADING_SIZES[block.depth], ctx.width) + HEADING_SPACE_AFTER[block.depth];
}

/**
 * The least height that must fit for `blocks[index]` to start on this page.
 * A heading takes what must start with the block after it, so a heading
 * directly over another ("Expectations", then "What the supervisee wants
 * from the supervisor") goes over with it rather than being left alone at
 * the foot of the page; a paragraph that introduces the block after it takes
 * the height that keeps the two together (see drawParagraph).
 */
function minimumStartHeight(ctx: LayoutContext, blocks: readonly Block[], index: number): number {
  const line = lineHeight(ctx, BODY_SIZE);
  const block = blocks[index];
  if (!block) return 0;
  switch (block.kind) {
    case 'heading':
      return headingHeight(ctx, block) + minimumStartHeight(ctx, blocks, index + 1);
    case 'paragraph':
      return introductionHeight(ctx, block.runs, blocks, index + 1) ?? Math.min(measureRuns(ctx, block.runs, BODY_SIZE, ctx.width), line * LINES_KEPT_WITH_HEADING);
    case 'list':
      return listStartHeight(ctx, block, ctx.width - labelColumnWidth(ctx, block));
    case 'table': {
      const table = layOutTable(ctx, block);
      return table ? tableStartHeight(ctx, table) : 0;
    }
    case 'rule':
      // A rule is no content: what must start under a heading is what follows it.
      return RULE_HEIGHT + minimumStartHeight(ctx, blocks, index + 1);
  }
}

function drawHeading(ctx: LayoutContext, block: Extract<Block, { kind: 'heading' }>, keepWith: number): void {
  const { doc } = ctx;
  const size = HEADING_SIZES[block.depth];
  const before = HEADING_SPACE_BEFORE[block.depth];
  const runs = block.runs.map((run) => ({ ...run, bold: true }));
  ensureSpace(ctx, headingHeight(ctx, block) + keepWith);
  if (!isAtPageTop(ctx)) doc.y += before;
  bookmarkHeading(ctx, joinRuns(runs), block.depth);
  drawTextBlock(ctx, ctx.root, `H${block.depth}`, runs, size, ctx.left, ctx.width, HEADING_COLOUR);
  if (block.depth === 1) {
    const y = doc.y + 4;
    drawArtifact(ctx, () => {
      doc
        .moveTo(ctx.left, y)
        .lineTo(ctx.left + ctx.width, y)
        .lineWidth(1.2)
        .strokeColor(HEADING_COLOUR)
        .stroke();
    });
    doc.y = y;
  }
  doc.y += HEADING_SPACE_AFTER[block.depth];
}

/**
 * A paragraph that ends with a colon introduces what follows it ("will link
 * back to them as follows:", "Members of the group:"), so it is kept with the
 * start of that, as a heading is: otherwise it could close one page and the
 * answer it introduces open the next, alone. If both cannot fit on an empty
 * page, only the paragraph's own lines are kept together, as for any other.
 */
function introductionHeight(ctx: LayoutContext, runs: readonly TextRun[], blocks: readonly Block[], nextIndex: number): number | undefined {
  if (blocks[nextIndex] === undefined || !joinRuns(runs).trim().endsWith(':')) return undefined;
  const height = measureRuns(ctx, runs, BODY_SIZE, ctx.width) + PARAGRAPH_GAP + minimumStartHeight(ctx, blocks, nextIndex);
  return height <= pageBottom(ctx) - pageTop(ctx) ? height : undefined;
}

function drawParagraph(ctx: LayoutContext, runs: readonly TextRun[], blocks: readonly Block[], nextIndex: number): void {
  if (joinRuns(runs).trim() === '') return;
  ensureSpace(ctx, introductionHeight(ctx, runs, blocks, nextIndex) ?? keptLinesHeight(ctx, runs, ctx.width));
  drawTextBlock(ctx, ctx.root, 'P', runs, BODY_SIZE, ctx.left, ctx.width);
  ctx.doc.y += PARAGRAPH_GAP;
}

/** Lines of a list item's own text (not of a list inside it). */
function itemLineCount(ctx: LayoutContext, item: ListBlock['items'][number], width: number): number {
  return joinRuns(item.runs) === '' ? 0 : layOutLines(ctx, item.runs, BODY_SIZE, width).length;
}

/**
 * The height that must fit for a list to start on this page. As for a
 * paragraph, a page break leaves at least two lines on each side: a list of
 * up to three lines starts whole, and a first item of one line takes the
 * start of the second with it, so "Where: Training Room 1" does not close a
 * page alone with "Who will book this" and the rest on the next.
 */
function listStartHeight(ctx: LayoutContext, list: ListBlock, width: number): number {
  const [first, second] = list.items;
  if (!first) return 0;
  const line = lineHeight(ctx, BODY_SIZE);
  const linesOf = (item: ListBlock['items'][number]): number => (item.children.length > 0 ? Infinity : itemLineCount(ctx, item, width));
  const firstLines = linesOf(first);
  // Counted only until it passes three: a list of fifty ground rules is not laid out again for this.
  let total = firstLines;
  for (const item of list.items.slice(1)) {
    if (total > 3) break;
    total += linesOf(item);
  }
  if (total <= 3) return total * line + (list.items.length - 1) * LIST_ITEM_GAP;
  const firstHeight = Math.max(line, keptLinesHeight(ctx, first.runs, width));
  if (firstLines >= 2 || !second) return firstHeight;
  // What the second item needs to start, the last item with it when it is the one before the last:
  // keeping less left "Who will write the record" alone at a page's foot, its list on the next.
  return firstHeight + LIST_ITEM_GAP + itemStartHeight(ctx, list, 1, width);
}

/** The height that must fit for item `index` of a list to start on this page (see drawList). */
function itemStartHeight(ctx: LayoutContext, list: ListBlock, index: number, width: number): number {
  const item = list.items[index];
  if (!item) return 0;
  const height = Math.max(lineHeight(ctx, BODY_SIZE), keptLinesHeight(ctx, item.runs, width));
  return index === list.items.length - 2 ? Math.max(height, keptWithLastItemHeight(ctx, list, width)) : height;
}

/**
 * The height that must fit for the item before a list's last to start on
 * this page: when the last is one line, that item whole and the line, so
 * the last item does not open a page alone ("3. there is illegal
 * activity."). An item of more than three lines is not held back for it,
 * as the page break inside it leaves two of its lines with the last.
 */
function keptWithLastItemHeight(ctx: LayoutContext, list: ListBlock, width: number): number {
  const last = list.items.at(-1);
  const before = list.items.at(-2);
  if (!last || !before || last.children.length > 0 || before.children.length > 0) return 0;
  const beforeLines = itemLineCount(ctx, before, width);
  if (itemLineCount(ctx, last, width) !== 1 || beforeLines > 3) return 0;
  return (beforeLines + 1) * lineHeight(ctx, BODY_SIZE) + LIST_ITEM_GAP;
}

/** An ordered item's number as its list labels it: 3, or c. */
function itemNumber(list: ListBlock, number: number): string {
  return list.numbering === 'lower-alpha' ? String.fromCharCode('a'.charCodeAt(0) + number - 1) : String(number);
}

/** The label of a list's item `index`: its number or letter, or a bullet (a dash in a nested list). */
function itemLabel(list: ListBlock, index: number, depth: number): string {
  if (list.ordered) return `${itemNumber(list, list.start + index)}.`;
  return depth === 0 ? '\u2022' : '\u2013';
}

/**
 * The width of a list's label column: LIST_INDENT, or more when its widest
 * label needs it, so "10." or "100." keeps a gap before its item's text
 * (in LIST_INDENT, "10." touched it and "100." was broken over two lines),
 * and all the list's items still start at one edge.
 */
function labelColumnWidth(ctx: LayoutContext, list: ListBlock): number {
  if (!list.ordered) return LIST_INDENT;
  const measure = measureText(ctx, BODY_SIZE);
  let widest = 0;
  list.items.forEach((_, index) => {
    widest = Math.max(widest, measure(itemLabel(list, index, 0), 'regular'));
  });
  return Math.max(LIST_INDENT, Math.ceil(widest + LABEL_GAP));
}

/**
 * What a list's labels are, as its structure element's ListNumbering
 * attribute (ISO 32000-1, 14.8.5.5) tells a screen reader: 1., a., a
 * bullet, or a dash, which is of no numbering scheme.
 */
function listNumbering(list: ListBlock, depth: number): string {
  if (list.ordered) return list.numbering === 'lower-alpha' ? 'LowerAlpha' : 'Decimal';
  return depth === 0 ? 'Disc' : 'None';
}

function drawList(ctx: LayoutContext, parent: PdfStructElement, list: ListBlock, depth: number, x = ctx.left): void {
  const { doc } = ctx;
  const listElement = createElement(ctx, parent, 'L');
  listElement.dictionary.data.A = { O: 'List', ListNumbering: listNumbering(list, depth) };
  const labelWidth = labelColumnWidth(ctx, list);
  const bodyX = x + labelWidth;
  const bodyWidth = ctx.width - (bodyX - ctx.left);
  list.items.forEach((item, index) => {
    const itemElement = createElement(ctx, listElement, 'LI');
    let startHeight = itemStartHeight(ctx, list, index, bodyWidth);
    if (index === 0) startHeight = Math.max(startHeight, listStartHeight(ctx, list, bodyWidth));
    ensureSpace(ctx, startHeight);
    const top = doc.y;
    drawTextBlock(ctx, itemElement, 'Lbl', [{ text: itemLabel(list, index, depth), bold: false, italic: false }], BODY_SIZE, x, labelWidth);
    doc.y = top;
    drawTextBlock(ctx, itemElement, 'LBody', item.runs, BODY_SIZE, bodyX, bodyWidth);
    doc.y += LIST_ITEM_GAP;
    for (const child of item.children) drawList(ctx, itemElement, child, depth + 1, bodyX);
    itemElement.end();
  });
  listElement.end();
  if (depth === 0) doc.y += PARAGRAPH_GAP - LIST_ITEM_GAP;
}

/** Room between a table cell's rules and its text. */
const CELL_PADDING = 5;
/** A key/value table (two columns, the common case) gives the key this share of the width. */
const KEY_COLUMN_SHARE = 0.36;

/** A table as it is laid out: its rows (the header first, when it has one) and its columns' widths. */
interface TableLayout {
  /** Each row's cells, the header's in bold. */
  rows: readonly (readonly TextRun[])[][];
  widths: readonly number[];
  hasHeader: boolean;
}

function layOutTable(ctx: LayoutContext, block: Extract<Block, { kind: 'table' }>): TableLayout | undefined {
  const columns = Math.max(block.header.length, ...block.rows.map((row) => row.length));
  if (columns === 0) return undefined;
  const shares = columns === 2 ? [ctx.width * KEY_COLUMN_SHARE, ctx.width * (1 - KEY_COLUMN_SHARE)] : Array.from({ length: columns }, () => ctx.width / columns);
  const hasHeader = block.header.some((cell) => joinRuns(cell).trim() !== '');
  const cellsOf = (row: readonly (readonly TextRun[])[]): (readonly TextRun[])[] => shares.map((_, column) => row[column] ?? []);
  const header = cellsOf(block.header).map((runs) => runs.map((run) => ({ ...run, bold: true })));
  const body = block.rows.map(cellsOf);
  const rows = hasHeader ? [header, ...body] : body;
  const measure = measureText(ctx, BODY_SIZE);
  const needed = shares.map((_, column) => Math.max(...rows.map((row) => widestUnbreakable(row[column]!, measure))) + 2 * CELL_PADDING);
  return { rows, widths: widenColumns(shares, needed, ctx.width), hasHeader };
}

/**
 * The columns' widths: their shares of the width, except that a column
 * narrower than its widest word (`needed`, see widestUnbreakable) is given
 * that, and the others share what is left as they shared the whole, so
 * that "Priya Shah-Featherstonehaugh" in the first of five columns is not
 * printed "Featherstoneh" and "augh". When the words cannot all fit, the
 * shares are kept, as before. A table whose words fit its shares keeps them.
 */
function widenColumns(shares: readonly number[], needed: readonly number[], total: number): readonly number[] {
  if (needed.every((width, column) => width <= shares[column]!)) return shares;
  const neededTotal = needed.reduce((sum, width) => sum + width, 0);
  if (neededTotal > total) return shares;
  const widened = new Set(shares.flatMap((share, column) => (needed[column]! > share ? [column] : [])));
  for (;;) {
    const left = total - [...widened].reduce((sum, column) => sum + needed[column]!, 0);
    const rest = shares.reduce((sum, share, column) => (widened.has(column) ? sum : sum + share), 0);
    if (rest === 0) return needed.map((width) => (width * total) / neededTotal);
    const widths = shares.map((share, column) => (widened.has(column) ? needed[column]! : (share * left) / rest));
    const short = widths.flatMap((width, column) => (width < needed[column]! ? [column] : []));
    if (short.length === 0) return widths;
    for (const column of short) widened.add(column);
  }
}

/** Each cell's lines in a row, broken to the width inside its padding. */
function tableRowLines(ctx: LayoutContext, table: TableLayout, rowIndex: number): TextLine[][] {
  return table.widths.map((width, column) => layOutLines(ctx, table.rows[rowIndex]![column]!, BODY_SIZE, width - 2 * CELL_PADDING));
}

/** The height of a whole row, padding included: its tallest cell's. 0 past the last row. */
function tableRowHeight(ctx: LayoutContext, table: TableLayout, rowIndex: number): number {
  const row = table.rows[rowIndex];
  if (!row) return 0;
  // Each line a line high, as drawRowPart draws them (an answer's paragraph gap too, see isParagraphGap).
  const cellHeight = (runs: readonly TextRun[], width: number): number =>
    joinRuns(runs) === '' ? 0 : layOutLines(ctx, runs, BODY_SIZE, width - 2 * CELL_PADDING).length * lineHeight(ctx, BODY_SIZE);
  return Math.max(...table.widths.map((width, column) => cellHeight(row[column]!, width))) + 2 * CELL_PADDING;
}

/** The rules above (on a page's first row) and below a row. */
function drawRowRules(ctx: LayoutContext, top: number, bottom: number, isHeader: boolean, isFirstOnPage: boolean): void {
  const { doc } = ctx;
  drawArtifact(ctx, () => {
    doc.lineWidth(isHeader ? 1 : 0.5).strokeColor(RULE_COLOUR);
    if (isFirstOnPage) doc.moveTo(ctx.left, top).lineTo(ctx.left + ctx.width, top).stroke();
    doc.moveTo(ctx.left, bottom).lineTo(ctx.left + ctx.width, bottom).stroke();
  });
}

/**
 * The header row again at the top of a page the table goes on to, so a
 * reader of the second page knows what each column holds. It is drawn as
 * an artifact: the structure tree has the header once, as a screen reader
 * should read it.
 */
function repeatTableHeader(ctx: LayoutContext, table: TableLayout): void {
  const { doc } = ctx;
  const top = doc.y;
  let bottom = top;
  let x = ctx.left;
  drawArtifact(ctx, () => {
    doc.fillColor(TEXT_COLOUR);
    tableRowLines(ctx, table, 0).forEach((lines, column) => {
      let y = top + CELL_PADDING;
      for (const line of lines) {
        drawTextLine(doc, ctx.internals, line.segments, x + CELL_PADDING, y, BODY_SIZE);
        y += lineHeight(ctx, BODY_SIZE);
      }
      bottom = Math.max(bottom, y - LINE_GAP + CELL_PADDING);
      x += table.widths[column]!;
    });
  });
  drawRowRules(ctx, top, bottom, true, true);
  doc.y = bottom;
}

/**
 * The height that must fit for row `rowIndex` to start on this page: a row
 * that fits a page is never split, so all of it; a row taller than a page
 * (less the header over it) must split, and starts where two of its lines
 * fit. 0 past the last row.
 */
function rowStartHeight(ctx: LayoutContext, table: TableLayout, rowIndex: number): number {
  const isHeader = table.hasHeader && rowIndex === 0;
  const headerHeight = table.hasHeader && !isHeader ? tableRowHeight(ctx, table, 0) : 0;
  const height = tableRowHeight(ctx, table, rowIndex);
  const splits = height > pageBottom(ctx) - pageTop(ctx) - headerHeight;
  return splits ? 2 * lineHeight(ctx, BODY_SIZE) + 2 * CELL_PADDING : height;
}

/**
 * Moves to the page where row `rowIndex` starts, with the header again on
 * top of it if that is a new page. The header row goes over with the start
 * of the first row under it, rather than closing a page alone; only the
 * start, as a first row taller than a page would otherwise take the header
 * to a new page, leaving the rest of this one empty.
 */
function startTableRow(ctx: LayoutContext, table: TableLayout, rowIndex: number): void {
  const isHeader = table.hasHeader && rowIndex === 0;
  const pageBefore = ctx.internals.page;
  ensureSpace(ctx, rowIndex === 0 ? tableStartHeight(ctx, table) : rowStartHeight(ctx, table, rowIndex));
  if (ctx.internals.page !== pageBefore && table.hasHeader && !isHeader) repeatTableHeader(ctx, table);
}

/** The height that must fit for a table to start on this page: its first row's start, and the next row's under a header row. */
function tableStartHeight(ctx: LayoutContext, table: TableLayout): number {
  return rowStartHeight(ctx, table, 0) + (table.hasHeader ? rowStartHeight(ctx, table, 1) : 0);
}

/**
 * Draws `count` lines of a row from its line `from`, each cell's side by
 * side at doc.y, with the rules around them, each cell's part in marked
 * content added to its `contents`.
 */
function drawRowPart(
  ctx: LayoutContext,
  table: TableLayout,
  cellLines: readonly TextLine[][],
  part: { from: number; count: number; isHeader: boolean; isFirstOnPage: boolean },
  contents: PdfStructContent[][],
): void {
  const { doc } = ctx;
  const tag = part.isHeader ? 'TH' : 'TD';
  const line = lineHeight(ctx, BODY_SIZE);
  const top = doc.y;
  let x = ctx.left;
  cellLines.forEach((lines, column) => {
    if (part.from < lines.length) {
      const content = doc.markStructureContent(tag) as unknown as PdfStructContent;
      doc.fillColor(TEXT_COLOUR);
      lines.slice(part.from, part.from + part.count).forEach((cellLine, index) => {
        drawTextLine(doc, ctx.internals, cellLine.segments, x + CELL_PADDING, top + CELL_PADDING + index * line, BODY_SIZE);
      });
      doc.endMarkedContent();
      contents[column]!.push(content);
    }
    x += table.widths[column]!;
  });
  const bottom = top + CELL_PADDING + part.count * line - LINE_GAP + CELL_PADDING;
  drawRowRules(ctx, top, bottom, part.isHeader, part.isFirstOnPage);
  doc.y = bottom;
}

/**
 * How many of a row's lines from `from` go on this page: as many as fit, at
 * least one. As in a paragraph, the row's last line does not open a page
 * alone: the line before it goes over with it, if two stay on this page
 * (the row starts where two of its lines fit, see startTableRow).
 */
function rowLinesOnPage(ctx: LayoutContext, lineCount: number, from: number): number {
  const fitting = Math.floor((pageBottom(ctx) - (ctx.doc.y + CELL_PADDING) + LINE_GAP) / lineHeight(ctx, BODY_SIZE));
  const count = Math.min(lineCount - from, Math.max(fitting, 1));
  return lineCount - from - count === 1 && count >= 3 ? count - 1 : count;
}

/**
 * Draws row `rowIndex` as one TR of TH or TD cells. The row is drawn a page
 * at a time, each cell's lines on that page side by side, so a row taller
 * than a page goes on with every cell in its column, under the header again.
 */
function drawTableRow(ctx: LayoutContext, table: TableLayout, tableElement: PdfStructElement, rowIndex: number): void {
  const { doc } = ctx;
  const isHeader = table.hasHeader && rowIndex === 0;
  const tag = isHeader ? 'TH' : 'TD';
  startTableRow(ctx, table, rowIndex);
  const cellLines = tableRowLines(ctx, table, rowIndex);
  const lineCount = Math.max(...cellLines.map((lines) => lines.length));
  const rowElement = createElement(ctx, tableElement, 'TR');
  const contents: PdfStructContent[][] = table.widths.map(() => []);
  for (let from = 0, isFirstOnPage = rowIndex === 0; from < lineCount; isFirstOnPage = !table.hasHeader) {
    const count = rowLinesOnPage(ctx, lineCount, from);
    drawRowPart(ctx, table, cellLines, { from, count, isHeader, isFirstOnPage }, contents);
    from += count;
    if (from < lineCount) {
      doc.addPage();
      if (table.hasHeader && !isHeader) repeatTableHeader(ctx, table);
    }
  }
  for (const cellContents of contents) {
    const cell = doc.struct(tag, {}, cellContents as never[]) as unknown as PdfStructElement;
    // A header cell says that it heads its column (PDF/UA: a TH in a table without Headers and IDs has a Scope).
    if (isHeader) cell.dictionary.data.A = { O: 'Table', Scope: 'Column' };
    rowElement.add(cell);
  }
  rowElement.end();
  doc.x = ctx.left;
}

/** A table: each row in turn, the header row (when it has one) first, and again at the top of each page it goes on to. */
function drawTable(ctx: LayoutContext, block: Extract<Block, { kind: 'table' }>): void {
  const table = layOutTable(ctx, block);
  if (!table) return;
  const element = createElement(ctx, ctx.root, 'Table');
  table.rows.forEach((_, rowIndex) => drawTableRow(ctx, table, element, rowIndex));
  element.end();
  ctx.doc.y += PARAGRAPH_GAP + 4;
}

function drawRule(ctx: LayoutContext): void {
  const { doc } = ctx;
  const y = doc.y + 4;
  drawArtifact(ctx, () => {
    doc.moveTo(ctx.left, y).lineTo(ctx.left + ctx.width, y).lineWidth(0.5).strokeColor(RULE_COLOUR).stroke();
  });
  doc.y = y + RULE_HEIGHT - 4;
}

/** The signer's name, then role and email where given: `Priya Shah, Team Manager, priya@example.org`. */
function signerDetails(signer: LayoutSigner): string {
  return [signer.name, signer.role?.trim(), signer.email?.trim()].filter(Boolean).join(', ');
}

/** Height of one signature block, so that it can be kept on one page. */
function measureSignatureBlock(ctx: LayoutContext, signer: LayoutSigner): number {
  const title = measureRuns(ctx, [{ text: signer.title, bold: true, italic: false }], SIGNATURE_BLOCK.titleSize, ctx.width);
  const details = measureRuns(ctx, [{ text: signerDetails(signer), bold: false, italic: false }], BODY_SIZE, ctx.width);
  return title + 2 + details + SIGNATURE_BLOCK.signingSpace + lineHeight(ctx, BODY_SIZE) + 4;
}

/** Draws a signer's block, starting a page unless it fits here with `keepWith` points under it (if both fit on a page). */
function drawSignatureBlock(ctx: LayoutContext, parent: PdfStructElement, signer: LayoutSigner, formFields: boolean, keepWith = 0): void {
  const { doc } = ctx;
  const height = measureSignatureBlock(ctx, signer);
  ensureSpace(ctx, height + keepWith <= pageBottom(ctx) - pageTop(ctx) ? height + keepWith : height);
  const block = createElement(ctx, parent, 'Div');
  const titleRuns: TextRun[] = [{ text: signer.title, bold: true, italic: false }];
  // The bookmark names the signer too, so each can find where to sign: "Member 3: Łukasz Żółć".
  bookmarkHeading(ctx, [signer.title.trim(), signer.name.trim()].filter((part) => part !== '').join(': '), 3);
  drawTextBlock(ctx, block, 'H3', titleRuns, SIGNATURE_BLOCK.titleSize, ctx.left, ctx.width, HEADING_COLOUR);
  doc.y += 2;
  const detailRuns: TextRun[] = [{ text: signerDetails(signer), bold: false, italic: false }];
  drawTextBlock(ctx, block, 'P', detailRuns, BODY_SIZE, ctx.left, ctx.width);

  const lineY = doc.y + SIGNATURE_BLOCK.signingSpace;
  const signatureWidth = ctx.width * 0.6;
  const dateX = ctx.left + ctx.width * 0.68;
  const dateWidth = ctx.left + ctx.width - dateX;
  drawArtifact(ctx, () => {
    doc.lineWidth(0.8).strokeColor(TEXT_COLOUR);
    doc.moveTo(ctx.left, lineY).lineTo(ctx.left + signatureWidth, lineY).stroke();
    doc.moveTo(dateX, lineY).lineTo(dateX + dateWidth, lineY).stroke();
  });
  if (formFields) {
    const signatureForm = createElement(ctx, block, 'Form');
    addSignatureField(ctx.internals, {
      name: `signature.${signer.id}`,
      description: `Signature of ${signer.name}`,
      locks: [`date.${signer.id}`],
      rect: { x: ctx.left, y: lineY - SIGNATURE_BLOCK.signingSpace + 2, width: signatureWidth, height: SIGNATURE_BLOCK.signingSpace - 3 },
      structParent: signatureForm,
    });
    signatureForm.end();
    const dateForm = createElement(ctx, block, 'Form');
    addDateField(ctx.internals, {
      name: `date.${signer.id}`,
      description: `Date signed by ${signer.name}, e.g. ${DATE_EXAMPLE}`,
      rect: { x: dateX, y: lineY - SIGNATURE_BLOCK.dateFieldHeight - 1, width: dateWidth, height: SIGNATURE_BLOCK.dateFieldHeight },
      structParent: dateForm,
    });
    dateForm.end();
  }
  doc.y = lineY + 4;
  drawTextBlock(ctx, block, 'P', [{ text: 'Signature', bold: false, italic: false }], BODY_SIZE, ctx.left, signatureWidth, MUTED_COLOUR);
  doc.y = lineY + 4;
  drawTextBlock(ctx, block, 'P', [{ text: 'Date', bold: false, italic: false }], BODY_SIZE, dateX, dateWidth, MUTED_COLOUR);
  block.end();
  doc.x = ctx.left;
  doc.y += SIGNATURE_BLOCK.gapAfter;
}

/**
 * The height of the signature blocks that must start on the page of the
 * signatures heading, `above` being what goes between them (the heading and
 * its sentence): all of them when they fit on one page with it, so that
 * each signer signs the page the others sign, under "By signing…", rather
 * than the supervisee alone on a last page of nothing else; otherwise the
 * first, as a block never splits.
 */
function signatureBlocksKeptHeight(ctx: LayoutContext, signers: readonly LayoutSigner[], above: number): number {
  const heights = signers.map((signer) => measureSignatureBlock(ctx, signer));
  const all = heights.reduce((sum, height) => sum + height, 0) + SIGNATURE_BLOCK.gapAfter * Math.max(heights.length - 1, 0);
  return above + all <= pageBottom(ctx) - pageTop(ctx) ? all : (heights[0] ?? 0);
}

function drawSignatures(ctx: LayoutContext, options: LayoutOptions): void {
  if (options.signers.length === 0) return;
  if (!options.hasSignatureHeading) {
    const heading: Extract<Block, { kind: 'heading' }> = { kind: 'heading', depth: 2, runs: [{ text: 'Signatures', bold: true, italic: false }] };
    drawHeading(ctx, heading, signatureBlocksKeptHeight(ctx, options.signers, headingHeight(ctx, heading)));
  }
  const section = createElement(ctx, ctx.root, 'Sect');
  const last = options.signers.at(-1);
  // The last block does not open a page alone, a member signing a page of nothing else: the
  // block before it goes over with it.
  const keepWithLast = last ? SIGNATURE_BLOCK.gapAfter + measureSignatureBlock(ctx, last) : 0;
  options.signers.forEach((signer, index) => {
    drawSignatureBlock(ctx, section, signer, options.formFields, index === options.signers.length - 2 ? keepWithLast : 0);
  });
  section.end();
}

/**
 * Where the template's own signatures section starts: its heading, which
 * only introductory paragraphs follow (see endsWithSignatureHeading in
 * index.ts), or -1.
 */
function signatureSectionStart(blocks: readonly Block[]): number {
  for (let index = blocks.length - 1; index >= 0; index -= 1) {
    const block = blocks[index]!;
    if (block.kind === 'heading') return index;
    if (block.kind !== 'paragraph') return -1;
  }
  return -1;
}

/**
 * What must fit under the signatures heading on its page: the paragraphs
 * that introduce the signatures ("By signing, each of us agrees…") and the
 * signature blocks, all of them if they fit (see signatureBlocksKeptHeight),
 * or the first, which never splits. Otherwise the heading and its
 * sentence could be left at the foot of one page and every signature block
 * on the next, as if the signatures belonged to nothing. If all of that
 * cannot fit on an empty page, only the usual lines are kept with the heading.
 */
function keepWithSignatures(
  ctx: LayoutContext,
  heading: Extract<Block, { kind: 'heading' }>,
  introduction: readonly Block[],
  options: LayoutOptions,
): number {
  if (options.signers.length === 0) return minimumStartHeight(ctx, introduction, 0);
  let height = 0;
  for (const block of introduction) {
    if (block.kind === 'paragraph' && joinRuns(block.runs).trim() !== '') {
      height += measureRuns(ctx, block.runs, BODY_SIZE, ctx.width) + PARAGRAPH_GAP;
    }
  }
  height += signatureBlocksKeptHeight(ctx, options.signers, headingHeight(ctx, heading) + height);
  const pageHeight = pageBottom(ctx) - pageTop(ctx);
  return headingHeight(ctx, heading) + height <= pageHeight ? height : minimumStartHeight(ctx, introduction, 0);
}

/**
 * Draws every block, then the signature blocks after the last one. Returns
 * the headings drawn (the signature blocks' among them), for the outline.
 */
export function layOutDocument(doc: PdfDocument, internals: PdfDocumentInternals, blocks: readonly Block[], options: LayoutOptions): OutlineEntry[] {
  const root = doc.struct('Document') as unknown as PdfStructElement;
  doc.addStructure(root as never);
  const page = internals.page;
  const ctx: LayoutContext = {
    doc,
    internals,
    root,
    left: page.margins.left,
    width: page.width - page.margins.left - page.margins.right,
    brokenLines: new WeakMap(),
    outline: [],
  };
  const signaturesAt = options.hasSignatureHeading ? signatureSectionStart(blocks) : -1;
  blocks.forEach((block, index) => {
    switch (block.kind) {
      case 'heading': {
        const keepWith =
          index === signaturesAt || index === blocks.length - 1
            ? keepWithSignatures(ctx, block, blocks.slice(index + 1), options)
            : minimumStartHeight(ctx, blocks, index + 1);
        drawHeading(ctx, block, keepWith);
        return;
      }
      case 'paragraph':
        drawParagraph(ctx, block.runs, blocks, index + 1);
        return;
      case 'list':
        drawList(ctx, ctx.root, block, 0);
        return;
      case 'table':
        drawTable(ctx, block);
        return;
      case 'rule':
        drawRule(ctx);
        return;
    }
  });
  drawSignatures(ctx, options);
  root.end();
  drawPageFurniture(doc, internals, options);
  return ctx.outline;
}

/**
 * `text` as it fits on one line of `width`: whole if it fits, otherwise as
 * many whole words as fit before an ellipsis, without the punctuation that
 * ended them ("Cyngor Sir Ynys Môn…", not "Cyngor Sir Ynys Môn –…" or
 * "…meet regularl…"). Only a first word wider than the line is cut inside.
 */
export function fitOnOneLine(text: string, width: number, widthOf: (text: string) => number): string {
  const whole = text.replace(/\s+/g, ' ').trim();
  if (widthOf(whole) <= width) return whole;
  const words = whole.split(' ');
  let fitted = '';
  for (const word of words) {
    const candidate = (fitted === '' ? word : `${fitted} ${word}`).replace(/[\s,;:.\u2013\u2014-]+$/u, '');
    if (widthOf(`${candidate}\u2026`) > width) break;
    fitted = fitted === '' ? word : `${fitted} ${word}`;
  }
  fitted = fitted.replace(/[\s,;:.\u2013\u2014-]+$/u, '');
  if (fitted === '') {
    const characters = Array.from(whole);
    while (characters.length > 0 && widthOf(`${characters.join('')}\u2026`) > width) characters.pop();
    fitted = characters.join('');
  }
  return `${fitted}\u2026`;
}

interface RunningHeader {
  agency: string;
  title: string;
  /** Width of the box the title is right-aligned in. */
  titleWidth: number;
}

/** The running header's agency and title, each cut to fit its part of the line `width` wide. */
function runningHeader(doc: PdfDocument, options: LayoutOptions, width: number): RunningHeader {
  doc.font('regular').fontSize(FURNITURE_SIZE);
  const widthOf = (text: string): number => doc.widthOfString(text);
  const title = fitOnOneLine(options.title, width * HEADER_TITLE_SHARE, widthOf);
  // A point more than the title's width, which rounding could otherwise find too narrow.
  const titleWidth = widthOf(title) + 1;
  return { agency: fitOnOneLine(options.agency, width - titleWidth - HEADER_GAP, widthOf), title, titleWidth };
}

/** Running header (agency, title) and footer (Confidential, Page X of Y) on every page. */
function drawPageFurniture(doc: PdfDocument, internals: PdfDocumentInternals, options: LayoutOptions): void {
  const range = doc.bufferedPageRange();
  let header: RunningHeader | undefined;
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const page = internals.page;
    const left = page.margins.left;
    const width = page.width - left - page.margins.right;
    const savedBottom = page.margins.bottom;
    // Text below the bottom margin would make pdfkit start a new page.
    page.margins.bottom = 0;
    const headerY = 40;
    const footerY = page.height - 52;
    const pageLabel = `Page ${index + 1} of ${range.count}`;
    doc.markContent('Artifact', { type: 'Pagination' } as PDFKit.Mixins.MarkingOptions);
    doc.font('regular').fontSize(FURNITURE_SIZE).fillColor(MUTED_COLOUR);
    // The title takes the room it needs, up to a share of the line, and the
    // agency all the rest: a fixed share cut "Cyngor Sir Ynys Môn –
    // Gwasanaethau…" short beside a short title, with the room between them
    // empty. Each is cut at a word (see fitOnOneLine), once for every page.
    header ??= runningHeader(doc, options, width);
    // Each is fitted already (fitOnOneLine), so it is drawn as one line, as the body's lines are: pdfkit's
    // text() would measure and wrap it again, four times a page (a twentieth of a PDF's time).
    const drawLine = (text: string, x: number, y: number, align: 'left' | 'right'): void => {
      const lineWidth = doc.widthOfString(text);
      const segment = { text, face: 'regular' as const, width: lineWidth };
      drawTextLine(doc, internals, [segment], align === 'right' ? x - lineWidth : x, y, FURNITURE_SIZE);
    };
    drawLine(header.agency, left, headerY, 'left');
    drawLine(header.title, left + width, headerY, 'right');
    drawLine('Confidential', left, footerY + 8, 'left');
    drawLine(pageLabel, left + width, footerY + 8, 'right');
    doc.lineWidth(0.5).strokeColor(RULE_COLOUR);
    doc.moveTo(left, headerY + 16).lineTo(left + width, headerY + 16).stroke();
    doc.moveTo(left, footerY).lineTo(left + width, footerY).stroke();
    doc.endMarkedContent();
    page.margins.bottom = savedBottom;
  }
}
