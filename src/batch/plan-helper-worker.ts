import { parentPort, workerData } from 'node:worker_threads';
import type { PlainObject } from '../packs/object-paths.js';
import { planEntryAt, type UnnamedEntry } from './plan-batch.js';
import type { PlanHelperData, PlanHelperReply, PlanHelperRequest } from './plan-helper.js';
import { parseRoster, type RosterSource } from './read-roster.js';
import type { Pack } from '../packs/pack-format.js';
import { collectTransferable, createEntryRenderContext, renderPlannedEntry, type EntryRenderContext } from './render-entry.js';

/** A planning helper thread: plans the ranges of entries it is sent; see plan-helper.ts. */
const data = workerData as PlanHelperData;
let planning: { source: RosterSource; packs: Pack[]; defaults: PlainObject; render: EntryRenderContext | undefined } | undefined;

parentPort?.on('message', (request: PlanHelperRequest) => {
  if (request.kind === 'setup') {
    // The main thread has checked the roster's shape; the entries are cut where it cut them.
    const source = parseRoster(data.text, data.file, { split: request.split ?? false });
    const { packs, defaults } = request;
    const render = request.render && createEntryRenderContext({ ...request.render, packs, defaults });
    planning = { source, packs, defaults, render };
    return;
  }
  void planRange(request.start, request.end).then((entries) => {
    const reply: PlanHelperReply = { id: request.id, entries };
    parentPort?.postMessage(reply, collectTransferable(entries.map((entry) => (entry.ok ? entry.result.rendered : undefined))));
  });
});

async function planRange(start: number, end: number): Promise<UnnamedEntry[]> {
  const { source, packs, defaults, render } = planning!;
  const entries: UnnamedEntry[] = [];
  for (let position = start; position < end; position += 1) {
    const entry = planEntryAt(source, packs, defaults, position, data.options);
    if (render) await renderPlannedEntry(render, entry);
    entries.push(entry);
  }
  return entries;
}
