import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { PAGE_MARGINS } from '../../../src/render/pdf/layout.js';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { oneToOneOptions } from './fixtures.js';

// A paragraph's lines are kept for the next agreement of the process
// (layout.ts). Its own file, so the shared lines start empty here: each test
// renders first the document that fills them, then one that must not reuse
// them wrongly.

interface TextItem {
  str: string;
  fontName: string;
  x: number;
  width: number;
}

async function textItems(bytes: Uint8Array): Promise<{ items: TextItem[]; pageWidth: number }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true }).promise;
  try {
    const page = await pdf.getPage(1);
    const content = await page.getTextContent();
    const items = content.items.flatMap((item) =>
      'str' in item && item.str.trim() !== '' ? [{ str: item.str, fontName: item.fontName, x: item.transform[4] as number, width: item.width }] : [],
    );
    return { items, pageWidth: page.view[2]! };
  } finally {
    await pdf.destroy();
  }
}

const options = oneToOneOptions({ signers: [], keywords: [] });

describe('renderPdf: lines shared between documents', () => {
  it('does not reuse the lines of the same words in other styles', async () => {
    await renderPdf('# Agreement\n\nAlpha **beta** gamma\n', options);
    const { items } = await textItems(await renderPdf('# Agreement\n\nAlpha beta **gamma**\n', options));
    const fontOf = (word: string): string | undefined => items.find((item) => item.str.includes(word))?.fontName;
    expect(fontOf('gamma')).toBeDefined();
    expect(fontOf('gamma')).not.toBe(fontOf('Alpha'));
    expect(fontOf('beta')).toBe(fontOf('Alpha'));
  });

  it('breaks a paragraph again for a narrower page', async () => {
    const paragraph = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
    const markdown = `# Agreement\n\n${paragraph}\n`;
    // Letter is wider than A4: its lines would overflow an A4 page.
    await renderPdf(markdown, { ...options, paper: 'letter' });
    const { items, pageWidth } = await textItems(await renderPdf(markdown, { ...options, paper: 'a4' }));
    const body = items.filter((item) => item.str.includes('word'));
    expect(body.length).toBeGreaterThan(1);
    for (const item of body) expect(item.x + item.width).toBeLessThanOrEqual(pageWidth - PAGE_MARGINS.right + 0.5);
  });
});
