import { describe, expect, it, vi } from 'vitest';
import { inspectPdf } from '../../support/inspect-pdf.js';
import { oneToOneOptions, readFixture } from './fixtures.js';

type PdfModule = typeof import('../../../src/render/pdf/index.js');

/** The PDF module with fresh fonts and caches, as a new thread would have it. */
async function freshPdfModule(): Promise<PdfModule> {
  vi.resetModules();
  return import('../../../src/render/pdf/index.js');
}

// check's PDF thread lays out a throwaway document before its first real one (warmUpPdfRenderer).
describe('warmUpPdfRenderer', () => {
  const markdown = readFixture('one-to-one.md');
  const options = oneToOneOptions();

  it('leaves the first real document byte for byte as it is without a warm-up', async () => {
    const coldModule = await freshPdfModule();
    const cold = await coldModule.renderPdf(markdown, options);
    const pdf = await freshPdfModule();
    // Fresh parsed fonts, so nothing the cold render cached is seen by the warm one.
    expect(pdf.loadFontFaces().regular).not.toBe(coldModule.loadFontFaces().regular);
    await pdf.warmUpPdfRenderer();
    const warm = await pdf.renderPdf(markdown, options);
    expect(Buffer.from(warm).equals(Buffer.from(cold))).toBe(true);
    // And that document is a whole agreement, not the warm-up's.
    const text = (await inspectPdf(warm)).pages.map((page) => page.text).join(' ');
    expect(text).not.toContain('Warm-up');
    expect(text).toContain('Siân');
  });
});
