import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashBytes, type BatchManifest, type EarlierFile, type ManifestPdfOptions } from '../../../src/batch/batch-manifest.js';
import { planBatch, type BatchPlan, type ValidEntry } from '../../../src/batch/plan-batch.js';
import { parseRoster } from '../../../src/batch/read-roster.js';
import { createInProcessRenderer, type EntryRenderer } from '../../../src/batch/entry-renderers.js';
import { BatchRun, findEarlierFiles, judgeKeptFiles, type KeptFileFindings } from '../../../src/batch/run-batch.js';
import { loadUsablePacks } from '../../../src/packs/load-packs.js';
import type { Pack } from '../../../src/packs/pack-format.js';
import type { OutputFormat } from '../../../src/render/render-agreement.js';
import { oneToOneDefaults } from '../../fixtures/roster-defaults.js';

/**
 * What --skip-existing says of the files it keeps, judged against what the
 * previous manifest recorded of them (the same judgement a dry run makes
 * beforehand and the batch makes as it goes), and which of those records
 * the batch's own manifest carries on.
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
/** The version of the one-to-one pack this run has; its files were made with `template` at this version unless a record says otherwise. */
const version = '1.0.0';

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
function keep(entry: ValidEntry, record: Partial<EarlierFile> = {}): Map<string, EarlierFile> {
  return new Map(
    entry.files.map(({ name, format }) => {
      writeFileSync(join(outDir, name), 'an agreement\n');
      const bytes = Buffer.from('an agreement\n');
      const made = { name, for: 'Tom Evans', bytes: bytes.byteLength, sha256: hashBytes(bytes), answersSha256: entry.answersSha256, templateSha256: template, templateVersion: version, pdf: format === 'pdf' ? a4 : null };
      return [name, { ...made, ...record }];
    }),
  );
}

async function findings(plan: BatchPlan, previous: ReadonlyMap<string, EarlierFile> | undefined, pdf = a4): Promise<KeptFileFindings> {
  const kept = new Set(plan.entries.flatMap((entry) => (entry.ok ? entry.files.map((file) => file.name) : [])));
  return judgeKeptFiles(plan, outDir, kept, previous, new Map([['one-to-one', { sha256: template, version }]]), pdf);
}

async function judge(plan: BatchPlan, previous: ReadonlyMap<string, EarlierFile>, pdf = a4): Promise<unknown[]> {
  const { outdated, unchecked } = await findings(plan, previous, pdf);
  expect(unchecked).toEqual([]);
  return outdated;
}

describe('judgeKeptFiles', () => {
  it('says nothing of a kept file made from the entry as it is, with the template as it is', async () => {
    const { plan, entry } = planTom();
    expect(await judge(plan, keep(entry))).toEqual([]);
  });

  it('names every change, not only the first: answers and template', async () => {
    const { plan, entry } = planTom();
    const name = entry.files[0]!.name;
    const outdated = (changed: string[], templateVersion?: unknown): unknown[] => [{ index: 1, for: 'Tom Evans', name, changed, pdf: null, templateVersion }];
    const stillOne = { made: version, now: version };
    expect(await judge(plan, keep(entry, { answersSha256: 'a'.repeat(64) }))).toEqual(outdated(['answers']));
    expect(await judge(plan, keep(entry, { templateSha256: otherTemplate }))).toEqual(outdated(['template'], stillOne));
    expect(await judge(plan, keep(entry, { answersSha256: 'a'.repeat(64), templateSha256: otherTemplate }))).toEqual(outdated(['answers', 'template'], stillOne));
  });

  it('says which version of its template a kept file was made with, beside this run\'s, when its template has changed', async () => {
    const { plan, entry } = planTom();
    const [outdated] = await judge(plan, keep(entry, { templateSha256: otherTemplate, templateVersion: '0.9.0' }));
    expect(outdated).toMatchObject({ changed: ['template'], templateVersion: { made: '0.9.0', now: version } });
    const [unrecorded] = await judge(plan, keep(entry, { templateSha256: otherTemplate, templateVersion: null }));
    expect(unrecorded).toMatchObject({ templateVersion: { made: null, now: version } });
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

  it('does not judge a file whose record says nothing of its making (kept unchecked before, or from an older manifest)', async () => {
    const { plan, entry } = planTom();
    expect(await judge(plan, keep(entry, { answersSha256: null }))).toEqual([]);
    expect(await judge(plan, keep(entry, { templateSha256: null }))).toEqual([]);
  });

  it('names a kept file the previous manifest has no record of as unchecked, but only when there was a manifest', async () => {
    const { plan, entry } = planTom(['pdf', 'md']);
    keep(entry);
    const [pdfName, mdName] = entry.files.map((file) => file.name);
    // Unreadable, or with no record of these files: each is unchecked.
    expect(await findings(plan, new Map())).toEqual({
      outdated: [],
      unchecked: [
        { index: 1, for: 'Tom Evans', name: pdfName },
        { index: 1, for: 'Tom Evans', name: mdName },
      ],
      unreadable: [],
    });
    // A record of one (even one that vouches for nothing, as of a signed file) leaves only the other.
    const records = keep(entry, { answersSha256: null });
    records.delete(mdName!);
    expect((await findings(plan, records)).unchecked).toEqual([{ index: 1, for: 'Tom Evans', name: mdName }]);
    // No manifest at all (a first run into a folder of files): nothing to say.
    expect(await findings(plan, undefined)).toEqual({ outdated: [], unchecked: [], unreadable: [] });
  });
});

describe('a --skip-existing batch carries on the records of files it leaves as they are', () => {
  const roster = (liTime: string): string => `${oneToOneDefaults}agreements:
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Li Wei }
    startDate: 2026-12-01
    schedule: { time: "${liTime}" }
`;
  const planOf = (text: string, formats: OutputFormat[] = ['md']): BatchPlan => planBatch(parseRoster(text, 'roster.yaml'), packs, { formats, keepAnswers: true });
  const record = (name: string, who: string): EarlierFile => {
    writeFileSync(join(outDir, name), `${who}\n`);
    return { name, for: who, bytes: who.length + 1, sha256: hashBytes(Buffer.from(`${who}\n`)), answersSha256: 'a'.repeat(64), templateSha256: template, templateVersion: version, pdf: null };
  };
  const failingRenderer: EntryRenderer = {
    ready: async () => undefined,
    prefetch() {},
    render: async (entry) => ({ id: entry.index, ok: false, message: 'the renderer broke', problems: [] }),
    release() {},
    async close() {},
  };

  async function startRun(plan: BatchPlan, previous: Map<string, EarlierFile> | undefined, renderer?: EntryRenderer, policy: 'skip' | 'overwrite' = 'skip'): Promise<BatchRun> {
    const planned = plan.entries.flatMap((entry) => (entry.ok ? entry.files.map((file) => file.name) : []));
    const existing = new Set(planned.filter((name) => existsSync(join(outDir, name))));
    const formats = plan.entries.find((entry) => entry.ok)!.files.map((file) => file.format);
    return new BatchRun(plan, packs, existing, {
      outDir,
      formats,
      paper: 'a4',
      formFields: true,
      creationDate: new Date(0),
      createdAt: new Date(0),
      renderer: renderer ?? createInProcessRenderer({ packs, defaults: plan.defaults, formats, paper: 'a4', formFields: true, creationDate: 0 }),
      lanes: 1,
      policy,
      previousFiles: previous,
      earlierFiles: previous ? await findEarlierFiles(plan, outDir, previous) : [],
      failFast: false,
      toolVersion: 'test',
    });
  }

  it('of an entry invalid this time, but not of a file gone from the folder, nor of a name outside it', async () => {
    const li = record('one-to-one-li-wei-2026-12-01.md', 'Li Wei');
    const previous = new Map([li, { ...li, name: 'gone.md' }, { ...li, name: '../outside.md' }].map((file) => [file.name, file]));
    const { manifest } = await (await startRun(planOf(roster('25:00')), previous)).run();
    expect(manifest.entries.map((entry) => entry.status)).toEqual(['rendered', 'failed']);
    expect(manifest.earlierFiles).toEqual([li]);
  });

  it('of the entries not reached when it is interrupted', async () => {
    const tom = record('one-to-one-tom-evans-2026-12-01.md', 'Tom Evans');
    const li = record('one-to-one-li-wei-2026-12-01.md', 'Li Wei');
    const run = await startRun(planOf(roster('14:00')), new Map([tom, li].map((file) => [file.name, file])));
    run.recordInterruption();
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as BatchManifest;
    expect(manifest.summary.pending).toBe(2);
    expect(manifest.earlierFiles).toEqual([li, tom]);
  });

  it('of the entries not reached when a --force run is interrupted, whose old files are still there', async () => {
    const tom = record('one-to-one-tom-evans-2026-12-01.md', 'Tom Evans');
    const li = record('one-to-one-li-wei-2026-12-01.md', 'Li Wei');
    const run = await startRun(planOf(roster('14:00')), new Map([tom, li].map((file) => [file.name, file])), undefined, 'overwrite');
    run.recordInterruption();
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as BatchManifest;
    expect(manifest.summary.pending).toBe(2);
    expect(manifest.earlierFiles).toEqual([li, tom]);
  });

  it('of a kept file whose entry failed to render its other files', async () => {
    const tom = record('one-to-one-tom-evans-2026-12-01.md', 'Tom Evans');
    const li = record('one-to-one-li-wei-2026-12-01.md', 'Li Wei');
    const run = await startRun(planOf(roster('14:00'), ['pdf', 'md']), new Map([tom, li].map((file) => [file.name, file])), failingRenderer);
    const { manifest } = await run.run();
    expect(manifest.entries.map((entry) => entry.status)).toEqual(['failed', 'failed']);
    expect(manifest.earlierFiles).toEqual([li, tom]);
  });

  it('not of a file it records itself', async () => {
    const tom = record('one-to-one-tom-evans-2026-12-01.md', 'Tom Evans');
    const { manifest, unchecked } = await (await startRun(planOf(roster('14:00')), new Map([[tom.name, tom]]))).run();
    expect(manifest.entries.map((entry) => entry.status)).toEqual(['skipped', 'rendered']);
    expect(manifest.earlierFiles).toEqual([]);
    expect(unchecked).toEqual([]);
  });

  it('and names a kept file that no record it had covers as unchecked, when there was a manifest', async () => {
    const tom = record('one-to-one-tom-evans-2026-12-01.md', 'Tom Evans');
    const { manifest, unchecked } = await (await startRun(planOf(roster('14:00')), new Map())).run();
    expect(unchecked).toEqual([{ index: 1, for: 'Tom Evans', name: tom.name }]);
    expect(manifest.entries[0]!.files).toEqual([{ name: tom.name, bytes: tom.bytes, sha256: tom.sha256, answersSha256: null, templateSha256: null, templateVersion: null, pdf: null }]);
    writeFileSync(join(outDir, 'one-to-one-li-wei-2026-12-01.md'), 'Li Wei\n');
    expect((await (await startRun(planOf(roster('14:00')), undefined)).run()).unchecked).toEqual([]);
  });
});
