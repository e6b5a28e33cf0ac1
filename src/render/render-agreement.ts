import type { DisplayPath } from '../errors.js';
import type { Pack } from '../packs/pack-format.js';
import type { Answers } from '../packs/validate-answers.js';
import { renderMarkdown, renderMarkdownForPdf } from './render-markdown.js';
import { renderPdfFile, type PdfFileRenderer } from './render-pdf-file.js';
import { removeSignatureMarker } from './signature-marker.js';

/**
 * From validated answers to the bytes of each requested format. Pure apart
 * from the PDF renderer, which is loaded only when a PDF is asked for, so
 * Markdown-only runs never pay for pdfkit (render-pdf-file.ts).
 */

const outputFormats = ['pdf', 'md'] as const;
export type OutputFormat = (typeof outputFormats)[number];
export type FormatOption = OutputFormat | 'both';
export const papers = ['a4', 'letter'] as const;
export type Paper = (typeof papers)[number];

export function expandFormat(format: FormatOption): OutputFormat[] {
  return format === 'both' ? ['pdf', 'md'] : [format];
}

export interface RenderOptions {
  formats: readonly OutputFormat[];
  paper: Paper;
  formFields: boolean;
  creationDate: Date;
  /** Where the PDF is laid out: here unless given (render-pdf-file.ts). */
  renderPdf?: PdfFileRenderer | undefined;
  /** Names the pack's folder in the errors of a pack that does not render; as it is unless given. */
  display?: DisplayPath | undefined;
}

export interface RenderedFile {
  format: OutputFormat;
  content: string | Uint8Array;
}

export async function renderAgreement(pack: Pack, answers: Answers, options: RenderOptions): Promise<RenderedFile[]> {
  if (!options.formats.includes('pdf')) return options.formats.map((format) => ({ format, content: renderMarkdown(pack, answers, options.display) }));
  const rendered = renderMarkdownForPdf(pack, answers, options.display);
  const files: RenderedFile[] = [];
  for (const format of options.formats) {
    if (format === 'md') {
      files.push({ format, content: removeSignatureMarker(rendered.markdown) });
      continue;
    }
    const renderPdf = options.renderPdf ?? renderPdfFile;
    const { paper, formFields, creationDate } = options;
    files.push({ format, content: await renderPdf({ rendered, answers, packName: pack.manifest.name, paper, formFields, creationDate }) });
  }
  return files;
}

/**
 * The creation date stamped into a PDF: `SOURCE_DATE_EPOCH` (seconds) when
 * set, so the same answers give byte-identical files, otherwise now.
 */
export function resolveCreationDate(sourceDateEpoch: string | undefined, now: () => Date = () => new Date()): Date {
  if (sourceDateEpoch !== undefined && /^\d+$/.test(sourceDateEpoch.trim())) {
    return new Date(Number(sourceDateEpoch.trim()) * 1000);
  }
  return now();
}
