import { lstatSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { displayMessage, InterruptedError, isSuperviseError, quoteForShell, SuperviseError, UsageError, type Problem } from '../../errors.js';
import type { InterviewPrompts } from '../../interview/prompts.js';
import { describeFsError, findExistingPaths, isFileSystemFailure, isFolderWideWriteFailure, writeFileAtomicSync, writeFilesAtomic, type OutputFile } from '../../io/write-files.js';
import { errnoCodeOf } from '../../io/fs-reasons.js';
import type { Pack } from '../../packs/pack-format.js';
import { serialiseAnswers } from '../../packs/serialise-answers.js';
import type { Answers } from '../../packs/validate-answers.js';
import { deriveFileStem, formatNamedBy, namesFolder, planAgreementPaths } from '../../render/file-names.js';
import { findUnprintableAnswers, findUnprintableCharacters, loadPrintableCharacters } from '../../render/printable-characters.js';
import { expandFormat, type FormatOption, type OutputFormat, renderAgreement, resolveCreationDate } from '../../render/render-agreement.js';
import type { NewOptions } from '../commands/new.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { onInterrupt, type InterruptSummary } from '../interrupts.js';

/**
 * The second half of `supervise new`: the agreement written from valid answers, with what can go wrong on the
 * way (a file already there, a folder in the way, a place that cannot be written, an answer the PDF cannot
 * print) said and, on a terminal, asked again.
 */

/** The prompts of a terminal session, created only when something must be asked. */
export type PromptsSource = () => Promise<InterviewPrompts>;

export interface WriteInteraction {
  /** Present on a terminal: an existing file is then asked about instead of refused. */
  prompts: PromptsSource | undefined;
  askFormat: boolean;
  askOut: boolean;
  /** After an interview: back to its review, for an answer the chosen format cannot print; resolves to the answers as changed. */
  reviseAnswers: (() => Promise<Answers>) | undefined;
}

/** On a terminal: the questions about where to write, and the prompts to ask them with. */
interface Terminal {
  questions: typeof import('../../interview/output-questions.js');
  prompts: PromptsSource;
}

/** Where a round of writing ended: the files are written, or something was said or changed and the round starts again. */
type Round = 'written' | 'again';

/**
 * Writes the agreement (and `--save-answers`) from valid answers. Without a terminal, a problem ends the command
 * with nothing written. On one, each problem is said and what it spoils is asked again (the format, the file name,
 * the answers file's name, or an answer at the review), round after round, until the files are written.
 */
export async function writeAgreement(pack: Pack, answers: Answers, options: NewOptions, context: CommandContext, interaction: WriteInteraction): Promise<void> {
  const terminal = interaction.prompts ? { questions: await import('../../interview/output-questions.js'), prompts: interaction.prompts } : undefined;
  const writer = new AgreementWriter(pack, answers, options, context, interaction, terminal);
  // Ctrl-C outside a question (a slow render, the files being written) comes as a signal, answered in main.ts.
  const forget = onInterrupt(() => writer.stopOnSignal());
  try {
    while ((await writer.writeRound()) === 'again');
  } catch (error) {
    // Ctrl-C (or Ctrl-D) at a question after the answers were validated: they are not lost with the agreement.
    if (error instanceof InterruptedError && !writer.interrupted) throw await writer.stopKeepingAnswers(error, { ask: false });
    throw error;
  } finally {
    forget();
  }
}

/**
 * Ctrl-C at the interview's review, its answers all valid: with --save-answers they are saved as after the
 * review (AgreementWriter.stopKeepingAnswers), nothing more asked; the error to end with. `unfinished`: Ctrl-C
 * before the review, with the answers given so far, which the message calls so, and which --answers goes on from.
 */
export async function stopKeepingReviewedAnswers(
  pack: Pack,
  answers: Answers,
  options: NewOptions,
  context: CommandContext,
  prompts: PromptsSource,
  stop: SuperviseError,
  { unfinished = false }: { unfinished?: boolean } = {},
): Promise<SuperviseError> {
  const terminal = { questions: await import('../../interview/output-questions.js'), prompts };
  const interaction: WriteInteraction = { prompts, askFormat: false, askOut: false, reviseAnswers: undefined };
  const writer = new AgreementWriter(pack, answers, options, context, interaction, terminal);
  writer.answersUnfinished = unfinished;
  return writer.stopKeepingAnswers(stop, { ask: false });
}

/** The choices a round is made with, changed by what the user is asked between rounds. */
class AgreementWriter {
  private answers: Answers;
  private stem: string;
  private saveAnswersPath: string | undefined;
  private format: FormatOption;
  private out: string;
  private askFormat: boolean;
  private askOut: boolean;
  /** Set once the user declines to replace a file: the name suggested next is one that is free. */
  private suggestFree = false;
  /** Whether the answers file may be replaced: --force, or yes to "replace it?" for the name it has now. */
  private replaceAnswersFile: boolean;
  /** Set by a signal (stopOnSignal): the command is ending, and writes nothing more. */
  interrupted = false;
  /** The answers are those given before an interview's review was reached: kept, they are said to be only so far. */
  answersUnfinished = false;

  constructor(
    private readonly pack: Pack,
    answers: Answers,
    private readonly options: NewOptions,
    private readonly context: CommandContext,
    private readonly interaction: WriteInteraction,
    private readonly terminal: Terminal | undefined,
  ) {
    this.answers = answers;
    this.stem = deriveFileStem(pack, answers);
    this.saveAnswersPath = options.saveAnswers ? resolve(context.cwd, options.saveAnswers) : undefined;
    this.format = options.format;
    this.out = options.out;
    this.askFormat = interaction.askFormat;
    this.askOut = interaction.askOut;
    this.replaceAnswersFile = options.force;
  }

  private display(path: string): string {
    return displayPath(path, this.context.cwd);
  }

  /** What to do: on a terminal, at the question that follows; otherwise, with the options to run again with. */
  private advise(onTerminal: string, onCommandLine: string): string {
    return this.terminal ? onTerminal : onCommandLine;
  }

  async writeRound(): Promise<Round> {
    const formats = await this.chooseFormats();
    if (!formats) return 'again';
    const paths = await this.choosePaths(formats);
    const overwrite = await this.clearTheWay(paths);
    if (overwrite === undefined) return 'again';

    let rendered;
    try {
      rendered = await renderAgreement(this.pack, this.answers, {
        formats,
        paper: this.options.paper,
        formFields: this.options.formFields,
        creationDate: resolveCreationDate(this.context.env.SOURCE_DATE_EPOCH),
        display: (path) => this.display(path),
      });
    } catch (error) {
      if (!(await this.recoverFromRenderFailure(error))) throw error;
      return 'again';
    }
    const files: OutputFile[] = rendered.map((file) => ({ path: paths.get(file.format)!, content: file.content }));
    if (this.saveAnswersPath) files.push({ path: this.saveAnswersPath, content: this.serialiseAnswers() });

    let written: string[];
    try {
      written = await writeFilesAtomic(files, { overwrite, interrupted: () => this.interrupted });
    } catch (error) {
      if (!isFileSystemFailure(error)) throw error;
      await this.askAgainAfter(error, paths);
      return 'again';
    }
    for (const path of written) this.context.reporter.success(`Wrote ${this.display(path)}`);
    return 'written';
  }

  private serialiseAnswers(): string {
    const templates = this.options.templates === undefined ? undefined : this.display(resolve(this.context.cwd, this.options.templates));
    return serialiseAnswers(this.pack, this.answers, templates);
  }

  /** The formats to write, asked for on a terminal; undefined when an answer cannot be printed in them and the user has chosen what to change. */
  private async chooseFormats(): Promise<OutputFormat[] | undefined> {
    const { terminal } = this;
    if (terminal && this.askFormat) this.format = await terminal.questions.askFormat(await terminal.prompts(), this.format);
    const formats = expandFormat(this.format);
    // Said before the file name is asked, not after it (and a "replace it?"), to be asked again once it is changed.
    const unprintable = terminal && formats.includes('pdf') ? await findUnprintableInPdf(this.answers, { advise: false }) : [];
    if (terminal && unprintable.length > 0) {
      // In the words of the interview, not of the command line: advice for the question that follows.
      terminal.questions.sayUnprintable(await terminal.prompts(), this.pack.manifest, unprintable);
      await this.askHowToGoOn();
      return undefined;
    }
    return formats;
  }

  /** The file of each format, its name asked for on a terminal. */
  private async choosePaths(formats: OutputFormat[]): Promise<Map<OutputFormat, string>> {
    const { terminal } = this;
    if (terminal && this.askOut) {
      const planned = planAgreementPaths(resolveOut(this.context.cwd, this.out), this.stem, formats).get(formats[0]!)!;
      const suggested = this.suggestFree ? await findFreeName(planned, this.stem, formats, this.saveAnswersPath) : planned;
      this.out = await terminal.questions.askOutPath(await terminal.prompts(), { cwd: this.context.cwd, suggested, format: this.format });
    }
    return planAgreementPaths(resolveOut(this.context.cwd, this.out), this.stem, formats);
  }

  /**
   * Checked before rendering anything, so a clash costs nothing and writes nothing: the answers file named as the
   * agreement, a folder where a file is to go, a file already there. Whether to replace files (--force, or yes to
   * "replace it?"); undefined when something was said and asked again.
   */
  private async clearTheWay(paths: Map<OutputFormat, string>): Promise<boolean | undefined> {
    const agreementPaths = [...paths.values()];
    const targets = [...agreementPaths, ...(this.saveAnswersPath ? [this.saveAnswersPath] : [])];
    if (await this.saidAnswersFileIsAgreement(agreementPaths)) return undefined;
    if (await this.saidFoldersInTheWay(targets)) return undefined;
    if (this.options.force) return true;
    return this.settleExistingFiles(paths, targets);
  }

  /** True when --save-answers names one of the agreement's own files: said, and (on a terminal) its name asked again. */
  private async saidAnswersFileIsAgreement(agreementPaths: readonly string[]): Promise<boolean> {
    if (this.saveAnswersPath === undefined || !agreementPaths.includes(this.saveAnswersPath)) return false;
    await this.reportOrThrow(
      new UsageError(
        `--save-answers ${this.display(this.saveAnswersPath)} is where the agreement itself is to be written`,
        this.advise('Give the answers their own file name below.', 'Give the answers their own file name, e.g. --save-answers answers.yaml.'),
      ),
    );
    this.setAnswersPath(await this.askAnswersPathAgain(this.saveAnswersPath));
    return true;
  }

  /** True when a folder stands where a file is to be written: said, and (on a terminal) the path it is at asked again. */
  private async saidFoldersInTheWay(targets: readonly string[]): Promise<boolean> {
    const folders = await findFolders(targets);
    if (folders.length === 0) return false;
    const agreementFolder = folders.find((path) => path !== this.saveAnswersPath);
    await this.reportOrThrow(
      new SuperviseError(`${folders.map((path) => this.display(path)).join(', ')} ${folders.length === 1 ? 'is a folder' : 'are folders'}, not a file to write`, {
        hint: agreementFolder
          ? this.advise(
              `Name a file below, or end the folder's name with a slash (${this.display(agreementFolder)}/) to write into it.`,
              `To write into it, end --out with a slash (--out ${this.display(agreementFolder)}/); or name a file.`,
            )
          : this.advise('Give a file name for the answers below.', 'Give --save-answers a file name.'),
      }),
    );
    if (this.saveAnswersPath !== undefined && folders.includes(this.saveAnswersPath)) {
      this.setAnswersPath(await this.askAnswersPathAgain(this.saveAnswersPath, { isFolder: true }));
    }
    this.askOut = agreementFolder !== undefined;
    return true;
  }

  /**
   * Files already at the targets, without --force: refused off a terminal; on one, asked whether to replace them
   * (true), or else where to write instead (undefined). False when there are none.
   */
  private async settleExistingFiles(paths: Map<OutputFormat, string>, targets: readonly string[]): Promise<boolean | undefined> {
    const { terminal } = this;
    let existing: string[];
    try {
      existing = await findExistingPaths(targets);
    } catch (error) {
      if (!isFileSystemFailure(error)) throw error;
      await this.askAgainAfter(error, paths);
      return undefined;
    }
    if (existing.length === 0) return false;
    if (!terminal) {
      const elsewhere = [
        ...(existing.some((path) => path !== this.saveAnswersPath) ? ['choose another place with --out'] : []),
        ...(this.saveAnswersPath !== undefined && existing.includes(this.saveAnswersPath) ? ['give --save-answers another file name'] : []),
      ];
      throw new SuperviseError(
        `Not overwriting ${existing.length === 1 ? 'an existing file' : 'existing files'}: ${existing.map((path) => this.display(path)).join(', ')}`,
        { hint: `Use --force to replace, or ${elsewhere.join(', or ')}.` },
      );
    }
    if (await terminal.questions.confirmOverwrite(await terminal.prompts(), existing.map((path) => this.display(path)))) {
      this.replaceAnswersFile = true;
      return true;
    }
    // Each declined file is asked about again: the answers file's name, or where the agreement goes.
    if (this.saveAnswersPath !== undefined && existing.includes(this.saveAnswersPath)) this.setAnswersPath(await this.askAnswersPathAgain(this.saveAnswersPath));
    this.askFormat = false;
    const agreementPaths = [...paths.values()];
    this.askOut = existing.some((path) => agreementPaths.includes(path));
    this.suggestFree = this.suggestFree || this.askOut;
    return undefined;
  }

  /** On a terminal a wrong place is said, to be asked again; otherwise it ends the command, nothing written. */
  private async reportOrThrow(error: SuperviseError): Promise<void> {
    if (!this.terminal) throw error;
    // The prompts first, which wrap what is said to the terminal: a question follows.
    await this.terminal.prompts();
    this.context.reporter.error(error, (path) => this.display(path));
    this.askFormat = false;
  }

  /**
   * A place that cannot be written (under a file, not permitted): on a terminal it is said, then the
   * path it spoils is asked again, the answers file's own name if only that one is concerned.
   */
  private async askAgainAfter(error: SuperviseError, paths: Map<OutputFormat, string>): Promise<void> {
    const spoils = (path: string): boolean => error.file !== undefined && isOnPathTo(error.file, path);
    const answersOnly = this.saveAnswersPath !== undefined && spoils(this.saveAnswersPath) && ![...paths.values()].some(spoils);
    // Another name in the same place helps with a name that cannot be made, not with a full or read-only disk.
    const answersHint = isFolderWideWriteFailure(error) && errnoCodeOf(error.cause) !== 'ENOTDIR'
      ? 'Give --save-answers a file in another folder (or on another disk), or free space / fix permissions and run again.'
      : 'Give --save-answers another file name.';
    const hint = !this.terminal ? (answersOnly ? answersHint : error.hint) : 'Choose another place below.';
    await this.reportOrThrow(new SuperviseError(error.message, { hint, cause: error.cause, file: error.file }));
    if (answersOnly && this.saveAnswersPath !== undefined) {
      this.setAnswersPath(await this.askAnswersPathAgain(this.saveAnswersPath));
      this.askOut = false;
    } else {
      // Not offered back where it failed, unless that is the current folder itself: its file name is, here.
      if (error.file !== undefined && !isOnPathTo(error.file, this.context.cwd)) this.out = formatNamedBy(this.out) === undefined ? '.' : basename(this.out);
      this.askOut = true;
    }
  }

  /**
   * After an interview, a render that failed must not throw the answers away: it is reported, then an answer is
   * changed (back at the review) or another format chosen. False if it cannot be recovered from here.
   */
  private async recoverFromRenderFailure(error: unknown): Promise<boolean> {
    if (!this.terminal || !isSuperviseError(error) || error instanceof InterruptedError || this.interrupted) return false;
    // The prompts first, which wrap what is said to the terminal: a question follows.
    await this.terminal.prompts();
    this.context.reporter.error(error, (path) => this.display(path));
    await this.askHowToGoOn();
    return true;
  }

  /** After a render that failed (or would), on a terminal: changes an answer or the format, as the user chooses. */
  private async askHowToGoOn(): Promise<void> {
    const { terminal, interaction } = this;
    if (!terminal) throw new Error('askHowToGoOn: there is no terminal to ask on');
    const next = await terminal.questions.askAfterRenderFailure(await terminal.prompts(), {
      canChangeAnswers: interaction.reviseAnswers !== undefined,
      keptIn: this.saveAnswersPath === undefined ? undefined : this.display(this.saveAnswersPath),
    });
    if (next === 'keep') {
      const suggested = await findFreeAnswersNameIn(this.context.cwd, this.context.cwd);
      this.setAnswersPath(resolve(this.context.cwd, await terminal.questions.askAnswersPath(await terminal.prompts(), { cwd: this.context.cwd, suggested })));
    }
    if (next === 'stop' || next === 'keep') throw await this.stopKeepingAnswers(new SuperviseError('Stopped: nothing was written.'), { ask: true });
    if (next === 'answers' && interaction.reviseAnswers) {
      this.answers = await interaction.reviseAnswers();
      this.stem = deriveFileStem(this.pack, this.answers);
      // A name suggested from the old answers is suggested afresh from the new ones.
      if (interaction.askOut) this.out = this.options.out;
      this.askFormat = false;
    } else {
      this.askFormat = true;
      // What failed was the PDF, or both formats: Markdown, which takes any text, is where the list starts.
      this.format = 'md';
    }
    this.askOut = interaction.askOut;
  }

  /** A new name for the answers file, which the user has not yet agreed to replace. */
  private setAnswersPath(path: string): void {
    this.saveAnswersPath = path;
    this.replaceAnswersFile = this.options.force;
  }

  /**
   * Stopped (at "What now?" or by Ctrl-C) after the answers were validated, on a terminal, with a file to save
   * them in: they are saved there, rather than lost with the agreement, and the message says where. Nothing the
   * user has not agreed to replace is replaced. `ask`: on a choice to stop, a name that is taken or cannot be
   * written is asked about again; after Ctrl-C nothing more is asked (keepAnswersWithoutAsking), and the message
   * says where they went, or why they were not saved.
   */
  async stopKeepingAnswers(stop: SuperviseError, { ask }: { ask: boolean }): Promise<SuperviseError> {
    const { terminal } = this;
    if (!terminal) return stop;
    const notSaved = (reason: string): SuperviseError => new SuperviseError(stop.message, { exitCode: stop.exitCode, hint: `Your answers were not saved either: ${reason}.` });
    if (!ask) {
      const kept = this.keepAnswersWithoutAsking();
      if (kept === undefined) {
        const hint = this.adviseKeepingTypedAnswers(stop);
        return hint === undefined ? stop : new SuperviseError(stop.message, { exitCode: stop.exitCode, hint });
      }
      if ('notSaved' in kept) return notSaved(kept.notSaved);
      return new SuperviseError(`${stop.message.replace(/(:|, so) nothing was written\.$/, '$1 the agreement was not written')}; ${this.describeKept(kept)}.`, {
        exitCode: stop.exitCode,
        hint: `${this.answersUnfinished ? 'To answer the rest' : 'To go on from them'}: supervise new --answers ${quoteForShell(this.display(kept.saved))}`,
      });
    }
    for (;;) {
      const path = this.saveAnswersPath;
      if (path === undefined) return stop;
      try {
        if (!this.replaceAnswersFile && (await findExistingPaths([path])).length > 0) {
          if (await terminal.questions.confirmOverwrite(await terminal.prompts(), [this.display(path)])) this.replaceAnswersFile = true;
          else this.setAnswersPath(await this.askAnswersPathAgain(path));
          continue;
        }
        await writeFilesAtomic([{ path, content: this.serialiseAnswers() }], { overwrite: this.replaceAnswersFile });
      } catch (error) {
        if (!isFileSystemFailure(error)) throw error;
        await this.reportOrThrow(new SuperviseError(error.message, { hint: 'Give the answers another file name below.', cause: error.cause, file: error.file }));
        this.setAnswersPath(await this.askAnswersPathAgain(path));
        continue;
      }
      const shown = this.display(path);
      return new SuperviseError(`${stop.message.replace(/(:|, so) nothing was written\.$/, '$1 the agreement was not written')}; your answers are saved in ${shown}.`, {
        exitCode: stop.exitCode,
        hint: `To go on from them: supervise new --answers ${quoteForShell(shown)}`,
      });
    }
  }

  /**
   * Ctrl-C (or SIGTERM) outside any question, from main.ts's signal handler, so synchronously: the answers, all
   * valid, are kept as after Ctrl-C at a question (keepAnswersWithoutAsking), and nothing more is written.
   * Run once: main.ts ignores a second Ctrl-C while it stops.
   */
  stopOnSignal(): InterruptSummary | undefined {
    this.interrupted = true;
    const kept = this.keepAnswersWithoutAsking();
    if (kept === undefined) {
      const hint = this.adviseKeepingTypedAnswers(new InterruptedError());
      return hint === undefined ? undefined : { summary: 'nothing was written.', hint };
    }
    if ('notSaved' in kept) return { summary: 'nothing was written.', hint: `Your answers were not saved either: ${kept.notSaved}.` };
    return { summary: `the agreement was not written; ${this.describeKept(kept)}.`, hint: `To go on from them: supervise new --answers ${quoteForShell(this.display(kept.saved))}` };
  }

  /** After an interview, with nowhere to keep what was typed: how to keep it next time. */
  private adviseKeepingTypedAnswers(stop: SuperviseError): string | undefined {
    const typed = this.interaction.reviseAnswers !== undefined && stop instanceof InterruptedError;
    return typed ? 'To keep typed answers when the agreement is not written, give --save-answers FILE.' : undefined;
  }

  private describeKept({ saved, taken }: { saved: string; taken?: string | undefined }): string {
    const where = `${this.answersUnfinished ? 'the answers given so far are' : 'your answers are'} saved in ${this.display(saved)}`;
    return taken === undefined ? where : `${this.display(taken)} already exists, so ${where}`;
  }

  /**
   * The answers saved with nothing asked (after Ctrl-C, when there may be no question to ask it with), and
   * synchronously, as a signal handler must: in the --save-answers file or, where that is taken and the user
   * has not agreed to replace it, under the first free name beside it (`answers-2.yaml`), which the message
   * then names. Undefined without --save-answers.
   */
  private keepAnswersWithoutAsking(): { saved: string; taken?: string | undefined } | { notSaved: string } | undefined {
    const path = this.saveAnswersPath;
    if (path === undefined) return undefined;
    let target = path;
    try {
      const free = this.replaceAnswersFile || lstatSync(path, { throwIfNoEntry: false }) === undefined;
      if (!free) {
        const beside = findFreeAnswersNameSync(path);
        if (beside === undefined) return { notSaved: `${this.display(path)} already exists, and was left as it was` };
        target = beside;
      }
      writeFileAtomicSync(target, this.serialiseAnswers(), { overwrite: this.replaceAnswersFile && target === path });
    } catch (error) {
      const failure = isSuperviseError(error) ? error : describeFsError(error as NodeJS.ErrnoException, target);
      return { notSaved: displayMessage(failure, (shown) => this.display(shown)) };
    }
    return { saved: target, taken: target === path ? undefined : path };
  }

  /**
   * Asks for another name for the answers file, suggesting one that is free: beside it, or inside it when it is a
   * folder. Reached only on a terminal, after reportOrThrow.
   */
  private async askAnswersPathAgain(current: string, { isFolder = false } = {}): Promise<string> {
    const { terminal, context } = this;
    if (!terminal) throw new Error('askAnswersPathAgain: there is no terminal to ask on');
    const free = isFolder ? await findFreeAnswersNameIn(current, context.cwd) : await findFreeAnswersName(current, context.cwd);
    return resolve(context.cwd, await terminal.questions.askAnswersPath(await terminal.prompts(), { cwd: context.cwd, suggested: free }));
  }
}

/**
 * The answers a PDF cannot print: by the table of the installed font or, where there is none (the sources run
 * without a build), by the font itself, which the PDF would load next anyway; found here, they are refused before
 * the file names are asked, in the words of where they were given. `advise`: whether each says what to do on the
 * command line (--format md).
 */
export async function findUnprintableInPdf(answers: Answers, { advise = true } = {}): Promise<Problem[]> {
  const printable = loadPrintableCharacters();
  const findUnprintable = printable
    ? (text: string): string[] => findUnprintableCharacters(printable, text)
    : (await import('../../render/pdf/index.js')).findUndrawableCharacters;
  return findUnprintableAnswers(answers, findUnprintable, advise);
}

/** `--out` made absolute, still ending in a slash if it was typed with one (a folder, even if named `x.pdf/`). */
function resolveOut(cwd: string, out: string): string {
  const path = resolve(cwd, out);
  return namesFolder(out) && !namesFolder(path) ? `${path}${sep}` : path;
}

/** Which of the paths are folders (never following a symbolic link). */
async function findFolders(paths: readonly string[]): Promise<string[]> {
  const kinds = await Promise.all(paths.map((path) => lstat(path).then((info) => info.isDirectory(), () => false)));
  return paths.filter((_, index) => kinds[index]);
}

/**
 * `agreement-2.pdf`, `agreement-3.pdf`…: the first name beside `path` under
 * which nothing would be replaced (in every format asked for), so declining
 * to replace a file is not answered by offering the same name again.
 */
async function findFreeName(path: string, stem: string, formats: readonly OutputFormat[], saveAnswersPath: string | undefined): Promise<string> {
  const extension = extname(path);
  const base = path.slice(0, path.length - extension.length);
  for (let suffix = 2; suffix < 1000; suffix += 1) {
    const candidate = `${base}-${suffix}${extension}`;
    const planned = [...planAgreementPaths(candidate, stem, formats).values()];
    if (saveAnswersPath !== undefined && planned.includes(saveAnswersPath)) continue;
    // A folder that cannot be looked into has no free name to offer: the name typed is offered again, to change.
    const existing = await findExistingPaths(planned).catch((error: unknown) => {
      if (isFileSystemFailure(error)) return undefined;
      throw error;
    });
    if (existing === undefined) return path;
    if (existing.length === 0) return candidate;
  }
  return path;
}

/**
 * `answers-2.yaml`, `answers-3.yaml`…: the first free name beside the answers
 * file; or, where its folder cannot be looked into (a file, not permitted),
 * its name in the current folder.
 */
async function findFreeAnswersName(path: string, cwd: string): Promise<string> {
  const extension = extname(path);
  const base = path.slice(0, path.length - extension.length);
  try {
    for (let suffix = 2; suffix < 1000; suffix += 1) {
      const candidate = `${base}-${suffix}${extension}`;
      if ((await findExistingPaths([candidate])).length === 0) return candidate;
    }
  } catch (error) {
    if (!isFileSystemFailure(error) || dirname(path) === cwd) throw error;
    const inCwd = join(cwd, basename(path));
    return (await findExistingPaths([inCwd])).length === 0 ? inCwd : findFreeAnswersName(inCwd, cwd);
  }
  return path;
}

/** findFreeAnswersName, synchronously, for a signal handler: beside the file only; undefined if none is free. */
function findFreeAnswersNameSync(path: string): string | undefined {
  const extension = extname(path);
  const base = path.slice(0, path.length - extension.length);
  for (let suffix = 2; suffix < 1000; suffix += 1) {
    const candidate = `${base}-${suffix}${extension}`;
    if (lstatSync(candidate, { throwIfNoEntry: false }) === undefined) return candidate;
  }
  return undefined;
}

/**
 * `answers.yaml` inside the folder `--save-answers` named, as `--out` takes a
 * folder to write into; or, taken, the first free name beside it
 * (`answers-2.yaml`…). Never the folder's own name with a number, which
 * would be a file without the .yaml that says what it holds.
 */
async function findFreeAnswersNameIn(folder: string, cwd: string): Promise<string> {
  const inside = join(folder, 'answers.yaml');
  const existing = await findExistingPaths([inside]).catch((error: unknown) => {
    // A folder that cannot be looked into: findFreeAnswersName offers the name in the current folder instead.
    if (isFileSystemFailure(error)) return [inside];
    throw error;
  });
  return existing.length === 0 ? inside : findFreeAnswersName(inside, cwd);
}

/** Whether `path` is `target` or a folder on the way to it. */
function isOnPathTo(path: string, target: string): boolean {
  return target === path || target.startsWith(path.endsWith(sep) ? path : `${path}${sep}`);
}

