import { Worker } from 'node:worker_threads';
import type { UnnamedEntry } from './plan-batch.js';
import type { PlanReply, PlanTask, RenderReply, RenderTask, WorkerInit } from './worker-protocol.js';

/**
 * A fixed set of render threads. Tasks go to the thread with the least work;
 * the caller bounds how many are in flight, so memory stays bounded however
 * long the roster is.
 */
export interface RenderPool {
  render(task: RenderTask): Promise<RenderReply>;
  /** Plans a range of the roster given in WorkerInit.roster. */
  plan(start: number, end: number): Promise<UnnamedEntry[]>;
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (reply: RenderReply | PlanReply) => void; reject: (error: Error) => void }>;
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
    const thread: Thread = { worker: new Worker(workerUrl, { workerData: init, resourceLimits: renderThreadLimits }), pending: new Map() };
    thread.worker.on('message', (reply: RenderReply | PlanReply) => {
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

  const send = (task: RenderTask | PlanTask): Promise<RenderReply | PlanReply> => {
    if (broken) return Promise.reject(broken);
    const thread = threads.reduce((least, candidate) => (candidate.pending.size < least.pending.size ? candidate : least));
    return new Promise((resolve, reject) => {
      thread.pending.set(task.id, { resolve, reject });
      thread.worker.postMessage(task);
    });
  };
  let planId = 0;
  return {
    render: (task) => send(task) as Promise<RenderReply>,
    async plan(start, end) {
      planId -= 1;
      const reply = (await send({ id: planId, plan: { start, end } })) as PlanReply;
      if ('error' in reply) throw new Error(reply.error);
      return reply.planned;
    },
    async close() {
      await Promise.all(threads.map((thread) => thread.worker.terminate()));
    },
  };
}
