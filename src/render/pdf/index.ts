// Placeholder until the PDF renderer lands (branch `pdf`); the interface is final.
import { SuperviseError } from '../../errors.js';

export interface PdfSigner {
  id: string;
  title: string;
  name: string;
  role?: string | undefined;
}
export interface PdfOptions {
  title: string;
  agency: string;
  subject: string;
  keywords: string[];
  signers: PdfSigner[];
  paper: 'a4' | 'letter';
  formFields: boolean;
  creationDate: Date;
}
export async function renderPdf(_markdown: string, _options: PdfOptions): Promise<Uint8Array> {
  throw new SuperviseError('PDF output is not available in this build yet', { hint: 'Use --format md.' });
}
export function findUndrawableCharacters(_text: string): string[] {
  return [];
}
