import { parentPort, workerData } from 'node:worker_threads';
import { planEntryAt, startPlan, type PlanInProgress, type UnnamedEntry } from './plan-batch.js';
import type { PlanHelperData, PlanHelperReply, PlanHelperRequest } from './plan-helper.js';
import { parseRoster, type RosterSource } from './read-roster.js';
import type { Pack } from '../packs/pack-format.js';

/** A planning helper thread: plans the ranges of entries it is sent; see plan-helper.ts. */
const data = workerData as PlanHelperData;
let planning: { source: RosterSource; packs: Pack[]; started: PlanInProgress } | undefined;

parentPort?.on('message', (request: PlanHelperRequest) => {
  if (request.kind === 'packs') {
    const source = parseRoster(data.text, data.file);
    planning = { source, packs: request.packs, started: startPlan(source, request.packs, data.options) };
    return;
  }
  const entries: UnnamedEntry[] = [];
  for (let position = request.start; position < request.end; position += 1) {
    entries.push(planEntryAt(planning!.source, planning!.packs, planning!.started.defaults, position, data.options));
  }
  const reply: PlanHelperReply = { id: request.id, entries };
  parentPort?.postMessage(reply);
});
