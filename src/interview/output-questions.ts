import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { Problem } from '../errors.js';
import type { PackManifest } from '../packs/pack-format.js';
import type { FormatOption } from '../render/render-agreement.js';
import { formatNamedBy, namesFolder } from '../render/file-names.js';
import { describeWarning, fitChoice, wrapLine } from './describe-answers.js';
import type { InterviewPrompts } from './prompts.js';

/** The last questions of an interview: which format, where to, and whether to replace a file. */

export async function askFormat(prompts: InterviewPrompts, current: FormatOption): Promise<FormatOption> {
  return prompts.select<FormatOption>({
    message: 'Which format?',
    choices: [
      { value: 'pdf', name: 'PDF, ready to print and sign' },
      { value: 'md', name: 'Markdown, to edit or convert' },
      { value: 'both', name: 'Both' },
    ],
    default: current,
  });
}

/**
 * Asks where to write, suggesting the derived file name in the current
 * folder. What is typed is read as a shell would read it (see readTypedPath).
 * A name that ends in the other format's extension is refused, since it would
 * quietly be written under a different name; so is one that is neither a file
 * of the format nor a folder that exists or ends in a slash (`notes.txt`,
 * `tom-agreement`), since that would quietly become a new folder.
 */
export async function askOutPath(
  prompts: InterviewPrompts,
  options: { cwd: string; suggested: string; format: FormatOption },
): Promise<string> {
  const extensions = options.format === 'both' ? '.pdf or .md' : `.${options.format}`;
  const text = await prompts.input({
    message: 'Save it as',
    help: `A file name ending in ${extensions}, or a folder to put it in (end a new one with /).`,
    default: showPath(options.cwd, options.suggested),
    validate: (typed) => {
      const path = readTypedPath(typed);
      if (path === '') return 'type a file name or a folder';
      const named = formatNamedBy(path);
      if (named !== undefined && options.format !== 'both' && named !== options.format) {
        return `ends in .${named}, but the format is ${options.format === 'pdf' ? 'PDF' : 'Markdown'}: end it in .${options.format}`;
      }
      if (named === undefined && !namesFolder(path) && !isFolder(resolve(options.cwd, path))) {
        const extension = extname(path);
        const what = extension ? `ends in ${extension}` : 'is not a folder here';
        return `${what}: end it in ${extensions} for a file, or in / for a folder`;
      }
      return undefined;
    },
  });
  return readTypedPath(text);
}

/**
 * A path as typed at a prompt, read as a shell would have read it on the
 * command line: the quotes a terminal adds around a file dragged into it are
 * taken off, and `~` is the home folder, not a folder called "~".
 */
export function readTypedPath(typed: string): string {
  let path = typed.trim();
  const quoted = /^(['"])(.*)\1$/.exec(path);
  if (quoted) path = quoted[2]!;
  if (path === '~' || path.startsWith('~/')) path = join(homedir(), path.slice(1));
  return path;
}

/** A suggested path as it is offered: relative to the current folder, unless that climbs further than its parent. */
function showPath(cwd: string, path: string): string {
  const shown = relative(cwd, path) || '.';
  return shown.startsWith(`..${sep}..`) ? path : shown;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function confirmOverwrite(prompts: InterviewPrompts, existing: readonly string[]): Promise<boolean> {
  const what = existing.length === 1 ? `${existing[0]} already exists` : `These files already exist: ${existing.join(', ')}`;
  return prompts.confirm({ message: `${what}. Replace ${existing.length === 1 ? 'it' : 'them'}?`, default: false });
}

/** Asks for another name for the answers file (`--save-answers`), when the one given cannot be used. */
export async function askAnswersPath(prompts: InterviewPrompts, options: { cwd: string; suggested: string }): Promise<string> {
  const text = await prompts.input({
    message: 'Save the answers as',
    help: 'A YAML file, to reuse with --answers.',
    default: showPath(options.cwd, options.suggested),
    validate: (typed) => {
      const path = readTypedPath(typed);
      if (path === '') return 'type a file name';
      // Not a file named after the folder, nor a failure to write over one: the name of a file in it is asked.
      if (namesFolder(path) || isFolder(resolve(options.cwd, path))) return `is a folder: name a file in it, e.g. ${join(path, 'answers.yaml')}`;
      return undefined;
    },
  });
  return readTypedPath(text);
}

/**
 * Answers the PDF cannot print, before asking what now: each named by its
 * question, as the review names them, and wrapped to the terminal under its
 * text; with what can be done at the question that follows. Wrapped in the
 * terminal's columns, not in characters: the characters refused are often
 * ones that take two ("李").
 */
export function sayUnprintable(prompts: InterviewPrompts, manifest: PackManifest, problems: readonly Problem[]): void {
  // As the review's warnings are: under their text, not under the "!".
  const lines = problems.flatMap((problem) => wrapLine(`  ! ${describeWarning(manifest, problem)}`, prompts.width, '    '));
  prompts.say(
    `${problems.length === 1 ? 'This answer' : 'These answers'} cannot be printed in a PDF:\n${lines.join('\n')}\n` +
      'Change the answer, or choose another format (Markdown takes any text), at the question below.',
  );
}

export type RenderFailureChoice = 'answers' | 'format' | 'keep' | 'stop';

/**
 * After a failed render: change an answer (after an interview), try another format, or stop with no agreement
 * written. Stopping keeps the answers in the --save-answers file (`keptIn`); without one, they can be kept in a
 * file named now, so a whole interview is not lost to an agreement that cannot be written.
 */
export async function askAfterRenderFailure(
  prompts: InterviewPrompts,
  options: { canChangeAnswers: boolean; keptIn: string | undefined },
): Promise<RenderFailureChoice> {
  return prompts.select<RenderFailureChoice>({
    message: 'Nothing was written. What now?',
    choices: [
      ...(options.canChangeAnswers ? [{ value: 'answers' as const, name: 'Change an answer' }] : []),
      { value: 'format', name: 'Choose another format' },
      ...(options.keptIn === undefined
        ? [
            { value: 'keep' as const, name: 'Save the answers to a file, then stop' },
            { value: 'stop' as const, name: 'Stop (your answers are not kept)' },
          ]
        : // On one row however long the path: the message that follows names it in full.
          [{ value: 'stop' as const, name: fitChoice(`Stop, saving the answers in ${options.keptIn}`, prompts.width) }]),
    ],
  });
}
