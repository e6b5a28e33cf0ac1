import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { loadFontFaces } from '../../../src/render/pdf/fonts.js';
import type { PdfOptions, PdfSigner } from '../../../src/render/pdf/index.js';
import type { PdfDocumentInternals } from '../../../src/render/pdf/pdfkit-internals.js';

const fixturesDir = new URL('../../fixtures/', import.meta.url);

export function readFixture(name: string): string {
  return readFileSync(new URL(name, fixturesDir), 'utf8');
}

export const GROUP_MEMBERS = [
  'Ana Silva',
  'Li Wei',
  'Sam Reid',
  'Nguyễn Thị Ánh',
  'Ζωή Παπαδοπούλου',
  'Анна Кузнецова',
  'Łukasz Żółć',
  'Siân Ŵyn',
  'Tom Evans',
  'Aoife O’Brien',
  'Kwame Mensah',
  'Priya Shah',
] as const;

export function oneToOneOptions(overrides: Partial<PdfOptions> = {}): PdfOptions {
  return {
    title: 'Agreement for 1:1 Safeguarding Supervision',
    documentTitle: 'Agreement for 1:1 Safeguarding Supervision: Łukasz Żółć, from 1 December 2026',
    agency: 'Northshire County Council',
    subject: 'Safeguarding supervision agreement between Siân Ŵyn and Łukasz Żółć',
    keywords: ['safeguarding', 'supervision', 'agreement'],
    signers: [
      { id: 'supervisor', title: 'Supervisor', name: 'Siân Ŵyn', role: 'Team Manager' },
      { id: 'supervisee', title: 'Supervisee', name: 'Łukasz Żółć', role: 'Senior Social Worker' },
    ],
    paper: 'a4',
    formFields: true,
    creationDate: new Date('2026-12-01T09:30:00Z'),
    ...overrides,
  };
}

export function groupOptions(overrides: Partial<PdfOptions> = {}): PdfOptions {
  const members: PdfSigner[] = GROUP_MEMBERS.map((name, index) => ({
    id: `member-${index + 1}`,
    title: `Member ${index + 1}`,
    name,
  }));
  return {
    title: 'Supervision Agreement / Contract',
    documentTitle: 'Supervision Agreement / Contract: the Tuesday Circle, from 5 January 2027',
    agency: 'Northshire County Council',
    subject: 'Safeguarding group supervision agreement for the Tuesday Circle',
    keywords: ['safeguarding', 'group supervision'],
    signers: [
      { id: 'supervisor', title: 'Supervisor (facilitator)', name: 'Ade Okafor', role: 'Principal Social Worker' },
      ...members,
    ],
    paper: 'a4',
    formFields: true,
    creationDate: new Date('2027-01-05T08:00:00Z'),
    ...overrides,
  };
}

/**
 * A bare pdfkit document, A4, with the embedded regular face (registered as
 * `regular`) current: for drawing one thing and looking at the bytes, which
 * `bytes` gives once the caller has ended the document.
 */
export function bareDocument(options: { compress?: boolean } = {}): { doc: PDFKit.PDFDocument; internals: PdfDocumentInternals; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', font: null as never, ...options });
  const internals = doc as unknown as PdfDocumentInternals;
  internals.registerFont('regular', loadFontFaces().regular);
  doc.font('regular');
  const bytes = new Promise<Buffer>((resolve) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
  });
  return { doc, internals, bytes };
}
