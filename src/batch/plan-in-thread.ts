import { Worker } from 'node:worker_threads';
import { SuperviseError, ValidationError, type ExitCode, type Problem } from '../errors.js';
import { readInputText } from '../io/read-input.js';
import type { Pack } from '../packs/pack-format.js';
import type { BatchPlan, PlanBatchOptions } from './plan-batch.js';

/**
 * Planning a large roster parses and validates thousands of entries, and the
 * garbage that leaves would grow the main thread's heap for the rest of the
 * batch. Run in a short-lived thread with a small young generation, its
 * memory is returned when the thread ends; only the compact plan comes back.
 */

export interface PlanRequest {
  text: string;
  file: string;
  packs: Pack[];
  options: PlanBatchOptions;
}

export type PlanReply =
  | { ok: true; plan: BatchPlan }
  | { ok: false; error: { name: string; message: string; hint?: string | undefined; problems: Problem[]; exitCode: ExitCode } };

const planThreadLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 512 };

/** `shownAs` names the roster in messages and locations (the path as the user knows it). */
export async function planRosterFile(path: string, shownAs: string, packs: readonly Pack[], options: PlanBatchOptions): Promise<BatchPlan> {
  const request: PlanRequest = { text: await readInputText(path, 'roster'), file: shownAs, packs: [...packs], options };
  const worker = new Worker(new URL('./plan-worker.js', import.meta.url), { workerData: request, resourceLimits: planThreadLimits });
  try {
    const reply = await new Promise<PlanReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the planning thread stopped (exit code ${code})`)));
    });
    if (reply.ok) return reply.plan;
    const { name, message, hint, problems, exitCode } = reply.error;
    if (name === 'ValidationError') throw new ValidationError(message, problems, hint);
    throw new SuperviseError(message, { hint, problems, exitCode });
  } finally {
    await worker.terminate();
  }
}
