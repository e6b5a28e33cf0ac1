import { constants, statSync } from 'node:fs';
import { lstat, open, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { OutputFormat, Paper } from '../render/render-agreement.js';
import { isSuperviseError, messageOf, SuperviseError } from '../errors.js';
import { describeFsReason, errnoCodeOf } from '../io/fs-reasons.js';
import {
  commitStagedFile,
  completeStagedFileSync,
  describePartlyReplaced,
  discardStagedFile,
  ensureFolder,
  findExistingPaths,
  isFolderWideWriteFailure,
  refuseFoldersInTheWay,
  replaceFileAtomicSync,
  stageFileAtomic,
  writeFileAtomic,
  type StagedFile,
} from '../io/write-files.js';
import type { Pack } from '../packs/pack-format.js';
import {
  hashBytes,
  hashPackSources,
  isManifestShaped,
  manifestFileName,
  readPreviousFileRecords,
  toManifestError,
  manifestFormatVersion,
  serialiseManifest,
  serialiseManifestInPieces,
  summariseEntries,
  type BatchManifest,
  type ManifestEntry,
  type ManifestFile,
  type EarlierFile,
  type ManifestPdfOptions,
  type ManifestTemplate,
} from './batch-manifest.js';
import type { BatchPlan, PlannedEntry, ValidEntry } from './plan-batch.js';
import type { EntryRenderer } from './entry-renderers.js';
import type { RenderedBytes, RenderReply } from './worker-protocol.js';
import { describeOutOfFileHandles, describeRenderThreadFailure, environmentFailureOf, isOutOfFileHandles, type EnvironmentFailureError } from './render-failure.js';
import { formatCount } from '../format-count.js';

/**
 * Applying a batch plan: render each entry (on render threads, or here for
 * Markdown), write its files as soon as they arrive (atomically), and finish
 * with `manifest.json`. The renderer bounds how many documents are in flight,
 * so a roster of ten thousand entries needs no more memory for documents
 * than one of a hundred.
 */

/** What to do about planned files that already exist. */
export type ExistingPolicy = 'refuse' | 'overwrite' | 'skip';

export interface RunBatchOptions {
  outDir: string;
  /** The output folder as the user typed it (inside the current folder, relative to it), for messages; outDir if not given. */
  shownOutDir?: string;
  formats: OutputFormat[];
  paper: Paper;
  formFields: boolean;
  creationDate: Date;
  /** When the manifest says it was made. */
  createdAt: Date;
  /** Renders the entries; the caller starts it (before planning ends) and closes it; the run closes it as soon as it is done with it. */
  renderer: EntryRenderer;
  /** Entries taken on at once (asked of the renderer, then written); with --fail-fast, how many may be under way when one fails. */
  lanes: number;
  /** What to do about planned files already there. */
  policy: ExistingPolicy;
  /**
   * What the output folder's previous manifest says its files were made from
   * (for files kept by --skip-existing); undefined when there was none, so
   * that no kept file was expected to be on record.
   */
  previousFiles?: ReadonlyMap<string, EarlierFile> | undefined;
  /** Its records of files this plan does not name that are still in the folder (findEarlierFiles), carried on into the manifest. */
  earlierFiles?: readonly EarlierFile[];
  failFast: boolean;
  toolVersion: string;
  onProgress?: (progress: BatchProgress) => void;
  onEntryFailed?: (entry: ManifestEntry) => void;
}

/** What a run came to. */
export interface BatchOutcome {
  /** The record of every entry, as written to `manifest.json` (or as it would have been). */
  manifest: BatchManifest;
  /**
   * Why no more entries were taken on, when writing into the output folder
   * failed in a way every later entry would meet too (the disk is full, say),
   * or the render threads, or the process, could not go on (EnvironmentFailureError).
   */
  writeFailure: SuperviseError | undefined;
  /** Why `manifest.json` could not be written, when it could not; every file recorded in it is in place all the same. */
  manifestFailure: SuperviseError | undefined;
  /** Kept files (--skip-existing) made from other answers, with another template or with other PDF options than this run's; in roster order. */
  outdated: OutdatedFile[];
  /** Kept files the previous manifest has no record of (or all, when it cannot be read), so they could not be checked; in roster order. */
  unchecked: UncheckedFile[];
  /** Kept files that could not be read (their permissions, say), so they could not be checked either; in roster order. */
  unreadable: UnreadableFile[];
}

/** Why a kept file is not what this run would make of its entry: other answers, another template, or (a PDF) other --paper or --no-form-fields. */
export type OutdatedReason = 'answers' | 'template' | 'paper' | 'formFields';

export interface OutdatedFile {
  index: number;
  for: string;
  name: string;
  /** Everything that differs, in this order: answers, template, paper, formFields. A list, since a roster edit and a template update often come together. */
  changed: OutdatedReason[];
  /** The PDF options it was made with, as the previous manifest records them (to say what changed); null for Markdown. */
  pdf: ManifestPdfOptions | null;
  /** Only when its template has changed: the version it was made with (null if not recorded) and this run's, so a reader sees whether the version was raised. */
  templateVersion?: { made: string | null; now: string | null };
}

/** A kept file that could not be checked against its entry: there was a manifest, but it has no record of what the file was made from. */
export interface UncheckedFile {
  index: number;
  for: string;
  name: string;
}

/**
 * A kept file that could not be read: nothing can say what it holds, and its record in the manifest has no
 * size or hash. `reason`: why, in words ("permission denied").
 */
export interface UnreadableFile extends UncheckedFile {
  reason: string;
}

/** What --skip-existing has to say of the files it keeps, besides keeping them. */
export interface KeptFileFindings {
  outdated: OutdatedFile[];
  unchecked: UncheckedFile[];
  unreadable: UnreadableFile[];
}

export interface BatchProgress {
  done: number;
  total: number;
  failed: number;
}

/** The absolute path of a planned file; refuses anything that would land outside the output folder. */
function resolveTarget(outDir: string, name: string): string {
  if (!isPlainFileName(outDir, name)) throw new SuperviseError(`Refusing to write "${name}": it is not a plain file name inside ${outDir}`);
  return join(outDir, name);
}

function isPlainFileName(outDir: string, name: string): boolean {
  return basename(name) === name && !name.startsWith('.') && resolve(join(outDir, name), '..') === resolve(outDir);
}

/**
 * The previous manifest's records of files this plan does not name (an
 * entry invalid now, or gone from the roster) that are still in the output
 * folder. The batch's manifest carries them on, so that when such an entry
 * is back, --skip-existing can still check its file against it. A name that
 * is not a plain file name in the folder (a hand-edited manifest) is left out.
 */
export async function findEarlierFiles(plan: BatchPlan, outDir: string, previousFiles: ReadonlyMap<string, EarlierFile>): Promise<EarlierFile[]> {
  const planned = new Set(plannedFileNames(plan));
  const candidates = [...previousFiles.values()].filter(
    (record) => !planned.has(record.name) && record.name !== manifestFileName && isPlainFileName(outDir, record.name),
  );
  const present = new Set((await findExistingPaths(candidates.map((record) => join(outDir, record.name)))).map((path) => basename(path)));
  return candidates.filter((record) => present.has(record.name));
}

/**
 * The planned files (and the manifest) that already exist, as bare names.
 * `lstat`, so a symbolic link counts as existing and is never followed.
 */
export async function findExistingTargets(plan: BatchPlan, outDir: string): Promise<string[]> {
  const names = [manifestFileName, ...plannedFileNames(plan)];
  const existing = await findExistingPaths(names.map((name) => resolveTarget(outDir, name)));
  return existing.map((path) => basename(path));
}

/** The names of the files the plan's valid entries are to make. */
function plannedFileNames(plan: BatchPlan): string[] {
  return plan.entries.flatMap((entry) => (entry.ok ? entry.files.map((file) => file.name) : []));
}

/** An output folder that is no longer there (see BatchRun.run): said as that, not as the file that could not be written. */
export class OutputFolderGoneError extends SuperviseError {
  constructor(outDir: string, cause: unknown, shownOutDir = outDir) {
    super(`The output folder ${shownOutDir} was moved or deleted while the batch ran; ${manifestFileName} was not written`, {
      hint: 'Put the folder back where it was and run the same command with --skip-existing to render the rest, or run it again to start afresh.',
      cause,
      file: outDir,
    });
    this.name = 'OutputFolderGoneError';
  }
}

export class BatchRun {
  private readonly entries: ManifestEntry[];
  private readonly templates: BatchManifest['templates'];
  private interrupted = false;
  /** Set once the output folder is made: from then on, a folder that is not there was moved or deleted. */
  private folderMade = false;
  /** Entries whose files are written and being moved into place. */
  private readonly committing = new Map<ManifestEntry, { staged: StagedFile[]; files: ManifestFile[] }>();
  private stopped = false;
  private writeFailure: SuperviseError | undefined;
  /** What --skip-existing found of the files it kept, in the order the lanes came to them. */
  private readonly kept: KeptFileFindings = { outdated: [], unchecked: [], unreadable: [] };
  private done = 0;
  private failed = 0;
  private readonly total: number;
  /** What this run asks of its PDFs, recorded with each. */
  private readonly pdf: ManifestPdfOptions;

  constructor(
    private readonly plan: BatchPlan,
    private readonly packs: readonly Pack[],
    /** Planned names found to exist before the run. */
    private readonly existingNames: ReadonlySet<string>,
    private readonly options: RunBatchOptions,
  ) {
    this.entries = plan.entries.map((entry) => initialManifestEntry(entry));
    this.templates = plan.templates.map((name) => {
      const pack = this.findPack(name);
      return { name, version: pack.manifest.version, sha256: hashPackSources(pack) };
    });
    this.total = plan.entries.filter((entry) => entry.ok).length;
    this.pdf = { paper: options.paper, formFields: options.formFields };
  }

  /** Renders and writes every valid entry, then the manifest. */
  async run(): Promise<BatchOutcome> {
    const { options } = this;
    // Created once here; the per-file writes then skip their own mkdir.
    await ensureFolder(options.outDir);
    this.folderMade = true;
    const work = this.plan.entries.filter((entry): entry is ValidEntry => entry.ok);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < work.length && !this.stopped && !this.writeFailure && !this.interrupted) {
        const entry = work[next]!;
        next += 1;
        await this.processEntry(entry);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(work.length, options.lanes)) }, lane));
    // Nothing more to render: the render threads stop now, so their memory is given back before the
    // manifest is built and written, which was a 10,000-entry batch's last peak. (The caller closes it too.)
    await options.renderer.close();
    // The folder moved or deleted meanwhile: the files written went with it. Writing the manifest would make
    // the folder afresh, holding only a record of agreements that are not there; it is said instead.
    const gone = this.writeFailure !== undefined && (await stat(options.outDir).then((info) => !info.isDirectory(), () => true));
    if (gone) this.writeFailure = new OutputFolderGoneError(options.outDir, this.writeFailure?.cause, options.shownOutDir);
    const manifest = this.snapshot(this.stopped || this.writeFailure ? 'stopped' : 'complete');
    let manifestFailure: SuperviseError | undefined;
    if (gone) manifestFailure = this.writeFailure;
    else if (!this.interrupted) {
      try {
        await writeFileAtomic(resolveTarget(options.outDir, manifestFileName), serialiseManifestInPieces(manifest), { overwrite: true });
      } catch (error) {
        if (!isSuperviseError(error)) throw error;
        manifestFailure = error;
      }
    }
    const inRosterOrder = <T extends { index: number }>(files: readonly T[]): T[] => [...files].sort((a, b) => a.index - b.index);
    return {
      manifest,
      writeFailure: this.writeFailure,
      manifestFailure,
      outdated: inRosterOrder(this.kept.outdated),
      unchecked: inRosterOrder(this.kept.unchecked),
      unreadable: inRosterOrder(this.kept.unreadable),
    };
  }

  /**
   * Called from the signal handler: records exactly the entries finished so
   * far, synchronously, and says what happened. Files still being written
   * are under temporary names, removed on the way out.
   */
  recordInterruption(): string {
    this.interrupted = true;
    // An entry whose files were being moved into place is finished now, so what is on disk and the record agree.
    for (const [record, { staged, files }] of this.committing) {
      try {
        for (const file of staged) completeStagedFileSync(file, { overwrite: this.options.policy === 'overwrite' });
        record.files = files;
        record.status = 'rendered';
      } catch {
        // Not in place: it stays pending, and a re-run renders it.
      }
    }
    this.committing.clear();
    const manifest = this.snapshot('interrupted');
    const shownOut = this.options.shownOutDir ?? this.options.outDir;
    // As at the end of a run: a manifest written now would make the folder afresh, recording agreements not in it.
    if (this.folderMade && statSync(this.options.outDir, { throwIfNoEntry: false })?.isDirectory() !== true) {
      const { rendered } = manifest.summary;
      return (
        `${formatCount(rendered)} agreement${rendered === 1 ? '' : 's'} rendered of ${formatCount(this.total)}, but the output folder ${shownOut} was moved or deleted ` +
        `while the batch ran, so ${manifestFileName} was not written. Put the folder back where it was and run the same command with ` +
        `${this.options.policy === 'overwrite' ? '--skip-existing in place of --force' : '--skip-existing'} to render the rest, or run it again to start afresh.`
      );
    }
    replaceFileAtomicSync(resolveTarget(this.options.outDir, manifestFileName), serialiseManifest(manifest));
    const { rendered, skipped } = manifest.summary;
    return (
      `${formatCount(rendered)} agreement${rendered === 1 ? '' : 's'} rendered${skipped > 0 ? ` (${formatCount(skipped)} kept)` : ''} of ${formatCount(this.total)}, ` +
      `recorded in ${join(shownOut, manifestFileName)}. Run the same command with ` +
      // --force and --skip-existing cannot be given together: after a --force run, the one takes the other's place.
      `${this.options.policy === 'overwrite' ? '--skip-existing in place of --force (files it had not replaced yet are kept as they are)' : '--skip-existing'} to render the rest.`
    );
  }

  private async processEntry(entry: ValidEntry): Promise<void> {
    const record = this.entries[entry.index - 1]!;
    const keep = (name: string): boolean => this.options.policy === 'skip' && this.existingNames.has(name);
    try {
      const files = new Map<string, ManifestFile>();
      for (const file of entry.files) if (keep(file.name)) files.set(file.name, await this.describeKeptFile(entry, file.name));
      if (files.size < entry.files.length) {
        const reply = await this.renderOrStop(entry, record);
        if (reply === undefined) return;
        await this.writeRenderedFiles(entry, record, reply, files);
      }
      if (this.interrupted) return;
      record.files = entry.files.map((file) => files.get(file.name)!);
      record.status = entry.files.every((file) => keep(file.name)) ? 'skipped' : 'rendered';
      this.advance();
    } catch (error) {
      if (!this.interrupted) this.settleFailedEntry(record, error);
    }
  }

  /**
   * The entry's rendered files; undefined when there are none to write: the entry could not be rendered (it is
   * recorded as failed) or the renderer cannot go on (the batch stops).
   */
  private async renderOrStop(entry: ValidEntry, record: ManifestEntry): Promise<Extract<RenderReply, { ok: true }> | undefined> {
    let reply: RenderReply;
    try {
      reply = await this.options.renderer.render(entry);
    } catch (error) {
      // Not this entry's failure (that is a reply), but the renderer's: every later entry would meet it too.
      if (!this.interrupted) this.stopForEnvironment(describeRenderThreadFailure(error));
      return undefined;
    }
    if (reply.ok) return reply;
    if (reply.environment) this.stopForEnvironment(describeRenderThreadFailure(environmentFailureOf(reply.environment)));
    else this.fail(record, [{ path: '', message: reply.message }, ...reply.problems]);
    return undefined;
  }

  /**
   * Writes the rendered files not kept (those already in `files`) under temporary names, then moves them into
   * place, adding each to `files`. Stops short, leaving the entry unrecorded, once the run is interrupted.
   */
  private async writeRenderedFiles(entry: ValidEntry, record: ManifestEntry, reply: Extract<RenderReply, { ok: true }>, files: Map<string, ManifestFile>): Promise<void> {
    const { outDir, policy } = this.options;
    const staged: StagedFile[] = [];
    try {
      for (const rendered of reply.files) {
        const name = entry.files.find((file) => file.format === rendered.format)!.name;
        if (files.has(name)) continue;
        if (this.interrupted) return;
        staged.push(await stageFileAtomic(resolveTarget(outDir, name), rendered.content));
        files.set(name, this.describeRenderedFile(entry, name, rendered));
      }
      if (this.interrupted) return;
      // With --force, a folder under a later file's name would fail its move after the first had replaced its
      // file, and the entry, said to have failed, would have replaced a (perhaps signed) agreement all the same.
      if (policy === 'overwrite' && staged.length > 1) await refuseFoldersInTheWay(staged.map((file) => file.path));
      if (this.interrupted) return;
      await this.placeStagedFiles(entry, record, staged, files);
    } finally {
      // Written (or not to be): the bytes are not read again, and thousands of PDFs must not wait for the garbage collector.
      this.options.renderer.release(reply);
      // Temporary files of an interrupted run are removed on the way out (removePendingTempFiles).
      if (!this.interrupted) for (const leftover of staged) await discardStagedFile(leftover);
    }
  }

  private describeRenderedFile(entry: ValidEntry, name: string, rendered: RenderedBytes): ManifestFile {
    return {
      name,
      bytes: rendered.content.byteLength,
      sha256: hashBytes(rendered.content),
      answersSha256: entry.answersSha256,
      templateSha256: this.templateHash(entry.template),
      templateVersion: this.templateVersion(entry.template),
      pdf: rendered.format === 'pdf' ? this.pdf : null,
    };
  }

  /**
   * Moves an entry's staged files into place, taking each out of `staged` as it is placed (what is left there
   * when this throws is discarded). From here a Ctrl-C finishes these moves itself and records the entry
   * (recordInterruption).
   */
  private async placeStagedFiles(entry: ValidEntry, record: ManifestEntry, staged: StagedFile[], files: ReadonlyMap<string, ManifestFile>): Promise<void> {
    const overwrite = this.options.policy === 'overwrite';
    this.committing.set(record, { staged: [...staged], files: entry.files.map((file) => files.get(file.name)!) });
    const placed: StagedFile[] = [];
    try {
      while (staged.length > 0) {
        await commitStagedFile(staged[0]!, { overwrite });
        placed.push(staged.shift()!);
      }
    } catch (error) {
      this.committing.delete(record);
      if (placed.length === 0 || this.interrupted || !isSuperviseError(error)) throw error;
      throw await this.settlePartlyPlaced(record, error, placed, staged, files);
    }
    this.committing.delete(record);
  }

  /** An entry that failed on the way: the folder or the process stops the batch once; anything else fails the entry alone. */
  private settleFailedEntry(record: ManifestEntry, error: unknown): void {
    if (isFolderWideWriteFailure(error)) {
      this.stopWriting(record, error);
      return;
    }
    // Not this entry's fault, nor the folder's: every later entry would meet it too, so the batch stops once.
    if (isOutOfFileHandles(error)) {
      this.stopForEnvironment(describeOutOfFileHandles(error));
      return;
    }
    const message = messageOf(error);
    this.fail(record, [{ path: '', message }]);
  }

  /**
   * A file of an entry could not be moved into place after others of it were (a race, or a file the folder's
   * sticky bit protects). Without --force those are new, and are taken away again, leaving things as they were.
   * With it they replaced what was there: the entry fails, its record lists them, as they are on disk, and the
   * message says which are new and which as they were.
   */
  private async settlePartlyPlaced(record: ManifestEntry, failure: SuperviseError, placed: readonly StagedFile[], notPlaced: readonly StagedFile[], files: ReadonlyMap<string, ManifestFile>): Promise<SuperviseError> {
    if (this.options.policy !== 'overwrite') {
      await Promise.all(placed.map((file) => rm(file.path, { force: true }).catch(() => undefined)));
      return failure;
    }
    record.files = placed.map((file) => files.get(basename(file.path))!);
    return describePartlyReplaced(failure, placed.map((file) => file.path), notPlaced.map((file) => file.path));
  }

  private templateHash(name: string): string | null {
    return this.templates.find((template) => template.name === name)?.sha256 ?? null;
  }

  private templateVersion(name: string): string | null {
    return this.templates.find((template) => template.name === name)?.version ?? null;
  }

  /** A file kept as it is, recorded as it is on disk; one that is out of date, could not be checked (judgeKeptFile), or could not be read, is said to be. */
  private async describeKeptFile(entry: ValidEntry, name: string): Promise<ManifestFile> {
    await refuseToKeepNonFile(resolveTarget(this.options.outDir, name));
    const made = { templateSha256: this.templateHash(entry.template) ?? undefined, templateVersion: this.templateVersion(entry.template), pdf: this.pdf };
    return noteKeptFile(this.kept, this.options.outDir, entry, name, this.options.previousFiles, made);
  }

  /**
   * Writing into the output folder failed for a reason every later entry
   * would meet too, so no more entries are taken on: rendering them would
   * only fail the same way, one message each. The first entry to meet it is
   * recorded as failed; entries already under way that meet it as well stay
   * pending, since a re-run renders them just the same.
   */
  private stopWriting(record: ManifestEntry, error: SuperviseError): void {
    if (this.writeFailure) return;
    this.writeFailure = error;
    record.status = 'failed';
    record.errors = [{ path: '', message: error.message }];
    this.failed += 1;
    this.advance();
  }

  /**
   * The renderer, or the process, cannot go on (EnvironmentFailureError): no more entries are taken
   * on, as for a folder that stops taking files. No entry is to blame, so the
   * ones that met it stay pending, and a re-run with --skip-existing renders them.
   */
  private stopForEnvironment(error: EnvironmentFailureError): void {
    this.writeFailure ??= error;
  }

  private fail(record: ManifestEntry, errors: { path: string; message: string }[]): void {
    record.status = 'failed';
    record.errors = errors.map(({ path, message }) => ({ path, message }));
    this.failed += 1;
    if (this.options.failFast) this.stopped = true;
    this.options.onEntryFailed?.(record);
    this.advance();
  }

  private advance(): void {
    this.done += 1;
    this.options.onProgress?.({ done: this.done, total: this.total, failed: this.failed });
  }

  private findPack(name: string): Pack {
    const pack = this.packs.find((candidate) => candidate.manifest.name === name);
    if (!pack) throw new SuperviseError(`The template "${name}" is not loaded`);
    return pack;
  }

  private snapshot(status: BatchManifest['status']): BatchManifest {
    // Object.assign, not a spread with `files` after it: see initialManifestEntry.
    const entries = this.entries.map((entry) => Object.assign({}, entry, { files: entry.status === 'pending' ? [] : entry.files }));
    return {
      manifestVersion: manifestFormatVersion,
      tool: { name: 'supervise', version: this.options.toolVersion },
      createdAt: this.options.createdAt.toISOString(),
      roster: this.plan.rosterName,
      rosterSha256: this.plan.rosterSha256 ?? null,
      status,
      formats: [...this.options.formats],
      pdf: this.options.formats.includes('pdf') ? this.pdf : null,
      templates: this.templates,
      summary: summariseEntries(entries),
      entries,
      earlierFiles: this.carryEarlierFiles(entries),
    };
  }

  /**
   * The previous manifest's records that this one would otherwise lose: of
   * files this plan does not name, and of planned files that were there but
   * that this run did not record (an entry not reached, or whose render
   * failed), which it left as they were. In name order, so the same batch
   * gives the same manifest.
   */
  private carryEarlierFiles(entries: readonly ManifestEntry[]): EarlierFile[] {
    const { previousFiles, earlierFiles = [] } = this.options;
    const recorded = new Set(entries.flatMap((entry) => entry.files.map((file) => file.name)));
    const carried = [...earlierFiles];
    for (const entry of this.plan.entries) {
      if (!entry.ok) continue;
      for (const { name } of entry.files) {
        const record = this.existingNames.has(name) && !recorded.has(name) ? previousFiles?.get(name) : undefined;
        if (record) carried.push(record);
      }
    }
    return carried.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/**
 * Written out in full, not as `{ ...base, status }`: V8 (Node 20) gives each object made by a spread
 * followed by more properties a hidden class of its own, ~300 bytes apiece, which a 10,000-entry batch
 * kept for each of its records to the end (~3 MB).
 */
function initialManifestEntry(entry: PlannedEntry): ManifestEntry {
  const [status, errors, warnings] = entry.ok ? (['pending', [], entry.warnings] as const) : (['failed', entry.problems, []] as const);
  return {
    index: entry.index,
    line: entry.location.line ?? null,
    for: entry.who,
    template: entry.template ?? null,
    status,
    files: [],
    errors: errors.map((problem) => toManifestError(problem)),
    warnings: warnings.map((warning) => toManifestError(warning)),
  };
}

/** What this run would make a kept file with: its entry's template (by hash, and its version) and, for a PDF, the PDF options. */
export interface MadeWith {
  templateSha256: string | undefined;
  templateVersion: string | null;
  pdf: ManifestPdfOptions;
}

function describeOutdated(entry: ValidEntry, file: ManifestFile, changed: OutdatedReason[], made: MadeWith): OutdatedFile {
  const outdated: OutdatedFile = { index: entry.index, for: entry.who, name: file.name, changed, pdf: file.pdf };
  if (changed.includes('template')) outdated.templateVersion = { made: file.templateVersion, now: made.templateVersion };
  return outdated;
}

/**
 * A kept file as it is on disk, and whether it is out of date. The previous
 * manifest vouches for what it was made from only if the file is still the
 * one that manifest recorded; then a file made from other answers, another
 * template or (a PDF) other PDF options than this run's is out of date.
 * Markdown is the same whatever the PDF options, and a PDF recorded before
 * manifests held them is not judged by them. `unrecorded`: a manifest was
 * there (`previousFiles`) but has no record of the file at all, so nothing
 * vouches for it and nobody decided that (a file changed by hand since it
 * was recorded, say a signed agreement, is recorded, and kept quietly).
 * `unreadable`: why the file itself could not be read, whatever the manifest
 * says, as then nothing can vouch for it (it is not said to be unrecorded too).
 */
async function judgeKeptFile(
  outDir: string,
  entry: ValidEntry,
  name: string,
  previousFiles: ReadonlyMap<string, EarlierFile> | undefined,
  made: MadeWith,
): Promise<{ file: ManifestFile; changed: OutdatedReason[]; unrecorded: boolean; unreadable?: string }> {
  const { unreadable, ...described } = await describeExistingFile(resolveTarget(outDir, name));
  const previous = previousFiles?.get(name);
  // A record says nothing of other bytes than its own, nor of a file it did not know the making of (kept unchecked, or hand-changed, then).
  const unvouched = !previous || previous.answersSha256 === null || previous.templateSha256 === null;
  if (unvouched || described.sha256 === null || previous.sha256 !== described.sha256) {
    const file = { ...described, answersSha256: null, templateSha256: null, templateVersion: null, pdf: null };
    if (unreadable !== undefined) return { file, changed: [], unrecorded: false, unreadable };
    return { file, changed: [], unrecorded: previousFiles !== undefined && !previous };
  }
  const changed: OutdatedReason[] = [];
  if (previous.answersSha256 !== entry.answersSha256) changed.push('answers');
  if (previous.templateSha256 !== made.templateSha256) changed.push('template');
  const isPdf = entry.files.some((file) => file.name === name && file.format === 'pdf');
  const pdf = isPdf ? previous.pdf : null;
  if (pdf && pdf.paper !== made.pdf.paper) changed.push('paper');
  if (pdf && pdf.formFields !== made.pdf.formFields) changed.push('formFields');
  return { file: { ...described, answersSha256: previous.answersSha256, templateSha256: previous.templateSha256, templateVersion: previous.templateVersion, pdf }, changed, unrecorded: false };
}

/**
 * Judges a kept file (judgeKeptFile) and adds what is to be said of it to `findings`, the same for the batch
 * and its dry run; the file's record for the manifest.
 */
async function noteKeptFile(
  findings: KeptFileFindings,
  outDir: string,
  entry: ValidEntry,
  name: string,
  previousFiles: ReadonlyMap<string, EarlierFile> | undefined,
  made: MadeWith,
): Promise<ManifestFile> {
  const { file, changed, unrecorded, unreadable } = await judgeKeptFile(outDir, entry, name, previousFiles, made);
  if (changed.length > 0) findings.outdated.push(describeOutdated(entry, file, changed, made));
  if (unrecorded) findings.unchecked.push({ index: entry.index, for: entry.who, name });
  if (unreadable !== undefined) findings.unreadable.push({ index: entry.index, for: entry.who, name, reason: unreadable });
  return file;
}

/**
 * The files --skip-existing would keep that are out of date, or that cannot
 * be checked (see judgeKeptFile), for a dry run to say so as the batch itself
 * would; and those it could not read, manifest or none. `previousFiles`: undefined when there is no previous manifest;
 * `templates`: each template's SHA-256 (hashPackSources) and version, by name;
 * `pdf`: the PDF options the run would use.
 */
export async function judgeKeptFiles(
  plan: BatchPlan,
  outDir: string,
  kept: ReadonlySet<string>,
  previousFiles: ReadonlyMap<string, EarlierFile> | undefined,
  templates: ReadonlyMap<string, Pick<ManifestTemplate, 'sha256' | 'version'>>,
  pdf: ManifestPdfOptions,
): Promise<KeptFileFindings> {
  const findings: KeptFileFindings = { outdated: [], unchecked: [], unreadable: [] };
  for (const entry of plan.entries) {
    if (!entry.ok) continue;
    for (const { name } of entry.files) {
      if (!kept.has(name)) continue;
      const template = templates.get(entry.template);
      const made = { templateSha256: template?.sha256, templateVersion: template?.version ?? null, pdf };
      await noteKeptFile(findings, outDir, entry, name, previousFiles, made);
    }
  }
  return findings;
}

/**
 * What the output folder's `manifest.json` says of its files: undefined when
 * there is none, and nothing (an empty map) when it cannot be read, in which
 * case `unreadable` says why.
 */
export interface PreviousManifest {
  files: Map<string, EarlierFile> | undefined;
  unreadable: string | undefined;
}

/**
 * What the output folder's `manifest.json` says of its files. None there
 * vouches for nothing, quietly; one that cannot be read (not JSON, not a
 * manifest, a link, a folder) vouches for nothing too, and says so, since
 * the files it would have vouched for are then kept unchecked.
 */
export async function loadPreviousManifest(outDir: string): Promise<PreviousManifest> {
  const path = resolveTarget(outDir, manifestFileName);
  const unreadable = (why: string): PreviousManifest => ({ files: new Map(), unreadable: why });
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = errnoCodeOf(error);
    // O_NOFOLLOW refuses a link with ELOOP: here that is what it means, not a loop of links.
    return code === 'ENOENT' ? { files: undefined, unreadable: undefined } : unreadable(code === 'ELOOP' ? 'it is a symbolic link' : describeFsReason(error));
  }
  try {
    if (!(await handle.stat()).isFile()) return unreadable('it is not a file');
    let json: unknown;
    try {
      json = JSON.parse(await handle.readFile('utf8')) as unknown;
    } catch {
      return unreadable('it is not valid JSON');
    }
    if (!isManifestShaped(json)) return unreadable('it is not a supervise manifest');
    return { files: readPreviousFileRecords(json), unreadable: undefined };
  } catch {
    return unreadable('it cannot be read');
  } finally {
    await handle.close();
  }
}

/**
 * --skip-existing keeps agreements: a folder, or a symbolic link, under an
 * agreement's name is none, and kept as one the batch would call the entry
 * done (exit 0) with no agreement written, as a run with --force, which
 * fails on the folder, tells the user to do. Its entry fails instead, naming it.
 */
async function refuseToKeepNonFile(path: string): Promise<void> {
  const inTheWay = await describeTargetInTheWay(path, 'skip');
  if (inTheWay !== undefined) throw new SuperviseError(inTheWay, { file: path });
}

/**
 * Why the batch would fail an entry on what is already under one of its
 * files' names, in the words it fails it with: --skip-existing keeps only a
 * file (refuseToKeepNonFile), and --force replaces a file or a symbolic link
 * but cannot replace a folder (its write fails as "it is a folder").
 * Undefined when nothing is in the way.
 */
async function describeTargetInTheWay(path: string, policy: ExistingPolicy): Promise<string | undefined> {
  if (policy === 'refuse') return undefined;
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return undefined;
  if (policy === 'overwrite') return info.isDirectory() ? `Cannot write ${path}: ${describeFsReason({ code: 'EISDIR' })}` : undefined;
  if (info.isFile()) return undefined;
  const kind = info.isDirectory() ? 'a folder' : info.isSymbolicLink() ? 'a symbolic link' : 'not a plain file';
  return `Cannot keep ${path} as its agreement: it is ${kind}; move it out of the way and run the same command again`;
}

/**
 * The entries the batch would fail on something in the way of one of their
 * files (describeTargetInTheWay), by entry number, each with the first such
 * file's message, as the batch stops an entry at the first: for a dry run to
 * say so as the batch itself would. `existing`: the planned files already there.
 */
export async function findTargetsInTheWay(plan: BatchPlan, outDir: string, existing: ReadonlySet<string>, policy: ExistingPolicy): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (policy === 'refuse') return found;
  for (const entry of plan.entries) {
    if (!entry.ok) continue;
    for (const { name } of entry.files) {
      if (!existing.has(name)) continue;
      const inTheWay = await describeTargetInTheWay(resolveTarget(outDir, name), policy);
      if (inTheWay === undefined) continue;
      found.set(entry.index, inTheWay);
      break;
    }
  }
  return found;
}

/**
 * A kept file is recorded as it is on disk. It is opened without following
 * symbolic links, so a link planted in the output folder is noted, not read.
 * `unreadable`: why a file could not be read; not set for a link or anything
 * but a file, which --skip-existing refuses to keep (describeTargetInTheWay).
 */
async function describeExistingFile(path: string): Promise<Pick<ManifestFile, 'name' | 'bytes' | 'sha256'> & { unreadable?: string }> {
  const name = basename(path);
  const notRead = { name, bytes: null, sha256: null };
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    // O_NOFOLLOW refuses a link with ELOOP: a link, in the way, not a file that cannot be read.
    return errnoCodeOf(error) === 'ELOOP' ? notRead : { ...notRead, unreadable: describeFsReason(error) };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return notRead;
    const content = await handle.readFile();
    return { name, bytes: content.byteLength, sha256: hashBytes(content) };
  } catch (error) {
    return { ...notRead, unreadable: describeFsReason(error) };
  } finally {
    await handle.close();
  }
}
