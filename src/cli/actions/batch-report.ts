import { join, resolve, sep } from 'node:path';
import { manifestFileName, toManifestError, type ManifestEntry, type ManifestPdfOptions } from '../../batch/batch-manifest.js';
import { countEntries, type BatchPlan, type InvalidEntry, type ValidEntry } from '../../batch/plan-batch.js';
import { OutputFolderGoneError, type BatchOutcome, type ExistingPolicy, type KeptFileFindings, type OutdatedFile, type UncheckedFile, type UnreadableFile } from '../../batch/run-batch.js';
import { EnvironmentFailureError } from '../../batch/render-failure.js';
import { describeEntryNumbers, findCommonProblems, minEntriesForCommon, separateSharedProblems } from '../../batch/shared-problems.js';
import { formatLocation, formatProblem, SuperviseError, type Problem } from '../../errors.js';
import type { Paper } from '../../render/render-agreement.js';
import type { BatchOptions } from '../commands/batch.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { describeErrorForJson } from '../json-failure.js';
import { formatCount } from '../../format-count.js';
import type { BrokenPack } from '../../packs/load-packs.js';

/**
 * What `supervise batch` says: invalid entries and warnings, a dry run's
 * plan, the outcome, and what --skip-existing found of the files it kept,
 * on the terminal and (with --json) as a report on stdout. The batch's
 * flow is in batch.ts.
 */

/**
 * A pack of the --templates folder that the batch went on without, as the
 * --json report lists it: the warning on stderr says it, but a script
 * reading the report would otherwise see a green batch and never learn that
 * a pack it may expect next time is broken.
 */
export interface LeftOutPack {
  /** Its folder, as shown. */
  folder: string;
  /** The name in its template.yaml when that much could be read, or its folder's. */
  name: string;
  problems: { file: string | null; line: number | null; column: number | null; path: string; message: string }[];
}

export function describeLeftOutPacks(broken: readonly BrokenPack[], cwd: string): LeftOutPack[] {
  return broken.map((pack) => ({
    folder: pack.folder,
    name: pack.name,
    problems: pack.problems.map((problem) => ({
      file: problem.location ? displayPath(problem.location.file, cwd) : null,
      line: problem.location?.line ?? null,
      column: problem.location?.column ?? null,
      path: problem.path,
      message: problem.message,
    })),
  }));
}

/** Files named in a message before "and N more". */
export const maxListed = 20;

/**
 * Each invalid entry with its problems. A problem at the same place in
 * several entries comes from something they share (a bad value in
 * `defaults` reaches every entry that uses it): it is shown once, with the
 * entries it affects, rather than once per entry.
 */
export function reportInvalidEntries(entries: readonly InvalidEntry[], context: CommandContext): void {
  const { shared, isShared } = separateSharedProblems(entries);
  // Problems shared by the same entries are shown together.
  const groups = new Map<string, { indexes: number[]; problems: Problem[] }>();
  for (const { problem, indexes } of shared) {
    // Keyed by every number: the label lists only the first (describeEntryNumbers), which other entries may share.
    const key = indexes.join(',');
    const group = groups.get(key) ?? { indexes, problems: [] };
    group.problems.push(problem);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const count = group.problems.length;
    context.reporter.info(`${count === 1 ? 'A problem' : `${formatCount(count)} problems`} shared by ${formatCount(group.indexes.length)} entries (${describeEntryNumbers(group.indexes)}), shown once:`);
    context.reporter.problems(group.problems);
  }
  for (const entry of entries) {
    const own = entry.problems.filter((problem) => !isShared(problem));
    if (own.length === 0) continue;
    const also = entry.problems.length - own.length;
    context.reporter.info(
      `${formatLocation(entry.location)}: ${describeEntry(entry.index, entry.who, entry.template)} is invalid, ` +
        `${formatCount(own.length)} problem${own.length === 1 ? '' : 's'}${also > 0 ? ` (and ${formatCount(also)} shared, above)` : ''}:`,
    );
    context.reporter.problems(own);
  }
}

/**
 * The problems that recur in the invalid entries (findCommonProblems), each
 * once, with how many entries have it, most common first. Said last, just
 * before the error that ends the batch and its hint: after thousands of
 * entries' problems, that is what stays on a terminal, and one misnamed key
 * is seen as one slip. Each entry is still listed above with its own.
 */
export function reportCommonProblems(plan: BatchPlan, context: CommandContext): void {
  const common = findCommonProblems(plan.entries.filter((entry): entry is InvalidEntry => !entry.ok));
  if (!common) return;
  const listed = common.problems;
  context.reporter.info(`${formatCount(common.entries)} of ${formatCount(plan.entries.length)} entries have the same problem${listed.length === 1 ? '' : 's'}:`);
  const width = formatCount(listed[0]!.count).length;
  for (const problem of listed) context.reporter.info(`  ${formatCount(problem.count).padStart(width)} entries: ${formatProblem(problem)}`);
  if (common.more > 0) {
    context.reporter.info(`  … and ${formatCount(common.more)} more problem${common.more === 1 ? '' : 's'} that ${minEntriesForCommon} or more entries have`);
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
export function reportWarnings(entries: readonly ValidEntry[], context: CommandContext): void {
  const { shared, isShared } = separateSharedProblems(entries.map((entry) => ({ index: entry.index, problems: entry.warnings })));
  const where = (warning: Problem): string => (warning.location ? `${formatLocation(warning.location)}: ` : '');
  for (const { problem, indexes } of shared) {
    context.reporter.warn(
      `${where(problem)}shared by ${formatCount(indexes.length)} entries (${describeEntryNumbers(indexes)}): ${formatProblem({ ...problem, location: undefined })}`,
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
export function reportFailedRender(entry: ManifestEntry, outDir: string, context: CommandContext): void {
  reportEntryFailure(entry.index, entry.for, entry.errors, 'failed to render', outDir, context);
}

/** An entry the batch would fail (a dry run's wouldFail), said as the batch says one it failed. */
function reportWouldFail(index: number, who: string, message: string, outDir: string, context: CommandContext): void {
  reportEntryFailure(index, who, [{ path: '', message }], 'would fail', outDir, context);
}

function reportEntryFailure(index: number, who: string, errors: ManifestEntry['errors'], verb: string, outDir: string, context: CommandContext): void {
  const shownOut = displayPath(outDir, context.cwd);
  // The manifest records full paths; a file in the output folder, or one of a pack's files in the current folder
  // (a render thread's failure names it in full), is named as the user would type it, as check names it.
  const show = (message: string): string =>
    message
      .split(outDir + sep)
      .join(shownOut === '.' ? '' : shownOut + sep)
      .split(context.cwd + sep)
      .join('');
  const [first, ...rest] = errors;
  context.reporter.info(`${describeEntry(index, who)} ${verb}: ${first ? show(first.message) : 'unknown error'}`);
  context.reporter.problems(rest.map(({ path, message }) => ({ path, message: show(message) })));
}

export function reportDryRun(
  plan: BatchPlan,
  outDir: string,
  shownOut: string,
  existing: ReadonlySet<string>,
  policy: ExistingPolicy,
  kept: KeptFileFindings,
  /** The entries the batch would fail on what is in the way of a file (findTargetsInTheWay), each with the message it would fail with. */
  wouldFail: ReadonlyMap<number, string>,
  /** Why the previous manifest.json could not be read, when it could not (PreviousManifest.unreadable). */
  manifestUnreadable: string | undefined,
  /** Why the batch would not run (invalid entries, files in the way); the report's `error`, as every report with `ok: false` has one. */
  refusal: SuperviseError | undefined,
  leftOut: readonly LeftOutPack[],
  options: BatchOptions,
  context: CommandContext,
): void {
  const action = (name: string): string => {
    if (!existing.has(name)) return 'write';
    return policy === 'overwrite' ? 'replace' : policy === 'skip' ? 'keep' : 'exists';
  };
  const { valid, invalid } = countEntries(plan);
  if (options.json) {
    const entries = describePlannedEntries(plan, action, wouldFail);
    context.reporter.data(
      JSON.stringify(
        {
          ok: refusal === undefined,
          ...(refusal ? { error: describeErrorForJson(refusal) } : {}),
          dryRun: true,
          outDir,
          summary: { total: plan.entries.length, valid, invalid, wouldFail: wouldFail.size },
          ...kept,
          leftOut,
          entries,
        },
        null,
        2,
      ),
    );
  } else {
    for (const entry of plan.entries) {
      if (entry.ok) for (const file of entry.files) context.reporter.data(`${action(file.name).padEnd(7)} ${join(shownOut, file.name)}`);
    }
  }
  for (const entry of plan.entries) {
    const message = wouldFail.get(entry.index);
    if (message !== undefined) reportWouldFail(entry.index, entry.who, message, outDir, context);
  }
  reportKeptFiles(kept, manifestUnreadable, shownOut, options, context);
  const files = plan.entries.reduce((sum, entry) => sum + (entry.ok ? entry.files.length : 0), 0);
  // A valid entry the batch would fail on a file in the way is counted here too: "5 of 5 valid" alone, just
  // above an error that one would fail, reads as a contradiction.
  const failing = wouldFail.size;
  const validity = `${formatCount(valid)} of ${formatCount(plan.entries.length)} entries valid${failing > 0 ? `, ${formatCount(failing)} of them would fail` : ''}`;
  context.reporter.info(`Dry run: ${validity}, ${formatCount(files)} file${files === 1 ? '' : 's'} planned in ${shownOut}; nothing was written.`);
}

/** --skip-existing with a manifest.json that cannot be read: the files it keeps are kept unchecked, which is said, once for them all. */
export function reportUnreadableManifest(manifestUnreadable: string | undefined, existing: ReadonlySet<string>, shownOut: string, context: CommandContext): void {
  if (manifestUnreadable === undefined || [...existing].every((name) => name === manifestFileName)) return;
  context.reporter.warn(
    `${join(shownOut, manifestFileName)} could not be read (${manifestUnreadable}), so the files kept were not checked against the roster; delete any that may be out of date, or run with --force to render every file again.`,
  );
}

/**
 * Temporary files a batch killed outright left in the output folder: named,
 * to be deleted, since no manifest lists them. One being written by another
 * batch into the same folder right now looks the same, so they are not
 * removed here.
 */
export function reportTemporaryFiles(names: readonly string[], shownOut: string, context: CommandContext): void {
  const count = names.length;
  if (count === 0) return;
  context.reporter.warn(
    count === 1
      ? `1 temporary file in ${shownOut} was left by a batch stopped before it could remove it (killed, or the machine went down):`
      : `${formatCount(count)} temporary files in ${shownOut} were left by a batch stopped before it could remove them (killed, or the machine went down):`,
  );
  for (const name of names.slice(0, maxListed)) context.reporter.info(`  ${join(shownOut, name)}`);
  if (count > maxListed) context.reporter.info(`  … and ${formatCount(count - maxListed)} more`);
  context.reporter.info(
    `  ${count === 1 ? 'It is not an agreement' : 'They are not agreements'} and no manifest lists ${count === 1 ? 'it' : 'them'}: delete ${count === 1 ? 'it' : 'them'}, unless another batch is writing into ${shownOut} now.`,
  );
}

/** "3 planned files already exist", "3 planned files and manifest.json already exist": as the dry run listed them. */
export function describeClashes(clashes: readonly string[]): string {
  const planned = clashes.filter((name) => name !== manifestFileName).length;
  const files = `${formatCount(planned)} planned file${planned === 1 ? '' : 's'}`;
  if (planned === clashes.length) return `${files} already exist${planned === 1 ? 's' : ''}`;
  return `${planned === 0 ? manifestFileName : `${files} and ${manifestFileName}`} already exist${planned === 0 ? 's' : ''}`;
}

/**
 * Each entry of a plan for a --json report: its planned files, with what
 * would be done to each, or its problems. A planned entry the batch would
 * fail (`wouldFail`, a dry run's) carries the message it would fail with in
 * its `errors`, as its record in the manifest would.
 */
function describePlannedEntries(plan: BatchPlan, action: (name: string) => string, wouldFail: ReadonlyMap<number, string> = new Map()): unknown[] {
  return plan.entries.map((entry) => ({
    index: entry.index,
    line: entry.location.line ?? null,
    for: entry.who,
    template: entry.template ?? null,
    status: entry.ok ? 'planned' : 'invalid',
    files: entry.ok ? entry.files.map((file) => ({ name: file.name, action: action(file.name) })) : [],
    errors: entry.ok ? describeWouldFail(wouldFail.get(entry.index)) : entry.problems.map((problem) => toManifestError(problem)),
    warnings: entry.ok ? entry.warnings.map((warning) => toManifestError(warning)) : [],
  }));
}

/** The manifest's record of an entry that failed on its files (BatchRun.fail): one error, with no answer's path. */
function describeWouldFail(message: string | undefined): ManifestEntry['errors'] {
  return message === undefined ? [] : [{ path: '', message }];
}

/** --json, for a batch stopped before rendering: a script needs each entry's problems, not only that there were some. */
export function reportStoppedAsJson(error: SuperviseError, plan: BatchPlan, leftOut: readonly LeftOutPack[], context: CommandContext): void {
  const { valid, invalid } = countEntries(plan);
  context.reporter.data(
    JSON.stringify(
      {
        ok: false,
        error: describeErrorForJson(error),
        summary: { total: plan.entries.length, valid, invalid },
        leftOut,
        entries: describePlannedEntries(plan, () => 'none'),
      },
      null,
      2,
    ),
  );
}

/** The summary's last sentence: where the files went, or, when no agreement was written, that only the manifest was. */
function describeWhatWasWritten(files: number, shownOut: string, manifestFailed: boolean): string {
  if (files > 0) return `Written to ${shownOut}/ (${manifestFileName} ${manifestFailed ? 'could not be written' : 'lists every file'}).`;
  return manifestFailed ? `Nothing was written to ${shownOut}/ (${manifestFileName} could not be written either).` : `Only ${shownOut}/${manifestFileName} was written (it lists every file).`;
}

/**
 * `keptNames`: files that were there before and left as they were (--skip-existing), not counted as written.
 * `manifestUnreadable`: why the previous manifest.json could not be read, when it could not.
 */
export function reportOutcome(
  plan: BatchPlan,
  outcome: BatchOutcome,
  keptNames: ReadonlySet<string>,
  shownOut: string,
  manifestUnreadable: string | undefined,
  leftOut: readonly LeftOutPack[],
  options: BatchOptions,
  context: CommandContext,
): void {
  const { manifest, writeFailure, manifestFailure, outdated, unchecked, unreadable } = outcome;
  const { rendered, failed, skipped, pending, total } = manifest.summary;
  const written = (entry: ManifestEntry): number => entry.files.filter((file) => !keptNames.has(file.name)).length;
  const files = manifest.entries.reduce((sum, entry) => sum + (entry.status === 'rendered' ? written(entry) : 0), 0);
  if (options.json) {
    const ok = failed === 0 && pending === 0 && manifestFailure === undefined;
    context.reporter.data(JSON.stringify({ ok, outDir: resolve(context.cwd, options.out), outdated, unchecked, unreadable, leftOut, ...manifest }, null, 2));
  }
  reportKeptFiles({ outdated, unchecked, unreadable }, manifestUnreadable, shownOut, options, context);
  const parts = [`${formatCount(rendered)} rendered (${formatCount(files)} file${files === 1 ? '' : 's'})`, `${formatCount(failed)} failed`];
  if (skipped > 0) parts.push(`${formatCount(skipped)} kept as ${skipped === 1 ? 'it was' : 'they were'}`);
  if (pending > 0) parts.push(`${formatCount(pending)} not started`);
  const line = `Batch of ${formatCount(total)}: ${parts.join(', ')}. ${describeWhatWasWritten(files, shownOut, manifestFailure !== undefined)}`;
  // --skip-existing keeps every file already in place and renders only the rest, so it finishes either kind of stop.
  // --skip-existing cannot go with --force: after a --force run it takes its place.
  const rerun = `run the same command with --skip-existing${options.force ? ' in place of --force' : ''}: it keeps the files already written`;
  if (writeFailure) {
    context.reporter.info(line);
    throw new SuperviseError(`Stopped: ${writeFailure.message}`, {
      hint:
        writeFailure instanceof OutputFolderGoneError
          ? writeFailure.hint
          : writeFailure instanceof EnvironmentFailureError
            ? `${writeFailure.remedy}; then ${rerun} and renders the rest.`
            : `Once that is fixed (free some space, or fix the folder's permissions), ${rerun} and renders the rest.`,
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
    reportCommonProblems(plan, context);
    throw new SuperviseError(
      manifest.status === 'stopped'
        ? `--fail-fast: stopped after a failed entry; ${formatCount(pending)} entr${pending === 1 ? 'y was' : 'ies were'} not started`
        : `${formatCount(failed)} of ${formatCount(total)} entries failed`,
      { hint: `Fix the entries listed above and run again with --skip-existing${options.force ? ' in place of --force' : ''} to render only what is missing.` },
    );
  }
  context.reporter.success(line);
}

/**
 * What --skip-existing found of the files it kept, the same after a dry run
 * as after the batch. When manifest.json could not be read (`manifestUnreadable`),
 * that was said once for every kept file, so they are not listed again here;
 * a kept file that could not be read itself is, as that is its own problem.
 */
function reportKeptFiles(kept: KeptFileFindings, manifestUnreadable: string | undefined, shownOut: string, options: BatchOptions, context: CommandContext): void {
  reportOutdated(kept.outdated, shownOut, pdfOptionsOf(options), context);
  if (manifestUnreadable === undefined) reportUnrecorded(kept.unchecked, shownOut, context);
  reportUnreadableKept(kept.unreadable, shownOut, context);
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
      : `${formatCount(count)} kept files no longer match what this run would make of their entries:`,
  );
  for (const file of outdated.slice(0, maxListed)) {
    context.reporter.info(`  ${join(shownOut, file.name)} (entry ${file.index}, ${file.for}: ${describeChanges(file, pdf)})`);
  }
  if (count > maxListed) context.reporter.info(`  … and ${formatCount(count - maxListed)} more`);
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
    const what = answers && template ? 'its answers and its template have changed' : answers ? 'its answers have changed' : 'its template has changed';
    reasons.push(`${what}${template ? describeTemplateVersions(file.templateVersion) : ''}`);
  }
  if (file.pdf && changed.includes('paper')) reasons.push(`made on ${paperNames[file.pdf.paper]} paper while this run uses ${paperNames[pdf.paper]}`);
  if (file.pdf && changed.includes('formFields')) {
    reasons.push(`made with ${describeSignatures(file.pdf.formFields)} while this run uses ${describeSignatures(pdf.formFields)}`);
  }
  return reasons.join('; ');
}

/**
 * "(version 1.0.0, now 1.1.0)", or, when a pack was changed but its version
 * was not raised, that it is still the same: its author may have forgotten,
 * and the manifest tells the two apart only by hash.
 */
function describeTemplateVersions(versions: OutdatedFile['templateVersion']): string {
  if (!versions?.made || !versions.now) return '';
  return versions.made === versions.now ? ` (still version ${versions.now})` : ` (version ${versions.made}, now ${versions.now})`;
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
      : `${formatCount(count)} kept files could not be checked against their entries, as ${manifest} has no record of what they were made from:`,
  );
  for (const file of unchecked.slice(0, maxListed)) context.reporter.info(`  ${join(shownOut, file.name)} (entry ${file.index}, ${file.for})`);
  if (count > maxListed) context.reporter.info(`  … and ${formatCount(count - maxListed)} more`);
  context.reporter.info(`  Delete ${count === 1 ? 'it' : 'them'} and run the same command again to render ${count === 1 ? 'it' : 'them'} from the roster.`);
}

/**
 * Files --skip-existing kept but could not read (their permissions, say):
 * nothing says what they hold, and the manifest records them with no size or
 * hash, so they must not pass unnoticed, any more than an outdated file.
 */
function reportUnreadableKept(unreadable: readonly UnreadableFile[], shownOut: string, context: CommandContext): void {
  if (unreadable.length === 0) return;
  const count = unreadable.length;
  context.reporter.warn(
    count === 1
      ? '1 kept file could not be read, so it was not checked against its entry:'
      : `${formatCount(count)} kept files could not be read, so they were not checked against their entries:`,
  );
  for (const file of unreadable.slice(0, maxListed)) context.reporter.info(`  ${join(shownOut, file.name)} (entry ${file.index}, ${file.for}: ${file.reason})`);
  if (count > maxListed) context.reporter.info(`  … and ${formatCount(count - maxListed)} more`);
  const them = count === 1 ? 'it' : 'them';
  context.reporter.info(`  Delete ${them} and run the same command again to render ${them} from the roster, or, to keep ${them}, fix ${count === 1 ? 'its' : 'their'} permissions.`);
}

/** This run's PDF options, as the manifest records them. */
export function pdfOptionsOf(options: BatchOptions): ManifestPdfOptions {
  return { paper: options.paper, formFields: options.formFields };
}

function describeSignatures(formFields: boolean): string {
  return formFields ? 'fillable signature fields' : 'plain signature lines';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
