import { describe, expect, it } from 'vitest';
import { drawTextLine } from '../../../src/render/pdf/draw-text.js';
import { collectPageContent, ContentBytes, encodePdfLine } from '../../../src/render/pdf/output.js';
import type { PdfDocumentInternals } from '../../../src/render/pdf/pdfkit-internals.js';
import { bareDocument } from './fixtures.js';

/**
 * Three pages drawn with pdfkit's own operators and with drawTextLine, enough
 * on the first to outgrow a page collector's first block.
 */
async function threePages(collect: boolean): Promise<Buffer> {
  const { doc, internals, bytes } = bareDocument();
  // The same date and file identifier, so that the two documents can be compared byte for byte.
  internals.info.CreationDate = new Date('2027-01-05T08:00:00Z');
  internals._id = new Uint8Array(16);
  if (collect) {
    collectPageContent(internals.page.content);
    doc.on('pageAdded', () => collectPageContent(internals.page.content));
  }
  const draw = (text: string, y: number) => drawTextLine(doc, internals as PdfDocumentInternals, [{ text, face: 'regular', width: 0 }], 72, y, 11);
  for (let line = 0; line < 400; line++) draw(`Line ${line}: Siân Ŵyn and Łukasz Żółć agree to meet monthly.`, 72 + (line % 50) * 14);
  doc.rect(72, 72, 100, 50).stroke();
  doc.addPage();
  doc.fontSize(12).text('Page two, written by pdfkit’s text(): Nguyễn Thị Ánh.', 72, 72);
  doc.addPage();
  draw('Page three.', 72);
  doc.end();
  return bytes;
}

// The bytes of each line of text drawn into a PDF are built here instead of as strings.
describe('ContentBytes', () => {
  it('gives the same bytes as encoding the same syntax as a string', () => {
    const bytes = new ContentBytes();
    bytes.ascii('1 0 0 1 ');
    bytes.number(72.5);
    bytes.ascii(' ');
    bytes.number(-0);
    bytes.ascii(' Tm\n[<0001002a> ');
    bytes.number(-12.345678);
    bytes.ascii('] TJ\n');
    expect(bytes.take()).toEqual(encodePdfLine('1 0 0 1 72.5 0 Tm\n[<0001002a> -12.345678] TJ'));
  });

  it('grows past its first block without losing what was written', () => {
    const bytes = new ContentBytes();
    const line = 'BT /F1 10 Tf ET\n';
    for (let count = 0; count < 1000; count++) bytes.ascii(line);
    expect(bytes.take().toString('latin1')).toBe(line.repeat(1000));
  });

  it('starts afresh after a take or a discard', () => {
    const bytes = new ContentBytes();
    bytes.ascii('q\n');
    bytes.take();
    bytes.ascii('left over');
    bytes.discard();
    bytes.ascii('Q\n');
    expect(bytes.take().toString('latin1')).toBe('Q\n');
  });
});

describe('collectPageContent', () => {
  it('writes the same document as pdfkit’s buffer per operator, whatever wrote to the page', async () => {
    const collected = await threePages(true);
    const pdfkits = await threePages(false);
    expect(collected.length).toBeGreaterThan(10_000);
    expect(collected.equals(pdfkits)).toBe(true);
  });

  it('copies what a line hands a stream it does not collect, since the line reuses its bytes', () => {
    const { internals } = bareDocument();
    const content = internals.page.content;
    const before = content.buffer.length;
    const line = new ContentBytes();
    line.ascii('BT ET\n');
    line.writeTo(content);
    line.ascii('q Q\n');
    line.writeTo(content);
    expect(content.buffer.slice(before).map((chunk) => Buffer.from(chunk).toString('latin1'))).toEqual(['BT ET\n', 'q Q\n']);
  });
});

