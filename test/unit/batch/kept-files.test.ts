import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashBytes, type PreviousFileRecord } from '../../../src/batch/batch-manifest.js';
import { planBatch, type BatchPlan, type ValidEntry } from '../../../src/batch/plan-batch.js';
import { parseRoster } from '../../../src/batch/read-roster.js';
import { findOutdatedKeptFiles } from '../../../src/batch/run-batch.js';
import { loadUsablePacks } from '../../../src/packs/load-packs.js';
import type { Pack } from '../../../src/packs/pack-format.js';
import { oneToOneDefaults } from '../../fixtures/roster-defaults.js';

/**
 * What --skip-existing says of the files it keeps, judged against what the
 * previous manifest recorded of them: the same judgement a dry run makes
 * beforehand and the batch makes as it goes.
 */

let packs: Pack[];
let outDir: string;
beforeAll(async () => {
  packs = await loadUsablePacks(undefined);
});
beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'supervise-kept-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const template = 'c'.repeat(64);
const otherTemplate = 'd'.repeat(64);

function planTom(): { plan: BatchPlan; entry: ValidEntry } {
  const roster = `${oneToOneDefaults}agreements:
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
`;
  const plan = planBatch(parseRoster(roster, 'roster.yaml'), packs, { formats: ['md'] });
  const entry = plan.entries[0]!;
  if (!entry.ok) throw new Error('the entry is invalid');
  return { plan, entry };
}

/** Writes the entry's Markdown file and returns what a manifest would have recorded of it. */
function keep(entry: ValidEntry, record: Partial<PreviousFileRecord> = {}): Map<string, PreviousFileRecord> {
  const { name } = entry.files[0]!;
  writeFileSync(join(outDir, name), 'an agreement\n');
  return new Map([[name, { sha256: hashBytes(Buffer.from('an agreement\n')), answersSha256: entry.answersSha256, templateSha256: template, ...record }]]);
}

async function judge(plan: BatchPlan, previous: ReadonlyMap<string, PreviousFileRecord>): Promise<unknown[]> {
  const kept = new Set(plan.entries.flatMap((entry) => (entry.ok ? entry.files.map((file) => file.name) : [])));
  return findOutdatedKeptFiles(plan, outDir, kept, previous, new Map([['one-to-one', template]]));
}

describe('findOutdatedKeptFiles', () => {
  it('says nothing of a kept file made from the entry as it is, with the template as it is', async () => {
    const { plan, entry } = planTom();
    expect(await judge(plan, keep(entry))).toEqual([]);
  });

  it('names every change, not only the first: answers and template', async () => {
    const { plan, entry } = planTom();
    const name = entry.files[0]!.name;
    expect(await judge(plan, keep(entry, { answersSha256: 'a'.repeat(64) }))).toEqual([{ index: 1, for: 'Tom Evans', name, changed: ['answers'] }]);
    expect(await judge(plan, keep(entry, { templateSha256: otherTemplate }))).toEqual([{ index: 1, for: 'Tom Evans', name, changed: ['template'] }]);
    expect(await judge(plan, keep(entry, { answersSha256: 'a'.repeat(64), templateSha256: otherTemplate }))).toEqual([
      { index: 1, for: 'Tom Evans', name, changed: ['answers', 'template'] },
    ]);
  });

  it('does not judge a file changed since the manifest recorded it (signed, or edited by hand)', async () => {
    const { plan, entry } = planTom();
    expect(await judge(plan, keep(entry, { sha256: 'e'.repeat(64), answersSha256: 'a'.repeat(64) }))).toEqual([]);
  });
});
