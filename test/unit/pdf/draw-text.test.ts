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

  it('numbers a line’s glyphs by each document’s own subset, though the line was shaped for an earlier document', async () => {
    const size = 11;
    const segment = (text: string) => [{ text, face: 'regular' as const, width: 0 }];
    // The first document shapes the line (and keeps it for the thread) with its glyphs numbered from 1.
    await pageContent((doc, internals) => drawTextLine(doc, internals, segment('Tom Evans, Sian'), 72, 100, size));
    // The second has numbered other glyphs first, so the same line's codes must differ from the first's.
    const ours = await pageContent((doc, internals) => {
      drawTextLine(doc, internals, segment('Zoë Wiśniewska'), 72, 100, size);
      drawTextLine(doc, internals, segment('Tom Evans, Sian'), 72, 120, size);
    });
    const pdfkits = await pageContent((doc) => {
      doc.fontSize(size).text('Zoë Wiśniewska', 72, 100, { lineBreak: false });
      doc.text('Tom Evans, Sian', 72, 120, { lineBreak: false });
    });
    const showing = (content: string) => glyphRuns(content).filter((operator) => operator.endsWith('TJ'));
    expect(showing(ours)).toHaveLength(2);
    expect(showing(ours)).toEqual(showing(pdfkits));
  });
});
