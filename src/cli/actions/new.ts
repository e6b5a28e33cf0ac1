import { lstat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { stringify } from 'yaml';
import { expandFormat, type FormatOption, type OutputFormat, renderAgreement, resolveCreationDate } from '../../render/render-agreement.js';
import { compilePacks } from '../../render/render-markdown.js';
import { deriveFileStem, formatNamedBy, namesFolder, planAgreementPaths } from '../../render/file-names.js';
import { locateAnswerProblems, mergeAnswerSources, parseSetAssignments } from '../../packs/answer-sources.js';
import { InterruptedError, isSuperviseError, quoteForShell, SuperviseError, UsageError, ValidationError, type Problem } from '../../errors.js';
import { formatCount } from '../../format-count.js';
import type { InterviewPrompts } from '../../interview/prompts.js';
import { readYamlFile } from '../../io/read-input.js';
import { findExistingPaths, isFileSystemFailure, isFolderWideWriteFailure, writeFilesAtomic, type OutputFile } from '../../io/write-files.js';
import { errnoCodeOf } from '../../io/fs-reasons.js';
import type { YamlSource } from '../../io/yaml-source.js';
import { findPack, loadUsablePacks } from '../../packs/load-packs.js';
import { cloneAnswers, deletePath, getPath, isPlainObject, setOwn, type PlainObject } from '../../packs/object-paths.js';
import type { Pack } from '../../packs/pack-format.js';
import { resolveDefault, validateAnswers, type Answers } from '../../packs/validate-answers.js';
import { findUnprintableAnswers, findUnprintableCharacters, loadPrintableCharacters } from '../../render/printable-characters.js';
import type { NewOptions } from '../commands/new.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { refuseStandardStream } from '../path-options.js';

/** The prompts of a terminal session, created only when something must be asked. */
type PromptsSource = () => Promise<InterviewPrompts>;

/** Which options were typed on the command line rather than left at their defaults. */
export type GivenOptions = ReadonlySet<'format' | 'out'>;

/**
 * `supervise new`: answers from a file, --set and (on a terminal) an
 * interview, to one agreement. Without a terminal, or with --yes, nothing is
 * ever asked: missing answers fail at once, listed.
 */
export async function runNew(
  templateArgument: string | undefined,
  typedOptions: NewOptions,
  context: CommandContext,
  typed: GivenOptions = new Set(),
): Promise<void> {
  const { reporter } = context;
  refuseStandardStream('--out', typedOptions.out, { direction: 'output', names: 'a file or folder' });
  refuseStandardStream('--save-answers', typedOptions.saveAnswers, { direction: 'output', names: 'a file' });
  refuseStandardStream('--answers', typedOptions.answers, { direction: 'input', names: 'a file' });
  const { options, given } = settleFormat(typedOptions, typed);
  const display = (path: string): string => displayPath(path, context.cwd);
  const packs = await loadUsablePacks(options.templates && resolve(context.cwd, options.templates), display);
  const answersPath = options.answers && resolve(context.cwd, options.answers);
  const file = answersPath ? await readYamlFile(answersPath, 'answers file', display(answersPath)) : undefined;
  if (file && file.value == null) reporter.warn(`The answers file ${file.file} is empty.`);
  const sets = parseSetAssignments(options.set);
  const interviewing = context.interactive && !options.yes;
  let prompts: InterviewPrompts | undefined;
  const getPrompts: PromptsSource = async () => {
    if (prompts) return prompts;
    // Loaded only now, so scripted runs never load the prompt library.
    const { createInquirerPrompts, wrapLines } = await import('../../interview/inquirer-prompts.js');
    const created = createInquirerPrompts();
    // What the command says between questions (a place that cannot be written, then "Wrote…") is wrapped as the questions are.
    reporter.fitText((text) => wrapLines(text, created.width));
    prompts = created;
    return prompts;
  };

  const templateName = chooseTemplateName(templateArgument, file, packs);
  let pack: Pack;
  if (templateName !== undefined) pack = findPack(packs, templateName);
  else if (interviewing) pack = await (await import('../../interview/run-interview.js')).chooseTemplate(packs, await getPrompts());
  else {
    throw new UsageError(
      'Which template? Name one, e.g. `supervise new one-to-one`, or put `template:` in the answers file',
      `Templates: ${packs.map((candidate) => candidate.manifest.name).join(', ')}.`,
    );
  }

  // A pack whose templates do not compile is refused before anything is asked, not after a whole interview.
  compilePacks([pack], display, { checkNames: options.templates !== undefined });

  const input = mergeAnswerSources(pack.manifest, file, sets);
  let result = validateAnswers(pack.manifest, input);
  /** The interview's own answers, without the defaults validation fills in; kept to go back to its review. */
  let interviewDraft: PlainObject | undefined;
  if (!result.ok && interviewing) {
    const { runInterview } = await import('../../interview/run-interview.js');
    // Like node-plop: the interview yields a plain answers object, judged by the same validation as a file.
    interviewDraft = await runInterview(pack, input, await getPrompts());
    result = validateAnswers(pack.manifest, interviewDraft);
  }
  const interviewed = interviewDraft !== undefined;
  if (!result.ok) {
    const problems = locateAnswerProblems(pack.manifest, result.problems, file, sets);
    throw new ValidationError(
      `${formatCount(problems.length)} answer${problems.length === 1 ? ' is' : 's are'} missing or invalid for the "${pack.manifest.name}" template`,
      problems,
      `Nothing was written. Add them to the answers file or pass --set KEY=VALUE (\`supervise templates show ${pack.manifest.name}\` lists every field).`,
    );
  }
  // Without an interview, refused here with the line each answer came from. After one (a format given or not),
  // the write below says so and goes back to its review: ending here would throw every typed answer away.
  if (!interviewed) {
    const unprintable = expandFormat(options.format).includes('pdf') ? await findUnprintableInPdf(result.answers) : [];
    if (unprintable.length > 0) {
      throw new ValidationError('Some answers cannot be printed in a PDF', locateAnswerProblems(pack.manifest, unprintable, file, sets), 'Nothing was written.');
    }
  }
  // An interview showed them at its review, where they could still be acted on.
  if (!interviewed) reporter.problems(locateAnswerProblems(pack.manifest, result.warnings, file, sets));

  await writeAgreement(pack, result.answers, options, context, {
    prompts: interviewing ? getPrompts : undefined,
    askFormat: interviewed && !given.has('format'),
    askOut: interviewed && !given.has('out'),
    reviseAnswers: interviewDraft ? reviserFor(pack, interviewDraft, getPrompts) : undefined,
  });
}

/**
 * `--out agreement.md` asks for Markdown: without --format it sets the format
 * (and the interview does not ask for one), and a --format it contradicts is
 * refused, rather than the file being written under another name.
 */
function settleFormat(options: NewOptions, given: GivenOptions): { options: NewOptions; given: GivenOptions } {
  const named = formatNamedBy(options.out);
  if (named === undefined) return { options, given };
  if (!given.has('format')) return { options: { ...options, format: named }, given: new Set([...given, 'format']) };
  if (options.format === 'both' || options.format === named) return { options, given };
  throw new UsageError(
    `--out ${options.out} ends in .${named}, but --format is ${options.format}`,
    `End it in .${options.format}, or leave out --format to write ${named === 'md' ? 'Markdown' : 'a PDF'}.`,
  );
}

function chooseTemplateName(argument: string | undefined, file: YamlSource | undefined, packs: readonly Pack[]): string | undefined {
  const fromFile = isPlainObject(file?.value) ? file.value.template : undefined;
  // Only between two templates that exist: a misspelt name is better answered with "did you mean".
  const known = (name: string): boolean => packs.some((pack) => pack.manifest.name === name);
  if (argument && file && typeof fromFile === 'string' && fromFile !== argument && known(argument) && known(fromFile)) {
    throw new UsageError(
      `The answers file ${file.file} is for the "${fromFile}" template, not "${argument}"`,
      `Leave out the template name to use "${fromFile}", or give answers written for "${argument}" (\`supervise templates show ${argument}\` lists its fields).`,
    );
  }
  if (argument) return argument;
  if (typeof fromFile === 'string' && fromFile !== '') return fromFile;
  if (packs.length === 1) return packs[0]!.manifest.name;
  return undefined;
}

interface WriteInteraction {
  /** Present on a terminal: an existing file is then asked about instead of refused. */
  prompts: PromptsSource | undefined;
  askFormat: boolean;
  askOut: boolean;
  /** After an interview: back to its review, for an answer the chosen format cannot print; resolves to the answers as changed. */
  reviseAnswers: (() => Promise<Answers>) | undefined;
}

async function writeAgreement(pack: Pack, validAnswers: Answers, options: NewOptions, context: CommandContext, interaction: WriteInteraction): Promise<void> {
  // On a terminal: the questions about where to write, and the prompts to ask them with. Undefined, a problem ends the command.
  const terminal = interaction.prompts ? { questions: await import('../../interview/output-questions.js'), prompts: interaction.prompts } : undefined;
  const display = (path: string): string => displayPath(path, context.cwd);
  let answers = validAnswers;
  let stem = deriveFileStem(pack, answers);
  let saveAnswersPath = options.saveAnswers ? resolve(context.cwd, options.saveAnswers) : undefined;
  let format: FormatOption = options.format;
  let out = options.out;
  let { askFormat, askOut } = interaction;
  /** Set once the user declines to replace a file: the name suggested next is one that is free. */
  let suggestFree = false;

  /**
   * After an interview, a render that failed must not throw the answers away: it is reported, then an answer is
   * changed (back at the review) or another format chosen. False if it cannot be recovered from here.
   */
  const recoverFromRenderFailure = async (error: unknown): Promise<boolean> => {
    if (!terminal || !isSuperviseError(error) || error instanceof InterruptedError) return false;
    // The prompts first, which wrap what is said to the terminal: a question follows.
    await terminal.prompts();
    context.reporter.error(error, display);
    await askHowToGoOn();
    return true;
  };
  /** After a render that failed (or would), on a terminal: changes an answer or the format, as the user chooses. */
  const askHowToGoOn = async (): Promise<void> => {
    if (!terminal) throw new Error('askHowToGoOn: there is no terminal to ask on');
    const next = await terminal.questions.askAfterRenderFailure(await terminal.prompts(), { canChangeAnswers: interaction.reviseAnswers !== undefined });
    if (next === 'stop') throw new SuperviseError('Stopped: nothing was written.');
    if (next === 'answers' && interaction.reviseAnswers) {
      answers = await interaction.reviseAnswers();
      stem = deriveFileStem(pack, answers);
      // A name suggested from the old answers is suggested afresh from the new ones.
      if (interaction.askOut) out = options.out;
      askFormat = false;
    } else {
      askFormat = true;
      // What failed was the PDF, or both formats: Markdown, which takes any text, is where the list starts.
      format = 'md';
    }
    askOut = interaction.askOut;
  };

  for (;;) {
    if (terminal && askFormat) format = await terminal.questions.askFormat(await terminal.prompts(), format);
    const formats = expandFormat(format);
    // Said before the file name is asked, not after it (and a "replace it?"), to be asked again once it is changed.
    const unprintable = terminal && formats.includes('pdf') ? await findUnprintableInPdf(answers, { advise: false }) : [];
    if (terminal && unprintable.length > 0) {
      // In the words of the interview, not of the command line: advice for the question that follows.
      terminal.questions.sayUnprintable(await terminal.prompts(), pack.manifest, unprintable);
      await askHowToGoOn();
      continue;
    }
    if (terminal && askOut) {
      const planned = planAgreementPaths(resolveOut(context.cwd, out), stem, formats).get(formats[0]!)!;
      const suggested = suggestFree ? await findFreeName(planned, stem, formats, saveAnswersPath) : planned;
      out = await terminal.questions.askOutPath(await terminal.prompts(), { cwd: context.cwd, suggested, format });
    }
    const paths = planAgreementPaths(resolveOut(context.cwd, out), stem, formats);
    const targets = [...paths.values(), ...(saveAnswersPath ? [saveAnswersPath] : [])];
    /** What to do: on a terminal, at the question that follows; otherwise, with the options to run again with. */
    const advise = (onTerminal: string, onCommandLine: string): string => (terminal ? onTerminal : onCommandLine);
    /** On a terminal a wrong place is said, to be asked again; otherwise it ends the command, nothing written. */
    const reportOrThrow = async (error: SuperviseError): Promise<void> => {
      if (!terminal) throw error;
      // The prompts first, which wrap what is said to the terminal: a question follows.
      await terminal.prompts();
      context.reporter.error(error, display);
      askFormat = false;
    };
    /**
     * A place that cannot be written (under a file, not permitted): on a terminal it is said, then the
     * path it spoils is asked again, the answers file's own name if only that one is concerned.
     */
    const askAgainAfter = async (error: SuperviseError): Promise<void> => {
      const spoils = (path: string): boolean => error.file !== undefined && isOnPathTo(error.file, path);
      const answersOnly = saveAnswersPath !== undefined && spoils(saveAnswersPath) && ![...paths.values()].some(spoils);
      // Another name in the same place helps with a name that cannot be made, not with a full or read-only disk.
      const answersHint = isFolderWideWriteFailure(error) && errnoCodeOf(error.cause) !== 'ENOTDIR'
        ? 'Give --save-answers a file in another folder (or on another disk), or free space / fix permissions and run again.'
        : 'Give --save-answers another file name.';
      const hint = !terminal ? (answersOnly ? answersHint : error.hint) : 'Choose another place below.';
      await reportOrThrow(new SuperviseError(error.message, { hint, cause: error.cause, file: error.file }));
      if (answersOnly && saveAnswersPath !== undefined) {
        saveAnswersPath = await askAnswersPathAgain(saveAnswersPath);
        askOut = false;
      } else {
        // Not offered back where it failed, unless that is the current folder itself: its file name is, here.
        if (error.file !== undefined && !isOnPathTo(error.file, context.cwd)) out = formatNamedBy(out) === undefined ? '.' : basename(out);
        askOut = true;
      }
    };

    // Checked before rendering anything, so a clash costs nothing and writes nothing.
    if (saveAnswersPath !== undefined && [...paths.values()].includes(saveAnswersPath)) {
      await reportOrThrow(
        new UsageError(
          `--save-answers ${display(saveAnswersPath)} is where the agreement itself is to be written`,
          advise('Give the answers their own file name below.', 'Give the answers their own file name, e.g. --save-answers answers.yaml.'),
        ),
      );
      saveAnswersPath = await askAnswersPathAgain(saveAnswersPath);
      continue;
    }
    const folders = await findFolders(targets);
    if (folders.length > 0) {
      const agreementFolder = folders.find((path) => path !== saveAnswersPath);
      await reportOrThrow(
        new SuperviseError(`${folders.map(display).join(', ')} ${folders.length === 1 ? 'is a folder' : 'are folders'}, not a file to write`, {
          hint: agreementFolder
            ? advise(
                `Name a file below, or end the folder's name with a slash (${display(agreementFolder)}/) to write into it.`,
                `To write into it, end --out with a slash (--out ${display(agreementFolder)}/); or name a file.`,
              )
            : advise('Give a file name for the answers below.', 'Give --save-answers a file name.'),
        }),
      );
      if (saveAnswersPath !== undefined && folders.includes(saveAnswersPath)) saveAnswersPath = await askAnswersPathAgain(saveAnswersPath, { isFolder: true });
      askOut = agreementFolder !== undefined;
      continue;
    }
    let overwrite = options.force;
    if (!overwrite) {
      let existing: string[];
      try {
        existing = await findExistingPaths(targets);
      } catch (error) {
        if (!isFileSystemFailure(error)) throw error;
        await askAgainAfter(error);
        continue;
      }
      if (existing.length > 0) {
        if (!terminal) {
          const elsewhere = [
            ...(existing.some((path) => path !== saveAnswersPath) ? ['choose another place with --out'] : []),
            ...(saveAnswersPath !== undefined && existing.includes(saveAnswersPath) ? ['give --save-answers another file name'] : []),
          ];
          throw new SuperviseError(`Not overwriting ${existing.length === 1 ? 'an existing file' : 'existing files'}: ${existing.map(display).join(', ')}`, {
            hint: `Use --force to replace, or ${elsewhere.join(', or ')}.`,
          });
        }
        overwrite = await terminal.questions.confirmOverwrite(await terminal.prompts(), existing.map(display));
        if (!overwrite) {
          // Each declined file is asked about again: the answers file's name, or where the agreement goes.
          if (saveAnswersPath !== undefined && existing.includes(saveAnswersPath)) saveAnswersPath = await askAnswersPathAgain(saveAnswersPath);
          askFormat = false;
          askOut = existing.some((path) => [...paths.values()].includes(path));
          suggestFree = suggestFree || askOut;
          continue;
        }
      }
    }

    let rendered;
    try {
      rendered = await renderAgreement(pack, answers, {
        formats,
        paper: options.paper,
        formFields: options.formFields,
        creationDate: resolveCreationDate(context.env.SOURCE_DATE_EPOCH),
        display,
      });
    } catch (error) {
      if (!(await recoverFromRenderFailure(error))) throw error;
      continue;
    }
    const files: OutputFile[] = rendered.map((file) => ({ path: paths.get(file.format)!, content: file.content }));
    if (saveAnswersPath) {
      const templates = options.templates === undefined ? undefined : display(resolve(context.cwd, options.templates));
      files.push({ path: saveAnswersPath, content: serialiseAnswers(pack, answers, templates) });
    }

    let written: string[];
    try {
      written = await writeFilesAtomic(files, { overwrite });
    } catch (error) {
      if (!isFileSystemFailure(error)) throw error;
      await askAgainAfter(error);
      continue;
    }
    for (const path of written) context.reporter.success(`Wrote ${display(path)}`);
    return;
  }

  /**
   * Asks for another name for the answers file, suggesting one that is free: beside it, or inside it when it is a
   * folder. Reached only on a terminal, after reportOrThrow.
   */
  async function askAnswersPathAgain(current: string, { isFolder = false } = {}): Promise<string> {
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
async function findUnprintableInPdf(answers: Answers, { advise = true } = {}): Promise<Problem[]> {
  const printable = loadPrintableCharacters();
  const findUnprintable = printable
    ? (text: string): string[] => findUnprintableCharacters(printable, text)
    : (await import('../../render/pdf/index.js')).findUndrawableCharacters;
  return findUnprintableAnswers(answers, findUnprintable, advise);
}

/**
 * Back to the interview's review, for an answer to be changed; the result is
 * validated as ever. It goes back with the interview's own answers, not the
 * validated ones: those have the computed defaults filled in, which the
 * review would then take for typed answers, so a review date worked out from
 * the start date would stay put when the start date is changed.
 */
function reviserFor(pack: Pack, draft: PlainObject, getPrompts: PromptsSource): () => Promise<Answers> {
  let current = draft;
  return async () => {
    const { runInterview } = await import('../../interview/run-interview.js');
    current = await runInterview(pack, current, await getPrompts());
    const result = validateAnswers(pack.manifest, current);
    // The review only lets valid answers through, so this is never reached; it keeps the types honest.
    if (!result.ok) throw new ValidationError('The answers are no longer valid', result.problems, 'Nothing was written.');
    return result.answers;
  };
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

/**
 * The answers without the dates still at the default worked out from other
 * answers (the review date: start date plus the review interval). Saved, such
 * a date would be taken for a typed one when the file is reused: next year's
 * agreement, with only the start date changed, would be refused (the review
 * before the start) or, with a start a month later, reviewed a month early.
 * Left out, it is worked out again, as the interview does when the start date
 * is changed at its review; the same answers still give the same agreement.
 */
function leaveOutComputedDates(pack: Pack, answers: Answers): Answers {
  const kept = cloneAnswers(answers) as Answers;
  for (const field of pack.manifest.fields) {
    if (field.type !== 'date' || typeof field.default !== 'object') continue;
    const value = getPath(answers, field.key);
    if (value !== undefined && value === resolveDefault(field, answers)) deletePath(kept, field.key);
  }
  return kept;
}

/**
 * The answers with their keys in the order of the template's fields, so a
 * saved file reads like the form: a group (`schedule`) where its first field
 * is, its own fields in their order too. Validation puts single answers
 * before groups; a person's own keys are left as they are, and any key that
 * is not a field stays, after the fields.
 */
function inFieldOrder(answers: PlainObject, keys: readonly string[]): PlainObject {
  const below = new Map<string, string[]>();
  for (const key of keys) {
    const dot = key.indexOf('.');
    const head = dot === -1 ? key : key.slice(0, dot);
    const inner = below.get(head) ?? [];
    if (dot !== -1) inner.push(key.slice(dot + 1));
    below.set(head, inner);
  }
  const ordered: PlainObject = {};
  for (const head of [...below.keys(), ...Object.keys(answers)]) {
    if (!Object.hasOwn(answers, head) || Object.hasOwn(ordered, head)) continue;
    const value = answers[head];
    const inner = below.get(head) ?? [];
    setOwn(ordered, head, inner.length > 0 && isPlainObject(value) ? inFieldOrder(value, inner) : value);
  }
  return ordered;
}

/**
 * Validated answers as a YAML file that `--answers` reads back unchanged.
 * Written as YAML 1.1 would need it, so what older readers (PyYAML) take for
 * a number, a date or a yes/no is quoted: `time: "10:00"`, not `time: 10:00`
 * (600 to them). YAML 1.2 reads it the same.
 */
export function serialiseAnswers(pack: Pack, answers: Answers, templatesFolder?: string): string {
  const withTemplate: Record<string, unknown> = {};
  setOwn(withTemplate, 'template', pack.manifest.name);
  const kept = inFieldOrder(leaveOutComputedDates(pack, answers), pack.manifest.fields.map((field) => field.key));
  for (const [key, value] of Object.entries(kept)) if (key !== 'template') setOwn(withTemplate, key, value);
  // Answers for a pack from --templates read without it would meet the built-in pack of that name, or none.
  const templates = templatesFolder === undefined ? '' : ` --templates ${quoteForShell(templatesFolder)}`;
  return `# Answers for the "${pack.manifest.name}" template (${pack.manifest.title}).\n# Reuse with: supervise new --answers THIS_FILE${templates}\n${stringify(withTemplate, { lineWidth: 100, version: '1.1' })}`;
}
