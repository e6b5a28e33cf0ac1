import { SuperviseError, ValidationError, type Problem } from '../errors.js';
import { startThread, stopThread } from '../threads.js';
import type { PdfFileRenderer, PdfFileRequest } from './render-pdf-file.js';

/**
 * A thread that lays out PDFs (render-pdf-file.ts) while this one goes on
 * with other work. It starts loading pdfkit and parsing the fonts at once,
 * so by the time the first Markdown is ready the slow, cold part of a first
 * PDF is under way on the other core. `supervise check` uses it: its two
 * halves (checking templates, rendering PDFs) then overlap.
 */

export interface PdfThreadRequest {
  id: number;
  request: PdfFileRequest;
}

export type PdfThreadReply =
  | { id: number; ok: true; content: Uint8Array }
  | { id: number; ok: false; message: string; problems: Problem[]; hint: string | undefined; invalid: boolean };

export interface PdfThread {
  render: PdfFileRenderer;
  close(): Promise<void>;
}

export function startPdfThread(): PdfThread {
  const worker = startThread(new URL('./pdf-thread-worker.js', import.meta.url));
  const pending = new Map<number, { resolve: (content: Uint8Array) => void; reject: (error: Error) => void }>();
  let broken: Error | undefined;
  let nextId = 0;
  worker.on('message', (reply: PdfThreadReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiting) return;
    if (reply.ok) waiting.resolve(reply.content);
    else if (reply.invalid) waiting.reject(new ValidationError(reply.message, reply.problems, reply.hint));
    else waiting.reject(new SuperviseError(reply.message, { problems: reply.problems, hint: reply.hint }));
  });
  const fail = (error: Error): void => {
    broken ??= error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the PDF thread stopped (exit code ${code})`)));
  return {
    render(request) {
      if (broken) return Promise.reject(broken);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const message: PdfThreadRequest = { id, request };
        worker.postMessage(message);
      });
    },
    async close() {
      await stopThread(worker);
    },
  };
}
