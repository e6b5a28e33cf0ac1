import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { startThread, stopThread } from '../threads.js';
import type { Pack } from '../packs/pack-format.js';
import { planEntryAt, type PlanBatchOptions, type UnnamedEntry } from './plan-batch.js';
import type { PlainObject } from '../packs/object-paths.js';
import type { RosterSource, SplitEntries } from './read-roster.js';

/**
 * Planning a Markdown batch (or any dry run) is most of its work: every
 * entry's YAML parsed with positions and its answers validated, while
 * rendering it takes half as long. So a very long roster is planned by the
 * main thread and one helper thread together, in chunks taken in turn; the
 * entries are named afterwards, in roster order, so the plan is the same as
 * one planned alone. The helper is started as soon as the roster is read, so
 * its module loading overlaps the main thread's loading of the templates.
 */

export interface PlanHelperData {
  text: string;
  file: string;
  options: PlanBatchOptions;
}

/** What the main thread has already worked out, so the helper need not: the packs, where the entries were cut, the defaults. */
export interface PlanHelperSetup {
  kind: 'setup';
  packs: Pack[];
  split: SplitEntries | undefined;
  defaults: PlainObject;
}

export type PlanHelperRequest = PlanHelperSetup | { kind: 'plan'; id: number; start: number; end: number };

export type PlanHelperReply = { id: number; entries: UnnamedEntry[] } | { id: number; failed: true };

export interface PlanHelper {
  /** Must come first: the helper plans nothing until it has the same packs and defaults as the main thread. */
  setUp(setup: Omit<PlanHelperSetup, 'kind'>): void;
  plan(start: number, end: number): Promise<UnnamedEntry[]>;
  close(): Promise<void>;
}

/**
 * Rosters shorter than this (in characters; ~3,700 entries of the bench's
 * roster) are planned faster by the main thread alone. A second isolate
 * loads yaml, zod and Handlebars again and warms up its own compiled code,
 * and on two cores that start-up and its background compiling slow the
 * main thread too: planning 1,000 entries took 1.07 s with the helper and
 * 0.89 s without, 3,000 about the same, 5,000 2.05 against 2.2 s.
 */
export const planHelperThreshold = 1_000_000;

/**
 * Entries per chunk: small, because the main thread hands the helper its
 * next chunks only between its own, and neither should wait long for the
 * other at the end.
 */
const chunkSize = 16;

/** Chunks asked of the helper at a time, so it always has the next one queued. */
const helperLanes = 4;

/**
 * The helper lives only while planning, so unlike the render threads it
 * keeps V8's usual young generation: a 4 MB one spent an eighth of its time
 * collecting garbage.
 */
const helperLimits = { maxOldGenerationSizeMb: 256 };

export function startPlanHelper(data: PlanHelperData): PlanHelper {
  const worker = startThread(new URL('./plan-helper-worker.js', import.meta.url), { workerData: data, resourceLimits: helperLimits });
  const pending = new Map<number, { resolve: (entries: UnnamedEntry[]) => void; reject: (error: Error) => void }>();
  let broken: Error | undefined;
  let nextId = 0;
  const fail = (error: Error): void => {
    broken ??= error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: PlanHelperReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if ('entries' in reply) waiting?.resolve(reply.entries);
    else waiting?.reject(new Error('the planning thread could not plan these entries'));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the planning thread stopped (exit code ${code})`)));
  return {
    setUp(setup) {
      const request: PlanHelperRequest = { kind: 'setup', ...setup };
      worker.postMessage(request);
    },
    plan(start, end) {
      if (broken) return Promise.reject(broken);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const request: PlanHelperRequest = { kind: 'plan', id, start, end };
        worker.postMessage(request);
      });
    },
    async close() {
      await stopThread(worker);
    },
  };
}

/**
 * Plans every entry, the main thread and the helper each taking the next
 * chunk when done with their last. If the helper fails, the main thread
 * plans its chunks too: the helper can only make planning faster.
 */
export async function planWithHelper(
  source: RosterSource,
  packs: readonly Pack[],
  defaults: PlainObject,
  count: number,
  options: PlanBatchOptions,
  helper: PlanHelper,
): Promise<UnnamedEntry[]> {
  const chunks = Math.ceil(count / chunkSize);
  const results: UnnamedEntry[][] = new Array<UnnamedEntry[]>(chunks);
  const bounds = (chunk: number): [number, number] => [chunk * chunkSize, Math.min(count, (chunk + 1) * chunkSize)];
  const planHere = (chunk: number): UnnamedEntry[] => {
    const [start, end] = bounds(chunk);
    const entries: UnnamedEntry[] = [];
    for (let position = start; position < end; position += 1) entries.push(planEntryAt(source, packs, defaults, position, options));
    return entries;
  };
  let next = 0;
  const helperLane = async (): Promise<void> => {
    while (next < chunks) {
      const chunk = next++;
      results[chunk] = await helper.plan(...bounds(chunk)).catch(() => planHere(chunk));
    }
  };
  // Should this thread's own chunk throw (a YAML error), the lanes' later failures are that same error.
  const lanes = Promise.all(Array.from({ length: helperLanes }, helperLane));
  lanes.catch(() => undefined);
  while (next < chunks) {
    const chunk = next++;
    results[chunk] = planHere(chunk);
    // Lets the helper's replies in, and be answered with its next chunk.
    await yieldToEvents();
  }
  await lanes;
  return results.flat();
}
