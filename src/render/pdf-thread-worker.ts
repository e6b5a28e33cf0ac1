import { parentPort } from 'node:worker_threads';
import { isSuperviseError, messageOf, ValidationError } from '../errors.js';
import { handleMessages } from '../threads.js';
import type { PdfThreadReply, PdfThreadRequest } from './pdf-thread.js';
import { renderPdfFile } from './render-pdf-file.js';
import { wholeBuffer } from './transferable.js';

/** The PDF thread (pdf-thread.ts): renders one request at a time and hands the bytes back. */

// pdfkit loaded and the fonts parsed now, while the first request is still being prepared.
const pdf = await import('./pdf/index.js');
await pdf.preparePdfRenderer();

handleMessages(async ({ id, request }: PdfThreadRequest) => {
  let reply: PdfThreadReply;
  try {
    reply = { id, ok: true, content: await renderPdfFile(request) };
  } catch (error) {
    reply = isSuperviseError(error)
      ? { id, ok: false, message: error.message, problems: [...error.problems], hint: error.hint, invalid: error instanceof ValidationError }
      : { id, ok: false, message: messageOf(error), problems: [], hint: undefined, invalid: false };
  }
  // The bytes are moved, not copied, when they own their buffer whole.
  const buffer = reply.ok ? wholeBuffer(reply.content) : undefined;
  parentPort?.postMessage(reply, buffer ? [buffer] : []);
});
