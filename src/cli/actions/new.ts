import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { expandFormat } from '../../render/render-agreement.js';
import { compilePacks } from '../../render/render-markdown.js';
import { formatNamedBy, namesFolder } from '../../render/file-names.js';
import { locateAnswerProblems, mergeAnswerSources, parseSetAssignments } from '../../packs/answer-sources.js';
import { InterruptedError, quoteForShell, UsageError, ValidationError, type Problem } from '../../errors.js';
import { formatCount } from '../../format-count.js';
import type { InterviewPrompts } from '../../interview/prompts.js';
import type { InterviewProgress } from '../../interview/run-interview.js';
import { readYamlFile } from '../../io/read-input.js';
import { pointAtBundledExample } from '../bundled-examples.js';
import type { YamlSource } from '../../io/yaml-source.js';
import { describeBrokenPacks, describeUnknownTemplate, findUsablePack, loadPackFolder, type PackFolder } from '../../packs/load-packs.js';
import { isPlainObject, type PlainObject } from '../../packs/object-paths.js';
import type { Pack } from '../../packs/pack-format.js';
import { validateAnswers, type Answers } from '../../packs/validate-answers.js';
import type { NewOptions } from '../commands/new.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { refuseStandardStream } from '../path-options.js';
import { printablePackTextCheck } from '../printable-pack-text.js';
import { findUnprintableInPdf, stopKeepingReviewedAnswers, writeAgreement, type PromptsSource } from './write-agreement.js';

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
  refuseUnusablePaths(typedOptions, context.cwd);
  const { options, given } = settleFormat(typedOptions, typed);
  const display = (path: string): string => displayPath(path, context.cwd);
  const folder = await loadPackFolder(options.templates && resolve(context.cwd, options.templates), display);
  const answersPath = options.answers && resolve(context.cwd, options.answers);
  const file = answersPath
    ? await readYamlFile(answersPath, 'answers file', display(answersPath)).catch((error: unknown) => {
        throw pointAtBundledExample(error, options.answers ?? '', (path) => `give it as --answers ${path}.`);
      })
    : undefined;
  if (file && file.value == null) reporter.warn(`the answers file ${file.file} is empty`);
  if (file) refuseRoster(file);
  if (file) refuseWhatIsNotAnswers(file, templateArgument);
  const sets = parseSetAssignments(options.set);
  const interviewing = context.interactive && !options.yes;
  const getPrompts = createPromptsSource(context);
  const pack = await choosePack(folder, chooseTemplateName(templateArgument, file, folder), context, interviewing ? getPrompts : undefined);

  // A pack whose templates do not compile is refused before anything is asked, not after a whole interview; so is
  // one whose own text a PDF cannot print, when a PDF is to be made (the interview offers PDF first).
  compilePacks([pack], display, {
    checkNames: options.templates !== undefined,
    unprintable: options.templates !== undefined && expandFormat(options.format).includes('pdf') ? printablePackTextCheck() : undefined,
  });

  const input = mergeAnswerSources(pack.manifest, file, sets);
  let result = validateAnswers(pack.manifest, input);
  /** The interview's own answers, without the defaults validation fills in; kept to go back to its review. */
  let interviewDraft: PlainObject | undefined;
  if (!result.ok && interviewing) {
    interviewDraft = await interviewForAnswers(pack, input, options, context, getPrompts);
    result = validateAnswers(pack.manifest, interviewDraft);
  }
  const interviewed = interviewDraft !== undefined;
  if (!result.ok) {
    throw describeMissingAnswers(pack, locateAnswerProblems(pack.manifest, result.problems, file, sets), {
      fromFile: file !== undefined,
      heldBackByYes: context.interactive && options.yes,
      heldBackByRedirect: context.outputRedirected === true && !options.yes,
    });
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
 * The interview, asking what the answers given (`input`, from the file and --set) lack. Ctrl-C at its review, where every answer was valid, or before it,
 * with what was answered so far: not lost when --save-answers names where to keep them, and said how to keep
 * them next time when it does not.
 */
async function interviewForAnswers(pack: Pack, input: unknown, options: NewOptions, context: CommandContext, getPrompts: PromptsSource): Promise<PlainObject> {
  const { runInterview } = await import('../../interview/run-interview.js');
  const progress: InterviewProgress = {};
  try {
    // Like node-plop: the interview yields a plain answers object, judged by the same validation as a file.
    return await runInterview(pack, input, await getPrompts(), progress);
  } catch (error) {
    if (!(error instanceof InterruptedError)) throw error;
    const reviewed = progress.reviewed ? validateAnswers(pack.manifest, progress.reviewed) : undefined;
    const kept = reviewed?.ok ? reviewed.answers : progress.answeredSoFar;
    if (kept === undefined) throw error;
    if (options.saveAnswers === undefined) throw new InterruptedError(error.message, 'To keep typed answers when the agreement is not written, give --save-answers FILE.');
    throw await stopKeepingReviewedAnswers(pack, kept, options, context, getPrompts, error, { unfinished: reviewed?.ok !== true });
  }
}

/** Paths no agreement or answers can be written to or read from, refused before anything is loaded. */
function refuseUnusablePaths(options: NewOptions, cwd: string): void {
  refuseStandardStream('--out', options.out, { direction: 'output', names: 'a file or folder' });
  refuseStandardStream('--save-answers', options.saveAnswers, { direction: 'output', names: 'a file' });
  refuseStandardStream('--answers', options.answers, { direction: 'input', names: 'a file' });
  // Read as a folder by every other path option, a trailing slash here would otherwise write a file of that name.
  if (options.saveAnswers !== undefined && namesFolder(options.saveAnswers)) {
    throw new UsageError(
      `--save-answers ${options.saveAnswers} names a folder, not a file`,
      `Give the file to save the answers in, e.g. --save-answers ${options.saveAnswers}answers.yaml.`,
    );
  }
  if (options.out !== undefined) refuseOtherExtension(options.out, cwd);
}

/** The interview's prompts, made on first use, so scripted runs never load the prompt library. */
function createPromptsSource({ reporter }: CommandContext): PromptsSource {
  let prompts: InterviewPrompts | undefined;
  return async () => {
    if (prompts) return prompts;
    const { createInquirerPrompts, wrapLines } = await import('../../interview/inquirer-prompts.js');
    const created = createInquirerPrompts();
    // What the command says between questions (a place that cannot be written, then "Wrote…") is wrapped as the questions are.
    reporter.fitText((text) => wrapLines(text, created.width));
    prompts = created;
    return prompts;
  };
}

/**
 * The pack to write with: the one named (on the command line or in the
 * answers file), or, on a terminal, the one chosen from a list. A broken pack
 * in the folder is said once, unless it is the one asked for, which is
 * refused with its problems (findUsablePack).
 *
 * Named by nothing, where the other packs are broken and one is left: on a
 * terminal that one is used, and said by name, as the person reading can stop
 * there; a script, which cannot be told, is asked to name it, as a batch entry
 * is, since the broken one may be the one meant.
 */
async function choosePack(folder: PackFolder, templateName: string | undefined, { reporter }: CommandContext, getPrompts: PromptsSource | undefined): Promise<Pack> {
  const pack = templateName === undefined ? undefined : findUsablePack(folder, templateName);
  const warning = describeBrokenPacks(folder);
  // The prompts first on a terminal, which wrap what is said to it as they wrap the questions.
  if (warning && getPrompts) await getPrompts();
  if (warning) reporter.warn(warning);
  if (pack) return pack;
  const onlyUsable = folder.broken.length > 0 && folder.packs.length === 1 ? folder.packs[0] : undefined;
  if (getPrompts) {
    if (onlyUsable) reporter.info(`Going on with the one template that can be used: ${onlyUsable.manifest.title} (${onlyUsable.manifest.name}).`);
    return (await import('../../interview/run-interview.js')).chooseTemplate(folder.packs, await getPrompts());
  }
  if (onlyUsable) {
    const { name } = onlyUsable.manifest;
    const brokenFolders = folder.broken.map((broken) => broken.folder).join(', ');
    throw new UsageError(
      `Which template? "${name}" is the only one that can be used, but ${brokenFolders}, which cannot, may be the one meant`,
      `Name it (\`supervise new ${name}\`, or \`template: ${name}\` in the answers file), or mend ${brokenFolders} first.`,
    );
  }
  throw new UsageError(
    'Which template? Name one, e.g. `supervise new one-to-one`, or put `template:` in the answers file',
    `Templates: ${folder.packs.map((candidate) => candidate.manifest.name).join(', ')}.`,
  );
}

/** Answers still missing or invalid once every source was heard, and where to give them. */
function describeMissingAnswers(
  pack: Pack,
  problems: Problem[],
  { fromFile, heldBackByYes, heldBackByRedirect }: { fromFile: boolean; heldBackByYes: boolean; heldBackByRedirect: boolean },
): ValidationError {
  return new ValidationError(
    `${formatCount(problems.length)} answer${problems.length === 1 ? ' is' : 's are'} missing or invalid for the "${pack.manifest.name}" template`,
    problems,
    `Nothing was written. ${fromFile ? 'Add them to the answers file' : 'Give them in an answers file (--answers FILE)'} or pass --set KEY=VALUE` +
      // On a terminal, --yes is what kept them from being asked.
      `${heldBackByYes ? ', or leave out --yes to be asked for them' : ''}` +
      // At a terminal with the output sent elsewhere, the questions would be drawn where no one sees them.
      `${heldBackByRedirect ? ', or run it with its output not redirected or piped (no > or |) to be asked for them' : ''}` +
      ` (\`supervise templates show ${pack.manifest.name}\` lists every field).`,
  );
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

/**
 * `--out tom.txt` or `--out agreement.docx` is most likely a file name in the
 * wrong format, not a wish for a folder of that name, which is what any name
 * that is neither `.pdf` nor `.md` would otherwise become (the interview
 * refuses the same names). A folder that exists, or one written with a
 * slash at the end, is still a folder whatever its name.
 */
function refuseOtherExtension(out: string, cwd: string): void {
  const extension = extname(out);
  if (extension === '' || namesFolder(out) || formatNamedBy(out) !== undefined) return;
  try {
    if (statSync(resolve(cwd, out), { throwIfNoEntry: false })?.isDirectory() === true) return;
  } catch {
    // Not to be looked at (a part of the path is a file, say): the write says why, as for any --out.
    return;
  }
  throw new UsageError(
    `--out ${out} ends in ${extension}, so it is neither a PDF (.pdf) nor a Markdown (.md) file`,
    `Give a file name ending in .pdf or .md, or a folder to write into; for a new folder named so, end it with / (--out ${out}/).`,
  );
}

/**
 * A roster given as the answers of one agreement (`supervise new -a roster.yaml`) would be told of every field
 * missing, with `agreements:` "not a field" somewhere among them: the command it is for is said instead.
 */
function refuseRoster(file: YamlSource): void {
  if (!isPlainObject(file.value) || !Array.isArray(file.value.agreements) || 'template' in file.value) return;
  throw new UsageError(
    `${file.file} is a roster (a list of agreements under \`agreements:\`), not the answers for one agreement`,
    `Write every agreement in it with \`supervise batch ${quoteForShell(file.file)}\`; --answers takes the answers of a single agreement.`,
  );
}

/**
 * A file of a list or a line of text (the wrong file, or notes) holds no answers at all: said as that, before a
 * template is chosen, rather than as "Which template?" or as one answer missing.
 */
function refuseWhatIsNotAnswers(file: YamlSource, templateArgument: string | undefined): void {
  const { value } = file;
  if (value == null || isPlainObject(value)) return;
  const kind = Array.isArray(value) ? 'a list' : typeof value === 'string' ? 'a line of text' : typeof value === 'number' ? 'a number' : 'a single value';
  throw new ValidationError(
    `The answers file ${file.file} does not hold answers`,
    [{ path: '', location: file.locate([]), message: `is ${kind}, where answers are written one to a line, each field's key and its answer (agency: Northshire County Council)` }],
    `Nothing was written. Check that it is the file you meant (\`supervise templates show ${templateArgument ?? 'NAME'}\` lists every field).`,
  );
}

function chooseTemplateName(argument: string | undefined, file: YamlSource | undefined, folder: PackFolder): string | undefined {
  const { packs } = folder;
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
  if (typeof fromFile === 'string' && fromFile !== '') {
    refuseUnknownTemplate(fromFile, file!, folder);
    return fromFile;
  }
  // The one pack of a folder needs no naming; not the one pack left of several, as the one meant may be broken.
  if (packs.length === 1 && folder.broken.length === 0) return packs[0]!.manifest.name;
  return undefined;
}

/**
 * A template the answers file names that no pack answers to is said at its line, as any other answer of the file
 * is: "there is no template called …" alone would leave the reader looking for where the name was given. A name a
 * broken pack answers to is left to findUsablePack, which says what is wrong with that pack.
 */
function refuseUnknownTemplate(name: string, file: YamlSource, folder: PackFolder): void {
  if (folder.packs.some((pack) => pack.manifest.name === name) || folder.broken.some((pack) => pack.names.includes(name))) return;
  const { reason, hint } = describeUnknownTemplate(folder.packs, name);
  throw new ValidationError(`The answers file ${file.file} names a template that does not exist`, [{ path: 'template', location: file.locate(['template']), message: reason }], hint);
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
