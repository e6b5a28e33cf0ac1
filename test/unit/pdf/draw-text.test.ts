import { describe, expect, it } from 'vitest';
import { drawTextLine } from '../../../src/render/pdf/draw-text.js';
import type { PdfDocumentInternals } from '../../../src/render/pdf/pdfkit-internals.js';
import { bareDocument } from './fixtures.js';

/** The page content of a one-page, uncompressed document after `draw` has drawn on it. */
async function pageContent(draw: (doc: PDFKit.PDFDocument, internals: PdfDocumentInternals) => void): Promise<string> {
  const { doc, internals, bytes } = bareDocument({ compress: false });
  draw(doc, internals);
  doc.end();
  return (await bytes).toString('latin1');
}

/** The text-showing operators, and the text matrices that move marks, in the order drawn (the line's own start matrix left out). */
function glyphRuns(content: string): string[] {
  return [...content.matchAll(/\[[^\]]*\] TJ|1 0 0 1 \S+ \S+ Tm/g)].map(([operator]) => operator).filter((operator, index, all) => !(operator.endsWith('Tm') && index === 0 && all.length > 1));
}

describe('drawTextLine', () => {
  // Kerning pairs (AV, To, Wa), marks positioned by the font (x̂, q̃: no precomposed letter),
  // a mark followed by more text, and plain text after a kerned run.
  it.each(['AVATAR To Wa, Tom Evans', 'x\u0302q\u0303 y\u0301n Siân Ŵyn', 'Nguyễn Thị Ánh, Ζωή, Анна.', 'ends with a mark x\u0302'])(
    'draws %s with the glyphs and adjustments of pdfkit’s own text()',
    async (text) => {
      const size = 11;
      const ours = await pageContent((doc, internals) => drawTextLine(doc, internals, [{ text, face: 'regular', width: 0 }], 72, 100, size));
      const pdfkits = await pageContent((doc) => {
        doc.fontSize(size).text(text, 72, 100, { lineBreak: false });
      });
      const runs = glyphRuns(ours);
      expect(runs.some((operator) => operator.endsWith('TJ'))).toBe(true);
      // Both documents number the same glyphs in the same order, so the codes must match exactly.
      expect(runs.filter((operator) => operator.endsWith('TJ'))).toEqual(glyphRuns(pdfkits).filter((operator) => operator.endsWith('TJ')));
      expect(runs.filter((operator) => operator.endsWith('Tm')).length).toBe(glyphRuns(pdfkits).filter((operator) => operator.endsWith('Tm')).length);
    },
  );
});
