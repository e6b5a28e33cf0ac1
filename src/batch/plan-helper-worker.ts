import { parentPort } from 'node:worker_threads';
import { handleMessages, threadData } from '../threads.js';
import type { PlainObject } from '../packs/object-paths.js';
import { planEntryAt, type UnnamedEntry } from './plan-batch.js';
import type { PlanHelperData, PlanHelperReply, PlanHelperRequest } from './plan-helper.js';
import { parseRoster, type RosterSource } from './read-roster.js';
import type { Pack } from '../packs/pack-format.js';

/** A planning helper thread: plans the ranges of entries it is sent; see plan-helper.ts. */
const data = threadData<PlanHelperData>();
let planning: { source: RosterSource; packs: Pack[]; defaults: PlainObject } | undefined;

handleMessages((request: PlanHelperRequest) => {
  if (request.kind === 'setup') {
    // The main thread has checked the roster's shape; the entries are cut where it cut them.
    const source = parseRoster(data.text, data.file, { split: request.split ?? false });
    planning = { source, packs: request.packs, defaults: request.defaults };
    return;
  }
  let reply: PlanHelperReply;
  try {
    reply = { id: request.id, entries: planRange(request.start, request.end) };
  } catch {
    // An entry that cannot be read (a YAML error) stops the batch: the main thread plans the
    // range again itself and reports it. Without a reply it would wait for this one for ever.
    reply = { id: request.id, failed: true };
  }
  parentPort?.postMessage(reply);
});

function planRange(start: number, end: number): UnnamedEntry[] {
  const { source, packs, defaults } = planning!;
  const entries: UnnamedEntry[] = [];
  for (let position = start; position < end; position += 1) entries.push(planEntryAt(source, packs, defaults, position, data.options));
  return entries;
}
