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
import { encodePdfLine } from './output.js';
import type { PdfDocumentInternals } from './pdfkit-internals.js';

/** The precision pdfkit writes numbers with. */
function formatNumber(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

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
  const operators: string[] = ['q', `1 0 0 -1 0 ${formatNumber(page.height)} cm`, 'BT'];
  let cursor = x;
  let drawn = false;
  for (const segment of segments) {
    const text = segment.text.replace(/\n/g, '');
    if (text !== '') {
      doc.font(segment.face satisfies FaceName).fontSize(size);
      const font = internals._font;
      page.fonts[font.id] ??= font.ref();
      const baseline = page.height - y - (font.ascender / 1000) * size;
      operators.push(`/${font.id} ${formatNumber(size)} Tf`);
      appendGlyphs(operators, font.encode(text), cursor, baseline, size);
      drawn = true;
    }
    cursor += segment.width;
  }
  if (!drawn) return;
  operators.push('ET', 'Q');
  // As bytes: pdfkit would convert the string character by character.
  doc.addContent(encodePdfLine(operators.join('\n')));
}

/** pdfkit's TJ encoding: kerning as adjustments, marks moved with their own text matrix. */
function appendGlyphs(operators: string[], [glyphs, positions]: [string[], GlyphPosition[]], x: number, y: number, size: number): void {
  const scale = size / 1000;
  operators.push(`1 0 0 1 ${formatNumber(x)} ${formatNumber(y)} Tm`);
  // The items of the TJ array being built, space-separated; built as one
  // string because this runs for every line of every agreement.
  let commands = '';
  let last = 0;
  let hadOffset = false;
  const addSegment = (end: number): void => {
    if (last < end) {
      const position = positions[end - 1]!;
      let hex = '';
      for (let glyph = last; glyph < end; glyph++) hex += glyphs[glyph];
      const item = `<${hex}> ${formatNumber(-(position.xAdvance - position.advanceWidth))}`;
      commands = commands === '' ? item : `${commands} ${item}`;
    }
    last = end;
  };
  const flush = (end: number): void => {
    addSegment(end);
    if (commands !== '') {
      operators.push(`[${commands}] TJ`);
      commands = '';
    }
  };
  let index = 0;
  for (; index < positions.length; index++) {
    const position = positions[index]!;
    if (position.xOffset || position.yOffset) {
      flush(index);
      operators.push(`1 0 0 1 ${formatNumber(x + position.xOffset * scale)} ${formatNumber(y + position.yOffset * scale)} Tm`);
      flush(index + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        operators.push(`1 0 0 1 ${formatNumber(x)} ${formatNumber(y)} Tm`);
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
