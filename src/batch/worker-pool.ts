import type { Worker } from 'node:worker_threads';
import { startThread, stopThread } from '../threads.js';
import type { RenderReply, RenderTask, WorkerInit } from './worker-protocol.js';

/**
 * A fixed set of render threads. Tasks go to the thread with the least work;
 * the caller bounds how many are in flight, so memory stays bounded however
 * long the roster is.
 */
export interface RenderPool {
  render(task: RenderTask): Promise<RenderReply>;
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (reply: RenderReply) => void; reject: (error: Error) => void }>;
}

/** The compiled worker sits beside this file in `dist/batch/`. */
const workerUrl = new URL('./render-worker.js', import.meta.url);

/**
 * A small young generation keeps each thread's memory close to what it really
 * holds (one document), instead of letting short-lived garbage grow the heap.
 */
const renderThreadLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 };

export function createRenderPool(size: number, init: WorkerInit): RenderPool {
  let broken: Error | undefined;
  const threads: Thread[] = Array.from({ length: Math.max(1, size) }, () => {
    const thread: Thread = { worker: startThread(workerUrl, { workerData: init, resourceLimits: renderThreadLimits }), pending: new Map() };
    thread.worker.on('message', (reply: RenderReply) => {
      const waiting = thread.pending.get(reply.id);
      thread.pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    const fail = (error: Error): void => {
      broken ??= error;
      for (const waiting of thread.pending.values()) waiting.reject(error);
      thread.pending.clear();
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => {
      if (thread.pending.size > 0) fail(new Error(`a render thread stopped (exit code ${code})`));
    });
    return thread;
  });

  return {
    render(task) {
      if (broken) return Promise.reject(broken);
      const thread = threads.reduce((least, candidate) => (candidate.pending.size < least.pending.size ? candidate : least));
      return new Promise<RenderReply>((resolve, reject) => {
        thread.pending.set(task.id, { resolve, reject });
        thread.worker.postMessage(task);
      });
    },
    async close() {
      await Promise.all(threads.map((thread) => stopThread(thread.worker)));
    },
  };
}
