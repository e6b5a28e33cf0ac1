import { parentPort, workerData } from 'node:worker_threads';
import { collectTransferable, createEntryRenderContext, renderEntry } from './render-entry.js';
import { planEntryAt, startPlan, type PlanInProgress, type UnnamedEntry } from './plan-batch.js';
import { parseRoster, type RosterSource } from './read-roster.js';
import type { PlanReply, PlanTask, RenderTask, WorkerInit } from './worker-protocol.js';

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
const context = createEntryRenderContext(init);

/**
 * A render thread also plans entries, before rendering starts: planning's
 * garbage then stays in this thread's small young generation rather than
 * growing the main thread's, and both threads plan at once.
 */
let planning: { source: RosterSource; started: PlanInProgress } | undefined;
function planRange(start: number, end: number): UnnamedEntry[] {
  if (!planning) {
    const source = parseRoster(init.roster!.text, init.roster!.file);
    planning = { source, started: startPlan(source, init.packs, init.roster!.options) };
  }
  const entries: UnnamedEntry[] = [];
  for (let position = start; position < end; position += 1) {
    entries.push(planEntryAt(planning.source, init.packs, planning.started.defaults, position, init.roster!.options));
  }
  return entries;
}

/**
 * Tasks arrive ahead of time (entry-renderers.ts); they wait here as small
 * messages and are rendered one after another, never interleaved, so the
 * thread holds one document in progress, not one per task received.
 */
let queue = Promise.resolve();
parentPort?.on('message', (task: RenderTask | PlanTask) => {
  queue = queue.then(async () => {
    if ('plan' in task) {
      let reply: PlanReply;
      try {
        reply = { id: task.id, planned: planRange(task.plan.start, task.plan.end) };
      } catch (error) {
        reply = { id: task.id, error: error instanceof Error ? error.message : String(error) };
      }
      parentPort?.postMessage(reply);
      return;
    }
    const reply = await renderEntry(context, task);
    // The bytes are moved to the main thread, not copied.
    parentPort?.postMessage(reply, collectTransferable([reply]));
  });
  // One task's failure must not stop the ones queued behind it.
  queue = queue.catch(() => undefined);
});
