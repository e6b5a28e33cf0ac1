/**
 * Draws one laid-out line of text straight into the page's content stream.
 *
 * The line breaker has already measured every segment, so going through
 * pdfkit's `text()` would only repeat the work: it measures each fragment
 * again, wraps it in its own save/transform/BT…ET/restore and appends every
 * operator as a separate buffer. That was a fifth of the time spent on a PDF.
 * Here a whole line is one BT…ET block (one font change per segment) and is
 * appended at once. The operators are the ones pdfkit writes: each glyph is
 * added to the subset, widths and ToUnicode map as the embedded font's
 * `encode` adds it, so they are built exactly as pdfkit builds them and text
 * extraction is unchanged (draw-text.test.ts compares the two). A segment's
 * shaped glyphs are kept for the thread (`shapeSegment`); only their numbers
 * in the document's subset are looked up per document.
 */
import { encodeGlyphs, forEachShapedWord, type FaceName } from './fonts.js';
import type { LineSegment } from './line-breaking.js';
import { ContentBytes } from './output.js';
import type { PdfDocumentInternals, PdfEmbeddedFont, ShapedRun } from './pdfkit-internals.js';

/** The precision pdfkit writes numbers with. */
function formatNumber(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** One line's operators, reused for every line this thread draws. */
const line = new ContentBytes();

/**
 * Draws `segments` left to right from `x`, with the top of the line at `y`
 * (pdfkit's top-left coordinates), in the current fill colour.
 */
export function drawTextLine(
  doc: PDFKit.PDFDocument,
  internals: PdfDocumentInternals,
  segments: readonly LineSegment[],
  x: number,
  y: number,
  size: number,
): void {
  const page = internals.page;
  // Whatever a line that threw part-way through left behind is not this line's.
  line.discard();
  line.ascii('q\n1 0 0 -1 0 ');
  line.number(formatNumber(page.height));
  line.ascii(' cm\nBT\n');
  let cursor = x;
  let drawn = false;
  for (const segment of segments) {
    const text = segment.text.replace(/\n/g, '');
    if (text !== '') {
      doc.font(segment.face satisfies FaceName).fontSize(size);
      const font = internals._font;
      page.fonts[font.id] ??= font.ref();
      const baseline = page.height - y - (font.ascender / 1000) * size;
      line.ascii(`/${font.id} `);
      line.number(formatNumber(size));
      line.ascii(' Tf\n');
      const shaped = shapeSegment(font, text);
      if (shaped.moved) {
        textShowing.start(cursor, baseline, size);
        encodeGlyphs(font, text, showGlyph);
        textShowing.finish();
      } else {
        appendTextMatrix(cursor, baseline);
        showUnmovedGlyphs(font, shaped);
      }
      drawn = true;
    }
    cursor += segment.width;
  }
  if (!drawn) {
    line.discard();
    return;
  }
  line.ascii('ET\nQ\n');
  line.writeTo(page.content);
}

/**
 * A segment's glyphs as drawing them needs, whatever the document: the
 * same lines recur in every agreement of a batch, and walking their shaped
 * words glyph by glyph (splitting the text into words, looking each up,
 * reading every position) was a fifth of a PDF's time. The words themselves
 * are those of the font's shared layout cache, not copies, so that a full
 * cache holds little more than its keys (~0.2 MB after 1,500 varied
 * agreements, measured with a heap count after a full collection).
 */
interface ShapedSegment {
  readonly words: readonly ShapedRun[];
  readonly glyphCount: number;
  /** Whether a glyph is a mark the font moves (an offset, as the dot of ễ): then the text is drawn glyph by glyph by TextShowing. */
  readonly moved: boolean;
  /** The glyphs (by index in the segment, ascending) after which a TJ adjustment ends the run of codes, and each adjustment (`> -15`). */
  readonly adjustedAt: readonly number[];
  readonly adjustments: readonly string[];
  /** The adjustment after the last glyph, which pdfkit writes even when it is 0. */
  readonly lastAdjustment: string;
}

const NONE: readonly never[] = [];

/**
 * Shaped segments by text, for each of the fonts' shared layout caches
 * (fonts.ts), whose words they are made of: when a layout cache is emptied
 * and replaced, the segments made of its words go with it, rather than
 * keeping a second set of words alive.
 */
const shapedSegments = new WeakMap<object, Map<string, ShapedSegment>>();
/** Per face: the lines of both built-in packs, and those of a few agreements' names. */
const SHAPED_SEGMENTS_LIMIT = 1000;

function shapeSegment(font: PdfEmbeddedFont, text: string): ShapedSegment {
  const layoutCache = font.layoutCache;
  let byText = layoutCache && shapedSegments.get(layoutCache);
  const known = byText?.get(text);
  if (known) return known;
  if (layoutCache && !byText) {
    byText = new Map();
    shapedSegments.set(layoutCache, byText);
  }
  if (byText && byText.size >= SHAPED_SEGMENTS_LIMIT) byText.clear();
  const words: ShapedRun[] = [];
  let glyphCount = 0;
  let adjustedAt: number[] | undefined;
  let adjustments: string[] | undefined;
  let moved = false;
  let last: GlyphPosition | undefined;
  forEachShapedWord(font, text, (word) => {
    words.push(word);
    for (const position of word.positions) {
      if (position.xOffset || position.yOffset) moved = true;
      const adjustment = position.xAdvance - position.advanceWidth;
      if (adjustment !== 0) {
        (adjustedAt ??= []).push(glyphCount);
        (adjustments ??= []).push(String(formatNumber(-adjustment)));
      }
      glyphCount++;
      last = position;
    }
  });
  const shaped: ShapedSegment = {
    words,
    glyphCount,
    moved,
    adjustedAt: adjustedAt ?? NONE,
    adjustments: adjustments ?? NONE,
    lastAdjustment: last ? String(formatNumber(-(last.xAdvance - last.advanceWidth))) : '0',
  };
  byText?.set(text, shaped);
  return shaped;
}

/**
 * What TextShowing writes for glyphs none of which is moved, without
 * reading their positions again: `[<0012002a> -15 <0031> 0] TJ`. Each glyph
 * is added to the document's subset, widths and ToUnicode map exactly as
 * `encodeGlyphs` adds it.
 */
function showUnmovedGlyphs(font: PdfEmbeddedFont, shaped: ShapedSegment): void {
  if (shaped.glyphCount === 0) return;
  const { subset, widths, unicode, scale } = font;
  const { adjustedAt, adjustments } = shaped;
  const mapping = subset.mapping;
  let codesOpen = false;
  let at = 0;
  let nextAdjustment = 0;
  let nextAdjustedAt = adjustedAt.length > 0 ? adjustedAt[0]! : -1;
  line.ascii('[');
  for (const word of shaped.words) {
    const glyphs = word.glyphs;
    for (let index = 0; index < glyphs.length; index++, at++) {
      const glyph = glyphs[index]!;
      const id = mapping[glyph.id] ?? subset.includeGlyph(glyph.id);
      widths[id] ??= glyph.advanceWidth * scale;
      unicode[id] ??= glyph.codePoints;
      if (!codesOpen) {
        line.ascii(at === 0 ? '<' : ' <');
        codesOpen = true;
      }
      line.hex4(id);
      if (at === nextAdjustedAt) {
        line.ascii('> ');
        line.ascii(adjustments[nextAdjustment]!);
        codesOpen = false;
        nextAdjustment++;
        nextAdjustedAt = nextAdjustment < adjustedAt.length ? adjustedAt[nextAdjustment]! : -1;
      }
    }
  }
  if (codesOpen) {
    line.ascii('> ');
    line.ascii(shaped.lastAdjustment);
  }
  line.ascii('] TJ\n');
}

function appendTextMatrix(x: number, y: number): void {
  line.ascii('1 0 0 1 ');
  line.number(formatNumber(x));
  line.ascii(' ');
  line.number(formatNumber(y));
  line.ascii(' Tm\n');
}

/**
 * pdfkit's TJ encoding, written as the glyphs come: runs of glyph codes
 * between kerning adjustments, `[<0012002a> -15 <0031> 0] TJ`, and a mark
 * (a glyph with an offset, such as the dot of ễ) moved with a text matrix of
 * its own. The bytes are those pdfkit's `_glyphs` writes for the same glyphs.
 */
class TextShowing {
  private x = 0;
  private y = 0;
  private scale = 0;
  /** Whether a TJ array has been opened and not yet closed. */
  private arrayOpen = false;
  /** Whether a `<…>` run of glyph codes has been opened and not yet closed. */
  private codesOpen = false;
  private afterMark = false;
  private lastPosition: GlyphPosition | undefined;

  start(x: number, y: number, size: number): void {
    this.x = x;
    this.y = y;
    this.scale = size / 1000;
    this.arrayOpen = false;
    this.codesOpen = false;
    this.afterMark = false;
    this.lastPosition = undefined;
    appendTextMatrix(x, y);
  }

  glyph(code: string, position: GlyphPosition): void {
    if (position.xOffset || position.yOffset) {
      this.closeArray();
      appendTextMatrix(this.x + position.xOffset * this.scale, this.y + position.yOffset * this.scale);
      this.addCode(code, position);
      this.closeArray();
      this.afterMark = true;
    } else {
      if (this.afterMark) {
        appendTextMatrix(this.x, this.y);
        this.afterMark = false;
      }
      this.addCode(code, position);
      if (position.xAdvance - position.advanceWidth !== 0) this.closeCodes();
    }
    this.x += position.xAdvance * this.scale;
  }

  finish(): void {
    this.closeArray();
  }

  private addCode(code: string, position: GlyphPosition): void {
    if (!this.codesOpen) {
      line.ascii(this.arrayOpen ? ' <' : '[<');
      this.arrayOpen = true;
      this.codesOpen = true;
    }
    line.ascii(code);
    this.lastPosition = position;
  }

  /** Ends the run of codes with the adjustment after its last glyph (pdfkit writes it even when 0). */
  private closeCodes(): void {
    if (!this.codesOpen) return;
    const position = this.lastPosition!;
    line.ascii('> ');
    line.number(formatNumber(-(position.xAdvance - position.advanceWidth)));
    this.codesOpen = false;
  }

  private closeArray(): void {
    this.closeCodes();
    if (this.arrayOpen) {
      line.ascii('] TJ\n');
      this.arrayOpen = false;
    }
  }
}

const textShowing = new TextShowing();
/** Made once: `encodeGlyphs` calls it for every glyph drawn. */
const showGlyph = (code: string, position: GlyphPosition): void => textShowing.glyph(code, position);

export interface GlyphPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}
