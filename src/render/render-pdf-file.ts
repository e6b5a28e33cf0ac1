import { ValidationError } from '../errors.js';
import { findUnprintableAnswers } from './printable-characters.js';
import type { Answers } from '../packs/validate-answers.js';
import type { Paper } from './render-agreement.js';
import type { RenderedMarkdown } from './render-markdown.js';

/**
 * The PDF step of rendering an agreement: its Markdown, laid out. Kept apart
 * from render-agreement.ts so it can run on another thread (check renders the
 * packs' PDFs on one while it goes on checking), and so Markdown-only runs
 * never load pdfkit.
 */

export interface PdfFileRequest {
  rendered: RenderedMarkdown;
  /** The validated answers, checked for characters the PDF font cannot print. */
  answers: Answers;
  packName: string;
  paper: Paper;
  formFields: boolean;
  creationDate: Date;
}

/** Renders a PDF here, or elsewhere (pdf-thread.ts); the bytes are the same. */
export type PdfFileRenderer = (request: PdfFileRequest) => Promise<Uint8Array>;

export const renderPdfFile: PdfFileRenderer = async ({ rendered, answers, packName, paper, formFields, creationDate }) => {
  const pdf = await import('./pdf/index.js');
  assertDrawable(answers, pdf.findUndrawableCharacters);
  return pdf.renderPdf(rendered.markdown, {
    title: rendered.title,
    documentTitle: rendered.documentTitle,
    agency: rendered.agency,
    subject: rendered.subject,
    keywords: ['safeguarding', 'supervision', 'agreement', packName],
    signers: rendered.signers.map((signer) => ({ ...signer, role: signer.role ?? undefined, email: signer.email ?? undefined })),
    paper,
    formFields,
    creationDate,
  });
};

/**
 * A name the PDF font cannot draw would print as an empty box on a signed
 * document; refuse it up front, naming the field, instead.
 */
function assertDrawable(answers: Answers, findUndrawable: (text: string) => string[]): void {
  const problems = findUnprintableAnswers(answers, findUndrawable);
  if (problems.length > 0) throw new ValidationError('Some answers cannot be printed in a PDF', problems);
}
