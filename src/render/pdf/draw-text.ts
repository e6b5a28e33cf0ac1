/**
 * Draws one laid-out line of text straight into the page's content stream.
 *
 * The line breaker has already measured every segment, so going through
 * pdfkit's `text()` would only repeat the work: it measures each fragment
 * again, wraps it in its own save/transform/BT…ET/restore and appends every
 * operator as a separate buffer. That was a fifth of the time spent on a PDF.
 * Here a whole line is one BT…ET block (one font change per segment) and is
 * appended at once. The operators are the ones pdfkit writes: the glyphs come
 * from the same embedded font's `encode`, so the subset, widths and ToUnicode
 * map are built exactly as before and text extraction is unchanged.
 */
import type { FaceName } from './fonts.js';
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
      appendGlyphs(font.encode(text), cursor, baseline, size);
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

/** pdfkit's TJ encoding: kerning as adjustments, marks moved with their own text matrix. */
function appendGlyphs([glyphs, positions]: [string[], GlyphPosition[]], x: number, y: number, size: number): void {
  const scale = size / 1000;
  appendTextMatrix(x, y);
  // Whether a TJ array has been opened and not yet closed.
  let open = false;
  let last = 0;
  let hadOffset = false;
  const addSegment = (end: number): void => {
    if (last < end) {
      const position = positions[end - 1]!;
      line.ascii(open ? ' <' : '[<');
      open = true;
      for (let glyph = last; glyph < end; glyph++) line.ascii(glyphs[glyph]!);
      line.ascii('> ');
      line.number(formatNumber(-(position.xAdvance - position.advanceWidth)));
    }
    last = end;
  };
  const flush = (end: number): void => {
    addSegment(end);
    if (open) {
      line.ascii('] TJ\n');
      open = false;
    }
  };
  let index = 0;
  for (; index < positions.length; index++) {
    const position = positions[index]!;
    if (position.xOffset || position.yOffset) {
      flush(index);
      appendTextMatrix(x + position.xOffset * scale, y + position.yOffset * scale);
      flush(index + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        appendTextMatrix(x, y);
        hadOffset = false;
      }
      if (position.xAdvance - position.advanceWidth !== 0) addSegment(index + 1);
    }
    x += position.xAdvance * scale;
  }
  flush(index);
}

export interface GlyphPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}
