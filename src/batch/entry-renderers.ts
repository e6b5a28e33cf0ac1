import type { ValidEntry } from './plan-batch.js';
import { createBufferReleaser } from '../render/transferable.js';
import { collectTransferable, createEntryRenderContext, renderEntry } from './render-entry.js';
import { createRenderPool } from './worker-pool.js';
import type { RenderReply, RenderTask, WorkerInit } from './worker-protocol.js';

/**
 * Where a batch's entries are rendered: in this thread, or on render
 * threads. Either way the bytes are the same (render-entry.ts).
 */
export interface EntryRenderer {
  /**
   * Settles once the renderer's threads run JavaScript. Until then this
   * thread should not make much: a thread's start sets back V8's flags that
   * keep heaps small (see keepHeapsSmall in threads.ts).
   */
  ready(): Promise<void>;
  /**
   * Says an entry will be asked for, in roster order, so it can be rendered
   * while the rest of the roster is still being planned.
   */
  prefetch(entry: ValidEntry): void;
  /** An entry that cannot be rendered is a reply (ok: false); a rejection means the renderer itself cannot go on (render-failure.ts). */
  render(entry: ValidEntry): Promise<RenderReply>;
  /** Says a reply's bytes are written and will not be read again, so their memory can go now. */
  release(reply: RenderReply): void;
  close(): Promise<void>;
}

function taskOf(entry: ValidEntry): RenderTask {
  if (!entry.input) throw new Error(`entry ${entry.index} was handed to the renderer already`);
  return { id: entry.index, template: entry.template, input: entry.input };
}

/**
 * Markdown takes well under a millisecond per document, far less than
 * starting a thread and loading zod, yaml and Handlebars into it again; the
 * file writes run on libuv's own threads meanwhile. So Markdown-only batches
 * render here, using the answers planning already validated.
 */
export function createInProcessRenderer(init: WorkerInit): EntryRenderer {
  const context = createEntryRenderContext(init);
  return {
    ready: () => Promise.resolve(),
    prefetch() {},
    render(entry) {
      const { answers } = entry;
      // Once rendered the answers are not needed again: let them go.
      entry.answers = undefined;
      return renderEntry(context, taskOf(entry), answers);
    },
    // Markdown is small, and its Buffers may share a pool: left to the garbage collector.
    release() {},
    async close() {},
  };
}

/**
 * Documents rendered ahead of the writer while the roster is planned, at
 * most: enough to keep the render lanes busy while the main thread plans a
 * thousand entries (the writer starts once planning is done), and at
 * ~55–95 KB a PDF, 7–12 MB held at worst. Beyond it, later entries wait
 * their turn.
 */
const renderAhead = 128;

/**
 * Once the writer has started, documents ahead of it per render lane: it
 * then sets the pace. With the window of planning kept, a 10,000-entry
 * batch held ~12 MB of PDFs the writer had not reached to its end: the
 * lanes outran it, as the main thread's own renders hold up its writes.
 */
const aheadOfWriterPerLane = 4;

/**
 * PDFs render on `jobs` lanes at once: `jobs - 1` render threads and this
 * thread, which plans the roster and writes the files but has time to spare
 * (worker-pool.ts). The threads start before planning, so loading their
 * modules overlaps it, and each entry is queued as soon as it is planned,
 * up to `ahead` documents in flight or waiting to be written; once the
 * writer asks for the first, far fewer.
 */
export function createThreadRenderer(jobs: number, init: WorkerInit, ahead = renderAhead): EntryRenderer {
  const pool = createRenderPool(init, { threads: Math.max(0, jobs - 1), renderHere: true });
  const releaser = createBufferReleaser();
  const started = new Map<number, Promise<RenderReply>>();
  const waiting = new Map<number, ValidEntry>();
  let writing = false;
  const start = (entry: ValidEntry): Promise<RenderReply> => {
    const reply = pool.render(taskOf(entry));
    // The task holds the answers now, until a lane has rendered it: entries rendered early need not hold theirs to the end of a long batch.
    entry.input = undefined;
    // Noted here so a render never asked for (the batch stopped) is not an unhandled rejection.
    reply.catch(() => undefined);
    return reply;
  };
  const refill = (): void => {
    const limit = writing ? Math.min(ahead, aheadOfWriterPerLane * jobs) : ahead;
    for (const [index, entry] of waiting) {
      if (started.size >= limit) break;
      waiting.delete(index);
      started.set(index, start(entry));
    }
  };
  return {
    ready: () => pool.ready(),
    prefetch(entry) {
      if (started.has(entry.index) || waiting.has(entry.index)) return;
      waiting.set(entry.index, entry);
      refill();
    },
    render(entry) {
      writing = true;
      waiting.delete(entry.index);
      const reply = started.get(entry.index) ?? start(entry);
      started.delete(entry.index);
      refill();
      return reply;
    },
    release(reply) {
      // Each PDF is a buffer of its own (moved here from its thread, or made here), so none is shared.
      releaser.release(collectTransferable(reply));
    },
    async close() {
      releaser.flush();
      waiting.clear();
      started.clear();
      await pool.close();
    },
  };
}
