import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { reportOutcome } from '../../../src/cli/actions/batch-report.js';
import type { BatchOptions } from '../../../src/cli/commands/batch.js';
import { createReporter } from '../../../src/cli/reporter.js';
import { SuperviseError } from '../../../src/errors.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInProcessRenderer, type EntryRenderer } from '../../../src/batch/entry-renderers.js';
import type { BatchManifest, ManifestEntry } from '../../../src/batch/batch-manifest.js';
import { planBatch, type BatchPlan } from '../../../src/batch/plan-batch.js';
import { parseRoster } from '../../../src/batch/read-roster.js';
import { BatchRun, type BatchOutcome } from '../../../src/batch/run-batch.js';
import { commitStagedFile, describeFsError, stageFileAtomic, writeFileAtomic } from '../../../src/io/write-files.js';
import { loadUsablePacks } from '../../../src/packs/load-packs.js';
import type { Pack } from '../../../src/packs/pack-format.js';
import { oneToOneDefaults } from '../../fixtures/roster-defaults.js';

/**
 * What a batch does when its output folder stops taking files (the disk
 * fills, say): it stops taking on entries, keeps what is written, and says
 * so once, instead of rendering the rest of the roster only to fail each
 * entry the same way. The file system failures are simulated by wrapping the
 * real atomic writes; everything else (planning, rendering, the folder) is real.
 */

vi.mock('../../../src/io/write-files.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/io/write-files.js')>();
  return { ...actual, commitStagedFile: vi.fn(actual.commitStagedFile), stageFileAtomic: vi.fn(actual.stageFileAtomic), writeFileAtomic: vi.fn(actual.writeFileAtomic) };
});

const realWrites = await vi.importActual<typeof import('../../../src/io/write-files.js')>('../../../src/io/write-files.js');

let packs: Pack[];
let outDir: string;

beforeAll(async () => {
  packs = await loadUsablePacks(undefined);
});
beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'supervise-run-'));
  vi.mocked(stageFileAtomic).mockImplementation(realWrites.stageFileAtomic);
  vi.mocked(commitStagedFile).mockImplementation(realWrites.commitStagedFile);
  vi.mocked(writeFileAtomic).mockImplementation(realWrites.writeFileAtomic);
});
afterEach(async () => {
  vi.mocked(stageFileAtomic).mockClear();
  await rm(outDir, { recursive: true, force: true });
});

function roster(count: number): BatchPlan {
  const entries = Array.from(
    { length: count },
    (_, index) => `  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Person ${index + 1} }
    startDate: 2026-12-${String(index + 1).padStart(2, '0')}
`,
  );
  return planBatch(parseRoster(`${oneToOneDefaults}agreements:\n${entries.join('')}`, 'roster.yaml'), packs, { formats: ['md'], keepAnswers: true });
}

function diskFull(path: string): Error {
  return describeFsError(Object.assign(new Error(`ENOSPC: no space left on device, open '${path}'`), { code: 'ENOSPC' }), path);
}

/** Lets `allowed` files be written, then fails every later one as a full disk would. */
function fillDiskAfter(allowed: number): void {
  let written = 0;
  vi.mocked(stageFileAtomic).mockImplementation(async (path, content) => {
    if (written >= allowed) throw diskFull(path);
    written += 1;
    return realWrites.stageFileAtomic(path, content);
  });
}

function createRun(
  plan: BatchPlan,
  lanes: number,
  wrap: (renderer: EntryRenderer) => EntryRenderer = (renderer) => renderer,
  onEntryFailed?: (entry: ManifestEntry) => void,
): BatchRun {
  const renderer = wrap(createInProcessRenderer({ packs, defaults: plan.defaults, formats: ['md'], paper: 'a4', formFields: true, creationDate: 0 }));
  return new BatchRun(plan, packs, new Set(), {
    outDir,
    formats: ['md'],
    paper: 'a4',
    formFields: true,
    creationDate: new Date(0),
    createdAt: new Date(0),
    renderer,
    lanes,
    policy: 'refuse',
    failFast: false,
    toolVersion: 'test',
    ...(onEntryFailed ? { onEntryFailed } : {}),
  });
}

async function runBatch(
  plan: BatchPlan,
  lanes: number,
  wrap: (renderer: EntryRenderer) => EntryRenderer = (renderer) => renderer,
): Promise<{ outcome: BatchOutcome; reported: ManifestEntry[] }> {
  const reported: ManifestEntry[] = [];
  const run = createRun(plan, lanes, wrap, (entry) => reported.push(entry));
  return { outcome: await run.run(), reported };
}

/** What the command says of an outcome that ends in a stop: the error it throws. */
function reportedFailure(plan: BatchPlan, outcome: BatchOutcome, force = false): unknown {
  const options: BatchOptions = { out: 'out', format: 'md', failFast: false, dryRun: false, force, skipExisting: false, json: false, paper: 'a4', formFields: true };
  const context = { reporter: createReporter(new PassThrough(), new PassThrough(), {}), env: {}, cwd: outDir, interactive: false, version: 'test' };
  try {
    reportOutcome(plan, outcome, new Set(), 'out', undefined, [], options, context);
    return undefined;
  } catch (error) {
    return error;
  }
}

const onDisk = (): string[] => readdirSync(outDir).sort();
const manifestOnDisk = (): BatchManifest => JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as BatchManifest;

describe('a batch whose output folder stops taking files', () => {
  it('stops taking on entries at the first full-disk failure, keeps what was written and records it', async () => {
    fillDiskAfter(2);
    const { outcome, reported } = await runBatch(roster(8), 1);

    expect(outcome.writeFailure?.message).toMatch(/^Cannot write .*person-3-2026-12-03\.md: the disk is full$/);
    // One attempt past the two that fitted: the other five entries were never rendered or tried.
    expect(stageFileAtomic).toHaveBeenCalledTimes(3);
    expect(reported).toEqual([]);
    expect(outcome.manifest.status).toBe('stopped');
    expect(outcome.manifest.summary).toMatchObject({ rendered: 2, failed: 1, pending: 5 });
    expect(outcome.manifest.entries[2]).toMatchObject({ status: 'failed', errors: [{ path: '', message: outcome.writeFailure?.message }] });
    // The manifest still fits (here): it is written, and matches what is on disk; no temporary file is left.
    expect(outcome.manifestFailure).toBeUndefined();
    expect(onDisk()).toEqual(['manifest.json', 'one-to-one-person-1-2026-12-01.md', 'one-to-one-person-2-2026-12-02.md']);
    expect(manifestOnDisk().summary).toEqual(outcome.manifest.summary);
  });

  it('with several entries under way, records one failure and leaves the others pending for a re-run', async () => {
    fillDiskAfter(3);
    const { outcome, reported } = await runBatch(roster(12), 4);

    expect(outcome.writeFailure).toBeDefined();
    expect(reported).toEqual([]);
    const { rendered, failed, pending } = outcome.manifest.summary;
    expect(rendered).toBe(3);
    expect(failed).toBe(1);
    expect(pending).toBe(8);
    // Only the entries already under way when the disk filled were tried: at most one per lane past the three that fitted.
    expect(vi.mocked(stageFileAtomic).mock.calls.length).toBeLessThanOrEqual(3 + 4);
    expect(onDisk().filter((name) => name.endsWith('.md'))).toHaveLength(3);
    expect(onDisk().filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('when only the manifest cannot be written, every agreement is still in place and the failure is returned', async () => {
    vi.mocked(writeFileAtomic).mockImplementation(async (path) => {
      throw diskFull(path);
    });
    const { outcome } = await runBatch(roster(3), 2);

    expect(outcome.writeFailure).toBeUndefined();
    expect(outcome.manifestFailure?.message).toMatch(/manifest\.json: the disk is full$/);
    expect(outcome.manifest).toMatchObject({ status: 'complete', summary: { rendered: 3, failed: 0 } });
    expect(onDisk()).toEqual(['one-to-one-person-1-2026-12-01.md', 'one-to-one-person-2-2026-12-02.md', 'one-to-one-person-3-2026-12-03.md']);
  });

  it('when the folder is moved away meanwhile, says so and does not make it afresh for a manifest of files not there', async () => {
    const moved = `${outDir}-moved`;
    let written = 0;
    vi.mocked(stageFileAtomic).mockImplementation(async (path, content) => {
      if (written === 2) await rename(outDir, moved);
      written += 1;
      return realWrites.stageFileAtomic(path, content);
    });
    try {
      const { outcome } = await runBatch(roster(6), 1);
      expect(outcome.writeFailure?.message).toBe(`The output folder ${outDir} was moved or deleted while the batch ran; manifest.json was not written`);
      expect(outcome.writeFailure?.hint).toMatch(/^Put the folder back where it was/);
      expect(outcome.manifestFailure).toBe(outcome.writeFailure);
      expect(outcome.manifest.summary).toMatchObject({ rendered: 2, failed: 1, pending: 3 });
      expect(existsSync(outDir)).toBe(false);
      expect(readdirSync(moved).sort()).toEqual(['one-to-one-person-1-2026-12-01.md', 'one-to-one-person-2-2026-12-02.md']);
    } finally {
      await rm(moved, { recursive: true, force: true });
    }
  });

  it('interrupted after the folder was moved away, says so and does not make it afresh for a manifest', async () => {
    const moved = `${outDir}-moved`;
    const run = createRun(roster(6), 1);
    let written = 0;
    let said: string | undefined;
    vi.mocked(stageFileAtomic).mockImplementation(async (path, content) => {
      if (written === 2) {
        await rename(outDir, moved);
        // Ctrl-C at this moment.
        said = run.recordInterruption();
      }
      written += 1;
      return realWrites.stageFileAtomic(path, content);
    });
    try {
      await run.run();
      expect(said).toBe(
        `2 agreements rendered of 6, but the output folder ${outDir} was moved or deleted while the batch ran, so manifest.json was not written. ` +
          'Put the folder back where it was and run the same command with --skip-existing to render the rest, or run it again to start afresh.',
      );
      expect(existsSync(outDir)).toBe(false);
      expect(readdirSync(moved).filter((name) => !name.startsWith('.')).sort()).toEqual(['one-to-one-person-1-2026-12-01.md', 'one-to-one-person-2-2026-12-02.md']);
    } finally {
      await rm(moved, { recursive: true, force: true });
    }
  });

  it.each([
    [false, 'run the same command with --skip-existing: it keeps'],
    [true, 'run the same command with --skip-existing in place of --force: it keeps'],
  ])('says how to carry on once the disk has room, in words that work after --force too (--force: %s)', async (force, words) => {
    fillDiskAfter(2);
    const plan = roster(4);
    const { outcome } = await runBatch(plan, 1);
    const failure = reportedFailure(plan, outcome, force);
    expect(failure).toBeInstanceOf(SuperviseError);
    expect((failure as SuperviseError).hint).toBe(`Once that is fixed (free some space, or fix the folder's permissions), ${words} the files already written and renders the rest.`);
  });

  it.each([
    ['a render thread dies (its error event)', 'rejects'],
    ['a render fails for the environment (its reply)', 'replies'],
  ] as const)('when %s short of file handles, stops once, blames no entry and keeps what was written', async (_, how) => {
    const emfile = "EMFILE: too many open files, open '/opt/supervise/dist/packs/template-names.js'";
    let calls = 0;
    const starved = (renderer: EntryRenderer): EntryRenderer => ({
      ...renderer,
      render(entry) {
        calls += 1;
        if (calls <= 2) return renderer.render(entry);
        if (how === 'rejects') return Promise.reject(Object.assign(new Error(emfile), { code: 'EMFILE' }));
        return Promise.resolve({ id: entry.index, ok: false, message: emfile, problems: [], environment: { code: 'EMFILE', message: emfile } });
      },
    });
    const plan = roster(6);
    const { outcome, reported } = await runBatch(plan, 1, starved);

    expect(reported).toEqual([]);
    expect(outcome.writeFailure?.message).toBe('a render thread could not open a file it needs: too many files are open at once (raise the limit with `ulimit -n 1024`)');
    expect(outcome.manifest.status).toBe('stopped');
    expect(outcome.manifest.summary).toMatchObject({ rendered: 2, failed: 0, pending: 4 });
    expect(manifestOnDisk().summary).toEqual(outcome.manifest.summary);
    expect(onDisk()).toEqual(['manifest.json', 'one-to-one-person-1-2026-12-01.md', 'one-to-one-person-2-2026-12-02.md']);

    const failure = reportedFailure(plan, outcome);
    expect(failure).toBeInstanceOf(SuperviseError);
    expect((failure as SuperviseError).message).toBe(`Stopped: ${outcome.writeFailure?.message}`);
    expect((failure as SuperviseError).hint).toBe(
      'Raise the limit on open files (`ulimit -n 1024`) or run with --jobs 1 (fewer files open at once); then run the same command with --skip-existing: it keeps the files already written and renders the rest.',
    );
  });

  it("when this thread's writes run out of file handles, stops once, blames no entry and keeps what was written", async () => {
    let written = 0;
    vi.mocked(stageFileAtomic).mockImplementation(async (path, content) => {
      if (written >= 3) throw describeFsError(Object.assign(new Error(`EMFILE: too many open files, open '${path}'`), { code: 'EMFILE' }), path);
      written += 1;
      return realWrites.stageFileAtomic(path, content);
    });
    const plan = roster(12);
    const { outcome, reported } = await runBatch(plan, 4);

    // No entry was failed (one message each) for what is the process's, not theirs.
    expect(reported).toEqual([]);
    expect(outcome.writeFailure?.message).toMatch(/^Cannot write .*\.md: too many files are open at once \(raise the limit with `ulimit -n 1024`\)$/);
    expect(outcome.manifest.status).toBe('stopped');
    expect(outcome.manifest.summary).toMatchObject({ rendered: 3, failed: 0, pending: 9 });
    // Only the entries already under way were tried: at most one per lane past the three written.
    expect(vi.mocked(stageFileAtomic).mock.calls.length).toBeLessThanOrEqual(3 + 4);
    expect(manifestOnDisk().summary).toEqual(outcome.manifest.summary);
    expect(onDisk().filter((name) => name.endsWith('.md'))).toHaveLength(3);
    expect(onDisk().filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const failure = reportedFailure(plan, outcome);
    expect(failure).toBeInstanceOf(SuperviseError);
    expect((failure as SuperviseError).message).toBe(`Stopped: ${outcome.writeFailure?.message}`);
    expect((failure as SuperviseError).hint).toBe(
      'Raise the limit on open files (`ulimit -n 1024`); then run the same command with --skip-existing: it keeps the files already written and renders the rest.',
    );
  });

  it('a file that appears at one target meanwhile fails that entry alone; the batch goes on', async () => {
    const plan = roster(4);
    // Created after the existing targets were looked for (none were), before the entry is written.
    writeFileSync(join(outDir, 'one-to-one-person-2-2026-12-02.md'), 'someone else’s file');
    const { outcome, reported } = await runBatch(plan, 1);

    expect(outcome.writeFailure).toBeUndefined();
    expect(reported.map((entry) => entry.index)).toEqual([2]);
    expect(reported[0]?.errors[0]?.message).toMatch(/already exists; it was not overwritten/);
    expect(outcome.manifest.summary).toMatchObject({ rendered: 3, failed: 1, pending: 0 });
    expect(readFileSync(join(outDir, 'one-to-one-person-2-2026-12-02.md'), 'utf8')).toBe('someone else’s file');
    expect(existsSync(join(outDir, 'manifest.json'))).toBe(true);
  });
});

describe('a batch entry of two files, one of which cannot be moved into place after the other was', () => {
  const pdfName = 'one-to-one-person-1-2026-12-01.pdf';
  const markdownName = 'one-to-one-person-1-2026-12-01.md';

  /** Its Markdown may not be replaced, as another user's file in a folder with the sticky bit set may not. */
  function protectMarkdown(): void {
    vi.mocked(commitStagedFile).mockImplementation(async (staged, options) => {
      if (staged.path.endsWith('.md')) {
        await realWrites.discardStagedFile(staged);
        throw describeFsError(Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' }), staged.path);
      }
      return realWrites.commitStagedFile(staged, options);
    });
  }

  async function runBoth(policy: 'overwrite' | 'refuse'): Promise<BatchOutcome> {
    const source = parseRoster(`${oneToOneDefaults}agreements:\n  - template: one-to-one\n    supervisor: { name: Priya Shah }\n    supervisee: { name: Person 1 }\n    startDate: 2026-12-01\n`, 'roster.yaml');
    const plan = planBatch(source, packs, { formats: ['pdf', 'md'], keepAnswers: true });
    const init = { packs, defaults: plan.defaults, formats: ['pdf', 'md'] as ('pdf' | 'md')[], paper: 'a4' as const, formFields: true, creationDate: 0 };
    const existingNames = new Set(policy === 'overwrite' ? [pdfName, markdownName] : []);
    return new BatchRun(plan, packs, existingNames, {
      outDir, formats: ['pdf', 'md'], paper: 'a4', formFields: true, creationDate: new Date(0), createdAt: new Date(0),
      renderer: createInProcessRenderer(init), lanes: 1, policy, failFast: false, toolVersion: 'test',
    }).run();
  }

  it('with --force, records the PDF it replaced, as it is on disk, and says which file is new and which as it was', async () => {
    writeFileSync(join(outDir, pdfName), 'old PDF');
    writeFileSync(join(outDir, markdownName), 'old Markdown');
    protectMarkdown();
    const outcome = await runBoth('overwrite');
    const [entry] = outcome.manifest.entries;
    expect(entry?.status).toBe('failed');
    expect(entry?.errors[0]?.message).toBe(
      `Cannot write ${join(outDir, markdownName)}: permission denied. ${join(outDir, pdfName)} was written all the same, replacing what was there; ${join(outDir, markdownName)} is as it was`,
    );
    const onDisk = readFileSync(join(outDir, pdfName));
    expect(onDisk.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(entry?.files.map((file) => [file.name, file.bytes])).toEqual([[pdfName, onDisk.byteLength]]);
    expect(readFileSync(join(outDir, markdownName), 'utf8')).toBe('old Markdown');
    expect(readdirSync(outDir).sort()).toEqual(['manifest.json', markdownName, pdfName].sort());
  });

  it('without --force, takes the new PDF away again, leaving the folder as it was', async () => {
    protectMarkdown();
    const outcome = await runBoth('refuse');
    const [entry] = outcome.manifest.entries;
    expect(entry?.status).toBe('failed');
    expect(entry?.errors[0]?.message).toBe(`Cannot write ${join(outDir, markdownName)}: permission denied`);
    expect(entry?.files).toEqual([]);
    expect(readdirSync(outDir)).toEqual(['manifest.json']);
  });
});
