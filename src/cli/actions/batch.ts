import { lstatSync } from 'node:fs';
import { readlink, realpath, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { expandFormat, resolveCreationDate } from '../../render/render-agreement.js';
import { compilePacks } from '../../render/render-markdown.js';
import { hashPackSources, manifestFileName, type EarlierFile } from '../../batch/batch-manifest.js';
import { createInProcessRenderer, createThreadRenderer, type EntryRenderer } from '../../batch/entry-renderers.js';
import {
  countEntries,
  finishPlan,
  nameEntry,
  startPlan,
  TakenStems,
  type BatchPlan,
  type InvalidEntry,
  type PlanBatchOptions,
  type PlanInProgress,
  type PlannedEntry,
  type ValidEntry,
} from '../../batch/plan-batch.js';
import { planHelperThreshold, planWithHelper, startPlanHelper, type PlanHelper } from '../../batch/plan-helper.js';
import { parseRoster, type RosterSource } from '../../batch/read-roster.js';
import type { WorkerInit } from '../../batch/worker-protocol.js';
import {
  BatchRun,
  findEarlierFiles,
  findExistingTargets,
  findTargetsInTheWay,
  judgeKeptFiles,
  loadPreviousManifest,
  type BatchOutcome,
  type PreviousManifest,
  type ExistingPolicy,
} from '../../batch/run-batch.js';
import { InterruptedError, isSuperviseError, messageOf, SuperviseError, UsageError } from '../../errors.js';
import { errnoCodeOf } from '../../io/fs-reasons.js';
import { readInput } from '../../io/read-input.js';
import { loadPrintableCharacters } from '../../render/printable-characters.js';
import { printablePackTextCheck } from '../printable-pack-text.js';
import { checkFolderWritable, findSameFile, findTemporaryFiles, isSameFile } from '../../io/write-files.js';
import { describeBrokenPacks, findPack, loadPackFolder, refuseBrokenPack, type PackFolder } from '../../packs/load-packs.js';
import { isPlainObject } from '../../packs/object-paths.js';
import type { Pack } from '../../packs/pack-format.js';
import type { BatchOptions } from '../commands/batch.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { refuseStandardStream } from '../path-options.js';
import { runWithJsonFailureReport } from '../json-failure.js';
import { onInterrupt } from '../interrupts.js';
import { pointAtBundledExample } from '../bundled-examples.js';
import {
  describeClashes,
  maxListed,
  pdfOptionsOf,
  reportDryRun,
  reportFailedRender,
  reportInvalidEntries,
  reportCommonProblems,
  reportOutcome,
  reportStoppedAsJson,
  describeLeftOutPacks,
  type LeftOutPack,
  reportTemporaryFiles,
  reportUnreadableManifest,
  reportWarnings,
} from './batch-report.js';
import { formatCount } from '../../format-count.js';
import { keepHeapsSmall } from '../../threads.js';

/** `supervise batch ROSTER`: plan the whole roster, refuse or skip what exists, render the rest. */
export async function runBatchCommand(rosterArgument: string, options: BatchOptions, context: CommandContext): Promise<void> {
  const interrupt = watchInterrupt();
  try {
    // A script reading --json gets a report even when the batch cannot start.
    await runWithJsonFailureReport(options.json, context, (tracked) => runBatch(rosterArgument, options, interrupt, tracked));
  } finally {
    interrupt.end();
  }
}

/** Ctrl-C during a batch (see watchInterrupt). */
interface BatchInterrupt {
  /**
   * Hands Ctrl-C over to the run about to start, until the returned function is called; throws
   * InterruptedError if one has come already, so that the run never starts.
   */
  handOver(handler: () => string | undefined): () => void;
  /** The batch is over: Ctrl-C is no longer its to answer. */
  end(): void;
}

/**
 * Ctrl-C from the moment the batch starts. Before its run starts the batch has written nothing, and the
 * message says so; but the command goes on while its render threads stop (main.ts), and must then not
 * start writing after all. Once the run has started, it records what it has written (recordInterruption).
 */
function watchInterrupt(): BatchInterrupt {
  let interrupted = false;
  let handler: (() => string | undefined) | undefined;
  const end = onInterrupt(() => {
    interrupted = true;
    return handler?.();
  });
  return {
    handOver(runHandler) {
      if (interrupted) throw new InterruptedError();
      handler = runHandler;
      return () => {
        handler = undefined;
      };
    },
    end,
  };
}

async function runBatch(rosterArgument: string, options: BatchOptions, interrupt: BatchInterrupt, context: CommandContext): Promise<void> {
  await refuseUnusableArguments(rosterArgument, options, context.cwd);
  // Before any thread starts (see threads.ts): a long batch would otherwise hold ~30 MB of this thread's empty
  // young generation, and its heap would grow to several times what it holds.
  keepHeapsSmall();
  // Planned in a function of its own, so that once it returns nothing holds the roster's text or its parsed
  // lines: for a long roster, megabytes this thread would otherwise keep to the end of the run.
  const planned = await readAndPlanRoster(rosterArgument, options, interrupt, context);
  try {
    await carryOutPlan(planned);
  } finally {
    await planned.renderer?.close();
  }
}

/** The roster read, checked and planned, with the renderer that started on its first entries meanwhile. */
interface PlannedBatch {
  plan: BatchPlan;
  /** Undefined for a dry run. */
  renderer: EntryRenderer | undefined;
  /** Entries taken on at once (RunBatchOptions.lanes). */
  lanes: number;
  creationDate: Date;
  setup: BatchSetup;
}

async function readAndPlanRoster(rosterArgument: string, options: BatchOptions, interrupt: BatchInterrupt, context: CommandContext): Promise<PlannedBatch> {
  const formats = expandFormat(options.format);
  const rosterPath = resolve(context.cwd, rosterArgument);
  const shownRoster = displayPath(rosterPath, context.cwd);
  const policy: ExistingPolicy = options.force ? 'overwrite' : options.skipExisting ? 'skip' : 'refuse';
  // Markdown is rendered here, with the answers planning validated (see entry-renderers.ts).
  const inProcess = !formats.includes('pdf');
  const planOptions: PlanBatchOptions = { formats, keepAnswers: inProcess && !options.dryRun, printable: formats.includes('pdf') ? loadPrintableCharacters() : undefined };
  // When no render threads will be busy, a long roster is planned with a helper thread (plan-helper.ts).
  const wantHelper = inProcess || options.dryRun;
  await refuseRosterAsManifest(rosterPath, shownRoster, options, context.cwd);

  // The roster is read while the templates load, so a helper can start loading its modules meanwhile;
  // a roster that cannot be read is still reported after a template problem (packsLoading is awaited first).
  const packsLoading = loadPackFolder(options.templates && resolve(context.cwd, options.templates), (path) => displayPath(path, context.cwd));
  const rosterReading = readInput(rosterPath, 'roster', shownRoster);
  packsLoading.catch(() => undefined);
  let helper: PlanHelper | undefined;
  const helperStarting = rosterReading.then(
    ({ text }) => {
      if (wantHelper && text.length > planHelperThreshold) helper = startPlanHelper({ text, file: shownRoster, options: planOptions });
    },
    () => undefined,
  );
  try {
    const folder = await packsLoading;
    const { text, sha256 } = await rosterReading.catch((error: unknown) => {
      throw pointAtBundledExample(error, rosterArgument, (path) => `give it as \`supervise batch ${path}\`.`);
    });
    const source = parseRoster(text, shownRoster, { sha256, recordedName: await nameRosterForManifest(rosterPath, shownRoster) });
    refuseBrokenPacksUsed(source, folder);
    const warning = describeBrokenPacks(folder);
    if (warning) context.reporter.warn(warning);
    const { packs } = folder;
    // Checking every entry comes before the first is rendered, and takes seconds for thousands: said now, on a
    // terminal, until the progress bar (or the first message) takes its place.
    const count = source.entries?.count ?? 0;
    if (count > 0) context.reporter.status(`Checking ${formatCount(count)} entr${count === 1 ? 'y' : 'ies'}…`);
    await helperStarting;
    const leftOut = describeLeftOutPacks(folder.broken, context.cwd);
    return await planRoster(source, helper, { packs, leftOut, policy, inProcess, planOptions, interrupt, options, context });
  } finally {
    await helperStarting;
    await helper?.close();
  }
}

/** Options and arguments no batch can run with, refused before anything is read. */
async function refuseUnusableArguments(rosterArgument: string, options: BatchOptions, cwd: string): Promise<void> {
  // Here rather than as Commander's conflict, which says only that they clash: the hint says which to keep for what.
  if (options.force && options.skipExisting) {
    throw new UsageError(
      '--force and --skip-existing cannot be used together',
      'Keep one: --force to render every file again, replacing those already there, or --skip-existing to keep those and render only the rest.',
    );
  }
  refuseStandardStream('The roster', rosterArgument, { direction: 'input', names: 'a file' });
  refuseStandardStream('--out', options.out, { direction: 'output', names: 'a folder' });
  await refuseFileAsOutFolder(resolve(cwd, options.out), cwd);
}

/** The batch replaces its manifest.json; a roster kept under that name in the output folder would be lost. */
async function refuseRosterAsManifest(rosterPath: string, shownRoster: string, options: BatchOptions, cwd: string): Promise<void> {
  const outDir = resolve(cwd, options.out);
  if (!(await isSameFile(rosterPath, join(outDir, manifestFileName)))) return;
  throw new UsageError(
    `The roster ${shownRoster} is the manifest.json this batch writes in its output folder (${displayPath(outDir, cwd)})`,
    'Rename the roster or move it out of that folder, or choose another folder with --out.',
  );
}

/**
 * The roster as manifest.json names it. A file by its name, as `sha256sum` would; but a roster given as a
 * descriptor (`/dev/stdin`, `<(…)`'s `/dev/fd/63`) would be recorded as "stdin" or "63", naming no file.
 * Such a path that leads to a file (`< roster.yaml`) is named by that file; one that leads to a pipe or a
 * device, which has no name of its own, is recorded as given, saying where it was read from.
 */
async function nameRosterForManifest(rosterPath: string, shownRoster: string): Promise<string> {
  const isDescriptor = (path: string): boolean => /^\/(dev|proc)\//.test(path);
  if (!isDescriptor(rosterPath)) return basename(rosterPath);
  const real = await realpath(rosterPath).catch(() => undefined);
  return real !== undefined && !isDescriptor(real) && (await stat(real).then((info) => info.isFile(), () => false)) ? basename(real) : shownRoster;
}

/**
 * A pack of the --templates folder that cannot be used (loadPackFolder) stops the batch before anything is
 * planned, with its problems, when an entry (or `defaults`) names it, or when an entry names no template and
 * the folder has one other pack: it may be the one meant. Any other batch goes on without it. An entry that
 * cannot be read here is left to planning, which says where and why.
 */
function refuseBrokenPacksUsed(source: RosterSource, folder: PackFolder): void {
  if (folder.broken.length === 0) return;
  const templateOf = (value: unknown): unknown => (isPlainObject(value) ? value.template : undefined);
  let byDefault: unknown;
  try {
    byDefault = templateOf(isPlainObject(source.top.value) ? source.top.value.defaults : undefined);
  } catch {
    return;
  }
  const named = new Set<string>();
  let unnamed = false;
  for (let index = 0; index < (source.entries?.count ?? 0); index += 1) {
    let template: unknown;
    try {
      template = templateOf(source.entries!.read(index).value) ?? byDefault;
    } catch {
      continue;
    }
    if (typeof template === 'string') named.add(template);
    else if (template == null) unnamed = true;
  }
  refuseBrokenPack(folder, [...named]);
  if (unnamed && folder.packs.length === 1) refuseBrokenPack(folder, folder.broken.flatMap((pack) => pack.names));
}

/**
 * --out naming a file (or a path inside one) is said as that, at once, before the roster is even read: later
 * it would surface as "Cannot write out/manifest.json: a part of the path is a file", naming a file the user
 * never typed. So is a symbolic link to a folder that is not there, which the batch cannot make (it would say
 * "it does not exist" of the very folder it was to make). The nearest part of the path that exists is the one
 * looked at; anything odd is left to the checks that write (checkFolderWritable).
 */
async function refuseFileAsOutFolder(outDir: string, cwd: string): Promise<void> {
  let path = outDir;
  for (;;) {
    const info = await stat(path).catch((error: unknown) => (['ENOENT', 'ENOTDIR'].includes(errnoCodeOf(error) ?? '') ? null : undefined));
    if (info === undefined) return;
    if (info !== null) {
      if (info.isDirectory()) return;
      const shown = displayPath(path, cwd);
      throw new SuperviseError(
        path === outDir ? `--out ${shown} is a file, not a folder` : `--out ${displayPath(outDir, cwd)} is inside ${shown}, which is a file, not a folder`,
        { hint: 'Name a folder with --out (it is made if it is not there), for example --out agreements; nothing was written.', file: path },
      );
    }
    const target = await readlink(path).catch(() => undefined);
    if (target !== undefined) {
      const shown = displayPath(path, cwd);
      throw new SuperviseError(
        `${path === outDir ? `--out ${shown} is` : `--out ${displayPath(outDir, cwd)} is inside ${shown},`} a symbolic link to ${target}, which does not exist`,
        { hint: `Make the folder it points to, or name another folder with --out; nothing was written.`, file: path },
      );
    }
    const parent = dirname(path);
    if (parent === path) return;
    path = parent;
  }
}

/** What the batch settled before planning, the same from planning to its last report. */
interface BatchSetup {
  packs: readonly Pack[];
  /** The packs of the --templates folder the batch goes on without, for the --json report. */
  leftOut: readonly LeftOutPack[];
  policy: ExistingPolicy;
  /** Markdown only, rendered in this thread (entry-renderers.ts). */
  inProcess: boolean;
  planOptions: PlanBatchOptions;
  interrupt: BatchInterrupt;
  options: BatchOptions;
  context: CommandContext;
}

/** Plans every entry, handing each valid one to the renderer as it goes; the renderer is closed if planning stops the batch. */
async function planRoster(source: RosterSource, helper: PlanHelper | undefined, setup: BatchSetup): Promise<PlannedBatch> {
  const { packs, leftOut, policy, inProcess, planOptions, options, context } = setup;
  const outDir = resolve(context.cwd, options.out);
  const formats = planOptions.formats;
  const started = startPlan(source, packs, planOptions);
  const creationDate = resolveCreationDate(context.env.SOURCE_DATE_EPOCH);
  const init: WorkerInit = {
    packs: [...packs],
    defaults: started.defaults,
    formats: [...formats],
    paper: options.paper,
    formFields: options.formFields,
    creationDate: creationDate.getTime(),
  };
  const jobs = options.jobs ?? defaultJobs();
  const renderer = options.dryRun ? undefined : inProcess ? createInProcessRenderer(init) : createThreadRenderer(Math.min(jobs, started.count), init);
  try {
    // A render thread's start sets back the settings that keep this thread's heap small; planning makes a lot.
    await renderer?.ready();
    // An entry --skip-existing will keep whole is not worth rendering ahead.
    const entries = helper
      ? await planOnHelper(source, packs, started, planOptions, helper)
      : await planHereRenderingAhead(started, renderer, (entry) => policy === 'skip' && entry.files.every((file) => existsNow(join(outDir, file.name))));
    // Two per render lane, so none idles; for Markdown (rendered here), enough writes in flight to keep
    // libuv's file-system threads busy. --fail-fast keeps two per job, bounding what is under way when one fails.
    const lanes = inProcess && !options.failFast ? inProcessLanes : 2 * jobs;
    const plan = finishPlan(source, started.defaults, entries);
    // Said before a pack that does not compile stops the batch, so that one run names every problem.
    reportInvalidEntries(plan.entries.filter((entry): entry is InvalidEntry => !entry.ok), context);
    reportWarnings(plan.entries.filter((entry): entry is ValidEntry => entry.ok), context);
    // A pack whose templates do not parse would fail every entry made from it the same way: it stops the
    // batch once, here, before anything is written. Markdown renders in this thread, so this is the compile
    // it needs anyway. PDFs compile on the render threads; there the built-in packs, which the test suite
    // checks, are not parsed a second time. The packs that invalid entries name are compiled too: otherwise,
    // with every entry invalid, a broken pack would be found only once the entries were fixed.
    if (inProcess || options.templates !== undefined) {
      try {
        compileNamedPacks(plan, packs, planOptions, options, context);
      } catch (error) {
        if (options.json && isSuperviseError(error)) reportStoppedAsJson(error, plan, leftOut, context);
        throw error;
      }
    }
    return { plan, renderer, lanes, creationDate, setup };
  } catch (error) {
    await renderer?.close();
    throw error;
  }
}

/** Every entry planned on the helper thread, then named here in roster order. */
async function planOnHelper(source: RosterSource, packs: readonly Pack[], started: PlanInProgress, planOptions: PlanBatchOptions, helper: PlanHelper): Promise<PlannedEntry[]> {
  helper.setUp({ packs: [...packs], split: source.split, defaults: started.defaults });
  const planned = await planWithHelper(source, packs, started.defaults, started.count, planOptions, helper);
  const names = new TakenStems();
  return planned.map((entry) => nameEntry(names, entry, planOptions));
}

/** Every entry planned in this thread, each valid one handed to the render threads as it is, unless `keptWhole` (--skip-existing keeps all its files). */
async function planHereRenderingAhead(started: PlanInProgress, renderer: EntryRenderer | undefined, keptWhole: (entry: ValidEntry) => boolean): Promise<PlannedEntry[]> {
  const entries: PlannedEntry[] = [];
  for (const entry of started.entries) {
    entries.push(entry);
    if (entry.ok && renderer && !keptWhole(entry)) renderer.prefetch(entry);
    // Now and then, let replies from the render threads (and Ctrl-C) be heard.
    if (entries.length % 64 === 0) await new Promise((resolveYield) => setImmediate(resolveYield));
  }
  return entries;
}

/** Compiles the packs the plan's entries name, valid or not, throwing at the first that does not compile (see planRoster). */
function compileNamedPacks(plan: BatchPlan, packs: readonly Pack[], planOptions: PlanBatchOptions, options: BatchOptions, context: CommandContext): void {
  const named = [...new Set(plan.entries.flatMap((entry) => (entry.template === undefined ? [] : [entry.template])))].sort();
  const { printable } = planOptions;
  compilePacks(named.map((name) => findPack(packs, name)), (path) => displayPath(path, context.cwd), {
    checkNames: options.templates !== undefined,
    // A pack's own text the PDF cannot print would fail every entry made from it, each with its own message.
    unprintable: printable && options.templates !== undefined ? printablePackTextCheck(printable) : undefined,
  });
}

/** Markdown files being written at once (measured: 16 beats 4, more gains nothing). */
const inProcessLanes = 16;

/**
 * One render per core (the main thread's and the render threads'), but at
 * most four by default: each holds its own copy of the modules, fonts and
 * heap (tens of MB), and past four the main thread's writes, not rendering,
 * set the pace. --jobs goes higher when asked.
 */
function defaultJobs(): number {
  return Math.max(1, Math.min(availableParallelism(), maxDefaultJobs));
}

const maxDefaultJobs = 4;

/** lstat, so a symbolic link counts as there; anything odd counts as there too, for the full check to report. */
function existsNow(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}

/**
 * The output folder as the batch finds it before writing anything: the
 * planned files (and manifest.json) already there, and the last manifest,
 * read once, for a dry run or the batch.
 */
interface OutputFolderState {
  outDir: string;
  shownOut: string;
  existing: ReadonlySet<string>;
  /** With --skip-existing or --force, which replace it: its records of files this run leaves as they are. */
  previous: PreviousManifest | undefined;
  /** With --skip-existing: what the files it keeps were made from. */
  keptFrom: PreviousManifest | undefined;
}

async function carryOutPlan({ plan, renderer, lanes, creationDate, setup }: PlannedBatch): Promise<void> {
  const { leftOut, policy, options, context } = setup;
  refusePlanWithNothingToRender(plan, leftOut, options, context);
  const folder = await inspectOutputFolder(plan, policy, options, context);
  if (options.dryRun || !renderer) {
    await reportWhatTheBatchWouldDo(plan, folder, setup);
    return;
  }
  // The manifest is the batch's own record: replaced by --force and by --skip-existing (which continues a batch).
  if (policy === 'refuse') refuseExistingFiles([...folder.existing], folder.shownOut);
  const { outDir, shownOut, existing, previous } = folder;
  const earlierFiles = previous?.files ? await findEarlierFiles(plan, outDir, previous.files) : [];
  // Under --force too: an entry not reached (Ctrl-C, a full disk) or whose render failed leaves its old file in
  // place, and its record must outlive the manifest this run replaces.
  const outcome = await applyPlan(plan, renderer, lanes, creationDate, folder, earlierFiles, setup);
  reportOutcome(plan, outcome, policy === 'skip' ? existing : new Set(), shownOut, folder.keptFrom?.unreadable, leftOut, options, context);
}

/** Invalid entries stop the batch before anything is written when none is valid, or under --fail-fast; a dry run goes on to list the plan, invalid entries and all. */
function refusePlanWithNothingToRender(plan: BatchPlan, leftOut: readonly LeftOutPack[], options: BatchOptions, context: CommandContext): void {
  const { valid, invalid } = countEntries(plan);
  if (invalid === 0 || !(options.failFast || valid === 0) || options.dryRun) return;
  const error = new SuperviseError(
    `${formatCount(invalid)} of ${formatCount(plan.entries.length)} roster entries ${invalid === 1 ? 'is' : 'are'} invalid; nothing was written`,
    { hint: valid === 0 ? `Fix ${describeInvalidListing(options)} and run again.` : `Fix ${describeInvalidListing(options)}, or run without --fail-fast to render the valid ones.` },
  );
  if (options.json) reportStoppedAsJson(error, plan, leftOut, context);
  reportCommonProblems(plan, context);
  throw error;
}

/**
 * What is already in the output folder, refusing one the batch cannot use (it holds the roster under a
 * planned name, or takes no files) and naming what a killed batch left there; nothing is written yet.
 */
async function inspectOutputFolder(plan: BatchPlan, policy: ExistingPolicy, options: BatchOptions, context: CommandContext): Promise<OutputFolderState> {
  const outDir = resolve(context.cwd, options.out);
  const shownOut = displayPath(outDir, context.cwd);
  const existing = new Set(await findExistingTargets(plan, outDir));
  await refuseRosterAsOutput(plan, existing, outDir, shownOut, context);
  await refuseUnwritableFolder(outDir, options);
  // Before this run writes any of its own: what a run killed outright could not remove.
  reportTemporaryFiles(await findTemporaryFiles(outDir), shownOut, context);
  const previous = policy === 'refuse' ? undefined : await loadPreviousManifest(outDir);
  const keptFrom = policy === 'skip' ? previous : undefined;
  if (keptFrom) reportUnreadableManifest(keptFrom.unreadable, existing, shownOut, context);
  return { outDir, shownOut, existing, previous, keptFrom };
}

/**
 * As with manifest.json (runBatch): --force would replace a roster kept under an agreement's name, and
 * --skip-existing would keep it as that agreement. Only a planned file already there can be the roster.
 */
async function refuseRosterAsOutput(plan: BatchPlan, existing: ReadonlySet<string>, outDir: string, shownOut: string, context: CommandContext): Promise<void> {
  const rosterPath = resolve(context.cwd, plan.rosterFile); // named as shown: inside the current folder, relative to it
  const planned = [...existing].filter((name) => name !== manifestFileName);
  const rosterAsOutput = await findSameFile(rosterPath, outDir, planned.map((name) => join(outDir, name)));
  if (rosterAsOutput === undefined) return;
  const entry = plan.entries.find((candidate) => candidate.ok && candidate.files.some((file) => join(outDir, file.name) === rosterAsOutput))!;
  throw new UsageError(
    `The roster ${plan.rosterFile} is the ${basename(rosterAsOutput)} this batch writes for entry ${entry.index} (${entry.who}) in its output folder (${shownOut})`,
    'Rename the roster or move it out of that folder, or choose another folder with --out.',
  );
}

/** A folder that takes no files fails here, once, rather than on the first entry rendered (a dry run says so too). */
async function refuseUnwritableFolder(outDir: string, options: BatchOptions): Promise<void> {
  await checkFolderWritable(outDir).catch((error: unknown) => {
    if (!isSuperviseError(error)) throw error;
    throw new SuperviseError(`${options.dryRun ? 'Dry run: ' : ''}${error.message}; nothing was written`, {
      // The write's own hint says what to do about its cause: permissions are no help on a read-only disk.
      hint: error.hint ?? 'Choose another output folder with --out, or fix the permissions of this one, and run again.',
      file: error.file,
    });
  });
}

/**
 * A dry run: lists the plan and says each reason the batch would not succeed, with what to do about it, and
 * what --skip-existing would keep although its entry has changed, or unchecked, as the batch would say it.
 */
async function reportWhatTheBatchWouldDo(plan: BatchPlan, folder: OutputFolderState, setup: BatchSetup): Promise<void> {
  const { packs, leftOut, policy, options, context } = setup;
  const { outDir, shownOut, existing, keptFrom } = folder;
  const { invalid } = countEntries(plan);
  const kept = keptFrom
    ? await judgeKeptFiles(plan, outDir, existing, keptFrom.files, hashTemplates(plan, packs), pdfOptionsOf(options))
    : { outdated: [], unchecked: [], unreadable: [] };
  const clashes = policy === 'refuse' ? [...existing] : [];
  // A folder (or, for --skip-existing, a symbolic link) under a file's name fails its entry in the batch: so in the dry run.
  const wouldFail = await findTargetsInTheWay(plan, outDir, existing, policy);
  const blocked = wouldFail.size;
  const reasons = [
    ...(invalid > 0 ? [`${formatCount(invalid)} of ${formatCount(plan.entries.length)} entries ${invalid === 1 ? 'is' : 'are'} invalid`] : []),
    ...(clashes.length > 0 ? [`${describeClashes(clashes)} in ${shownOut}`] : []),
    ...(blocked > 0 ? [`${formatCount(blocked)} entr${blocked === 1 ? 'y' : 'ies'} would fail: ${describeInTheWay(blocked, policy)} in ${shownOut} ${blocked === 1 ? 'is' : 'are'} in the way`] : []),
  ];
  const remedies = [
    ...(invalid > 0 ? [`fix ${describeInvalidListing(options)}`] : []),
    ...(clashes.length > 0 ? ['use --force to replace the existing files or --skip-existing to keep them'] : []),
    ...(blocked > 0 ? [`move ${blocked === 1 ? 'it' : 'them'} elsewhere and run again`] : []),
  ].map((remedy, position) => (position === 0 ? remedy[0]!.toUpperCase() + remedy.slice(1) : remedy));
  const refusal = reasons.length > 0 ? new SuperviseError(`Dry run: ${reasons.join(', and ')}`, { hint: `${remedies.join('; ')}. Nothing was written.` }) : undefined;
  reportDryRun(plan, outDir, shownOut, existing, policy, kept, wouldFail, keptFrom?.unreadable, refusal, leftOut, options, context);
  if (refusal) {
    reportCommonProblems(plan, context);
    throw refusal;
  }
}

/** Without --force or --skip-existing, planned files (or a manifest) already there stop the batch, named, before anything is written. */
function refuseExistingFiles(clashes: readonly string[], shownOut: string): void {
  if (clashes.length === 0) return;
  const listed = clashes.slice(0, maxListed).map((name) => `  ${join(shownOut, name)}`);
  if (clashes.length > maxListed) listed.push(`  … and ${formatCount(clashes.length - maxListed)} more`);
  throw new SuperviseError(
    `Not overwriting ${formatCount(clashes.length)} existing file${clashes.length === 1 ? '' : 's'} in ${shownOut}; nothing was written:\n${listed.join('\n')}`,
    { hint: 'Use --force to replace them, --skip-existing to keep them and render only the rest, or choose another folder with --out.' },
  );
}

/** Where the invalid entries' problems are: listed above on a terminal; in a --json report, in its `entries`, nothing being above. */
function describeInvalidListing(options: BatchOptions): string {
  return options.json ? 'the invalid entries (each in `entries`, with its problems)' : 'the entries listed above';
}

/** What --force cannot replace (a folder), or --skip-existing keep (a folder or a symbolic link): "2 folders or symbolic links". */
function describeInTheWay(count: number, policy: ExistingPolicy): string {
  if (policy === 'overwrite') return count === 1 ? 'a folder' : `${formatCount(count)} folders`;
  return count === 1 ? 'a folder or symbolic link' : `${formatCount(count)} folders or symbolic links`;
}

/**
 * Renders and writes the plan's valid entries into the output folder as `folder` found it; `earlierFiles`: the
 * previous manifest's records of files this plan leaves alone, carried on into the new one (findEarlierFiles).
 */
async function applyPlan(plan: BatchPlan, renderer: EntryRenderer, lanes: number, creationDate: Date, folder: OutputFolderState, earlierFiles: readonly EarlierFile[], setup: BatchSetup): Promise<BatchOutcome> {
  const { packs, policy, interrupt, options, context } = setup;
  const { outDir, existing, previous } = folder;
  const progress = context.reporter.progress(plan.entries.filter((entry) => entry.ok).length);

  const run = new BatchRun(plan, packs, existing, {
    outDir,
    shownOutDir: displayPath(outDir, context.cwd),
    formats: expandFormat(options.format),
    paper: options.paper,
    formFields: options.formFields,
    creationDate,
    createdAt: creationDate,
    renderer,
    lanes,
    policy,
    previousFiles: previous?.files,
    earlierFiles,
    failFast: options.failFast,
    toolVersion: context.version,
    onProgress: (state) => progress?.update(state.done, state.failed),
    onEntryFailed: (entry) => {
      progress?.clear();
      reportFailedRender(entry, outDir, context);
    },
  });
  // A Ctrl-C that came before this point said that nothing was written, so the run must not start; from here on,
  // with no await before run.run(), the run answers it.
  const removeInterruptHandler = interrupt.handOver(() => {
    progress?.finish();
    try {
      return run.recordInterruption();
    } catch (error) {
      return `the manifest could not be written (${messageOf(error)}); files already in ${outDir} are complete.`;
    }
  });
  try {
    return await run.run();
  } finally {
    removeInterruptHandler();
    progress?.finish();
  }
}

/** Each used pack's SHA-256 and version, as the manifest records them. */
function hashTemplates(plan: BatchPlan, packs: readonly Pack[]): Map<string, { sha256: string; version: string }> {
  return new Map(
    plan.templates.map((name) => {
      const pack = findPack(packs, name);
      return [name, { sha256: hashPackSources(pack), version: pack.manifest.version }];
    }),
  );
}
