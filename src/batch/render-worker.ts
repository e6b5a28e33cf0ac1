import { parentPort, workerData } from 'node:worker_threads';
import { renderAgreement } from '../agreement/render-agreement.js';
import { isSuperviseError } from '../errors.js';
import type { Pack } from '../packs/pack-format.js';
import { resolveEntryAnswers } from './plan-batch.js';
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

const init = workerData as WorkerInit;
const packs = new Map<string, Pack>(init.packs.map((pack) => [pack.manifest.name, pack]));
const creationDate = new Date(init.creationDate);
const encoder = new TextEncoder();

async function render(task: RenderTask): Promise<RenderReply> {
  const pack = packs.get(task.template);
  if (!pack) return { id: task.id, ok: false, message: `the template "${task.template}" was not loaded`, problems: [] };
  const resolved = resolveEntryAnswers(pack, init.defaults, task.input);
  if (!resolved.ok) {
    // Planning validated this entry already; this would mean the two disagree.
    return { id: task.id, ok: false, message: 'its answers did not validate when rendered', problems: resolved.problems.map(({ path, message }) => ({ path, message })) };
  }
  try {
    const files = await renderAgreement(pack, resolved.answers, {
      formats: init.formats,
      paper: init.paper,
      formFields: init.formFields,
      creationDate,
    });
    return {
      id: task.id,
      ok: true,
      files: files.map((file) => ({
        format: file.format,
        content: typeof file.content === 'string' ? encoder.encode(file.content) : file.content,
      })),
    };
  } catch (error) {
    if (isSuperviseError(error)) {
      return { id: task.id, ok: false, message: error.message, problems: error.problems.map(({ path, message }) => ({ path, message })) };
    }
    return { id: task.id, ok: false, message: `rendering failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`, problems: [] };
  }
}

parentPort?.on('message', (task: RenderTask) => {
  void render(task).then((reply) => parentPort?.postMessage(reply));
});
