import { lstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { expandFormat, resolveCreationDate, type Paper } from '../../render/render-agreement.js';
import { compilePacks } from '../../render/render-markdown.js';
import { hashPackSources, manifestFileName, toManifestError, type ManifestEntry, type EarlierFile, type ManifestPdfOptions } from '../../batch/batch-manifest.js';
import { createInProcessRenderer, createThreadRenderer, type EntryRenderer } from '../../batch/entry-renderers.js';
import {
  countEntries,
  finishPlan,
  nameEntry,
  startPlan,
  type BatchPlan,
  type InvalidEntry,
  type PlanBatchOptions,
  type PlannedEntry,
  type ValidEntry,
} from '../../batch/plan-batch.js';
import { planHelperThreshold, planWithHelper, startPlanHelper, type PlanHelper } from '../../batch/plan-helper.js';
import { parseRoster, type RosterSource } from '../../batch/read-roster.js';
import { describeEntryNumbers, separateSharedProblems } from '../../batch/shared-problems.js';
import type { WorkerInit } from '../../batch/worker-protocol.js';
import {
  BatchRun,
  findEarlierFiles,
  findExistingTargets,
  judgeKeptFiles,
  loadPreviousManifest,
  type BatchOutcome,
  type ExistingPolicy,
  type KeptFileFindings,
  type OutdatedFile,
  type UncheckedFile,
} from '../../batch/run-batch.js';
import { formatLocation, formatProblem, isSuperviseError, SuperviseError, type Problem } from '../../errors.js';
import { readInputText } from '../../io/read-input.js';
import { loadPrintableCharacters } from '../../render/printable-characters.js';
import { checkFolderWritable } from '../../io/write-files.js';
import { loadUsablePacks } from '../../packs/load-packs.js';
import type { Pack } from '../../packs/pack-format.js';
import type { BatchOptions } from '../commands/batch.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { runWithJsonFailureReport } from '../json-failure.js';
import { onInterrupt } from '../main.js';
import { createProgressBar, type ProgressBar } from '../progress-bar.js';

/** Existing files named in an error before "and N more". */
const maxListed = 20;

/** `supervise batch ROSTER`: plan the whole roster, refuse or skip what exists, render the rest. */
export async function runBatchCommand(rosterArgument: string, options: BatchOptions, context: CommandContext): Promise<void> {
  // A script reading --json gets a report even when the batch cannot start.
  await runWithJsonFailureReport(options.json, context, (tracked) => runBatch(rosterArgument, options, tracked));
}

async function runBatch(rosterArgument: string, options: BatchOptions, context: CommandContext): Promise<void> {
  const formats = expandFormat(options.format);
  const rosterPath = resolve(context.cwd, rosterArgument);
  const shownRoster = displayPath(rosterPath, context.cwd);
  const policy: ExistingPolicy = options.force ? 'overwrite' : options.skipExisting ? 'skip' : 'refuse';
  // Markdown is rendered here, with the answers planning validated (see entry-renderers.ts).
  const inProcess = !formats.includes('pdf');
  const planOptions: PlanBatchOptions = { formats, keepAnswers: inProcess && !options.dryRun, printable: formats.includes('pdf') ? loadPrintableCharacters() : undefined };
  // When no render threads will be busy, a long roster is planned with a helper thread (plan-helper.ts).
  const wantHelper = inProcess || options.dryRun;

  // The roster is read while the templates load, so a helper can start loading its modules meanwhile;
  // a roster that cannot be read is still reported after a template problem, as before.
  const packsLoading = loadUsablePacks(options.templates && resolve(context.cwd, options.templates), (path) => displayPath(path, context.cwd));
  const rosterReading = readInputText(rosterPath, 'roster', shownRoster);
  packsLoading.catch(() => undefined);
  let helper: PlanHelper | undefined;
  const helperStarting = rosterReading.then(
    (text) => {
      if (wantHelper && text.length > planHelperThreshold) helper = startPlanHelper({ text, file: shownRoster, options: planOptions });
    },
    () => undefined,
  );
  try {
    const packs = await packsLoading;
    const source = parseRoster(await rosterReading, shownRoster);
    await helperStarting;
    await planAndRun(source, packs, helper, policy, inProcess, planOptions, options, context);
  } finally {
    await helperStarting;
    await helper?.close();
  }
}

async function planAndRun(
  source: RosterSource,
  packs: readonly Pack[],
  helper: PlanHelper | undefined,
  policy: ExistingPolicy,
  inProcess: boolean,
  planOptions: PlanBatchOptions,
  options: BatchOptions,
  context: CommandContext,
): Promise<void> {
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
    let entries: PlannedEntry[] = [];
    if (helper) {
      helper.setUp({ packs: [...packs], split: source.split, defaults: started.defaults });
      const planned = await planWithHelper(source, packs, started.defaults, started.count, planOptions, helper);
      const names = new Set<string>();
      entries = planned.map((entry) => nameEntry(names, entry, planOptions));
    } else {
      for (const entry of started.entries) {
        entries.push(entry);
        // An entry --skip-existing will keep whole is not worth rendering ahead.
        if (entry.ok && renderer && !(policy === 'skip' && entry.files.every((file) => existsNow(join(outDir, file.name))))) renderer.prefetch(entry);
        // Now and then, let replies from the render threads (and Ctrl-C) be heard.
        if (entries.length % 64 === 0) await new Promise((resolveYield) => setImmediate(resolveYield));
      }
    }
    // Two per render thread, so none idles; for Markdown (rendered here), enough writes in flight to keep
    // libuv's file-system threads busy. --fail-fast keeps two per job, bounding what is under way when one fails.
    const lanes = inProcess && !options.failFast ? inProcessLanes : 2 * jobs;
    const plan = finishPlan(source, started.defaults, entries);
    // A pack whose templates do not parse would fail every entry made from it the same way: it stops the
    // batch once, here, before anything is written. Markdown renders in this thread, so this is the compile
    // it needs anyway. PDFs compile on the render threads; there the built-in packs, which the test suite
    // checks, are not parsed a second time.
    if (inProcess || options.templates !== undefined) {
      compilePacks(plan.templates.map((name) => packs.find((pack) => pack.manifest.name === name)!), (path) => displayPath(path, context.cwd));
    }
    await carryOutPlan(plan, packs, renderer, lanes, policy, creationDate, options, context);
  } finally {
    await renderer?.close();
  }
}

/** Markdown files being written at once (measured: 16 beats 4, more gains nothing). */
const inProcessLanes = 16;

/**
 * One render thread per core, but at most four by default: each thread
 * holds its own copy of the modules, fonts and heap (tens of MB), and past
 * four the main thread's writes, not rendering, set the pace. --jobs goes
 * higher when asked.
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

async function carryOutPlan(
  plan: BatchPlan,
  packs: readonly Pack[],
  renderer: EntryRenderer | undefined,
  lanes: number,
  policy: ExistingPolicy,
  creationDate: Date,
  options: BatchOptions,
  context: CommandContext,
): Promise<void> {
  const outDir = resolve(context.cwd, options.out);
  const shownOut = displayPath(outDir, context.cwd);
  const { valid, invalid } = countEntries(plan);

  reportInvalidEntries(plan.entries.filter((entry): entry is InvalidEntry => !entry.ok), context);
  reportWarnings(plan.entries.filter((entry): entry is ValidEntry => entry.ok), context);
  // A dry run goes on to list the plan, invalid entries and all.
  if (invalid > 0 && (options.failFast || valid === 0) && !options.dryRun) {
    const error = new SuperviseError(
      `${invalid} of ${plan.entries.length} roster entries ${invalid === 1 ? 'is' : 'are'} invalid; nothing was written`,
      { hint: valid === 0 ? 'Fix the entries listed above and run again.' : 'Fix the entries listed above, or run without --fail-fast to render the valid ones.' },
    );
    // A script reading --json needs each entry's problems, not only that there were some.
    if (options.json) {
      context.reporter.data(
        JSON.stringify(
          {
            ok: false,
            error: { message: error.message, problems: error.problems, hint: error.hint ?? null },
            summary: { total: plan.entries.length, valid, invalid },
            entries: describePlannedEntries(plan, () => 'none'),
          },
          null,
          2,
        ),
      );
    }
    throw error;
  }

  const existing = new Set(await findExistingTargets(plan, outDir));
  // A folder that takes no files fails here, once, rather than on the first entry rendered (a dry run says so too).
  await checkFolderWritable(outDir).catch((error: unknown) => {
    if (!isSuperviseError(error)) throw error;
    throw new SuperviseError(`${options.dryRun ? 'Dry run: ' : ''}${error.message}; nothing was written`, {
      hint: 'Choose another output folder with --out, or fix the permissions of this one, and run again.',
      file: error.file,
    });
  });
  // The manifest is the batch's own record: replaced by --force and by --skip-existing (which continues a batch).
  const clashes = policy === 'refuse' ? [...existing] : [];
  // The last manifest, read once, for a dry run or the batch: what the files --skip-existing keeps were made from,
  // and (with --skip-existing or --force, which replace it) its records of files this run leaves as they are.
  const previous = policy === 'refuse' ? undefined : await loadPreviousManifest(outDir);
  const keptFrom = policy === 'skip' ? previous : undefined;
  if (keptFrom) reportUnreadableManifest(keptFrom.unreadable, existing, shownOut, context);
  const unreadable = keptFrom?.unreadable;

  if (options.dryRun || !renderer) {
    // What --skip-existing would keep although its entry has changed, or unchecked: said now, as the batch would say it.
    const kept = keptFrom
      ? await judgeKeptFiles(plan, outDir, existing, keptFrom.files, hashTemplates(plan, packs, await readTemplateSources(plan, packs)), pdfOptionsOf(options))
      : { outdated: [], unchecked: [] };
    reportDryRun(plan, outDir, shownOut, existing, policy, kept, unreadable, options, context);
    if (invalid > 0 || clashes.length > 0) {
      throw new SuperviseError(
        invalid > 0
          ? `Dry run: ${invalid} of ${plan.entries.length} entries are invalid`
          : `Dry run: ${describeClashes(clashes)} in ${shownOut}`,
        { hint: clashes.length > 0 ? 'Use --force to replace them or --skip-existing to keep them.' : 'Nothing was written.' },
      );
    }
    return;
  }

  if (clashes.length > 0) {
    const listed = clashes.slice(0, maxListed).map((name) => `  ${join(shownOut, name)}`);
    if (clashes.length > maxListed) listed.push(`  … and ${clashes.length - maxListed} more`);
    throw new SuperviseError(
      `Not overwriting ${clashes.length} existing file${clashes.length === 1 ? '' : 's'} in ${shownOut}; nothing was written:\n${listed.join('\n')}`,
      { hint: 'Use --force to replace them, --skip-existing to keep them and render only the rest, or choose another folder with --out.' },
    );
  }

  const earlierFiles = previous?.files ? await findEarlierFiles(plan, outDir, previous.files) : [];
  const outcome = await applyPlan(plan, packs, renderer, lanes, existing, policy, keptFrom?.files, earlierFiles, creationDate, outDir, options, context);
  reportOutcome(outcome, policy === 'skip' ? existing : new Set(), shownOut, unreadable, options, context);
}

async function applyPlan(
  plan: BatchPlan,
  packs: readonly Pack[],
  renderer: EntryRenderer,
  lanes: number,
  existing: ReadonlySet<string>,
  policy: ExistingPolicy,
  previousFiles: ReadonlyMap<string, EarlierFile> | undefined,
  earlierFiles: readonly EarlierFile[],
  creationDate: Date,
  outDir: string,
  options: BatchOptions,
  context: CommandContext,
): Promise<BatchOutcome> {
  const templateSources = await readTemplateSources(plan, packs);
  const progress: ProgressBar | undefined =
    process.stderr.isTTY === true ? createProgressBar(process.stderr, plan.entries.filter((entry) => entry.ok).length) : undefined;

  const run = new BatchRun(plan, packs, templateSources, existing, {
    outDir,
    formats: expandFormat(options.format),
    paper: options.paper,
    formFields: options.formFields,
    creationDate,
    createdAt: creationDate,
    renderer,
    lanes,
    existing: policy,
    previousFiles,
    earlierFiles,
    failFast: options.failFast,
    toolVersion: context.version,
    onProgress: (state) => progress?.update(state.done, state.failed),
    onEntryFailed: (entry) => {
      progress?.clear();
      reportFailedRender(entry, outDir, context);
    },
  });
  const removeInterruptHandler = onInterrupt(() => {
    progress?.finish();
    try {
      return run.recordInterruption();
    } catch (error) {
      return `the manifest could not be written (${error instanceof Error ? error.message : String(error)}); files already in ${outDir} are complete.`;
    }
  });
  try {
    return await run.run();
  } finally {
    removeInterruptHandler();
    progress?.finish();
  }
}

/**
 * Each invalid entry with its problems. A problem at the same place in
 * several entries comes from something they share (a bad value in
 * `defaults` reaches every entry that uses it): it is shown once, with the
 * entries it affects, rather than once per entry.
 */
function reportInvalidEntries(entries: readonly InvalidEntry[], context: CommandContext): void {
  const { shared, isShared } = separateSharedProblems(entries);
  // Problems shared by the same entries are shown together.
  const groups = new Map<string, { indexes: number[]; problems: Problem[] }>();
  for (const { problem, indexes } of shared) {
    const label = describeEntryNumbers(indexes);
    const group = groups.get(label) ?? { indexes, problems: [] };
    group.problems.push(problem);
    groups.set(label, group);
  }
  for (const [label, group] of groups) {
    const count = group.problems.length;
    context.reporter.info(`${count === 1 ? 'A problem' : `${count} problems`} shared by ${group.indexes.length} entries (${label}), shown once:`);
    context.reporter.problems(group.problems);
  }
  for (const entry of entries) {
    const own = entry.problems.filter((problem) => !isShared(problem));
    if (own.length === 0) continue;
    const also = entry.problems.length - own.length;
    context.reporter.info(
      `${formatLocation(entry.location)}: ${describeEntry(entry.index, entry.who, entry.template)} is invalid, ` +
        `${own.length} problem${own.length === 1 ? '' : 's'}${also > 0 ? ` (and ${also} shared, above)` : ''}:`,
    );
    context.reporter.problems(own);
  }
}

/**
 * Each valid entry's warnings. A warning at the same place in several
 * entries comes from `defaults` (a line manager given there while
 * contractedOut is no reaches every entry): it is said once, at that line,
 * with the entries it affects, rather than once per entry. Each entry's
 * record in the manifest and --json still lists it, as each agreement was
 * made with it.
 */
function reportWarnings(entries: readonly ValidEntry[], context: CommandContext): void {
  const { shared, isShared } = separateSharedProblems(entries.map((entry) => ({ index: entry.index, problems: entry.warnings })));
  const where = (warning: Problem): string => (warning.location ? `${formatLocation(warning.location)}: ` : '');
  for (const { problem, indexes } of shared) {
    context.reporter.warn(
      `${where(problem)}shared by ${indexes.length} entries (${describeEntryNumbers(indexes)}): ${formatProblem({ ...problem, location: undefined })}`,
    );
  }
  for (const entry of entries) {
    for (const warning of entry.warnings) {
      if (isShared(warning)) continue;
      context.reporter.warn(`${where(warning)}${describeEntry(entry.index, entry.who)}: ${formatProblem({ ...warning, location: undefined })}`);
    }
  }
}

/** `entry 3 (Tom Evans, one-to-one)`; an entry with no name to go by is just `entry 3`, not `entry 3 (entry 3)`. */
function describeEntry(index: number, who: string, template?: string | undefined): string {
  const details = [...(who === `entry ${index}` ? [] : [who]), ...(template ? [template] : [])];
  return details.length > 0 ? `entry ${index} (${details.join(', ')})` : `entry ${index}`;
}

/** An entry that failed, as its record says; a file in the output folder (recorded by its absolute path) is named as the user typed the folder. */
function reportFailedRender(entry: ManifestEntry, outDir: string, context: CommandContext): void {
  const shownOut = displayPath(outDir, context.cwd);
  const show = (message: string): string => message.split(outDir + sep).join(shownOut === '.' ? '' : shownOut + sep);
  const [first, ...rest] = entry.errors;
  context.reporter.info(`${describeEntry(entry.index, entry.for)} failed to render: ${first ? show(first.message) : 'unknown error'}`);
  context.reporter.problems(rest.map(({ path, message }) => ({ path, message: show(message) })));
}

function reportDryRun(
  plan: BatchPlan,
  outDir: string,
  shownOut: string,
  existing: ReadonlySet<string>,
  policy: ExistingPolicy,
  kept: KeptFileFindings,
  unreadable: string | undefined,
  options: BatchOptions,
  context: CommandContext,
): void {
  const action = (name: string): string => {
    if (!existing.has(name)) return 'write';
    return policy === 'overwrite' ? 'replace' : policy === 'skip' ? 'keep' : 'exists';
  };
  const { valid, invalid } = countEntries(plan);
  if (options.json) {
    const entries = describePlannedEntries(plan, action);
    const clashes = [...existing].filter((name) => action(name) === 'exists');
    context.reporter.data(
      JSON.stringify(
        { ok: invalid === 0 && clashes.length === 0, dryRun: true, outDir, summary: { total: plan.entries.length, valid, invalid }, ...kept, entries },
        null,
        2,
      ),
    );
  } else {
    for (const entry of plan.entries) {
      if (entry.ok) for (const file of entry.files) context.reporter.data(`${action(file.name).padEnd(7)} ${join(shownOut, file.name)}`);
    }
  }
  reportKeptFiles(kept, unreadable, shownOut, options, context);
  const files = plan.entries.reduce((sum, entry) => sum + (entry.ok ? entry.files.length : 0), 0);
  context.reporter.info(
    `Dry run: ${valid} of ${plan.entries.length} entries valid, ${files} file${files === 1 ? '' : 's'} planned in ${shownOut}; nothing was written.`,
  );
}

/** --skip-existing with a manifest.json that cannot be read: the files it keeps are kept unchecked, which is said, once for them all. */
function reportUnreadableManifest(unreadable: string | undefined, existing: ReadonlySet<string>, shownOut: string, context: CommandContext): void {
  if (unreadable === undefined || [...existing].every((name) => name === manifestFileName)) return;
  context.reporter.warn(
    `${join(shownOut, manifestFileName)} could not be read (${unreadable}), so the files kept were not checked against the roster; delete any that may be out of date, or run with --force to render every file again.`,
  );
}

/** Each used pack's template.yaml text, by pack name, for its hash. */
async function readTemplateSources(plan: BatchPlan, packs: readonly Pack[]): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const name of plan.templates) {
    const pack = packs.find((candidate) => candidate.manifest.name === name)!;
    sources.set(name, await readFile(join(pack.dir, 'template.yaml'), 'utf8'));
  }
  return sources;
}

/** Each used pack's SHA-256, as the manifest records it. */
function hashTemplates(plan: BatchPlan, packs: readonly Pack[], sources: ReadonlyMap<string, string>): Map<string, string> {
  return new Map(plan.templates.map((name) => [name, hashPackSources(packs.find((pack) => pack.manifest.name === name)!, sources.get(name) ?? '')]));
}

/** "3 planned files already exist", "3 planned files and manifest.json already exist": as the dry run listed them. */
function describeClashes(clashes: readonly string[]): string {
  const planned = clashes.filter((name) => name !== manifestFileName).length;
  const files = `${planned} planned file${planned === 1 ? '' : 's'}`;
  if (planned === clashes.length) return `${files} already exist${planned === 1 ? 's' : ''}`;
  return `${planned === 0 ? manifestFileName : `${files} and ${manifestFileName}`} already exist${planned === 0 ? 's' : ''}`;
}

/** Each entry of a plan for a --json report: its planned files, with what would be done to each, or its problems. */
function describePlannedEntries(plan: BatchPlan, action: (name: string) => string): unknown[] {
  return plan.entries.map((entry) => ({
    index: entry.index,
    line: entry.location.line ?? null,
    for: entry.who,
    template: entry.template ?? null,
    status: entry.ok ? 'planned' : 'invalid',
    files: entry.ok ? entry.files.map((file) => ({ name: file.name, action: action(file.name) })) : [],
    errors: entry.ok ? [] : entry.problems.map((problem) => toManifestError(problem)),
    warnings: entry.ok ? entry.warnings.map((warning) => toManifestError(warning)) : [],
  }));
}

/** `kept`: files that were there before and left as they were (--skip-existing), not counted as written. */
function reportOutcome(
  outcome: BatchOutcome,
  kept: ReadonlySet<string>,
  shownOut: string,
  unreadable: string | undefined,
  options: BatchOptions,
  context: CommandContext,
): void {
  const { manifest, writeFailure, manifestFailure, outdated, unchecked } = outcome;
  const { rendered, failed, skipped, pending, total } = manifest.summary;
  const written = (entry: ManifestEntry): number => entry.files.filter((file) => !kept.has(file.name)).length;
  const files = manifest.entries.reduce((sum, entry) => sum + (entry.status === 'rendered' ? written(entry) : 0), 0);
  if (options.json) {
    const ok = failed === 0 && pending === 0 && manifestFailure === undefined;
    context.reporter.data(JSON.stringify({ ok, outDir: resolve(context.cwd, options.out), outdated, unchecked, ...manifest }, null, 2));
  }
  reportKeptFiles({ outdated, unchecked }, unreadable, shownOut, options, context);
  const parts = [`${rendered} rendered (${files} file${files === 1 ? '' : 's'})`, `${failed} failed`];
  if (skipped > 0) parts.push(`${skipped} kept as they were`);
  if (pending > 0) parts.push(`${pending} not started`);
  const record = manifestFailure ? `${manifestFileName} could not be written` : `${manifestFileName} lists every file`;
  const line = `Batch of ${total}: ${parts.join(', ')}. Written to ${shownOut}/ (${record}).`;
  // --skip-existing keeps every file already in place and renders only the rest, so it finishes either kind of stop.
  const rerun = 'run the same command with --skip-existing: it keeps the files already written';
  if (writeFailure) {
    context.reporter.info(line);
    throw new SuperviseError(`Stopped: ${writeFailure.message}`, {
      hint: `Once that is fixed (free some space, or fix the folder's permissions), ${rerun} and renders the rest.`,
      file: writeFailure.file,
    });
  }
  if (manifestFailure) {
    context.reporter.info(line);
    throw new SuperviseError(`Every agreement was dealt with, but ${lowerFirst(manifestFailure.message)}`, {
      hint: `Once that is fixed, ${rerun} and writes the manifest.`,
      file: manifestFailure.file,
    });
  }
  if (failed > 0 || pending > 0) {
    context.reporter.info(line);
    throw new SuperviseError(
      manifest.status === 'stopped'
        ? `--fail-fast: stopped after a failed entry; ${pending} entr${pending === 1 ? 'y was' : 'ies were'} not started`
        : `${failed} of ${total} entries failed`,
      { hint: 'Fix the entries listed above and run again with --skip-existing to render only what is missing.' },
    );
  }
  context.reporter.success(line);
}

/**
 * What --skip-existing found of the files it kept, the same after a dry run
 * as after the batch. When manifest.json could not be read (`unreadable`),
 * that was said once for every kept file, so they are not listed again here.
 */
function reportKeptFiles(kept: KeptFileFindings, unreadable: string | undefined, shownOut: string, options: BatchOptions, context: CommandContext): void {
  reportOutdated(kept.outdated, shownOut, pdfOptionsOf(options), context);
  if (unreadable === undefined) reportUnrecorded(kept.unchecked, shownOut, context);
}

/**
 * Files --skip-existing kept although the roster, the template or the PDF
 * options have changed since they were made: the batch did as asked, but an
 * agreement that no longer says what the roster says, or is not on the paper
 * asked for, must not pass unnoticed. `pdf`: this run's PDF options.
 */
function reportOutdated(outdated: readonly OutdatedFile[], shownOut: string, pdf: ManifestPdfOptions, context: CommandContext): void {
  if (outdated.length === 0) return;
  const count = outdated.length;
  context.reporter.warn(
    count === 1
      ? '1 kept file no longer matches what this run would make of its entry:'
      : `${count} kept files no longer match what this run would make of their entries:`,
  );
  for (const file of outdated.slice(0, maxListed)) {
    context.reporter.info(`  ${join(shownOut, file.name)} (entry ${file.index}, ${file.for}: ${describeChanges(file, pdf)})`);
  }
  if (count > maxListed) context.reporter.info(`  … and ${count - maxListed} more`);
  context.reporter.info(`  Delete ${count === 1 ? 'it' : 'them'} and run the same command again to render ${count === 1 ? 'it' : 'them'} anew.`);
}

/**
 * Every reason at once (told only of the answers, a user who fixes them
 * would be surprised again by the template), each PDF option as it was and
 * as this run has it: "made on Letter paper while this run uses A4".
 */
function describeChanges(file: OutdatedFile, pdf: ManifestPdfOptions): string {
  const { changed } = file;
  const reasons: string[] = [];
  const answers = changed.includes('answers');
  const template = changed.includes('template');
  if (answers || template) {
    reasons.push(answers && template ? 'its answers and its template have changed' : answers ? 'its answers have changed' : 'its template has changed');
  }
  if (file.pdf && changed.includes('paper')) reasons.push(`made on ${paperNames[file.pdf.paper]} paper while this run uses ${paperNames[pdf.paper]}`);
  if (file.pdf && changed.includes('formFields')) {
    reasons.push(`made with ${describeSignatures(file.pdf.formFields)} while this run uses ${describeSignatures(pdf.formFields)}`);
  }
  return reasons.join('; ');
}

const paperNames: Record<Paper, string> = { a4: 'A4', letter: 'Letter' };

/**
 * Files --skip-existing kept that the previous manifest has no record of
 * (an earlier --force run did not carry its records on, or the file was put
 * there by hand): nothing says what they were made from, so they may not
 * match their entry, and only rendering them again settles it.
 */
function reportUnrecorded(unchecked: readonly UncheckedFile[], shownOut: string, context: CommandContext): void {
  if (unchecked.length === 0) return;
  const count = unchecked.length;
  const manifest = join(shownOut, manifestFileName);
  context.reporter.warn(
    count === 1
      ? `1 kept file could not be checked against its entry, as ${manifest} has no record of what it was made from:`
      : `${count} kept files could not be checked against their entries, as ${manifest} has no record of what they were made from:`,
  );
  for (const file of unchecked.slice(0, maxListed)) context.reporter.info(`  ${join(shownOut, file.name)} (entry ${file.index}, ${file.for})`);
  if (count > maxListed) context.reporter.info(`  … and ${count - maxListed} more`);
  context.reporter.info(`  Delete ${count === 1 ? 'it' : 'them'} and run the same command again to render ${count === 1 ? 'it' : 'them'} from the roster.`);
}

/** This run's PDF options, as the manifest records them. */
function pdfOptionsOf(options: BatchOptions): ManifestPdfOptions {
  return { paper: options.paper, formFields: options.formFields };
}

function describeSignatures(formFields: boolean): string {
  return formFields ? 'fillable signature fields' : 'plain signature lines';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
