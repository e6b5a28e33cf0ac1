import { extname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { expandFormat, type FormatOption, type OutputFormat, renderAgreement, resolveCreationDate } from '../../render/render-agreement.js';
import { deriveFileStem, formatNamedBy, planAgreementPaths } from '../../render/file-names.js';
import { locateAnswerProblems, mergeAnswerSources, parseSetAssignments } from '../../packs/answer-sources.js';
import { InterruptedError, isSuperviseError, SuperviseError, UsageError, ValidationError } from '../../errors.js';
import type { InterviewPrompts } from '../../interview/prompts.js';
import { readYamlFile } from '../../io/read-input.js';
import { findExistingPaths, writeFilesAtomic, type OutputFile } from '../../io/write-files.js';
import type { YamlSource } from '../../io/yaml-source.js';
import { findPack, loadUsablePacks } from '../../packs/load-packs.js';
import { isPlainObject, setOwn } from '../../packs/object-paths.js';
import type { Pack } from '../../packs/pack-format.js';
import { validateAnswers, type Answers } from '../../packs/validate-answers.js';
import { findUnprintableAnswers, findUnprintableCharacters, loadPrintableCharacters } from '../../render/printable-characters.js';
import type { NewOptions } from '../commands/new.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';

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
    // Loaded only now, so scripted runs never load the prompt library.
    prompts ??= (await import('../../interview/inquirer-prompts.js')).createInquirerPrompts();
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

  const input = mergeAnswerSources(pack.manifest, file, sets);
  let result = validateAnswers(pack.manifest, input);
  let interviewed = false;
  if (!result.ok && interviewing) {
    const { runInterview } = await import('../../interview/run-interview.js');
    // Like node-plop: the interview yields a plain answers object, judged by the same validation as a file.
    result = validateAnswers(pack.manifest, await runInterview(pack, input, await getPrompts()));
    interviewed = true;
  }
  if (!result.ok) {
    const problems = locateAnswerProblems(result.problems, file, sets);
    throw new ValidationError(
      `${problems.length} answer${problems.length === 1 ? ' is' : 's are'} missing or invalid for the "${pack.manifest.name}" template`,
      problems,
      `Nothing was written. Add them to the answers file or pass --set KEY=VALUE (\`supervise templates show ${pack.manifest.name}\` lists every field).`,
    );
  }
  // Known now unless the interview is yet to ask for the format: refused with the line each answer came from.
  if (!interviewed || given.has('format')) {
    const printable = expandFormat(options.format).includes('pdf') ? loadPrintableCharacters() : undefined;
    const unprintable = printable ? findUnprintableAnswers(result.answers, (text) => findUnprintableCharacters(printable, text)) : [];
    if (unprintable.length > 0) {
      throw new ValidationError('Some answers cannot be printed in a PDF', locateAnswerProblems(unprintable, file, sets), 'Nothing was written.');
    }
  }
  // An interview showed them at its review, where they could still be acted on.
  if (!interviewed) reporter.problems(locateAnswerProblems(result.warnings, file, sets));

  await writeAgreement(pack, result.answers, options, context, {
    prompts: interviewing ? getPrompts : undefined,
    askFormat: interviewed && !given.has('format'),
    askOut: interviewed && !given.has('out'),
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
}

async function writeAgreement(pack: Pack, answers: Answers, options: NewOptions, context: CommandContext, interaction: WriteInteraction): Promise<void> {
  const questions = interaction.prompts ? await import('../../interview/output-questions.js') : undefined;
  const display = (path: string): string => displayPath(path, context.cwd);
  const stem = deriveFileStem(pack, answers);
  const saveAnswersPath = options.saveAnswers ? resolve(context.cwd, options.saveAnswers) : undefined;
  let format: FormatOption = options.format;
  let out = options.out;
  let { askFormat, askOut } = interaction;
  /** Set once the user declines to replace a file: the name suggested next is one that is free. */
  let suggestFree = false;

  for (;;) {
    if (questions && interaction.prompts && askFormat) format = await questions.askFormat(await interaction.prompts(), format);
    const formats = expandFormat(format);
    if (questions && interaction.prompts && askOut) {
      const planned = planAgreementPaths(resolve(context.cwd, out), stem, formats).get(formats[0]!)!;
      const suggested = suggestFree ? await findFreeName(planned, stem, formats, saveAnswersPath) : planned;
      out = await questions.askOutPath(await interaction.prompts(), { cwd: context.cwd, suggested, format });
    }
    const paths = planAgreementPaths(resolve(context.cwd, out), stem, formats);
    const targets = [...paths.values(), ...(saveAnswersPath ? [saveAnswersPath] : [])];

    // Check before rendering anything, so a clash costs nothing and writes nothing.
    let overwrite = options.force;
    if (!overwrite) {
      const existing = await findExistingPaths(targets);
      if (existing.length > 0) {
        if (!questions || !interaction.prompts) {
          const elsewhere = [
            ...(existing.some((path) => path !== saveAnswersPath) ? ['choose another place with --out'] : []),
            ...(saveAnswersPath !== undefined && existing.includes(saveAnswersPath) ? ['give --save-answers another file name'] : []),
          ];
          throw new SuperviseError(`Not overwriting ${existing.length === 1 ? 'an existing file' : 'existing files'}: ${existing.map(display).join(', ')}`, {
            hint: `Use --force to replace, or ${elsewhere.join(', or ')}.`,
          });
        }
        overwrite = await questions.confirmOverwrite(await interaction.prompts(), existing.map(display));
        if (!overwrite) {
          askFormat = false;
          askOut = true;
          suggestFree = true;
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
      if (!questions || !interaction.prompts || !isSuperviseError(error) || error instanceof InterruptedError) throw error;
      // After an interview, a failed render must not throw the answers away: report it and offer another format.
      context.reporter.error(error, display);
      const next = await questions.askAfterRenderFailure(await interaction.prompts());
      if (next === 'stop') throw new SuperviseError('Stopped: nothing was written.');
      askFormat = true;
      askOut = interaction.askOut;
      continue;
    }
    const files: OutputFile[] = rendered.map((file) => ({ path: paths.get(file.format)!, content: file.content }));
    if (saveAnswersPath) files.push({ path: saveAnswersPath, content: serialiseAnswers(pack, answers) });

    const written = await writeFilesAtomic(files, { overwrite });
    for (const path of written) context.reporter.success(`Wrote ${display(path)}`);
    return;
  }
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
    const targets = [...planAgreementPaths(candidate, stem, formats).values(), ...(saveAnswersPath ? [saveAnswersPath] : [])];
    const existing = await findExistingPaths(targets);
    if (existing.every((found) => found === saveAnswersPath)) return candidate;
  }
  return path;
}

/**
 * Validated answers as a YAML file that `--answers` reads back unchanged.
 * Written as YAML 1.1 would need it, so what older readers (PyYAML) take for
 * a number, a date or a yes/no is quoted: `time: "10:00"`, not `time: 10:00`
 * (600 to them). YAML 1.2 reads it the same.
 */
export function serialiseAnswers(pack: Pack, answers: Answers): string {
  const withTemplate: Record<string, unknown> = {};
  setOwn(withTemplate, 'template', pack.manifest.name);
  for (const [key, value] of Object.entries(answers)) if (key !== 'template') setOwn(withTemplate, key, value);
  return `# Answers for the "${pack.manifest.name}" template (${pack.manifest.title}).\n# Reuse with: supervise new --answers THIS_FILE\n${stringify(withTemplate, { lineWidth: 100, version: '1.1' })}`;
}
