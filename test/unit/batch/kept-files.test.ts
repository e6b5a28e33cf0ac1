import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashBytes, type ManifestPdfOptions, type PreviousFileRecord } from '../../../src/batch/batch-manifest.js';
import { planBatch, type BatchPlan, type ValidEntry } from '../../../src/batch/plan-batch.js';
import { parseRoster } from '../../../src/batch/read-roster.js';
import { findOutdatedKeptFiles } from '../../../src/batch/run-batch.js';
import { loadUsablePacks } from '../../../src/packs/load-packs.js';
import type { Pack } from '../../../src/packs/pack-format.js';
import type { OutputFormat } from '../../../src/render/render-agreement.js';
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

const a4: ManifestPdfOptions = { paper: 'a4', formFields: true };

function planTom(formats: OutputFormat[] = ['md']): { plan: BatchPlan; entry: ValidEntry } {
  const roster = `${oneToOneDefaults}agreements:
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
`;
  const plan = planBatch(parseRoster(roster, 'roster.yaml'), packs, { formats });
  const entry = plan.entries[0]!;
  if (!entry.ok) throw new Error('the entry is invalid');
  return { plan, entry };
}

/** Writes the entry's files and returns what a manifest would have recorded of them: made as this run would make them, unless `record` says otherwise. */
function keep(entry: ValidEntry, record: Partial<PreviousFileRecord> = {}): Map<string, PreviousFileRecord> {
  return new Map(
    entry.files.map(({ name, format }) => {
      writeFileSync(join(outDir, name), 'an agreement\n');
      const made = { sha256: hashBytes(Buffer.from('an agreement\n')), answersSha256: entry.answersSha256, templateSha256: template, pdf: format === 'pdf' ? a4 : null };
      return [name, { ...made, ...record }];
    }),
  );
}

async function judge(plan: BatchPlan, previous: ReadonlyMap<string, PreviousFileRecord>, pdf = a4): Promise<unknown[]> {
  const kept = new Set(plan.entries.flatMap((entry) => (entry.ok ? entry.files.map((file) => file.name) : [])));
  return findOutdatedKeptFiles(plan, outDir, kept, previous, new Map([['one-to-one', template]]), pdf);
}

describe('findOutdatedKeptFiles', () => {
  it('says nothing of a kept file made from the entry as it is, with the template as it is', async () => {
    const { plan, entry } = planTom();
    expect(await judge(plan, keep(entry))).toEqual([]);
  });

  it('names every change, not only the first: answers and template', async () => {
    const { plan, entry } = planTom();
    const name = entry.files[0]!.name;
    const outdated = (changed: string[]): unknown[] => [{ index: 1, for: 'Tom Evans', name, changed, pdf: null }];
    expect(await judge(plan, keep(entry, { answersSha256: 'a'.repeat(64) }))).toEqual(outdated(['answers']));
    expect(await judge(plan, keep(entry, { templateSha256: otherTemplate }))).toEqual(outdated(['template']));
    expect(await judge(plan, keep(entry, { answersSha256: 'a'.repeat(64), templateSha256: otherTemplate }))).toEqual(outdated(['answers', 'template']));
  });

  it('judges a kept PDF by the PDF options too, naming each that differs; Markdown is the same whatever they are', async () => {
    const { plan, entry } = planTom(['pdf', 'md']);
    const [pdfName] = entry.files.map((file) => file.name);
    const letterPlain: ManifestPdfOptions = { paper: 'letter', formFields: false };
    expect(await judge(plan, keep(entry))).toEqual([]);
    expect(await judge(plan, keep(entry), { paper: 'letter', formFields: true })).toEqual([{ index: 1, for: 'Tom Evans', name: pdfName, changed: ['paper'], pdf: a4 }]);
    expect(await judge(plan, keep(entry), { paper: 'a4', formFields: false })).toEqual([{ index: 1, for: 'Tom Evans', name: pdfName, changed: ['formFields'], pdf: a4 }]);
    expect(await judge(plan, keep(entry, { answersSha256: 'a'.repeat(64) }), letterPlain)).toEqual([
      { index: 1, for: 'Tom Evans', name: pdfName, changed: ['answers', 'paper', 'formFields'], pdf: a4 },
      { index: 1, for: 'Tom Evans', name: entry.files[1]!.name, changed: ['answers'], pdf: null },
    ]);
  });

  it('does not judge a PDF by options its manifest did not record (one from before they were)', async () => {
    const { plan, entry } = planTom(['pdf']);
    expect(await judge(plan, keep(entry, { pdf: null }), { paper: 'letter', formFields: false })).toEqual([]);
  });

  it('does not judge a file changed since the manifest recorded it (signed, or edited by hand)', async () => {
    const { plan, entry } = planTom();
    expect(await judge(plan, keep(entry, { sha256: 'e'.repeat(64), answersSha256: 'a'.repeat(64) }))).toEqual([]);
  });
});
