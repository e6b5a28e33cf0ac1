import type { Worker } from 'node:worker_threads';
import { shareFontFiles } from '../render/pdf/font-files.js';
import { startThread, stopThread, whenOnline } from '../threads.js';
import { createEntryRenderContext, renderEntry, type EntryRenderContext } from './render-entry.js';
import type { RenderReply, RenderTask, WorkerInit } from './worker-protocol.js';

/**
 * The lanes a PDF batch renders on: render threads and, when asked, this
 * thread too. Tasks wait here in roster order, and each lane takes the next
 * one when it has room, so a lane that is slowed (this thread, while it
 * plans the roster or writes files) simply takes fewer. The caller bounds
 * how many tasks are under way, so memory stays bounded however long the
 * roster is.
 */
export interface RenderPool {
  /** Settles once every render thread runs JavaScript (see keepHeapsSmall in threads.ts). */
  ready(): Promise<void>;
  render(task: RenderTask): Promise<RenderReply>;
  close(): Promise<void>;
}

export interface RenderPoolOptions {
  /** Render threads to start. */
  threads: number;
  /**
   * Render in this thread too, between its other work. A batch's main
   * thread is otherwise idle once the roster is planned: on two cores, one
   * render thread and this one render as fast as two render threads did,
   * without a second copy of pdfkit, the fonts and a heap (~40 MB).
   */
  renderHere: boolean;
}

interface Job {
  task: RenderTask;
  resolve: (reply: RenderReply) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Job>;
}

/** The compiled worker sits beside this file in `dist/batch/`. */
const workerUrl = new URL('./render-worker.js', import.meta.url);

/**
 * A small young generation keeps each thread's memory close to what it really
 * holds (one document), instead of letting short-lived garbage grow the heap.
 */
const renderThreadLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 };

/**
 * Tasks a render thread holds at once: the one it renders and the next ones,
 * so it never waits for this thread, which may be busy rendering one itself
 * (~20 ms) when a reply comes in.
 */
const tasksPerThread = 4;

export function createRenderPool(init: WorkerInit, options: RenderPoolOptions): RenderPool {
  const waiting: Job[] = [];
  let broken: Error | undefined;
  let closed = false;

  const fail = (error: Error): void => {
    broken ??= error;
    for (const job of waiting.splice(0)) job.reject(error);
  };
  // The font files go to the threads as shared memory, so that each does not hold a copy of its own (font-files.ts).
  const threadInit: WorkerInit = options.threads > 0 && init.formats.includes('pdf') ? { ...init, fontFiles: shareFontFiles() } : init;
  const threads = Array.from({ length: options.threads }, () => startRenderThread(threadInit, fail, () => dispatch()));
  const here = options.renderHere ? createHereLane(init, () => dispatch()) : undefined;

  const dispatch = (): void => {
    if (broken || closed) return;
    for (const thread of threads) {
      while (thread.pending.size < tasksPerThread && waiting.length > 0) {
        const job = waiting.shift()!;
        thread.pending.set(job.task.id, job);
        thread.worker.postMessage(job.task);
      }
    }
    if (here && !here.busy && waiting.length > 0) here.take(waiting.shift()!);
  };

  return {
    ready: () => whenOnline(threads.map((thread) => thread.worker)),
    render(task) {
      if (broken) return Promise.reject(broken);
      return new Promise<RenderReply>((resolve, reject) => {
        waiting.push({ task, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      // Nothing awaits them any more (the batch is over or stopped); each was given a handler when started.
      waiting.length = 0;
      await Promise.all(threads.map((thread) => stopThread(thread.worker)));
    },
  };
}

function startRenderThread(init: WorkerInit, fail: (error: Error) => void, replied: () => void): Thread {
  const thread: Thread = { worker: startThread(workerUrl, { workerData: init, resourceLimits: renderThreadLimits }), pending: new Map() };
  thread.worker.on('message', (reply: RenderReply) => {
    const job = thread.pending.get(reply.id);
    thread.pending.delete(reply.id);
    job?.resolve(reply);
    replied();
  });
  const failThread = (error: Error): void => {
    for (const job of thread.pending.values()) job.reject(error);
    thread.pending.clear();
    fail(error);
  };
  thread.worker.on('error', failThread);
  thread.worker.on('exit', (code) => {
    if (thread.pending.size > 0) failThread(new Error(`a render thread stopped (exit code ${code})`));
  });
  return thread;
}

interface HereLane {
  readonly busy: boolean;
  take(job: Job): void;
}

/**
 * Renders one task at a time in this thread, each in a turn of its own
 * (setImmediate), so that between two documents the thread's other work
 * (replies from the render threads, file writes, Ctrl-C) is heard. The
 * bytes are those a render thread makes: the same renderEntry, with the
 * same init.
 */
function createHereLane(init: WorkerInit, done: () => void): HereLane {
  let context: EntryRenderContext | undefined;
  let busy = false;
  return {
    get busy() {
      return busy;
    },
    take(job) {
      busy = true;
      setImmediate(() => {
        context ??= createEntryRenderContext(init);
        renderEntry(context, job.task).then(job.resolve, (error: unknown) => job.reject(error instanceof Error ? error : new Error(String(error)))).finally(() => {
          busy = false;
          done();
        });
      });
    },
  };
}
