import { relative } from 'node:path';
import type { FormatOption } from '../render/render-agreement.js';
import { formatNamedBy } from '../render/file-names.js';
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
 * folder. A name that ends in the other format's extension is refused, since
 * it would quietly be written under a different name.
 */
export async function askOutPath(
  prompts: InterviewPrompts,
  options: { cwd: string; suggested: string; format: FormatOption },
): Promise<string> {
  const shown = relative(options.cwd, options.suggested) || '.';
  const text = await prompts.input({
    message: 'Save it as',
    help: 'A file name, or a folder to put it in.',
    default: shown,
    validate: (typed) => {
      const trimmed = typed.trim();
      if (trimmed === '') return 'type a file name or a folder';
      const named = formatNamedBy(trimmed);
      if (named !== undefined && options.format !== 'both' && named !== options.format) {
        return `ends in .${named}, but the format is ${options.format === 'pdf' ? 'PDF' : 'Markdown'}: end it in .${options.format}`;
      }
      return undefined;
    },
  });
  return text.trim();
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
    default: relative(options.cwd, options.suggested),
    validate: (typed) => (typed.trim() === '' ? 'type a file name' : undefined),
  });
  return text.trim();
}

export type RenderFailureChoice = 'answers' | 'format' | 'stop';

/** After a failed render: change an answer (after an interview), try another format, or stop with nothing written. */
export async function askAfterRenderFailure(prompts: InterviewPrompts, options: { canChangeAnswers: boolean }): Promise<RenderFailureChoice> {
  return prompts.select<RenderFailureChoice>({
    message: 'Nothing was written. What now?',
    choices: [
      ...(options.canChangeAnswers ? [{ value: 'answers' as const, name: 'Change an answer' }] : []),
      { value: 'format', name: 'Choose another format' },
      { value: 'stop', name: 'Stop (your answers are not kept)' },
    ],
  });
}
