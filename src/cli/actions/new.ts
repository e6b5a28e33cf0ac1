import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { expandFormat, deriveFileStem, planAgreementPaths, renderAgreement, resolveCreationDate } from '../../agreement/render-agreement.js';
import { locateAnswerProblems, mergeAnswerSources, parseSetAssignments } from '../../answers/answer-sources.js';
import { SuperviseError, UsageError, ValidationError } from '../../errors.js';
import { readYamlFile } from '../../io/read-input.js';
import { findExistingPaths, writeFilesAtomic, type OutputFile } from '../../io/write-files.js';
import type { YamlSource } from '../../io/yaml-source.js';
import { findPack, loadUsablePacks } from '../../packs/load-packs.js';
import { isPlainObject, setOwn } from '../../packs/object-paths.js';
import type { Pack } from '../../packs/pack-format.js';
import { validateAnswers, type Answers } from '../../packs/validate-answers.js';
import type { NewOptions } from '../commands/new.js';
import type { CommandContext } from '../context.js';

/** `supervise new`: answers from a file, --set and (on a terminal) prompts, to one agreement. */
export async function runNew(templateArgument: string | undefined, options: NewOptions, context: CommandContext): Promise<void> {
  const { reporter } = context;
  const packs = await loadUsablePacks(options.templates && resolve(context.cwd, options.templates));
  const file = options.answers ? await readYamlFile(resolve(context.cwd, options.answers), 'answers file') : undefined;
  if (file && file.value == null) reporter.warn(`The answers file ${file.file} is empty.`);
  const sets = parseSetAssignments(options.set);
  const pack = findPack(packs, chooseTemplateName(templateArgument, file, packs));

  const input = mergeAnswerSources(pack.manifest, file, sets);
  const result = validateAnswers(pack.manifest, input);
  if (!result.ok) {
    const problems = locateAnswerProblems(result.problems, file, sets);
    throw new ValidationError(
      `${problems.length} answer${problems.length === 1 ? ' is' : 's are'} missing or invalid for the "${pack.manifest.name}" template`,
      problems,
      context.interactive && !options.yes
        ? 'Fix them in the answers file or with --set KEY=VALUE.'
        : `Nothing was written. Add them to the answers file or pass --set KEY=VALUE (\`supervise templates show ${pack.manifest.name}\` lists every field).`,
    );
  }
  reporter.problems(locateAnswerProblems(result.warnings, file, sets));

  await writeAgreement(pack, result.answers, options, context);
}

function chooseTemplateName(argument: string | undefined, file: YamlSource | undefined, packs: readonly Pack[]): string {
  if (argument) return argument;
  const fromFile = isPlainObject(file?.value) ? file.value.template : undefined;
  if (typeof fromFile === 'string' && fromFile !== '') return fromFile;
  if (packs.length === 1) return packs[0]!.manifest.name;
  throw new UsageError(
    'Which template? Name one, e.g. `supervise new one-to-one`, or put `template:` in the answers file',
    `Templates: ${packs.map((pack) => pack.manifest.name).join(', ')}.`,
  );
}

async function writeAgreement(pack: Pack, answers: Answers, options: NewOptions, context: CommandContext): Promise<void> {
  const formats = expandFormat(options.format);
  const paths = planAgreementPaths(resolve(context.cwd, options.out), deriveFileStem(pack, answers), formats);
  const saveAnswersPath = options.saveAnswers ? resolve(context.cwd, options.saveAnswers) : undefined;
  const targets = [...paths.values(), ...(saveAnswersPath ? [saveAnswersPath] : [])];

  // Refuse before rendering anything, so a clash costs nothing and writes nothing.
  if (!options.force) {
    const existing = await findExistingPaths(targets);
    if (existing.length > 0) {
      throw new SuperviseError(`Not overwriting ${existing.length === 1 ? 'an existing file' : 'existing files'}: ${existing.join(', ')}`, {
        hint: 'Use --force to replace, or choose another place with --out.',
      });
    }
  }

  const rendered = await renderAgreement(pack, answers, {
    formats,
    paper: options.paper,
    formFields: options.formFields,
    creationDate: resolveCreationDate(context.env.SOURCE_DATE_EPOCH),
  });
  const files: OutputFile[] = rendered.map((file) => ({ path: paths.get(file.format)!, content: file.content }));
  if (saveAnswersPath) files.push({ path: saveAnswersPath, content: serialiseAnswers(pack, answers) });

  const written = await writeFilesAtomic(files, { overwrite: options.force });
  for (const path of written) context.reporter.success(`Wrote ${path}`);
}

/** Validated answers as a YAML file that `--answers` reads back unchanged. */
export function serialiseAnswers(pack: Pack, answers: Answers): string {
  const withTemplate: Record<string, unknown> = {};
  setOwn(withTemplate, 'template', pack.manifest.name);
  for (const [key, value] of Object.entries(answers)) if (key !== 'template') setOwn(withTemplate, key, value);
  return `# Answers for the "${pack.manifest.name}" template (${pack.manifest.title}).\n# Reuse with: supervise new --answers THIS_FILE\n${stringify(withTemplate, { lineWidth: 100 })}`;
}
