/**
 * Draws one laid-out line of text straight into the page's content stream.
 *
 * The line breaker has already measured every segment, so going through
 * pdfkit's `text()` would only repeat the work: it measures each fragment
 * again, wraps it in its own save/transform/BT…ET/restore and appends every
 * operator as a separate buffer. That was a fifth of the time spent on a PDF.
 * Here a whole line is one BT…ET block (one font change per segment) and is
 * appended at once. The operators are the ones pdfkit writes: the glyphs come
 * from `encodeGlyphs`, which does what the embedded font's `encode` does, so
 * the subset, widths and ToUnicode map are built exactly as pdfkit builds
 * them and text extraction is unchanged (draw-text.test.ts compares the two).
 */
import { encodeGlyphs, type FaceName } from './fonts.js';
import type { LineSegment } from './line-breaking.js';
import { ContentBytes } from './output.js';
import type { PdfDocumentInternals } from './pdfkit-internals.js';

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
      textShowing.start(cursor, baseline, size);
      encodeGlyphs(font, text, showGlyph);
      textShowing.finish();
      drawn = true;
    }
    cursor += segment.width;
  }
  if (!drawn) {
    line.discard();
    return;
  }
  line.ascii('ET\nQ\n');
  doc.addContent(line.take());
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
