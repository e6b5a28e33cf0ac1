import { parentPort, workerData } from 'node:worker_threads';
import { isSuperviseError } from '../errors.js';
import { planBatch } from './plan-batch.js';
import { parseRoster } from './read-roster.js';
import type { PlanReply, PlanRequest } from './plan-in-thread.js';

/** Plans a roster in its own thread; see plan-in-thread.ts for why. */
const request = workerData as PlanRequest;
let reply: PlanReply;
try {
  reply = { ok: true, plan: planBatch(parseRoster(request.text, request.file), request.packs, request.options) };
} catch (error) {
  reply = isSuperviseError(error)
    ? { ok: false, error: { name: error.name, message: error.message, hint: error.hint, problems: [...error.problems], exitCode: error.exitCode } }
    : { ok: false, error: { name: 'Error', message: error instanceof Error ? error.message : String(error), problems: [], exitCode: 1 } };
}
parentPort?.postMessage(reply);
