import { parentPort } from 'node:worker_threads';
import { adoptFontFiles } from '../render/pdf/font-files.js';
import { handleMessages, threadData } from '../threads.js';
import { collectTransferable, createEntryRenderContext, renderEntry } from './render-entry.js';
import type { RenderTask, WorkerInit } from './worker-protocol.js';

/**
 * One render thread (worker-pool.ts). It merges and validates each entry's
 * answers itself (exactly as planning did), so a task is only the entry's
 * own answers. The packs arrive once, with the thread; their compiled
 * Handlebars templates are cached per pack by `renderMarkdown`, and the PDF
 * renderer is a module loaded once per thread, so its parsed fonts are reused
 * for every document this thread renders. The thread holds one document at a
 * time: it renders, hands the bytes back and forgets them.
 */

const init = threadData<WorkerInit>();
if (init.fontFiles) adoptFontFiles(init.fontFiles);
const context = createEntryRenderContext(init);

/**
 * Tasks arrive ahead of time (entry-renderers.ts); they wait here as small
 * messages and are rendered one after another, never interleaved, so the
 * thread holds one document in progress, not one per task received.
 */
handleMessages(async (task: RenderTask) => {
  const reply = await renderEntry(context, task);
  // The bytes are moved to the main thread, not copied.
  parentPort?.postMessage(reply, collectTransferable(reply));
});
