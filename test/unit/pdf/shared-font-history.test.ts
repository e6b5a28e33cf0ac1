import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { inspectPdf } from '../../support/inspect-pdf.js';
import { oneToOneOptions } from './fixtures.js';

// The parsed fonts are shared by every document a process renders (a file of
// its own, so that this one starts with fresh fonts). What one document did
// must not change the next one's bytes or its text.
describe('renderPdf: documents rendered one after another', () => {
  const options = oneToOneOptions({ title: 'Agreement', agency: 'Agency', signers: [], keywords: [] });

  it('gives "Z" back as text after a document that drew only "Ż" (a glyph built from "Z")', async () => {
    await renderPdf('# Agreement\n\nŻółć\n', options);
    const pdf = await inspectPdf(await renderPdf('# Agreement\n\nZebra Zoë\n', options));
    expect(pdf.pages.map((page) => page.text).join(' ')).toContain('Zebra Zoë');
  });

  it('writes the same bytes whatever was rendered before', async () => {
    const markdown = '# Agreement\n\nZebra Żółć and Zoë\n';
    const first = await renderPdf(markdown, options);
    await renderPdf('# Other\n\nŻ ż Ź ź Ž ž fi ff\n', options);
    expect(Buffer.from(await renderPdf(markdown, options)).equals(Buffer.from(first))).toBe(true);
  });
});
