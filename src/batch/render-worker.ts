import { parentPort, workerData } from 'node:worker_threads';
import { createEntryRenderContext, renderEntry } from './render-entry.js';
import type { RenderReply, RenderTask, WorkerInit } from './worker-protocol.js';

/**
 * One render thread. It merges and validates each entry's answers itself
 * (exactly as planning did) so that work, and its garbage, stays off the main
 * thread and in this thread's small young generation. The packs arrive once, with the thread; their compiled
 * Handlebars templates are cached per pack by `renderMarkdown`, and the PDF
 * renderer is a module loaded once per thread, so its parsed fonts are reused
 * for every document this thread renders. The thread holds one document at a
 * time: it renders, hands the bytes back and forgets them.
 */

const context = createEntryRenderContext(workerData as WorkerInit);

/**
 * The bytes are moved to the main thread, not copied, when they own their
 * whole buffer; a view into a shared pool (small Node Buffers) is copied, as
 * moving it would take the rest of the pool with it.
 */
function transferable(reply: RenderReply): ArrayBuffer[] {
  if (!reply.ok) return [];
  const buffers: ArrayBuffer[] = [];
  for (const file of reply.files) {
    const { buffer } = file.content;
    if (buffer instanceof ArrayBuffer && file.content.byteOffset === 0 && file.content.byteLength === buffer.byteLength && !buffers.includes(buffer)) {
      buffers.push(buffer);
    }
  }
  return buffers;
}

/**
 * Tasks arrive ahead of time (entry-renderers.ts); they wait here as small
 * messages and are rendered one after another, never interleaved, so the
 * thread holds one document in progress, not one per task received.
 */
let queue = Promise.resolve();
parentPort?.on('message', (task: RenderTask) => {
  queue = queue.then(async () => {
    const reply = await renderEntry(context, task);
    parentPort?.postMessage(reply, transferable(reply));
  });
});
