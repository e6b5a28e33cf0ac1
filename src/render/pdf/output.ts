/**
 * pdfkit turns every string it writes (each object's dictionary, each
 * operator) into bytes with a JavaScript loop over its characters, then the
 * output stream wraps each Uint8Array in a Buffer. Node's native latin1
 * encoder does the same conversion (the low byte of each character, which is
 * what pdfkit keeps too) in one call and already gives a Buffer.
 */
import type { PdfDocumentInternals } from './pdfkit-internals.js';

/** The bytes pdfkit would write for `text`, a line of PDF syntax. */
export function encodePdfLine(text: string): Buffer {
  return Buffer.from(`${text}\n`, 'latin1');
}

/** Makes `doc` encode the strings it writes natively; the bytes are unchanged. */
export function encodeStringsNatively(internals: PdfDocumentInternals): void {
  const write = internals._write.bind(internals);
  internals._write = (data) => write(typeof data === 'string' ? encodePdfLine(data) : data);
}
